"""The LP of a tier: its bound is never below a plan, what it fixes never cuts off a plan
worth the floor, and a plan it proves is the optimum. Checked against every 0/1 vector
of a county small enough to enumerate."""

from __future__ import annotations

import _thread
import itertools
import math
import signal
import threading
import time

import numpy as np
import pytest
from ortools.linear_solver import linear_solver_pb2, pywraplp

from rotation_planner.model.build import RotationModel, Tier, build_model, objective_tiers
from rotation_planner.model.lp import TierLP
from rotation_planner.model.run import run_lp
from rotation_planner.model.solve import SolverSettings, solve
from rotation_planner.policy import Policy
from tests.builders import instance, rural, school, teacher, vacancy

POLICY = Policy().with_overrides({"Q3.enabled": False, "Q1.enabled": False})
FAR = time.perf_counter() + 3600.0  # a deadline that never comes in these tests


def _county() -> RotationModel:
    # Three teachers with wishes for two one-post schools and a two-post one: R4's envy
    # rows make the LP's vertices fractional in some tiers.
    inst = instance(
        [teacher("T1", wishes=("R1", "R2")), teacher("T2", rural_years=2, wishes=("R2", "R1")),
         teacher("T3", "U2", volunteer=True, wishes=("R1",)), teacher("L1", "R1")],
        [school("U1"), school("U2"), rural("R1", 30), rural("R2", 60), rural("R3", 20)],
        [vacancy("R1"), vacancy("R2"), vacancy("R3", count=2)],
    )  # fmt: skip
    m = build_model(inst, POLICY)
    assert m.columns <= 16
    return m


def _lawful(m: RotationModel) -> np.ndarray:
    """Every 0/1 vector over the columns that satisfies every row (one per line)."""
    plans = np.array(list(itertools.product((0, 1), repeat=m.columns)), np.int64)
    dense = np.zeros((len(m.rows), m.columns), np.int64)
    for r, row in enumerate(m.rows):
        dense[r, row.cols] = row.coefs
    lo = np.array([-(2**62) if r.lo is None else r.lo for r in m.rows])
    hi = np.array([2**62 if r.hi is None else r.hi for r in m.rows])
    activity = plans @ dense.T
    return plans[np.all((activity >= lo) & (activity <= hi), axis=1)]


def _best(tier: Tier, plans: np.ndarray) -> int:
    """The best maximising-form value ``sense * sum(coef * x)`` over ``plans``."""
    return int((plans @ tier.maximand(plans.shape[1])).max())


def test_any_dual_vector_bounds_every_lawful_plan():
    m = _county()
    plans = _lawful(m)
    assert len(plans) > 1
    lp = TierLP(m)
    rng = np.random.default_rng(7)
    for tier in objective_tiers(m, 0):
        best = _best(tier, plans)
        solution = lp.solve(tier, FAR)
        assert solution is not None
        assert solution.target >= best  # GLOP's own duals
        c = tier.maximand(m.columns).astype(float)
        for _ in range(20):  # any duals, of any sign: still a bound
            duals = rng.normal(scale=np.abs(c).max() + 1, size=len(lp.lo))
            bound, _, margin = lp.lagrangian_bound(c, duals)
            # Finite: a dual whose row has no bound on its side is not used.
            assert best <= bound < math.inf and margin > 0


def test_what_the_reduced_costs_fix_keeps_every_plan_worth_the_floor():
    m = _county()
    plans = _lawful(m)
    lp = TierLP(m)
    fixed_some = False
    for tier in objective_tiers(m, 0):
        solution = lp.solve(tier, FAR)
        assert solution is not None
        c = tier.maximand(m.columns)
        best = int((plans @ c).max())
        zero, one = lp.fixable(solution, best)
        winners = plans[plans @ c >= best]
        assert np.all(winners[:, zero] == 0) and np.all(winners[:, one] == 1)
        fixed_some |= len(zero) + len(one) > 0
        # Hold the tier as the solver does; later tiers see only these plans.
        plans = winners
        lp.hold(tier, tier.sense * best + tier.offset)
        lp.fix(zero, one)
    assert fixed_some  # (otherwise this test would prove nothing)


def test_a_vertex_the_lp_proves_is_optimal():
    m = _county()
    plans = _lawful(m)
    lp = TierLP(m)
    proven = 0
    for tier in objective_tiers(m, 0):
        best = _best(tier, plans)
        solution = lp.solve(tier, FAR)
        assert solution is not None
        vertex = lp.plan(solution.values)
        if vertex is not None:
            assert lp.value(vertex) <= best  # a plan: it satisfies every row
            if lp.proves(solution, vertex):
                assert lp.value(vertex) == best
                proven += 1
        plans = plans[plans @ tier.maximand(m.columns) == best]
        lp.hold(tier, tier.sense * best + tier.offset)
    assert proven > 0


def test_the_lp_path_proves_tiers_and_says_so():
    m = _county()
    messages: list[str] = []
    settings = SolverSettings(method="lp")
    result = solve(m.instance, POLICY, settings, progress=messages.append)
    reference = solve(m.instance, POLICY, SolverSettings(method="cp-sat"))
    assert result.status == reference.status == "OPTIMAL"
    assert [t.value for t in result.tiers] == [t.value for t in reference.tiers]
    assert any("(LP" in line for line in messages), messages


@pytest.mark.parametrize("method", ["lp", "cp-sat"])
def test_an_infeasible_county_is_proven_infeasible_by_either_method(method: str):
    # Two teachers must go (M1) and there is one post.
    inst = instance(
        [teacher("T1", senior_applicant=True), teacher("T2", senior_applicant=True)],
        [school("U1"), rural("R1")],
        [vacancy("R1")],
    )
    result = solve(inst, POLICY, SolverSettings(method=method))
    assert result.status == "INFEASIBLE" and result.plan is None


def _slow_lp(n: int) -> pywraplp.Solver:
    """An n x n assignment LP with distinct costs: thousands of simplex iterations."""
    proto = linear_solver_pb2.MPModelProto(maximize=True)
    cost = np.random.default_rng(3).permutation(n * n).tolist()
    for k in range(n * n):
        proto.variable.add(lower_bound=0.0, upper_bound=1.0, objective_coefficient=cost[k])
    for i in range(n):
        for cols in (range(i * n, (i + 1) * n), range(i, n * n, n)):  # row i, column i
            proto.constraint.add(var_index=list(cols), coefficient=[1.0] * n, upper_bound=1.0)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    solver.LoadModelFromProto(proto)
    return solver


def test_ctrl_c_stops_an_lp_solve_and_is_raised_again():
    full = _slow_lp(300)
    assert run_lp(full) == pywraplp.Solver.OPTIMAL
    solver = _slow_lp(300)
    # Ctrl-C as in a terminal, also when the runner was started with SIGINT ignored (in
    # the background), where Python would not turn it into a KeyboardInterrupt.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    # Ctrl-C shortly after the solve starts (it takes over a thousand iterations).
    threading.Timer(0.05, _thread.interrupt_main).start()
    try:
        with pytest.raises(KeyboardInterrupt):
            run_lp(solver)
    finally:
        signal.signal(signal.SIGINT, previous)
    response = linear_solver_pb2.MPSolutionResponse()
    solver.FillSolutionResponseProto(response)
    assert response.status != linear_solver_pb2.MPSOLVER_OPTIMAL  # stopped, not finished
