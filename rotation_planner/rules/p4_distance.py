"""P4: a rotator is not sent beyond their distance cap: ``P4.max_km`` for everyone (none
by default) and ``P4.family_max_km`` (30 km, an inference) for a teacher with a family
burden; the tighter applies. Source: surveys (family care, 2-hour commutes)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from rotation_planner.rules.base import AdmissionRule, MoveKind
from rotation_planner.rules.conflict import (
    Figures,
    Ladder,
    Proposal,
    Shortfall,
    Stage,
    parameter_change,
)
from rotation_planner.rules.params import (
    INFERENCE,
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.domain import Teacher, Vacancy
    from rotation_planner.policy import Policy
    from rotation_planner.rules.facts import Facts

# The caps a relaxation may raise, the family cap first, with the teachers each binds.
_CAPS = (("family_max_km", lambda t: t.family_burden), ("max_km", lambda t: True))


def distance_cap(t: Teacher, p: Policy) -> float | None:
    """The tightest distance cap that applies to this teacher, or None."""
    if not p.P4.enabled:
        return None
    caps = [p.P4.max_km] + ([p.P4.family_max_km] if t.family_burden else [])
    found = [c for c in caps if c is not None]
    return min(found) if found else None


class P4Params(RuleParams):
    """Distance cap to the receiving school: ``max_km`` for everyone (none by default),
    ``family_max_km`` for teachers with a family-burden flag."""

    max_km: float | None = Field(None, ge=0, le=1000, json_schema_extra=source(INFERENCE))
    family_max_km: float | None = Field(30, ge=0, le=1000, json_schema_extra=source(INFERENCE))

    @field_validator("max_km", "family_max_km", mode="before")
    @classmethod
    def _none(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in {"", "none", "无", "不限"}:
            return None
        return value


class P4(AdmissionRule):
    id = "P4"

    def forbids(self, t: Teacher, v: Vacancy, kind: MoveKind, facts: Facts) -> bool:
        cap = distance_cap(t, facts.policy)
        return cap is not None and facts.instance.distance_km(t.school_id, v.school_id) > cap + 1e-9

    def raise_cap(self, facts: Facts, teachers: list[Teacher], stage: Stage) -> Ladder:
        """Raise the distance cap that keeps these teachers from posts, to the distance
        of each post it alone closes to them in turn, in whole km: the family cap if
        that opens any, else the cap for everyone."""
        p, inst = facts.policy, facts.instance
        proposals: list[Proposal] = []
        for key, applies in _CAPS:
            current = getattr(p.P4, key)
            if current is None or not p.P4.enabled:
                continue
            dists = sorted(
                {
                    math.ceil(inst.distance_km(t.school_id, v.school_id) - 1e-9)
                    for t in teachers
                    if applies(t)
                    for v in inst.vacancy_slots
                    if facts.move(t, v).blockers == ("P4",)
                }
            )
            for d in dists:
                if d > current:
                    change = parameter_change(f"P4.{key}", current, d)
                    detail = Figures("P4", {"km": d})
                    proposals.append(Proposal(self.id, change, detail, {f"P4.{key}": d}))
            if proposals:
                break
        return Ladder(tuple(proposals), monotone=True, stage=stage)

    def open_posts(self, facts: Facts, wanted: Shortfall) -> list[Ladder]:
        """A larger distance cap for the teachers who can reach no post."""
        return [self.raise_cap(facts, list(wanted.stuck), Stage.REACH)]
