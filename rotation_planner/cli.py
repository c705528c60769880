"""``planner``: the thin command line over rotation_planner.api.

It parses options, calls ``api`` and prints; it imports nothing else of the package but
the words (report/labels.py). Every line it prints is a ``labels.CONSOLE`` template in the
roster's language (or ``--lang``); before the roster is read, in both languages.

Exit codes: 0 a lawful plan (or valid roster), 1 a plan that fails the checker,
2 bad input (every problem listed, with sheet, row and column), 3 no lawful plan exists
(proven), 4 no plan found in the time allowed, 130 interrupted (Ctrl-C): no file changed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from rotation_planner import api
from rotation_planner.report import labels

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=labels.cli_help("app"),
)

# Options shared by several commands, defined once (pip-tools style).
RosterArg = Annotated[
    Path,
    typer.Argument(help=labels.cli_help("roster")),
]
PolicyOpt = Annotated[
    Path | None,
    typer.Option("--policy", help=labels.cli_help("policy")),
]
SeedOpt = Annotated[int, typer.Option("--seed", help=labels.cli_help("seed"))]
WorkersOpt = Annotated[int, typer.Option("--workers", min=1, help=labels.cli_help("workers"))]


class Method(StrEnum):
    """How each objective tier is solved (``--method``)."""

    lp = "lp"
    cp_sat = "cp-sat"


MethodOpt = Annotated[
    Method,
    typer.Option(
        "--method",
        help=labels.cli_help("method"),
    ),
]
TimeOpt = Annotated[
    float, typer.Option("--time-limit", min=0.1, help=labels.cli_help("time_limit"))
]
LangOpt = Annotated[str | None, typer.Option("--lang", help=labels.cli_help("lang"))]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help=labels.cli_help("quiet"))]
OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help=labels.cli_help("output"))]
BestEffortOpt = Annotated[
    bool,
    typer.Option(
        "--best-effort",
        help=labels.cli_help("best_effort"),
    ),
]
HistoryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--history",
        help=labels.cli_help("history"),
    ),
]
PreviousOpt = Annotated[Path, typer.Option("--previous", help=labels.cli_help("previous"))]

ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help=labels.cli_help("force"),
    ),
]

ScenariosOpt = Annotated[
    Path | None,
    typer.Option(
        "--scenarios",
        help=labels.cli_help("scenarios"),
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help=labels.cli_help("jobs")),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option("--scheduler", help=labels.cli_help("scheduler")),
]

EXIT_VIOLATION, EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_NO_PLAN_IN_TIME = 1, 2, 3, 4
EXIT_INTERRUPTED = 130

err = Console(stderr=True, highlight=False)
# A result line is never wrapped mid-figure: a pipe or a file gets it whole.
out = Console(highlight=False, soft_wrap=True)

# The language of the command running now, once known (None before the roster is read):
# the words of the Ctrl-C message.
_shown_lang: list[str | None] = [None]


def _say(key: str, lang: str | None, /, **fields: object) -> None:
    """A result line on stdout."""
    out.print(labels.console(key, lang, **_clean(fields)), markup=False)


def _warn(key: str, lang: str | None, /, **fields: object) -> None:
    """An error line on stderr."""
    err.print(labels.console(key, lang, **_clean(fields)), markup=False)


def _clean(fields: dict[str, object]) -> dict[str, object]:
    """Text and paths without control characters (a file name may hold a terminal escape)."""
    return {k: api.clean(str(v)) if isinstance(v, str | Path) else v for k, v in fields.items()}


class _Progress:
    """Progress lines on stderr with elapsed seconds, in ``lang`` (both languages while it
    is None: before the roster is read); silent with --quiet. Receives api.Step objects
    (key and figures) and words them with ``labels.step_text``."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.t0 = time.perf_counter()
        self.lang: str | None = None
        _shown_lang[0] = None

    def use(self, lang: str) -> None:
        """From now on, speak ``lang``."""
        self.lang = lang
        _shown_lang[0] = lang

    def __call__(self, message: str) -> None:
        if self.quiet:
            return
        if isinstance(message, api.Step):
            message = labels.step_text(message.key, self.lang, **message.fields)
        err.print(f"[dim]{time.perf_counter() - self.t0:6.2f}s[/dim] {escape(message)}")

    def step(self, key: str, /, **fields: object) -> None:
        """A progress line of the command line's own."""
        self(api.Step.of(key, **fields))


