"""Fairness of the plan against a plain rule, on the same county (issue 3).

The plain rule is serial dictatorship by points: eligible teachers, highest priority
points first, each take the best post still open to them: their highest-ranked wish
with a free post in a subject they teach, else the nearest free post (subject, distance
cap, direction, post counts, receiving share and the school's Q2/Q4 cap respected).

Run by hand:  python -m bench.fairness sample_data/county_3000.xlsx
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from rotation_planner import api
from rotation_planner.check import check_plan
from rotation_planner.domain import Assignment, Instance, Plan
from rotation_planner.io.read import read_roster
from rotation_planner.policy import Policy
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.p3_receiving_share import max_arrivals
from rotation_planner.rules.q2_max_share import max_rotators as q2_max
from rotation_planner.rules.q4_keep_staff import max_rotators as q4_max
from rotation_planner.rules.r4_wishes import blocking_pairs, wish_ranks


def serial_dictatorship(inst: Instance, p: Policy) -> Plan:
    """Highest points choose first, in order (ties by teacher id)."""
    facts = Facts(inst, p)
    eligible = list(facts.eligible)
    eligible.sort(key=lambda t: (-facts.points[t.teacher_id], t.teacher_id))
    per_school = Counter(t.school_id for t in eligible)
    free = {(v.school_id, v.subject): v.count for v in inst.vacancy_slots}
    arrivals: Counter[str] = Counter()
    sent: Counter[str] = Counter()
    out = []

    def arrival_cap(school_id: str) -> int:
        cap = max_arrivals(inst.school_by_id[school_id].staff, p)
        return len(inst.teachers) if cap is None else cap

    for t in eligible:
        caps = [
            q2_max(per_school[t.school_id], p),
            q4_max(inst.school_by_id[t.school_id].staff, p),
        ]
        if sent[t.school_id] >= min(c for c in caps if c is not None):
            continue
        ranks = wish_ranks(t)
        options = [
            v for v in inst.vacancy_slots
            if free[(v.school_id, v.subject)] > 0
            and facts.could_fill(t, v)
            and arrivals[v.school_id] < arrival_cap(v.school_id)
        ]  # fmt: skip
        if not options:
            continue
        best = min(
            options,
            key=lambda v: (ranks.get(v.school_id, 99), inst.distance_km(t.school_id, v.school_id),
                           v.school_id, v.subject),
        )  # fmt: skip
        free[(best.school_id, best.subject)] -= 1
        arrivals[best.school_id] += 1
        sent[t.school_id] += 1
        out.append(Assignment(t.teacher_id, best.school_id, best.subject))
    return Plan.of(out)


def wish_stats(inst: Instance, plan: Plan) -> str:
    got: Counter[str] = Counter()
    for a in plan.assignments:
        ranks = wish_ranks(inst.teacher_by_id[a.teacher_id])
        if ranks:
            got[str(ranks.get(a.to_school_id, "none"))] += 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(got.items()))


def main(path: str) -> None:
    roster = read_roster(Path(path))
    inst, p = roster.instance, roster.policy
    ours = api.plan(inst, p).plan
    plain = serial_dictatorship(inst, p)
    print("| plan | rotators | vacancies filled | blocking pairs | wishes granted (rank: n) "
          "| hard-rule violations |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for name, plan in (("rotation_planner", ours), ("serial dictatorship", plain)):
        assert plan is not None
        bad = [
            r
            for r in check_plan(inst, p, plan).violations
            if r.rule_id not in ("R1", "R2", "R3", "R4")
        ]
        rules = ", ".join(
            sorted({f"{r.rule_id} x{sum(1 for b in bad if b.rule_id == r.rule_id)}" for r in bad})
        )
        posts = sum(v.count for v in inst.vacancy_slots)
        envy = len(blocking_pairs(Facts(inst, p), plan))
        print(f"| {name} | {len(plan.assignments)} | {len(plan.assignments)} of {posts} | "
              f"{envy} | {wish_stats(inst, plan)} | {rules or 'none'} |")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sample_data/county_3000.xlsx")
