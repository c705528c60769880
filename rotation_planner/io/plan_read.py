"""Reads a plan back from a workbook: ours, or one a bureau typed by hand.

Only three things are read from the Assignments sheet (交流名单): who (teacher_id / 工号),
where (to_school_id / 调入学校编号, or the school's name in to_school / 调入学校) and in
which subject (subject / 学科). Every other column is ignored, so the reasons, points and
names in our own workbook never influence a re-check. Headers match in either language,
ignoring spaces, full-width forms, case and a unit in brackets; a title row above the
headers is skipped. Each row is a person: a problem names its cell, never its value.

An earlier plan used to re-plan (``read_previous``) or as history (``read_history``)
must belong to the roster: the roster it was made from (the SHA-256 in its Run sheet) is
this one, or its teachers are this roster's (by id and, where it names them, by name).
A history plan's year must be a plausible one, not after the roster's plan year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from rotation_planner.domain import Assignment, Instance, Plan
from rotation_planner.io import cells
from rotation_planner.io.errors import Issue, RosterError
from rotation_planner.io.headers import HEADER_SCAN_ROWS, is_chinese, normalize_header
from rotation_planner.io.read import Roster
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


def read_plan(path: Path, instance: Instance | None = None, lang: str | None = None) -> Plan:
    """The plan in the workbook's Assignments sheet (交流名单).

    With ``instance``, teacher ids and schools are checked against the roster and a
    school may be given by its name. Without it, schools must be given by id (the
    ``to_school`` column is then read as ids). Every problem is reported at once as a
    RosterError of Issues citing sheet, row and column, in ``lang`` (the roster's
    language; without one, the plan's own).
    """
    _, sheets = open_workbook(Path(path), lang)
    return _plan(sheets, instance, lang)


def _plan(sheets: Sheets, instance: Instance | None, lang: str | None) -> Plan:
    found = _find_sheet(sheets)
    if found is None:
        lang = lang or ("zh" if any(is_chinese(title) for title, _ in sheets) else "en")
        issue = Issue.of("missing_sheet", sheet_en="Assignments", sheet_zh="交流名单")
        raise RosterError([issue], lang)
    return _read_rows(*found, instance, lang)


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
    lang: str | None,
) -> Plan:
    header_values = rows[header_row - 1] if header_row <= len(rows) else ()
    header_cells = {i + 1: v for i, v in enumerate(header_values) if v is not None}
    if lang is None:
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
            issues.append(Issue.of("unknown_teacher", **at("teacher_id"), personal=True))  # type: ignore[arg-type]
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
            issues.append(Issue.of("unknown_school", **id_where, personal=True))  # type: ignore[arg-type]
            return None
        if name_text and by_name is None:
            if by_id is not None:
                # Our own workbook's to_school holds names: the id column decides.
                return by_id
            where = name_where or id_where
            issues.append(Issue.of("unknown_school", **where, personal=True))  # type: ignore[arg-type]
            return None
        if by_id is not None and by_name is not None and by_id != by_name:
            issues.append(Issue.of("school_mismatch", **id_where, personal=True))  # type: ignore[arg-type]
            return None
        return by_id or by_name


def read_plan_year(path: Path) -> int | None:
    """The plan year recorded in a plan workbook's Run sheet (the year priority points
    were counted from), or a four-digit year in the file name (``plan-2025.xlsx``)."""
    try:
        _, sheets = open_workbook(Path(path))
    except RosterError:
        return None
    return plan_record(sheets).year or _year_in_name(Path(path))


def read_plan_seed(path: Path) -> int:
    """The lottery seed recorded in a plan workbook's Run sheet (0 when it records
    none: a hand-made plan): the draws a teacher's reasons quote are for it."""
    try:
        _, sheets = open_workbook(Path(path))
    except RosterError:
        return 0
    seed = _recorded(sheets, "seed")
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else 0


