"""The diagnosis and the relaxations in words, in either language.

When no lawful plan exists, each rule tells its member of the conflict, and each proposed
relaxation, as figures: a phrase key with numbers and ids (rules/conflict.py). Every word
the report and the terminal show for them is here, as ``(en, zh)`` pairs keyed by phrase,
so a wording is changed in one place. Nothing here imports the model or the solver.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rotation_planner.domain import Title
from rotation_planner.report import labels
from rotation_planner.rules.base import ScopeKind
from rotation_planner.rules.conflict import Blocked, Figures, Member
from rotation_planner.vocabulary import TITLE_ZH

Pair = tuple[str, str]

# --- a member of a conflict: what its rule demands where it is told ---------------------

MEMBER: dict[str, Pair] = {
    "Q1": (
        "Q1 needs >= {need} rotators ({share} of {eligible} eligible)",
        "Q1 要求至少交流 {need} 人 (符合条件 {eligible} 人的 {share})",
    ),
    "Q2": (
        "Q2 allows at most {cap} ({share} of {eligible} eligible)",
        "Q2 至多交流 {cap} 人 (符合条件 {eligible} 人的 {share})",
    ),
    "Q3.eligible": (
        "Q3 needs >= {need} backbone rotators ({share} of {eligible} eligible backbone teachers)",
        "Q3 要求骨干教师至少交流 {need} 人 (符合条件骨干 {eligible} 人的 {share})",
    ),
    "Q3.rotators": (
        "Q3 needs backbone teachers >= {share} of rotators",
        "Q3 要求骨干教师至少占交流人数的 {share}",
    ),
    "Q4": (
        "Q4 allows at most {cap} ({share} of {staff} staff)",
        "Q4 至多派出 {cap} 人 (在编 {staff} 人的 {share})",
    ),
    "P2": ("P2 has only {count} {subject} post(s)", "P2 {subject} 岗位仅 {count} 个"),
    "P3": (
        "P3 lets it receive at most {cap} ({share} of {staff} staff)",
        "P3 至多接收 {cap} 人 (在编 {staff} 人的 {share})",
    ),
    "M1": ("M1 must rotate, and can fill {posts} post(s)", "M1 必须交流, 可填补的岗位 {posts} 个"),
    "locked": (
        "locked to {to_name}, and can fill {posts} post(s) there",
        "锁定到 {to_name}, 可填补的岗位 {posts} 个",
    ),
    "R4": ("R4 no justified envy over their wishes", "R4 志愿无合理嫉妒"),
    "R5.at_most_one": (
        "R5 at most one of them and spouse {spouse} goes",
        "R5 与配偶 {spouse} 至多一人交流",
    ),
    "R5.nearby": (
        "R5 goes within {km} km of spouse {spouse}",
        "R5 与配偶 {spouse} 须派往 {km} 公里以内的学校",
    ),
    "W2": (
        "W2 sends to {to_name} only if it receives a learner back",
        "W2 向 {to_name} 派出则须接收其跟岗教师",
    ),
}

# What follows a member's demand: why the teachers it counts cannot go.
TAIL: dict[str, Pair] = {
    # Q1, when fewer of its eligible teachers can fill a post than it needs.
    "Q1": (
        ", but only {able} of them can fill any post (no post: {blocked})",
        ", 但只有 {able} 人有可填补的岗位 (无岗位: {blocked})",
    ),
    "Q3": (
        "; of {backbone} backbone teachers {eligible} are eligible and {able} can fill a post",
        "; 骨干教师 {backbone} 人, 符合条件 {eligible} 人, 有岗位可去 {able} 人",
    ),
    "Q3.excluded": (" (not eligible by rule: {excluded})", " (不符合条件: {excluded})"),
}

# Teachers who can fill no post, by the rule that closed their last one.
BLOCKED: dict[str, Pair] = {
    "E6": ("E6 direction {n}", "E6 交流方向 {n} 人"),
    "W1": ("W1 learning-post terms {n}", "W1 跟岗条件 {n} 人"),
    "P1": (
        "P1 subject {n} (they teach {taught}; posts are in {posts})",
        "P1 学科不对口 {n} 人 (任教 {taught}; 岗位学科 {posts})",
    ),
    "P4": ("P4 distance over {caps} km {n}", "P4 距离超过 {caps} 公里 {n} 人"),
    "locked": ("locked school has no post {n}", "锁定学校无对应岗位 {n} 人"),
}

WORDS: dict[str, Pair] = {
    "county": ("county", "全县"),
    "teacher": ("teacher {name}", "教师 {name}"),
    "none": ("none", "无"),
    "but": ("but", "但"),
}

# Posts no eligible teacher could fill, by subject.
UNFILLABLE: dict[str, Pair] = {
    "posts": (
        "no eligible {subject} teacher for the {posts} {subject} vacancies at {schools} "
        "school(s) (up to {far_km} km out)",
        "{subject} 岗位 {posts} 个 ({schools} 所学校, 最远 {far_km} 公里) 无符合条件的教师可填补",
    ),
    "ruled_out": (
        ": the {teachers} eligible {subject} teacher(s) are ruled out ({rules})",
        ": 符合条件的 {teachers} 名{subject}教师均被排除 ({rules})",
    ),
}

# --- a relaxation: the move, and what it means where the conflict is -------------------

# The move; a Chinese text of None shows the move as in English (parameter words).
CHANGE: dict[str, tuple[str, str | None]] = {
    "parameter": ("{parameter} {old} -> {new}", None),
    "P2.count": ("P2 {school}/{subject} {old} -> {new}", None),
    "P2.new": (
        "add {added} {subject} post(s) at {school}",
        "{school} 增加 {added} 个{subject}岗位",
    ),
    "M1.release": ("M1 off for {teacher}", "{teacher} 本年度不适用 M1"),
    "locked.unlock": ("unlock {teacher}", "取消 {teacher} 的锁定"),
}

DETAIL: dict[str, Pair] = {
    "Q1": (
        "{name} needs {need} of {eligible} eligible",
        "{name} 需交流 {eligible} 人中的 {need} 人",
    ),
    "Q2": (
        "{name} may send {cap} of {eligible} eligible",
        "{name} 可交流 {eligible} 人中的 {cap} 人",
    ),
    "Q3.eligible": (
        "needs {need} of {backbone} eligible backbone",
        "需骨干 {backbone} 人中的 {need} 人",
    ),
    "Q4": ("{name} may send {cap} of {staff} staff", "{name} 可派出在编 {staff} 人中的 {cap} 人"),
    "P3": ("{name} may receive {cap} ({staff} staff)", "{name} 可接收 {cap} 人 (在编 {staff} 人)"),
    "P4": ("posts within {km} km open", "{km} 公里内岗位可去"),
    "P2.added": (
        "Vacancies sheet: {name}, {subject}, +{added}",
        "岗位需求表: {name} {subject} 增加 {added} 个",
    ),
    "P2.new": (
        "Vacancies sheet: {name}, {subject}, +{added}; {teacher} and others could fill it",
        "岗位需求表: {name} {subject} 增加 {added} 个, {teacher} 等可填补",
    ),
    "M1.release": ("{teacher} rotates in a later year", "{teacher} 推迟至以后年度交流"),
    "locked.unlock": ("clear {teacher}'s locked_to", "取消 {teacher} 的锁定学校"),
}


def _pick(pair: Sequence[str | None], lang: str) -> str | None:
    """The Chinese half for ``zh``, the English half for any other language."""
    return pair[1] if lang == "zh" else pair[0]


def pct(share: float) -> str:
    """0.1 -> "10%", 0.125 -> "12.5%"."""
    return f"{round(share * 100, 2):g}%"


def _shown(value: object) -> object:
    """A figure as the words show it: a title by its Chinese name (as the policy sheet
    names it), a switch as false/true, a share or a distance without trailing zeros."""
    if isinstance(value, Title):
        return TITLE_ZH[value]
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    return value


def _fill(pair: Sequence[str | None], lang: str, values: Mapping[str, object]) -> str:
    """The template of ``lang`` with the figures filled in; a figure named ``share``
    is shown as a percentage."""
    template = _pick(pair, lang)
    assert template is not None
    shown = {k: pct(v) if k == "share" else _shown(v) for k, v in values.items()}  # type: ignore[arg-type]
    return template.format(**shown)


def _counts(counts: Sequence[tuple[str, int]]) -> str:
    """ "E3 2, E4 1"."""
    return ", ".join(f"{rule_id} {n}" for rule_id, n in counts)


def blocked_text(b: Blocked, lang: str) -> str:
    """ "P1 subject 4 (they teach 英语 3, 音乐 1; posts are in 数学), P4 distance over
    30 km 1"."""
    parts = []
    for rule_id, n in b.counts:
        values: dict[str, object] = {"n": n}
        if rule_id == "P1":
            values["taught"] = _counts(b.taught)
            values["posts"] = "、".join(b.post_subjects) or _pick(WORDS["none"], lang)
        elif rule_id == "P4":
            values["caps"] = "/".join(f"{c:g}" for c in b.caps_km)
        parts.append(_fill(BLOCKED[rule_id], lang, values))
    return ", ".join(parts)


