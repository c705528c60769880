"""E1: only in-service teachers (在编在岗) rotate or take a learning post.

Source: MoE 2014 opinion (教师〔2014〕4号), restated by the provinces. The status column
holds the teacher's state; an empty status counts as in service, and any value listed in
``E1.in_service`` counts too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rotation_planner.rules.base import AdmissionRule, MoveKind

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher
    from rotation_planner.rules.facts import Facts


class E1(AdmissionRule):
    id = "E1"
    excludes_from = frozenset(MoveKind)

    def excludes(self, t: Teacher, facts: Facts) -> bool:
        return bool(t.status) and t.status not in facts.policy.E1.in_service
