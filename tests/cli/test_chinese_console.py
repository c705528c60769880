"""For a Chinese roster, no English word reaches the terminal: every command on the
Chinese sample, in-process, with its progress lines (the real subprocess runs are in
tests/test_cli.py and the command's own test files).

What may stay in Latin letters, and why:
- file names (``roster.xlsx``): the user's own names, shown as they are;
- rule IDs (E1..W2) and school or teacher ids: two letters at most, or digits;
- policy keys (``Q1.min_share``): the bureau writes them as they are, in its Policy sheet
  or a TOML file, so a suggested relaxation must name them so;
- the English half of the first progress line: before the roster is read its language
  is not known, so that line (and only it) is in both languages.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rotation_planner.cli import app
from rotation_planner.io.roster_write import write_roster
from rotation_planner.report import labels
from tests.builders import instance, rural, school, teacher, vacancy

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "sample_300.xlsx"
ROSTER = "roster.xlsx"

ENGLISH = re.compile(r"[A-Za-z]{3,}")
FILE_NAME = re.compile(r"[\w./-]+\.(?:xlsx|toml)\b")
POLICY_KEY = re.compile(r"\b[A-Z]\d\.[a-z_]+\b")
# The one line in both languages: the roster is being read, its language unknown.
BEFORE_THE_ROSTER = labels.console("reading", "en", file=ROSTER)

SCENARIOS = """
[[scenario]]
name = "下限30%"
policy = { "Q1.min_share" = 0.3 }
[[scenario]]
name = "男55岁"
policy = { "E3.max_age_male" = 55 }
"""


def english_words(text: str, rosters_read: int = 1) -> list[str]:
    """The Latin words of ``text`` that are not allowed (see the module docstring):
    the output of commands that read the roster ``rosters_read`` times in all."""
    assert text.count(BEFORE_THE_ROSTER) <= rosters_read
    text = text.replace(BEFORE_THE_ROSTER, " ")
    text = POLICY_KEY.sub(" ", FILE_NAME.sub(" ", text))
    return ENGLISH.findall(text)


def test_the_check_sees_english_words() -> None:
    old = f"  0.13s tier coverage: optimal value 6 bound 6\n  0.2s {BEFORE_THE_ROSTER}"
    assert english_words(old) == ["tier", "coverage", "optimal", "value", "bound"]
    assert english_words("放宽: Q1.min_share 0.3 -> 0.13, 已写入 a/b.plan.xlsx") == []


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder with the Chinese sample, a scenario file and two policy files; the
    commands run inside it, so every path they print is a bare file name."""
    where = tmp_path_factory.mktemp("zh")
    shutil.copy(SAMPLE, where / ROSTER)
    (where / "scenarios.toml").write_text(SCENARIOS, encoding="utf-8")
    (where / "e3.toml").write_text('"E3.max_age_male" = 55\n', encoding="utf-8")
    (where / "unknown.toml").write_text('"Q9.min_share" = 0.1\n', encoding="utf-8")
    before = Path.cwd()
    os.chdir(where)
    try:
        yield where
    finally:
        os.chdir(before)


def planner(*args: str, code: int = 0) -> str:
    """Run ``planner args`` in-process; stdout and stderr together."""
    result = CliRunner().invoke(app, list(args))
    text = result.stdout + result.stderr
    assert result.exit_code == code, text + repr(result.exception)
    return text


def test_solve(folder: Path) -> None:
    text = planner("solve", ROSTER)
    assert "目标层级 抽签: 已证明最优" in text and "已写入 roster.plan.xlsx" in text
    assert english_words(text) == []


def test_check(folder: Path) -> None:
    planner("solve", ROSTER, "-q")
    text = planner("check", ROSTER, "roster.plan.xlsx")
    assert "读取方案 roster.plan.xlsx" in text and "0 项违反" in text
    assert english_words(text) == []


def test_replan_with_dropped_and_added(folder: Path) -> None:
    planner("solve", ROSTER, "-q", "--policy", "e3.toml", "-o", "published.xlsx")
    text = planner("replan", ROSTER, "--previous", "published.xlsx")
    assert re.search(r"变更 \d+ 处: 撤出 [1-9]", text), text
    assert "  撤出 " in text and "  新增 " in text  # a line per change, in words
    assert english_words(text) == []


def test_whatif_with_an_impossible_scenario(folder: Path) -> None:
    text = planner("whatif", ROSTER, "--scenarios", "scenarios.toml", "--jobs", "1")
    assert "下限30%: 无合法方案 (已证明)" in text and "放宽: " in text
    assert "基准: 已证明最优" in text
    assert english_words(text) == []


def test_validate_stats_compare(folder: Path) -> None:
    planner("solve", ROSTER, "-q")
    planner("solve", ROSTER, "-q", "--policy", "e3.toml", "-o", "published.xlsx")
    text = planner("validate", ROSTER) + planner("stats", ROSTER)
    text += planner("compare", "roster.plan.xlsx", "published.xlsx", "--roster", ROSTER)
    assert "花名册有效" in text and "从未交流" in text and "published: 违反" in text
    # compare names each plan by its file name, less ".xlsx" and ".plan"
    text = text.replace("roster: ", "").replace("published: ", "")
    assert english_words(text, rosters_read=3) == []


def test_input_and_output_errors(folder: Path) -> None:
    text = planner("solve", ROSTER, "--policy", "unknown.toml", code=2)
    said = "输入有 1 处问题:\nunknown.toml 第1行 (Q9.min_share): 未知的政策参数 'Q9.min_share'"
    assert said in text
    text = planner("solve", ROSTER, "-q", "-o", ROSTER, code=2)
    assert text == "无法写入 roster.xlsx: 它是输入文件, 请另选输出路径\n"
    text = planner("solve", ROSTER, "-q", "--lang", "fr", code=2)
    assert text == "--lang 只能是 zh 或 en\n"  # the option, as the user types it


def test_no_lawful_plan_and_best_effort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Q1 needs 3 of 30 eligible, Q4 keeps all but 2 of a staff of 16: no lawful plan;
    best effort breaks one of them, the checker names it."""
    inst = instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1", staff=16), rural("R1")],
        [vacancy("R1", "数学", 10)],
    )
    write_roster(inst, tmp_path / ROSTER, lang="zh", policy_overrides={"Q3.enabled": False})
    monkeypatch.chdir(tmp_path)
    text = planner("solve", ROSTER, code=3)
    assert "无合法方案 (已证明)。相互冲突的规则:" in text and "可恢复方案的最小调整" in text
    assert "查找相互冲突的规则" in text  # the progress line
    text += planner("solve", ROSTER, "--best-effort", "-o", "best.xlsx", code=1)
    assert "尽力而为模式: 可突破 Q1, Q2, Q3, Q4, P3, M1" in text and "独立核查: 1 项违反" in text
    text += planner("check", ROSTER, "best.xlsx", code=1)
    assert english_words(text, rosters_read=3) == []
