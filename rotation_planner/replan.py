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
from rotation_planner.report import labels
from rotation_planner.report.tables import Table
from rotation_planner.rules.base import MoveKind
from rotation_planner.rules.facts import Facts

Kind = Literal["kept", "moved", "dropped", "added"]
KINDS: tuple[Kind, ...] = ("dropped", "moved", "added", "kept")
# The words are report/labels.py's (one vocabulary); the names stay for the callers.
KIND_WORDS: dict[str, tuple[str, str]] = labels.CHANGE_KINDS
HEADERS: dict[str, tuple[str, str]] = labels.CHANGE_HEADERS
SHEET = labels.CHANGES_SHEET


def _reason(key: str, **values: object) -> tuple[str, str]:
    """A reason of labels.CHANGE_REASONS as ``(en, zh)``, filled."""
    en, zh = labels.CHANGE_REASONS[key]
    return en.format(**values), zh.format(**values)


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
    rules = [r for r in rules if r in RULE_NAMES]
    en = ", ".join(f"{r} {labels.rule_name(r, 'en').lower()}" for r in rules)
    zh = "、".join(f"{r} {labels.rule_name(r, 'zh')}" for r in rules)
    return en, zh


def _post_counts(inst: Instance) -> Counter[tuple[str, str]]:
    return Counter({(v.school_id, v.subject): v.count for v in inst.vacancy_slots})


def _why_left(
    a: Assignment, inst: Instance, p: Policy, previous: Plan, new_plan: Plan
) -> tuple[str, str]:
    """Why a published placement could not stay as it was. "Fewer places" only when the
    post now has fewer places than the published plan placed there; a post whose places
    did not shrink but that someone else holds now names who."""
    t = inst.teacher_by_id.get(a.teacher_id)
    if t is None:
        return _reason("left_roster")
    facts = Facts(inst, p)
    failed = facts.excluded_by(t, MoveKind.OUTWARD)
    if failed:
        if "E5" in failed and t.exempt_reason:
            return _reason("now_exempt")
        en, zh = _rule_words(failed)
        return labels.CHANGE_REASONS["not_eligible"][0].format(rules=en), labels.CHANGE_REASONS[
            "not_eligible"
        ][1].format(rules=zh)
    if a.to_school_id not in inst.school_by_id:
        return _reason("school_gone")
    posts = _post_counts(inst)
    key = (a.to_school_id, a.subject)
    if posts.get(key, 0) == 0:
        return _reason("post_closed")
    if t.locked_to and t.locked_to != a.to_school_id:
        return _reason("locked_elsewhere")
    slot = next(v for v in inst.vacancy_slots if (v.school_id, v.subject) == key)
    failed_pair = facts.move(t, slot).blockers
    if failed_pair:
        en, zh = _rule_words(failed_pair)
        return (
            labels.CHANGE_REASONS["post_not_open"][0].format(rules=en),
            labels.CHANGE_REASONS["post_not_open"][1].format(rules=zh),
        )
    placed_before = sum(1 for b in previous.assignments if (b.to_school_id, b.subject) == key)
    if placed_before > posts[key]:
        return _reason("fewer_places", now=posts[key], before=placed_before)
    holders = sorted(
        b.teacher_id
        for b in new_plan.assignments
        if (b.to_school_id, b.subject) == key and b.teacher_id not in previous.by_teacher
    )
    if holders and len(holders) + placed_before - 1 >= posts[key]:
        return _reason("post_taken", who=", ".join(holders))
    return _reason("fewest_changes")


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
        return _reason("fills_vacated", who=vacated[key].pop(0))
    t = inst.teacher_by_id[a.teacher_id]
    if left_school.get(t.school_id):
        return _reason("replaces_colleague", who=left_school[t.school_id].pop(0))
    if t.locked_to:
        return _reason("locked_here")
    before = Counter((b.to_school_id, b.subject) for b in previous.assignments)
    if before[key] < _post_counts(inst)[key]:
        return _reason("fills_open")
    return _reason("fewest_changes")


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
            changes.append(Change(tid, "kept", a, b, _reason("unchanged")))
            continue
        vacated.setdefault((a.to_school_id, a.subject), []).append(tid)
        why = _why_left(a, inst, p, previous, new_plan)
        if b is None:
            t = inst.teacher_by_id.get(tid)
            if t is not None:
                left_school.setdefault(t.school_id, []).append(tid)
            changes.append(Change(tid, "dropped", a, None, why))
        else:
            en, zh = why
            target = _post(b, inst)
            now_at = labels.CHANGE_REASONS["now_at"]
            reason = (now_at[0].format(why=en, post=target), now_at[1].format(why=zh, post=target))
            changes.append(Change(tid, "moved", a, b, reason))
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
    return labels.pick(labels.REPLAN_SUMMARY, lang).format(
        n=count_changes(changes), dropped=n["dropped"], moved=n["moved"], added=n["added"],
        kept=n["kept"],
    )  # fmt: skip


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
