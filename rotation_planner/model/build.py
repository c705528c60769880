"""The CP-SAT model: one variable per admissible move, each rule's piece, the tiers.

Which variables exist is decided by the one admissible-move predicate (rules/facts.py,
through candidates.py). Every rule of the registry (rules/registry.py) then adds its own
constraints through the methods of ``RotationModel``; the rules never import OR-Tools.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from rotation_planner.domain import Instance, Plan, Teacher
from rotation_planner.model.candidates import Candidates, build_candidates
from rotation_planner.model.cpsat import Model
from rotation_planner.model.linear import Bound, Columns, LinExpr, Row
from rotation_planner.policy import Policy
from rotation_planner.rules.base import MoveKind, Scope
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.objective import TIERS, teacher_weights, weights


@dataclass
class RotationModel:
    """A built model. Column ``k`` (``x[k]``) is 1 when pair ``candidates.pairs[k]`` is
    used; column ``len(x) + i`` (``y[i]``) is 1 when ``candidates.teachers[i]`` is placed.

    The rules see ``x`` and ``y`` as symbolic columns (model/linear.py) and state their
    constraints with ``require``; each becomes one ``Row`` in ``rows`` and the same
    constraint of the CP-SAT model ``model``, whose variables ``x_vars`` and ``y_vars``
    are the columns in the same order. The LP (model/lp.py) is read off ``rows``.

    With ``diagnose=True`` every rule's constraint in every scope is guarded by an
    assumption literal, so an infeasible model can name the rules that conflict.
    """

    facts: Facts
    candidates: Candidates
    model: cp_model.CpModel
    x_vars: list[cp_model.IntVar]
    y_vars: list[cp_model.IntVar]
    diagnose: bool = False
    soft: frozenset[str] = frozenset()
    rows: list[Row] = field(default_factory=list)
    assumptions: dict[int, str] = field(default_factory=dict)
    assumption_lits: dict[int, cp_model.IntVar] = field(default_factory=dict)
    kept: list[cp_model.IntVar] = field(default_factory=list)
    # Best effort: by how much each soft constraint in ``kept`` is missed (0 when kept).
    shortfall: list[cp_model.IntVar] = field(default_factory=list)
    _zero: cp_model.IntVar | None = None

    def __post_init__(self) -> None:
        self.x = Columns(0, len(self.x_vars))
        self.y = Columns(len(self.x_vars), len(self.y_vars))

    @property
    def instance(self) -> Instance:
        return self.facts.instance

    @property
    def policy(self) -> Policy:
        return self.facts.policy

    @property
    def columns(self) -> int:
        """How many columns the rows are over (x, then y)."""
        return len(self.x_vars) + len(self.y_vars)

    def variable(self, col: int) -> cp_model.IntVar:
        """The CP-SAT variable of a column."""
        nx = len(self.x_vars)
        return self.x_vars[col] if col < nx else self.y_vars[col - nx]

    # --- what a rule asks of the model ------------------------------------------------
    def require(self, rule_id: str, scope: Scope, bound: Bound) -> None:
        """Add a rule's constraint in one scope (label "<rule ID> <scope>").

        Hard by default. In diagnosis mode it is guarded by an assumption literal. In
        best-effort mode, a rule listed in ``soft`` may be broken: it holds only when its
        literal is true, and the "violations" tier keeps the total shortfall least.
        """
        label = f"{rule_id} {scope}"
        row = bound.row(label)
        self.rows.append(row)
        constraint = self._add(row)
        if self.diagnose:
            lit = self.model.new_bool_var(label)
            constraint.enforcement_literal.append(lit.index)
            self.assumptions[lit.index] = label
            self.assumption_lits[lit.index] = lit
        elif rule_id in self.soft:
            lit = self.model.new_bool_var(label)
            constraint.enforcement_literal.append(lit.index)
            self.kept.append(lit)
            self.shortfall.append(_shortfall(self, row, lit))

    def sum_x(self, ks: Iterable[int] | None) -> LinExpr:
        """The number of moves ``ks`` used (zero when there are none: a bound on no
        moves is still a row, which can be guarded and named)."""
        return self.x.total(ks or ())

    def _add(self, row: Row) -> Any:
        """The row as a CP-SAT linear constraint (written into the proto directly: ten
        times faster than building CP-SAT expressions, for the same constraint)."""
        ct = self.model.proto.constraints.add()
        ct.name = row.label
        lin = ct.linear
        if len(row.cols):
            lin.vars.extend(row.cols.tolist())
            lin.coeffs.extend(row.coefs.tolist())
        else:
            # CP-SAT needs a variable in a constraint that can be guarded; a fixed zero.
            if self._zero is None:
                self._zero = self.model.new_constant(0)
            lin.vars.append(self._zero.index)
            lin.coeffs.append(1)
        lo = cp_model.INT_MIN if row.lo is None else row.lo
        hi = cp_model.INT_MAX if row.hi is None else row.hi
        lin.domain.extend([lo, hi])
        return ct

    # --- the moves, seen from each side ----------------------------------------------
    def teacher_of(self, k: int) -> Teacher:
        return self.candidates.teachers[self.candidates.pairs[k][0]]

    def home_of(self, k: int) -> str:
        return self.teacher_of(k).school_id

    def school_of(self, k: int) -> str:
        """The receiving school of move ``k``."""
        return self.candidates.slots[self.candidates.pairs[k][1]].school_id

    def is_outward(self, k: int) -> bool:
        return self.candidates.kinds[k] is MoveKind.OUTWARD

    def teachers_of(self, ks: Iterable[int]) -> set[int]:
        return {self.candidates.pairs[k][0] for k in ks}

    def pairs_of_teacher(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in self.candidates.teachers]
        for k, (ti, _) in enumerate(self.candidates.pairs):
            out[ti].append(k)
        return out

    def pairs_of_slot(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in self.candidates.slots]
        for k, (_, si) in enumerate(self.candidates.pairs):
            out[si].append(k)
        return out

    def pairs_by_teacher(self, *, outward_only: bool = False) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for k in range(len(self.x)):
            if not outward_only or self.is_outward(k):
                out.setdefault(self.teacher_of(k).teacher_id, []).append(k)
        return out

    def pairs_by_home_school(self, *, outward_only: bool = False) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for k in range(len(self.x)):
            if not outward_only or self.is_outward(k):
                out.setdefault(self.home_of(k), []).append(k)
        return out


def _shortfall(m: RotationModel, row: Row, lit: cp_model.IntVar) -> cp_model.IntVar:
    """Best effort: how far a soft row ``lo <= expr <= hi`` is missed.

    ``expr`` may leave its bounds by at most the returned variable, which is 0 exactly
    when ``lit`` (the constraint holds) is true. Minimising the sum counts rotators
    missing or in excess (a Q1 school two short costs 2), not merely broken scopes, so
    a broken cap never lets a school send without limit.
    """
    model = m.model
    cols, coefs = row.cols.tolist(), row.coefs.tolist()
    expr = cp_model.LinearExpr.weighted_sum([m.variable(c) for c in cols], coefs)
    size = sum(abs(c) for c in coefs)  # every column is 0 or 1
    finite = [abs(b) for b in (row.lo, row.hi) if b is not None]
    slack = model.new_int_var(0, size + max(finite, default=0) + 1, f"short {row.label}")
    if row.lo is not None:
        model.add(expr + slack >= row.lo)
    if row.hi is not None:
        model.add(expr - slack <= row.hi)
    model.add(slack == 0).only_enforce_if(lit)
    model.add(slack >= 1).only_enforce_if(~lit)
    return slack


def build_model(
    inst: Instance,
    p: Policy,
    *,
    skip: Iterable[str] = (),
    diagnose: bool = False,
    soft: Iterable[str] = (),
) -> RotationModel:
    """Build the CP-SAT model with every active rule except those in ``skip`` (``skip``
    exists so tests can prove each rule is really enforced). Rules in ``soft`` (counting
    rules only) may be broken at a cost: the best-effort mode."""
    facts = Facts(inst, p, skip)
    cand = build_candidates(facts)
    model = Model()
    # x then y, so that a variable's index is its column in the rows.
    x = [model.new_bool_var(f"x{k}") for k in range(len(cand.pairs))]
    y = [model.new_bool_var(f"y{i}") for i in range(len(cand.teachers))]
    m = RotationModel(facts, cand, model, x, y, diagnose=diagnose, soft=frozenset(soft))
    # A teacher fills at most one post; y says whether they fill one.
    for i, ks in enumerate(m.pairs_of_teacher()):
        one = (m.sum_x(ks) - m.y[i] >= 0).row("")
        row = Row("", one.cols, one.coefs, 0, 0)
        m.rows.append(row)
        m._add(row)
    for rule in facts.rules:
        rule.build(m)
    return m


# --- objective tiers ------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    """One lexicographic objective tier: ``sense * sum(coef * var)`` is maximised."""

    name: str
    sense: int  # +1 maximise, -1 minimise
    variables: tuple[cp_model.IntVar, ...]
    coefficients: tuple[int, ...]
    offset: int = 0

    def expr(self) -> cp_model.LinearExpr:
        terms = cp_model.LinearExpr.weighted_sum(list(self.variables), list(self.coefficients))
        return terms + self.offset if self.offset else terms

    @cached_property
    def columns(self) -> np.ndarray:
        """The columns of the rows (model/linear.py) that the tier's terms are on."""
        return np.fromiter((v.index for v in self.variables), np.int64, len(self.variables))

    @cached_property
    def weights(self) -> np.ndarray:
        return np.asarray(self.coefficients, np.int64)

    def maximand(self, n: int) -> np.ndarray:
        """``c`` over ``n`` columns such that the tier maximises ``c @ x`` (offset left
        out): the weights, negated for a tier that minimises."""
        c = np.zeros(n, np.int64)
        np.add.at(c, self.columns, self.weights * self.sense)
        return c

    def value(self, plan: np.ndarray) -> int:
        """The tier's value for a 0/1 vector over the columns, offset included."""
        return int(np.dot(self.weights, plan[self.columns].astype(np.int64))) + self.offset


