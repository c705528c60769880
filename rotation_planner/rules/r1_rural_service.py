"""R1: teachers with no rural service go first, then those with none in the last
``R1.recent_years`` (5) years; years at the school add points, capped. Source: a district
plan (从未有农村教育工作经历的城区教师首批). Its points are part of the priority tier,
and no priority swap may raise them (rules/priority.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.rules.params import (
    INFERENCE,
    RuleParams,
    source,
)
from rotation_planner.rules.points_rule import PointsRule

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher
    from rotation_planner.policy import Policy


def rural_points(t: Teacher, p: Policy, plan_year: int) -> tuple[int, int, int]:
    """(never rural, none recent, years at school) points."""
    if not p.R1.enabled:
        return 0, 0, 0
    never = recent = 0
    if t.rural_years <= 0:
        never = p.R1.never_rural_points
    elif t.last_rural_year is not None and plan_year - t.last_rural_year > p.R1.recent_years:
        recent = p.R1.no_recent_points
    years = min(p.R1.max_year_points, int(t.years_at_school) * p.R1.points_per_year_at_school)
    return never, recent, years


class R1Params(RuleParams):
    """Priority points for rural service: none ever, none recently, and years waited."""

    never_rural_points: int = Field(
        10, ge=0, le=1000, json_schema_extra=source("district plan: 首批")
    )
    no_recent_points: int = Field(5, ge=0, le=1000, json_schema_extra=source(INFERENCE))
    recent_years: int = Field(5, ge=1, le=60, json_schema_extra=source("district plan"))
    points_per_year_at_school: int = Field(1, ge=0, le=1000, json_schema_extra=source(INFERENCE))
    max_year_points: int = Field(10, ge=0, le=1000, json_schema_extra=source(INFERENCE))


class R1(PointsRule):
    id = "R1"
