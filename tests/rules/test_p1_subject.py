"""P1: a rotator fills a vacancy in a subject they teach (main or listed second)."""

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
        [teacher("T1", subjects="数学"), teacher("T2", subjects=("数学", "英语"))],
        [school("U1"), rural("R1")],
        [vacancy("R1", "英语", 2)],
    )


def test_p1_only_subject_teachers_fill_posts():
    plan = assert_enforced(_county(), NO_QUOTAS, "P1")
    assert set(plan.by_teacher) == {"T2"}


def test_p1_wrong_subject_rejected():
    assert_rejected(_county(), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "P1")


def test_p1_boundary_second_subject_counts_unless_switched_off():
    assert_accepted(_county(), NO_QUOTAS, plan_of(("T2", "R1", "英语")), "P1")
    main_only = NO_QUOTAS.with_overrides({"P1.second_subjects": False})
    assert_rejected(_county(), main_only, plan_of(("T2", "R1", "英语")), "P1")
