"""Independent re-check of a finished plan against every rule of the rulebook.

The checker reads only the roster, the policy and the plan (who goes where). It never
reads solver values, so it audits a hand-made plan exactly as it audits the solver's.
Each rule's check lives with the rule (rules/), over the same admissible-move predicate
the model is built from; the Constraint report is built from these rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from rotation_planner.domain import Instance, Plan
from rotation_planner.policy import Policy
from rotation_planner.rules.audit import Audit
from rotation_planner.rules.base import RuleCheck
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.registry import REGISTRY


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


def check_plan(inst: Instance, p: Policy, plan: Plan) -> CheckResult:
    """Re-check ``plan`` against every rule, from the roster and policy alone."""
    audit = Audit(Facts(inst, p), plan)
    return CheckResult(tuple(row for rule in REGISTRY for row in rule.check(audit)))