def _fail_input(exc: api.RosterError) -> NoReturn:
    """Every problem of the input, in its language, on stderr; exit 2."""
    _warn("input_problems", exc.lang, n=len(exc.issues))
    err.print(str(exc), markup=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def _check_output(target: Path, inputs: list[Path], loaded: api.Roster) -> None:
    """Exit 2 before any solving when ``target`` cannot be written (a missing or read-only
    folder, a folder, a device, an input or a copy of the roster): nothing is changed."""
    try:
        api.check_output(target, inputs, loaded)
    except api.RosterError as exc:
        for issue in exc.issues:
            err.print(issue.message(exc.lang), markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _fail_output(exc: api.OutputError, lang: str | None) -> NoReturn:
    """The output was refused or could not be written; exit 2 (nothing was changed)."""
    _warn(f"output_{exc.reason}", lang, file=exc.path.name, error=exc.error)
    raise typer.Exit(EXIT_BAD_INPUT)


def _load(
    roster: Path,
    policy_file: Path | None,
    say: _Progress,
    history: list[Path] | None = None,
    requested_lang: str | None = None,
    *,
    show_warnings: bool = True,
) -> tuple[api.Roster, str]:
    """Read and validate the roster (and the policy file, and earlier plans); exit 2 on
    any problem. Returns the roster and the output language (``--lang`` or the roster's).
    Its warnings (an old title read as the new one, a skipped total row...) go to stderr
    and the command goes on."""
    try:
        loaded = api.read_roster(roster, policy_file, progress=say)
    except api.RosterError as exc:
        _fail_input(exc)
    lang = _lang(requested_lang, loaded.lang)
    say.use(lang)
    if show_warnings:
        _show_warnings(api.roster_warnings(loaded), loaded.lang, err)
    if history:
        try:
            loaded = api.with_history(loaded, history, progress=say)
        except api.RosterError as exc:
            _fail_input(exc)
    return loaded, lang


def _show_warnings(lines: list[str], lang: str, console: Console) -> None:
    """The roster's warnings under their heading, in the roster's language."""
    if lines:
        console.print(labels.console("warnings_head", lang, n=len(lines)), markup=False)
        for text in lines:
            console.print(labels.console("warning", lang, text=text), markup=False)


def _lang(requested: str | None, detected: str) -> str:
    if requested is None:
        return detected
    if requested not in labels.LANGS:
        _warn("bad_lang", detected)
        raise typer.Exit(EXIT_BAD_INPUT)
    return requested


def _read_plan(path: Path, loaded: api.Roster, say: _Progress) -> api.Plan:
    """A plan workbook checked against the roster; exit 2 when it cannot be read."""
    say.step("reading_plan", file=path.name)
    try:
        return api.read_plan(path, loaded.instance, loaded.lang)
    except api.RosterError as exc:
        _fail_input(exc)


EligibilityOpt = Annotated[
    Path | None,
    typer.Option(
        "--eligibility",
        help=labels.cli_help("eligibility"),
    ),
]


@app.command(help=labels.cli_help("cmd_validate"))
def validate(
    roster: RosterArg,
    policy: PolicyOpt = None,
    quiet: QuietOpt = False,
    history: HistoryOpt = None,
    eligibility: EligibilityOpt = None,
) -> None:
    """Check a roster without solving, and summarise what was read. Warnings (an old
    title read as the new one, a subject written with its school level, a skipped total
    row, a subject with more posts than teachers who could fill them) are listed apart:
    they are not errors."""
    say = _Progress(quiet)
    loaded, lang = _load(roster, policy, say, history, show_warnings=False)
    if eligibility is not None:
        _check_output(eligibility, [roster], loaded)
    out.print(api.roster_summary(loaded, lang), markup=False)
    _show_warnings(api.roster_warnings(loaded, supply=True), loaded.lang, out)
    if eligibility is not None:
        say.step("writing", file=eligibility.name)
        try:
            api.write_eligibility(eligibility, loaded, lang, inputs=[roster])
        except api.OutputError as exc:
            _fail_output(exc, lang)
        _say("eligibility_written", lang, path=eligibility)


@app.command(help=labels.cli_help("cmd_solve"))
def solve(
    roster: RosterArg,
    output: OutOpt = None,
    policy: PolicyOpt = None,
    seed: SeedOpt = 0,
    workers: WorkersOpt = 1,
    time_limit: TimeOpt = 60.0,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    best_effort: BestEffortOpt = False,
    history: HistoryOpt = None,
    method: MethodOpt = Method.lp,
    force: ForceOpt = False,
    report_file: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help=labels.cli_help("report_file"),
        ),
    ] = None,
) -> None:
    """Solve the rotation and write the plan workbook (default: <roster>.plan.xlsx; an
    existing plan is kept and a new version written beside it, unless --force)."""
    say = _Progress(quiet)
    loaded, lang = _load(roster, policy, say, history, lang)
    target = output or roster.with_name(roster.stem + ".plan.xlsx")
    target = _new_version(target, force, lang, [roster], loaded)
    settings = api.SolverSettings(
        seed=seed, workers=workers, tier_time_limit=time_limit, method=method.value
    )
    soft = api.BEST_EFFORT_RULES if best_effort else ()
    outcome = api.plan(loaded.instance, loaded.policy, settings, lang=lang, soft=soft, progress=say)
    run = api.run_info(
        outcome, input_name=roster.name, input_sha256=loaded.sha256, settings=settings, lang=lang
    )
    if best_effort:
        run = api.best_effort_run(run, soft)
    _refuse_unwritable(outcome, loaded.policy, lang, best_effort=best_effort)
    say.step("writing", file=target.name)
    _write(target, loaded, outcome.plan, outcome.check, run, lang, inputs=[roster])
    if report_file is not None:
        say.step("writing", file=report_file.name)
        html = api.report_html(loaded, outcome.plan, outcome.check, run, lang)
        try:
            api.write_report(report_file, html, inputs=[roster, target])
        except api.OutputError as exc:
            _fail_output(exc, lang)
        _say("printable_written", lang, path=report_file)
    for line in api.plan_highlights(loaded, outcome, lang):
        out.print(line, markup=False)
    _summarise(outcome, loaded.policy, target, lang)


