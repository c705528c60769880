"""Before the solve: who may rotate, and whether each subject's posts can all be filled.

Both come from the rulebook's own predicate (``rules/facts.Facts``): a teacher is
eligible when no rule excludes them from outward rotation (``Facts.excluded_by``), and
a teacher could fill a post when ``Facts.move`` allows it (as outward rotation or as a
W1 learning post). Nothing here decides eligibility on its own; it only asks, so that a
school can confirm its list, and a bureau learns before solving that a subject has more
posts than teachers who could take them. No solver.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rotation_planner.domain import Instance, Teacher, Vacancy
from rotation_planner.io.errors import Issue
from rotation_planner.policy import Policy
from rotation_planner.report import labels
from rotation_planner.report.tables import Table
from rotation_planner.rules.base import MoveKind
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.p1_subject import teaches


@dataclass(frozen=True)
class Supply:
    """One subject: its posts and the teachers who could fill at least one of them."""

    subject: str
    posts: int
    teachers: int

    @property
    def short(self) -> int:
        return max(0, self.posts - self.teachers)


def supply(instance: Instance, policy: Policy, facts: Facts | None = None) -> list[Supply]:
    """Per subject with posts, in the roster's order: how many posts, and how many
    teachers some post of the subject is open to under every rule (``Facts.move``).
    A teacher counts once per subject, however many posts are open to them."""
    facts = facts or Facts(instance, policy)
    posts: dict[str, list[Vacancy]] = {}
    for v in instance.vacancy_slots:
        posts.setdefault(v.subject, []).append(v)
    # A teacher whom the rules exclude from both kinds of move (outward rotation and a
    # W1 learning post) can fill no post: asked once per teacher, not once per post.
    movable = [t for t in instance.teachers if facts.is_eligible(t) or facts.is_learner(t)]
    found = []
    for subject, slots in posts.items():
        able = sum(
            1
            for t in movable
            if teaches(t, subject, policy)  # P1's own test first: it is cheap
            and any(facts.could_fill(t, v) for v in slots)
        )
        found.append(Supply(subject, sum(v.count for v in slots), able))
    return found


def supply_warnings(instance: Instance, policy: Policy) -> list[Issue]:
    """A warning for each subject whose posts outnumber the teachers who could fill
    them: that many posts stay open whatever the plan."""
    found = []
    for s in supply(instance, policy):
        if s.short:
            found.append(Issue.of("short_supply", subject=f"'{s.subject}'", posts=s.posts,
                                  teachers=s.teachers, short=s.short))  # fmt: skip
    return found


ELIGIBILITY_COLUMNS: tuple[str, ...] = (
    "teacher_id",
    "name",
    "school_id",
    "school",
    "subjects",
    "title",
    "eligible",
    "excluded_by",
    "learning_post",
    "posts_open",
)


def _rules(ids: Iterable[str], lang: str) -> str:
    return labels.join([f"{rid} {labels.rule_name(rid, lang)}" for rid in ids], lang)


def eligibility_rows(facts: Facts, t: Teacher, lang: str) -> tuple[object, ...]:
    """One teacher's row: eligible for outward rotation or not, the rules that exclude
    them (in rulebook order), whether they may take a W1 learning post instead, and how
    many posts are open to them."""
    yes, no = labels.word("yes", lang), labels.word("no", lang)
    excluded = facts.excluded_by(t, MoveKind.OUTWARD)
    school = facts.instance.school_by_id[t.school_id]
    open_posts = sum(v.count for v in facts.instance.vacancy_slots if facts.could_fill(t, v))
    learning = facts.policy.W1.enabled and not facts.excluded_by(t, MoveKind.LEARNING)
    return (
        t.teacher_id,
        t.name,
        t.school_id,
        school.name,
        labels.join(list(t.subjects), lang),
        labels.title_name(t.title, lang),
        no if excluded else yes,
        _rules(excluded, lang),
        yes if learning else no,
        open_posts,
    )


def eligibility_table(instance: Instance, policy: Policy, lang: str) -> Table:
    """Every teacher of the roster, eligible or not, with the rules that exclude them:
    the list a bureau sends each school to confirm before the solve."""
    facts = Facts(instance, policy)
    rows = [eligibility_rows(facts, t, lang) for t in instance.teachers]
    styles = [None if row[6] == labels.word("yes", lang) else "warn" for row in rows]
    return Table(
        key="eligibility",
        name=labels.sheet_name("eligibility", lang),
        columns=ELIGIBILITY_COLUMNS,
        headers=tuple(labels.header(c, lang) for c in ELIGIBILITY_COLUMNS),
        rows=tuple(rows),
        styles=tuple(styles),
    )
