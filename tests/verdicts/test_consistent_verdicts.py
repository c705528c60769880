"""Rosters on which the model and the checker once disagreed: each must now give one
verdict. Whenever the model finds a plan the checker passes it; whenever the model says
"no lawful plan", no plan passes the checker (the empty plan included)."""

from __future__ import annotations

import pytest

from rotation_planner.check import check_plan
from rotation_planner.domain import Instance, Plan, SchoolType, Teacher
from rotation_planner.model.solve import solve
from rotation_planner.policy import Policy
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import FAST, plan_of


def _verdict(inst: Instance, policy: Policy) -> tuple[str, Plan | None]:
    result = solve(inst, policy, FAST)
    if result.plan is not None:
        failed = check_plan(inst, policy, result.plan).violations
        assert not failed, [(r.rule_id, str(r.scope)) for r in failed]
    return result.status, result.plan


def test_a_learning_post_is_not_an_outward_rotation_for_q1():
    # Township teachers may go to rural schools (outward) or to the urban school (a
    # learning post). The only post is urban: a learning post does not meet Q1, so the
    # township school cannot send anyone outward and Q1 (1 of 5) has no plan.
    policy = Policy().with_overrides(
        {
            "E6.directions": "urban->rural, township->rural, township->urban",
            "W1.enabled": True,
            "Q3.enabled": False,
        }
    )
    staff = [teacher(f"T{i}", "W1", teaching_years=10) for i in range(5)]
    inst = instance(staff, [school("W1", SchoolType.TOWNSHIP), school("U1")], [vacancy("U1")])
    status, _ = _verdict(inst, policy)
    assert status == "INFEASIBLE"
    # ... and the checker agrees: the only lawful-looking plans break Q1.
    assert not check_plan(inst, policy, plan_of(("T0", "U1", "数学"))).ok
    assert not check_plan(inst, policy, Plan()).ok
    # With a rural post too, one teacher goes outward and one may learn in town.
    inst = inst.replace(
        vacancies=(vacancy("U1"), vacancy("R1")), schools=(*inst.schools, rural("R1"))
    )
    status, plan = _verdict(inst, policy)
    assert status == "OPTIMAL" and plan is not None and len(plan.assignments) == 2


def test_m1_binds_teachers_eligible_for_outward_rotation_only():
    # A rural teacher who plans to apply for 高级 with half a year of rural service: M1
    # concerns outward rotation, which a rural school does not do. The empty plan is
    # lawful, and the model must find it.
    policy = Policy().with_overrides({"W1.enabled": True})
    learner = teacher("L1", "R1", senior_applicant=True, rural_years=0.5, teaching_years=8)
    inst = instance([learner], [rural("R1"), school("U1")], [])
    status, plan = _verdict(inst, policy)
    assert status == "OPTIMAL" and plan == Plan()


@pytest.mark.parametrize("order", ["named_first", "naming_first"])
def test_a_spouse_named_on_one_row_binds_both(order: str):
    # T1 names T2; T2 names nobody. Either row order gives one couple and one verdict.
    t1 = teacher("T1", spouse_id="T2")
    t2 = teacher("T2", "U2")
    rows: list[Teacher] = [t2, t1] if order == "named_first" else [t1, t2]
    inst = instance(rows, [school("U1"), school("U2"), rural("R1")], [vacancy("R1", count=2)])
    policy = Policy().with_overrides({"Q1.enabled": False, "Q3.enabled": False})
    assert inst.couples == (("T1", "T2"),)
    status, plan = _verdict(inst, policy)
    assert status == "OPTIMAL" and plan is not None and len(plan.assignments) == 1
    both = plan_of(("T1", "R1", "数学"), ("T2", "R1", "数学"))
    assert [r.rule_id for r in check_plan(inst, policy, both).violations] == ["R5"]


def test_p5_require_with_e6_off():
    # No direction table: every move is outward. P5 require still sends the teacher to
    # the paired school, and the checker agrees with the model.
    policy = Policy().with_overrides(
        {"E6.enabled": False, "P5.mode": "require", "Q1.enabled": False, "Q3.enabled": False}
    )
    inst = instance(
        [teacher("T1")],
        [school("U1", paired_with=("R2",)), rural("R1", 80), rural("R2", 10)],
        [vacancy("R1"), vacancy("R2")],
    )
    status, plan = _verdict(inst, policy)
    assert status == "OPTIMAL" and plan == plan_of(("T1", "R2", "数学"))
    elsewhere = check_plan(inst, policy, plan_of(("T1", "R1", "数学")))
    assert [r.rule_id for r in elsewhere.violations] == ["P5"]


def test_a_lock_no_post_allows_is_a_named_conflict_not_a_rejected_plan():
    # T1 has 2 years at the school (E2 needs 6) and is locked to R1: no lawful plan, and
    # the model says so under "locked" instead of writing a plan the checker rejects.
    policy = Policy().with_overrides({"Q1.enabled": False, "Q3.enabled": False})
    inst = instance(
        [teacher("T1", years_at_school=2, locked_to="R1"), teacher("T2")],
        [school("U1"), rural("R1")],
        [vacancy("R1")],
    )
    status, _ = _verdict(inst, policy)
    assert status == "INFEASIBLE"
    without_t1 = check_plan(inst, policy, plan_of(("T2", "R1", "数学")))
    assert [r.rule_id for r in without_t1.violations] == ["locked"]
