"""What the diagnosis and the relaxations are made of, as numbers and ids: no sentences.

When no lawful plan exists, model/diagnose.py finds a small set of rule scopes that cannot
all hold (the members of a conflict, labelled "<rule ID> <scope>"). Each rule of the
registry tells its own members and owns the moves that may resolve them:
- ``Rule.figures``: a member as a ``Member`` (what the rule demands there, in numbers,
  and, for a rule that needs rotators, why the teachers it needs can reach no post);
- ``Rule.relaxations``: ``Ladder``s of ``Proposal``s, each a policy parameter moved or a
  roster edit, from the smallest change to the largest;
- ``Rule.shortfall`` (rules that need rotators), ``Rule.open_posts`` (rules that close
  posts) and ``Rule.admit`` (eligibility rules): the teachers a conflict needs who cannot
  go, and the moves that open posts to them or make them eligible.

report/diagnosis_words.py words every key here, in both languages; model/relax.py proves
each proposal by solving again. Nothing here imports the solver.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING

from rotation_planner.rules.base import COUNTY, Scope, ScopeKind

if TYPE_CHECKING:
    from rotation_planner.domain import Instance, Teacher
    from rotation_planner.policy import Policy
    from rotation_planner.rules.base import Rule
    from rotation_planner.rules.facts import Facts

# The pair rules that decide which posts a teacher may fill at all, in the order their
# effect is told: the last one needed to rule out every post is named as the cause.
STRUCTURAL_RULES = ("E6", "W1", "P1", "P4")
# Shares are moved on this grid (0.01): the value nearest the current one that changes
# the rounded bound enough.
GRID = 0.01


@dataclass(frozen=True)
class Figures:
    """Numbers and ids under a phrase key; report/diagnosis_words.py puts them in words."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Blocked:
    """Teachers who can fill no post, counted by the rule that closed their last one
    (``post_blocker``), with what the words of P1 and P4 show: the main subjects of
    those P1 shuts out, the subjects the posts are in, and the distance caps of those
    P4 shuts out."""

    counts: tuple[tuple[str, int], ...]
    taught: tuple[tuple[str, int], ...] = ()
    post_subjects: tuple[str, ...] = ()
    caps_km: tuple[float, ...] = ()

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


@dataclass(frozen=True)
class Member:
    """One member of a conflict as figures: the rule, the scope it is told at (the
    county, a school or a teacher) with that school's name or the teacher's id, what
    the rule demands there (``key`` and ``values``), and, for a rule that needs
    rotators, why some of the teachers it counts can reach no post."""

    rule_id: str
    scope: Scope
    name: str
    key: str
    values: Mapping[str, object] = field(default_factory=dict)
    blocked: Blocked | None = None


@dataclass(frozen=True)
class Proposal:
    """One way out of a conflict, not yet proven: a policy parameter moved
    (``overrides``) or an edited roster (``instance``), exactly one of them. ``change``
    is the move, ``detail`` what it means where the conflict is (None: nothing to add)."""

    rule_id: str
    change: Figures
    detail: Figures | None = None
    overrides: Mapping[str, object] = field(default_factory=dict)
    instance: Instance | None = None

    def apply(self, inst: Instance, p: Policy) -> tuple[Instance, Policy]:
        """The roster and policy with this proposal made."""
        return (self.instance or inst, p.with_overrides(self.overrides) if self.overrides else p)


class Stage(IntEnum):
    """When a ladder is searched: a quota's own share first (one cheap search per rule),
    then the edits for single members (their posts, their teacher), then the moves
    that open posts or eligibility to the teachers the conflict needs."""

    SHARE = 0
    MEMBER = 1
    REACH = 2


@dataclass(frozen=True)
class Ladder:
    """Proposals from the smallest change to the largest; the search proves the first
    that restores a plan. ``monotone``: once one works every larger one does (a binary
    search is enough); otherwise they are tried in turn."""

    proposals: tuple[Proposal, ...]
    monotone: bool = True
    stage: Stage = Stage.MEMBER


@dataclass(frozen=True)
class Shortfall:
    """The teachers the members of a conflict need but cannot have: ``stuck`` are
    eligible and can fill no post, ``excluded`` are not eligible; ``short`` is how many
    more teachers able to go the neediest school lacks (at least 1)."""

    stuck: tuple[Teacher, ...] = ()
    excluded: tuple[Teacher, ...] = ()
    short: int = 1

    def __add__(self, other: Shortfall) -> Shortfall:
        return Shortfall(
            self.stuck + other.stuck, self.excluded + other.excluded, max(self.short, other.short)
        )


# --- labels ----------------------------------------------------------------------------


def parse_label(label: str) -> tuple[Rule | None, Scope]:
    """The rule of a conflict label ("Q1 S001", "P2 R1/英语", "R5 T1/T2", "Q3 county")
    and its scope, typed with the kind of scope the rule counts in (None: no such rule)."""
    from rotation_planner.rules.registry import BY_ID

    rule_id, _, text = label.partition(" ")
    rule = BY_ID.get(rule_id)
    if rule is None:
        return None, COUNTY
    return rule, scope_of(rule.conflict_scope, text)


