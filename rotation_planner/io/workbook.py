"""Opening a workbook file and reading the values of its sheets: what every reader shares.

``open_workbook`` reads .xlsx and .xlsm, .ods (OpenDocument), .xls and WPS .et (the
old binary format), and .csv (one sheet, UTF-8 or GBK). It refuses what is none of
these (a missing file, a folder, a device, a password-protected file, a damaged one,
one too large to be a roster) with one RosterError naming the file, and returns each
worksheet's rows of cell values. Values come in one set of types whichever library
read them: a blank is None, a whole number an int, a date a datetime.

No file reaches a reader before ``archive.inspect_workbook`` has unpacked and measured
it: the readers trust what a file declares, and a small hostile file would otherwise
take gigabytes of memory or abort the process.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path

import python_calamine

from rotation_planner.io.archive import (
    LIMITS,
    MB,
    Limits,
    WorkbookRefused,
    inspect_old_workbook,
    inspect_workbook,
    spans_beyond,
)
from rotation_planner.io.errors import Issue, RosterError
from rotation_planner.io.headers import is_chinese

# Each sheet's name and its rows of cell values, in workbook order.
Sheets = list[tuple[str, list[Sequence[object]]]]


def open_workbook(
    path: Path, lang: str | None = None, limits: Limits = LIMITS
) -> tuple[bytes, Sheets]:
    """The bytes of the workbook at ``path`` and the values of every worksheet.

    Raises RosterError with one file-level Issue when the file is missing, a folder or
    a device, unreadable, a CSV, an old .xls, password-protected, damaged, beyond
    ``limits`` or no workbook at all. Its language is ``lang`` (the roster's, when this
    is a plan or scenario file read for a roster); without one it follows the file's
    name (Chinese when the name has Chinese characters).
    """
    path = Path(path)
    lang = lang or ("zh" if is_chinese(path.name) else "en")
    try:
        if not path.exists():
            raise _file_problem(path, lang, "file_not_found")
        if path.is_dir():
            raise _file_problem(path, lang, "not_a_file")
        if not path.is_file():  # a pipe or a device: reading it may never end
            raise _file_problem(path, lang, "not_a_regular_file")
        size = path.stat().st_size
        if size > limits.file_bytes:
            raise _too_big(path, lang, size, limits)
        with path.open("rb") as handle:
            data = handle.read(limits.file_bytes + 1)
    except OSError as error:
        raise _file_problem(path, lang, "file_unreadable", reason=type(error).__name__) from None
    if len(data) > limits.file_bytes:  # it grew while being read
        raise _too_big(path, lang, len(data), limits)
    try:
        if path.suffix.lower() == ".csv":
            return data, read_csv(data, path.stem, limits)
        if data.startswith(_OLE):  # .xls, WPS .et, or a password-protected .xlsx
            if _ENCRYPTED in data:
                raise WorkbookRefused("protected_workbook")
            return data, read_old_workbook(data, limits)
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise WorkbookRefused("not_a_workbook")
        return data, read_sheets(data, limits)
    except WorkbookRefused as refused:
        raise _file_problem(path, lang, refused.kind, **refused.params) from None


# An OLE compound file (.xls, WPS .et; Office also wraps an encrypted .xlsx in one, as
# its stream "EncryptedPackage", whose name is stored in UTF-16).
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def read_old_workbook(data: bytes, limits: Limits = LIMITS) -> Sheets:
    """Every worksheet of an .xls (Excel 97-2003) or WPS .et workbook ``data``.

    calamine reads the binary format cell by cell; a sheet holds at most 65,536 rows
    of 256 columns, and ``limits.cells`` is checked before any cell becomes a Python
    value. A password-protected one is ``protected_workbook``; one calamine cannot
    read is ``damaged_workbook``."""
    inspect_old_workbook(data, limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _read_sheets_calamine(data, limits)
    except WorkbookRefused:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # a Rust panic is a BaseException, not an Exception
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise WorkbookRefused("protected_workbook") from None
        raise WorkbookRefused("damaged_workbook") from None


# A CSV file is one sheet, saved by Excel or WPS in UTF-8 (with or without a BOM) or,
# on Chinese Windows, in GBK (read as GB 18030, which contains it).
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")
_CSV_DELIMITERS = ",\t;"


def read_csv(data: bytes, name: str, limits: Limits = LIMITS) -> Sheets:
    """The one sheet of the CSV file ``data``, named ``name`` (the file's name without
    its suffix: a file 教师.csv is the Teachers sheet; any other is found by its
    headers). Every value is text, as typed; a blank is None. ``csv_encoding`` when the
    file is neither UTF-8 nor GBK, ``damaged_workbook`` when it cannot be split into
    cells, ``workbook_too_large`` beyond ``limits.cells``."""
    for encoding in _CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise WorkbookRefused("csv_encoding")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:65536], delimiters=_CSV_DELIMITERS
        )
    except csv.Error:
        dialect = csv.excel
    rows: list[Sequence[object]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            cells += len(row)
            if cells > limits.cells:
                raise spans_beyond(limits.cells)
            rows.append(tuple(value if value.strip() else None for value in row))
    except csv.Error:  # a field beyond csv's limit, a NUL byte
        raise WorkbookRefused("damaged_workbook") from None
    return [(name, rows)]


def _file_problem(path: Path, lang: str, kind: str, **params: object) -> RosterError:
    return RosterError([Issue.of(kind, file=path.name, **params)], lang)


def _too_big(path: Path, lang: str, size: int, limits: Limits) -> RosterError:
    return _file_problem(
        path, lang, "file_too_large", size=f"{size / MB:.0f}", limit=limits.file_bytes // MB
    )


def read_sheets(data: bytes, limits: Limits = LIMITS) -> Sheets:
    """Every worksheet of the workbook ``data``, in order: its name and its rows of
    values (a formula's cached value), from cell A1.

    Raises WorkbookRefused for a workbook beyond ``limits`` (``workbook_too_large``) or
    one the readers cannot read (``damaged_workbook``): whatever a reader raises on a
    damaged file, a Rust panic included, becomes that.

    Read with calamine (Rust): a 5,000-teacher roster takes 0.06 s where openpyxl's
    read-only mode took 0.57 s (issue 5). calamine reads a cell holding an Excel error
    (#N/A from a failed VLOOKUP, #REF!) as blank, which would let an optional column
    pass unnoticed; in a workbook with such cells they are first retyped as text
    (``_errors_as_text``), so the error's text is read and the cell is reported as an
    invalid value. (openpyxl keeps it too, but takes a minute and gigabytes on a large
    shared-string table.)
    """
    shape = inspect_workbook(data, limits)
    try:
        with warnings.catch_warnings():  # a warning would print a part's name raw
            warnings.simplefilter("ignore")
            if shape.has_error_cells:
                data = _errors_as_text(data)
            return _read_sheets_calamine(data, limits)
    except WorkbookRefused:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a Rust panic is a BaseException, not an Exception
        kind = "damaged_workbook" if shape.has_workbook_part else "not_a_workbook"
        raise WorkbookRefused(kind) from None


def _read_sheets_calamine(data: bytes, limits: Limits) -> Sheets:
    sheets: Sheets = []
    cells = 0
    with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue  # a chart sheet holds no cells
            sheet = workbook.get_sheet_by_name(meta.name)
            # Two sheet entries may name one part: count what is filled, not what is stored.
            end = sheet.end or (-1, -1)
            cells += (end[0] + 1) * (end[1] + 1)
            if cells > limits.cells:
                raise spans_beyond(limits.cells)
            rows: list[Sequence[object]] = sheet.to_python(skip_empty_area=False)
            del sheet  # its cells, held in Rust, are no longer needed
            for i, row in enumerate(rows):  # in place: one row at a time is held twice
                rows[i] = tuple(map(_cell, row))
            sheets.append((meta.name, rows))
    return sheets


def _cell(value: object) -> object:
    """One cell as openpyxl gives it, so every check sees one set of types: a blank is
    None, a whole number is an int (calamine reads every number as a float; beyond
    2**53 a float was never exact and stays one, as openpyxl leaves it), and a date is
    a datetime."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


_ERROR_TYPE = re.compile(rb"""t(?<=\st)\s*=\s*(["'])e\1""")


def _errors_as_text(data: bytes) -> bytes:
    """The workbook ``data`` (already inspected) with every error cell (``t="e"``)
    retyped as a formula's text result (``t="str"``): its value, ``#N/A``, is kept."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for part in source.infolist():
            content = source.read(part)
            if part.filename.lower().endswith(".xml"):
                content = _ERROR_TYPE.sub(b't="str"', content)
            target.writestr(part, content)
    return out.getvalue()
