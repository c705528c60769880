"""M1: must rotate (hard). An eligible teacher who plans to apply for 高级 with under
``M1.min_rural_years`` (1) of rural service, or who was promoted to 一级/高级 last year
with no rural service at all, is in the plan as an outward rotator. Sources: the 2018
national title rule (高级须有1年以上农村或薄弱学校任教经历); Miyun. Only teachers
eligible for outward rotation are bound: a learning post does not give rural service."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.domain import Title
from rotation_planner.rules.base import Rule, RuleCheck, Scope, ScopeKind, all_of
from rotation_planner.rules.conflict import (
    Figures,
    Ladder,
    Member,
    Proposal,
    Stage,
    teacher_posts,
)
from rotation_planner.rules.p2_vacancy_count import P2
from rotation_planner.rules.p4_distance import P4
from rotation_planner.rules.params import (
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher
    from rotation_planner.policy import Policy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel
    from rotation_planner.rules.facts import Facts


def needs_rural_service(t: Teacher, p: Policy) -> bool:
    """The teacher's title plans need rural service (whether or not they are eligible)."""
    if not p.M1.enabled:
        return False
    if t.senior_applicant and t.rural_years < p.M1.min_rural_years:
        return True
    return t.promoted_last_year and t.title in (Title.FIRST, Title.SENIOR) and t.rural_years == 0


def must_rotate(facts: Facts) -> tuple[Teacher, ...]:
    """The eligible teachers M1 binds, in roster order."""
    return tuple(t for t in facts.eligible if needs_rural_service(t, facts.policy))


class M1Params(RuleParams):
    """Must rotate: senior-title applicants with under ``min_rural_years`` of rural
    service; teachers promoted to 一级/高级 last year with no rural service."""

    min_rural_years: float = Field(
        1, ge=0, le=60, json_schema_extra=source("2018 national title rule")
    )


class M1(Rule):
    id = "M1"
    conflict_scope = Scope(ScopeKind.TEACHER, ("teacher",))

    def build(self, m: RotationModel) -> None:
        outward = m.pairs_by_teacher(outward_only=True)
        for t in must_rotate(m.facts):
            scope = Scope(ScopeKind.TEACHER, (t.teacher_id,))
            m.require(self.id, scope, m.sum_x(outward.get(t.teacher_id)) >= 1)

    def audit(self, a: Audit) -> list[RuleCheck]:
        must = must_rotate(a.facts)
        missing = [
            t.teacher_id
            for t in must
            if (p := a.by_teacher.get(t.teacher_id)) is None or not p.outward
        ]
        return [all_of(self.id, len(must), missing)]

    def figures(self, facts: Facts, scope: Scope) -> Member:
        """How many posts the teacher who must rotate could fill; with none, the rule
        that shuts them out."""
        return teacher_posts(self.id, facts, scope, {})

    def relaxations(self, facts: Facts, scopes: list[Scope]) -> list[Ladder]:
        """For each teacher who must rotate: a larger distance cap, a new post they
        could fill, or letting them rotate in a later year."""
        ladders = []
        for scope in scopes:
            t = facts.instance.teacher_by_id[scope.ids[0]]
            ladders += [
                P4().raise_cap(facts, [t], Stage.MEMBER),
                P2().new_posts(facts, t, 1, Stage.MEMBER),
                Ladder((self.release(facts, t),), stage=Stage.MEMBER),
            ]
        return ladders

    def release(self, facts: Facts, t: Teacher) -> Proposal:
        """The roster with the teacher's title plans cleared: M1 no longer binds them."""
        inst = facts.instance
        edited = inst.replace(
            teachers=tuple(
                dataclasses.replace(x, senior_applicant=False, promoted_last_year=False)
                if x.teacher_id == t.teacher_id
                else x
                for x in inst.teachers
            )
        )
        told = Figures("M1.release", {"teacher": t.teacher_id})
        return Proposal(self.id, told, told, instance=edited)
