"""The Schools sheet (学校) and the Vacancies sheet (岗位需求) of a roster.

A school is referred to by its code or by its name anywhere in the roster (teachers,
vacancies, wishes, pairs): codes first, then names, both compared ignoring full-width
forms, case and spaces. Codes and names must each be unique. Vacancies come from their
own sheet or, when there is none, from Schools columns named after subjects (the cell
is the number of posts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rotation_planner.domain import Vacancy
from rotation_planner.io import cells
from rotation_planner.io.errors import quote
from rotation_planner.io.headers import SCHOOLS, VACANCIES
from rotation_planner.io.sheets import Collector, Table
from rotation_planner.policy import split_list


@dataclass
class Schools:
    """The Schools sheet as read: one record per school row, and how to resolve a
    reference to a school. ``broken`` when the sheet cannot be relied on (missing,
    without a code column), so that references to it are not reported as unknown."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_key: dict[str, dict[str, Any]] = field(default_factory=dict)
    name_rows: dict[str, int] = field(default_factory=dict)
    table: Table | None = None
    broken: bool = False
    _names: dict[str, str] | None = None

    def resolve(self, written: str) -> str | None:
        """The school_id a code or a name refers to (codes first)."""
        written = cells.text(written)
        if written in self.by_id:
            return written
        key = cells.key(written)
        if key in self.by_key:
            return self.by_key[key]["school_id"]
        if self._names is None:  # built once: resolve() runs after the sheet is read
            self._names = {cells.key(r["name"]): r["school_id"] for r in self.rows if r["name"]}
        return self._names.get(key)


@dataclass
class Vacancies:
    built: list[Vacancy] = field(default_factory=list)
    broken: bool = False


def read_schools(table: Table | None, issues: Collector) -> Schools:
    schools = Schools()
    if table is None or not table.cols:
        schools.broken = True
        return schools
    if not issues.require(table, [c for c in SCHOOLS.columns if c.required]):
        schools.broken = True
        if "school_id" not in table.cols:
            return schools
    if not table.rows:
        issues.add("empty_sheet", table)
    for row, values in table.rows:
        school_id = issues.cell(table, row, values, "school_id", cells.text, required=True)
        name = issues.cell(table, row, values, "name", cells.text, required=True)
        kind = issues.cell(table, row, values, "type", cells.school_type, required=True)
        distance = issues.cell(table, row, values, "distance_km", cells.distance, required=True)
        staff = issues.cell(table, row, values, "staff", cells.staff)
        lat = issues.cell(table, row, values, "latitude", cells.coordinate(90))
        lon = issues.cell(table, row, values, "longitude", cells.coordinate(180))
        if school_id:
            first = schools.by_key.get(cells.key(school_id))  # U1 and u1 are one code
            if first is not None:
                issues.add(
                    "duplicate_school_id",
                    table,
                    row,
                    "school_id",
                    value=quote(school_id),
                    other=first["row"],
                )
                continue
        if name:
            first_row = schools.name_rows.get(cells.key(name))
            if first_row is not None:
                issues.add(
                    "duplicate_school_name",
                    table,
                    row,
                    "name",
                    value=quote(name),
                    other=first_row,
                )
            else:
                schools.name_rows[cells.key(name)] = row
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
            "level": cells.text(table.get(values, "level")),
            "paired": cells.optional(table.get(values, "paired_with")),
            "paired_ids": [],
            "latitude": lat,
            "longitude": lon,
        }
        schools.by_id[school_id] = record
        schools.by_key[cells.key(school_id)] = record
        schools.rows.append(record)
    schools.table = table
    return schools


def link_pairs(schools: Schools, issues: Collector) -> None:
    """Resolve each school's paired schools (结对学校) into ``paired_ids``."""
    if schools.table is None:
        return
    for record in schools.rows:
        for item in split_list(record["paired"]):
            school_id = schools.resolve(item)
            if school_id is None:
                issues.add(
                    "unknown_paired_school",
                    schools.table,
                    record["row"],
                    "paired_with",
                    value=quote(item),
                )
            elif school_id == record["school_id"]:
                issues.add("paired_self", schools.table, record["row"], "paired_with")
            elif school_id not in record["paired_ids"]:
                record["paired_ids"].append(school_id)


def school_ref(
    table: Table, row: int, values: Sequence[object], schools: Schools, issues: Collector
) -> str | None:
    """The school a teacher or vacancy row names, by code or by name, in either column."""
    found: list[tuple[str, str]] = []
    unknown = "vacancy_unknown_school" if table.spec is VACANCIES else "unknown_school"
    for key in ("school_id", "school_name"):
        written = cells.text(table.get(values, key))
        if not written:
            continue
        school_id = schools.resolve(written)
        if school_id is None:
            if not schools.broken:
                issues.add(unknown, table, row, key, value=quote(written))
            return None
        found.append((school_id, written))
    if not found:
        if table.has("school_id") or table.has("school_name"):
            issues.add(
                "missing_value",
                table,
                row,
                "school_id" if table.has("school_id") else "school_name",
            )
        return None
    if len(found) == 2 and found[0][0] != found[1][0]:
        issues.add(
            "school_mismatch",
            table,
            row,
            "school_name",
            value=quote(found[0][1]),
            other=quote(found[1][1]),
        )
        return None
    return found[0][0]


def read_vacancies(
    table: Table | None, school_table: Table | None, schools: Schools, issues: Collector
) -> Vacancies:
    vacancies = Vacancies()
    if table is None and school_table is not None and school_table.extra:
        return _subject_columns(school_table, schools, issues)
    if table is None:
        vacancies.broken = True
        if school_table is not None:
            issues.missing_sheet("missing_vacancies", VACANCIES)
        return vacancies
    if not table.cols:
        vacancies.broken = True
        return vacancies
    required = [c for c in VACANCIES.columns if c.required]
    if not issues.require(table, required):
        vacancies.broken = True
    if not (table.has("school_id") or table.has("school_name")):
        issues.missing_column(table, VACANCIES.column("school_id"))
        vacancies.broken = True
    for row, values in table.rows:
        school_id = school_ref(table, row, values, schools, issues)
        subject = issues.cell(table, row, values, "subject", cells.text, required=True)
        if subject:
            subject, level = cells.subject(subject)
            if level is not None:  # 小学语文 is 语文: the school says the level
                written = cells.text(table.get(values, "subject"))
                issues.note("subject_prefix", table, row, "subject", old=f"'{written}'",
                            new=f"'{subject}'")  # fmt: skip
        count = issues.cell(table, row, values, "count", cells.count, required=True)
        if school_id and subject and count is not None:
            vacancies.built.append(Vacancy(school_id, subject, count, row))
    return vacancies


def _subject_columns(table: Table, schools: Schools, issues: Collector) -> Vacancies:
    """Vacancies given in Schools as one column per subject (the cell is the count)."""
    vacancies = Vacancies()
    for record in schools.rows:
        row, values = record["row"], record["values"]
        for col_index, header in table.extra:
            value = values[col_index] if col_index < len(values) else None
            if cells.is_blank(value):
                continue
            try:
                count = cells.count(value)
            except cells.BadCell as bad:
                issues.add_at(
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
            subject = cells.subject(cells.subject_header(header))[0]
            vacancies.built.append(Vacancy(record["school_id"], subject, count, row))
    return vacancies
