"""R3: volunteers (自愿报名) are preferred: a forced exchange lowers its effect (seeds).
Its points are part of the priority tier, and no priority swap may raise them
(rules/priority.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.rules.params import (
    RuleParams,
    source,
)
from rotation_planner.rules.points_rule import PointsRule

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher
    from rotation_planner.policy import Policy


def volunteer_points(t: Teacher, p: Policy) -> int:
    return p.R3.volunteer_points if p.R3.enabled and t.volunteer else 0


class R3Params(RuleParams):
    """Priority points for volunteers (自愿)."""

    volunteer_points: int = Field(3, ge=0, le=1000, json_schema_extra=source("seeds"))


class R3(PointsRule):
    id = "R3"
