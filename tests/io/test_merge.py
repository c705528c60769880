"""``planner merge``: the schools' rosters, any format, merged into one county roster.
A county split into one file per school, half of them saved as .xls, merges into a
roster that solves to the plan of the original; problems across files (the same person
twice, a teacher in another school's file, a school with no teachers, two languages)
and every reader problem are cited at their file, sheet, row and column, and nothing is
written then."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from rotation_planner import api
from rotation_planner.cli import app
from rotation_planner.io.errors import RosterError
from rotation_planner.io.merge import merge_rosters, roster_files
from tests.hostile.harness import refused_by_cli, snapshot
from tests.io.conftest import base_sheets, id_number, teacher_row, write_workbook
from tests.io.office_files import convert

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def split(county: Path, folder: Path) -> list[Path]:
    """The county roster as the schools would send it back: one workbook per school
    (its teachers, its row of Schools, its posts), and the bureau's Policy sheet."""
    wb = openpyxl.load_workbook(county)
    rows = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
    teachers = rows["教师"]
    at = 1 if teachers[0][1] is None else 0  # a title row above the header
    t_head, t_rows = teachers[at], teachers[at + 1 :]
    col = next(i for i, h in enumerate(t_head) if h in ("所在学校", "学校编号"))
    made = []
    for n, school in enumerate(rows["学校"][1:]):
        out = openpyxl.Workbook()
        out.remove(out.active)
        for title, head, body in (
            ("教师", t_head, [r for r in t_rows if r[col] in school[:2]]),
            ("学校", rows["学校"][0], [school]),
            (
                "岗位需求",
                rows["岗位需求"][0],
                [r for r in rows["岗位需求"][1:] if r[0] == school[0]],
            ),
        ):
            ws = out.create_sheet(title)
            for row in (head, *body):
                ws.append(row)
        made.append(folder / f"{n:02d}_{school[0]}.xlsx")
        out.save(made[-1])
    bureau = openpyxl.Workbook()
    bureau.active.title = "政策参数"
    for row in rows["政策参数"]:
        bureau.active.append(row)
    made.append(folder / "教育局.xlsx")
    bureau.save(made[-1])
    return made


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: it "
    "saves half the schools' files as .xls, as schools send them",
)
def test_a_county_split_per_school_half_as_xls_merges_to_the_same_plan(tmp_path: Path) -> None:
    county = tmp_path / "county.xlsx"
    api.write_sample(county, 150, 3, lang="zh")
    parts = tmp_path / "parts"
    parts.mkdir()
    made = split(county, parts)
    as_xls = made[:-1:2]  # every other school
    assert SOFFICE is not None
    convert(SOFFICE, as_xls, "xls", parts)
    for path in as_xls:
        path.unlink()
    assert len(list(parts.glob("*.xls"))) == len(as_xls) >= 3

    result = CliRunner().invoke(app, ["merge", str(parts), "-o", str(tmp_path / "合并.xlsx")])

    assert result.exit_code == 0, result.output
    assert "8 个文件已合并为" in result.output
    original, merged = api.read_roster(county), api.read_roster(tmp_path / "合并.xlsx")
    assert merged.policy == original.policy
    plans = [api.plan(r.instance, r.policy).plan for r in (original, merged)]
    assert plans[0] is not None and plans[1] is not None
    assert len(plans[0].assignments) >= 5
    assert set(plans[0].assignments) == set(plans[1].assignments)
    assert len(set(plans[0].assignments)) == len(plans[0].assignments)


def _school_file(
    folder: Path, name: str, school: list[object], *teachers: list[object], english: bool = False
) -> Path:
    sheets = base_sheets()
    header = sheets["教师"][0]
    sheets["教师"] = [header, *teachers]
    sheets["学校"] = [sheets["学校"][0], school]
    sheets["岗位需求"] = [sheets["岗位需求"][0]] + [
        r for r in sheets["岗位需求"][1:] if r[0] == school[0]
    ]
    del sheets["政策参数"]
    if english:
        from tests.hostile.craft import english_sheets

        en = english_sheets()
        sheets = {"Teachers": [en["Teachers"][0], *teachers], "Schools": [en["Schools"][0], school]}
    return write_workbook(folder / name, sheets)


