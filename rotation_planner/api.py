"""The product's entry points, independent of the command line.

Data flows one way: read -> validate -> model -> solve -> check -> report. The CLI only
parses options and calls these functions: it imports nothing else of the package but the
words (report/labels.py, vocabulary.py). What it needs from io, check, history, sample,
replan and report is here, as thin functions that delegate.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from rotation_planner import scenarios as sc
from rotation_planner.check import CheckResult, check_plan
from rotation_planner.domain import Assignment, Instance, Plan, RunInfo, SolveResult
from rotation_planner.io.errors import Issue, RosterError, clean
from rotation_planner.model.settings import DEFAULT_SETTINGS, Progress, SolverSettings
from rotation_planner.policy import (
    RULE_IDS,
    Policy,
)
from rotation_planner.replan import KIND_WORDS, Change, compare_plans, count_changes
from rotation_planner.report import labels
from rotation_planner.rules.base import (
    COUNTY,
    Phrase,
    RuleCheck,
    Scope,
    ScopeKind,
    switched_off,
)
from rotation_planner.scenario import Scenario
from rotation_planner.scenarios import SchedulerError, process_context

if TYPE_CHECKING:
    from rotation_planner.history import SchoolHistory
    from rotation_planner.io.read import Roster
    from rotation_planner.model.relax import Relaxation
    from rotation_planner.report.compare import Variant
    from rotation_planner.report.tables import Table
    from rotation_planner.rules.base import RuleCheck

# The command line's whole vocabulary of the package: these functions and classes, and the
# types it names in its hints.
__all__ = [
    "BEST_EFFORT_RULES",
    "Assignment",
    "CheckResult",
    "Outcome",
    "OutputError",
    "Plan",
    "Policy",
    "Replanned",
    "Roster",
    "RosterError",
    "RunInfo",
    "ScenarioResult",
    "SchedulerError",
    "SolverSettings",
    "Step",
    "Table",
    "TeacherAnswer",
    "Variant",
    "best_effort_run",
    "change_kind",
    "changes_table",
    "check_output",
    "check_plan",
    "clean",
    "explain_teacher",
    "free_version",
    "manual_run_info",
    "merge_rosters",
    "plan",
    "plan_highlights",
    "plan_variant",
    "policy_table",
    "process_context",
    "read_plan",
    "read_plan_seed",
    "read_published_plan",
    "read_roster",
    "read_scenarios",
    "refuse_output",
    "replan",
    "replan_summary",
    "report_html",
    "report_inputs",
    "report_run",
    "roster_files",
    "roster_summary",
    "roster_warnings",
    "run_info",
    "run_scenarios",
    "scenario_variants",
    "school_history",
    "serve",
    "solve_scenario",
    "tool_version",
    "variant_figures",
    "violation_line",
    "with_history",
    "write_comparison",
    "write_eligibility",
    "write_plan",
    "write_report",
    "write_sample",
    "write_template",
]


class Step(str):
    """A progress message that also says what it is, so the command line can word it in
    the roster's language: ``key`` names a template of ``labels.CONSOLE`` and ``fields``
    fill it (raw: a tier's name, a solve status, figures). It is a ``str`` (the English
    message), so a progress callback that takes plain strings keeps working."""

    key: str
    fields: dict[str, object]

    def __new__(cls, message: str, key: str, /, **fields: object) -> Step:
        # A file name may hold anything, a terminal escape too: none reaches the screen.
        step = super().__new__(cls, clean(message))
        step.key = key
        step.fields = {k: clean(v) if isinstance(v, str) else v for k, v in fields.items()}
        return step

    @classmethod
    def of(cls, key: str, /, **fields: object) -> Step:
        """The step ``key`` with its English words from ``labels.CONSOLE``."""
        return cls(labels.step_text(key, "en", **fields), key, **fields)


# The progress messages of model/solve.py, which speaks plain English strings: each is
# read back into a Step here. A message that matches none passes as the key "message"
# (tests/cli/test_progress.py fails on one, so a new message gets a template).
_SOLVE_STEPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"building model"), "building_model"),
    (
        re.compile(
            r"model: (?P<teachers>\d+) eligible teachers, (?P<pairs>\d+) teacher-post pairs"
        ),
        "model_size",
    ),
    (
        re.compile(
            r"tier (?P<tier>\w+): (?P<status>\w+) value (?P<value>\S+) bound (?P<bound>\S+)"
            r"(?: \(.*\))?"  # how the tier was proven (LP, CP-SAT): not shown
        ),
        "tier_done",
    ),
    (re.compile(r"tier (?P<tier>\w+): (?P<status>\w+)(?: \(.*\))?"), "tier_failed"),
)


def _as_step(message: str) -> Step:
    """``message`` as a Step: itself when it is one, else read from model/solve.py's words."""
    if isinstance(message, Step):
        return message
    for pattern, key in _SOLVE_STEPS:
        found = pattern.fullmatch(message)
        if found:
            fields: dict[str, object] = {}
            for name, text in found.groupdict().items():
                if name in ("teachers", "pairs"):
                    fields[name] = int(text)
                elif name in ("value", "bound"):
                    fields[name] = float(text)
                elif name == "status":
                    fields[name] = text.upper()
                else:
                    fields[name] = text
            return Step(message, key, **fields)
    return Step(message, "message", text=message)


