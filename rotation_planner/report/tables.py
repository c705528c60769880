"""The rows of every sheet of the output workbook, as plain data (no openpyxl).

Each function returns a `Table`: the sheet's name and headers in the output language,
its rows as tuples in a fixed order, a style hint per row ("bad", "good", "warn") and
number formats per column. io/plan_write.py turns tables into cells; tests read them
directly. Nothing here reads solver values: only the roster, the policy, the plan, the
checker's rows and the run's record.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from rotation_planner.check import CheckResult
from rotation_planner.domain import Instance, Plan, RunInfo, Title, Vacancy
from rotation_planner.policy import RULE_IDS, Policy, is_inference
from rotation_planner.report import labels, rule_rows
from rotation_planner.report.explain import (
    PlanFacts,
    explain_not_selected,
    explain_selected,
    reason_rules,
    render_all,
    rule_group_points,
)
from rotation_planner.rules.base import switched_off

Style = str | None  # "bad" | "good" | "warn" | None

ASSIGNMENT_COLUMNS: tuple[str, ...] = (
    "teacher_id",
    "name",
    "from_school_id",
    "from_school",
    "to_school_id",
    "to_school",
    "subject",
    "distance_km",
    "backbone",
    "title",
    "points",
    "points_r1",
    "points_r2",
    "points_r3",
    "reason",
)
SCHOOL_COLUMNS: tuple[str, ...] = (
    "school_id",
    "school_name",
    "type",
    "distance_km",
    "staff",
    "vacancies",
    "filled",
    "arrivals_max",
    "sent",
    "eligible",
    "quota_min",
    "quota_max",
    "status",
    "cutoff_selected",
    "cutoff_not_selected",
    "ineligible",
)
NOT_SELECTED_COLUMNS: tuple[str, ...] = (
    "teacher_id",
    "name",
    "school_id",
    "school",
    "subjects",
    "backbone",
    "title",
    "points",
    "points_r1",
    "points_r2",
    "points_r3",
    "rules",
    "reason",
)
CUTOFF_COLUMNS: tuple[str, ...] = (
    "school_id",
    "school",
    "subject",
    "sent_in_subject",
    "cutoff_selected",
    "last_selected",
    "cutoff_not_selected",
    "first_left",
    "why_first_left",
)
LOTTERY_COLUMNS: tuple[str, ...] = (
    "school_id",
    "teacher_id",
    "points",
    "post_school_id",
    "subject",
    "draw",
    "outcome",
    "note",
)
CONSTRAINT_COLUMNS: tuple[str, ...] = (
    "rule_id",
    "rule",
    "scope",
    "parameter",
    "required",
    "achieved",
    "slack",
    "status",
    "offending",
    "note",
)
RUN_COLUMNS: tuple[str, ...] = (
    "section",
    "item",
    "value",
    "status",
    "bound",
    "gap",
    "wall_s",
    "default",
    "note",
)

# Offending ids listed in one cell before "… (+N more)".
MAX_OFFENDING = 50


@dataclass(frozen=True)
class Table:
    """One sheet: name, column keys and headers, rows, row styles, number formats."""

    key: str
    name: str
    columns: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    styles: tuple[Style, ...]
    number_formats: Mapping[str, str] = field(default_factory=dict)

    def as_dicts(self) -> list[dict[str, object]]:
        """Rows keyed by column key (handy in tests)."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _table(
    key: str,
    columns: tuple[str, ...],
    rows: list[tuple[object, ...]],
    styles: list[Style],
    lang: str,
    number_formats: Mapping[str, str] | None = None,
) -> Table:
    return Table(
        key=key,
        name=labels.sheet_name(key, lang),
        columns=columns,
        headers=tuple(labels.header(c, lang) for c in columns),
        rows=tuple(rows),
        styles=tuple(styles),
        number_formats=dict(number_formats or {}),
    )


def offenders(check: CheckResult) -> dict[str, tuple[str, ...]]:
    """Teacher id -> the rules the plan breaks through them (a checker row's offending
    entries are ids, swap pairs ``a>b`` and couples ``a+b``)."""
    found: dict[str, list[str]] = {}
    for row in check.violations:
        for entry in row.offending:
            for tid in entry.replace(">", "+").split("+"):
                rules = found.setdefault(tid.strip(), [])
                if row.rule_id not in rules:
                    rules.append(row.rule_id)
    return {tid: tuple(rules) for tid, rules in found.items()}


