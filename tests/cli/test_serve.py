"""``planner serve`` refuses, before it starts anything, what it cannot do safely: another
address without a token (the page would be open to the network), a roster that is not
there. (The page itself is tested in a real browser: tests/web.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands import planner


def test_another_address_needs_a_token() -> None:
    ran = planner("serve", "--host", "0.0.0.0", "--no-browser")
    assert ran.returncode == 2
    said = "".join(ran.stderr.split())
    assert "--token" in said and "Traceback" not in said


def test_a_missing_roster_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No roster is read yet: the message follows the locale, as --help does.
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    ran = planner("serve", tmp_path / "nothere.xlsx", "--no-browser")
    said = "".join(ran.stderr.split())  # the console wraps long lines
    assert ran.returncode == 2
    assert said.startswith("nothere.xlsx：文件不存在") and str(tmp_path) not in said
