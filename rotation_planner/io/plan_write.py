"""Writes the output workbook: Summary, Assignments, Public list, School notices, Schools,
Not selected, Constraint report, Run.

The rows come from report/ (tables.py, summary_sheet.py, notices.py); this module only
turns them into styled cells and sets how each sheet prints. Text is always written as
text: a teacher called ``=HYPERLINK(...)`` stays a name and never becomes a formula. The
file is written to a temporary file in the same folder and moved into place, so a crash
never leaves half a workbook, and never over an input.

Every sheet prints on A4 as people expect: landscape when it is wider than a portrait
page, scaled to the page width, the header row repeated on every page, the plan's title
and the sheet's name in the page header, page numbers and the input's hash in the
footer, long text wrapped, numbers centred clear of the next column's text. The summary
prints on one page; the public list 30 teachers to a landscape page; each school's
notice on its own page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import re
import unicodedata
from collections.abc import Iterable
from copy import copy
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from rotation_planner.check import CheckResult
from rotation_planner.domain import Instance, Plan, RunInfo
from rotation_planner.io.atomic import save_atomically
from rotation_planner.policy import Policy
from rotation_planner.report import labels
from rotation_planner.report.explain import PlanFacts
from rotation_planner.report.heading import PlanHeading, county_from_file, county_from_title
from rotation_planner.report.notices import (
    OUTGOING_COLUMNS,
    SchoolNotices,
    public_list,
    school_notices,
)
from rotation_planner.report.summary_sheet import LineKind, SummarySheet, build_summary
from rotation_planner.report.tables import Table, tables_for

# Excel would run these as formulas (or DDE) when a cell's text starts with them.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

HEADER_FILL = PatternFill("solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
HEADER_FONT = Font(name="Calibri", bold=True)
HEADER_BORDER = Border(bottom=Side(style="thin"))
FILLS: dict[str, PatternFill] = {
    "bad": PatternFill("solid", start_color="FFFFC7CE", end_color="FFFFC7CE"),
    "good": PatternFill("solid", start_color="FFE2EFDA", end_color="FFE2EFDA"),
    "warn": PatternFill("solid", start_color="FFFFF2CC", end_color="FFFFF2CC"),
}
MIN_WIDTH, MAX_WIDTH = 6, 80
# The workbook's own dates are fixed so that the same plan gives the same file parts.
FIXED_DATE = dt.datetime(2000, 1, 1)

# Printing. Column widths are in Excel's units (one digit of the default font). On A4
# with the margins below, a portrait page holds about 100 units at 100%, a landscape one
# about 145: a sheet wider than PORTRAIT_UNITS prints landscape, and every sheet is
# scaled down to the page width when wider still.
PORTRAIT_UNITS = 100
LANDSCAPE_UNITS = 140
# A text column wider than this wraps at this width (reasons, notes, offending rows);
# a header wider than this and than its column's text goes on two lines.
WRAP_WIDTH = 40
HEADER_WRAP_WIDTH = 18
# Widths of characters in Excel's units (one digit of Calibri 11, 7 pixels): a CJK
# character at 11 points is about 2.05, Latin letters and punctuation as in Calibri.
CJK_WIDTH = 2.05
_NARROW = frozenset(" .,:;'|!-()[]ijlftr")
_WIDE = frozenset("mwMW@%")
MARGINS = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.75, header=0.3, footer=0.3)
# The public list's title row repeats on every page in place of a page header: the
# page holds its title, its headers and PUBLIC_ROWS_PER_PAGE rows of PUBLIC_ROW_HEIGHT.
PUBLIC_MARGINS = PageMargins(left=0.5, right=0.5, top=0.55, bottom=0.6, header=0.25, footer=0.3)
THIN = Side(style="thin")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOP = Alignment(vertical="top")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top")
GRID_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
# The public list: rows 1-2 (title, headers) repeat on every page, 30 teachers a page.
PUBLIC_ROWS_PER_PAGE = 30
PUBLIC_ROW_HEIGHT = 15.0
# Summary columns: label, value (merged with the next two for text), count, reason.
SUMMARY_WIDTHS = (29.0, 20.0, 8.0, 43.0)
# The height of a line of 11-point text: CJK fonts set lines further apart than Calibri.
LINE_HEIGHT = 16.0
LATIN_LINE_HEIGHT = 14.0


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
    heading: PlanHeading | None = None,
) -> None:
    """Write the plan workbook at ``path`` in ``lang`` (zh or en).

    Sheets, in order: Summary, Assignments, Public list, School notices, Schools, Not
    selected, Constraint report, Run. ``plan=None`` (no feasible plan) writes Summary,
    Schools, Constraint report and Run only. ``extra_tables`` are written after those,
    as they are (e.g. re-planning's Changes). ``heading`` names the county and year on
    the printed pages; by default the county comes from the roster's title row (the
    first of ``inputs``), else from its file name. ``inputs`` are the files the plan
    was read from; ``path`` may be none of them (ValueError), nor the file named by
    ``run.input_name`` when that file exists, nor a file whose SHA-256 is
    ``run.input_sha256`` (the roster itself, wherever it is).
    """
    path = Path(path)
    sources = [Path(p) for p in inputs]
    if run.input_name and Path(run.input_name).exists():
        sources.append(Path(run.input_name))
    _refuse_inputs(path, sources)
    if run.input_sha256 and path.is_file() and _sha256(path) == run.input_sha256.lower():
        raise ValueError("the output path holds the input roster; choose another output path")
    labels.check_lang(lang)
    facts = PlanFacts(instance, policy, plan, run.seed)
    if heading is None:
        heading = PlanHeading(county=roster_county(sources, run.input_name), year=facts.year)
    tables = tables_for(facts, check, run, lang)
    title = heading.text("plan_title", lang)
    footer = (
        labels.word("footer_input", lang, digest=run.input_sha256[:16]) if run.input_sha256 else ""
    )
    wb = Workbook()
    wb.remove(wb.active)
    summary = build_summary(facts, check, run, heading, lang)
    write_summary(wb.create_sheet(summary.name), summary, lang, footer)
    for table in (*tables, *extra_tables):
        ws = wb.create_sheet(table.name)
        write_table(ws, table, printable=True)
        print_setup(ws, title, lang, footer=footer)
        if table.key == "assignments":
            public = public_list(facts, heading, lang)
            write_public_list(wb.create_sheet(public.name), public, heading, lang)
            notices = school_notices(facts, heading, lang)
            write_notices(wb.create_sheet(notices.name), notices, lang)
    wb.properties.creator = "rotation_planner"
    wb.properties.created = FIXED_DATE
    save_atomically(path, wb.save)


def roster_county(sources: Iterable[Path], input_name: str = "") -> str:
    """The county on the roster: its title row (``青岚县2026年…花名册``) in the first
    source that has one, else the county the roster's file name names (the first
    source's, else ``input_name``), else that name."""
    sources = list(sources)
    for source in sources:
        title = _title_row(source)
        county = county_from_title(title) if title else None
        if county:
            return county
    name = sources[0].name if sources else input_name
    return county_from_file(name) if name else "?"


