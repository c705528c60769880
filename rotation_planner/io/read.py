"""Read a county roster workbook (ROSTER_FORMAT.md) into an Instance and a Policy.

The reader takes rosters as bureaus write them: Chinese or English sheet names and
headers with any listed alias, a title row above the header, blank rows, full-width
digits, numbers typed as text (``6年``), old title names, ages derived from birth dates
or resident ID numbers. It checks everything and reports every problem at once, each
with its sheet, row and column, in a ``RosterError``. It never writes to the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine
from openpyxl.utils import get_column_letter

from rotation_planner.domain import (
    Backbone,
    Gender,
    Instance,
    School,
    SchoolType,
    Teacher,
    Title,
    Vacancy,
)
from rotation_planner.io.errors import Issue, RosterError, quote
from rotation_planner.io.headers import (
    IGNORED_HEADERS,
    POLICY,
    SCHOOLS,
    SHEETS,
    TEACHERS,
    VACANCIES,
    Column,
    SheetSpec,
    is_chinese,
    normalize_header,
)
from rotation_planner.policy import (
    RULE_IDS,
    Policy,
    PolicyError,
    parse_bool,
    parse_title,
    split_list,
)

MIN_AGE, MAX_AGE = 18, 70
HEADER_SCAN_ROWS = 10
IN_SERVICE = "在编在岗"

_NONE_WORDS = frozenset({"", "无", "否", "none", "no", "n/a", "na", "-", "--", "/", "—", "——"})
_UNIT = r"(?:年|岁|周岁|人|名|个|位|所|km|公里|千米|years?|yrs?|persons?|people)"
_NUMBER = re.compile(rf"^([+-]?\d+(?:\.\d+)?)\s*{_UNIT}?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*(?:[./\-]|年)\s*(\d{1,2})\s*月?\s*(?:[./\-]?\s*(\d{1,2})\s*[日号]?)?$"
)
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_GENDER_WORDS = {
    "m": Gender.MALE,
    "male": Gender.MALE,
    "男": Gender.MALE,
    "男性": Gender.MALE,
    "f": Gender.FEMALE,
    "female": Gender.FEMALE,
    "女": Gender.FEMALE,
    "女性": Gender.FEMALE,
}
_SCHOOL_TYPE_WORDS = {
    normalize_header(word): kind
    for kind, words in {
        SchoolType.URBAN: ("城区", "城镇", "县城", "城区学校", "urban", "city"),
        SchoolType.TOWNSHIP: ("乡镇", "乡镇学校", "乡镇中心校", "镇", "township"),
        SchoolType.RURAL: ("农村", "乡村", "农村学校", "rural"),
        SchoolType.VILLAGE: ("村小", "村级小学", "村完小", "village", "village school"),
        SchoolType.TEACHING_POINT: ("教学点", "teaching_point", "teaching point"),
    }.items()
    for word in words
}
SCHOOL_TYPE_ZH = {
    SchoolType.URBAN: "城区",
    SchoolType.TOWNSHIP: "乡镇",
    SchoolType.RURAL: "农村",
    SchoolType.VILLAGE: "村小",
    SchoolType.TEACHING_POINT: "教学点",
}
_BACKBONE_WORDS = {
    normalize_header(word): level
    for level, words in {
        Backbone.SCHOOL: ("校级", "school"),
        Backbone.COUNTY: ("县级", "区级", "county", "district"),
        Backbone.CITY: ("市级", "city"),
        Backbone.PROVINCE: ("省级", "province", "provincial"),
    }.items()
    for word in words
}
_LEADER_WORDS = tuple(
    normalize_header(w) for w in ("学科带头人", "名师", "subject leader", "master teacher")
)
_BACKBONE_SUFFIXES = tuple(
    normalize_header(w) for w in ("骨干教师", "骨干", "教师", "backbone", "teacher")
)
_IN_SERVICE_WORDS = frozenset(
    normalize_header(w) for w in (IN_SERVICE, "in service", "in_service", "active")
)
_EXTRA_TRUE = frozenset({"√", "✓", "✔"})
_EXTRA_FALSE = frozenset({"×", "✗", "✘"})


# Each sheet's name and its rows of cell values, in workbook order.
Sheets = list[tuple[str, list[Sequence[object]]]]


def _cell(value: object) -> object:
    """One cell as openpyxl gives it, so every check below sees one set of types: a
    blank is None, a whole number is an int (calamine reads every number as a float;
    beyond 2**53 a float was never exact and stays one, as openpyxl leaves it), and a
    date is a datetime."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def read_sheets(data: bytes) -> Sheets:
    """Every worksheet of the workbook ``data``, in order: its name and its rows of
    values (a formula's cached value), from cell A1.

    Read with calamine (Rust): a 5,000-teacher roster takes 0.06 s where openpyxl's
    read-only mode took 0.57 s (issue 5). calamine reads a cell holding an Excel error
    (#N/A from a failed VLOOKUP, #REF!) as blank, which would let an optional column
    pass unnoticed; a workbook with such cells is read with openpyxl, which keeps the
    error's text, so the cell is reported as an invalid value.
    """
    if _has_error_cells(data):
        return _read_sheets_openpyxl(data)
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets: Sheets = []
    for meta in workbook.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue  # a chart sheet holds no cells
        rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        sheets.append((meta.name, [tuple(_cell(v) for v in row) for row in rows]))
    return sheets


