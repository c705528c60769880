"""Q2: each sending school rotates at most ``Q2.max_share`` (15%) of its eligible
teachers, rounded up, so the Q1-Q2 band is never empty. Source: Jinan's 10-15% band.
Only outward rotation counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.rules.base import (
    Rule,
    RuleCheck,
    Scope,
    ScopeKind,
    at_most,
    ceil_share,
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


def max_rotators(eligible: int, p: Policy) -> int | None:
    """At most ``Q2.max_share`` of the school's eligible teachers, rounded up."""
    return ceil_share(p.Q2.max_share, eligible) if p.Q2.enabled else None


class Q2Params(RuleParams):
    """Each sending school rotates at most ``max_share`` of its eligible teachers,
    rounded up, so the Q1-Q2 band is never empty."""

    max_share: float = Field(0.15, ge=0, le=1, json_schema_extra=source("Jinan: 10-15% band"))


class Q2(Rule):
    id = "Q2"
    conflict_scope = Scope(ScopeKind.SCHOOL, ("school",))

    def build(self, m: RotationModel) -> None:
        outward = m.pairs_by_home_school(outward_only=True)
        for school_id, ks in sorted(outward.items()):
            eligible = len(m.facts.eligible_by_school.get(school_id, ()))
            cap = max_rotators(eligible, m.policy) or 0
            if len(m.teachers_of(ks)) > cap:
                m.require(self.id, school_scope(school_id), m.sum_x(ks) <= cap)

    def audit(self, a: Audit) -> list[RuleCheck]:
        rows = []
        for school_id in a.sending_schools:
            eligible = len(a.facts.eligible_by_school.get(school_id, ()))
            sent = a.outward_by_school.get(school_id, ())
            cap = max_rotators(eligible, a.policy) or 0
            rows.append(
                at_most(self.id, school_scope(school_id), cap, len(sent), eligible,
                        (t.teacher_id for t in sent))
            )  # fmt: skip
        return rows

    def figures(self, facts: Facts, scope: Scope) -> Member:
        """The school's cap against its eligible teachers."""
        school_id = scope.ids[0]
        eligible = len(facts.eligible_by_school.get(school_id, ()))
        values = {
            "cap": max_rotators(eligible, facts.policy),
            "share": facts.policy.Q2.max_share,
            "eligible": eligible,
        }
        name = school_name(facts.instance, school_id)
        return Member(self.id, school_scope(school_id), name, self.id, values)

    def relaxations(self, facts: Facts, scopes: list[Scope]) -> list[Ladder]:
        """A larger share, up to the value that raises some school's cap; told at the
        first member's school."""
        eligible = {k: len(v) for k, v in facts.eligible_by_school.items()}
        schools = sorted(eligible)
        school_id = scopes_or(scopes, schools)
        p = facts.policy

        def signature(v: float) -> tuple[int, ...]:
            moved = p.with_overrides({"Q2.max_share": v})
            return tuple(max_rotators(eligible[s], moved) or 0 for s in schools)

        def detail(v: float) -> Figures:
            e = eligible.get(school_id, 0)
            n = max_rotators(e, p.with_overrides({"Q2.max_share": v}))
            name = school_name(facts.instance, school_id)
            return Figures("Q2", {"name": name, "cap": n, "eligible": e})

        return [share_ladder(self.id, "max_share", p.Q2.max_share, True, signature, detail)]
