"""What the rulebook derives from one roster under one policy, computed once.

``Facts.move`` is the one admissible-move predicate: may teacher ``t`` fill post ``v``,
as what kind of move, and if not, which rules forbid it. The model creates a variable
exactly for the moves it allows; the checker, the priority and envy audits, the
diagnosis, the relaxations and the explanations all ask it the same question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from rotation_planner.domain import Instance, School, Teacher, Title, Vacancy
from rotation_planner.rules.base import MoveKind, Rule
from rotation_planner.rules.e6_direction import is_learning_direction

if TYPE_CHECKING:
    from rotation_planner.policy import Policy
    from rotation_planner.rules.priority import Points


@dataclass(frozen=True, slots=True)
class Move:
    """The verdict on one (teacher, post) pair: the kind of move (None: the teacher's
    own school, no move at all) and the rules that forbid it, in rulebook order."""

    kind: MoveKind | None
    blockers: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.kind is not None and not self.blockers


def plan_year(instance: Instance, policy: Policy) -> int:
    """The plan year, from which R1's "none in the last N years" and E5's recent
    rotations are counted: the roster's plan year, else the policy's, else the
    reference date's, else the current year."""
    for year in (instance.plan_year, policy.plan_year):
        if year is not None:
            return year
    if policy.reference_date is not None:
        return policy.reference_date.year
    return dt.date.today().year


