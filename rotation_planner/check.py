"""Independent re-check of a finished plan against every hard rule.

The checker reads only the roster, the policy and the plan (who goes where). It never
reads solver values, so it audits a hand-made plan exactly as it audits the solver's.
The Constraint report is built from its rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["OK", "VIOLATED", "N/A"]


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """One row of the Constraint report: one rule in one scope.

    ``scope`` is "county", a school id, or a teacher id. ``required`` and ``achieved``
    are human-readable figures (e.g. ">= 3", "4"); ``slack`` is achieved minus required
    in the rule's favourable direction (negative = violated), None where it has no
    meaning. ``offending`` lists teacher ids (or school ids) that break the rule.
    """

    rule_id: str
    scope: str
    parameter: str
    required: str
    achieved: str
    slack: float | None
    status: Status
    offending: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    rows: tuple[RuleCheck, ...]

    @property
    def violations(self) -> tuple[RuleCheck, ...]:
        return tuple(r for r in self.rows if r.status == "VIOLATED")

    @property
    def ok(self) -> bool:
        return not self.violations

    def for_rule(self, rule_id: str) -> tuple[RuleCheck, ...]:
        return tuple(r for r in self.rows if r.rule_id == rule_id)
