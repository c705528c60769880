"""The command line's checks of its other inputs and of its output, each through
``planner`` itself (in-process): a ``--policy`` TOML problem at its line, history plans of
this roster and of a plausible year, a previous plan of this roster, file-level messages
in the roster's language, an output that cannot be written found before any solving,
and no control character of a file name on the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from rotation_planner.cli import app
from tests.hostile.craft import english_roster, hand_plan, our_plan, roster
from tests.hostile.harness import RUNNER, flat, refused_by_cli
from tests.hostile.test_plan_corpus import assignments, other_county
from tests.io.conftest import base_sheets, teacher_row, write_workbook

# The first progress line of a solve: an output check that comes after it came too late.
SOLVING = ("建立模型", "building model")


def test_a_policy_toml_syntax_error_is_cited_at_its_line(tmp_path: Path) -> None:
    path = roster(tmp_path)
    policy = tmp_path / "政策.toml"
    policy.write_text("# 政策\n[Q1]\nmin_share = \n", encoding="utf-8")

    refused_by_cli(tmp_path, ["validate", str(path), "--policy", str(policy), "-q"],
                   ("政策.toml 第3行", "不是有效的 TOML"))  # fmt: skip


def test_a_policy_file_problem_in_english_for_an_english_roster(tmp_path: Path) -> None:
    path = english_roster(tmp_path)
    policy = tmp_path / "policy.toml"
    policy.write_text('[Q1]\nmin_share = 7\n"E3.max_age_male" = 1e300\n', encoding="utf-8")

    out = refused_by_cli(tmp_path, ["solve", str(path), "--policy", str(policy), "-q"],
                         ("policy.toml line 2 (Q1.min_share): bad value '7'",
                          "policy.toml line 3"))  # fmt: skip
    assert not any(word in out for word in SOLVING)


@pytest.mark.parametrize(
    ("item", "says"),
    [
        ("{plan}:99999", ("方案年份 99999 不在 2000 至 2026",)),
        ("{other}:2025", ("不是本花名册的方案",)),
        ("{plan}:2024", ("其运行信息记录的方案年份为 2026, 而非 2024",)),
    ],
)
def test_stats_and_solve_refuse_a_history_plan_not_of_this_roster_or_year(
    tmp_path: Path, item: str, says: tuple[str, ...]
) -> None:
    path = roster(tmp_path)
    plan = our_plan(tmp_path, path, "方案.xlsx")
    history = item.format(plan=plan, other=other_county(tmp_path))

    refused_by_cli(tmp_path, ["stats", str(path), "--history", history, "-q"], says)
    refused_by_cli(tmp_path, ["solve", str(path), "--history", history, "-q"], says)


def test_a_history_plan_of_this_roster_is_accepted(tmp_path: Path) -> None:
    path = roster(tmp_path)
    plan = our_plan(tmp_path, path, "方案.xlsx")

    result = RUNNER.invoke(app, ["stats", str(path), "--history", str(plan), "-q"])

    assert result.exit_code == 0, result.output
    assert "2026" in result.output


def test_replan_refuses_another_countys_plan(tmp_path: Path) -> None:
    path = roster(tmp_path)
    other = other_county(tmp_path)

    out = refused_by_cli(tmp_path, ["replan", str(path), "--previous", str(other)],
                         ("不是本花名册的方案", "姓名不符"))  # fmt: skip
    assert not any(word in out for word in SOLVING)


def test_replan_keeps_a_plan_of_this_roster(tmp_path: Path) -> None:
    path = roster(tmp_path)
    plan = our_plan(tmp_path, path, "方案.xlsx")

    result = RUNNER.invoke(app, ["replan", str(path), "--previous", str(plan), "-q"])

    # The plan is accepted and the solve runs (this tiny roster has no lawful plan: Q3)
    assert result.exit_code == 3, result.output
    assert (tmp_path / "花名册.replan.xlsx").is_file()


def test_a_damaged_plan_is_worded_in_the_english_rosters_language(tmp_path: Path) -> None:
    path = english_roster(tmp_path)
    damaged = assignments(lambda x: x[:100])(tmp_path, path)  # 方案.xlsx: a Chinese name

    refused_by_cli(tmp_path, ["check", str(path), str(damaged), "-q"],
                   ("damaged and cannot be read",))  # fmt: skip
    refused_by_cli(tmp_path, ["compare", str(damaged), str(damaged), "--roster", str(path), "-q"],
                   ("damaged and cannot be read",))  # fmt: skip


def test_a_scenario_file_problem_in_english_for_an_english_roster(tmp_path: Path) -> None:
    path = english_roster(tmp_path)
    scenarios = tmp_path / "情景.toml"
    scenarios.write_text('[[scenario]]\nname = "甲"\n\nexempt = [{ teacher = "T9" }]\n', "utf-8")

    refused_by_cli(tmp_path, ["whatif", str(path), "--scenarios", str(scenarios), "-q"],
                   ("情景.toml line 4", "the teacher is not"))  # fmt: skip


def _missing(folder: Path) -> str:
    return str(folder / "无此目录" / "输出.xlsx")


def test_solve_finds_a_missing_output_folder_before_solving(tmp_path: Path) -> None:
    path = roster(tmp_path)

    out = refused_by_cli(tmp_path, ["solve", str(path), "-o", _missing(tmp_path)],
                         ("无法写入 输出.xlsx", "不存在"))  # fmt: skip
    assert not any(word in out for word in SOLVING)


def test_solve_refuses_a_copy_of_the_roster_as_its_output(tmp_path: Path) -> None:
    path = roster(tmp_path)
    copy = tmp_path / "副本.xlsx"
    copy.write_bytes(path.read_bytes())

    out = refused_by_cli(tmp_path, ["solve", str(path), "-o", str(copy)], ("它是输入文件",))
    assert not any(word in out for word in SOLVING)


def test_replan_whatif_check_and_compare_find_a_missing_output_folder(tmp_path: Path) -> None:
    path = roster(tmp_path)
    plan = our_plan(tmp_path, path, "方案.xlsx")
    scenarios = tmp_path / "情景.toml"
    scenarios.write_text('[[scenario]]\nname = "甲"\npolicy = { "Q1.min_share" = 0.2 }\n', "utf-8")
    says = ("无法写入 输出.xlsx", "不存在")

    for args in (
        ["replan", str(path), "--previous", str(plan)],
        ["whatif", str(path), "--scenarios", str(scenarios)],
        ["check", str(path), str(plan)],
        ["compare", str(plan), str(plan), "--roster", str(path)],
    ):
        out = refused_by_cli(tmp_path, [*args, "-o", _missing(tmp_path)], says)
        assert not any(word in out for word in SOLVING), args
        assert "检查" not in out.replace("无法写入", "")  # check -o: before the plan is read


def test_a_file_name_with_a_terminal_escape_is_echoed_without_it(tmp_path: Path) -> None:
    path = roster(tmp_path, "花名册\x1b[2J\x1b]0;pwned\x07.xlsx")
    plan = hand_plan(tmp_path, "方案\x1b[31m.xlsx", [["T1", "张三", "R1", "数学"]])

    result = RUNNER.invoke(app, ["check", str(path), str(plan), "-o", str(tmp_path / "x\x1b.xlsx")])

    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "花名册[2J]0;pwned.xlsx" in result.output  # the name, less its control characters
    assert "方案[31m.xlsx" in result.output


def test_solve_shows_the_warnings_and_goes_on(tmp_path: Path) -> None:
    sheets = base_sheets()
    sheets["教师"][1] = teacher_row("T1", G="中学一级", P="有")
    sheets["教师"].append(["合计", None, None, None, None, None, None, 15, 1])
    sheets["政策参数"].append(["Q3.enabled", "否"])
    for row, staff in ((1, 20), (2, 10), (3, 10)):  # Q4 lets U1 send one, P3 R1 take one
        sheets["学校"][row][5] = staff
    path = write_workbook(tmp_path / "花名册.xlsx", sheets)

    result = RUNNER.invoke(app, ["solve", str(path), "-q"])

    assert result.exit_code == 0, result.output
    said = flat(result.output)
    assert "2 条提示 (不是错误, 花名册已读取):" in said
    assert "职称 '中学一级' (2015年职称制度改革前的名称) 按改革的对应关系读作 一级" in said
    assert "教师 第4行: 合计行不是数据, 已跳过" in said
    assert (tmp_path / "花名册.plan.xlsx").is_file()