class Facts:
    """One roster under one policy, with rules in ``skip`` left out (tests remove a rule
    to prove it is enforced; relaxations and diagnosis ask "what if not")."""

    def __init__(self, instance: Instance, policy: Policy, skip: Iterable[str] = ()) -> None:
        self.instance = instance
        self.policy = policy
        self.skip = frozenset(skip)
        self.year = plan_year(instance, policy)
        from rotation_planner.rules.registry import REGISTRY, RULE_ORDER

        self._order = RULE_ORDER
        rules = [r for r in REGISTRY if r.id not in self.skip and r.active(policy)]
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._excluding = {
            kind: tuple(r for r in rules if kind in r.excludes_from) for kind in MoveKind
        }
        self._forbidding = tuple(r for r in rules if type(r).forbids is not Rule.forbids)
        self._kinds: dict[tuple[str, str], MoveKind | None] = {}
        self._teacher: dict[tuple[str, MoveKind], tuple[str, ...]] = {}
        self._moves: dict[tuple[str, str, str, tuple[str, ...]], Move] = {}
        self._paired_post: dict[str, bool] = {}

    # --- schools ----------------------------------------------------------------------
    def school(self, school_id: str) -> School:
        return self.instance.school_by_id[school_id]

    def move_kind(self, from_school: str, to_school: str) -> MoveKind | None:
        """None for the teacher's own school; with E6 on, a move towards a more central
        school type is a learning post (W1); with E6 off there is no direction table and
        every move is outward rotation."""
        key = (from_school, to_school)
        if key not in self._kinds:
            if from_school == to_school:
                kind = None
            elif self.policy.E6.enabled and is_learning_direction(
                self.school(from_school).type, self.school(to_school).type
            ):
                kind = MoveKind.LEARNING
            else:
                kind = MoveKind.OUTWARD
            self._kinds[key] = kind
        return self._kinds[key]

    def is_sending(self, school_id: str) -> bool:
        """E6: the school's type sends rotators outward (every school, with E6 off)."""
        return not self.policy.E6.enabled or self.school(school_id).type in (
            self.policy.E6.sending_types
        )

    def paired(self, a: str, b: str) -> bool:
        """Whether schools ``a`` and ``b`` are paired (结对), listed on either side."""
        sa, sb = self.school(a), self.school(b)
        return b in sa.paired_with or a in sb.paired_with

    # --- teachers ---------------------------------------------------------------------
    def excluded_by(self, t: Teacher, kind: MoveKind) -> tuple[str, ...]:
        """The rules that exclude this teacher from every move of this kind."""
        key = (t.teacher_id, kind)
        if key not in self._teacher:
            self._teacher[key] = tuple(r.id for r in self._excluding[kind] if r.excludes(t, self))
        return self._teacher[key]

    def is_eligible(self, t: Teacher) -> bool:
        """Eligible for outward rotation (E1-E6): the teachers the quotas count."""
        return not self.excluded_by(t, MoveKind.OUTWARD)

    def is_learner(self, t: Teacher) -> bool:
        """May take a learning post (W1 on, and E1, E5 and W1's limits met)."""
        return not self.excluded_by(t, MoveKind.LEARNING)

    @cached_property
    def eligible(self) -> tuple[Teacher, ...]:
        return tuple(t for t in self.instance.teachers if self.is_eligible(t))

    @cached_property
    def eligible_by_school(self) -> Mapping[str, tuple[Teacher, ...]]:
        out: dict[str, list[Teacher]] = {}
        for t in self.eligible:
            out.setdefault(t.school_id, []).append(t)
        return {k: tuple(v) for k, v in out.items()}

    # --- the admissible-move predicate ---------------------------------------------------
    def move(self, t: Teacher, v: Vacancy, ignore: tuple[str, ...] = ()) -> Move:
        """May ``t`` fill post ``v``? The kind of move and every rule that forbids it.
        ``ignore`` leaves rules out of this one question (P5 asks it without itself)."""
        key = (t.teacher_id, v.school_id, v.subject, ignore)
        found = self._moves.get(key)
        if found is not None:
            return found
        kind = self.move_kind(t.school_id, v.school_id)
        if kind is None:
            found = Move(None, () if "E6" in self.skip else ("E6",))
        else:
            ids = set(self.excluded_by(t, kind))
            ids.update(
                r.id for r in self._forbidding if r.id not in ignore and r.forbids(t, v, kind, self)
            )
            ids.difference_update(ignore)
            found = Move(kind, tuple(sorted(ids, key=self._order.__getitem__)))
        self._moves[key] = found
        return found

    def could_fill(self, t: Teacher, v: Vacancy) -> bool:
        return self.move(t, v).allowed

    def has_paired_post(self, t: Teacher) -> bool:
        """P5: some post at a school paired with the teacher's own is open to them under
        every other rule."""
        if t.teacher_id not in self._paired_post:
            self._paired_post[t.teacher_id] = any(
                self.paired(t.school_id, v.school_id) and self.move(t, v, ("P5",)).allowed
                for v in self.instance.vacancy_slots
            )
        return self._paired_post[t.teacher_id]

    # --- what the objective and the audits weigh -----------------------------------------
    @cached_property
    def quality_need(self) -> Mapping[str, int]:
        """How much a school lacks backbone and 一级-or-above teachers, 0 (none lacking)
        to 5 (none of its listed teachers qualify)."""
        need: dict[str, int] = {}
        for school_id, staff in self.instance.teachers_by_school.items():
            if not staff:
                need[school_id] = 5
                continue
            qualified = sum(1 for t in staff if quality_weight(t) > 0)
            need[school_id] = round(5 * (1 - qualified / len(staff)))
        return need

    @cached_property
    def parts(self) -> Mapping[str, Points]:
        """Each teacher's published priority points (R1-R3) and their breakdown."""
        from rotation_planner.rules.priority import priority_points

        return {
            t.teacher_id: priority_points(t, self.policy, self.year) for t in self.instance.teachers
        }

    @cached_property
    def points(self) -> Mapping[str, int]:
        """Each teacher's total priority points, by teacher id (without the parts of
        rules left out by ``skip``)."""
        rules = [r for r in ("R1", "R2", "R3") if r not in self.skip]
        return {tid: sum(pts.part(r) for r in rules) for tid, pts in self.parts.items()}


def quality_weight(t: Teacher) -> int:
    """What a teacher brings where quality is missing: backbone, and 一级 or above."""
    return int(t.is_backbone) + int(t.title >= Title.FIRST)
