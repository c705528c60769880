"""P1: a rotator fills a vacancy in a subject they teach: their main subject or, while
``P1.second_subjects`` is on, a listed second subject. Source: the seeds
(教师不同科导致帮扶工作存在困难)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from rotation_planner.rules.base import AdmissionRule, MoveKind
from rotation_planner.rules.conflict import Ladder, Proposal, Shortfall, Stage, parameter_change
from rotation_planner.rules.params import (
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher, Vacancy
    from rotation_planner.policy import Policy
    from rotation_planner.rules.facts import Facts


def subjects_taught(t: Teacher, p: Policy) -> tuple[str, ...]:
    """The subjects whose posts the teacher may fill."""
    return t.subjects if p.P1.second_subjects else t.subjects[:1]


def teaches(t: Teacher, subject: str, p: Policy) -> bool:
    """Whether P1 lets the teacher fill a post in ``subject`` (always, with P1 off)."""
    return not p.P1.enabled or subject in subjects_taught(t, p)


class P1Params(RuleParams):
    """A rotator fills a vacancy in a subject they teach."""

    second_subjects: bool = Field(True, json_schema_extra=source("seed: 教师不同科"))


class P1(AdmissionRule):
    id = "P1"

    def forbids(self, t: Teacher, v: Vacancy, kind: MoveKind, facts: Facts) -> bool:
        return v.subject not in subjects_taught(t, facts.policy)

    def open_posts(self, facts: Facts, wanted: Shortfall) -> list[Ladder]:
        """Let teachers fill posts in their listed second subjects too."""
        p = facts.policy.P1
        if not p.enabled or p.second_subjects:
            return []
        key = "P1.second_subjects"
        proposal = Proposal(self.id, parameter_change(key, False, True), None, {key: True})
        return [Ladder((proposal,), monotone=True, stage=Stage.REACH)]
