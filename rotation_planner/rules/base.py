"""What every rule of the rulebook is made of, and what its check reports.

A rule (one POLICY.md ID, one module in this package) may:
- exclude a teacher from a kind of move (E1-E5 for outward rotation, E1, E5 and W1 for a
  learning post): ``excludes``;
- forbid one teacher one post (E6 direction, P1 subject, P4 distance, P5 require, a
  lock): ``forbids``. Together these make the one admissible-move predicate
  (``Facts.move``), which decides the model's variables and every audit alike;
- add constraints that count (quotas, posts, spouses...): ``build``;
- re-check a finished plan: ``audit``, which returns structured rows (numbers and a
  phrase key, never sentences; ``report/`` words them);
- when no plan exists, tell its member of a conflict as figures (``figures``) and own
  the moves that may resolve it (``relaxations``; ``shortfall``, ``open_posts`` and
  ``admit`` for the teachers a conflict needs who cannot go). See ``conflict.py``.

Nothing here imports the solver: a rule's model piece talks to ``RotationModel`` through
its methods, so the checker can import rules without loading OR-Tools.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

if TYPE_CHECKING:
    from rotation_planner.domain import Instance, Plan, Teacher, Vacancy
    from rotation_planner.policy import Policy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.conflict import Ladder, Member, Proposal, Shortfall
    from rotation_planner.rules.facts import Facts

Status = Literal["OK", "VIOLATED", "N/A"]


class MoveKind(StrEnum):
    """What a move is: outward rotation (交流轮岗, E1-E6 and the quotas apply) or a learning
    post (跟岗, W1: a teacher of a less central school goes to a more central one)."""

    OUTWARD = "outward"
    LEARNING = "learning"


class ScopeKind(StrEnum):
    """Where a rule is checked: the whole county, one school, one post (school and
    subject), one pair of schools, or one teacher."""

    COUNTY = "county"
    SCHOOL = "school"
    POST = "post"
    SCHOOL_PAIR = "school_pair"
    TEACHER = "teacher"


@dataclass(frozen=True, slots=True, order=True)
class Scope:
    """A typed scope: its kind and the ids that name it (none for the county)."""

    kind: ScopeKind
    ids: tuple[str, ...] = ()

    def __str__(self) -> str:
        return "/".join(self.ids) if self.ids else self.kind.value


COUNTY = Scope(ScopeKind.COUNTY)


def school_scope(school_id: str) -> Scope:
    return Scope(ScopeKind.SCHOOL, (school_id,))


def post_scope(school_id: str, subject: str) -> Scope:
    return Scope(ScopeKind.POST, (school_id, subject))


class Phrase(StrEnum):
    """What a check row demands, as a key that report/ puts in words.

    ``AT_LEAST``/``AT_MOST``: ``got`` against ``need``; ``NONE``: no rotator breaks the
    rule (``got`` counts those who do); ``ALL``: all ``need`` teachers in scope comply
    (``got`` of them do); ``SHARE``: informative, ``got`` of ``base`` (no bound).
    """

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    NONE = "none"
    ALL = "all"
    SHARE = "share"
    SWITCHED_OFF = "switched_off"
    # Rows of a report without a plan: a member of the conflict, a proven relaxation.
    CONFLICT = "conflict"
    RELAXATION = "relaxation"


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """One row of the Constraint report: one rule in one scope, as numbers.

    ``need`` is the bound, ``got`` what the plan achieves, ``base`` the count a share is
    taken of (eligible teachers, staff, rotators) where there is one. ``offending`` lists
    the teachers (or pairs ``a>b``, couples ``a+b``) that break the rule. ``detail``
    carries extra figures a phrase may show (the wish histogram).
    """

    rule_id: str
    scope: Scope
    phrase: Phrase
    status: Status
    need: float | None = None
    got: float | None = None
    base: float | None = None
    offending: tuple[str, ...] = ()
    detail: tuple[tuple[str, int], ...] = ()
    # CONFLICT and RELAXATION rows only: the diagnosis in the report's language.
    text: str = ""

    @property
    def slack(self) -> float | None:
        """How far the plan is inside the bound (negative: by how much it breaks it)."""
        if self.got is None:
            return None
        if self.phrase is Phrase.AT_LEAST and self.need is not None:
            return self.got - self.need
        if self.phrase is Phrase.AT_MOST and self.need is not None:
            return self.need - self.got
        if self.phrase is Phrase.NONE:
            return -self.got
        if self.phrase is Phrase.ALL and self.need is not None:
            return self.got - self.need
        return None


def at_least(rule_id: str, scope: Scope, need: int, got: int, base: float | None = None,
             offending: Iterable[str] = ()) -> RuleCheck:  # fmt: skip
    ok = got >= need
    return RuleCheck(rule_id, scope, Phrase.AT_LEAST, "OK" if ok else "VIOLATED", need, got, base,
                     () if ok else tuple(sorted(offending)))  # fmt: skip


def at_most(rule_id: str, scope: Scope, cap: int, got: int, base: float | None = None,
            offending: Iterable[str] = ()) -> RuleCheck:  # fmt: skip
    ok = got <= cap
    return RuleCheck(rule_id, scope, Phrase.AT_MOST, "OK" if ok else "VIOLATED", cap, got, base,
                     () if ok else tuple(sorted(offending)))  # fmt: skip


def none_of(rule_id: str, offending: Iterable[str], base: int | None = None) -> RuleCheck:
    """No rotator breaks the rule; ``base``: how many the rule looked at."""
    bad = tuple(sorted(offending))
    return RuleCheck(rule_id, COUNTY, Phrase.NONE, "VIOLATED" if bad else "OK", 0, len(bad),
                     base, bad)  # fmt: skip


def all_of(rule_id: str, need: int, missing: Iterable[str]) -> RuleCheck:
    """All ``need`` teachers in scope comply; ``missing`` do not."""
    bad = tuple(sorted(missing))
    return RuleCheck(rule_id, COUNTY, Phrase.ALL, "VIOLATED" if bad else "OK", need,
                     need - len(bad), None, bad)  # fmt: skip


def switched_off(rule_id: str) -> RuleCheck:
    return RuleCheck(rule_id, COUNTY, Phrase.SWITCHED_OFF, "N/A")


def ceil_share(share: float, n: int) -> int:
    """``share`` of ``n`` rounded up, with float noise removed (0.1 * 30 is 3, not 4)."""
    return math.ceil(round(share * n, 9))


def floor_share(share: float, n: int) -> int:
    return math.floor(round(share * n, 9))


class CandidateMoves(Protocol):
    """The moves a model has variables for: ``pairs[k]`` is (teacher index, slot index)."""

    teachers: Sequence[Teacher]
    slots: Sequence[Vacancy]
    pairs: Sequence[tuple[int, int]]


class RotationModel(Protocol):
    """What a rule's model piece may ask of the model (model/build.py implements it). The
    rules depend on this interface, not on the solver: expressions are the solver's, but
    a rule only combines them with ``+``, ``*``, ``<=`` and ``>=``."""

    facts: Facts
    candidates: CandidateMoves
    x: Sequence[Any]
    y: Sequence[Any]

    @property
    def instance(self) -> Instance: ...

    @property
    def policy(self) -> Policy: ...

    def require(self, rule_id: str, scope: Scope, bound: Any) -> None: ...

    def sum_x(self, ks: Iterable[int] | None) -> Any: ...

    def teacher_of(self, k: int) -> Teacher: ...

    def home_of(self, k: int) -> str: ...

    def school_of(self, k: int) -> str: ...

    def is_outward(self, k: int) -> bool: ...

    def teachers_of(self, ks: Iterable[int]) -> set[int]: ...

    def pairs_of_teacher(self) -> list[list[int]]: ...

    def pairs_of_slot(self) -> list[list[int]]: ...

    def pairs_by_teacher(self, *, outward_only: bool = False) -> dict[str, list[int]]: ...

    def pairs_by_home_school(self, *, outward_only: bool = False) -> dict[str, list[int]]: ...


class Rule:
    """One rule of the rulebook. Subclasses override what the rule does; the defaults
    do nothing, so a rule implements only its own pieces."""

    id: ClassVar[str]
    # The move kinds whose teachers ``excludes`` applies to.
    excludes_from: ClassVar[frozenset[MoveKind]] = frozenset()
    # The scope the rule's constraints are counted in, its ids naming the parts
    # (Scope(POST, ("school", "subject"))): how a conflict label's scope is read.
    conflict_scope: ClassVar[Scope] = Scope(ScopeKind.COUNTY)

    def active(self, p: Policy) -> bool:
        """Whether the rule applies under this policy (by default: it is switched on)."""
        return p.enabled(self.id)

    def excludes(self, t: Teacher, facts: Facts) -> bool:
        """The teacher may not make a move of a kind in ``excludes_from``."""
        return False

    def forbids(self, t: Teacher, v: Vacancy, kind: MoveKind, facts: Facts) -> bool:
        """The teacher may not fill this post (a move of ``kind``)."""
        return False

    def build(self, m: RotationModel) -> None:
        """Add the rule's constraints to the model (counting rules)."""

    def repair(self, facts: Facts, plan: Plan) -> Plan:
        """Mend a plan that was cut short by a time limit so that it keeps the rule (the
        priority rules make the swaps left open); by default the plan as it is."""
        return plan

    def audit(self, a: Audit) -> list[RuleCheck]:
        """The rule's rows for a finished plan (called only while the rule is active)."""
        return []

    def check(self, a: Audit) -> list[RuleCheck]:
        """The rule's rows: its audit, or one N/A row when it is switched off."""
        if not self.active(a.policy):
            return [switched_off(self.id)]
        return self.audit(a)

    # --- when no plan exists: the rule's part of the diagnosis and its relaxations -------
    def figures(self, facts: Facts, scope: Scope) -> Member | None:
        """The rule's member of a conflict in ``scope``, as numbers (None: the diagnosis
        names it by its label only)."""
        return None

    def relaxations(self, facts: Facts, scopes: list[Scope]) -> list[Ladder]:
        """Moves of what the rule owns (its parameter, the posts or teachers its members
        name) that may resolve its members ``scopes`` of a conflict."""
        return []

    def shortfall(self, facts: Facts, scopes: list[Scope]) -> Shortfall | None:
        """For a rule that needs rotators: the teachers its members count who cannot go."""
        return None

    def open_posts(self, facts: Facts, wanted: Shortfall) -> list[Ladder]:
        """For a rule that closes posts: moves that open posts to ``wanted.stuck``."""
        return []

    def admit(self, facts: Facts, teachers: list[Teacher]) -> list[Proposal]:
        """For an eligibility rule: the smallest widenings that admit teachers among
        ``teachers`` whom this rule alone excludes, nearest first."""
        return []


class AdmissionRule(Rule):
    """A rule that only decides which moves exist: its check is that no assignment of
    the plan is one it forbids (per ``Facts.move``)."""

    def audit(self, a: Audit) -> list[RuleCheck]:
        return [none_of(self.id, a.breaking(self.id), base=len(a.plan.assignments))]
