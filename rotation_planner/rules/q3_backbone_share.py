"""Q3: backbone teachers (骨干, school level and above, or subject leaders) are at least
``Q3.min_share`` (20%) of all outward rotators, county-wide, rounded up; with
``Q3.denominator = eligible`` the share is of the eligible backbone teachers instead.
Source: MoE 2014 (骨干教师不低于交流总数的20%); Anhui counts the eligible."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from rotation_planner.rules.base import (
    COUNTY,
    MoveKind,
    Rule,
    RuleCheck,
    Scope,
    at_least,
    ceil_share,
)
from rotation_planner.rules.conflict import (
    GRID,
    Figures,
    Ladder,
    Member,
    Shortfall,
    reachable,
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


def min_backbone(rotators: int, eligible_backbone: int, p: Policy) -> int:
    """Backbone rotators needed: the share of all rotators, or of the eligible backbone."""
    if not p.Q3.enabled:
        return 0
    base = rotators if p.Q3.denominator == "rotators" else eligible_backbone
    return ceil_share(p.Q3.min_share, base)


class Q3Params(RuleParams):
    """Backbone teachers are at least ``min_share`` of all rotators (county-wide).
    With ``denominator = eligible``: at least that share of the eligible backbone teachers."""

    min_share: float = Field(0.20, ge=0, le=1, json_schema_extra=source("MoE 2014"))
    denominator: Literal["rotators", "eligible"] = Field(
        "rotators", json_schema_extra=source("MoE 2014 (rotators); Anhui (eligible)")
    )


class Q3(Rule):
    id = "Q3"

    def build(self, m: RotationModel) -> None:
        p = m.policy
        outward = [k for k in range(len(m.x)) if m.is_outward(k)]
        backbone = [k for k in outward if m.teacher_of(k).is_backbone]
        if p.Q3.denominator == "rotators":
            # ceil(share * n) <= b  <=>  share * n <= b, as integers.
            share = Fraction(str(p.Q3.min_share)).limit_denominator(10_000)
            c = share.denominator * m.sum_x(backbone) >= share.numerator * m.sum_x(outward)
        else:
            eligible_backbone = sum(1 for t in m.facts.eligible if t.is_backbone)
            c = m.sum_x(backbone) >= min_backbone(0, eligible_backbone, p)
        m.require(self.id, COUNTY, c)

    def audit(self, a: Audit) -> list[RuleCheck]:
        p = a.policy
        backbone = sum(1 for t in a.outward if t.is_backbone)
        eligible_backbone = sum(1 for t in a.facts.eligible if t.is_backbone)
        need = min_backbone(len(a.outward), eligible_backbone, p)
        base = len(a.outward) if p.Q3.denominator == "rotators" else eligible_backbone
        return [at_least(self.id, COUNTY, need, backbone, base)]

    def figures(self, facts: Facts, scope: Scope) -> Member:
        """The county's backbone minimum (of the rotators, or a number of the eligible
        backbone teachers), and how many backbone teachers are eligible and can fill a
        post, with the rules that exclude the others."""
        p = facts.policy
        backbone = [t for t in facts.instance.teachers if t.is_backbone]
        eligible = [t for t in backbone if facts.is_eligible(t)]
        able = [t for t in eligible if reachable(facts, t)]
        excluded = Counter(
            facts.excluded_by(t, MoveKind.OUTWARD)[0] for t in backbone if t not in eligible
        )
        values: dict[str, object] = {
            "share": p.Q3.min_share,
            "backbone": len(backbone),
            "eligible": len(eligible),
            "able": len(able),
            "excluded": tuple(sorted(excluded.items())),
        }
        key = f"{self.id}.{p.Q3.denominator}"
        if p.Q3.denominator == "eligible":
            values["need"] = min_backbone(0, len(eligible), p)
        return Member(self.id, COUNTY, "", key, values)

    def relaxations(self, facts: Facts, scopes: list[Scope]) -> list[Ladder]:
        """A smaller share: of the eligible backbone, down to the value that lowers the
        number needed; of the rotators, one grid step at a time."""
        p = facts.policy
        backbone = sum(1 for t in facts.eligible if t.is_backbone)
        of_eligible = p.Q3.denominator == "eligible"

        def signature(v: float) -> tuple[int, ...]:
            if of_eligible:
                return (min_backbone(0, backbone, p.with_overrides({"Q3.min_share": v})),)
            return (round(v / GRID),)

        def detail(v: float) -> Figures | None:
            if not of_eligible:
                return None
            n = min_backbone(0, backbone, p.with_overrides({"Q3.min_share": v}))
            return Figures("Q3.eligible", {"need": n, "backbone": backbone})

        return [share_ladder(self.id, "min_share", p.Q3.min_share, False, signature, detail)]

    def shortfall(self, facts: Facts, scopes: list[Scope]) -> Shortfall:
        """The eligible backbone teachers who can fill no post, and the backbone
        teachers who are not eligible."""
        backbone = [t for t in facts.instance.teachers if t.is_backbone]
        stuck = [t for t in backbone if facts.is_eligible(t) and not reachable(facts, t)]
        excluded = [t for t in backbone if not facts.is_eligible(t)]
        return Shortfall(tuple(stuck), tuple(excluded))
