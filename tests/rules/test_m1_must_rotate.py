"""M1: senior-title applicants with under 1 year of rural service, and teachers promoted
to 一级/高级 last year with no rural service, must rotate."""

from rotation_planner.domain import Title
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)


def _county(**kw):
    # One post; the volunteer has more points, so only M1 can make T1 go.
    return instance(
        [teacher("T1", rural_years=0.5, **kw), teacher("T2", volunteer=True, rural_years=0)],
        [school("U1"), rural("R1")],
        [vacancy("R1")],
    )


def test_m1_senior_applicant_is_sent():
    plan = assert_enforced(_county(senior_applicant=True), NO_QUOTAS, "M1")
    assert set(plan.by_teacher) == {"T1"}


def test_m1_plan_leaving_them_out_rejected():
    assert_rejected(_county(senior_applicant=True), NO_QUOTAS, plan_of(("T2", "R1", "数学")), "M1")


def test_m1_boundary_one_year_of_rural_service_is_enough():
    inst = instance(
        [teacher("T1", rural_years=1, senior_applicant=True), teacher("T2", volunteer=True)],
        [school("U1"), rural("R1")],
        [vacancy("R1")],
    )
    assert_accepted(inst, NO_QUOTAS, plan_of(("T2", "R1", "数学")), "M1")


def test_m1_promoted_last_year_without_rural_service():
    inst = instance(
        [teacher("T1", promoted_last_year=True, title=Title.SENIOR), teacher("T2", volunteer=True)],
        [school("U1"), rural("R1")],
        [vacancy("R1")],
    )
    plan = assert_enforced(inst, NO_QUOTAS, "M1")
    assert set(plan.by_teacher) == {"T1"}
