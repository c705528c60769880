"""A tiny county for report tests, built straight from the domain dataclasses.

Two urban sending schools (U1, U2) and two rural receiving schools (R1 at 40 km,
R2 at 80 km). Every teacher passes E1-E6 under the default policy unless the test
says otherwise (age 40, 一级, 8 years at school, in service).
"""

from __future__ import annotations

from rotation_planner.check import CheckResult
from rotation_planner.domain import (
    Assignment,
    Backbone,
    Gender,
    Instance,
    Plan,
    RunInfo,
    School,
    SchoolType,
    Teacher,
    TierResult,
    Vacancy,
)
from rotation_planner.rules.base import (
    at_least,
    at_most,
    none_of,
    school_scope,
    switched_off,
)
from tests.builders import teacher


def school(
    school_id: str, kind: SchoolType, distance_km: float, staff: int, **kw: object
) -> School:
    return School(school_id, f"学校{school_id}", kind, distance_km, staff, **kw)  # type: ignore[arg-type]


def county(
    teachers: list[Teacher],
    vacancies: list[Vacancy] | None = None,
    extra_schools: tuple[School, ...] = (),
) -> Instance:
    schools = (
        school("U1", SchoolType.URBAN, 0, 20, paired_with=("R2",)),
        school("U2", SchoolType.URBAN, 3, 20),
        school("R1", SchoolType.RURAL, 40, 20),
        school("R2", SchoolType.RURAL, 80, 10),
        *extra_schools,
    )
    if vacancies is None:
        vacancies = [Vacancy("R1", "数学", 1), Vacancy("R2", "语文", 1)]
    return Instance(tuple(teachers), schools, tuple(vacancies), plan_year=2026)


def sample_instance() -> Instance:
    """T01 must rotate (math); T02 Chinese backbone volunteer; T03 math, fewer points;
    T04 music (no vacancy); T05 too young at school (E2); T06 at U2 with a family cap."""
    return county(
        [
            teacher("T01", senior_applicant=True, volunteer=True, backbone=Backbone.COUNTY),
            teacher("T02", subjects=("语文",), backbone=Backbone.COUNTY, volunteer=True),
            teacher("T03", years_at_school=6, rural_years=2, last_rural_year=2024),
            teacher("T04", subjects=("音乐",)),
            teacher("T05", years_at_school=2),
            teacher("T06", "U2", family_burden=True, gender=Gender.FEMALE),
        ]
    )


def sample_plan() -> Plan:
    return Plan.of([Assignment("T01", "R1", "数学"), Assignment("T02", "R2", "语文")])


def sample_check() -> CheckResult:
    return CheckResult(
        (
            none_of("E2", (), base=2),
            at_least("Q1", school_scope("U1"), 1, 2, 4),
            at_most("Q4", school_scope("U1"), 3, 4, 20, ("T01", "T02", "T03", "T04")),
            switched_off("W1"),
        )
    )  # fmt: skip


def sample_run(**kw: object) -> RunInfo:
    fields: dict[str, object] = {
        "input_name": "roster.xlsx",
        "input_sha256": "ab" * 32,
        "seed": 7,
        "workers": 2,
        "solver": "OR-Tools CP-SAT 9.15",
        "status": "OPTIMAL",
        "tiers": (
            TierResult("coverage", "OPTIMAL", 2, 2, 0.01),
            TierResult("priority", "FEASIBLE", 40, 44, 0.02),
        ),
        "wall_s": 0.05,
        "lang": "zh",
        "tool_version": "0.1.0",
    }
    fields.update(kw)
    return RunInfo(**fields)  # type: ignore[arg-type]
