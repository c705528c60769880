"""The comparison's figures on hand-made plans of the tiny county, with exact answers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rotation_planner import api
from rotation_planner.domain import Assignment, Instance, Plan, SchoolType
from rotation_planner.policy import Policy
from rotation_planner.report.compare import (
    changes_table,
    comparison_tables,
    kpi_table,
    kpis,
    placement_changes,
    sheet_title,
)

A = Assignment


def variant(inst: Instance, name: str, *assignments: Assignment):  # type: ignore[no-untyped-def]
    return api.plan_variant(name, inst, Policy(), Plan.of(assignments))


def test_changes_are_added_removed_and_moved_by_teacher():
    before = Plan.of([A("T01", "V1", "数学"), A("T06", "R1", "语文"), A("T02", "R1", "数学")])
    after = Plan.of([A("T01", "R1", "数学"), A("T06", "R1", "语文"), A("T07", "R1", "语文")])
    got = [(c.teacher_id, c.kind) for c in placement_changes(before, after)]
    # T01 changes school; T02 is dropped; T06 is unchanged; T07 is new.
    assert got == [("T01", "moved"), ("T02", "removed"), ("T07", "added")]
    moved = placement_changes(before, after)[0]
    assert (moved.before.to_school_id, moved.after.to_school_id) == ("V1", "R1")
    assert placement_changes(before, before) == ()
    assert placement_changes(before, None) == ()  # no plan: nothing to list


def test_subject_change_at_the_same_school_is_a_move():
    before = Plan.of([A("T06", "R1", "语文")])
    after = Plan.of([A("T06", "R1", "数学")])
    assert [c.kind for c in placement_changes(before, after)] == ["moved"]


def test_kpis_exact(tiny: Instance):
    # T01 (backbone) -> V1 70 km, T07 -> R1 40 km: 2 of 3 posts filled, one per band.
    k = kpis(variant(tiny, "x", A("T01", "V1", "数学"), A("T07", "R1", "语文")))
    assert (k.rotators, k.vacancies, k.filled) == (2, 3, 2)
    assert k.fill_rate == pytest.approx(2 / 3)
    assert k.posts_by_band[SchoolType.RURAL] == 2 and k.filled_by_band[SchoolType.RURAL] == 1
    assert k.posts_by_band[SchoolType.VILLAGE] == 1 and k.filled_by_band[SchoolType.VILLAGE] == 1
    assert k.backbone_share == 0.5
    # distance via the county seat: U1 is 0 km from it
    assert (k.mean_km, k.max_km) == (55.0, 70.0)
    assert k.against_wishes is None  # nobody has wishes
    assert k.violations == 0
    assert k.min_slack["Q2"] == 0  # Q2 allows 2 and 2 are sent


def test_against_wishes_counts_only_teachers_with_wishes(tiny: Instance):
    teachers = tuple(
        replace(t, wishes=("R1",)) if t.teacher_id in ("T01", "T07") else t for t in tiny.teachers
    )
    inst = tiny.replace(teachers=teachers)
    # T01 wished R1 but goes to V1 (against); T07 gets R1 (kept); T02 has no wishes.
    k = kpis(variant(inst, "x", A("T01", "V1", "数学"), A("T07", "R1", "语文")))
    assert k.against_wishes == 1


def test_violations_show_in_slack(tiny: Instance):
    # Three rotators from U1: Q2 allows 2, so its slack is -1.
    k = kpis(variant(tiny, "x", *(A(t, s, subj) for t, s, subj in
                                 (("T01", "V1", "数学"), ("T02", "R1", "数学"),
                                  ("T07", "R1", "语文")))))  # fmt: skip
    assert k.min_slack["Q2"] == -1 and k.violations >= 1


def test_tables_line_up_with_the_variants(tiny: Instance):
    base = variant(tiny, "基准", A("T01", "V1", "数学"), A("T06", "R1", "语文"))
    other = variant(tiny, "other", A("T01", "R1", "数学"))
    table = kpi_table([base, other], "zh")
    assert table.headers[1:] == ("基准", "other")
    assert table.value("rotators", 0) == 2 and table.value("rotators", 1) == 1
    assert table.value("changed", 1) == 2  # T01 moved, T06 removed
    changes = changes_table([base, other], "en").as_dicts()
    assert [(c["teacher_id"], c["change"]) for c in changes] == [("T01", "moved"),
                                                                ("T06", "removed")]  # fmt: skip
    assert changes[0]["before_school_id"] == "V1" and changes[0]["after_school_id"] == "R1"
    names = [t.name for t in comparison_tables([base, other], "en")]
    assert names == ["KPIs", "Scenarios", "Changes", "基准", "other"]


def test_sheet_titles_are_valid_and_unique():
    taken = {"kpis"}
    assert sheet_title("KPIs", taken) == "KPIs (2)"
    assert sheet_title("a/b:c*d?[e]", taken) == "a_b_c_d__e_"
    long = "x" * 40
    assert sheet_title(long, taken) == "x" * 31
    assert sheet_title(long, taken) == "x" * 27 + " (2)"
