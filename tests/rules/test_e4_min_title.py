"""E4: title 一级 (formerly 中级) and above."""

from rotation_planner.domain import Title
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)


def _county(title: Title):
    return instance(
        [teacher("T1", subjects="英语", title=title), teacher("T2")],
        [school("U1"), rural("R1")],
        [vacancy("R1", "英语")],
    )


def test_e4_junior_title_is_not_sent():
    plan = assert_enforced(_county(Title.SECOND), NO_QUOTAS, "E4")
    assert "T1" not in plan.by_teacher


def test_e4_violating_plan_rejected():
    assert_rejected(_county(Title.SECOND), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E4")


def test_e4_boundary_first_grade_is_eligible():
    assert_accepted(_county(Title.FIRST), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E4")


def test_e4_min_title_parameter_in_chinese():
    policy = NO_QUOTAS.with_overrides({"E4.min_title": "高级"})
    assert_rejected(_county(Title.FIRST), policy, plan_of(("T1", "R1", "英语")), "E4")
