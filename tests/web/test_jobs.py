"""Background solves: the result comes back with every tier's progress step, a second
job for the same roster is refused while one runs, and a cancelled job leaves no
process (in-process, no browser)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from rotation_planner import api
from rotation_planner.web.jobs import Busy, Job, JobBoard
from tests.processes import running, wait_until
from tests.web.conftest import SAMPLE


@pytest.fixture(scope="module")
def payload() -> dict[str, object]:
    roster = api.read_roster(SAMPLE)
    return {"instance": roster.instance, "policy": roster.policy,
            "settings": api.SolverSettings(), "lang": "zh"}  # fmt: skip


def wait(job: Job, running: bool = False) -> None:
    assert wait_until(lambda: job.running == running, seconds=60)


def test_a_solve_comes_back_with_its_tiers(payload: dict[str, object]) -> None:
    board = JobBoard()
    job = board.start("a", "plan", payload)
    wait(job)
    assert job.state == "done"
    assert job.result.plan is not None and job.result.check.ok
    tiers = [s.fields["tier"] for s in job.steps if s.key == "tier_done"]
    assert tiers == [t.name for t in job.result.result.tiers if t.value == t.value]
    assert all({"value", "bound", "status"} <= set(s.fields) for s in job.steps
               if s.key == "tier_done")  # fmt: skip
    board.shutdown()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_one_job_per_roster_and_cancel_leaves_nothing(payload: dict[str, object]) -> None:
    board = JobBoard()
    job = board.start("a", "plan", payload)
    os.kill(job.process.pid, signal.SIGSTOP)  # frozen at once: it cannot end by itself
    with pytest.raises(Busy):
        board.start("a", "plan", payload)
    other = board.start("b", "plan", payload)  # another roster is not held up
    assert board.cancel("a")
    assert job.state == "cancelled"
    assert wait_until(lambda: not running(job.process.pid))
    wait(other)
    assert other.state == "done"
    board.shutdown()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_a_poll_still_on_its_way_when_its_page_closed_keeps_nothing_alive(
    payload: dict[str, object],
) -> None:
    board = JobBoard(idle_cancel_s=600.0)  # only a closed page can stop it here
    job = board.start("a", "plan", payload)
    try:
        os.kill(job.process.pid, signal.SIGSTOP)  # frozen: it cannot end by itself
        board.seen("a", "page-1")
        board.left("a", 0.0, "page-1")  # the page closed...
        board.seen("a", "page-1")  # ...and its last poll arrives after it said so
        assert wait_until(lambda: not job.running, seconds=5)
        assert job.state == "cancelled"
        assert wait_until(lambda: not running(job.process.pid))
    finally:
        board.shutdown()  # the frozen child too, if the test failed
