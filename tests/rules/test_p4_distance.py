"""P4: teachers with a family burden go at most 30 km (以内 includes 30)."""

from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)


def _county(far_km: float = 29):
    # U1 is 1 km from the county seat; without coordinates the trip goes through the seat.
    return instance(
        [teacher("T1", family_burden=True)],
        [school("U1", distance_km=1), rural("R1", far_km), rural("R0", 10)],
        [vacancy("R1", "数学"), vacancy("R0", "语文")],
    )


def test_p4_family_burden_stays_close():
    plan = assert_enforced(_county(40), NO_QUOTAS, "P4")
    assert plan.assignments == ()


def test_p4_too_far_rejected():
    assert_rejected(_county(40), NO_QUOTAS, plan_of(("T1", "R1", "数学")), "P4")


def test_p4_boundary_exactly_thirty_km():
    assert_accepted(_county(29), NO_QUOTAS, plan_of(("T1", "R1", "数学")), "P4")  # 1 + 29
    assert_rejected(_county(29.5), NO_QUOTAS, plan_of(("T1", "R1", "数学")), "P4")


def test_p4_cap_for_everyone():
    policy = NO_QUOTAS.with_overrides({"P4.max_km": 20})
    inst = instance(
        [teacher("T1")], [school("U1", distance_km=1), rural("R1", 25)], [vacancy("R1")]
    )
    assert_rejected(inst, policy, plan_of(("T1", "R1", "数学")), "P4")
