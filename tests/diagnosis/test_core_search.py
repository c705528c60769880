"""The conflict search itself: minimal, deterministic, bounded in time, and useful on a
county-sized roster."""

from __future__ import annotations

import time

from rotation_planner import api
from rotation_planner.model.diagnose import find_core
from rotation_planner.model.relax import feasible
from rotation_planner.model.solve import SolverSettings
from rotation_planner.policy import Policy
from rotation_planner.sample import generate_county
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import NO_Q3


def test_feasible_rules_have_no_core():
    inst = instance([teacher("A1")], [school("U1"), rural("R1")], [vacancy("R1")])
    assert find_core(inst, NO_Q3) is None


def test_core_is_minimal_and_the_same_every_time():
    # Three schools each short of posts for Q1; the core is one school and its posts.
    inst = instance(
        [teacher(f"{s}{i:02}", s) for s in ("U1", "U2", "U3") for i in range(20)],
        [school("U1"), school("U2"), school("U3"), rural("R1")],
        [vacancy("R1", "数学", 5)],
    )
    first = find_core(inst, NO_Q3)
    assert first is not None and first.minimal
    assert all(find_core(inst, NO_Q3) == first for _ in range(3))
    # Removing any one member leaves rules that can hold together: minimal.
    labels = first.labels
    assert sorted(lb.split()[0] for lb in labels) == ["P2", "Q1", "Q1", "Q1"]


def test_county_conflict_named_and_relaxed_within_the_time_bound():
    inst = generate_county(300, 1)
    policy = Policy().with_overrides({"Q4.max_share": 0.02})
    start = time.perf_counter()
    out = api.plan(inst, policy, SolverSettings(tier_time_limit=20))
    assert time.perf_counter() - start < 60
    assert out.result.status == "INFEASIBLE"
    assert "Q4 allows at most" in out.conflicts[0] and "Q1 needs >=" in out.conflicts[0]
    moves = {r.rule_id: r for r in out.relaxations}
    assert "Q4" in moves
    relaxed = policy.with_overrides(moves["Q4"].overrides)
    assert feasible(inst, relaxed)


def test_quickxplain_fallback_finds_the_same_minimal_core():
    # The fallback used when a solve with assumptions stalls: hard re-solves only.
    from rotation_planner.model.build import build_model
    from rotation_planner.model.diagnose import _quickxplain

    inst = instance(
        [teacher(f"{s}{i:02}", s) for s in ("U1", "U2", "U3") for i in range(20)],
        [school("U1"), school("U2"), school("U3"), rural("R1")],
        [vacancy("R1", "数学", 5)],
    )
    m = build_model(inst, NO_Q3, diagnose=True)
    members = sorted(m.assumption_lits, key=lambda i: m.assumptions[i])
    found = _quickxplain(m, members, time.perf_counter() + 30)
    assert found is not None
    assert sorted(m.assumptions[i] for i in found) == sorted(find_core(inst, NO_Q3).labels)
