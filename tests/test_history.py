"""Multi-year state: earlier plans mark who rotated when; stats show who was never asked."""

from __future__ import annotations

import shutil
from pathlib import Path

from rotation_planner.domain import Assignment, Plan
from rotation_planner.history import apply_history, school_history
from rotation_planner.policy import Policy
from tests.builders import instance, rural, school, teacher, vacancy
from tests.commands import planner, planner_process
from tests.test_cli import SAMPLE, assignments


def _county():
    return instance(
        [teacher(f"T{i}") for i in range(10)] + [teacher("X", "R1")],
        [school("U1"), rural("R1")],
        [vacancy("R1", count=2)],
    )


def test_apply_history_marks_the_year_and_ignores_unknown_teachers():
    past = Plan.of([Assignment("T1", "R1", "数学"), Assignment("GONE", "R1", "数学")])
    inst = apply_history(
        _county(), [(past, 2024), (Plan.of([Assignment("T1", "R1", "数学")]), 2021)]
    )
    assert inst.teacher_by_id["T1"].rotated_years == (2021, 2024)
    assert inst.teacher_by_id["T2"].rotated_years == ()


def test_school_history_counts_never_asked():
    past = Plan.of([Assignment("T1", "R1", "数学"), Assignment("T2", "R1", "数学")])
    rows = school_history(apply_history(_county(), [(past, 2025)]), Policy())
    assert len(rows) == 1  # only the sending school
    (u1,) = rows
    assert (u1.eligible, u1.rotated_by_year, u1.ever_rotated, u1.never_asked) == (
        10,
        {2025: 2},
        2,
        8,
    )


def test_history_flag_keeps_last_years_rotators_home(tmp_path: Path):
    roster = tmp_path / "roster.xlsx"
    shutil.copy(SAMPLE, roster)
    first, second = tmp_path / "plan-a.xlsx", tmp_path / "plan-b.xlsx"
    assert planner("solve", roster, "-q", "-o", first).returncode == 0
    # The year is the one its Run sheet records (the roster's plan year, 2026)
    run = planner("solve", roster, "-q", "-o", second, "--history", str(first))
    assert run.returncode == 0, run.stdout + run.stderr
    before = {row[0] for row in assignments(first)[1:]}
    after = {row[0] for row in assignments(second)[1:]}
    assert before and after and not before & after
    stats = planner_process("stats", roster, "-q", "--history", f"{first}:2026")
    assert stats.returncode == 0 and "2026" in stats.stdout and "从未交流" in stats.stdout
    # a year its Run sheet contradicts is refused, in the roster's language
    wrong = planner("stats", roster, "-q", "--history", f"{first}:2025")
    assert wrong.returncode == 2 and "其运行信息记录的方案年份为 2026, 而非 2025" in wrong.stderr
