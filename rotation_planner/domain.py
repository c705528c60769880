"""The county's rotation problem in the bureau's own words.

Plain frozen dataclasses that check themselves. Nothing here imports ortools, pandas
or openpyxl: the reader fills these, the model and the checker only read them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from functools import cached_property


class DomainError(ValueError):
    """An instance that contradicts itself (raised only for programming errors;
    user input is validated, with cell references, before it reaches the domain)."""


class SchoolType(StrEnum):
    """School categories of ROSTER_FORMAT.md, from most to least central."""

    URBAN = "urban"  # 城区
    TOWNSHIP = "township"  # 乡镇
    RURAL = "rural"  # 农村
    VILLAGE = "village"  # 村小
    TEACHING_POINT = "teaching_point"  # 教学点


class Title(IntEnum):
    """中小学教师职称 since the 2015 reform, in rank order."""

    UNRANKED = 0  # 未定级
    THIRD = 1  # 三级
    SECOND = 2  # 二级 (old 初级)
    FIRST = 3  # 一级 (old 中级)
    SENIOR = 4  # 高级 (old 副高级)
    FULL_SENIOR = 5  # 正高级


class Backbone(IntEnum):
    """骨干 levels; 学科带头人 and 名师 are recorded with ``Teacher.subject_leader``."""

    NONE = 0  # 无
    SCHOOL = 1  # 校级
    COUNTY = 2  # 县级
    CITY = 3  # 市级
    PROVINCE = 4  # 省级


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"


@dataclass(frozen=True, slots=True)
class Teacher:
    """One row of the Teachers sheet, already validated and normalised.

    ``subjects`` lists the main subject first, then listed second subjects.
    ``row`` is the 1-based sheet row it came from, for messages that cite a cell.
    """

    teacher_id: str
    name: str
    gender: Gender
    age: int
    school_id: str
    subjects: tuple[str, ...]
    title: Title
    years_at_school: float
    rural_years: float
    backbone: Backbone = Backbone.NONE
    subject_leader: bool = False
    status: str = ""
    teaching_years: float | None = None
    last_rural_year: int | None = None
    exempt_reason: str = ""
    senior_applicant: bool = False
    promoted_last_year: bool = False
    volunteer: bool = False
    family_burden: bool = False
    spouse_id: str = ""
    wishes: tuple[str, ...] = ()
    locked_to: str = ""
    rotated_years: tuple[int, ...] = ()
    row: int = 0

    def __post_init__(self) -> None:
        if not self.teacher_id:
            raise DomainError("teacher_id is empty")
        if not self.subjects:
            raise DomainError(f"teacher {self.teacher_id} has no subject")
        if not 0 <= self.age <= 120:
            raise DomainError(f"teacher {self.teacher_id} has an impossible age")

    @property
    def is_backbone(self) -> bool:
        """骨干 at school level or above, or a subject leader / 名师 (POLICY.md)."""
        return self.backbone >= Backbone.SCHOOL or self.subject_leader

    def teaches(self, subject: str, *, second_subjects: bool = True) -> bool:
        """Whether this teacher may fill a vacancy in ``subject`` (P1)."""
        if second_subjects:
            return subject in self.subjects
        return subject == self.subjects[0]


@dataclass(frozen=True, slots=True)
class School:
    """One row of the Schools sheet. ``distance_km`` is to the county seat."""

    school_id: str
    name: str
    type: SchoolType
    distance_km: float
    staff: int
    level: str = ""
    paired_with: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    row: int = 0

    def __post_init__(self) -> None:
        if self.distance_km < 0:
            raise DomainError(f"school {self.school_id} has a negative distance")
        if self.staff < 0:
            raise DomainError(f"school {self.school_id} has a negative staff count")


@dataclass(frozen=True, slots=True)
class Vacancy:
    """``count`` posts in ``subject`` at receiving school ``school_id`` (岗位需求)."""

    school_id: str
    subject: str
    count: int
    row: int = 0

    def __post_init__(self) -> None:
        if self.count < 0:
            raise DomainError(f"vacancy {self.school_id}/{self.subject} has a negative count")


@dataclass(frozen=True)
class Instance:
    """A county roster: teachers, schools and vacancies. Policy lives apart (policy.py)."""

    teachers: tuple[Teacher, ...]
    schools: tuple[School, ...]
    vacancies: tuple[Vacancy, ...]
    plan_year: int | None = None

    def __post_init__(self) -> None:
        school_ids = {s.school_id for s in self.schools}
        if len(school_ids) != len(self.schools):
            raise DomainError("duplicate school id")
        if len({t.teacher_id for t in self.teachers}) != len(self.teachers):
            raise DomainError("duplicate teacher id")
        for t in self.teachers:
            if t.school_id not in school_ids:
                raise DomainError(f"teacher {t.teacher_id} names an unknown school")
        for v in self.vacancies:
            if v.school_id not in school_ids:
                raise DomainError(f"vacancy names unknown school {v.school_id}")
        self.spouse_of  # noqa: B018 (spouse links must agree: checked on creation)

    def replace(self, **changes: object) -> Instance:
        """A copy with some fields changed: the basis of what-if scenarios."""
        return dataclasses.replace(self, **changes)

    def in_year(self, year: int) -> Instance:
        """The same roster planned for ``year``: the plan year (the one place it lives)
        moves, and every teacher is that many years older, with that many more years at
        the school and of teaching. Recorded rotations and rural service keep their
        years, so E5 and R1 count from the new year."""
        if self.plan_year is None or year == self.plan_year:
            return dataclasses.replace(self, plan_year=year)
        d = year - self.plan_year
        teachers = tuple(
            dataclasses.replace(
                t,
                age=min(120, max(0, t.age + d)),
                years_at_school=max(0.0, t.years_at_school + d),
                teaching_years=None if t.teaching_years is None else max(0.0, t.teaching_years + d),
            )
            for t in self.teachers
        )
        return dataclasses.replace(self, teachers=teachers, plan_year=year)

    @cached_property
    def school_by_id(self) -> Mapping[str, School]:
        return {s.school_id: s for s in self.schools}

    @cached_property
    def teacher_by_id(self) -> Mapping[str, Teacher]:
        return {t.teacher_id: t for t in self.teachers}

    @cached_property
    def teachers_by_school(self) -> Mapping[str, tuple[Teacher, ...]]:
        out: dict[str, list[Teacher]] = {s.school_id: [] for s in self.schools}
        for t in self.teachers:
            out[t.school_id].append(t)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def spouse_of(self) -> Mapping[str, str]:
        """Each married teacher's spouse, both ways. A link named on one row only holds
        for both; two rows that name different spouses for one teacher, a spouse not on
        the roster, or a teacher named as their own spouse contradict the roster."""
        out: dict[str, str] = {}
        for t in self.teachers:
            if not t.spouse_id:
                continue
            if t.spouse_id == t.teacher_id or t.spouse_id not in self.teacher_by_id:
                raise DomainError(f"teacher {t.teacher_id} names an impossible spouse")
            for a, b in ((t.teacher_id, t.spouse_id), (t.spouse_id, t.teacher_id)):
                if out.setdefault(a, b) != b:
                    raise DomainError(f"teacher {a} has two different spouses")
        return out

    @cached_property
    def couples(self) -> tuple[tuple[str, str], ...]:
        """Every couple once, as (smaller id, larger id), sorted."""
        return tuple(sorted({(min(a, b), max(a, b)) for a, b in self.spouse_of.items()}))

    @cached_property
    def vacancy_slots(self) -> tuple[Vacancy, ...]:
        """Vacancies merged per (school, subject), with positive counts, in a fixed order."""
        merged: dict[tuple[str, str], int] = {}
        for v in self.vacancies:
            merged[(v.school_id, v.subject)] = merged.get((v.school_id, v.subject), 0) + v.count
        return tuple(
            Vacancy(school_id=s, subject=subj, count=c)
            for (s, subj), c in sorted(merged.items())
            if c > 0
        )

    def distance_km(self, from_school: str, to_school: str) -> float:
        """Travel distance between two schools, in km.

        With coordinates on both schools: the great-circle distance. Without: the trip
        through the county seat (distance of one plus the other), which is how roads in
        a mountain county mostly run and which never understates a commute.
        """
        if from_school == to_school:
            return 0.0
        a, b = self.school_by_id[from_school], self.school_by_id[to_school]
        if None not in (a.latitude, a.longitude, b.latitude, b.longitude):
            return _haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        return a.distance_km + b.distance_km


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


@dataclass(frozen=True, slots=True)
class Assignment:
    """Teacher ``teacher_id`` goes to ``to_school_id`` to fill a post in ``subject``."""

    teacher_id: str
    to_school_id: str
    subject: str


@dataclass(frozen=True)
class Plan:
    """A rotation plan: who goes where. Made by the solver, or read from a workbook
    (possibly made by hand); the checker treats both alike."""

    assignments: tuple[Assignment, ...] = ()

    @classmethod
    def of(cls, assignments: Iterable[Assignment]) -> Plan:
        return cls(tuple(sorted(assignments, key=lambda a: a.teacher_id)))

    @cached_property
    def by_teacher(self) -> Mapping[str, Assignment]:
        return {a.teacher_id: a for a in self.assignments}


@dataclass(frozen=True, slots=True)
class TierResult:
    """One objective tier's outcome: value, proven bound and whether it is optimal."""

    name: str
    status: str
    value: float
    bound: float
    wall_s: float

    @property
    def gap(self) -> float:
        if self.value == self.bound:
            return 0.0
        return abs(self.bound - self.value) / max(1.0, abs(self.bound))


@dataclass(frozen=True)
class SolveResult:
    """What a solve returns, always, plan or no plan. ``status`` is OPTIMAL, FEASIBLE,
    INFEASIBLE, MODEL_INVALID or UNKNOWN."""

    status: str
    plan: Plan | None
    tiers: tuple[TierResult, ...] = ()
    wall_s: float = 0.0
    solver: str = ""
    conflicts: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_plan(self) -> bool:
        return self.plan is not None


@dataclass(frozen=True)
class RunInfo:
    """What the Run sheet records so that a plan can be reproduced and audited."""

    input_name: str
    input_sha256: str
    seed: int
    workers: int
    solver: str
    status: str
    tiers: tuple[TierResult, ...] = ()
    wall_s: float = 0.0
    lang: str = "zh"
    tool_version: str = ""
