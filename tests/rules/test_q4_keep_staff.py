"""Q4: a sending school's rotators are at most 15% of its whole staff, rounded down."""

from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import NO_Q3, assert_accepted, assert_enforced, assert_rejected, plan_of


def _county(staff: int = 20):
    # 30 eligible rows but only 20 staff on record: Q2 allows 5, Q4 floor(3.0) = 3.
    return instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1", staff=staff), rural("R1")],
        [vacancy("R1", "数学", 10)],
    )


def test_q4_small_school_keeps_its_staff():
    plan = assert_enforced(_county(), NO_Q3, "Q4")
    assert len(plan.assignments) == 3


def test_q4_plan_above_cap_rejected():
    four = plan_of(*[(f"A{i:02}", "R1", "数学") for i in range(4)])
    assert_rejected(_county(), NO_Q3, four, "Q4")


def test_q4_boundary_rounds_down():
    three = plan_of(*[(f"A{i:02}", "R1", "数学") for i in range(3)])
    assert_accepted(_county(20), NO_Q3, three, "Q4")  # 15% of 20 = 3.0
    assert_rejected(_county(26), NO_Q3, plan_of(*[(f"A{i:02}", "R1", "数学") for i in range(4)]),
                    "Q4")  # fmt: skip  # 15% of 26 = 3.9 -> 3