def assignments_table(
    facts: PlanFacts, lang: str, broken: Mapping[str, tuple[str, ...]] | None = None
) -> Table:
    """One row per assignment, sorted by teacher id: deterministic for a given plan.
    ``broken`` (teacher id -> rules, from ``offenders``): a teacher through whom the
    plan breaks a rule has their row marked, and their reason opens with the rules."""
    inst = facts.instance
    plan = facts.plan or Plan()
    broken = broken or {}
    styles: list[Style] = []
    rows: list[tuple[object, ...]] = []
    for a in sorted(plan.assignments, key=lambda a: (a.teacher_id, a.to_school_id, a.subject)):
        t = inst.teacher_by_id.get(a.teacher_id)
        to = inst.school_by_id.get(a.to_school_id)
        frm = inst.school_by_id.get(t.school_id) if t is not None else None
        reason = render_all(explain_selected(facts, a), lang)
        rules = broken.get(a.teacher_id, ())
        if rules:
            named = labels.join([f"{r} {labels.rule_name(r, lang)}" for r in rules], lang)
            reason = labels.word("breaks", lang, rules=named) + labels.word("sep", lang) + reason
        styles.append("bad" if rules else None)
        if t is None:
            rows.append(
                (
                    *(a.teacher_id, "", "", "", a.to_school_id, to.name if to else ""),
                    *(a.subject, None, "", "", None, None, None, None, reason),
                )
            )
            continue
        points = facts.points[t.teacher_id]
        distance = (
            round(inst.distance_km(t.school_id, a.to_school_id), 1) if to is not None else None
        )
        rows.append(
            (
                t.teacher_id,
                t.name,
                t.school_id,
                frm.name if frm else "",
                a.to_school_id,
                to.name if to else "",
                a.subject,
                distance,
                labels.backbone_name(t.backbone, t.subject_leader, lang),
                labels.title_name(t.title, lang),
                points.total,
                *rule_group_points(points),
                reason,
            )
        )
    return _table("assignments", ASSIGNMENT_COLUMNS, rows, styles, lang, {"distance_km": "0.0"})


def _school_status(facts: PlanFacts, school_id: str, sending: bool, lang: str) -> tuple[str, Style]:
    """The Schools sheet's status text and style: quota short/over for a sending school,
    vacancies open / overfilled / over the P3 cap for a receiving school."""
    bad: list[str] = []
    warn: list[str] = []
    if sending:
        sent, qmin, qmax = (
            facts.sent[school_id],
            facts.quota_min(school_id),
            facts.quota_max(school_id),
        )
        if sent < qmin:
            bad.append(labels.pick(labels.SCHOOL_STATUS["short"], lang).format(sent=sent, min=qmin))
        if qmax is not None and sent > qmax:
            bad.append(labels.pick(labels.SCHOOL_STATUS["over"], lang).format(sent=sent, max=qmax))
    vacancies, filled = facts.vacancies[school_id], facts.arrivals[school_id]
    if vacancies or filled:
        over = sorted(
            {
                subject
                for (sid, subject), n in facts.filled.items()
                if sid == school_id and n > facts.slot_count.get((sid, subject), 0)
            }
        )
        if over:
            bad.append(
                labels.pick(labels.SCHOOL_STATUS["overfilled"], lang).format(
                    subjects=labels.join(over, lang)
                )
            )
        amax = facts.arrivals_max(school_id)
        if amax is not None and filled > amax:
            text = labels.pick(labels.SCHOOL_STATUS["over_p3"], lang)
            bad.append(text.format(filled=filled, max=amax))
        missing = {
            v.subject: v.count - facts.filled[(v.school_id, v.subject)]
            for v in facts.slots
            if v.school_id == school_id and v.count > facts.filled[(v.school_id, v.subject)]
        }
        open_posts = sum(missing.values())
        if open_posts:
            subjects = labels.join([f"{s} {n}" for s, n in missing.items()], lang)
            text = labels.pick(labels.SCHOOL_STATUS["open"], lang)
            warn.append(text.format(open=open_posts, subjects=subjects))
    if not (sending or vacancies or filled):
        return "", None
    sep = labels.word("sep", lang)
    if bad:
        return sep.join(bad + warn), "bad"
    if warn:
        return sep.join(warn), "warn"
    return labels.pick(labels.SCHOOL_STATUS["ok"], lang), "good"


def _ineligible_text(facts: PlanFacts, school_id: str, lang: str) -> str:
    # E6 concerns the whole school (its type does not send): the type column says it.
    counts = facts.ineligible_counts(school_id)
    return labels.join(
        [f"{rid} {counts[rid]}" for rid in RULE_IDS if counts[rid] and rid != "E6"], lang
    )


