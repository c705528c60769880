"""Damaged and hostile plan workbooks: ``planner check`` and ``planner stats --history``
refuse them with exit 2, never a traceback; an earlier plan (to re-plan from, or as
history) must be this roster's, with a plausible year; messages follow the roster's
language. Each case: the message, no leaked value, inputs unchanged, nothing left."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from rotation_planner.io.plan_read import read_history, read_plan, read_previous
from rotation_planner.io.read import read_roster
from tests.hostile.craft import (
    Packed,
    deflated,
    english_roster,
    hand_plan,
    inline,
    our_plan,
    parts_of,
    replace_cell,
    roster,
    sheet_part,
    with_rows,
    write,
    zip_bytes,
)
from tests.hostile.harness import refused_by_cli, refused_by_io
from tests.io.conftest import base_sheets, teacher_row, write_workbook

NAME = "欧阳秀英"
ASSIGNMENTS = "交流名单"  # the sheet the plan reader reads
DAMAGED = "已损坏, 无法读取"


def damaged_plan(
    change: Callable[[dict[str, bytes | Packed]], object],
) -> Callable[[Path, Path], Path]:
    """Our own plan for the roster, its parts then changed by ``change``."""

    def make(folder: Path, roster_path: Path) -> Path:
        plan = our_plan(folder, roster_path, "方案.xlsx")
        parts: dict[str, bytes | Packed] = dict(parts_of(plan.read_bytes()))
        change(parts)
        return write(plan, zip_bytes(parts))

    return make


def assignments(change: Callable[[bytes], bytes]) -> Callable[[Path, Path], Path]:
    def edit(parts: dict[str, bytes | Packed]) -> None:
        part = sheet_part(parts, ASSIGNMENTS)
        parts[part] = change(parts[part])  # type: ignore[arg-type]

    return damaged_plan(edit)


def styles(change: Callable[[bytes], bytes]) -> Callable[[dict[str, bytes | Packed]], None]:
    def edit(parts: dict[str, bytes | Packed]) -> None:
        parts["xl/styles.xml"] = change(parts["xl/styles.xml"])  # type: ignore[arg-type]

    return edit


def duration_style(parts: dict[str, bytes | Packed]) -> None:
    """Distance H2 shown as a duration ([h]:mm:ss) and holding 1e300: beyond any date."""
    style = parts["xl/styles.xml"]
    assert isinstance(style, bytes)
    cell_formats = re.search(rb"<cellXfs[^>]*>(.*?)</cellXfs>", style, re.S)
    assert cell_formats is not None
    count = cell_formats.group(1).count(b"<xf")  # the index of the format added below
    parts["xl/styles.xml"] = style.replace(b"</cellXfs>", b'<xf numFmtId="46" xfId="0"/></cellXfs>')
    part = sheet_part(parts, ASSIGNMENTS)
    sheet = parts[part]
    assert isinstance(sheet, bytes)
    parts[part] = replace_cell(sheet, "H2", b'<c r="H2" s="%d"><v>1e300</v></c>' % count)


def declared_2gb(parts: dict[str, bytes | Packed]) -> None:
    part = sheet_part(parts, ASSIGNMENTS)
    packed = deflated(parts[part])  # type: ignore[arg-type]
    parts[part] = Packed(packed.data, 2 * 1024**3, packed.crc)


def text_plan(folder: Path, roster_path: Path) -> Path:
    return write(folder / "方案.xlsx", b"PK\x03\x04 this is no archive")


def folder_plan(folder: Path, roster_path: Path) -> Path:
    (folder / "方案.xlsx").mkdir()
    return folder / "方案.xlsx"


@dataclass(frozen=True)
class Case:
    make: Callable[[Path, Path], Path]
    says: tuple[str, ...]
    secrets: tuple[str, ...] = ()


ESC = "_x001B_[2J_x001B_]0;pwned_x0007_"

CHECKED: dict[str, Case] = {
    "a sheet cut short": Case(assignments(lambda x: x[: len(x) // 2]), (DAMAGED,)),
    "styles that are no XML": Case(damaged_plan(styles(lambda x: x[:40])), (DAMAGED,)),
    "a duration beyond any date": Case(damaged_plan(duration_style), (DAMAGED,)),
    "a string index past the table": Case(
        assignments(lambda x: replace_cell(x, "G2", b'<c r="G2" t="s"><v>99999</v></c>')),
        (DAMAGED,)),
    "a row beyond Excel's last": Case(
        assignments(lambda x: with_rows(x, b'<row r="99999999999"><c r="A99999999999">'
                                        b"<v>1</v></c></row>")),
        ("已拒绝读取", "超出 Excel 的最后一格")),
    "a sheet declaring 2 GB": Case(damaged_plan(declared_2gb), ("已拒绝读取", "解压后超过 100 MB")),
    "no archive at all": Case(text_plan, ("不是 Excel (.xlsx) 工作簿",)),
    "a folder": Case(folder_plan, ("是文件夹",)),
    "a name in the teacher_id column": Case(
        assignments(lambda x: replace_cell(x, "A2", inline("A2", NAME))),
        ("A列(工号): 工号不在花名册的教师表中",), (NAME,)),
    "a name in the to_school_id column": Case(
        assignments(lambda x: replace_cell(x, "E2", inline("E2", NAME))),
        ("E列(调入学校编号): 所填学校不在学校表中",), (NAME,)),
    "id and name of two schools": Case(
        assignments(lambda x: replace_cell(x, "F2", inline("F2", "山背小学"))),
        ("学校编号与学校名称不是同一所学校",), ("山背小学",)),
    "a workbook without an Assignments sheet": Case(
        lambda folder, _: write_workbook(folder / "方案.xlsx", {"说明": [["这不是方案"]]}),
        ("缺少必需的工作表",)),
    "an escape in a header": Case(
        assignments(lambda x: replace_cell(replace_cell(x, "A1", inline("A1", f"工号({ESC})")),
                                           "A2", b'<c r="A2"/>')),
        ("工号为空",)),
}  # fmt: skip


@pytest.fixture
def chinese_roster(tmp_path: Path) -> Path:
    return roster(tmp_path)


@pytest.mark.parametrize("name", list(CHECKED))
def test_planner_check_refuses_a_hostile_plan(
    tmp_path: Path, chinese_roster: Path, name: str
) -> None:
    case = CHECKED[name]
    plan = case.make(tmp_path, chinese_roster)

    refused_by_cli(tmp_path, ["check", str(chinese_roster), str(plan), "-q"], case.says,
                   case.secrets)  # fmt: skip


def test_planner_stats_refuses_a_damaged_history_plan(tmp_path: Path, chinese_roster: Path) -> None:
    plan = assignments(lambda x: x[:100])(tmp_path, chinese_roster)

    refused_by_cli(tmp_path, ["stats", str(chinese_roster), "--history", f"{plan}:2025", "-q"],
                   (DAMAGED,))  # fmt: skip


# --- earlier plans: this roster's, and of a plausible year (read_previous, read_history) -----


def other_county(folder: Path) -> Path:
    """Our plan for another county whose staff numbers are ours but not its people."""
    other = folder / "other"
    other.mkdir()
    sheets = base_sheets()
    sheets["教师"][1] = teacher_row("T1", B="李秀兰")
    path = our_plan(other, roster(other, 教师=sheets["教师"]), "邻县方案.xlsx")
    return Path(shutil.move(path, folder / path.name))


def stranger_plan(folder: Path) -> Path:
    return hand_plan(
        folder, "方案-2025.xlsx", [["X1", "王五", "R1", "数学"], ["X2", "赵六", "R2", "语文"]]
    )


def mostly_strangers(folder: Path) -> Path:
    rows = [
        ["T1", "张三", "R1", "数学"],
        ["X1", "王五", "R1", "数学"],
        ["X2", "赵六", "R2", "语文"],
    ]
    return hand_plan(folder, "方案-2025.xlsx", rows)


def ours(folder: Path) -> Path:
    return hand_plan(folder, "方案.xlsx", [["T1", "张三", "R1", "数学"]])


HISTORY: dict[str, tuple[Callable[[Path], list[str]], tuple[str, ...]]] = {
    "year 99999": (lambda f: [f"{ours(f)}:99999"], ("方案年份 99999 不在 2000 至 2026",)),
    "year 1999": (lambda f: [f"{ours(f)}:1999"], ("方案年份 1999 不在 2000 至 2026",)),
    "a year of 5,000 digits": (lambda f: [f"{ours(f)}:{'9' * 5000}"], ("不在 2000 至 2026",)),
    "a year its Run sheet contradicts": (
        lambda f: [f"{our_plan(f, f / '花名册.xlsx')}:2024"],
        ("其运行信息记录的方案年份为 2026, 而非 2024",)),
    "no year anywhere": (lambda f: [str(ours(f))], ("运行信息和文件名中均无方案年份",)),
    "another county's plan": (lambda f: [f"{other_county(f)}:2025"],
                              ("不是本花名册的方案", "1 名教师中有 1 名与花名册姓名不符")),
    "a plan of strangers": (lambda f: [str(stranger_plan(f))],
                            ("不是本花名册的方案", "均不在花名册中")),
    "the same plan twice": (lambda f: [f"{ours(f)}:2024", f"{f / '方案.xlsx'}:2025"],
                            ("被重复指定为历史方案",)),
    "a missing plan": (lambda f: [f"{f / '无此方案.xlsx'}:2025"], ("不存在",)),
}  # fmt: skip


@pytest.mark.parametrize("name", list(HISTORY))
def test_history_must_be_this_rosters_and_of_a_plausible_year(
    tmp_path: Path, chinese_roster: Path, name: str
) -> None:
    make, says = HISTORY[name]
    items = make(tmp_path)
    read = read_roster(chinese_roster)

    refused_by_io(tmp_path, lambda: read_history(items, read), says, lang="zh")


PREVIOUS: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "another county's plan": (other_county, ("不是本花名册的方案", "姓名不符")),
    "a plan of strangers": (stranger_plan, ("其 2 名教师均不在花名册中",)),
    "a plan of mostly strangers": (mostly_strangers, ("其 3 名教师中仅 1 名在花名册中",)),
    "a damaged plan": (lambda f: assignments(lambda x: x[:100])(f, f / "花名册.xlsx"), (DAMAGED,)),
}  # fmt: skip


@pytest.mark.parametrize("name", list(PREVIOUS))
def test_the_plan_to_keep_must_be_this_rosters(
    tmp_path: Path, chinese_roster: Path, name: str
) -> None:
    make, says = PREVIOUS[name]
    plan = make(tmp_path)
    read = read_roster(chinese_roster)

    refused_by_io(tmp_path, lambda: read_previous(plan, read), says, lang="zh")


def test_our_own_plans_are_accepted_as_previous_and_as_history(
    tmp_path: Path, chinese_roster: Path
) -> None:
    read = read_roster(chinese_roster)
    plan = our_plan(tmp_path, chinese_roster)
    rows = [
        ["T1", "张三", "R1", "数学"],
        ["T2", "李四", "R2", "语文"],
        ["T9", "离职者", "R2", "语文"],
    ]
    left = hand_plan(tmp_path, "方案-2025.xlsx", rows)  # T9 has left since

    assert read_previous(plan, read).assignments[0].teacher_id == "T1"
    assert [year for _, year in read_history([plan, left], read)] == [2026, 2025]
    assert len(read_previous(left, read).assignments) == 3  # who left is kept (dropped)


def test_messages_about_earlier_plans_follow_an_english_roster(tmp_path: Path) -> None:
    read = read_roster(english_roster(tmp_path))
    damaged = assignments(lambda x: x[:100])(tmp_path, tmp_path / "roster.xlsx")  # 方案.xlsx

    refused_by_io(tmp_path, lambda: read_plan(damaged, read.instance, read.lang),
                  ("damaged and cannot be read",), lang="en")  # fmt: skip
    refused_by_io(tmp_path, lambda: read_history([f"{damaged}:2025"], read),
                  ("damaged and cannot be read",), lang="en")  # fmt: skip
    refused_by_io(tmp_path, lambda: read_previous(damaged, read),
                  ("damaged and cannot be read",), lang="en")  # fmt: skip
    refused_by_io(tmp_path, lambda: read_history([f"{damaged}:99999"], read),
                  ("damaged and cannot be read",), lang="en")  # fmt: skip
