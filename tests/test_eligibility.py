"""Before the solve: a subject with more posts than teachers who could fill them is a
warning, and the eligibility list has every teacher with the rules that exclude them,
both as the rulebook's own predicate (Facts) says."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from rotation_planner.cli import app
from rotation_planner.eligibility import eligibility_table, supply, supply_warnings
from rotation_planner.io.roster_write import write_roster
from rotation_planner.policy import Policy
from tests.builders import instance, rural, school, teacher, vacancy

# 信息技术: 3 posts; T1 and T2 teach it, T3 too but is 53 (E3 excludes him), T4 teaches
# it as a second subject. 数学: 1 post, two teachers.
COUNTY = instance(
    [
        teacher("T1", subjects="信息技术"),
        teacher("T2", subjects="信息技术", years_at_school=1),  # E2: too few years
        teacher("T3", subjects="信息技术", age=53),  # E3: too old (over 50)
        teacher("T4", subjects=("数学", "信息技术")),
        teacher("T5", subjects="数学"),
    ],
    [school("U1", staff=40), rural("R1"), rural("R2")],
    [vacancy("R1", "信息技术", 2), vacancy("R2", "信息技术", 1), vacancy("R1", "数学", 1)],
)


def test_supply_counts_who_could_fill_a_post_of_the_subject() -> None:
    found = {s.subject: (s.posts, s.teachers, s.short) for s in supply(COUNTY, Policy())}

    assert found == {"信息技术": (3, 2, 1), "数学": (1, 2, 0)}


def test_supply_follows_the_policy() -> None:
    no_second = Policy().with_overrides({"P1.second_subjects": False})
    older = Policy().with_overrides({"E3.max_age_male": 55})

    assert supply(COUNTY, no_second)[0].teachers == 1  # T4's second subject no longer counts
    assert supply(COUNTY, older)[0].teachers == 3  # T3 counts again


def test_a_short_subject_is_a_warning_in_both_languages() -> None:
    (warning,) = supply_warnings(COUNTY, Policy())

    assert warning.message_zh == (
        "学科 '信息技术': 岗位 3 个, 可填补的符合条件教师仅 2 人; 至少 1 个岗位将空缺"
    )
    assert "3 post(s) but only 2 eligible teacher(s)" in warning.message_en


def test_the_eligibility_list_has_every_teacher_and_the_rules_that_exclude_them() -> None:
    table = eligibility_table(COUNTY, Policy(), "zh")

    rows = {r["teacher_id"]: r for r in table.as_dicts()}
    assert list(rows) == ["T1", "T2", "T3", "T4", "T5"]
    assert [rows[t]["eligible"] for t in rows] == ["是", "否", "否", "是", "是"]
    assert rows["T2"]["excluded_by"] == "E2 本校连续任教年限"
    assert rows["T3"]["excluded_by"] == "E3 年龄上限(男/女)"
    assert rows["T1"]["excluded_by"] == ""
    assert [rows[t]["posts_open"] for t in rows] == [3, 0, 0, 4, 1]
    assert table.headers[:3] == ("工号", "姓名", "学校编号")


def test_validate_lists_warnings_apart_and_writes_the_eligibility_list(tmp_path: Path) -> None:
    roster = tmp_path / "花名册.xlsx"
    write_roster(COUNTY, roster, lang="zh")
    target = tmp_path / "资格.xlsx"

    result = CliRunner().invoke(app, ["validate", str(roster), "-q", "--eligibility", str(target)])

    assert result.exit_code == 0, result.output
    summary, _, warnings = result.output.partition("1 条提示 (不是错误, 花名册已读取):")
    assert "花名册有效" in summary and "信息技术" in warnings and "至少 1 个岗位将空缺" in warnings
    sheet = openpyxl.load_workbook(target)["交流资格"]
    assert [c.value for c in sheet["A"]][1:] == ["T1", "T2", "T3", "T4", "T5"]
    assert [c.value for c in sheet["H"]][1:] == [None, "E2 本校连续任教年限", "E3 年龄上限(男/女)",
                                                 None, None]  # fmt: skip


def test_validate_finds_an_unwritable_eligibility_list_first(tmp_path: Path) -> None:
    roster = tmp_path / "花名册.xlsx"
    write_roster(COUNTY, roster, lang="zh")

    result = CliRunner().invoke(
        app, ["validate", str(roster), "-q", "--eligibility", str(tmp_path / "无" / "x.xlsx")]
    )

    assert result.exit_code == 2
    assert "花名册有效" not in result.output and "文件夹" in result.output