def schools_table(facts: PlanFacts, lang: str) -> Table:
    """One row per school, by school id. Without a plan, the plan columns stay empty."""
    has_plan = facts.plan is not None
    rows: list[tuple[object, ...]] = []
    styles: list[Style] = []
    for school in sorted(facts.instance.schools, key=lambda s: s.school_id):
        sid = school.school_id
        sending = facts.is_sending(school)
        status, style = _school_status(facts, sid, sending, lang) if has_plan else ("", None)
        rows.append(
            (
                sid,
                school.name,
                labels.school_type_name(school.type, lang),
                round(school.distance_km, 1),
                school.staff,
                facts.vacancies[sid],
                facts.arrivals[sid] if has_plan else None,
                facts.arrivals_max(sid) if facts.vacancies[sid] else None,
                facts.sent[sid] if has_plan and sending else None,
                facts.eligible_at[sid] if sending else None,
                facts.quota_min(sid) if sending else None,
                facts.quota_max(sid) if sending else None,
                status,
                facts.cutoff_selected(sid) if has_plan and sending else None,
                facts.cutoff_not_selected(sid) if has_plan and sending else None,
                _ineligible_text(facts, sid, lang),
            )
        )
        styles.append(style)
    return _table("schools", SCHOOL_COLUMNS, rows, styles, lang, {"distance_km": "0.0"})


def not_selected_table(facts: PlanFacts, lang: str) -> Table:
    """Every eligible teacher the plan does not send, by school, highest points first."""
    inst = facts.instance
    teachers = sorted(
        facts.eligible_not_selected(),
        key=lambda t: (t.school_id, -facts.points[t.teacher_id].total, t.teacher_id),
    )
    rows: list[tuple[object, ...]] = []
    styles: list[Style] = []
    for t in teachers:
        points = facts.points[t.teacher_id]
        reasons = explain_not_selected(facts, t)
        # A must-rotate teacher left at home is a violation the bureau must see.
        styles.append("bad" if "M1" in reason_rules(reasons) else None)
        rows.append(
            (
                t.teacher_id,
                t.name,
                t.school_id,
                inst.school_by_id[t.school_id].name,
                labels.join(t.subjects, lang),
                labels.backbone_name(t.backbone, t.subject_leader, lang),
                labels.title_name(t.title, lang),
                points.total,
                *rule_group_points(points),
                labels.join(reason_rules(reasons), lang),
                render_all(reasons, lang),
            )
        )
    return _table("not_selected", NOT_SELECTED_COLUMNS, rows, styles, lang)


def cutoffs_table(facts: PlanFacts, lang: str) -> Table:
    """Per sending school and subject: the points of the last teacher sent to posts of
    that subject and of the first eligible colleague left home who could have taken one
    of those posts, with that colleague's reasons. A row whose colleague has as many
    points or more is marked: its reason says why (a hard rule, a higher tier, the
    lottery)."""
    rows: list[tuple[object, ...]] = []
    styles: list[Style] = []
    inst = facts.instance
    for c in facts.cutoffs():
        last = facts.points[c.last.teacher_id].total
        first = c.first_left
        first_points = facts.points[first.teacher_id].total if first else None
        why = render_all(explain_not_selected(facts, first), lang) if first else ""
        rows.append(
            (
                c.school_id,
                inst.school_by_id[c.school_id].name,
                c.subject,
                len(c.selected),
                last,
                c.last.teacher_id,
                first_points,
                first.teacher_id if first else "",
                why,
            )
        )
        styles.append("warn" if first_points is not None and first_points >= last else None)
    return _table("cutoffs", CUTOFF_COLUMNS, rows, styles, lang)


