"""Messages never quote personal data: names, ID numbers, birth dates, exemption reasons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rotation_planner.io.errors import RosterError
from rotation_planner.io.read import read_roster
from tests.io.conftest import base_sheets, id_number, teacher_row, write_workbook

NAME = "欧阳秀英"
ID = id_number("19790521", male=False)
BAD_CHECK = ID[:17] + ("0" if ID[17] != "0" else "1")
BAD_MONTH = "360102" + "19791321" + "1246"


@pytest.mark.parametrize(
    "cells",
    [
        {"J": BAD_CHECK},
        {"J": BAD_MONTH},
        {"J": BAD_CHECK[:16]},
        {"J": float(ID)},
        {"J": ID, "C": "男"},  # gender disagrees with the ID
        {"C": "未知"},
        {"D": None, "K": "1979年13月"},
        {"D": None, "K": dt.datetime(1930, 5, 17)},
        {"D": ID},  # an ID number typed into the age column
        {"E": ID},  # ... and into the school column
        {"M": ID},  # ... and into the wishes
        {"A": None},  # a row with a name but no id
        {"G": "见习", "L": "很强", "P": "待定"},
    ],
)
def test_no_personal_data_in_messages(tmp_path: Path, cells: dict[str, object]) -> None:
    sheets = base_sheets()
    row = teacher_row("T1", B=NAME, **cells)
    sheets["教师"][1] = row
    sheets["教师"][0].append("暂缓原因")
    row.append("孕期")

    with pytest.raises(RosterError) as caught:
        read_roster(write_workbook(tmp_path / "roster.xlsx", sheets))

    secrets = [NAME, "孕期", ID, BAD_CHECK, BAD_MONTH, BAD_CHECK[:16], "19790521", "197905", "1979"]
    secrets += ["1930"]
    for lang in ("zh", "en"):
        text = str(caught.value) + "\n" + "\n".join(i.render(lang) for i in caught.value.issues)
        for secret in secrets:
            assert secret not in text, (secret, text)
    assert all(i.sheet == "教师" and i.row == 2 for i in caught.value.issues)
