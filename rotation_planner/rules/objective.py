"""The objective tiers of the rulebook, as weights of single moves.

Each tier is optimised with the tiers above it held at their optimum (lexicographic):
1. coverage: fill as many vacancies as possible;
2. remoteness: the remotest schools first (one point per started 10 km from the seat);
3. quality where it is missing: backbone and 一级-or-above teachers to the schools with
   the fewest of them;
4. priority: the published points of R1-R3;
5. pairing: paired schools while P5 prefers them;
6. wishes (R4);
7. commute: the shortest total distance (minimised);
8. lottery: the published, seeded draw (minimised).

Every tier is a sum of per-move weights computed here from the roster alone, so the
model's objective and an independent evaluation of any plan agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from rotation_planner.domain import Plan, Teacher, Vacancy
from rotation_planner.rules.facts import Facts, quality_weight
from rotation_planner.rules.p5_pairing import pairing_score
from rotation_planner.rules.r4_wishes import longest_wish_list, wish_score

Weight = Callable[[Teacher, Vacancy], int]

# (name, +1 maximise / -1 minimise), in order.
TIERS: tuple[tuple[str, int], ...] = (
    ("coverage", +1),
    ("remoteness", +1),
    ("quality", +1),
    ("priority", +1),
    ("pairing", +1),
    ("wishes", +1),
    ("commute", -1),
    ("lottery", -1),
)


def lottery_draw(seed: int, teacher_id: str, school_id: str, subject: str) -> int:
    """The published draw of one move, 0-65535: the first two bytes of the SHA-256 of
    ``seed|teacher|school|subject``. Anyone can recompute it by hand, and it depends on
    nothing else: a change elsewhere in the roster never reshuffles it."""
    text = f"{seed}|{teacher_id}|{school_id}|{subject}".encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:2], "big")


def remoteness_band(distance_km: float) -> int:
    """Remoteness points of a receiving school: one per started 10 km from the seat."""
    return 1 + int(distance_km // 10)


def teacher_weights(facts: Facts) -> dict[str, Callable[[Teacher], int]]:
    """The tiers whose weight depends on the teacher alone (the model puts them on the
    teacher's selection: one term per teacher instead of one per move)."""
    points = facts.points
    return {"priority": lambda t: points[t.teacher_id]}


def weights(facts: Facts, seed: int = 0) -> dict[str, Weight]:
    """Each tier's weight of one move (teacher ``t`` to post ``v``). A rule left out of
    the model (``facts.skip``) gives no weight: R1-R3 their points, R4 its wishes, P5
    its pairing."""
    inst, skip = facts.instance, facts.skip
    need = facts.quality_need
    longest = longest_wish_list(facts)
    per_teacher = teacher_weights(facts)

    def zero(t: Teacher, v: Vacancy) -> int:
        return 0

    return {
        "coverage": lambda t, v: 1,
        "remoteness": lambda t, v: remoteness_band(facts.school(v.school_id).distance_km),
        "quality": lambda t, v: quality_weight(t) * need[v.school_id],
        "priority": lambda t, v: per_teacher["priority"](t),
        "pairing": zero if "P5" in skip else (lambda t, v: pairing_score(t, v, facts)),
        "wishes": zero if "R4" in skip else (lambda t, v: wish_score(t, v, facts, longest)),
        "commute": lambda t, v: round(inst.distance_km(t.school_id, v.school_id)),
        "lottery": lambda t, v: lottery_draw(seed, t.teacher_id, v.school_id, v.subject),
    }


def plan_values(facts: Facts, plan: Plan, seed: int = 0) -> dict[str, int]:
    """Every tier's value for a finished plan, from the roster alone."""
    inst = facts.instance
    w = weights(facts, seed)
    values = dict.fromkeys(w, 0)
    for a in plan.assignments:
        t = inst.teacher_by_id[a.teacher_id]
        post = Vacancy(a.to_school_id, a.subject, 1)
        for name, weight in w.items():
            values[name] += weight(t, post)
    return values
