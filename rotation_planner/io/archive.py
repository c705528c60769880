"""What a workbook may weigh, checked before any reader parses it.

An .xlsx file is a zip archive of XML parts. A small file can unpack to gigabytes (a
"zip bomb"), or name a cell at XFD1048576 so that a reader which fills every sheet as a
rectangle from A1 asks for billions of cells: the reader then aborts the whole process
(calamine's allocation failure is no Python exception). So before any reader sees the
file, ``inspect_workbook`` unpacks every part itself, within a budget, and measures
what the readers would build:

- the file itself is at most 50 MB (a county roster of 5,000 teachers is 0.5 MB);
- its parts unpack to at most 100 MB in all, each one exactly to the size its header
  declares (a part that unpacks to more than it declares is damaged);
- the sheets span at most 1,500,000 cells in all, counted as readers fill them (a
  rectangle from A1 to the last cell), at most 64 sheets, at most 10,000 parts, and a
  shared-string table of at most 1,500,000 strings.

These bound the reader's peak memory to about 400 MB on any input and its time to a few
seconds. Anything beyond them is refused with ``WorkbookRefused``: the kind of problem
(a key of ``errors.MESSAGES``) and the figures its message names.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The most a workbook may weigh: file bytes, unpacked bytes, parts, sheets, cells
    (as readers fill them, from A1) and shared strings."""

    file_bytes: int = 50 * MB
    unpacked_bytes: int = 100 * MB
    parts: int = 10_000
    sheets: int = 64
    cells: int = 1_500_000
    strings: int = 1_500_000
    # Each sheet entry makes the reader parse one XML part: sheets x the largest part.
    parsed_bytes: int = 400 * MB


LIMITS = Limits()


