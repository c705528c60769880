"""A tiny county for scenario tests: solved in milliseconds, with known answers.

U1 (urban) has ten eligible teachers: T01-T05 teach 数学, T06-T10 teach 语文; T01 and T06
are backbone. Two receiving schools: R1 (rural, 40 km) wants one 数学 and one 语文,
V1 (village, 70 km) wants one 数学. Default policy: Q1 needs 1 rotator (10% of 10,
rounded up), Q2 allows 2 (15%, rounded up), so the baseline sends 2 teachers.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from rotation_planner.domain import Backbone, Instance, SchoolType
from rotation_planner.io.roster_write import write_roster
from tests.builders import instance, rural, school, teacher, vacancy


def tiny_county() -> Instance:
    teachers = [
        teacher(f"T{i:02d}", "U1", subjects="数学" if i <= 5 else "语文", age=30 + i,
                backbone=Backbone.COUNTY if i in (1, 6) else Backbone.NONE)
        for i in range(1, 11)
    ]  # fmt: skip
    schools = [
        school("U1", staff=60),
        rural("R1", distance_km=40),
        school("V1", SchoolType.VILLAGE, distance_km=70, staff=12),
    ]
    vacancies = [vacancy("R1", "数学"), vacancy("R1", "语文"), vacancy("V1", "数学")]
    return instance(teachers, schools, vacancies)


@pytest.fixture
def tiny() -> Instance:
    return tiny_county()


def add_sheet(path: Path, title: str, rows: list[list[object]]) -> Path:
    """Append a sheet of ``rows`` (row 1 first) to the workbook at ``path``."""
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(title)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def tiny_roster(tmp_path: Path, tiny: Instance) -> Path:
    path = tmp_path / "tiny.xlsx"
    write_roster(tiny, path, lang="zh")
    return path
