"""Which (teacher, vacancy) pairs the model may use at all.

The eligibility rules (E1-E6) and the pair rules that depend on one teacher and one
school only (P1 subject, P4 distance) are enforced here, by never creating a variable
that would break them: the strongest and cheapest form of a hard rule. Each rule is its
own filter, so a test can remove exactly one (``skip``) and watch the checker catch it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rotation_planner import eligibility as el
from rotation_planner.domain import Instance, Teacher, Vacancy
from rotation_planner.policy import Policy

TeacherFilter = Callable[[Teacher, Instance, Policy], bool]
PairFilter = Callable[[Teacher, Vacancy, Instance, Policy], bool]


def _sending_school(t: Teacher, inst: Instance, p: Policy) -> bool:
    return el.is_sending_school(inst.school_by_id[t.school_id], p)


TEACHER_FILTERS: dict[str, TeacherFilter] = {
    "E1": lambda t, inst, p: not (p.E1.enabled and el.fails_e1(t, p)),
    "E2": lambda t, inst, p: not (p.E2.enabled and el.fails_e2(t, p)),
    "E3": lambda t, inst, p: not (p.E3.enabled and el.fails_e3(t, p)),
    "E4": lambda t, inst, p: not (p.E4.enabled and el.fails_e4(t, p)),
    "E5": lambda t, inst, p: not (p.E5.enabled and el.fails_e5(t, p, el.plan_year(inst, p))),
    "E6": _sending_school,
}


def _direction(t: Teacher, v: Vacancy, inst: Instance, p: Policy) -> bool:
    sender, receiver = inst.school_by_id[t.school_id], inst.school_by_id[v.school_id]
    return el.direction_allowed(sender, receiver, p)


def _learner(t: Teacher, inst: Instance, p: Policy, skip: frozenset[str]) -> bool:
    """W1 eligibility; with W1 skipped, its age and experience limits are not applied."""
    if "W1" not in skip:
        return el.is_learner(t, inst, p)
    return p.W1.enabled and not (p.E1.enabled and el.fails_e1(t, p))


PAIR_FILTERS: dict[str, PairFilter] = {
    "E6": _direction,
    "P1": lambda t, v, inst, p: el.subject_ok(t, v.subject, p),
    "P4": lambda t, v, inst, p: el.distance_ok(t, v.school_id, inst, p),
}

# Filters whose verdict depends on the two schools only: decided once per school pair.
# (A district has ~100 times more teacher-post pairs than school pairs; E6 re-reads the
# policy's direction table each time, which made it most of candidate building.)
SCHOOL_PAIR_RULES = frozenset({"E6"})


def _once_per_school_pair(f: PairFilter) -> PairFilter:
    verdicts: dict[tuple[str, str], bool] = {}

    def decide(t: Teacher, v: Vacancy, inst: Instance, p: Policy) -> bool:
        key = (t.school_id, v.school_id)
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = verdicts[key] = f(t, v, inst, p)
        return verdict

    return decide


@dataclass(frozen=True)
class Candidates:
    """The eligible teachers and, for each, the vacancy slots they may fill.

    ``teachers`` are in roster order; ``slots`` are Instance.vacancy_slots; ``pairs``
    are ``(teacher index, slot index)`` in a fixed order, so the model is built the same
    way every time (a condition of determinism).
    """

    teachers: tuple[Teacher, ...]
    slots: tuple[Vacancy, ...]
    pairs: tuple[tuple[int, int], ...]
    outward: tuple[bool, ...] = ()  # per teacher: eligible outward (else a W1 learner)


def build_candidates(inst: Instance, p: Policy, skip: Iterable[str] = ()) -> Candidates:
    """Eligible teachers and their admissible slots; rules in ``skip`` are not applied."""
    skip = frozenset(skip)
    teacher_filters = [f for rid, f in TEACHER_FILTERS.items() if rid not in skip]
    pair_filters = [
        _once_per_school_pair(f) if rid in SCHOOL_PAIR_RULES else f
        for rid, f in PAIR_FILTERS.items()
        if rid not in skip
    ]
    outward_ok = {t.teacher_id: all(f(t, inst, p) for f in teacher_filters) for t in inst.teachers}
    learner_ok = {t.teacher_id: _learner(t, inst, p, skip) for t in inst.teachers}
    teachers = tuple(
        t for t in inst.teachers if outward_ok[t.teacher_id] or learner_ok[t.teacher_id]
    )
    slots = inst.vacancy_slots
    by_subject: dict[str, list[int]] = {}
    for si, v in enumerate(slots):
        by_subject.setdefault(v.subject, []).append(si)
    everything = range(len(slots))

    def slots_to_try(t: Teacher) -> Iterable[int]:
        # Only a shortcut: P1's filter below still decides.
        if "P1" in skip or not p.P1.enabled:
            return everything
        return sorted({si for subj in t.subjects for si in by_subject.get(subj, ())})

    learning_moves: dict[tuple[str, str], bool] = {}

    def right_kind(t: Teacher, v: Vacancy) -> bool:
        # An outward move needs E1-E6 eligibility; a learning post needs W1's.
        if "E6" in skip:
            return True
        key = (t.school_id, v.school_id)
        learning = learning_moves.get(key)
        if learning is None:
            learning = learning_moves[key] = el.is_learning_move(
                inst.school_by_id[t.school_id], inst.school_by_id[v.school_id]
            )
        return learner_ok[t.teacher_id] if learning else outward_ok[t.teacher_id]

    pairs = [
        (ti, si)
        for ti, t in enumerate(teachers)
        for si in slots_to_try(t)
        if (v := slots[si]).school_id != t.school_id
        and (not t.locked_to or v.school_id == t.locked_to)
        and right_kind(t, v)
        and all(f(t, v, inst, p) for f in pair_filters)
    ]
    if p.P5.enabled and p.P5.mode == "require" and "P5" not in skip:
        pairs = _paired_only(inst, teachers, slots, pairs)
    return Candidates(
        teachers, slots, tuple(pairs), tuple(outward_ok[t.teacher_id] for t in teachers)
    )


def _paired_only(
    inst: Instance,
    teachers: tuple[Teacher, ...],
    slots: tuple[Vacancy, ...],
    pairs: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """P5 (require): a teacher who could fill a post at a school paired with their own
    may only go to paired schools."""
    has_paired = {
        ti for ti, si in pairs if el.paired(inst, teachers[ti].school_id, slots[si].school_id)
    }
    return [
        (ti, si)
        for ti, si in pairs
        if ti not in has_paired or el.paired(inst, teachers[ti].school_id, slots[si].school_id)
    ]  # fmt: skip
