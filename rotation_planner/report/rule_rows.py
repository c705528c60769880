"""A checker row in words: the Constraint report's scope, parameter, required and
achieved cells, in either language.

The checker (rules/) gives numbers and a phrase key; every word the report shows for
them is here, as ``(en, zh)`` pairs.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from rotation_planner.domain import Title
from rotation_planner.policy import Policy
from rotation_planner.report import labels
from rotation_planner.rules.base import Phrase, RuleCheck, ScopeKind

# What the base of a share is, per rule (Q3 depends on its denominator).
_BASE: dict[str, tuple[str, str]] = {
    "Q1": ("eligible", "符合条件"),
    "Q2": ("eligible", "符合条件"),
    "Q3": ("rotators", "交流"),
    "Q3.eligible": ("eligible backbone", "符合条件骨干"),
    "Q4": ("staff", "在编"),
    "P3": ("staff", "在编"),
    "W2": ("sent out", "派出"),
    "P5": ("could go to a paired school", "可去结对学校"),
}

_REQUIRED: dict[str, tuple[str, str]] = {
    "none": ("no rotator breaks it", "无选派教师违反"),
    "none.R1": ("no swap raises the points", "不存在可提高积分的对调"),
    "none.R4": ("no blocking pair", "无违反志愿公平的配对"),
    "all.M1": ("all {need} must rotate", "{need} 人全部交流"),
    "all.R5": ("no couple sent apart", "无夫妻被分开"),
    "all.locked": ("all {need} kept", "{need} 人全部保持"),
    "share": ("as many as the tiers allow", "在目标层级允许范围内尽量多"),
    "switched_off": ("switched off", "已关闭"),
}

_ACHIEVED: dict[str, tuple[str, str]] = {
    "none": ("{got} break it", "{got} 人违反"),
    "none.R1": (
        "{scored} of {rotators} rotators score here",
        "{rotators} 名交流教师中 {scored} 人得分",
    ),
    "none.R4": ("{got} blocking pairs", "{got} 个违反志愿公平的配对"),
    "all": ("{got} of {need}", "{need} 人中 {got} 人"),
    "all.R5": ("{got} of {need} couples kept together", "{need} 对夫妻中 {got} 对未被分开"),
    "share": ("{got} of {base}", "{base} 人中 {got} 人"),
    "wish": ("wish {rank}: {n}", "第{rank}志愿: {n}"),
    "wish_none": ("none: {n}", "未按志愿: {n}"),
}


def _pick(table: dict[str, tuple[str, str]], key: str, lang: str, **values: object) -> str:
    return labels.pick(table[key], lang).format(**values)


def _phrase_key(row: RuleCheck) -> str:
    specific = f"{row.phrase.value}.{'R1' if row.rule_id in ('R2', 'R3') else row.rule_id}"
    return specific


def scope_text(row: RuleCheck, lang: str) -> str:
    """The scope: the county in words, a school, post or teacher by its ids."""
    if row.scope.kind is ScopeKind.COUNTY and row.scope.ids == ("wishes",):
        return labels.pick(("wishes", "志愿"), lang)
    if row.scope.kind is ScopeKind.COUNTY:
        return labels.word("county", lang)
    return str(row.scope)


def _value(value: object, lang: str) -> str:
    if value is None:
        return labels.word("none", lang)
    if isinstance(value, bool):
        return labels.word("yes" if value else "no", lang)
    if isinstance(value, Title):
        return labels.title_name(value, lang)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(_value(v, lang) for v in value)
    return str(value)


def parameter_text(row: RuleCheck, policy: Policy, lang: str) -> str:
    """The rule's parameters in words (``最低交流比例 10%``; on/off is shown by the
    status); a row of a report without a plan says what it is instead."""
    if row.phrase is Phrase.CONFLICT:
        return labels.pick(("conflict", "冲突"), lang)
    if row.phrase is Phrase.RELAXATION:
        return labels.pick(("relaxation", "调整建议"), lang)
    rule_id = row.rule_id
    if rule_id not in type(policy).model_fields:
        return labels.pick(("locked_to column", "锁定学校列"), lang)
    parts = [
        labels.param_text(f"{rule_id}.{k}", v, lang)
        for k, v in policy.rule(rule_id)
        if k != "enabled"
    ]
    return labels.word("sep", lang).join(parts)


def _base_word(row: RuleCheck, policy: Policy) -> str | None:
    key = row.rule_id
    if key == "Q3" and policy.Q3.denominator != "rotators":
        key = "Q3.eligible"
    return key if key in _BASE else None


def required_text(row: RuleCheck, policy: Policy, lang: str) -> str:
    p = row.phrase
    if p in (Phrase.AT_LEAST, Phrase.AT_MOST):
        text = f"{'>=' if p is Phrase.AT_LEAST else '<='} {_n(row.need)}"
        key = _base_word(row, policy)
        if key and row.base is not None:
            text += f" ({_n(row.base)} {labels.pick(_BASE[key], lang)})"
        return text
    if p is Phrase.CONFLICT or p is Phrase.RELAXATION:
        return row.text
    specific = _phrase_key(row)
    key = specific if specific in _REQUIRED else p.value
    return _pick(_REQUIRED, key, lang, need=_n(row.need))


def achieved_text(row: RuleCheck, lang: str) -> str:
    p = row.phrase
    if p is Phrase.SWITCHED_OFF:
        return ""
    if p is Phrase.CONFLICT:
        return labels.pick(("no plan", "无方案"), lang)
    if p is Phrase.RELAXATION:
        return labels.pick(("re-solved: a plan exists", "已重新求解: 有方案"), lang)
    if p in (Phrase.AT_LEAST, Phrase.AT_MOST):
        return _n(row.got)
    detail = dict(row.detail)
    if row.rule_id == "R4" and p is Phrase.SHARE:
        parts = [_pick(_ACHIEVED, "wish", lang, rank=k, n=n) for k, n in row.detail if k != "none"]
        if "none" in detail:
            parts.append(_pick(_ACHIEVED, "wish_none", lang, n=detail["none"]))
        return ", ".join(parts)
    specific = _phrase_key(row)
    key = specific if specific in _ACHIEVED else p.value
    return _pick(_ACHIEVED, key, lang, got=_n(row.got), need=_n(row.need), base=_n(row.base),
                 **{k: str(v) for k, v in detail.items()})  # fmt: skip


def _n(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def violation_line(row: RuleCheck, policy: Policy, lang: str, max_ids: int = 10) -> str:
    """One broken rule for the terminal: ``违反 Q1 S001: >= 3 (30 符合条件), 实际 2 [T1, T2]``."""
    who = ", ".join(row.offending[:max_ids]) + (" ..." if len(row.offending) > max_ids else "")
    head = labels.status_word("VIOLATED", lang)
    text = (
        f"{head} {row.rule_id} {scope_text(row, lang)}: {required_text(row, policy, lang)}, "
        f"{labels.pick(('achieved', '实际'), lang)} {achieved_text(row, lang)}"
    )
    return text + (f" [{who}]" if who else "")
