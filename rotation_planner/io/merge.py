"""Merging the rosters schools send back into one county roster (``planner merge``).

A bureau sends each school the template and gets back one workbook per school (any
format the reader takes), perhaps with a file of its own holding the posts and the
policy. ``merge_rosters`` reads every file, checks them against each other, and writes
one roster with the contract's headers in the files' language. Problems are reported
all at once, each at its file, sheet, row and column (``[S001.xls]教师 第3行 D列``):

- a file that cannot be read, or whose headers are in another language than the others;
- the same staff number or resident ID number in two files;
- a teacher whose school is not the school(s) its own file's Schools sheet lists;
- a school listed twice with different values (a value one file leaves
  blank is taken from the other), posts of one school and subject given twice, a policy
  key set differently in two files;
- and every problem the roster reader finds in the merged roster, cited at the file's
  own cell it came from.

A school listed in a Schools sheet with no teacher in any file is a warning (was its
roster sent back? a receiving school may have sent none). Nothing is written unless the
merged roster reads without a problem; values are copied as read, never changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from rotation_planner.io import cells
from rotation_planner.io.atomic import save_atomically
from rotation_planner.io.errors import Issue, RosterError
from rotation_planner.io.headers import POLICY, SCHOOLS, SHEETS, TEACHERS, VACANCIES, SheetSpec
from rotation_planner.io.read import Roster, read_roster
from rotation_planner.io.sheets import Collector, Table, locate
from rotation_planner.io.workbook import open_workbook

READABLE = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv")


@dataclass(frozen=True)
class Origin:
    """Where a merged row came from: the file, its sheet, its row, and the column letter
    each field had there."""

    file: str
    sheet: str
    row: int
    columns: dict[str, tuple[str, str]]  # field -> (column letter, header as written)

    def at(self) -> str:
        return f"[{self.file}]{self.sheet}"


@dataclass
class _Sheet:
    """One sheet kind of the merged roster: the fields seen, the rows and their origin."""

    spec: SheetSpec
    keys: list[str] = field(default_factory=list)
    rows: list[dict[str, object]] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)


@dataclass(frozen=True)
class Merged:
    """A merged roster: the files it was made of and the roster as read back."""

    files: tuple[Path, ...]
    roster: Roster
    warnings: tuple[Issue, ...]


def roster_files(items: Iterable[Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """The files named, and a folder's readable files (by name, not its subfolders, nor
    Excel's ~$ lock files, nor ``exclude``: the output, when it is written there), each
    once, in order."""
    skip = {Path(p).resolve() for p in exclude}
    found: list[Path] = []
    for item in map(Path, items):
        if item.is_dir():
            found += sorted(
                p
                for p in item.iterdir()
                if p.is_file()
                and p.suffix.lower() in READABLE
                and not p.name.startswith("~$")
                and p.resolve() not in skip
            )
        else:
            found.append(item)
    seen: set[Path] = set()
    unique = []
    for path in found:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return unique


def merge_rosters(files: Sequence[Path], target: Path, lang: str | None = None) -> Merged:
    """Merge ``files`` into the county roster ``target`` (written atomically, only when
    the merged roster reads without a problem). RosterError, in the files' language
    (``lang`` when given), with every problem at its file, sheet, row and column."""
    files = [Path(f) for f in files]
    issues: list[Issue] = []
    tables: list[tuple[Path, dict[str, Table], str]] = []
    for path in files:
        try:
            _, sheets = open_workbook(path, lang)
        except RosterError as error:
            issues += error.issues
            continue
        found = Collector()
        tables.append((path, locate(sheets, found), found.lang))
        issues += [_at_file(path, i) for i in found.ordered()]
    langs = [file_lang for _, _, file_lang in tables]
    out_lang = lang or (max(set(langs), key=langs.count) if langs else "zh")
    if not files:
        issues.append(Issue.of("merge_no_files"))
    for path, _, file_lang in tables:
        if file_lang != out_lang:
            (here_en, here_zh), (there_en, there_zh) = _LANGS[file_lang], _LANGS[out_lang]
            issues.append(
                Issue.of(
                    "merge_mixed_languages",
                    file=path.name,
                    here_en=here_en,
                    here_zh=here_zh,
                    there_en=there_en,
                    there_zh=there_zh,
                )
            )
    merged = {spec.key: _Sheet(spec) for spec in SHEETS}
    for path, found_tables, _ in tables:
        for key, table in found_tables.items():
            _collect(merged[key], path, table)
    notes: list[Issue] = []
    issues += _cross_checks(merged, tables, notes)
    if issues:
        raise RosterError(issues, out_lang)
    read: list[Roster] = []

    def write(temporary: Path) -> None:
        _write(temporary, merged, out_lang)
        try:
            read.append(read_roster(temporary))
        except RosterError as error:
            found = [_origin(i, merged, out_lang) for i in error.issues]
            raise RosterError(found, out_lang) from None

    save_atomically(Path(target), write)
    warnings = (*notes, *(_origin(w, merged, out_lang) for w in read[0].warnings))
    return Merged(tuple(files), read[0], warnings)


_LANGS = {"zh": ("Chinese", "中文"), "en": ("English", "英文")}


def _at_file(path: Path, issue: Issue) -> Issue:
    """An issue of one file's sheets, its sheet named with the file."""
    sheet = f"[{path.name}]{issue.sheet}" if issue.sheet else f"[{path.name}]"
    return Issue(
        sheet,
        issue.row,
        issue.column,
        issue.message_en,
        issue.message_zh,
        issue.kind,
        issue.header,
        issue.lines,
    )


