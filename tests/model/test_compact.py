"""The CP-SAT model over the free columns (model/compact.py) admits exactly the plans the
rows admit with the fixed columns at their values."""

from __future__ import annotations

import itertools

import numpy as np
from ortools.sat.python import cp_model

from rotation_planner.model.build import objective_tiers
from rotation_planner.model.compact import compact_model
from rotation_planner.model.lp import TierLP
from tests.model.test_lp import _county, _lawful


def _accepts(model: cp_model.CpModel, values: np.ndarray) -> bool:
    fixed = model.clone()
    for i, v in enumerate(values.tolist()):
        fixed.add(fixed.get_bool_var_from_proto_index(i) == v)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(fixed) == cp_model.OPTIMAL


def test_the_compact_model_has_the_plans_of_the_rows_and_held_tiers():
    m = _county()
    lp = TierLP(m)
    tiers = objective_tiers(m, 0)
    plans = _lawful(m)
    # Hold the first tier at its optimum, and fix two columns: one at 0, one at 1.
    c = tiers[0].maximand(m.columns)
    best = int((plans @ c).max())
    lp.hold(tiers[0], tiers[0].sense * best + tiers[0].offset)
    plans = plans[plans @ c == best]
    zero, one = int(np.flatnonzero(plans[0] == 0)[0]), int(np.flatnonzero(plans[0] == 1)[0])
    lb, ub = lp.lb.copy(), lp.ub.copy()
    ub[zero], lb[one] = 0, 1
    compact = compact_model(lp, lb, ub)
    assert len(compact.free) == m.columns - 2
    admitted = {tuple(p) for p in plans if p[zero] == 0 and p[one] == 1}
    assert admitted
    for values in itertools.product((0, 1), repeat=len(compact.free)):
        full = compact.base.copy()
        full[compact.free] = values
        assert _accepts(compact.model, np.array(values)) == (tuple(full) in admitted), full


def test_a_row_the_fixed_columns_break_makes_the_compact_model_infeasible():
    m = _county()
    lp = TierLP(m)
    # Every column of the first teacher row fixed at 1: that teacher takes two posts.
    first = next(r for r in m.rows if r.label == "" and len(r.cols) >= 3)
    lb, ub = lp.lb.copy(), lp.ub.copy()
    lb[first.cols] = 1
    compact = compact_model(lp, lb, ub)
    solver = cp_model.CpSolver()
    assert solver.solve(compact.model) == cp_model.INFEASIBLE
