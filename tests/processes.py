"""The machine's processes, read from /proc (Linux), for the tests that stop a run and
check that nothing of it is left: a zombie, which only waits for its parent to reap it,
no longer runs and does not count."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path


def _state_and_group(pid: int | str) -> tuple[str, int] | None:
    """Process ``pid``'s state letter and process group (None: it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return fields[0], int(fields[2])


def running(pid: int) -> bool:
    """Whether process ``pid`` runs (not gone, not a zombie)."""
    found = _state_and_group(pid)
    return found is not None and found[0] != "Z"


def group_members(pgid: int) -> list[int]:
    """The processes of the process group ``pgid`` that run."""
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (found := _state_and_group(entry)) is not None:
            state, group = found
            if group == pgid and state != "Z":
                members.append(int(entry))
    return members


def wait_until(condition: Callable[[], object], seconds: float = 10.0) -> bool:
    """Whether ``condition()`` holds within ``seconds``, asked every 50 ms (each look at
    the process table reads all of /proc: more often would keep a core busy)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
