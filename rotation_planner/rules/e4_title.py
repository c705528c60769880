"""E4: only teachers with at least the title ``E4.min_title`` (一级, formerly 中级)
rotate outward. Source: 中级以上专业技术职务 in the district plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from rotation_planner.domain import Title
from rotation_planner.rules.base import AdmissionRule, MoveKind
from rotation_planner.rules.conflict import Proposal, parameter_change
from rotation_planner.rules.params import (
    RuleParams,
    parse_title,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher
    from rotation_planner.rules.facts import Facts


class E4Params(RuleParams):
    """Minimum professional title (中级以上 = 一级 and above)."""

    min_title: Title = Field(Title.FIRST, json_schema_extra=source("district plan: 中级以上"))

    @field_validator("min_title", mode="before")
    @classmethod
    def _title(cls, value: object) -> Title:
        return parse_title(value)


class E4(AdmissionRule):
    id = "E4"
    excludes_from = frozenset({MoveKind.OUTWARD})

    def excludes(self, t: Teacher, facts: Facts) -> bool:
        return t.title < facts.policy.E4.min_title

    def admit(self, facts: Facts, teachers: list[Teacher]) -> list[Proposal]:
        """A lower minimum title: down to the title of each teacher E4 alone excludes,
        nearest first."""
        current = Title(facts.policy.E4.min_title)
        titles = {
            Title(t.title) for t in teachers if facts.excluded_by(t, MoveKind.OUTWARD) == (self.id,)
        }
        return [
            Proposal(self.id, parameter_change("E4.min_title", current, title), None,
                     {"E4.min_title": int(title)})
            for title in sorted(titles, reverse=True)
        ]  # fmt: skip
