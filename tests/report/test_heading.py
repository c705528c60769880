"""The county on the printed pages, read from a roster's title row or file name."""

from __future__ import annotations

import pytest

from rotation_planner.report.heading import PlanHeading, county_from_file, county_from_title


@pytest.mark.parametrize(
    ("title", "county"),
    [
        ("青岚县2026年城乡教师交流轮岗花名册（示例数据）", "青岚县"),
        ("2026年青岚县教师花名册", "青岚县"),
        ("2026-2027学年 云溪县城乡教师交流轮岗花名册", "云溪县"),
        ("某某市某某区2026年教师花名册", "某某市某某区"),
        ("松阳岭县教师花名册", "松阳岭县"),
        ("Qinglan County 2026 urban-rural teacher rotation roster (sample data)", "Qinglan County"),
        ("工号", None),  # a header, not a title
        ("sample", None),
        ("教师花名册", None),  # a title that names no county
        ("teacher_roster_2026", None),
    ],
)
def test_county_from_title(title: str, county: str | None) -> None:
    assert county_from_title(title) == county


def test_county_from_file_name_or_the_name_itself() -> None:
    assert county_from_file("青岚县2026花名册.xlsx") == "青岚县"
    assert county_from_file("sample_300.xlsx") == "sample_300"
    assert county_from_file("dir/roster.xlsx") == "roster"


def test_titles_and_the_default_term() -> None:
    heading = PlanHeading("青岚县", 2026)
    assert heading.text("public_title", "zh") == "青岚县2026年城乡教师交流轮岗人员名单"
    assert heading.text("plan_title", "zh") == "青岚县2026年城乡教师交流轮岗方案"
    assert heading.term_text("zh") == "一学年"
    assert heading.term_text("en") == "one school year"
    assert PlanHeading("青岚县", 2026, term="两学年").term_text("zh") == "两学年"
