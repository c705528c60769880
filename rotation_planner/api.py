"""The product's entry points, independent of the command line.

Data flows one way: read -> validate -> model -> solve -> check -> report. The CLI only
parses options and calls these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from rotation_planner.check import CheckResult, RuleCheck, check_plan
from rotation_planner.domain import Instance, Plan, RunInfo, SolveResult
from rotation_planner.model.diagnose import describe, explain, find_core
from rotation_planner.model.relax import Relaxation, suggest
from rotation_planner.model.solve import DEFAULT_SETTINGS, Progress, SolverSettings, solve
from rotation_planner.policy import RULE_IDS, Policy


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
        return Outcome(result, check_plan(instance, policy, result.plan), soft=soft)
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
            text = describe(label, instance, policy, lang)
            rule_id, _, scope = label.partition(" ")
            rows.append(
                RuleCheck(rule_id, scope or "county", "conflict", text, "no plan", None, "VIOLATED")
            )
        if labels:
            if progress:
                progress("looking for the smallest relaxations that restore a plan")
            found = suggest(
                instance, policy, labels, time_limit=min(30.0, settings.tier_time_limit)
            )
        proven = "已重新求解: 有方案" if lang == "zh" else "re-solved: a plan exists"
        rows += [
            RuleCheck(r.rule_id, "county", "relaxation", r.text(lang), proven, None, "N/A")
            for r in found
        ]
    rows += [
        RuleCheck(rid, "county", "enabled=false", "switched off", "", None, "N/A")
        for rid in RULE_IDS
        if not policy.enabled(rid)
    ]
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
