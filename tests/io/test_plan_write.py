"""The output workbook as Excel sees it: real .xlsx files, read back with openpyxl."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from rotation_planner.check import check_plan
from rotation_planner.domain import Assignment, Plan, TierResult
from rotation_planner.io.plan_write import display_width, write_plan_workbook
from rotation_planner.policy import Policy
from rotation_planner.report.tables import ASSIGNMENT_COLUMNS
from tests.report.fixtures import (
    county,
    sample_check,
    sample_instance,
    sample_plan,
    sample_run,
    teacher,
)

RED = "FFFFC7CE"
GREEN = "FFE2EFDA"


def write(path: Path, lang: str = "en", plan: Plan | None = None, **kw: object) -> Path:
    instance = kw.pop("instance", sample_instance())
    check = kw.pop("check", sample_check())
    the_plan = sample_plan() if plan is None and not kw.pop("no_plan", False) else plan
    write_plan_workbook(path, instance, Policy(), the_plan, check, sample_run(), lang, **kw)  # type: ignore[arg-type]
    return path


def test_english_sheet_names_and_headers(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(tmp_path / "plan.xlsx", "en"))
    assert wb.sheetnames == ["Assignments", "Schools", "Not selected", "Constraint report", "Run"]
    headers = [c.value for c in wb["Assignments"][1]]
    assert headers == [
        "teacher_id", "name", "from_school_id", "from_school", "to_school_id", "to_school",
        "subject", "distance_km", "backbone", "title", "points", "points R1", "points R2",
        "points R3", "reason",
    ]  # fmt: skip
    report = [c.value for c in wb["Constraint report"][1]]
    assert report[:8] == [
        "rule ID", "rule", "scope", "parameter", "required", "achieved", "slack", "status"
    ]  # fmt: skip


def test_chinese_sheet_names_and_headers(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(tmp_path / "plan.xlsx", "zh"))
    assert wb.sheetnames == ["交流名单", "学校汇总", "未选派", "约束报告", "运行信息"]
    headers = [c.value for c in wb["交流名单"][1]]
    assert headers[:7] == [
        "工号",
        "姓名",
        "原学校编号",
        "原学校",
        "调入学校编号",
        "调入学校",
        "学科",
    ]
    assert len(headers) == len(ASSIGNMENT_COLUMNS)
    assert wb["交流名单"]["J2"].value == "一级"  # title in the output language
    assert wb["约束报告"]["H2"].value == "符合"


def _sheet_xml(path: Path, index: int = 1) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index}.xml")


def test_assignments_sheet_is_byte_for_byte_deterministic(tmp_path: Path) -> None:
    a = write(tmp_path / "a.xlsx", "zh")
    b = write(tmp_path / "b.xlsx", "zh")
    values_a = list(openpyxl.load_workbook(a)["交流名单"].iter_rows(values_only=True))
    values_b = list(openpyxl.load_workbook(b)["交流名单"].iter_rows(values_only=True))
    assert values_a == values_b
    assert _sheet_xml(a) == _sheet_xml(b)


def test_same_plan_in_any_order_gives_the_same_sheet(tmp_path: Path) -> None:
    shuffled = Plan((Assignment("T02", "R2", "语文"), Assignment("T01", "R1", "数学")))
    a = write(tmp_path / "a.xlsx", plan=sample_plan())
    b = write(tmp_path / "b.xlsx", plan=shuffled)
    assert _sheet_xml(a) == _sheet_xml(b)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    nasty = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-3", "@SUM(A1)", "\tx", "\rx"]
    teachers = [teacher(f"T0{i}", name=name) for i, name in enumerate(nasty)]
    plan = Plan.of([Assignment(t.teacher_id, "R1", "数学") for t in teachers])
    path = write(tmp_path / "plan.xlsx", instance=county(teachers), plan=plan)
    ws = openpyxl.load_workbook(path)["Assignments"]
    names = {}
    for row in ws.iter_rows(min_row=2):
        cell = row[1]
        assert cell.data_type == "s", cell.value
        names[row[0].value] = cell.value
        assert cell.quotePrefix, cell.value
    assert names["T00"] == nasty[0]
    # XML reads a lone CR back as LF; the text is otherwise unchanged.
    assert sorted(names.values()) == sorted(n.replace("\r", "\n") for n in nasty)
    assert b"<f>" not in _sheet_xml(path)
    # Names also appear on Not selected (eligible, not sent): none of them a formula.
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_characters_xml_cannot_hold_are_dropped(tmp_path: Path) -> None:
    teachers = [teacher("T01", name="张\x00三\x07")]
    plan = Plan.of([Assignment("T01", "R1", "数学")])
    path = write(tmp_path / "plan.xlsx", instance=county(teachers), plan=plan)
    assert openpyxl.load_workbook(path)["Assignments"]["B2"].value == "张三"


def test_a_tier_without_figures_leaves_empty_cells(tmp_path: Path) -> None:
    nan = float("nan")
    run = sample_run(status="UNKNOWN", tiers=(TierResult("coverage", "UNKNOWN", nan, nan, 0.0),))
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(path, sample_instance(), Policy(), None, sample_check(), run, "en")
    rows = {r[1]: r for r in openpyxl.load_workbook(path)["Run"].iter_rows(values_only=True)}
    assert rows["1. coverage"][2:6] == (None, "UNKNOWN", None, None)
    assert b"nan" not in _sheet_xml(path, 3).lower()


def test_violated_rows_red_ok_rows_green(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path / "plan.xlsx"))["Constraint report"]
    by_rule = {row[0].value: row for row in ws.iter_rows(min_row=2)}
    assert all(c.fill.start_color.rgb == RED for c in by_rule["Q4"])
    assert by_rule["Q4"][7].value == "VIOLATED"
    assert by_rule["E2"][0].fill.start_color.rgb == GREEN
    assert by_rule["W1"][0].fill.fill_type is None


def test_every_sheet_has_frozen_header_filter_and_widths(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(tmp_path / "plan.xlsx", "zh"))
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws["A1"].font.bold
    ws = wb["交流名单"]
    reason_width = ws.column_dimensions["O"].width
    assert reason_width >= 40  # a long Chinese reason, counted double
    assert ws.column_dimensions["A"].width >= display_width("工号") + 4
    assert display_width("数学ab") == 6


def test_numbers_are_numbers(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(tmp_path / "plan.xlsx"))
    row = next(wb["Assignments"].iter_rows(min_row=2, values_only=True))
    distance, points = row[7], row[10]
    assert isinstance(distance, int | float) and distance == 40.0
    assert isinstance(points, int) and points == 25
    assert wb["Assignments"]["H2"].number_format == "0.0"
    run = {r[1]: r for r in wb["Run"].iter_rows(min_row=2, values_only=True)}
    assert run["seed"][2] == 7
    assert run["Q1.min_share"][2] == 0.1


def test_without_a_plan_the_report_and_run_are_still_written(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.xlsx", no_plan=True)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Schools", "Constraint report", "Run"]
    schools = {r[0]: r for r in wb["Schools"].iter_rows(min_row=2, values_only=True)}
    assert schools["U1"][9] == 4  # eligible, from the roster alone


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    write(target)
    assert openpyxl.load_workbook(target).sheetnames[0] == "Assignments"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]
    assert os.stat(target).st_mode & 0o777 != 0o600


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")

    def boom(self: object, filename: str) -> None:
        Path(filename).write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", boom)
    with pytest.raises(OSError, match="disk full"):
        write(target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_refuses_to_write_over_an_input(tmp_path: Path) -> None:
    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(b"roster")
    with pytest.raises(ValueError, match="input"):
        write(roster, inputs=[roster])
    with pytest.raises(ValueError, match="input"):
        write(tmp_path / "." / "roster.xlsx", inputs=[roster])
    assert roster.read_bytes() == b"roster"


def test_refuses_to_overwrite_the_roster_known_only_by_its_hash(tmp_path: Path) -> None:
    roster = tmp_path / "elsewhere.xlsx"
    roster.write_bytes(b"roster bytes")
    run = sample_run(input_sha256=hashlib.sha256(b"roster bytes").hexdigest())
    with pytest.raises(ValueError, match="input"):
        write_plan_workbook(roster, sample_instance(), Policy(), sample_plan(), sample_check(),
                            run, "en")  # fmt: skip
    assert roster.read_bytes() == b"roster bytes"


def test_written_with_the_real_checker(tmp_path: Path) -> None:
    inst, plan = sample_instance(), sample_plan()
    check = check_plan(inst, Policy(), plan)
    path = write(tmp_path / "plan.xlsx", instance=inst, plan=plan, check=check)
    ws = openpyxl.load_workbook(path)["Constraint report"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) >= len(check.rows)
    statuses = {(r[0], r[2]): r[7] for r in rows}
    # U1 sends 2 of its 4 eligible teachers: above the Q2 cap of 1.
    assert statuses[("Q2", "U1")] == "VIOLATED"
    assert statuses[("E2", "county")] == "OK"
    q2 = next(row for row in ws.iter_rows(min_row=2) if row[0].value == "Q2")
    assert q2[0].fill.start_color.rgb == RED
