"""Reading a TOML file (a ``--policy`` file, a scenario file) so that every problem has a line.

``read_toml`` refuses what cannot be a small TOML file (missing, a folder or a device,
over 1 MB, not UTF-8, nested beyond reason) and cites a syntax error at its line and
column. tomllib keeps no positions, so ``TomlLines`` finds the line where a key is
written, by its text: enough to send the user to the right line.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from rotation_planner.io.errors import Issue, RosterError

# A policy or scenario file is a few kilobytes; a megabyte is no hand-written file.
MAX_TOML_BYTES = 1024 * 1024

_HEADER = re.compile(r"^\s*\[")
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_END = re.compile(r"\s*\(at end of document\)$")


def toml_issue(path: Path, line: int | None, key: str | None, en: str, zh: str, kind: str) -> Issue:
    """An issue in the text file ``path``, at ``line`` (None: the file) and ``key``."""
    return Issue(path.name, line, None, en, zh, kind, key, lines=True)


def read_toml(path: Path, lang: str) -> tuple[str, dict[str, Any]]:
    """The text of the TOML file at ``path`` and what it holds.

    Raises RosterError in ``lang`` with one issue: the file is missing, no regular file,
    too large, not UTF-8, or not TOML (at the line and column of the error).
    """
    path = Path(path)
    if not path.exists():
        raise RosterError([Issue.of("file_not_found", file=path.name)], lang)
    if path.is_dir():
        raise RosterError([Issue.of("not_a_file", file=path.name)], lang)
    if not path.is_file():
        raise RosterError([Issue.of("not_a_regular_file", file=path.name)], lang)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TOML_BYTES + 1)
    except OSError as error:
        issue = Issue.of("file_unreadable", file=path.name, reason=type(error).__name__)
        raise RosterError([issue], lang) from None
    if len(data) > MAX_TOML_BYTES:
        issue = Issue.of("file_too_large", file=path.name, size="> 1", limit=1)
        raise RosterError([issue], lang)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        en, zh = "the file is not UTF-8 text", "文件不是 UTF-8 文本"
        raise RosterError([toml_issue(path, line, None, en, zh, "bad_toml")], lang) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reason = str(error)
        found = _POSITION.search(reason)
        line = int(found.group(1)) if found else None
        if found:
            reason = f"{_POSITION.sub('', reason)} (column {found.group(2)})"
        elif _END.search(reason):
            line = text.count("\n") + 1
            reason = _END.sub("", reason)
        en, zh = f"not valid TOML: {reason}", f"不是有效的 TOML: {reason}"
        raise RosterError([toml_issue(path, line, None, en, zh, "bad_toml")], lang) from None
    except RecursionError:  # tomllib reads nested arrays by recursion
        en, zh = "not valid TOML: nested too deeply", "不是有效的 TOML: 嵌套过深"
        raise RosterError([toml_issue(path, None, None, en, zh, "bad_toml")], lang) from None


class TomlLines:
    """Where keys are written in a TOML text, found by their text (tomllib keeps no
    positions): a key's line is the first line, in a span of lines, that assigns it,
    bare or quoted, whole or as the last part of a dotted key."""

    def __init__(self, text: str) -> None:
        self.lines = [_without_comment(line) for line in text.splitlines()]

    def headers(self, pattern: re.Pattern[str]) -> list[int]:
        """The 1-based lines of the table headers matching ``pattern``."""
        return [i + 1 for i, line in enumerate(self.lines) if pattern.match(line)]

    def key(self, key: str, first: int = 1, last: int | None = None, nth: int = 1) -> int | None:
        """The line, from ``first`` to ``last``, of the ``nth`` assignment of ``key``;
        for a dotted key written in its table (``[Q1]`` then ``min_share = 0.1``), of
        its last part after that table's header; else of its last part anywhere."""
        last = len(self.lines) if last is None else last
        found = self._assigned(key, first, last, nth)
        head, dot, tail = key.rpartition(".")
        if found is None and dot:
            table = self.table(head, first, last)
            if table is not None:
                found = self._assigned(tail, table, self._table_end(table, last), nth)
            found = found or self._assigned(tail, first, last, nth)
        return found

    def table(self, name: str, first: int = 1, last: int | None = None) -> int | None:
        """The line of the header of table ``name`` (or of a table whose dotted name
        ends with it: ``[scenario.policy.E3]`` for ``E3``)."""
        last = len(self.lines) if last is None else last
        header = re.compile(r"^\s*\[\s*(?:[^\[\]]*\.)?\s*[\"']?" + re.escape(name) + r"[\"']?\s*\]")
        return next((n for n in range(first, last + 1) if header.match(self.lines[n - 1])), None)

    def _table_end(self, header: int, last: int) -> int:
        following = (n for n in range(header + 1, last + 1) if _HEADER.match(self.lines[n - 1]))
        return next(following, last + 1) - 1

    def _assigned(self, name: str, first: int, last: int, nth: int) -> int | None:
        assignment = re.compile(r"(?:^|[\s{,.\"'])" + _written(name) + r"[\"']?\s*=")
        seen = 0
        for number in range(first, last + 1):
            seen += len(assignment.findall(self.lines[number - 1]))
            if seen >= nth:
                return number
        return None


def _without_comment(line: str) -> str:
    """``line`` up to a # that is outside a string (good enough for finding keys)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return line[:i]
    return line


def _written(key: str) -> str:
    """A pattern of ``key`` as a file may write it: a character that cannot stand in a
    key as it is (a control character) may be an escape (``\\u001b``)."""
    return "".join(
        re.escape(ch) if ch.isprintable() else r"(?:\\[uU][0-9A-Fa-f]{4,8}|\\.|.)" for ch in key
    )
