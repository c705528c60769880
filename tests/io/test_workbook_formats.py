"""The roster as schools save it: .xlsx, .xlsm, .ods, .xls and WPS .et read the same, and
.csv (UTF-8 or GBK) as one sheet, with the same cell-precise messages; and each format's
hostile files are refused before a reader is given them.

The .xls, .ods and .xlsm files are real LibreOffice saves of the .xlsx files written here,
kept in tests/io/office/ (tests/io/office_files.py says how they were made and remakes
them)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from rotation_planner.io.errors import RosterError
from rotation_planner.io.read import read_roster
from tests.hostile.harness import refused_by_io
from tests.io.office_files import (
    BAD,
    BIG,
    FORMATS,
    GOOD,
    bad_age_sheets,
    current,
    kept,
    write_sources,
)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One good roster and one with a bad age, each as .xlsx, .xls, .ods, .xlsm, .et."""
    if not current():
        pytest.fail("the rosters of tests/io/office/ changed: python -m tests.io.office_files")
    folder = tmp_path_factory.mktemp("formats")
    good, bad, _ = write_sources(folder)
    files = {"xlsx": good, "bad.xlsx": bad, "big.xls": kept(BIG, "xls")}
    for fmt in FORMATS:
        files[fmt], files[f"bad.{fmt}"] = kept(GOOD, fmt), kept(BAD, fmt)
    # WPS saves .et in the binary format of .xls; calamine reads it as one
    files["et"] = shutil.copy(files["xls"], folder / "花名册.et")
    return files


@pytest.mark.parametrize("fmt", ["xls", "ods", "xlsm", "et"])
def test_every_format_reads_as_the_xlsx(saved: dict[str, Path], fmt: str) -> None:
    want = read_roster(saved["xlsx"])

    got = read_roster(saved[fmt])

    assert got.instance.teachers == want.instance.teachers
    assert got.instance.schools == want.instance.schools
    assert got.instance.vacancies == want.instance.vacancies
    assert got.policy == want.policy and got.lang == "zh"


@pytest.mark.parametrize("fmt", ["xls", "ods", "xlsm"])
def test_every_format_has_the_same_cell_precise_messages(saved: dict[str, Path], fmt: str) -> None:
    with pytest.raises(RosterError) as want:
        read_roster(saved["bad.xlsx"])
    with pytest.raises(RosterError) as got:
        read_roster(saved[f"bad.{fmt}"])

    assert str(got.value) == str(want.value) == "教师 第3行 D列(年龄): 年龄不是数字"


