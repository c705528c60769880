"""The smallest relaxations that restore a plan, each proven by solving again.

For each member of a conflict (diagnose.find_core) this tries the parameter that rule
owns, moved as little as possible: a share on a 0.01 grid (the value nearest the current
one that changes the rounded bound enough), a distance in whole km, an age, a title, a
number of added posts. Feasibility is monotone in each of these moves except widening
eligibility (it adds teachers but also raises Q1), so a binary search finds the smallest
monotone move in a few solves and a short scan handles the rest. A suggestion is
reported only when the model with it has a plan: every one is proven.

The rules own their moves (``Rule.relaxations``, ``shortfall``, ``open_posts``,
``admit`` in rules/): this module walks the registry for them, searches and proves them;
report/diagnosis_words.py words them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rotation_planner.domain import Instance
from rotation_planner.model.build import build_model
from rotation_planner.model.diagnose import LOWER_RULES
from rotation_planner.model.run import run
from rotation_planner.policy import Policy, PolicyError
from rotation_planner.report import diagnosis_words as words
from rotation_planner.rules.base import Rule, Scope
from rotation_planner.rules.conflict import (
    Ladder,
    Proposal,
    Shortfall,
    Stage,
    parse_label,
)
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.registry import REGISTRY

MAX_SCAN = 6  # solves for a non-monotone move (eligibility)
# One feasibility solve's bound, in seconds. Near the boundary, proving that a big county
# has no plan can take long; an undecided move counts as not working, so the answer stays
# proven, only perhaps a step larger than the true smallest.
PER_SOLVE = 5.0


@dataclass(frozen=True)
class Relaxation:
    """One proven way out: a policy parameter moved, or a roster edit.

    ``change`` is the move in parameter words ("Q4.max_share 0.15 -> 0.19"); ``detail``
    says what it means where the conflict is, as ``(en, zh)``. Exactly one of
    ``overrides`` (policy keys and values) and ``instance`` (the edited roster) is set.
    The rule that proposed it gave figures; report/diagnosis_words.py words them.
    """

    proposal: Proposal

    @property
    def rule_id(self) -> str:
        return self.proposal.rule_id

    @property
    def change(self) -> str:
        return words.change(self.proposal.change, "en")

    @property
    def change_zh(self) -> str:
        """The move in Chinese, where it is not a parameter key ("" otherwise)."""
        return words.change(self.proposal.change, "zh")

    @property
    def detail(self) -> tuple[str, str]:
        return words.detail(self.proposal.detail)

    @property
    def overrides(self) -> Mapping[str, object]:
        return self.proposal.overrides

    @property
    def instance(self) -> Instance | None:
        return self.proposal.instance

    def text(self, lang: str = "en") -> str:
        change = self.change_zh if lang == "zh" and self.change_zh else self.change
        detail = self.detail[1] if lang == "zh" else self.detail[0]
        return f"{change} ({detail})" if detail else change

    def apply(self, inst: Instance, p: Policy) -> tuple[Instance, Policy]:
        """The roster and policy with this relaxation made."""
        return self.proposal.apply(inst, p)


def feasible(inst: Instance, p: Policy, seconds: float = 10.0) -> bool | None:
    """Whether every hard rule can hold (None: not decided within ``seconds``)."""
    m = build_model(inst, p)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.linearization_level = 2  # as in solve.py: the LP proves these
    code = run(solver, m.model)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if code == cp_model.INFEASIBLE else None


class _Search:
    """Feasibility solves against one deadline, with the answers remembered."""

    def __init__(self, inst: Instance, p: Policy, time_limit: float) -> None:
        self.inst, self.p = inst, p
        self.deadline = time.perf_counter() + time_limit

    @property
    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def works(self, r: Proposal) -> bool:
        if self.left <= 0:
            return False
        try:
            inst, p = r.apply(self.inst, self.p)
        except PolicyError:
            return False
        return feasible(inst, p, min(PER_SOLVE, self.left)) is True

    def smallest(self, moves: list[Proposal], *, monotone: bool = True) -> Proposal | None:
        """The first move (nearest the current value) that restores a plan. ``moves``
        run from the smallest to the largest change."""
        if not moves:
            return None
        if not monotone:
            for r in moves[:MAX_SCAN]:
                if self.works(r):
                    return r
            return None
        if not self.works(moves[-1]):
            return None
        lo, hi = 0, len(moves) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.works(moves[mid]):
                hi = mid
            else:
                lo = mid + 1
        return moves[hi]


# --- the suggestions ----------------------------------------------------------------------


def _members(labels: Iterable[str]) -> list[tuple[Rule, list[Scope]]]:
    """The rules of the conflict, each with its members' scopes, in the conflict's order."""
    by_rule: dict[str, tuple[Rule, list[Scope]]] = {}
    for label in labels:
        rule, scope = parse_label(label)
        if rule is not None:
            by_rule.setdefault(rule.id, (rule, []))[1].append(scope)
    return list(by_rule.values())


def ladders(facts: Facts, labels: Iterable[str]) -> list[Ladder]:
    """Every ladder of proposals for the conflict ``labels``, in the order they are
    searched: each member's rule's own moves (its share first, then the edits for single
    members), then, for the teachers the post-hungry members need who cannot go, the
    moves of every rule that closes posts to them and one scan of every eligibility
    rule's widenings (widening eligibility is not monotone)."""
    members = _members(labels)
    found = [ladder for rule, scopes in members for ladder in rule.relaxations(facts, scopes)]
    wanted = Shortfall()
    for rule, scopes in members:
        if (short := rule.shortfall(facts, scopes)) is not None:
            wanted = wanted + short
    if wanted.stuck:
        found += [ladder for rule in REGISTRY for ladder in rule.open_posts(facts, wanted)]
    if wanted.excluded:
        excluded = list(wanted.excluded)
        admitted = tuple(pr for rule in REGISTRY for pr in rule.admit(facts, excluded))
        found.append(Ladder(admitted, monotone=False, stage=Stage.REACH))
    return sorted(found, key=lambda ladder: ladder.stage)


def suggest(
    inst: Instance,
    p: Policy,
    labels: Iterable[str],
    *,
    time_limit: float = 20.0,
    limit: int = 8,
) -> list[Relaxation]:
    """Proven relaxations of the conflict ``labels`` (from diagnose.find_core): for each
    member, the smallest move of the parameter its rule owns that gives a plan, then
    the structural moves (distance, eligibility, new posts) when nobody can reach a post.
    Every one returned was re-solved and has a plan. At most ``limit``; the search stops
    at ``time_limit`` seconds with what it has proven."""
    labels = list(labels)
    search = _Search(inst, p, time_limit)
    found: list[Proposal] = []
    seen: set[str] = set()
    for ladder in ladders(Facts(inst, p), labels):
        r = search.smallest(list(ladder.proposals), monotone=ladder.monotone)
        if r is not None and (change := words.change(r.change, "en")) not in seen:
            seen.add(change)
            found.append(r)
    rules = {lb.partition(" ")[0] for lb in labels}
    ordered = sorted(found, key=lambda r: (r.rule_id not in rules, _rank(r.rule_id)))
    return [Relaxation(r) for r in ordered[:limit]]


def _rank(rule_id: str) -> int:
    order = (*LOWER_RULES, "Q4", "Q2", "P2", "P3", "P4", "P1", "E2", "E3", "E4")
    return order.index(rule_id) if rule_id in order else len(order)
