"""The reader takes rosters as bureaus write them: aliases, title rows, blank rows,
full-width digits, Chinese words, numbers typed as text, ages from birth dates or IDs."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from rotation_planner.domain import Backbone, Gender, SchoolType, Title
from rotation_planner.io.errors import RosterError
from rotation_planner.io.read import read_roster
from rotation_planner.policy import Policy
from tests.io.conftest import base_sheets, id_number, teacher_row, write_workbook

Make = Callable[..., Path]


def test_base_roster_reads(workbook: Make) -> None:
    roster = read_roster(workbook(base_sheets()))

    inst = roster.instance
    assert roster.lang == "zh"
    assert [t.teacher_id for t in inst.teachers] == ["T1", "T2"]
    assert inst.teachers[1].gender is Gender.FEMALE
    assert inst.teachers[1].title is Title.SENIOR
    assert [s.type for s in inst.schools] == [SchoolType.URBAN, SchoolType.RURAL, SchoolType.RURAL]
    assert [(v.school_id, v.subject, v.count, v.row) for v in inst.vacancies] == [
        ("R1", "数学", 1, 2),
        ("R2", "语文", 2, 3),
    ]
    assert inst.plan_year == 2026


def test_english_aliases_and_sheet_names(workbook: Make) -> None:
    sheets = {
        " TEACHERS ": [
            ["Teacher ID", "Full Name", "Sex", "Age", "School", "Subjects", "Professional Title",
             "Years at school", "Rural service years", "Backbone level", "Volunteered"],
            ["T1", "Zhang San", "M", 40, "U1", "math", "first", 8, 0, "county", "Y"],
            ["T2", "Li Si", "female", 35, "Old Town Primary", "chinese", "senior", 7, 1, "", "n"],
        ],
        "Schools": [
            ["code", "School name", "School type", "Distance (km)"],
            ["U1", "Old Town Primary", "urban", 0],
            ["R1", "Hill Village", "village", 40.5],
        ],
        "Posts": [["School", "Subject", "Posts"], ["Hill Village", "math", 1]],
    }  # fmt: skip

    roster = read_roster(workbook(sheets))

    t1, t2 = roster.instance.teachers
    assert roster.lang == "en"
    assert (t1.backbone, t1.volunteer, t2.school_id, t2.gender) == (
        Backbone.COUNTY, True, "U1", Gender.FEMALE,
    )  # fmt: skip
    assert roster.instance.vacancies[0].school_id == "R1"
    assert roster.instance.schools[1].type is SchoolType.VILLAGE


def test_headers_with_spaces_full_width_and_units(workbook: Make) -> None:
    sheets = base_sheets()
    header = sheets["教师"][0]
    header[0], header[3], header[7] = " 工　号 ", "年龄（周岁）", "本校连续任教年限(年)"
    sheets["学校"][0][3] = "距县城距离【公里】"
    sheets["岗位需求"][0][2] = "*人数"

    inst = read_roster(workbook(sheets)).instance

    assert inst.teachers[0].age == 40
    assert inst.schools[2].distance_km == 65


def test_title_rows_and_blank_rows(tmp_path: Path) -> None:
    sheets = base_sheets()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        if title == "教师":
            ws.append(["XX县2026年教师花名册"])
            ws.merge_cells("A1:R1")
            ws.append(["填报单位: 县教育局", None, None, "2026年3月"])
            ws.append([])
        for i, row in enumerate(rows):
            ws.append(row)
            if i == 1 and title == "教师":
                ws.append([])
                ws.append(["   ", None])  # whitespace only counts as blank
    path = tmp_path / "roster.xlsx"
    wb.save(path)

    inst = read_roster(path).instance

    assert [(t.teacher_id, t.row) for t in inst.teachers] == [("T1", 5), ("T2", 8)]


def test_serial_number_and_notes_columns_are_ignored(workbook: Make) -> None:
    sheets = base_sheets()
    for name in ("教师", "学校", "岗位需求"):
        sheets[name][0].insert(0, "序号")
        sheets[name][0].append("备注")
        for i, row in enumerate(sheets[name][1:], start=1):
            row.insert(0, i)
            row.append("已核对")
    sheets["教师"].append([3] + [None] * 18)  # a numbered but empty template row

    inst = read_roster(workbook(sheets)).instance

    assert [t.teacher_id for t in inst.teachers] == ["T1", "T2"]


@pytest.mark.parametrize(
    ("cells", "attr", "expected"),
    [
        ({"D": "４０"}, "age", 40),
        ({"D": "40岁"}, "age", 40),
        ({"D": 40.0}, "age", 40),
        ({"H": "６年"}, "years_at_school", 6),
        ({"H": "6.5"}, "years_at_school", 6.5),
        ({"I": "2 年"}, "rural_years", 2),
        ({"Q": "２０"}, "teaching_years", 20),
        ({"R": "2019"}, "last_rural_year", 2019),
        ({"R": "无"}, "last_rural_year", None),
        ({"C": "男"}, "gender", Gender.MALE),
        ({"C": "女"}, "gender", Gender.FEMALE),
        ({"C": "f"}, "gender", Gender.FEMALE),
        ({"C": "Ｍ"}, "gender", Gender.MALE),
        ({"P": "是"}, "volunteer", True),
        ({"P": "否"}, "volunteer", False),
        ({"P": "Y"}, "volunteer", True),
        ({"P": "√"}, "volunteer", True),
        ({"P": True}, "volunteer", True),
        ({"G": "初级"}, "title", Title.SECOND),
        ({"G": "中级"}, "title", Title.FIRST),
        ({"G": "副高级"}, "title", Title.SENIOR),
        ({"G": "中学一级教师"}, "title", Title.FIRST),
        ({"G": "正高级"}, "title", Title.FULL_SENIOR),
        ({"G": "未定级"}, "title", Title.UNRANKED),
        ({"L": "无"}, "backbone", Backbone.NONE),
        ({"L": "校级"}, "backbone", Backbone.SCHOOL),
        ({"L": "县级骨干教师"}, "backbone", Backbone.COUNTY),
        ({"L": "省级"}, "backbone", Backbone.PROVINCE),
        ({"L": "学科带头人"}, "subject_leader", True),
        ({"L": "学科带头人"}, "backbone", Backbone.NONE),
        ({"L": "名师"}, "subject_leader", True),
        ({"L": "市级学科带头人"}, "backbone", Backbone.CITY),
        ({"L": "市级学科带头人"}, "subject_leader", True),
        ({"L": "县级、名师"}, "backbone", Backbone.COUNTY),
        ({"F": "数学、物理"}, "subjects", ("数学", "物理")),
        ({"F": "数学/物理; 化学"}, "subjects", ("数学", "物理", "化学")),
        ({"E": "城关一小"}, "school_id", "U1"),
        ({"E": " 城关 一小 "}, "school_id", "U1"),
        ({"E": "ｕ１"}, "school_id", "U1"),
        ({"M": "白沙小学、R2"}, "wishes", ("R1", "R2")),
        ({"M": "R2;R1"}, "wishes", ("R2", "R1")),
        ({"O": "白沙小学"}, "locked_to", "R1"),
        ({"N": "T2"}, "spouse_id", "T2"),
        ({"N": "无"}, "spouse_id", ""),
    ],
)
def test_cell_tolerance(
    workbook: Make, cells: dict[str, object], attr: str, expected: object
) -> None:
    sheets = base_sheets()
    sheets["教师"][1] = teacher_row("T1", **cells)

    teacher = read_roster(workbook(sheets)).instance.teachers[0]

    assert getattr(teacher, attr) == expected


@pytest.mark.parametrize(
    ("birth", "age"),
    [
        (dt.datetime(1985, 9, 1), 41),  # birthday on the reference date: already 41
        (dt.datetime(1985, 9, 2), 40),
        (dt.date(1990, 1, 15), 36),
        ("1985.03", 41),
        ("1985.10", 40),
        ("1985-03", 41),
        ("1985/03", 41),
        ("198503", 41),
        (198503, 41),
        (1985.03, 41),
        ("1985年3月", 41),
        ("1985年10月", 40),
        ("1985年9月2日", 40),
        ("1985-09-01", 41),
        ("19850902", 40),
        ("１９８５．０３", 41),
    ],
)
def test_age_from_birth_date_on_the_reference_date(workbook: Make, birth: object, age: int) -> None:
    sheets = base_sheets()
    sheets["教师"][1] = teacher_row("T1", D=None, K=birth)

    assert read_roster(workbook(sheets)).instance.teachers[0].age == age


@pytest.mark.parametrize(
    ("birth", "male", "age"),
    [("19850901", True, 41), ("19850902", False, 40), ("19800229", False, 46)],
)
def test_age_and_gender_from_id_number(workbook: Make, birth: str, male: bool, age: int) -> None:
    sheets = base_sheets()
    sheets["教师"][1] = teacher_row("T1", C=None, D=None, J=id_number(birth, male))

    teacher = read_roster(workbook(sheets)).instance.teachers[0]

    assert teacher.age == age
    assert teacher.gender is (Gender.MALE if male else Gender.FEMALE)


def test_id_number_with_x_check_digit_and_lowercase(workbook: Make) -> None:
    # 11010519491231002X is the standard's own example (a woman born 31 Dec 1949)
    sheets = base_sheets()
    sheets["教师"][1] = teacher_row("T1", C=None, D=None, J="11010519491231002x")
    sheets["政策参数"].append(["reference_date", "2010-09-01"])

    teacher = read_roster(workbook(sheets)).instance.teachers[0]

    assert (teacher.age, teacher.gender) == (60, Gender.FEMALE)


def test_age_column_wins_over_birth_date_and_id(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["教师"][1] = teacher_row("T1", D=33, K="1970.01", J=id_number("19700101"))

    assert read_roster(workbook(sheets)).instance.teachers[0].age == 33


def test_reference_date_moves_ages(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["教师"][1] = teacher_row("T1", D=None, K="1985.03")
    sheets["政策参数"] = [["参数", "取值"], ["reference_date", dt.datetime(2030, 1, 1)]]

    roster = read_roster(workbook(sheets))

    assert roster.instance.teachers[0].age == 44
    assert roster.instance.plan_year == 2030


def test_base_policy_plan_year_sets_the_reference_date(workbook: Make) -> None:
    sheets = base_sheets()
    del sheets["政策参数"]
    sheets["教师"][1] = teacher_row("T1", D=None, K="1985.03")

    roster = read_roster(workbook(sheets), Policy(plan_year=2028))

    assert roster.instance.teachers[0].age == 43
    assert roster.instance.plan_year == 2028


def test_without_plan_year_the_current_year_is_used(workbook: Make) -> None:
    sheets = base_sheets()
    del sheets["政策参数"]

    roster = read_roster(workbook(sheets))

    assert roster.instance.plan_year == dt.date.today().year


def test_staff_defaults_to_the_rows_in_teachers(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["学校"][2][5] = 25

    schools = read_roster(workbook(sheets)).instance.school_by_id

    assert (schools["U1"].staff, schools["R1"].staff, schools["R2"].staff) == (2, 25, 0)


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("城区", SchoolType.URBAN),
        ("乡镇", SchoolType.TOWNSHIP),
        ("农村", SchoolType.RURAL),
        ("村小", SchoolType.VILLAGE),
        ("教学点", SchoolType.TEACHING_POINT),
        ("Teaching point", SchoolType.TEACHING_POINT),
        ("teaching_point", SchoolType.TEACHING_POINT),
        ("URBAN", SchoolType.URBAN),
    ],
)
def test_school_types(workbook: Make, word: str, kind: SchoolType) -> None:
    sheets = base_sheets()
    sheets["学校"][3][2] = word

    assert read_roster(workbook(sheets)).instance.schools[2].type is kind


def test_paired_with_by_id_and_name(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["学校"][1][4] = "白沙小学、R2"

    assert read_roster(workbook(sheets)).instance.schools[0].paired_with == ("R1", "R2")


def test_school_code_and_name_columns_together(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["教师"][0].append("学校编号")
    sheets["教师"][1].append("U1")
    sheets["教师"][2].append(None)

    assert [t.school_id for t in read_roster(workbook(sheets)).instance.teachers] == ["U1", "U1"]


def test_vacancies_as_subject_columns_in_schools(workbook: Make) -> None:
    sheets = base_sheets()
    del sheets["岗位需求"]
    sheets["学校"][0] += ["数学", "语文（人）"]
    sheets["学校"][1] += [None, None]
    sheets["学校"][2] += [1, "２"]
    sheets["学校"][3] += [0, 3]

    vacancies = read_roster(workbook(sheets)).instance.vacancies

    assert [(v.school_id, v.subject, v.count, v.row) for v in vacancies] == [
        ("R1", "数学", 1, 3),
        ("R1", "语文", 2, 3),
        ("R2", "数学", 0, 4),
        ("R2", "语文", 3, 4),
    ]


def test_vacancies_by_school_name(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["岗位需求"][0][0] = "学校名称"
    sheets["岗位需求"][1][0] = "白沙小学"

    assert read_roster(workbook(sheets)).instance.vacancies[0].school_id == "R1"


def test_sheets_found_by_their_headers_when_unnamed(workbook: Make) -> None:
    sheets = base_sheets()
    renamed = {"Sheet1": sheets["教师"], "Sheet2": sheets["学校"], "Sheet3": sheets["岗位需求"]}

    inst = read_roster(workbook(renamed)).instance

    assert (len(inst.teachers), len(inst.schools), len(inst.vacancies)) == (2, 3, 2)


def test_status_and_exemption_words(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["教师"][0] += ["在岗状态", "暂缓原因"]
    sheets["教师"][1] += ["在编在岗", "无"]
    sheets["教师"][2] += ["病休", "病假"]

    t1, t2 = read_roster(workbook(sheets)).instance.teachers

    assert (t1.status, t1.exempt_reason) == ("在编在岗", "")
    assert (t2.status, t2.exempt_reason) == ("病休", "病假")


def test_english_in_service_means_the_chinese_state(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["教师"][0].append("status")
    sheets["教师"][1].append("In service")

    assert read_roster(workbook(sheets)).instance.teachers[0].status == "在编在岗"


def test_policy_sheet_words_and_percentages(workbook: Make) -> None:
    sheets = base_sheets()
    sheets["政策参数"] += [
        ["Q1.min_share", "12%"],
        ["q2.MAX_SHARE", "０.２"],
        ["R3.enabled", "否"],
        ["E4.min_title", "中级"],
        ["P4.family_max_km", "无"],
        ["E1.in_service", "在编在岗、在编借调"],
        ["# comment rows are skipped", None],
        ["Q4.max_share", None],  # left empty: keeps its default
    ]

    policy = read_roster(workbook(sheets)).policy

    assert policy.Q1.min_share == pytest.approx(0.12)
    assert policy.Q2.max_share == pytest.approx(0.2)
    assert policy.R3.enabled is False
    assert policy.E4.min_title is Title.FIRST
    assert policy.P4.family_max_km is None
    assert policy.E1.in_service == ("在编在岗", "在编借调")
    assert policy.Q4.max_share == Policy().Q4.max_share


def test_formula_cells_give_their_cached_values(tmp_path: Path) -> None:
    # openpyxl cannot compute formulas, so write the cached value the way Excel does:
    # a worksheet XML with both <f> and <v>.
    path = write_workbook(tmp_path / "roster.xlsx", base_sheets())
    with zipfile.ZipFile(path) as zin:
        items = {name: zin.read(name) for name in zin.namelist()}
    sheet_xml = items["xl/worksheets/sheet1.xml"].decode()
    assert "<v>40</v>" in sheet_xml
    items["xl/worksheets/sheet1.xml"] = sheet_xml.replace(
        "<v>40</v>", "<f>30+10</f><v>40</v>", 1
    ).encode()
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in items.items():
            zout.writestr(name, data)

    assert read_roster(path).instance.teachers[0].age == 40


def test_excel_error_cells_are_reported_at_their_cells(tmp_path: Path) -> None:
    # A failed VLOOKUP leaves #N/A. In an optional column (骨干级别, L) it must not pass
    # as a blank (no backbone level); in a required one (年龄, D) it is a bad value too.
    sheets = base_sheets()
    sheets["教师"][1] = teacher_row("T1", D="#N/A", L="#N/A")
    path = write_workbook(tmp_path / "roster.xlsx", sheets)
    with zipfile.ZipFile(path) as archive:
        assert b't="e"' in archive.read("xl/worksheets/sheet1.xml")  # real error cells

    with pytest.raises(RosterError) as caught:
        read_roster(path)

    cells = {(i.sheet, i.row, i.column) for i in caught.value.issues}
    assert {("教师", 2, "D"), ("教师", 2, "L")} <= cells
