"""Running scenarios with the real solver: each result is that scenario solved alone,
serial and local processes agree, and an infeasible scenario is reported with its
conflict while the others still get plans. (A real Dask cluster is run once, end to end,
by tests/scenarios/test_cli_whatif.py: `planner whatif --scheduler` writes the workbook
of local processes.)"""

from __future__ import annotations

import pytest

from rotation_planner import api
from rotation_planner.api import ScenarioResult
from rotation_planner.domain import Instance, Vacancy
from rotation_planner.model.solve import SolverSettings
from rotation_planner.policy import Policy
from rotation_planner.scenario import EditKind, RosterEdit, Scenario

SETTINGS = SolverSettings(seed=7, workers=1, tier_time_limit=20)

SCENARIOS = (
    Scenario("Q1 50%", (("Q1.min_share", 0.5),)),  # needs 5 of U1's 10; Q2 allows 2
    Scenario("E3 男35", (("E3.max_age_male", 35),)),  # only T01-T05 (数学) stay eligible
    Scenario("V1 语文", (), (RosterEdit(EditKind.ADD_VACANCY, school_id="V1", subject="语文"),)),
    Scenario("T01 暂缓", (), (RosterEdit(EditKind.EXEMPT, teacher_id="T01"),)),
    Scenario("close R1 数学", (), (RosterEdit(EditKind.CLOSE_POST, "R1", "数学"),)),
)


def fingerprint(results: list[ScenarioResult]) -> list[tuple[object, ...]]:
    return [
        (r.scenario.name, r.status, r.outcome.plan, r.outcome.conflicts,
         tuple((t.name, repr(t.value)) for t in r.outcome.result.tiers))  # nan == nan
        for r in results
    ]  # fmt: skip


@pytest.fixture(scope="module")
def serial() -> list[ScenarioResult]:
    from tests.scenarios.conftest import tiny_county

    return api.run_scenarios(tiny_county(), Policy(), SCENARIOS, SETTINGS, lang="en", jobs=1)


def test_each_result_is_the_scenario_solved_alone(serial: list[ScenarioResult], tiny: Instance):
    alone = {
        "基准": (tiny, Policy()),
        "baseline": (tiny, Policy()),
        "E3 男35": (tiny, Policy().with_overrides({"E3.max_age_male": 35})),
        "V1 语文": (tiny.replace(vacancies=(*tiny.vacancies, Vacancy("V1", "语文", 1))), Policy()),
        "close R1 数学": (
            tiny.replace(vacancies=tuple(v for v in tiny.vacancies
                                         if (v.school_id, v.subject) != ("R1", "数学"))),
            Policy(),
        ),
    }  # fmt: skip
    checked = 0
    baseline = serial[0].outcome.plan
    for r in serial:
        if r.scenario.name not in alone:
            continue
        inst, policy = alone[r.scenario.name]
        # A roster edit is solved as a re-plan of the baseline (replan's question).
        previous = baseline if r.scenario.edits else None
        assert r.replanned == (previous is not None)
        by_itself = api.plan(inst, policy, SETTINGS, lang="en", previous=previous)
        assert r.outcome.plan == by_itself.plan, r.scenario.name
        assert [t.value for t in r.outcome.result.tiers] == [
            t.value for t in by_itself.result.tiers
        ]
        checked += 1
    assert checked == 4
    assert serial[0].scenario.name == "baseline" and serial[0].outcome.plan is not None


def test_infeasible_scenario_names_its_conflict_and_the_others_run(serial):  # type: ignore[no-untyped-def]
    by_name = {r.scenario.name: r for r in serial}
    bad = by_name["Q1 50%"]
    assert bad.status == "INFEASIBLE" and bad.outcome.plan is None
    assert any("Q1" in c and "Q2" in c for c in bad.outcome.conflicts)
    others = [r for r in serial if r is not bad]
    assert all(r.outcome.plan is not None and r.outcome.check.ok for r in others)
    # the edits did what they say
    assert "T01" not in by_name["T01 暂缓"].outcome.plan.by_teacher
    assert all(a.teacher_id <= "T05" for a in by_name["E3 男35"].outcome.plan.assignments)
    assert not any(
        (a.to_school_id, a.subject) == ("R1", "数学")
        for a in by_name["close R1 数学"].outcome.plan.assignments
    )


def test_local_processes_give_the_serial_results(serial, tiny: Instance):  # type: ignore[no-untyped-def]
    done: list[str] = []
    parallel = api.run_scenarios(
        tiny, Policy(), SCENARIOS, SETTINGS, lang="en", jobs=2,
        on_done=lambda r: done.append(r.scenario.name),
    )  # fmt: skip
    assert fingerprint(parallel) == fingerprint(serial)
    assert sorted(done) == sorted(r.scenario.name for r in serial)  # progress once each
    assert len({r.worker for r in parallel}) >= 1


def test_unreachable_scheduler_is_a_clear_error(tiny: Instance):
    pytest.importorskip("distributed")
    from rotation_planner.scenarios import SchedulerError, run_tasks, scenario_tasks

    tasks = scenario_tasks(tiny, Policy(), (), SETTINGS, "en")
    with pytest.raises(SchedulerError, match="cannot reach"):
        run_tasks(tasks, api.solve_scenario, scheduler="tcp://127.0.0.1:1", connect_timeout=0.2)


def test_a_scenario_year_plans_the_same_roster_in_that_year():
    # In 2026 T1 is 50 (E3 allows men up to 50) and T2, who rotated in 2024, is still
    # within E5's 3 years. In 2027 T1 is 51, too old, and T2 is still within 3 years
    # (2027 - 2024 = 3): nobody may go. In 2028 T2 may go.
    from rotation_planner.model.solve import solve
    from rotation_planner.policy import Policy
    from rotation_planner.scenario import Scenario
    from tests.builders import instance, rural, school, teacher, vacancy
    from tests.rules.harness import FAST

    inst = instance(
        [teacher("T1", age=50), teacher("T2", rotated_years=(2024,))],
        [school("U1"), rural("R1")],
        [vacancy("R1")],
    )
    policy = Policy().with_overrides({"Q1.enabled": False, "Q3.enabled": False})

    def sent(year: int | None) -> set[str]:
        scenario = Scenario("year", overrides=(("plan_year", year),) if year else ())
        i, p = scenario.apply(inst, policy)
        result = solve(i, p, FAST)
        assert result.plan is not None
        return set(result.plan.by_teacher)

    assert sent(None) == {"T1"}
    assert sent(2027) == set()
    assert sent(2028) == {"T2"}
