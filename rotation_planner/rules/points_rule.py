"""What R1, R2 and R3 share: a part of the published points, bound by the swap audit.

Each of the three contributes its part of a teacher's points to the priority tier; a
plan whose priority tier was not proven optimal is repaired by priority swaps before it
leaves the solver (``priority.repair``); the checker lists every swap that would raise
the rule's part in the finished plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rotation_planner.rules.base import COUNTY, Phrase, Rule, RuleCheck

if TYPE_CHECKING:
    from rotation_planner.domain import Plan
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.facts import Facts


class PointsRule(Rule):
    """R1-R3: a share of the priority points that no swap may raise."""

    def part(self, facts: Facts, teacher_id: str) -> int:
        return facts.parts[teacher_id].part(self.id)

    def repair(self, facts: Facts, plan: Plan) -> Plan:
        from rotation_planner.rules.priority import repair

        return repair(facts, plan, lambda n, s: self.part(facts, n) > self.part(facts, s))

    def audit(self, a: Audit) -> list[RuleCheck]:
        from rotation_planner.rules.priority import rivals

        swaps = [
            f"{n.teacher_id}>{p.teacher.teacher_id}"
            for p in a.placements
            for n in rivals(a.facts, p.teacher, p.post)
            if n.teacher_id not in a.by_teacher
            and self.part(a.facts, n.teacher_id) > self.part(a.facts, p.teacher.teacher_id)
        ]
        scored = sum(1 for t in a.outward if self.part(a.facts, t.teacher_id) > 0)
        status = "VIOLATED" if swaps else "OK"
        return [
            RuleCheck(self.id, COUNTY, Phrase.NONE, status, 0, len(swaps), None, tuple(swaps),
                      (("scored", scored), ("rotators", len(a.outward))))
        ]  # fmt: skip
