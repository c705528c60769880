"""Every CP-SAT solve of the product goes through ``run`` (every LP solve through
``run_lp``): Ctrl-C stops it at once.

CP-SAT's own SIGINT handler would end the current solve early and let the caller carry
on as if the time limit had been reached, so a cancelled run could go on to write files.
Instead CP-SAT solves in a worker thread (it releases the GIL) with its handler off, and
the main thread waits; a KeyboardInterrupt there stops the search and is raised again
for the caller, who leaves every file as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

T = TypeVar("T")


def _interruptible(solve: Callable[[], T], stop: Callable[[], object], name: str) -> T:
    """``solve()`` in a worker thread while this thread waits; on Ctrl-C, ``stop()`` the
    solver, wait for the worker, and raise the KeyboardInterrupt again."""
    done = threading.Event()
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["result"] = solve()
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name=name, daemon=True).start()
    try:
        # Event.wait, unlike Thread.join, is safe to interrupt and wait on again.
        while not done.wait(0.1):
            pass
    except KeyboardInterrupt:
        stop()
        done.wait()
        raise
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


def run(solver: cp_model.CpSolver, model: cp_model.CpModel) -> cp_model.CpSolverStatus:
    """``solver.solve(model)``, stoppable by Ctrl-C (which is raised again afterwards)."""
    solver.parameters.catch_sigint_signal = False
    return _interruptible(lambda: solver.solve(model), solver.stop_search, "cp-sat")


def run_lp(solver: pywraplp.Solver) -> int:
    """``solver.Solve()`` for an LP (GLOP releases the GIL), stoppable by Ctrl-C the same
    way: the solve is interrupted and the KeyboardInterrupt raised again."""
    return _interruptible(solver.Solve, solver.InterruptSolve, "glop")
