"""Q3: backbone teachers are at least 20% of all rotators, county-wide."""

from rotation_planner.domain import Backbone
from rotation_planner.policy import Policy
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import assert_accepted, assert_enforced, assert_rejected, plan_of

# Backbone earns no points here, so priority alone would pick the volunteers.
POLICY = Policy().with_overrides({"R2.enabled": False})


def _county():
    volunteers = [teacher(f"V{i:02}", volunteer=True) for i in range(20)]
    backbone = [teacher(f"K{i:02}", backbone=Backbone.COUNTY) for i in range(10)]
    others = [teacher(f"N{i:02}") for i in range(10)]
    # R1's own staff are all backbone, so the quality tier has no reason to send any.
    locals_ = [teacher(f"L{i:02}", "R1", backbone=Backbone.CITY) for i in range(4)]
    return instance(
        volunteers + backbone + others + locals_,
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 6)],
    )


def test_q3_backbone_share_is_met():
    inst = _county()
    plan = assert_enforced(inst, POLICY, "Q3")
    rotators = len(plan.assignments)
    backbone = sum(1 for t in plan.by_teacher if t.startswith("K"))
    assert rotators == 6 and backbone == 2  # ceil(20% of 6) = 2, no more: fewer points


def test_q3_plan_without_backbone_rejected():
    plan = plan_of(*[(f"V{i:02}", "R1", "数学") for i in range(5)])
    assert_rejected(_county(), POLICY, plan, "Q3")


def test_q3_boundary_exactly_twenty_percent():
    plan = plan_of(*[(f"V{i:02}", "R1", "数学") for i in range(4)], ("K00", "R1", "数学"))
    assert_accepted(_county(), POLICY, plan, "Q3")


def test_q3_denominator_eligible():
    # 10 eligible backbone teachers: at least ceil(20% of 10) = 2 must go.
    policy = POLICY.with_overrides({"Q3.denominator": "eligible"})
    one = plan_of(*[(f"V{i:02}", "R1", "数学") for i in range(4)], ("K00", "R1", "数学"))
    assert_rejected(_county(), policy, one, "Q3")
    two = plan_of(*[(f"V{i:02}", "R1", "数学") for i in range(3)],
                  ("K00", "R1", "数学"), ("K01", "R1", "数学"))  # fmt: skip
    assert_accepted(_county(), policy, two, "Q3")
