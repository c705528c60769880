"""Where the page meets the work of the other fronts: wired here, and only here.

- ``MERGE``: merging the schools' rosters into one (``planner merge``). A function
  ``(files: list[Path], target: Path) -> api.Roster`` that writes the merged roster at
  ``target``, returns it as read back (its warnings cited at the files' cells), and
  raises ``api.RosterError`` on bad input. ``None`` takes one roster at a time.
- ``MERGE_FILES``: of the files given (a folder's), those a roster may be read from.
- ``PRINTABLE_REPORT``: the printable report (``planner report``). A function
  ``(roster, plan, check, run, lang, target: Path) -> Path`` that writes it at or beside
  ``target`` and returns its path; ``None`` leaves the link out.
- ``PARAMETER_NAME``: a parameter's display name, ``("Q1.min_share", "zh")`` ->
  ``最低交流比例``; ``None`` shows the key's own name beside the rule's.
- ``EXTRA_SUFFIXES``: roster formats the reader takes beyond ``.xlsx``, offered by the
  upload's file chooser (any file is read anyway, and a wrong one gets the reader's
  message).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rotation_planner import api
from rotation_planner.report import labels


def _merge(files: Sequence[Path], target: Path) -> api.Roster:
    return api.merge_rosters(files, target)


def _merge_files(files: Sequence[Path]) -> list[Path]:
    return api.roster_files(files)


def _report(roster: api.Roster, plan: Any, check: Any, run: Any, lang: str, target: Path) -> Path:
    html = api.report_html(roster, plan, check, run, lang)
    target = target.with_suffix(".html")
    api.write_report(target, html, inputs=[roster.path])
    return target


MERGE: Callable[[Sequence[Path], Path], api.Roster] | None = _merge
MERGE_FILES: Callable[[Sequence[Path]], list[Path]] = _merge_files
PRINTABLE_REPORT: Callable[..., Path] | None = _report
PARAMETER_NAME: Callable[[str, str], str] | None = labels.param_name
EXTRA_SUFFIXES: tuple[str, ...] = (".xls", ".et", ".ods", ".csv")


def roster_suffixes() -> tuple[str, ...]:
    """The file suffixes the upload offers as a roster."""
    return (".xlsx", ".xlsm", *EXTRA_SUFFIXES)
