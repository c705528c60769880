"""Lexicographic solve: each tier optimised with the tiers above held at their optimum.

``solve`` always returns a SolveResult, plan or no plan; it never raises for an
infeasible policy.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import ortools
from ortools.sat.python import cp_model

from rotation_planner.domain import Assignment, Instance, Plan, SolveResult, TierResult
from rotation_planner.model.build import RotationModel, build_model, objective_tiers
from rotation_planner.model.lp import Attempt, TierLP
from rotation_planner.model.run import run
from rotation_planner.policy import Policy
from rotation_planner.rules.objective import plan_values
from rotation_planner.rules.priority import repair

SOLVER_NAME = f"OR-Tools CP-SAT {ortools.__version__}"
SOLVER_NAME_LP = f"OR-Tools GLOP and CP-SAT {ortools.__version__}"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class SolverSettings:
    """How hard to try. ``tier_time_limit`` bounds each tier's solve in seconds.
    ``method``: "lp" solves each tier's LP first and searches with CP-SAT only what the
    LP leaves open; "cp-sat" solves every tier with CP-SAT alone (the reference)."""

    seed: int = 0
    workers: int = 1
    tier_time_limit: float = 60.0
    method: Literal["lp", "cp-sat"] = "lp"


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
    _hint(m, _values(m, solver))
    return True


_FIRST_PLAN_SECONDS = 30.0
# Below this many pairs the first tier finds its own plan at once; skip the extra solve.
_FIRST_PLAN_MIN_PAIRS = 20_000


def _hint(m: RotationModel, plan: np.ndarray | None) -> None:
    """Start the next CP-SAT solve from ``plan`` (a value per column)."""
    m.model.clear_hints()
    if plan is not None:
        hint = m.model.proto.solution_hint
        hint.vars.extend(range(m.columns))
        hint.values.extend(plan.tolist())


def _values(m: RotationModel, solver: cp_model.CpSolver) -> np.ndarray:
    """The solution's value of every column."""
    return np.array(list(solver.response_proto.solution), np.int64)[: m.columns]


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
    With ``settings.method == "lp"`` each tier is first solved as an LP (model/lp.py):
    a plan that reaches the LP's bound is proven without search, and otherwise CP-SAT
    solves the tier on the columns the LP could not fix. Best effort is CP-SAT only.
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
        plan = _plan(m, _values(m, solver)) if code in _FOUND else None
        return SolveResult(_STATUS[code], plan, (), time.perf_counter() - start, SOLVER_NAME)
    lp = TierLP(m) if settings.method == "lp" and not m.kept else None
    if lp is None and len(m.x_vars) >= _FIRST_PLAN_MIN_PAIRS:
        _first_plan(m, settings)
    current: np.ndarray | None = None  # the plan so far, as a 0/1 value per column
    status = "OPTIMAL"
    for tier in tiers:
        t0 = time.perf_counter()
        deadline = t0 + settings.tier_time_limit
        attempt = lp.attempt(tier, deadline) if lp is not None else None
        if lp is not None and attempt is not None and attempt.proven:
            assert attempt.plan is not None
            current = attempt.plan
            value = tier.value(current)
            wall = time.perf_counter() - t0
            results.append(TierResult(tier.name, "OPTIMAL", float(value), float(value), wall))
            say(f"tier {tier.name}: optimal value {value:g} (LP{_dived(attempt)})")
        else:
            lp_note = ""
            if lp is not None and attempt is not None and attempt.solution is not None:
                free = int(np.sum(lp.lb < lp.ub))
                current = _narrow(m, lp, attempt, current)
                lp_note = (
                    f" (CP-SAT; LP bound {tier.sense * attempt.solution.bound + tier.offset:.6g}"
                    f"{_dived(attempt)}, "
                    f"{free - int(np.sum(lp.lb < lp.ub))} more columns fixed, "
                    f"{int(np.sum(lp.lb < lp.ub))} free)"
                )
            elif lp is not None and current is None and len(m.x_vars) >= _FIRST_PLAN_MIN_PAIRS:
                _first_plan(m, settings)
            expr = tier.expr()
            if tier.sense > 0:
                m.model.maximize(expr)
            else:
                m.model.minimize(expr)
            solver.parameters.max_time_in_seconds = max(0.01, deadline - time.perf_counter())
            code = run(solver, m.model)
            name = _STATUS[code]
            if code not in _FOUND:
                results.append(TierResult(tier.name, name, float("nan"), float("nan"), 0.0))
                say(f"tier {tier.name}: {name.lower()}")
                # Before any plan: INFEASIBLE is a proof, UNKNOWN only that time ran out.
                # After one: the plan of the tiers above stands, lawful but not proven
                # best (an upper tier's plan satisfies every row: this tier lacked time).
                status = name if current is None else "FEASIBLE"
                break
            # Every tier's weights are integers: its value is one (CP-SAT reports a float).
            value = round(solver.objective_value)
            bound = round(solver.best_objective_bound, 6)
            if attempt is not None and attempt.solution is not None:
                lp_bound = tier.sense * attempt.solution.target + tier.offset
                bound = min(bound, lp_bound) if tier.sense > 0 else max(bound, lp_bound)
            results.append(
                TierResult(tier.name, name, float(value), bound, time.perf_counter() - t0)
            )
            say(f"tier {tier.name}: {name.lower()} value {value:g} bound {bound:g}{lp_note}")
            current = _values(m, solver)
            if code == cp_model.FEASIBLE:
                status = "FEASIBLE"
        # Hold this tier at what was achieved, and start the next tier from here.
        m.model.add(tier.expr() >= value if tier.sense > 0 else tier.expr() <= value)
        if lp is not None:
            lp.hold(tier, value)
            if attempt is not None and attempt.solution is not None:
                # Every plan from now on is worth ``value`` here: fix what that decides.
                _fix(m, lp, *lp.fixable(attempt.solution, tier.sense * (value - tier.offset)))
        _hint(m, current)
    plan = _plan(m, current) if current is not None else None
    if plan is not None and status != "OPTIMAL":
        plan, results = _repaired(m, plan, results, settings.seed, previous)
    return SolveResult(
        status=status,
        plan=plan,
        tiers=tuple(results),
        wall_s=time.perf_counter() - start,
        solver=SOLVER_NAME if lp is None else SOLVER_NAME_LP,
    )


