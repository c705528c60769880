"""Hostile and damaged input files, crafted byte by byte.

A real .xlsx is written by openpyxl and taken apart into its parts; a test changes a
part (an XML file of the archive) and packs the parts again with ``zip_bytes``, whose
headers say whatever the test wants: a size that lies, an encryption flag, a method
no reader knows. Nothing here is mocked: every file is written to disk and read by the
real readers.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from rotation_planner.check import check_plan
from rotation_planner.domain import Assignment, Plan, RunInfo
from rotation_planner.io.plan_write import write_plan_workbook
from rotation_planner.io.read import read_roster
from tests.io.conftest import base_sheets, write_workbook

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"  # the first sheet: Teachers (教师) in base_sheets()


@dataclass(frozen=True)
class Packed:
    """A part as stored in the archive: its packed bytes and what its headers declare."""

    data: bytes
    size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def deflated(content: bytes, level: int = 1) -> Packed:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Packed(packer.compress(content) + packer.flush(), len(content), zlib.crc32(content))


def zip_bytes(parts: Mapping[str, bytes | Packed]) -> bytes:
    """A zip archive of ``parts`` (raw bytes are deflated), headers as each Packed says."""
    out, central = bytearray(), bytearray()
    for name, part in parts.items():
        packed = deflated(part) if isinstance(part, bytes) else part
        encoded, offset = name.encode(), len(out)
        sizes = (packed.crc, len(packed.data), packed.size)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, packed.flags, packed.method,
                           0, 0x21, *sizes, len(encoded), 0)  # fmt: skip
        out += encoded + packed.data
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, packed.flags,
                               packed.method, 0, 0x21, *sizes, len(encoded), 0, 0, 0, 0, 0,
                               offset)  # fmt: skip
        central += encoded
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts),
                      len(central), len(out), 0)  # fmt: skip
    return bytes(out + central + end)


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def roster_parts(sheets: Mapping[str, list[list[object]]] | None = None) -> dict[str, bytes]:
    """The parts of a valid roster (``base_sheets()`` unless ``sheets``)."""
    out = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in (sheets or base_sheets()).items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(out)
    return parts_of(out.getvalue())


def sheet_part(parts: Mapping[str, bytes | Packed], title: str) -> str:
    """The name of the part that holds the sheet ``title`` (by the workbook's own
    relationships: a writer may put the sheets in any order)."""
    workbook, rels = parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"]
    assert isinstance(workbook, bytes) and isinstance(rels, bytes)
    entry = re.search(rb'<sheet name="' + re.escape(title.encode()) + rb'"[^>]*r:id="([^"]+)"',
                      workbook)  # fmt: skip
    assert entry is not None, title
    target = re.search(rb'Target="([^"]+)" Id="' + entry.group(1) + rb'"', rels) or re.search(
        rb'Id="' + entry.group(1) + rb'"[^>]*Target="([^"]+)"', rels
    )
    assert target is not None, title
    path = target.group(1).decode()
    return path.lstrip("/") if path.startswith("/") else f"xl/{path}"


def with_rows(sheet_xml: bytes, rows: bytes) -> bytes:
    """``sheet_xml`` with ``rows`` (raw XML) added after its last row."""
    return sheet_xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)


def replace_cell(sheet_xml: bytes, ref: str, cell: bytes) -> bytes:
    """``sheet_xml`` with the cell at ``ref`` replaced by ``cell`` (raw XML)."""
    pattern = rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)'
    result, n = re.subn(pattern, cell.replace(b"\\", b"\\\\"), sheet_xml, count=1, flags=re.S)
    assert n == 1, ref
    return result


def inline(ref: str, text: str) -> bytes:
    """An inline-string cell; ``_x001B_`` escapes become control characters on reading."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def roster(folder: Path, name: str = "花名册.xlsx", **sheets: list[list[object]]) -> Path:
    """A valid roster (base_sheets with ``sheets`` replaced) written in ``folder``."""
    return write_workbook(folder / name, {**base_sheets(), **sheets})


def our_plan(folder: Path, roster_path: Path, name: str = "plan.xlsx", lang: str = "zh") -> Path:
    """A plan workbook as ``planner solve`` writes it (T1 to R1 in 数学) for the roster at
    ``roster_path``, with its Run sheet (the roster's SHA-256, the plan year)."""
    read = read_roster(roster_path)
    plan = Plan.of([Assignment("T1", "R1", "数学")])
    check = check_plan(read.instance, read.policy, plan)
    run = RunInfo(roster_path.name, read.sha256, 0, 1, "CP-SAT", "OPTIMAL", lang=lang)
    path = folder / name
    write_plan_workbook(path, read.instance, read.policy, plan, check, run, lang)
    return path


_ENGLISH = {
    "工号": "teacher_id", "姓名": "name", "性别": "gender", "年龄": "age",
    "所在学校": "school", "学科": "subject", "职称": "title",
    "本校连续任教年限": "years_at_school", "农村任教年限": "rural_years",
    "身份证号": "id card", "出生日期": "date of birth", "骨干级别": "backbone",
    "志愿": "wishes", "配偶工号": "spouse", "锁定学校": "locked", "自愿报名": "volunteer",
    "教龄": "teaching_years", "最近农村任教年份": "last_rural_year",
    "学校编号": "school_id", "学校名称": "name", "学校类型": "type",
    "距县城距离（公里）": "distance_km", "结对学校": "paired_with", "在编教师数": "staff",
    "纬度": "latitude", "人数": "count", "参数": "key", "取值": "value",
}  # fmt: skip
_ENGLISH_SHEETS = {
    "教师": "Teachers",
    "学校": "Schools",
    "岗位需求": "Vacancies",
    "政策参数": "Policy",
}


def english_sheets() -> dict[str, list[list[object]]]:
    """base_sheets() with English sheet names and headers: an English roster."""
    return {
        _ENGLISH_SHEETS[title]: [[_ENGLISH.get(str(h), h) for h in rows[0]], *rows[1:]]
        for title, rows in base_sheets().items()
    }


def english_roster(folder: Path, name: str = "roster.xlsx") -> Path:
    return write_workbook(folder / name, english_sheets())


def hand_plan(
    folder: Path, name: str, rows: list[list[object]], **extra: list[list[object]]
) -> Path:
    """A plan typed by hand: an Assignments sheet (交流名单) of ``rows`` under the
    headers 工号, 姓名, 调入学校编号, 学科, and any ``extra`` sheets."""
    header: list[object] = ["工号", "姓名", "调入学校编号", "学科"]
    return write_workbook(folder / name, {"交流名单": [header, *rows], **extra})
