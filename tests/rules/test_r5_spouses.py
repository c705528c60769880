"""R5: spouses are not sent apart: at most one goes, or (nearby) both within X km."""

from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)

NEARBY = NO_QUOTAS.with_overrides({"R5.mode": "nearby", "R5.max_km": 0})


def _county():
    return instance(
        [teacher("T1", spouse_id="T2"), teacher("T2", spouse_id="T1")],
        [school("U1"), rural("R1", 30), rural("R2", 90)],
        [vacancy("R1"), vacancy("R2")],
    )


def test_r5_at_most_one_spouse_goes():
    plan = assert_enforced(_county(), NO_QUOTAS, "R5")
    assert len(plan.assignments) == 1


def test_r5_both_sent_rejected():
    both = plan_of(("T1", "R1", "数学"), ("T2", "R2", "数学"))
    assert_rejected(_county(), NO_QUOTAS, both, "R5")


def test_r5_nearby_mode_same_school_is_the_boundary():
    inst = instance(
        [teacher("T1", spouse_id="T2"), teacher("T2", spouse_id="T1")],
        [school("U1"), rural("R1", 30), rural("R2", 90)],
        [vacancy("R1", count=2), vacancy("R2")],
    )
    assert_accepted(inst, NEARBY, plan_of(("T1", "R1", "数学"), ("T2", "R1", "数学")), "R5")
    assert_rejected(inst, NEARBY, plan_of(("T1", "R1", "数学"), ("T2", "R2", "数学")), "R5")
    plan = assert_enforced(inst, NEARBY, "R5")
    assert {a.to_school_id for a in plan.assignments} == {"R1"}