class WorkbookRefused(Exception):
    """The workbook is refused before it is parsed: ``kind`` is a key of
    ``errors.MESSAGES`` (``workbook_too_large`` or ``damaged_workbook``), ``params``
    fill its message."""

    def __init__(self, kind: str, **params: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.params = params


def too_large(what_en: str, what_zh: str) -> WorkbookRefused:
    return WorkbookRefused("workbook_too_large", what_en=what_en, what_zh=what_zh)


@dataclass(frozen=True)
class Shape:
    """What the inspection found: the cells the sheets span (from A1), whether a cell
    holds an Excel error (#N/A), which calamine would read as blank, and whether the
    archive has a workbook part at all (without one it is some other zip file)."""

    cells: int
    has_error_cells: bool
    has_workbook_part: bool


# r="B12" (a cell), r="12" (a row): calamine takes an r attribute's letters as the
# column and its digits as the row, both case-insensitive. Every attribute named r
# counts, in any element: an over-estimate is safe, an under-estimate is not. (The
# pattern starts with its literal r, so that the search skips ahead to each r.)
_REF = re.compile(rb"""r(?<=[\s"']r)\s*=\s*["']([A-Za-z]*)([0-9]*)""")
# The start tags that cost a reader memory: cells and rows, shared strings, sheet
# entries. Plain ones (<c ...>) and prefixed ones (<x:c ...>, or any ":c " in a text,
# an over-estimate) are counted apart: a pattern that starts with its literal < or :
# is searched for at the speed of a byte search.
_PLAIN_TAG = re.compile(rb"<(c|row|si|sheet)[\s/>]")
_PREFIXED_TAG = re.compile(rb":(c|row|si|sheet)[\s/>]")
_CELL_OR_ROW = re.compile(rb"[<:](c|row)[\s/>]")
_UNIQUE_COUNT = re.compile(rb"""uniqueCount\s*=\s*["']\s*([0-9]*)""")
_ERROR_CELL = re.compile(rb"""t(?<=\st)\s*=\s*["']e["']""")
_XML = re.compile(rb"(?:\xef\xbb\xbf)?\s*<")


@dataclass(frozen=True)
class _Weight:
    """What one XML part makes a reader build."""

    cells: int  # filled from A1 to its last cell, or read (the larger)
    strings: int  # shared strings, read or declared
    sheets: int  # sheet entries
    has_error_cells: bool


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


# The XML is searched in windows of about WINDOW bytes, each ending right before a <:
# no pattern above holds a < after its first byte, so none is cut, and each window's
# matches take bounded memory. Between two < there is one tag or one text; Excel holds
# at most 32,767 characters in a cell, so a longer stretch is no workbook's.
WINDOW = 1 * MB
STRETCH = 4 * MB


def _windows(xml: bytes) -> list[tuple[int, int]]:
    """(start, end) of each window of ``xml``."""
    windows = []
    start = 0
    while start < len(xml):
        end = xml.find(b"<", start + WINDOW)
        if end == -1:
            end = len(xml)
        if end - start > WINDOW + STRETCH:
            raise too_large(
                f"it holds a text or tag longer than {STRETCH // MB} MB",
                f"含有长于 {STRETCH // MB} MB 的文本或标签",
            )
        windows.append((start, end))
        start = end
    return windows


def _weigh(xml: bytes, limits: Limits) -> _Weight:
    """What the XML part ``xml`` makes a reader build, over-estimated where unsure.

    Cells: calamine places a cell at its r attribute or, without one, one column after
    the cell before it in its row (a row without a number comes one after the row
    before), then fills the rectangle from A1 to the last cell.
    """
    windows = _windows(xml)
    columns = rows = cells = with_ref = strings = sheets = 0
    errors = False
    for start, end in windows:
        refs = _REF.findall(xml, start, end)
        letters = {a for a, _ in refs if a}
        digits = {d for _, d in refs if d}
        # Three letters reach XFD, seven digits 9,999,999: anything longer is no cell.
        if any(len(a) > 3 for a in letters) or any(len(d) > 7 for d in digits):
            raise too_large("a cell lies beyond Excel's last cell", "有单元格超出 Excel 的最后一格")
        columns = max(columns, *(_column_number(a) for a in letters), 0)
        rows = max(rows, *(int(d) for d in digits), 0)
        tags = _PLAIN_TAG.findall(xml, start, end) + _PREFIXED_TAG.findall(xml, start, end)
        cells += tags.count(b"c")
        with_ref += xml.count(b'<c r="', start, end) + xml.count(b"<c r='", start, end)
        strings += tags.count(b"si")
        sheets += tags.count(b"sheet")
        # calamine reserves room for the count a string table declares before reading it
        for n in _UNIQUE_COUNT.findall(xml, start, end):
            strings = max(strings, int(n) if len(n) < 10 else limits.strings + 1)
        errors = errors or _ERROR_CELL.search(xml, start, end) is not None
    if cells != with_ref:
        # Some cells have no position of their own: each can push the cells after it in
        # its row one column further, and each row one row further.
        widest, rows_seen = _widest_row(xml, windows)
        columns += widest
        rows += rows_seen
    # A reader keeps each cell it reads (calamine, until it fills the rectangle): many
    # cells at one place cost as much as cells spread out.
    return _Weight(max(rows * columns, cells), strings, sheets, errors)


def _widest_row(xml: bytes, windows: list[tuple[int, int]]) -> tuple[int, int]:
    """The most cell tags in one row, and the number of row tags."""
    widest = run = row_tags = 0
    for start, end in windows:
        runs = b"".join(_CELL_OR_ROW.findall(xml, start, end)).split(b"row")
        run += len(runs[0])
        if len(runs) > 1:
            widest = max(widest, run, *map(len, runs[1:-1]))
            run = len(runs[-1])
            row_tags += len(runs) - 1
    return max(widest, run), row_tags


def _member(data: memoryview, info: zipfile.ZipInfo, budget: int, limits: Limits) -> bytes:
    """The part ``info`` unpacked from the raw archive, as any zip reader would unpack
    it (its compressed bytes, to their end), refused beyond ``budget`` bytes (what is
    left of ``limits.unpacked_bytes``)."""
    start = info.header_offset
    if bytes(data[start : start + 4]) != b"PK\x03\x04" or info.flag_bits & 0x1:
        raise WorkbookRefused("damaged_workbook")
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_length + extra_length
    packed = data[begin : begin + info.compress_size]
    if len(packed) != info.compress_size:
        raise WorkbookRefused("damaged_workbook")
    if info.compress_type == zipfile.ZIP_STORED:
        unpacked = bytes(packed)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        try:
            unpacked = zlib.decompressobj(-15).decompress(packed, budget + 1)
        except zlib.error:
            raise WorkbookRefused("damaged_workbook") from None
    else:  # Excel writes deflate or nothing; calamine reads no other method
        raise WorkbookRefused("damaged_workbook")
    if len(unpacked) > budget:
        raise _unpacks_beyond(limits.unpacked_bytes)
    if len(unpacked) != info.file_size or zlib.crc32(unpacked) != info.CRC:
        raise WorkbookRefused("damaged_workbook")
    return unpacked


def _unpacks_beyond(limit: int) -> WorkbookRefused:
    mb = limit // MB
    return too_large(f"it unpacks to more than {mb} MB", f"解压后超过 {mb} MB")


_UTF16 = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16", b"<\0": "utf-16-le", b"\0<": "utf-16-be"}


def _as_utf8(xml: bytes) -> bytes:
    """A UTF-16 part (which XML readers decode) as UTF-8, so that the byte patterns
    above see its tags."""
    encoding = _UTF16.get(xml[:2])
    return xml if encoding is None else xml.decode(encoding, "replace").encode()


# OpenDocument (.ods): a row or a cell may stand for many (number-rows-repeated,
# number-columns-repeated), so a few bytes can ask for a million rows. calamine fills
# each sheet from A1 to its last filled cell; empty repeats past it cost nothing.
_ODS_TOKEN = re.compile(
    rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
)
_ODS_REPEAT = re.compile(rb"""number-(?:rows|columns)-repeated\s*=\s*["']\s*([0-9]+)""")
_ODS_VALUE = re.compile(rb"value-type\s*=")


def _ods_cells(xml: bytes) -> int:
    """The cells calamine fills for the sheets of an OpenDocument content.xml: per
    sheet, the rows up to its last filled one times the columns up to the widest row's
    last filled cell, repeats counted as written. Over-estimated where unsure (a cell
    with content or a value counts as filled)."""
    total = rows = width = row_at = 0
    row_repeat = column = 0
    for start, end in _windows(xml):
        for kind, attrs, closed in _ODS_TOKEN.findall(xml, start, end):
            repeat = _ODS_REPEAT.search(attrs)
            count = int(repeat.group(1)) if repeat and len(repeat.group(1)) < 9 else 1
            if repeat and len(repeat.group(1)) >= 9:
                count = 10**9
            if kind == b"table":
                total += rows * width
                rows = width = row_at = column = 0
                row_repeat = 0
            elif kind == b"table-row":
                row_at += row_repeat
                row_repeat, column = count, 0
            else:
                column += count
                if not closed or _ODS_VALUE.search(attrs):
                    width = max(width, column)
                    rows = max(rows, row_at + row_repeat)
    return total + rows * width


def inspect_workbook(data: bytes, limits: Limits = LIMITS) -> Shape:
    """Unpack and measure every part of the .xlsx ``data`` within ``limits``.

    Raises WorkbookRefused (``workbook_too_large`` or ``damaged_workbook``) for a
    workbook a reader must not be given; ``data`` must be a zip archive.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise WorkbookRefused("damaged_workbook") from None
    if len(parts) > limits.parts:
        raise too_large(f"it has more than {limits.parts} parts", f"包含超过 {limits.parts} 个部件")
    if sum(p.file_size for p in parts) > limits.unpacked_bytes:
        raise _unpacks_beyond(limits.unpacked_bytes)
    view = memoryview(data)
    budget = limits.unpacked_bytes
    cells = strings = sheets = largest = 0
    errors = False
    for part in parts:
        unpacked = _member(view, part, budget, limits)
        budget -= len(unpacked)
        xml = _as_utf8(unpacked)
        if not _XML.match(xml):
            continue  # an image or other binary part: no reader parses it as XML
        largest = max(largest, len(xml))
        weight = _weigh(xml, limits)
        cells += weight.cells
        if part.filename == "content.xml":  # an OpenDocument spreadsheet's sheets
            cells += _ods_cells(xml)
        strings += weight.strings
        sheets += weight.sheets
        errors = errors or weight.has_error_cells
        if cells > limits.cells:
            raise spans_beyond(limits.cells)
        if strings > limits.strings:
            raise too_large(
                f"it holds more than {limits.strings:,} distinct texts",
                f"包含超过 {limits.strings:,} 个不同的文本",
            )
        if sheets > limits.sheets:
            raise too_large(
                f"it has more than {limits.sheets} sheets", f"包含超过 {limits.sheets} 个工作表"
            )
    if sheets * largest > limits.parsed_bytes:
        mb = limits.parsed_bytes // MB
        raise too_large(
            f"reading its sheets means parsing more than {mb} MB", f"读取其工作表需解析超过 {mb} MB"
        )
    workbook = any(p.filename.lower().endswith(("workbook.xml", "content.xml")) for p in parts)
    return Shape(cells, errors, workbook)


def spans_beyond(limit: int) -> WorkbookRefused:
    return too_large(
        f"its sheets hold or span more than {limit:,} cells",
        f"工作表包含或跨越超过 {limit:,} 个单元格",
    )


# --- the old binary format: .xls (Excel 97-2003) and WPS .et -------------------------------
# An OLE compound file whose "Workbook" stream is a run of BIFF records (type, length,
# body). calamine reserves room for the extent a sheet's DIMENSIONS record declares and
# fills the rectangle of its cells: both are read from the records before calamine is.
_BOF, _FILEPASS, _DIMENSIONS = 0x0809, 0x002F, 0x0200
_CELL_RECORDS = frozenset({0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x0406})
_MULTI_RECORDS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: a row's run of columns


def inspect_old_workbook(data: bytes, limits: Limits = LIMITS) -> None:
    """Measure the .xls or .et workbook ``data`` (an OLE compound file) before calamine
    reads it: WorkbookRefused when its sheets declare or hold more than ``limits.cells``
    (as calamine fills them, from A1) or more than ``limits.sheets`` sheets
    (``workbook_too_large``), when it is encrypted (``protected_workbook``), or when it
    has no readable workbook stream (``damaged_workbook``)."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                raise WorkbookRefused("damaged_workbook")
            stream = ole.openstream(name).read()
    except WorkbookRefused:
        raise
    except Exception:  # olefile's own errors, and whatever a damaged file makes it raise
        raise WorkbookRefused("damaged_workbook") from None
    total = sheets = 0
    rows = columns = 0
    at, end = 0, len(stream)
    while at + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, at)
        body, at = at + 4, at + 4 + length
        if kind == _BOF:
            total, rows, columns = total + rows * columns, 0, 0
            sheets += 1
            if sheets > limits.sheets + 1:  # the first is the workbook's own
                raise too_large(
                    f"it has more than {limits.sheets} sheets",
                    f"包含超过 {limits.sheets} 个工作表",
                )
        elif kind == _FILEPASS:
            raise WorkbookRefused("protected_workbook")
        elif kind == _DIMENSIONS and length >= 14:
            _, last_row, _, last_column = struct.unpack_from("<IIHH", stream, body)
            rows, columns = max(rows, last_row), max(columns, last_column)
        elif kind in _CELL_RECORDS and length >= 4:
            row, column = struct.unpack_from("<HH", stream, body)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind in _MULTI_RECORDS and length >= 6:
            row, _ = struct.unpack_from("<HH", stream, body)
            (last,) = struct.unpack_from("<H", stream, body + length - 2)
            rows, columns = max(rows, row + 1), max(columns, last + 1)
        else:
            continue
        if total + rows * columns > limits.cells:
            raise spans_beyond(limits.cells)
