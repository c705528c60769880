"""The two places the page waits for other work: wire them here, and only here.

- ``MERGE``: merging a folder of per-school rosters into one (``planner merge``, issue
  12). Set it to a function ``(files: list[Path], target: Path) -> None`` that writes
  the merged roster at ``target`` and raises ``api.RosterError`` on bad input. Until it
  is set, the upload page takes one roster at a time and says so when given several.
- ``PRINTABLE_REPORT``: the printable report (issue 11). Set it to a function
  ``(workspace, target: Path, lang: str) -> Path`` that writes the report next to
  ``target`` (its suffix may differ) and returns its path. Until it is set, the
  downloads page leaves the link out.

- ``EXTRA_SUFFIXES``: roster formats the reader takes beyond ``.xlsx`` (e.g. ``.xls``,
  ``.csv`` when issue 12 lands); the upload refuses other suffixes at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

MERGE: Callable[[list[Path], Path], None] | None = None
PRINTABLE_REPORT: Callable[[Any, Path, str], Path] | None = None
EXTRA_SUFFIXES: tuple[str, ...] = ()


def roster_suffixes() -> tuple[str, ...]:
    """The file suffixes the upload accepts as a roster."""
    return (".xlsx", ".xlsm", *EXTRA_SUFFIXES)


# A parameter's display name, e.g. ("Q1.min_share", "zh") -> "最低交流比例", once the
# rulebook's parameter names exist (issue 12, ``planner policy``). Until then the form
# shows the key's own name beside the rule's Chinese name.
PARAMETER_NAME: Callable[[str, str], str] | None = None
