"""The Policy sheet (政策参数) and policy values written in cells.

The Policy sheet has two columns, key and value (参数, 取值); a key is the rulebook's
(``Q1.min_share``) in any case, or the parameter's name in either language
(派出校最低交流比例). A value left blank takes its default; a row whose key
starts with ``#`` is a comment. The same cell-to-value rules serve the scenario reader's
``setting``/``to`` columns: ``15%`` is 0.15, a date cell or text like 2026.09.01 is a
date.
"""

from __future__ import annotations

import datetime as dt
import math

from rotation_planner.io import cells
from rotation_planner.io.errors import quote
from rotation_planner.io.headers import POLICY, normalize_header
from rotation_planner.io.sheets import Collector, Table
from rotation_planner.policy import RULE_IDS, Policy, PolicyError, parameters

# No parameter of the rulebook is a number this large (points, years, km, shares, ages):
# a larger one is a typing error, and beyond 2**63 it crashes the solver.
MAX_POLICY_NUMBER = 100_000


def implausible(value: object) -> bool:
    """Whether a policy value is a number no parameter can take (or no finite number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not math.isfinite(value) or abs(value) > MAX_POLICY_NUMBER


# A parameter may be named in words instead of its key, in either language
# (派出校最低交流比例 for Q1.min_share), as ``planner policy`` lists them.
_BY_NAME = {normalize_header(name): p.key for p in parameters() for name in (p.zh, p.en)}


def policy_key(written: str) -> str:
    """A policy key as the rulebook spells it: ``q1.Min_Share`` is ``Q1.min_share``, and
    so is its name, 派出校最低交流比例 (or ``minimum share of eligible teachers sent``)."""
    head, dot, name = written.replace(" ", "").partition(".")
    if dot and head.upper() in RULE_IDS:
        return f"{head.upper()}.{name.lower()}"
    if written.lower() in ("plan_year", "reference_date"):
        return written.lower()
    return _BY_NAME.get(normalize_header(written), written)


def policy_value(key: str, value: object) -> object:
    """A cell as ``Policy.with_overrides`` expects it: a date as a date, ``15%`` as 0.15,
    other text stripped (the policy's own validation says what is wrong with it)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, str):
        return value
    written = cells.text(value)
    if key == "reference_date":
        try:
            return cells.birth_date(written) if cells.looks_like_date(written) else written
        except cells.BadCell:
            return written
    if written.endswith("%"):
        try:
            return cells.number(written[:-1]) / 100
        except cells.BadCell:
            return written
    return written


def read_policy_sheet(table: Table | None, base: Policy, issues: Collector) -> Policy:
    """``base`` with the Policy sheet's values on top; ``base`` itself when the sheet is
    absent or has a problem (each problem becomes an issue at its cell)."""
    if table is None or not table.cols:
        return base
    if not issues.require(table, POLICY.columns):
        return base
    overrides: dict[str, object] = {}
    rows: dict[str, int] = {}
    for row, values in table.rows:
        raw_key = cells.text(table.get(values, "key"))
        value = table.get(values, "value")
        if raw_key.startswith("#"):
            continue
        if not raw_key:
            issues.add("missing_value", table, row, "key")
            continue
        if cells.is_blank(value):
            continue  # left out: takes its default
        key = policy_key(raw_key)
        if key in rows:
            issues.add(
                "duplicate_policy_key", table, row, "key", value=quote(raw_key), other=rows[key]
            )
            continue
        rows[key] = row
        overrides[key] = policy_value(key, value)
        if implausible(overrides[key]):
            issues.add(
                "policy_value_out_of_range", table, row, "value", param=key,
                value=quote(overrides.pop(key)), high=MAX_POLICY_NUMBER,
            )  # fmt: skip
    try:
        return base.with_overrides(overrides)
    except PolicyError as error:
        for problem in error.problems:
            row = rows.get(problem.key)
            if row is None:
                row = next((r for k, r in rows.items() if k.startswith(problem.key)), None)
            if problem.message == "unknown key":
                issues.add("unknown_policy_key", table, row, "key", value=quote(problem.key))
            else:
                value = overrides.get(problem.key, "")
                issues.add(
                    "bad_policy_value",
                    table,
                    row,
                    "value",
                    param=problem.key,
                    value=quote(value),
                    reason=problem.message,
                )
        return base
