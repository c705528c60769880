"""E5: exempt teachers (pregnancy, illness, special post, near retirement) are not sent."""

from rotation_planner.domain import Gender
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)

# Lift the E3 age limit so that only E5's retirement window decides.
OLD_OK = NO_QUOTAS.with_overrides({"E3.max_age_male": 65})


def _county(**kw):
    return instance(
        [teacher("T1", subjects="英语", **kw), teacher("T2")],
        [school("U1"), rural("R1")],
        [vacancy("R1", "英语")],
    )


def test_e5_pregnant_teacher_is_not_sent():
    plan = assert_enforced(_county(exempt_reason="孕期"), NO_QUOTAS, "E5")
    assert "T1" not in plan.by_teacher


def test_e5_violating_plan_rejected():
    assert_rejected(_county(exempt_reason="病休"), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E5")


def test_e5_within_three_years_of_retirement_is_exempt():
    # A man retires at 60: at 57 he is within 3 years (included), at 56 he is not.
    inst = _county(gender=Gender.MALE, age=57)
    assert_rejected(inst, OLD_OK, plan_of(("T1", "R1", "英语")), "E5")
    assert_accepted(
        _county(gender=Gender.MALE, age=56), OLD_OK, plan_of(("T1", "R1", "英语")), "E5"
    )


def test_e5_retirement_window_enforced_by_model():
    plan = assert_enforced(_county(gender=Gender.MALE, age=58), OLD_OK, "E5")
    assert "T1" not in plan.by_teacher


def test_e5_rotated_within_the_last_three_years_is_exempt():
    # Plan year 2026, K = 3: rotated in 2023 is within (included), in 2022 is not.
    assert_rejected(_county(rotated_years=(2023,)), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E5")
    assert_accepted(_county(rotated_years=(2022,)), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E5")
    plan = assert_enforced(_county(rotated_years=(2025,)), NO_QUOTAS, "E5")
    assert "T1" not in plan.by_teacher
