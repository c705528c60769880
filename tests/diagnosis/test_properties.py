"""Properties on random rosters: when no plan exists, the conflict found really is one
(its members alone admit no plan), it is minimal (without any one member a plan exists),
and every suggested relaxation has been proven (a plan exists with it)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotation_planner.model.build import build_model
from rotation_planner.model.diagnose import _hard_infeasible, find_core
from rotation_planner.model.relax import feasible, suggest
from rotation_planner.policy import Policy
from tests.model.test_properties import rosters


@st.composite
def tight_policies(draw):
    # Tighter than the defaults, so that many rosters have no plan.
    return Policy().with_overrides(
        {
            "Q1.min_share": draw(st.sampled_from([0.1, 0.2, 0.3])),
            "Q2.max_share": draw(st.sampled_from([0.15, 0.3])),
            "Q3.enabled": draw(st.booleans()),
            "Q4.max_share": draw(st.sampled_from([0.1, 0.15, 0.3])),
            "P3.max_share": draw(st.sampled_from([0.2, 0.5])),
        }
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters(), tight_policies())
def test_core_is_a_minimal_conflict_and_relaxations_are_proven(inst, policy):
    if feasible(inst, policy) is not False:
        return
    core = find_core(inst, policy)
    assert core is not None and core.labels
    m = build_model(inst, policy, diagnose=True)
    index = {label: i for i, label in m.assumptions.items()}
    members = [index[label] for label in core.labels]
    assert _hard_infeasible(m, members, 10) is True
    if core.minimal:
        for drop in members:
            assert _hard_infeasible(m, [i for i in members if i != drop], 10) is False
    for r in suggest(inst, policy, core.labels, time_limit=10):
        relaxed_inst, relaxed_policy = r.apply(inst, policy)
        assert feasible(relaxed_inst, relaxed_policy) is True, r.change
