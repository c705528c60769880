"""What bureaus type that is not the contract's word: titles from before the 2015 reform,
有/无 for 是/否, subjects written with their school level, total rows. Each is read as
what it means, and all but 有/无 are said as warnings (Roster.warnings): the roster is
read, nothing is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rotation_planner.domain import Title
from rotation_planner.io import cells
from rotation_planner.io.errors import RosterError
from rotation_planner.io.read import read_roster
from rotation_planner.vocabulary import LEGACY_TITLES
from tests.io.conftest import base_sheets, teacher_row

Make = Callable[..., Path]

# The 2015 reform's correspondence (人社部发〔2015〕79号), as docs/roster-format lists it.
REFORM = [
    ("中学高级", Title.SENIOR),
    ("中学一级", Title.FIRST),
    ("小学高级", Title.FIRST),
    ("中学二级", Title.SECOND),
    ("小学一级", Title.SECOND),
    ("中学三级", Title.THIRD),
    ("小学二级", Title.THIRD),
    ("小学三级", Title.THIRD),
]


@pytest.mark.parametrize(("old", "new"), REFORM)
def test_a_legacy_title_reads_as_the_reform_says(old: str, new: Title) -> None:
    assert cells.title(old) is new
    assert cells.title(old + "教师") is new
    assert cells.title(f" {old} 教师 ") is new
    assert cells.legacy_title(old + "教师") == (old, new)


def test_every_legacy_title_is_one_step_of_the_reform() -> None:
    # the short forms (中教/小教) read as the long ones
    for old, new in LEGACY_TITLES.items():
        long = old.replace("中教", "中学").replace("小教", "小学")
        assert dict(REFORM)[long] is new, old
    # the primary ladder sits a step lower: 小学高级 is not 高级
    assert cells.title("小学高级") is not cells.title("高级")


def test_new_titles_are_no_legacy_titles() -> None:
    for word in ("高级", "一级", "中小学一级教师", "正高级", "副高级", "中级"):
        assert cells.legacy_title(word) is None, word


@pytest.mark.parametrize(("word", "expected"), [("有", True), ("无", False), ("没有", False)])
def test_you_and_wu_are_yes_and_no(word: str, expected: bool) -> None:
    assert cells.yes_no(word) is expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("小学语文", ("语文", "小学")),
        ("初中数学", ("数学", "初中")),
        ("高中 物理", ("物理", "高中")),
        ("语文", ("语文", None)),
        ("小学部", ("小学部", None)),  # no subject after the level: kept as written
        ("初中日语", ("初中日语", None)),  # not a curriculum subject: kept as written
    ],
)
def test_a_subject_loses_its_school_level(written: str, expected: tuple[str, str | None]) -> None:
    assert cells.subject(written) == expected


@pytest.mark.parametrize("word", ["合计", "总计", "合 计", "Total", "小计：", "TOTAL"])
def test_a_total_row_is_one_whose_first_filled_cell_says_so(word: str) -> None:
    assert cells.is_total_row([None, word, None, 12])
    assert not cells.is_total_row(["T1", word])  # a total word later in a data row


def test_a_roster_as_typed_reads_with_its_warnings(workbook: Make) -> None:
    sheets = base_sheets()
    teachers = sheets["教师"]
    teachers[1] = teacher_row("T1", F="小学数学", G="小学高级", P="有")
    teachers[2] = teacher_row("T2", B="李四", C="女", D=35, F="语文", G="小学高级教师", P="无")
    teachers.append(["合计", None, None, None, None, None, None, 15, 1])
    sheets["岗位需求"].append(["R1", "初中数学", 1])

    roster = read_roster(workbook(sheets))

    t1, t2 = roster.instance.teachers
    assert (t1.title, t2.title) == (Title.FIRST, Title.FIRST)
    assert (t1.subjects, t1.volunteer, t2.volunteer) == (("数学",), True, False)
    assert [v.subject for v in roster.instance.vacancies] == ["数学", "语文", "数学"]
    said = [w.render("zh") for w in roster.warnings]
    assert said == [
        "教师 第2行 F列(学科): 学科 '小学数学' 读作 '数学' (学段由岗位所在学校确定)",
        "教师 第2行 G列(职称): 职称 '小学高级' (2015年职称制度改革前的名称) 按改革的对应关系"
        "读作 一级; 共 2 行: 第 2, 3 行",
        "教师 第4行: 合计行不是数据, 已跳过",
        "岗位需求 第4行 B列(学科): 学科 '初中数学' 读作 '数学' (学段由岗位所在学校确定)",
    ]
    assert "read as 一级 (first); 2 rows: 2, 3" in roster.warnings[1].render("en")


def test_a_roster_without_such_words_has_no_warning(workbook: Make) -> None:
    assert read_roster(workbook(base_sheets())).warnings == ()


def test_many_rows_of_one_word_are_one_warning(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["教师"][1:] = [teacher_row(f"T{i}", G="中学一级") for i in range(1, 13)]

    (warning,) = read_roster(workbook(sheets)).warnings

    assert warning.row == 2
    assert warning.message_en.endswith("12 rows: 2, 3, 4, 5, 6, 7, 8, 9 and 4 more")
    assert warning.message_zh.endswith("共 12 行: 第 2, 3, 4, 5, 6, 7, 8, 9 行 等")


def test_the_policy_sheet_takes_a_parameter_by_its_name(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["政策参数"] += [["派出校最低交流比例", "12%"], ["启用学科对口", "否"],
                       ["maximum age, women", 50]]  # fmt: skip

    policy = read_roster(workbook(sheets)).policy

    assert (policy.Q1.min_share, policy.P1.enabled, policy.E3.max_age_female) == (0.12, False, 50)


def test_a_parameter_named_twice_is_a_duplicate(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["政策参数"] += [["Q1.min_share", 0.12], ["派出校最低交流比例", 0.2]]

    with pytest.raises(RosterError) as caught:
        read_roster(workbook(sheets))

    assert (
        str(caught.value)
        == "政策参数 第4行 A列(参数): 政策参数 '派出校最低交流比例' 重复 (另见第3行)"
    )
