"""The synthetic county: deterministic, realistic, and feasible under the default policy."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from rotation_planner.domain import Gender, Instance, SchoolType, Title
from rotation_planner.policy import Policy
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.m1_must_rotate import needs_rural_service as must_rotate
from rotation_planner.rules.p3_receiving_share import max_arrivals as p3_max_arrivals
from rotation_planner.rules.q1_min_share import min_rotators as q1_min_rotators
from rotation_planner.rules.q2_max_share import max_rotators as q2_max_rotators
from rotation_planner.rules.q3_backbone_share import min_backbone as q3_min_backbone
from rotation_planner.rules.q4_keep_staff import max_rotators as q4_max_rotators
from rotation_planner.sample import (
    default_school_count,
    generate_county,
    summarize,
    witness_plan,
    write_sample,
)

SAMPLE_DATA = Path(__file__).resolve().parent.parent / "sample_data"
POLICY = Policy()
SIZES = [(300, 1), (300, 2), (300, 3), (120, 4), (1000, 5), (3000, 1)]


@pytest.fixture(scope="module")
def county() -> Instance:
    return generate_county(3000, 1)


def _digest(inst: Instance) -> str:
    return hashlib.sha256(repr(inst).encode()).hexdigest()


# --- determinism -----------------------------------------------------------------------


def test_same_seed_same_county() -> None:
    assert generate_county(300, 7) == generate_county(300, 7)


def test_other_seed_other_county() -> None:
    a, b = generate_county(300, 7), generate_county(300, 8)
    assert a.teachers != b.teachers
    assert a.vacancies != b.vacancies


def test_independent_of_hash_seed() -> None:
    # Iterating a set of strings would make the county depend on PYTHONHASHSEED.
    code = (
        "import hashlib; from rotation_planner.sample import generate_county; "
        "print(hashlib.sha256(repr(generate_county(300, 7)).encode()).hexdigest())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert out.stdout.strip() == _digest(generate_county(300, 7))


def test_exact_teacher_count_and_ids() -> None:
    inst = generate_county(300, 1)
    assert len(inst.teachers) == 300
    assert inst.teachers[0].teacher_id == "T00001"
    assert inst.schools[0].school_id == "S001"
    assert inst.plan_year == 2026


def test_too_small_a_county_is_refused() -> None:
    with pytest.raises(ValueError):
        generate_county(10, 1)


# --- realism (POLICY.md, "Facts for realistic sample data") -----------------------------


def test_school_count_scales_with_size() -> None:
    assert 90 <= default_school_count(3000) <= 110
    assert 12 <= default_school_count(300) <= 15
    assert len(generate_county(300, 1, schools=20).schools) == 20


def test_every_school_type_present_urban_few_but_big(county: Instance) -> None:
    types = Counter(s.type for s in county.schools)
    assert set(types) == set(SchoolType)
    urban_share_of_schools = types[SchoolType.URBAN] / len(county.schools)
    urban_teachers = sum(
        1 for t in county.teachers if county.school_by_id[t.school_id].type is SchoolType.URBAN
    )
    assert urban_share_of_schools < 0.2
    assert urban_teachers / len(county.teachers) > 0.3


def test_school_names_and_ids_unique(county: Instance) -> None:
    assert len({s.name for s in county.schools}) == len(county.schools)
    names = {s.name for s in county.schools}
    assert {"城关第一小学", "城南中学"} <= names
    assert any(n.endswith("镇中心小学") for n in names)
    assert any(n.endswith("村小学") for n in names)
    assert any(n.endswith("教学点") for n in names)


def test_distances_by_school_type(county: Instance) -> None:
    ranges = {
        SchoolType.URBAN: (0, 5),
        SchoolType.TOWNSHIP: (10, 62),
        SchoolType.RURAL: (30, 110),
        SchoolType.VILLAGE: (30, 110),
        SchoolType.TEACHING_POINT: (30, 130),
    }
    for s in county.schools:
        lo, hi = ranges[s.type]
        assert lo <= s.distance_km <= hi, s
    assert max(s.distance_km for s in county.schools) > 100  # remote schools, 120+ km


def _share_50_plus(county: Instance, kind: SchoolType, level: str | None = None) -> float:
    ts = [
        t
        for t in county.teachers
        if county.school_by_id[t.school_id].type is kind
        and (level is None or county.school_by_id[t.school_id].level == level)
    ]
    return sum(1 for t in ts if t.age >= 50) / len(ts)


def test_older_teachers_in_the_countryside(county: Instance) -> None:
    # Jiangxi survey: county-town primary 17.7%, township central primary 38.5%, village 39%.
    assert _share_50_plus(county, SchoolType.URBAN, "小学") == pytest.approx(0.177, abs=0.05)
    assert _share_50_plus(county, SchoolType.TOWNSHIP, "小学") == pytest.approx(0.385, abs=0.07)
    assert _share_50_plus(county, SchoolType.VILLAGE) == pytest.approx(0.39, abs=0.08)


def test_recent_hires_mostly_women(county: Instance) -> None:
    young = [t for t in county.teachers if t.age <= 30]
    female = sum(1 for t in young if t.gender is Gender.FEMALE) / len(young)
    assert female == pytest.approx(0.80, abs=0.06)
    assert all(t.age <= 54 for t in county.teachers if t.gender is Gender.FEMALE)


def test_titles_rarer_in_the_countryside(county: Instance) -> None:
    def senior_share(kinds: set[SchoolType]) -> float:
        ts = [t for t in county.teachers if county.school_by_id[t.school_id].type in kinds]
        return sum(1 for t in ts if t.title >= Title.FIRST) / len(ts)

    remote = {SchoolType.RURAL, SchoolType.VILLAGE, SchoolType.TEACHING_POINT}
    assert senior_share(remote) < 0.4 < senior_share({SchoolType.URBAN})
    urban_mid = [
        t
        for t in county.teachers
        if county.school_by_id[t.school_id].type is SchoolType.URBAN and 31 <= t.age <= 49
    ]
    titles = Counter(t.title for t in urban_mid)
    assert titles[Title.FIRST] / len(urban_mid) == pytest.approx(0.58, abs=0.06)
    assert titles[Title.SENIOR] / len(urban_mid) == pytest.approx(0.18, abs=0.05)


def test_flags_in_plausible_proportions(county: Instance) -> None:
    n = len(county.teachers)
    eligible = [t for t in county.teachers if Facts(county, POLICY).is_eligible(t)]
    assert 0.15 <= sum(t.is_backbone for t in eligible) / len(eligible) <= 0.40
    assert sum(t.status == "在编在岗" for t in county.teachers) / n > 0.93
    assert {t.status for t in county.teachers} > {"在编在岗"}
    assert {t.exempt_reason for t in county.teachers} >= {"", "孕期", "哺乳期", "病休"}
    assert 0.05 <= sum(t.family_burden for t in county.teachers) / n <= 0.15
    assert 0.08 <= sum(t.volunteer for t in county.teachers) / n <= 0.20
    assert any(t.subject_leader for t in county.teachers)
    assert any(len(t.subjects) > 1 for t in county.teachers)
    urban = [
        t for t in county.teachers if county.school_by_id[t.school_id].type is SchoolType.URBAN
    ]
    assert sum(t.rural_years == 0 for t in urban) / len(urban) > 0.5
    spouses = {t.teacher_id: t.spouse_id for t in county.teachers if t.spouse_id}
    assert spouses and all(spouses[s] == t for t, s in spouses.items())


# --- feasible under the default policy --------------------------------------------------


@pytest.mark.parametrize(("teachers", "seed"), SIZES)
def test_quota_band_never_empty(teachers: int, seed: int) -> None:
    inst = generate_county(teachers, seed)
    for s in inst.schools:
        if s.type is not SchoolType.URBAN:
            continue
        eligible = sum(
            1 for t in inst.teachers_by_school[s.school_id] if Facts(inst, POLICY).is_eligible(t)
        )
        q1 = q1_min_rotators(eligible, POLICY)
        assert q1 <= min(q2_max_rotators(eligible, POLICY), q4_max_rotators(s.staff, POLICY)), s


@pytest.mark.parametrize(("teachers", "seed"), SIZES)
def test_vacancies_give_a_real_choice(teachers: int, seed: int) -> None:
    inst = generate_county(teachers, seed)
    summary = summarize(inst)
    assert 1.2 * summary.q1_min_total <= summary.vacancies <= 1.8 * summary.q1_min_total
    assert 1 <= len(summary.short_subjects) <= 3
    for s in inst.schools:
        posts = sum(v.count for v in inst.vacancy_slots if v.school_id == s.school_id)
        if s.type is SchoolType.URBAN:
            assert posts == 0
        else:
            assert posts <= p3_max_arrivals(s.staff, POLICY), s  # P3 never binds
            assert s.staff >= 2 * posts


@pytest.mark.parametrize(("teachers", "seed"), SIZES)
def test_necessary_conditions_for_q1_q3_m1(teachers: int, seed: int) -> None:
    inst = generate_county(teachers, seed)
    slots = inst.vacancy_slots

    facts = Facts(inst, POLICY)

    def placeable(t: object) -> bool:
        return any(facts.could_fill(t, v) for v in slots)  # type: ignore[arg-type]

    eligible = list(facts.eligible)
    q1_total = 0
    for s in inst.schools:
        if s.type is SchoolType.URBAN:
            mine = [t for t in eligible if t.school_id == s.school_id]
            q1 = q1_min_rotators(len(mine), POLICY)
            q1_total += q1
            assert sum(1 for t in mine if placeable(t)) >= q1, s
    assert sum(v.count for v in slots) >= q1_total
    backbone = [t for t in eligible if t.is_backbone and placeable(t)]
    assert len(backbone) >= q3_min_backbone(q1_total, 0, POLICY)
    must = [t for t in eligible if must_rotate(t, POLICY)]
    assert 1 <= len(must) <= max(1, q1_total // 6)
    for t in must:
        assert placeable(t) and not t.family_burden


@pytest.mark.parametrize(("teachers", "seed"), SIZES)
def test_witness_plan_passes_the_checker(teachers: int, seed: int) -> None:
    from rotation_planner.check import check_plan

    inst = generate_county(teachers, seed)
    plan = witness_plan(teachers, seed)
    result = check_plan(inst, POLICY, plan)
    # A witness of the eligibility, quota and post rules only: it ignores priority
    # points (R1-R3) and wishes (R4), which the checker rightly flags when a swap would
    # raise the points or a teacher with more points envies a seat.
    hard = [r for r in result.violations if r.rule_id not in ("R1", "R2", "R3", "R4")]
    assert not hard, hard
    assert len(plan.assignments) == summarize(inst).q1_min_total


def test_solver_finds_a_plan_but_cannot_fill_every_post() -> None:
    from rotation_planner import api

    inst = generate_county(300, 1)
    outcome = api.plan(inst, POLICY)
    assert outcome.plan is not None
    assert outcome.check.ok
    filled = len(outcome.plan.assignments)
    assert summarize(inst).q1_min_total <= filled < summarize(inst).vacancies


# --- workbooks -------------------------------------------------------------------------


def _without_rows(inst: Instance) -> Instance:
    def strip(items: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(dataclasses.replace(x, row=0) for x in items)

    return inst.replace(
        teachers=strip(inst.teachers), schools=strip(inst.schools), vacancies=strip(inst.vacancies)
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_write_sample_round_trip(tmp_path: Path, lang: str) -> None:
    from rotation_planner.io.read import read_roster

    path = tmp_path / "county.xlsx"
    inst = write_sample(path, 120, 4, lang=lang)
    assert inst == generate_county(120, 4)
    roster = read_roster(path)
    assert roster.lang == lang
    assert _without_rows(roster.instance) == inst
    title = openpyxl.load_workbook(path, read_only=True).worksheets[0]["A1"].value
    assert "2026" in title and ("花名册" in title if lang == "zh" else "roster" in title)


def test_committed_sample_matches_the_generator() -> None:
    from rotation_planner.io.read import read_roster

    path = SAMPLE_DATA / "sample_300.xlsx"
    if not path.exists():
        pytest.skip("sample_data/sample_300.xlsx not generated yet")
    assert _without_rows(read_roster(path).instance) == generate_county(300, 1)
