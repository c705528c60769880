"""Reads what-if scenarios from the roster's Scenarios sheet (情景) or from a TOML file.

The sheet has one row per change, grouped by scenario name:

| scenario (情景) | change (变更) | setting (调整参数) | to (调整为) | school (学校)
| post subject (岗位学科) | teacher_id (工号) | count (人数) | description (说明) |

(one row of headers; shown on two lines here).

``change`` is ``policy`` (政策参数; the default when ``setting`` is filled), ``add_vacancy``
(新增岗位), ``close_post`` (关闭岗位) or ``exempt`` (暂缓交流). An empty scenario cell
repeats the name above (merged cells). Header names deliberately differ from the Policy
and Vacancies sheets' columns, so the roster reader never mistakes this sheet for one.

The TOML file holds ``[[scenario]]`` tables:

    [[scenario]]
    name = "Q1 15%"
    description = "a higher minimum share"
    policy = { "Q1.min_share" = 0.15 }       # or [scenario.policy] / [scenario.policy.Q1]
    add_vacancy = [{ school = "S086", subject = "数学", count = 1 }]
    close_post = [{ school = "S014", subject = "地理" }]
    exempt = [{ teacher = "T0042" }]

Every problem is reported at once as a RosterError of Issues: sheet, row and column for
the sheet; file, line and key for TOML. Messages never quote personal data.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from rotation_planner.domain import Instance
from rotation_planner.io import cells
from rotation_planner.io.errors import MESSAGES as MESSAGES_OF_ROSTER
from rotation_planner.io.errors import Issue, RosterError, quote
from rotation_planner.io.headers import HEADER_SCAN_ROWS, is_chinese, normalize_header
from rotation_planner.io.policy_sheet import (
    MAX_POLICY_NUMBER,
    implausible,
    policy_key,
    policy_value,
)
from rotation_planner.io.toml_file import TomlLines, read_toml
from rotation_planner.io.workbook import open_workbook
from rotation_planner.policy import Policy, PolicyError, flatten_overrides
from rotation_planner.scenario import BASELINE_NAMES, EditKind, RosterEdit, Scenario

SHEET_NAMES = frozenset(
    normalize_header(n)
    for n in ("Scenarios", "Scenario", "What-if", "情景", "情景分析", "情景方案")
)

# column key -> aliases (the first English and Chinese ones are what templates use)
COLUMNS: dict[str, tuple[str, ...]] = {
    "scenario": ("scenario", "scenario name", "情景", "情景名称", "方案名称"),
    "change": ("change", "action", "变更", "变更类型", "调整类型"),
    "setting": ("setting", "policy key", "调整参数", "政策参数项"),
    "to": ("to", "new value", "调整为", "新取值"),
    "school": ("school", "school_id", "school code", "学校", "学校编号"),
    "subject": ("post subject", "post_subject", "岗位学科"),
    "teacher_id": ("teacher_id", "teacher", "工号"),
    "count": ("count", "人数"),
    "description": ("description", "note", "说明", "备注"),
}
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "scenario": ("scenario", "情景"),
    "change": ("change", "变更"),
    "setting": ("setting", "调整参数"),
    "to": ("to", "调整为"),
    "school": ("school", "学校"),
    "subject": ("post subject", "岗位学科"),
    "teacher_id": ("teacher_id", "工号"),
    "count": ("count", "人数"),
    "description": ("description", "说明"),
}
_ALIASES = {normalize_header(a): key for key, aliases in COLUMNS.items() for a in aliases}

POLICY_CHANGE = "policy"
CHANGE_WORDS: dict[str, str] = {
    normalize_header(w): kind
    for kind, words in {
        POLICY_CHANGE: ("policy", "policy override", "政策参数", "政策", "参数调整"),
        EditKind.ADD_VACANCY: ("add_vacancy", "add vacancy", "新增岗位", "增加岗位"),
        EditKind.CLOSE_POST: ("close_post", "close post", "关闭岗位", "取消岗位", "减少岗位"),
        EditKind.EXEMPT: ("exempt", "exempt teacher", "暂缓交流", "免交流", "标记暂缓"),
    }.items()
    for w in words
}

MESSAGES: dict[str, tuple[str, str]] = {
    "missing_value": ("{what_en} is empty", "{what_zh}为空"),
    "bad_change": (
        "change {value} is not one of policy / add_vacancy / close_post / exempt",
        "变更 {value} 不是 政策参数/新增岗位/关闭岗位/暂缓交流 之一",
    ),
    "bad_count": (
        "count {value} is not a whole number from 1 to " + str(cells.MAX_POSTS),
        "人数 {value} 不是1至" + str(cells.MAX_POSTS) + "之间的整数",
    ),
    "unknown_school": ("school {value} is not in the Schools sheet", "学校 {value} 不在学校表中"),
    "unknown_policy_key": (
        "unknown policy key {value} (see POLICY.md for the keys)",
        "未知的政策参数 {value} (参数见 POLICY.md)",
    ),
    "bad_policy_value": (
        "bad value {value} for policy key {param}: {reason}",
        "政策参数 {param} 的取值 {value} 无效: {reason}",
    ),
    "policy_value_out_of_range": MESSAGES_OF_ROSTER["policy_value_out_of_range"],
    "duplicate_policy_key": (
        "policy key {value} is set twice in scenario {scenario} (also row {other})",
        "情景 {scenario} 中政策参数 {value} 重复 (另见第{other}行)",
    ),
    "reserved_name": (
        "scenario name {value} is reserved for the baseline",
        "情景名称 {value} 保留给基准方案",
    ),
    "missing_scenario_column": (
        "required column scenario (情景) is missing",
        "缺少必需的列 情景 (scenario)",
    ),
    "no_scenarios": ("no scenario found", "未找到任何情景"),
    "bad_toml": ("cannot read TOML: {reason}", "无法读取 TOML: {reason}"),
    "unknown_toml_key": ("unknown key {value}", "未知的键 {value}"),
    "toml_not_table": ("{value} must be a table", "{value} 须为表 (table)"),
    "duplicate_scenario": (
        "scenario {value} is defined twice (also line {other})",
        "情景 {value} 重复定义 (另见第{other}行)",
    ),
    "edit": ("{en}", "{zh}"),
    "no_sheet": (
        "{file} has no Scenarios (情景) sheet",
        "{file} 中没有 情景 (Scenarios) 工作表",
    ),
}


def _issue(
    kind: str,
    sheet: str | None,
    row: int | None = None,
    column: str | None = None,
    header: str | None = None,
    **params: object,
) -> Issue:
    en, zh = MESSAGES[kind]
    return Issue(sheet, row, column, en.format(**params), zh.format(**params), kind, header)


def _count(value: object) -> int | None:
    """A count cell: None when empty; ValueError unless a whole number >= 1."""
    if cells.is_blank(value):
        return None
    try:
        number = cells.count(value)
    except cells.BadCell:
        raise ValueError from None
    if number < 1:
        raise ValueError
    return number


def _school(written: str, instance: Instance) -> str | None:
    """A school given by id or by name (names compared as the roster reader does)."""
    if written in instance.school_by_id:
        return written
    by_name = {cells.key(s.name): s.school_id for s in instance.schools}
    return by_name.get(cells.key(written))


# --- a change, wherever it was written -------------------------------------------------


_Place = tuple[str | None, int | None, str | None, str | None]  # sheet, row, column, header


@dataclass
class _Entry:
    """One change of one scenario with where each of its fields was written."""

    scenario: str
    kind: str
    values: dict[str, object]
    where: dict[str, _Place]  # field -> where it was written


@dataclass
class _Collected:
    order: list[str] = field(default_factory=list)
    first: dict[str, int | None] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    entries: list[_Entry] = field(default_factory=list)

    def scenario(self, name: str, line: int | None) -> None:
        if name not in self.first:
            self.order.append(name)
            self.first[name] = line


def _build(
    collected: _Collected, instance: Instance, policy: Policy, issues: list[Issue]
) -> tuple[Scenario, ...]:
    """Validate every entry against the roster and policy; make the scenarios."""
    scenarios = []
    for name in collected.order:
        entries = [e for e in collected.entries if e.scenario == name]
        overrides: dict[str, object] = {}
        key_place: dict[str, dict[str, _Place]] = {}
        edits: list[RosterEdit] = []
        inst = instance  # edits apply in order: a post added first can then be closed
        for e in entries:
            if e.kind == POLICY_CHANGE:
                key = policy_key(cells.text(e.values.get("setting")))
                if key in overrides:
                    sheet, row, col, header = e.where["setting"]
                    other = key_place[key]["setting"][1]
                    issues.append(
                        _issue(
                            "duplicate_policy_key", sheet, row, col, header,
                            value=quote(key), scenario=quote(name), other=other,
                        )
                    )  # fmt: skip
                    continue
                if implausible(e.values.get("to")):
                    sheet, row, col, header = e.where["to"]
                    issues.append(
                        _issue(
                            "policy_value_out_of_range", sheet, row, col, header, param=key,
                            value=quote(e.values.get("to")), high=MAX_POLICY_NUMBER,
                        )
                    )  # fmt: skip
                    continue
                overrides[key] = e.values.get("to")
                key_place[key] = e.where
                continue
            edit = _edit(e, instance, issues)
            if edit is None:
                continue
            problem = edit.problem(inst)
            if problem is not None:
                sheet, row, col, header = e.where.get(problem.field) or e.where["change"]
                issues.append(
                    _issue("edit", sheet, row, col, header,
                           en=problem.message_en, zh=problem.message_zh)
                )  # fmt: skip
                continue
            edits.append(edit)
            inst = edit.apply(inst)
        if overrides:
            try:
                policy.with_overrides(overrides)
            except PolicyError as error:
                for p in error.problems:
                    where = key_place.get(p.key) or next(
                        (v for k, v in key_place.items() if k.startswith(p.key)), {}
                    )
                    column = "setting" if p.message == "unknown key" else "to"
                    sheet, row, col, header = where.get(column, (None, None, None, None))
                    if p.message == "unknown key":
                        issues.append(
                            _issue(
                                "unknown_policy_key", sheet, row, col, header, value=quote(p.key)
                            )
                        )
                    else:
                        value = overrides.get(p.key, "")
                        issues.append(
                            _issue(
                                "bad_policy_value", sheet, row, col, header,
                                value=quote(value), param=p.key, reason=p.message,
                            )
                        )  # fmt: skip
        scenarios.append(
            Scenario(
                name, tuple(overrides.items()), tuple(edits), collected.descriptions.get(name, "")
            )
        )
    return tuple(scenarios)


def _edit(e: _Entry, instance: Instance, issues: list[Issue]) -> RosterEdit | None:
    kind = EditKind(e.kind)
    bad = False

    def fail(fieldname: str, kind_: str, **params: object) -> None:
        nonlocal bad
        sheet, row, col, header = e.where.get(fieldname) or e.where["change"]
        issues.append(_issue(kind_, sheet, row, col, header, **params))
        bad = True

    try:
        count = _count(e.values.get("count"))
    except ValueError:
        fail("count", "bad_count", value=quote(e.values.get("count")))
        count = None
    if kind is EditKind.EXEMPT:
        teacher = cells.text(e.values.get("teacher_id"))
        if not teacher:
            fail("teacher_id", "missing_value", what_en="teacher_id", what_zh="工号")
        edit = RosterEdit(kind, teacher_id=teacher)
    else:
        school_text = cells.text(e.values.get("school"))
        school = _school(school_text, instance) if school_text else ""
        if not school_text:
            fail("school", "missing_value", what_en="school", what_zh="学校")
        elif school is None:
            fail("school", "unknown_school", value=quote(school_text))
        subject = cells.text(e.values.get("subject"))
        if not subject:
            fail("subject", "missing_value", what_en="post subject", what_zh="岗位学科")
        edit = RosterEdit(kind, school_id=school or "", subject=subject, count=count)
    return None if bad else edit


# --- the sheet ---------------------------------------------------------------------------


def find_scenario_sheet(path: Path, lang: str | None = None) -> bool:
    """Whether the workbook at ``path`` has a Scenarios (情景) sheet."""
    _, sheets = open_workbook(Path(path), lang)
    return any(normalize_header(title) in SHEET_NAMES for title, _ in sheets)


def read_scenarios_sheet(
    path: Path, instance: Instance, policy: Policy, lang: str | None = None
) -> tuple[Scenario, ...]:
    """The scenarios of the workbook's Scenarios (情景) sheet; () when it has none.
    Problems are reported in ``lang`` (the roster's; without one, the sheet name's)."""
    _, sheets = open_workbook(Path(path), lang)
    found = next(((t, r) for t, r in sheets if normalize_header(t) in SHEET_NAMES), None)
    if found is None:
        return ()
    title, rows = found
    lang = lang or ("zh" if is_chinese(title) else "en")
    issues: list[Issue] = []
    collected = _collect_sheet(title, rows, lang, issues)
    scenarios = _build(collected, instance, policy, issues) if collected else ()
    if issues:
        raise RosterError(issues, lang)
    return scenarios


def _header_row(rows: Sequence[Sequence[object]]) -> tuple[int, dict[str, int]]:
    best, best_cols = -1, {}
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cols: dict[str, int] = {}
        for c, value in enumerate(row):
            key = _ALIASES.get(normalize_header(value))
            if key is not None and key not in cols:
                cols[key] = c
        if len(cols) > len(best_cols):
            best, best_cols = i, cols
    return best, best_cols


def _collect_sheet(
    title: str, rows: Sequence[Sequence[object]], lang: str, issues: list[Issue]
) -> _Collected | None:
    index, cols = _header_row(rows)
    if "scenario" not in cols:
        issues.append(_issue("missing_scenario_column", title, index + 1 if index >= 0 else None))
        return None
    header_cells = rows[index]
    collected = _Collected()
    current = ""
    for r in range(index + 1, len(rows)):
        values = rows[r]
        row = r + 1

        def get(key: str, values: Sequence[object] = values) -> object:
            c = cols.get(key)
            return values[c] if c is not None and c < len(values) else None

        def place(key: str, row: int = row) -> tuple[str, int, str | None, str | None]:
            c = cols.get(key)
            if c is None:
                return (title, row, None, COLUMN_LABELS[key][1 if lang == "zh" else 0])
            return (title, row, get_column_letter(c + 1), cells.text(header_cells[c]))

        if all(cells.text(v) == "" for v in values):
            continue
        name = cells.text(get("scenario"))
        if name.startswith("#"):
            continue
        if not name:
            if not current:
                sheet, row_, col, header = place("scenario")
                issues.append(
                    _issue("missing_value", sheet, row_, col, header,
                           what_en="scenario", what_zh="情景")
                )  # fmt: skip
                continue
            name = current
        elif name != current and normalize_header(name) in {
            normalize_header(n) for n in BASELINE_NAMES
        }:
            sheet, row_, col, header = place("scenario")
            issues.append(_issue("reserved_name", sheet, row_, col, header, value=quote(name)))
            continue
        current = name
        collected.scenario(name, row)
        description = cells.text(get("description"))
        if description and name not in collected.descriptions:
            collected.descriptions[name] = description
        change_text = cells.text(get("change"))
        setting = cells.text(get("setting"))
        if not change_text and not setting:
            continue  # a row naming or describing the scenario only
        kind = CHANGE_WORDS.get(normalize_header(change_text)) if change_text else POLICY_CHANGE
        if kind is None:
            sheet, row_, col, header = place("change")
            issues.append(_issue("bad_change", sheet, row_, col, header, value=quote(change_text)))
            continue
        where = {key: place(key) for key in COLUMN_LABELS}
        if kind == POLICY_CHANGE:
            if not setting:
                sheet, row_, col, header = place("setting")
                issues.append(
                    _issue("missing_value", sheet, row_, col, header,
                           what_en="setting", what_zh="调整参数")
                )  # fmt: skip
                continue
            value = get("to")
            if cells.text(value) == "":
                sheet, row_, col, header = place("to")
                issues.append(
                    _issue("missing_value", sheet, row_, col, header,
                           what_en="to (the new value)", what_zh="调整为")
                )  # fmt: skip
                continue
            values_ = {"setting": setting, "to": policy_value(policy_key(setting), value)}
        else:
            values_ = {k: get(k) for k in ("school", "subject", "teacher_id", "count")}
        collected.entries.append(_Entry(name, kind, values_, where))
    if not collected.order:
        issues.append(_issue("no_scenarios", title, index + 1))
        return None
    return collected


# --- TOML ------------------------------------------------------------------------------

_TOML_SCENARIO = re.compile(r"^\s*\[\[\s*[\"']?scenarios?[\"']?\s*\]\]")
_SCENARIO_KEYS = ("name", "description", "policy", *(k.value for k in EditKind))
_EDIT_KEYS: dict[str, tuple[str, ...]] = {
    EditKind.ADD_VACANCY: ("school", "subject", "count"),
    EditKind.CLOSE_POST: ("school", "subject", "count"),
    EditKind.EXEMPT: ("teacher", "teacher_id"),
}
# The TOML key each field of an edit is written under.
_FIELD_KEYS = {"school": "school", "subject": "subject", "teacher_id": "teacher", "count": "count"}


class _Lines:
    """Where each key of the i-th ``[[scenario]]`` table is written (TomlLines, within
    the table's lines); None when the file's tables cannot be told apart by line."""

    def __init__(self, text: str, tables: int) -> None:
        self.text = TomlLines(text)
        starts = self.text.headers(_TOML_SCENARIO)
        self.starts = starts if len(starts) == tables else []

    def table(self, i: int) -> int | None:
        return self.starts[i] if self.starts else None

    def span(self, i: int) -> tuple[int, int]:
        last = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text.lines)
        return self.starts[i], last

    def key(self, i: int, key: str, *fallbacks: str) -> int | None:
        """The line of ``key`` in table ``i`` (else of the first fallback found)."""
        if not self.starts:
            return None
        first, last = self.span(i)
        for name in (key, *fallbacks):
            line = self.text.key(name, first, last)
            if line is not None:
                return line
        return first

    def item(self, i: int, kind: str, j: int, field: str) -> int | None:
        """The line of ``field`` of the ``j``-th item of the edit list ``kind``."""
        if not self.starts:
            return None
        first, last = self.span(i)
        header = re.compile(r"^\s*\[\[\s*[\"']?scenarios?[\"']?\.\s*" + kind + r"\s*\]\]")
        items = [n for n in self.text.headers(header) if first <= n <= last]
        if len(items) >= j:  # [[scenario.add_vacancy]] tables, one per item
            end = items[j] - 1 if j < len(items) else last
            return self.text.key(field, items[j - 1], end) or items[j - 1]
        start = self.text.key(kind, first, last) or first  # add_vacancy = [{...}, {...}]
        return self.text.key(field, start, last, nth=j) or start


def read_scenarios_toml(
    path: Path, instance: Instance, policy: Policy, lang: str | None = None
) -> tuple[Scenario, ...]:
    """The scenarios of a TOML file of ``[[scenario]]`` tables. Every problem is cited
    at the line where its key is written, in ``lang`` (the roster's language; without
    one, Chinese when the file holds Chinese text)."""
    path = Path(path)
    name = path.name
    text, raw = read_toml(path, lang or ("zh" if is_chinese(name) else "en"))
    lang = lang or ("zh" if is_chinese(text) else "en")
    issues: list[Issue] = []
    text_lines = TomlLines(text)
    for key in raw:
        if key not in ("scenario", "scenarios"):
            line = text_lines.key(key)
            issues.append(_issue("unknown_toml_key", name, line, None, key, value=quote(key)))
    tables = raw.get("scenario", raw.get("scenarios", []))
    if not isinstance(tables, list) or not tables:
        issues.append(_issue("no_scenarios", name))
        raise RosterError(_in_text(name, issues), lang)
    lines = _Lines(text, len(tables))
    collected = _Collected()
    for i, table in enumerate(tables):
        line = lines.table(i)
        label = f"[[scenario]] #{i + 1}"
        if not isinstance(table, Mapping):
            issues.append(_issue("toml_not_table", name, line, None, label, value=label))
            continue
        scenario = cells.text(table.get("name"))
        if scenario:
            label += f" {quote(scenario)}"
        at_name = lines.key(i, "name")
        if not scenario:
            issues.append(
                _issue("missing_value", name, line, None, label, what_en="name", what_zh="名称")
            )
            continue
        if normalize_header(scenario) in {normalize_header(n) for n in BASELINE_NAMES}:
            issues.append(
                _issue("reserved_name", name, at_name, None, label, value=quote(scenario))
            )
            continue
        if scenario in collected.first:
            issues.append(
                _issue("duplicate_scenario", name, at_name, None, label,
                       value=quote(scenario), other=collected.first[scenario])
            )  # fmt: skip
            continue
        collected.scenario(scenario, line)
        for key in table:
            if key not in _SCENARIO_KEYS:
                issues.append(
                    _issue("unknown_toml_key", name, lines.key(i, key), None, label,
                           value=quote(key))
                )  # fmt: skip
        if table.get("description"):
            collected.descriptions[scenario] = cells.text(table["description"])
        policy_raw = table.get("policy", {})
        if not isinstance(policy_raw, Mapping):
            issues.append(
                _issue("toml_not_table", name, lines.key(i, "policy"), None, label,
                       value="policy")
            )  # fmt: skip
        else:
            for key, value in flatten_overrides(policy_raw).items():
                place = (name, lines.key(i, key, "policy"), None, f"{label} policy.{key}")
                collected.entries.append(
                    _Entry(scenario, POLICY_CHANGE, {"setting": key, "to": value},
                           {"setting": place, "to": place})
                )  # fmt: skip
        for kind in EditKind:
            items = table.get(kind.value, [])
            if isinstance(items, Mapping):
                items = [items]
            if not isinstance(items, list):
                issues.append(
                    _issue("toml_not_table", name, lines.key(i, kind.value), None, label,
                           value=kind.value)
                )  # fmt: skip
                continue
            for j, item in enumerate(items, start=1):
                where_label = f"{label} {kind.value}[{j}]"
                at_item = lines.key(i, kind.value)
                if not isinstance(item, Mapping):
                    issues.append(
                        _issue("toml_not_table", name, at_item, None, where_label,
                               value=where_label)
                    )  # fmt: skip
                    continue
                for key in item:
                    if key not in _EDIT_KEYS[kind]:
                        issues.append(
                            _issue("unknown_toml_key", name, lines.item(i, kind.value, j, key),
                                   None, where_label, value=quote(key))
                        )  # fmt: skip
                values = {
                    "school": item.get("school"),
                    "subject": item.get("subject"),
                    "teacher_id": item.get("teacher", item.get("teacher_id")),
                    "count": item.get("count"),
                }
                where = {
                    f: (name, lines.item(i, kind.value, j, _FIELD_KEYS[f]), None,
                        f"{where_label}.{f}")
                    for f in _FIELD_KEYS
                }  # fmt: skip
                where["change"] = (name, at_item, None, where_label)
                collected.entries.append(_Entry(scenario, kind.value, values, where))
    scenarios = _build(collected, instance, policy, issues)
    if issues:
        raise RosterError(_in_text(name, issues), lang)
    return scenarios


def _in_text(name: str, issues: list[Issue]) -> list[Issue]:
    """The issues of the text file ``name`` cited by line, in the order of the lines."""
    cited = [dataclasses.replace(i, lines=True) if i.sheet == name else i for i in issues]
    return sorted(cited, key=lambda i: i.row or 0)


def read_scenarios(
    roster: Path,
    instance: Instance,
    policy: Policy,
    scenario_file: Path | None = None,
    lang: str | None = None,
) -> tuple[Scenario, ...]:
    """Scenarios from ``scenario_file`` (TOML, or a workbook with a Scenarios sheet) or,
    without one, from the roster's own Scenarios sheet. RosterError when there are none,
    in ``lang`` (the roster's language; each reader's own guess without one)."""
    source = Path(scenario_file) if scenario_file is not None else Path(roster)
    if source.suffix.lower() == ".toml":
        return read_scenarios_toml(source, instance, policy, lang)
    scenarios = read_scenarios_sheet(source, instance, policy, lang)
    if not scenarios:
        raise RosterError([_issue("no_sheet", None, file=source.name)], lang or "zh")
    return scenarios