def _collect(sheet: _Sheet, path: Path, table: Table) -> None:
    for key in table.cols:
        if key not in sheet.keys:
            sheet.keys.append(key)
    letters = {k: (get_column_letter(i + 1), h) for k, (i, h) in table.cols.items()}
    for row, values in table.rows:
        sheet.rows.append({k: table.get(values, k) for k in table.cols})
        sheet.origins.append(Origin(path.name, table.title, row, letters))
    if table.spec is SCHOOLS:  # vacancies as one column per subject stay where they are
        for index, header in table.extra:
            key = f"extra:{header}"
            if key not in sheet.keys:
                sheet.keys.append(key)
            for (_, values), record in zip(table.rows, sheet.rows[-len(table.rows) :], strict=True):
                record[key] = values[index] if index < len(values) else None
            for origin in sheet.origins[-len(table.rows) :]:
                origin.columns[key] = (get_column_letter(index + 1), header)


def _issue(kind: str, origin: Origin, key: str, spec: SheetSpec, **params: object) -> Issue:
    letter, header = origin.columns.get(key, (None, None))
    return Issue.of(
        kind, origin.at(), origin.row, letter, header, personal=spec.personal_rows, **params
    )


def _cross_checks(
    merged: dict[str, _Sheet], tables: list[tuple[Path, dict[str, Table], str]], notes: list[Issue]
) -> list[Issue]:
    issues: list[Issue] = []
    teachers, schools = merged["teachers"], merged["schools"]
    # The same person in two files: by staff number, and by resident ID number.
    for key, kind in (
        ("teacher_id", "merge_duplicate_teacher_id"),
        ("id_number", "merge_duplicate_id_number"),
    ):
        first: dict[str, Origin] = {}
        for record, origin in zip(teachers.rows, teachers.origins, strict=True):
            written = (
                cells.id_text(record.get(key))
                if key == "id_number"
                else cells.text(record.get(key))
            )
            if not written:
                continue
            seen = first.setdefault(written, origin)
            if seen is not origin and seen.file != origin.file:
                issues.append(
                    _issue(kind, origin, key, TEACHERS, other_file=seen.file, other_row=seen.row)
                )
    # Each file's own schools: a teacher of another school is in the wrong file.
    own: dict[str, set[str]] = {}
    listed: dict[str, tuple[dict[str, object], Origin]] = {}
    for record, origin in zip(schools.rows, schools.origins, strict=True):
        code, name = cells.text(record.get("school_id")), cells.text(record.get("name"))
        own.setdefault(origin.file, set()).update(cells.key(x) for x in (code, name) if x)
        if not code:
            continue
        if code in listed:
            first_record, seen = listed[code]
            # A cell left blank in one file takes the other file's value; two values differ.
            differ = []
            for k in schools.keys:
                here, there = cells.text(record.get(k)), cells.text(first_record.get(k))
                if here and there and here != there:
                    differ.append(k)
                elif here and not there:
                    first_record[k] = record.get(k)
            if differ:
                issues.append(
                    _issue(
                        "merge_school_differs",
                        origin,
                        differ[0],
                        SCHOOLS,
                        school=code,
                        other_file=seen.file,
                        other_row=seen.row,
                    )
                )
        else:
            listed[code] = (record, origin)
    codes_by_key = {
        cells.key(cells.text(r.get(k))): c
        for c, (r, _) in listed.items()
        for k in ("school_id", "name")
        if cells.text(r.get(k))
    }
    taught: set[str] = set()
    for record, origin in zip(teachers.rows, teachers.origins, strict=True):
        for key in ("school_id", "school_name"):
            written = cells.text(record.get(key))
            if not written:
                continue
            taught.add(codes_by_key.get(cells.key(written), written))
            mine = own.get(origin.file)
            if mine and cells.key(written) not in mine:
                issues.append(
                    _issue(
                        "merge_foreign_school",
                        origin,
                        key,
                        TEACHERS,
                        schools="、".join(sorted(_codes(mine, listed))),
                    )
                )
            break
    if teachers.rows:
        for code, (_, origin) in listed.items():
            if code not in taught:  # a warning: a receiving school may send no roster
                notes.append(
                    _issue(
                        "merge_school_without_teachers", origin, "school_id", SCHOOLS, school=code
                    )
                )
    issues += _twice(
        merged["vacancies"],
        ("school_id", "school_name", "subject"),
        "merge_vacancy_twice",
        VACANCIES,
        codes_by_key,
    )
    issues += _policy_twice(merged["policy"])
    return issues


