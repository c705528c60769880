"""What a bureau posts and what it sends each school: the 公示名单 and the 学校通知.

The public list (公示名单) is the list counties post for comment: for each rotating
teacher the name, gender, home school, the school they go to, the subject, the title
and the term, under the title ``XX县YYYY年城乡教师交流轮岗人员名单``. It carries no
more personal data than such lists carry in practice: no teacher id, no ID number, no
age, no points, no exemption or health reason.

The school notices (学校通知) give each school only its own teachers: those it sends
and those it receives, with the same columns, and for a receiving school its posts and
which of them are still open. io/plan_write.py prints each school on its own page.
"""

from __future__ import annotations

from dataclasses import dataclass

from rotation_planner.domain import Assignment, Teacher
from rotation_planner.report import labels
from rotation_planner.report.explain import PlanFacts
from rotation_planner.report.heading import PlanHeading
from rotation_planner.report.tables import Table

PUBLIC_COLUMNS: tuple[str, ...] = (
    "seq",
    "name",
    "gender",
    "home_unit",
    "host_school",
    "subject",
    "title",
    "term",
)
# A school's notice: the same columns, with the other school in the fifth.
OUTGOING_COLUMNS: tuple[str, ...] = (
    "seq",
    "name",
    "gender",
    "subject",
    "title",
    "host_school",
    "term",
)
INCOMING_COLUMNS: tuple[str, ...] = (
    "seq",
    "name",
    "gender",
    "subject",
    "title",
    "home_unit",
    "term",
)

GENDER_NAMES: dict[str, tuple[str, str]] = {"M": ("M", "男"), "F": ("F", "女")}


def _placed(facts: PlanFacts) -> list[tuple[Teacher, Assignment]]:
    """Assignments of teachers on the roster, by home school, new school, teacher id."""
    inst = facts.instance
    plan = facts.plan
    if plan is None:
        return []
    placed = [
        (inst.teacher_by_id[a.teacher_id], a)
        for a in plan.assignments
        if a.teacher_id in inst.teacher_by_id
    ]
    return sorted(placed, key=lambda ta: (ta[0].school_id, ta[1].to_school_id, ta[0].teacher_id))


def _school_name(facts: PlanFacts, school_id: str) -> str:
    school = facts.instance.school_by_id.get(school_id)
    return school.name if school is not None else school_id


def _gender(t: Teacher, lang: str) -> str:
    return labels.pick(GENDER_NAMES[t.gender.value], lang)


def public_list(facts: PlanFacts, heading: PlanHeading, lang: str) -> Table:
    """The 公示名单: one row per rotating teacher, by home school, then new school."""
    term = heading.term_text(lang)
    rows: list[tuple[object, ...]] = []
    for i, (t, a) in enumerate(_placed(facts), start=1):
        rows.append(
            (
                i,
                t.name,
                _gender(t, lang),
                _school_name(facts, t.school_id),
                _school_name(facts, a.to_school_id),
                a.subject,
                labels.title_name(t.title, lang),
                term,
            )
        )
    return Table(
        key="public_list",
        name=labels.sheet_name("public_list", lang),
        columns=PUBLIC_COLUMNS,
        headers=tuple(labels.header(c, lang) for c in PUBLIC_COLUMNS),
        rows=tuple(rows),
        styles=(None,) * len(rows),
    )


@dataclass(frozen=True)
class NoticeBlock:
    """A caption (``本校派出交流教师 3 人``) and its rows, under their own headers."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class SchoolNotice:
    """One school's page: its name, the teachers it sends and receives, and for a
    receiving school a line on its posts."""

    school_id: str
    heading: str
    blocks: tuple[NoticeBlock, ...]
    posts_line: str = ""


@dataclass(frozen=True)
class SchoolNotices:
    """The 学校通知 sheet: its name, its title, one notice per school, and the line
    that signs each (the bureau and a date to fill in)."""

    key: str
    name: str
    title: str
    notices: tuple[SchoolNotice, ...]
    issuer: str = ""


def school_notices(facts: PlanFacts, heading: PlanHeading, lang: str) -> SchoolNotices:
    """A notice for every school that sends or receives a teacher or asked for posts,
    by school id. A school sees only the teachers who leave it or come to it."""
    term = heading.term_text(lang)
    outgoing: dict[str, list[tuple[Teacher, Assignment]]] = {}
    incoming: dict[str, list[tuple[Teacher, Assignment]]] = {}
    for t, a in _placed(facts):
        outgoing.setdefault(t.school_id, []).append((t, a))
        incoming.setdefault(a.to_school_id, []).append((t, a))
    notices: list[SchoolNotice] = []
    for school in sorted(facts.instance.schools, key=lambda s: s.school_id):
        sid = school.school_id
        out, came = outgoing.get(sid, []), incoming.get(sid, [])
        if not (out or came or facts.vacancies[sid]):
            continue
        blocks: list[NoticeBlock] = []
        if out:
            rows = tuple(
                (
                    i,
                    t.name,
                    _gender(t, lang),
                    a.subject,
                    labels.title_name(t.title, lang),
                    _school_name(facts, a.to_school_id),
                    term,
                )
                for i, (t, a) in enumerate(out, start=1)
            )
            caption = labels.word("notice_out", lang, n=len(out))
            headers = tuple(labels.header(c, lang) for c in OUTGOING_COLUMNS)
            blocks.append(NoticeBlock(caption, headers, rows))
        if came:
            came = sorted(came, key=lambda ta: (ta[1].subject, ta[0].school_id, ta[0].teacher_id))
            rows = tuple(
                (
                    i,
                    t.name,
                    _gender(t, lang),
                    a.subject,
                    labels.title_name(t.title, lang),
                    _school_name(facts, t.school_id),
                    term,
                )
                for i, (t, a) in enumerate(came, start=1)
            )
            caption = labels.word("notice_in", lang, n=len(came))
            headers = tuple(labels.header(c, lang) for c in INCOMING_COLUMNS)
            blocks.append(NoticeBlock(caption, headers, rows))
        notices.append(
            SchoolNotice(
                school_id=sid,
                heading=labels.word("notice_school", lang, name=school.name, school_id=sid),
                blocks=tuple(blocks),
                posts_line=_posts_line(facts, sid, lang),
            )
        )
    return SchoolNotices(
        key="notices",
        name=labels.sheet_name("notices", lang),
        title=heading.text("notices_title", lang),
        notices=tuple(notices),
        issuer=labels.word("pub_issuer", lang, county=heading.county),
    )


def _posts_line(facts: PlanFacts, school_id: str, lang: str) -> str:
    """``本校申报岗位 3 个，已填补 2 个；未填补：音乐 1`` (empty for a school without posts)."""
    slots = [v for v in facts.slots if v.school_id == school_id]
    posts = sum(v.count for v in slots)
    if not posts:
        return ""
    open_ = [
        (v.subject, v.count - facts.filled[(school_id, v.subject)])
        for v in slots
        if facts.filled[(school_id, v.subject)] < v.count
    ]
    filled = posts - sum(n for _, n in open_)
    if not open_:
        return labels.word("notice_posts_filled", lang, posts=posts)
    text = labels.join([f"{subject} {n}" for subject, n in open_], lang)
    return labels.word("notice_posts", lang, posts=posts, filled=filled, open=text)
