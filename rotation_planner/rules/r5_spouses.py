"""R5: spouses (配偶) are not sent apart. Mode ``at_most_one`` (default): at most one of
a couple is sent. Mode ``nearby``: both may go, to schools within ``R5.max_km`` of each
other. The default is an inference from surveys on family care. Couples come from the
spouse column; a link named on one row holds for both (the roster makes it mutual)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from rotation_planner.rules.base import COUNTY, Phrase, Rule, RuleCheck, Scope, ScopeKind
from rotation_planner.rules.conflict import Member
from rotation_planner.rules.params import (
    INFERENCE,
    RuleParams,
    source,
)

if TYPE_CHECKING:
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel
    from rotation_planner.rules.facts import Facts


class R5Params(RuleParams):
    """Spouses (配偶) are not sent to different places: with ``at_most_one`` at most
    one of them is sent; with ``nearby`` both may go, to schools within ``max_km`` of
    each other (0 = the same school)."""

    mode: Literal["at_most_one", "nearby"] = Field(
        "at_most_one", json_schema_extra=source(INFERENCE)
    )
    max_km: float = Field(0, ge=0, le=1000, json_schema_extra=source(INFERENCE))


class R5(Rule):
    id = "R5"
    conflict_scope = Scope(ScopeKind.TEACHER, ("teacher", "spouse"))

    def build(self, m: RotationModel) -> None:
        p, inst = m.policy, m.instance
        by_teacher = m.pairs_by_teacher()
        for a, b in inst.couples:
            ka, kb = by_teacher.get(a, []), by_teacher.get(b, [])
            if not ka or not kb:
                continue
            scope = Scope(ScopeKind.TEACHER, (a, b))
            if p.R5.mode == "at_most_one":
                m.require(self.id, scope, m.sum_x(ka) + m.sum_x(kb) <= 1)
                continue
            for k in ka:
                here = m.school_of(k)
                far = [
                    k2 for k2 in kb if inst.distance_km(here, m.school_of(k2)) > p.R5.max_km + 1e-9
                ]
                if far:
                    m.require(self.id, scope, m.sum_x([k, *far]) <= 1)

    def audit(self, a: Audit) -> list[RuleCheck]:
        p, inst = a.policy, a.instance
        bad = []
        for x, y in inst.couples:
            px, py = a.by_teacher.get(x), a.by_teacher.get(y)
            if px is None or py is None:
                continue
            far = inst.distance_km(px.post.school_id, py.post.school_id) > p.R5.max_km + 1e-9
            if p.R5.mode == "at_most_one" or far:
                bad.append(f"{x}+{y}")
        n = len(inst.couples)
        status = "VIOLATED" if bad else "OK"
        return [RuleCheck(self.id, COUNTY, Phrase.ALL, status, n, n - len(bad), None, tuple(bad))]

    def figures(self, facts: Facts, scope: Scope) -> Member:
        """A couple, told at its first teacher: at most one of them goes, or both go
        within ``R5.max_km`` of each other."""
        first, spouse = (*scope.ids, "")[:2]
        p = facts.policy.R5
        values = {"spouse": spouse, "km": p.max_km}
        shown = Scope(ScopeKind.TEACHER, (first,))
        return Member(self.id, shown, first, f"{self.id}.{p.mode}", values)
