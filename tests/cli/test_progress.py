"""Progress comes from api as steps (a key and figures), which the command line words in
the roster's language; each step is still the English message for a plain-string callback."""

from __future__ import annotations

import re

from rotation_planner import api
from rotation_planner.policy import Policy
from rotation_planner.report import labels
from tests.builders import instance, rural, school, teacher, vacancy

# Three teachers for two posts: lawful with these shares (Q3 off: nobody is backbone).
FEASIBLE = Policy().with_overrides({"Q3.enabled": False, "Q2.max_share": 0.5, "Q4.max_share": 0.5})


def two_posts():  # type: ignore[no-untyped-def]
    return instance(
        [teacher("A1"), teacher("A2"), teacher("A3")],
        [school("U1"), rural("R1", distance_km=30)],
        [vacancy("R1", "数学", 2)],
    )


def thirty_for_ten():  # type: ignore[no-untyped-def]
    """Q1 needs 3 of 30 eligible, Q4 keeps all but 2 of a staff of 16: no lawful plan."""
    return instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1", staff=16), rural("R1")],
        [vacancy("R1", "数学", 10)],
    )


def steps_of(inst, policy) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    api.plan(inst, policy, progress=seen.append)
    return seen


def test_every_step_of_a_solve_has_a_template() -> None:
    seen = steps_of(two_posts(), FEASIBLE)
    assert all(isinstance(s, api.Step) for s in seen)
    keys = [s.key for s in seen]  # type: ignore[attr-defined]
    assert keys[:2] == ["building_model", "model_size"] and keys[-1] == "checking"
    assert "tier_done" in keys and "message" not in keys
    tiers = [s for s in seen if s.key == "tier_done"]  # type: ignore[attr-defined]
    assert tiers[0].fields == {"tier": "coverage", "status": "OPTIMAL", "value": 2.0, "bound": 2.0}


def test_a_step_is_still_the_english_message() -> None:
    seen = steps_of(two_posts(), FEASIBLE)
    assert seen[1] == "model: 3 eligible teachers, 3 teacher-post pairs"
    assert seen[2].startswith("tier coverage: optimal value 2 bound 2")  # then how: (LP, ...)
    assert seen[-1] == "checking the plan against every rule"


def test_a_proven_impossible_roster_says_it_looks_for_the_conflict() -> None:
    Q3_OFF = Policy().with_overrides({"Q3.enabled": False})
    keys = [s.key for s in steps_of(thirty_for_ten(), Q3_OFF)]  # type: ignore[attr-defined]
    assert "finding_conflicts" in keys and "message" not in keys


def test_chinese_steps_have_no_english_word() -> None:
    seen = steps_of(two_posts(), FEASIBLE)
    shown = [labels.step_text(s.key, "zh", **s.fields) for s in seen]  # type: ignore[attr-defined]
    assert [w for line in shown for w in re.findall(r"[A-Za-z]{3,}", line)] == []
    assert "目标层级 岗位覆盖: 已证明最优, 取值 2, 上界 2" in shown


def test_a_tier_without_a_plan_and_an_unknown_message() -> None:
    seen: list[str] = []
    progress = api._steps(seen.append)
    assert progress is not None
    progress("tier priority: unknown")
    progress("something new")
    failed, new = seen
    assert (failed.key, failed.fields) == ("tier_failed", {"tier": "priority", "status": "UNKNOWN"})  # type: ignore[attr-defined]
    assert labels.step_text(failed.key, "zh", **failed.fields) == (  # type: ignore[attr-defined]
        "目标层级 优先积分: 给定时间内未找到方案"
    )
    assert new.key == "message" and labels.step_text(new.key, "zh", **new.fields) == "something new"  # type: ignore[attr-defined]
