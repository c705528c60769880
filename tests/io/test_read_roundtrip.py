"""write_roster -> read_roster gives back the same instance, in both languages."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from rotation_planner.io.read import read_roster
from rotation_planner.io.roster_write import write_roster
from rotation_planner.policy import Policy
from tests.io.conftest import full_instance


def without_rows(instance: Instance) -> Instance:
    """The instance with every record's sheet row cleared (rows are where they landed)."""

    def clear(records: tuple) -> tuple:
        return tuple(dataclasses.replace(r, row=0) for r in records)

    return instance.replace(
        teachers=clear(instance.teachers),
        schools=clear(instance.schools),
        vacancies=clear(instance.vacancies),
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_gives_the_same_instance(tmp_path: Path, lang: str) -> None:
    original = full_instance()
    path = tmp_path / "roster.xlsx"
    write_roster(original, path, lang=lang)

    roster = read_roster(path)

    assert without_rows(roster.instance) == original
    assert roster.lang == lang
    assert roster.instance.plan_year == 2026
    assert roster.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert roster.path == path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_with_title_row_and_policy(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "roster.xlsx"
    overrides = {"Q1.min_share": 0.12, "E4.min_title": "二级", "P4.family_max_km": None}
    title = "XX县2026年教师花名册"
    write_roster(full_instance(), path, lang=lang, policy_overrides=overrides, title_row=title)

    roster = read_roster(path)

    assert without_rows(roster.instance) == full_instance()
    assert roster.policy.Q1.min_share == 0.12
    assert roster.policy.E4.min_title == 2
    assert roster.policy.P4.family_max_km is None
    # the title row pushes the header to row 2, so the first teacher is on row 3
    assert roster.instance.teachers[0].row == 3


def test_rows_are_excel_rows(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    write_roster(full_instance(), path)

    instance = read_roster(path).instance

    assert [t.row for t in instance.teachers] == list(range(2, 2 + len(instance.teachers)))
    assert [s.row for s in instance.schools] == list(range(2, 2 + len(instance.schools)))
    assert [v.row for v in instance.vacancies] == list(range(2, 2 + len(instance.vacancies)))


def test_sheet_names_follow_the_language(tmp_path: Path) -> None:
    zh, en = tmp_path / "zh.xlsx", tmp_path / "en.xlsx"
    write_roster(full_instance(), zh, lang="zh", policy_overrides={"Q1.min_share": 0.1})
    write_roster(full_instance(), en, lang="en", policy_overrides={"Q1.min_share": 0.1})

    assert openpyxl.load_workbook(zh).sheetnames == ["教师", "学校", "岗位需求", "政策参数"]
    assert openpyxl.load_workbook(en).sheetnames == ["Teachers", "Schools", "Vacancies", "Policy"]


def test_workbook_policy_goes_on_top_of_the_base_policy(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    write_roster(full_instance(), path, policy_overrides={"Q1.min_share": 0.12})
    base = Policy().with_overrides({"Q1.min_share": 0.2, "Q2.max_share": 0.3})

    policy = read_roster(path, base).policy

    assert policy.Q1.min_share == 0.12  # the workbook wins
    assert policy.Q2.max_share == 0.3  # the base stays where the workbook is silent


def test_reading_never_changes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    write_roster(full_instance(), path, title_row="花名册")
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns

    read_roster(path)

    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime


SUBJECTS = ("数学", "语文", "英语", "物理", "音乐", "体育")


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    """Small random instances whose text survives a workbook (no separators in names)."""
    n_schools = draw(st.integers(1, 5))
    schools = []
    for i in range(n_schools):
        schools.append(
            School(
                school_id=f"0{i}" if draw(st.booleans()) else f"S{i}",  # leading zeros stay
                name=f"第{i}学校",
                type=draw(st.sampled_from(SchoolType)),
                distance_km=draw(st.floats(0, 150, allow_nan=False).map(lambda x: round(x, 2))),
                staff=draw(st.integers(0, 200)),
                level=draw(st.sampled_from(("", "小学", "初中"))),
                latitude=draw(st.none() | st.floats(-90, 90).map(lambda x: round(x, 4))),
                longitude=draw(st.none() | st.floats(-180, 180).map(lambda x: round(x, 4))),
            )
        )
    ids = [s.school_id for s in schools]
    schools = [
        dataclasses.replace(
            s, paired_with=tuple(draw(st.lists(st.sampled_from(ids), unique=True, max_size=2)))
        )
        for s in schools
    ]
    schools = [
        dataclasses.replace(s, paired_with=tuple(p for p in s.paired_with if p != s.school_id))
        for s in schools
    ]
    vacancies = draw(
        st.lists(
            st.builds(Vacancy, st.sampled_from(ids), st.sampled_from(SUBJECTS), st.integers(0, 4)),
            max_size=6,
        )
    )
    receiving = sorted({v.school_id for v in vacancies if v.count > 0})
    n_teachers = draw(st.integers(1, 6))
    teacher_ids = [f"T{i:03d}" for i in range(n_teachers)]
    subject_lists = st.lists(st.sampled_from(SUBJECTS), min_size=1, max_size=3, unique=True)
    teachers = []
    # Couples are disjoint pairs; a link is written on one row or on both.
    order = draw(st.permutations(teacher_ids))
    partners: dict[str, str] = {}
    for i in range(draw(st.integers(0, len(order) // 2))):
        a, b = order[2 * i], order[2 * i + 1]
        sides = draw(st.sampled_from(((a, b), (a,), (b,))))
        partners.update({x: (b if x == a else a) for x in sides})
    for tid in teacher_ids:
        half_years = st.integers(0, 60).map(lambda x: x / 2)
        teachers.append(
            Teacher(
                teacher_id=tid,
                name=draw(st.sampled_from(("张伟", "李娜", "Wang Fang", "欧阳修"))),
                gender=draw(st.sampled_from(Gender)),
                age=draw(st.integers(18, 70)),
                school_id=draw(st.sampled_from(ids)),
                subjects=tuple(draw(subject_lists)),
                title=draw(st.sampled_from(Title)),
                years_at_school=draw(half_years),
                rural_years=draw(half_years),
                backbone=draw(st.sampled_from(Backbone)),
                subject_leader=draw(st.booleans()),
                status=draw(st.sampled_from(("", "在编在岗", "借调"))),
                teaching_years=draw(st.none() | half_years),
                last_rural_year=draw(st.none() | st.integers(1990, 2026)),
                exempt_reason=draw(st.sampled_from(("", "孕期", "病休"))),
                senior_applicant=draw(st.booleans()),
                promoted_last_year=draw(st.booleans()),
                volunteer=draw(st.booleans()),
                family_burden=draw(st.booleans()),
                spouse_id=partners.get(tid, ""),
                wishes=tuple(draw(st.lists(st.sampled_from(receiving), unique=True)))
                if receiving
                else (),
                # locked_to round-trips in full_instance: a random lock is an input error.
                locked_to="",
            )
        )
    return Instance(tuple(teachers), tuple(schools), tuple(vacancies), plan_year=2026)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(original=instances(), lang=st.sampled_from(("zh", "en")))
def test_round_trip_property(tmp_path: Path, original: Instance, lang: str) -> None:
    path = tmp_path / f"roster-{lang}.xlsx"
    write_roster(original, path, lang=lang)

    assert without_rows(read_roster(path).instance) == original
