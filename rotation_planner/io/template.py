"""The blank roster a bureau sends to its schools (``planner template``).

Every sheet and column the reader knows (``headers.SHEETS``), headed in the bureau's
language, with:

- a drop-down list (data validation) on every column whose values come from a closed
  list of vocabulary.py: titles, backbone levels, gender, school types, school levels,
  yes/no, exemption reasons, the statuses; subjects are offered too, but another subject
  may be typed (a warning, not a refusal); a teacher's school, a wish's school and a
  post's school are picked from the Schools sheet's codes;
- number checks on the numeric columns (ages 18-70, years 0-60...), the reader's own
  plausible ranges, so a typing error is caught as it is typed;
- an input hint on every column (shown when a cell is selected, and as the header's
  note), from ``hints``;
- an instructions sheet first.

``school`` writes one school's copy: its code fills the school column of every teacher
row and its row of the Schools sheet, and those cells are locked (the sheets are
protected, every other cell left editable). A row that holds nothing but its school is
blank to the reader.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rotation_planner.io.atomic import save_atomically
from rotation_planner.io.cells import (
    MAX_AGE,
    MAX_DISTANCE_KM,
    MAX_POSTS,
    MAX_STAFF,
    MAX_YEARS,
    MIN_AGE,
)
from rotation_planner.io.headers import SCHOOLS, SHEETS, TEACHERS, SheetSpec
from rotation_planner.io.hints import hint
from rotation_planner.vocabulary import (
    BACKBONES,
    EXEMPT_REASONS,
    GENDERS,
    IN_SERVICE,
    NO,
    SCHOOL_LEVELS,
    SCHOOL_TYPES,
    SUBJECT_LEADER,
    SUBJECTS,
    TITLES,
    YES,
    Words,
)

# Rows made ready (validated, formatted) below each header: a county's largest school
# has a few hundred teachers; a county a few hundred schools.
ROWS: dict[str, int] = {"teachers": 1000, "schools": 500, "vacancies": 2000, "policy": 200}
PRINTED_ROWS = 30

# The columns a template leaves out: the reader takes them, but a school never fills
# them (the school's name beside its code, a re-plan's lock, past rotations the bureau
# keeps).
LEFT_OUT: frozenset[tuple[str, str]] = frozenset(
    {("teachers", "school_name"), ("teachers", "locked_to"), ("vacancies", "school_name")}
)

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")


def _words(items: Iterable[Words], lang: str) -> list[str]:
    return [w.shown(lang) for w in items]


def closed_lists(lang: str) -> dict[tuple[str, str], tuple[list[str], bool]]:
    """(sheet, column) -> (the words offered, whether only they are allowed)."""
    yes_no = ([YES.shown(lang), NO.shown(lang)], True)
    backbones = [*_words(BACKBONES.values(), lang), SUBJECT_LEADER.shown(lang)]
    return {
        ("teachers", "gender"): (_words(GENDERS.values(), lang), True),
        ("teachers", "title"): (_words(TITLES.values(), lang), True),
        ("teachers", "backbone"): (backbones, True),
        ("teachers", "subject"): (_words(SUBJECTS, "zh"), False),
        ("teachers", "status"): ([IN_SERVICE.shown(lang)], False),
        ("teachers", "exempt_reason"): (_words(EXEMPT_REASONS, lang), False),
        ("teachers", "senior_applicant"): yes_no,
        ("teachers", "promoted_last_year"): yes_no,
        ("teachers", "volunteer"): yes_no,
        ("teachers", "family_burden"): yes_no,
        ("schools", "type"): (_words(SCHOOL_TYPES.values(), lang), True),
        ("schools", "level"): (_words(SCHOOL_LEVELS, lang), False),
        ("vacancies", "subject"): (_words(SUBJECTS, "zh"), False),
    }


# (sheet, column) -> (validation type, low, high): the reader's plausible ranges.
NUMBERS: dict[tuple[str, str], tuple[str, float, float]] = {
    ("teachers", "age"): ("whole", MIN_AGE, MAX_AGE),
    ("teachers", "years_at_school"): ("decimal", 0, MAX_YEARS),
    ("teachers", "teaching_years"): ("decimal", 0, MAX_YEARS),
    ("teachers", "rural_years"): ("decimal", 0, MAX_YEARS),
    ("teachers", "last_rural_year"): ("whole", 1950, 2100),
    ("schools", "distance_km"): ("decimal", 0, MAX_DISTANCE_KM),
    ("schools", "staff"): ("whole", 0, MAX_STAFF),
    ("schools", "latitude"): ("decimal", -90, 90),
    ("schools", "longitude"): ("decimal", -180, 180),
    ("vacancies", "count"): ("whole", 0, MAX_POSTS),
}

# Columns whose cells are text even when they look like numbers (an ID number's 18
# digits, a staff number's leading zeros).
TEXT_COLUMNS: frozenset[str] = frozenset(
    {"teacher_id", "id_number", "school_id", "spouse_id", "paired_with", "wishes"}
)

# Columns picked from the Schools sheet's codes.
SCHOOL_PICKS: frozenset[tuple[str, str]] = frozenset(
    {("teachers", "school_id"), ("vacancies", "school_id")}
)


def template_columns(spec: SheetSpec) -> list[str]:
    """The columns of ``spec`` a template has, in order."""
    return [c.key for c in spec.columns if (spec.key, c.key) not in LEFT_OUT]


def write_template(path: Path, lang: str = "zh", school: str | None = None) -> None:
    """Write the blank roster at ``path`` (atomically), headed in ``lang``; with
    ``school``, one school's copy: its code filled in and locked."""
    wb = Workbook()
    _instructions(wb.active, lang, school)
    for spec in SHEETS:
        _sheet(wb.create_sheet(spec.title(lang)), spec, lang, school)
    wb.properties.creator = "rotation_planner"
    save_atomically(Path(path), wb.save)


