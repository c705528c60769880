"""Q1: each sending school rotates at least 10% of its eligible teachers, rounded up."""

import pytest

from rotation_planner.policy import Policy
from rotation_planner.rules.q1_min_share import min_rotators
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_Q3,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
    solved,
)


def _county(n_a: int = 30, posts: int = 4):
    # U2's 9 teachers volunteer (more points) and may send 1 to 2 (Q1/Q2). Without Q1,
    # U2 sends 2 and U1 only the remaining posts; Q1 makes U1 send ceil(10% of n_a).
    a = [teacher(f"A{i:02}", "U1") for i in range(n_a)]
    b = [teacher(f"B{i:02}", "U2", volunteer=True) for i in range(9)]
    return instance(
        a + b, [school("U1"), school("U2"), rural("R1")], [vacancy("R1", "数学", posts)]
    )


def test_q1_each_school_sends_its_minimum():
    inst = _county()
    plan = assert_enforced(inst, NO_Q3, "Q1")
    sent_a = sum(1 for t in plan.by_teacher if t.startswith("A"))
    assert sent_a == 3  # 10% of 30; the fourth post goes to a U2 volunteer


def test_q1_plan_below_minimum_rejected():
    too_few = plan_of(("A00", "R1", "数学"), ("A01", "R1", "数学"), ("B00", "R1", "数学"))
    assert_rejected(_county(), NO_Q3, too_few, "Q1")


@pytest.mark.parametrize(("eligible", "need"), [(30, 3), (31, 4), (20, 2), (9, 1)])
def test_q1_boundary_rounds_up(eligible, need):
    assert min_rotators(eligible, Policy()) == need
    inst = _county(eligible, posts=need + 1)
    a = [(f"A{i:02}", "R1", "数学") for i in range(need)]
    assert_accepted(inst, NO_Q3, plan_of(*a, ("B00", "R1", "数学")), "Q1")
    one_short = plan_of(*a[1:], ("B00", "R1", "数学"), ("B01", "R1", "数学"))
    assert_rejected(inst, NO_Q3, one_short, "Q1")


def test_q1_share_parameter():
    policy = NO_Q3.with_overrides({"Q1.min_share": 0.05})
    plan = solved(_county(), policy)
    assert sum(1 for t in plan.by_teacher if t.startswith("A")) == 2
