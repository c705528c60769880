"""The product's CP-SAT model: CP-SAT's own, less the camel-case aliases; a clone is one
too and solves as the original does."""

from __future__ import annotations

from ortools.sat.python import cp_model

from rotation_planner.model.cpsat import Model


def test_a_model_has_no_camel_case_aliases_and_its_clone_solves_alike() -> None:
    model = Model()
    a, b = model.new_bool_var("a"), model.new_bool_var("b")
    model.add_bool_or([a, b])
    model.add(a + b <= 1)
    model.maximize(2 * a + b)
    assert not hasattr(model, "AddBoolOr") and hasattr(cp_model.CpModel(), "AddBoolOr")

    copy = model.clone()

    assert isinstance(copy, Model) and not hasattr(copy, "NewBoolVar")
    solver = cp_model.CpSolver()
    assert solver.solve(copy) == cp_model.OPTIMAL and solver.objective_value == 2
    assert str(copy.proto) == str(model.proto) != ""
