"""Property on random rosters: after one published rotator becomes exempt, the re-plan
is lawful, changes no more placements than solving afresh would, reports exactly the
number the "changes" tier proved optimal, and gives every change a reason."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotation_planner import api
from rotation_planner.domain import Plan
from rotation_planner.replan import compare_plans, count_changes
from tests.model.test_properties import policies, rosters
from tests.replan.test_replan import exempt, tier
from tests.rules.harness import FAST


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters(), policies(), st.integers(0, 1000))
def test_replan_after_an_exemption_is_lawful_and_minimal(inst, policy, pick):
    published = api.plan(inst, policy, FAST).plan
    if published is None or not published.assignments:
        return
    gone = published.assignments[pick % len(published.assignments)].teacher_id
    edited = exempt(inst, gone)
    done = api.replan(edited, policy, published, FAST)
    if done.outcome.plan is None:  # the exemption itself may leave no lawful plan
        return
    assert done.outcome.check.ok
    if any(t.name == "changes" for t in done.outcome.result.tiers):
        value, bound = tier(done.outcome, "changes")
        assert value == bound == done.changed
    else:  # no teacher can fill any post now: every published placement goes
        assert done.changed == len(published.assignments)
    fresh = api.plan(edited, policy, FAST).plan or Plan()
    assert done.changed <= count_changes(compare_plans(edited, policy, published, fresh))
    assert all(c.text() and c.text("zh") for c in done.changes)
    assert next(c for c in done.changes if c.teacher_id == gone).kind == "dropped"
