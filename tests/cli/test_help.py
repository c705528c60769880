"""``planner --help`` is shown before any roster is read, so it follows the user's
locale: English under an English locale, Chinese otherwise (the planner's first
language). Every command's and option's help comes from labels.CLI_HELP, both languages."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from rotation_planner.report import labels

COMMANDS = ("validate", "solve", "check", "whatif", "replan", "serve", "explain", "report")


def help_text(locale: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG=locale, COLUMNS="200")
    run = subprocess.run(
        [sys.executable, "-c", "from rotation_planner.cli import main; main()", *args],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return run.stdout


@pytest.mark.parametrize("locale", ["zh_CN.UTF-8", "C.UTF-8"])
def test_help_is_chinese_unless_the_locale_is_english(locale: str) -> None:
    text = help_text(locale, "solve", "--help")
    assert labels.CLI_HELP["cmd_solve"][1] in " ".join(text.split())
    assert "Solve the rotation" not in text and "Seconds allowed" not in text


def test_help_is_english_under_an_english_locale() -> None:
    text = " ".join(help_text("en_US.UTF-8", "solve", "--help").split())
    assert labels.CLI_HELP["cmd_solve"][0] in text
    assert not re.search("[\u4e00-\u9fff]{4,}", text.replace("花名册", ""))


def test_every_command_and_option_has_its_help_in_both_languages() -> None:
    from rotation_planner.cli import app

    for name in COMMANDS:
        assert f"cmd_{name}" in labels.CLI_HELP
    assert all(en and zh and en != zh for en, zh in labels.CLI_HELP.values())
    assert {c.name or c.callback.__name__ for c in app.registered_commands} >= set(COMMANDS)
    # Every command of the app takes its help from the table.
    helps = {c.help for c in app.registered_commands}
    assert helps <= {labels.cli_help(k) for k in labels.CLI_HELP}
