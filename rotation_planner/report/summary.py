"""The summary ``planner validate`` prints: what was read, in counts only (no personal data)."""

from __future__ import annotations

from collections import Counter

from rotation_planner.check import CheckResult
from rotation_planner.domain import Instance, Plan, SchoolType
from rotation_planner.policy import Policy
from rotation_planner.rules.base import MoveKind
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.q1_min_share import min_rotators

_TYPE_ZH = {
    SchoolType.URBAN: "城区",
    SchoolType.TOWNSHIP: "乡镇",
    SchoolType.RURAL: "农村",
    SchoolType.VILLAGE: "村小",
    SchoolType.TEACHING_POINT: "教学点",
}


def roster_summary(inst: Instance, p: Policy, lang: str = "en") -> str:
    """Schools by type, teachers, eligible teachers (and why others are not),
    vacancies by subject, and the county's Q1 minimum."""
    zh = lang == "zh"
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
        f"{_TYPE_ZH[k] if zh else k.value} {by_type[k]}" for k in SchoolType if by_type[k]
    )
    why = ", ".join(f"{rid} {n}" for rid, n in sorted(failed.items()))
    subjects = ", ".join(f"{s} {n}" for s, n in sorted(vac.items(), key=lambda kv: (-kv[1], kv[0])))
    n_eligible = sum(eligible_by_school.values())
    if zh:
        return "\n".join([
            f"花名册有效。学校 {len(inst.schools)} 所: {types}",
            f"教师 {len(inst.teachers)} 人, 符合交流条件 {n_eligible} 人"
            + (f" (不符合: {why})" if why else ""),
            f"岗位需求 {sum(vac.values())} 个: {subjects}",
            f"按 Q1 最低交流人数合计 {q1} 人",
        ])  # fmt: skip
    return "\n".join([
        f"Roster is valid. {len(inst.schools)} schools: {types}",
        f"{len(inst.teachers)} teachers, {n_eligible} eligible"
        + (f" (not eligible by rule: {why})" if why else ""),
        f"{sum(vac.values())} vacancies: {subjects}",
        f"Q1 minimum rotators, county total: {q1}",
    ])  # fmt: skip


def plan_highlights(
    inst: Instance, p: Policy, plan: Plan, check: CheckResult, lang: str = "en"
) -> list[str]:
    """What a bureau reads first after a solve: the wish statistics (R4), the pairing
    count (P5) and, per sending school, the published cut-off points (R1-R3)."""
    from rotation_planner.report.explain import PlanFacts
    from rotation_planner.report.rule_rows import achieved_text

    zh = lang == "zh"
    lines = []
    for row in check.rows:
        if row.rule_id == "R4" and str(row.scope) == "wishes":
            shown = achieved_text(row, lang)
            lines.append(("志愿满足: " if zh else "Wishes granted: ") + shown)
        if row.rule_id == "P5" and row.status != "N/A":
            shown = achieved_text(row, lang)
            lines.append(("结对学校: " if zh else "Paired schools: ") + shown)
    facts = PlanFacts(inst, p, plan)
    cut = []
    for school in inst.schools:
        last = facts.cutoff_selected(school.school_id)
        if last is None:
            continue
        first_out = facts.cutoff_not_selected(school.school_id)
        shown = "-" if first_out is None else str(first_out)
        cut.append(f"{school.school_id} {last}/{shown}")
    if cut:
        head = "分数线 (末位入选/首位未选): " if zh else "Cut-off points (last in/first out): "
        lines.append(head + ", ".join(cut))
    return lines
