"""Export the planner's own model as a plain MIP for the HiGHS peer.

The parent process builds the model exactly as ``planner solve`` does (``build_model``:
the candidate pairs of ``build_candidates``, then Q1-Q4, P2, P3, M1 and whatever other
counting rules the model has) and the objective tiers (``objective_tiers``), then writes
every variable, every linear constraint and every tier to an ``.npz`` file. The HiGHS
child reads only that file, so it solves the identical MIP and never imports ortools
(highspy and ortools both bundle HiGHS and cannot share a process).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from rotation_planner.domain import Instance
from rotation_planner.model.build import build_model, objective_tiers
from rotation_planner.policy import Policy

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _bound(value: int) -> float:
    if value <= INT64_MIN + 1:
        return -np.inf
    if value >= INT64_MAX - 1:
        return np.inf
    return float(value)


def export_mip(inst: Instance, policy: Policy, path: Path, *, seed: int = 0) -> dict[str, int]:
    """Write the model of ``inst`` as a MIP to ``path`` (npz); return its size."""
    m = build_model(inst, policy)
    tiers = objective_tiers(m, seed)
    proto = m.model.proto
    n = len(proto.variables)
    var_lb = np.empty(n)
    var_ub = np.empty(n)
    for i, v in enumerate(proto.variables):
        dom = list(v.domain)
        if len(dom) != 2:
            raise ValueError(f"variable {i} has a holed domain; not a MIP")
        var_lb[i], var_ub[i] = _bound(dom[0]), _bound(dom[1])
    starts, cols, vals, row_lb, row_ub = [0], [], [], [], []
    for ci, c in enumerate(proto.constraints):
        if not c.has_linear():
            raise ValueError(f"constraint {ci} is not linear; extend the exporter")
        if len(c.enforcement_literal):
            raise ValueError(f"constraint {ci} is half-reified; extend the exporter")
        lin = c.linear
        dom = list(lin.domain)
        if len(dom) != 2:
            raise ValueError(f"constraint {ci} has a holed domain; not a MIP row")
        cols.extend(lin.vars)
        vals.extend(lin.coeffs)
        starts.append(len(cols))
        row_lb.append(_bound(dom[0]))
        row_ub.append(_bound(dom[1]))
    arrays: dict[str, np.ndarray] = {
        "var_lb": var_lb,
        "var_ub": var_ub,
        "row_start": np.asarray(starts, dtype=np.int64),
        "row_index": np.asarray(cols, dtype=np.int32),
        "row_value": np.asarray(vals, dtype=np.float64),
        "row_lb": np.asarray(row_lb),
        "row_ub": np.asarray(row_ub),
    }
    meta = []
    for k, tier in enumerate(tiers):
        arrays[f"tier{k}_index"] = np.asarray([v.index for v in tier.variables], dtype=np.int32)
        arrays[f"tier{k}_coef"] = np.asarray(tier.coefficients, dtype=np.float64)
        meta.append({"name": tier.name, "sense": tier.sense, "offset": tier.offset})
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez(path, **arrays)
    return {
        "teachers": len(m.candidates.teachers),
        "pairs": len(m.candidates.pairs),
        "variables": n,
        "rows": len(row_lb),
        "nonzeros": len(cols),
    }
