"""E1: only in-service teachers (在编在岗) may be selected."""

from rotation_planner.policy import Policy
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
)


def _county(status: str):
    # T1 alone teaches 英语, the only post: coverage wants T1 unless E1 forbids it.
    return instance(
        [teacher("T1", subjects="英语", status=status), teacher("T2")],
        [school("U1"), rural("R1")],
        [vacancy("R1", "英语")],
    )


def test_e1_seconded_teacher_is_never_sent():
    inst = _county("借调")
    plan = assert_enforced(inst, NO_QUOTAS, "E1")
    assert "T1" not in plan.by_teacher


def test_e1_violating_plan_rejected_by_model_and_checker():
    assert_rejected(_county("借调"), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E1")


def test_e1_boundary_in_service_and_empty_status_are_eligible():
    for status in ("在编在岗", ""):
        assert_accepted(_county(status), NO_QUOTAS, plan_of(("T1", "R1", "英语")), "E1")


def test_e1_switched_off_is_reported_na():
    off = NO_QUOTAS.with_overrides({"E1.enabled": False})
    from tests.rules.harness import rows, solved

    inst = _county("借调")
    plan = solved(inst, off)
    assert "T1" in plan.by_teacher
    assert [r.status for r in rows(inst, off, plan, "E1")] == ["N/A"]
    assert Policy().E1.enabled
