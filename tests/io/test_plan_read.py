"""Reading a plan back: our own workbook in either language, and hand-typed ones."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotation_planner.domain import Assignment, Plan
from rotation_planner.io.errors import RosterError
from rotation_planner.io.plan_read import read_plan
from rotation_planner.io.plan_write import write_plan_workbook
from rotation_planner.policy import Policy
from tests.report.fixtures import (
    county,
    sample_check,
    sample_instance,
    sample_plan,
    sample_run,
    teacher,
)


def typed(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def issues(exc: pytest.ExceptionInfo[RosterError]) -> list[tuple[int | None, str | None, str]]:
    return [(i.row, i.column, i.kind) for i in exc.value.issues]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_of_a_written_plan(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "plan.xlsx"
    inst = sample_instance()
    write_plan_workbook(path, inst, Policy(), sample_plan(), sample_check(), sample_run(), lang)
    assert read_plan(path, inst) == sample_plan()
    assert read_plan(path) == sample_plan()  # ids alone suffice


def test_hand_typed_chinese_plan_with_title_row_and_school_names(tmp_path: Path) -> None:
    path = typed(
        tmp_path / "手工方案.xlsx",
        {
            "Sheet1": [
                ["2026年城乡教师交流名单"],
                [],
                ["序号", "工号", "姓名", "调入学校", "学科 ", "备注"],
                [1, "T02", "教师T02", "学校R2", "语文", ""],
                [2, "T01", "教师T01", " 学校Ｒ１ ", "数学", "自愿"],
                [None, None, None, None, None, None],
            ]
        },
    )
    plan = read_plan(path, sample_instance())
    assert plan == Plan.of([Assignment("T01", "R1", "数学"), Assignment("T02", "R2", "语文")])


def test_chinese_aliases_and_numeric_ids(tmp_path: Path) -> None:
    inst = county([teacher("1001"), teacher("1002", subjects=("语文",))])
    path = typed(
        tmp_path / "plan.xlsx",
        {
            "交流名单": [
                ["教师编号", "调入学校编号（代码）", "任教学科"],
                [1001, "R1", "数学"],
                [1002.0, "R2", "语文"],
            ]
        },
    )
    assert read_plan(path, inst) == Plan.of(
        [Assignment("1001", "R1", "数学"), Assignment("1002", "R2", "语文")]
    )


def test_other_columns_are_ignored(tmp_path: Path) -> None:
    path = typed(
        tmp_path / "plan.xlsx",
        {
            "Assignments": [
                ["teacher_id", "to_school_id", "subject", "reason", "points"],
                ["T01", "R1", "数学", "=1+1", "lots"],
            ]
        },
    )
    assert read_plan(path) == Plan.of([Assignment("T01", "R1", "数学")])


def test_missing_sheet(tmp_path: Path) -> None:
    path = typed(tmp_path / "plan.xlsx", {"数据": [["随便", "什么"], [1, 2]]})
    with pytest.raises(RosterError) as exc:
        read_plan(path)
    assert [i.kind for i in exc.value.issues] == ["missing_sheet"]
    assert exc.value.lang == "zh"
    assert "交流名单" in str(exc.value)


def test_missing_columns_are_all_reported(tmp_path: Path) -> None:
    path = typed(tmp_path / "plan.xlsx", {"交流名单": [["工号", "姓名"], ["T01", "x"]]})
    with pytest.raises(RosterError) as exc:
        read_plan(path)
    assert issues(exc) == [(1, None, "missing_column"), (1, None, "missing_column")]
    text = str(exc.value)
    assert "学科" in text and "调入学校编号" in text


def test_bad_rows_are_all_reported_with_cells(tmp_path: Path) -> None:
    path = typed(
        tmp_path / "plan.xlsx",
        {
            "交流名单": [
                ["工号", "调入学校编号", "学科"],
                ["T01", "R1", "数学"],
                ["T01", "R2", "语文"],  # duplicate teacher
                ["X99", "R1", "数学"],  # not in the roster
                ["T02", "R9", "语文"],  # unknown school
                ["T03", "R1", ""],  # no subject
                ["", "R1", "数学"],  # no teacher
            ]
        },
    )
    with pytest.raises(RosterError) as exc:
        read_plan(path, sample_instance())
    assert issues(exc) == [
        (3, "A", "duplicate_teacher_id"),
        (4, "A", "unknown_teacher"),
        (5, "B", "unknown_school"),
        (6, "C", "missing_value"),
        (7, "A", "missing_value"),
    ]
    assert exc.value.issues[0].sheet == "交流名单"


def test_school_name_needs_a_known_school(tmp_path: Path) -> None:
    path = typed(
        tmp_path / "plan.xlsx",
        {"Sheet": [["工号", "调入学校", "学科"], ["T01", "不存在的学校", "数学"]]},
    )
    with pytest.raises(RosterError) as exc:
        read_plan(path, sample_instance())
    assert issues(exc) == [(2, "B", "unknown_school")]


def test_id_and_name_that_disagree(tmp_path: Path) -> None:
    path = typed(
        tmp_path / "plan.xlsx",
        {
            "交流名单": [
                ["工号", "调入学校编号", "调入学校", "学科"],
                ["T01", "R1", "学校R2", "数学"],
            ]
        },
    )
    with pytest.raises(RosterError) as exc:
        read_plan(path, sample_instance())
    assert issues(exc) == [(2, "B", "school_mismatch")]


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("teacher_id,to_school_id\n")
    with pytest.raises(RosterError) as exc:
        read_plan(path)
    assert [i.kind for i in exc.value.issues] == ["not_a_workbook"]
    with pytest.raises(RosterError) as exc:
        read_plan(tmp_path / "missing.xlsx")
    assert [i.kind for i in exc.value.issues] == ["file_not_found"]


def test_empty_plan_reads_as_no_assignments(tmp_path: Path) -> None:
    path = typed(
        tmp_path / "plan.xlsx", {"Assignments": [["teacher_id", "to_school_id", "subject"]]}
    )
    assert read_plan(path) == Plan()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picks=st.lists(
        st.tuples(st.sampled_from(["R1", "R2"]), st.sampled_from(["数学", "语文", "=1+1"])),
        min_size=0,
        max_size=6,
    ),
    lang=st.sampled_from(["zh", "en"]),
)
def test_any_written_plan_reads_back_unchanged(
    tmp_path: Path, picks: list[tuple[str, str]], lang: str
) -> None:
    # Whatever the plan (lawful or not), the workbook carries exactly who, where, what.
    inst = county([teacher(f"T{i}", name=f"-名{i}") for i in range(6)])
    plan = Plan.of(
        Assignment(f"T{i}", school, subject) for i, (school, subject) in enumerate(picks)
    )
    path = tmp_path / f"plan-{lang}.xlsx"
    write_plan_workbook(path, inst, Policy(), plan, sample_check(), sample_run(), lang)
    assert read_plan(path, inst) == plan


def test_duplicate_column_is_an_issue_not_a_crash(tmp_path):
    import openpyxl

    from rotation_planner.io.errors import RosterError
    from rotation_planner.io.plan_read import read_plan

    path = tmp_path / "p.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Assignments"
    ws.append(["teacher_id", "to_school_id", "subject", "subject"])
    ws.append(["T1", "R1", "数学", "数学"])
    wb.save(path)
    try:
        read_plan(path)
    except RosterError as exc:
        assert "D1" in str(exc) and "twice" in str(exc)
    else:
        raise AssertionError("a duplicate column must be reported")
