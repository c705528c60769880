"""Re-planning after the list is published: keep the plan, change as little as possible.

The solver gets the published plan as ``previous``: right after coverage (never leave a
post empty that could be filled) comes the "changes" tier, the number of placements that
differ from the published plan, above every plan-quality tier. Rows with ``locked_to``
stay where they are. This module compares the two plans and says, for every teacher in
either, what happened and why, in the bureau's words: kept, moved, dropped (now exempt,
post closed, left the roster...) or added (fills the post vacated by X...).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rotation_planner.domain import Assignment, Instance, Plan
from rotation_planner.policy import RULE_NAMES, Policy
from rotation_planner.report.tables import Table
from rotation_planner.rules.base import MoveKind
from rotation_planner.rules.facts import Facts

Kind = Literal["kept", "moved", "dropped", "added"]
KINDS: tuple[Kind, ...] = ("dropped", "moved", "added", "kept")
KIND_WORDS: dict[str, tuple[str, str]] = {
    "kept": ("kept", "保留"),
    "moved": ("moved", "调整"),
    "dropped": ("dropped", "撤出"),
    "added": ("added", "新增"),
}
HEADERS: dict[str, tuple[str, str]] = {
    "teacher_id": ("teacher_id", "工号"),
    "change": ("change", "变更"),
    "from_school_id": ("from_school_id", "原学校编号"),
    "before": ("published (school/subject)", "原方案 (学校/学科)"),
    "after": ("now (school/subject)", "新方案 (学校/学科)"),
    "reason": ("reason", "原因"),
}
SHEET = ("Changes", "变更")


@dataclass(frozen=True, slots=True)
class Change:
    """What happened to one teacher between the published plan and the new one."""

    teacher_id: str
    kind: Kind
    before: Assignment | None
    after: Assignment | None
    reason: tuple[str, str]  # (en, zh)

    def text(self, lang: str = "en") -> str:
        return self.reason[1] if lang == "zh" else self.reason[0]


def _post(a: Assignment | None, inst: Instance) -> str:
    if a is None:
        return ""
    school = inst.school_by_id.get(a.to_school_id)
    return f"{school.name if school else a.to_school_id}/{a.subject}"


def _rule_words(rules: Iterable[str]) -> tuple[str, str]:
    rules = list(rules)
    en = ", ".join(f"{r} {RULE_NAMES[r][0].lower()}" for r in rules if r in RULE_NAMES)
    zh = "、".join(f"{r} {RULE_NAMES[r][1]}" for r in rules if r in RULE_NAMES)
    return en, zh


def _post_counts(inst: Instance) -> Counter[tuple[str, str]]:
    return Counter({(v.school_id, v.subject): v.count for v in inst.vacancy_slots})


def _why_left(a: Assignment, inst: Instance, p: Policy, new_plan: Plan) -> tuple[str, str]:
    """Why a published placement could not stay as it was."""
    t = inst.teacher_by_id.get(a.teacher_id)
    if t is None:
        return ("no longer in the roster", "已不在花名册中")
    facts = Facts(inst, p)
    failed = facts.excluded_by(t, MoveKind.OUTWARD)
    if failed:
        if "E5" in failed and t.exempt_reason:
            return ("now exempt (E5)", "现已暂缓交流 (E5)")
        en, zh = _rule_words(failed)
        return (f"no longer eligible: {en}", f"已不符合交流条件: {zh}")
    if a.to_school_id not in inst.school_by_id:
        return ("the receiving school is no longer in the roster", "接收学校已不在花名册中")
    posts = _post_counts(inst)
    key = (a.to_school_id, a.subject)
    if posts.get(key, 0) == 0:
        return ("the post was closed", "该岗位已取消")
    if t.locked_to and t.locked_to != a.to_school_id:
        return ("locked to another school", "已锁定到其他学校")
    slot = next(v for v in inst.vacancy_slots if (v.school_id, v.subject) == key)
    failed_pair = facts.move(t, slot).blockers
    if failed_pair:
        en, zh = _rule_words(failed_pair)
        return (f"the post is no longer open to them: {en}", f"该岗位已不适合: {zh}")
    taken = sum(1 for b in new_plan.assignments if (b.to_school_id, b.subject) == key)
    if taken >= posts[key]:
        return ("the post now has fewer places", "该岗位名额已减少")
    return (
        "the fewest changes that keep every rule need it",
        "为使方案在改动最少的情况下满足全部规则",
    )


def _why_added(
    a: Assignment,
    inst: Instance,
    previous: Plan,
    vacated: dict[tuple[str, str], list[str]],
    left_school: dict[str, list[str]],
) -> tuple[str, str]:
    """Why a teacher not sent before is sent now."""
    key = (a.to_school_id, a.subject)
    if vacated.get(key):
        who = vacated[key].pop(0)
        return (f"fills the post vacated by {who}", f"填补 {who} 空出的岗位")
    t = inst.teacher_by_id[a.teacher_id]
    if left_school.get(t.school_id):
        who = left_school[t.school_id].pop(0)
        return (
            f"replaces {who} from the same school (Q1 quota)",
            f"接替本校 {who} (Q1 最低交流比例)",
        )
    if t.locked_to:
        return ("locked to this school (locked_to)", "锁定学校 (locked_to)")
    before = Counter((b.to_school_id, b.subject) for b in previous.assignments)
    if before[key] < _post_counts(inst)[key]:
        return ("fills a new or still open post", "填补新增或空缺岗位")
    return ("the fewest changes that keep every rule need it", "为使方案改动最少且满足全部规则")


def compare_plans(inst: Instance, p: Policy, previous: Plan, new_plan: Plan) -> list[Change]:
    """Every teacher in either plan: kept, moved, dropped or added, with the reason.

    Sorted by kind (dropped, moved, added, kept), then teacher id.
    """
    before, after = previous.by_teacher, new_plan.by_teacher
    changes: list[Change] = []
    vacated: dict[tuple[str, str], list[str]] = {}
    left_school: dict[str, list[str]] = {}
    for tid in sorted(before):
        a, b = before[tid], after.get(tid)
        if b is not None and (a.to_school_id, a.subject) == (b.to_school_id, b.subject):
            changes.append(Change(tid, "kept", a, b, ("unchanged", "不变")))
            continue
        vacated.setdefault((a.to_school_id, a.subject), []).append(tid)
        why = _why_left(a, inst, p, new_plan)
        if b is None:
            t = inst.teacher_by_id.get(tid)
            if t is not None:
                left_school.setdefault(t.school_id, []).append(tid)
            changes.append(Change(tid, "dropped", a, None, why))
        else:
            en, zh = why
            target = _post(b, inst)
            changes.append(
                Change(tid, "moved", a, b, (f"{en}; now at {target}", f"{zh}; 改派至 {target}"))
            )
    for tid in sorted(after):
        if tid not in before:
            b = after[tid]
            changes.append(
                Change(tid, "added", None, b, _why_added(b, inst, previous, vacated, left_school))
            )
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(changes, key=lambda c: (order[c.kind], c.teacher_id))


def count_changes(changes: Iterable[Change]) -> int:
    """Placements that differ from the published plan (what the "changes" tier counts)."""
    return sum(1 for c in changes if c.kind != "kept")


def summary(changes: list[Change], lang: str = "en") -> str:
    """The counts in one line, e.g. "4 change(s): 1 dropped, 1 moved, 2 added; 37 kept"."""
    n = Counter(c.kind for c in changes)
    if lang == "zh":
        return (
            f"变更 {count_changes(changes)} 处: 撤出 {n['dropped']}, 调整 {n['moved']}, "
            f"新增 {n['added']}; 保留 {n['kept']}"
        )
    return (
        f"{count_changes(changes)} change(s): {n['dropped']} dropped, {n['moved']} moved, "
        f"{n['added']} added; {n['kept']} kept"
    )


def changes_table(changes: list[Change], inst: Instance, lang: str) -> Table:
    """The "Changes" (变更) sheet: one row per teacher in either plan."""
    i = 1 if lang == "zh" else 0
    columns = tuple(HEADERS)
    rows: list[tuple[object, ...]] = []
    styles = []
    for c in changes:
        t = inst.teacher_by_id.get(c.teacher_id)
        rows.append(
            (
                c.teacher_id,
                KIND_WORDS[c.kind][i],
                t.school_id if t else "",
                _post(c.before, inst),
                _post(c.after, inst),
                c.text(lang),
            )
        )
        styles.append({"dropped": "bad", "moved": "warn", "added": "good"}.get(c.kind))
    return Table(
        key="changes",
        name=SHEET[i],
        columns=columns,
        headers=tuple(HEADERS[k][i] for k in columns),
        rows=tuple(rows),
        styles=tuple(styles),  # type: ignore[arg-type]
    )
