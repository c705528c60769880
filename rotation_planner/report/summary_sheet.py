"""The plan's first sheet: a one-page summary a director reads, and signs.

In order: the verdict in plain words (which rules the plan meets, which do not apply,
which it breaks), the key figures (posts filled, also by distance from the county seat;
rotators; the backbone share Q3 counts; the mean and longest commute; wishes granted),
each post left open with the reason it is open, the policy values that differ from the
defaults, the input file and its SHA-256 (which tie the paper to the roster), and the
lines for the approval signatures.

Like the other sheets, everything here comes from the roster, the policy, the plan and
the checker's rows, never from solver values: a plan made by hand is summarised alike.
The summary names no teacher: it is counts, schools and subjects only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rotation_planner.check import CheckResult
from rotation_planner.domain import RunInfo, Teacher, Vacancy
from rotation_planner.policy import RULE_IDS, Policy
from rotation_planner.report import labels
from rotation_planner.report.explain import PlanFacts
from rotation_planner.report.heading import PlanHeading
from rotation_planner.report.tables import Style, display_value
from rotation_planner.rules.base import MoveKind, Phrase
from rotation_planner.rules.p1_subject import teaches
from rotation_planner.rules.q3_backbone_share import min_backbone
from rotation_planner.rules.r4_wishes import wish_ranks

# Distance bands of the receiving schools, in km from the county seat: [0, 20), [20, 40),
# ... and 80 or more. Each is two of the remoteness tier's 10 km steps.
BAND_EDGES: tuple[int, ...] = (20, 40, 60, 80)
# Rows listed under "posts not filled" and "policy values changed" before "... N more":
# the summary must stay one page.
MAX_LISTED = 12


class LineKind(StrEnum):
    """What a line of the summary is; io/plan_write.py gives each kind its look."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    HEADING = "heading"
    TEXT = "text"  # a paragraph across the page
    PAIR = "pair"  # a label and its value
    TABLE_HEAD = "table_head"  # four column headers
    TABLE_ROW = "table_row"  # four cells
    SIGN = "sign"  # a role and the line to sign on
    SEAL = "seal"  # the place for the bureau's seal, at the right


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the summary: its kind, its cells (one to four) and a row style."""

    kind: LineKind
    cells: tuple[object, ...]
    style: Style = None


@dataclass(frozen=True)
class SummarySheet:
    """The summary as lines, in order, with the sheet's name and the page title."""

    key: str
    name: str
    title: str
    lines: tuple[Line, ...]

    def texts(self) -> list[str]:
        """Every cell's text, in order (what a test or a reader looks for)."""
        return [str(c) for line in self.lines for c in line.cells if c not in (None, "")]


@dataclass(frozen=True, slots=True)
class Band:
    """Posts and posts filled at receiving schools ``lo`` km (inclusive) to ``hi`` km
    (exclusive; None: no upper end) from the county seat."""

    lo: int
    hi: int | None
    posts: int
    filled: int


@dataclass(frozen=True)
class KeyFigures:
    """The figures a director looks at first, computed from the roster and the plan.

    ``backbone`` counts backbone teachers among the outward rotators (what Q3 counts);
    ``backbone_need`` is Q3's minimum (None with Q3 off). Commutes run from each
    rotator's home school to the new school. Wishes count rotators who gave any.
    """

    posts: int
    filled: int
    bands: tuple[Band, ...]
    rotators: int
    eligible: int
    senders: int
    receivers: int
    outward: int
    backbone: int
    backbone_need: int | None
    mean_km: float | None
    longest_km: float | None
    with_wishes: int
    granted: int
    first_wish: int


@dataclass(frozen=True, slots=True)
class OpenPost:
    """A post the plan leaves open: where, in which subject, how many, and why."""

    school_id: str
    subject: str
    open: int
    reason: str


@dataclass(frozen=True)
class Verdict:
    """The checker's rows by rule: rules met, rules broken, rules that do not apply.
    Only rulebook rules are counted; another check (locked assignments) is named only
    when it fails."""

    met: tuple[str, ...]
    broken: tuple[str, ...]
    not_applicable: tuple[str, ...]


def verdict(check: CheckResult, policy: Policy) -> Verdict:
    """A rule is broken when any of its rows is VIOLATED, met when it has an OK row
    and none violated, and does not apply when it is switched off or all its rows are
    N/A."""
    statuses: dict[str, set[str]] = {}
    for row in check.rows:
        if row.phrase in (Phrase.CONFLICT, Phrase.RELAXATION):
            continue
        statuses.setdefault(row.rule_id, set()).add(row.status)
    for rid in RULE_IDS:
        if not policy.enabled(rid):
            statuses.setdefault(rid, set()).add("N/A")
    order = {rid: i for i, rid in enumerate(RULE_IDS)}
    ids = sorted(statuses, key=lambda r: (order.get(r, len(order)), r))
    broken = tuple(r for r in ids if "VIOLATED" in statuses[r])
    met = tuple(r for r in ids if r in order and r not in broken and "OK" in statuses[r])
    na = tuple(r for r in ids if r in order and statuses[r] == {"N/A"})
    return Verdict(met, broken, na)


