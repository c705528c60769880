"""A published plan is never replaced without a word: ``solve`` (and ``replan``) over
an existing plan writes the next free version beside it and says so; ``--force``
writes over it; an input file is refused either way."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from rotation_planner import api
from rotation_planner.cli import app


def planner(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.stdout + result.stderr
    return result.stdout + result.stderr


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seed(path: Path) -> object:
    ws = openpyxl.load_workbook(path)["运行信息"]
    return next(r[2] for r in ws.iter_rows(values_only=True) if r[1] == "随机种子")


def test_solve_twice_keeps_the_first_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    api.write_sample(tmp_path / "roster.xlsx", 60, 1)  # small: six plans are written
    planner("solve", "roster.xlsx", "-q")
    first = sha(tmp_path / "roster.plan.xlsx")
    text = planner("solve", "roster.xlsx", "-q", "--seed", "1")
    assert "roster.plan.xlsx 已存在, 予以保留: 本次写入 roster.plan-2.xlsx" in text
    assert "已写入 roster.plan-2.xlsx" in text
    assert (
        sha(tmp_path / "roster.plan.xlsx") == first and seed(tmp_path / "roster.plan-2.xlsx") == 1
    )
    planner("solve", "roster.xlsx", "-q", "--seed", "2")
    assert seed(tmp_path / "roster.plan-3.xlsx") == 2
    text = planner("solve", "roster.xlsx", "-q", "--seed", "4", "--force")
    assert "已存在" not in text and seed(tmp_path / "roster.plan.xlsx") == 4
    # replan keeps its earlier output the same way.
    planner("replan", "roster.xlsx", "--previous", "roster.plan.xlsx", "-q")
    text = planner("replan", "roster.xlsx", "--previous", "roster.plan.xlsx", "-q")
    assert "本次写入 roster.replan-2.xlsx" in text
    # An input is refused, --force or not.
    text = planner("solve", "roster.xlsx", "-q", "-o", "roster.xlsx", "--force", code=2)
    assert text == "无法写入 roster.xlsx: 它是输入文件, 请另选输出路径\n"