def _new_version(
    target: Path, force: bool, lang: str, inputs: list[Path], loaded: api.Roster
) -> Path:
    """``target``, or with an existing file there and no --force, the next free version
    beside it, said on stdout. Exit 2 first, --force or not, when it cannot be written
    (an input, a missing folder...): before any solving."""
    _check_output(target, inputs, loaded)
    if force:
        return target
    free = api.free_version(target)
    if free != target:
        _say("new_version", lang, old=target.name, new=free.name)
    return free


def _write(target: Path, loaded: api.Roster, plan: api.Plan | None, check: api.CheckResult,
           run: api.RunInfo, lang: str, *, inputs: list[Path],
           extra_tables: tuple[api.Table, ...] = ()) -> None:  # fmt: skip
    """Write the plan workbook atomically; never over an input file (exit 2 instead)."""
    try:
        api.write_plan(target, loaded, plan, check, run, lang, inputs=inputs,
                       extra_tables=extra_tables)  # fmt: skip
    except api.OutputError as exc:
        _fail_output(exc, lang)


def _refuse_unwritable(
    outcome: api.Outcome, policy: api.Policy, lang: str, *, best_effort: bool = False
) -> None:
    """Stop before writing anything when there is nothing true to write: no plan found
    in the time allowed (no proof that none exists: exit 4), or a plan that fails the
    product's own checker (a defect; never written unless best effort asked for it)."""
    r = outcome.result
    if outcome.plan is None and r.status != "INFEASIBLE":
        if r.status == "UNKNOWN":
            _say("no_plan_in_time", lang)
            raise typer.Exit(EXIT_NO_PLAN_IN_TIME)
        _warn("solver_failed", lang, status=labels.solve_status(r.status, lang))
        raise typer.Exit(EXIT_VIOLATION)
    if outcome.plan is not None and not best_effort and not outcome.check.ok:
        for row in outcome.check.violations:
            err.print(api.violation_line(row, policy, lang), markup=False)
        _warn("internal_error", lang)
        raise typer.Exit(EXIT_VIOLATION)


