"""The MIP peer: the planner's exported model solved lexicographically by HiGHS.

Run as its own process (``python -m bench.highs_peer model.npz``): it must never share a
process with ortools, since both bundle HiGHS. It reads the ``.npz`` written by
``bench.export``, solves tier after tier (each tier held at its optimum, as the planner
does, and each tier started from the previous tier's solution), and prints one JSON
object: per tier its status, value, bound, gap and seconds.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import highspy
import numpy as np


def solve_lexicographic(path: Path, tier_time_limit: float = 60.0) -> dict[str, object]:
    t_start = time.perf_counter()
    data = np.load(path)
    meta = json.loads(bytes(data["meta"]).decode())
    n = len(data["var_lb"])
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("mip_rel_gap", 0.0)
    # Objectives are integral: a gap below 1 proves the incumbent optimal.
    h.setOptionValue("mip_abs_gap", 0.999)
    h.setOptionValue("time_limit", tier_time_limit)
    h.setOptionValue("random_seed", 0)

    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(data["row_lb"])
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = data["var_lb"]
    lp.col_upper_ = data["var_ub"]
    lp.row_lower_ = data["row_lb"]
    lp.row_upper_ = data["row_ub"]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = data["row_start"]
    lp.a_matrix_.index_ = data["row_index"]
    lp.a_matrix_.value_ = data["row_value"]
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h.passModel(lp)
    build_s = time.perf_counter() - t_start

    all_cols = np.arange(n, dtype=np.int32)
    tiers: list[dict[str, object]] = []
    solution: np.ndarray | None = None
    status = "OPTIMAL"
    for k, tier in enumerate(meta):
        index, coef = data[f"tier{k}_index"], data[f"tier{k}_coef"]
        cost = np.zeros(n)
        np.add.at(cost, index, coef)
        h.changeColsCost(n, all_cols, cost)
        sense = highspy.ObjSense.kMaximize if tier["sense"] > 0 else highspy.ObjSense.kMinimize
        h.changeObjectiveSense(sense)
        if solution is not None:
            start = highspy.HighsSolution()
            start.col_value = list(solution)
            start.value_valid = True
            h.setSolution(start)
        t0 = time.perf_counter()
        h.run()
        wall = time.perf_counter() - t0
        model_status = h.getModelStatus()
        info = h.getInfo()
        has_solution = info.primal_solution_status == 2
        name = {
            highspy.HighsModelStatus.kOptimal: "OPTIMAL",
            highspy.HighsModelStatus.kInfeasible: "INFEASIBLE",
            highspy.HighsModelStatus.kTimeLimit: "FEASIBLE" if has_solution else "UNKNOWN",
        }.get(model_status, h.modelStatusToString(model_status))
        if not has_solution:
            tiers.append({"name": tier["name"], "status": name, "wall_s": wall})
            status = name
            break
        value, bound = info.objective_function_value, info.mip_dual_bound
        gap = 0.0 if abs(value - bound) < 0.5 else abs(bound - value) / max(1.0, abs(bound))
        tiers.append(
            {
                "name": tier["name"],
                "status": name,
                "value": value + tier["offset"],
                "bound": bound + tier["offset"],
                "gap": gap,
                "wall_s": wall,
            }
        )
        if name != "OPTIMAL":
            status = "FEASIBLE"
        solution = np.asarray(h.getSolution().col_value)
        held = round(value)
        # Hold the tier: sense * (coef . x) >= sense * held, as an extra row.
        lo, hi = (held, highspy.kHighsInf) if tier["sense"] > 0 else (-highspy.kHighsInf, held)
        h.addRow(lo, hi, len(index), index.astype(np.int32), coef)
    assigned = None
    if solution is not None and meta:
        assigned = round(float(np.dot(solution[data["tier0_index"]], data["tier0_coef"])))
    return {
        "solver": f"HiGHS {highspy.Highs().version()}",
        "status": status,
        "build_s": build_s,
        "solve_s": sum(float(t["wall_s"]) for t in tiers),
        "wall_s": time.perf_counter() - t_start,
        "tiers": tiers,
        "first_tier_value": assigned,
    }


def main() -> None:
    path = Path(sys.argv[1])
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    print(json.dumps(solve_lexicographic(path, limit)))


if __name__ == "__main__":
    main()
