"""Why no lawful plan exists: a small set of rules that cannot all hold, in policy words.

Every counting rule's constraint in every scope is guarded by an assumption literal.
CP-SAT returns a sufficient set of assumptions for infeasibility; a deletion filter then
drops every member whose removal keeps the model infeasible, so what is left is minimal.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from rotation_planner import eligibility as el
from rotation_planner.domain import Instance
from rotation_planner.model.build import RotationModel, build_model
from rotation_planner.policy import Policy

MAX_DELETION_SOLVES = 40


def _infeasible(m: RotationModel, keep: list[int], time_limit: float) -> bool | None:
    m.model.clear_assumptions()
    m.model.add_assumptions([m.assumption_lits[i] for i in keep])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    code = solver.solve(m.model)
    if code == cp_model.INFEASIBLE:
        return True
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    return None


def conflicting_rules(inst: Instance, p: Policy, time_limit: float = 10.0) -> list[str]:
    """Labels ("Q1 S001", "Q4 S001", ...) of a minimal set of rules that conflict.

    Empty when the rules are feasible or no core could be found in time.
    """
    m = build_model(inst, p, diagnose=True)
    m.model.add_assumptions(list(m.assumption_lits.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    if solver.solve(m.model) != cp_model.INFEASIBLE:
        return []
    core = sorted(solver.sufficient_assumptions_for_infeasibility())
    for lit in list(core)[:MAX_DELETION_SOLVES]:
        trial = [c for c in core if c != lit]
        if _infeasible(m, trial, time_limit) is True:
            core = trial
    return [m.assumptions[c] for c in core]


def describe(label: str, inst: Instance, p: Policy, lang: str = "en") -> str:
    """One conflict member in the bureau's words, with its numbers."""
    rule_id, _, scope = label.partition(" ")
    name = inst.school_by_id[scope].name if scope in inst.school_by_id else scope
    eligible = [t for t in inst.teachers_by_school.get(scope, ()) if el.is_eligible(t, inst, p)]
    zh = lang == "zh"
    if rule_id == "Q1":
        n = el.q1_min_rotators(len(eligible), p)
        able = sum(
            1
            for t in eligible
            if any(not el.pair_failures(t, v, inst, p) for v in inst.vacancy_slots)
        )
        if zh:
            return (
                f"{name}: Q1 要求至少交流 {n} 人 (符合条件 {len(eligible)} 人的 "
                f"{p.Q1.min_share:.0%}), 其中有对口可达岗位的仅 {able} 人"
            )
        return (
            f"{name}: Q1 needs >= {n} rotators ({p.Q1.min_share:.0%} of {len(eligible)} "
            f"eligible); {able} of them have a post they could fill"
        )
    if rule_id == "Q2":
        n = el.q2_max_rotators(len(eligible), p)
        if zh:
            return (
                f"{name}: Q2 至多交流 {n} 人 (符合条件 {len(eligible)} 人的 {p.Q2.max_share:.0%})"
            )
        return f"{name}: Q2 allows at most {n} ({p.Q2.max_share:.0%} of {len(eligible)} eligible)"
    if rule_id in ("Q4", "P3"):
        staff = inst.school_by_id[scope].staff
        share = p.Q4.max_share if rule_id == "Q4" else p.P3.max_share
        n = el.q4_max_rotators(staff, p) if rule_id == "Q4" else el.p3_max_arrivals(staff, p)
        verb = (
            ("至多派出", "allows at most") if rule_id == "Q4" else ("至多接收", "receives at most")
        )
        if zh:
            return f"{name}: {rule_id} {verb[0]} {n} 人 (在编 {staff} 人的 {share:.0%})"
        return f"{name}: {rule_id} {verb[1]} {n} ({share:.0%} of {staff} staff)"
    if rule_id == "P2":
        school_id, _, subject = scope.partition("/")
        count = sum(
            v.count for v in inst.vacancy_slots if (v.school_id, v.subject) == (school_id, subject)
        )
        sname = inst.school_by_id[school_id].name
        if zh:
            return f"{sname}: P2 {subject} 岗位仅 {count} 个"
        return f"{sname}: P2 has only {count} {subject} post(s)"
    if rule_id == "Q3":
        if zh:
            return f"全县: Q3 骨干教师至少占 {p.Q3.min_share:.0%}"
        return f"county: Q3 needs backbone teachers >= {p.Q3.min_share:.0%} of rotators"
    if rule_id == "M1":
        t = inst.teacher_by_id[scope]
        posts = sum(1 for v in inst.vacancy_slots if not el.pair_failures(t, v, inst, p))
        if zh:
            return f"教师 {scope}: M1 必须交流 (可填补的岗位 {posts} 个)"
        return f"teacher {scope}: M1 must rotate ({posts} post(s) they could fill)"
    if rule_id == "locked":
        return f"教师 {scope}: 锁定学校" if zh else f"teacher {scope}: locked to a school"
    return label
