"""The rows of each sheet, before any Excel is involved."""

from __future__ import annotations

import pytest

from rotation_planner.check import CheckResult
from rotation_planner.domain import Assignment, Plan
from rotation_planner.policy import RULE_IDS, RULE_NAMES, Policy
from rotation_planner.report import labels
from rotation_planner.report.explain import PlanFacts, ReasonKind
from rotation_planner.report.tables import (
    ASSIGNMENT_COLUMNS,
    assignments_table,
    build_tables,
    constraints_table,
    not_selected_table,
    run_table,
    schools_table,
)
from rotation_planner.rules.base import at_most, none_of, school_scope
from tests.report.fixtures import (
    sample_check,
    sample_instance,
    sample_plan,
    sample_run,
)


def facts(plan: Plan | None = None, policy: Policy | None = None) -> PlanFacts:
    return PlanFacts(sample_instance(), policy or Policy(), plan)


def test_every_label_has_both_languages() -> None:
    for table in (labels.SHEETS, labels.HEADERS, labels.REASONS, labels.WORDS):
        for en, zh in table.values():
            assert isinstance(en, str) and isinstance(zh, str)
    assert set(labels.REASONS) >= {k.value for k in ReasonKind}


def test_sheet_names_follow_the_language() -> None:
    en = [t.name for t in build_tables(sample_instance(), Policy(), sample_plan(),
                                       sample_check(), sample_run(), "en")]  # fmt: skip
    zh = [t.name for t in build_tables(sample_instance(), Policy(), sample_plan(),
                                       sample_check(), sample_run(), "zh")]  # fmt: skip
    assert en == [
        "Assignments", "Schools", "Not selected", "Cut-offs", "Lottery", "Constraint report", "Run"
    ]  # fmt: skip
    assert zh == ["交流名单", "学校汇总", "未选派", "分数线", "抽签号", "约束报告", "运行信息"]


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="zh or en"):
        build_tables(sample_instance(), Policy(), None, sample_check(), sample_run(), "fr")


def test_assignment_rows_sorted_with_points_breakdown_and_distance() -> None:
    plan = Plan.of([Assignment("T02", "R2", "语文"), Assignment("T01", "R1", "数学")])
    rows = assignments_table(facts(plan), "en").as_dicts()
    assert [r["teacher_id"] for r in rows] == ["T01", "T02"]
    first = rows[0]
    assert set(first) == set(ASSIGNMENT_COLUMNS)
    assert first["distance_km"] == 40.0  # U1 (0 km) -> R1 (40 km) through the county seat
    assert (first["points"], first["points_r1"], first["points_r2"], first["points_r3"]) == (
        25, 18, 4, 3,
    )  # fmt: skip
    assert first["title"] == "first" and first["backbone"] == "county"
    zh = assignments_table(facts(plan), "zh").as_dicts()[0]
    assert zh["title"] == "一级" and zh["backbone"] == "县级"


def test_schools_show_band_status_and_cutoffs() -> None:
    rows = {r["school_id"]: r for r in schools_table(facts(sample_plan()), "en").as_dicts()}
    u1 = rows["U1"]
    assert (u1["eligible"], u1["quota_min"], u1["quota_max"], u1["sent"]) == (4, 1, 1, 2)
    assert u1["status"] == "over quota: 2 > 1"
    # Last selected: T01/T02 with 25; first not selected: T04 with 18 (T03 has 6).
    assert (u1["cutoff_selected"], u1["cutoff_not_selected"]) == (25, 18)
    assert u1["ineligible"] == "E2 1"
    assert rows["U2"]["status"] == "short of quota: 0 < 1"
    assert (rows["R1"]["vacancies"], rows["R1"]["filled"], rows["R1"]["status"]) == (1, 1, "OK")
    assert rows["R1"]["quota_min"] is None  # not a sending school


def test_schools_without_a_plan_keep_the_roster_columns() -> None:
    table = schools_table(facts(None), "en")
    u1 = next(r for r in table.as_dicts() if r["school_id"] == "U1")
    assert (u1["eligible"], u1["quota_min"], u1["quota_max"]) == (4, 1, 1)
    assert u1["sent"] is None and u1["status"] == "" and u1["cutoff_selected"] is None


