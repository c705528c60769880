"""End to end on real workbooks: an impossible policy is explained with proven
relaxations (exit 3); --best-effort writes a plan with each breach reported (exit 1)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from rotation_planner.io.roster_write import write_roster
from tests.builders import instance, rural, school, teacher, vacancy
from tests.commands import planner


def roster(tmp_path: Path, lang: str = "en") -> Path:
    # Q1 needs 3 of 30 eligible; Q4 lets a school of 16 staff send 2.
    inst = instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1", staff=16), rural("R1")],
        [vacancy("R1", "数学", 10)],
    )
    path = tmp_path / "roster.xlsx"
    write_roster(inst, path, lang=lang, policy_overrides={"Q3.enabled": False})
    return path


def report_rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def test_infeasible_roster_names_the_conflict_and_proven_relaxations(tmp_path: Path):
    path = roster(tmp_path)
    run = planner("solve", path, "-q")
    assert run.returncode == 3
    text = " ".join(run.stdout.split())  # the console wraps long lines
    assert "Q1 needs >= 3 rotators (10% of 30 eligible), but Q4 allows at most 2" in text
    assert "Q4.max_share 0.15 -> 0.19" in text and "Q1.min_share 0.1 -> 0.06" in text
    rows = report_rows(tmp_path / "roster.plan.xlsx", "Constraint report")
    relax = [r for r in rows if r[3] == "relaxation"]
    assert {r[0] for r in relax} == {"Q1", "Q4"}
    assert all(r[5] == "re-solved: a plan exists" for r in relax)


def test_best_effort_writes_a_plan_and_reports_the_breach(tmp_path: Path):
    path = roster(tmp_path)
    out = tmp_path / "best.xlsx"
    run = planner("solve", path, "-q", "--best-effort", "-o", out)
    assert run.returncode == 1, run.stdout + run.stderr  # the plan breaks a rule
    assert "Best effort: may break Q1, Q2, Q3, Q4, P3, M1" in run.stdout
    assert "VIOLATED" in run.stdout
    violated = [r for r in report_rows(out, "Constraint report") if r[7] == "VIOLATED"]
    assert len(violated) == 1 and violated[0][0] in ("Q1", "Q4") and violated[0][6] == -1
    status = next(r for r in report_rows(out, "Run") if r[1] == "status")
    assert "best effort" in str(status[2])
    assert planner("check", path, out, "-q").returncode == 1


def test_best_effort_on_a_feasible_roster_is_an_ordinary_lawful_plan(tmp_path: Path):
    inst = instance(
        [teacher(f"A{i:02}") for i in range(20)],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 5)],
    )
    path = tmp_path / "ok.xlsx"
    write_roster(inst, path, lang="zh", policy_overrides={"Q3.enabled": False})
    run = planner("solve", path, "-q", "--best-effort")
    assert run.returncode == 0, run.stdout
    assert "尽力而为模式" in run.stdout and "全部规则满足" in run.stdout
