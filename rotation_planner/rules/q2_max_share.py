"""Q2: each sending school rotates at most ``Q2.max_share`` (15%) of its eligible
teachers, rounded up, so the Q1-Q2 band is never empty. Source: Jinan's 10-15% band.
Only outward rotation counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.rules.base import Rule, RuleCheck, at_most, ceil_share, school_scope
from rotation_planner.rules.params import (
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.policy import Policy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel


def max_rotators(eligible: int, p: Policy) -> int | None:
    """At most ``Q2.max_share`` of the school's eligible teachers, rounded up."""
    return ceil_share(p.Q2.max_share, eligible) if p.Q2.enabled else None


class Q2Params(RuleParams):
    """Each sending school rotates at most ``max_share`` of its eligible teachers,
    rounded up, so the Q1-Q2 band is never empty."""

    max_share: float = Field(0.15, ge=0, le=1, json_schema_extra=source("Jinan: 10-15% band"))


class Q2(Rule):
    id = "Q2"

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