def verdict_text(v: Verdict, policy: Policy, lang: str) -> str:
    """The verdict in one sentence: ``本方案符合全部 21 项适用规则；2 项不适用：W1
    农村教师跟岗（已关闭）、W2 结对互派（已关闭）。``"""
    if v.broken:
        named = labels.join([_rule(r, lang) for r in v.broken], lang)
        text = labels.word("verdict_bad", lang, k=len(v.broken), rules=named, n=len(v.met))
    else:
        text = labels.word("verdict_ok", lang, n=len(v.met))
    if v.not_applicable:
        named = labels.join([_rule(r, lang, policy) for r in v.not_applicable], lang)
        text += labels.word("verdict_na", lang, m=len(v.not_applicable), rules=named)
    return text + labels.word("verdict_end", lang)


def _rule(rule_id: str, lang: str, policy: Policy | None = None) -> str:
    """``W1 农村教师跟岗``, with ``（已关闭）`` when ``policy`` has it switched off."""
    name = labels.rule_name(rule_id, lang)
    text = f"{rule_id} {name}" if rule_id in RULE_IDS else name
    if policy is not None and rule_id in RULE_IDS and not policy.enabled(rule_id):
        off = labels.word("switched_off", lang)
        text += f"（{off}）" if lang == "zh" else f" ({off})"
    return text


def _band_of(distance_km: float) -> int:
    return sum(1 for edge in BAND_EDGES if distance_km >= edge)


def key_figures(facts: PlanFacts) -> KeyFigures:
    """Posts filled (a post filled twice counts once), overall and by distance band;
    rotators, the schools they come from and go to; the backbone share; commutes;
    wishes granted."""
    inst, p = facts.instance, facts.policy
    bands: dict[int, list[int]] = {}
    for v in facts.slots:
        band = bands.setdefault(_band_of(inst.school_by_id[v.school_id].distance_km), [0, 0])
        band[0] += v.count
        band[1] += min(v.count, facts.filled[(v.school_id, v.subject)])
    edges = (0, *BAND_EDGES)
    band_rows = tuple(
        Band(edges[i], BAND_EDGES[i] if i < len(BAND_EDGES) else None, posts, filled)
        for i, (posts, filled) in sorted(bands.items())
    )
    placed: list[tuple[Teacher, str]] = []
    if facts.plan is not None:
        for a in facts.plan.assignments:
            t = inst.teacher_by_id.get(a.teacher_id)
            if t is not None and a.to_school_id in inst.school_by_id:
                placed.append((t, a.to_school_id))
    outward = [t for t, to in placed if facts.rules.move_kind(t.school_id, to) is MoveKind.OUTWARD]
    backbone = sum(1 for t in outward if t.is_backbone)
    eligible_backbone = sum(1 for t in facts.rules.eligible if t.is_backbone)
    need = min_backbone(len(outward), eligible_backbone, p) if p.Q3.enabled else None
    km = [inst.distance_km(t.school_id, to) for t, to in placed]
    ranks = [wish_ranks(t).get(to) for t, to in placed if t.wishes]
    return KeyFigures(
        posts=sum(v.count for v in facts.slots),
        filled=sum(b.filled for b in band_rows),
        bands=band_rows,
        rotators=len(placed),
        eligible=len(facts.rules.eligible),
        senders=len({t.school_id for t, _ in placed}),
        receivers=len({to for _, to in placed}),
        outward=len(outward),
        backbone=backbone,
        backbone_need=need,
        mean_km=sum(km) / len(km) if km else None,
        longest_km=max(km) if km else None,
        with_wishes=len(ranks),
        granted=sum(1 for r in ranks if r is not None),
        first_wish=sum(1 for r in ranks if r == 1),
    )


def open_posts(facts: PlanFacts, lang: str) -> tuple[OpenPost, ...]:
    """Every post the plan leaves open, by school and subject, with its reason:

    - no teacher in the county who may rotate teaches the subject (P1);
    - some do, but a rule forbids each of them this school (E6 direction, P4 distance,
      P5 pairing...): the rules are named;
    - the school already receives as many as P3 allows;
    - otherwise, what became of the teachers who could fill it: sent to other posts,
      their school's quota full (Q2/Q4), their spouse sent (R5), or simply not chosen.
    """
    if facts.plan is None:
        return ()
    out: list[OpenPost] = []
    for v in facts.slots:
        missing = v.count - facts.filled[(v.school_id, v.subject)]
        if missing > 0:
            out.append(OpenPost(v.school_id, v.subject, missing, _open_reason(facts, v, lang)))
    return tuple(out)


