"""The product's entry points, independent of the command line.

Data flows one way: read -> validate -> model -> solve -> check -> report. The CLI only
parses options and calls these functions.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from rotation_planner import scenarios as sc
from rotation_planner.check import CheckResult, check_plan
from rotation_planner.domain import Instance, Plan, RunInfo, SolveResult
from rotation_planner.model.diagnose import describe, explain, find_core, unfillable_posts
from rotation_planner.model.relax import Relaxation, suggest
from rotation_planner.model.solve import DEFAULT_SETTINGS, Progress, SolverSettings, solve
from rotation_planner.policy import RULE_IDS, Policy
from rotation_planner.replan import Change, compare_plans, count_changes
from rotation_planner.rules.base import (
    COUNTY,
    Phrase,
    RuleCheck,
    Scope,
    ScopeKind,
    switched_off,
)
from rotation_planner.scenario import Scenario

if TYPE_CHECKING:
    from rotation_planner.report.compare import Variant


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
    result = solve(instance, policy, settings, soft=soft, previous=previous, progress=progress)
    soft = tuple(soft)
    if result.plan is not None:
        if progress:
            progress("checking the plan against every rule")
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
            progress("no lawful plan: looking for the rules that conflict")
        core = find_core(instance, policy, time_limit=min(30.0, settings.tier_time_limit))
        labels = core.labels if core else ()
        conflicts = explain(labels, instance, policy, lang)
        for label in labels:
            rule_id, _, scope = label.partition(" ")
            rows.append(
                RuleCheck(rule_id, _scope(scope), Phrase.CONFLICT, "VIOLATED",
                          text=describe(label, instance, policy, lang))
            )  # fmt: skip
        if labels:
            if progress:
                progress("looking for the smallest relaxations that restore a plan")
            found = suggest(
                instance, policy, labels, time_limit=min(30.0, settings.tier_time_limit)
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
    import dataclasses

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

    @property
    def status(self) -> str:
        return "ERROR" if self.error else self.outcome.result.status


def solve_scenario(task: sc.ScenarioTask) -> ScenarioResult:
    """Solve one scenario: the task function of every execution path. Never raises: a
    failure comes back as a result with ``error`` set, so the other scenarios still run."""
    try:
        outcome = plan(task.instance, task.policy, task.settings, lang=task.lang)
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

    Local processes by default (``jobs``, default one per core; ``jobs=1`` solves here,
    one after the other), or a Dask distributed cluster when ``scheduler`` is its address.
    Each solve uses one CP-SAT worker and ``settings.seed``, so each result is what
    ``plan`` gives for that scenario alone. An infeasible scenario comes back with its
    conflicts; it does not stop the others.
    """
    tasks = sc.scenario_tasks(instance, policy, scenarios, settings, lang)
    return sc.run_tasks(tasks, solve_scenario, jobs=jobs, scheduler=scheduler, on_done=on_done)


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
        )
        for r in results
    ]


def plan_variant(name: str, instance: Instance, policy: Policy, plan: Plan) -> Variant:
    """A plan read from a workbook as a comparison variant, checked against the roster."""
    from rotation_planner.report.compare import Variant

    check = check_plan(instance, policy, plan)
    return Variant(name, instance, policy, plan, check, "OK" if check.ok else "VIOLATED")
