"""E2: only teachers with at least 6 consecutive years at their current school."""

from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)


def _county(years: float):
    return instance(
        [teacher("T1", subjects="英语", years_at_school=years), teacher("T2")],
        [school("U1"), rural("R1")],
        [vacancy("R1", "英语")],
    )


def test_e2_newcomer_is_not_sent():
    plan = assert_enforced(_county(5.9), NO_QUOTAS, "E2")
    assert "T1" not in plan.by_teacher


def test_e2_violating_plan_rejected():
    assert_rejected(_county(5), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E2")


def test_e2_boundary_exactly_six_years_is_eligible():
    assert_accepted(_county(6), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E2")