def _steps(progress: Progress | None) -> Progress | None:
    """``progress`` receiving every message as a Step."""
    if progress is None:
        return None
    return lambda message: progress(_as_step(message))


def _scope(text: str) -> Scope:
    """The scope of a diagnosis label ("county", "S001", "R1/英语", "T7")."""
    if not text or text == "county":
        return COUNTY
    return Scope(ScopeKind.SCHOOL, tuple(text.split("/")))


def tool_version() -> str:
    try:
        return version("rotation_planner")
    except PackageNotFoundError:  # running from a source tree
        return "dev"


@dataclass(frozen=True)
class Outcome:
    """A solved (or proven impossible) rotation: the solver's result, the independent
    check of its plan, and, when there is no plan, the conflicting rules in words."""

    result: SolveResult
    check: CheckResult
    conflicts: tuple[str, ...] = ()
    # When there is no plan: the smallest proven moves that restore one (model/relax.py).
    relaxations: tuple[Relaxation, ...] = ()
    # Best effort (``soft``): counting rules the plan was allowed to break.
    soft: tuple[str, ...] = ()
    # Vacancies no eligible teacher could fill, whatever the quotas, in words.
    empty_posts: tuple[str, ...] = ()

    @property
    def plan(self) -> Plan | None:
        return self.result.plan


