"""Tiny hand-built instances for rule tests: every default is an eligible urban teacher.

Defaults pass every rule under the default policy (age 40, 一级, 8 years at school,
in service, not exempt), so each test changes only what it is about.
"""

from __future__ import annotations

from rotation_planner.domain import (
    Backbone,
    Gender,
    Instance,
    School,
    SchoolType,
    Teacher,
    Title,
    Vacancy,
)


def teacher(teacher_id: str, school_id: str = "U1", **kw: object) -> Teacher:
    fields: dict[str, object] = {
        "name": f"教师{teacher_id}",
        "gender": Gender.MALE,
        "age": 40,
        "subjects": ("数学",),
        "title": Title.FIRST,
        "years_at_school": 8,
        "rural_years": 0,
        "backbone": Backbone.NONE,
    }
    fields.update(kw)
    if isinstance(fields["subjects"], str):
        fields["subjects"] = (fields["subjects"],)
    return Teacher(teacher_id=teacher_id, school_id=school_id, **fields)  # type: ignore[arg-type]


def school(
    school_id: str,
    kind: SchoolType = SchoolType.URBAN,
    distance_km: float = 0,
    staff: int = 100,
    **kw: object,
) -> School:
    return School(
        school_id=school_id,
        name=f"学校{school_id}",
        type=kind,
        distance_km=distance_km,
        staff=staff,
        **kw,  # type: ignore[arg-type]
    )


def rural(school_id: str, distance_km: float = 40, staff: int = 20, **kw: object) -> School:
    return school(school_id, SchoolType.RURAL, distance_km, staff, **kw)


def vacancy(school_id: str, subject: str = "数学", count: int = 1) -> Vacancy:
    return Vacancy(school_id=school_id, subject=subject, count=count)


def instance(teachers: list[Teacher], schools: list[School], vacancies: list[Vacancy]) -> Instance:
    return Instance(tuple(teachers), tuple(schools), tuple(vacancies), plan_year=2026)
