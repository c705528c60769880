"""Lexicographic solve: each tier optimised with the tiers above held at their optimum.

``solve`` always returns a SolveResult, plan or no plan; it never raises for an
infeasible policy.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ortools
from ortools.sat.python import cp_model

from rotation_planner.domain import Assignment, Instance, Plan, SolveResult, TierResult
from rotation_planner.model.build import RotationModel, build_model, objective_tiers
from rotation_planner.model.run import run
from rotation_planner.policy import Policy
from rotation_planner.rules.objective import plan_values
from rotation_planner.rules.priority import repair

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
    # Measured (bench/, issue 5). One worker with the full LP relaxation (level 2)
    # proves these assignment models; the 2-worker portfolio stalls far from the bound.
    # On the 5,000-teacher county the LP relaxation of each tier up to priority equals
    # its integer optimum, so a tier costs what it takes CP-SAT to see that:
    # - all rows in the LP from the root (by default rows join lazily, and the root LP
    #   stops at 2,000 iterations, so the first bound was twice the optimum and each
    #   tier branched ~50,000 times): 8 tiers 10.3 s -> 3.8 s, 0-3 conflicts a tier;
    # - none of the work CP-SAT repeats for every tier and that never paid here:
    #   probing, symmetry, repeated presolve, cuts, SAT presolve and the search for
    #   big linear overlaps: -> 3.0 s. Same optimum in every tier throughout.
    prm.linearization_level = 2
    prm.add_lp_constraints_lazily = False
    prm.root_lp_iterations = 20_000
    prm.cp_model_probing_level = 0
    prm.symmetry_level = 0
    prm.max_presolve_iterations = 1
    prm.cut_level = 0
    prm.cp_model_use_sat_presolve = False
    prm.find_big_linear_overlap = False
    prm.log_search_progress = False
    return solver


def _first_plan(m: RotationModel, settings: SolverSettings) -> bool:
    """Find any lawful plan by propagation alone and hint it to the first tier.

    On a 20,000-teacher district the LP-driven search of the first tier found no plan
    at all in 60 s; CP-SAT without the LP (linearization level 0) finds one in ~4 s,
    and from that hint the LP search improves it (to 361 of an optimal 386 posts in
    60 s: better, not proven). The hint changes the path, not the optimum: every tier
    proven optimal gives the same plan with or without it.
    """
    solver = _solver(settings)
    prm = solver.parameters
    prm.linearization_level = 0
    prm.max_time_in_seconds = min(settings.tier_time_limit, _FIRST_PLAN_SECONDS)
    code = run(solver, m.model)
    if code not in _FOUND:
        return False
    _hint(m, solver)
    return True


_FIRST_PLAN_SECONDS = 30.0
# Below this many pairs the first tier finds its own plan at once; skip the extra solve.
_FIRST_PLAN_MIN_PAIRS = 20_000


def _hint(m: RotationModel, solver: cp_model.CpSolver) -> None:
    m.model.clear_hints()
    for var in (*m.x_vars, *m.y_vars):
        m.model.add_hint(var, solver.value(var))


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
    if not tiers:  # nothing to optimise: feasibility alone
        code = run(solver, m.model)
        plan = _plan(m, solver) if code in _FOUND else None
        return SolveResult(_STATUS[code], plan, (), time.perf_counter() - start, SOLVER_NAME)
    if len(m.x_vars) >= _FIRST_PLAN_MIN_PAIRS:
        _first_plan(m, settings)
    plan: Plan | None = None
    status = "OPTIMAL"
    for tier in tiers:
        t0 = time.perf_counter()
        expr = tier.expr()
        if tier.sense > 0:
            m.model.maximize(expr)
        else:
            m.model.minimize(expr)
        code = run(solver, m.model)
        name = _STATUS[code]
        if code not in _FOUND:
            results.append(TierResult(tier.name, name, float("nan"), float("nan"), 0.0))
            say(f"tier {tier.name}: {name.lower()}")
            # Before any plan: INFEASIBLE is a proof, UNKNOWN only that time ran out.
            # After one: the plan of the tiers above stands, lawful but not proven best
            # (an upper tier's plan satisfies every row, so this tier only lacked time).
            status = name if plan is None else "FEASIBLE"
            break
        # Every tier's weights are integers: its value is one (CP-SAT reports a float).
        value, bound = float(round(solver.objective_value)), round(solver.best_objective_bound, 6)
        results.append(TierResult(tier.name, name, value, bound, time.perf_counter() - t0))
        say(f"tier {tier.name}: {name.lower()} value {value:g} bound {bound:g}")
        plan = _plan(m, solver)
        if code == cp_model.FEASIBLE:
            status = "FEASIBLE"
        # Hold this tier at what was achieved, and start the next tier from here.
        held = round(value)
        m.model.add(expr >= held if tier.sense > 0 else expr <= held)
        _hint(m, solver)
    if plan is not None and status != "OPTIMAL":
        plan, results = _repaired(m, plan, results, settings.seed, previous)
    return SolveResult(
        status=status,
        plan=plan,
        tiers=tuple(results),
        wall_s=time.perf_counter() - start,
        solver=SOLVER_NAME,
    )


_FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _repaired(
    m: RotationModel, plan: Plan, results: list[TierResult], seed: int, previous: Plan | None
) -> tuple[Plan, list[TierResult]]:
    """A plan whose tiers were not all proven: make the priority swaps left open (R1-R3)
    and give every tier the value of the plan actually returned."""
    fixed = repair(m.facts, plan)
    if fixed == plan:
        return plan, results
    values = plan_values(m.facts, fixed, seed)
    if previous is not None:
        kept = set(previous.assignments) & set(fixed.assignments)
        was_sent = {a.teacher_id for a in previous.assignments}
        added = sum(1 for a in fixed.assignments if a.teacher_id not in was_sent)
        values["changes"] = len(previous.assignments) - len(kept) + added
    return fixed, [
        dataclasses.replace(r, value=float(values[r.name])) if r.name in values else r
        for r in results
    ]


def _plan(m: RotationModel, solver: cp_model.CpSolver) -> Plan:
    cand = m.candidates
    return Plan.of(
        Assignment(cand.teachers[ti].teacher_id, cand.slots[si].school_id, cand.slots[si].subject)
        for k, (ti, si) in enumerate(cand.pairs)
        if solver.boolean_value(m.x_vars[k])
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
    for k, var in enumerate(m.x_vars):
        m.model.add(var == int(k in chosen))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return run(solver, m.model) in _FOUND
