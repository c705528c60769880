"""A lock (the ``locked_to`` column): the teacher's placement is fixed to that school,
as re-planning keeps a published placement. The teacher goes there, to a post they may
fill under every rule; a lock no such post allows is an input error, found before
solving (``impossible_locks``)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rotation_planner.rules.base import (
    AdmissionRule,
    MoveKind,
    RuleCheck,
    Scope,
    ScopeKind,
    all_of,
)
from rotation_planner.rules.conflict import (
    Figures,
    Ladder,
    Member,
    Proposal,
    Stage,
    school_name,
    teacher_posts,
)
from rotation_planner.rules.p2_vacancy_count import P2
from rotation_planner.rules.p4_distance import P4

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher, Vacancy
    from rotation_planner.policy import Policy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel
    from rotation_planner.rules.facts import Facts


def impossible_locks(facts: Facts) -> list[tuple[Teacher, tuple[str, ...]]]:
    """Locked teachers with no post at their locked school open to them, each with the
    rules that close the posts there (empty: the school has no vacancy at all)."""
    found = []
    for t in facts.instance.teachers:
        if not t.locked_to:
            continue
        posts = [v for v in facts.instance.vacancy_slots if v.school_id == t.locked_to]
        moves = [facts.move(t, v) for v in posts]
        if not any(m.allowed for m in moves):
            rules = sorted({r for m in moves for r in m.blockers}) if moves else []
            found.append((t, tuple(rules)))
    return found


class Locked(AdmissionRule):
    id = "locked"
    conflict_scope = Scope(ScopeKind.TEACHER, ("teacher",))

    def active(self, p: Policy) -> bool:
        return True

    def forbids(self, t: Teacher, v: Vacancy, kind: MoveKind, facts: Facts) -> bool:
        return bool(t.locked_to) and v.school_id != t.locked_to

    def build(self, m: RotationModel) -> None:
        by_teacher = m.pairs_by_teacher()
        for t in m.instance.teachers:
            if t.locked_to:
                scope = Scope(ScopeKind.TEACHER, (t.teacher_id,))
                m.require(self.id, scope, m.sum_x(by_teacher.get(t.teacher_id)) >= 1)

    def audit(self, a: Audit) -> list[RuleCheck]:
        locked = [t for t in a.instance.teachers if t.locked_to]
        missing = [
            t.teacher_id
            for t in locked
            if (p := a.by_teacher.get(t.teacher_id)) is None or p.post.school_id != t.locked_to
        ]
        return [all_of(self.id, len(locked), missing)]

    def figures(self, facts: Facts, scope: Scope) -> Member:
        """The school the teacher is locked to, and how many posts they could fill
        there; with none, the rule that shuts them out."""
        to = facts.instance.teacher_by_id[scope.ids[0]].locked_to
        values: dict[str, object] = {"to": to, "to_name": school_name(facts.instance, to)}
        return teacher_posts(self.id, facts, scope, values)

    def relaxations(self, facts: Facts, scopes: list[Scope]) -> list[Ladder]:
        """For each locked teacher: a larger distance cap, a new post they could fill,
        or clearing the lock."""
        ladders = []
        for scope in scopes:
            t = facts.instance.teacher_by_id[scope.ids[0]]
            ladders += [
                P4().raise_cap(facts, [t], Stage.MEMBER),
                P2().new_posts(facts, t, 1, Stage.MEMBER),
                Ladder((self.unlock(facts, t),), stage=Stage.MEMBER),
            ]
        return ladders

    def unlock(self, facts: Facts, t: Teacher) -> Proposal:
        """The roster with the teacher's ``locked_to`` cleared."""
        inst = facts.instance
        edited = inst.replace(
            teachers=tuple(
                dataclasses.replace(x, locked_to="") if x.teacher_id == t.teacher_id else x
                for x in inst.teachers
            )
        )
        told = Figures("locked.unlock", {"teacher": t.teacher_id})
        return Proposal(self.id, told, told, instance=edited)