def _has_error_cells(data: bytes) -> bool:
    """Whether any worksheet holds a cell of type error (``t="e"`` in its XML)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(
            b' t="e"' in archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _read_sheets_openpyxl(data: bytes) -> Sheets:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [
            (sheet.title, [tuple(r) for r in sheet.iter_rows(values_only=True)])
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


@dataclass(frozen=True)
class Roster:
    """A roster read from a workbook: the instance, the policy in force (the base policy
    with the workbook's Policy sheet on top), the input's language, the file's SHA-256."""

    instance: Instance
    policy: Policy
    lang: str
    sha256: str
    path: Path


def read_roster(
    path: Path, policy: Policy | None = None, overrides: Mapping[str, object] | None = None
) -> Roster:
    """Read and validate the roster workbook at ``path``.

    ``policy`` is the base policy (the defaults); the workbook's Policy sheet is applied
    on top of it, and ``overrides`` (a ``--policy`` TOML, already validated) on top of
    that: what the user names on the command line wins over the workbook.
    Raises ``RosterError`` listing every problem.
    """
    return _Reader(Path(path), policy or Policy(), overrides or {}).read()


# --- cell values -------------------------------------------------------------------


class _Bad(Exception):
    """A cell value that cannot be used; becomes an Issue of ``kind``."""

    def __init__(self, kind: str, **params: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.params = params


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    """A cell as text: NFKC-normalised and stripped; whole floats lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return unicodedata.normalize("NFKC", str(value)).strip()


def _key(text: str) -> str:
    """How school names and codes compare: NFKC, case and spaces ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _optional(value: object) -> str:
    """Free text where 无/none/- means nothing."""
    text = _text(value)
    return "" if text.casefold() in _NONE_WORDS else text


def _number(value: object) -> float:
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        raise _Bad("not_a_number", value=quote(value))
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _Bad("not_a_number", value=quote(value))
        return float(value)
    match = _NUMBER.match(_text(value).casefold().replace(" ", ""))
    if not match:
        raise _Bad("not_a_number", value=quote(value))
    return float(match.group(1))


def _integer(value: object) -> int:
    number = _number(value)
    if not number.is_integer():
        raise _Bad("not_an_integer", value=quote(value))
    return int(number)


def _non_negative(number: float, value: object) -> float:
    if number < 0:
        raise _Bad("negative_number", value=quote(value))
    return number


def _bool(value: object) -> bool:
    text = _text(value)
    if text in _EXTRA_TRUE:
        return True
    if text in _EXTRA_FALSE or text.casefold() in ("", "-", "/", "无"):
        return False
    try:
        return parse_bool(value)
    except ValueError:
        raise _Bad("bad_bool", value=quote(value)) from None


def _gender(value: object) -> Gender:
    gender = _GENDER_WORDS.get(_text(value).casefold())
    if gender is None:
        raise _Bad("bad_gender")
    return gender


def _title(value: object) -> Title:
    if isinstance(value, bool):
        raise _Bad("bad_title", value=quote(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, int) else _text(value)
    candidates = [text]
    if isinstance(text, str):
        candidates += [text.removeprefix(p) for p in ("中小学", "中学") if text.startswith(p)]
    for candidate in candidates:
        try:
            return parse_title(candidate)
        except ValueError:
            continue
    raise _Bad("bad_title", value=quote(value))


def _backbone(value: object) -> tuple[Backbone, bool]:
    """骨干 level and whether the teacher is a subject leader / 名师."""
    level, leader = Backbone.NONE, False
    for token in split_list(_text(value)):
        norm = normalize_header(token)
        if norm in _NONE_WORDS:
            continue
        for word in _LEADER_WORDS:
            if word in norm:
                leader, norm = True, norm.replace(word, "")
        for suffix in _BACKBONE_SUFFIXES:
            norm = norm.removesuffix(suffix)
        if norm in _BACKBONE_WORDS:
            level = max(level, _BACKBONE_WORDS[norm])
        elif norm or not leader:
            raise _Bad("bad_backbone", value=quote(value))
    return level, leader


def _school_type(value: object) -> SchoolType:
    kind = _SCHOOL_TYPE_WORDS.get(normalize_header(value))
    if kind is None:
        raise _Bad("bad_school_type", value=quote(value))
    return kind


def _status(value: object) -> str:
    text = _text(value)
    return IN_SERVICE if normalize_header(text) in _IN_SERVICE_WORDS else text


def _date(year: int, month: int, day: int, kind: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _Bad(kind) from None


def _birth_date(value: object) -> dt.date:
    """A date cell, or text like 1985.03 / 1985-03 / 198503 / 1985年3月 (day 1 if none)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and not value.is_integer():
        text = repr(value)
        if re.fullmatch(r"\d{4}\.1", text):
            raise _Bad("ambiguous_birth_date")  # 1985.10 typed as a number shows as 1985.1
    else:
        text = _text(value)
    text = text.replace(" ", "")
    match = _DATE_DIGITS.match(text) or _DATE_TEXT.match(text)
    if not match:
        raise _Bad("bad_birth_date")
    year, month, day = match.group(1), match.group(2), match.group(3)
    born = _date(int(year), int(month), int(day or 1), "bad_birth_date")
    if born.year < 1900:
        raise _Bad("bad_birth_date")
    return born


def _id_number(value: object) -> tuple[dt.date, Gender]:
    """Birth date and gender from an 18-character resident ID (GB 11643), check digit
    verified (ISO 7064 MOD 11-2)."""
    if isinstance(value, float):
        raise _Bad("id_stored_as_number")
    text = re.sub(r"\s+", "", _text(value)).upper()
    if not _ID_PATTERN.match(text):
        raise _Bad("id_bad_format")
    problems: list[str] = []
    born: dt.date | None = None
    try:
        born = _date(int(text[6:10]), int(text[10:12]), int(text[12:14]), "id_bad_birth_date")
        if born.year < 1900 or born > dt.date.today():
            born = None
            problems.append("id_bad_birth_date")
    except _Bad as bad:
        problems.append(bad.kind)
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != text[17]:
        problems.append("id_bad_check_digit")
    if problems:
        raise _Bad(problems[0], more=problems[1:])
    assert born is not None
    gender = Gender.MALE if int(text[16]) % 2 else Gender.FEMALE
    return born, gender


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day`` (周岁)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _policy_value(key: str, value: object) -> object:
    """A Policy-sheet cell as ``Policy.with_overrides`` expects it."""
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, str):
        return value
    text = _text(value)
    if key == "reference_date":
        try:
            return _birth_date(text) if _DATE_TEXT.match(text) or _DATE_DIGITS.match(text) else text
        except _Bad:
            return text
    if text.endswith("%"):
        try:
            return _number(text[:-1]) / 100
        except _Bad:
            return text
    return text


def _policy_key(text: str) -> str:
    head, dot, name = text.replace(" ", "").partition(".")
    if dot and head.upper() in RULE_IDS:
        return f"{head.upper()}.{name.lower()}"
    return text.lower() if text.lower() in ("plan_year", "reference_date") else text


# --- sheets --------------------------------------------------------------------------


@dataclass
class _Table:
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


def _best_header(spec: SheetSpec, rows: list[Sequence[object]]) -> tuple[int, int]:
    """(0-based row index, number of known columns) of the likeliest header row."""
    best, best_score = 0, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = len({m[0].key for cell in row if (m := spec.match(cell))})
        if score > best_score:
            best, best_score = i, score
    return best, best_score


class _Reader:
    """One reading of one workbook; collects every issue before deciding."""

    def __init__(self, path: Path, base: Policy, overrides: Mapping[str, object]) -> None:
        self.path = path
        self.base = base
        self.overrides = overrides
        self.issues: list[tuple[tuple[int, int, int, int], Issue]] = []
        self.votes: Counter[str] = Counter()
        self.lang = "zh"
        self.rank: dict[str | None, int] = {None: -1}
        self.reference = dt.date.today()

    # issues ------------------------------------------------------------------------

    def add(
        self,
        kind: str,
        table: _Table | str | None = None,
        row: int | None = None,
        key: str | None = None,
        **params: object,
    ) -> None:
        sheet = table.title if isinstance(table, _Table) else table
        column = header = None
        col_index = 0
        if isinstance(table, _Table) and key is not None:
            col = table.spec.column(key)
            params.setdefault("what_en", col.en[0])
            params.setdefault("what_zh", col.zh[0])
            if key in table.cols:
                col_index = table.cols[key][0] + 1
                column = get_column_letter(col_index)
                header = table.cols[key][1]
        issue = Issue.of(kind, sheet, row, column, header, **params)
        order = (self.rank.get(sheet, len(self.rank)), row or 0, col_index, len(self.issues))
        self.issues.append((order, issue))

    def add_at(
        self, kind: str, table: _Table, row: int, col_index: int, header: str, **params: object
    ) -> None:
        """An issue at a column that is not one of the sheet's known fields."""
        column = get_column_letter(col_index + 1)
        issue = Issue.of(kind, table.title, row, column, header, **params)
        order = (self.rank.get(table.title, 9), row, col_index + 1, len(self.issues))
        self.issues.append((order, issue))

    def cell(
        self,
        table: _Table,
        row: int,
        values: Sequence[object],
        key: str,
        parse: Callable[[object], Any],
        *,
        required: bool = False,
    ) -> Any:
        """The parsed value of a cell; None when blank or bad (bad ones become issues)."""
        value = table.get(values, key)
        if _is_blank(value):
            if required and table.has(key):
                self.add("missing_value", table, row, key)
            return None
        try:
            return parse(value)
        except _Bad as bad:
            more: Iterable[str] = bad.params.pop("more", ())  # type: ignore[assignment]
            self.add(bad.kind, table, row, key, **bad.params)
            for kind in more:
                self.add(kind, table, row, key)
            return None

    # the file ------------------------------------------------------------------------

    def _file_problem(self, kind: str, **params: object) -> RosterError:
        lang = "zh" if is_chinese(self.path.name) else "en"
        return RosterError([Issue.of(kind, file=self.path.name, **params)], lang)

    def _open(self) -> tuple[bytes, Sheets]:
        if not self.path.exists():
            raise self._file_problem("file_not_found")
        if self.path.is_dir():
            raise self._file_problem("not_a_file")
        try:
            data = self.path.read_bytes()
        except OSError as error:
            raise self._file_problem("file_unreadable", reason=type(error).__name__) from None
        suffix = self.path.suffix.lower()
        if suffix == ".csv":
            raise self._file_problem("csv_format")
        if suffix == ".xls":
            raise self._file_problem("xls_format")
        if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE file: encrypted .xlsx or .xls
            raise self._file_problem("protected_workbook")
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise self._file_problem("not_a_workbook")
        try:
            sheets = read_sheets(data)
        except Exception:  # the reader raises many types on a zip that is no workbook
            raise self._file_problem("not_a_workbook") from None
        return data, sheets

    # reading -------------------------------------------------------------------------

    def read(self) -> Roster:
        data, sheets = self._open()
        tables = self._locate(sheets)
        self.lang = "en" if self.votes["en"] > self.votes["zh"] else "zh"
        for spec in (TEACHERS, SCHOOLS):
            if spec.key not in tables:
                title = spec.title(self.lang)
                self.rank[title] = SHEETS.index(spec)
                self.add("missing_sheet", title, sheet_en=spec.en[0], sheet_zh=spec.zh[0])

        policy = self._policy(tables.get("policy"))
        default_year = policy.plan_year or dt.date.today().year
        self.reference = policy.effective_reference_date(default_year)

        schools = self._schools(tables.get("schools"))
        teachers = self._teachers(tables.get("teachers"), schools)
        vacancies = self._vacancies(tables.get("vacancies"), tables.get("schools"), schools)
        self._cross_check(teachers, schools, vacancies)

        if self.issues:
            ordered = [issue for _, issue in sorted(self.issues, key=lambda pair: pair[0])]
            raise RosterError(ordered, self.lang)

        counts = Counter(t.school_id for t in teachers.built)
        built_schools = tuple(
            School(
                school_id=s["school_id"],
                name=s["name"],
                type=s["type"],
                distance_km=s["distance_km"],
                staff=s["staff"] if s["staff"] is not None else counts[s["school_id"]],
                level=s["level"],
                paired_with=tuple(s["paired_ids"]),
                latitude=s["latitude"],
                longitude=s["longitude"],
                row=s["row"],
            )
            for s in schools.rows
        )
        instance = Instance(
            teachers=tuple(teachers.built),
            schools=built_schools,
            vacancies=tuple(vacancies.built),
            plan_year=self.reference.year,
        )
        return Roster(
            instance=instance,
            policy=policy,
            lang=self.lang,
            sha256=hashlib.sha256(data).hexdigest(),
            path=self.path,
        )

    def _locate(self, sheets: Sheets) -> dict[str, _Table]:
        """Find each sheet by name (or, failing that, by its headers) and its header row."""
        found: dict[str, tuple[str, list[Sequence[object]]]] = {}
        unnamed: Sheets = []
        for title, rows in sheets:
            spec = next((s for s in SHEETS if s.matches_name(title)), None)
            if spec is None:
                unnamed.append((title, rows))
                continue
            if spec.key in found:
                self.rank.setdefault(title, SHEETS.index(spec))
                self.add(
                    "duplicate_sheet",
                    title,
                    first=found[spec.key][0],
                    second=title,
                    sheet_en=spec.en[0],
                    sheet_zh=spec.zh[0],
                )
                continue
            found[spec.key] = (title, rows)
            self.votes["zh" if is_chinese(title) else "en"] += 1
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
        tables: dict[str, _Table] = {}
        for spec in SHEETS:
            if spec.key in found:
                title, rows = found[spec.key]
                self.rank[title] = SHEETS.index(spec)
                tables[spec.key] = self._header(spec, title, rows)
        return tables

    def _header(self, spec: SheetSpec, title: str, rows: list[Sequence[object]]) -> _Table:
        table = _Table(spec, title)
        index, score = _best_header(spec, rows)
        if score == 0:
            self.add("no_header", title, rows=HEADER_SCAN_ROWS)
            return table
        table.header_row = index + 1
        for col_index, cell in enumerate(rows[index]):
            match = spec.match(cell)
            text = _text(cell)
            if match is None:
                if text and normalize_header(text) not in IGNORED_HEADERS:
                    table.extra.append((col_index, text))
                continue
            column, lang = match
            self.votes[lang] += 1
            if column.key in table.cols:
                first = get_column_letter(table.cols[column.key][0] + 1)
                self.add_at(
                    "duplicate_column",
                    table,
                    table.header_row,
                    col_index,
                    text,
                    name=quote(text),
                    other=first,
                )
                continue
            table.cols[column.key] = (col_index, text)
        used = [i for i, _ in table.cols.values()]
        if spec is SCHOOLS:  # extra Schools columns may be vacancies per subject
            used += [i for i, _ in table.extra]
        for row_index in range(index + 1, len(rows)):
            values = rows[row_index]
            if all(_is_blank(values[i]) for i in used if i < len(values)):
                continue
            table.rows.append((row_index + 1, values))
        return table

    def _require(self, table: _Table, columns: Iterable[Column]) -> bool:
        """Report missing required columns; True when all are present."""
        ok = True
        for column in columns:
            if column.key not in table.cols:
                ok = False
                self.missing_column(table, column)
        return ok

    def missing_column(self, table: _Table, column: Column) -> None:
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

    # the Policy sheet -----------------------------------------------------------------

    def _policy(self, table: _Table | None) -> Policy:
        return self._sheet_policy(table).with_overrides(self.overrides)

    def _sheet_policy(self, table: _Table | None) -> Policy:
        if table is None or not table.cols:
            return self.base
        if not self._require(table, POLICY.columns):
            return self.base
        overrides: dict[str, object] = {}
        rows: dict[str, int] = {}
        for row, values in table.rows:
            raw_key = _text(table.get(values, "key"))
            value = table.get(values, "value")
            if raw_key.startswith("#"):
                continue
            if not raw_key:
                self.add("missing_value", table, row, "key")
                continue
            if _is_blank(value):
                continue  # left out: takes its default
            key = _policy_key(raw_key)
            if key in rows:
                self.add(
                    "duplicate_policy_key", table, row, "key", value=quote(raw_key), other=rows[key]
                )
                continue
            rows[key] = row
            overrides[key] = _policy_value(key, value)
        try:
            return self.base.with_overrides(overrides)
        except PolicyError as error:
            for problem in error.problems:
                row = rows.get(problem.key)
                if row is None:
                    row = next((r for k, r in rows.items() if k.startswith(problem.key)), None)
                if problem.message == "unknown key":
                    self.add("unknown_policy_key", table, row, "key", value=quote(problem.key))
                else:
                    value = overrides.get(problem.key, "")
                    self.add(
                        "bad_policy_value",
                        table,
                        row,
                        "value",
                        param=problem.key,
                        value=quote(value),
                        reason=problem.message,
                    )
            return self.base

    # the Schools sheet ----------------------------------------------------------------

    def _schools(self, table: _Table | None) -> _Schools:
        schools = _Schools()
        if table is None or not table.cols:
            schools.broken = True
            return schools
        if not self._require(table, [c for c in SCHOOLS.columns if c.required]):
            schools.broken = True
            if "school_id" not in table.cols:
                return schools
        if not table.rows:
            self.add("empty_sheet", table)
        for row, values in table.rows:
            school_id = self.cell(table, row, values, "school_id", _text, required=True)
            name = self.cell(table, row, values, "name", _text, required=True)
            kind = self.cell(table, row, values, "type", _school_type, required=True)
            distance = self.cell(table, row, values, "distance_km", _years, required=True)
            staff = self.cell(table, row, values, "staff", _count)
            lat = self.cell(table, row, values, "latitude", _coordinate(90))
            lon = self.cell(table, row, values, "longitude", _coordinate(180))
            if school_id:
                first = schools.by_key.get(_key(school_id))  # U1 and u1 are one code
                if first is not None:
                    self.add(
                        "duplicate_school_id",
                        table,
                        row,
                        "school_id",
                        value=quote(school_id),
                        other=first["row"],
                    )
                    continue
            if name:
                first_row = schools.name_rows.get(_key(name))
                if first_row is not None:
                    self.add(
                        "duplicate_school_name",
                        table,
                        row,
                        "name",
                        value=quote(name),
                        other=first_row,
                    )
                else:
                    schools.name_rows[_key(name)] = row
            if not school_id:
                continue
            record = {
                "row": row,
                "values": values,
                "school_id": school_id,
                "name": name or "",
                "type": kind,
                "distance_km": distance,
                "staff": staff,
                "level": _text(table.get(values, "level")),
                "paired": _optional(table.get(values, "paired_with")),
                "paired_ids": [],
                "latitude": lat,
                "longitude": lon,
            }
            schools.by_id[school_id] = record
            schools.by_key[_key(school_id)] = record
            schools.rows.append(record)
        schools.table = table
        return schools

    # the Teachers sheet ----------------------------------------------------------------

    def _teachers(self, table: _Table | None, schools: _Schools) -> _Teachers:
        teachers = _Teachers()
        if table is None or not table.cols:
            return teachers
        teachers.table = table
        required = [c for c in TEACHERS.columns if c.required]
        self._require(table, required)
        if not (table.has("school_id") or table.has("school_name")):
            self.missing_column(table, TEACHERS.column("school_id"))
        if not (table.has("age") or table.has("birth_date") or table.has("id_number")):
            self.missing_column(table, TEACHERS.column("age"))
        if not (table.has("gender") or table.has("id_number")):
            self.missing_column(table, TEACHERS.column("gender"))
        if not table.rows:
            self.add("empty_sheet", table)
        for row, values in table.rows:
            teachers.records.append(self._teacher(table, row, values, schools, teachers))
        return teachers

    def _teacher(
        self,
        table: _Table,
        row: int,
        values: Sequence[object],
        schools: _Schools,
        teachers: _Teachers,
    ) -> dict[str, Any]:
        """One teacher row, parsed; ``ok`` is False when any cell had a problem (the row
        is still cross-checked, so that its other problems are reported too)."""
        ok = True

        def get(key: str, parse: Callable[[object], Any], required: bool = False) -> Any:
            nonlocal ok
            before = len(self.issues)
            result = self.cell(table, row, values, key, parse, required=required)
            ok = ok and len(self.issues) == before
            return result

        teacher_id = get("teacher_id", _text, True)
        if teacher_id:
            first = teachers.rows_by_id.get(teacher_id)
            if first is not None:
                self.add("duplicate_teacher_id", table, row, "teacher_id", other=first)
                ok = False
            else:
                teachers.rows_by_id[teacher_id] = row
        name = get("name", lambda v: str(v).strip(), True)
        ident = get("id_number", _id_number)
        gender = get("gender", _gender)
        if gender is None and ident is not None:
            gender = ident[1]
        elif gender is not None and ident is not None and gender != ident[1]:
            self.add("gender_id_mismatch", table, row, "gender")
            ok = False
        if gender is None and not _is_blank(table.get(values, "gender")):
            pass  # already reported as a bad gender
        elif gender is None and _is_blank(table.get(values, "id_number")):
            at = next((k for k in ("gender", "id_number") if table.has(k)), None)
            if at is not None:
                self.add("missing_gender", table, row, at)
            ok = False
        age = self._age(table, row, values, ident)
        ok = ok and age is not None
        school_id = self._school_ref(table, row, values, schools)
        ok = ok and school_id is not None
        subjects = get("subject", lambda v: _dedupe(split_list(_text(v))), True)
        if table.has("subject") and subjects == ():
            self.add("missing_value", table, row, "subject")
            ok = False
        title = get("title", _title, True)
        backbone = get("backbone", _backbone) or (Backbone.NONE, False)
        years = get("years_at_school", _years, True)
        rural = get("rural_years", _years, True)
        teaching = get("teaching_years", _years)
        last_rural = get("last_rural_year", self._year)
        rotated = get("rotated_years", self._years_list) or ()
        flags = {
            key: bool(get(key, _bool))
            for key in ("senior_applicant", "promoted_last_year", "volunteer", "family_burden")
        }
        complete = None not in (teacher_id, name, gender, subjects, title, years, rural)
        return {
            "ok": ok and complete,
            "row": row,
            "values": values,
            "teacher_id": teacher_id,
            "name": name,
            "gender": gender,
            "age": age,
            "school_id": school_id,
            "subjects": subjects,
            "title": title,
            "backbone": backbone[0],
            "subject_leader": backbone[1],
            "status": _status(table.get(values, "status")),
            "years_at_school": years,
            "rural_years": rural,
            "teaching_years": teaching,
            "last_rural_year": last_rural,
            "exempt_reason": _optional(table.get(values, "exempt_reason")),
            **flags,
            "spouse_id": _optional(table.get(values, "spouse_id")),
            "wishes": _optional(table.get(values, "wishes")),
            "locked_to": _optional(table.get(values, "locked_to")),
            "rotated_years": rotated,
        }

    def _year(self, value: object) -> int | None:
        if isinstance(value, dt.date):
            return value.year
        if _optional(value) == "":
            return None
        year = _integer(value)
        if year == 0:
            return None
        if not 1950 <= year <= self.reference.year:
            raise _Bad("bad_year", value=quote(value), low=1950, high=self.reference.year)
        return year

    def _years_list(self, value: object) -> tuple[int, ...]:
        """Years in which the teacher rotated before (history), e.g. ``2021、2024``."""
        if isinstance(value, int | float | dt.date):
            return tuple(y for y in [self._year(value)] if y is not None)
        return tuple(sorted({y for item in split_list(_text(value)) if (y := self._year(item))}))

    def _age(
        self,
        table: _Table,
        row: int,
        values: Sequence[object],
        ident: tuple[dt.date, Gender] | None,
    ) -> int | None:
        """Age from the age column, else the birth date, else the ID number."""
        if not _is_blank(table.get(values, "age")):
            age = self.cell(table, row, values, "age", _integer)
            if age is not None and not MIN_AGE <= age <= MAX_AGE:
                self.add(
                    "age_out_of_range",
                    table,
                    row,
                    "age",
                    value=quote(age, marks=False),
                    low=MIN_AGE,
                    high=MAX_AGE,
                )
                return None
            return age
        sources = (
            ("birth_date", _birth_date, "birth date", "出生日期"),
            ("id_number", None, "ID number", "身份证号"),
        )
        for key, parse, source_en, source_zh in sources:
            if _is_blank(table.get(values, key)):
                continue
            if parse is None:
                born = ident[0] if ident else None  # a bad ID is already reported
            else:
                born = self.cell(table, row, values, key, parse)
            if born is None:
                return None
            age = age_on(born, self.reference)
            if not MIN_AGE <= age <= MAX_AGE:
                self.add(
                    "derived_age_out_of_range",
                    table,
                    row,
                    key,
                    source_en=source_en,
                    source_zh=source_zh,
                    low=MIN_AGE,
                    high=MAX_AGE,
                )
                return None
            return age
        at = next((k for k in ("age", "birth_date", "id_number") if table.has(k)), None)
        if at is not None:
            self.add("missing_age", table, row, at)
        return None

    def _school_ref(
        self, table: _Table, row: int, values: Sequence[object], schools: _Schools
    ) -> str | None:
        """The school a teacher or vacancy row names, by code or by name, in either column."""
        found: list[tuple[str, str]] = []
        unknown = "vacancy_unknown_school" if table.spec is VACANCIES else "unknown_school"
        for key in ("school_id", "school_name"):
            text = _text(table.get(values, key))
            if not text:
                continue
            school_id = schools.resolve(text)
            if school_id is None:
                if not schools.broken:
                    self.add(unknown, table, row, key, value=quote(text))
                return None
            found.append((school_id, text))
        if not found:
            if table.has("school_id") or table.has("school_name"):
                self.add(
                    "missing_value",
                    table,
                    row,
                    "school_id" if table.has("school_id") else "school_name",
                )
            return None
        if len(found) == 2 and found[0][0] != found[1][0]:
            self.add(
                "school_mismatch",
                table,
                row,
                "school_name",
                value=quote(found[0][1]),
                other=quote(found[1][1]),
            )
            return None
        return found[0][0]

    # the Vacancies sheet ---------------------------------------------------------------

    def _vacancies(
        self, table: _Table | None, school_table: _Table | None, schools: _Schools
    ) -> _Vacancies:
        vacancies = _Vacancies()
        if table is None and school_table is not None and school_table.extra:
            return self._subject_columns(school_table, schools)
        if table is None:
            vacancies.broken = True
            if school_table is not None:
                title = VACANCIES.title(self.lang)
                self.rank[title] = SHEETS.index(VACANCIES)
                self.add(
                    "missing_vacancies", title, sheet_en=VACANCIES.en[0], sheet_zh=VACANCIES.zh[0]
                )
            return vacancies
        if not table.cols:
            vacancies.broken = True
            return vacancies
        required = [c for c in VACANCIES.columns if c.required]
        if not self._require(table, required):
            vacancies.broken = True
        if not (table.has("school_id") or table.has("school_name")):
            self.missing_column(table, VACANCIES.column("school_id"))
            vacancies.broken = True
        for row, values in table.rows:
            school_id = self._school_ref(table, row, values, schools)
            subject = self.cell(table, row, values, "subject", _text, required=True)
            count = self.cell(table, row, values, "count", _count, required=True)
            if school_id and subject and count is not None:
                vacancies.built.append(Vacancy(school_id, subject, count, row))
        return vacancies

    def _subject_columns(self, table: _Table, schools: _Schools) -> _Vacancies:
        """Vacancies given in Schools as one column per subject (the cell is the count)."""
        vacancies = _Vacancies()
        for record in schools.rows:
            row, values = record["row"], record["values"]
            for col_index, header in table.extra:
                value = values[col_index] if col_index < len(values) else None
                if _is_blank(value):
                    continue
                try:
                    count = _count(value)
                except _Bad as bad:
                    self.add_at(
                        bad.kind,
                        table,
                        row,
                        col_index,
                        header,
                        what_en=header,
                        what_zh=header,
                        **bad.params,
                    )
                    continue
                subject = _subject_header(header)
                vacancies.built.append(Vacancy(record["school_id"], subject, count, row))
        return vacancies

    # cross references ------------------------------------------------------------------

    def _cross_check(self, teachers: _Teachers, schools: _Schools, vacancies: _Vacancies) -> None:
        receiving = {v.school_id for v in vacancies.built if v.count > 0}
        if schools.table is not None:
            for record in schools.rows:
                for item in split_list(record["paired"]):
                    school_id = schools.resolve(item)
                    if school_id is None:
                        self.add(
                            "unknown_paired_school",
                            schools.table,
                            record["row"],
                            "paired_with",
                            value=quote(item),
                        )
                    elif school_id == record["school_id"]:
                        self.add("paired_self", schools.table, record["row"], "paired_with")
                    elif school_id not in record["paired_ids"]:
                        record["paired_ids"].append(school_id)
        table = teachers.table
        for record in teachers.records:
            row = record["row"]
            ok = record["ok"]
            spouse = record["spouse_id"]
            if spouse and spouse == record["teacher_id"]:
                self.add("spouse_self", table, row, "spouse_id")
                ok = False
            elif spouse and spouse not in teachers.rows_by_id:
                self.add("unknown_spouse", table, row, "spouse_id")
                ok = False
            wishes: list[str] = []
            for item in split_list(record["wishes"]):
                school_id = schools.resolve(item)
                if school_id is None:
                    if not schools.broken:
                        self.add("wish_unknown_school", table, row, "wishes", value=quote(item))
                    ok = False
                elif school_id not in receiving and not vacancies.broken:
                    self.add("wish_not_receiving", table, row, "wishes", value=quote(item))
                    ok = False
                elif school_id not in wishes:
                    wishes.append(school_id)
            locked = ""
            if record["locked_to"]:
                locked = schools.resolve(record["locked_to"]) or ""
                if not locked:
                    if not schools.broken:
                        self.add(
                            "unknown_locked_school",
                            table,
                            row,
                            "locked_to",
                            value=quote(record["locked_to"]),
                        )
                    ok = False
            if not ok or self.issues:
                continue
            teachers.built.append(
                Teacher(
                    teacher_id=record["teacher_id"],
                    name=record["name"],
                    gender=record["gender"],
                    age=record["age"],
                    school_id=record["school_id"],
                    subjects=record["subjects"],
                    title=record["title"],
                    years_at_school=record["years_at_school"],
                    rural_years=record["rural_years"],
                    backbone=record["backbone"],
                    subject_leader=record["subject_leader"],
                    status=record["status"],
                    teaching_years=record["teaching_years"],
                    last_rural_year=record["last_rural_year"],
                    exempt_reason=record["exempt_reason"],
                    senior_applicant=record["senior_applicant"],
                    promoted_last_year=record["promoted_last_year"],
                    volunteer=record["volunteer"],
                    family_burden=record["family_burden"],
                    spouse_id=spouse,
                    wishes=tuple(wishes),
                    locked_to=locked,
                    rotated_years=record["rotated_years"],
                    row=row,
                )
            )


@dataclass
class _Schools:
    rows: list[dict[str, Any]] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_key: dict[str, dict[str, Any]] = field(default_factory=dict)
    name_rows: dict[str, int] = field(default_factory=dict)
    table: _Table | None = None
    broken: bool = False
    _names: dict[str, str] | None = None

    def resolve(self, text: str) -> str | None:
        """The school_id a code or a name refers to (codes first)."""
        text = _text(text)
        if text in self.by_id:
            return text
        key = _key(text)
        if key in self.by_key:
            return self.by_key[key]["school_id"]
        if self._names is None:  # built once: resolve() runs after the sheet is read
            self._names = {_key(r["name"]): r["school_id"] for r in self.rows if r["name"]}
        return self._names.get(key)


@dataclass
class _Teachers:
    records: list[dict[str, Any]] = field(default_factory=list)
    rows_by_id: dict[str, int] = field(default_factory=dict)
    built: list[Teacher] = field(default_factory=list)
    table: _Table | None = None


@dataclass
class _Vacancies:
    built: list[Vacancy] = field(default_factory=list)
    broken: bool = False


def _years(value: object) -> float:
    """A number of years (or km) that cannot be negative."""
    return _non_negative(_number(value), value)


def _count(value: object) -> int:
    """A head count: a whole number, not negative."""
    return int(_non_negative(_integer(value), value))


def _coordinate(limit: int) -> Callable[[object], float]:
    def parse(value: object) -> float:
        number = _number(value)
        if not -limit <= number <= limit:
            raise _Bad("coordinate_out_of_range", value=quote(value), low=-limit, high=limit)
        return number

    return parse


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _subject_header(header: str) -> str:
    text = unicodedata.normalize("NFKC", header)
    return re.sub(r"\([^()]*\)|\[[^\[\]]*\]", "", text).strip()
