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
        Teacher("T004", "刘强", Gender.MALE, 52, "U2", ("数学", "物理"), Title.FULL_SENIOR, 12,
                2.5, backbone=Backbone.CITY, subject_leader=True, senior_applicant=True,
                locked_to="T1", teaching_years=30.5),
        Teacher("T005", "陈静", Gender.FEMALE, 24, "R1", ("音乐",), Title.UNRANKED, 1, 1,
                status="借调"),
        Teacher("T006", "杨洋", Gender.MALE, 33, "T1", ("体育",), Title.THIRD, 7, 7,
                backbone=Backbone.PROVINCE, last_rural_year=2024),
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