def _sheet(ws: Worksheet, spec: SheetSpec, lang: str, school: str | None) -> None:
    keys = template_columns(spec)
    last = ROWS[spec.key] + 1
    schools_sheet = SCHOOLS.title(lang)
    lists = closed_lists(lang)
    for index, key in enumerate(keys, start=1):
        column = spec.column(key)
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index, value=column.label(lang))
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        text = hint(spec.key, key, lang)
        cell.comment = Comment(text, "rotation_planner", width=260, height=90)
        width = max(10, min(28, 2 * len(column.label(lang)) + 2))
        ws.column_dimensions[letter].width = width
        area = f"{letter}2:{letter}{last}"
        validation = _validation(spec.key, key, lists, schools_sheet, lang)
        if validation is not None:
            validation.promptTitle = column.label(lang)[:32]
            validation.prompt = text[:255]
            validation.showInputMessage = True
            validation.add(area)
            ws.add_data_validation(validation)
        if key in TEXT_COLUMNS:  # the column's own format: what is typed in it is text
            ws.column_dimensions[letter].number_format = "@"
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30
    # Printed, it is a form: landscape, one page wide, grid lines, the header on every
    # page, the first rows only (a school writing by hand needs no thousand).
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{get_column_letter(len(keys))}{PRINTED_ROWS + 1}"
    if school is not None and spec in (TEACHERS, SCHOOLS):
        _lock_school(ws, spec, keys, school, last)


