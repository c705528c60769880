"""Multi-year state: who rotated in which year, and who has never been asked.

A teacher's past rotations come from the roster's ``rotated_years`` column (交流年份)
or from earlier plans (``--history plan-2025.xlsx``). E5 exempts anyone who rotated in
the last ``E5.rotated_within_years`` years; ``planner stats`` shows, per school, how
many of its eligible teachers have rotated over the years.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rotation_planner.domain import Instance, Plan
from rotation_planner.policy import Policy
from rotation_planner.rules.facts import Facts


def apply_history(inst: Instance, past: Iterable[tuple[Plan, int]]) -> Instance:
    """A copy of ``inst`` in which every teacher of each past plan carries that plan's
    year in ``rotated_years``. Teachers no longer on the roster are ignored."""
    years: dict[str, set[int]] = {}
    for plan, year in past:
        for a in plan.assignments:
            years.setdefault(a.teacher_id, set()).add(year)
    if not years:
        return inst
    teachers = tuple(
        dataclasses.replace(
            t, rotated_years=tuple(sorted(set(t.rotated_years) | years[t.teacher_id]))
        )
        if t.teacher_id in years
        else t
        for t in inst.teachers
    )
    return inst.replace(teachers=teachers)


@dataclass(frozen=True)
class SchoolHistory:
    """One sending school's record: its eligible teachers (ignoring recent rotation),
    how many of them rotated in each year, and how many were never asked."""

    school_id: str
    name: str
    eligible: int
    rotated_by_year: Mapping[int, int]
    ever_rotated: int

    @property
    def never_asked(self) -> int:
        return self.eligible - self.ever_rotated


def school_history(inst: Instance, p: Policy) -> list[SchoolHistory]:
    """Per sending school: teachers who pass E1-E6 apart from the recent-rotation
    exemption (so a teacher who just came back still counts), and their rotations."""
    facts = Facts(inst, p.with_overrides({"E5.rotated_within_years": 0}))
    out = []
    for school in inst.schools:
        if not facts.is_sending(school.school_id):
            continue
        pool = list(facts.eligible_by_school.get(school.school_id, ()))
        by_year: dict[int, int] = {}
        for t in pool:
            for y in t.rotated_years:
                by_year[y] = by_year.get(y, 0) + 1
        out.append(
            SchoolHistory(
                school.school_id, school.name, len(pool), dict(sorted(by_year.items())),
                sum(1 for t in pool if t.rotated_years),
            )
        )  # fmt: skip
    return out
