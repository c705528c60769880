"""Problems found in a roster workbook, each tied to a sheet, a row and a column.

Every message exists in English and Chinese; it is shown in the input's language.
Messages never quote personal data. A row that describes a person (a teacher in the
Teachers sheet, a rotator in a plan) may hold anything in any cell: a birth date typed
in the age column, a name shifted into the title column. So a problem on such a row
names the cell and what was expected, never what the cell holds (``PERSONAL``). Values
elsewhere (a school, a policy key) are quoted, with anything that looks like an ID
number or a date withheld (``quote``).

Nothing a file holds reaches the terminal raw: control characters (a cell, a sheet
name or a file name can carry terminal escape sequences) are removed from every
message and location.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, fields

from rotation_planner.vocabulary import (
    BACKBONES,
    GENDERS,
    NO,
    SCHOOL_TYPES,
    SUBJECT_LEADER,
    TITLES,
    YES,
)


def _listed(words: Iterable[str]) -> str:
    return "/".join(words)


# The closed lists as messages name them, from vocabulary.py: 未定级/三级/二级/...
_TITLES = _listed(w.zh for w in TITLES.values())
_OLD_TITLES = _listed(alias for w in TITLES.values() for alias in w.read_zh)
_BACKBONES = _listed(
    [*(w.zh for w in BACKBONES.values()), SUBJECT_LEADER.zh, *SUBJECT_LEADER.read_zh]
)
_SCHOOL_TYPES_ZH = _listed(w.zh for w in SCHOOL_TYPES.values())
_SCHOOL_TYPES_EN = _listed(w.en for w in SCHOOL_TYPES.values())
_GENDERS_ZH = _listed(w.zh for w in GENDERS.values())
_GENDERS_EN = _listed(w.en for w in GENDERS.values())
_YES_NO_ZH = _listed((YES.zh, NO.zh))
_YES_NO_EN = _listed((YES.en, NO.en))

# kind -> (English template, Chinese template). Templates take str.format parameters.
# Templates of kinds raised on personal columns have no placeholder for the value.
MESSAGES: dict[str, tuple[str, str]] = {
    # the file
    "file_not_found": ("file {file} does not exist", "文件 {file} 不存在"),
    "not_a_file": ("{file} is a folder, not a workbook", "{file} 是文件夹, 不是工作簿"),
    "protected_workbook": (
        "{file} is password-protected or an old-format workbook; remove the password and "
        "save it as .xlsx",
        "{file} 设有密码或为旧版格式; 请取消密码并另存为 .xlsx",
    ),
    "file_unreadable": (
        "{file} cannot be read ({reason})",
        "无法读取 {file} ({reason})",
    ),
    "csv_encoding": (
        "{file} is a CSV file in neither UTF-8 nor GBK; save it again as UTF-8 CSV or .xlsx",
        "{file} 是 CSV 文件, 但既非 UTF-8 也非 GBK 编码; 请另存为 UTF-8 CSV 或 .xlsx",
    ),
    "not_a_workbook": (
        "{file} is not an Excel (.xlsx) workbook",
        "{file} 不是 Excel (.xlsx) 工作簿",
    ),
    "not_a_regular_file": (
        "{file} is not a regular file (a device or a pipe)",
        "{file} 不是普通文件 (是设备或管道)",
    ),
    "file_too_large": (
        "{file} is {size} MB; a workbook is read up to {limit} MB",
        "{file} 大小为 {size} MB, 超过可读取的上限 {limit} MB",
    ),
    "workbook_too_large": (
        "{file} is refused: {what_en} (no roster or plan workbook is this large)",
        "{file} 已拒绝读取: {what_zh} (花名册或方案工作簿不会如此之大)",
    ),
    "damaged_workbook": (
        "{file} is damaged and cannot be read; open it in Excel or WPS and save it again",
        "{file} 已损坏, 无法读取; 请用 Excel 或 WPS 打开后重新保存",
    ),
    # the output file, checked before solving
    "output_no_folder": (
        "cannot write {file}: folder {folder} does not exist",
        "无法写入 {file}: 文件夹 {folder} 不存在",
    ),
    "output_is_folder": (
        "cannot write {file}: it is a folder",
        "无法写入 {file}: 它是文件夹",
    ),
    "output_is_input": (
        "cannot write {file}: it is an input file; choose another output path",
        "无法写入 {file}: 它是输入文件, 请另选输出路径",
    ),
    "output_unwritable": (
        "cannot write {file}: no file can be created in folder {folder} ({reason})",
        "无法写入 {file}: 无法在文件夹 {folder} 中创建文件 ({reason})",
    ),
    # sheets and headers
    "missing_sheet": (
        "required sheet {sheet_en} ({sheet_zh}) is missing",
        "缺少必需的工作表 {sheet_zh} ({sheet_en})",
    ),
    "missing_vacancies": (
        "sheet {sheet_en} ({sheet_zh}) is missing and Schools has no subject columns",
        "缺少工作表 {sheet_zh} ({sheet_en}), 学校表也没有按学科列出的岗位数",
    ),
    "duplicate_sheet": (
        "sheets {first} and {second} are both the {sheet_en} sheet; remove one",
        "工作表 {first} 与 {second} 都是{sheet_zh}表, 请删除其一",
    ),
    "no_header": (
        "no header row found in the first {rows} rows",
        "前{rows}行中找不到表头行",
    ),
    "missing_column": ("required column {column_en} is missing", "缺少必需的列 {column_zh}"),
    "duplicate_column": (
        "column {name} appears twice (also column {other})",
        "列 {name} 重复 (另见 {other} 列)",
    ),
    "empty_sheet": ("the sheet has no data rows", "工作表没有数据行"),
    # values
    "missing_value": ("{what_en} is empty", "{what_zh}为空"),
    "not_a_number": ("{what_en} {value} is not a number", "{what_zh} {value} 不是数字"),
    "not_an_integer": ("{what_en} {value} is not a whole number", "{what_zh} {value} 不是整数"),
    "negative_number": ("{what_en} {value} is negative", "{what_zh} {value} 为负数"),
    "out_of_range": (
        "{what_en} {value} is outside the plausible range {low}-{high}",
        "{what_zh} {value} 超出合理范围 {low}-{high}",
    ),
    "age_out_of_range": (
        "age is out of range {low}-{high}",
        "年龄超出范围{low}-{high}",
    ),
    "derived_age_out_of_range": (
        "the age derived from the {source_en} is out of range {low}-{high}",
        "由{source_zh}推算的年龄超出范围{low}-{high}",
    ),
    "missing_age": (
        "no age: fill age, birth date or ID number",
        "缺少年龄: 请填写年龄、出生日期或身份证号",
    ),
    "bad_year": (
        "{what_en} {value} is not a year between {low} and {high}",
        "{what_zh} {value} 不是{low}-{high}之间的年份",
    ),
    "bad_birth_date": (
        "birth date is not a date (use a date cell or text like 1985.03, 1985-03, 198503, 1985年3月)",  # noqa: E501
        "出生日期不是日期 (请用日期格式, 或 1985.03、1985-03、198503、1985年3月 这样的文字)",
    ),
    "ambiguous_birth_date": (
        "birth date typed as a number is ambiguous (month 1 or 10?); type it as text or a date",
        "出生日期以数字形式录入, 月份不明 (1月还是10月?), 请以文字或日期格式录入",
    ),
    "bad_gender": (
        f"gender is not {_GENDERS_EN} ({_GENDERS_ZH})",
        f"性别不是 {_GENDERS_ZH} ({_GENDERS_EN})",
    ),
    "missing_gender": (
        "no gender: fill gender or ID number",
        "缺少性别: 请填写性别或身份证号",
    ),
    "gender_id_mismatch": (
        "gender disagrees with the ID number",
        "性别与身份证号不一致",
    ),
    "id_stored_as_number": (
        "ID number is stored as a number and has lost digits; format the column as text",
        "身份证号以数字形式存储, 已丢失末几位; 请将该列设为文本格式",
    ),
    "id_bad_format": (
        "ID number is not 18 characters (17 digits and a digit or X)",
        "身份证号不是18位 (17位数字加1位数字或X)",
    ),
    "id_bad_birth_date": (
        "ID number holds no valid birth date",
        "身份证号中的出生日期无效",
    ),
    "id_bad_check_digit": ("ID number check digit is wrong", "身份证号校验位错误"),
    "bad_title": (
        f"title is not one of {_TITLES} (or {_OLD_TITLES})",
        f"职称不是 {_TITLES} (或 {_OLD_TITLES}) 之一",
    ),
    "bad_backbone": (
        f"backbone level is not one of {_BACKBONES}",
        f"骨干级别不是 {_BACKBONES} 之一",
    ),
    "bad_bool": (
        "{what_en} {value} is not " + f"{_YES_NO_EN} ({_YES_NO_ZH})",
        "{what_zh} {value} 不是 " + _YES_NO_ZH,
    ),
    "bad_school_type": (
        "school type {value} is not one of " + f"{_SCHOOL_TYPES_ZH} ({_SCHOOL_TYPES_EN})",
        "学校类型 {value} 不是 " + f"{_SCHOOL_TYPES_ZH} 之一",
    ),
    "coordinate_out_of_range": (
        "{what_en} {value} is out of range {low} to {high}",
        "{what_zh} {value} 超出范围 {low} 至 {high}",
    ),
    # identities and references
    "duplicate_teacher_id": (
        "teacher_id duplicates row {other}",
        "工号与第{other}行重复",
    ),
    "duplicate_id_number": (
        "ID number duplicates row {other}: one person on two rows",
        "身份证号与第{other}行重复: 同一人填写了两行",
    ),
    "duplicate_school_id": (
        "school_id {value} duplicates row {other}",
        "学校编号 {value} 与第{other}行重复",
    ),
    "duplicate_school_name": (
        "school name {value} duplicates row {other}",
        "学校名称 {value} 与第{other}行重复",
    ),
    "unknown_school": (
        "school {value} is not in the Schools sheet",
        "学校 {value} 不在学校表中",
    ),
    "school_mismatch": (
        "school code {value} and school name {other} name different schools",
        "学校编号 {value} 与学校名称 {other} 不是同一所学校",
    ),
    "unknown_teacher": (
        "teacher_id {value} is not in the roster's Teachers sheet",
        "工号 {value} 不在花名册的教师表中",
    ),
    "unknown_spouse": (
        "spouse_id names no teacher in the Teachers sheet",
        "配偶工号不在教师表中",
    ),
    "spouse_self": ("spouse_id is the teacher's own id", "配偶工号是本人工号"),
    "lock_no_post": (
        "locked to {school}, which has no vacancy",
        "锁定学校 {school} 没有岗位需求",
    ),
    "lock_closed": (
        "locked to {school}, but no post there is open to this teacher ({rules_en})",
        "锁定学校 {school} 没有该教师可填补的岗位 (受 {rules_zh} 限制)",
    ),
    "spouse_conflict": (
        "the spouse named here is named as spouse by another row too, or names another "
        "spouse (a spouse named on one row only is enough)",
        "此处填写的配偶另被其他行填为配偶, 或其本人行填写了另一名配偶 (只在一方行内填写即可)",
    ),
    "wish_unknown_school": (
        "wish {rank} names no school in the Schools sheet",
        "第{rank}志愿不在学校表中",
    ),
    "wish_not_receiving": (
        "wish {rank} names a school with no vacancy (not a receiving school)",
        "第{rank}志愿所指学校没有岗位需求 (不是接收学校)",
    ),
    "unknown_locked_school": (
        "locked_to names no school in the Schools sheet",
        "锁定学校不在学校表中",
    ),
    "unknown_paired_school": (
        "paired school {value} is not in the Schools sheet",
        "结对学校 {value} 不在学校表中",
    ),
    "paired_self": ("a school cannot be paired with itself", "学校不能与自身结对"),
    "vacancy_unknown_school": (
        "vacancy school {value} is not in the Schools sheet",
        "岗位需求中的学校 {value} 不在学校表中",
    ),
    # earlier plans: the plan to keep when re-planning, and history
    "plan_not_for_roster": (
        "{file} is not a plan of this roster: {why_en}",
        "{file} 不是本花名册的方案: {why_zh}",
    ),
    "history_no_year": (
        "{file}: no plan year in its Run sheet or name; give it as {file}:YEAR",
        "{file}: 运行信息和文件名中均无方案年份; 请写成 {file}:年份",
    ),
    "history_bad_year": (
        "{file}: plan year {year} is not between {low} and {high} (the roster's plan year)",
        "{file}: 方案年份 {year} 不在 {low} 至 {high} (花名册的方案年份) 之间",
    ),
    "history_year_conflict": (
        "{file}: its Run sheet records plan year {recorded}, not {given}",
        "{file}: 其运行信息记录的方案年份为 {recorded}, 而非 {given}",
    ),
    "history_twice": (
        "{file} is given twice as history",
        "{file} 被重复指定为历史方案",
    ),
    # the policy sheet
    "unknown_policy_key": (
        "unknown policy key {value} (keys are <rule ID>.<name>, such as Q1.min_share)",
        "未知的政策参数 {value} (参数名为 <规则编号>.<名称>, 例如 Q1.min_share)",
    ),
    "bad_policy_value": (
        "bad value {value} for policy key {param}: {reason}",
        "政策参数 {param} 的取值 {value} 无效: {reason}",
    ),
    "policy_value_out_of_range": (
        "policy key {param}: {value} is beyond any plausible value (at most {high} in size)",
        "政策参数 {param} 的取值 {value} 超出合理范围 (绝对值不超过 {high})",
    ),
    "duplicate_policy_key": (
        "policy key {value} is given twice (also row {other})",
        "政策参数 {value} 重复 (另见第{other}行)",
    ),
    # merging the schools' rosters (planner merge)
    "merge_no_files": ("no roster file was given or found", "没有指定或找到花名册文件"),
    "merge_mixed_languages": (
        "{file} has headers in {here_en} while the other files' are in {there_en}",
        "{file} 的表头为{here_zh}, 而其他文件为{there_zh}",
    ),
    "merge_duplicate_teacher_id": (
        "the staff number is also on {other_file} row {other_row}",
        "工号与 {other_file} 第{other_row}行重复",
    ),
    "merge_duplicate_id_number": (
        "the ID number is also on {other_file} row {other_row}",
        "身份证号与 {other_file} 第{other_row}行重复",
    ),
    "merge_foreign_school": (
        "the teacher's school is not this file's school ({schools})",
        "该教师的学校不是本文件的学校 ({schools})",
    ),
    "merge_school_without_teachers": (
        "school {school} is listed but no file has its teachers: was its roster sent back?",
        "学校 {school} 已列出, 但没有文件列出其教师: 该校花名册是否未交回?",
    ),
    "merge_school_differs": (
        "school {school} is also listed in {other_file} row {other_row}, otherwise",
        "学校 {school} 也列在 {other_file} 第{other_row}行, 但内容不同",
    ),
    "merge_vacancy_twice": (
        "posts of {school} in {subject} are also given in {other_file} row {other_row}",
        "{school} 的 {subject} 岗位在 {other_file} 第{other_row}行也已列出",
    ),
    "merge_policy_differs": (
        "policy key {param} is set to another value in {other_file} row {other_row}",
        "政策参数 {param} 在 {other_file} 第{other_row}行设为另一取值",
    ),
    # warnings: what was read other than as written, or what may not work out; the
    # roster is read and a plan can be made. The words shown are the vocabulary's.
    "legacy_title": (
        "title {old} (a name from before the 2015 title reform) is read as {new_zh} "
        "({new_en}){rows_en}",
        "职称 {old} (2015年职称制度改革前的名称) 按改革的对应关系读作 {new_zh}{rows_zh}",
    ),
    "subject_prefix": (
        "subject {old} is read as {new} (the school level is the post's school's){rows_en}",
        "学科 {old} 读作 {new} (学段由岗位所在学校确定){rows_zh}",
    ),
    "total_row": (
        "a total row (合计) is not data and was skipped",
        "合计行不是数据, 已跳过",
    ),
    "short_supply": (
        "subject {subject}: {posts} post(s) but only {teachers} eligible teacher(s) could "
        "fill them; at least {short} will stay open",
        "学科 {subject}: 岗位 {posts} 个, 可填补的符合条件教师仅 {teachers} 人; 至少 {short} "
        "个岗位将空缺",
    ),
}

# The same problems on a row that describes a person: what was expected, not the value.
PERSONAL: dict[str, tuple[str, str]] = {
    "not_a_number": ("{what_en} is not a number", "{what_zh}不是数字"),
    "not_an_integer": ("{what_en} is not a whole number", "{what_zh}不是整数"),
    "negative_number": ("{what_en} is negative", "{what_zh}为负数"),
    "out_of_range": (
        "{what_en} is outside the plausible range {low}-{high}",
        "{what_zh}超出合理范围{low}-{high}",
    ),
    "bad_year": (
        "{what_en} is not a year between {low} and {high}",
        "{what_zh}不是{low}-{high}之间的年份",
    ),
    "bad_bool": (
        "{what_en} is not " + f"{_YES_NO_EN} ({_YES_NO_ZH})",
        "{what_zh}不是 " + _YES_NO_ZH,
    ),
    "unknown_school": (
        "the school named here is not in the Schools sheet",
        "所填学校不在学校表中",
    ),
    "school_mismatch": (
        "the school code and the school name name different schools",
        "学校编号与学校名称不是同一所学校",
    ),
    "unknown_teacher": (
        "teacher_id is not in the roster's Teachers sheet",
        "工号不在花名册的教师表中",
    ),
}

# Shown in place of a value that may not be quoted.
WITHHELD = "***"

_SENSITIVE = re.compile(r"\d{6,}|\d{4}\s*[-./年]\s*\d{1,2}")
# Control characters: C0 and C1 (ESC starts a terminal escape sequence; U+009B is one on
# its own), DEL, and the invisible marks that reorder text (bidi controls).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAK = re.compile("[\t\n\r\u2028\u2029\x85]+")


def clean(text: str) -> str:
    """``text`` safe to print on a terminal: line breaks and tabs become one space,
    other control characters are removed."""
    return _CONTROL.sub("", _BREAK.sub(" ", text))


def quote(value: object, *, marks: bool = True) -> str:
    """A cell value as messages may show it: without control characters, shortened,
    and withheld when it looks like an ID number or a date (a long run of digits, a
    year and a month) typed in the wrong column."""
    text = clean(unicodedata.normalize("NFKC", str(value))).strip()
    if _SENSITIVE.search(text):
        return WITHHELD
    if len(text) > 40:
        text = text[:37] + "..."
    return f"'{text}'" if marks else text


@dataclass(frozen=True)
class Issue:
    """One problem in the roster.

    ``sheet`` is the sheet's name as in the workbook (None for a problem with the file),
    ``row`` the 1-based Excel row, ``column`` the column letter, ``header`` the column's
    header text as in the workbook, ``kind`` a stable key of ``MESSAGES``. In a text file
    (``lines``: a TOML file) ``sheet`` is the file's name and ``row`` the line.
    Control characters are removed from every text on creation.
    """

    sheet: str | None
    row: int | None
    column: str | None
    message_en: str
    message_zh: str
    kind: str = ""
    header: str | None = None
    lines: bool = False

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                object.__setattr__(self, f.name, clean(value))

    @classmethod
    def of(
        cls,
        kind: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        header: str | None = None,
        *,
        personal: bool = False,
        **params: object,
    ) -> Issue:
        """An issue whose messages come from the ``MESSAGES`` template ``kind``.

        ``personal``: the cell is on a row that describes a person, so the message is
        the ``PERSONAL`` one, and no text value of the cell (``value``, ``other``) is
        shown, whatever the template.
        """
        en, zh = MESSAGES[kind]
        if personal:
            en, zh = PERSONAL.get(kind, (en, zh))
            params = {
                k: WITHHELD if k in ("value", "other") and isinstance(v, str) else v
                for k, v in params.items()
            }
        return cls(
            sheet=sheet,
            row=row,
            column=column,
            message_en=en.format(**params),
            message_zh=zh.format(**params),
            kind=kind,
            header=header,
        )

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def location(self, lang: str) -> str:
        """``Teachers!C5 (age)`` in English, ``教师 第5行 C列(年龄)`` in Chinese."""
        if self.sheet is None:
            return "文件" if lang == "zh" else "File"
        if self.lines and lang != "zh":
            where = self.sheet if self.row is None else f"{self.sheet} line {self.row}"
            return f"{where} ({self.header})" if self.header else where
        if lang == "zh":
            parts = [self.sheet]
            if self.row is not None:
                parts.append(f"第{self.row}行")
            if self.column and self.header:
                parts.append(f"{self.column}列({self.header})")
            elif self.column:
                parts.append(f"{self.column}列")
            elif self.header:
                parts.append(f"({self.header})")
            return " ".join(parts)
        cell = f"{self.column or ''}{self.row if self.row is not None else ''}"
        if not cell:
            where = self.sheet
        elif self.column:
            where = f"{self.sheet}!{cell}"
        else:
            where = f"{self.sheet} row {cell}"
        return f"{where} ({self.header})" if self.header else where

    def render(self, lang: str) -> str:
        """The issue as one line in ``lang`` ("zh" or "en"), safe to print."""
        return clean(f"{self.location(lang)}: {self.message(lang)}")


def format_issues(issues: Iterable[Issue], lang: str) -> str:
    """Every issue rendered in ``lang``, one per line (what the CLI prints on stderr)."""
    return "\n".join(issue.render(lang) for issue in issues)


class RosterError(Exception):
    """The roster cannot be read: every problem found, at once."""

    def __init__(self, issues: list[Issue], lang: str = "zh") -> None:
        self.issues = list(issues)
        self.lang = lang
        super().__init__(format_issues(self.issues, lang))

    def __str__(self) -> str:
        return format_issues(self.issues, self.lang)
