"""What each column of the roster takes, in words: the blank template's input hints and
the column tables of docs/roster-format(.zh).md are both made from here and from
``headers`` (the sheets, their columns and every header a roster may use), so the
template, the docs and the reader cannot disagree (a test regenerates the docs' tables).

The closed lists (titles, school types, backbone levels, yes/no) are vocabulary.py's.
"""

from __future__ import annotations

from rotation_planner.io.headers import SHEETS, SheetSpec
from rotation_planner.vocabulary import (
    BACKBONES,
    GENDERS,
    LEGACY_TITLES,
    NO,
    SCHOOL_TYPES,
    SUBJECT_LEADER,
    TITLES,
    YES,
)


def _zh(words: object) -> str:
    return "/".join(w.zh for w in words)  # type: ignore[attr-defined]


def _en(words: object) -> str:
    return "/".join(w.en for w in words)  # type: ignore[attr-defined]


_YES_NO = (f"{YES.en}/{NO.en} ({YES.zh}/{NO.zh}); blank is no", f"{YES.zh}/{NO.zh}; 空白为否")
_TITLES = (
    f"{_en(TITLES.values())}, or {_zh(TITLES.values())}; the titles of before 2015 "
    f"(小学高级...) read as the reform says",
    f"{_zh(TITLES.values())}; 2015年改革前的职称 (小学高级等) 按改革的对应关系读取",
)
_BACKBONES = (
    f"{_en(BACKBONES.values())}, {SUBJECT_LEADER.en}; blank is none",
    f"{_zh(BACKBONES.values())}, 或{SUBJECT_LEADER.zh}/{'/'.join(SUBJECT_LEADER.read_zh)}; "
    "空白为无",
)
_SCHOOL_TYPES = (_en(SCHOOL_TYPES.values()), _zh(SCHOOL_TYPES.values()))
_YEARS = ("years, 0-60 (6 or 6年)", "年数, 0至60 (可写 6 或 6年)")

# (sheet key, column key) -> (English, Chinese): what the cell takes.
HINTS: dict[tuple[str, str], tuple[str, str]] = {
    ("teachers", "teacher_id"): ("the teacher's staff number, one row each", "教师工号, 每人一行"),
    ("teachers", "name"): ("full name", "姓名"),
    ("teachers", "gender"): (
        f"{_en(GENDERS.values())} ({_zh(GENDERS.values())}); may be left to the ID number",
        f"{_zh(GENDERS.values())}; 有身份证号时可不填",
    ),
    ("teachers", "age"): (
        "completed years, 18-70; may be left to the birth date or ID number",
        "周岁, 18至70; 有出生日期或身份证号时可不填",
    ),
    ("teachers", "birth_date"): (
        "a date, or 1985.03 / 1985-03 / 198503 / 1985年3月",
        "日期, 或 1985.03 / 1985-03 / 198503 / 1985年3月",
    ),
    ("teachers", "id_number"): (
        "the 18-character resident ID (as text); gives birth date and gender; one row each",
        "18位居民身份证号 (以文本格式录入); 可推出出生日期和性别; 每人仅一行",
    ),
    ("teachers", "school_id"): ("the school's code in the Schools sheet", "学校表中的学校编号"),
    ("teachers", "school_name"): (
        "the school's code or its name in the Schools sheet",
        "学校表中的学校编号或学校名称",
    ),
    ("teachers", "subject"): (
        "the subject taught; a second one after 、 or , (no school level: 语文, not 小学语文)",
        "任教学科; 兼教学科用 、 或 , 分隔 (不写学段: 写 语文, 不写 小学语文)",
    ),
    ("teachers", "title"): _TITLES,
    ("teachers", "backbone"): _BACKBONES,
    ("teachers", "status"): (
        "在编在岗 (in service) or another status; blank is in service",
        "在编在岗或其他状态; 空白为在编在岗",
    ),
    ("teachers", "years_at_school"): _YEARS,
    ("teachers", "teaching_years"): _YEARS,
    ("teachers", "rural_years"): (
        "years of earlier rural service, 0-60",
        "此前农村学校任教年数, 0至60",
    ),
    ("teachers", "last_rural_year"): (
        "the last year of rural service, e.g. 2019; blank is none",
        "最近一次农村任教的年份, 如 2019; 空白为无",
    ),
    ("teachers", "exempt_reason"): (
        "why the teacher is exempt this year (pregnancy, illness...); blank is not exempt",
        "本年度暂缓交流的原因 (孕期、病休等); 空白为不暂缓",
    ),
    ("teachers", "senior_applicant"): _YES_NO,
    ("teachers", "promoted_last_year"): _YES_NO,
    ("teachers", "volunteer"): _YES_NO,
    ("teachers", "family_burden"): _YES_NO,
    ("teachers", "spouse_id"): (
        "the spouse's staff number, if on the roster",
        "配偶在本花名册中的工号",
    ),
    ("teachers", "wishes"): (
        "receiving schools wished for, in order, codes or names after 、 or ,",
        "志愿接收学校, 按先后填写编号或名称, 用 、 或 , 分隔",
    ),
    ("teachers", "locked_to"): (
        "a school this teacher must go to (re-planning); blank otherwise",
        "必须调往的学校 (重新编排时); 通常空白",
    ),
    ("teachers", "rotated_years"): (
        "years the teacher rotated before, e.g. 2021、2024",
        "以往交流的年份, 如 2021、2024",
    ),
    ("schools", "school_id"): ("a unique code, e.g. S001", "唯一的学校编号, 如 S001"),
    ("schools", "name"): ("the school's name, unique", "学校名称, 不可重复"),
    ("schools", "type"): _SCHOOL_TYPES,
    ("schools", "distance_km"): ("km to the county seat, 0-1000", "距县城公里数, 0至1000"),
    ("schools", "level"): (
        "小学/初中/九年一贯制 (primary/middle/nine-year)",
        "小学/初中/九年一贯制",
    ),
    ("schools", "paired_with"): ("codes of paired schools (结对)", "结对学校的编号"),
    ("schools", "staff"): (
        "teachers on the establishment, 0-10000; blank counts the Teachers rows",
        "在编教师数, 0至10000; 空白则按教师表行数计",
    ),
    ("schools", "latitude"): ("degrees, -90 to 90", "度, -90至90"),
    ("schools", "longitude"): ("degrees, -180 to 180", "度, -180至180"),
    ("vacancies", "school_id"): ("the receiving school's code", "接收学校编号"),
    ("vacancies", "school_name"): ("the receiving school's code or name", "接收学校编号或名称"),
    ("vacancies", "subject"): ("the subject of the posts", "岗位学科"),
    ("vacancies", "count"): ("posts, a whole number 0-1000", "岗位数, 0至1000的整数"),
    ("policy", "key"): (
        "a parameter's key (Q1.min_share) or its name (see planner policy)",
        "参数名 (Q1.min_share) 或其中文名称 (见 planner policy)",
    ),
    ("policy", "value"): ("its value; blank keeps the default", "取值; 空白则用默认值"),
}


