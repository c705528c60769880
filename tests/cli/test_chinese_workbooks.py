"""For a Chinese roster, no English word reaches a workbook either: solve, check, replan,
whatif and compare run on the Chinese sample (in-process), and every cell of every sheet
they write, every sheet name and every printed header and footer, is scanned together
with everything they printed.

What may stay in Latin letters (see also tests/cli/test_chinese_console.py):
- file names, rule IDs (E1..W2) and school or teacher ids;
- policy keys (``Q1.min_share``, ``plan_year``): the bureau writes them so;
- the names of the solver and of the hash (``OR-Tools GLOP + CP-SAT 9.x``, ``SHA-256``)
  and the hash itself (hex digits);
- units (``km``) and numbers.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from rotation_planner.cli import app
from tests.cli.test_chinese_console import BEFORE_THE_ROSTER, ROSTER, SAMPLE

ENGLISH = re.compile(r"[A-Za-z]{3,}")
ALLOWED = re.compile(
    r"[\w./-]+\.(?:xlsx|toml)\b"  # file names
    r"|\b[A-Z]\d\.[a-z_]+\b|\bplan_year\b|\breference_date\b"  # policy keys
    r"|OR-Tools|GLOP|CP-SAT|SHA-256|\b[0-9a-f]{64}\b"  # solver, hash
)
SCENARIOS = """
[[scenario]]
name = "下限30%"
policy = { "Q1.min_share" = 0.3 }
[[scenario]]
name = "男55岁"
policy = { "E3.max_age_male" = 55 }
"""


def latin_words(text: str) -> list[str]:
    """The Latin words of ``text`` that are not allowed (the module docstring)."""
    return ENGLISH.findall(ALLOWED.sub(" ", text.replace(BEFORE_THE_ROSTER, " ")))


def test_the_scan_sees_english_words() -> None:
    assert latin_words("max_share=0.15, OPTIMAL, 已写入 方案.xlsx") == ["max", "share", "OPTIMAL"]
    assert latin_words("Q1.min_share 0.3 -> 0.13; OR-Tools GLOP + CP-SAT 9.15; 12 km") == []


def workbook_texts(path: Path) -> list[tuple[str, str]]:
    """``(where, text)`` for every sheet name, string cell, header and footer."""
    found: list[tuple[str, str]] = []
    for ws in openpyxl.load_workbook(path).worksheets:
        found.append((f"{path.name}!{ws.title}", ws.title))
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    found.append((f"{path.name}!{ws.title}!{cell.coordinate}", cell.value))
        for part in (ws.oddHeader, ws.oddFooter):
            for side in (part.left, part.center, part.right):
                if side.text:
                    found.append((f"{path.name}!{ws.title} header/footer", side.text))
    return found


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Every command that writes a workbook, on the Chinese sample, in a folder of its
    own (Chinese file names: compare names its plans after their files)."""
    where = tmp_path_factory.mktemp("zh_books")
    shutil.copy(SAMPLE, where / ROSTER)
    (where / "情景.toml").write_text(SCENARIOS, encoding="utf-8")
    (where / "男55.toml").write_text('"E3.max_age_male" = 55\n', encoding="utf-8")
    runner = CliRunner()
    text = ""
    commands = [
        ("solve", ROSTER, "-o", "方案.xlsx"),
        ("solve", ROSTER, "-q", "--policy", "男55.toml", "-o", "已公示.xlsx"),
        ("check", ROSTER, "已公示.xlsx", "-o", "核查.xlsx"),
        ("replan", ROSTER, "--previous", "已公示.xlsx", "-o", "调整.xlsx"),
        ("whatif", ROSTER, "--scenarios", "情景.toml", "--jobs", "1", "-o", "情景.xlsx"),
        ("compare", "方案.xlsx", "已公示.xlsx", "--roster", ROSTER, "-o", "对比.xlsx"),
    ]
    before = Path.cwd()
    os.chdir(where)
    try:
        for args in commands:
            result = runner.invoke(app, list(args))
            assert result.exit_code in (0, 1), result.stdout + result.stderr
            text += result.stdout + result.stderr
    finally:
        os.chdir(before)
    return where, text


def test_no_english_word_in_what_the_commands_print(run: tuple[Path, str]) -> None:
    _, text = run
    assert "已写入" in text
    assert latin_words(text) == []


@pytest.mark.parametrize("name", ["方案", "已公示", "核查", "调整", "情景", "对比"])
def test_no_english_word_in_any_cell(run: tuple[Path, str], name: str) -> None:
    where, _ = run
    texts = workbook_texts(where / f"{name}.xlsx")
    assert len(texts) > 20
    english = [(at, text) for at, text in texts if latin_words(text)]
    assert english == []
