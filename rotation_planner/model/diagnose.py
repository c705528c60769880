"""Why no lawful plan exists: a small set of rules that cannot all hold, in policy words.

Every counting rule's constraint in every scope (and every ``locked_to`` row) is guarded
by an assumption literal. CP-SAT returns a sufficient set of assumptions for
infeasibility; a deletion filter then drops every member whose removal keeps the model
infeasible, so what is left is minimal (unless the time bound stops the filter early).
Should the solve with assumptions stall, QuickXplain finds a minimal set by ordinary
re-solves with the chosen members made hard.

Eligibility and pair rules (E1-E6, P1, P4) have no literal: they decide which variables
exist. When a conflict involves a post-hungry rule (Q1, Q3, M1, locked) the description
says how many candidates those structural rules removed, and why, so the user learns the
real cause and not only "Q1 cannot be met".

Each member is told by its own rule: the registry finds the rule of a label, the rule
gives its figures (``Rule.figures``, numbers and ids) and report/diagnosis_words.py puts
them in words.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rotation_planner.domain import Instance, Teacher, Vacancy
from rotation_planner.model.build import RotationModel, build_model
from rotation_planner.model.run import run
from rotation_planner.policy import Policy
from rotation_planner.report import diagnosis_words as words
from rotation_planner.rules import conflict
from rotation_planner.rules.conflict import STRUCTURAL_RULES, Figures, Member, parse_label
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.p1_subject import teaches
from rotation_planner.rules.registry import RULE_ORDER

# Rules whose scope needs rotators (lower bounds) and rules that cap them (upper bounds).
LOWER_RULES = ("Q1", "Q3", "M1", "locked")
UPPER_RULES = ("Q2", "Q4", "P2", "P3")
pct = words.pct


@dataclass(frozen=True)
class Core:
    """A set of rule scopes ("Q1 S001", "P2 R1/英语", "M1 T7") that cannot all hold.

    ``minimal`` is True when the deletion filter finished: removing any one member
    would leave rules that can hold together.
    """

    labels: tuple[str, ...]
    minimal: bool


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    # The LP (level 2) is what proves these models infeasible: with level 1, three
    # schools needing 6 rotators for 5 posts ran 10 s without an answer; with 2, 5 ms.
    solver.parameters.linearization_level = 2
    return solver


def _hard_infeasible(m: RotationModel, keep: list[int], seconds: float) -> bool | None:
    """Whether the members ``keep`` alone conflict, with them made hard (no
    assumptions), so presolve can use them: the fallback when assumptions stall."""
    model = m.model.clone()
    model.clear_assumptions()
    for i in keep:
        model.add(model.get_bool_var_from_proto_index(i) == 1)
    code = run(_solver(seconds), model)
    if code == cp_model.INFEASIBLE:
        return True
    return False if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def _quickxplain(m: RotationModel, members: list[int], deadline: float) -> list[int] | None:
    """A minimal conflicting subset of ``members`` (Junker's QuickXplain), by hard
    re-solves only; None when the time ran out first."""

    def infeasible(keep: list[int]) -> bool:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError
        return _hard_infeasible(m, keep, left) is True

    def qx(background: list[int], added: bool, candidates: list[int]) -> list[int]:
        if added and infeasible(background):
            return []
        if len(candidates) == 1:
            return candidates
        half = len(candidates) // 2
        first, second = candidates[:half], candidates[half:]
        right = qx(background + first, bool(first), second)
        left = qx(background + right, bool(right), first)
        return left + right

    try:
        if not infeasible(members):
            return None
        return qx([], False, members)
    except TimeoutError:
        return None


def _solve_with(m: RotationModel, keep: list[int], seconds: float) -> tuple[bool | None, list[int]]:
    """(infeasible?, a sufficient subset of ``keep``) with only ``keep`` assumed."""
    m.model.clear_assumptions()
    m.model.add_assumptions([m.assumption_lits[i] for i in keep])
    solver = _solver(seconds)
    code = run(solver, m.model)
    if code == cp_model.INFEASIBLE:
        found = set(solver.sufficient_assumptions_for_infeasibility())
        subset = [i for i in keep if i in found]
        return True, subset or keep
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False, keep
    return None, keep


def find_core(inst: Instance, p: Policy, time_limit: float = 10.0) -> Core | None:
    """A small conflicting set of rule scopes, or None when the rules can all hold (or
    nothing was proven within ``time_limit`` seconds, the bound on the whole search).

    Each infeasible re-solve also returns CP-SAT's own sufficient subset, which replaces
    the working core at once, so large cores shrink in a few solves.
    """
    deadline = time.perf_counter() + time_limit
    m = build_model(inst, p, diagnose=True)
    everything = sorted(m.assumption_lits)
    infeasible, core = _solve_with(m, everything, time_limit / 2)
    if infeasible is None:
        ordered = sorted(everything, key=lambda i: m.assumptions[i])
        found = _quickxplain(m, ordered, deadline)
        if found is None:
            return None
        labels = tuple(sorted((m.assumptions[i] for i in found), key=_label_order))
        return Core(labels, True)
    if infeasible is not True:
        return None
    minimal = True
    # Members are tried in label order so that the answer does not depend on variable
    # numbering; an undecided trial (time out) keeps its member.
    for lit in sorted(core, key=lambda i: m.assumptions[i]):
        if lit not in core:
            continue
        left = deadline - time.perf_counter()
        if left <= 0:
            minimal = False
            break
        trial = [c for c in core if c != lit]
        if not trial:
            continue
        result, subset = _solve_with(m, trial, left)
        if result is True:
            core = subset
        elif result is None:
            minimal = False
    labels = tuple(sorted((m.assumptions[i] for i in core), key=_label_order))
    return Core(labels, minimal)


def _label_order(label: str) -> tuple[int, str]:
    rule_id, _, scope = label.partition(" ")
    order = LOWER_RULES + UPPER_RULES
    return (order.index(rule_id) if rule_id in order else len(order), scope)


# --- the structural causes: which E*/P1/P4 rule removed a teacher's posts ------------


def post_blocker(t: Teacher, inst: Instance, p: Policy) -> str | None:
    """Why an eligible teacher can fill no vacancy at all (``conflict.post_blocker``)."""
    return conflict.post_blocker(Facts(inst, p), t)


def reachable(t: Teacher, inst: Instance, p: Policy) -> int:
    """How many vacancy slots teacher ``t`` could fill under every rule."""
    return conflict.reachable(Facts(inst, p), t)


# --- one member in words ---------------------------------------------------------------


def figures(label: str, facts: Facts) -> Member | None:
    """A conflict member as its rule tells it (None: a label no rule tells)."""
    rule, scope = parse_label(label)
    return rule.figures(facts, scope) if rule is not None else None


def fragment(label: str, inst: Instance, p: Policy, lang: str = "en") -> tuple[str, str]:
    """``(where, what)``: the scope's name and what the rule demands there, with numbers.

    ``where`` is a school name, "teacher T1" or "county"; ``what`` starts with the rule ID.
    """
    return words.member(figures(label, Facts(inst, p)), label, lang)


def describe(label: str, inst: Instance, p: Policy, lang: str = "en") -> str:
    """One conflict member in the bureau's words, with its numbers."""
    return words.described(*fragment(label, inst, p, lang))


def headline(labels: tuple[str, ...] | list[str], inst: Instance, p: Policy,
             lang: str = "en") -> str:  # fmt: skip
    """The whole conflict in one sentence: what is needed, "but" what caps it.

    "学校U1: Q1 needs >= 3 rotators (10% of 30 eligible), but Q4 allows at most 2 (15% of
    16 staff)". Members at the same place share its name once.
    """
    facts = Facts(inst, p)
    told = {lb: words.member(figures(lb, facts), lb, lang) for lb in labels}
    lower = [told[lb] for lb in labels if lb.split(" ")[0] in LOWER_RULES]
    upper = [told[lb] for lb in labels if lb.split(" ")[0] not in LOWER_RULES]
    return words.headline(lower, upper, lang)


def explain(labels: tuple[str, ...] | list[str], inst: Instance, p: Policy,
            lang: str = "en") -> list[str]:  # fmt: skip
    """The conflict in words: the headline, then one line per member when there are
    several (the Constraint report gets a row per member either way)."""
    if not labels:
        return []
    lines = [headline(labels, inst, p, lang)]
    if len(labels) > 1:
        lines += [describe(label, inst, p, lang) for label in labels]
    return lines


# --- posts nobody can fill ---------------------------------------------------------------


def unfillable_figures(inst: Instance, p: Policy) -> list[Figures]:
    """Per subject, the vacancies no eligible teacher could fill whatever the quotas:
    how many, at how many schools, how far out, and how many eligible teachers of the
    subject each rule rules out (the first of E6, W1, P1, P4 that closes one of those
    posts to them, else the first rule that does)."""
    facts = Facts(inst, p)
    eligible = list(facts.eligible)
    by_subject: dict[str, list[Teacher]] = {}
    for t in eligible:
        for subject in t.subjects:
            by_subject.setdefault(subject, []).append(t)
    closed: dict[str, list] = {}
    for v in inst.vacancy_slots:
        # With P1 on, only teachers of the subject can take the post: look at those.
        pool = by_subject.get(v.subject, []) if p.P1.enabled else eligible
        if not any(facts.could_fill(t, v) for t in pool):
            closed.setdefault(v.subject, []).append(v)
    found = []
    for subject, slots in sorted(closed.items()):
        teach = [t for t in eligible if teaches(t, subject, p)]
        blocked = Counter(_ruled_out_by(facts, t, slots) for t in teach)
        values = {
            "subject": subject,
            "posts": sum(v.count for v in slots),
            "schools": len({v.school_id for v in slots}),
            "far_km": max(inst.school_by_id[v.school_id].distance_km for v in slots),
            "teachers": len(teach),
            "ruled_out": tuple(sorted(blocked.items())),
        }
        found.append(Figures("unfillable", values))
    return found


def _ruled_out_by(facts: Facts, t: Teacher, slots: list[Vacancy]) -> str:
    """The rule told as keeping ``t`` from these posts: the first of E6, W1, P1, P4 that
    closes one of them, else the first rule in rulebook order that does (P5 require,
    a lock elsewhere)."""
    ids = {r for v in slots for r in facts.move(t, v).blockers}
    for rule_id in STRUCTURAL_RULES:
        if rule_id in ids:
            return rule_id
    return min(ids, key=RULE_ORDER.__getitem__, default="E6")


def unfillable_posts(inst: Instance, p: Policy, lang: str = "en") -> list[str]:
    """Vacancies no eligible teacher could fill whatever the quotas, by subject, with
    the rule that shuts them out: "no eligible 英语 teacher for the 5 英语 vacancies at
    3 schools (up to 68 km out)" or "... : the 2 eligible 英语 teachers are beyond their
    distance cap (P4)". Empty when every post has at least one possible taker."""
    return [words.unfillable(f, lang) for f in unfillable_figures(inst, p)]