U1 = ["U1", "城关一小", "城区", 0, None, 20, None]
R1 = ["R1", "白沙小学", "农村", 40, None, 20, None]
R2 = ["R2", "山背小学", "农村", 65, None, 20, None]


def _county(folder: Path, **changes: list[object]) -> list[Path]:
    """Three schools' files; ``changes`` replace a teacher row by its id."""
    rows = {
        "T1": teacher_row("T1"),
        "T2": teacher_row("T2", B="李四", C="女", D=35, F="语文", G="高级", H=7, I=1),
        "T3": teacher_row("T3", B="王五", E="R1"),
        "T4": teacher_row("T4", B="赵六", E="R2"),
    }
    rows.update(changes)
    return [
        _school_file(folder, "a.xlsx", U1, rows["T1"], rows["T2"]),
        _school_file(folder, "b.xlsx", R1, rows["T3"]),
        _school_file(folder, "c.xlsx", R2, rows["T4"]),
    ]


def test_the_schools_files_merge(tmp_path: Path) -> None:
    files = _county(tmp_path)

    merged = merge_rosters(files, tmp_path / "县.xlsx")

    assert [t.teacher_id for t in merged.roster.instance.teachers] == ["T1", "T2", "T3", "T4"]
    assert [s.school_id for s in merged.roster.instance.schools] == ["U1", "R1", "R2"]


