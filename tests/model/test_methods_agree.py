"""The LP-first path against the CP-SAT reference: same verdict, same tier values, and a
plan the checker accepts, on every differential roster and on the committed county.

``METHODS_N`` (default 100) sets how many differential seeds run: the default path is
held to brute force on 300 of them by tests/differential, and this file holds the CP-SAT
reference to it; ``METHODS_N=1000`` is a hand run of about fifteen seconds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rotation_planner.check import check_plan
from rotation_planner.domain import Instance, SolveResult
from rotation_planner.io.read import Roster, read_roster
from rotation_planner.model import solve as solve_module
from rotation_planner.model.solve import SolverSettings, solve
from rotation_planner.policy import Policy
from tests.differential.rosters import random_case

N = int(os.environ.get("METHODS_N", "100"))
COUNTY = Path(__file__).resolve().parents[2] / "sample_data" / "county_3000.xlsx"
LP = SolverSettings(seed=0, tier_time_limit=30, method="lp")
CP_SAT = SolverSettings(seed=0, tier_time_limit=30, method="cp-sat")


def _values(result: SolveResult) -> dict[str, tuple[str, float | None]]:
    """Each tier's status and value (None for no value: NaN is unequal to itself)."""
    return {t.name: (t.status, None if t.value != t.value else t.value) for t in result.tiers}


def _assert_agree(inst: Instance, policy: Policy, lp: SolveResult, ref: SolveResult,
                  where: str) -> None:  # fmt: skip
    assert lp.status == ref.status, f"{where}: LP path {lp.status}, CP-SAT {ref.status}"
    assert _values(lp) == _values(ref), f"{where}: {_values(lp)} != {_values(ref)}"
    for result in (lp, ref):
        assert (result.plan is None) == (result.status in ("INFEASIBLE", "UNKNOWN")), where
        if result.plan is not None:
            assert check_plan(inst, policy, result.plan).ok, f"{where}: {result.solver}"


@pytest.fixture(scope="module")
def county() -> tuple[Roster, SolveResult]:
    """The committed county and its CP-SAT reference solve (one for both tests)."""
    roster = read_roster(COUNTY, Policy())
    return roster, solve(roster.instance, roster.policy, CP_SAT)


@pytest.mark.parametrize("seed", range(N))
def test_both_methods_agree_on_a_differential_roster(seed: int) -> None:
    case = random_case(seed)
    lp, ref = solve(case.inst, case.policy, LP), solve(case.inst, case.policy, CP_SAT)
    _assert_agree(case.inst, case.policy, lp, ref, f"random_case({seed}) [{case.mix}]")


def test_both_methods_agree_on_the_sample_county(county: tuple[Roster, SolveResult]) -> None:
    roster, ref = county
    lp = solve(roster.instance, roster.policy, LP)
    _assert_agree(roster.instance, roster.policy, lp, ref, COUNTY.name)
    assert lp.status == "OPTIMAL" and len(lp.tiers) == 8


def test_both_methods_agree_when_cp_sat_searches_every_tier(
    monkeypatch: pytest.MonkeyPatch, county: tuple[Roster, SolveResult]
) -> None:
    # Without the look for a plan at the LP's target, every tier the LP's vertex does
    # not prove is searched by CP-SAT on what reduced costs leave free: same answers.
    for name in ("_LOOK_SECONDS", "_LOOK_SHARE", "_LOOK_LPS"):
        monkeypatch.setattr(solve_module, name, 0.0)
    roster, ref = county
    messages: list[str] = []
    lp = solve(roster.instance, roster.policy, LP, progress=messages.append)
    assert sum("(CP-SAT; LP bound" in line for line in messages) >= 4, messages
    assert lp.status == ref.status == "OPTIMAL"
    assert _values(lp) == _values(ref)
    assert lp.plan is not None and check_plan(roster.instance, roster.policy, lp.plan).ok
