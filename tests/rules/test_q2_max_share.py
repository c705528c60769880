"""Q2: each sending school rotates at most 15% of its eligible teachers, rounded up."""

from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import NO_Q3, assert_accepted, assert_enforced, assert_rejected, plan_of


def _county():
    # 30 eligible, 10 posts: coverage would send 10; Q2 caps at ceil(4.5) = 5.
    return instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 10)],
    )


def test_q2_caps_each_school():
    plan = assert_enforced(_county(), NO_Q3, "Q2")
    assert len(plan.assignments) == 5


def test_q2_plan_above_maximum_rejected():
    six = plan_of(*[(f"A{i:02}", "R1", "数学") for i in range(6)])
    assert_rejected(_county(), NO_Q3, six, "Q2")


def test_q2_boundary_exactly_the_maximum():
    five = plan_of(*[(f"A{i:02}", "R1", "数学") for i in range(5)])
    assert_accepted(_county(), NO_Q3, five, "Q2")
