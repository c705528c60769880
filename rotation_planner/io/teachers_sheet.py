"""The Teachers sheet (教师) of a roster: one Teacher per row, checked cell by cell.

Age comes from the age column, else the birth date, else the resident ID number, counted
on the reference date (1 September of the plan year); gender from its column or the ID
number, and the two must agree. A resident ID number is one person: it may appear on
one row only. Spouses, wishes and locked schools must name teachers and schools of the
roster; a wish must name a school with a vacancy. A row is still
cross-checked when one of its cells is bad, so every problem is reported at once, but
no Teacher is built while the roster has any problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rotation_planner.domain import Backbone, Gender, Teacher
from rotation_planner.io import cells
from rotation_planner.io.cells import MAX_AGE, MIN_AGE
from rotation_planner.io.headers import TEACHERS
from rotation_planner.io.schools_sheet import Schools, Vacancies, school_ref
from rotation_planner.io.sheets import Collector, Table
from rotation_planner.policy import split_list


@dataclass
class Teachers:
    """The Teachers sheet as read: one record per row, then the Teachers built."""

    records: list[dict[str, Any]] = field(default_factory=list)
    rows_by_id: dict[str, int] = field(default_factory=dict)
    rows_by_id_number: dict[str, int] = field(default_factory=dict)
    built: list[Teacher] = field(default_factory=list)
    table: Table | None = None


def read_teachers(
    table: Table | None, schools: Schools, reference: dt.date, issues: Collector
) -> Teachers:
    """Every row of the Teachers sheet parsed; ages and years counted on ``reference``."""
    teachers = Teachers()
    if table is None or not table.cols:
        return teachers
    teachers.table = table
    required = [c for c in TEACHERS.columns if c.required]
    issues.require(table, required)
    if not (table.has("school_id") or table.has("school_name")):
        issues.missing_column(table, TEACHERS.column("school_id"))
    if not (table.has("age") or table.has("birth_date") or table.has("id_number")):
        issues.missing_column(table, TEACHERS.column("age"))
    if not (table.has("gender") or table.has("id_number")):
        issues.missing_column(table, TEACHERS.column("gender"))
    if not table.rows:
        issues.add("empty_sheet", table)
    for row, values in table.rows:
        record = _teacher(table, row, values, schools, teachers, reference, issues)
        teachers.records.append(record)
    return teachers


def _teacher(
    table: Table,
    row: int,
    values: Sequence[object],
    schools: Schools,
    teachers: Teachers,
    reference: dt.date,
    issues: Collector,
) -> dict[str, Any]:
    """One teacher row, parsed; ``ok`` is False when any cell had a problem (the row
    is still cross-checked, so that its other problems are reported too)."""
    ok = True

    def get(key: str, parse: Callable[[object], Any], required: bool = False) -> Any:
        nonlocal ok
        before = len(issues)
        result = issues.cell(table, row, values, key, parse, required=required)
        ok = ok and len(issues) == before
        return result

    teacher_id = get("teacher_id", cells.text, True)
    if teacher_id:
        first = teachers.rows_by_id.get(teacher_id)
        if first is not None:
            issues.add("duplicate_teacher_id", table, row, "teacher_id", other=first)
            ok = False
        else:
            teachers.rows_by_id[teacher_id] = row
    name = get("name", lambda v: str(v).strip(), True)
    ident = get("id_number", cells.id_number)
    if ident is not None:  # one resident ID is one person: two rows are one too many
        written = cells.id_text(table.get(values, "id_number"))
        first = teachers.rows_by_id_number.setdefault(written, row)
        if first != row:
            issues.add("duplicate_id_number", table, row, "id_number", other=first)
            ok = False
    gender = get("gender", cells.gender)
    if gender is None and ident is not None:
        gender = ident[1]
    elif gender is not None and ident is not None and gender != ident[1]:
        issues.add("gender_id_mismatch", table, row, "gender")
        ok = False
    if gender is None and not cells.is_blank(table.get(values, "gender")):
        pass  # already reported as a bad gender
    elif gender is None and cells.is_blank(table.get(values, "id_number")):
        at = next((k for k in ("gender", "id_number") if table.has(k)), None)
        if at is not None:
            issues.add("missing_gender", table, row, at)
        ok = False
    age = _age(table, row, values, ident, reference, issues)
    ok = ok and age is not None
    school_id = school_ref(table, row, values, schools, issues)
    ok = ok and school_id is not None
    subjects = get("subject", lambda v: cells.dedupe(split_list(cells.text(v))), True)
    if table.has("subject") and subjects == ():
        issues.add("missing_value", table, row, "subject")
        ok = False
    subjects = _subjects(table, row, subjects, issues)
    title = get("title", cells.title, True)
    legacy = cells.legacy_title(table.get(values, "title"))
    if legacy is not None:  # 小学高级 is 一级: said once per word, with its rows
        old, new = legacy
        zh, en = cells.title_word(new, "zh"), cells.title_word(new, "en")
        issues.note("legacy_title", table, row, "title", old=f"'{old}'", new_zh=zh, new_en=en)
    backbone = get("backbone", cells.backbone) or (Backbone.NONE, False)
    years = get("years_at_school", cells.years, True)
    rural = get("rural_years", cells.years, True)
    teaching = get("teaching_years", cells.years)
    latest = reference.year
    last_rural = get("last_rural_year", lambda v: cells.year(v, latest))
    rotated = get("rotated_years", lambda v: cells.years_list(v, latest)) or ()
    flags = {
        key: bool(get(key, cells.yes_no))
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
        "status": cells.status(table.get(values, "status")),
        "years_at_school": years,
        "rural_years": rural,
        "teaching_years": teaching,
        "last_rural_year": last_rural,
        "exempt_reason": cells.optional(table.get(values, "exempt_reason")),
        **flags,
        "spouse_id": cells.optional(table.get(values, "spouse_id")),
        "wishes": cells.optional(table.get(values, "wishes")),
        "locked_to": cells.optional(table.get(values, "locked_to")),
        "rotated_years": rotated,
    }


def _subjects(
    table: Table, row: int, subjects: tuple[str, ...] | None, issues: Collector
) -> tuple[str, ...] | None:
    """The subjects without a school level written before them (小学语文 is 语文), each
    such reading a warning."""
    if not subjects:
        return subjects
    read = []
    for written in subjects:
        subject, level = cells.subject(written)
        if level is not None:
            issues.note("subject_prefix", table, row, "subject", old=f"'{written}'",
                        new=f"'{subject}'")  # fmt: skip
        read.append(subject)
    return cells.dedupe(read)


def _age(
    table: Table,
    row: int,
    values: Sequence[object],
    ident: tuple[dt.date, Gender] | None,
    reference: dt.date,
    issues: Collector,
) -> int | None:
    """Age from the age column, else the birth date, else the ID number."""
    if not cells.is_blank(table.get(values, "age")):
        age = issues.cell(table, row, values, "age", cells.integer)
        if age is not None and not MIN_AGE <= age <= MAX_AGE:
            issues.add("age_out_of_range", table, row, "age", low=MIN_AGE, high=MAX_AGE)
            return None
        return age
    sources = (
        ("birth_date", cells.birth_date, "birth date", "出生日期"),
        ("id_number", None, "ID number", "身份证号"),
    )
    for key, parse, source_en, source_zh in sources:
        if cells.is_blank(table.get(values, key)):
            continue
        if parse is None:
            born = ident[0] if ident else None  # a bad ID is already reported
        else:
            born = issues.cell(table, row, values, key, parse)
        if born is None:
            return None
        age = cells.age_on(born, reference)
        if not MIN_AGE <= age <= MAX_AGE:
            issues.add(
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
        issues.add("missing_age", table, row, at)
    return None


def _spouse_links(teachers: Teachers) -> dict[str, set[str]]:
    """Every teacher id with the ids linked to it by a spouse cell on either row, itself
    included: a couple has two members, so more than two is a contradiction."""
    linked: dict[str, set[str]] = {r["teacher_id"]: {r["teacher_id"]} for r in teachers.records}
    for r in teachers.records:
        spouse = r["spouse_id"]
        if spouse and spouse in linked and spouse != r["teacher_id"]:
            linked[r["teacher_id"]].add(spouse)
            linked[spouse].add(r["teacher_id"])
    return linked


def build_teachers(
    teachers: Teachers, schools: Schools, vacancies: Vacancies, issues: Collector
) -> None:
    """Check each row's spouse, wishes and locked school against the roster, then build
    the Teachers (only while the roster has no problem at all)."""
    table = teachers.table
    receiving = {v.school_id for v in vacancies.built if v.count > 0}
    partners = _spouse_links(teachers)
    for record in teachers.records:
        row = record["row"]
        ok = record["ok"]
        spouse = record["spouse_id"]
        if spouse and spouse == record["teacher_id"]:
            issues.add("spouse_self", table, row, "spouse_id")
            ok = False
        elif spouse and spouse not in teachers.rows_by_id:
            issues.add("unknown_spouse", table, row, "spouse_id")
            ok = False
        elif spouse and len(partners[spouse] | partners[record["teacher_id"]]) > 2:
            issues.add("spouse_conflict", table, row, "spouse_id")
            ok = False
        wishes: list[str] = []
        for rank, item in enumerate(split_list(record["wishes"]), start=1):
            school_id = schools.resolve(item)
            if school_id is None:
                if not schools.broken:
                    issues.add("wish_unknown_school", table, row, "wishes", rank=rank)
                ok = False
            elif school_id not in receiving and not vacancies.broken:
                issues.add("wish_not_receiving", table, row, "wishes", rank=rank)
                ok = False
            elif school_id not in wishes:
                wishes.append(school_id)
        locked = ""
        if record["locked_to"]:
            locked = schools.resolve(record["locked_to"]) or ""
            if not locked:
                if not schools.broken:
                    issues.add("unknown_locked_school", table, row, "locked_to")
                ok = False
        if not ok or len(issues):
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
