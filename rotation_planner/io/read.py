"""Read a county roster workbook (ROSTER_FORMAT.md) into an Instance and a Policy.

The reader takes rosters as bureaus write them: Chinese or English sheet names and
headers with any listed alias, a title row above the header, blank rows, full-width
digits, numbers typed as text (``6年``), old title names, ages derived from birth dates
or resident ID numbers. It checks everything and reports every problem at once, each
with its sheet, row and column, in a ``RosterError``. It never writes to the file.

This module only puts the steps in order; each lives in its own module:
``workbook`` opens the file, ``sheets`` finds the sheets and header rows, ``cells``
parses values, ``policy_sheet``, ``schools_sheet`` and ``teachers_sheet`` read the
sheets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rotation_planner.domain import Instance, School
from rotation_planner.io.errors import Issue, RosterError, quote
from rotation_planner.io.headers import SCHOOLS, TEACHERS
from rotation_planner.io.policy_sheet import MAX_POLICY_NUMBER, implausible, read_policy_sheet
from rotation_planner.io.schools_sheet import link_pairs, read_schools, read_vacancies
from rotation_planner.io.sheets import Collector, Table, locate
from rotation_planner.io.teachers_sheet import build_teachers, read_teachers
from rotation_planner.io.workbook import open_workbook
from rotation_planner.policy import RULE_NAMES, Policy
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.locked import impossible_locks


@dataclass(frozen=True)
class Roster:
    """A roster read from a workbook: the instance, the policy in force (the base policy
    with the workbook's Policy sheet on top), the input's language, the file's SHA-256."""

    instance: Instance
    policy: Policy
    lang: str
    sha256: str
    path: Path
    # What was read other than as written, or skipped (a total row): not problems.
    warnings: tuple[Issue, ...] = ()


def _check_locks(
    instance: Instance, policy: Policy, table: Table | None, issues: Collector
) -> None:
    """A lock (``locked_to``) must name a school with a post the teacher may fill under
    the rules in force: otherwise it is an input error at its cell, with the rules that
    close the posts there, found before any solving."""
    names = {s.school_id: s.name for s in instance.schools}
    for t, rules in impossible_locks(Facts(instance, policy)):
        where = quote(names.get(t.locked_to, t.locked_to))
        if rules:
            named = [(rid, RULE_NAMES.get(rid, (rid, rid))) for rid in rules]
            issues.add(
                "lock_closed", table, t.row, "locked_to", school=where,
                rules_en=", ".join(f"{rid} {en}" for rid, (en, _) in named),
                rules_zh="、".join(f"{rid} {zh}" for rid, (_, zh) in named),
            )  # fmt: skip
        else:
            issues.add("lock_no_post", table, t.row, "locked_to", school=where)


def read_roster(
    path: Path, policy: Policy | None = None, overrides: Mapping[str, object] | None = None
) -> Roster:
    """Read and validate the roster workbook at ``path``.

    ``policy`` is the base policy (the defaults); the workbook's Policy sheet is applied
    on top of it, and ``overrides`` (a ``--policy`` TOML, already validated) on top of
    that: what the user names on the command line wins over the workbook.
    Raises ``RosterError`` listing every problem.
    """
    path = Path(path)
    data, sheets = open_workbook(path)
    issues = Collector()
    tables = locate(sheets, issues)
    for spec in (TEACHERS, SCHOOLS):
        if spec.key not in tables:
            issues.missing_sheet("missing_sheet", spec)

    base = read_policy_sheet(tables.get("policy"), policy or Policy(), issues)
    overrides = dict(overrides or {})
    for key, value in list(overrides.items()):  # a --policy file read without this check
        if implausible(value):
            del overrides[key]
            issues.add("policy_value_out_of_range", None, param=key, value=quote(value),
                       high=MAX_POLICY_NUMBER)  # fmt: skip
    in_force = base.with_overrides(overrides)
    reference = in_force.effective_reference_date(in_force.plan_year or dt.date.today().year)

    schools = read_schools(tables.get("schools"), issues)
    teachers = read_teachers(tables.get("teachers"), schools, reference, issues)
    vacancies = read_vacancies(tables.get("vacancies"), tables.get("schools"), schools, issues)
    link_pairs(schools, issues)
    build_teachers(teachers, schools, vacancies, issues)

    if len(issues):
        raise RosterError(issues.ordered(), issues.lang)

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
        plan_year=reference.year,
    )
    _check_locks(instance, in_force, tables.get("teachers"), issues)
    if len(issues):
        raise RosterError(issues.ordered(), issues.lang)
    return Roster(
        instance=instance,
        policy=in_force,
        lang=issues.lang,
        sha256=hashlib.sha256(data).hexdigest(),
        path=path,
        warnings=tuple(issues.notes()),
    )
