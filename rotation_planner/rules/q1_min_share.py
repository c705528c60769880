"""Q1: each sending school rotates at least ``Q1.min_share`` (10%) of its eligible
teachers, rounded up. Source: MoE 2014; State Council 2016 (每学年…不低于符合交流条件教师
总数的10%). Only outward rotation counts: a learning post (W1) is not a rotation out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.rules.base import (
    Rule,
    RuleCheck,
    Scope,
    ScopeKind,
    at_least,
    ceil_share,
    school_scope,
)
from rotation_planner.rules.conflict import (
    Figures,
    Ladder,
    Member,
    Shortfall,
    post_blocker,
    school_name,
    scopes_or,
    share_ladder,
    shut_out,
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


def min_rotators(eligible: int, p: Policy) -> int:
    """At least ``Q1.min_share`` of the school's eligible teachers, rounded up."""
    return ceil_share(p.Q1.min_share, eligible) if p.Q1.enabled else 0


class Q1Params(RuleParams):
    """Each sending school rotates at least ``min_share`` of its eligible teachers,
    rounded up."""

    min_share: float = Field(
        0.10, ge=0, le=1, json_schema_extra=source("MoE 2014; State Council 2016")
    )


class Q1(Rule):
    id = "Q1"
    conflict_scope = Scope(ScopeKind.SCHOOL, ("school",))

    def build(self, m: RotationModel) -> None:
        outward = m.pairs_by_home_school(outward_only=True)
        for school_id, eligible in sorted(m.facts.eligible_by_school.items()):
            need = min_rotators(len(eligible), m.policy)
            if need:
                m.require(self.id, school_scope(school_id), m.sum_x(outward.get(school_id)) >= need)

    def audit(self, a: Audit) -> list[RuleCheck]:
        rows = []
        for school_id in a.sending_schools:
            eligible = len(a.facts.eligible_by_school.get(school_id, ()))
            sent = a.outward_by_school.get(school_id, ())
            need = min_rotators(eligible, a.policy)
            rows.append(at_least(self.id, school_scope(school_id), need, len(sent), eligible))
        return rows

    def figures(self, facts: Facts, scope: Scope) -> Member:
        """The school's minimum against its eligible teachers, and how many of them can
        fill any post at all (the others counted by the rule that shuts them out)."""
        school_id = scope.ids[0]
        eligible = facts.eligible_by_school.get(school_id, ())
        blocked = shut_out(facts, eligible)
        values = {
            "need": min_rotators(len(eligible), facts.policy),
            "share": facts.policy.Q1.min_share,
            "eligible": len(eligible),
            "able": len(eligible) - blocked.total,
        }
        name = school_name(facts.instance, school_id)
        return Member(self.id, school_scope(school_id), name, self.id, values, blocked)

    def relaxations(self, facts: Facts, scopes: list[Scope]) -> list[Ladder]:
        """A smaller share, down to the value that lowers some school's minimum; told at
        the first member's school."""
        eligible = {k: len(v) for k, v in facts.eligible_by_school.items()}
        schools = sorted(eligible)
        school_id = scopes_or(scopes, schools)
        p = facts.policy

        def signature(v: float) -> tuple[int, ...]:
            moved = p.with_overrides({"Q1.min_share": v})
            return tuple(min_rotators(eligible[s], moved) for s in schools)

        def detail(v: float) -> Figures:
            e = eligible.get(school_id, 0)
            n = min_rotators(e, p.with_overrides({"Q1.min_share": v}))
            name = school_name(facts.instance, school_id)
            return Figures("Q1", {"name": name, "need": n, "eligible": e})

        return [share_ladder(self.id, "min_share", p.Q1.min_share, False, signature, detail)]

    def shortfall(self, facts: Facts, scopes: list[Scope]) -> Shortfall:
        """The school's eligible teachers who can fill no post, its teachers who are not
        eligible, and how many more able teachers its minimum lacks."""
        found = Shortfall()
        for scope in scopes:
            members = facts.instance.teachers_by_school.get(scope.ids[0], ())
            eligible = [t for t in members if facts.is_eligible(t)]
            stuck = [t for t in eligible if post_blocker(facts, t)]
            need = min_rotators(len(eligible), facts.policy)
            excluded = [t for t in members if not facts.is_eligible(t)]
            short = need - (len(eligible) - len(stuck))
            found = found + Shortfall(tuple(stuck), tuple(excluded), max(1, short))
        return found
