"""Any value in any cell: the reader accepts the roster, or refuses it (exit 2) with
every problem at a sheet and at least one at a cell (row and column); never a
traceback, never a control character, never a text typed on a teacher's row.

Values: blanks, booleans, integers and floats of any size, dates, any printable text
(each marked with 秘, a character no message uses, so a leak is seen), and the values
bureaus really type (6年, 1985.03, #N/A, 一级, 县级骨干, a school's name).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from rotation_planner.io.errors import RosterError
from rotation_planner.io.headers import TEACHERS
from rotation_planner.io.read import read_roster
from tests.hostile.harness import check_text
from tests.io.conftest import base_sheets, write_workbook

MARK = "秘"
TYPED = [
    "6年", "1985.03", "1985-03-07", "#N/A", "一级", "中级", "县级骨干", "学科带头人", "男",
    "女", "是", "否", "无", "R1", "R2", "城关一小", "白沙小学", "农村", "城区", "12 km",
    "15%", "T1", "T2", "-1", "0", "1e300", "  ", "_x001B_[2J", "数学、语文", "R1、R2",
    "小学高级", "中教一级", "小学语文", "合计", "有", "√", "孕期", "派出校最低交流比例",
]  # fmt: skip

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40).map(
        lambda s: MARK + ILLEGAL_CHARACTERS_RE.sub("", s)
    ),
    st.sampled_from(TYPED),
)
SHEETS = [*base_sheets(), "教师 (every column)"]


def every_teacher_column(sheets: dict[str, list[list[object]]]) -> None:
    """The Teachers sheet with every column of the contract, the ones base_sheets lacks
    appended (blank)."""
    rows = sheets["教师"]
    known = {TEACHERS.match(h)[0].key for h in rows[0] if TEACHERS.match(h)}
    for column in TEACHERS.columns:
        if column.key not in known and column.key != "school_id":
            rows[0].append(column.zh[0])
            for row in rows[1:]:
                row.append(None)


@pytest.mark.parametrize("sheet", SHEETS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_value_in_any_cell_is_read_or_refused_at_a_cell(
    sheet: str, data: st.DataObject
) -> None:
    sheets = base_sheets()
    if sheet == SHEETS[-1]:
        every_teacher_column(sheets)
        sheet = "教师"
    rows = sheets[sheet]
    row = data.draw(st.integers(1, len(rows) - 1), label="row")
    column = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    value = data.draw(values, label="value")
    rows[row][column] = value

    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / "花名册.xlsx", sheets)
        try:
            roster = read_roster(path)
        except RosterError as error:
            assert all(issue.sheet is not None for issue in error.issues), error
            assert any(i.row is not None and i.column is not None for i in error.issues), error
            secrets = [MARK] if sheet == "教师" else []
            for lang in ("zh", "en"):
                text = "\n".join(issue.render(lang) for issue in error.issues)
                check_text(text, (), secrets)
        else:  # a warning quotes only the vocabulary's words
            for lang in ("zh", "en"):
                text = "\n".join(w.render(lang) for w in roster.warnings)
                check_text(text, (), [MARK] if sheet == "教师" else [])
