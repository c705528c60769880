"""P3: rotators at a receiving school are at most 50% of its staff, rounded down."""

from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)


def _county(staff: int = 5):
    return instance(
        [teacher(f"T{i}") for i in range(6)],
        [school("U1"), rural("R1", staff=staff)],
        [vacancy("R1", "数学", 6)],
    )


def test_p3_small_school_not_swamped():
    plan = assert_enforced(_county(), NO_QUOTAS, "P3")
    assert len(plan.assignments) == 2  # floor(50% of 5)


def test_p3_too_many_arrivals_rejected():
    three = plan_of(*[(f"T{i}", "R1", "数学") for i in range(3)])
    assert_rejected(_county(5), NO_QUOTAS, three, "P3")


def test_p3_boundary_exactly_half():
    three = plan_of(*[(f"T{i}", "R1", "数学") for i in range(3)])
    assert_accepted(_county(6), NO_QUOTAS, three, "P3")
