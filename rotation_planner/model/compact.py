"""A CP-SAT model of one tier over the free columns only, read off the LP's rows.

Once the LP's reduced costs have fixed most moves (model/lp.py), the full CP-SAT model
still carries every column and, for each tier held, a row over all of them: on the
20,000-teacher district, two million terms that CP-SAT copies and presolves for every
tier. This model has the same rows (the rules' rows and the held tiers, model/lp.py
keeps them all), with each fixed column's part moved into the row's bounds, and only
the columns still free: the same plans, a fraction of the size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from rotation_planner.model.build import Tier
from rotation_planner.model.cpsat import Model
from rotation_planner.model.lp import TierLP


@dataclass(frozen=True)
class CompactModel:
    """``model`` over ``free`` (the model's columns, in order); ``base`` is the plan of
    the fixed columns (0 on the free ones)."""

    model: cp_model.CpModel
    free: np.ndarray
    base: np.ndarray

    def plan(self, solver: cp_model.CpSolver) -> np.ndarray:
        """The solution as a value of every column of the full model."""
        values = np.array(list(solver.response_proto.solution), np.int64)[: len(self.free)]
        plan = self.base.copy()
        plan[self.free] = values
        return plan

    def objective(self, tier: Tier) -> cp_model.LinearExprT:
        """``sense * (the tier's terms on free columns)``: the part of the tier's
        maximising form still open (the fixed columns add a constant)."""
        c = tier.maximand(len(self.base))[self.free]
        nonzero = np.flatnonzero(c)
        return cp_model.LinearExpr.weighted_sum(
            [self.model.get_bool_var_from_proto_index(int(i)) for i in nonzero],
            c[nonzero].tolist(),
        )

    def constant(self, tier: Tier) -> int:
        """The fixed columns' part of the tier's maximising form."""
        return int(tier.maximand(len(self.base)) @ self.base)


def compact_model(lp: TierLP, lb: np.ndarray, ub: np.ndarray) -> CompactModel:
    """Every row of ``lp`` (with the held tiers) over the columns free in ``lb``/``ub``.

    The fixed columns' activity moves into each row's bounds; a row left with no free
    column is kept as a constant bound on a fixed zero, so that a row the fixed columns
    break makes the model infeasible rather than vanish."""
    free = np.flatnonzero(lb < ub)
    base = np.where(lb < ub, 0, lb).astype(np.int64)
    pos = np.full(len(lb), -1, np.int64)
    pos[free] = np.arange(len(free))
    coefs = lp.coefs.astype(np.int64)  # integers held exactly as floats
    shift = np.bincount(lp.row_of, weights=lp.coefs * base[lp.cols], minlength=len(lp.lo))
    keep = pos[lp.cols] >= 0
    rows = lp.row_of[keep]
    starts = np.searchsorted(rows, np.arange(len(lp.lo) + 1)).tolist()
    cols, kept = pos[lp.cols[keep]].tolist(), coefs[keep].tolist()
    lo = [cp_model.INT_MIN if not np.isfinite(v) else int(v) for v in lp.lo - shift]
    hi = [cp_model.INT_MAX if not np.isfinite(v) else int(v) for v in lp.hi - shift]
    model = Model()
    for _ in range(len(free)):
        model.new_bool_var("")
    zero = None
    proto = model.proto
    for r in range(len(lp.lo)):
        a, b = starts[r], starts[r + 1]
        if a == b:
            if lo[r] <= 0 <= hi[r]:
                continue  # the fixed columns satisfy it
            zero = zero if zero is not None else model.new_constant(0)
            terms, weights = [zero.index], [1]
        else:
            terms, weights = cols[a:b], kept[a:b]
        ct = proto.constraints.add()
        ct.linear.vars.extend(terms)
        ct.linear.coeffs.extend(weights)
        ct.linear.domain.extend([lo[r], hi[r]])
    return CompactModel(model, free, base)
