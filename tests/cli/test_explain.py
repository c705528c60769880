"""``planner explain roster plan 工号``: one teacher's answer, the same reasons as the
plan workbook's sheets, who holds the posts they could have had, and the lottery draws
of the plan's own seed (read from its Run sheet)."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from rotation_planner.cli import app
from tests.cli.test_chinese_console import SAMPLE


def planner(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.stdout + result.stderr
    return result.stdout


def draw(seed: int, teacher: str, school: str, subject: str) -> int:
    text = f"{seed}|{teacher}|{school}|{subject}".encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:2], "big")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    where = tmp_path_factory.mktemp("explain")
    shutil.copy(SAMPLE, where / "roster.xlsx")
    before = Path.cwd()
    os.chdir(where)
    try:
        planner("solve", "roster.xlsx", "-q", "--seed", "5", "-o", "plan.xlsx")
        yield where
    finally:
        os.chdir(before)


def sheet(name: str) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook("plan.xlsx")[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_a_teacher_left_home_sees_the_sheet_reasons_and_who_holds_the_post(
    folder: Path,
) -> None:
    # The first eligible teacher left home of a cut-off with a colleague sent instead.
    cut = next(r for r in sheet("分数线") if r["首位未选派积分"] is not None
               and r["首位未选派积分"] >= r["末位选派积分"])  # fmt: skip
    teacher, colleague = cut["首位可选未选派教师"], cut["末位选派教师"]
    text = planner("explain", "roster.xlsx", "plan.xlsx", str(teacher), "-q")
    reason = next(r["原因"] for r in sheet("未选派") if r["工号"] == teacher)
    for part in str(reason).split("；"):
        assert f"  - {part}\n" in text  # the same reasons, one per line
    held = next(r for r in sheet("交流名单") if r["工号"] == colleague)
    school, subject = held["调入学校编号"], held["学科"]
    assert f"  {colleague}: 积分 {cut['末位选派积分']}, {school} " in text
    theirs, own = draw(5, str(colleague), school, subject), draw(5, str(teacher), school, subject)
    assert f"(该岗位抽签号: 对方 {theirs}, 本人 {own})" in text


def test_a_selected_teacher_sees_their_post_and_points(folder: Path) -> None:
    row = sheet("交流名单")[0]
    text = planner("explain", "roster.xlsx", "plan.xlsx", str(row["工号"]), "-q", "--lang", "en")
    assert f"Selected: {row['学科']} at {row['调入学校编号']}" in text
    assert f"points {row['积分']}" in text


def test_an_unknown_id_is_an_input_error(folder: Path) -> None:
    text = planner("explain", "roster.xlsx", "plan.xlsx", "X999", "-q", code=2)
    assert text == "X999: 花名册中无此教师\n"


def test_teachers_of_other_schools_in_reach_are_named_apart(folder: Path) -> None:
    """Posts a teacher could fill may be held by teachers of other schools: they are
    listed apart (home school, points, post), since points are compared only within a
    school. Every one holds a post of a subject the teacher teaches."""
    placed = {r["工号"]: r for r in sheet("交流名单")}
    teachers = {r["工号"]: r for r in sheet("未选派")}
    for teacher in teachers:
        text = planner("explain", "roster.xlsx", "plan.xlsx", str(teacher), "-q")
        if "其他学校选派至本人也可填补岗位的教师" in text:
            break
    else:
        raise AssertionError("no teacher left home has a post of another school in reach")
    others = text.split("其他学校选派至本人也可填补岗位的教师", 1)[1].splitlines()[1:]
    assert others
    for line in others:
        holder = line.split()[0]
        row = placed[holder]
        assert f"积分 {row['积分']}, {row['调入学校编号']} " in line
        assert f"({row['原学校编号']})" in line
