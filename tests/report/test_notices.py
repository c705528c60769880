"""The 公示名单 and the 学校通知: what is posted, and what each school is sent."""

from __future__ import annotations

from rotation_planner.domain import Assignment, Gender, Plan, Vacancy
from rotation_planner.policy import Policy
from rotation_planner.report.explain import PlanFacts
from rotation_planner.report.heading import PlanHeading
from rotation_planner.report.notices import PUBLIC_COLUMNS, public_list, school_notices
from tests.report.fixtures import county, teacher

HEADING = PlanHeading("青岚县", 2026)


def facts() -> PlanFacts:
    """U1 sends T01 (math, to R1) and T03 (Chinese, to R2); U2 sends T02 (math, to R1).
    R2's second Chinese post and its music post stay open."""
    inst = county(
        [
            teacher("T03", subjects=("语文",), name="丙"),
            teacher("T01", name="甲", gender=Gender.FEMALE),
            teacher("T02", "U2", name="乙"),
            teacher("T04", name="丁"),  # stays at U1
        ],
        [Vacancy("R1", "数学", 2), Vacancy("R2", "语文", 2), Vacancy("R2", "音乐", 1)],
    )
    plan = Plan.of(
        [
            Assignment("T02", "R1", "数学"),
            Assignment("T03", "R2", "语文"),
            Assignment("T01", "R1", "数学"),
        ]
    )
    return PlanFacts(inst, Policy(), plan)


def test_public_list_by_home_school_then_new_school() -> None:
    table = public_list(facts(), HEADING, "zh")
    assert table.name == "公示名单" and table.columns == PUBLIC_COLUMNS
    assert table.headers == (
        "序号",
        "姓名",
        "性别",
        "原单位",
        "交流学校",
        "学科",
        "职称",
        "交流期限",
    )
    assert table.rows == (
        (1, "甲", "女", "学校U1", "学校R1", "数学", "一级", "一学年"),
        (2, "丙", "男", "学校U1", "学校R2", "语文", "一级", "一学年"),
        (3, "乙", "男", "学校U2", "学校R1", "数学", "一级", "一学年"),
    )


def test_public_list_in_english_with_a_set_term() -> None:
    table = public_list(facts(), PlanHeading("Qinglan County", 2026, term="two years"), "en")
    assert table.headers[:3] == ("no.", "name", "gender")
    assert table.rows[0] == (1, "甲", "F", "学校U1", "学校R1", "数学", "first", "two years")


def test_each_school_sees_only_its_own_teachers() -> None:
    notices = {n.school_id: n for n in school_notices(facts(), HEADING, "zh").notices}
    assert list(notices) == ["R1", "R2", "U1", "U2"]  # every school concerned, by id

    def names(school_id: str) -> set[object]:
        return {row[1] for block in notices[school_id].blocks for row in block.rows}

    assert names("U1") == {"甲", "丙"}  # T04 stays: not on any notice
    assert names("U2") == {"乙"}
    assert names("R1") == {"甲", "乙"}
    assert names("R2") == {"丙"}
    (out,) = notices["U1"].blocks
    assert out.caption == "本校派出交流教师 2 人"
    assert out.headers[5] == "交流学校" and out.rows[0][5] == "学校R1"
    (came,) = notices["R1"].blocks
    assert came.caption == "到本校交流教师 2 人"
    assert came.headers[5] == "原单位" and {row[5] for row in came.rows} == {"学校U1", "学校U2"}


def test_a_receiving_school_reads_which_of_its_posts_are_open() -> None:
    notices = {n.school_id: n for n in school_notices(facts(), HEADING, "zh").notices}
    assert notices["R1"].posts_line == "本校申报岗位 2 个，已全部填补"
    assert notices["R2"].posts_line == "本校申报岗位 3 个，已填补 1 个；未填补：语文 1、音乐 1"
    assert notices["U1"].posts_line == ""


def test_a_school_that_asked_for_posts_is_told_even_when_nobody_comes() -> None:
    inst = county([teacher("T01")], [Vacancy("R1", "音乐", 1)])
    notices = school_notices(PlanFacts(inst, Policy(), Plan()), HEADING, "zh")
    assert [(n.school_id, n.blocks, n.posts_line) for n in notices.notices] == [
        ("R1", (), "本校申报岗位 1 个，已填补 0 个；未填补：音乐 1")
    ]
    assert notices.title == "青岚县2026年城乡教师交流轮岗学校通知"
    assert notices.issuer.startswith("青岚县教育局")
