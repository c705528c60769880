"""The published priority points (barème) of R1-R3 and the audit that makes them bind.

A teacher's points are the sum of the three rules' parts (r1_rural_service, r2_backbone,
r3_volunteer). The priority tier of the objective maximises the points of those sent. A
plan respects the points when no *priority swap* exists: a teacher left home at the same
school, with more points, who could take a selected colleague's exact post and whose
taking it changes nothing a higher tier or another rule counts. Such a swap raises the
priority tier and keeps every hard rule, so a plan whose priority tier is proven optimal
has none. A plan cut short by a time limit may have some: ``repair`` makes them until
none is left (each raises the points, so it ends), and the plan passes the checker.
The checker and the repair read the one predicate ``rivals``, over the one
admissible-move predicate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rotation_planner.domain import Assignment, Plan
from rotation_planner.rules.facts import quality_weight
from rotation_planner.rules.r1_rural_service import rural_points
from rotation_planner.rules.r2_backbone import backbone_points
from rotation_planner.rules.r3_volunteer import volunteer_points

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher, Vacancy
    from rotation_planner.policy import Policy
    from rotation_planner.rules.facts import Facts


@dataclass(frozen=True, slots=True)
class Points:
    """A teacher's published priority points and their breakdown."""

    never_rural: int = 0
    no_recent_rural: int = 0
    years_at_school: int = 0
    backbone: int = 0
    subject_leader: int = 0
    volunteer: int = 0

    @property
    def total(self) -> int:
        return sum(self.part(rid) for rid in ("R1", "R2", "R3"))

    def part(self, rule_id: str) -> int:
        """The points one rule gives."""
        if rule_id == "R1":
            return self.never_rural + self.no_recent_rural + self.years_at_school
        if rule_id == "R2":
            return self.backbone + self.subject_leader
        return self.volunteer

    def parts(self) -> dict[str, int]:
        """Non-zero parts keyed by rule and criterion, e.g. ``{"R1 never rural": 10}``."""
        named = {
            "R1 never rural": self.never_rural,
            "R1 none recent": self.no_recent_rural,
            "R1 years at school": self.years_at_school,
            "R2 backbone": self.backbone,
            "R2 subject leader": self.subject_leader,
            "R3 volunteer": self.volunteer,
        }
        return {k: v for k, v in named.items() if v}


def priority_points(t: Teacher, p: Policy, plan_year: int) -> Points:
    """R1-R3 points: rural service, years at the school, backbone level and subject
    leadership, volunteering; a switched-off rule gives none."""
    never, recent, years = rural_points(t, p, plan_year)
    backbone, leader = backbone_points(t, p)
    return Points(never, recent, years, backbone, leader, volunteer_points(t, p))


def can_replace(facts: Facts, n: Teacher, s: Teacher, post: Vacancy) -> bool:
    """Whether ``n`` (left home) could take ``s``'s post at no cost to anything above the
    priority tier or to another rule: same school, more points, the move is open to
    ``n``, the same weight in the quality tier there, no loss of a backbone rotator (Q3),
    and neither
    is bound elsewhere (a lock, M1, wishes under R4, a spouse under R5)."""
    p = facts.points
    need = facts.quality_need[post.school_id]
    return (
        n.school_id == s.school_id
        and p[n.teacher_id] > p[s.teacher_id]
        and not (n.locked_to or n.wishes or n.teacher_id in facts.instance.spouse_of)
        and quality_weight(n) * need == quality_weight(s) * need
        and (n.is_backbone or not s.is_backbone)
        and facts.could_fill(n, post)
    )


def bound_elsewhere(s: Teacher, facts: Facts) -> bool:
    """A selected teacher whose place no swap may take (lock, M1, wishes, spouse)."""
    from rotation_planner.rules.m1_must_rotate import needs_rural_service

    spouse = s.teacher_id in facts.instance.spouse_of
    return bool(s.locked_to or s.wishes or spouse) or needs_rural_service(s, facts.policy)


def repair(facts: Facts, plan: Plan, raises: Callable[[str, str], bool]) -> Plan:
    """The plan with priority swaps made until none is left that ``raises(n, s)`` (the
    rule's part of ``n``'s points is above ``s``'s): each time, the selected teacher
    with such a rival gives their post to the rival with the most points."""
    inst, points = facts.instance, facts.points
    posts = {(v.school_id, v.subject): v for v in inst.vacancy_slots}
    placed = {a.teacher_id: a for a in plan.assignments}
    swapped = True
    while swapped:
        swapped = False
        for teacher_id, a in sorted(placed.items()):
            post = posts.get((a.to_school_id, a.subject))
            if post is None:
                continue
            free = [
                n for n in rivals(facts, inst.teacher_by_id[teacher_id], post)
                if n.teacher_id not in placed and raises(n.teacher_id, teacher_id)
            ]  # fmt: skip
            if free:
                n = max(free, key=lambda t: (points[t.teacher_id], t.teacher_id))
                del placed[teacher_id]
                placed[n.teacher_id] = Assignment(n.teacher_id, a.to_school_id, a.subject)
                swapped = True
                break
    return Plan.of(placed.values())


def rivals(facts: Facts, s: Teacher, post: Vacancy) -> Iterator[Teacher]:
    """The eligible colleagues of ``s`` who could replace them on ``post``."""
    if bound_elsewhere(s, facts):
        return
    for n in facts.eligible_by_school.get(s.school_id, ()):
        if n.teacher_id != s.teacher_id and can_replace(facts, n, s, post):
            yield n
