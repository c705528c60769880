"""The LP relaxation of the model (GLOP), tier by tier, and what it proves.

The LP has the model's rows (model/linear.py), every column in [0, 1], and each tier
held at its value once proven, exactly as the CP-SAT model. For a tier it gives:

- a bound: from GLOP's dual values, recomputed here as a Lagrangian bound (any dual
  vector gives one; GLOP's tolerances cannot make it wrong) with a margin for the
  floating-point error of recomputing it. No plan does better than ``target``, the
  bound rounded to an integer (every tier weight is an integer);
- a plan, when its optimal vertex is integral. A plan that satisfies every row exactly
  and reaches ``target`` is proven optimal without any search;
- reduced costs, which fix columns: a move whose reduced cost is below
  ``floor - bound`` is 0 in every plan worth ``floor`` or more, so it can be fixed for
  this tier and, once the tier is held at ``floor``, for every tier after it.

Everything is stated in the maximising form: ``c = sense * weight``.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import linear_solver_pb2, pywraplp

from rotation_planner.model.build import RotationModel, Tier
from rotation_planner.model.run import run_lp

# Measured: without GLOP's presolve, a changed objective, a held row or a fixed column
# re-solves from the previous basis (a few iterations on the 12,000-teacher county,
# where a cold solve takes hundreds).
GLOP_PARAMETERS = "use_preprocessing: false"
# GLOP's LP is loaded again, without the fixed columns, once at most this share of its
# columns is still free.
RELOAD_SHARE = 0.5
_EPS = 2.0**-53  # unit roundoff of a double
_INTEGRAL = 1e-9  # a value this close to 0 or 1 is read as 0 or 1 (then checked exactly)


@dataclass(frozen=True)
class LPSolution:
    """One tier's LP optimum, in the maximising form ``c @ x``.

    ``bound``: no plan has ``c @ x`` above it (margin included); ``target``: the best
    integer value possible, ``floor(bound)``. ``reduced``: the reduced costs the bound
    was computed with; ``values``: GLOP's primal vertex.
    """

    values: np.ndarray
    reduced: np.ndarray
    bound: float
    margin: float

    @property
    def target(self) -> int:
        return math.floor(self.bound)


class TierLP:
    """The model's rows as a GLOP LP, kept between tiers so each re-solve starts from the
    previous basis. ``lb``/``ub`` are the columns' bounds (a fixed column has them equal).

    GLOP's LP has only the columns that were free when it was last loaded (``active``;
    a fixed column's part moves into the row bounds): once reduced costs have fixed most
    columns, it is loaded again, smaller, since a GLOP solve costs time in proportion to
    the whole matrix, fixed columns included. The rows, bounds and reduced costs here
    are always over every column of the model.
    """

    def __init__(self, m: RotationModel) -> None:
        self.n = m.columns
        rows = m.rows
        lengths = np.fromiter((len(r.cols) for r in rows), np.int64, len(rows))
        self.row_of = np.repeat(np.arange(len(rows)), lengths)
        self.cols = np.concatenate([r.cols for r in rows]) if rows else np.zeros(0, np.int64)
        self.coefs = (
            np.concatenate([r.coefs for r in rows]).astype(np.float64)
            if rows
            else np.zeros(0, np.float64)
        )
        self.lo = np.array([-math.inf if r.lo is None else r.lo for r in rows], np.float64)
        self.hi = np.array([math.inf if r.hi is None else r.hi for r in rows], np.float64)
        self.lb = np.zeros(self.n)
        self.ub = np.ones(self.n)
        self._response = linear_solver_pb2.MPSolutionResponse()
        self._objective: np.ndarray = np.zeros(self.n)
        self._load()

    def _load(self) -> None:
        """Give GLOP the LP over the free columns (a cold start)."""
        self.active = np.flatnonzero(self.lb < self.ub)
        self.pos = np.full(self.n, -1, np.int64)
        self.pos[self.active] = np.arange(len(self.active))
        # Free columns have lb 0: the row activity of the fixed ones is sum(coef * lb).
        shift = np.bincount(self.row_of, weights=self.coefs * self.lb[self.cols],
                            minlength=len(self.lo))  # fmt: skip
        keep = self.pos[self.cols] >= 0
        kept_rows = self.row_of[keep]
        starts = np.searchsorted(kept_rows, np.arange(len(self.lo) + 1)).tolist()
        cols, coefs = self.pos[self.cols[keep]].tolist(), self.coefs[keep].tolist()
        proto = linear_solver_pb2.MPModelProto()
        proto.maximize = True
        for _ in range(len(self.active)):
            var = proto.variable.add()
            var.lower_bound, var.upper_bound = 0.0, 1.0  # (the proto's default is -inf)
        lo, hi = (self.lo - shift).tolist(), (self.hi - shift).tolist()
        for r in range(len(self.lo)):
            ct = proto.constraint.add()
            a, b = starts[r], starts[r + 1]
            ct.var_index.extend(cols[a:b])
            ct.coefficient.extend(coefs[a:b])
            ct.lower_bound, ct.upper_bound = lo[r], hi[r]
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.solver.LoadModelFromProto(proto)
        self.solver.SetSolverSpecificParametersAsString(GLOP_PARAMETERS)
        self.vars = self.solver.variables()

    def _outside(self, cols: np.ndarray) -> np.ndarray:
        """The fixed values of ``cols`` that GLOP's LP does not have (0 for the rest)."""
        return np.where(self.pos[cols] < 0, self.lb[cols], 0.0)

    def _full(self, values: np.ndarray) -> np.ndarray:
        """GLOP's values of the active columns, with the fixed ones, over every column."""
        full = self.lb.copy()
        full[self.active] = values
        return full

    # --- one tier --------------------------------------------------------------------
    def solve(self, tier: Tier, deadline: float) -> LPSolution | None:
        """The tier's LP optimum and its bound; None when GLOP did not reach an optimum
        in time (or found the LP infeasible, which only CP-SAT may declare)."""
        if np.count_nonzero(self.lb < self.ub) <= RELOAD_SHARE * len(self.active):
            self._load()
        c = tier.maximand(self.n).astype(np.float64)
        self._objective = c
        objective = self.solver.Objective()
        objective.Clear()
        local = c[self.active]
        for i in np.flatnonzero(local).tolist():
            objective.SetCoefficient(self.vars[i], float(local[i]))
        objective.SetMaximization()
        if self._run(deadline) != pywraplp.Solver.OPTIMAL:
            return None
        response = self._response
        values = self._full(np.array(response.variable_value))
        bound, reduced, margin = self.lagrangian_bound(c, np.array(response.dual_value))
        return LPSolution(values, reduced, bound, margin)

    def lagrangian_bound(self, c: np.ndarray, duals: np.ndarray) -> tuple[float, np.ndarray, float]:
        """``(bound, reduced costs, margin)`` for ``max c @ x`` over the rows and the
        column bounds, from any dual vector: ``c @ x = duals @ (A x) + d @ x`` with
        ``d = c - A' duals``, and each part is at most what its bounds allow. A dual of
        the wrong sign for its row's finite side is taken as 0. ``bound`` includes
        ``margin``, twice a bound on the rounding error of this computation."""
        usable = ((duals > 0) & np.isfinite(self.hi)) | ((duals < 0) & np.isfinite(self.lo))
        duals = np.where(usable, duals, 0.0)
        side = np.where(duals > 0, self.hi, np.where(duals < 0, self.lo, 0.0))
        rows_part = duals * side
        weighted = self.coefs * duals[self.row_of]
        reduced = c - np.bincount(self.cols, weights=weighted, minlength=self.n)
        cols_part = np.maximum(reduced, 0.0) * self.ub + np.minimum(reduced, 0.0) * self.lb
        bound = math.fsum(rows_part.tolist()) + math.fsum(cols_part.tolist())
        # Each reduced cost is a sum of at most k products: error <= gamma_k * its mass.
        k = int(np.bincount(self.cols, minlength=self.n).max(initial=0)) + 2
        gamma = k * _EPS / (1 - k * _EPS)
        mass = float(np.abs(c).sum() + np.abs(weighted).sum())
        error = gamma * mass + _EPS * (float(np.abs(rows_part).sum()) + abs(bound)) + 1e-9
        margin = 2.0 * error
        return bound + margin, reduced, margin

    def proves(self, solution: LPSolution, plan: np.ndarray | None) -> bool:
        """Whether ``plan`` (one that satisfies every row) reaches the LP's target: then
        no plan is better in this tier."""
        return plan is not None and self.value(plan) >= solution.target

    def plan(self, values: np.ndarray) -> np.ndarray | None:
        """``values`` as a 0/1 plan when they are all within 1e-9 of 0 or 1 and the
        rounded plan satisfies every row and column bound exactly."""
        rounded = np.round(values)
        if np.any(np.abs(values - rounded) > _INTEGRAL):
            return None
        plan = rounded.astype(np.int64)
        return plan if self.holds(plan) else None

    def holds(self, plan: np.ndarray) -> bool:
        """Whether a 0/1 plan satisfies every row and column bound. The activities are
        sums of integers far below 2**53, so the float sums are exact."""
        if np.any(plan < self.lb) or np.any(plan > self.ub):
            return False
        activity = np.bincount(
            self.row_of, weights=self.coefs * plan[self.cols], minlength=len(self.lo)
        )
        return bool(np.all(activity >= self.lo) and np.all(activity <= self.hi))

    # --- between tiers ---------------------------------------------------------------
    def hold(self, tier: Tier, value: int) -> None:
        """Keep the tier at ``value`` (its own sense, offset included) from now on."""
        coefs = tier.weights.astype(np.float64)
        cols = tier.columns
        limit = float(value - tier.offset)
        lo, hi = (limit, math.inf) if tier.sense > 0 else (-math.inf, limit)
        shift = float(coefs @ self._outside(cols))  # the part of columns GLOP does not have
        ct = self.solver.Constraint(lo - shift, hi - shift)
        for i, coef in zip(self.pos[cols].tolist(), coefs.tolist(), strict=True):
            if i >= 0:
                ct.SetCoefficient(self.vars[i], coef)
        self.row_of = np.concatenate([self.row_of, np.full(len(cols), len(self.lo))])
        self.cols = np.concatenate([self.cols, cols])
        self.coefs = np.concatenate([self.coefs, coefs])
        self.lo = np.append(self.lo, lo)
        self.hi = np.append(self.hi, hi)

    def fixable(self, solution: LPSolution, floor: int) -> tuple[np.ndarray, np.ndarray]:
        """Columns that every plan with ``c @ x >= floor`` has at 0, and those it has at
        1 (not yet fixed): setting a column against its reduced cost ``d`` costs at
        least ``|d|``, so a plan above the bound minus ``|d|`` cannot do it."""
        d, free = solution.reduced, self.lb < self.ub
        slack = floor - (solution.bound + solution.margin)
        zero = np.flatnonzero(free & (d < 0) & (d < slack))
        one = np.flatnonzero(free & (d > 0) & (-d < slack))
        return zero, one

    def fix(self, zero: np.ndarray, one: np.ndarray) -> None:
        """Fix columns at 0 (``zero``) and at 1 (``one``) from now on."""
        self.ub[zero] = 0.0
        self.lb[one] = 1.0
        for col, value in itertools.chain(zip(zero.tolist(), itertools.repeat(0.0)),
                                          zip(one.tolist(), itertools.repeat(1.0))):  # fmt: skip
            i = self.pos[col]
            if i >= 0:
                self.vars[i].SetBounds(value, value)

    def value(self, plan: np.ndarray) -> int:
        """The current tier's ``c @ plan`` (maximising form, no offset)."""
        return int(self._objective @ plan)

    def _run(self, deadline: float) -> int:
        left = deadline - time.perf_counter()
        if left <= 0:
            return pywraplp.Solver.NOT_SOLVED
        self.solver.SetTimeLimit(max(1, int(left * 1000)))
        code = run_lp(self.solver)
        if code == pywraplp.Solver.OPTIMAL:
            self.solver.FillSolutionResponseProto(self._response)
        return code