def _summarise(outcome: api.Outcome, policy: api.Policy, target: Path, lang: str) -> None:
    r = outcome.result
    if outcome.plan is None:  # proven: _refuse_unwritable stopped every other status
        _say("no_lawful_plan", lang)
        for text in outcome.conflicts:
            _say("conflict", lang, text=text)
        if not outcome.conflicts:
            _say("no_conflict_found", lang)
        if outcome.relaxations:
            _say("relaxations_head", lang)
            for relaxation in outcome.relaxations:
                _say("relaxation", lang, text=relaxation.text(lang))
        _say("report_written", lang, path=target)
        raise typer.Exit(EXIT_INFEASIBLE)
    bad = outcome.check.violations
    if outcome.soft:
        _say("best_effort", lang, rules=", ".join(outcome.soft))
        for row in bad:
            _say("violation", lang, text=api.violation_line(row, policy, lang))
    for text in outcome.empty_posts:
        _say("unfillable", lang, text=text)
    tiers = ", ".join(
        labels.tier_text(t.name, t.status, t.value, t.bound, lang)
        for t in r.tiers
        if t.value == t.value
    )
    status = labels.solve_status(r.status, lang)
    _say("plan_line", lang, n=len(outcome.plan.assignments), status=status,
         seconds=f"{r.wall_s:.1f}")  # fmt: skip
    _say("tiers_line", lang, tiers=tiers)
    if bad:
        _say("check_broken", lang, n=len(bad))
    else:
        _say("check_holds", lang)
    _say("written", lang, path=target)
    if bad:
        raise typer.Exit(EXIT_VIOLATION)