def _open_reason(facts: PlanFacts, v: Vacancy, lang: str) -> str:
    inst, p, rules = facts.instance, facts.policy, facts.rules
    cap = facts.arrivals_max(v.school_id)
    if cap is not None and facts.arrivals[v.school_id] >= cap:
        return labels.word("open_p3", lang, filled=facts.arrivals[v.school_id], max=cap)
    takers: list[Teacher] = []
    teachers_of_subject: list[Teacher] = []
    blockers: set[str] = set()
    for t in inst.teachers:
        if not teaches(t, v.subject, p):
            continue
        a = facts.assignment.get(t.teacher_id)
        if a is not None and (a.to_school_id, a.subject) == (v.school_id, v.subject):
            continue  # already in this post
        move = rules.move(t, v)
        if move.kind is None or rules.excluded_by(t, move.kind):
            continue
        teachers_of_subject.append(t)
        if move.allowed:
            takers.append(t)
        else:
            blockers.update(move.blockers)
    if not teachers_of_subject:
        return labels.word("open_no_teacher", lang, subject=v.subject)
    if not takers:
        order = {rid: i for i, rid in enumerate(RULE_IDS)}
        named = [labels.rule_short(r, lang) for r in sorted(blockers, key=order.get)]
        return labels.word(
            "open_blocked",
            lang,
            n=len(teachers_of_subject),
            subject=v.subject,
            rules=labels.join(named, lang),
        )
    counts = {"taker_elsewhere": 0, "taker_quota": 0, "taker_spouse": 0, "taker_other": 0}
    for t in takers:
        spouse = inst.spouse_of.get(t.teacher_id)
        cap_out = facts.quota_max(t.school_id)
        if facts.is_selected(t.teacher_id):
            counts["taker_elsewhere"] += 1
        elif cap_out is not None and facts.sent[t.school_id] >= cap_out:
            counts["taker_quota"] += 1
        elif p.R5.enabled and spouse is not None and facts.is_selected(spouse):
            counts["taker_spouse"] += 1
        else:
            counts["taker_other"] += 1
    parts = [labels.word(key, lang, k=k) for key, k in counts.items() if k]
    return labels.word("open_takers", lang, n=len(takers), parts=labels.join(parts, lang))


