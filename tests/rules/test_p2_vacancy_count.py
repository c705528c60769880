"""P2: at most the stated number of rotators per (school, subject) vacancy."""

from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)


def _county():
    return instance(
        [teacher(f"T{i}") for i in range(4)],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 2)],
    )


def test_p2_never_more_than_the_posts():
    plan = assert_enforced(_county(), NO_QUOTAS, "P2")
    assert len(plan.assignments) == 2


def test_p2_overfilled_post_rejected():
    three = plan_of(("T0", "R1", "数学"), ("T1", "R1", "数学"), ("T2", "R1", "数学"))
    assert_rejected(_county(), NO_QUOTAS, three, "P2")


def test_p2_post_that_does_not_exist_rejected():
    assert_rejected(_county(), NO_QUOTAS, plan_of(("T0", "R1", "英语")), "P2")


def test_p2_boundary_exactly_full():
    assert_accepted(_county(), NO_QUOTAS, plan_of(("T0", "R1", "数学"), ("T1", "R1", "数学")), "P2")
