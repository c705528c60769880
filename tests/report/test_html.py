"""The printable report: one self-contained HTML page (no script, no external file, no
web font) with the summary, four charts, the Constraint report and the 公示名单, in the
roster's language; printed to PDF by headless Chromium when it is installed (the
summary on one portrait page, the public list in landscape, header row repeated)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rotation_planner import api
from rotation_planner.cli import app
from rotation_planner.report.explain import PlanFacts
from rotation_planner.report.heading import PlanHeading
from rotation_planner.report.notices import public_list
from rotation_planner.report.tables import constraints_table

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "sample_300.xlsx"


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    where = tmp_path_factory.mktemp("report")
    shutil.copy(SAMPLE, where / "roster.xlsx")
    result = CliRunner().invoke(
        app, ["solve", str(where / "roster.xlsx"), "-q", "-o", str(where / "plan.xlsx")]
    )
    assert result.exit_code == 0, result.stdout
    return where / "roster.xlsx", where / "plan.xlsx"


@pytest.fixture(scope="module")
def html(solved: tuple[Path, Path]) -> str:
    roster_path, plan_path = solved
    roster = api.read_roster(roster_path)
    plan = api.read_plan(plan_path, roster.instance)
    check = api.check_plan(roster.instance, roster.policy, plan)
    run = api.report_run(roster, plan_path, 0, "OPTIMAL", "zh")
    return api.report_html(roster, plan, check, run, "zh", county="测试县")


def visible_text(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def test_the_page_is_self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert "@import" not in html and "url(" not in html and "@font-face" not in html
    # The only address is the SVG namespace, which no browser fetches.
    assert set(re.findall(r"https?://[^\s\"']+", html)) == {"http://www.w3.org/2000/svg"}
    assert '"Noto Sans CJK SC"' in html  # the font fonts-noto-cjk installs


def test_it_holds_the_summary_charts_constraints_and_public_list(
    html: str, solved: tuple[Path, Path]
) -> None:
    roster = api.read_roster(solved[0])
    plan = api.read_plan(solved[1], roster.instance)
    facts = PlanFacts(roster.instance, roster.policy, plan)
    text = visible_text(html)
    assert "测试县2026年城乡教师交流轮岗方案" in text and "审批" in text
    assert html.count("<svg") == 4
    for caption in ("岗位填补", "Q1最低人数", "通勤距离", "流向"):
        assert caption in text
    check = api.check_plan(roster.instance, roster.policy, plan)
    constraints = constraints_table(check, roster.policy, "zh")
    assert html.count('<table class="constraints">') == 1
    body = html.split('<table class="constraints">')[1].split("</table>")[0]
    assert body.count("<tr") == len(constraints.rows) + 1
    public = public_list(facts, PlanHeading("测试县", facts.year), "zh")
    assert "测试县2026年城乡教师交流轮岗人员名单" in text
    for row in public.rows:
        assert f"<td>{row[1]}</td>" in html  # every rotating teacher is listed


def test_no_english_word_in_a_chinese_report(html: str) -> None:
    text = visible_text(html)
    text = re.sub(r"\b[A-Z]\d\.[a-z_]+\b|SHA-256|\b[0-9a-f]{64}\b|[\w.-]+\.xlsx", " ", text)
    assert re.findall(r"[A-Za-z]{3,}", text) == []


def test_planner_report_finds_the_roster_beside_the_plan(solved: tuple[Path, Path]) -> None:
    _, plan_path = solved
    result = CliRunner().invoke(app, ["report", str(plan_path), "-q"])
    assert result.exit_code == 0, result.stdout
    written = plan_path.with_name("plan.report.html")
    assert written.is_file() and f"打印版报告已写入 {written}" in result.stdout
    assert "<svg" in written.read_text(encoding="utf-8")


@pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftotext")),
    reason="needs chromium and poppler-utils (apt-get install chromium fonts-noto-cjk)",
)
def test_the_pdf_prints_the_summary_on_one_page_and_the_list_in_landscape(
    solved: tuple[Path, Path],
) -> None:
    _, plan_path = solved
    pdf = plan_path.with_name("plan.pdf")
    result = CliRunner().invoke(app, ["report", str(plan_path), "-q", "-o", str(pdf)])
    assert result.exit_code == 0, result.stdout
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    portrait = [float(w) < float(h) for w, h in sizes]
    assert portrait[0] and not portrait[-1]  # summary portrait, public list landscape

    def page(n: int) -> str:
        return subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip

    first = page(1)
    assert "结论" in first and "审批" in first and "（教育局盖章）" in first  # one page
    last = page(len(sizes))
    assert "序号" in last and "交流期限" in last  # the header row, repeated
    n = len(sizes)
    assert re.search(rf"\b1\s*/\s*{n}\b", first) and re.search(rf"\b{n}\s*/\s*{n}\b", last)


def test_solve_writes_the_report_with_the_plan(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "roster.xlsx")
    page = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["solve", str(tmp_path / "roster.xlsx"), "-q", "--report", str(page)]
    )
    assert result.exit_code == 0, result.stdout
    assert f"打印版报告已写入 {page}" in result.stdout
    assert "人员名单" in page.read_text(encoding="utf-8")