# --- members ---------------------------------------------------------------------------


def where(m: Member, lang: str) -> str:
    """Where a member is told: "county", a school's name, "teacher T1"."""
    if m.scope.kind is ScopeKind.COUNTY:
        return _fill(WORDS["county"], lang, {})
    if m.scope.kind is ScopeKind.TEACHER:
        return _fill(WORDS["teacher"], lang, {"name": m.name})
    return m.name


def what(m: Member, lang: str) -> str:
    """What the member's rule demands there, with its numbers, starting with the rule
    ID; for a rule that needs rotators, why the teachers it counts cannot go."""
    text = _fill(MEMBER[m.key], lang, m.values)
    v = m.values
    if m.rule_id == "Q1":
        if m.blocked is not None and v["able"] < v["need"]:  # type: ignore[operator]
            blocked = blocked_text(m.blocked, lang)
            text += _fill(TAIL["Q1"], lang, {"able": v["able"], "blocked": blocked})
    elif m.rule_id == "Q3":
        text += _fill(TAIL["Q3"], lang, v)
        if v["excluded"]:
            excluded = _counts(v["excluded"])  # type: ignore[arg-type]
            text += _fill(TAIL["Q3.excluded"], lang, {"excluded": excluded})
    elif m.blocked is not None:
        text += " (" + blocked_text(m.blocked, lang) + ")"
    return text


