"""E5: exempt from any move: a recorded exemption reason (pregnancy or breastfeeding,
certified illness, an approved special post), within ``E5.retirement_window_years`` (3)
of statutory retirement, or rotated within the last ``E5.rotated_within_years`` years
before the plan year. Source: county implementation plans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.domain import Gender
from rotation_planner.rules.base import AdmissionRule, MoveKind
from rotation_planner.rules.params import (
    INFERENCE,
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher
    from rotation_planner.policy import Policy
    from rotation_planner.rules.facts import Facts


def rotated_recently(t: Teacher, p: Policy, year: int) -> bool:
    """Rotated in one of the ``E5.rotated_within_years`` years before ``year``."""
    k = p.E5.rotated_within_years
    return k > 0 and any(0 <= year - y <= k for y in t.rotated_years)


def near_retirement(t: Teacher, p: Policy) -> bool:
    retire = p.E5.retirement_age_male if t.gender is Gender.MALE else p.E5.retirement_age_female
    return retire - t.age <= p.E5.retirement_window_years


class E5Params(RuleParams):
    """Exempt: a non-empty exempt reason, within ``retirement_window_years`` of the
    statutory retirement age, or rotated within the last ``rotated_within_years`` years
    (0 = never exempt for that)."""

    retirement_window_years: int = Field(3, ge=0, le=30, json_schema_extra=source("county plans"))
    retirement_age_male: int = Field(60, ge=40, le=70, json_schema_extra=source(INFERENCE))
    retirement_age_female: int = Field(55, ge=40, le=70, json_schema_extra=source(INFERENCE))
    rotated_within_years: int = Field(3, ge=0, le=60, json_schema_extra=source(INFERENCE))


class E5(AdmissionRule):
    id = "E5"
    excludes_from = frozenset(MoveKind)

    def excludes(self, t: Teacher, facts: Facts) -> bool:
        p = facts.policy
        return bool(t.exempt_reason) or near_retirement(t, p) or rotated_recently(t, p, facts.year)
