"""Write an Instance as a roster workbook that ``read_roster`` reads back unchanged.

Used by the tests and by the sample generator. Sheets and headers are Chinese or English.
The age is written as an age (no birth date or ID number), so a round trip is exact; the
instance's ``plan_year`` goes to the Policy sheet unless the overrides fix the year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rotation_planner.domain import Backbone, Instance, School, Teacher, Title, Vacancy
from rotation_planner.io.atomic import save_atomically
from rotation_planner.io.headers import POLICY, SCHOOLS, TEACHERS, VACANCIES, SheetSpec
from rotation_planner.vocabulary import (
    BACKBONES,
    GENDERS,
    IN_SERVICE,
    NO,
    SCHOOL_TYPES,
    SUBJECT_LEADER,
    TITLES,
    YES,
)

_TEACHER_KEYS = (
    "teacher_id", "name", "gender", "age", "school_id", "subject", "title", "backbone",
    "status", "years_at_school", "teaching_years", "rural_years", "last_rural_year",
    "exempt_reason", "senior_applicant", "promoted_last_year", "volunteer", "family_burden",
    "spouse_id", "wishes", "locked_to", "rotated_years",
)  # fmt: skip
_SCHOOL_KEYS = (
    "school_id", "name", "type", "distance_km", "level", "paired_with", "staff",
    "latitude", "longitude",
)  # fmt: skip
_VACANCY_KEYS = ("school_id", "subject", "count")
_TEXT_KEYS = frozenset(
    {"teacher_id", "school_id", "spouse_id", "locked_to", "wishes", "rotated_years"}
)


def write_roster(
    instance: Instance,
    path: Path,
    *,
    lang: str = "zh",
    policy_overrides: Mapping[str, object] | None = None,
    title_row: str | None = None,
) -> None:
    """Write ``instance`` as a roster workbook at ``path`` (atomically).

    ``lang`` picks Chinese ("zh") or English ("en") sheet names and headers.
    ``policy_overrides`` (``{"Q1.min_share": 0.15}``) fill the Policy sheet.
    ``title_row`` puts a merged title (``XX县2026年教师花名册``) above the Teachers header.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    path = Path(path)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)

    _table(
        workbook, TEACHERS, _TEACHER_KEYS, [_teacher_row(t, lang) for t in instance.teachers],
        lang, title_row,
    )  # fmt: skip
    _table(workbook, SCHOOLS, _SCHOOL_KEYS, [_school_row(s, lang) for s in instance.schools], lang)
    _table(workbook, VACANCIES, _VACANCY_KEYS, [_vacancy_row(v) for v in instance.vacancies], lang)
    overrides = dict(policy_overrides or {})
    if instance.plan_year is not None and not {"plan_year", "reference_date"} & set(overrides):
        overrides = {"plan_year": instance.plan_year, **overrides}
    if overrides:
        rows = [[key, _policy_cell(value, lang)] for key, value in overrides.items()]
        _table(workbook, POLICY, ("key", "value"), rows, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_atomically(path, workbook.save)


def _table(
    workbook: openpyxl.Workbook,
    spec: SheetSpec,
    keys: Sequence[str],
    rows: Sequence[Sequence[object]],
    lang: str,
    title_row: str | None = None,
) -> Worksheet:
    """One sheet: an optional merged title, the header, the rows. Identifier columns
    are text cells, so Excel keeps leading zeros and long codes."""
    ws = workbook.create_sheet(spec.title(lang))
    if title_row:
        ws.append([title_row])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(keys))
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append([spec.column(k).label(lang) for k in keys])
    header_row = ws.max_row
    for index, key in enumerate(keys, start=1):
        ws.cell(header_row, index).font = Font(bold=True)
        width = max(10, 2 * len(spec.column(key).label(lang)) + 2)
        ws.column_dimensions[get_column_letter(index)].width = min(width, 24)
    ws.freeze_panes = f"A{header_row + 1}"  # a string: ws.cell() would create the row
    text_columns = [i for i, key in enumerate(keys, start=1) if key in _TEXT_KEYS]
    for row_index, row in enumerate(rows, start=header_row + 1):
        ws.append(list(row))
        for index in text_columns:  # ws.max_row is O(cells): keep count ourselves
            ws.cell(row_index, index).number_format = "@"
    return ws


def _yes_no(value: bool, lang: str) -> str:
    return (YES if value else NO).shown(lang)


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _backbone(teacher: Teacher, lang: str) -> str:
    level = BACKBONES[teacher.backbone].shown(lang)
    leader = SUBJECT_LEADER.shown(lang)
    if not teacher.subject_leader:
        return level
    if teacher.backbone is Backbone.NONE:
        return leader
    return ("、" if lang == "zh" else ", ").join((level, leader))


def _teacher_row(t: Teacher, lang: str) -> list[object]:
    sep = "、" if lang == "zh" else ", "
    status = IN_SERVICE.shown(lang) if t.status == IN_SERVICE.zh else t.status
    return [
        t.teacher_id,
        t.name,
        GENDERS[t.gender].shown(lang),
        t.age,
        t.school_id,
        sep.join(t.subjects),
        TITLES[t.title].shown(lang),
        _backbone(t, lang),
        status or None,
        _number(t.years_at_school),
        _number(t.teaching_years),
        _number(t.rural_years),
        t.last_rural_year,
        t.exempt_reason or None,
        _yes_no(t.senior_applicant, lang),
        _yes_no(t.promoted_last_year, lang),
        _yes_no(t.volunteer, lang),
        _yes_no(t.family_burden, lang),
        t.spouse_id or None,
        sep.join(t.wishes) or None,
        t.locked_to or None,
        sep.join(str(y) for y in t.rotated_years) or None,
    ]


def _school_row(s: School, lang: str) -> list[object]:
    sep = "、" if lang == "zh" else ", "
    return [
        s.school_id,
        s.name,
        SCHOOL_TYPES[s.type].shown(lang),
        _number(s.distance_km),
        s.level or None,
        sep.join(s.paired_with) or None,
        s.staff,
        s.latitude,
        s.longitude,
    ]


def _vacancy_row(v: Vacancy) -> list[object]:
    return [v.school_id, v.subject, v.count]


def _policy_cell(value: object, lang: str) -> object:
    """A policy value as a cell the reader parses back to the same value."""
    if value is None:
        return "none"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Title):
        return TITLES[value].shown(lang)
    if isinstance(value, dt.date | bool | int | float | str):
        return value
    return str(value)
