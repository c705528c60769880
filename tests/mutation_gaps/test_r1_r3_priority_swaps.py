"""R1-R3 in the model: a plan with a priority swap is refused by the model itself.

The model forbids every priority swap (a colleague left at home with more points, who
could take the selected teacher's exact post at no cost to a higher tier) with one
implication per swap: ``x[s, post] <= y[n]`` (rules/points_rule.py). An optimal plan
never holds such a swap, since the swap would raise the priority tier, so solving alone
cannot show that these implications exist; the mutation pass (bench/mutate.py) found
that the suite passed with them removed. What they change is which plans the model
admits, so, as for every other rule (tests/rules/harness.py ``assert_rejected``), the
swapped plan is fixed in the model and must be refused there, and flagged by the checker.
"""

from __future__ import annotations

import pytest

from rotation_planner.check import check_plan
from rotation_planner.domain import Instance, Teacher
from rotation_planner.model.solve import model_accepts
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import NO_QUOTAS, plan_of

# Plan year 2026. T1 and T2 differ in the rule's criterion alone, so only that rule's
# part of the points differs:
# R1: never rural (10 points) against rural service in 2024 (recent: 0 points);
# R2: a subject leader (4 points) against none; R3: a volunteer (3 points) against none.
FAVOURED: dict[str, dict[str, object]] = {
    "R1": {"rural_years": 0},
    "R2": {"subject_leader": True},
    "R3": {"volunteer": True},
}
OTHER: dict[str, dict[str, object]] = {
    "R1": {"rural_years": 3, "last_rural_year": 2024},
    "R2": {},
    "R3": {},
}


def one_post_two_colleagues(rule_id: str) -> Instance:
    """T1 (favoured by ``rule_id``) and T2 at U1, one 数学 post at R1. R1's only teacher
    L1 is 一级, so R1 lacks no quality (need 0) and the quality tier ties."""
    teachers: list[Teacher] = [
        teacher("T1", **FAVOURED[rule_id]),
        teacher("T2", **OTHER[rule_id]),
        teacher("L1", "R1"),
    ]
    return instance(teachers, [school("U1"), rural("R1")], [vacancy("R1")])


@pytest.mark.parametrize("rule_id", ["R1", "R2", "R3"])
def test_the_model_refuses_a_priority_swap(rule_id: str) -> None:
    inst = one_post_two_colleagues(rule_id)
    swapped = plan_of(("T2", "R1", "数学"))  # T1 has more points and stays home
    assert not model_accepts(inst, NO_QUOTAS, swapped)
    # The rule's own implication is what refuses it: without the rule the model admits
    # the plan (T2's move is open; no quota is on).
    assert model_accepts(inst, NO_QUOTAS, swapped, skip=(rule_id,))
    flagged = check_plan(inst, NO_QUOTAS, swapped).for_rule(rule_id)
    assert [(r.status, r.offending) for r in flagged] == [("VIOLATED", ("T1>T2",))]


@pytest.mark.parametrize("rule_id", ["R1", "R2", "R3"])
def test_the_model_admits_the_plan_that_respects_the_points(rule_id: str) -> None:
    inst = one_post_two_colleagues(rule_id)
    kept = plan_of(("T1", "R1", "数学"))
    assert model_accepts(inst, NO_QUOTAS, kept)
    assert check_plan(inst, NO_QUOTAS, kept).ok