def read_plan_run(path: Path) -> tuple[str, int, str]:
    """What a plan workbook's Run sheet records of its making: the roster's file name
    ("" when none), the lottery seed (0) and the solve status as its code (``OPTIMAL``;
    ``CHECKED`` when it records none the product knows)."""
    try:
        _, sheets = open_workbook(Path(path))
    except RosterError:
        return "", 0, "CHECKED"
    name, seed, status = (_recorded(sheets, k) for k in ("input_name", "seed", "run_status"))
    codes = {cells.key(w): code for code, pair in labels.SOLVE_STATUS.items() for w in pair}
    codes.update({cells.key(code): code for code in labels.SOLVE_STATUS})
    return (
        name if isinstance(name, str) else "",
        seed if isinstance(seed, int) and not isinstance(seed, bool) else 0,
        codes.get(cells.key(status), "CHECKED") if isinstance(status, str) else "CHECKED",
    )


# --- earlier plans: the published plan to keep, and history ------------------------------

# A history plan's year: rotation plans under the 2014 national guideline, up to the
# roster's own plan year (stats may count this year's plan too).
FIRST_PLAN_YEAR = 2000
_NAME_HEADERS = frozenset(normalize_header(h) for h in (*labels.HEADERS["name"], "教师姓名"))
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass(frozen=True)
class PlanRecord:
    """What a plan workbook records besides its assignments: the SHA-256 of the roster
    it was made from and its plan year (from its Run sheet, when it has one), and the
    name it gives each teacher (when it has a name column)."""

    input_sha256: str | None
    year: int | None
    names: dict[str, str]


def plan_record(sheets: Sheets) -> PlanRecord:
    """The record of the plan workbook whose sheets are ``sheets``."""
    sha = _recorded(sheets, "input_sha256")
    year = _recorded(sheets, "points_year")
    return PlanRecord(
        input_sha256=sha.lower() if isinstance(sha, str) and _SHA256.match(sha) else None,
        year=year if isinstance(year, int) and FIRST_PLAN_YEAR <= year <= 2100 else None,
        names=_names(sheets),
    )


def _recorded(sheets: Sheets, key: str) -> object:
    """The value beside the Run sheet's label ``key`` (``labels.WORDS``), in any sheet."""
    wanted = {cells.key(text) for text in labels.WORDS[key]}
    for _, rows in sheets:
        for row in rows:
            values = [c for c in row if c is not None]
            for i, value in enumerate(values[:-1]):
                if isinstance(value, str) and cells.key(value) in wanted:
                    return values[i + 1]
    return None


def _names(sheets: Sheets) -> dict[str, str]:
    """teacher_id -> name, from the Assignments sheet's name column (none without one)."""
    found = _find_sheet(sheets)
    if found is None:
        return {}
    _, rows, header_row, columns = found
    header = rows[header_row - 1] if header_row <= len(rows) else ()
    name_col = next((i for i, v in enumerate(header) if normalize_header(v) in _NAME_HEADERS), None)
    if name_col is None or "teacher_id" not in columns:
        return {}
    id_col = columns["teacher_id"][0] - 1
    names = {}
    for row in rows[header_row:]:
        if max(id_col, name_col) < len(row):
            teacher_id, name = cells.text(row[id_col]), cells.text(row[name_col])
            if teacher_id and name:
                names.setdefault(teacher_id, name)
    return names


def check_belongs(
    path: Path, plan: Plan, record: PlanRecord, roster: Roster, *, min_found: float
) -> None:
    """RosterError (``plan_not_for_roster``) unless the plan at ``path`` belongs to
    ``roster``: it records this roster's SHA-256, or at least ``min_found`` of its
    teachers are on the roster (and at least one), and of those it names, at least
    half carry the roster's name. Names are compared, never shown."""
    if record.input_sha256 == roster.sha256.lower() or not plan.assignments:
        return
    ids = {a.teacher_id for a in plan.assignments}
    on_roster = {t for t in ids if t in roster.instance.teacher_by_id}
    named = [t for t in on_roster if t in record.names]
    differ = sum(
        1
        for t in named
        if cells.key(record.names[t]) != cells.key(roster.instance.teacher_by_id[t].name)
    )
    why: tuple[str, str] | None = None
    if not on_roster:
        why = (
            f"none of its {len(ids)} teachers is on the roster",
            f"其 {len(ids)} 名教师均不在花名册中",
        )
    elif len(on_roster) < min_found * len(ids):
        why = (
            f"only {len(on_roster)} of its {len(ids)} teachers are on the roster",
            f"其 {len(ids)} 名教师中仅 {len(on_roster)} 名在花名册中",
        )
    elif 2 * differ > len(named):
        why = (
            f"{differ} of the {len(named)} teachers it names have another name on the roster",
            f"其所列 {len(named)} 名教师中有 {differ} 名与花名册姓名不符",
        )
    if why is not None:
        issue = Issue.of("plan_not_for_roster", file=path.name, why_en=why[0], why_zh=why[1])
        raise RosterError([issue], roster.lang)


