"""Hostile ``--policy`` and scenario TOML files: every problem at its line (a syntax
error at its line and column), files that are no small text refused, messages in the
roster's language; and output paths that cannot be written, found before solving.
Scenario files go through ``planner whatif`` (refused before any solving); the policy
file and the output check through their io functions (read_policy_file,
check_output), which the command line is to call."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from rotation_planner.io.atomic import check_output
from rotation_planner.io.errors import RosterError
from rotation_planner.io.policy_file import read_policy_file
from rotation_planner.io.read import read_roster
from rotation_planner.io.scenario_read import read_scenarios_toml
from tests.hostile.craft import english_roster, roster
from tests.hostile.harness import refused_by_cli, refused_by_io


def text(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return make


def fifo(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        os.mkfifo(folder / name)
        return folder / name

    return make


DEEP = "x = " + "[" * 100_000 + "]" * 100_000 + "\n"

POLICY: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "a syntax error": (text("政策.toml", "# 政策\n[Q1]\nmin_share = \n"),
                       ("政策.toml 第3行", "不是有效的 TOML")),
    "an unknown key in a table": (text("政策.toml", "[Q1]\nmin_share = 0.1\n\n[Q9]\nx = 1\n"),
                                  ("政策.toml 第5行 (Q9.x)", "未知的政策参数")),
    "a bad value in a table": (text("政策.toml", "[Q3]\nmin_share = 0.2\n[Q1]\nmin_share = 7\n"),
                               ("政策.toml 第4行 (Q1.min_share)", "取值 '7' 无效")),
    "a bad flat value": (text("政策.toml", '\n\n"E3.max_age_male" = 99\n'),
                         ("政策.toml 第3行", "E3.max_age_male")),
    "not UTF-8": (text("政策.toml", '"Q1.min_share" = 0.1\n# \xff\xfe\n'.encode("latin-1")),
                  ("政策.toml 第2行", "不是 UTF-8 文本")),
    "nested 100,000 deep": (text("政策.toml", DEEP), ("嵌套过深",)),
    "over a megabyte": (text("政策.toml", "# " + "x" * (2 * 1024 * 1024) + "\n"),
                        ("超过可读取的上限 1 MB",)),
    "2**63 points": (text("政策.toml", "[R2]\npoints_per_level = 9223372036854775807\n"),
                     ("政策.toml 第2行 (R2.points_per_level)", "超出合理范围")),
    "a pipe": (fifo("政策.toml"), ("不是普通文件",)),
    "a folder": (lambda folder: (folder / "政策.toml").mkdir() or folder / "政策.toml",
                 ("是文件夹",)),
    "missing": (lambda folder: folder / "政策.toml", ("不存在",)),
}  # fmt: skip


@pytest.mark.parametrize("name", list(POLICY))
def test_a_bad_policy_file_is_cited_at_its_line(tmp_path: Path, name: str) -> None:
    make, says = POLICY[name]
    path = make(tmp_path)

    refused_by_io(tmp_path, lambda: read_policy_file(path, "zh"), says, lang="zh")


def test_policy_file_problems_in_english_for_an_english_roster(tmp_path: Path) -> None:
    path = text("政策.toml", "[Q1]\nmin_share = 7\n")(tmp_path)

    says = ("政策.toml line 2 (Q1.min_share): bad value '7'",)
    error = refused_by_io(tmp_path, lambda: read_policy_file(path, "en"), says, lang="en")
    assert error.issues[0].lines


SCENARIOS: dict[str, tuple[str | bytes, tuple[str, ...]]] = {
    "a syntax error": ('[[scenario]]\nname = "甲"\npolicy = { "Q1.min_share" = }\n',
                       ("情景.toml 第3行", "不是有效的 TOML")),
    "an unknown school": ('# 情景\n[[scenario]]\nname = "甲"\ndescription = "新增岗位"\n'
                          'add_vacancy = [\n  { school = "R1", subject = "数学" },\n'
                          '  { school = "X9", subject = "数学" },\n]\n',
                          ("情景.toml 第7行 ([[scenario]] #1 '甲' add_vacancy[2].school)",
                           "学校 'X9' 不在学校表中")),
    "a bad value in a policy table": ('[[scenario]]\nname = "甲"\n[scenario.policy.E3]\n'
                                      "max_age_female = 45\nmax_age_male = 99\n",
                                      ("情景.toml 第5行", "E3.max_age_male 的取值 '99' 无效")),
    "a million posts": ('[[scenario]]\nname = "甲"\n\n[[scenario.add_vacancy]]\nschool = "R1"\n'
                        'subject = "数学"\ncount = 1000000\n',
                        ("情景.toml 第7行", "人数 *** 不是1至1000之间的整数")),
    "an escape in a key": ('[[scenario]]\nname = "甲"\n"col\\u001b[2Jour" = 1\n',
                           ("情景.toml 第3行", "未知的键")),
    "nested 100,000 deep": (DEEP, ("嵌套过深",)),
    "2**63 points": ('[[scenario]]\nname = "甲"\npolicy = { "R1.never_rural_points" = 1e300 }\n',
                     ("情景.toml 第3行", "超出合理范围")),
    "not UTF-8": ('[[scenario]]\nname = "\xe9"\n'.encode("latin-1"), ("第2行", "不是 UTF-8 文本")),
}  # fmt: skip


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_planner_whatif_cites_a_bad_scenario_file_at_its_line(tmp_path: Path, name: str) -> None:
    content, says = SCENARIOS[name]
    path = text("情景.toml", content)(tmp_path)
    roster_path = roster(tmp_path)

    refused_by_cli(tmp_path, ["whatif", str(roster_path), "--scenarios", str(path), "-q"], says)


def test_scenario_problems_in_english_for_an_english_roster(tmp_path: Path) -> None:
    path = text("情景.toml", '[[scenario]]\nname = "甲"\n\nexempt = [{ teacher = "T9" }]\n')(
        tmp_path
    )
    read = read_roster(english_roster(tmp_path))

    refused_by_io(
        tmp_path,
        lambda: read_scenarios_toml(path, read.instance, read.policy, read.lang),
        ("情景.toml line 4 ([[scenario]] #1 '甲' exempt[1].teacher_id): the teacher is not",),
        lang="en",
    )


# --- the output: found unwritable before solving (check_output) ------------------------------


def unwritable(folder: Path) -> Path:
    """A folder nobody can create a file in: read-only, or /sys for root."""
    if os.geteuid() == 0:
        return Path("/sys")
    locked = folder / "locked"
    locked.mkdir(mode=0o555)
    return locked


OUTPUTS: dict[str, tuple[Callable[[Path, Path], Path], tuple[str, ...]]] = {
    "a folder that does not exist": (lambda f, r: f / "无此目录" / "方案.xlsx",
                                     ("无法写入 方案.xlsx", "不存在")),
    "a folder": (lambda f, r: f, ("它是文件夹",)),
    "the roster itself": (lambda f, r: r, ("它是输入文件",)),
    "the roster by another path": (lambda f, r: f / "." / r.name, ("它是输入文件",)),
    "a copy of the roster": (lambda f, r: Path(f / "副本.xlsx").write_bytes(r.read_bytes())
                             and f / "副本.xlsx", ("它是输入文件",)),
    "a device": (lambda f, r: Path(os.devnull), ("不是普通文件",)),
    "a folder without write permission": (lambda f, r: unwritable(f) / "方案.xlsx",
                                          ("无法在文件夹", "中创建文件")),
}  # fmt: skip


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_an_output_that_cannot_be_written_is_found_before_solving(
    tmp_path: Path, name: str
) -> None:
    make, says = OUTPUTS[name]
    roster_path = roster(tmp_path)
    read = read_roster(roster_path)
    target = make(tmp_path, roster_path)

    refused_by_io(
        tmp_path, lambda: check_output(target, [roster_path], "zh", read.sha256), says, lang="zh"
    )


def test_a_writable_output_passes_and_leaves_nothing(tmp_path: Path) -> None:
    roster_path = roster(tmp_path)
    before = sorted(tmp_path.iterdir())

    check_output(tmp_path / "方案.xlsx", [roster_path], "zh")
    check_output(roster_path.with_name("旧方案.xlsx"), [roster_path], "zh")

    assert sorted(tmp_path.iterdir()) == before
    with pytest.raises(RosterError):  # and the same check refuses the roster itself
        check_output(roster_path, [roster_path], "zh")
