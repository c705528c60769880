"""Dependencies point one way: the command line talks to ``api`` only, and takes its words
from report/labels.py (and vocabulary.py). Read from cli.py's source, so an import inside
a function counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

import rotation_planner.cli

ALLOWED = {"rotation_planner.api", "rotation_planner.report.labels", "rotation_planner.vocabulary"}


PACKAGE = Path(rotation_planner.cli.__file__).parent


def is_module(name: str) -> bool:
    """Whether the dotted ``rotation_planner...`` name is a module or package of ours."""
    path = PACKAGE.joinpath(*name.split(".")[1:])
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def package_imports(source: str) -> set[str]:
    """Every ``rotation_planner`` module ``source`` imports, anywhere in it, by full name:
    ``from rotation_planner.report import labels`` is ``rotation_planner.report.labels``,
    ``from rotation_planner.io.read import read_roster`` is ``rotation_planner.io.read``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: inside the package
                module = ".".join(filter(None, ("rotation_planner", module)))
            for alias in node.names:
                name = f"{module}.{alias.name}"
                found.add(name if is_module(name) else module)
    return {name for name in found if name.split(".")[0] == "rotation_planner"}


def test_the_reader_sees_every_form_of_import() -> None:
    source = (
        "import rotation_planner.check\n"
        "from rotation_planner import api, history\n"
        "from rotation_planner.io.read import read_roster\n"
        "def f():\n    from rotation_planner.model import solve\n"
        "if True:\n    from . import sample\n"
        "import typer\n"
    )
    assert package_imports(source) == {
        "rotation_planner.check",
        "rotation_planner.api",
        "rotation_planner.history",
        "rotation_planner.io.read",
        "rotation_planner.model.solve",
        "rotation_planner.sample",
    }


def test_cli_imports_only_api_and_the_words() -> None:
    source = Path(rotation_planner.cli.__file__).read_text(encoding="utf-8")
    imported = package_imports(source)
    assert "rotation_planner.api" in imported
    assert imported <= ALLOWED, sorted(imported - ALLOWED)
