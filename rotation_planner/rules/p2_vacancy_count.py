"""P2: no (school, subject) post receives more rotators than the Vacancies sheet states
(the county's posts statistics, 岗位统计表). A post not on the sheet has none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rotation_planner.rules.base import Rule, RuleCheck, at_most, post_scope
from rotation_planner.rules.params import (
    RuleParams,
)

if TYPE_CHECKING:
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel


class P2Params(RuleParams):
    """At most the stated number of rotators per (school, subject) vacancy."""


class P2(Rule):
    id = "P2"

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
