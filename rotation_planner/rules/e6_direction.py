"""E6: direction of flow. Only the pairs of school types in ``E6.directions`` may move,
never to the teacher's own school (default: urban sends to township, rural, village and
teaching points; MoE 2014: 城镇学校、优质学校 send). A listed direction towards a more
central type is a learning post (W1), open only while W1 is on. A school whose type sends
outward is a sending school: its teachers are the ones Q1 and Q2 count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rotation_planner.rules.base import AdmissionRule, MoveKind, RuleCheck, switched_off

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher, Vacancy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.facts import Facts


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
