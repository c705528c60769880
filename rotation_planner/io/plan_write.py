"""Writes the output workbook: Assignments, Schools, Not selected, Constraint report, Run.

The rows come from report/tables.py; this module only turns them into styled cells.
Text is always written as text: a teacher called ``=HYPERLINK(...)`` stays a name and
never becomes a formula. The file is written to a temporary file in the same folder and
moved into place, so a crash never leaves half a workbook, and never over an input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rotation_planner.check import CheckResult
from rotation_planner.domain import Instance, Plan, RunInfo
from rotation_planner.io.atomic import save_atomically
from rotation_planner.policy import Policy
from rotation_planner.report.tables import Table, build_tables

# Excel would run these as formulas (or DDE) when a cell's text starts with them.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

HEADER_FILL = PatternFill("solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
HEADER_FONT = Font(bold=True)
HEADER_BORDER = Border(bottom=Side(style="thin"))
FILLS: dict[str, PatternFill] = {
    "bad": PatternFill("solid", start_color="FFFFC7CE", end_color="FFFFC7CE"),
    "good": PatternFill("solid", start_color="FFE2EFDA", end_color="FFE2EFDA"),
    "warn": PatternFill("solid", start_color="FFFFF2CC", end_color="FFFFF2CC"),
}
MIN_WIDTH, MAX_WIDTH = 6, 80
# The workbook's own dates are fixed so that the same plan gives the same file parts.
FIXED_DATE = dt.datetime(2000, 1, 1)


def write_plan_workbook(
    path: Path,
    instance: Instance,
    policy: Policy,
    plan: Plan | None,
    check: CheckResult,
    run: RunInfo,
    lang: str,
    *,
    inputs: Iterable[Path] = (),
    extra_tables: Iterable[Table] = (),
) -> None:
    """Write the plan workbook at ``path`` in ``lang`` (zh or en).

    ``plan=None`` (no feasible plan) writes Schools, Constraint report and Run only.
    ``extra_tables`` are written after those, as they are (e.g. re-planning's Changes).
    ``inputs`` are the files the plan was read from; ``path`` may be none of them
    (ValueError), nor the file named by ``run.input_name`` when that file exists, nor
    a file whose SHA-256 is ``run.input_sha256`` (the roster itself, wherever it is).
    """
    path = Path(path)
    sources = [Path(p) for p in inputs]
    if run.input_name and Path(run.input_name).exists():
        sources.append(Path(run.input_name))
    _refuse_inputs(path, sources)
    if run.input_sha256 and path.is_file() and _sha256(path) == run.input_sha256.lower():
        raise ValueError("the output path holds the input roster; choose another output path")
    tables = build_tables(instance, policy, plan, check, run, lang)
    wb = Workbook()
    wb.remove(wb.active)
    for table in (*tables, *extra_tables):
        write_table(wb.create_sheet(table.name), table)
    wb.properties.creator = "rotation_planner"
    wb.properties.created = FIXED_DATE
    save_atomically(path, wb.save)


def _refuse_inputs(path: Path, inputs: Iterable[Path]) -> None:
    target = path.resolve()
    for source in inputs:
        source = Path(source)
        same = target == source.resolve()
        if not same and target.exists() and source.exists():
            same = os.path.samefile(target, source)
        if same:
            raise ValueError("the output path is an input file; choose another output path")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_table(ws: Worksheet, table: Table) -> None:
    """Header row, data rows, frozen header, autofilter, widths, row fills."""
    for col, text in enumerate(table.headers, start=1):
        cell = ws.cell(row=1, column=col)
        set_value(cell, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(vertical="center")
    formats = {
        i: table.number_formats[key]
        for i, key in enumerate(table.columns, start=1)
        if key in table.number_formats
    }
    for r, (row, style) in enumerate(zip(table.rows, table.styles, strict=True), start=2):
        fill = FILLS.get(style) if style else None
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            set_value(cell, value)
            if c in formats and isinstance(value, int | float):
                cell.number_format = formats[c]
            if fill is not None:
                cell.fill = fill
    ws.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
    for c in range(1, len(table.columns) + 1):
        texts = [table.headers[c - 1]] + [_shown(row[c - 1]) for row in table.rows]
        # Header cells carry the filter button: leave room for it.
        width = max([display_width(texts[0]) + 4] + [display_width(t) + 2 for t in texts[1:]])
        ws.column_dimensions[get_column_letter(c)].width = min(MAX_WIDTH, max(MIN_WIDTH, width))


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def display_width(text: str) -> int:
    """Columns the text takes on screen: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def set_value(cell: Cell, value: object) -> None:
    """Put ``value`` in the cell; text is always text, never a formula.

    openpyxl turns any string starting with ``=`` into a formula. Text that Excel could
    run (``= + - @``, tab, CR) is stored as a string with the quote-prefix style, which
    is what Excel itself does when one types ``'=...``. Characters XML cannot hold are
    dropped.
    """
    if value == "":
        cell.value = None
    elif isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    elif isinstance(value, float) and not math.isfinite(value):
        cell.value = None  # Excel has no NaN or infinity; such a file would not open
    elif isinstance(value, bool) or value is None or isinstance(value, int | float):
        cell.value = value
    else:
        set_value(cell, str(value))
