"""E3: men up to ``E3.max_age_male`` (50), women up to ``E3.max_age_female`` (45) rotate
outward. 以下 includes the number (Civil Code art. 1259). Source: a district's two-way
exchange plan (男50/女45周岁以下); Tianjin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.domain import Gender
from rotation_planner.rules.base import AdmissionRule, MoveKind
from rotation_planner.rules.conflict import Proposal, parameter_change
from rotation_planner.rules.params import (
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher
    from rotation_planner.rules.facts import Facts


class E3Params(RuleParams):
    """Age limit by gender: 以下 includes the number (Civil Code art. 1259)."""

    max_age_male: int = Field(50, ge=18, le=70, json_schema_extra=source("district plan (男50)"))
    max_age_female: int = Field(45, ge=18, le=70, json_schema_extra=source("district plan (女45)"))


class E3(AdmissionRule):
    id = "E3"
    excludes_from = frozenset({MoveKind.OUTWARD})

    def excludes(self, t: Teacher, facts: Facts) -> bool:
        p = facts.policy.E3
        return t.age > (p.max_age_male if t.gender is Gender.MALE else p.max_age_female)

    def admit(self, facts: Facts, teachers: list[Teacher]) -> list[Proposal]:
        """A higher age limit, men's then women's: up to the age of each teacher E3
        alone excludes, nearest first."""
        only = [t for t in teachers if facts.excluded_by(t, MoveKind.OUTWARD) == (self.id,)]
        proposals = []
        for male, key in ((True, "max_age_male"), (False, "max_age_female")):
            current = getattr(facts.policy.E3, key)
            ages = {t.age for t in only if (t.gender is Gender.MALE) is male}
            for age in sorted(a for a in ages if a > current):
                change = parameter_change(f"E3.{key}", current, age)
                proposals.append(Proposal(self.id, change, None, {f"E3.{key}": age}))
        return proposals