def test_open_vacancy_is_a_warning_not_a_violation() -> None:
    plan = Plan.of([Assignment("T01", "R1", "数学")])
    table = schools_table(facts(plan), "en")
    by_id = {r[0]: (r, s) for r, s in zip(table.rows, table.styles, strict=True)}
    row, style = by_id["R2"]
    assert "1 vacancies open" in str(row) and style == "warn"


def test_not_selected_lists_every_eligible_teacher_left_at_home() -> None:
    rows = not_selected_table(facts(sample_plan()), "en").as_dicts()
    # Eligible: T01-T04 and T06 (T05 fails E2); T01 and T02 are sent.
    assert [r["teacher_id"] for r in rows] == ["T04", "T03", "T06"]  # by school, points
    assert rows[0]["rules"] == "P1"


def test_constraint_rows_carry_status_words_notes_and_styles() -> None:
    table = constraints_table(sample_check(), Policy(), "zh")
    rows = table.as_dicts()
    q4 = next(r for r in rows if r["rule_id"] == "Q4")
    assert q4["status"] == "违反" and q4["rule"] == RULE_NAMES["Q4"][1]
    assert q4["offending"] == "T01、T02、T03、T04"
    assert "Q4.max_share = 15%" in q4["note"]  # an Inference default, shown in words
    assert table.styles[rows.index(q4)] == "bad"
    # W2 is off by default and the checker did not report it: added as N/A.
    w2 = next(r for r in rows if r["rule_id"] == "W2")
    assert w2["status"] == "不适用" and "已关闭" in w2["note"]


def test_switched_off_rule_and_changed_inference_default() -> None:
    policy = Policy().with_overrides({"Q4.max_share": 0.2, "P3.enabled": False})
    rows = constraints_table(CheckResult(()), policy, "en").as_dicts()
    p3 = next(r for r in rows if r["rule_id"] == "P3")
    assert (p3["status"], p3["note"]) == ("N/A", "switched off")
    check = CheckResult((at_most("Q4", school_scope("U1"), 4, 2, 30),))
    q4 = constraints_table(check, policy, "en").as_dicts()[0]
    assert "Inference" not in q4["note"]  # the bureau set it


def test_long_offending_lists_are_cut() -> None:
    ids = tuple(f"T{i:03d}" for i in range(60))
    check = CheckResult((none_of("E2", ids),))
    text = constraints_table(check, Policy(), "en").as_dicts()[0]["offending"]
    assert text.endswith("… (+10 more)") and "T049" in text and "T050" not in text


def test_run_rows_record_inputs_tiers_and_every_policy_value() -> None:
    policy = Policy().with_overrides({"Q1.min_share": 0.12})
    table = run_table(sample_run(), facts(sample_plan(), policy), "en")
    rows = table.as_dicts()
    items = {r["item"]: r for r in rows}
    assert items["input SHA-256"]["value"] == "ab" * 32
    assert items["seed"]["value"] == 7
    assert items["2. priority points"]["bound"] == 44
    assert items["2. priority points"]["status"] == "lawful, not proven best (time ran out)"
    q1 = items["Q1.min_share"]
    assert (q1["value"], q1["default"], q1["note"]) == (0.12, 0.1, "changed from default")
    assert table.styles[rows.index(q1)] == "warn"
    assert "Inference" in items["Q4.max_share"]["note"]
    assert items["ineligible: E2 Years at current school"]["value"] == 1
    policy_keys = [r["item"] for r in rows if r["section"] == "policy"]
    assert policy_keys == [k for k, _ in policy.items()]
    assert len({k.partition(".")[0] for k in policy_keys} & set(RULE_IDS)) == len(RULE_IDS)


def test_without_a_plan_only_schools_constraints_and_run() -> None:
    run = sample_run(status="INFEASIBLE", tiers=())
    tables = build_tables(sample_instance(), Policy(), None, sample_check(), run, "en")
    assert [t.key for t in tables] == ["schools", "constraints", "run"]
    run_rows = tables[-1].as_dicts()
    assert any(r["item"] == "no plan: see Constraint report" for r in run_rows)