def _title_row(path: Path) -> str | None:
    """The single text above a sheet's header row, if the workbook has one (the roster
    was read already: a file that cannot be opened now simply has no title)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        return None
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # any unreadable file: no title, not an error
        return None
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(min_row=1, max_row=3, values_only=True):
                values = [v for v in row if v not in (None, "")]
                if len(values) == 1 and isinstance(values[0], str) and len(values[0]) <= 80:
                    return values[0]
                if values:
                    break
    finally:
        wb.close()
    return None


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


def write_table(ws: Worksheet, table: Table, *, printable: bool = False) -> None:
    """Header row, data rows, frozen header, autofilter, widths, row fills.

    ``printable``: long text wraps at WRAP_WIDTH instead of widening its column, long
    headers wrap, and numbers are centred so they do not touch the next column's text.
    """
    for col, text in enumerate(table.headers, start=1):
        cell = ws.cell(row=1, column=col)
        set_value(cell, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = (
            Alignment(vertical="center", wrap_text=True)
            if printable
            else Alignment(vertical="center")
        )
    formats = {
        i: table.number_formats[key]
        for i, key in enumerate(table.columns, start=1)
        if key in table.number_formats
    }
    widths = _column_widths(table, printable)
    wrapped = {c for c, (width, wrap) in enumerate(widths, start=1) if wrap}
    tall = _row_heights(ws, table, widths) if printable else set()
    # A cell's look is set once per kind of cell and copied to the rest: openpyxl looks
    # every style up in the workbook's tables on each assignment, which on a county's
    # plan cost more than writing the file.
    looks: dict[tuple[object, ...], StyleArray] = {}
    for r, (row, style) in enumerate(zip(table.rows, table.styles, strict=True), start=2):
        fill = FILLS.get(style) if style else None
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            set_value(cell, value)
            number = isinstance(value, int | float) and not isinstance(value, bool)
            number_format = formats[c] if c in formats and number else None
            alignment = None
            if printable and (number or c in wrapped or r in tall):
                alignment = CENTRE if number else WRAP if c in wrapped else TOP
            if number_format is None and alignment is None and fill is None:
                continue
            # What set_value gave the cell (a text that looks like a formula is quoted)
            # is part of its look.
            given = tuple(cell._style) if cell._style is not None else ()
            look = (given, number_format, id(alignment), style if fill else None)
            if look in looks:
                cell._style = copy(looks[look])
                continue
            if number_format is not None:
                cell.number_format = number_format
            if alignment is not None:
                cell.alignment = alignment
            if fill is not None:
                cell.fill = fill
            looks[look] = copy(cell._style)
    ws.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
    for c, (width, _) in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width


def _column_widths(table: Table, printable: bool) -> list[tuple[float, bool]]:
    """Each column's width and whether its text wraps. The header cell carries the
    filter button: leave room for it."""
    out: list[tuple[float, bool]] = []
    for c, header in enumerate(table.headers):
        texts = [_shown(row[c]) for row in table.rows]
        if not printable:
            width = max([display_width(header) + 4] + [display_width(t) + 2 for t in texts])
            out.append((min(MAX_WIDTH, max(MIN_WIDTH, width)), False))
            continue
        data = max((text_width(t) for t in texts), default=0.0) + 2
        wrap = data > WRAP_WIDTH
        width = min(data, WRAP_WIDTH)
        # The header cell carries the filter button. A long header goes on two lines
        # rather than widen its column, but never breaks inside a word.
        header_width = text_width(header) + 3
        if header_width > max(width, HEADER_WRAP_WIDTH):
            words = max((text_width(w) for w in _WORD.findall(header)), default=0.0)
            header_width = max(math.ceil(text_width(header) / 2) + 3, words + 3)
        width = max(width, header_width)
        out.append((round(max(MIN_WIDTH, width), 1), wrap))
    return out


def _row_heights(ws: Worksheet, table: Table, widths: list[tuple[float, bool]]) -> set[int]:
    """Rows whose wrapped text needs several lines get the height for them; the header
    row too, its text beside the filter button. Returns the data rows made taller (their
    other cells align to the top, with the first line)."""
    heights = [text_height(h, w - 2) for h, (w, _) in zip(table.headers, widths, strict=True)]
    if any(_lines_needed(h, w - 2) > 1 for h, (w, _) in zip(table.headers, widths, strict=True)):
        ws.row_dimensions[1].height = max(heights)
    wrapped = [c for c, (_, wrap) in enumerate(widths) if wrap]
    tall: set[int] = set()
    for r, row in enumerate(table.rows, start=2):
        texts = [(_shown(row[c]), widths[c][0]) for c in wrapped]
        if any(_lines_needed(text, width) > 1 for text, width in texts):
            ws.row_dimensions[r].height = max(text_height(text, width) for text, width in texts)
            tall.add(r)
    return tall


# Runs of text a line never breaks inside (a Latin word); CJK breaks anywhere.
_WORD = re.compile(r"[^\s\u2e80-\u9fff\uff00-\uffef]+")


def text_width(text: str) -> float:
    """Excel width units the text needs in the default font: CJK_WIDTH per CJK
    character; Latin letters and punctuation about as wide as in Calibri."""
    return sum(_char_width(ch) for ch in text)


def _char_width(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return CJK_WIDTH
    if ch in _NARROW:
        return 0.55
    if ch in _WIDE:
        return 1.5
    if ch.isupper():
        return 1.15
    return 0.9 if ch.islower() else 1.0


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


# --- printing -------------------------------------------------------------------------


def _header_text(text: str, limit: int = 120) -> str:
    """Text for a page header or footer: ``&`` starts a code there, so it is doubled."""
    return text[:limit].replace("&", "&&")


def print_setup(
    ws: Worksheet,
    title: str,
    lang: str,
    *,
    footer: str = "",
    title_rows: str | None = "1:1",
    one_page: bool = False,
    landscape: bool | None = None,
    centred: bool = False,
    margins: PageMargins = MARGINS,
    sheet_name: bool = True,
) -> None:
    """A4, scaled to the page width (and height: ``one_page``), landscape when the
    columns are wider than a portrait page (unless ``landscape`` says), ``title_rows``
    repeated on every page, the title and the sheet's name in the page header, page
    numbers and ``footer`` in the page footer (``sheet_name``: the sheet's name at the
    header's right)."""
    if landscape is None:
        total = sum(
            ws.column_dimensions[get_column_letter(c)].width or 8.43
            for c in range(1, ws.max_column + 1)
        )
        landscape = total > PORTRAIT_UNITS
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.page_margins = margins
    ws.print_options.horizontalCentered = centred
    if title_rows:
        ws.print_title_rows = title_rows
    if title:
        ws.oddHeader.center.text = _header_text(title)
        ws.oddHeader.center.size = 10
    if sheet_name:
        ws.oddHeader.right.text = "&A"
        ws.oddHeader.right.size = 9
    ws.oddFooter.center.text = labels.word("page_of", lang)
    ws.oddFooter.center.size = 9
    if footer:
        ws.oddFooter.left.text = _header_text(footer)
        ws.oddFooter.left.size = 8


def _lines_needed(text: str, width: float) -> int:
    """Lines a wrapped text takes in a cell ``width`` units wide, breaking as Excel
    does: between CJK characters, and at spaces between Latin words. Neither Excel nor
    LibreOffice sizes the rows of a generated file, so the writer has to."""
    usable = max(1.0, width - 0.8)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for token in _TOKEN.findall(paragraph):
            size = text_width(token)
            if used + size > usable and used > 0:
                lines += 1
                used = 0.0
                token = token.lstrip()
                size = text_width(token)
            while size > usable:  # a word longer than the line is broken anyway
                lines += 1
                size -= usable
            used += size
    return max(1, lines)


# What a line breaks between: one CJK character, or a Latin word with its spaces.
_TOKEN = re.compile(
    r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]|\s*[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+|\s+"
)


def text_height(text: str, width: float) -> float:
    """Points a wrapped text needs in a cell ``width`` units wide (with 2 to spare)."""
    cjk = any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)
    return (LINE_HEIGHT if cjk else LATIN_LINE_HEIGHT) * _lines_needed(text, width) + 2


