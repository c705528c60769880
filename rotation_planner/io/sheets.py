"""Finding the roster's sheets and their header rows, and tying every issue to its cell.

A sheet is found by its name in either language (``headers.SHEETS``) or, when a bureau
left it as Sheet1, by its headers. Its header row is the one among the first rows that
names the most known columns; a title row above it is skipped. The input's language is
the one most sheet names and headers are written in.

``Collector`` gathers every issue of one reading with its sheet, row and column, and
orders them as the workbook does (sheets in the order of ``headers.SHEETS``, then rows,
then columns), so a bureau fixes them top to bottom.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from rotation_planner.io import cells
from rotation_planner.io.errors import Issue, quote
from rotation_planner.io.headers import (
    HEADER_SCAN_ROWS,
    IGNORED_HEADERS,
    SCHOOLS,
    SHEETS,
    TEACHERS,
    Column,
    SheetSpec,
    is_chinese,
    normalize_header,
)
from rotation_planner.io.workbook import Sheets


@dataclass
class Table:
    """A sheet with its header located: which column holds which field, and the data rows."""

    spec: SheetSpec
    title: str
    header_row: int = 0
    cols: dict[str, tuple[int, str]] = field(default_factory=dict)
    extra: list[tuple[int, str]] = field(default_factory=list)
    rows: list[tuple[int, Sequence[object]]] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return key in self.cols

    def get(self, values: Sequence[object], key: str) -> object:
        if key not in self.cols:
            return None
        index = self.cols[key][0]
        return values[index] if index < len(values) else None


class Collector:
    """Every issue of one reading of one workbook, each at its cell; decides nothing."""

    def __init__(self) -> None:
        self.issues: list[tuple[tuple[int, int, int, int], Issue]] = []
        # Warnings (``note``): one per kind, sheet, column and word, with its rows.
        self._notes: dict[tuple[str, str, str | None, str], _Note] = {}
        self.votes: Counter[str] = Counter()
        self.lang = "zh"
        self.rank: dict[str | None, int] = {None: -1}

    def __len__(self) -> int:
        return len(self.issues)

    def ordered(self) -> list[Issue]:
        """The issues as the workbook reads: by sheet, row, column, then as found."""
        return [issue for _, issue in sorted(self.issues, key=lambda pair: pair[0])]

    def add(
        self,
        kind: str,
        table: Table | str | None = None,
        row: int | None = None,
        key: str | None = None,
        **params: object,
    ) -> None:
        """An issue at the cell of field ``key`` in ``row`` (or at the sheet, or the row).
        On a teacher's row the message never shows what a cell holds (``Issue.of``'s
        ``personal``)."""
        sheet = table.title if isinstance(table, Table) else table
        personal = isinstance(table, Table) and table.spec.personal_rows
        column = header = None
        col_index = 0
        if isinstance(table, Table) and key is not None:
            col = table.spec.column(key)
            params.setdefault("what_en", col.en[0])
            params.setdefault("what_zh", col.zh[0])
            if key in table.cols:
                col_index = table.cols[key][0] + 1
                column = get_column_letter(col_index)
                header = table.cols[key][1]
        issue = Issue.of(kind, sheet, row, column, header, personal=personal, **params)
        order = (self.rank.get(sheet, len(self.rank)), row or 0, col_index, len(self.issues))
        self.issues.append((order, issue))

    def note(
        self, kind: str, table: Table, row: int, key: str | None = None, **params: object
    ) -> None:
        """A warning at the cell of field ``key`` in ``row``: not a problem, the roster is
        read. Warnings of one kind about one word in one column are one warning that
        lists its rows. ``params`` must hold no personal value: vocabulary words only."""
        group = (kind, table.title, key, repr(sorted(params.items())))
        found = self._notes.get(group)
        if found is None:
            self._notes[group] = found = _Note(kind, table, key, params)
        found.rows.append(row)

    def notes(self) -> list[Issue]:
        """The warnings, in the workbook's order: by sheet, first row, column."""
        made = []
        for n in self._notes.values():
            column = header = None
            col_index = 0
            if n.key is not None and n.key in n.table.cols:
                col_index = n.table.cols[n.key][0] + 1
                column, header = get_column_letter(col_index), n.table.cols[n.key][1]
            shown = ", ".join(map(str, n.rows[:_ROWS_SHOWN]))
            more = f" and {extra} more" if (extra := len(n.rows) - _ROWS_SHOWN) > 0 else ""
            issue = Issue.of(
                n.kind, n.table.title, n.rows[0], column, header, **n.params,
                rows_en=f"; {len(n.rows)} rows: {shown}{more}" if n.rows[1:] else "",
                rows_zh=f"; 共 {len(n.rows)} 行: 第 {shown} 行{' 等' if more else ''}"
                if n.rows[1:] else "",
            )  # fmt: skip
            order = (self.rank.get(n.table.title, 9), n.rows[0], col_index)
            made.append((order, issue))
        return [issue for _, issue in sorted(made, key=lambda pair: pair[0])]

    def add_at(
        self, kind: str, table: Table, row: int, col_index: int, header: str, **params: object
    ) -> None:
        """An issue at a column that is not one of the sheet's known fields."""
        column = get_column_letter(col_index + 1)
        issue = Issue.of(kind, table.title, row, column, header, **params)
        order = (self.rank.get(table.title, 9), row, col_index + 1, len(self.issues))
        self.issues.append((order, issue))

    def missing_sheet(self, kind: str, spec: SheetSpec) -> None:
        """A required sheet that is not there, cited by its name in the input's language."""
        title = spec.title(self.lang)
        self.rank[title] = SHEETS.index(spec)
        self.add(kind, title, sheet_en=spec.en[0], sheet_zh=spec.zh[0])

    def missing_column(self, table: Table, column: Column) -> None:
        issue = Issue.of(
            "missing_column",
            table.title,
            None,
            None,
            column.label(self.lang),
            column_en=column.en[0],
            column_zh=column.zh[0],
        )
        self.issues.append(((self.rank.get(table.title, 9), 0, 0, len(self.issues)), issue))

    def require(self, table: Table, columns: Iterable[Column]) -> bool:
        """Report missing required columns; True when all are present."""
        ok = True
        for column in columns:
            if column.key not in table.cols:
                ok = False
                self.missing_column(table, column)
        return ok

    def cell(
        self,
        table: Table,
        row: int,
        values: Sequence[object],
        key: str,
        parse: Callable[[object], Any],
        *,
        required: bool = False,
    ) -> Any:
        """The parsed value of a cell; None when blank or bad (bad ones become issues)."""
        value = table.get(values, key)
        if cells.is_blank(value):
            if required and table.has(key):
                self.add("missing_value", table, row, key)
            return None
        try:
            return parse(value)
        except cells.BadCell as bad:
            more: Iterable[str] = bad.params.pop("more", ())  # type: ignore[assignment]
            self.add(bad.kind, table, row, key, **bad.params)
            for kind in more:
                self.add(kind, table, row, key)
            return None


