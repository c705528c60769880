"""P5: paired schools (结对): require, prefer, ignore."""

from rotation_planner.check import check_plan
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
    solved,
)

REQUIRE = NO_QUOTAS.with_overrides({"P5.mode": "require"})


def _county():
    # U1 is paired with R1 (near). Remoteness prefers R2 (far); only P5 sends T1 to R1.
    return instance(
        [teacher("T1")],
        [school("U1", paired_with=("R1",)), rural("R1", 20), rural("R2", 90)],
        [vacancy("R1"), vacancy("R2")],
    )


def test_p5_require_sends_to_the_paired_school():
    plan = assert_enforced(_county(), REQUIRE, "P5")
    assert plan.by_teacher["T1"].to_school_id == "R1"


def test_p5_require_rejects_an_unpaired_placement():
    assert_rejected(_county(), REQUIRE, plan_of(("T1", "R2", "数学")), "P5")


def test_p5_boundary_no_matching_paired_post_frees_the_teacher():
    inst = instance(
        [teacher("T1")],
        [school("U1", paired_with=("R1",)), rural("R1", 20), rural("R2", 90)],
        [vacancy("R1", "英语"), vacancy("R2")],
    )
    assert_accepted(inst, REQUIRE, plan_of(("T1", "R2", "数学")), "P5")


def test_p5_prefer_counts_who_went_against_who_could():
    inst = instance(
        [teacher("T1"), teacher("T2")],
        [school("U1", paired_with=("R1",)), rural("R1", 50), rural("R2", 50)],
        [vacancy("R1"), vacancy("R2", count=2)],
    )
    plan = solved(inst, NO_QUOTAS)
    row = check_plan(inst, NO_QUOTAS, plan).for_rule("P5")[0]
    assert (row.got, row.base, row.status) == (1, 2, "OK")  # 1 of 2 to a paired school
    ignore = NO_QUOTAS.with_overrides({"P5.mode": "ignore"})
    assert check_plan(inst, ignore, plan).for_rule("P5")[0].status == "N/A"