def _grid_row(ws: Worksheet, row: int, values: Iterable[object], *, header: bool = False) -> None:
    for c, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=c)
        set_value(cell, value)
        cell.border = GRID
        cell.alignment = GRID_ALIGNMENT
        if header:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL


def _fit_columns(ws: Worksheet, rows: Iterable[Iterable[object]], minimum: float = 6) -> None:
    widths: dict[int, float] = {}
    for row in rows:
        for c, value in enumerate(row, start=1):
            widths[c] = max(widths.get(c, minimum), text_width(_shown(value)) + 3)
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = round(min(width, WRAP_WIDTH), 1)


def _fill_page_width(ws: Worksheet, ncols: int, units: float) -> float:
    """Widen the first ``ncols`` columns in proportion until they fill ``units``: a
    document to post or send fills its page. Returns the total width."""
    letters = [get_column_letter(c) for c in range(1, ncols + 1)]
    width = sum(ws.column_dimensions[x].width for x in letters)
    if 0 < width < units:
        for x in letters:
            ws.column_dimensions[x].width = round(ws.column_dimensions[x].width * units / width, 1)
        width = sum(ws.column_dimensions[x].width for x in letters)
    return width


def write_public_list(ws: Worksheet, table: Table, heading: PlanHeading, lang: str) -> None:
    """The 公示名单: the title across the top, the headers under it, both repeated on
    every printed page, each teacher on a bordered row, PUBLIC_ROWS_PER_PAGE to a
    landscape page; under the list the lines a posted list ends with (the period of
    comment, where objections go, the issuing bureau), left blank to fill in."""
    ncols = len(table.columns)
    last = get_column_letter(ncols)
    title = ws.cell(row=1, column=1)
    set_value(title, heading.text("public_title", lang))
    title.font = Font(name="Calibri", bold=True, size=16)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30
    _grid_row(ws, 2, table.headers, header=True)
    ws.row_dimensions[2].height = 20
    for i, row in enumerate(table.rows):
        r = 3 + i
        _grid_row(ws, r, row)
        ws.row_dimensions[r].height = PUBLIC_ROW_HEIGHT
        if (i + 1) % PUBLIC_ROWS_PER_PAGE == 0 and i + 1 < len(table.rows):
            ws.row_breaks.append(Break(id=r))
    _fit_columns(ws, [table.headers, *table.rows], minimum=8)
    width = _fill_page_width(ws, ncols, LANDSCAPE_UNITS)
    end = 3 + len(table.rows)
    note = ws.cell(row=end + 1, column=1)
    set_value(note, labels.word("pub_note", lang))
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A{end + 1}:{last}{end + 1}")
    ws.row_dimensions[end + 1].height = text_height(note.value, width) + 2
    issuer = ws.cell(row=end + 2, column=1)
    set_value(issuer, labels.word("pub_issuer", lang, county=heading.county))
    issuer.alignment = Alignment(horizontal="right", vertical="top")
    ws.merge_cells(f"A{end + 2}:{last}{end + 2}")
    ws.freeze_panes = "A3"
    print_setup(
        ws,
        "",
        lang,
        title_rows="1:2",
        landscape=True,
        centred=True,
        margins=PUBLIC_MARGINS,
        sheet_name=False,
    )


