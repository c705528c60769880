"""The output workbook as Excel sees it: real .xlsx files, read back with openpyxl."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from rotation_planner.check import check_plan
from rotation_planner.domain import Assignment, Gender, Plan, TierResult, Vacancy
from rotation_planner.io.plan_write import (
    CJK_WIDTH,
    WRAP_WIDTH,
    display_width,
    text_width,
    write_plan_workbook,
)
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
    assert wb.sheetnames == [
        "Summary", "Assignments", "Public list", "School notices", "Schools", "Not selected",
        "Cut-offs", "Lottery", "Constraint report", "Run",
    ]  # fmt: skip
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
    assert wb.sheetnames == [
        "方案摘要", "交流名单", "公示名单", "学校通知",
        "学校汇总", "未选派", "分数线", "抽签号", "约束报告", "运行信息",
    ]  # fmt: skip
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


def _sheet_xml(path: Path, name: str) -> bytes:
    """The XML of the sheet called ``name`` (sheets are stored in workbook order)."""
    index = openpyxl.load_workbook(path, read_only=True).sheetnames.index(name) + 1
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index}.xml")


def test_assignments_sheet_is_byte_for_byte_deterministic(tmp_path: Path) -> None:
    a = write(tmp_path / "a.xlsx", "zh")
    b = write(tmp_path / "b.xlsx", "zh")
    values_a = list(openpyxl.load_workbook(a)["交流名单"].iter_rows(values_only=True))
    values_b = list(openpyxl.load_workbook(b)["交流名单"].iter_rows(values_only=True))
    assert values_a == values_b
    for name in ("方案摘要", "交流名单", "公示名单", "学校通知"):
        assert _sheet_xml(a, name) == _sheet_xml(b, name), name


def test_same_plan_in_any_order_gives_the_same_sheet(tmp_path: Path) -> None:
    shuffled = Plan((Assignment("T02", "R2", "语文"), Assignment("T01", "R1", "数学")))
    a = write(tmp_path / "a.xlsx", plan=sample_plan())
    b = write(tmp_path / "b.xlsx", plan=shuffled)
    for name in ("Assignments", "Public list", "School notices"):
        assert _sheet_xml(a, name) == _sheet_xml(b, name), name


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
    assert b"<f>" not in _sheet_xml(path, "Assignments")
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
    assert rows["1. coverage"][2:6] == (None, "no plan found in the time allowed", None, None)
    assert b"nan" not in _sheet_xml(path, "Run").lower()


def test_violated_rows_red_ok_rows_green(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path / "plan.xlsx"))["Constraint report"]
    by_rule = {row[0].value: row for row in ws.iter_rows(min_row=2)}
    assert all(c.fill.start_color.rgb == RED for c in by_rule["Q4"])
    assert by_rule["Q4"][7].value == "VIOLATED"
    assert by_rule["E2"][0].fill.start_color.rgb == GREEN
    assert by_rule["W1"][0].fill.fill_type is None


def test_every_table_has_frozen_header_filter_and_widths(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(tmp_path / "plan.xlsx", "zh"))
    for ws in (wb[name] for name in ("交流名单", "学校汇总", "未选派", "约束报告", "运行信息")):
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws["A1"].font.bold
    ws = wb["交流名单"]
    reason_width = ws.column_dimensions["O"].width
    assert reason_width == WRAP_WIDTH  # a long Chinese reason wraps at this width
    assert ws.column_dimensions["A"].width >= text_width("工号") + 3  # beside the filter
    assert display_width("数学ab") == 6
    assert text_width("数学") == 2 * CJK_WIDTH > text_width("ab")


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
    assert wb.sheetnames == ["Summary", "Schools", "Constraint report", "Run"]
    schools = {r[0]: r for r in wb["Schools"].iter_rows(min_row=2, values_only=True)}
    assert schools["U1"][9] == 4  # eligible, from the roster alone


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    write(target)
    assert openpyxl.load_workbook(target).sheetnames[:2] == ["Summary", "Assignments"]
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


# --- printing -----------------------------------------------------------------------------

DATA_SHEETS = ("Assignments", "Schools", "Not selected", "Constraint report", "Run")


def test_every_sheet_prints_on_a4_fitted_to_the_page_width_with_page_numbers(
    tmp_path: Path,
) -> None:
    wb = openpyxl.load_workbook(write(tmp_path / "plan.xlsx", "zh"))
    assert len(wb.worksheets) == 10
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.paperSize == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToWidth == 1, ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, ws.title
    for ws in (
        wb[n] for n in ("交流名单", "学校汇总", "未选派", "约束报告", "运行信息", "学校通知")
    ):
        assert ws.oddHeader.center.text.startswith("roster2026年"), ws.title  # the plan's title
    for name in ("交流名单", "学校汇总", "未选派", "约束报告"):
        assert wb[name].print_title_rows == "$1:$1", name  # the header row on every page
        assert wb[name].page_setup.orientation == "landscape", name  # wider than portrait


def test_the_footer_ties_every_internal_page_to_the_input(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(tmp_path / "plan.xlsx", "en"))
    for name in ("Summary", *DATA_SHEETS):
        assert ("ab" * 8) in wb[name].oddFooter.left.text, name
    # What is posted or sent to a school carries no file hash.
    assert not wb["Public list"].oddFooter.left.text


def test_long_text_wraps_and_its_row_is_tall_enough(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path / "plan.xlsx", "zh"))["交流名单"]
    reason = ws["O2"]
    assert reason.alignment.wrap_text
    assert text_width(reason.value) > 2 * WRAP_WIDTH  # three lines or more
    assert ws.row_dimensions[2].height >= 3 * 15
    assert not ws["B2"].alignment.wrap_text  # a name does not wrap


def test_numbers_are_centred_clear_of_the_next_column(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path / "plan.xlsx", "zh"))["交流名单"]
    assert ws["H2"].value == 40.0 and ws["H2"].alignment.horizontal == "center"
    assert ws["K2"].value == 25 and ws["K2"].alignment.horizontal == "center"
    assert ws["I2"].alignment.horizontal in (None, "general", "left")  # text stays left


def test_summary_is_first_and_prints_on_one_portrait_page(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(tmp_path / "plan.xlsx", "zh"))
    ws = wb.worksheets[0]
    assert ws.title == "方案摘要"
    assert ws.page_setup.orientation == "portrait"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert texts[0] == "roster2026年城乡教师交流轮岗方案"
    assert "ab" * 32 in texts  # the input's SHA-256, whole
    assert any(t.startswith("签字") for t in texts)
    # Counts only: no teacher is named on the page a director signs.
    inst = sample_instance()
    for t in inst.teachers:
        assert not any(t.teacher_id in text or t.name in text for text in texts), t.teacher_id


def test_plan_read_still_finds_the_assignments_behind_the_summary(tmp_path: Path) -> None:
    from rotation_planner.io.plan_read import read_plan

    path = write(tmp_path / "plan.xlsx", "zh")
    assert read_plan(path, sample_instance()) == sample_plan()


def _roster_with_title(tmp_path: Path, title: str | None) -> Path:
    from rotation_planner.io.roster_write import write_roster

    roster = tmp_path / "桐川县花名册.xlsx"
    write_roster(sample_instance(), roster, lang="zh", title_row=title)
    return roster


def test_county_comes_from_the_rosters_title_row(tmp_path: Path) -> None:
    roster = _roster_with_title(tmp_path, "青岚县2026年城乡教师交流轮岗花名册")
    path = write(tmp_path / "plan.xlsx", "zh", inputs=[roster])
    ws = openpyxl.load_workbook(path)["公示名单"]
    assert ws["A1"].value == "青岚县2026年城乡教师交流轮岗人员名单"
    assert "A1:H1" in {str(r) for r in ws.merged_cells.ranges}


def test_without_a_title_row_the_county_comes_from_the_file_name(tmp_path: Path) -> None:
    roster = _roster_with_title(tmp_path, None)
    path = write(tmp_path / "plan.xlsx", "zh", inputs=[roster])
    assert openpyxl.load_workbook(path)["公示名单"]["A1"].value == (
        "桐川县2026年城乡教师交流轮岗人员名单"
    )


def test_public_list_columns_and_no_personal_data_beyond_them(tmp_path: Path) -> None:
    # T01 is exempt (a health reason) and 47: a hand-made plan sends them all the same.
    teachers = [
        teacher("T01", name="张三", age=47, exempt_reason="病休", gender=Gender.FEMALE),
        teacher("T02", subjects=("语文",), name="李四"),
    ]
    plan = Plan.of([Assignment("T01", "R1", "数学"), Assignment("T02", "R2", "语文")])
    path = write(tmp_path / "plan.xlsx", "zh", instance=county(teachers), plan=plan)
    wb = openpyxl.load_workbook(path)
    ws = wb["公示名单"]
    rows = list(ws.iter_rows(min_row=2, max_row=4, values_only=True))
    assert rows[0] == ("序号", "姓名", "性别", "原单位", "交流学校", "学科", "职称", "交流期限")
    assert rows[1] == (1, "张三", "女", "学校U1", "学校R1", "数学", "一级", "一学年")
    assert rows[2] == (2, "李四", "男", "学校U1", "学校R2", "语文", "一级", "一学年")
    for name in ("公示名单", "学校通知"):
        cells = [c for row in wb[name].iter_rows(values_only=True) for c in row if c is not None]
        assert "张三" in cells, name
        for private in ("T01", "T02", "病休", "47", 47, "40", 40):
            assert not any(private == c or (isinstance(c, str) and str(private) in c)
                           for c in cells), (name, private)  # fmt: skip


def test_public_list_prints_thirty_teachers_a_landscape_page(tmp_path: Path) -> None:
    teachers = [teacher(f"T{i:02}") for i in range(61)]
    vacancies = [Vacancy("R1", "数学", 61)]
    plan = Plan.of([Assignment(t.teacher_id, "R1", "数学") for t in teachers])
    inst = county(teachers, vacancies)
    path = write(tmp_path / "plan.xlsx", "zh", instance=inst, plan=plan)
    ws = openpyxl.load_workbook(path)["公示名单"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$2"  # the title and the headers on every page
    # Rows 3-32 on page 1, 33-62 on page 2, the 61st teacher on page 3.
    assert [b.id for b in ws.row_breaks.brk] == [32, 62]
    assert ws.cell(row=63, column=1).value == 61
    # 30 rows, the title and the headers fit the printable height of landscape A4.
    margins = ws.page_margins
    printable = 595 - 72 * (margins.top + margins.bottom)
    heights = [ws.row_dimensions[r].height for r in range(1, 33)]
    assert sum(heights) <= printable


def test_each_school_notice_starts_a_new_page(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(tmp_path / "plan.xlsx", "zh"))
    ws = wb["学校通知"]
    headings = [
        (r, ws.cell(row=r, column=1).value)
        for r in range(1, ws.max_row + 1)
        if ws.cell(row=r, column=1).font.sz == 14
    ]
    # U1 sends T01 and T02; R1 and R2 receive them: three notices.
    assert [h for _, h in headings] == ["学校R1（R1）", "学校R2（R2）", "学校U1（U1）"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) == 2
    assert all(r - 1 in breaks for r, _ in headings[1:])  # each heading opens a page
