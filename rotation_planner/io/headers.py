"""Sheet names and column headers of the roster workbook, in Chinese and English.

ROSTER_FORMAT.md lists the aliases a bureau may use. Matching ignores spaces, full-width
characters (NFKC), case, underscores and hyphens, a unit in brackets (``距县城距离（公里）``)
and required-field stars. The first alias of each language is the one the writer uses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

# Rows searched for a sheet's header row: a title row or blank rows may sit above it.
HEADER_SCAN_ROWS = 10

_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|<[^<>]*>")
_DROPPED = re.compile(r"[\s_\-.*:：#'\"]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def normalize_header(text: object) -> str:
    """The form of a header or sheet name that alias matching compares.

    >>> normalize_header(" 距县城距离（公里） ")
    '距县城距离'
    >>> normalize_header("Teacher ID")
    'teacherid'
    """
    if text is None:
        return ""
    norm = unicodedata.normalize("NFKC", str(text)).casefold()
    norm = _BRACKETED.sub("", norm)
    return _DROPPED.sub("", norm)


def is_chinese(text: str) -> bool:
    """Whether ``text`` contains a CJK character (decides an alias's language)."""
    return bool(_CJK.search(text))


@dataclass(frozen=True)
class Column:
    """One column of a roster sheet: its key, its aliases in each language, whether it
    must be present and whether its cells hold personal data (never quoted in messages).
    """

    key: str
    en: tuple[str, ...]
    zh: tuple[str, ...]
    required: bool = False
    personal: bool = False

    def label(self, lang: str) -> str:
        """The header the writer uses and messages cite when the column is missing."""
        return self.zh[0] if lang == "zh" else self.en[0]


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the roster: its names in both languages and its columns.
    ``personal_rows``: each row describes a person, so any of its cells may hold
    personal data (a name typed in the wrong column): messages never quote them."""

    key: str
    en: tuple[str, ...]
    zh: tuple[str, ...]
    columns: tuple[Column, ...]
    personal_rows: bool = False

    def title(self, lang: str) -> str:
        return self.zh[0] if lang == "zh" else self.en[0]

    def matches_name(self, sheet_name: str) -> bool:
        return normalize_header(sheet_name) in self._names

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def match(self, header: object) -> tuple[Column, str] | None:
        """The column a header names and the language of the alias it matched."""
        norm = normalize_header(header)
        return self._aliases.get(norm) if norm else None

    @cached_property
    def _names(self) -> frozenset[str]:
        """The sheet's names, normalised once."""
        return frozenset(normalize_header(a) for a in (*self.en, *self.zh))

    @cached_property
    def _aliases(self) -> dict[str, tuple[Column, str]]:
        """Every alias, normalised once, to its column and language; an alias two columns
        share goes to the first (columns in order, English before Chinese)."""
        found: dict[str, tuple[Column, str]] = {}
        for col in self.columns:
            for lang, aliases in (("en", col.en), ("zh", col.zh)):
                for alias in aliases:
                    found.setdefault(normalize_header(alias), (col, lang))
        return found


def _c(key: str, en: tuple[str, ...], zh: tuple[str, ...], **kw: bool) -> Column:
    return Column(key, (key, *en), zh, **kw)


TEACHERS = SheetSpec(
    "teachers",
    ("Teachers", "Teacher", "Roster", "Teacher roster"),
    ("教师", "教师表", "教师名单", "教师花名册", "花名册", "教师信息", "教师信息表"),
    (
        _c("teacher_id", ("id", "teacher no", "staff id", "staff no"), ("工号", "教师编号", "教职工号", "职工号"), required=True),  # noqa: E501
        _c("name", ("teacher name", "full name"), ("姓名", "教师姓名"), required=True, personal=True),  # noqa: E501
        _c("gender", ("sex",), ("性别",), personal=True),
        _c("age", (), ("年龄",)),
        _c("birth_date", ("date of birth", "birthdate", "dob", "born"), ("出生日期", "出生年月", "出生年月日"), personal=True),  # noqa: E501
        _c("id_number", ("id card", "id card number", "resident id", "national id"), ("身份证号", "身份证号码", "公民身份号码", "身份证"), personal=True),  # noqa: E501
        # Two columns may name the school: a code column and a name column. Each takes a
        # code or a name; when both are filled they must agree.
        _c("school_id", ("school code",), ("学校编号", "学校代码")),
        _c("school_name", ("school", "current school"), ("所在学校", "学校名称", "学校", "任教学校", "工作单位", "单位")),  # noqa: E501
        _c("subject", ("subjects",), ("学科", "任教学科", "科目"), required=True),
        _c("title", ("professional title",), ("职称", "专业技术职务"), required=True),
        _c("backbone", ("backbone level",), ("骨干级别", "骨干", "骨干教师")),
        _c("status", ("employment status",), ("编制状态", "在岗状态", "状态")),
        _c("years_at_school", ("years at school", "years at current school"), ("本校连续任教年限", "本校任教年限", "在本校任教年限"), required=True),  # noqa: E501
        _c("teaching_years", ("years of teaching",), ("教龄",)),
        _c("rural_years", ("rural service years",), ("农村任教年限", "农村学校任教年限"), required=True),  # noqa: E501
        _c("last_rural_year", (), ("最近农村任教年份",)),
        _c("exempt_reason", ("exemption",), ("暂缓原因", "免交流原因", "暂缓交流原因"), personal=True),  # noqa: E501
        _c("senior_applicant", (), ("拟申报高级职称", "拟申报高级")),
        _c("promoted_last_year", (), ("上年度晋升职称",)),
        _c("volunteer", ("volunteered",), ("自愿报名", "自愿")),
        _c("family_burden", (), ("家庭困难", "照顾家庭")),
        _c("spouse_id", ("spouse",), ("配偶工号",)),
        _c("wishes", ("preferences",), ("志愿", "交流志愿")),
        _c("locked_to", ("locked",), ("锁定学校",)),
        _c("rotated_years", ("rotated in", "rotation years"), ("交流年份", "轮岗年份", "已交流年份")),  # noqa: E501
    ),
    personal_rows=True,
)  # fmt: skip

SCHOOLS = SheetSpec(
    "schools",
    ("Schools", "School"),
    ("学校", "学校表", "学校信息", "学校信息表", "学校名单"),
    (
        _c("school_id", ("code", "school code"), ("学校编号", "学校代码", "编号"), required=True),
        _c("name", ("school name",), ("学校名称", "校名", "名称"), required=True),
        _c("type", ("school type", "category"), ("学校类型", "类别", "类型"), required=True),
        _c("distance_km", ("distance",), ("距县城距离", "距离"), required=True),
        _c("level", ("stage",), ("学段",)),
        _c("paired_with", ("paired", "paired schools"), ("结对学校",)),
        _c("staff", ("staff count",), ("在编教师数", "编制数", "教师数")),
        _c("latitude", ("lat",), ("纬度",)),
        _c("longitude", ("lon", "lng"), ("经度",)),
    ),
)  # fmt: skip

VACANCIES = SheetSpec(
    "vacancies",
    ("Vacancies", "Vacancy", "Posts"),
    ("岗位需求", "岗位需求表", "岗位", "岗位表", "空缺岗位", "需求岗位"),
    (
        _c("school_id", ("school code",), ("学校编号", "学校代码")),
        _c("school_name", ("school",), ("学校名称", "学校", "接收学校")),
        _c("subject", (), ("学科", "科目"), required=True),
        _c("count", ("posts", "number"), ("人数", "需求人数", "岗位数", "数量"), required=True),
    ),
)  # fmt: skip

POLICY = SheetSpec(
    "policy",
    ("Policy", "Parameters"),
    ("政策参数", "参数", "参数表", "政策", "政策参数表"),
    (
        _c("key", ("parameter",), ("参数", "参数名"), required=True),
        _c("value", (), ("取值", "值", "参数值"), required=True),
    ),
)

SHEETS: tuple[SheetSpec, ...] = (TEACHERS, SCHOOLS, VACANCIES, POLICY)

# Columns bureaus add that carry nothing for the planner (serial numbers, notes). They are
# never taken for subject columns when vacancies come as one column per subject.
IGNORED_HEADERS = frozenset(
    normalize_header(h)
    for h in ("序号", "编码序号", "备注", "说明", "no", "#", "index", "notes", "note", "remark",
              "remarks", "description", "地址", "address", "联系电话", "phone", "校长", "principal")
)  # fmt: skip