def member(m: Member | None, label: str, lang: str) -> tuple[str, str]:
    """``(where, what)`` of a member; a member its rule does not tell is its label."""
    if m is None:
        return "", label
    return where(m, lang), what(m, lang)


def described(where_: str, what_: str) -> str:
    """One member in one line: "学校U1: Q1 needs >= 3 rotators (...)"."""
    return f"{where_}: {what_}" if where_ else what_


def headline(lower: list[tuple[str, str]], upper: list[tuple[str, str]], lang: str) -> str:
    """What is needed, "but" what caps it; members at the same place name it once."""

    def joined(parts: list[tuple[str, str]], last_where: str = "") -> tuple[str, str]:
        texts = []
        for place, text in parts:
            texts.append(text if place == last_where else f"{place}: {text}")
            last_where = place
        return "; ".join(texts), last_where

    need, last = joined(lower)
    if not upper:
        return need
    cap, _ = joined(upper, last)
    if not lower:
        return cap
    return f"{need}, {_pick(WORDS['but'], lang)} {cap}"


def unfillable(f: Figures, lang: str) -> str:
    """Posts of one subject no eligible teacher could fill, and what rules out the
    teachers of that subject."""
    text = _fill(UNFILLABLE["posts"], lang, f.values)
    if f.values["teachers"]:
        rules = _counts(f.values["ruled_out"])  # type: ignore[arg-type]
        values = {"teachers": f.values["teachers"], "subject": f.values["subject"], "rules": rules}
        text += _fill(UNFILLABLE["ruled_out"], lang, values)
    return text


# --- relaxations -----------------------------------------------------------------------


def change(f: Figures, lang: str) -> str:
    """The move in words ("Q4.max_share 0.15 -> 0.19", "add 1 英语 post(s) at R1");
    empty in Chinese where the move reads as in English. A moved parameter reads in
    words in Chinese: "Q1 最低交流比例 30%→13%"."""
    if f.key == "parameter" and lang == "zh":
        v = f.values
        return labels.param_change(str(v["parameter"]), v["old"], v["new"], lang)
    text = _pick(CHANGE[f.key], lang)
    return "" if text is None else _fill((text, text), "en", f.values)


def detail(f: Figures | None) -> tuple[str, str]:
    """What a move means where the conflict is, as ``(en, zh)`` ("" when nothing)."""
    if f is None:
        return ("", "")
    pair = DETAIL[f.key]
    return (_fill(pair, "en", f.values), _fill(pair, "zh", f.values))
