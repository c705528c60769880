"""E3: men aged 50 or under, women 45 or under (以下 includes the number)."""

import pytest

from rotation_planner.domain import Gender
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)


def _county(gender: Gender, age: int):
    return instance(
        [teacher("T1", subjects="英语", gender=gender, age=age), teacher("T2")],
        [school("U1"), rural("R1")],
        [vacancy("R1", "英语")],
    )


@pytest.mark.parametrize(("gender", "age"), [(Gender.MALE, 51), (Gender.FEMALE, 46)])
def test_e3_over_age_is_not_sent(gender, age):
    plan = assert_enforced(_county(gender, age), NO_QUOTAS, "E3")
    assert "T1" not in plan.by_teacher


@pytest.mark.parametrize(("gender", "age"), [(Gender.MALE, 51), (Gender.FEMALE, 46)])
def test_e3_violating_plan_rejected(gender, age):
    assert_rejected(_county(gender, age), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E3")


@pytest.mark.parametrize(("gender", "age"), [(Gender.MALE, 50), (Gender.FEMALE, 45)])
def test_e3_boundary_age_limit_itself_is_eligible(gender, age):
    assert_accepted(_county(gender, age), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E3")


def test_e3_parameter_changes_the_limit():
    policy = NO_QUOTAS.with_overrides({"E3.max_age_male": 55})
    assert_accepted(_county(Gender.MALE, 55), policy, plan_of(("T1", "R1", "英语")), "E3")
