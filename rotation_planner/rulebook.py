"""The rulebook's parameters in words: what ``planner policy`` prints and what the
parameter tables of docs/policy.md and docs/policy.zh.md are generated from.

Everything comes from policy.py (``parameters()``: each key, its names in both
languages, default, range and source), so the printed list, the docs and the code
cannot disagree: a test regenerates the docs' tables and compares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rotation_planner.domain import Title
from rotation_planner.policy import RULE_NAMES, Parameter, parameters
from rotation_planner.report import labels
from rotation_planner.vocabulary import NO, TITLES, YES

COLUMNS = ("key", "name_zh", "name_en", "default", "range", "source")


def _value(p: Parameter, lang: str) -> str:
    """The default in words, as the Constraint report and the summary show values."""
    if isinstance(p.default, dt.date):
        return p.default.isoformat()
    return labels.param_value(p.key, p.default, lang)


def _range(p: Parameter, lang: str) -> str:
    if p.choices:  # the key to write, and what it means
        words = ((c, labels.param_value(p.key, c, lang)) for c in p.choices)
        return " / ".join(c if c == w else f"{c} ({w})" for c, w in words)
    if isinstance(p.default, bool):
        return f"{YES.shown(lang)} / {NO.shown(lang)}"
    if isinstance(p.default, Title):
        return " < ".join(w.shown(lang) for w in TITLES.values())
    if p.low is not None and p.high is not None:
        low, high = labels.param_value(p.key, p.low, lang), labels.param_value(p.key, p.high, lang)
        return f"{low} - {high}"
    if p.low is not None:
        return f">= {labels.param_value(p.key, p.low, lang)}"
    if isinstance(p.default, tuple):
        return labels.word("policy_list", lang)
    if p.key == "reference_date":
        return labels.word("policy_date", lang)
    return ""


def _source(p: Parameter, lang: str) -> str:
    if p.key.endswith(".enabled"):
        return labels.word("policy_switch", lang)
    if p.inference:
        return labels.word("policy_inference", lang)
    return labels.policy_source(p.source, lang)


def rows(lang: str) -> list[tuple[str, str, str, str, str, str]]:
    """Every parameter: key, Chinese name, English name, default, range, source."""
    return [
        (p.key, p.zh, p.en, _value(p, lang), _range(p, lang), _source(p, lang))
        for p in parameters()
    ]


def headers(lang: str) -> tuple[str, ...]:
    return tuple(labels.word(f"policy_{c}", lang) for c in COLUMNS)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(lang: str) -> str:
    """The parameter table of docs/policy(.zh).md, one section per rule, in ``lang``."""
    lines = []
    head = headers(lang)
    rule_of = {rid: i for i, rid in enumerate(RULE_NAMES)}
    current = None
    for row in sorted(rows(lang), key=lambda r: rule_of.get(r[0].partition(".")[0], -1)):
        rule = row[0].partition(".")[0] if "." in row[0] else None
        if rule != current or not lines:
            current = rule
            title = (
                labels.word("policy_general", lang)
                if rule is None
                else f"{rule} {labels.pick(RULE_NAMES[rule], lang)}"
            )
            lines += ["", f"#### {title}", "", _line(head), _line(("---",) * len(head))]
        lines.append(_line(tuple(map(_cell, row))))
    return "\n".join(lines[1:]) + "\n"


def _line(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"