def write_notices(ws: Worksheet, notices: SchoolNotices, lang: str) -> None:
    """The 学校通知: for each school its name, its posts, then the teachers it sends
    and receives under their own headers; a page break after each school, so each
    school's notice can be printed and sent on its own."""
    ncols = max(
        (len(b.headers) for n in notices.notices for b in n.blocks), default=len(OUTGOING_COLUMNS)
    )
    last = get_column_letter(ncols)
    everything: list[tuple[object, ...]] = []
    r = 1
    for k, notice in enumerate(notices.notices):
        head = ws.cell(row=r, column=1)
        set_value(head, notice.heading)
        head.font = Font(name="Calibri", bold=True, size=14)
        ws.merge_cells(f"A{r}:{last}{r}")
        ws.row_dimensions[r].height = 24
        r += 1
        if notice.posts_line:
            set_value(ws.cell(row=r, column=1), notice.posts_line)
            ws.merge_cells(f"A{r}:{last}{r}")
            r += 1
        for block in notice.blocks:
            r += 1
            caption = ws.cell(row=r, column=1)
            set_value(caption, block.caption)
            caption.font = HEADER_FONT
            ws.merge_cells(f"A{r}:{last}{r}")
            r += 1
            _grid_row(ws, r, block.headers, header=True)
            everything.append(block.headers)
            r += 1
            for row in block.rows:
                _grid_row(ws, r, row)
                everything.append(row)
                r += 1
        r += 1
        issuer = ws.cell(row=r, column=1)
        set_value(issuer, notices.issuer)
        issuer.alignment = Alignment(horizontal="right", vertical="bottom")
        ws.merge_cells(f"A{r}:{last}{r}")
        ws.row_dimensions[r].height = 36
        if k + 1 < len(notices.notices):
            ws.row_breaks.append(Break(id=r))
        r += 1
    _fit_columns(ws, everything, minimum=8)
    _fill_page_width(ws, ncols, PORTRAIT_UNITS - 5)
    print_setup(ws, notices.title, lang, title_rows=None, landscape=False, centred=True)


