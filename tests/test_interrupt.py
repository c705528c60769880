"""Ctrl-C stops a run at once, says so, changes no file and leaves nothing behind (exit
130).

The signal goes to the whole process group, as a terminal sends it, while the solver is
working: a solve of the bundled county of 3,000 teachers, 0.2 s after its model is built
(its tiers and its workbook take about a second more); a what-if run once its worker
processes are solving. A run that ends with 130 was stopped in the middle (finished, it
would exit 0 and write its workbook)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import group_members, wait_until

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"
SAMPLE, COUNTY = SAMPLE_DATA / "sample_300.xlsx", SAMPLE_DATA / "county_3000.xlsx"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copy(COUNTY, tmp_path_factory.mktemp("big") / "county.xlsx"))


def _default_sigint() -> None:
    # As in a terminal: a runner started in the background may have SIGINT ignored, and
    # an ignored signal is inherited.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(args: list[str], cwd: Path, wait_for: str, after: float, processes: int = 1) -> int:
    """Run ``planner args``, send SIGINT to its group ``after`` seconds after stderr
    shows ``wait_for`` and the group has ``processes`` processes; return the exit code,
    having checked that the command said it was interrupted and changed nothing."""
    # From ``cwd`` the package found would be the one installed in the environment, not
    # this checkout's: name the checkout.
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rotation_planner", *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=_default_sigint, env=env,
    )  # fmt: skip
    assert proc.stderr is not None
    seen = ""
    deadline = time.monotonic() + 120
    while wait_for not in seen and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen += line
    assert wait_for in seen, seen
    started = wait_until(lambda: len(group_members(proc.pid)) >= processes, seconds=60)
    assert started, "the workers never started"
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGINT)
    code = proc.wait(timeout=60)
    _, said = proc.communicate(timeout=30)  # a process left holding its output: an error
    if code == 130:
        assert "已中断: 未写入或改动任何文件" in said.splitlines(), seen + said
    # No worker process is left behind (their exit is seen by the system a moment later).
    assert wait_until(lambda: not group_members(proc.pid), seconds=2)
    return code


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def test_ctrl_c_during_solve_changes_nothing(big: Path) -> None:
    target = big.with_name("county.plan.xlsx")
    target.write_bytes(b"the published plan")
    before = _folder(big.parent)
    # The model is built: the tiers take seconds from here.
    code = _interrupt(["solve", big.name], big.parent, "模型:", after=0.2)
    assert code == 130
    assert _folder(big.parent) == before  # same files, same bytes, no temporary file


def test_ctrl_c_during_whatif_stops_every_worker(tmp_path: Path) -> None:
    # The sample county and 60 scenarios: the baseline is solved first in the command
    # itself, then two workers share the scenarios, seconds of work in all.
    roster = tmp_path / "roster" / "sample.xlsx"
    roster.parent.mkdir()
    shutil.copy(SAMPLE, roster)
    scenarios = tmp_path / "s.toml"
    scenarios.write_text(
        "".join(
            f'[[scenario]]\nname = "q{i}"\npolicy = {{ "Q1.min_share" = {0.1 + i / 1000} }}\n'
            for i in range(60)
        ),
        encoding="utf-8",
    )
    before = _folder(roster.parent)
    code = _interrupt(
        ["whatif", roster.name, "--scenarios", str(scenarios), "--jobs", "2"],
        roster.parent,
        "reading",
        after=0.3,  # the workers are solving
        # The command, the fork server the workers come from, its resource tracker and
        # the workers: at least one worker is solving.
        processes=4,
    )
    assert code == 130
    assert _folder(roster.parent) == before
