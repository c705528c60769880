"""What every hostile input must get: exit 2 (a RosterError) with the expected message,
no traceback, no leaked value, no control character, the input unchanged and nothing
left behind. Through the real command line (typer's CliRunner, in-process) where
today's CLI reaches the check, through the io function otherwise."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rotation_planner.cli import app
from rotation_planner.io.errors import RosterError

EXIT_BAD_INPUT = 2
RUNNER = CliRunner()
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its SHA-256 (a pipe or device: its name only)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif not path.is_dir():
            found[name] = "not a regular file"
    return found


def flat(text: str) -> str:
    """``text`` with every run of whitespace as one space: rich wraps long lines."""
    return " ".join(text.split())


def check_text(text: str, says: Sequence[str], secrets: Sequence[str]) -> None:
    assert "Traceback" not in text, text
    assert not _CONTROL.search(text), repr(text)
    for expected in says:
        assert flat(expected) in flat(text), (expected, text)
    for secret in secrets:
        assert secret not in text and secret not in flat(text), (secret, text)


def refused_by_cli(
    folder: Path, args: Sequence[str], says: Sequence[str], secrets: Sequence[str] = ()
) -> str:
    """Run ``planner *args``; assert exit 2 and the rest. Returns the output."""
    before = snapshot(folder)
    result = RUNNER.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception,
        result.output,
    )
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    check_text(result.output, says, secrets)
    assert snapshot(folder) == before  # the input unchanged, nothing left behind
    return result.output


def refused_by_io(
    folder: Path,
    call: Callable[[], object],
    says: Sequence[str],
    secrets: Sequence[str] = (),
    lang: str | None = None,
) -> RosterError:
    """Call an io function; assert it raises RosterError (exit 2 in the CLI) whose
    rendering in its language says ``says``, and the rest."""
    before = snapshot(folder)
    with pytest.raises(RosterError) as caught:
        call()
    error = caught.value
    if lang is not None:
        assert error.lang == lang
    check_text(str(error), says, secrets)
    for issue in error.issues:
        check_text(issue.render("en") + issue.render("zh"), (), secrets)
    assert snapshot(folder) == before
    return error
