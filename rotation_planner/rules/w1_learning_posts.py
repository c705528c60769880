"""W1: rural teachers may take learning posts (跟岗) at more central schools, in the
directions of the E6 table that point inward, while W1 is on (off by default): aged at
most ``W1.max_age`` (45) with at least ``W1.min_teaching_years`` (5) of teaching. Source:
Miyun (山区学校选派45岁以下青年教师到县城). A learning post fills a vacancy (P1-P4) and
counts against the sending school's staff (Q4), but it is not an outward rotation: Q1-Q3
and M1 do not count it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.rules.base import AdmissionRule, MoveKind, RuleCheck, switched_off
from rotation_planner.rules.params import (
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher
    from rotation_planner.policy import Policy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.facts import Facts


class W1Params(RuleParams):
    """Rural teachers take learning posts (跟岗) at more central schools, along the
    learning directions of ``E6.directions``: aged at most ``max_age``, with at least
    ``min_teaching_years`` of teaching; E1 and E5 apply to them too."""

    enabled: bool = False
    max_age: int = Field(45, ge=18, le=70, json_schema_extra=source("Miyun"))
    min_teaching_years: float = Field(5, ge=0, le=60, json_schema_extra=source("Miyun"))


class W1(AdmissionRule):
    id = "W1"
    excludes_from = frozenset({MoveKind.LEARNING})

    def active(self, p: Policy) -> bool:
        return True  # while W1 is off it closes every learning post

    def excludes(self, t: Teacher, facts: Facts) -> bool:
        p = facts.policy.W1
        if not p.enabled:
            return True
        return t.age > p.max_age or (t.teaching_years or 0) < p.min_teaching_years

    def check(self, a: Audit) -> list[RuleCheck]:
        rows = self.audit(a)
        if not a.policy.W1.enabled and rows[0].status == "OK":
            return [switched_off(self.id)]
        return rows
