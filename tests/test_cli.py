"""End to end through the command line: real .xlsx in, real .xlsx out. In-process, but for
one real process per command (solve, check, validate)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from rotation_planner.io.roster_write import write_roster
from tests.builders import instance, rural, school, teacher, vacancy
from tests.commands import planner, planner_process

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "sample_300.xlsx"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assignments(path: Path) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    sheet = wb["交流名单" if "交流名单" in wb.sheetnames else "Assignments"]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "roster.xlsx"
    shutil.copy(SAMPLE, copy)
    return copy


def test_solve_sample_writes_a_plan_the_checker_accepts(sample: Path):
    before = sha(sample)
    run = planner_process("solve", sample, "--quiet")
    assert run.returncode == 0, run.stderr
    plan = sample.with_name("roster.plan.xlsx")
    assert plan.exists() and sha(sample) == before  # input untouched
    wb = openpyxl.load_workbook(plan)
    assert wb.sheetnames == [
        "方案摘要",
        "交流名单",
        "公示名单",
        "学校通知",
        "学校汇总",
        "未选派",
        "分数线",
        "抽签号",
        "约束报告",
        "运行信息",
    ]
    check = planner_process("check", sample, plan, "--quiet")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 项违反" in check.stdout
    assert not list(sample.parent.glob("*.tmp*"))  # atomic write left nothing behind


def test_run_sheet_records_hash_seed_and_solver(sample: Path):
    assert planner("solve", sample, "-q", "--seed", "11", "--lang", "en").returncode == 0
    wb = openpyxl.load_workbook(sample.with_name("roster.plan.xlsx"))
    assert wb.sheetnames[:2] == ["Summary", "Assignments"]
    cells = {str(c) for row in wb["Run"].iter_rows(values_only=True) for c in row if c is not None}
    assert sha(sample) in cells and "11" in cells
    assert any("CP-SAT" in c for c in cells)


def test_method_cp_sat_is_the_reference_with_the_same_tier_values(sample: Path, tmp_path: Path):
    """--method picks the solve path (the Run sheet names it); both prove the same optimum."""
    runs = {}
    for method in ("lp", "cp-sat"):
        out = tmp_path / f"{method}.xlsx"
        run = planner("solve", sample, "-q", "--lang", "en", "-o", out, "--method", method)
        assert run.returncode == 0, run.stderr
        rows = list(openpyxl.load_workbook(out)["Run"].iter_rows(values_only=True))
        solver = next(str(r[2]) for r in rows if r[1] == "solver and version")
        tiers = [(r[1], r[2], r[3]) for r in rows if r[0] == "objective tier"]
        runs[method] = (solver, tiers)
    assert "GLOP" in runs["lp"][0] and "GLOP" not in runs["cp-sat"][0]
    assert runs["lp"][1] == runs["cp-sat"][1] and len(runs["lp"][1]) >= 6
    assert all(status == "proven optimal" for _, _, status in runs["lp"][1])


def test_same_input_same_seed_same_assignments_any_worker_count(sample: Path, tmp_path: Path):
    outs = []
    for i, workers in enumerate((1, 1, 2)):
        out = tmp_path / f"plan{i}.xlsx"
        assert planner("solve", sample, "-q", "-o", out, "--workers", workers).returncode == 0
        outs.append(assignments(out))
    assert outs[0] == outs[1] == outs[2]
    assert len(outs[0]) > 1


def test_validate_prints_a_summary(sample: Path):
    run = planner_process("validate", sample, "-q")
    assert run.returncode == 0
    assert "教师 300 人" in run.stdout and "岗位需求" in run.stdout


def test_bad_input_exit_2_every_problem_no_traceback_no_output(tmp_path: Path):
    inst = instance([teacher("T1"), teacher("T2")], [school("U1"), rural("R1")], [vacancy("R1")])
    path = tmp_path / "bad.xlsx"
    write_roster(inst, path, lang="en")
    wb = openpyxl.load_workbook(path)
    ws = wb["Teachers"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=3, column=headers.index("teacher_id") + 1, value="T1")  # duplicate id
    ws.cell(row=2, column=headers.index("title") + 1, value="大师")  # bad title
    wb.save(path)
    before = sha(path)
    run = planner("solve", path)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr + run.stdout
    assert "Teachers" in run.stderr and run.stderr.count("\n") >= 3
    assert not path.with_name("bad.plan.xlsx").exists() and sha(path) == before


def test_not_a_workbook_exit_2(tmp_path: Path):
    path = tmp_path / "roster.xlsx"
    path.write_text("teacher_id,name\nT1,x\n")
    run = planner("solve", path)
    assert run.returncode == 2 and "Traceback" not in run.stderr


def test_no_lawful_plan_exit_3_with_the_conflict_and_a_report(tmp_path: Path):
    inst = instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1", staff=16), rural("R1")],
        [vacancy("R1", "数学", 10)],
    )
    path = tmp_path / "tight.xlsx"
    write_roster(inst, path, lang="en", policy_overrides={"Q3.enabled": False})
    run = planner("solve", path, "-q")
    assert run.returncode == 3, run.stdout + run.stderr
    assert "Q1 needs >= 3" in run.stdout and "Q4 allows at most 2" in run.stdout
    report = openpyxl.load_workbook(tmp_path / "tight.plan.xlsx")
    assert "Constraint report" in report.sheetnames
    statuses = [row for row in report["Constraint report"].iter_rows(values_only=True)]
    assert any("VIOLATED" in row for row in statuses)


def test_policy_file_changes_the_plan(sample: Path, tmp_path: Path):
    toml = tmp_path / "p.toml"
    toml.write_text('"Q1.min_share" = 0.0\n"Q2.max_share" = 0.05\n')
    base, tight = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert planner("solve", sample, "-q", "-o", base).returncode == 0
    assert planner("solve", sample, "-q", "-o", tight, "--policy", toml).returncode == 0
    assert len(assignments(tight)) < len(assignments(base))


def test_unknown_policy_key_in_toml_exit_2(sample: Path, tmp_path: Path):
    toml = tmp_path / "p.toml"
    toml.write_text('"Q9.min_share" = 0.1\n')
    run = planner("solve", sample, "--policy", toml)
    assert run.returncode == 2 and "Q9.min_share" in run.stderr


def test_policy_file_wins_over_the_policy_sheet(tmp_path: Path):
    inst = instance(
        [teacher(f"A{i:02}") for i in range(30)], [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 10)],
    )  # fmt: skip
    path = tmp_path / "r.xlsx"
    write_roster(
        inst, path, lang="en", policy_overrides={"Q3.enabled": False, "Q2.max_share": 0.15}
    )
    toml = tmp_path / "p.toml"
    toml.write_text('"Q2.max_share" = 0.1\n')
    sheet_only, both = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert planner("solve", path, "-q", "-o", sheet_only).returncode == 0
    assert planner("solve", path, "-q", "-o", both, "--policy", toml).returncode == 0
    assert len(assignments(sheet_only)) - 1 == 5  # ceil(15% of 30)
    assert len(assignments(both)) - 1 == 3  # ceil(10% of 30): the file's value
