"""Q3: backbone teachers (骨干, school level and above, or subject leaders) are at least
``Q3.min_share`` (20%) of all outward rotators, county-wide, rounded up; with
``Q3.denominator = eligible`` the share is of the eligible backbone teachers instead.
Source: MoE 2014 (骨干教师不低于交流总数的20%); Anhui counts the eligible."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from rotation_planner.rules.base import COUNTY, Rule, RuleCheck, at_least, ceil_share
from rotation_planner.rules.params import (
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.policy import Policy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel


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
