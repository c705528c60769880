"""End to end on real workbooks: planner solve, edit the roster, planner replan."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl

from rotation_planner.io.plan_read import read_plan
from rotation_planner.io.roster_write import write_roster
from tests.builders import instance, rural, school, teacher, vacancy
from tests.commands import planner, planner_process

POLICY = {"Q3.enabled": False, "Q2.max_share": 0.5, "Q4.max_share": 0.5}


def county():
    return instance(
        [teacher(f"A{i}") for i in range(1, 7)],
        [school("U1"), rural("R1", distance_km=30), rural("R2", distance_km=60)],
        [vacancy("R1", "数学", 2), vacancy("R2", "数学", 2)],
    )


def test_replan_after_an_exemption_keeps_the_rest(tmp_path: Path):
    roster = tmp_path / "roster.xlsx"
    inst = county()
    write_roster(inst, roster, lang="en", policy_overrides=POLICY)
    assert planner("solve", roster, "-q").returncode == 0
    published = tmp_path / "roster.plan.xlsx"
    before = read_plan(published, inst)
    gone = before.assignments[0].teacher_id
    edited = inst.replace(
        teachers=tuple(
            dataclasses.replace(t, exempt_reason="孕期") if t.teacher_id == gone else t
            for t in inst.teachers
        )
    )
    roster2 = tmp_path / "roster2.xlsx"
    write_roster(edited, roster2, lang="en", policy_overrides=POLICY)
    out = tmp_path / "replanned.xlsx"
    run = planner_process("replan", roster2, "--previous", published, "-o", out, "-q")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 change(s): 1 dropped, 0 moved, 1 added; 2 kept" in run.stdout, run.stdout
    assert f"dropped {gone}" in run.stdout and "now exempt (E5)" in run.stdout
    assert f"fills the post vacated by {gone}" in run.stdout
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-1] == "Changes"
    rows = list(wb["Changes"].iter_rows(values_only=True))
    assert rows[0][:2] == ("teacher_id", "change")
    assert sorted(r[1] for r in rows[1:]) == ["added", "dropped", "kept", "kept"]
    after = read_plan(out, edited)
    assert len(set(before.assignments) & set(after.assignments)) == 2
    # The replanned workbook passes the independent checker.
    assert planner("check", roster2, out, "-q").returncode == 0


def test_replan_refuses_to_write_over_the_published_plan(tmp_path: Path):
    roster = tmp_path / "roster.xlsx"
    write_roster(county(), roster, lang="zh", policy_overrides=POLICY)
    assert planner("solve", roster, "-q").returncode == 0
    published = tmp_path / "roster.plan.xlsx"
    before = published.read_bytes()
    run = planner("replan", roster, "--previous", published, "-o", published, "-q")
    assert run.returncode == 2 and published.read_bytes() == before


def test_replan_without_edits_changes_nothing_in_chinese(tmp_path: Path):
    roster = tmp_path / "roster.xlsx"
    write_roster(county(), roster, lang="zh", policy_overrides=POLICY)
    assert planner("solve", roster, "-q").returncode == 0
    run = planner("replan", roster, "--previous", tmp_path / "roster.plan.xlsx", "-q")
    assert run.returncode == 0, run.stderr
    assert "变更 0 处: 撤出 0, 调整 0, 新增 0; 保留 3" in run.stdout, run.stdout
    assert "变更" in openpyxl.load_workbook(tmp_path / "roster.replan.xlsx").sheetnames
