"""write_roster -> read_roster gives back the same instance, in both languages."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import openpyxl
import pytest

from rotation_planner.domain import Instance
from rotation_planner.io.read import read_roster
from rotation_planner.io.roster_write import write_roster
from rotation_planner.policy import Policy
from tests.io.conftest import full_instance


def without_rows(instance: Instance) -> Instance:
    """The instance with every record's sheet row cleared (rows are where they landed)."""

    def clear(records: tuple) -> tuple:
        return tuple(dataclasses.replace(r, row=0) for r in records)

    return instance.replace(
        teachers=clear(instance.teachers),
        schools=clear(instance.schools),
        vacancies=clear(instance.vacancies),
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_gives_the_same_instance(tmp_path: Path, lang: str) -> None:
    original = full_instance()
    path = tmp_path / "roster.xlsx"
    write_roster(original, path, lang=lang)

    roster = read_roster(path)

    assert without_rows(roster.instance) == original
    assert roster.lang == lang
    assert roster.instance.plan_year == 2026
    assert roster.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert roster.path == path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_with_title_row_and_policy(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "roster.xlsx"
    overrides = {"Q1.min_share": 0.12, "E4.min_title": "二级", "P4.family_max_km": None}
    title = "XX县2026年教师花名册"
    write_roster(full_instance(), path, lang=lang, policy_overrides=overrides, title_row=title)

    roster = read_roster(path)

    assert without_rows(roster.instance) == full_instance()
    assert roster.policy.Q1.min_share == 0.12
    assert roster.policy.E4.min_title == 2
    assert roster.policy.P4.family_max_km is None
    # the title row pushes the header to row 2, so the first teacher is on row 3
    assert roster.instance.teachers[0].row == 3


def test_rows_are_excel_rows(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    write_roster(full_instance(), path)

    instance = read_roster(path).instance

    assert [t.row for t in instance.teachers] == list(range(2, 2 + len(instance.teachers)))
    assert [s.row for s in instance.schools] == list(range(2, 2 + len(instance.schools)))
    assert [v.row for v in instance.vacancies] == list(range(2, 2 + len(instance.vacancies)))


def test_sheet_names_follow_the_language(tmp_path: Path) -> None:
    zh, en = tmp_path / "zh.xlsx", tmp_path / "en.xlsx"
    write_roster(full_instance(), zh, lang="zh", policy_overrides={"Q1.min_share": 0.1})
    write_roster(full_instance(), en, lang="en", policy_overrides={"Q1.min_share": 0.1})

    assert openpyxl.load_workbook(zh).sheetnames == ["教师", "学校", "岗位需求", "政策参数"]
    assert openpyxl.load_workbook(en).sheetnames == ["Teachers", "Schools", "Vacancies", "Policy"]


def test_workbook_policy_goes_on_top_of_the_base_policy(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    write_roster(full_instance(), path, policy_overrides={"Q1.min_share": 0.12})
    base = Policy().with_overrides({"Q1.min_share": 0.2, "Q2.max_share": 0.3})

    policy = read_roster(path, base).policy

    assert policy.Q1.min_share == 0.12  # the workbook wins
    assert policy.Q2.max_share == 0.3  # the base stays where the workbook is silent


def test_reading_never_changes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    write_roster(full_instance(), path, title_row="花名册")
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns

    read_roster(path)

    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime
