"""Scenarios read from a roster's Scenarios (情景) sheet and from TOML, and every problem
reported at once with the cell (or TOML line) it is in."""

from __future__ import annotations

from pathlib import Path

import pytest

from rotation_planner.domain import Instance
from rotation_planner.io.errors import RosterError
from rotation_planner.io.read import read_roster
from rotation_planner.io.scenario_read import (
    read_scenarios,
    read_scenarios_sheet,
    read_scenarios_toml,
)
from rotation_planner.policy import Policy
from rotation_planner.scenario import EditKind, RosterEdit, Scenario
from tests.scenarios.conftest import add_sheet

ZH_HEADER = ["情景", "变更", "调整参数", "调整为", "学校", "岗位学科", "工号", "人数", "说明"]
EN_HEADER = ["scenario", "change", "setting", "to", "school", "post subject", "teacher_id",
             "count"]  # fmt: skip
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def test_sheet_with_title_row_merged_names_percent_and_school_names(tiny_roster: Path):
    add_sheet(tiny_roster, "情景", [
        ["2026年交流情景"],
        ZH_HEADER,
        ["高比例", "政策参数", "q1.min_share", "20%", None, None, None, None, "每校至少20%"],
        [None, None, "Q2.max_share", 0.3],  # merged name cell: the scenario above; policy
        [],
        ["# 注释行", "新增岗位", None, None, "学校V1", "语文", None, 2],
        ["岗位调整", "新增岗位", None, None, "学校V1", "语文", None, 2],
        ["岗位调整", "关闭岗位", None, None, "R1", "数学"],
        ["岗位调整", "关闭岗位", None, None, "V1", "语文", None, 1],  # added just above
        ["暂缓", "暂缓交流", None, None, None, None, "T01"],
    ])  # fmt: skip
    roster = read_roster(tiny_roster)  # the extra sheet does not disturb the roster
    got = read_scenarios(tiny_roster, roster.instance, roster.policy)
    assert got == (
        Scenario("高比例", (("Q1.min_share", 0.2), ("Q2.max_share", 0.3)), (), "每校至少20%"),
        Scenario("岗位调整", (), (
            RosterEdit(EditKind.ADD_VACANCY, school_id="V1", subject="语文", count=2),
            RosterEdit(EditKind.CLOSE_POST, school_id="R1", subject="数学"),
            RosterEdit(EditKind.CLOSE_POST, school_id="V1", subject="语文", count=1),
        )),
        Scenario("暂缓", (), (RosterEdit(EditKind.EXEMPT, teacher_id="T01"),)),
    )  # fmt: skip
    inst, policy = got[1].apply(roster.instance, roster.policy)
    posts = {(v.school_id, v.subject): v.count for v in inst.vacancy_slots}
    assert posts == {("R1", "语文"): 1, ("V1", "数学"): 1, ("V1", "语文"): 1}
    inst, policy = got[0].apply(roster.instance, roster.policy)
    assert (policy.Q1.min_share, policy.Q2.max_share) == (0.2, 0.3)
    inst, _ = got[2].apply(roster.instance, roster.policy)
    assert inst.teacher_by_id["T01"].exempt_reason and not inst.teacher_by_id["T02"].exempt_reason


def test_sheet_errors_cite_their_cells_all_at_once(tiny_roster: Path):
    add_sheet(tiny_roster, "Scenarios", [
        EN_HEADER,
        ["a", "policy", "Q9.foo", 1],                          # 2: unknown key -> C2
        ["a", None, "Q1.min_share", 2],                        # 3: out of range -> D3
        ["b", "add_vacancy", None, None, "S999", "数学", None, 1],  # 4: unknown school -> E4
        ["b", "close_post", None, None, "R1", "体育"],         # 5: no such post -> F5
        ["b", "exempt", None, None, None, None, "T99"],        # 6: unknown teacher -> G6
        ["c", "fly"],                                          # 7: unknown change -> B7
        ["c", "add_vacancy", None, None, "R1", "数学", None, 0],  # 8: bad count -> H8
        ["baseline", "policy", "Q1.min_share", 0.2],           # 9: reserved name -> A9
        ["a", "policy", "Q1.min_share", 0.3],                  # 10: set twice -> C10
        ["c", "policy", "E3.max_age_male", None],              # 11: no value -> D11
    ])  # fmt: skip
    roster = read_roster(tiny_roster)
    with pytest.raises(RosterError) as caught:
        read_scenarios_sheet(tiny_roster, roster.instance, roster.policy)
    cells = sorted(f"{i.column}{i.row}" for i in caught.value.issues)
    assert cells == sorted(["C2", "D3", "E4", "F5", "G6", "B7", "H8", "A9", "C10", "D11"])
    assert all(i.sheet == "Scenarios" for i in caught.value.issues)
    text = str(caught.value)
    assert "Scenarios!C2 (setting): unknown policy key 'Q9.foo'" in text
    assert "Scenarios!E4 (school): school 'S999' is not in the Schools sheet" in text
    assert "Scenarios!G6 (teacher_id): the teacher is not in the Teachers sheet" in text


