"""Shared steps of every rule test (cpsat-primer style):

1. feasible: the solver's plan passes the checker;
2. violated on purpose: a violating plan is rejected by the model (``model_accepts``)
   and flagged by the checker, and removing the rule from the model (``skip``) makes the
   solver produce a plan the checker flags: proof the rule is really enforced;
3. boundary: a plan exactly at the limit is accepted by both.
"""

from __future__ import annotations

from rotation_planner.check import RuleCheck, check_plan
from rotation_planner.domain import Assignment, Instance, Plan
from rotation_planner.model.solve import SolverSettings, model_accepts, solve
from rotation_planner.policy import Policy

FAST = SolverSettings(seed=0, workers=1, tier_time_limit=20)

# Quotas off: isolates a single eligibility or post rule in a tiny instance.
NO_QUOTAS = Policy().with_overrides(
    {"Q1.enabled": False, "Q2.enabled": False, "Q3.enabled": False, "Q4.enabled": False}
)


# Q3 off: for counties with no backbone teachers, testing a school quota alone.
NO_Q3 = Policy().with_overrides({"Q3.enabled": False})


def solved(inst: Instance, policy: Policy = NO_Q3, skip: tuple[str, ...] = ()) -> Plan:
    result = solve(inst, policy, FAST, skip=skip)
    assert result.plan is not None, result.status
    return result.plan


def rows(inst: Instance, policy: Policy, plan: Plan, rule_id: str) -> tuple[RuleCheck, ...]:
    found = check_plan(inst, policy, plan).for_rule(rule_id)
    assert found, f"the checker has no row for {rule_id}"
    return found


def violated(inst: Instance, policy: Policy, plan: Plan, rule_id: str) -> list[RuleCheck]:
    return [r for r in rows(inst, policy, plan, rule_id) if r.status == "VIOLATED"]


def holds(inst: Instance, policy: Policy, plan: Plan, rule_id: str) -> bool:
    return all(r.status == "OK" for r in rows(inst, policy, plan, rule_id))


def plan_of(*triples: tuple[str, str, str]) -> Plan:
    return Plan.of(Assignment(t, s, subj) for t, s, subj in triples)


def assert_enforced(inst: Instance, policy: Policy, rule_id: str) -> Plan:
    """The rule holds in the solved plan, and without the rule it would not."""
    plan = solved(inst, policy)
    assert holds(inst, policy, plan, rule_id)
    assert check_plan(inst, policy, plan).ok
    unguarded = solved(inst, policy, skip=(rule_id,))
    assert violated(inst, policy, unguarded, rule_id), (
        f"removing {rule_id} from the model changed nothing: the test instance is too weak"
    )
    return plan


def assert_rejected(inst: Instance, policy: Policy, plan: Plan, rule_id: str) -> None:
    """A plan breaking the rule is refused by the model and flagged by the checker."""
    assert not model_accepts(inst, policy, plan)
    assert violated(inst, policy, plan, rule_id)


def assert_accepted(inst: Instance, policy: Policy, plan: Plan, rule_id: str) -> None:
    """A plan exactly at the rule's limit is admitted by the model and the checker."""
    assert model_accepts(inst, policy, plan)
    assert holds(inst, policy, plan, rule_id)