def hint(sheet: str, column: str, lang: str) -> str:
    """What a cell of ``column`` in ``sheet`` takes, in ``lang``."""
    en, zh = HINTS[(sheet, column)]
    return zh if lang == "zh" else en


def legacy_titles_markdown(lang: str) -> str:
    """The table of titles from before the 2015 reform and what each is read as."""
    head = ("旧职称", "读作") if lang == "zh" else ("old title", "read as")
    lines = [f"| {head[0]} | {head[1]} |", "|---|---|"]
    for old, new in LEGACY_TITLES.items():
        shown = TITLES[new].zh if lang == "zh" else f"{TITLES[new].zh} ({TITLES[new].en})"
        lines.append(f"| {old} | {shown} |")
    return "\n".join(lines) + "\n"


def columns_markdown(spec: SheetSpec, lang: str) -> str:
    """One sheet's columns as a table: the header to use, the other headers read, whether
    it is required, and what it takes."""
    if lang == "zh":
        head = ("列", "也可写作", "必填", "填写内容")
        yes, no = "是", ""
    else:
        head = ("column", "also read", "required", "what it takes")
        yes, no = "yes", ""
    lines = [f"| {' | '.join(head)} |", "|---|---|---|---|"]
    for c in spec.columns:
        main = c.zh[0] if lang == "zh" else c.en[0]
        others = [a for a in (*c.zh, *c.en) if a != main]
        lines.append(
            f"| {main} | {', '.join(others)} | {yes if c.required else no} | "
            f"{hint(spec.key, c.key, lang).replace('|', '/')} |"
        )
    return "\n".join(lines) + "\n"


def roster_markdown(lang: str) -> str:
    """Every sheet of the roster and its columns, in ``lang`` (docs/roster-format)."""
    parts = []
    for spec in SHEETS:
        title = f"{spec.zh[0]} ({spec.en[0]})" if lang == "zh" else f"{spec.en[0]} ({spec.zh[0]})"
        names = ", ".join(a for a in (*spec.zh, *spec.en) if a not in (spec.zh[0], spec.en[0]))
        also = f"也可命名为: {names}" if lang == "zh" else f"Also named: {names}"
        parts.append(f"### {title}\n\n{also}\n\n{columns_markdown(spec, lang)}")
    return "\n".join(parts)
