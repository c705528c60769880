"""Lexicographic solve: each tier optimised with the tiers above held at their optimum.

``solve`` always returns a SolveResult, plan or no plan; it never raises for an
infeasible policy.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ortools
from ortools.sat.python import cp_model

from rotation_planner.domain import Assignment, Instance, Plan, SolveResult, TierResult
from rotation_planner.model.build import RotationModel, build_model, objective_tiers
from rotation_planner.policy import Policy

SOLVER_NAME = f"OR-Tools CP-SAT {ortools.__version__}"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class SolverSettings:
    """How hard to try. ``tier_time_limit`` bounds each tier's solve in seconds."""

    seed: int = 0
    workers: int = 1
    tier_time_limit: float = 60.0


DEFAULT_SETTINGS = SolverSettings()


def _solver(settings: SolverSettings) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    prm = solver.parameters
    prm.num_workers = settings.workers
    prm.random_seed = settings.seed
    prm.max_time_in_seconds = settings.tier_time_limit
    # Measured on the 3,000-teacher sample: one worker with the full LP relaxation
    # (level 2) proves every tier in ~7 s; the default 2-worker portfolio stalls at a 14%
    # gap after 30 s per tier. The LP is what proves these assignment models.
    prm.linearization_level = 2
    prm.log_search_progress = False
    return solver


_STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}


def solve(
    inst: Instance,
    p: Policy,
    settings: SolverSettings = DEFAULT_SETTINGS,
    *,
    skip: Iterable[str] = (),
    soft: Iterable[str] = (),
    previous: Plan | None = None,
    progress: Progress | None = None,
) -> SolveResult:
    """Build and solve the model tier by tier; return the plan and each tier's figures.

    ``soft``: counting rules that may be broken, fewest broken scopes first (best
    effort). ``previous``: a published plan to change as little as possible (re-plan).
    """
    say = progress or (lambda _msg: None)
    start = time.perf_counter()
    say("building model")
    m = build_model(inst, p, skip=skip, soft=soft)
    say(f"model: {len(m.candidates.teachers)} eligible teachers, {len(m.x)} teacher-post pairs")
    tiers = objective_tiers(m, settings.seed, previous)
    solver = _solver(settings)
    results: list[TierResult] = []
    status = "OPTIMAL"
    if not tiers:  # nothing to optimise: feasibility alone
        code = solver.solve(m.model)
        status = _STATUS[code]
    for tier in tiers:
        t0 = time.perf_counter()
        expr = tier.expr()
        if tier.sense > 0:
            m.model.maximize(expr)
        else:
            m.model.minimize(expr)
        code = solver.solve(m.model)
        name = _STATUS[code]
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            status = name
            results.append(TierResult(tier.name, name, float("nan"), float("nan"), 0.0))
            break
        value, bound = solver.objective_value, solver.best_objective_bound
        results.append(TierResult(tier.name, name, value, bound, time.perf_counter() - t0))
        say(f"tier {tier.name}: {name.lower()} value {value:g} bound {bound:g}")
        if code == cp_model.FEASIBLE:
            status = "FEASIBLE"
        # Hold this tier at what was achieved, and start the next tier from here.
        held = round(value)
        m.model.add(expr >= held if tier.sense > 0 else expr <= held)
        m.model.clear_hints()
        for var in (*m.x, *m.y):
            m.model.add_hint(var, solver.value(var))
    plan = _plan(m, solver) if status in ("OPTIMAL", "FEASIBLE") else None
    return SolveResult(
        status=status,
        plan=plan,
        tiers=tuple(results),
        wall_s=time.perf_counter() - start,
        solver=SOLVER_NAME,
    )


def _plan(m: RotationModel, solver: cp_model.CpSolver) -> Plan:
    cand = m.candidates
    return Plan.of(
        Assignment(cand.teachers[ti].teacher_id, cand.slots[si].school_id, cand.slots[si].subject)
        for k, (ti, si) in enumerate(cand.pairs)
        if solver.boolean_value(m.x[k])
    )


def model_accepts(inst: Instance, p: Policy, plan: Plan, *, skip: Iterable[str] = ()) -> bool:
    """Whether the model admits exactly this plan: each assignment's variable exists and,
    with every variable fixed to the plan, all constraints hold. The model-side mirror of
    the checker, used by tests to show a rule rejects a violating plan in both places."""
    m = build_model(inst, p, skip=skip)
    index = {
        (m.candidates.teachers[ti].teacher_id, m.candidates.slots[si].school_id,
         m.candidates.slots[si].subject): k
        for k, (ti, si) in enumerate(m.candidates.pairs)
    }  # fmt: skip
    chosen = set()
    for a in plan.assignments:
        k = index.get((a.teacher_id, a.to_school_id, a.subject))
        if k is None:
            return False
        chosen.add(k)
    for k, var in enumerate(m.x):
        m.model.add(var == int(k in chosen))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(m.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
