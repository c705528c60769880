"""A finished plan seen through the rulebook: the facts every rule's check reads.

Built from the roster, the policy and the plan (who goes where) alone, never from
solver values, so a hand-made plan is audited exactly like the solver's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from rotation_planner.domain import Assignment, Instance, Plan, Teacher, Vacancy
from rotation_planner.rules.base import MoveKind
from rotation_planner.rules.facts import Facts, Move

if TYPE_CHECKING:
    from rotation_planner.policy import Policy


@dataclass(frozen=True, slots=True)
class Placement:
    """One assignment with its teacher, the post it fills and the verdict on that move."""

    assignment: Assignment
    teacher: Teacher
    post: Vacancy
    move: Move

    @property
    def outward(self) -> bool:
        return self.move.kind is MoveKind.OUTWARD


class Audit:
    """The plan's placements and counts, computed once for every rule's check."""

    def __init__(self, facts: Facts, plan: Plan) -> None:
        self.facts = facts
        self.plan = plan
        inst = facts.instance
        posts = {(v.school_id, v.subject): v for v in inst.vacancy_slots}
        self.placements: tuple[Placement, ...] = tuple(
            Placement(a, t, post, facts.move(t, post))
            for a in plan.assignments
            for t in (inst.teacher_by_id[a.teacher_id],)
            for post in (
                posts.get((a.to_school_id, a.subject)) or Vacancy(a.to_school_id, a.subject, 0),
            )
        )

    @property
    def instance(self) -> Instance:
        return self.facts.instance

    @property
    def policy(self) -> Policy:
        return self.facts.policy

    def breaking(self, rule_id: str) -> list[str]:
        """Teachers whose placement is a move ``rule_id`` forbids."""
        return [p.teacher.teacher_id for p in self.placements if rule_id in p.move.blockers]

    @cached_property
    def by_teacher(self) -> Mapping[str, Placement]:
        return {p.teacher.teacher_id: p for p in self.placements}

    @cached_property
    def outward_by_school(self) -> Mapping[str, tuple[Teacher, ...]]:
        """Outward rotators by home school: what Q1-Q3 count (learning posts do not)."""
        out: dict[str, list[Teacher]] = {}
        for p in self.placements:
            if p.outward:
                out.setdefault(p.teacher.school_id, []).append(p.teacher)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def outward(self) -> tuple[Teacher, ...]:
        return tuple(p.teacher for p in self.placements if p.outward)

    @cached_property
    def sending_schools(self) -> tuple[str, ...]:
        """Schools the per-school quotas (Q1, Q2) apply to: those with eligible teachers,
        and any that sent an outward rotator."""
        ids = set(self.facts.eligible_by_school) | set(self.outward_by_school)
        return tuple(sorted(ids))