def _dived(attempt: Attempt) -> str:
    dive = f", {attempt.dive_steps} dive steps" if attempt.dive_steps else ""
    return f"{dive}, {attempt.seconds:.2f} s"


def _narrow(
    m: RotationModel, lp: TierLP, attempt: Attempt, current: np.ndarray | None
) -> np.ndarray | None:
    """Before CP-SAT solves a tier the LP did not prove: take the better of the dive's
    plan and the plan so far (both satisfy every row), fix every column that a plan at
    least as good must have (reduced costs), and hint that plan. Returns it."""
    assert attempt.solution is not None
    plans = [q for q in (attempt.plan, current) if q is not None]
    if not plans:
        return current
    best = max(plans, key=lp.value)
    _fix(m, lp, *lp.fixable(attempt.solution, lp.value(best)))
    _hint(m, best)
    return best


def _fix(m: RotationModel, lp: TierLP, zero: np.ndarray, one: np.ndarray) -> None:
    """Fix columns in both models (the LP's fixings and CP-SAT's domains)."""
    lp.fix(zero, one)
    variables = m.model.proto.variables
    for col in zero.tolist():
        variables[col].domain[1] = 0
    for col in one.tolist():
        variables[col].domain[0] = 1


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


def _plan(m: RotationModel, values: np.ndarray) -> Plan:
    cand = m.candidates
    return Plan.of(
        Assignment(cand.teachers[ti].teacher_id, cand.slots[si].school_id, cand.slots[si].subject)
        for ti, si in (cand.pairs[k] for k in np.flatnonzero(values[: len(cand.pairs)]))
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
