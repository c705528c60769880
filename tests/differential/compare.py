"""The differential verdict on one case: what the model says against what brute force
and the checker say. Used by the tests and, for a hand survey, by ``survey.py``."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from rotation_planner.check import check_plan
from rotation_planner.domain import Plan, SolveResult
from rotation_planner.model.solve import SolverSettings, solve
from tests.differential.oracle import TIERS, Oracle, brute_force, tier_values
from tests.differential.rosters import Case

SETTINGS = SolverSettings(seed=0, workers=1, tier_time_limit=10)


@dataclass(frozen=True)
class Disagreement:
    """One way the model and the checker disagree. ``kind`` names the failure class
    (``verdict``, ``plan fails <rules>``, ``tier <name>``, ``plan tier <name>``,
    ``row order``); ``detail`` gives the figures."""

    kind: str
    detail: str


@dataclass(frozen=True)
class Verdict:
    oracle: Oracle
    result: SolveResult
    disagreements: tuple[Disagreement, ...]


def compare(case: Case, *, skip: Iterable[str] = (), oracle: Oracle | None = None) -> Verdict:
    """Solve ``case`` and hold the answer against brute force. ``skip`` removes rules
    from the model (to show the comparison catches a missing rule); ``oracle`` reuses
    a brute force already done for this case.

    The model must say INFEASIBLE exactly when no plan passes the checker, and OPTIMAL
    otherwise; its plan must pass the checker; each tier it reports (a tier it leaves
    out counts as 0) must equal the lexicographic optimum over the lawful plans, and so
    must its plan's own tier values; and listing the teachers in reverse row order must
    change neither the status nor any tier value.
    """
    oracle = oracle or brute_force(case.inst, case.policy)
    result = solve(case.inst, case.policy, SETTINGS, skip=skip)
    found: list[Disagreement] = []
    expected = "OPTIMAL" if oracle.best is not None else "INFEASIBLE"
    if result.status != expected or (result.plan is None) != (oracle.best is None):
        example = f", e.g. {show_plan(oracle.best)}" if oracle.best is not None else ""
        found.append(
            Disagreement(
                "verdict",
                f"model {result.status} with {'a' if result.plan else 'no'} plan; "
                f"{oracle.lawful} of {oracle.plans} plans pass the checker{example}",
            )
        )
    if result.plan is not None:
        report = check_plan(case.inst, case.policy, result.plan)
        if not report.ok:
            rules = "+".join(sorted({r.rule_id for r in report.violations}))
            broken = "; ".join(
                f"{r.rule_id} {r.scope} {r.phrase.value} {r.need}, got {r.got}"
                for r in report.violations
            )
            found.append(
                Disagreement(
                    f"plan fails {rules}", f"model plan {show_plan(result.plan)}: {broken}"
                )
            )
    if oracle.best_values is not None and result.status == "OPTIMAL":
        found += _tiers(case, oracle, result)
    if not skip:
        found += _row_order(case, result)
    return Verdict(oracle, result, tuple(found))


def _tiers(case: Case, oracle: Oracle, result: SolveResult) -> list[Disagreement]:
    best = oracle.best_values
    assert best is not None
    found = []
    reported = {t.name: t.value for t in result.tiers}
    for name in TIERS:
        got = reported.get(name, 0.0) + 0.0  # (no "-0" in messages)
        if not math.isclose(got, best[name], abs_tol=1e-6):
            found.append(
                Disagreement(
                    f"tier {name}",
                    f"model {got:g}, optimum {best[name]} (model tiers: "
                    f"{_values(reported)}; best lawful plan {show_plan(oracle.best)}: "
                    f"{_values(best)})",
                )
            )
            break  # the tiers below follow from this one
    if result.plan is not None:
        mine = tier_values(case.inst, case.policy, result.plan)
        for name in TIERS:
            if mine[name] != best[name]:
                found.append(
                    Disagreement(
                        f"plan tier {name}",
                        f"model plan {show_plan(result.plan)}: {_values(mine)}; best "
                        f"lawful plan {show_plan(oracle.best)}: {_values(best)}",
                    )
                )
                break
    return found


def _row_order(case: Case, result: SolveResult) -> list[Disagreement]:
    """The same roster with its rows reversed: same status, same tier values (the
    plan itself may differ, since the lottery draws in row order)."""
    reversed_inst = case.inst.replace(teachers=tuple(reversed(case.inst.teachers)))
    again = solve(reversed_inst, case.policy, SETTINGS)
    if again.status == result.status != "OPTIMAL":
        return []
    before = {t.name: round(t.value) for t in result.tiers if t.name != "lottery"}
    after = {t.name: round(t.value) for t in again.tiers if t.name != "lottery"}
    if again.status == result.status and before == after:
        return []
    return [
        Disagreement(
            "row order",
            f"rows as given: {result.status} {_values(before)}; "
            f"rows reversed: {again.status} {_values(after)}",
        )
    ]


def show_plan(plan: Plan | None) -> str:
    """A plan as ``[T1->S2/数学, ...]`` (ids only: the rosters are synthetic)."""
    if plan is None:
        return "[no plan]"
    if not plan.assignments:
        return "[empty plan]"
    return (
        "["
        + ", ".join(f"{a.teacher_id}->{a.to_school_id}/{a.subject}" for a in plan.assignments)
        + "]"
    )


def _values(values: dict[str, float] | dict[str, int]) -> str:
    return ", ".join(f"{k}={v:g}" for k, v in values.items())
