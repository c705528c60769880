"""A ``--policy`` file: policy overrides in TOML, each problem cited at its line.

The file holds POLICY.md's keys, flat (``"Q1.min_share" = 0.15``) or in tables
(``[Q1]`` then ``min_share = 0.15``). ``read_policy_file`` returns the flat overrides,
checked against the rulebook, or raises a RosterError listing every problem: a syntax
error at its line and column, an unknown key or a bad value at the line that sets it.
"""

from __future__ import annotations

from pathlib import Path

from rotation_planner.io.errors import Issue, RosterError, quote
from rotation_planner.io.headers import is_chinese
from rotation_planner.io.policy_sheet import MAX_POLICY_NUMBER, implausible
from rotation_planner.io.toml_file import TomlLines, read_toml, toml_issue
from rotation_planner.policy import Policy, PolicyError, flatten_overrides


def read_policy_file(path: Path, lang: str | None = None) -> dict[str, object]:
    """The overrides of the policy TOML file at ``path`` as flat keys, checked against
    the rulebook. Raises RosterError in ``lang`` (the roster's language; without one,
    the file name's) with every problem at its line."""
    path = Path(path)
    lang = lang or ("zh" if is_chinese(path.name) else "en")
    text, raw = read_toml(path, lang)
    overrides = flatten_overrides(raw)
    lines = TomlLines(text)
    issues = [
        _out_of_range(path, lines, key, value)
        for key, value in overrides.items()
        if implausible(value)
    ]
    try:
        Policy().with_overrides({k: v for k, v in overrides.items() if not implausible(v)})
    except PolicyError as error:
        issues += [_problem(path, lines, p.key, p.message, overrides) for p in error.problems]
    if issues:
        raise RosterError(sorted(issues, key=lambda i: i.row or 0), lang)
    return overrides


def _out_of_range(path: Path, lines: TomlLines, key: str, value: object) -> Issue:
    issue = Issue.of(
        "policy_value_out_of_range", param=key, value=quote(value), high=MAX_POLICY_NUMBER
    )
    return toml_issue(path, lines.key(key), key, issue.message_en, issue.message_zh, issue.kind)


def _problem(
    path: Path, lines: TomlLines, key: str, message: str, given: dict[str, object]
) -> Issue:
    """One problem of the file, at the line that sets ``key`` (a table's header when the
    key is a whole table)."""
    line = lines.key(key) or lines.table(key)
    if message == "unknown key":
        issue = Issue.of("unknown_policy_key", value=quote(key))
    else:
        value = quote(given.get(key, ""))
        issue = Issue.of("bad_policy_value", param=key, value=value, reason=message)
    return toml_issue(path, line, key, issue.message_en, issue.message_zh, issue.kind)
