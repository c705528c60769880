"""write_roster writes atomically and refuses what it cannot write."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from rotation_planner.domain import Instance
from rotation_planner.io.read import read_roster
from rotation_planner.io.roster_write import write_roster
from tests.io.conftest import full_instance


def test_overwrites_in_place_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"old content")

    write_roster(full_instance(), path)

    assert [p.name for p in tmp_path.iterdir()] == ["roster.xlsx"]
    assert read_roster(path).instance.teachers[0].teacher_id == "T001"


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"old content")
    instance = full_instance()
    unwritable = dataclasses.replace(instance.teachers[0], name=object())  # no cell holds it
    broken = instance.replace(teachers=(unwritable, *instance.teachers[1:]))

    with pytest.raises(ValueError):
        write_roster(broken, path)

    assert path.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.xlsx"]


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lang"):
        write_roster(full_instance(), tmp_path / "r.xlsx", lang="fr")


def test_identifier_cells_are_text(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    write_roster(full_instance(), path)

    ws = openpyxl.load_workbook(path)["教师"]

    assert ws["A2"].value == "T001"
    assert ws["A2"].number_format == "@"
    assert ws["D2"].value == 45  # numbers stay numbers


def test_creates_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "roster.xlsx"
    write_roster(full_instance(), path)
    assert path.exists()


def test_without_plan_year_the_reader_uses_the_reference_year(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    original = full_instance().replace(plan_year=None)
    write_roster(original, path)

    instance: Instance = read_roster(path).instance

    assert instance.plan_year is not None  # the current year's reference date
    assert len(instance.teachers) == len(original.teachers)