def changed_policy(policy: Policy, lang: str) -> tuple[tuple[str, str, object, object], ...]:
    """Each rule parameter that differs from its default: key, rule, value, default.
    The plan year and reference date are not rule parameters (the summary states the
    year elsewhere), so they are left out."""
    defaults = dict(Policy().items())
    rows = []
    for key, value in policy.items():
        if key.partition(".")[0] in RULE_IDS and value != defaults[key]:
            rid = key.partition(".")[0]
            rule = labels.rule_name(rid, lang) if rid in RULE_IDS else ""
            rows.append((key, rule, display_value(value, lang), display_value(defaults[key], lang)))
    return tuple(rows)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _km(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _figure_lines(f: KeyFigures, lang: str) -> list[Line]:
    w = labels.word
    lines = [
        Line(
            LineKind.PAIR,
            (w("fig_posts", lang), w("fig_posts_value", lang, filled=f.filled, posts=f.posts)),
            "good" if f.filled == f.posts else "warn",
        )
    ]
    for b in f.bands:
        if b.lo == 0 and b.hi is not None:
            label = w("band_below", lang, hi=b.hi)
        elif b.hi is None:
            label = w("band_beyond", lang, lo=b.lo)
        else:
            label = w("band_between", lang, lo=b.lo, hi=b.hi)
        value = w("fig_posts_value", lang, filled=b.filled, posts=b.posts)
        lines.append(Line(LineKind.PAIR, (label, value)))
    rotators = w(
        "fig_rotators_value",
        lang,
        n=f.rotators,
        share=_percent(f.rotators, f.eligible),
        eligible=f.eligible,
        senders=f.senders,
        receivers=f.receivers,
    )
    lines.append(Line(LineKind.PAIR, (w("fig_rotators", lang), rotators)))
    backbone = w(
        "fig_backbone_value", lang, k=f.backbone, n=f.outward, share=_percent(f.backbone, f.outward)
    )
    if f.backbone_need is not None:
        backbone += w("fig_backbone_q3", lang, need=f.backbone_need)
    lines.append(Line(LineKind.PAIR, (w("fig_backbone", lang), backbone)))
    commute = (
        w("fig_commute_value", lang, mean=_km(f.mean_km), longest=_km(f.longest_km))
        if f.rotators
        else w("fig_none", lang)
    )
    lines.append(Line(LineKind.PAIR, (w("fig_commute", lang), commute)))
    wishes = (
        w("fig_wishes_value", lang, n=f.with_wishes, granted=f.granted, first=f.first_wish)
        if f.with_wishes
        else w("fig_wishes_none", lang)
    )
    lines.append(Line(LineKind.PAIR, (w("fig_wishes", lang), wishes)))
    return lines


def _listed(rows: Iterable[Line], lang: str) -> list[Line]:
    rows = list(rows)
    if len(rows) <= MAX_LISTED:
        return rows
    more = Line(LineKind.TEXT, (labels.word("more_rows", lang, n=len(rows) - MAX_LISTED + 1),))
    return [*rows[: MAX_LISTED - 1], more]


def build_summary(
    facts: PlanFacts,
    check: CheckResult,
    run: RunInfo,
    heading: PlanHeading,
    lang: str,
) -> SummarySheet:
    """The summary sheet's lines, in the output language."""
    w, h = labels.word, labels.header
    lines: list[Line] = [
        Line(LineKind.TITLE, (heading.text("plan_title", lang),)),
        Line(LineKind.SUBTITLE, (w("sum_subtitle", lang),)),
        Line(LineKind.HEADING, (w("sum_verdict", lang),)),
    ]
    status = labels.solve_status(run.status, lang)
    if facts.plan is None:
        lines.append(Line(LineKind.TEXT, (w("verdict_no_plan", lang, status=status),), "bad"))
        for row in check.rows:
            if row.phrase is Phrase.CONFLICT and row.text:
                lines.append(Line(LineKind.TEXT, (row.text,)))
        relaxations = [r.text for r in check.rows if r.phrase is Phrase.RELAXATION and r.text]
        if relaxations:
            lines.append(Line(LineKind.HEADING, (w("sum_relaxations", lang),)))
            lines += [Line(LineKind.TEXT, (text,)) for text in relaxations]
    else:
        v = verdict(check, facts.policy)
        style: Style = "bad" if v.broken else "good"
        lines.append(Line(LineKind.TEXT, (verdict_text(v, facts.policy, lang),), style))
        lines.append(Line(LineKind.TEXT, (w("verdict_status", lang, status=status),)))

        lines.append(Line(LineKind.HEADING, (w("sum_figures", lang),)))
        lines += _figure_lines(key_figures(facts), lang)

        lines.append(Line(LineKind.HEADING, (w("sum_unfilled", lang),)))
        posts = open_posts(facts, lang)
        if posts:
            lines.append(
                Line(
                    LineKind.TABLE_HEAD,
                    (
                        h("school", lang),
                        h("subject", lang),
                        h("open_posts", lang),
                        h("reason", lang),
                    ),
                )
            )
            lines += _listed(
                (
                    Line(
                        LineKind.TABLE_ROW,
                        (
                            _school(facts, post.school_id, lang),
                            post.subject,
                            post.open,
                            post.reason,
                        ),
                    )
                    for post in posts
                ),
                lang,
            )
        else:
            lines.append(Line(LineKind.TEXT, (w("all_filled", lang),)))

    lines.append(Line(LineKind.HEADING, (w("sum_policy", lang),)))
    changed = changed_policy(facts.policy, lang)
    if changed:
        lines.append(
            Line(
                LineKind.TABLE_HEAD,
                (h("parameter", lang), h("rule", lang), h("value", lang), h("default", lang)),
            )
        )
        lines += _listed((Line(LineKind.TABLE_ROW, row, "warn") for row in changed), lang)
    else:
        lines.append(Line(LineKind.TEXT, (w("no_changes", lang),)))

    lines.append(Line(LineKind.HEADING, (w("sum_input", lang),)))
    for key, value in (
        ("input_name", run.input_name),
        ("input_sha256", run.input_sha256),
        ("seed", run.seed),
        ("points_year", facts.year),
        ("tool_version", run.tool_version),
    ):
        lines.append(Line(LineKind.PAIR, (w(key, lang), value)))

    lines.append(Line(LineKind.HEADING, (w("sum_approval", lang),)))
    for key in ("sign_prepared", "sign_checked", "sign_approved"):
        lines.append(Line(LineKind.SIGN, (w(key, lang), w("sign_line", lang))))
    lines.append(Line(LineKind.SEAL, (w("seal", lang),)))
    return SummarySheet(
        key="summary",
        name=labels.sheet_name("summary", lang),
        title=heading.text("plan_title", lang),
        lines=tuple(lines),
    )


def _school(facts: PlanFacts, school_id: str, lang: str) -> str:
    school = facts.instance.school_by_id.get(school_id)
    if school is None:
        return school_id
    return labels.word("notice_school", lang, name=school.name, school_id=school_id)
