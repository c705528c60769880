"""The brute-force oracle: every possible plan of a tiny roster, judged by the checker,
and the objective tiers recomputed here from their published definitions.

Nothing here reads the model. The lawful plans are exactly those that
``check.check_plan`` passes (``is_lawful`` asks it rule by rule and stops at the first
violation); the best lawful plan is the lexicographic maximum of the
tiers below, evaluated independently of the model's objective code.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from rotation_planner.domain import Assignment, Instance, Plan
from rotation_planner.policy import Policy
from rotation_planner.rules.audit import Audit
from rotation_planner.rules.facts import Facts, plan_year, quality_weight
from rotation_planner.rules.priority import priority_points
from rotation_planner.rules.registry import REGISTRY

# POLICY.md's objective tiers, in order (the lottery is left out: it only breaks ties).
TIERS = ("coverage", "remoteness", "quality", "priority", "pairing", "wishes", "commute")
MINIMISED = frozenset({"commute"})


def all_plans(inst: Instance, p: Policy) -> Iterator[Plan]:
    """Every plan: each teacher goes nowhere or to one vacancy slot. With P2 on, a slot
    never receives more than its count (the only pruning: such a plan is never lawful)."""
    slots = inst.vacancy_slots
    teachers = inst.teachers
    capped = p.P2.enabled
    filled = [0] * len(slots)
    chosen: list[Assignment] = []

    def extend(i: int) -> Iterator[Plan]:
        if i == len(teachers):
            yield Plan.of(chosen)
            return
        yield from extend(i + 1)
        tid = teachers[i].teacher_id
        for si, v in enumerate(slots):
            if capped and filled[si] >= v.count:
                continue
            filled[si] += 1
            chosen.append(Assignment(tid, v.school_id, v.subject))
            yield from extend(i + 1)
            chosen.pop()
            filled[si] -= 1

    yield from extend(0)


def is_lawful(facts: Facts, plan: Plan) -> bool:
    """``check_plan(inst, p, plan).ok``: the checker's rows, rule by rule, up to the
    first violated one (most plans tried break a rule early). ``facts`` is
    ``Facts(inst, p)``, derived once for every plan of the roster."""
    audit = Audit(facts, plan)
    return all(row.status != "VIOLATED" for rule in REGISTRY for row in rule.check(audit))


def _paired(inst: Instance, a: str, b: str) -> bool:
    return b in inst.school_by_id[a].paired_with or a in inst.school_by_id[b].paired_with


def tier_values(inst: Instance, p: Policy, plan: Plan) -> dict[str, int]:
    """Each tier's value for ``plan``, from POLICY.md's definitions:

    - coverage: placements;
    - remoteness: per placement, 1 + one point per full 10 km from the county seat to
      the receiving school;
    - quality: per placement, what the teacher brings (backbone, 一级 or above) times
      what the receiving school lacks;
    - priority: the published points (R1-R3) of every selected teacher;
    - pairing: placements at a school paired with the home school (P5 on, ``prefer``);
    - wishes: per placement, L + 1 - rank of the receiving school in the teacher's
      wishes (0 if not wished), L the longest wish list in the roster (R4 on);
    - commute: total rounded km from home school to receiving school (minimised).
    """
    year = plan_year(inst, p)
    need = Facts(inst, p).quality_need
    longest = max((len(t.wishes) for t in inst.teachers), default=0)
    prefer = p.P5.enabled and p.P5.mode == "prefer"
    out = dict.fromkeys(TIERS, 0)
    for a in plan.assignments:
        t = inst.teacher_by_id[a.teacher_id]
        to = inst.school_by_id[a.to_school_id]
        out["coverage"] += 1
        out["remoteness"] += 1 + math.floor(to.distance_km / 10)
        out["quality"] += quality_weight(t) * need[to.school_id]
        out["priority"] += priority_points(t, p, year).total
        out["pairing"] += int(prefer and _paired(inst, t.school_id, to.school_id))
        if p.R4.enabled and to.school_id in t.wishes:
            out["wishes"] += longest + 1 - (t.wishes.index(to.school_id) + 1)
        out["commute"] += round(inst.distance_km(t.school_id, to.school_id))
    return out


def rank_key(values: dict[str, int]) -> tuple[int, ...]:
    """Lexicographic key: larger is better in every position."""
    return tuple(-values[n] if n in MINIMISED else values[n] for n in TIERS)


@dataclass(frozen=True)
class Oracle:
    """What brute force found: how many plans were tried, how many are lawful, and
    the best lawful plan with its tier values (None when no plan is lawful)."""

    plans: int
    lawful: int
    best: Plan | None
    best_values: dict[str, int] | None


def brute_force(inst: Instance, p: Policy) -> Oracle:
    """Enumerate every plan, keep those the checker passes, and find the best."""
    plans = lawful = 0
    best: Plan | None = None
    best_values: dict[str, int] | None = None
    best_key: tuple[int, ...] | None = None
    facts = Facts(inst, p)
    for plan in all_plans(inst, p):
        plans += 1
        if not is_lawful(facts, plan):
            continue
        lawful += 1
        values = tier_values(inst, p, plan)
        key = rank_key(values)
        if best_key is None or key > best_key:
            best, best_values, best_key = plan, values, key
    return Oracle(plans, lawful, best, best_values)
