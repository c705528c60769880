"""Property: on random rosters, every plan the solver returns passes the independent
checker, and the model admits exactly that plan (model and checker agree)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotation_planner.check import check_plan
from rotation_planner.domain import Backbone, Gender, SchoolType, Title
from rotation_planner.model.solve import SolverSettings, model_accepts, solve
from rotation_planner.policy import Policy
from tests.builders import instance, school, teacher, vacancy

SUBJECTS = ("语文", "数学", "英语")
OUTWARD = (SchoolType.TOWNSHIP, SchoolType.RURAL, SchoolType.VILLAGE, SchoolType.TEACHING_POINT)


@st.composite
def rosters(draw):
    n_urban = draw(st.integers(1, 3))
    n_rural = draw(st.integers(1, 4))
    schools = [school(f"U{i}", staff=draw(st.integers(5, 60))) for i in range(n_urban)]
    schools += [
        school(f"R{i}", draw(st.sampled_from(OUTWARD)), draw(st.integers(5, 130)),
               draw(st.integers(1, 30)))
        for i in range(n_rural)
    ]  # fmt: skip
    teachers = []
    for i in range(draw(st.integers(1, 40))):
        subjects = draw(st.lists(st.sampled_from(SUBJECTS), min_size=1, max_size=2, unique=True))
        teachers.append(
            teacher(
                f"T{i:03}",
                draw(st.sampled_from([s.school_id for s in schools])),
                gender=draw(st.sampled_from(list(Gender))),
                age=draw(st.integers(24, 58)),
                subjects=tuple(subjects),
                title=draw(st.sampled_from(list(Title))),
                years_at_school=draw(st.integers(0, 20)),
                rural_years=draw(st.sampled_from([0, 0, 0.5, 2])),
                backbone=draw(st.sampled_from(list(Backbone))),
                volunteer=draw(st.booleans()),
                family_burden=draw(st.booleans()),
                senior_applicant=draw(st.integers(0, 9)) == 0,
                exempt_reason=draw(st.sampled_from(["", "", "", "孕期"])),
            )
        )
    vacancies = [
        vacancy(f"R{draw(st.integers(0, n_rural - 1))}", draw(st.sampled_from(SUBJECTS)),
                draw(st.integers(0, 4)))
        for _ in range(draw(st.integers(0, 8)))
    ]  # fmt: skip
    return instance(teachers, schools, vacancies)


@st.composite
def policies(draw):
    return Policy().with_overrides(
        {
            "Q1.min_share": draw(st.sampled_from([0.0, 0.05, 0.1])),
            "Q3.enabled": draw(st.booleans()),
            "E3.max_age_male": draw(st.sampled_from([50, 55])),
            "P4.max_km": draw(st.sampled_from([None, 60])),
        }
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters(), policies())
def test_every_solved_plan_passes_the_checker(inst, policy):
    result = solve(inst, policy, SolverSettings(workers=1, tier_time_limit=10))
    if result.plan is None:
        assert result.status == "INFEASIBLE"
        return
    report = check_plan(inst, policy, result.plan)
    assert report.ok, report.violations
    assert model_accepts(inst, policy, result.plan)