_ROWS_SHOWN = 8
_SCHOOL = frozenset({"school_id", "school_name"})


@dataclass
class _Note:
    kind: str
    table: Table
    key: str | None
    params: dict[str, object]
    rows: list[int] = field(default_factory=list)


def locate(sheets: Sheets, issues: Collector) -> dict[str, Table]:
    """Find each sheet by name (or, failing that, by its headers) and its header row;
    sets ``issues.lang`` to the language most names and headers are written in."""
    found: dict[str, tuple[str, list[Sequence[object]]]] = {}
    unnamed: Sheets = []
    for title, rows in sheets:
        spec = next((s for s in SHEETS if s.matches_name(title)), None)
        if spec is None:
            unnamed.append((title, rows))
            continue
        if spec.key in found:
            issues.rank.setdefault(title, SHEETS.index(spec))
            issues.add(
                "duplicate_sheet",
                title,
                first=found[spec.key][0],
                second=title,
                sheet_en=spec.en[0],
                sheet_zh=spec.zh[0],
            )
            continue
        found[spec.key] = (title, rows)
        issues.votes["zh" if is_chinese(title) else "en"] += 1
    # Bureaus often leave a sheet named Sheet1: take it if its headers say what it is.
    for spec in SHEETS:
        if spec.key in found:
            continue
        for title, rows in unnamed:
            index, _ = _best_header(spec, rows)
            header = rows[index] if rows else ()
            keys = {m[0].key for cell in header if (m := spec.match(cell))}
            if all(c.key in keys for c in spec.columns if c.required):
                found[spec.key] = (title, rows)
                unnamed.remove((title, rows))
                break
    tables: dict[str, Table] = {}
    for spec in SHEETS:
        if spec.key in found:
            title, rows = found[spec.key]
            issues.rank[title] = SHEETS.index(spec)
            tables[spec.key] = _header(spec, title, rows, issues)
    issues.lang = "en" if issues.votes["en"] > issues.votes["zh"] else "zh"
    return tables


def _best_header(spec: SheetSpec, rows: list[Sequence[object]]) -> tuple[int, int]:
    """(0-based row index, number of known columns) of the likeliest header row."""
    best, best_score = 0, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = len({m[0].key for cell in row if (m := spec.match(cell))})
        if score > best_score:
            best, best_score = i, score
    return best, best_score


def _header(spec: SheetSpec, title: str, rows: list[Sequence[object]], issues: Collector) -> Table:
    table = Table(spec, title)
    index, score = _best_header(spec, rows)
    if score == 0:
        issues.add("no_header", title, rows=HEADER_SCAN_ROWS)
        return table
    table.header_row = index + 1
    for col_index, cell in enumerate(rows[index]):
        match = spec.match(cell)
        header = cells.text(cell)
        if match is None:
            if header and normalize_header(header) not in IGNORED_HEADERS:
                table.extra.append((col_index, header))
            continue
        column, lang = match
        issues.votes[lang] += 1
        if column.key in table.cols:
            first = get_column_letter(table.cols[column.key][0] + 1)
            issues.add_at(
                "duplicate_column",
                table,
                table.header_row,
                col_index,
                header,
                name=quote(header),
                other=first,
            )
            continue
        table.cols[column.key] = (col_index, header)
    # A row of a school's template copy holds its school and nothing else: it is blank.
    used = [i for k, (i, _) in table.cols.items() if not (spec is TEACHERS and k in _SCHOOL)]
    if spec is SCHOOLS:  # extra Schools columns may be vacancies per subject
        used += [i for i, _ in table.extra]
    for row_index in range(index + 1, len(rows)):
        values = rows[row_index]
        if all(cells.is_blank(values[i]) for i in used if i < len(values)):
            continue
        if cells.is_total_row(values):  # 合计 at the bottom: a sum, not a row of data
            issues.note("total_row", table, row_index + 1)
            continue
        table.rows.append((row_index + 1, values))
    return table