def lottery_table(facts: PlanFacts, lang: str) -> Table:
    """The published lottery, so a tie can be checked by hand: for each cut-off (sending
    school and subject), every teacher involved (those sent to its posts and the
    eligible colleagues left home who could take one) with their draw for each of those
    posts they could fill, and what the plan did."""
    rows: list[tuple[object, ...]] = []
    inst = facts.instance
    method = labels.word("lottery_method", lang, seed=facts.seed)
    for c in facts.cutoffs():
        posts = sorted(
            {(facts.assignment[t.teacher_id].to_school_id, c.subject) for t in c.selected}
        )
        involved = {t.teacher_id: t for t in c.selected}
        for t in inst.teachers_by_school.get(c.school_id, ()):
            if facts.is_eligible(t.teacher_id) and not facts.is_selected(t.teacher_id):
                involved.setdefault(t.teacher_id, t)
        order = sorted(
            involved.values(), key=lambda t: (-facts.points[t.teacher_id].total, t.teacher_id)
        )
        for t in order:
            held = facts.assignment.get(t.teacher_id)
            for sid, subject in posts:
                mine = held is not None and (held.to_school_id, held.subject) == (sid, subject)
                if not mine and not facts.rules.could_fill(t, Vacancy(sid, subject, 1)):
                    continue
                if mine:
                    outcome = labels.word("holds_post", lang)
                elif held is not None:
                    outcome = labels.word("elsewhere", lang)
                else:
                    outcome = labels.word("left_home", lang)
                rows.append(
                    (
                        c.school_id,
                        t.teacher_id,
                        facts.points[t.teacher_id].total,
                        sid,
                        subject,
                        facts.draw(t.teacher_id, sid, subject),
                        outcome,
                        "" if rows else method,
                    )
                )
    if not rows:
        rows.append(("", "", None, "", "", None, "", method))
    return _table("lottery", LOTTERY_COLUMNS, rows, [None] * len(rows), lang)


def _inference_defaults(policy: Policy, lang: str) -> dict[str, list[str]]:
    """Per rule, the ``key = value`` of parameters still at an Inference default (the
    value in words: ``P4.max_km = 无``)."""
    defaults = dict(Policy().items())
    out: dict[str, list[str]] = {}
    for key, value in policy.items():
        if is_inference(key) and value == defaults[key]:
            shown = labels.param_value(key, value, lang)
            out.setdefault(key.partition(".")[0], []).append(f"{key} = {shown}")
    return out


def _number(value: float | None) -> float | int | None:
    """A figure for a cell: integral values as int, float noise rounded away, and no
    NaN or infinity (a tier that found nothing), which Excel cannot hold."""
    if value is None or not math.isfinite(value):
        return None
    value = round(float(value), 6)
    return int(value) if value.is_integer() else value


def constraints_table(check: CheckResult, policy: Policy, lang: str) -> Table:
    """One row per checker row, in the checker's order, then a N/A row for each
    switched-off rule the checker did not report. Rules whose defaults are an
    Inference say so in the note."""
    rows_in = list(check.rows)
    reported = {r.rule_id for r in rows_in}
    for rid in RULE_IDS:
        if not policy.enabled(rid) and rid not in reported:
            rows_in.append(switched_off(rid))
    inference = _inference_defaults(policy, lang)
    sep = labels.word("sep", lang)
    rows: list[tuple[object, ...]] = []
    styles: list[Style] = []
    for r in rows_in:
        notes: list[str] = []
        if r.rule_id in RULE_IDS and not policy.enabled(r.rule_id):
            notes.append(labels.word("switched_off", lang))
        if r.rule_id in inference:
            notes.append(labels.word("inference", lang, items=", ".join(inference[r.rule_id])))
        offending = list(r.offending[:MAX_OFFENDING])
        text = labels.join(offending, lang)
        if len(r.offending) > MAX_OFFENDING:
            text += labels.word("more", lang, n=len(r.offending) - MAX_OFFENDING)
        rows.append(
            (
                labels.rule_id_text(r.rule_id, lang),
                labels.rule_name(r.rule_id, lang),
                rule_rows.scope_text(r, lang),
                rule_rows.parameter_text(r, policy, lang),
                rule_rows.required_text(r, policy, lang),
                rule_rows.achieved_text(r, lang),
                _number(r.slack),
                labels.status_word(r.status, lang),
                text,
                sep.join(notes),
            )
        )
        styles.append({"VIOLATED": "bad", "OK": "good"}.get(r.status))
    return _table("constraints", CONSTRAINT_COLUMNS, rows, styles, lang)


def display_value(value: object, lang: str) -> object:
    """A policy value as a cell: numbers stay numbers, the rest becomes words."""
    if value is None:
        return labels.word("none", lang)
    if isinstance(value, bool):
        return labels.word("yes" if value else "no", lang)
    if isinstance(value, Title):
        return labels.title_name(value, lang)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return labels.join([str(display_value(v, lang)) for v in value], lang)
    return str(value)


