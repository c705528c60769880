"""The model's objective and an independent evaluation of its plan agree, tier by tier:
``rules.objective.plan_values`` recomputes every tier from the roster and the plan alone
(the same per-move weights the model is built from)."""

from __future__ import annotations

from pathlib import Path

from rotation_planner.io.read import read_roster
from rotation_planner.model.solve import SolverSettings, solve
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.objective import plan_values

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "sample_300.xlsx"


def test_every_tier_of_the_solved_sample_equals_its_recomputed_value():
    roster = read_roster(SAMPLE)
    for seed in (0, 7):
        result = solve(roster.instance, roster.policy, SolverSettings(seed=seed))
        assert result.status == "OPTIMAL" and result.plan is not None
        values = plan_values(Facts(roster.instance, roster.policy), result.plan, seed)
        reported = {t.name: t.value for t in result.tiers}
        # A tier whose weights are all zero is not built: its value is 0.
        assert {name: reported.get(name, 0) for name in values} == values
