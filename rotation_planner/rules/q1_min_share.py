"""Q1: each sending school rotates at least ``Q1.min_share`` (10%) of its eligible
teachers, rounded up. Source: MoE 2014; State Council 2016 (每学年…不低于符合交流条件教师
总数的10%). Only outward rotation counts: a learning post (W1) is not a rotation out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.rules.base import Rule, RuleCheck, at_least, ceil_share, school_scope
from rotation_planner.rules.params import (
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.policy import Policy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel


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
