"""A lock (``locked_to``): the teacher goes to the locked school, to a post they may fill."""

from rotation_planner.domain import Plan
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)


def _county():
    # T1 has fewer points than T2 (no volunteering) and R2 is farther than R1: without
    # the lock the plan sends T2 to the remoter R2. Locked to R1, T1 must go there.
    return instance(
        [teacher("T1", locked_to="R1"), teacher("T2", volunteer=True)],
        [school("U1"), rural("R1", 20), rural("R2", 60)],
        [vacancy("R1"), vacancy("R2")],
    )


def test_the_locked_teacher_goes_to_the_locked_school():
    plan = assert_enforced(_county(), NO_QUOTAS.with_overrides({"Q2.enabled": True}), "locked")
    assert plan.by_teacher["T1"].to_school_id == "R1"


def test_a_plan_without_the_lock_or_elsewhere_is_rejected():
    policy = NO_QUOTAS
    assert_rejected(_county(), policy, Plan(), "locked")
    assert_rejected(_county(), policy, plan_of(("T1", "R2", "数学")), "locked")


def test_the_lock_kept_with_another_teacher_beside_it_is_accepted():
    both = plan_of(("T1", "R1", "数学"), ("T2", "R2", "数学"))
    assert_accepted(_county(), NO_QUOTAS, both, "locked")
