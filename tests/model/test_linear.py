"""The rows a rule writes: integer linear rows over the model's columns, the same rows in
the CP-SAT model and in the LP."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from ortools.sat.python import cp_model

from rotation_planner.model.build import build_model
from rotation_planner.model.linear import Columns
from rotation_planner.policy import Policy
from tests.builders import instance, rural, school, teacher, vacancy


def test_a_sum_minus_a_column_merges_into_one_coefficient_per_column():
    x = Columns(0, 4)
    # Q3's form: 10 * backbone >= 3 * outward, where backbone is inside outward.
    outward, backbone = x.total([0, 1, 2]), x.total([1])
    row = (10 * backbone >= 3 * outward).row("Q3 county")
    assert row.cols.tolist() == [0, 1, 2]
    assert row.coefs.tolist() == [-3, 7, -3]
    assert (row.lo, row.hi) == (0, None)


def test_constants_move_to_the_bounds():
    # R4's form: held <= count * (1 - y + as_good), with y in the second block.
    x, y = Columns(0, 3), Columns(3, 1)
    row = (x.total([0]) <= 2 * (1 - y[0] + x.total([1, 2]))).row("R4 T1")
    assert dict(zip(row.cols.tolist(), row.coefs.tolist(), strict=True)) == {
        0: 1, 1: -2, 2: -2, 3: 2,
    }  # fmt: skip
    assert (row.lo, row.hi) == (None, 2)


def test_terms_that_cancel_leave_no_column_and_an_empty_sum_is_still_a_row():
    x = Columns(0, 2)
    row = (x.total([0, 1]) - x.total([1]) - x[0] >= 1).row("M1 T9")
    assert len(row.cols) == 0 and (row.lo, row.hi) == (1, None)


@pytest.mark.parametrize("bad", [0.5, 1.0, True, "2"])
def test_only_integers_may_multiply_or_bound_a_row(bad: object):
    x = Columns(0, 2)
    with pytest.raises(TypeError):
        _ = x[0] * bad  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = x[0] <= bad  # type: ignore[operator]


def test_an_expression_has_no_truth_value():
    x = Columns(0, 1)
    with pytest.raises(TypeError):
        bool(x[0])


def test_every_row_is_the_cp_sat_constraint_it_was_written_as():
    # A tiny county with quotas, posts and wishes: every 0/1 assignment of the columns
    # satisfies the rows exactly when CP-SAT accepts it with the variables fixed.
    inst = instance(
        [teacher("T1", wishes=("R1", "R2")), teacher("T2", rural_years=2, wishes=("R1",)),
         teacher("T3", "U2"), teacher("L1", "R1")],
        [school("U1"), school("U2"), rural("R1"), rural("R2")],
        [vacancy("R1"), vacancy("R2")],
    )  # fmt: skip
    policy = Policy().with_overrides({"Q3.enabled": False})
    m = build_model(inst, policy)
    assert m.columns == len(m.x) + len(m.y) <= 12
    rules = {r.label.split(" ")[0] for r in m.rows if r.label}
    assert {"P2", "Q1", "R4"} <= rules, rules
    for values in itertools.product((0, 1), repeat=m.columns):
        plan = np.array(values)
        by_rows = all(r.holds(plan) for r in m.rows)
        fixed = m.model.clone()
        for col, v in enumerate(values):
            fixed.add(fixed.get_bool_var_from_proto_index(col) == v)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        accepted = solver.solve(fixed) == cp_model.OPTIMAL
        assert by_rows == accepted, values
