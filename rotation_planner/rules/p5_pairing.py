"""P5: paired schools (结对, arranged by the bureau). Mode ``require``: a teacher who could
fill a post at a school paired with their own goes only to paired schools. Mode
``prefer``: the pairing tier of the objective counts placements at paired schools.
Mode ``ignore``: pairs play no part."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from rotation_planner.rules.base import (
    COUNTY,
    AdmissionRule,
    MoveKind,
    Phrase,
    RuleCheck,
    none_of,
)
from rotation_planner.rules.params import (
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher, Vacancy
    from rotation_planner.policy import Policy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.facts import Facts


def pairing_score(t: Teacher, v: Vacancy, facts: Facts) -> int:
    """The pairing tier's weight of a move: 1 to a paired school while P5 prefers it."""
    p = facts.policy.P5
    return int(p.enabled and p.mode == "prefer" and facts.paired(t.school_id, v.school_id))


class P5Params(RuleParams):
    """Paired schools (结对): with ``require``, a rotator goes to a school paired with
    their own whenever one has a post they can fill; with ``prefer``, the "pairing"
    tier sends as many there as it can; ``ignore`` switches it off."""

    mode: Literal["require", "prefer", "ignore"] = Field(
        "prefer", json_schema_extra=source("seeds: 结对帮扶")
    )


class P5(AdmissionRule):
    id = "P5"

    def active(self, p: Policy) -> bool:
        return p.P5.enabled and p.P5.mode != "ignore"

    def forbids(self, t: Teacher, v: Vacancy, kind: MoveKind, facts: Facts) -> bool:
        return (
            facts.policy.P5.mode == "require"
            and not facts.paired(t.school_id, v.school_id)
            and facts.has_paired_post(t)
        )

    def audit(self, a: Audit) -> list[RuleCheck]:
        could = [p for p in a.placements if a.facts.has_paired_post(p.teacher)]
        went = sum(1 for p in could if a.facts.paired(p.teacher.school_id, p.post.school_id))
        if a.policy.P5.mode == "require":
            return [none_of(self.id, a.breaking(self.id), base=len(could))]
        return [RuleCheck(self.id, COUNTY, Phrase.SHARE, "OK", None, went, len(could))]