def changes_tier(m: RotationModel, previous: Plan) -> Tier:
    """Re-planning: the number of placements that differ from the published plan. A
    teacher kept exactly (same school and subject) costs nothing; one moved, dropped or
    newly added costs one."""
    cand = m.candidates
    before = {(a.teacher_id, a.to_school_id, a.subject) for a in previous.assignments}
    was_sent = {a.teacher_id for a in previous.assignments}
    vs: list[cp_model.IntVar] = []
    cs: list[int] = []
    for k, (ti, si) in enumerate(cand.pairs):
        key = (cand.teachers[ti].teacher_id, cand.slots[si].school_id, cand.slots[si].subject)
        if key in before:
            vs.append(m.x_vars[k])
            cs.append(-1)
    for i, t in enumerate(cand.teachers):
        if t.teacher_id not in was_sent:
            vs.append(m.y_vars[i])
            cs.append(1)
    return Tier("changes", -1, tuple(vs), tuple(cs), offset=len(before))


def objective_tiers(m: RotationModel, seed: int, previous: Plan | None = None) -> list[Tier]:
    """The rulebook's tiers (rules/objective.py), in order, with two optional ones:
    "violations" first (best effort: the least total shortfall of the soft rules) and
    "changes" right after coverage (re-planning: never leave a post empty that could be
    filled, and among such plans change the fewest published placements). Terms with
    weight 0 are not built; a tier with no terms is skipped."""
    cand = m.candidates
    moves = [(cand.teachers[ti], cand.slots[si]) for ti, si in cand.pairs]
    first: list[Tier] = []
    if m.kept:
        first.append(Tier("violations", -1, tuple(m.shortfall), tuple(1 for _ in m.shortfall)))
    weight, per_teacher = weights(m.facts, seed), teacher_weights(m.facts)
    tiers = [
        # A weight of the teacher alone sits on y (one term per teacher, not per move):
        # the same value, a tenth of the terms in the objective and in the held row.
        Tier(name, sense, tuple(m.y_vars), tuple(per_teacher[name](t) for t in cand.teachers))
        if name in per_teacher
        else Tier(name, sense, tuple(m.x_vars), tuple(weight[name](t, v) for t, v in moves))
        for name, sense in TIERS
    ]
    if previous is not None:
        tiers.insert(1, changes_tier(m, previous))
    out = []
    for tier in first + tiers:
        terms = [(v, c) for v, c in zip(tier.variables, tier.coefficients, strict=True) if c]
        if terms:
            vs, cs = zip(*terms, strict=True)
            out.append(Tier(tier.name, tier.sense, tuple(vs), tuple(cs), tier.offset))
    return out
