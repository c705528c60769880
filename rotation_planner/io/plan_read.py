"""Reads a plan back from a workbook: ours, or one a bureau typed by hand.

Only three things are read from the Assignments sheet (交流名单): who (teacher_id / 工号),
where (to_school_id / 调入学校编号, or the school's name in to_school / 调入学校) and in
which subject (subject / 学科). Every other column is ignored, so the reasons, points and
names in our own workbook never influence a re-check. Headers match in either language,
ignoring spaces, full-width forms, case and a unit in brackets; a title row above the
headers is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl.utils import get_column_letter

from rotation_planner.domain import Assignment, Instance, Plan
from rotation_planner.io import cells
from rotation_planner.io.errors import Issue, RosterError, quote
from rotation_planner.io.headers import HEADER_SCAN_ROWS, is_chinese, normalize_header
from rotation_planner.io.workbook import Sheets, open_workbook
from rotation_planner.report import labels

REQUIRED = ("teacher_id", "subject")
SCHOOL_KEYS = ("to_school_id", "to_school")
COLUMN_NAMES: dict[str, tuple[str, str]] = {
    "teacher_id": ("teacher_id", "工号"),
    "to_school_id": ("to_school_id", "调入学校编号"),
    "to_school": ("to_school", "调入学校"),
    "subject": ("subject", "学科"),
}

_ALIASES: dict[str, str] = {
    normalize_header(alias): key
    for key, aliases in labels.READ_ALIASES.items()
    for alias in aliases
}
_SHEET_NAMES = frozenset(normalize_header(n) for n in labels.SHEET_ALIASES)

Rows = Sequence[Sequence[object]]
# A sheet's name, the 1-based row of its header and the 1-based columns of each field.
_Found = tuple[str, Rows, int, dict[str, list[int]]]


def read_plan(path: Path, instance: Instance | None = None) -> Plan:
    """The plan in the workbook's Assignments sheet (交流名单).

    With ``instance``, teacher ids and schools are checked against the roster and a
    school may be given by its name. Without it, schools must be given by id (the
    ``to_school`` column is then read as ids). Every problem is reported at once as a
    RosterError of Issues citing sheet, row and column.
    """
    _, sheets = open_workbook(Path(path))
    found = _find_sheet(sheets)
    if found is None:
        lang = "zh" if any(is_chinese(title) for title, _ in sheets) else "en"
        issue = Issue.of("missing_sheet", sheet_en="Assignments", sheet_zh="交流名单")
        raise RosterError([issue], lang)
    return _read_rows(*found, instance)


def _header_columns(values: Sequence[object]) -> dict[str, list[int]]:
    """Column numbers (1-based) of each recognised header in a row."""
    found: dict[str, list[int]] = {}
    for index, value in enumerate(values):
        key = _ALIASES.get(normalize_header(value))
        if key is not None:
            found.setdefault(key, []).append(index + 1)
    return found


def _find_header(rows: Rows) -> tuple[int, dict[str, list[int]]] | None:
    for index, values in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns = _header_columns(values)
        if "teacher_id" in columns:
            return index + 1, columns
    return None


def _find_sheet(sheets: Sheets) -> _Found | None:
    """The sheet named Assignments (or an alias); failing that, the first sheet whose
    header row names a teacher, a school and a subject (a hand-made plan)."""
    named = [(title, rows) for title, rows in sheets if normalize_header(title) in _SHEET_NAMES]
    for title, rows in named:
        header = _find_header(rows)
        if header is None:
            return title, rows, 1, _header_columns(rows[0] if rows else ())
        return title, rows, *header
    for title, rows in sheets:
        header = _find_header(rows)
        if header and "subject" in header[1] and any(k in header[1] for k in SCHOOL_KEYS):
            return title, rows, *header
    return None


def _read_rows(
    sheet: str,
    rows: Rows,
    header_row: int,
    columns: dict[str, list[int]],
    instance: Instance | None,
) -> Plan:
    header_values = rows[header_row - 1] if header_row <= len(rows) else ()
    header_cells = {i + 1: v for i, v in enumerate(header_values) if v is not None}
    lang = "zh" if any(is_chinese(str(v)) for v in header_cells.values() if v) else "en"
    issues: list[Issue] = []

    def name(key: str) -> dict[str, str]:
        en, zh = COLUMN_NAMES[key]
        return {"column_en": en, "column_zh": zh}

    for cols in columns.values():
        if len(cols) > 1:
            issues.append(
                Issue.of(
                    "duplicate_column",
                    sheet,
                    header_row,
                    get_column_letter(cols[1]),
                    str(header_cells.get(cols[1], "")),
                    name=get_column_letter(cols[1]),
                    other=get_column_letter(cols[0]),
                )
            )
    for key in REQUIRED:
        if key not in columns:
            issues.append(Issue.of("missing_column", sheet, header_row, **name(key)))
    if not any(k in columns for k in SCHOOL_KEYS):
        issues.append(Issue.of("missing_column", sheet, header_row, **name("to_school_id")))
    if issues:
        raise RosterError(issues, lang)

    col = {key: cols[0] for key, cols in columns.items()}
    schools = _SchoolLookup(instance)
    seen: dict[str, int] = {}
    assignments: list[Assignment] = []
    for row, values in enumerate(rows[header_row:], start=header_row + 1):
        if all(cells.text(v) == "" for v in values):
            continue

        def cell(key: str, values: Sequence[object] = values) -> str:
            index = col[key] - 1 if key in col else len(values)
            return cells.text(values[index]) if index < len(values) else ""

        def at(key: str, row: int = row) -> dict[str, object]:
            c = col[key]
            return {
                "sheet": sheet,
                "row": row,
                "column": get_column_letter(c),
                "header": str(header_cells.get(c, "")),
            }

        problems_before = len(issues)
        teacher_id = cell("teacher_id")
        if not teacher_id:
            issues.append(_missing("teacher_id", at("teacher_id")))
        elif teacher_id in seen:
            issues.append(
                Issue.of("duplicate_teacher_id", **at("teacher_id"), other=seen[teacher_id])
            )
        elif instance is not None and teacher_id not in instance.teacher_by_id:
            issues.append(_unknown_teacher(teacher_id, at("teacher_id")))
        if teacher_id and teacher_id not in seen:
            seen[teacher_id] = row

        school_id = schools.resolve(
            cell("to_school_id"),
            cell("to_school"),
            at("to_school_id" if "to_school_id" in col else "to_school"),
            at("to_school") if "to_school" in col else None,
            issues,
        )
        subject = cell("subject")
        if not subject:
            issues.append(_missing("subject", at("subject")))
        if len(issues) == problems_before and school_id:
            assignments.append(Assignment(teacher_id, school_id, subject))
    if issues:
        raise RosterError(issues, lang)
    return Plan.of(assignments)


def _missing(key: str, where: dict[str, object]) -> Issue:
    en, zh = COLUMN_NAMES[key]
    return Issue.of("missing_value", **where, what_en=en, what_zh=zh)  # type: ignore[arg-type]


def _unknown_teacher(teacher_id: str, where: dict[str, object]) -> Issue:
    value = quote(teacher_id)
    return Issue(
        message_en=f"teacher_id {value} is not in the roster's Teachers sheet",
        message_zh=f"工号 {value} 不在花名册的教师表中",
        kind="unknown_teacher",
        **where,  # type: ignore[arg-type]
    )


class _SchoolLookup:
    """Resolves the receiving school from its id or its name (names need the roster)."""

    def __init__(self, instance: Instance | None) -> None:
        self.instance = instance
        self.by_name: dict[str, str] = {}
        if instance is not None:
            for s in instance.schools:
                self.by_name.setdefault(cells.key(s.name), s.school_id)

    def _lookup(self, text: str) -> str | None:
        assert self.instance is not None
        if text in self.instance.school_by_id:
            return text
        return self.by_name.get(cells.key(text))

    def resolve(
        self,
        id_text: str,
        name_text: str,
        id_where: dict[str, object],
        name_where: dict[str, object] | None,
        issues: list[Issue],
    ) -> str | None:
        if not id_text and not name_text:
            en, zh = COLUMN_NAMES["to_school_id"]
            issues.append(Issue.of("missing_value", **id_where, what_en=en, what_zh=zh))  # type: ignore[arg-type]
            return None
        if self.instance is None:
            # Without the roster names cannot be resolved: the id column decides.
            return id_text or name_text
        by_id = self._lookup(id_text) if id_text else None
        by_name = self._lookup(name_text) if name_text else None
        if id_text and by_id is None:
            issues.append(Issue.of("unknown_school", **id_where, value=quote(id_text)))  # type: ignore[arg-type]
            return None
        if name_text and by_name is None:
            if by_id is not None:
                # Our own workbook's to_school holds names: the id column decides.
                return by_id
            where = name_where or id_where
            issues.append(Issue.of("unknown_school", **where, value=quote(name_text)))  # type: ignore[arg-type]
            return None
        if by_id is not None and by_name is not None and by_id != by_name:
            issues.append(
                Issue.of(
                    "school_mismatch",
                    **id_where,  # type: ignore[arg-type]
                    value=quote(id_text),
                    other=quote(name_text),
                )
            )
            return None
        return by_id or by_name


def read_plan_year(path: Path) -> int | None:
    """The plan year recorded in a plan workbook's Run sheet (the year priority points
    were counted from), or a four-digit year in the file name (``plan-2025.xlsx``)."""
    try:
        _, sheets = open_workbook(Path(path))
    except RosterError:
        return None
    labels_seen = {cells.key(text) for text in labels.WORDS["points_year"]}
    for _, rows in sheets:
        for row in rows:
            values = [c for c in row if c is not None]
            for i, value in enumerate(values[:-1]):
                if isinstance(value, str) and cells.key(value) in labels_seen:
                    year = values[i + 1]
                    if isinstance(year, int) and 2000 <= year <= 2100:
                        return year
    match = re.search(r"(20\d\d)", Path(path).stem)
    return int(match.group(1)) if match else None