ID = id_number("19850307")
CASES: dict[str, tuple[dict[str, list[object]], list[str]]] = {
    "one staff number in two files": (
        {"T3": teacher_row("T1", B="王五", E="R1")},
        ["[b.xlsx]教师 第2行 A列(工号): 工号与 a.xlsx 第2行重复"],
    ),
    "one ID number in two files": (
        {"T1": teacher_row("T1", J=ID), "T4": teacher_row("T4", B="赵六", E="R2", J=ID)},
        ["[c.xlsx]教师 第2行 J列(身份证号): 身份证号与 a.xlsx 第2行重复"],
    ),
    "a teacher in another school's file": (
        {"T3": teacher_row("T3", B="王五", E="U1")},
        [
            "[b.xlsx]教师 第2行 E列(所在学校): 该教师的学校不是本文件的学校 (R1)",
        ],
    ),
    "a reader problem at its file's cell": (
        {"T4": teacher_row("T4", B="赵六", E="R2", D="三十")},
        ["[c.xlsx]教师 第2行 D列(年龄): 年龄不是数字"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_problem_across_files_names_its_file_sheet_row_and_column(
    tmp_path: Path, name: str
) -> None:
    changes, says = CASES[name]
    files = _county(tmp_path, **changes)

    out = refused_by_cli(
        tmp_path,
        ["merge", *map(str, files), "-o", str(tmp_path / "县.xlsx")],
        says,
        secrets=[ID, "王五", "赵六"],
    )
    assert f"输入有 {len(says)} 处问题" in out


def test_a_school_whose_roster_was_not_sent_back_is_a_warning(tmp_path: Path) -> None:
    files = _county(tmp_path)
    header = base_sheets()["学校"][0]
    bureau = write_workbook(
        tmp_path / "教育局.xlsx",
        {"学校": [header, U1, R1, R2, ["R3", "新村小学", "村小", 80]]},
    )

    result = CliRunner().invoke(
        app, ["merge", *map(str, files), str(bureau), "-o", str(tmp_path / "县.xlsx")]
    )

    assert result.exit_code == 0, result.output
    said = "[教育局.xlsx]学校 第5行 A列(学校编号): 学校 R3 已列出, 但没有文件列出其教师"
    assert said in " ".join(result.output.split())
    assert (tmp_path / "县.xlsx").is_file()


def test_files_with_headers_in_two_languages(tmp_path: Path) -> None:
    files = _county(tmp_path)
    files[2].unlink()
    files[2] = _school_file(
        tmp_path, "c.xlsx", R2, teacher_row("T4", B="赵六", E="R2"), english=True
    )

    refused_by_cli(
        tmp_path,
        ["merge", str(tmp_path), "-o", str(tmp_path / "out" / "县.xlsx")],
        ["c.xlsx 的表头为英文, 而其他文件为中文"],
    )


def test_the_output_may_not_be_one_of_the_files(tmp_path: Path) -> None:
    files = _county(tmp_path)

    refused_by_cli(tmp_path, ["merge", *map(str, files), "-o", str(files[0])], ["输入文件"])


def test_a_folder_is_its_readable_files_but_the_output(tmp_path: Path) -> None:
    files = _county(tmp_path)
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "县.xlsx").write_bytes(b"an earlier merge")

    assert roster_files([tmp_path], exclude=[tmp_path / "县.xlsx"]) == sorted(files)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(app, ["merge", str(tmp_path), "-o", str(tmp_path / "县.xlsx")])
    assert result.exit_code == 0, result.output
    assert snapshot(tmp_path).keys() == before.keys()  # 县.xlsx replaced, nothing else


def test_nothing_is_written_when_there_is_a_problem(tmp_path: Path) -> None:
    files = _county(tmp_path, T3=teacher_row("T1", B="王五", E="R1"))

    with pytest.raises(RosterError):
        merge_rosters(files, tmp_path / "县.xlsx")

    assert not (tmp_path / "县.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx", "c.xlsx"]


def test_a_school_in_two_files_is_one_school_its_blanks_filled(tmp_path: Path) -> None:
    files = _county(tmp_path)
    header = base_sheets()["学校"][0]
    bureau = write_workbook(
        tmp_path / "教育局.xlsx",
        {
            "学校": [
                header,
                ["U1", "城关一小", None, None],
                ["R1", "白沙小学", "农村", 40, None, 20],
            ]
        },
    )
    other = write_workbook(tmp_path / "d.xlsx", {"学校": [header, ["R2", "山背小学", "农村", 66]]})

    merged = merge_rosters([*files, bureau], tmp_path / "县.xlsx")

    assert [s.school_id for s in merged.roster.instance.schools] == ["U1", "R1", "R2"]
    refused_by_cli(
        tmp_path,
        ["merge", *map(str, files), str(other), "-o", str(tmp_path / "x.xlsx")],
        ["[d.xlsx]学校 第2行 D列(距县城距离(公里)): 学校 R2 也列在 c.xlsx 第2行, 但内容不同"],
    )


def test_schools_copies_of_the_template_merge(tmp_path: Path) -> None:
    """The bureau's workflow: a template per school, filled in, sent back, merged."""
    from rotation_planner.io.template import write_template

    filled = {
        "U1": ("城关一小", "城区", 0, [("T1", "张三", "男", 40, "数学", "小学高级", 8, 0)]),
        "R1": ("白沙小学", "农村", 40, [("T2", "王五", "男", 30, "数学", "二级", 3, 3)]),
    }
    files = []
    for code, (name, kind, distance, teachers) in filled.items():
        path = tmp_path / f"{code}.xlsx"
        write_template(path, "zh", code)
        wb = openpyxl.load_workbook(path)
        wb["学校"]["B2"], wb["学校"]["C2"], wb["学校"]["D2"] = name, kind, distance
        sheet = wb["教师"]
        head = [c.value for c in sheet[1]]
        keys = ("工号", "姓名", "性别", "年龄", "学科", "职称", "本校连续任教年限", "农村任教年限")
        for row, values in enumerate(teachers, start=2):
            for key, value in zip(keys, values, strict=True):
                sheet.cell(row=row, column=head.index(key) + 1, value=value)
        if code == "R1":
            wb["岗位需求"].append(["R1", "数学", 1])
        wb.save(path)
        files.append(path)

    merged = merge_rosters(files, tmp_path / "全县.xlsx")

    assert [t.school_id for t in merged.roster.instance.teachers] == ["U1", "R1"]
    assert [w.render("zh").split(":")[0] for w in merged.warnings] == [
        "[U1.xlsx]教师 第2行 I列(职称)"
    ]
