"""E2: only teachers with at least ``E2.min_years`` consecutive years at their current
school rotate outward (default 6; Henan, Tianjin, Anhui and Beijing rules)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.rules.base import AdmissionRule, MoveKind
from rotation_planner.rules.conflict import Proposal, parameter_change
from rotation_planner.rules.params import (
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher
    from rotation_planner.rules.facts import Facts


class E2Params(RuleParams):
    """Only teachers with at least ``min_years`` consecutive years at their school."""

    min_years: float = Field(
        6, ge=0, le=60, json_schema_extra=source("Henan, Tianjin, Anhui, Beijing")
    )


class E2(AdmissionRule):
    id = "E2"
    excludes_from = frozenset({MoveKind.OUTWARD})

    def excludes(self, t: Teacher, facts: Facts) -> bool:
        return t.years_at_school < facts.policy.E2.min_years

    def admit(self, facts: Facts, teachers: list[Teacher]) -> list[Proposal]:
        """Fewer years at the school: down to the whole years of each teacher E2 alone
        excludes, nearest first."""
        current = facts.policy.E2.min_years
        years = {
            math.floor(t.years_at_school)
            for t in teachers
            if facts.excluded_by(t, MoveKind.OUTWARD) == (self.id,)
        }
        return [
            Proposal(self.id, parameter_change("E2.min_years", current, y), None,
                     {"E2.min_years": y})
            for y in sorted(years, reverse=True)
        ]  # fmt: skip
