"""The rosters of the format tests as LibreOffice saved them: .xls, .ods and .xlsm, kept
in tests/io/office/ as a school's spreadsheet program would send them.

They were made by LibreOffice (headless) from .xlsx files this module writes: the test
roster of tests/io/conftest.py, the same roster with an age typed as words, and a sheet
whose last cell is IV65536 (16.7 million cells as a reader fills them). Saving them anew
takes LibreOffice seconds, so the suite reads the kept files; ``SOURCES`` records what
they were made from, and the tests stop with the command below when that has changed
(``current``):

    python -m tests.io.office_files
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

from tests.io.conftest import base_sheets, teacher_row, write_workbook

FOLDER = Path(__file__).with_name("office")
SOURCES = FOLDER / "sources.sha256"
FORMATS = ("xls", "ods", "xlsm")
# the roster, the roster with a bad age, the sheet that spans beyond the cell limit
GOOD, BAD, BIG = "花名册", "错误", "大"


def bad_age_sheets() -> dict[str, list[list[object]]]:
    """The test roster with T2's age typed as words (teachers row 3, column D)."""
    sheets = base_sheets()
    sheets["教师"][2] = teacher_row("T2", B="李四", C="女", D="三十五", F="小学语文", G="小学高级")
    return sheets


def sources_digest() -> str:
    """What the kept files are made from, as one hash: the two rosters' cells."""
    return hashlib.sha256(repr((base_sheets(), bad_age_sheets())).encode()).hexdigest()


def kept(name: str, fmt: str) -> Path:
    """The kept file ``name`` saved as ``fmt``."""
    return FOLDER / f"{name}.{fmt}"


def current() -> bool:
    """Whether the kept files were made from the rosters as they are now."""
    return SOURCES.is_file() and SOURCES.read_text().strip() == sources_digest()


def write_sources(folder: Path) -> list[Path]:
    """The .xlsx files the kept files are saved from."""
    good = write_workbook(folder / f"{GOOD}.xlsx", base_sheets())
    bad = write_workbook(folder / f"{BAD}.xlsx", bad_age_sheets())
    big = openpyxl.Workbook()
    big.active.title = "教师"
    big.active["A1"], big.active["IV65536"] = "工号", 1
    big.save(folder / f"{BIG}.xlsx")
    return [good, bad, folder / f"{BIG}.xlsx"]


def convert(soffice: str, paths: list[Path], fmt: str, folder: Path) -> list[Path]:
    """``paths`` saved by LibreOffice as ``fmt`` in ``folder``, in one run of it."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation={Path(profile).as_uri()}",
             "--convert-to", fmt, "--outdir", str(folder), *map(str, paths)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    made = [folder / f"{path.stem}.{fmt}" for path in paths]
    for path in made:
        if not path.is_file():
            raise SystemExit(f"LibreOffice made no {path.name}")
    return made


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("needs LibreOffice: apt-get install libreoffice-calc")
    FOLDER.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        good, bad, big = write_sources(Path(work))
        for fmt in FORMATS:
            convert(soffice, [good, bad, *([big] if fmt == "xls" else [])], fmt, FOLDER)
    SOURCES.write_text(sources_digest() + "\n")
    print(f"saved by LibreOffice into {FOLDER}", file=sys.stderr)


if __name__ == "__main__":
    main()
