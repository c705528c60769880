"""E6: urban schools send to township/rural/village schools and teaching points only."""

from rotation_planner.domain import SchoolType
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)


def _county():
    # T1 works at a township school (not a sender); U2 is a second urban school.
    return instance(
        [teacher("T1", "X1", subjects="英语"), teacher("T2", subjects="语文")],
        [school("U1"), school("X1", SchoolType.TOWNSHIP, 20), school("U2"), rural("R1")],
        [vacancy("R1", "英语"), vacancy("U2", "语文")],
    )


def test_e6_only_urban_teachers_go_and_only_outward():
    plan = assert_enforced(_county(), NO_QUOTAS, "E6")
    assert plan.assignments == ()


def test_e6_township_sender_and_urban_receiver_rejected():
    inst = _county()
    assert_rejected(inst, NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E6")
    assert_rejected(inst, NO_QUOTAS, plan_of(("T2", "U2", "语文")), "E6")


def test_e6_boundary_direction_table_is_a_parameter():
    inst = instance(
        [teacher("T1", subjects="英语")],
        [school("U1"), school("X1", SchoolType.TOWNSHIP, 20), rural("R1")],
        [vacancy("R1", "英语"), vacancy("X1", "英语")],
    )
    only_rural = NO_QUOTAS.with_overrides({"E6.directions": "urban->rural"})
    assert_accepted(inst, only_rural, plan_of(("T1", "R1", "英语")), "E6")
    assert_rejected(inst, only_rural, plan_of(("T1", "X1", "英语")), "E6")
