"""Dependencies point one way: the rules and the report's words load neither the solver
nor the model, so the checker and the report can run without OR-Tools.

Each check runs in a fresh interpreter, so what another test imported cannot hide a
dependency. Modules are listed, not imported here, so a new one is covered too.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys

import rotation_planner.report
import rotation_planner.rules

RULES_MODULES = sorted(m.name for m in pkgutil.iter_modules(rotation_planner.rules.__path__))
REPORT_MODULES = sorted(m.name for m in pkgutil.iter_modules(rotation_planner.report.__path__))
FORBIDDEN = ("ortools", "rotation_planner.model", "rotation_planner.api")


def loaded_after_each(modules: list[str]) -> dict[str, list[str]]:
    """For each module, imported in turn in one fresh interpreter, the FORBIDDEN modules
    loaded once it is imported (the first module to show one is the one to blame)."""
    code = (
        "import importlib, sys\n"
        "found = {}\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"    found[name] = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(found)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return ast.literal_eval(run.stdout)


def test_the_modules_are_found() -> None:
    assert {"base", "conflict", "registry", "q1_min_share", "locked"} <= set(RULES_MODULES)
    assert {"diagnosis_words", "rule_rows"} <= set(REPORT_MODULES)


def test_no_rules_module_loads_the_solver_or_the_model() -> None:
    found = loaded_after_each([f"rotation_planner.rules.{name}" for name in RULES_MODULES])
    assert found == {name: [] for name in found}


def test_no_report_module_loads_the_solver_or_the_model() -> None:
    found = loaded_after_each([f"rotation_planner.report.{name}" for name in REPORT_MODULES])
    assert found == {name: [] for name in found}
