"""R1-R3: the published priority points decide who goes: no rural service first (R1),
backbone and subject leaders (R2), volunteers (R3)."""

import pytest

from rotation_planner.domain import Backbone
from rotation_planner.policy import Policy
from rotation_planner.rules.priority import priority_points
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import NO_QUOTAS, plan_of, solved, violated

CASES = {
    "R1": ({"rural_years": 0}, {"rural_years": 3, "last_rural_year": 2024}),
    "R2": ({"subject_leader": True}, {}),
    "R3": ({"volunteer": True}, {}),
}


def _county(rule_id):
    favoured, other = CASES[rule_id]
    # T2 is the same as T1 but for the rule's criterion; one post. R1's own staff are
    # all 一级, so the quality tier has no preference and the points alone decide.
    return instance(
        [teacher("T1", **favoured), teacher("T2", **other), teacher("L1", "R1")],
        [school("U1"), rural("R1")],
        [vacancy("R1")],
    )


@pytest.mark.parametrize("rule_id", ["R1", "R2", "R3"])
def test_priority_points_pick_the_favoured_teacher(rule_id):
    inst = _county(rule_id)
    plan = solved(inst, NO_QUOTAS)
    assert set(plan.by_teacher) == {"T1"}
    # The checker flags the inverse choice: a swap would raise the points.
    inverse = plan_of(("T2", "R1", "数学"))
    assert violated(inst, NO_QUOTAS, inverse, rule_id)


@pytest.mark.parametrize("rule_id", ["R1", "R2", "R3"])
def test_switching_the_rule_off_removes_its_points(rule_id):
    off = NO_QUOTAS.with_overrides({f"{rule_id}.enabled": False})
    t1, t2, _ = _county(rule_id).teachers
    assert priority_points(t1, off, 2026).total == priority_points(t2, off, 2026).total
    assert priority_points(t1, Policy(), 2026).total > priority_points(t2, Policy(), 2026).total


def test_priority_tier_is_what_picks_the_volunteer():
    # With the volunteer criterion switched off, the lottery alone decides: across
    # seeds both teachers get picked, so it is R3 that made T1 the only choice.
    from rotation_planner.model.solve import SolverSettings, solve

    inst = _county("R3")
    off = NO_QUOTAS.with_overrides({"R3.enabled": False})
    chosen = {
        next(iter(solve(inst, off, SolverSettings(seed=s)).plan.by_teacher)) for s in range(8)
    }
    assert chosen == {"T1", "T2"}


def test_r1_boundary_last_rural_service_exactly_five_years_ago():
    p = Policy()
    recent = teacher("T1", rural_years=1, last_rural_year=2021)  # 2026 - 2021 = 5: recent
    older = teacher("T2", rural_years=1, last_rural_year=2020)  # 6 years ago: none recent
    assert priority_points(recent, p, 2026).no_recent_rural == 0
    assert priority_points(older, p, 2026).no_recent_rural == p.R1.no_recent_points


def test_r2_points_grow_with_backbone_level():
    p = Policy()
    levels = [priority_points(teacher("T", backbone=b), p, 2026).backbone for b in Backbone]
    assert levels == sorted(levels) and levels[0] == 0 and levels[-1] > levels[1]


@pytest.mark.parametrize("rule_id", ["R1", "R2", "R3"])
def test_a_plan_cut_short_gets_the_rules_swaps_made(rule_id):
    # A time limit can stop the tiers before priority is proven, leaving T2 (fewer points
    # by this rule alone) on the post while T1 stays home. Before such a plan leaves the
    # solver, the rule makes the swap; without the rule in the model it would not, and
    # the checker would flag T1>T2.
    from rotation_planner.domain import TierResult
    from rotation_planner.model.build import build_model
    from rotation_planner.model.solve import repair_unproven

    inst = _county(rule_id)
    cut_short = plan_of(("T2", "R1", "数学"))
    assert violated(inst, NO_QUOTAS, cut_short, rule_id)
    tier = TierResult("coverage", "FEASIBLE", 1.0, 1.0, 0.0)
    fixed, tiers = repair_unproven(build_model(inst, NO_QUOTAS), cut_short, [tier], 0, None)
    assert fixed == plan_of(("T1", "R1", "数学")) and tiers == [tier]
    unguarded = build_model(inst, NO_QUOTAS, skip=(rule_id,))
    assert repair_unproven(unguarded, cut_short, [tier], 0, None)[0] == cut_short
