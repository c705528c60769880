"""The workbook inspection (io/archive.py): what it measures on real rosters, and that
every limit is a limit (a workbook just beyond it is refused, one within it read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rotation_planner.io.archive import Limits, WorkbookRefused, inspect_workbook
from rotation_planner.io.workbook import open_workbook
from tests.hostile.craft import SHEET, inline, roster_parts, with_rows, zip_bytes

COUNTY = Path(__file__).resolve().parents[2] / "sample_data" / "county_3000.xlsx"


def test_a_county_roster_is_measured_as_the_readers_fill_it() -> None:
    data = COUNTY.read_bytes()

    shape = inspect_workbook(data)

    _, sheets = open_workbook(COUNTY)
    filled = sum(len(rows) * max(map(len, rows), default=0) for _, rows in sheets)
    assert filled <= shape.cells <= 2 * filled  # an upper bound, and a close one
    assert not shape.has_error_cells and shape.has_workbook_part


@pytest.mark.parametrize(
    ("limits", "refused"),
    [
        (Limits(cells=95), False),  # the base roster: 3 x 18 + 4 x 7 + 3 x 3 + 2 x 2 cells
        (Limits(cells=94), True),
        (Limits(sheets=4), False),
        (Limits(sheets=3), True),
        (Limits(parts=12), False),
        (Limits(parts=11), True),
        (Limits(unpacked_bytes=200_000), False),
        (Limits(unpacked_bytes=10_000), True),
    ],
)
def test_each_limit_refuses_just_beyond_it(limits: Limits, refused: bool) -> None:
    data = zip_bytes(roster_parts())

    if refused:
        with pytest.raises(WorkbookRefused) as caught:
            inspect_workbook(data, limits)
        assert caught.value.kind == "workbook_too_large"
    else:
        inspect_workbook(data, limits)


def test_cells_without_a_place_are_counted_where_calamine_puts_them() -> None:
    parts = roster_parts()
    row = b'<row r="9">' + b"<c><v>1</v></c>" * 30 + b"</row>"  # A9 to AD9: 30 columns
    parts[SHEET] = with_rows(parts[SHEET], row)

    shape = inspect_workbook(zip_bytes(parts))

    assert shape.cells >= 9 * 30 + 3 * 7 + 3 * 3 + 2 * 2  # the Teachers sheet alone: A1:AD9
    parts[SHEET] = with_rows(parts[SHEET], b'<row r="10">' + inline("A10", "x") + b"</row>")
    assert inspect_workbook(zip_bytes(parts)).cells >= shape.cells
