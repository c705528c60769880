"""Q4: a sending school keeps enough staff: everyone it sends (rotators and learners)
is at most ``Q4.max_share`` (15%) of its whole staff, rounded down. The default is an
inference from the seeds: sending weak or too many teachers harms both schools."""

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
    INFERENCE,
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.policy import Policy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel
    from rotation_planner.rules.facts import Facts


def max_rotators(staff: int, p: Policy) -> int | None:
    """At most ``Q4.max_share`` of the school's whole staff, rounded down."""
    return floor_share(p.Q4.max_share, staff) if p.Q4.enabled else None


class Q4Params(RuleParams):
    """A sending school keeps enough staff: rotators <= ``max_share`` of its staff,
    rounded down."""

    max_share: float = Field(0.15, ge=0, le=1, json_schema_extra=source(INFERENCE))


class Q4(Rule):
    id = "Q4"
    conflict_scope = Scope(ScopeKind.SCHOOL, ("school",))

    def build(self, m: RotationModel) -> None:
        for school_id, ks in sorted(m.pairs_by_home_school().items()):
            cap = max_rotators(m.facts.school(school_id).staff, m.policy) or 0
            if len(m.teachers_of(ks)) > cap:
                m.require(self.id, school_scope(school_id), m.sum_x(ks) <= cap)

    def audit(self, a: Audit) -> list[RuleCheck]:
        sent: dict[str, list[str]] = {}
        for p in a.placements:
            sent.setdefault(p.teacher.school_id, []).append(p.teacher.teacher_id)
        rows = []
        for school_id in sorted(set(a.sending_schools) | set(sent)):
            staff = a.facts.school(school_id).staff
            cap = max_rotators(staff, a.policy) or 0
            ids = sent.get(school_id, [])
            rows.append(at_most(self.id, school_scope(school_id), cap, len(ids), staff, ids))
        return rows

    def figures(self, facts: Facts, scope: Scope) -> Member:
        """The school's cap on everyone it sends, against its whole staff."""
        school_id = scope.ids[0]
        staff = facts.school(school_id).staff
        values = {
            "cap": max_rotators(staff, facts.policy),
            "share": facts.policy.Q4.max_share,
            "staff": staff,
        }
        name = school_name(facts.instance, school_id)
        return Member(self.id, school_scope(school_id), name, self.id, values)

    def relaxations(self, facts: Facts, scopes: list[Scope]) -> list[Ladder]:
        """A larger share, up to the value that raises the cap of some school with
        eligible teachers; told at the first member's school."""
        schools = sorted(facts.eligible_by_school)
        school_id = scopes_or(scopes, schools)
        staff = facts.school(school_id).staff
        p = facts.policy

        def signature(v: float) -> tuple[int, ...]:
            moved = p.with_overrides({"Q4.max_share": v})
            return tuple(max_rotators(facts.school(s).staff, moved) or 0 for s in schools)

        def detail(v: float) -> Figures:
            n = max_rotators(staff, p.with_overrides({"Q4.max_share": v}))
            name = school_name(facts.instance, school_id)
            return Figures("Q4", {"name": name, "cap": n, "staff": staff})

        return [share_ladder(self.id, "max_share", p.Q4.max_share, True, signature, detail)]
