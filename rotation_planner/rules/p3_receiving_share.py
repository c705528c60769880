"""P3: rotators arriving at a receiving school are at most ``P3.max_share`` (50%) of its
staff, rounded down. Source: Miyun, where exchange teachers were over half the staff."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.rules.base import (
    Rule,
    RuleCheck,
    Scope,
    ScopeKind,
    at_most,
    floor_share,
    school_scope,
)
from rotation_planner.rules.conflict import (
    Figures,
    Ladder,
    Member,
    school_name,
    scopes_or,
    share_ladder,
)
from rotation_planner.rules.params import (
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.policy import Policy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel
    from rotation_planner.rules.facts import Facts


def max_arrivals(staff: int, p: Policy) -> int | None:
    """Rotators received <= ``P3.max_share`` of the school's staff, rounded down."""
    return floor_share(p.P3.max_share, staff) if p.P3.enabled else None


class P3Params(RuleParams):
    """Rotators at a receiving school <= ``max_share`` of its staff, rounded down."""

    max_share: float = Field(0.5, ge=0, le=1, json_schema_extra=source("Miyun"))


class P3(Rule):
    id = "P3"
    conflict_scope = Scope(ScopeKind.SCHOOL, ("school",))

    def build(self, m: RotationModel) -> None:
        by_school: dict[str, list[int]] = {}
        for k, (_, si) in enumerate(m.candidates.pairs):
            by_school.setdefault(m.candidates.slots[si].school_id, []).append(k)
        for school_id, ks in sorted(by_school.items()):
            cap = max_arrivals(m.facts.school(school_id).staff, m.policy) or 0
            if len(ks) > cap:
                m.require(self.id, school_scope(school_id), m.sum_x(ks) <= cap)

    def audit(self, a: Audit) -> list[RuleCheck]:
        arrivals: dict[str, list[str]] = {}
        for p in a.placements:
            arrivals.setdefault(p.post.school_id, []).append(p.teacher.teacher_id)
        receiving = sorted({v.school_id for v in a.instance.vacancy_slots} | arrivals.keys())
        rows = []
        for school_id in receiving:
            staff = a.facts.school(school_id).staff
            cap = max_arrivals(staff, a.policy) or 0
            ids = arrivals.get(school_id, [])
            rows.append(at_most(self.id, school_scope(school_id), cap, len(ids), staff, ids))
        return rows

    def figures(self, facts: Facts, scope: Scope) -> Member:
        """The receiving school's cap on arrivals, against its staff."""
        school_id = scope.ids[0]
        staff = facts.school(school_id).staff
        values = {
            "cap": max_arrivals(staff, facts.policy),
            "share": facts.policy.P3.max_share,
            "staff": staff,
        }
        name = school_name(facts.instance, school_id)
        return Member(self.id, school_scope(school_id), name, self.id, values)

    def relaxations(self, facts: Facts, scopes: list[Scope]) -> list[Ladder]:
        """A larger share, up to the value that raises some receiving school's cap; told
        at the first member's school."""
        schools = sorted({v.school_id for v in facts.instance.vacancy_slots})
        school_id = scopes_or(scopes, schools)
        staff = facts.school(school_id).staff
        p = facts.policy

        def signature(v: float) -> tuple[int, ...]:
            moved = p.with_overrides({"P3.max_share": v})
            return tuple(max_arrivals(facts.school(s).staff, moved) or 0 for s in schools)

        def detail(v: float) -> Figures:
            n = max_arrivals(staff, p.with_overrides({"P3.max_share": v}))
            name = school_name(facts.instance, school_id)
            return Figures("P3", {"name": name, "cap": n, "staff": staff})

        return [share_ladder(self.id, "max_share", p.P3.max_share, True, signature, detail)]
