"""Never a wrong verdict when time runs out: a plan cut short is lawful and says it is not
proven; no plan in time is not "no lawful plan"."""

from __future__ import annotations

from pathlib import Path

import pytest

from rotation_planner.check import check_plan
from rotation_planner.io.read import Roster, read_roster
from rotation_planner.model.solve import SolverSettings, solve
from rotation_planner.policy import Policy
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.priority import repair
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import NO_QUOTAS, plan_of

COUNTY = Path(__file__).resolve().parents[2] / "sample_data" / "county_3000.xlsx"


def test_repair_makes_every_priority_swap_left_open():
    # T1 (volunteer) and T2 (never rural) both outrank T3 and are left home; T3 holds the
    # one post. The repair gives it to the one with the most points, and stops.
    inst = instance(
        [teacher("T1", volunteer=True, rural_years=2), teacher("T2"),
         teacher("T3", rural_years=2), teacher("L1", "R1")],
        [school("U1"), rural("R1")],
        [vacancy("R1")],
    )  # fmt: skip
    facts = Facts(inst, NO_QUOTAS)
    cut_short = plan_of(("T3", "R1", "数学"))
    assert not check_plan(inst, NO_QUOTAS, cut_short).ok  # R1 and R3 swaps are open
    fixed = repair(facts, cut_short, lambda n, s: True)
    best = max(("T1", "T2"), key=lambda t: facts.points[t])
    assert fixed == plan_of((best, "R1", "数学"))
    assert check_plan(inst, NO_QUOTAS, fixed).ok
    assert repair(facts, fixed, lambda n, s: True) == fixed  # nothing left to swap


@pytest.fixture(scope="module")
def county() -> Roster:
    return read_roster(COUNTY, Policy())


@pytest.mark.parametrize("seconds", [0.05, 0.2, 0.5, 1.0])
def test_any_time_limit_gives_a_true_verdict(county: Roster, seconds: float):
    roster = county
    result = solve(roster.instance, roster.policy, SolverSettings(tier_time_limit=seconds))
    # This county has a lawful plan: never "infeasible", whatever the time.
    assert result.status in ("OPTIMAL", "FEASIBLE", "UNKNOWN")
    if result.plan is None:
        assert result.status == "UNKNOWN"
        return
    assert check_plan(roster.instance, roster.policy, result.plan).ok
    proven = all(t.status == "OPTIMAL" for t in result.tiers) and len(result.tiers) == 8
    assert (result.status == "OPTIMAL") == proven
