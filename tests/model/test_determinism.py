"""The same roster, policy and seed give the same plan, whatever the worker count."""

from rotation_planner.model.solve import SolverSettings, solve
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import NO_Q3


def _symmetric_county():
    # Twenty identical teachers and posts at equal distance: only the lottery decides.
    return instance(
        [teacher(f"T{i:02}", "U1" if i < 10 else "U2") for i in range(20)],
        [school("U1"), school("U2"), rural("R1", 50), rural("R2", 50)],
        [vacancy("R1", "数学", 2), vacancy("R2", "数学", 2)],
    )


def test_same_seed_same_plan_across_runs_and_workers():
    inst = _symmetric_county()
    plans = {solve(inst, NO_Q3, SolverSettings(seed=7, workers=w)).plan for w in (1, 1, 2, 4)}
    assert len(plans) == 1


def test_the_seed_is_a_real_lottery():
    inst = _symmetric_county()
    plans = {solve(inst, NO_Q3, SolverSettings(seed=s)).plan for s in range(5)}
    assert len(plans) > 1
