"""Lexicographic solve: each tier optimised with the tiers above held at their optimum.

``solve`` always returns a SolveResult, plan or no plan; it never raises for an
infeasible policy.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import ortools
from ortools.sat.python import cp_model

from rotation_planner.domain import Assignment, Instance, Plan, SolveResult, TierResult
from rotation_planner.model.build import RotationModel, Tier, build_model, objective_tiers
from rotation_planner.model.compact import compact_model
from rotation_planner.model.lp import LPSolution, TierLP
from rotation_planner.model.run import run
from rotation_planner.model.settings import DEFAULT_SETTINGS, Progress, SolverSettings
from rotation_planner.policy import Policy
from rotation_planner.rules.objective import plan_values

SOLVER_NAME = f"OR-Tools CP-SAT {ortools.__version__}"
SOLVER_NAME_LP = f"OR-Tools GLOP + CP-SAT {ortools.__version__}"  # no word: any language


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
        _hint_model(m.model, m.columns, plan)


def _hint_model(model: cp_model.CpModel, columns: int, plan: np.ndarray) -> None:
    hint = model.proto.solution_hint
    hint.vars.extend(range(columns))
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
        if lp is not None:
            step = _lp_tier(m, lp, tier, current, solver, settings, deadline)
        else:
            step = _cp_tier(m, tier, solver, deadline)
        if step.plan is None:
            results.append(TierResult(tier.name, step.status, float("nan"), float("nan"), 0.0))
            say(f"tier {tier.name}: {step.status.lower()}{step.note}")
            # Before any plan: INFEASIBLE is a proof, UNKNOWN only that time ran out.
            # After one: the plan of the tiers above stands, lawful but not proven best
            # (an upper tier's plan satisfies every row, so this tier only lacked time).
            status = step.status if current is None else "FEASIBLE"
            break
        current, value = step.plan, step.value
        results.append(
            TierResult(tier.name, step.status, float(value), step.bound, time.perf_counter() - t0)
        )
        say(f"tier {tier.name}: {step.status.lower()} value {value:g} bound {step.bound:g}"
            f"{step.note}")  # fmt: skip
        if step.status == "FEASIBLE":
            status = "FEASIBLE"
        # Hold this tier at what was achieved, and start the next tier from here.
        m.model.add(tier.expr() >= value if tier.sense > 0 else tier.expr() <= value)
        if lp is not None:
            lp.hold(tier, value)
            if step.solution is not None:
                # Every plan from now on is worth ``value`` here: fix what that decides.
                _fix(m, lp, *lp.fixable(step.solution, tier.sense * (value - tier.offset)))
        _hint(m, current)
    plan = _plan(m, current) if current is not None else None
    if plan is not None and status != "OPTIMAL":
        plan, results = repair_unproven(m, plan, results, settings.seed, previous)
    return SolveResult(
        status=status,
        plan=plan,
        tiers=tuple(results),
        wall_s=time.perf_counter() - start,
        solver=SOLVER_NAME if lp is None else SOLVER_NAME_LP,
    )


@dataclass(frozen=True)
class _Step:
    """One tier's outcome: its status, and when a plan was found, the plan (a value per
    column), its value in the tier and the proven bound. ``solution``: the tier's LP
    optimum, whose reduced costs fix columns once the tier is held."""

    status: str
    plan: np.ndarray | None = None
    value: int = 0
    bound: float = float("nan")
    note: str = ""
    solution: LPSolution | None = None


def _cp_tier(
    m: RotationModel, tier: Tier, solver: cp_model.CpSolver, deadline: float, note: str = ""
) -> _Step:
    """The tier optimised by CP-SAT (with what the model holds and fixes so far)."""
    expr = tier.expr()
    if tier.sense > 0:
        m.model.maximize(expr)
    else:
        m.model.minimize(expr)
    solver.parameters.max_time_in_seconds = max(0.01, deadline - time.perf_counter())
    code = run(solver, m.model)
    if code not in _FOUND:
        return _Step(_STATUS[code], note=note)
    # Every tier's weights are integers: its value is one (CP-SAT reports a float).
    value = round(solver.objective_value)
    bound = round(solver.best_objective_bound, 6)
    return _Step(_STATUS[code], _values(m, solver), value, bound, note)


def _lp_tier(
    m: RotationModel,
    lp: TierLP,
    tier: Tier,
    current: np.ndarray | None,
    solver: cp_model.CpSolver,
    settings: SolverSettings,
    deadline: float,
) -> _Step:
    """The tier by its LP first (model/lp.py). A plan that reaches the LP's target is
    optimal: the LP's vertex when it is integral, else a plan CP-SAT finds in one of
    the neighbourhoods of the vertex (``_neighbourhoods``), each a small problem.
    Failing both, reduced costs fix what a plan as good as the best one known must
    have, and CP-SAT optimises the tier on the columns left free."""
    t0 = time.perf_counter()
    solution = lp.solve(tier, deadline)
    if solution is None:  # no LP optimum in time (or an LP without solution: CP-SAT says)
        if current is None and len(m.x_vars) >= _FIRST_PLAN_MIN_PAIRS:
            _first_plan(m, settings)
        return _cp_tier(m, tier, solver, deadline, " (CP-SAT; no LP optimum)")
    target = tier.sense * solution.target + tier.offset  # the LP's bound, in tier terms

    def proven(plan: np.ndarray, how: str) -> _Step:
        value = tier.value(plan)
        return _Step("OPTIMAL", plan, value, value, f" ({how}, {_since(t0)})", solution)

    vertex = lp.plan(solution.values)
    if lp.proves(solution, vertex):
        assert vertex is not None
        return proven(vertex, "LP")
    lp_seconds = time.perf_counter() - t0
    _narrow(m, lp, solution, vertex, current)
    budget = max(_LOOK_SECONDS, _LOOK_SHARE * settings.tier_time_limit, _LOOK_LPS * lp_seconds)
    for how, lb, ub in _neighbourhoods(lp, solution):
        seconds = min(budget, (deadline - time.perf_counter()) / 4)
        if seconds <= 0:
            break
        code, plan, _ = _search(lp, tier, solver, seconds, lb, ub, solution.target)
        if plan is not None:
            return proven(plan, f"LP bound, CP-SAT plan {how}")
        if code == cp_model.INFEASIBLE and how == _WHOLE:
            break  # proven: no plan reaches the target; CP-SAT finds the best one below
    left = int(np.count_nonzero(lp.lb < lp.ub))
    note = f" (CP-SAT; LP bound {target:g}, {_since(t0)} before CP-SAT, {left} free columns)"
    seconds = deadline - time.perf_counter()
    code, plan, bound = _search(lp, tier, solver, seconds, lp.lb, lp.ub)
    if plan is None:
        return _Step(_STATUS[code], note=note)
    bound = min(bound, target) if tier.sense > 0 else max(bound, target)
    return _Step(_STATUS[code], plan, tier.value(plan), bound, note, solution)


_WHOLE = "once reduced costs fix what it must have"


def _neighbourhoods(
    lp: TierLP, solution: LPSolution
) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """Where CP-SAT looks for a plan worth the LP's target, smallest first, as column
    bounds: the columns the LP vertex has integral fixed there (tens of columns left
    free: any plan there is found, or ruled out, at once); then only the vertex's ones
    fixed, with what reduced costs fix; then only the latter, which cuts off no plan
    worth the target (a "none" there proves the target out of reach).

    Measured: on the 12,000-teacher county, the first proves coverage and remoteness
    in 0.02 s each and the second quality and priority in 0.3 s; on the 20,000-teacher
    district the second proves quality in 2.2 s. A dive down the LP (fix the largest
    fractional moves, re-solve) found those plans in 1-10 s and 25-37 s, and wasted as
    much on tiers whose target is out of reach: it was dropped."""
    values = solution.values
    rounded = np.round(values)
    integral = np.abs(values - rounded) <= 1e-9
    lb, ub = lp.lb.copy(), lp.ub.copy()
    lb[integral], ub[integral] = rounded[integral], rounded[integral]
    yield "near the LP vertex", lb, ub
    zero, one = lp.fixable(solution, solution.target)
    whole_lb, whole_ub = lp.lb.copy(), lp.ub.copy()
    whole_ub[zero], whole_lb[one] = 0.0, 1.0
    lb = whole_lb.copy()
    lb[integral & (rounded == 1) & (whole_ub == 1)] = 1.0
    yield "with the LP vertex's moves", lb, whole_ub
    yield _WHOLE, whole_lb, whole_ub


def _search(
    lp: TierLP,
    tier: Tier,
    solver: cp_model.CpSolver,
    seconds: float,
    lb: np.ndarray,
    ub: np.ndarray,
    at_least: int | None = None,
) -> tuple[cp_model.CpSolverStatus, np.ndarray | None, float]:
    """CP-SAT on the rows over the columns free in ``lb``/``ub`` (model/compact.py):
    the tier maximised, or with ``at_least`` any plan worth that much (maximising
    form). Returns the status, the plan (None if none) and the tier's proven bound.

    No hint: the plan at hand is the best for the tiers above, rarely for this one, and
    CP-SAT spent more time following it than searching (20,000-teacher district,
    priority tier on 34,512 free columns: 14.9 s with it, 5.9 s without)."""
    compact = compact_model(lp, lb, ub)
    objective, constant = compact.objective(tier), compact.constant(tier)
    if at_least is None:
        compact.model.maximize(objective)
    else:
        compact.model.add(objective >= at_least - constant)
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    code = run(solver, compact.model)
    if code not in _FOUND:
        return code, None, float("nan")
    bound = round(solver.best_objective_bound, 6) + constant if at_least is None else math.inf
    return code, compact.plan(solver), tier.sense * bound + tier.offset


# How long CP-SAT looks for a plan at the LP's target in each neighbourhood: the most
# of these many seconds, this share of the tier's time limit and this many times what
# the tier's LP took (a measure of the county's size: the district's quality tier needs
# 2.2 s where its LP takes 1-4 s), but at most a quarter of the time left.
_LOOK_SECONDS = 1.0
_LOOK_SHARE = 0.01
_LOOK_LPS = 2.0


def _since(t0: float) -> str:
    return f"{time.perf_counter() - t0:.2f} s"


def _narrow(
    m: RotationModel,
    lp: TierLP,
    solution: LPSolution,
    vertex: np.ndarray | None,
    current: np.ndarray | None,
) -> None:
    """Before CP-SAT solves a tier the LP did not prove: take the better of the LP's
    vertex (when it is a plan) and the plan so far (both satisfy every row), fix every
    column that a plan at least as good must have (reduced costs), and hint that plan
    to the full model."""
    plans = [q for q in (vertex, current) if q is not None]
    if plans:
        best = max(plans, key=lp.value)
        _fix(m, lp, *lp.fixable(solution, lp.value(best)))
        _hint(m, best)


def _fix(m: RotationModel, lp: TierLP, zero: np.ndarray, one: np.ndarray) -> None:
    """Fix columns in both models (the LP's fixings and CP-SAT's domains)."""
    lp.fix(zero, one)
    variables = m.model.proto.variables
    for col in zero.tolist():
        variables[col].domain[1] = 0
    for col in one.tolist():
        variables[col].domain[0] = 1


_FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)


def repair_unproven(
    m: RotationModel, plan: Plan, results: list[TierResult], seed: int, previous: Plan | None
) -> tuple[Plan, list[TierResult]]:
    """A plan whose tiers were not all proven: make the priority swaps left open (R1-R3)
    and give every tier the value of the plan actually returned."""
    fixed, before = plan, None
    while fixed != before:  # each swap raises the points: this ends
        before = fixed
        for rule in m.facts.rules:
            fixed = rule.repair(m.facts, fixed)
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