@app.command(help=labels.cli_help("cmd_check"))
def check(
    roster: RosterArg,
    plan_file: Annotated[Path, typer.Argument(help=labels.cli_help("plan_file"))],
    policy: PolicyOpt = None,
    output: OutOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Re-check any plan, including one made by hand, against every hard rule, and
    write the findings workbook (default: <plan>.check.xlsx beside the plan): the rows
    of the teachers through whom a rule is broken are marked, open posts are named."""
    say = _Progress(quiet)
    loaded, lang = _load(roster, policy, say, requested_lang=lang)
    if output is not None:
        _check_output(output, [roster, plan_file], loaded)
    the_plan = _read_plan(plan_file, loaded, say)
    target = output or plan_file.with_name(plan_file.stem + ".check.xlsx")
    result = api.check_plan(loaded.instance, loaded.policy, the_plan)
    for row in result.violations:
        out.print(api.violation_line(row, loaded.policy, lang), markup=False)
    for school, subject, n, reason in api.open_posts(loaded, the_plan, lang):
        _say("open_post", lang, school=school, subject=subject, n=n, reason=reason)
    n_ok = sum(1 for r in result.rows if r.status == "OK")
    n_bad = len(result.violations)
    _say("checked", lang, n=len(result.rows), ok=n_ok, bad=n_bad,
         na=len(result.rows) - n_ok - n_bad)  # fmt: skip
    run = api.manual_run_info(plan_file.name, loaded, lang)
    _write(target, loaded, the_plan, result, run, lang, inputs=[roster, plan_file])
    _say("findings_written", lang, path=target)
    if not result.ok:
        raise typer.Exit(EXIT_VIOLATION)


@app.command(help=labels.cli_help("cmd_sample"))
def sample(
    output: Annotated[Path, typer.Option("--output", "-o", help=labels.cli_help("roster_out"))],
    teachers: Annotated[
        int, typer.Option("--teachers", min=40, help=labels.cli_help("teachers"))
    ] = 300,
    seed: SeedOpt = 1,
    lang: Annotated[str, typer.Option("--lang", help=labels.cli_help("header_lang"))] = "zh",
) -> None:
    """Generate a realistic synthetic county roster (for trying the tool out)."""
    lang = _lang(lang, "zh")
    _shown_lang[0] = lang
    inst = api.write_sample(output, teachers, seed, lang=lang)
    _say("sample_written", lang, file=output, teachers=len(inst.teachers),
         schools=len(inst.schools), vacancies=sum(v.count for v in inst.vacancies))  # fmt: skip


@app.command(help=labels.cli_help("cmd_stats"))
def stats(
    roster: RosterArg, policy: PolicyOpt = None, history: HistoryOpt = None, quiet: QuietOpt = False
) -> None:
    """Per sending school: eligible teachers, how many rotated in each year, and how many
    were never asked."""
    from rich.table import Table

    loaded, lang = _load(roster, policy, _Progress(quiet), history)
    rows = api.school_history(loaded)
    years = sorted({y for r in rows for y in r.rotated_by_year})
    table = Table(title=labels.console("history_title", lang))
    for head in (labels.console("history_school", lang), labels.console("history_eligible", lang),
                 *map(str, years), labels.console("history_ever", lang),
                 labels.console("history_never", lang)):  # fmt: skip
        table.add_column(head)
    for r in rows:
        table.add_row(
            f"{r.school_id} {r.name}", str(r.eligible),
            *(str(r.rotated_by_year.get(y, 0)) for y in years),
            str(r.ever_rotated), str(r.never_asked),
        )  # fmt: skip
    out.print(table)


@app.command(help=labels.cli_help("cmd_template"))
def template(
    output: Annotated[
        Path, typer.Option("--output", "-o", help=labels.cli_help("roster_out"))
    ] = Path("花名册.xlsx"),
    lang: Annotated[str, typer.Option("--lang", help=labels.cli_help("header_lang"))] = "zh",
    school: Annotated[
        str | None,
        typer.Option("--school", help=labels.cli_help("school")),
    ] = None,
) -> None:
    """Write a blank roster to send to schools: every sheet and column, drop-down lists
    for every closed list, input hints and an instructions sheet."""
    lang = _lang(lang, "zh")
    _shown_lang[0] = lang
    try:
        api.write_template(output, lang, school)
    except api.OutputError as exc:
        _fail_output(exc, lang)
    _say("template_written", lang, path=output)


@app.command(help=labels.cli_help("cmd_merge"))
def merge(
    files: Annotated[list[Path], typer.Argument(help=labels.cli_help("merge_files"))],
    output: Annotated[Path, typer.Option("--output", "-o", help=labels.cli_help("county_out"))],
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Merge the rosters schools send back into one county roster, checking them against
    each other; every problem names its file, sheet, row and column."""
    say = _Progress(quiet)
    found = api.roster_files(files, exclude=[output])
    lang = _lang(lang, "zh") if lang else None
    try:  # never over one of the files merged
        api.refuse_output(output, found)
    except api.OutputError as exc:
        _fail_output(exc, lang)
    for path in found:
        say.step("reading", file=path.name)
    try:
        roster = api.merge_rosters(found, output, lang)
    except api.RosterError as exc:
        _fail_input(exc)
    except api.OutputError as exc:
        _fail_output(exc, lang)
    say.use(roster.lang)
    _show_warnings(api.roster_warnings(roster), roster.lang, err)
    inst = roster.instance
    _say("merged", roster.lang, n=len(found), path=output, teachers=len(inst.teachers),
         schools=len(inst.schools), vacancies=sum(v.count for v in inst.vacancies))  # fmt: skip


@app.command(help=labels.cli_help("cmd_policy"))
def policy(
    lang: Annotated[str, typer.Option("--lang", help=labels.cli_help("policy_lang"))] = "zh",
) -> None:
    """Every policy parameter: its key, Chinese and English names, default, range and
    source. A roster's Policy sheet (政策参数) or a --policy TOML file sets any of them,
    by its key or, in the Policy sheet, by either name."""
    lang = _lang(lang, "zh")
    head, rows = api.policy_table(lang)
    out.print(labels.word("policy_title", lang), markup=False)
    for key, zh, en, default, allowed, source in rows:  # two lines each: any width reads
        out.print(f"{key}  {zh} / {en}", markup=False, soft_wrap=True)
        facts = zip(head[3:], (default, allowed, source), strict=True)
        out.print("    " + "; ".join(f"{h}: {v}" for h, v in facts if v), markup=False,
                  soft_wrap=True)  # fmt: skip


def main() -> None:
    """The ``planner`` command. Ctrl-C stops any command at once: every solve stops, no
    file is written or changed (outputs are saved atomically, last), and the exit code
    is 130. (typer carries its own copy of click: its names come through typer.)"""
    try:
        code = app(standalone_mode=False)
    except (typer.Abort, KeyboardInterrupt):
        code = EXIT_INTERRUPTED
    except Exception as exc:
        # A usage error (click's ClickException, whichever click typer uses) shows itself.
        if not (hasattr(exc, "show") and hasattr(exc, "exit_code")):
            raise
        exc.show()
        sys.exit(exc.exit_code)
    if code == EXIT_INTERRUPTED:  # Ctrl-C: typer returns it as this code, click raised
        _warn("interrupted", _shown_lang[0])
        # At once: no exit handler may wait for a solver or a worker pool to wind down,
        # and no solver thread may be left to meet the interpreter's shutdown (it aborts).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)


# --- what-if scenarios and comparisons (issue 4) -----------------------------------------


@app.command(help=labels.cli_help("cmd_whatif"))
def whatif(
    roster: RosterArg,
    scenarios: ScenariosOpt = None,
    output: OutOpt = None,
    policy: PolicyOpt = None,
    seed: SeedOpt = 0,
    time_limit: TimeOpt = 60.0,
    jobs: JobsOpt = None,
    scheduler: SchedulerOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    method: MethodOpt = Method.lp,
) -> None:
    """Solve the baseline and every scenario; write one comparison workbook
    (default: <roster>.whatif.xlsx)."""
    say = _Progress(quiet)
    loaded, lang = _load(roster, policy, say, requested_lang=lang)
    try:
        found = api.read_scenarios(loaded, scenarios)
    except api.RosterError as exc:
        _fail_input(exc)
    target = output or roster.with_name(roster.stem + ".whatif.xlsx")
    inputs = [roster] + ([scenarios] if scenarios else [])
    _check_output(target, inputs, loaded)  # fail before solving, not after
    settings = api.SolverSettings(
        seed=seed, workers=1, tier_time_limit=time_limit, method=method.value
    )
    if scheduler:
        where = labels.console("scheduler_at", lang, address=scheduler)
    elif jobs:
        where = labels.console("local_jobs", lang, n=jobs)
    else:
        where = labels.console("jobs_per_core", lang)
    say.step("whatif_start", n=len(found), where=where)
    try:
        with _ScenarioBar(len(found) + 1, quiet, lang) as advance:
            results = api.run_scenarios(
                loaded.instance, loaded.policy, found, settings,
                lang=lang, jobs=jobs, scheduler=scheduler, on_done=advance,
            )  # fmt: skip
    except api.SchedulerError as exc:
        if isinstance(exc.__cause__, ImportError):
            _warn("dask_missing", lang)
        else:
            _warn("scheduler_unreachable", lang, address=scheduler)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    variants = api.scenario_variants(results, lang)
    _write_comparison(target, variants, lang, inputs)
    _summarise_variants(variants, target, lang)


class _ScenarioBar:
    """A rich progress bar over scenarios on stderr; nothing with --quiet."""

    def __init__(self, total: int, quiet: bool, lang: str) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.lang = lang
        self.bar = None
        if not quiet:
            self.bar = Progress(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=err, transient=False,
            )  # fmt: skip
            self.task = self.bar.add_task(labels.console("scenario_bar", lang), total=total)

    def __enter__(self) -> Callable[[api.ScenarioResult], None]:
        if self.bar is not None:
            self.bar.start()
        return self.advance

    def advance(self, result: api.ScenarioResult) -> None:
        if self.bar is not None:
            status = escape(labels.status_text(result.status, self.lang))
            self.bar.update(self.task, advance=1, description=status)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _write_comparison(
    target: Path, variants: list[api.Variant], lang: str, inputs: list[Path]
) -> None:
    try:
        api.write_comparison(target, variants, lang, inputs=inputs)
    except api.OutputError as exc:
        _fail_output(exc, lang)


def _summarise_variants(
    variants: list[api.Variant], target: Path, lang: str, *, strict: bool = True
) -> None:
    """One line per variant. ``strict``: exit 1 when a plan fails the checker (a solved
    scenario never should). An infeasible scenario is an answer, not a failure: its
    conflicts are listed and the workbook is written."""
    base = variants[0].plan
    for v in variants:
        status = labels.status_text(v.status, lang)
        if v.plan is None:
            _say("variant_no_plan", lang, name=v.name, status=status)
            for text in v.conflicts:
                _say("conflict", lang, text=text)
            for text in v.relaxations:
                _say("variant_relax", lang, text=text)
            continue
        f = api.variant_figures(v, base)
        _say("variant_solved", lang, name=v.name, status=status, rotators=f.rotators,
             filled=f.filled, vacancies=f.vacancies,
             changed="-" if f.changed is None else f.changed)  # fmt: skip
        if v.solved_as == "replan":
            _say("variant_replanned", lang)
    _say("written", lang, path=target)
    if strict and any(v.check.violations for v in variants if v.plan is not None):
        raise typer.Exit(EXIT_VIOLATION)


@app.command(help=labels.cli_help("cmd_compare"))
def compare(
    plan_a: Annotated[Path, typer.Argument(help=labels.cli_help("plan_a"))],
    plan_b: Annotated[Path, typer.Argument(help=labels.cli_help("plan_b"))],
    roster: Annotated[Path, typer.Option("--roster", help=labels.cli_help("compare_roster"))],
    output: OutOpt = None,
    policy: PolicyOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Compare any two plans: KPIs side by side and who is placed differently
    (default: <a>_vs_<b>.compare.xlsx beside the first plan). Both are checked against
    the roster's policy; a plan that breaks it shows VIOLATED with the rule's slack."""
    say = _Progress(quiet)
    loaded, lang = _load(roster, policy, say, requested_lang=lang)
    variants = []
    for path in (plan_a, plan_b):
        the_plan = _read_plan(path, loaded, say)
        name = path.name.removesuffix(".xlsx").removesuffix(".plan")
        variants.append(api.plan_variant(name, loaded.instance, loaded.policy, the_plan))
    target = output or plan_a.with_name(f"{variants[0].name}_vs_{variants[1].name}.compare.xlsx")
    _check_output(target, [roster, plan_a, plan_b], loaded)
    _write_comparison(target, variants, lang, [roster, plan_a, plan_b])
    _summarise_variants(variants, target, lang, strict=False)


# --- re-planning (issue 4) -------------------------------------------------------------


@app.command(help=labels.cli_help("cmd_replan"))
def replan(
    roster: RosterArg,
    previous: PreviousOpt,
    output: OutOpt = None,
    policy: PolicyOpt = None,
    seed: SeedOpt = 0,
    workers: WorkersOpt = 1,
    time_limit: TimeOpt = 60.0,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    method: MethodOpt = Method.lp,
    force: ForceOpt = False,
) -> None:
    """Re-plan after roster edits, changing the published plan as little as possible
    (default output: <roster>.replan.xlsx, with a Changes sheet; an existing one is
    kept and a new version written beside it, unless --force)."""
    say = _Progress(quiet)
    loaded, lang = _load(roster, policy, say, requested_lang=lang)
    say.step("reading_plan", file=previous.name)
    try:
        published = api.read_published_plan(previous, loaded)
    except api.RosterError as exc:
        _fail_input(exc)
    target = output or roster.with_name(roster.stem + ".replan.xlsx")
    target = _new_version(target, force, lang, [roster, previous], loaded)
    settings = api.SolverSettings(
        seed=seed, workers=workers, tier_time_limit=time_limit, method=method.value
    )
    done = api.replan(loaded.instance, loaded.policy, published, settings, lang=lang, progress=say)
    outcome = done.outcome
    run = api.run_info(
        outcome, input_name=roster.name, input_sha256=loaded.sha256, settings=settings, lang=lang
    )
    extra = (api.changes_table(done.changes, loaded.instance, lang),) if done.changes else ()
    _refuse_unwritable(outcome, loaded.policy, lang)
    say.step("writing", file=target.name)
    _write(target, loaded, outcome.plan, outcome.check, run, lang, inputs=[roster, previous],
           extra_tables=extra)  # fmt: skip
    if outcome.plan is not None:
        out.print(api.replan_summary(done.changes, lang), markup=False)
        for c in done.changes:
            if c.kind != "kept":
                _say("replan_change", lang, kind=api.change_kind(c.kind, lang),
                     teacher=c.teacher_id, before=_post(c.before), after=_post(c.after),
                     reason=c.text(lang))  # fmt: skip
    _summarise(outcome, loaded.policy, target, lang)


def _post(placement: api.Assignment | None) -> str:
    """A placement as ``school/subject`` (``-`` for none)."""
    return f"{placement.to_school_id}/{placement.subject}" if placement else "-"


# --- the web page (issue 13) -------------------------------------------------------------


@app.command(help=labels.cli_help("cmd_serve"))
def serve(
    rosters: Annotated[
        list[Path] | None, typer.Argument(help=labels.cli_help("serve_rosters"))
    ] = None,
    host: Annotated[str, typer.Option("--host", help=labels.cli_help("host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help=labels.cli_help("port"))] = 8765,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help=labels.cli_help("no_browser"))
    ] = False,
    token: Annotated[
        str | None,
        typer.Option("--token", help=labels.cli_help("token")),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help=labels.cli_help("data")),
    ] = None,
) -> None:
    """Start the local web page (Chinese by default, English switchable) and open it."""
    _shown_lang[0] = None
    if host not in api.LOOPBACK_HOSTS and not token:
        _warn("serve_token_required", labels.help_lang(), host=host)
        raise typer.Exit(EXIT_BAD_INPUT)
    for path in rosters or ():
        if not path.is_file():
            _warn("serve_roster_missing", labels.help_lang(), file=path.name)
            raise typer.Exit(EXIT_BAD_INPUT)
    api.serve(host, port, token=token, data_dir=data, open_browser=not no_browser,
              preload=rosters or ())  # fmt: skip


# --- one teacher's question (issue 11) ------------------------------------------------


@app.command(help=labels.cli_help("cmd_explain"))
def explain(
    roster: RosterArg,
    plan_file: Annotated[Path, typer.Argument(help=labels.cli_help("plan_file"))],
    teacher_id: Annotated[str, typer.Argument(help=labels.cli_help("teacher_id"))],
    policy: PolicyOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Why was a teacher (not) chosen, and who holds the post they could have had, with
    how many points (and the lottery draws for it)."""
    say = _Progress(quiet)
    loaded, lang = _load(roster, policy, say, requested_lang=lang)
    the_plan = _read_plan(plan_file, loaded, say)
    found = api.explain_teacher(
        loaded, the_plan, teacher_id, lang, seed=api.read_plan_seed(plan_file)
    )
    for line in found.lines:  # a line per reason, as it is (no wrapping mid-figure)
        out.print(line, markup=False, soft_wrap=True)
    if not found.on_roster:
        raise typer.Exit(EXIT_BAD_INPUT)


# --- the printable report (issue 11) --------------------------------------------------


@app.command(help=labels.cli_help("cmd_report"))
def report(
    plan_file: Annotated[Path, typer.Argument(help=labels.cli_help("plan_file"))],
    roster: Annotated[
        Path | None,
        typer.Option(
            "--roster",
            help=labels.cli_help("report_roster"),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=labels.cli_help("report_out"),
        ),
    ] = None,
    policy: PolicyOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write the printable report of a plan: summary, charts, Constraint report and
    the public list, as one self-contained HTML page or a PDF."""
    say = _Progress(quiet)
    name, seed, status = api.report_inputs(plan_file)
    roster = roster or plan_file.with_name(name or "roster.xlsx")
    loaded, lang = _load(roster, policy, say, requested_lang=lang)
    the_plan = _read_plan(plan_file, loaded, say)
    result = api.check_plan(loaded.instance, loaded.policy, the_plan)
    run = api.report_run(loaded, plan_file, seed, status, lang)
    target = output or plan_file.with_name(plan_file.stem + ".report.html")
    say.step("writing", file=target.name)
    html = api.report_html(loaded, the_plan, result, run, lang)
    try:
        api.write_report(target, html, inputs=[roster, plan_file])
    except api.OutputError as exc:
        _fail_output(exc, lang)
    _say("printable_written", lang, path=target)
