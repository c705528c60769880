"""``planner template``: the blank roster has every sheet and column of the contract, a
drop-down list on every closed list (the vocabulary's words) and a number check on every
numeric column, each covering the column's data cells; it reads back as a roster; a
school's copy has its code filled in and locked."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from rotation_planner.cli import app
from rotation_planner.io.errors import RosterError
from rotation_planner.io.headers import SHEETS, TEACHERS
from rotation_planner.io.read import read_roster
from rotation_planner.io.template import (
    NUMBERS,
    ROWS,
    SCHOOL_PICKS,
    closed_lists,
    template_columns,
    write_template,
)
from rotation_planner.vocabulary import TITLES, YES
from tests.io.conftest import base_sheets


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("template")
    made = {}
    for name, lang, school in (("zh", "zh", None), ("en", "en", None), ("S001", "zh", "S001")):
        made[name] = folder / f"{name}.xlsx"
        write_template(made[name], lang, school)
    return made


def _validation_of(ws: Worksheet, column: int) -> DataValidation | None:
    letter = openpyxl.utils.get_column_letter(column)
    rows = ROWS[_spec_of(ws).key] + 1
    wanted = f"{letter}2:{letter}{rows}"
    found = [dv for dv in ws.data_validations.dataValidation if wanted in str(dv.sqref).split()]
    assert len(found) <= 1
    return found[0] if found else None


def _spec_of(ws: Worksheet):  # type: ignore[no-untyped-def]
    return next(s for s in SHEETS if s.matches_name(ws.title))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sheet_and_column_of_the_contract(blank: dict[str, Path], lang: str) -> None:
    wb = openpyxl.load_workbook(blank[lang])

    assert wb.sheetnames[1:] == [spec.title(lang) for spec in SHEETS]
    for spec in SHEETS:
        ws = wb[spec.title(lang)]
        headers = [c.value for c in ws[1]]
        assert headers == [spec.column(k).label(lang) for k in template_columns(spec)]
        assert all(c.comment is not None and c.comment.text for c in ws[1])  # the hints


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_closed_list_is_a_drop_down_over_the_columns_data_cells(
    blank: dict[str, Path], lang: str
) -> None:
    wb = openpyxl.load_workbook(blank[lang])
    lists = closed_lists(lang)
    checked = 0
    for spec in SHEETS:
        ws = wb[spec.title(lang)]
        for index, key in enumerate(template_columns(spec), start=1):
            dv = _validation_of(ws, index)
            if (spec.key, key) in lists:
                words, strict = lists[(spec.key, key)]
                assert dv is not None and dv.type == "list", (spec.key, key)
                assert dv.formula1 == '"' + ",".join(words) + '"'
                assert dv.errorStyle == ("stop" if strict else "warning")
                assert dv.showInputMessage and dv.prompt
                checked += 1
            elif (spec.key, key) in SCHOOL_PICKS:
                assert dv is not None and dv.type == "list"
                assert dv.formula1 == f"'{wb.sheetnames[2]}'!$A$2:$A${ROWS['schools'] + 1}"
                checked += 1
            elif (spec.key, key) in NUMBERS:
                kind, low, high = NUMBERS[(spec.key, key)]
                assert dv is not None and (dv.type, dv.formula1, dv.formula2) == (
                    kind, str(low), str(high),
                )  # fmt: skip
                checked += 1
            else:
                assert dv is None, (spec.key, key)
    assert checked == len(lists) + len(SCHOOL_PICKS) + len(NUMBERS)


def test_the_lists_are_the_vocabularys_words(blank: dict[str, Path]) -> None:
    lists = closed_lists("zh")
    assert lists[("teachers", "title")][0] == [w.zh for w in TITLES.values()]
    assert lists[("teachers", "volunteer")][0][0] == YES.zh
    assert closed_lists("en")[("teachers", "title")][0] == [w.en for w in TITLES.values()]


def test_the_blank_template_reads_as_an_empty_roster(blank: dict[str, Path]) -> None:
    with pytest.raises(RosterError) as caught:
        read_roster(blank["zh"])

    assert [i.kind for i in caught.value.issues] == ["empty_sheet", "empty_sheet"]


def test_a_filled_in_template_reads_as_the_roster(blank: dict[str, Path], tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(blank["zh"])
    for title, rows in base_sheets().items():
        ws = wb[title]
        spec = _spec_of(ws)
        keys = template_columns(spec)
        for r, row in enumerate(rows[1:], start=2):
            for header, value in zip(rows[0], row, strict=False):
                match = spec.match(header)
                assert match is not None, header
                key = {"school_name": "school_id"}.get(match[0].key, match[0].key)
                if value is not None:
                    ws.cell(row=r, column=keys.index(key) + 1, value=value)
    wb.save(tmp_path / "填好.xlsx")

    roster = read_roster(tmp_path / "填好.xlsx")

    assert [t.teacher_id for t in roster.instance.teachers] == ["T1", "T2"]
    assert len(roster.instance.schools) == 3 and roster.warnings == ()


def test_a_schools_copy_has_its_code_filled_in_and_locked(blank: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(blank["S001"])
    teachers, schools = wb["教师"], wb["学校"]
    column = template_columns(TEACHERS).index("school_id") + 1

    assert teachers.protection.sheet and schools.protection.sheet
    cells = [teachers.cell(row=r, column=column) for r in range(2, ROWS["teachers"] + 2)]
    assert all(c.value == "S001" and c.protection.locked for c in cells)
    # The rest is editable: each column's own style unlocks the cells typed in it (as
    # Excel and LibreOffice read it), while the headers stay locked.
    letters = [get_column_letter(i) for i in range(1, len(template_columns(TEACHERS)) + 1)]
    assert not any(teachers.column_dimensions[x].protection.locked for x in letters)
    assert all(teachers[f"{x}1"].protection.locked for x in letters)
    assert schools["A2"].value == "S001" and schools["A2"].protection.locked
    assert schools["A3"].value is None and not schools.column_dimensions["A"].protection.locked
    # Identifier columns are text columns: a typed 0012 keeps its zeros.
    ids = letters[template_columns(TEACHERS).index("teacher_id")]
    assert teachers.column_dimensions[ids].number_format == "@"
    with pytest.raises(RosterError) as caught:  # rows of nothing but the school are blank
        read_roster(blank["S001"])
    assert {i.sheet for i in caught.value.issues} == {"教师", "学校"}
    assert all(i.row in (None, 2) for i in caught.value.issues)


def test_planner_template_writes_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["template", "-o", str(tmp_path / "t.xlsx"), "--lang", "en"])

    assert result.exit_code == 0 and "Blank roster written to" in result.output
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames[1] == "Teachers"
    missing = CliRunner().invoke(app, ["template", "-o", str(tmp_path / "no" / "t.xlsx")])
    assert missing.exit_code == 2 and not (tmp_path / "no").exists()
