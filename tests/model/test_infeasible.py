"""When no lawful plan exists: the status says so and the conflicting rules are named."""

from rotation_planner import api
from rotation_planner.policy import Policy
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import FAST, NO_Q3


def test_q1_against_q4_is_named_with_numbers():
    # 30 eligible -> Q1 needs 3; 16 staff -> Q4 allows floor(2.4) = 2.
    inst = instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1", staff=16), rural("R1")],
        [vacancy("R1", "数学", 10)],
    )
    out = api.plan(inst, NO_Q3, FAST)
    assert out.result.status == "INFEASIBLE" and out.plan is None
    text = " | ".join(out.conflicts)
    assert "Q1 needs >= 3" in text and "Q4 allows at most 2" in text, text
    assert {r.rule_id for r in out.check.violations} == {"Q1", "Q4"}


def test_relaxing_the_named_rule_restores_a_plan():
    inst = instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1", staff=16), rural("R1")],
        [vacancy("R1", "数学", 10)],
    )
    relaxed = NO_Q3.with_overrides({"Q4.max_share": 0.2})  # floor(3.2) = 3
    assert api.plan(inst, relaxed, FAST).plan is not None


def test_must_rotate_teacher_without_a_post_is_named():
    inst = instance(
        [teacher("T1", subjects="英语", senior_applicant=True), teacher("T2")],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学")],
    )
    policy = NO_Q3.with_overrides({"Q1.enabled": False})
    out = api.plan(inst, policy, FAST, lang="zh")
    assert out.result.status == "INFEASIBLE"
    assert any("T1" in c and "M1" in c and "0" in c for c in out.conflicts), out.conflicts


def test_too_few_posts_for_the_minimum_quota():
    inst = instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 2)],
    )
    out = api.plan(inst, Policy().with_overrides({"Q3.enabled": False}), FAST)
    assert out.result.status == "INFEASIBLE"
    assert any("Q1" in c for c in out.conflicts) and any("P2" in c for c in out.conflicts)
