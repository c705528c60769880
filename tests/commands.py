"""Running ``planner`` from a test: in-process (fast, the usual way) or as a real process
(one smoke test per command, and where a real process is the point: Ctrl-C, umask,
imports).

In-process runs go through typer's CliRunner, which calls the same typer app the
``planner`` command runs. What ``cli.main`` adds around the app is kept: an exception
that is neither an exit nor a usage error would end the real command with a traceback
and exit code 1, so it comes back the same way here (in ``stderr``), and a test that
asserts "no traceback" still fails when the product crashes.
"""

from __future__ import annotations

import subprocess
import sys
import traceback
from dataclasses import dataclass

from typer.testing import CliRunner

from rotation_planner.cli import app


@dataclass(frozen=True)
class Ran:
    """What a run of ``planner`` left: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def planner(*args: object) -> Ran:
    """``planner *args`` in this process."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        trace = "".join(traceback.format_exception(error))
        return Ran(1, result.stdout, result.stderr + trace)
    return Ran(result.exit_code, result.stdout, result.stderr)


def planner_process(*args: object) -> Ran:
    """``python -m rotation_planner *args`` in a new process: the real command."""
    run = subprocess.run(
        [sys.executable, "-m", "rotation_planner", *map(str, args)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return Ran(run.returncode, run.stdout, run.stderr)
