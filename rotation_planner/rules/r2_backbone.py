"""R2: backbone teachers (by level) and subject leaders (学科带头人, 名师) are preferred.
Source: Miyun (优先选派骨干教师和学科带头人). Its points are part of the priority tier,
and no priority swap may raise them (rules/priority.py)."""

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


def backbone_points(t: Teacher, p: Policy) -> tuple[int, int]:
    """(backbone level, subject leader) points."""
    if not p.R2.enabled:
        return 0, 0
    leader = p.R2.subject_leader_points if t.subject_leader else 0
    return int(t.backbone) * p.R2.points_per_level, leader


class R2Params(RuleParams):
    """Priority points for backbone level (per level) and subject leaders."""

    points_per_level: int = Field(2, ge=0, le=1000, json_schema_extra=source("Miyun"))
    subject_leader_points: int = Field(4, ge=0, le=1000, json_schema_extra=source("Miyun"))


class R2(PointsRule):
    id = "R2"
