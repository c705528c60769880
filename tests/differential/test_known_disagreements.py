"""Hand-built rosters on which the model and the checker are known to have disagreed:
one per failure class, each the smallest that shows it. Each must pass the same
comparison as the random rosters (brute force over every plan, judged by the checker).
"""

from __future__ import annotations

import pytest

from rotation_planner.check import check_plan
from rotation_planner.domain import Assignment, Instance, Plan, SchoolType
from rotation_planner.model.solve import solve
from rotation_planner.policy import Policy
from tests.builders import instance, rural, school, teacher, vacancy
from tests.differential.compare import SETTINGS, compare
from tests.differential.rosters import Case

# A middle type that both sends outward (to rural schools) and learns at urban ones.
TWO_WAY = Policy().with_overrides(
    {"E6.directions": "urban->rural, township->rural, township->urban", "W1.enabled": True}
)


def assert_agree(inst: Instance, policy: Policy, what: str) -> None:
    verdict = compare(Case(-1, inst, policy, what))
    assert not verdict.disagreements, "\n".join(
        [what] + [f"- {d.kind}: {d.detail}" for d in verdict.disagreements]
    )


def _township(n: int, posts: list[str]) -> Instance:
    # ``n`` township teachers, eligible outward (E1-E5) and as learners (W1).
    return instance(
        [teacher(f"X{i}", "X1", teaching_years=10) for i in range(n)],
        [school("U1"), school("X1", SchoolType.TOWNSHIP, 20), rural("R1")],
        [vacancy(s) for s in posts],
    )


def test_q1_does_not_count_a_learning_post():
    # Q1 needs one outward rotator of the five (10%, rounded up); the only post is a
    # learning post at U1, which is not outward rotation: no lawful plan.
    assert_agree(_township(5, ["U1"]), TWO_WAY.with_overrides({"Q3.enabled": False}),
                 "Q1 counted a learning post")  # fmt: skip


def test_q2_does_not_count_a_learning_post():
    # Two eligible: Q2 allows one outward rotator (15%, rounded up). One goes out to
    # R1, the other learns at U1: both posts filled lawfully.
    assert_agree(_township(2, ["U1", "R1"]), TWO_WAY.with_overrides({"Q3.enabled": False}),
                 "Q2 counted a learning post")  # fmt: skip


def test_q3_does_not_count_a_learning_post():
    # A non-backbone teacher at a learning post is no rotator for Q3 (20% of the
    # rotators backbone): the post at U1 can be filled.
    assert_agree(_township(1, ["U1"]), TWO_WAY.with_overrides({"Q1.enabled": False}),
                 "Q3 counted a learning post")  # fmt: skip


def test_m1_applies_to_eligible_teachers_not_to_learners():
    # A rural senior-title applicant with half a year of rural service may learn (W1)
    # but is not eligible to rotate outward, so M1 does not apply; no post is open to
    # them anyway. The empty plan is lawful.
    inst = instance(
        [teacher("L1", "R1", senior_applicant=True, rural_years=0.5, teaching_years=10)],
        [school("U1"), rural("R1"), rural("R2")],
        [vacancy("R2")],
    )
    assert_agree(inst, Policy().with_overrides({"W1.enabled": True}), "M1 forced a learner")


@pytest.mark.parametrize("namer", ["T1", "T2"])
@pytest.mark.parametrize("reverse", [False, True], ids=["rows by id", "rows reversed"])
def test_a_one_sided_spouse_link_is_a_couple_whatever_the_order(namer: str, reverse: bool):
    # One teacher names the other as spouse; the other names nobody. R5 (at most one of
    # a couple) must hold whichever of them names the other and whatever the row order:
    # two posts, but only one of the two may go.
    named = "T2" if namer == "T1" else "T1"
    teachers = [teacher(t, spouse_id=named if t == namer else "") for t in ("T1", "T2")]
    inst = instance(
        teachers[::-1] if reverse else teachers, [school("U1"), rural("R1")],
        [vacancy("R1", count=2)],
    )  # fmt: skip
    policy = Policy().with_overrides({"Q2.enabled": False, "Q3.enabled": False})
    both = Plan.of([Assignment("T1", "R1", "数学"), Assignment("T2", "R1", "数学")])
    assert not check_plan(inst, policy, both).ok, "the checker lets a couple both go"
    plan = solve(inst, policy, SETTINGS).plan
    assert plan is not None and len(plan.assignments) == 1, "the model sends both"
    assert_agree(inst, policy, "one-sided spouse link")


def test_p5_require_with_e6_off_counts_only_posts_the_teacher_may_take():
    # E6 off. T1 (township X1, paired with urban U1) could go to R1; the post at U1 is
    # a learning post, not open to T1 (W1 is off). Model and checker must agree on
    # whether P5 (require) sends T1 nowhere or lets T1 go to R1.
    inst = instance(
        [teacher("T1", "X1")],
        [school("U1", paired_with=("X1",)), school("X1", SchoolType.TOWNSHIP, 20), rural("R1")],
        [vacancy("U1"), vacancy("R1")],
    )
    policy = Policy().with_overrides(
        {"E6.enabled": False, "P5.mode": "require", "Q1.enabled": False, "Q3.enabled": False}
    )
    assert_agree(inst, policy, "P5 require with E6 off")


def test_r4_with_e6_off_envies_only_posts_the_teacher_may_take():
    # E6 off. A (rural R1, more points) wishes U2 first but may not take it: a move to
    # a more central school is a learning post (W1 off). So B holding U2 is no
    # justified envy, and both posts can be filled: A to R2, B to U2.
    inst = instance(
        [teacher("A", "R1", volunteer=True, wishes=("U2", "R2")), teacher("B")],
        [school("U1"), school("U2"), rural("R1"), rural("R2", 60)],
        [vacancy("U2"), vacancy("R2")],
    )
    policy = Policy().with_overrides(
        {"E6.enabled": False, "Q1.enabled": False, "Q3.enabled": False}
    )
    assert_agree(inst, policy, "R4 with E6 off")


def test_a_lock_on_a_teacher_who_may_not_go_is_not_dropped_silently():
    # T1 is locked to R1 (re-planning) but is exempt (E5). The checker holds the lock
    # (no lawful plan); the model must not quietly drop it and send T2 instead.
    inst = instance(
        [teacher("T1", exempt_reason="孕期", locked_to="R1"), teacher("T2")],
        [school("U1"), rural("R1")],
        [vacancy("R1")],
    )
    policy = Policy().with_overrides({"Q1.enabled": False, "Q3.enabled": False})
    assert_agree(inst, policy, "lock on an ineligible teacher")


def test_the_wish_tier_scores_against_the_longest_wish_list_in_the_roster():
    # W1 wishes only R1, so a first wish scores L + 1 - 1 = L, with L the longest wish
    # list in the whole roster: 3, from V1, who is exempt and cannot go.
    inst = instance(
        [teacher("W1", wishes=("R1",)),
         teacher("V1", exempt_reason="孕期", wishes=("R1", "R2", "R3"))],
        [school("U1"), rural("R1"), rural("R2"), rural("R3")],
        [vacancy("R1"), vacancy("R2"), vacancy("R3")],
    )  # fmt: skip
    policy = Policy().with_overrides({"Q2.enabled": False, "Q3.enabled": False})
    assert_agree(inst, policy, "wish tier's longest list")
