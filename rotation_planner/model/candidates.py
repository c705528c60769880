"""Which (teacher, post) pairs the model may use at all: exactly the moves that
``Facts.move`` allows. A rule that forbids a move (E1-E6, W1, P1, P4, P5 require, a lock)
is enforced by never creating its variable: the strongest and cheapest form of a hard
rule. A rule in ``skip`` is left out, so a test can watch the checker catch its absence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rotation_planner.domain import Teacher, Vacancy
from rotation_planner.rules.base import MoveKind
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.p1_subject import subjects_taught


@dataclass(frozen=True)
class Candidates:
    """The teachers who may make some kind of move and, as pairs, the posts they may
    fill. ``teachers`` are in roster order, ``slots`` are Instance.vacancy_slots, and
    ``pairs`` are ``(teacher index, slot index)`` in a fixed order, so the model is built
    the same way every time (a condition of determinism). ``kinds[k]`` says whether pair
    ``k`` is outward rotation or a learning post."""

    teachers: tuple[Teacher, ...]
    slots: tuple[Vacancy, ...]
    pairs: tuple[tuple[int, int], ...]
    kinds: tuple[MoveKind, ...]


def build_candidates(facts: Facts) -> Candidates:
    """Teachers eligible for some kind of move, and every move the rules allow them."""
    inst, p = facts.instance, facts.policy
    teachers = tuple(
        t for t in inst.teachers if facts.is_eligible(t) or facts.is_learner(t)
    )  # fmt: skip
    slots = inst.vacancy_slots
    by_subject: dict[str, list[int]] = {}
    for si, v in enumerate(slots):
        by_subject.setdefault(v.subject, []).append(si)
    everything = range(len(slots))

    def slots_to_try(t: Teacher) -> Iterable[int]:
        # Only a shortcut: the move predicate's P1 still decides.
        if "P1" in facts.skip or not p.P1.enabled:
            return everything
        return sorted({si for s in subjects_taught(t, p) for si in by_subject.get(s, ())})

    pairs: list[tuple[int, int]] = []
    kinds: list[MoveKind] = []
    for ti, t in enumerate(teachers):
        for si in slots_to_try(t):
            move = facts.move(t, slots[si])
            if move.allowed:
                pairs.append((ti, si))
                kinds.append(move.kind)  # type: ignore[arg-type]
    return Candidates(teachers, slots, tuple(pairs), tuple(kinds))
