"""W2: paired schools exchange both ways (off by default; needs W1): a school that sends
outward rotators to its paired school receives at least one learner back from it.
Source: a district plan (城乡中小学互派交流人员的学校应结成对子)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rotation_planner.rules.base import (
    Rule,
    RuleCheck,
    Scope,
    ScopeKind,
    all_of,
    at_least,
    school_scope,
)
from rotation_planner.rules.conflict import Member, school_name
from rotation_planner.rules.params import (
    RuleParams,
)

if TYPE_CHECKING:
    from rotation_planner.policy import Policy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel
    from rotation_planner.rules.facts import Facts


def pair_scope(a: str, b: str) -> Scope:
    return Scope(ScopeKind.SCHOOL_PAIR, (a, b))


class W2Params(RuleParams):
    """Paired schools exchange both ways: a school that sends rotators to its paired
    school receives at least one learner from it."""

    enabled: bool = False


class W2(Rule):
    id = "W2"
    conflict_scope = Scope(ScopeKind.SCHOOL_PAIR, ("sender", "partner"))

    def active(self, p: Policy) -> bool:
        return p.W2.enabled and p.W1.enabled

    def build(self, m: RotationModel) -> None:
        flows: dict[tuple[str, str], list[int]] = {}
        for k in range(len(m.x)):
            flows.setdefault((m.home_of(k), m.school_of(k)), []).append(k)
        for (a, b), ks in sorted(flows.items()):
            outward = [k for k in ks if m.is_outward(k)]
            if not outward or not m.facts.paired(a, b):
                continue
            back = [k for k in flows.get((b, a), []) if not m.is_outward(k)]
            cap = sum(v.count for v in m.candidates.slots if v.school_id == b)
            c = m.sum_x(outward) <= cap * m.sum_x(back)
            m.require(self.id, pair_scope(a, b), c)

    def audit(self, a: Audit) -> list[RuleCheck]:
        out: dict[tuple[str, str], int] = {}
        back: dict[tuple[str, str], int] = {}
        for p in a.placements:
            key = (p.teacher.school_id, p.post.school_id)
            target = out if p.outward else back
            target[key] = target.get(key, 0) + 1
        rows = [
            at_least(self.id, pair_scope(src, dst), 1, back.get((dst, src), 0), n)
            for (src, dst), n in sorted(out.items())
            if a.facts.paired(src, dst)
        ]
        return rows or [all_of(self.id, 0, ())]  # no paired school sent anyone

    def figures(self, facts: Facts, scope: Scope) -> Member:
        """A school that sends to its paired school receives a learner back from it."""
        sender, partner = (*scope.ids, "")[:2]
        inst = facts.instance
        values = {"to": partner, "to_name": school_name(inst, partner)}
        name = school_name(inst, sender)
        return Member(self.id, school_scope(sender), name, self.id, values)
