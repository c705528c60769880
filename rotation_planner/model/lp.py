"""The LP relaxation of the model (GLOP), tier by tier, and what it proves.

The LP has the model's rows (model/linear.py), every column in [0, 1], and each tier
held at its value once proven, exactly as the CP-SAT model. For a tier it gives:

- a bound: from GLOP's dual values, recomputed here as a Lagrangian bound (any dual
  vector gives one; GLOP's tolerances cannot make it wrong) with a margin for the
  floating-point error of recomputing it. No plan does better than ``target``, the
  bound rounded to an integer (every tier weight is an integer);
- a plan, when its optimal vertex is integral, or after a short dive (fix the largest
  fractional moves to 1 and solve again, as long as the LP stays at the target) when it
  is not. A plan that satisfies every row exactly and reaches ``target`` is proven
  optimal without any search;
- reduced costs, which fix columns: a move whose reduced cost is below
  ``floor - bound`` is 0 in every plan worth ``floor`` or more, so it can be fixed for
  this tier and, once the tier is held at ``floor``, for every tier after it.

Everything is stated in the maximising form: ``c = sense * weight``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import linear_solver_pb2, pywraplp

from rotation_planner.model.build import RotationModel, Tier
from rotation_planner.model.run import run_lp

# Measured (see the report of the lp-tiers branch): without GLOP's presolve, a changed
# objective, a held row or a fixed column re-solves from the previous basis (a dive step
# on the 12,000-teacher county takes a few iterations instead of a cold solve).
GLOP_PARAMETERS = "use_preprocessing: false"
# The dive: at most this many LP re-solves, each fixing this share of the fractional
# moves (the largest values first, at least one) to 1.
DIVE_STEPS = 40
DIVE_SHARE = 0.2
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


@dataclass(frozen=True)
class Attempt:
    """What the LP did for one tier. ``plan``: a 0/1 vector over the columns that
    satisfies every row exactly (or None); ``proven``: it reaches the LP's target."""

    solution: LPSolution | None
    plan: np.ndarray | None
    proven: bool
    dive_steps: int = 0
    seconds: float = 0.0  # in GLOP, the dive included


class TierLP:
    """The model's rows as a GLOP LP, kept between tiers so each re-solve starts from the
    previous basis. ``lb``/``ub`` are the columns' bounds (fixed columns have them equal)."""

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
        proto = linear_solver_pb2.MPModelProto()
        proto.maximize = True
        for _ in range(self.n):
            var = proto.variable.add()
            var.lower_bound, var.upper_bound = 0.0, 1.0  # (the proto's default is -inf)
        starts = np.concatenate([[0], np.cumsum(lengths)]).tolist()
        cols, coefs = self.cols.tolist(), self.coefs.tolist()
        for r in range(len(rows)):
            ct = proto.constraint.add()
            a, b = starts[r], starts[r + 1]
            ct.var_index.extend(cols[a:b])
            ct.coefficient.extend(coefs[a:b])
            ct.lower_bound, ct.upper_bound = float(self.lo[r]), float(self.hi[r])
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.solver.LoadModelFromProto(proto)
        self.solver.SetSolverSpecificParametersAsString(GLOP_PARAMETERS)
        self.vars = self.solver.variables()
        self._response = linear_solver_pb2.MPSolutionResponse()
        self._objective: np.ndarray = np.zeros(self.n)

    # --- one tier --------------------------------------------------------------------
    def attempt(self, tier: Tier, deadline: float) -> Attempt:
        """Solve the tier's LP; take its vertex, or dive, for a plan; prove it if it
        reaches the target."""
        t0 = time.perf_counter()
        solution = self.solve(tier, deadline)
        if solution is None:
            return Attempt(None, None, False, 0, time.perf_counter() - t0)
        plan = self.plan(solution.values)
        steps = 0
        if plan is None:
            plan, steps = self.dive(solution.target, deadline)
        proven = plan is not None and self.value(plan) >= solution.target
        return Attempt(solution, plan, proven, steps, time.perf_counter() - t0)

    def solve(self, tier: Tier, deadline: float) -> LPSolution | None:
        """The tier's LP optimum and its bound; None when GLOP did not reach an optimum
        in time (or found the LP infeasible, which only CP-SAT may declare)."""
        c = np.zeros(self.n)
        np.add.at(c, tier.columns(), np.asarray(tier.coefficients, np.float64) * tier.sense)
        self._objective = c
        objective = self.solver.Objective()
        objective.Clear()
        for col in np.flatnonzero(c).tolist():
            objective.SetCoefficient(self.vars[col], float(c[col]))
        objective.SetMaximization()
        if self._run(deadline) != pywraplp.Solver.OPTIMAL:
            return None
        response = self._response
        values = np.array(response.variable_value)
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

    def dive(self, target: int, deadline: float) -> tuple[np.ndarray | None, int]:
        """A plan worth ``target``, looked for near the LP optimum: repeatedly fix the
        largest fractional moves to 1 and re-solve (if the LP then falls below the
        target or has no solution: only the largest one, then that one to 0). None when
        every way down falls below the target, or after ``DIVE_STEPS`` re-solves. The
        columns' bounds are restored afterwards."""
        values = np.array(self._response.variable_value)
        touched: set[int] = set()
        found: np.ndarray | None = None
        steps = 0
        try:
            while steps < DIVE_STEPS and time.perf_counter() < deadline:
                fractional = np.flatnonzero(np.abs(values - np.round(values)) > _INTEGRAL)
                if len(fractional) == 0:
                    found = self.plan(values)
                    break
                steps += 1
                order = fractional[np.argsort(-values[fractional], kind="stable")]
                batch = order[: max(1, int(len(order) * DIVE_SHARE))].tolist()
                tries = [(batch, 1.0), (batch[:1], 1.0), (batch[:1], 0.0)]
                for cols, fixed in tries:
                    for col in cols:
                        self.vars[col].SetBounds(fixed, fixed)
                        touched.add(col)
                    if self._run(deadline) == pywraplp.Solver.OPTIMAL and (
                        self._response.objective_value >= target - 1e-6
                    ):
                        values = np.array(self._response.variable_value)
                        break
                    for col in cols:
                        self.vars[col].SetBounds(self.lb[col], self.ub[col])
                else:
                    break
        finally:
            for col in touched:
                self.vars[col].SetBounds(self.lb[col], self.ub[col])
        return found, steps

    # --- between tiers ---------------------------------------------------------------
    def hold(self, tier: Tier, value: int) -> None:
        """Keep the tier at ``value`` (its own sense, offset included) from now on."""
        coefs = np.asarray(tier.coefficients, np.float64)
        cols = tier.columns()
        limit = float(value - tier.offset)
        lo, hi = (limit, math.inf) if tier.sense > 0 else (-math.inf, limit)
        ct = self.solver.Constraint(lo, hi)
        for col, coef in zip(cols.tolist(), coefs.tolist(), strict=True):
            ct.SetCoefficient(self.vars[col], coef)
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
        for col in zero.tolist():
            self.ub[col] = 0.0
            self.vars[col].SetBounds(0.0, 0.0)
        for col in one.tolist():
            self.lb[col] = 1.0
            self.vars[col].SetBounds(1.0, 1.0)

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