def write_summary(ws: Worksheet, summary: SummarySheet, lang: str, footer: str = "") -> None:
    """The summary on one portrait page: title, verdict, key figures, open posts,
    changed policy values, input and run, then the approval lines."""
    for c, width in enumerate(SUMMARY_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    total = sum(SUMMARY_WIDTHS)
    for r, line in enumerate(summary.lines, start=1):
        fill = FILLS.get(line.style) if line.style else None
        first = ws.cell(row=r, column=1)
        kind = line.kind
        if kind in (LineKind.TITLE, LineKind.SUBTITLE, LineKind.HEADING, LineKind.TEXT,
                    LineKind.SEAL):  # fmt: skip
            set_value(first, line.cells[0])
            ws.merge_cells(f"A{r}:D{r}")
            if kind is LineKind.TITLE:
                first.font = Font(name="Calibri", bold=True, size=16)
                first.alignment = Alignment(horizontal="center", vertical="center")
                ws.row_dimensions[r].height = 30
            elif kind is LineKind.SUBTITLE:
                first.alignment = Alignment(horizontal="center", vertical="top")
                ws.row_dimensions[r].height = 22
            elif kind is LineKind.HEADING:
                first.font = Font(name="Calibri", bold=True, size=12)
                first.alignment = Alignment(vertical="bottom")
                for c in range(1, 5):
                    ws.cell(row=r, column=c).border = Border(bottom=THIN)
                ws.row_dimensions[r].height = 24
            elif kind is LineKind.SEAL:
                first.alignment = Alignment(horizontal="right", vertical="center")
                ws.row_dimensions[r].height = 48
            else:
                first.alignment = WRAP
                text = str(line.cells[0])
                ws.row_dimensions[r].height = text_height(text, total) + 1
                if fill is not None:
                    first.fill = fill
        elif kind in (LineKind.PAIR, LineKind.SIGN):
            label, value = line.cells
            set_value(first, label)
            first.alignment = WRAP if kind is LineKind.PAIR else Alignment(vertical="bottom")
            cell = ws.cell(row=r, column=2)
            set_value(cell, value)
            ws.merge_cells(f"B{r}:D{r}")
            if kind is LineKind.SIGN:
                cell.alignment = Alignment(vertical="bottom")
                ws.row_dimensions[r].height = 36
            else:
                cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
                height = max(
                    text_height(_shown(value), total - SUMMARY_WIDTHS[0]),
                    text_height(_shown(label), SUMMARY_WIDTHS[0]),
                )
                ws.row_dimensions[r].height = height + 1
                if fill is not None:
                    cell.fill = fill
        else:  # a table row: four cells, the last one wraps
            for c, value in enumerate(line.cells, start=1):
                cell = ws.cell(row=r, column=c)
                set_value(cell, value)
                number = isinstance(value, int | float) and not isinstance(value, bool)
                cell.alignment = CENTRE if number else WRAP
                cell.border = GRID
                if kind is LineKind.TABLE_HEAD:
                    cell.font = HEADER_FONT
                    cell.fill = HEADER_FILL
                elif fill is not None:
                    cell.fill = fill
            ws.row_dimensions[r].height = 1 + max(
                text_height(_shown(v), SUMMARY_WIDTHS[c]) for c, v in enumerate(line.cells)
            )
    print_setup(
        ws, "", lang, footer=footer, title_rows=None, one_page=True, landscape=False, centred=True
    )
