"""``planner check`` on a hand-edited plan: it always writes its findings workbook
(beside the plan, unless told where), marks the rows of the teachers through whom a
rule is broken, names the posts the edit left empty, and its counts add up."""

from __future__ import annotations

import os
import re
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


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, str]]:
    """A folder with the roster and, in a sub-folder, a solved plan edited by hand: the
    first teacher removed (their post left empty), the second sent to a third's post
    as well (that post overfilled: P2). Returns the folder and the two ids."""
    where = tmp_path_factory.mktemp("check")
    shutil.copy(SAMPLE, where / "roster.xlsx")
    (where / "plans").mkdir()
    before = Path.cwd()
    os.chdir(where)
    try:
        planner("solve", "roster.xlsx", "-q", "-o", "plans/plan.xlsx")
        wb = openpyxl.load_workbook("plans/plan.xlsx")
        ws = wb["交流名单"]
        rows = list(ws.iter_rows(min_row=2))
        removed, moved = rows[0][0].value, rows[1][0].value
        for col in (4, 5, 6):  # to_school_id, to_school, subject
            rows[1][col].value = rows[2][col].value
        ws.delete_rows(2)
        wb.save("plans/edited.xlsx")
        yield where, str(removed), str(moved)
    finally:
        os.chdir(before)


def test_the_findings_are_written_beside_the_plan(edited: tuple[Path, str, str]) -> None:
    where = edited[0]
    text = planner("check", "roster.xlsx", "plans/edited.xlsx", "-q", code=1)
    assert (where / "plans" / "edited.check.xlsx").is_file()
    assert sorted(p.name for p in where.iterdir()) == ["plans", "roster.xlsx"]
    assert "核查结果已写入 plans/edited.check.xlsx" in text
    n, ok, bad, na = map(
        int, re.search(r"核查 (\d+) 项: (\d+) 项满足, (\d+) 项违反, (\d+) 项不适用", text).groups()
    )  # type: ignore[union-attr]
    assert n == ok + bad + na and bad >= 1
    assert "违反 P2" in text
    # The removed teacher's post and the moved teacher's old one are named as open,
    # besides what the solved plan leaves open.
    solved = planner("check", "roster.xlsx", "plans/plan.xlsx", "-q")
    open_lines = set(re.findall(r"^空缺: .*$", text, re.M))
    assert len(open_lines - set(re.findall(r"^空缺: .*$", solved, re.M))) == 2


def test_the_offending_rows_are_marked(edited: tuple[Path, str, str]) -> None:
    where, removed, moved = edited
    planner("check", "roster.xlsx", "plans/edited.xlsx", "-q", "-o", "plans/f.xlsx", code=1)
    ws = openpyxl.load_workbook(where / "plans" / "f.xlsx")["交流名单"]
    rows = list(ws.iter_rows(min_row=2))
    marked = {r[0].value: r[-1].value for r in rows if r[0].fill.fgColor.rgb != "00000000"}
    assert moved in marked and removed not in marked
    assert str(marked[moved]).startswith("此安排违反") and "P2 岗位人数上限" in str(marked[moved])
