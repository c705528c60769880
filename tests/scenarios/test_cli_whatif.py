"""planner whatif and planner compare through the real command line on the 300-teacher
sample: real .xlsx in and out, figures equal to each scenario solved alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from rotation_planner import api
from rotation_planner.io.read import read_roster
from rotation_planner.report.compare import kpis
from rotation_planner.report.explain import PlanFacts
from rotation_planner.report.tables import assignments_table
from tests.commands import planner, planner_process
from tests.scenarios.conftest import add_sheet

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "sample_300.xlsx"


def sheet_rows(path: Path, name: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path)
    return [tuple(r) for r in wb[name].iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample with a Scenarios sheet, its whatif workbook, and plans solved alone."""
    tmp = tmp_path_factory.mktemp("whatif")
    roster = tmp / "roster.xlsx"
    shutil.copy(SAMPLE, roster)
    loaded = read_roster(roster)
    first_post = loaded.instance.vacancy_slots[0]
    rotator = api.plan(loaded.instance, loaded.policy).plan.assignments[0].teacher_id
    add_sheet(roster, "Scenarios", [
        ["scenario", "change", "setting", "to", "school", "post subject", "teacher_id",
         "count", "description"],
        ["E3 55", "policy", "E3.max_age_male", 55, None, None, None, None, "+SUM(A1:A2)"],
        ["Q1 30%", "policy", "Q1.min_share", "30%"],
        ["close", "close_post", None, None, first_post.school_id, first_post.subject],
        ["exempt", "exempt", None, None, None, None, rotator],
    ])  # fmt: skip
    out = tmp / "roster.whatif.xlsx"
    # The real command, solving in its own process (the pool of worker processes is run
    # for real by the Ctrl-C test and in tests/scenarios/test_run.py).
    run = planner_process("whatif", roster, "-q", "--lang", "en", "--jobs", "1")
    (tmp / "policy_e3.toml").write_text('"E3.max_age_male" = 55\n', encoding="utf-8")
    alone = planner("solve", roster, "-q", "--lang", "en", "--policy", tmp / "policy_e3.toml",
                    "-o", tmp / "e3.plan.xlsx")  # fmt: skip
    base = planner("solve", roster, "-q", "--lang", "en", "-o", tmp / "base.plan.xlsx")
    assert alone.returncode == 0 and base.returncode == 0, alone.stderr + base.stderr
    return {"roster": roster, "out": out, "tmp": tmp, "stdout": run.stdout, "rc": run.returncode,
            "stderr": run.stderr}  # type: ignore[dict-item]  # fmt: skip


def test_whatif_writes_one_workbook_and_exits_0(workspace):  # type: ignore[no-untyped-def]
    assert workspace["rc"] == 0, workspace["stderr"]
    wb = openpyxl.load_workbook(workspace["out"])
    assert wb.sheetnames == ["KPIs", "Scenarios", "Changes", "baseline", "E3 55", "Q1 30%",
                             "close", "exempt"]  # fmt: skip
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "B2") and ws.auto_filter.ref
    description = wb["Scenarios"]["B3"]
    # text Excel would run stays text: a string with the quote prefix, never a formula
    assert description.value == "+SUM(A1:A2)" and description.data_type == "s"
    assert description.quotePrefix
    assert not list(workspace["tmp"].glob("*.tmp*"))
    assert "Q1 30%: no lawful plan exists (proven)" in workspace["stdout"]


def test_infeasible_scenario_shows_its_diagnosis(workspace):  # type: ignore[no-untyped-def]
    rows = {r[0]: r for r in sheet_rows(workspace["out"], "Scenarios")[1:]}
    status, diagnosis = rows["Q1 30%"][4], rows["Q1 30%"][7]
    assert status == "no lawful plan exists (proven)" and "Q1" in diagnosis and "Q2" in diagnosis
    assert all(rows[n][4] == "proven optimal" for n in ("baseline", "E3 55", "close", "exempt"))
    # How each was solved: a roster edit as a re-plan of the baseline, a policy anew.
    solved_as = {n: rows[n][3] for n in rows}
    assert solved_as == {
        "baseline": None, "E3 55": "solved anew (policy changed)",
        "Q1 30%": "solved anew (policy changed)",
        "close": "re-plan of the baseline (fewest changes)",
        "exempt": "re-plan of the baseline (fewest changes)",
    }  # fmt: skip