def _validation(
    sheet: str,
    key: str,
    lists: dict[tuple[str, str], tuple[list[str], bool]],
    schools_sheet: str,
    lang: str,
) -> DataValidation | None:
    """The drop-down list or number check of one column, or None."""
    if (sheet, key) in lists:
        words, strict = lists[(sheet, key)]
        found = DataValidation(type="list", formula1='"' + ",".join(words) + '"',
                               allow_blank=True)  # fmt: skip
    elif (sheet, key) in SCHOOL_PICKS:
        rows = ROWS["schools"] + 1
        found = DataValidation(type="list", formula1=f"'{schools_sheet}'!$A$2:$A${rows}",
                               allow_blank=True)  # fmt: skip
        strict = True
    elif (sheet, key) in NUMBERS:
        kind, low, high = NUMBERS[(sheet, key)]
        found = DataValidation(type=kind, operator="between", formula1=str(low),
                               formula2=str(high), allow_blank=True)  # fmt: skip
        strict = True
    else:
        return None
    # Outside a closed list Excel refuses the value; elsewhere it warns and lets it be.
    found.errorStyle = "stop" if strict else "warning"
    found.showErrorMessage = True
    found.errorTitle = "取值不在列表中" if lang == "zh" else "Not in the list"
    found.error = hint(sheet, key, lang)[:255]
    return found


def _lock_school(ws: Worksheet, spec: SheetSpec, keys: list[str], school: str, last: int) -> None:
    """Fill the school's code in and lock it; the header is locked, and every other
    cell of the columns stays editable (the columns' own style unlocks the cells a
    school types in, so no cell is written for them)."""
    column = keys.index("school_id") + 1
    rows = range(2, last + 1) if spec is TEACHERS else range(2, 3)
    for index in range(1, len(keys) + 1):
        ws.column_dimensions[get_column_letter(index)].protection = Protection(locked=False)
    for row in rows:
        cell = ws.cell(row=row, column=column, value=school)
        cell.protection = Protection(locked=True)
        cell.fill = _LOCKED_FILL
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    ws.protection.sort = False
    ws.protection.autoFilter = False


_INSTRUCTIONS = {
    "zh": (
        "填写说明",
        [
            "本工作簿是城乡教师交流轮岗的花名册, 请按以下说明填写后交回。",
            "1. 教师表每位教师一行; 学校表每所学校一行; 岗位需求表每所学校每个学科一行。",
            "2. 橙色表头为必填列, 蓝色表头为选填列。选中表头或单元格可看到填写提示。",
            "3. 带下拉箭头的列请从列表中选择; 学科列可填写列表以外的学科。",
            "4. 教师的学校、岗位的学校请从学校表已填的学校编号中选择。",
            "5. 身份证号、工号等请以文本格式录入, 不要改为数字格式。",
            "6. 不要改动表头, 也不要在表格中间加合计行; 不用的行留空即可。",
            "7. 政策参数表通常由教育局填写: 参数可写参数名或中文名称 (见 planner policy)。",
            "8. 填好后运行 planner validate 可检查全部内容; 每个问题都会指出工作表、行和列。",
        ],
    ),
    "en": (
        "Instructions",
        [
            "This workbook is the roster for the urban-rural teacher rotation. "
            "Fill it in as below and send it back.",
            "1. Teachers: one row per teacher. Schools: one row per school. "
            "Vacancies: one row per school and subject.",
            "2. Orange headers are required columns, blue ones optional. Select a header "
            "or a cell to see what it takes.",
            "3. Pick from the drop-down list where a column has one; a subject not in the "
            "list may be typed.",
            "4. A teacher's school and a post's school are picked from the codes filled "
            "in on the Schools sheet.",
            "5. Type ID numbers and staff numbers as text, not as numbers.",
            "6. Do not change the headers or add total rows; leave unused rows empty.",
            "7. The bureau fills the Policy sheet: a key or a parameter's name "
            "(see planner policy).",
            "8. planner validate checks everything; each problem names its sheet, row and column.",
        ],
    ),
}


def _instructions(ws: Worksheet, lang: str, school: str | None) -> None:
    title, lines = _INSTRUCTIONS["zh" if lang == "zh" else "en"]
    ws.title = title
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    if school is not None:
        lines = [*lines, ("本表为学校 " if lang == "zh" else "This copy is school ") + school]
    for row, line in enumerate(lines, start=3):
        ws.cell(row=row, column=1, value=line).alignment = Alignment(wrap_text=True)
    ws.column_dimensions["A"].width = 100