def scope_of(shape: Scope, text: str) -> Scope:
    """The scope ``text`` names ("S001", "R1/英语", "T1/T2"), shaped as ``shape``: its
    kind, and as many ids as ``shape`` has (split at the first "/" for two, so that a
    subject may contain one)."""
    if not shape.ids:
        return Scope(shape.kind)
    return Scope(shape.kind, tuple(text.split("/", len(shape.ids) - 1)))


def school_name(inst: Instance, school_id: str) -> str:
    """The school's name, or its id when the roster has no such school."""
    school = inst.school_by_id.get(school_id)
    return school.name if school else school_id


# --- which rule keeps a teacher from every post -----------------------------------------


def post_blocker(facts: Facts, t: Teacher) -> str | None:
    """Why an eligible teacher can fill no vacancy at all, as the rule that removed the
    last posts: "E6" (no allowed direction), "W1" (a learning post they may not take),
    "P1" (none in their subjects), "P4" (all beyond their distance cap) or "locked"
    (their locked school has no such post). None when some post is open to them."""
    slots = [v for v in facts.instance.vacancy_slots if v.school_id != t.school_id]
    if t.locked_to:
        slots = [v for v in slots if v.school_id == t.locked_to]
        if not slots:
            return "locked"
    fails = [set(facts.move(t, v).blockers) - {"locked"} for v in slots]
    if any(not f for f in fails):
        return None
    ruled_out: set[str] = set()
    for rule_id in STRUCTURAL_RULES:
        ruled_out.add(rule_id)
        if all(f & ruled_out for f in fails):
            return rule_id
    return "locked"


def reachable(facts: Facts, t: Teacher) -> int:
    """How many vacancy slots teacher ``t`` could fill under every rule."""
    return sum(1 for v in facts.instance.vacancy_slots if facts.could_fill(t, v))


def shut_out(facts: Facts, teachers: Sequence[Teacher]) -> Blocked:
    """The teachers among ``teachers`` who can fill no post, by the rule to blame."""
    from rotation_planner.rules.p4_distance import distance_cap

    blame = {t.teacher_id: post_blocker(facts, t) for t in teachers}
    counts = Counter(b for b in blame.values() if b)
    order = (*STRUCTURAL_RULES, "locked")
    taught = Counter(t.subjects[0] for t in teachers if blame[t.teacher_id] == "P1")
    caps = {
        c
        for t in teachers
        if blame[t.teacher_id] == "P4" and (c := distance_cap(t, facts.policy)) is not None
    }
    return Blocked(
        counts=tuple((r, counts[r]) for r in order if counts.get(r)),
        taught=tuple(sorted(taught.items())),
        post_subjects=tuple(sorted({v.subject for v in facts.instance.vacancy_slots})),
        caps_km=tuple(sorted(caps)),
    )


def teacher_posts(rule_id: str, facts: Facts, scope: Scope, values: dict[str, object]) -> Member:
    """A member that binds one teacher to a post (M1, a lock): how many posts they
    could fill, and with none, the rule that shuts them out."""
    teacher_id = scope.ids[0]
    t = facts.instance.teacher_by_id[teacher_id]
    posts = reachable(facts, t)
    blocked = shut_out(facts, [t]) if posts == 0 and post_blocker(facts, t) else None
    shown = Scope(ScopeKind.TEACHER, (teacher_id,))
    return Member(rule_id, shown, teacher_id, rule_id, {**values, "posts": posts}, blocked)


# --- moves of a share -------------------------------------------------------------------


def grid_values(current: float, up: bool) -> list[float]:
    """Grid values beyond ``current`` in the relaxing direction, nearest first."""
    steps = round(1 / GRID)
    k = math.floor(current * steps + 1e-9) if up else math.ceil(current * steps - 1e-9)
    if up:
        return [i / steps for i in range(k + 1, steps + 1) if i / steps > current + 1e-12]
    return [i / steps for i in range(k - 1, -1, -1) if i / steps < current - 1e-12]


def parameter_change(key: str, old: object, new: object) -> Figures:
    """A policy parameter moved: "Q4.max_share 0.15 -> 0.19"."""
    return Figures("parameter", {"parameter": key, "old": old, "new": new})


def share_ladder(
    rule_id: str,
    name: str,
    current: float,
    up: bool,
    signature: Callable[[float], tuple[int, ...]],
    detail: Callable[[float], Figures | None],
) -> Ladder:
    """One proposal per distinct rounded outcome (``signature``), each at the grid value
    nearest ``current``: up for a cap, down for a minimum. Moving a share is monotone."""
    seen = {signature(current)}
    proposals = []
    for value in grid_values(current, up):
        sig = signature(value)
        if sig in seen:
            continue
        seen.add(sig)
        key = f"{rule_id}.{name}"
        proposals.append(
            Proposal(rule_id, parameter_change(key, current, value), detail(value), {key: value})
        )
    return Ladder(tuple(proposals), monotone=True, stage=Stage.SHARE)


def scopes_or(scopes: Iterable[Scope], fallback: Iterable[str]) -> str:
    """The first member's first id, or the first of ``fallback``: where a share's
    relaxation is told."""
    for scope in scopes:
        if scope.ids:
            return scope.ids[0]
    return next(iter(fallback))
