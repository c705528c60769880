"""Every word the command line prints is a ``labels.CONSOLE`` template, in both languages,
and the Chinese half is Chinese."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import rotation_planner.api
import rotation_planner.cli
from rotation_planner.report import labels

# ASCII words a Chinese template may hold, each because the user types it as it is:
ALLOWED_IN_ZH = (
    "--time-limit",  # the option to pass when no plan was found in time
    "--lang",  # the option whose value was wrong
    "--host",  # planner serve: the option that opens the page to other computers
    "--token",  # ... and the one it then requires
    "--force",  # the option that writes over an existing plan
    "pip install 'rotation_planner[distributed]'",  # the command that installs Dask
    "Dask distributed",  # the product's name, as pip knows it
    "Dask",  # the product's name, as in --scheduler's help
    "apt-get install chromium fonts-noto-cjk",  # the command that installs the printer
    "Chromium",  # the product's name, as Debian packages it
    "PDF",  # the file's kind, as its name ends
)
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def english_left(template: str) -> list[str]:
    """The ASCII words of ``template`` once its fields and the allowed words are out."""
    text = re.sub(r"\{[^}]*\}", " ", template)
    for allowed in ALLOWED_IN_ZH:
        text = text.replace(allowed, " ")
    return ENGLISH.findall(text)


def test_both_halves_take_the_same_fields() -> None:
    differ = {k: (en, zh) for k, (en, zh) in labels.CONSOLE.items() if fields(en) != fields(zh)}
    assert differ == {}


def test_the_chinese_half_has_no_english_word() -> None:
    found = {k: english_left(zh) for k, (_, zh) in labels.CONSOLE.items() if english_left(zh)}
    assert found == {}


def test_the_check_sees_english() -> None:
    assert english_left("目标层级 {tier}: optimal value {value}") == ["optimal", "value"]
    assert english_left("请用 --time-limit 放宽") == []


def string_constants(path: str) -> set[str]:
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def first_arguments(path: str, callers: set[str]) -> set[str]:
    """The literal first argument of every call of a function named in ``callers``
    (``name`` or ``object.name``)."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    keys = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = getattr(func, "id", "")
            if isinstance(func, ast.Attribute):
                name = f"{getattr(func.value, 'id', '')}.{func.attr}"
            if name in callers:
                keys.add(node.args[0].value)
    return keys


CLI, API = rotation_planner.cli.__file__, rotation_planner.api.__file__
CALLERS = {"_say", "_warn", "labels.console", "labels.step_text", "say.step", "Step.of"}


def test_every_key_the_command_line_asks_for_is_there() -> None:
    asked = first_arguments(CLI, CALLERS) | first_arguments(API, CALLERS)
    assert {"plan_line", "reading", "checking"} <= asked  # the reader finds them
    assert asked - set(labels.CONSOLE) == set()


def test_every_console_template_is_used() -> None:
    used = string_constants(CLI) | string_constants(API)
    reasons = {f"output_{r}" for r in string_constants(API)}  # OutputError.reason
    assert set(labels.CONSOLE) - used - reasons == set()


def test_the_lottery_is_a_whole_number() -> None:
    assert labels.tier_text("lottery", "OPTIMAL", 1515600.0, 1515600.0, "zh") == "抽签 1515600"
    assert labels.tier_text("priority", "FEASIBLE", 1278.0, 1290.0, "en") == (
        "priority points 1278 (bound 1290)"
    )
    assert labels.figure(0.25) == "0.25" and labels.figure(float("nan")) == "nan"


def test_before_the_language_is_known_both_are_shown() -> None:
    assert labels.console("reading", None, file="x.xlsx") == "读取 x.xlsx / reading x.xlsx"
