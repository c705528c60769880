"""The summary ``planner validate`` prints: what was read, in counts only (no personal data)."""

from __future__ import annotations

from collections import Counter

from rotation_planner.check import CheckResult
from rotation_planner.domain import Instance, Plan, SchoolType
from rotation_planner.policy import Policy
from rotation_planner.report import labels
from rotation_planner.rules.base import MoveKind
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.q1_min_share import min_rotators


def roster_summary(inst: Instance, p: Policy, lang: str = "en") -> str:
    """Schools by type, teachers, eligible teachers (and why others are not),
    vacancies by subject, and the county's Q1 minimum."""
    by_type = Counter(s.type for s in inst.schools)
    failed = Counter()
    eligible_by_school: Counter[str] = Counter()
    facts = Facts(inst, p)
    for t in inst.teachers:
        rules = facts.excluded_by(t, MoveKind.OUTWARD)
        failed.update(rules)
        if not rules:
            eligible_by_school[t.school_id] += 1
    q1 = sum(min_rotators(n, p) for n in eligible_by_school.values())
    vac = Counter()
    for v in inst.vacancy_slots:
        vac[v.subject] += v.count
    types = ", ".join(
        f"{labels.school_type_name(k, lang)} {by_type[k]}" for k in SchoolType if by_type[k]
    )
    why = ", ".join(f"{rid} {n}" for rid, n in sorted(failed.items()))
    subjects = ", ".join(f"{s} {n}" for s, n in sorted(vac.items(), key=lambda kv: (-kv[1], kv[0])))
    n_eligible = sum(eligible_by_school.values())
    c = labels.summary_line
    teachers = c("summary_teachers", lang, n=len(inst.teachers), eligible=n_eligible)
    if why:
        teachers += c("summary_not_eligible", lang, why=why)
    return "\n".join([
        c("summary_schools", lang, n=len(inst.schools), types=types),
        teachers,
        c("summary_vacancies", lang, n=sum(vac.values()), subjects=subjects),
        c("summary_q1", lang, n=q1),
    ])  # fmt: skip


def plan_highlights(
    inst: Instance, p: Policy, plan: Plan, check: CheckResult, lang: str = "en"
) -> list[str]:
    """What a bureau reads first after a solve: the wish statistics (R4), the pairing
    count (P5) and, per sending school, the published cut-off points (R1-R3)."""
    from rotation_planner.report.explain import PlanFacts
    from rotation_planner.report.rule_rows import achieved_text

    lines = []
    for row in check.rows:
        if row.rule_id == "R4" and str(row.scope) == "wishes":
            lines.append(labels.summary_line("wishes_granted", lang, text=achieved_text(row, lang)))
        # No pairs at all ("0 of 0") says nothing: left out.
        if row.rule_id == "P5" and row.status != "N/A" and row.base:
            lines.append(labels.summary_line("paired_schools", lang, text=achieved_text(row, lang)))
    facts = PlanFacts(inst, p, plan)
    # Per sending school and subject: last selected / first eligible left home who could
    # have taken one of those posts (the Cut-offs sheet's figures).
    cut = []
    for c in facts.cutoffs():
        last = facts.points[c.last.teacher_id].total
        first = "-" if c.first_left is None else str(facts.points[c.first_left.teacher_id].total)
        cut.append(f"{c.school_id}{c.subject} {last}/{first}")
    if len(cut) > CUTOFFS_SHOWN:  # a city has hundreds: the terminal shows the first
        text = labels.summary_line(
            "cutoffs_more", lang, shown=", ".join(cut[:CUTOFFS_SHOWN]), n=len(cut),
            sheet=labels.sheet_name("cutoffs", lang),
        )  # fmt: skip
        lines.append(labels.summary_line("cutoffs", lang, text=text))
    elif cut:
        lines.append(labels.summary_line("cutoffs", lang, text=", ".join(cut)))
    return lines


# Cut-offs printed after a solve; the Cut-offs sheet has them all.
CUTOFFS_SHOWN = 12
