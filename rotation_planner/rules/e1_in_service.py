"""E1: only in-service teachers (在编在岗) rotate or take a learning post.

Source: MoE 2014 opinion (教师〔2014〕4号), restated by the provinces. The status column
holds the teacher's state; an empty status counts as in service, and any value listed in
``E1.in_service`` counts too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from rotation_planner.rules.base import AdmissionRule, MoveKind
from rotation_planner.rules.params import (
    RuleParams,
    source,
    split_list,
)
from rotation_planner.vocabulary import IN_SERVICE

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher
    from rotation_planner.rules.facts import Facts


class E1Params(RuleParams):
    """Only in-service teachers (在编在岗). An empty status counts as in service."""

    in_service: tuple[str, ...] = Field(
        (IN_SERVICE.zh,), json_schema_extra=source("MoE 2014 opinion (教师〔2014〕4号)")
    )

    @field_validator("in_service", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return split_list(value) if isinstance(value, str) else value


class E1(AdmissionRule):
    id = "E1"
    excludes_from = frozenset(MoveKind)

    def excludes(self, t: Teacher, facts: Facts) -> bool:
        return bool(t.status) and t.status not in facts.policy.E1.in_service
