"""What every test shares."""

from __future__ import annotations

import functools

import typer.main
import typer.testing

# typer's CliRunner turns the app into its click command again on every invoke: it
# evaluates every option's annotation anew, 10 ms a run, several seconds of the suite.
# The app does not change while the tests run, so the command is built once; the real
# ``planner`` builds it once per process too.
assert callable(typer.testing._get_command), "typer.testing no longer builds the command"
typer.testing._get_command = functools.cache(typer.main.get_command)