def _codes(keys: set[str], listed: dict[str, tuple[dict[str, object], Origin]]) -> list[str]:
    return [code for code in listed if cells.key(code) in keys]


def _twice(
    sheet: _Sheet, keys: tuple[str, ...], kind: str, spec: SheetSpec, codes: dict[str, str]
) -> list[Issue]:
    """Rows of ``sheet`` naming the same school and subject in two files."""
    first: dict[tuple[str, str], Origin] = {}
    found = []
    for record, origin in zip(sheet.rows, sheet.origins, strict=True):
        school = cells.text(record.get("school_id")) or cells.text(record.get("school_name"))
        subject = cells.text(record.get("subject"))
        if not school or not subject:
            continue
        at = (codes.get(cells.key(school), school), cells.subject(subject)[0])
        seen = first.setdefault(at, origin)
        if seen is not origin and seen.file != origin.file:
            found.append(
                _issue(
                    kind,
                    origin,
                    "subject",
                    spec,
                    school=at[0],
                    subject=at[1],
                    other_file=seen.file,
                    other_row=seen.row,
                )
            )
    return found


def _policy_twice(sheet: _Sheet) -> list[Issue]:
    """A policy key set in two files: once is enough (the same value twice is dropped),
    two different values are a problem."""
    from rotation_planner.io.policy_sheet import policy_key

    first: dict[str, tuple[object, Origin, int]] = {}
    found, keep = [], []
    for index, (record, origin) in enumerate(zip(sheet.rows, sheet.origins, strict=True)):
        written = cells.text(record.get("key"))
        if not written or written.startswith("#"):
            keep.append(index)
            continue
        key = policy_key(written)
        if key not in first:
            first[key] = (record.get("value"), origin, index)
            keep.append(index)
            continue
        value, seen, _ = first[key]
        if seen.file == origin.file:
            keep.append(index)  # the reader reports a key twice in one sheet
        elif cells.text(value) != cells.text(record.get("value")):
            found.append(
                _issue(
                    "merge_policy_differs",
                    origin,
                    "value",
                    POLICY,
                    param=key,
                    other_file=seen.file,
                    other_row=seen.row,
                )
            )
    sheet.rows = [sheet.rows[i] for i in keep]
    sheet.origins = [sheet.origins[i] for i in keep]
    return found


def _write(path: Path, merged: dict[str, _Sheet], lang: str) -> None:
    """The merged roster: each sheet with the contract's headers in ``lang``, schools
    listed in several files once."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for key, sheet in merged.items():
        if not sheet.keys:
            continue
        ws = wb.create_sheet(sheet.spec.title(lang))
        ws.append([_header(sheet.spec, k, lang) for k in sheet.keys])
        written: set[str] = set()
        kept_origins = []
        for record, origin in zip(sheet.rows, sheet.origins, strict=True):
            if key == "schools":
                code = cells.text(record.get("school_id"))
                if code and code in written:
                    continue  # the same school in two files, with the same values
                written.add(code)
            ws.append([record.get(k) for k in sheet.keys])
            kept_origins.append(origin)
        sheet.origins = kept_origins
        for cell in ws[1]:
            cell.font = openpyxl.styles.Font(bold=True)
    wb.properties.creator = "rotation_planner"
    wb.save(path)


def _header(spec: SheetSpec, key: str, lang: str) -> str:
    if key.startswith("extra:"):
        return key.removeprefix("extra:")
    return spec.column(key).label(lang)


def _origin(issue: Issue, merged: dict[str, _Sheet], lang: str) -> Issue:
    """An issue of the merged roster at the cell of the file it came from."""
    sheet = next((s for s in merged.values() if issue.sheet == s.spec.title(lang)), None)
    if sheet is None or issue.row is None or not 2 <= issue.row <= len(sheet.origins) + 1:
        return issue
    origin = sheet.origins[issue.row - 2]
    column, header = issue.column, issue.header
    if column is not None:
        index = openpyxl.utils.column_index_from_string(column) - 1
        key = sheet.keys[index] if index < len(sheet.keys) else None
        column, header = origin.columns.get(key, (None, header)) if key else (None, header)
    return Issue(
        origin.at(),
        origin.row,
        column,
        issue.message_en,
        issue.message_zh,
        issue.kind,
        header,
        issue.lines,
    )
