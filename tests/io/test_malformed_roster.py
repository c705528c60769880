"""A corpus of malformed rosters: each reports exactly the expected problems, each at
its sheet, row and column, all at once, and none of them stops the reading early."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from rotation_planner.io.errors import MESSAGES, Issue, RosterError
from rotation_planner.io.read import read_roster
from tests.io.conftest import base_sheets, id_number, teacher_row, write_workbook

Sheets = dict[str, list[list[object]]]
# (kind, sheet, row, column letter): what a test expects of one issue
Expected = tuple[str, str | None, int | None, str | None]


@dataclass(frozen=True)
class Case:
    """A valid base roster changed by ``edit``, or a file made by ``make``."""

    edit: Callable[[Sheets], object] | None
    expected: tuple[Expected, ...]
    make: Callable[[Path], Path] | None = None


def teachers(**cells: object) -> Callable[[Sheets], None]:
    """Replace teacher T1 (row 2) by a row with ``cells`` changed."""

    def edit(s: Sheets) -> None:
        s["教师"][1] = teacher_row("T1", **cells)

    return edit


def cell(sheet: str, row: int, col: int, value: object) -> Callable[[Sheets], None]:
    """Set one cell (Excel row, 0-based column index)."""

    def edit(s: Sheets) -> None:
        s[sheet][row - 1][col] = value

    return edit


def edits(*changes: Callable[[Sheets], object]) -> Callable[[Sheets], None]:
    def edit(s: Sheets) -> None:
        for change in changes:
            change(s)

    return edit


def text_file(content: bytes, name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    return make


def drop_column(sheet: str, col: int) -> Callable[[Sheets], None]:
    def edit(s: Sheets) -> None:
        for row in s[sheet]:
            del row[col]

    return edit


T, S, V, P = "教师", "学校", "岗位需求", "政策参数"
ID = id_number("19850307")
BAD_CHECK = ID[:17] + ("0" if ID[17] != "0" else "1")

CASES: dict[str, Case] = {
    # the file
    "not a workbook": Case(None, (("not_a_workbook", None, None, None),),
                           make=text_file(b"just text", "roster.xlsx")),
    "zip but no workbook": Case(None, (("not_a_workbook", None, None, None),),
                                make=text_file(b"PK\x05\x06" + b"\0" * 18, "roster.xlsx")),
    "csv neither UTF-8 nor GBK": Case(None, (("csv_encoding", None, None, None),),
                                      make=text_file(b"\x80\xff,\xff\n", "roster.csv")),
    "damaged xls file": Case(None, (("damaged_workbook", None, None, None),),
                             make=text_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
                                            "r.xls")),
    "encrypted xlsx": Case(None, (("protected_workbook", None, None, None),),
                           make=text_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
                                          + "EncryptedPackage".encode("utf-16-le"), "r.xlsx")),
    "no such file": Case(None, (("file_not_found", None, None, None),),
                         make=lambda folder: folder / "missing.xlsx"),
    "a folder": Case(None, (("not_a_file", None, None, None),),
                     make=lambda folder: folder),
    # sheets and columns
    "missing Teachers sheet": Case(lambda s: s.pop(T), (("missing_sheet", T, None, None),)),
    "missing Schools sheet": Case(lambda s: s.pop(S), (("missing_sheet", S, None, None),)),
    "missing Vacancies sheet": Case(lambda s: s.pop(V), (("missing_vacancies", V, None, None),)),
    "duplicate Teachers sheet": Case(lambda s: s.update(Teachers=s[T]),
                                     (("duplicate_sheet", "Teachers", None, None),)),
    "missing title column": Case(drop_column(T, 6), (("missing_column", T, None, None),)),
    "missing school column": Case(drop_column(T, 4), (("missing_column", T, None, None),)),
    "no age, birth date or ID column": Case(
        edits(drop_column(T, 10), drop_column(T, 9), drop_column(T, 3)),
        (("missing_column", T, None, None),)),
    "missing count column": Case(drop_column(V, 2), (("missing_column", V, None, None),)),
    "missing Policy value column": Case(drop_column(P, 1), (("missing_column", P, None, None),)),
    "duplicate column": Case(edits(cell(T, 1, 17, "工号"), cell(T, 2, 17, "T9")),
                             (("duplicate_column", T, 1, "R"),)),
    "no header row": Case(lambda s: s.update({S: [["学校清单"], ["U1", "城关一小"]]}),
                          (("no_header", S, None, None),)),
    "empty Teachers sheet": Case(lambda s: s.update({T: [s[T][0]]}),
                                 (("empty_sheet", T, None, None),)),
    # identities and references
    "duplicate teacher_id": Case(cell(T, 3, 0, "T1"), (("duplicate_teacher_id", T, 3, "A"),)),
    "duplicate school_id": Case(lambda s: s[S].append(["R1", "新校", "农村", 3]),
                                (("duplicate_school_id", S, 5, "A"),)),
    "duplicate school_id but case": Case(lambda s: s[S].append(["ｒ1", "新校", "农村", 3]),
                                         (("duplicate_school_id", S, 5, "A"),)),
    "duplicate school name": Case(cell(S, 4, 1, " 白沙小学"),
                                  (("duplicate_school_name", S, 4, "B"),)),
    "unknown school": Case(teachers(E="X9"), (("unknown_school", T, 2, "E"),)),
    "code and name disagree": Case(
        edits(lambda s: s[T][0].append("学校编号"), lambda s: s[T][1].append("R1"),
              lambda s: s[T][2].append(None)),
        (("school_mismatch", T, 2, "E"),)),
    "missing teacher_id": Case(teachers(A=None), (("missing_value", T, 2, "A"),)),
    "spouse unknown": Case(teachers(N="T7"), (("unknown_spouse", T, 2, "N"),)),
    "spouse is oneself": Case(teachers(N="T1"), (("spouse_self", T, 2, "N"),)),
    "two rows name one spouse": Case(
        edits(teachers(N="T2"), lambda s: s["教师"].append(teacher_row("T3", N="T2"))),
        (("spouse_conflict", T, 2, "N"), ("spouse_conflict", T, 4, "N")),
    ),
    "spouse names another spouse": Case(
        edits(teachers(N="T2"), cell("教师", 3, 13, "T3"),
              lambda s: s["教师"].append(teacher_row("T3"))),
        (("spouse_conflict", T, 2, "N"), ("spouse_conflict", T, 3, "N")),
    ),
    "wish names an unknown school": Case(teachers(M="R1、月亮小学"),
                                         (("wish_unknown_school", T, 2, "M"),)),
    "wish names a school with no vacancy": Case(teachers(M="城关一小"),
                                                (("wish_not_receiving", T, 2, "M"),)),
    "locked to an unknown school": Case(teachers(O="X9"), (("unknown_locked_school", T, 2, "O"),)),
    "locked, but E2 keeps the teacher home": Case(
        teachers(H=2, O="R1"), (("lock_closed", T, 2, "O"),)
    ),
    "locked, but no post in the teacher's subject": Case(
        teachers(O="R2"), (("lock_closed", T, 2, "O"),)
    ),
    "locked to the teacher's own school": Case(teachers(O="U1"), (("lock_no_post", T, 2, "O"),)),
    "paired with an unknown school": Case(cell(S, 2, 4, "R1、X9"),
                                          (("unknown_paired_school", S, 2, "E"),)),
    "paired with itself": Case(cell(S, 2, 4, "U1"), (("paired_self", S, 2, "E"),)),
    "vacancy at an unknown school": Case(cell(V, 3, 0, "X9"),
                                         (("vacancy_unknown_school", V, 3, "A"),)),
    # values
    "bad title": Case(teachers(G="教授"), (("bad_title", T, 2, "G"),)),
    "empty title": Case(teachers(G=None), (("missing_value", T, 2, "G"),)),
    "bad gender": Case(teachers(C="X"), (("bad_gender", T, 2, "C"),)),
    "no gender": Case(teachers(C=None), (("missing_gender", T, 2, "C"),)),
    "gender disagrees with ID": Case(teachers(C="女", J=ID),
                                     (("gender_id_mismatch", T, 2, "C"),)),
    "age 150": Case(teachers(D=150), (("age_out_of_range", T, 2, "D"),)),
    "age 17": Case(teachers(D="17岁"), (("age_out_of_range", T, 2, "D"),)),
    "age in words": Case(teachers(D="四十"), (("not_a_number", T, 2, "D"),)),
    "age 40.5": Case(teachers(D=40.5), (("not_an_integer", T, 2, "D"),)),
    "age about 40": Case(teachers(D="约40"), (("not_a_number", T, 2, "D"),)),
    "no age at all": Case(teachers(D=None), (("missing_age", T, 2, "D"),)),
    "negative years at school": Case(teachers(H=-1), (("negative_number", T, 2, "H"),)),
    "negative rural years": Case(teachers(I="-2年"), (("negative_number", T, 2, "I"),)),
    "years as a range": Case(teachers(H="6-8"), (("not_a_number", T, 2, "H"),)),
    "empty years at school": Case(teachers(H=None), (("missing_value", T, 2, "H"),)),
    "last rural year in the future": Case(teachers(R=2031), (("bad_year", T, 2, "R"),)),
    "bad yes/no": Case(teachers(P="也许"), (("bad_bool", T, 2, "P"),)),
    "bad backbone": Case(teachers(L="很强"), (("bad_backbone", T, 2, "L"),)),
    "ID check digit wrong": Case(teachers(J=BAD_CHECK), (("id_bad_check_digit", T, 2, "J"),)),
    "ID too short": Case(teachers(D=None, J=ID[:15]), (("id_bad_format", T, 2, "J"),)),
    "ID with letters": Case(teachers(J="36010219850307A13X"), (("id_bad_format", T, 2, "J"),)),
    "ID birth date impossible": Case(
        teachers(J="360102" + "19851307" + "1131"),  # month 13; the check digit is wrong too
        (("id_bad_birth_date", T, 2, "J"), ("id_bad_check_digit", T, 2, "J"))),
    "ID stored as a number": Case(teachers(J=float(ID)), (("id_stored_as_number", T, 2, "J"),)),
    "bad birth date text": Case(teachers(D=None, K="八五年三月"), (("bad_birth_date", T, 2, "K"),)),
    "birth date month 13": Case(teachers(D=None, K="1985.13"), (("bad_birth_date", T, 2, "K"),)),
    "birth date as ambiguous number": Case(teachers(D=None, K=1985.1),
                                           (("ambiguous_birth_date", T, 2, "K"),)),
    "birth date gives age 86": Case(teachers(D=None, K="1940-05"),
                                    (("derived_age_out_of_range", T, 2, "K"),)),
    "ID gives age 10": Case(teachers(C=None, D=None, J=id_number("20160101")),
                            (("derived_age_out_of_range", T, 2, "J"),)),
    "unknown school type": Case(cell(S, 3, 2, "重点校"), (("bad_school_type", S, 3, "C"),)),
    "negative distance": Case(cell(S, 3, 3, -5), (("negative_number", S, 3, "D"),)),
    "distance in words": Case(cell(S, 3, 3, "很远"), (("not_a_number", S, 3, "D"),)),
    "negative staff": Case(cell(S, 3, 5, -3), (("negative_number", S, 3, "F"),)),
    "latitude out of range": Case(cell(S, 3, 6, 127.5), (("coordinate_out_of_range", S, 3, "G"),)),
    "empty school name": Case(cell(S, 3, 1, None), (("missing_value", S, 3, "B"),)),
    "negative vacancy count": Case(cell(V, 2, 2, -1), (("negative_number", V, 2, "C"),)),
    "vacancy count 1.5": Case(cell(V, 2, 2, 1.5), (("not_an_integer", V, 2, "C"),)),
    "vacancy count empty": Case(cell(V, 2, 2, None), (("missing_value", V, 2, "C"),)),
    "vacancy subject empty": Case(cell(V, 3, 1, "  "), (("missing_value", V, 3, "B"),)),
    "subject column count negative": Case(
        edits(lambda s: s.pop(V), lambda s: s[S][0].append("数学"),
              *(lambda s, r=r, v=v: s[S][r].append(v) for r, v in ((1, None), (2, 1), (3, -2)))),
        (("negative_number", S, 4, "H"),)),
    # the Policy sheet
    "unknown Policy key": Case(lambda s: s[P].append(["Q9.min_share", 0.1]),
                               (("unknown_policy_key", P, 3, "A"),)),
    "Policy key without a field": Case(lambda s: s[P].append(["Q1.minimum", 0.1]),
                                       (("unknown_policy_key", P, 3, "A"),)),
    "bad Policy value": Case(lambda s: s[P].append(["Q1.min_share", 1.5]),
                             (("bad_policy_value", P, 3, "B"),)),
    "bad Policy yes/no": Case(lambda s: s[P].append(["R3.enabled", "也许"]),
                              (("bad_policy_value", P, 3, "B"),)),
    "bad Policy choice": Case(lambda s: s[P].append(["P5.mode", "always"]),
                              (("bad_policy_value", P, 3, "B"),)),
    "duplicate Policy key": Case(lambda s: s[P].append(["plan_year", 2027]),
                                 (("duplicate_policy_key", P, 3, "A"),)),
    "Policy value without key": Case(lambda s: s[P].append([None, 3]),
                                     (("missing_value", P, 3, "A"),)),
}  # fmt: skip


def build(case: Case, folder: Path) -> Path:
    if case.make is not None:
        return case.make(folder)
    sheets = base_sheets()
    assert case.edit is not None
    case.edit(sheets)
    return write_workbook(folder / "roster.xlsx", sheets)


def issues_of(path: Path) -> list[Issue]:
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    return caught.value.issues


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 30
    kinds = {kind for case in CASES.values() for kind, *_ in case.expected}
    assert len(kinds) >= 40
    assert kinds <= set(MESSAGES)


def test_the_base_roster_is_valid(tmp_path: Path) -> None:
    assert read_roster(build(Case(lambda s: None, ()), tmp_path)).instance.teachers


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_roster(tmp_path: Path, name: str) -> None:
    case = CASES[name]

    issues = issues_of(build(case, tmp_path))

    got = [(i.kind, i.sheet, i.row, i.column) for i in issues]
    assert got == list(case.expected)
    for issue in issues:
        assert issue.message_en and issue.message_zh
        assert issue.render("zh") != issue.render("en")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    sheets = base_sheets()
    sheets["教师"][1] = teacher_row("T1", D=150, G="教授", E="X9")
    sheets["教师"][2][0] = "T1"  # duplicate id
    sheets["教师"].append(teacher_row("T3", J=BAD_CHECK, M="月亮小学"))
    sheets["学校"][3][2] = "重点校"
    sheets["学校"][2][3] = -1
    sheets["岗位需求"][1][2] = -2
    sheets["岗位需求"].append(["X8", "数学", 1])
    sheets["政策参数"].append(["Q9.min_share", 0.1])
    sheets["政策参数"].append(["Q1.min_share", "很多"])

    issues = issues_of(write_workbook(tmp_path / "roster.xlsx", sheets))

    assert [(i.kind, i.sheet, i.row, i.column) for i in issues] == [
        ("age_out_of_range", "教师", 2, "D"),
        ("unknown_school", "教师", 2, "E"),
        ("bad_title", "教师", 2, "G"),
        ("duplicate_teacher_id", "教师", 3, "A"),
        ("id_bad_check_digit", "教师", 4, "J"),
        ("wish_unknown_school", "教师", 4, "M"),
        ("negative_number", "学校", 3, "D"),
        ("bad_school_type", "学校", 4, "C"),
        ("negative_number", "岗位需求", 2, "C"),
        ("vacancy_unknown_school", "岗位需求", 4, "A"),
        ("unknown_policy_key", "政策参数", 3, "A"),
        ("bad_policy_value", "政策参数", 4, "B"),
    ]


def test_several_missing_sheets_and_columns_at_once(tmp_path: Path) -> None:
    sheets = base_sheets()
    del sheets["学校"]
    for row in sheets["教师"]:
        del row[6]  # 职称
        del row[0]  # 工号

    issues = issues_of(write_workbook(tmp_path / "roster.xlsx", sheets))

    assert {(i.kind, i.sheet, i.header) for i in issues} == {
        ("missing_sheet", "学校", None),
        ("missing_column", "教师", "工号"),
        ("missing_column", "教师", "职称"),
    }


def test_english_roster_issues_use_english_sheets_and_headers(tmp_path: Path) -> None:
    sheets = {
        "Teachers": [
            ["teacher_id", "name", "gender", "age", "school_id", "subject", "title",
             "years_at_school", "rural_years"],
            ["T1", "Zhang", "M", 150, "U1", "math", "first", 8, 0],
        ],
        "Schools": [["school_id", "name", "type", "distance_km"], ["U1", "Town", "urban", 0]],
    }  # fmt: skip

    with pytest.raises(RosterError) as error:
        read_roster(write_workbook(tmp_path / "r.xlsx", sheets))

    assert error.value.lang == "en"
    assert str(error.value).splitlines() == [
        "Teachers!D2 (age): age is out of range 18-70",  # an age is never shown
        "Vacancies: sheet Vacancies (岗位需求) is missing and Schools has no subject columns",
    ]


def test_render_in_both_languages() -> None:
    issue = Issue.of("negative_number", "Schools", 5, "C", "distance", value="'-3'",
                     what_en="distance_km", what_zh="距县城距离")  # fmt: skip

    assert issue.render("en") == "Schools!C5 (distance): distance_km '-3' is negative"
    assert issue.render("zh") == "Schools 第5行 C列(distance): 距县城距离 '-3' 为负数"
    zh = Issue.of("age_out_of_range", "教师", 5, "C", "年龄", low=18, high=70)
    assert zh.render("zh") == "教师 第5行 C列(年龄): 年龄超出范围18-70"


def test_render_without_cell() -> None:
    sheet = Issue.of("missing_sheet", "教师", sheet_en="Teachers", sheet_zh="教师")
    column = Issue.of("missing_column", "教师", None, None, "职称", column_en="title",
                      column_zh="职称")  # fmt: skip
    row = Issue.of("empty_sheet", "Schools", 4)
    file = Issue.of("not_a_workbook", file="r.xlsx")

    assert sheet.render("zh") == "教师: 缺少必需的工作表 教师 (Teachers)"
    assert column.render("en") == "教师 (职称): required column title is missing"
    assert column.render("zh") == "教师 (职称): 缺少必需的列 职称"
    assert row.render("en") == "Schools row 4: the sheet has no data rows"
    assert file.render("en") == "File: r.xlsx is not an Excel (.xlsx) workbook"
    assert file.render("zh") == "文件: r.xlsx 不是 Excel (.xlsx) 工作簿"


def test_missing_age_points_at_the_birth_date_when_there_is_no_age_column(tmp_path: Path) -> None:
    sheets = base_sheets()
    for row in sheets["教师"]:
        del row[3]  # 年龄: birth date (now J) and ID number (now I) remain, both empty

    issues = issues_of(write_workbook(tmp_path / "roster.xlsx", sheets))

    assert [(i.kind, i.row, i.column, i.header) for i in issues] == [
        ("missing_age", 2, "J", "出生日期"),
        ("missing_age", 3, "J", "出生日期"),
    ]
