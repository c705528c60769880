"""A greedy "by hand" plan, the way a bureau clerk would make one with a spreadsheet.

Each sending school lists its eligible teachers by published priority points
(must-rotate teachers first) and sends them in that order; each goes to the nearest
vacancy they may fill (subject P1, distance P4, direction E6), while posts remain (P2)
and the receiving school is under its P3 cap. Spouses are never both sent (R5). A first
pass sends every school's Q1 minimum, a second tops each school up to its Q2/Q4 maximum.
Nothing is optimised: no look-ahead, no swaps.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rotation_planner.check import check_plan
from rotation_planner.domain import Assignment, Instance, Plan, Teacher, Vacancy
from rotation_planner.policy import Policy
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.m1_must_rotate import needs_rural_service
from rotation_planner.rules.p3_receiving_share import max_arrivals
from rotation_planner.rules.q1_min_share import min_rotators
from rotation_planner.rules.q2_max_share import max_rotators as q2_max
from rotation_planner.rules.q4_keep_staff import max_rotators as q4_max


@dataclass(frozen=True)
class GreedyResult:
    plan: Plan
    filled: int
    posts: int
    check_ok: bool
    violated_rules: tuple[str, ...]


def greedy_plan(inst: Instance, p: Policy) -> Plan:
    facts = Facts(inst, p)
    slots = inst.vacancy_slots
    left = Counter({(v.school_id, v.subject): v.count for v in slots})
    arrivals: Counter[str] = Counter()
    sent_from: Counter[str] = Counter()
    chosen: dict[str, Assignment] = {}

    def p3_room(school_id: str) -> bool:
        cap = max_arrivals(inst.school_by_id[school_id].staff, p)
        return cap is None or arrivals[school_id] < cap

    def nearest(t: Teacher) -> Vacancy | None:
        open_slots = [
            v
            for v in slots
            if left[(v.school_id, v.subject)] > 0
            and p3_room(v.school_id)
            and facts.could_fill(t, v)
        ]
        if not open_slots:
            return None
        return min(
            open_slots,
            key=lambda v: (inst.distance_km(t.school_id, v.school_id), v.school_id, v.subject),
        )

    ranked: dict[str, list[Teacher]] = {}
    band: dict[str, tuple[int, int]] = {}
    for school in inst.schools:
        if not facts.is_sending(school.school_id):
            continue
        eligible = list(facts.eligible_by_school.get(school.school_id, ()))
        if not eligible:
            continue
        eligible.sort(
            key=lambda t: (
                not needs_rural_service(t, p),
                -facts.points[t.teacher_id],
                t.teacher_id,
            )
        )
        low = min_rotators(len(eligible), p)
        caps = [c for c in (q2_max(len(eligible), p),
                            q4_max(school.staff, p)) if c is not None]  # fmt: skip
        ranked[school.school_id] = eligible
        band[school.school_id] = (low, min(caps) if caps else len(eligible))

    for phase in (0, 1):  # 0: up to the Q1 minimum; 1: up to the maximum
        for school_id, eligible in ranked.items():
            target = band[school_id][phase]
            for t in eligible:
                if sent_from[school_id] >= target:
                    break
                if t.teacher_id in chosen or inst.spouse_of.get(t.teacher_id) in chosen:
                    continue
                v = nearest(t)
                if v is None:
                    continue
                chosen[t.teacher_id] = Assignment(t.teacher_id, v.school_id, v.subject)
                left[(v.school_id, v.subject)] -= 1
                arrivals[v.school_id] += 1
                sent_from[school_id] += 1
    return Plan.of(chosen.values())


def run_greedy(inst: Instance, p: Policy) -> GreedyResult:
    plan = greedy_plan(inst, p)
    check = check_plan(inst, p, plan)
    violated = tuple(sorted({r.rule_id for r in check.violations}))
    posts = sum(v.count for v in inst.vacancy_slots)
    return GreedyResult(plan, len(plan.assignments), posts, check.ok, violated)
