"""``planner policy``: every parameter with its names in both languages, default, range
and source, from policy.py."""

from __future__ import annotations

from typer.testing import CliRunner

from rotation_planner import rulebook
from rotation_planner.cli import app
from rotation_planner.policy import parameters


def test_every_parameter_is_a_row_with_both_names() -> None:
    rows = {row[0]: row for row in rulebook.rows("zh")}

    assert list(rows) == [p.key for p in parameters()]
    assert rows["Q1.min_share"] == (
        "Q1.min_share", "派出校最低交流比例", "minimum share of eligible teachers sent", "10%",
        "0% - 100%", "教育部2014年意见; 国务院2016年文件",
    )  # fmt: skip
    # Values in the words the Constraint report uses, not raw strings.
    assert rows["E6.directions"][3].startswith("城区→乡镇、城区→农村")
    assert rows["E3.max_age_male"][3:5] == ("50周岁", "18周岁 - 70周岁")
    assert rows["E4.min_title"][3:5] == ("一级", "未定级 < 三级 < 二级 < 一级 < 高级 < 正高级")
    assert rows["Q4.max_share"][5] == "推断 (无来源规定)"
    assert rows["P5.mode"][4] == "require (必须) / prefer (优先) / ignore (不考虑)"
    assert rows["W1.enabled"][3:] == ("否", "是 / 否", "启用或停用该规则")
    assert rulebook.rows("en")[2][3:] == ("yes", "yes / no", "switches the rule on or off")


def test_planner_policy_prints_the_table_in_either_language() -> None:
    zh = CliRunner().invoke(app, ["policy"])
    en = CliRunner().invoke(app, ["policy", "--lang", "en"])

    assert zh.exit_code == en.exit_code == 0
    assert zh.output.startswith("政策参数\n")
    assert (
        "\nQ1.min_share  派出校最低交流比例 / minimum share of eligible teachers sent\n"
        in zh.output
    )
    zh_line = "默认值: 10%; 取值范围: 0% - 100%; 来源: 教育部2014年意见; 国务院2016年文件"
    en_line = "default: 10%; range: 0% - 100%; source: MoE 2014; State Council 2016"
    assert f"\n    {zh_line}\n" in zh.output and f"\n    {en_line}\n" in en.output
    assert all(f"\n{p.key}  " in zh.output for p in parameters())
    assert CliRunner().invoke(app, ["policy", "--lang", "fr"]).exit_code == 2
