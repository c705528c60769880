"""Dependencies point one way: the io layer reads and writes Excel without the solver.

Each check runs in a fresh interpreter, so what another test imported cannot hide a
dependency.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys

import rotation_planner.io

# Every module of rotation_planner.io, listed (not imported) so a new one is covered too.
IO_MODULES = sorted(m.name for m in pkgutil.iter_modules(rotation_planner.io.__path__))
FORBIDDEN = ("ortools", "rotation_planner.api", "rotation_planner.model")


def loaded_after_each(modules: list[str]) -> dict[str, list[str]]:
    """For each module, imported in turn in one fresh interpreter, the FORBIDDEN modules
    loaded once it is imported (the first module to show one is the one to blame)."""
    code = (
        "import importlib, sys\n"
        f"found = {{}}\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"    found[name] = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(found)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return ast.literal_eval(run.stdout)


def test_the_io_modules_are_found() -> None:
    assert {"read", "scenario_read", "plan_read", "roster_write", "cells"} <= set(IO_MODULES)


def test_no_io_module_loads_the_solver_or_the_api() -> None:
    found = loaded_after_each([f"rotation_planner.io.{name}" for name in IO_MODULES])
    assert found == {name: [] for name in found}


def test_scenario_data_and_runner_load_no_solver_and_no_api() -> None:
    found = loaded_after_each(["rotation_planner.scenario", "rotation_planner.scenarios"])
    assert found == {name: [] for name in found}
