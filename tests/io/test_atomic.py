"""One atomic save for every writer: same file mode for rosters and plans, and a failed
save leaves the old file and no temporary file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rotation_planner.io.atomic import current_umask, save_atomically
from rotation_planner.io.plan_write import write_plan_workbook
from rotation_planner.policy import Policy
from tests.report.fixtures import sample_check, sample_instance, sample_plan, sample_run

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def umask() -> Iterator[int]:
    """The umask the test sets (and the planner subprocess inherits), restored after."""
    old = os.umask(0o022)
    try:
        yield 0o022
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_current_umask_is_read_without_changing_it(umask: int) -> None:
    assert current_umask() == umask
    assert os.umask(umask) == umask  # still what it was


@pytest.mark.parametrize("mask", [0o022, 0o077], ids=["umask 022", "umask 077"])
def test_sample_roster_and_plan_get_the_same_mode(tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        roster = tmp_path / "roster.xlsx"
        command = ["sample", "-o", str(roster), "--teachers", "40"]
        run = subprocess.run(
            [sys.executable, "-m", "rotation_planner", *command],
            capture_output=True, text=True, cwd=REPO, timeout=120,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        plan = tmp_path / "plan.xlsx"
        write_plan_workbook(plan, sample_instance(), Policy(), sample_plan(), sample_check(),
                            sample_run(), "zh")  # fmt: skip
    finally:
        os.umask(old)
    assert mode(roster) == mode(plan) == 0o644 & ~mask


def test_a_save_replaces_the_old_file(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"old")
    os.chmod(path, 0o600)

    save_atomically(path, lambda temporary: temporary.write_bytes(b"new"))

    assert path.read_bytes() == b"new"
    assert mode(path) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]


@pytest.mark.parametrize("error", [ValueError("no cell holds this"), KeyboardInterrupt()])
def test_an_exception_during_the_save_leaves_the_old_file(
    tmp_path: Path, error: BaseException
) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"old")

    def half_written(temporary: Path) -> None:
        temporary.write_bytes(b"half a workbook")
        raise error

    with pytest.raises(type(error)):
        save_atomically(path, half_written)

    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.xlsx"]


def test_a_missing_folder_is_an_error_not_a_stray_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        save_atomically(tmp_path / "nowhere" / "plan.xlsx", lambda t: t.write_bytes(b"x"))
    assert list(tmp_path.iterdir()) == []