def read_previous(path: Path, roster: Roster) -> Plan:
    """The published plan to keep when re-planning, checked to be this roster's (most
    of its teachers still on it). Teachers who have left the roster since are kept (a
    re-plan reports them as dropped); schools given by name are resolved from the
    roster. RosterError, in the roster's language, when it cannot be read or is another
    roster's plan."""
    path = Path(path)
    _, sheets = open_workbook(path, roster.lang)
    try:
        plan = _plan(sheets, None, roster.lang)
        if not all(a.to_school_id in roster.instance.school_by_id for a in plan.assignments):
            plan = _plan(sheets, roster.instance, roster.lang)
    except RosterError:
        plan = _plan(sheets, roster.instance, roster.lang)
    check_belongs(path, plan, plan_record(sheets), roster, min_found=0.5)
    return plan


def read_history(items: Iterable[Path | str], roster: Roster) -> list[tuple[Plan, int]]:
    """Earlier plans and their years, for E5 and ``stats``: each item is a plan
    workbook, ``PATH:YEAR`` or ``PATH`` (the year from its Run sheet or its file name).

    Each plan must be this roster's (some of its teachers on it, under their names; who
    has left since, or a school closed since, is no problem: only who rotated counts),
    and its year must be from FIRST_PLAN_YEAR to the roster's plan year, and agree with
    the year its Run sheet records. Every problem of every item is reported at once, as
    a RosterError in the roster's language.
    """
    latest = roster.instance.plan_year or FIRST_PLAN_YEAR
    past: list[tuple[Plan, int]] = []
    issues: list[Issue] = []
    seen: set[Path] = set()
    for item in items:
        path, given = _history_item(item)
        name = path.name
        try:
            _, sheets = open_workbook(path, roster.lang)
            plan = _plan(sheets, None, roster.lang)
            record = plan_record(sheets)
            check_belongs(path, plan, record, roster, min_found=0.0)
        except RosterError as error:
            issues += error.issues
            continue
        if path.resolve() in seen:
            issues.append(Issue.of("history_twice", file=name))
            continue
        seen.add(path.resolve())
        year = given or record.year or _year_in_name(path)
        plausible = year is not None and FIRST_PLAN_YEAR <= year <= latest
        if plausible and None not in (given, record.year) and given != record.year:
            issues.append(
                Issue.of("history_year_conflict", file=name, recorded=record.year, given=given)
            )
            continue
        if year is None:
            issues.append(Issue.of("history_no_year", file=name))
        elif not FIRST_PLAN_YEAR <= year <= latest:
            issues.append(
                Issue.of(
                    "history_bad_year",
                    file=name,
                    year=year,
                    low=FIRST_PLAN_YEAR,
                    high=latest,
                )
            )
        else:
            past.append((plan, year))
    if issues:
        raise RosterError(issues, roster.lang)
    return past


def _history_item(item: Path | str) -> tuple[Path, int | None]:
    """``PATH:YEAR`` split into the path and the year (digits beyond nine make no year
    either, but are not read as one: Python refuses to read 5,000 of them)."""
    head, sep, tail = str(item).rpartition(":")
    if sep and head and tail.isdecimal() and tail.isascii():
        return Path(head), int(tail) if len(tail) <= 9 else 10**9
    return Path(item), None


def _year_in_name(path: Path) -> int | None:
    match = re.search(r"(20\d\d)", path.stem)
    return int(match.group(1)) if match else None