def _csv_sheets(tmp_path: Path, encoding: str, delimiter: str = ",") -> Path:
    rows = bad_age_sheets()["教师"]
    text = "\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows)
    path = tmp_path / "教师.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8", ","), ("utf-8-sig", ","), ("gbk", ","), ("gbk", "\t")]
)
def test_a_csv_is_one_sheet_in_utf8_or_gbk(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = _csv_sheets(tmp_path, encoding, delimiter)

    with pytest.raises(RosterError) as caught:
        read_roster(path)

    # 教师.csv is the Teachers sheet; its bad age is at its cell; it has no Schools sheet
    said = str(caught.value).splitlines()
    assert said == ["教师 第3行 D列(年龄): 年龄不是数字", "学校: 缺少必需的工作表 学校 (Schools)"]


def test_a_csv_cannot_be_a_bomb(tmp_path: Path) -> None:
    path = tmp_path / "教师.csv"
    path.write_text("工号,姓名\n" + ",".join(["x"] * 2000) + "\n" * 1, encoding="utf-8")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(("," * 999 + "\n") * 1600)

    refused_by_io(tmp_path, lambda: read_roster(path), ("1,500,000",))


def test_an_xls_spanning_beyond_the_limit_is_refused_before_calamine(
    saved: dict[str, Path], tmp_path: Path
) -> None:
    path = Path(shutil.copy(saved["big.xls"], tmp_path / "大.xls"))

    refused_by_io(tmp_path, lambda: read_roster(path), ("已拒绝读取", "1,500,000"))


def test_an_ods_whose_repeated_rows_span_millions_of_cells_is_refused(
    saved: dict[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / "炸弹.ods"
    with zipfile.ZipFile(saved["ods"]) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                end = data.index(b"</table:table>")
                data = (data[:end] + b'<table:table-row table:number-rows-repeated="3000000">'
                        b'<table:table-cell office:value-type="string"><text:p>x</text:p>'
                        b"</table:table-cell></table:table-row>" + data[end:])  # fmt: skip
            target.writestr(info, data)

    refused_by_io(tmp_path, lambda: read_roster(path), ("已拒绝读取", "1,500,000"))


def test_an_xls_whose_dimensions_claim_the_whole_sheet_is_refused(tmp_path: Path) -> None:
    """A DIMENSIONS record may declare any extent: calamine reserves room for it."""
    path = _xls_with_records(tmp_path, [(0x0809, b"\0" * 16), (0x0809, b"\0" * 16),
                                        (0x0200, (0).to_bytes(4, "little")
                                         + (65536).to_bytes(4, "little") + b"\0\0"
                                         + (256).to_bytes(2, "little") + b"\0\0")])  # fmt: skip

    refused_by_io(tmp_path, lambda: read_roster(path), ("已拒绝读取", "1,500,000"))


def test_an_encrypted_xls_is_refused_as_protected(tmp_path: Path) -> None:
    path = _xls_with_records(tmp_path, [(0x0809, b"\0" * 16), (0x002F, b"\0" * 6)])

    refused_by_io(tmp_path, lambda: read_roster(path), ("设有密码",))


def _xls_with_records(folder: Path, records: list[tuple[int, bytes]]) -> Path:
    """An OLE file whose Workbook stream is ``records`` (padded past the mini-stream
    cut-off, so it lies in ordinary sectors), written by hand: olefile only reads."""
    stream = b"".join(kind.to_bytes(2, "little") + len(body).to_bytes(2, "little") + body
                      for kind, body in records)  # fmt: skip
    stream += (0x000A).to_bytes(2, "little") + b"\0\0"  # EOF
    stream = stream.ljust(4096, b"\0")
    path = folder / "花名册.xls"
    path.write_bytes(_ole(stream))
    return path


def _ole(stream: bytes) -> bytes:
    """A minimal OLE compound file (version 3, 512-byte sectors) holding one stream
    named Workbook: header, one FAT sector, one directory sector, the stream."""
    sector = 512
    n = len(stream) // sector
    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    # sectors: 0 FAT, 1 directory, 2.. the stream
    fat = [fat_mark, end] + [i + 3 for i in range(n - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = (0x3E).to_bytes(2, "little")  # minor version
    header[26:28] = (3).to_bytes(2, "little")  # major version 3
    header[28:30] = (0xFFFE).to_bytes(2, "little")  # little-endian
    header[30:32] = (9).to_bytes(2, "little")  # 512-byte sectors
    header[32:34] = (6).to_bytes(2, "little")  # 64-byte mini sectors
    header[44:48] = (1).to_bytes(4, "little")  # one FAT sector
    header[48:52] = (1).to_bytes(4, "little")  # directory at sector 1
    header[56:60] = (4096).to_bytes(4, "little")  # mini stream cut-off
    header[60:64] = end.to_bytes(4, "little")  # no mini FAT
    header[68:72] = end.to_bytes(4, "little")  # no DIFAT sectors
    header[76:80] = (0).to_bytes(4, "little")  # the FAT is sector 0
    header[80:sector] = b"\xff" * (sector - 80)
    fat_bytes = b"".join(x.to_bytes(4, "little") for x in fat)

    def entry(name: str, kind: int, start: int, size: int, child: int = free) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        e = bytearray(128)
        e[0 : len(encoded)] = encoded
        e[64:66] = len(encoded).to_bytes(2, "little")
        e[66] = kind
        e[67] = 1  # black
        e[68:72] = free.to_bytes(4, "little")
        e[72:76] = free.to_bytes(4, "little")
        e[76:80] = child.to_bytes(4, "little")
        e[116:120] = start.to_bytes(4, "little")
        e[120:124] = size.to_bytes(4, "little")
        return bytes(e)

    directory = entry("Root Entry", 5, end, 0, child=1) + entry("Workbook", 2, 2, len(stream))
    directory = directory.ljust(sector, b"\0")
    return bytes(header) + fat_bytes + directory + stream