def _policy_cell(key: str, value: object, lang: str) -> object:
    """A policy value in the Run sheet: a number stays the number in force (the record
    of the run); the rest (directions, word lists, yes/no, none) in words."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return labels.param_value(key, value, lang)


def run_table(run: RunInfo, facts: PlanFacts, lang: str) -> Table:
    """The run's record: input and its hash, seed, solver, status, each objective
    tier, the roster's eligibility counts, and every policy value (changed values and
    Inference defaults flagged)."""
    w = labels.word
    sec_run, sec_tier = w("sec_run", lang), w("sec_tier", lang)
    sec_roster, sec_policy = w("sec_roster", lang), w("sec_policy", lang)
    empty = (None, None, None, None, "", "")
    rows: list[tuple[object, ...]] = []
    styles: list[Style] = []

    def add(section: str, item: str, value: object, *rest: object, style: Style = None) -> None:
        rows.append((section, item, value, *rest))
        styles.append(style)

    status_style: Style = {"OPTIMAL": "good", "FEASIBLE": "good"}.get(run.status)
    if run.status in ("INFEASIBLE", "MODEL_INVALID", "UNKNOWN"):
        status_style = "bad"
    for key, value in (
        ("input_name", run.input_name),
        ("input_sha256", run.input_sha256),
        ("seed", run.seed),
        ("workers", run.workers),
        ("solver", run.solver),
    ):
        add(sec_run, w(key, lang), value, *empty)
    add(sec_run, w("run_status", lang), labels.run_status(run.status, lang), *empty,
        style=status_style)  # fmt: skip
    add(sec_run, w("wall_s", lang), _number(run.wall_s), None, None, None, None, "", "")
    add(sec_run, w("lang", lang), lang, *empty)
    add(sec_run, w("tool_version", lang), run.tool_version, *empty)
    add(sec_run, w("points_year", lang), facts.year, *empty)
    if facts.plan is None:
        add(sec_run, w("no_plan", lang), "", *empty, style="bad")

    for i, tier in enumerate(run.tiers, start=1):
        add(
            sec_tier,
            f"{i}. {labels.tier_name(tier.name, lang)}",
            _number(tier.value),
            labels.solve_status(tier.status, lang),
            _number(tier.bound),
            _number(tier.gap),
            _number(tier.wall_s),
            "",
            "",
        )

    inst = facts.instance
    add(sec_roster, w("teachers", lang), len(inst.teachers), *empty)
    eligible = sum(1 for t in inst.teachers if facts.is_eligible(t.teacher_id))
    add(sec_roster, w("eligible", lang), eligible, *empty)
    if facts.plan is not None:
        add(sec_roster, w("assigned", lang), len(facts.plan.assignments), *empty)
    counts = facts.ineligible_counts()
    for rid in RULE_IDS:
        if counts[rid]:
            item = w("ineligible_rule", lang, rule=rid, name=labels.rule_name(rid, lang))
            add(sec_roster, item, counts[rid], *empty)

    defaults = dict(Policy().items())
    for key, value in facts.policy.items():
        notes: list[str] = []
        style: Style = None
        if value != defaults[key]:
            notes.append(w("changed", lang))
            style = "warn"
        if is_inference(key):
            notes.append(w("inference_key", lang))
        add(
            sec_policy,
            key,
            _policy_cell(key, value, lang),
            None,
            None,
            None,
            None,
            _policy_cell(key, defaults[key], lang),
            w("sep", lang).join(notes),
            style=style,
        )
    return _table("run", RUN_COLUMNS, rows, styles, lang, {"gap": "0.00%", "wall_s": "0.000"})


def build_tables(
    instance: Instance,
    policy: Policy,
    plan: Plan | None,
    check: CheckResult,
    run: RunInfo,
    lang: str,
) -> tuple[Table, ...]:
    """The data tables of the output workbook, in order (the summary, public list and
    school notices are built by summary_sheet.py and notices.py). Without a plan
    (infeasible) the Assignments and Not selected sheets are left out."""
    labels.check_lang(lang)
    return tables_for(PlanFacts(instance, policy, plan, run.seed), check, run, lang)


def tables_for(facts: PlanFacts, check: CheckResult, run: RunInfo, lang: str) -> tuple[Table, ...]:
    """build_tables on facts already computed (the plan workbook shares them with its
    summary and notices)."""
    tables: list[Table] = []
    if facts.plan is not None:
        tables.append(assignments_table(facts, lang, offenders(check)))
    tables.append(schools_table(facts, lang))
    if facts.plan is not None:
        tables.append(not_selected_table(facts, lang))
        tables.append(cutoffs_table(facts, lang))
        tables.append(lottery_table(facts, lang))
    tables.append(constraints_table(check, facts.policy, lang))
    tables.append(run_table(run, facts, lang))
    return tuple(tables)
