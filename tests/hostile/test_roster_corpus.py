"""Damaged and adversarial roster workbooks through ``planner validate``: each one is
refused with exit 2 and its message, no traceback, no value a cell holds on a teacher's
row, no control character, the file unchanged and nothing left behind.

Classes: workbooks whose declared or unpacked size is absurd (bombs), damaged archives,
personal data in the wrong column, terminal escapes, numbers beyond any county, one
resident ID on two rows.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.craft import (
    MB,
    SHEET,
    Packed,
    deflated,
    inline,
    replace_cell,
    roster,
    roster_parts,
    with_rows,
    write,
    zip_bytes,
)
from tests.hostile.harness import refused_by_cli
from tests.io.conftest import base_sheets, id_number, teacher_row

NAME = "欧阳秀英"  # a teacher's name, typed where it does not belong
ID = id_number("19790521", male=False)
ESC = "_x001B_[2J_x001B_]0;pwned_x0007_"  # clear screen, set title: decoded on reading

TOO_LARGE = "已拒绝读取"
DAMAGED = "已损坏, 无法读取"


@dataclass(frozen=True)
class Case:
    """``make(folder)`` writes the roster and returns its path; the refusal ``says``
    each text and shows none of ``secrets``."""

    make: Callable[[Path], Path]
    says: tuple[str, ...]
    secrets: tuple[str, ...] = ()


def parts_file(change: Callable[[dict[str, bytes | Packed]], object]) -> Callable[[Path], Path]:
    """A roster whose archive parts ``change`` edits (bytes, or Packed headers)."""

    def make(folder: Path) -> Path:
        parts: dict[str, bytes | Packed] = dict(roster_parts())
        change(parts)
        return write(folder / "花名册.xlsx", zip_bytes(parts))

    return make


def sheet_xml(change: Callable[[bytes], bytes], part: str = SHEET) -> Callable[[Path], Path]:
    def edit(parts: dict[str, bytes | Packed]) -> None:
        parts[part] = change(parts[part])  # type: ignore[arg-type]

    return parts_file(edit)


def teachers(**cells: object) -> Callable[[Path], Path]:
    """The base roster with teacher T1 (row 2) changed."""

    def make(folder: Path) -> Path:
        sheets = base_sheets()
        sheets["教师"][1] = teacher_row("T1", **cells)
        return roster(folder, 教师=sheets["教师"])

    return make


def cell(sheet: str, row: int, col: int, value: object) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        sheets = base_sheets()
        sheets[sheet][row - 1][col] = value
        return roster(folder, **{sheet: sheets[sheet]})

    return make


def policy(key: str, value: object) -> Callable[[Path], Path]:
    """The base roster whose Policy sheet sets ``key`` to ``value`` only."""
    return lambda folder: roster(folder, 政策参数=[["参数", "取值"], [key, value]])


def declared(size: int) -> Callable[[dict[str, bytes | Packed]], None]:
    def edit(parts: dict[str, bytes | Packed]) -> None:
        packed = deflated(parts[SHEET])  # type: ignore[arg-type]
        parts[SHEET] = Packed(packed.data, size, packed.crc)

    return edit


def header_says(
    size: int, method: int = 8, flags: int = 0, crc: int | None = None, cut: int = 0
) -> Callable[[dict[str, bytes | Packed]], None]:
    """The sheet part with headers that lie: another size, method, flags or CRC, or
    its packed bytes cut short by ``cut``."""

    def edit(parts: dict[str, bytes | Packed]) -> None:
        packed = deflated(parts[SHEET])  # type: ignore[arg-type]
        data = packed.data[: len(packed.data) - cut]
        parts[SHEET] = Packed(data, size or packed.size, packed.crc if crc is None else crc,
                              method, flags)  # fmt: skip

    return edit


def many_parts(n: int, size: int = 0) -> Callable[[dict[str, bytes | Packed]], None]:
    def edit(parts: dict[str, bytes | Packed]) -> None:
        filler = deflated(b" " * size, 9)
        for i in range(n):
            parts[f"customXml/item{i}.bin"] = filler

    return edit


def many_sheets(n: int) -> Callable[[bytes], bytes]:
    def edit(workbook: bytes) -> bytes:
        entries = b"".join(
            b'<sheet name="S%d" sheetId="%d" r:id="rId1"/>' % (i, 100 + i) for i in range(n)
        )
        return workbook.replace(b"</sheets>", entries + b"</sheets>")

    return edit


def utf16(xml: bytes) -> bytes:
    return "\ufeff".encode("utf-16-le") + xml.decode().encode("utf-16-le")


def sparse(folder: Path) -> Path:
    path = roster(folder)
    os.truncate(path, 60 * MB)  # a sparse file: 60 MB long, nothing written
    return path


def pipe(folder: Path) -> Path:
    path = folder / "花名册.xlsx"
    os.mkfifo(path)
    return path


def escaped_file_name(folder: Path) -> Path:
    return write(folder / "ro\x1b[2Jster.xlsx", b"just text\x1b]0;pwned\x07")


LIE = 1  # bytes a part declares while it unpacks to 101 MB


@pytest.fixture(scope="module")
def lying_part() -> Packed:
    """A sheet part that declares 1 byte and unpacks to 101 MB (made once: 0.2 s)."""
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    data = packer.compress(b" " * (101 * MB)) + packer.flush()
    return Packed(data, LIE, 0)


CASES: dict[str, Case] = {
    # --- size: what the file declares, what it unpacks to, what it spans ---------------
    "a part declares 2 GB": Case(parts_file(declared(2 * 1024**3)),
                                 (TOO_LARGE, "解压后超过 100 MB")),
    "parts declare 120 MB in all": Case(parts_file(many_parts(120, MB)),
                                        (TOO_LARGE, "解压后超过 100 MB")),
    "one cell at XFD1048576": Case(
        sheet_xml(lambda x: with_rows(x, b'<row r="1048576">' + inline("XFD1048576", "x")
                                      + b"</row>")),
        (TOO_LARGE, "超过 1,500,000 个单元格")),
    "a row beyond Excel's last": Case(
        sheet_xml(lambda x: with_rows(x, b'<row r="99999999999"><c r="A99999999999">'
                                      b"<v>1</v></c></row>")),
        (TOO_LARGE, "超出 Excel 的最后一格")),
    "a column of ten letters": Case(
        sheet_xml(lambda x: with_rows(x, b'<row r="4"><c r="AAAAAAAAAA4"><v>1</v></c></row>')),
        (TOO_LARGE, "超出 Excel 的最后一格")),
    "1.6 million cells in one place": Case(
        sheet_xml(lambda x: with_rows(x, b'<row r="4">' + b'<c r="A4"><v>1</v></c>' * 1_600_000
                                      + b"</row>")),
        (TOO_LARGE, "超过 1,500,000 个单元格")),
    "cells without a place pushed far": Case(
        sheet_xml(lambda x: with_rows(x, b'<row r="1048576">' + b"<c><v>1</v></c>" * 2000
                                      + b"</row>")),
        (TOO_LARGE, "超过 1,500,000 个单元格")),
    "prefixed cells without a place": Case(
        sheet_xml(lambda x: with_rows(x, b'<x:row r="1048576">'
                                      + b"<x:c><x:v>1</x:v></x:c>" * 2000 + b"</x:row>")),
        (TOO_LARGE, "超过 1,500,000 个单元格")),
    "a UTF-16 sheet hiding XFD1048576": Case(
        sheet_xml(lambda x: utf16(with_rows(x, b'<row r="1048576">' + inline("XFD1048576", "x")
                                            + b"</row>"))),
        (TOO_LARGE, "超过 1,500,000 个单元格")),
    "a string table declaring 10^11 texts": Case(
        parts_file(lambda p: p.update({"xl/sharedStrings.xml": (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="1" uniqueCount="100000000000"><si><t>x</t></si></sst>')})),
        (TOO_LARGE, "超过 1,500,000 个不同的文本")),
    "70 sheets": Case(sheet_xml(many_sheets(70), "xl/workbook.xml"),
                      (TOO_LARGE, "包含超过 64 个工作表")),
    "10,001 parts": Case(parts_file(many_parts(10_001)), (TOO_LARGE, "超过 10000 个部件")),
    "a 5 MB text": Case(sheet_xml(lambda x: replace_cell(x, "B2", inline("B2", "a" * (5 * MB)))),
                        (TOO_LARGE, "长于 4 MB 的文本或标签")),
    "a file of 60 MB": Case(sparse, ("60 MB", "超过可读取的上限 50 MB")),
    "a pipe named like a roster": Case(pipe, ("不是普通文件",)),
    # --- damaged archives -----------------------------------------------------------------
    "an encrypted part": Case(parts_file(header_says(0, flags=1)), (DAMAGED,)),
    "a part packed with bzip2": Case(parts_file(header_says(0, method=12)), (DAMAGED,)),
    "a part whose CRC is wrong": Case(parts_file(header_says(0, crc=12345)), (DAMAGED,)),
    "a part cut short": Case(parts_file(header_says(0, cut=40)), (DAMAGED,)),
    "styles that are no XML": Case(sheet_xml(lambda x: b"<styleSheet><garbage",
                                             "xl/styles.xml"), (DAMAGED,)),
    "entities that multiply (billion laughs)": Case(
        sheet_xml(lambda x: b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                  b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                  b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                  + replace_cell(x, "B2", inline("B2", "&c;"))),
        (DAMAGED,)),
    "a duration beyond any date": Case(
        parts_file(lambda p: p.update({
            "xl/styles.xml": p["xl/styles.xml"].replace(  # type: ignore[union-attr]
                b"</cellXfs>", b'<xf numFmtId="46" xfId="0"/></cellXfs>').replace(
                b'<cellXfs count="1">', b'<cellXfs count="2">'),
            SHEET: replace_cell(p[SHEET], "H2", b'<c r="H2" s="1"><v>1e300</v></c>'),  # type: ignore[arg-type]
        })),
        (DAMAGED,)),
    "a string index past the table": Case(
        sheet_xml(lambda x: replace_cell(x, "B2", b'<c r="B2" t="s"><v>99999</v></c>')),
        (DAMAGED,)),
    "a text file named with a terminal escape": Case(escaped_file_name,
                                                     ("is not an Excel (.xlsx) workbook",)),
    # --- personal data typed where it does not belong: the cell, never the value ----------
    "a birth date in the age column": Case(teachers(D="1979-05-21"), ("D列(年龄): 年龄不是数字",),
                                           ("1979-05-21", "1979")),
    "a birth month in the age column": Case(teachers(D="1979.05"), ("年龄不是整数",), ("1979.05",)),
    "a name in the title column": Case(teachers(G=NAME), ("G列(职称): 职称不是",), (NAME,)),
    "a name in the years column": Case(teachers(H=NAME), ("本校连续任教年限不是数字",), (NAME,)),
    "a name in the school column": Case(teachers(E=NAME), ("所填学校不在学校表中",), (NAME,)),
    "a name among the wishes": Case(teachers(M=f"R1、{NAME}"), ("第2志愿不在学校表中",),
                                    (NAME,)),
    "a name in the locked school": Case(teachers(O=NAME), ("锁定学校不在学校表中",), (NAME,)),
    "a name in the spouse column": Case(teachers(N=NAME), ("配偶工号不在教师表中",), (NAME,)),
    "an ID number in the last rural year": Case(teachers(R=ID),
                                                ("最近农村任教年份不是1950-2026之间的年份",),
                                                (ID, "19790521")),
    "an ID number in the backbone level": Case(teachers(L=ID), ("骨干级别不是",), (ID,)),
    "a name in a yes/no column": Case(teachers(P=NAME), ("自愿报名不是 是/否",), (NAME,)),
    "a name in the gender column": Case(teachers(C=NAME), ("性别不是",), (NAME,)),
    "an age of 150": Case(teachers(D=150), ("年龄超出范围18-70",), ("150",)),
    # --- terminal escapes in cells, headers and file names ---------------------------------
    "an escape in a school type": Case(cell("学校", 3, 2, f"重点{ESC}校"), ("学校类型",)),
    "an escape in a teacher's title": Case(teachers(G=f"一{ESC}级"), ("职称不是",)),
    "an escape in a header's unit": Case(
        lambda folder: roster(folder, 教师=[
            ["工号(" + ESC + ")", *base_sheets()["教师"][0][1:]],
            teacher_row(None), teacher_row("T2")]),  # type: ignore[arg-type]
        ("工号为空",)),
    "an escape in a Policy key": Case(
        lambda folder: roster(folder, 政策参数=[["参数", "取值"], [f"Q9{ESC}", 1]]),
        ("未知的政策参数",)),
    "a bidi override in a vacancy's school": Case(cell("岗位需求", 2, 0, "R\u202e9"),
                                                  ("不在学校表中",)),
    "a C1 control in a vacancy's school": Case(cell("岗位需求", 2, 0, "R9\x9b2J"),
                                               ("不在学校表中",)),
    # --- numbers beyond any county ---------------------------------------------------------
    "a distance of 1e300 km": Case(cell("学校", 3, 3, 1e300), ("超出合理范围 0-1000",)),
    "a distance of 1e16 km": Case(cell("学校", 3, 3, 1e16), ("超出合理范围 0-1000",)),
    "a distance of 1,001 km": Case(cell("学校", 3, 3, 1001), ("超出合理范围 0-1000",)),
    "a distance of a thousand digits": Case(cell("学校", 3, 3, "9" * 1000),
                                            ("距县城距离 *** 不是数字",)),
    "a distance that is NaN": Case(
        sheet_xml(lambda x: replace_cell(x, "D3", b'<c r="D3"><v>NaN</v></c>'),
                  "xl/worksheets/sheet2.xml"),
        ("D列", "不是数字")),
    "a distance beyond any float": Case(
        sheet_xml(lambda x: replace_cell(x, "D3", b'<c r="D3"><v>1e309</v></c>'),
                  "xl/worksheets/sheet2.xml"),
        ("D列", "不是数字")),
    "a billion years at school": Case(teachers(H=1e9), ("本校连续任教年限超出合理范围0-60",),
                                      ("1000000000",)),
    "61 rural years": Case(teachers(I=61), ("农村任教年限超出合理范围0-60",)),
    "ten million staff": Case(cell("学校", 3, 5, 10**7), ("超出合理范围 0-10000",)),
    "a million posts": Case(cell("岗位需求", 2, 2, 10**6), ("超出合理范围 0-1000",)),
    "an age of 1e300": Case(teachers(D=1e300), ("年龄超出范围18-70",)),
    "2**63 points per backbone level": Case(
        policy("R2.points_per_level", 2**63 - 1),
        ("政策参数 第2行 B列(取值)", "超出合理范围 (绝对值不超过 100000)")),
    "a distance cap of 1e300 km": Case(policy("P4.max_km", 1e300),
                                       ("政策参数 P4.max_km 的取值 '1e+300' 超出合理范围",)),
    # --- one person on two rows -----------------------------------------------------------
    "one ID number on two rows": Case(
        lambda folder: roster(folder, 教师=[
            base_sheets()["教师"][0], teacher_row("T1", C=None, D=None, J=ID),
            teacher_row("T2", C=None, D=None, J=ID)]),
        ("J列(身份证号): 身份证号与第2行重复",), (ID,)),
    "one ID number written two ways": Case(
        lambda folder: roster(folder, 教师=[
            base_sheets()["教师"][0], teacher_row("T1", C=None, D=None, J=ID),
            teacher_row("T2", C=None, D=None, J=f" {ID[:9]} {ID[9:].lower()}")]),
        ("身份证号与第2行重复",), (ID,)),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_roster_is_refused(tmp_path: Path, name: str) -> None:
    if CASES[name].make is pipe and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    case = CASES[name]
    path = case.make(tmp_path)

    refused_by_cli(tmp_path, ["validate", str(path), "-q"], case.says, case.secrets)


def test_a_part_that_unpacks_beyond_what_it_declares(tmp_path: Path, lying_part: Packed) -> None:
    parts: dict[str, bytes | Packed] = dict(roster_parts())
    parts[SHEET] = lying_part
    path = write(tmp_path / "花名册.xlsx", zip_bytes(parts))

    refused_by_cli(tmp_path, ["validate", str(path), "-q"], (TOO_LARGE, "解压后超过 100 MB"))


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 50