def test_toml_tables_and_flat_keys(tiny: Instance, tmp_path: Path):
    path = tmp_path / "s.toml"
    path.write_text(
        """
[[scenario]]
name = "flat"
policy = { "Q1.min_share" = 0.2 }

[[scenario]]
name = "tables"
description = "E3 and a post"
add_vacancy = [{ school = "R1", subject = "语文", count = 2 }]
exempt = [{ teacher = "T02" }]
[scenario.policy.E3]
max_age_male = 55
""",
        encoding="utf-8",
    )
    got = read_scenarios_toml(path, tiny, Policy())
    assert got == (
        Scenario("flat", (("Q1.min_share", 0.2),)),
        Scenario("tables", (("E3.max_age_male", 55),), (
            RosterEdit(EditKind.ADD_VACANCY, school_id="R1", subject="语文", count=2),
            RosterEdit(EditKind.EXEMPT, teacher_id="T02"),
        ), "E3 and a post"),
    )  # fmt: skip


def test_toml_errors_cite_line_and_key(tiny: Instance, tmp_path: Path):
    path = tmp_path / "bad.toml"
    path.write_text(
        """# line 1
[[scenario]]
name = "ok"
policy = { "Q1.min_share" = 0.2 }

[[scenario]]
name = "bad"
policy = { "Q1.min_shar" = 0.2, "E3.max_age_male" = 99 }
add_vacancy = [{ school = "R9", subject = "数学" }]
colour = "red"

[[scenario]]
name = "ok"
""",
        encoding="utf-8",
    )
    with pytest.raises(RosterError) as caught:
        read_scenarios_toml(path, tiny, Policy())
    lines = [(i.row, i.kind) for i in caught.value.issues]
    # Each problem at the line where its key is written.
    assert sorted(lines) == sorted([
        (10, "unknown_toml_key"), (8, "unknown_policy_key"), (8, "bad_policy_value"),
        (9, "unknown_school"), (13, "duplicate_scenario"),
    ])  # fmt: skip
    text = caught.value.issues[0].render("en")
    assert text.startswith("bad.toml line 8 ([[scenario]] #2 'bad'")


def test_broken_toml_is_one_issue_not_a_traceback(tiny: Instance, tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text("[[scenario]\nname = 1", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        read_scenarios_toml(path, tiny, Policy())
    assert [i.kind for i in caught.value.issues] == ["bad_toml"]


def test_roster_without_scenarios_sheet_says_so(tiny_roster: Path, tiny: Instance):
    with pytest.raises(RosterError) as caught:
        read_scenarios(tiny_roster, tiny, Policy())
    assert "no Scenarios (情景) sheet" in caught.value.issues[0].message_en


def test_sample_scenario_file_fits_the_county_sample():
    roster = read_roster(SAMPLE / "county_3000.xlsx")
    got = read_scenarios(roster.path, roster.instance, roster.policy, SAMPLE / "scenarios.toml")
    assert len(got) >= 5
    kinds = {e.kind for s in got for e in s.edits}
    assert {EditKind.ADD_VACANCY, EditKind.EXEMPT} <= kinds
    assert any(dict(s.overrides).get("Q1.min_share") == 0.3 for s in got)  # the infeasible one
    for s in got:
        s.apply(roster.instance, roster.policy)  # every scenario applies to the county
