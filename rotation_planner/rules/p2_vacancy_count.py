"""P2: no (school, subject) post receives more rotators than the Vacancies sheet states
(the county's posts statistics, 岗位统计表). A post not on the sheet has none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rotation_planner.domain import Teacher, Vacancy
from rotation_planner.rules.base import (
    Rule,
    RuleCheck,
    Scope,
    ScopeKind,
    at_most,
    post_scope,
    school_scope,
)
from rotation_planner.rules.conflict import (
    Figures,
    Ladder,
    Member,
    Proposal,
    Shortfall,
    Stage,
    post_blocker,
    school_name,
)
from rotation_planner.rules.params import (
    RuleParams,
)

if TYPE_CHECKING:
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel
    from rotation_planner.rules.facts import Facts

# Receiving schools tried when suggesting a new post for a teacher.
MAX_POST_SCHOOLS = 3


class P2Params(RuleParams):
    """At most the stated number of rotators per (school, subject) vacancy."""


class P2(Rule):
    id = "P2"
    conflict_scope = Scope(ScopeKind.POST, ("school", "subject"))

    def build(self, m: RotationModel) -> None:
        for si, ks in enumerate(m.pairs_of_slot()):
            slot = m.candidates.slots[si]
            if len(ks) > slot.count:
                m.require(self.id, post_scope(slot.school_id, slot.subject),
                          m.sum_x(ks) <= slot.count)  # fmt: skip

    def audit(self, a: Audit) -> list[RuleCheck]:
        filled: dict[tuple[str, str], list[str]] = {}
        for p in a.placements:
            filled.setdefault((p.post.school_id, p.post.subject), []).append(p.teacher.teacher_id)
        posts = {(v.school_id, v.subject): v.count for v in a.instance.vacancy_slots}
        return [
            at_most(self.id, post_scope(*key), posts.get(key, 0), len(ids := filled.get(key, [])),
                    None, ids)
            for key in sorted(posts.keys() | filled.keys())
        ]  # fmt: skip

    def figures(self, facts: Facts, scope: Scope) -> Member:
        """How many posts the Vacancies sheet states for this school and subject."""
        school_id, subject = scope.ids
        count = sum(
            v.count
            for v in facts.instance.vacancy_slots
            if (v.school_id, v.subject) == (school_id, subject)
        )
        name = school_name(facts.instance, school_id)
        values = {"subject": subject, "count": count}
        return Member(self.id, school_scope(school_id), name, self.id, values)

    def relaxations(self, facts: Facts, scopes: list[Scope]) -> list[Ladder]:
        """For each member, more posts in its (school, subject): 1, 2, ... up to the
        eligible teachers who could fill one."""
        return [ladder for scope in scopes if (ladder := self.more_posts(facts, *scope.ids))]

    def more_posts(self, facts: Facts, school_id: str, subject: str) -> Ladder | None:
        inst = facts.instance
        slot = next(
            (v for v in inst.vacancy_slots if (v.school_id, v.subject) == (school_id, subject)),
            None,
        )
        if slot is None:
            return None
        could = sum(1 for t in facts.eligible if facts.could_fill(t, slot))
        name = school_name(inst, school_id)
        proposals = []
        for k in range(1, max(1, could - slot.count) + 1):
            edited = inst.replace(vacancies=(*inst.vacancies, Vacancy(school_id, subject, k)))
            change = Figures(
                "P2.count",
                {"school": school_id, "subject": subject, "old": slot.count,
                 "new": slot.count + k},
            )  # fmt: skip
            detail = Figures("P2.added", {"name": name, "subject": subject, "added": k})
            proposals.append(Proposal(self.id, change, detail, instance=edited))
        return Ladder(tuple(proposals), monotone=True, stage=Stage.MEMBER)

    def new_posts(self, facts: Facts, t: Teacher, k: int, stage: Stage) -> Ladder:
        """``k`` new posts in the teacher's main subject at a school they could fill
        one at under every rule, nearest first (up to ``MAX_POST_SCHOOLS`` schools). Not
        monotone: a post at a farther school may work where a nearer one does not."""
        inst = facts.instance
        subject = t.subjects[0]
        open_at = []
        for s in inst.schools:
            # The post does not exist yet: ask the move predicate about one to be added.
            if facts.move(t, Vacancy(s.school_id, subject, 1)).allowed:
                open_at.append((inst.distance_km(t.school_id, s.school_id), s.school_id))
        proposals = []
        for _dist, school_id in sorted(open_at)[:MAX_POST_SCHOOLS]:
            edited = inst.replace(vacancies=(*inst.vacancies, Vacancy(school_id, subject, k)))
            change = Figures("P2.new", {"school": school_id, "subject": subject, "added": k})
            detail = Figures(
                "P2.new",
                {"name": school_name(inst, school_id), "subject": subject, "added": k,
                 "teacher": t.teacher_id},
            )  # fmt: skip
            proposals.append(Proposal(self.id, change, detail, instance=edited))
        return Ladder(tuple(proposals), monotone=False, stage=stage)

    def open_posts(self, facts: Facts, wanted: Shortfall) -> list[Ladder]:
        """New posts in the main subjects of teachers P1 shuts out (two subjects at
        most), as many as the neediest school lacks."""
        ladders = []
        subjects: set[str] = set()
        for t in wanted.stuck:
            if post_blocker(facts, t) == "P1" and t.subjects[0] not in subjects:
                subjects.add(t.subjects[0])
                ladders.append(self.new_posts(facts, t, wanted.short, Stage.REACH))
            if len(subjects) >= 2:
                break
        return ladders
