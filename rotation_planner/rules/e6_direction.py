"""E6: direction of flow. Only the pairs of school types in ``E6.directions`` may move,
never to the teacher's own school (default: urban sends to township, rural, village and
teaching points; MoE 2014: 城镇学校、优质学校 send). A listed direction towards a more
central type is a learning post (W1), open only while W1 is on. A school whose type sends
outward is a sending school: its teachers are the ones Q1 and Q2 count."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from rotation_planner.domain import SchoolType
from rotation_planner.rules.base import AdmissionRule, MoveKind, RuleCheck, switched_off
from rotation_planner.rules.params import (
    RuleParams,
    source,
    split_list,
)

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher, Vacancy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.facts import Facts


def _direction(text: str) -> tuple[SchoolType, SchoolType]:
    a, sep, b = text.partition("->")
    if not sep:
        raise ValueError(f"direction {text!r} is not 'from->to'")
    return SchoolType(a.strip()), SchoolType(b.strip())


# Outward (E6) first, then the learning posts (W1) that count only while W1 is on.
DEFAULT_DIRECTIONS = tuple(
    f"urban->{t.value}" for t in SchoolType if t is not SchoolType.URBAN
) + tuple(f"{t.value}->urban" for t in SchoolType if t is not SchoolType.URBAN)


CENTRALITY = {t: i for i, t in enumerate(SchoolType)}


def is_learning_direction(sender: SchoolType, receiver: SchoolType) -> bool:
    """A move towards a more central school type: a learning post (跟岗, W1)."""
    return CENTRALITY[receiver] < CENTRALITY[sender]


class E6Params(RuleParams):
    """Direction of flow: which school types may send to which (``from->to`` pairs).
    One table for both directions: a move towards a more central type is a learning
    post (W1) and counts only while W1 is on."""

    directions: tuple[str, ...] = Field(
        DEFAULT_DIRECTIONS, json_schema_extra=source("MoE 2014: 城镇学校、优质学校 send")
    )

    @field_validator("directions", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return split_list(value) if isinstance(value, str) else value

    @field_validator("directions")
    @classmethod
    def _check(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            _direction(item)
        return value

    @property
    def allowed(self) -> frozenset[tuple[SchoolType, SchoolType]]:
        return _directions(self.directions)[0]

    @property
    def outward(self) -> frozenset[tuple[SchoolType, SchoolType]]:
        return _directions(self.directions)[1]

    @property
    def learning(self) -> frozenset[tuple[SchoolType, SchoolType]]:
        return _directions(self.directions)[2]

    @property
    def sending_types(self) -> frozenset[SchoolType]:
        """Types that send rotators outward (the schools Q1 and Q2 apply to)."""
        return _directions(self.directions)[3]


@cache
def _directions(
    directions: tuple[str, ...],
) -> tuple[
    frozenset[tuple[SchoolType, SchoolType]],
    frozenset[tuple[SchoolType, SchoolType]],
    frozenset[tuple[SchoolType, SchoolType]],
    frozenset[SchoolType],
]:
    """The E6 table parsed once per distinct table: (all allowed moves, outward moves,
    learning moves, sending types). Eligibility asks for these once per teacher and per
    school pair, which made parsing the table most of a county's candidate building."""
    allowed = frozenset(_direction(d) for d in directions)
    outward = frozenset(d for d in allowed if not is_learning_direction(*d))
    learning = allowed - outward
    return allowed, outward, learning, frozenset(a for a, _ in outward)


class E6(AdmissionRule):
    id = "E6"
    excludes_from = frozenset({MoveKind.OUTWARD})

    def excludes(self, t: Teacher, facts: Facts) -> bool:
        return facts.school(t.school_id).type not in facts.policy.E6.sending_types

    def forbids(self, t: Teacher, v: Vacancy, kind: MoveKind, facts: Facts) -> bool:
        pair = (facts.school(t.school_id).type, facts.school(v.school_id).type)
        return pair not in facts.policy.E6.allowed

    def check(self, a: Audit) -> list[RuleCheck]:
        # A teacher sent to their own school breaks E6 even with the table switched off.
        rows = self.audit(a)
        if not a.policy.E6.enabled and rows[0].status == "OK":
            return [switched_off(self.id)]
        return rows