def plan(
    instance: Instance,
    policy: Policy,
    settings: SolverSettings = DEFAULT_SETTINGS,
    *,
    lang: str = "en",
    soft: Iterable[str] = (),
    previous: Plan | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Solve the rotation and re-check the plan with the independent checker.

    When no lawful plan exists, the report names a minimal set of conflicting rules.
    ``soft`` lists counting rules that may be broken (best effort); ``previous`` is a
    published plan to change as little as possible (re-planning).
    """
    progress = _steps(progress)
    # The solver is loaded here, not on import: reading and checking never need it.
    from rotation_planner.model.diagnose import describe, explain, find_core, unfillable_posts
    from rotation_planner.model.relax import suggest
    from rotation_planner.model.solve import solve

    result = solve(instance, policy, settings, soft=soft, previous=previous, progress=progress)
    soft = tuple(soft)
    if result.plan is not None:
        if progress:
            progress(Step.of("checking"))
        return Outcome(
            result,
            check_plan(instance, policy, result.plan),
            soft=soft,
            empty_posts=tuple(unfillable_posts(instance, policy, lang)),
        )
    conflicts: list[str] = []
    rows: list[RuleCheck] = []
    found: list[Relaxation] = []
    if result.status == "INFEASIBLE":
        if progress:
            progress(Step.of("finding_conflicts"))
        core = find_core(instance, policy, time_limit=min(30.0, settings.tier_time_limit))
        core_labels = core.labels if core else ()
        conflicts = explain(core_labels, instance, policy, lang)
        for label in core_labels:
            rule_id, _, scope = label.partition(" ")
            rows.append(
                RuleCheck(rule_id, _scope(scope), Phrase.CONFLICT, "VIOLATED",
                          text=describe(label, instance, policy, lang))
            )  # fmt: skip
        if core_labels:
            if progress:
                progress(Step.of("finding_relaxations"))
            found = suggest(
                instance, policy, core_labels, time_limit=min(30.0, settings.tier_time_limit)
            )
        rows += [
            RuleCheck(r.rule_id, COUNTY, Phrase.RELAXATION, "N/A", text=r.text(lang)) for r in found
        ]
    rows += [switched_off(rid) for rid in RULE_IDS if not policy.enabled(rid)]
    return Outcome(result, CheckResult(tuple(rows)), tuple(conflicts), tuple(found), soft=soft)


def run_info(
    outcome: Outcome, *, input_name: str, input_sha256: str, settings: SolverSettings, lang: str
) -> RunInfo:
    """What the Run sheet records: enough to reproduce and audit the plan."""
    r = outcome.result
    return RunInfo(
        input_name=input_name,
        input_sha256=input_sha256,
        seed=settings.seed,
        workers=settings.workers,
        solver=r.solver,
        status=r.status,
        tiers=r.tiers,
        wall_s=r.wall_s,
        lang=lang,
        tool_version=tool_version(),
    )


# --- re-planning (issue 4) -----------------------------------------------------------------


@dataclass(frozen=True)
class Replanned:
    """A re-plan: the new outcome and, for every teacher in either plan, what changed."""

    outcome: Outcome
    changes: tuple[Change, ...] = ()

    @property
    def changed(self) -> int:
        return count_changes(self.changes)


def replan(
    instance: Instance,
    policy: Policy,
    previous: Plan,
    settings: SolverSettings = DEFAULT_SETTINGS,
    *,
    lang: str = "en",
    progress: Progress | None = None,
) -> Replanned:
    """Re-plan after roster edits, keeping the published plan ``previous`` as far as the
    rules allow: coverage first, then the fewest changed placements, then plan quality.
    Rows with ``locked_to`` stay fixed. When no lawful plan exists the outcome carries
    the diagnosis, as ``plan`` does."""
    outcome = plan(instance, policy, settings, lang=lang, previous=previous, progress=progress)
    if outcome.plan is None:
        return Replanned(outcome)
    return Replanned(outcome, tuple(compare_plans(instance, policy, previous, outcome.plan)))


# --- best effort (issue 4) -----------------------------------------------------------------

# Counting rules that best effort may break; eligibility and post rules are structural.
BEST_EFFORT_RULES: tuple[str, ...] = ("Q1", "Q2", "Q3", "Q4", "P3", "M1")


def best_effort_run(run: RunInfo, soft: Iterable[str]) -> RunInfo:
    """The Run sheet's record of a best-effort solve: its status says so."""
    return dataclasses.replace(run, status=f"{run.status} (best effort: {', '.join(soft)})")


# --- what-if scenarios and comparisons (issue 4) -----------------------------------------


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario's outcome. ``error`` is set (and ``outcome`` is a no-plan outcome)
    when the solve itself failed; an infeasible policy is not an error, its conflicts are
    in ``outcome.conflicts``."""

    index: int
    scenario: Scenario
    instance: Instance
    policy: Policy
    outcome: Outcome
    error: str = ""
    worker: str = field(default="", compare=False)
    # Solved as a re-plan of the baseline (a scenario that edits the roster).
    replanned: bool = False

    @property
    def status(self) -> str:
        return "ERROR" if self.error else self.outcome.result.status


def solve_scenario(task: sc.ScenarioTask) -> ScenarioResult:
    """Solve one scenario: the task function of every execution path. Never raises: a
    failure comes back as a result with ``error`` set, so the other scenarios still run."""
    try:
        outcome = plan(
            task.instance, task.policy, task.settings, lang=task.lang, previous=task.previous
        )
        error = ""
    except Exception as exc:  # reported per scenario; the others continue
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" at {last[0].name}" if last else ""
        error = f"{type(exc).__name__}{where}"
        outcome = Outcome(SolveResult("ERROR", None), CheckResult(()))
    return ScenarioResult(
        task.index,
        task.scenario,
        task.instance,
        task.policy,
        outcome,
        error,
        worker=f"pid {os.getpid()}",
        replanned=task.previous is not None,
    )


def run_scenarios(
    instance: Instance,
    policy: Policy,
    scenarios: Iterable[Scenario],
    settings: SolverSettings = DEFAULT_SETTINGS,
    *,
    lang: str = "en",
    jobs: int | None = None,
    scheduler: str | None = None,
    on_done: Callable[[ScenarioResult], None] | None = None,
) -> list[ScenarioResult]:
    """Solve the baseline (first) and every scenario; results in that order.

    The baseline is solved first. A scenario that edits the roster (an exempt teacher,
    a new or closed post) is then solved as a re-plan of the baseline's plan: coverage
    first, then the fewest changed placements, as ``replan`` does for the same edit,
    which is the question a bureau asks of it. A scenario that only changes the policy
    is a fresh solve. Local processes by default (``jobs``, default one per core;
    ``jobs=1`` solves here, one after the other), or a Dask distributed cluster when
    ``scheduler`` is its address. Each solve uses one CP-SAT worker and
    ``settings.seed``. An infeasible scenario comes back with its conflicts; it does not
    stop the others.
    """
    tasks = sc.scenario_tasks(instance, policy, scenarios, settings, lang)
    first = sc.run_tasks(tasks[:1], solve_scenario, jobs=1, scheduler=scheduler, on_done=on_done)
    base = first[0].outcome.plan if first else None
    rest = [
        dataclasses.replace(t, previous=base) if base is not None and t.scenario.edits else t
        for t in tasks[1:]
    ]
    more = sc.run_tasks(rest, solve_scenario, jobs=jobs, scheduler=scheduler, on_done=on_done)
    return first + more


def scenario_variants(results: Iterable[ScenarioResult], lang: str) -> list[Variant]:
    """Scenario results as the comparison's variants (the baseline first)."""
    from rotation_planner.report.compare import Variant

    return [
        Variant(
            name=r.scenario.name,
            instance=r.instance,
            policy=r.policy,
            plan=r.outcome.plan,
            check=r.outcome.check,
            status=r.status,
            conflicts=r.outcome.conflicts or ((r.error,) if r.error else ()),
            relaxations=tuple(x.text(lang) for x in r.outcome.relaxations),
            description=r.scenario.description,
            changes=r.scenario.describe(lang),
            wall_s=r.outcome.result.wall_s,
            solved_as="" if i == 0 else ("replan" if r.replanned else "fresh"),
        )
        for i, r in enumerate(results)
    ]


def plan_variant(name: str, instance: Instance, policy: Policy, plan: Plan) -> Variant:
    """A plan read from a workbook as a comparison variant, checked against the roster."""
    from rotation_planner.report.compare import Variant

    check = check_plan(instance, policy, plan)
    return Variant(name, instance, policy, plan, check, "OK" if check.ok else "VIOLATED")


# --- reading the inputs --------------------------------------------------------------------


def read_roster(
    path: Path, policy_file: Path | None = None, *, progress: Progress | None = None
) -> Roster:
    """Read and validate the roster workbook, with the overrides of a policy TOML file on
    top of its Policy sheet (what the user names on the command line wins).

    Raises RosterError listing every problem at its cell, in the roster's language; a bad
    policy file's problems (a syntax error, an unknown key, a bad value) are listed with
    the roster's own, each at its line of the file.
    """
    from rotation_planner.io.policy_file import read_policy_file
    from rotation_planner.io.read import read_roster as read

    path = Path(path)
    overrides: dict[str, object] = {}
    problems: list[Issue] = []
    if policy_file is not None:
        try:
            overrides = read_policy_file(Path(policy_file))
        except RosterError as exc:
            problems = list(exc.issues)
    if progress:
        progress(Step.of("reading", file=path.name))
    if problems:  # the roster is read too: for its language, and its own problems
        try:
            lang = read(path).lang
        except RosterError as exc:
            raise RosterError([*problems, *exc.issues], exc.lang) from None
        raise RosterError(problems, lang)
    return read(path, Policy(), overrides)


def with_history(
    roster: Roster, history: Iterable[Path | str], *, progress: Progress | None = None
) -> Roster:
    """The roster with the rotators of earlier plans marked as rotated in those plans'
    years (E5). Each item is a plan workbook, ``PATH:YEAR`` or just ``PATH`` (the year from
    its Run sheet or its file name). Each plan must be this roster's (its recorded input
    hash, or its teachers) and its year plausible (not before 2000, not after the roster's
    plan year): RosterError otherwise, in the roster's language, every item's problems at
    once.
    """
    from rotation_planner.history import apply_history
    from rotation_planner.io.plan_read import read_history

    items = list(history)
    if progress:
        for item in items:
            progress(Step.of("reading_history", file=Path(str(item)).name))
    past = read_history(items, roster)
    if not past:
        return roster
    return dataclasses.replace(roster, instance=apply_history(roster.instance, past))


def read_plan(path: Path, instance: Instance | None = None, lang: str | None = None) -> Plan:
    """The plan in a plan workbook's Assignments sheet (ours, or made by hand). With
    ``instance``, teachers and schools are checked against the roster (RosterError, in
    ``lang``: the roster's language; without one, the plan's own)."""
    from rotation_planner.io.plan_read import read_plan as read

    return read(Path(path), instance, lang)


def read_published_plan(path: Path, roster: Roster | Instance) -> Plan:
    """The published plan to keep when re-planning, checked to belong to this roster (the
    input hash its Run sheet records, or most of its teachers on the roster). Teachers
    who have left the roster since are kept (a re-plan reports them as dropped); schools
    given by name are resolved from the roster. RosterError, in the roster's language,
    when it cannot be read or is another roster's plan. (Given a bare Instance, only the
    reading is checked.)"""
    from rotation_planner.io.plan_read import read_previous

    if not isinstance(roster, Instance):
        return read_previous(Path(path), roster)
    try:
        published = read_plan(path)
        if all(a.to_school_id in roster.school_by_id for a in published.assignments):
            return published
    except RosterError:
        pass
    return read_plan(path, roster)


def read_scenarios(roster: Roster, scenario_file: Path | None = None) -> tuple[Scenario, ...]:
    """The what-if scenarios of a TOML file or a workbook's Scenarios sheet (default: the
    roster's own), checked against the roster. RosterError at the cell, or when none."""
    from rotation_planner.io.scenario_read import read_scenarios as read

    return read(roster.path, roster.instance, roster.policy, scenario_file, roster.lang)


# --- writing the outputs -------------------------------------------------------------------


class OutputError(Exception):
    """An output workbook was not written. ``reason``: ``is_input`` (the path is an input
    file, or a copy of the roster), ``no_folder``, ``no_permission``, ``is_folder``, or
    ``unwritable`` (another OSError, named in ``error``). Nothing was changed."""

    def __init__(self, path: Path, reason: str, error: str = "") -> None:
        super().__init__(f"{Path(path).name}: {reason} {error}".strip())
        self.path = Path(path)
        self.reason = reason
        self.error = error


_OS_REASONS = {
    errno.ENOENT: "no_folder",
    errno.EACCES: "no_permission",
    errno.EPERM: "no_permission",
    errno.EISDIR: "is_folder",
}


def _output_error(path: Path, exc: Exception) -> OutputError:
    if isinstance(exc, OSError):
        reason = _OS_REASONS.get(exc.errno or 0, "unwritable")
        return OutputError(path, reason, type(exc).__name__)
    return OutputError(path, "is_input")


def refuse_output(target: Path, inputs: Iterable[Path]) -> None:
    """OutputError (``is_input``) when ``target`` is one of ``inputs``: checked before a
    long solve, so it is refused at once."""
    from rotation_planner.io.compare_write import refuse_inputs

    try:
        refuse_inputs(Path(target), inputs)
    except ValueError as exc:
        raise _output_error(target, exc) from None


def check_output(target: Path, inputs: Iterable[Path], roster: Roster) -> None:
    """RosterError, in the roster's language, unless a workbook can be saved at ``target``:
    its folder exists and can be written in, it is no folder or device, and it is none of
    ``inputs`` nor a copy of the roster. Called before solving, so that a solve of minutes
    never ends in "cannot write". Nothing is left behind."""
    from rotation_planner.io.atomic import check_output as check

    check(Path(target), [Path(p) for p in inputs], roster.lang, roster.sha256)


def write_plan(
    target: Path,
    roster: Roster,
    plan: Plan | None,
    check: CheckResult,
    run: RunInfo,
    lang: str,
    *,
    inputs: Iterable[Path],
    extra_tables: Iterable[Table] = (),
) -> None:
    """Write the plan workbook at ``target`` in ``lang``, atomically; never over an input
    file nor over a copy of the roster (OutputError, and nothing is changed)."""
    from rotation_planner.io.plan_write import write_plan_workbook

    try:
        write_plan_workbook(
            Path(target), roster.instance, roster.policy, plan, check, run, lang,
            inputs=inputs, extra_tables=extra_tables,
        )  # fmt: skip
    except (ValueError, OSError) as exc:
        raise _output_error(target, exc) from None


def write_comparison(
    target: Path, variants: Sequence[Variant], lang: str, *, inputs: Iterable[Path]
) -> None:
    """Write the comparison workbook (KPIs, scenarios, changes, each plan) atomically;
    never over an input file (OutputError, and nothing is changed)."""
    from rotation_planner.io.compare_write import write_comparison_workbook

    try:
        write_comparison_workbook(Path(target), variants, lang, inputs=inputs)
    except (ValueError, OSError) as exc:
        raise _output_error(target, exc) from None


def manual_run_info(plan_name: str, roster: Roster, lang: str) -> RunInfo:
    """The Run sheet of a plan that was checked, not solved (``planner check -o``)."""
    solver = labels.word("manual_solver", lang)
    return RunInfo(plan_name, roster.sha256, 0, 0, solver, "CHECKED",
                   lang=lang, tool_version=tool_version())  # fmt: skip


def roster_files(items: Iterable[Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """The roster files named, and each named folder's readable files, each once."""
    from rotation_planner.io.merge import roster_files as files

    return files(items, exclude)


def merge_rosters(files: Sequence[Path], target: Path, lang: str | None = None) -> Roster:
    """Merge the schools' rosters into the county roster ``target``, checking them against
    each other (the same person in two files, a teacher in another school's file, a
    school with no teachers, headers in two languages) and as one roster. RosterError
    with every problem at its file, sheet, row and column; nothing is written then. The
    roster as read back, its warnings cited at the files' cells."""
    from rotation_planner.io.merge import merge_rosters as merge

    try:
        merged = merge(files, Path(target), lang)
    except OSError as exc:
        raise _output_error(target, exc) from None
    return dataclasses.replace(merged.roster, warnings=merged.warnings)


def write_template(target: Path, lang: str = "zh", school: str | None = None) -> None:
    """Write the blank roster (every sheet and column, drop-down lists, input hints, an
    instructions sheet) at ``target``; with ``school``, that school's copy, its code
    filled in and locked. OutputError when it cannot be written (nothing is changed)."""
    from rotation_planner.io.template import write_template as write

    try:
        write(Path(target), lang, school)
    except OSError as exc:
        raise _output_error(target, exc) from None


def write_sample(path: Path, teachers: int, seed: int, lang: str = "zh") -> Instance:
    """Generate a realistic synthetic county and write it as a roster workbook."""
    from rotation_planner.sample import write_sample as write

    return write(Path(path), teachers, seed, lang=lang)


# --- what the console shows ----------------------------------------------------------------


def policy_table(lang: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Every parameter of the rulebook (``planner policy``): the headers and one row per
    parameter with its key, Chinese and English names, default, range and source."""
    from rotation_planner import rulebook

    return rulebook.headers(lang), list(rulebook.rows(lang))


def roster_warnings(roster: Roster, *, supply: bool = False) -> list[str]:
    """What was read other than as written (an old title, a subject with its school
    level, a skipped total row), each at its cell, in the roster's language; with
    ``supply``, also each subject whose posts outnumber the teachers who could fill
    them. Warnings, not problems: the roster is read and a plan can be made."""
    found = list(roster.warnings)
    if supply:
        from rotation_planner.eligibility import supply_warnings

        found += supply_warnings(roster.instance, roster.policy)
    return [w.render(roster.lang) if w.sheet else w.message(roster.lang) for w in found]


def write_eligibility(target: Path, roster: Roster, lang: str, *, inputs: Iterable[Path]) -> None:
    """Write every teacher, eligible or not, with the rules that exclude them, as a
    workbook for the schools to confirm (atomically; never over an input: OutputError)."""
    from openpyxl import Workbook

    from rotation_planner.eligibility import eligibility_table
    from rotation_planner.io.atomic import save_atomically
    from rotation_planner.io.compare_write import refuse_inputs
    from rotation_planner.io.plan_write import print_setup, write_table

    table = eligibility_table(roster.instance, roster.policy, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = table.name
    write_table(ws, table, printable=True)
    print_setup(ws, table.name, lang)
    try:
        refuse_inputs(Path(target), inputs)
        save_atomically(Path(target), wb.save)
    except (ValueError, OSError) as exc:
        raise _output_error(target, exc) from None


def roster_summary(roster: Roster, lang: str) -> str:
    """What was read, in counts only (no personal data): ``planner validate``."""
    from rotation_planner.report.summary import roster_summary as summary

    return summary(roster.instance, roster.policy, lang)


def plan_highlights(roster: Roster, outcome: Outcome, lang: str) -> list[str]:
    """What a bureau reads first after a solve: wishes granted (R4), paired schools (P5)
    and each sending school's cut-off points (R1-R3). Empty without a plan."""
    from rotation_planner.report.summary import plan_highlights as highlights

    if outcome.plan is None:
        return []
    return highlights(roster.instance, roster.policy, outcome.plan, outcome.check, lang)


def violation_line(row: RuleCheck, policy: Policy, lang: str) -> str:
    """One broken rule on one line: rule, scope, what was required and achieved, who."""
    from rotation_planner.report.rule_rows import violation_line as line

    return line(row, policy, lang)


def school_history(roster: Roster) -> list[SchoolHistory]:
    """Per sending school: eligible teachers, rotations per year, never asked."""
    from rotation_planner.history import school_history as history

    return history(roster.instance, roster.policy)


def replan_summary(changes: Iterable[Change], lang: str) -> str:
    """A re-plan's counts in one line: changes, dropped, moved, added; kept."""
    from rotation_planner.replan import summary

    return summary(list(changes), lang)


def change_kind(kind: str, lang: str) -> str:
    """kept / moved / dropped / added in ``lang`` (the Changes sheet's words)."""
    return labels.pick(KIND_WORDS[kind], lang)


def changes_table(changes: Iterable[Change], instance: Instance, lang: str) -> Table:
    """The Changes (变更) sheet of a re-plan: one row per teacher in either plan."""
    from rotation_planner.replan import changes_table as table

    return table(list(changes), instance, lang)


@dataclass(frozen=True)
class VariantFigures:
    """What the console shows of one compared plan: rotators, posts filled of the
    vacancies, and placements changed from the first plan (None without one)."""

    rotators: int | None
    filled: int | None
    vacancies: int
    changed: int | None


def variant_figures(variant: Variant, reference: Plan | None) -> VariantFigures:
    """The console's figures of ``variant``, its changes counted against ``reference``."""
    from rotation_planner.report.compare import kpis, placement_changes

    k = kpis(variant)
    changed = None
    if reference is not None and variant.plan is not None:
        changed = len(placement_changes(reference, variant.plan))
    return VariantFigures(k.rotators, k.filled, k.vacancies, changed)


# --- the web page (issue 13) ---------------------------------------------------------------

LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    token: str | None = None,
    data_dir: Path | None = None,
    open_browser: bool = True,
    preload: Iterable[Path] = (),
) -> None:
    """Run the local web page (rotation_planner/web) until Ctrl-C. Bound to an address
    other than this machine's own it requires ``token`` (ValueError without one)."""
    from rotation_planner.web.server import WebConfig
    from rotation_planner.web.server import serve as run

    if host not in LOOPBACK_HOSTS and not token:
        raise ValueError("a token is required off the loopback address")
    config = WebConfig(host=host, port=port, token=token, data_dir=data_dir,
                       preload=[Path(p) for p in preload])  # fmt: skip
    run(config, open_browser=open_browser)


# --- one teacher's question (issue 11) ------------------------------------------------


@dataclass(frozen=True)
class TeacherAnswer:
    """``planner explain``'s answer for one teacher: the data (selected or not, points,
    reasons, who holds the posts they could have had, with both lottery draws) and the
    same in lines of the output language. The web page shows the same object."""

    teacher_id: str
    on_roster: bool
    selected: bool
    lines: tuple[str, ...]
    answer: object  # report.explain.Answer


def free_version(target: Path) -> Path:
    """``target`` when no file is there yet, else the first free new version beside it:
    ``roster.plan.xlsx`` -> ``roster.plan-2.xlsx``, ``-3``... A published plan (which
    ``replan --previous`` depends on) is never replaced without ``--force``."""
    target = Path(target)
    if not target.exists():
        return target
    n = 2
    while True:
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def open_posts(roster: Roster, plan: Plan, lang: str) -> list[tuple[str, str, int, str]]:
    """The posts ``plan`` leaves open, as ``(school, subject, open places, reason)``:
    the school as ``S003 学校名``, the reason in ``lang`` (the summary sheet's)."""
    from rotation_planner.report.explain import PlanFacts
    from rotation_planner.report.summary_sheet import open_posts as posts

    facts = PlanFacts(roster.instance, roster.policy, plan)
    found = []
    for p in posts(facts, lang):
        school = roster.instance.school_by_id[p.school_id]
        found.append((f"{p.school_id} {school.name}", p.subject, p.open, p.reason))
    return found


def read_plan_seed(path: Path) -> int:
    """The lottery seed a plan workbook records in its Run sheet (0 when none)."""
    from rotation_planner.io.plan_read import read_plan_seed as read

    return read(Path(path))


def explain_teacher(
    roster: Roster, plan: Plan, teacher_id: str, lang: str, *, seed: int = 0
) -> TeacherAnswer:
    """Why was this teacher (not) chosen, and who holds the post they could have had,
    with how many points: the reasons of the plan workbook's sheets (report/explain.py),
    for one teacher, with the lottery draws of ``seed`` (the plan's, from its Run sheet:
    ``read_plan_seed``)."""
    from rotation_planner.report.explain import PlanFacts, answer, answer_lines

    facts = PlanFacts(roster.instance, roster.policy, plan, seed)
    found = answer(facts, teacher_id.strip())
    lines = tuple(answer_lines(found, facts, lang))
    return TeacherAnswer(
        found.teacher_id, found.on_roster, found.selected is not None, lines, found
    )


# --- the printable report (issue 11) --------------------------------------------------


def report_html(
    roster: Roster,
    plan: Plan | None,
    check: CheckResult,
    run: RunInfo,
    lang: str,
    *,
    county: str | None = None,
) -> str:
    """The printable report as one self-contained HTML document: the summary a director
    signs, the charts, the Constraint report and the 公示名单 (report/html.py), from
    what the plan workbook is built from. ``county`` titles it (default: the roster's
    title row, else its file name)."""
    from rotation_planner.io.plan_write import roster_county
    from rotation_planner.report.explain import PlanFacts
    from rotation_planner.report.heading import PlanHeading
    from rotation_planner.report.html import report_html as html

    facts = PlanFacts(roster.instance, roster.policy, plan, run.seed)
    name = county or roster_county([Path(roster.path)], run.input_name)
    return html(facts, check, run, PlanHeading(county=name, year=facts.year), lang)


def report_run(roster: Roster, plan_path: Path, seed: int, status: str, lang: str) -> RunInfo:
    """The run record a report of a plan read from a workbook shows: the roster's hash,
    the plan's seed and its recorded status."""
    return RunInfo(roster.path.name, roster.sha256, seed, 0, "", status, lang=lang,
                   tool_version=tool_version())  # fmt: skip


def report_inputs(plan_path: Path) -> tuple[str, int, str]:
    """What a plan workbook records of its making (roster file name, seed, status), so
    ``planner report plan.xlsx`` finds the roster beside the plan."""
    from rotation_planner.io.plan_read import read_plan_run

    return read_plan_run(Path(plan_path))


def write_report(target: Path, html: str, *, inputs: Iterable[Path]) -> None:
    """Write the report at ``target``: HTML, or PDF (``.pdf``) printed by headless
    Chromium. OutputError when ``target`` is an input, cannot be written, or (reason
    ``no_browser``) there is no Chromium to print with."""
    from rotation_planner.io.report_pdf import NoBrowser
    from rotation_planner.io.report_pdf import write_report as write

    refuse_output(target, inputs)
    try:
        write(Path(target), html)
    except NoBrowser:
        raise OutputError(Path(target), "no_browser") from None
    except RuntimeError as exc:
        raise OutputError(Path(target), "unwritable", str(exc)) from None
    except OSError as exc:
        raise _output_error(Path(target), exc) from None
