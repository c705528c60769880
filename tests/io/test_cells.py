"""The cell parsers every reader shares read back every word the product writes."""

from __future__ import annotations

import datetime as dt

import pytest

from rotation_planner.domain import Backbone, Gender, SchoolType, Title
from rotation_planner.io import cells
from rotation_planner.policy import parse_bool, parse_title
from rotation_planner.vocabulary import (
    BACKBONES,
    GENDERS,
    IN_SERVICE,
    NO,
    SCHOOL_TYPES,
    SUBJECT_LEADER,
    TITLES,
    YES,
)

LANGS = ("zh", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_every_display_word_reads_back(lang: str) -> None:
    for title, words in TITLES.items():
        assert cells.title(words.shown(lang)) is title
        assert parse_title(words.shown(lang)) is title  # the Policy sheet's E4.min_title
    for kind, words in SCHOOL_TYPES.items():
        assert cells.school_type(words.shown(lang)) is kind
    for gender, words in GENDERS.items():
        assert cells.gender(words.shown(lang)) is gender
    for level, words in BACKBONES.items():
        assert cells.backbone(words.shown(lang)) == (level, False)
    assert cells.backbone(SUBJECT_LEADER.shown(lang)) == (Backbone.NONE, True)
    assert cells.yes_no(YES.shown(lang)) is True and cells.yes_no(NO.shown(lang)) is False
    assert parse_bool(YES.shown(lang)) is True and parse_bool(NO.shown(lang)) is False
    assert cells.status(IN_SERVICE.shown(lang)) == IN_SERVICE.zh


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("full senior", Title.FULL_SENIOR),  # the report's English word
        ("full_senior", Title.FULL_SENIOR),  # what English rosters used to carry
        ("中小学一级教师", Title.FIRST),
        ("副高级职称", Title.SENIOR),
        (3, Title.FIRST),
    ],
)
def test_title_words(written: object, title: Title) -> None:
    assert cells.title(written) is title


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("县级骨干教师", (Backbone.COUNTY, False)),
        ("区级、学科带头人", (Backbone.COUNTY, True)),
        ("provincial backbone", (Backbone.PROVINCE, False)),
        ("名师", (Backbone.NONE, True)),
        ("无", (Backbone.NONE, False)),
    ],
)
def test_backbone_words(written: str, expected: tuple[Backbone, bool]) -> None:
    assert cells.backbone(written) == expected


def test_bad_words_name_their_problem() -> None:
    with pytest.raises(cells.BadCell) as bad:
        cells.title("特级")
    assert bad.value.kind == "bad_title"
    with pytest.raises(cells.BadCell) as bad:
        cells.school_type("郊区")
    assert bad.value.kind == "bad_school_type"
    with pytest.raises(cells.BadCell) as bad:
        cells.gender("X")
    assert bad.value.kind == "bad_gender" and not bad.value.params  # gender is personal


@pytest.mark.parametrize(
    ("written", "expected"),
    [("√", True), ("×", False), ("", False), ("无", False), ("Y", True), ("关", False)],
)
def test_yes_no_cells(written: str, expected: bool) -> None:
    assert cells.yes_no(written) is expected


def test_numbers_with_units_and_full_width_digits() -> None:
    assert cells.number("６年") == 6.0
    assert cells.count("3人") == 3
    with pytest.raises(cells.BadCell) as bad:
        cells.count("-1")
    assert bad.value.kind == "negative_number"


def test_years_lists_are_sorted_and_bounded() -> None:
    assert cells.years_list("2024、2021, 2024", 2026) == (2021, 2024)
    assert cells.year(dt.datetime(2020, 5, 1), 2026) == 2020
    with pytest.raises(cells.BadCell) as bad:
        cells.year("2030", 2026)
    assert bad.value.kind == "bad_year"


def test_id_number_gives_birth_date_and_gender() -> None:
    body = "11010519850301001"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    assert cells.id_number(body + check) == (dt.date(1985, 3, 1), Gender.MALE)
    with pytest.raises(cells.BadCell) as bad:
        cells.id_number(body + ("0" if check != "0" else "1"))
    assert bad.value.kind == "id_bad_check_digit"


def test_school_types_in_either_language() -> None:
    assert cells.school_type("Teaching_Point") is SchoolType.TEACHING_POINT
    assert cells.school_type("村完小") is SchoolType.VILLAGE