def test_figures_equal_each_scenario_solved_alone(workspace):  # type: ignore[no-untyped-def]
    from rotation_planner.io.scenario_read import read_scenarios

    loaded = read_roster(workspace["roster"])
    scenarios = read_scenarios(workspace["roster"], loaded.instance, loaded.policy)
    kpi_rows = sheet_rows(workspace["out"], "KPIs")
    header = kpi_rows[0]
    figures = {row[0]: row for row in kpi_rows[1:]}
    baseline = api.plan(loaded.instance, loaded.policy, lang="en").plan
    for scenario in scenarios:
        inst, policy = scenario.apply(loaded.instance, loaded.policy)
        # A roster edit is solved as a re-plan of the baseline; a policy change anew.
        previous = baseline if scenario.edits else None
        alone = api.plan(inst, policy, lang="en", previous=previous)
        col = header.index(scenario.name)
        if alone.plan is None:
            assert figures["status"][col] == "no lawful plan exists (proven)"
            continue
        k = kpis(api.plan_variant(scenario.name, inst, policy, alone.plan))
        assert figures["rotators"][col] == k.rotators
        assert figures["vacancies filled"][col] == k.filled
        assert figures["max commute (km)"][col] == pytest.approx(k.max_km, abs=0.05)
        plan_sheet = sheet_rows(workspace["out"], scenario.name)
        expected = assignments_table(PlanFacts(inst, policy, alone.plan), "en")
        assert plan_sheet[1:] == [tuple(r) for r in expected.rows], scenario.name


def test_one_teacher_exempt_changes_as_many_placements_as_replan(workspace):  # type: ignore[no-untyped-def]
    """The what-if "one teacher exempt" answers the bureau's question: what changes if
    this teacher stays home. It reports the changes replan makes for the same edit."""
    from rotation_planner.io.scenario_read import read_scenarios

    loaded = read_roster(workspace["roster"])
    exempt = next(
        s for s in read_scenarios(workspace["roster"], loaded.instance, loaded.policy)
        if s.name == "exempt"
    )  # fmt: skip
    baseline = api.plan(loaded.instance, loaded.policy, lang="en").plan
    inst, policy = exempt.apply(loaded.instance, loaded.policy)
    replanned = api.replan(inst, policy, baseline, lang="en")
    kpi_rows = sheet_rows(workspace["out"], "KPIs")
    changed = next(r for r in kpi_rows if str(r[0]).startswith("placements changed"))
    assert changed[kpi_rows[0].index("exempt")] == replanned.changed
    assert 1 <= replanned.changed <= 3  # the exempt teacher's post, refilled
    assert "exempt: proven optimal, " in workspace["stdout"]
    line = next(x for x in workspace["stdout"].splitlines() if x.startswith("exempt: "))
    assert line.endswith(f"changed {replanned.changed}")


def test_scenario_sheet_equals_planner_solve_with_the_same_policy(workspace):  # type: ignore[no-untyped-def]
    solved = sheet_rows(workspace["tmp"] / "e3.plan.xlsx", "Assignments")
    assert sheet_rows(workspace["out"], "E3 55") == solved


