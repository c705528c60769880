"""Fixtures for the roster reader and writer tests: a full instance and raw workbooks."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest

from rotation_planner.domain import (
    Backbone,
    Gender,
    Instance,
    School,
    SchoolType,
    Teacher,
    Title,
    Vacancy,
)

Sheets = Mapping[str, Sequence[Sequence[object]]]


def write_workbook(path: Path, sheets: Sheets) -> Path:
    """A workbook with the given sheets, each a list of rows (row 1 first)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    workbook.save(path)
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Callable[..., Path]:
    """``workbook(sheets, name="roster.xlsx")`` writes a raw workbook in tmp_path."""

    def make(sheets: Sheets, name: str = "roster.xlsx") -> Path:
        return write_workbook(tmp_path / name, sheets)

    return make


def full_instance() -> Instance:
    """Every field of every record set to something other than its default somewhere."""
    schools = (
        School("U1", "城关一小", SchoolType.URBAN, 0, 60, level="小学", paired_with=("R1",)),
        School("U2", "城关中学", SchoolType.URBAN, 1.5, 80, "初中", (), 27.1, 114.9),
        School("T1", "石门镇中心小学", SchoolType.TOWNSHIP, 23, 30, paired_with=("U1", "U2")),
        School("R1", "白沙农村小学", SchoolType.RURAL, 48.5, 12, level="九年一贯制"),
        School("V1", "山背村小", SchoolType.VILLAGE, 87, 5),
        School("P1", "高岭教学点", SchoolType.TEACHING_POINT, 121, 2, "", (), 27.6, 115.3),
    )
    teachers = (
        Teacher("T001", "张伟", Gender.MALE, 45, "U1", ("数学",), Title.FIRST, 8, 0,
                backbone=Backbone.COUNTY, status="在编在岗", teaching_years=22,
                volunteer=True, wishes=("R1", "V1"), spouse_id="T002"),
        Teacher("T002", "李娜", Gender.FEMALE, 38, "U1", ("语文", "道德与法治"), Title.SENIOR,
                6.5, 1, subject_leader=True, last_rural_year=2015, family_burden=True,
                spouse_id="T001"),
        Teacher("T003", "王芳", Gender.FEMALE, 29, "U2", ("英语",), Title.SECOND, 3, 0,
                exempt_reason="哺乳期", promoted_last_year=True),
        Teacher("T004", "刘强", Gender.MALE, 50, "U2", ("数学", "物理"), Title.FULL_SENIOR, 12,
                2.5, backbone=Backbone.CITY, subject_leader=True, senior_applicant=True,
                locked_to="T1", teaching_years=30.5),
        Teacher("T005", "陈静", Gender.FEMALE, 24, "R1", ("音乐",), Title.UNRANKED, 1, 1,
                status="借调"),
        Teacher("T006", "杨洋", Gender.MALE, 33, "T1", ("体育",), Title.THIRD, 7, 7,
                backbone=Backbone.PROVINCE, last_rural_year=2024, rotated_years=(2019, 2023)),
        Teacher("T007", "赵敏", Gender.FEMALE, 41, "U2", ("英语",), Title.FIRST, 9, 0,
                backbone=Backbone.SCHOOL, wishes=("P1",)),
    )  # fmt: skip
    vacancies = (
        Vacancy("R1", "数学", 2),
        Vacancy("R1", "语文", 1),
        Vacancy("V1", "英语", 1),
        Vacancy("T1", "数学", 1),
        Vacancy("P1", "英语", 1),
        Vacancy("P1", "体育", 0),
    )
    return Instance(teachers, schools, vacancies, plan_year=2026)


# A small valid roster as raw rows, for tests that change one thing. Row 1 is the header,
# so a teacher's Excel row is its list index + 1. Columns, Teachers (教师):
#   A 工号  B 姓名  C 性别  D 年龄  E 所在学校  F 学科  G 职称  H 本校连续任教年限
#   I 农村任教年限  J 身份证号  K 出生日期  L 骨干级别  M 志愿  N 配偶工号  O 锁定学校
#   P 自愿报名  Q 教龄  R 最近农村任教年份
# Schools (学校): A 学校编号  B 学校名称  C 学校类型  D 距县城距离（公里）  E 结对学校
#   F 在编教师数  G 纬度
# Vacancies (岗位需求): A 学校编号  B 学科  C 人数.  Policy (政策参数): A 参数  B 取值.
TEACHER_HEADER = [
    "工号", "姓名", "性别", "年龄", "所在学校", "学科", "职称", "本校连续任教年限",
    "农村任教年限", "身份证号", "出生日期", "骨干级别", "志愿", "配偶工号", "锁定学校",
    "自愿报名", "教龄", "最近农村任教年份",
]  # fmt: skip


def teacher_row(teacher_id: str, **cells: object) -> list[object]:
    """A valid teacher row; ``cells`` override columns by letter (``D=150``)."""
    row: list[object] = [teacher_id, "张三", "男", 40, "U1", "数学", "一级", 8, 0]
    row += [None] * (len(TEACHER_HEADER) - len(row))
    for letter, value in cells.items():
        row[ord(letter) - ord("A")] = value
    return row


def base_sheets() -> dict[str, list[list[object]]]:
    """A valid roster: two urban teachers, one urban and two rural schools, vacancies."""
    return {
        "教师": [
            list(TEACHER_HEADER),
            teacher_row("T1"),
            teacher_row("T2", B="李四", C="女", D=35, F="语文", G="高级", H=7, I=1),
        ],
        "学校": [
            [
                "学校编号",
                "学校名称",
                "学校类型",
                "距县城距离（公里）",
                "结对学校",
                "在编教师数",
                "纬度",
            ],
            ["U1", "城关一小", "城区", 0, None, None, None],
            ["R1", "白沙小学", "农村", 40, None, None, None],
            ["R2", "山背小学", "农村", 65, None, None, None],
        ],
        "岗位需求": [["学校编号", "学科", "人数"], ["R1", "数学", 1], ["R2", "语文", 2]],
        "政策参数": [["参数", "取值"], ["plan_year", 2026]],
    }


def id_number(birth: str = "19850307", male: bool = True, area: str = "360102") -> str:
    """A valid 18-character resident ID number (check digit computed)."""
    body = f"{area}{birth}1{'1' if male else '2'}"[:16] + ("3" if male else "4")
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]