def test_compare_two_plan_files_gives_the_whatif_changes(workspace):  # type: ignore[no-untyped-def]
    tmp = workspace["tmp"]
    out = tmp / "cmp.xlsx"
    plans = (tmp / "base.plan.xlsx", tmp / "e3.plan.xlsx")
    run = planner_process("compare", *plans, "--roster", workspace["roster"], "-o", out, "-q",
                          "--lang", "en")  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["KPIs", "Scenarios", "Changes", "base", "e3"]
    compared = [r[1:] for r in sheet_rows(out, "Changes")[1:]]
    whatif = [r[1:] for r in sheet_rows(workspace["out"], "Changes")[1:] if r[0] == "E3 55"]
    assert compared == whatif and compared  # the same teachers, the same moves
    # Both are checked against the roster's policy (men up to 50): the E3 55 plan breaks it.
    figures = {r[0]: r[1:] for r in sheet_rows(out, "KPIs")[1:]}
    assert figures["status"] == ("OK", "VIOLATED")
    assert figures["min slack E3 (Age limit by gender)"][1] < 0


def test_bad_scenario_is_exit_2_with_its_cell(workspace):  # type: ignore[no-untyped-def]
    tmp = workspace["tmp"]
    bad = tmp / "bad.toml"
    bad.write_text('[[scenario]]\nname = "x"\npolicy = { "Q1.nope" = 1 }\n', encoding="utf-8")
    run = planner("whatif", workspace["roster"], "--scenarios", bad, "-q", "-o", tmp / "x.xlsx")
    assert run.returncode == 2
    assert "bad.toml" in run.stderr and "Q1.nope" in run.stderr
    assert not (tmp / "x.xlsx").exists()


def test_whatif_on_a_real_dask_scheduler_writes_the_same_workbook(workspace):  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("distributed")
    out = workspace["tmp"] / "dask.whatif.xlsx"
    # One worker process: the scenarios go to it and come back as to any number.
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        run = planner("whatif", workspace["roster"], "-q", "--lang", "en", "-o", out,
                      "--scheduler", cluster.scheduler_address)  # fmt: skip
    assert run.returncode == 0, run.stderr
    local, remote = openpyxl.load_workbook(workspace["out"]), openpyxl.load_workbook(out)
    assert remote.sheetnames == local.sheetnames
    for name in local.sheetnames:
        rows = [tuple(r) for r in local[name].iter_rows(values_only=True)]
        got = [tuple(r) for r in remote[name].iter_rows(values_only=True)]
        if name == "KPIs":  # solve times differ run to run
            rows, got = rows[:-1], got[:-1]
        assert got == rows, name


def test_output_over_the_roster_is_refused_before_solving(workspace):  # type: ignore[no-untyped-def]
    roster = workspace["roster"]
    before = roster.read_bytes()
    run = planner("whatif", roster, "-q", "-o", roster)
    assert run.returncode == 2  # in the words of a Chinese roster:
    assert "无法写入 roster.xlsx: 它是输入文件" in run.stderr
    assert roster.read_bytes() == before


def test_kpi_rows_that_say_nothing_fold_away_and_nothing_false_is_red(workspace):  # type: ignore[no-untyped-def]
    ws = openpyxl.load_workbook(workspace["out"])["KPIs"]
    folded, shown = [], []
    seen_violations = False
    for row in ws.iter_rows(min_row=2):
        values = [c.value for c in row[1:]]
        dims = ws.row_dimensions[row[0].row]
        (folded if dims.hidden else shown).append(row[0].value)
        if dims.hidden:
            assert dims.outlineLevel == 1 and len({repr(v) for v in values}) == 1
        elif row[0].value not in ("status", "rotators", "vacancies filled") and not str(
            row[0].value
        ).startswith("placements changed"):
            assert len({repr(v) for v in values}) > 1, row[0].value
        if row[0].value == "rule scopes violated (checker)":
            seen_violations = True
            # No plan, nothing broken to count (the infeasible scenario): not painted.
            assert set(values) == {0, None} and row[0].fill.fgColor.rgb == "00000000"
    assert folded and shown and seen_violations
    # Only the infeasible scenario's status is red.
    header = [c.value for c in ws[1]]
    status = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "status")
    red = [header[c.column - 1] for c in status[1:] if c.fill.fgColor.rgb not in ("00000000",)]
    assert red == ["Q1 30%"]
