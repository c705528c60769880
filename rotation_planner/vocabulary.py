"""The words for the domain's closed lists, in Chinese and English, in one place.

For each member of ``Title``, ``Backbone``, ``SchoolType`` and ``Gender``, and for the
closed lists a roster uses (yes/no, the in-service status, the words for "nothing"),
this module holds the word the product shows in each language and the other words a
roster may use for it (old title names, 区级 for 县级, ``teaching_point``...). The
reader, the policy, the writers and the report all take their words from here, so a
word is added or changed once. Display words are always also read: whatever the
product writes, it reads back.

Only words live here: how a reader compares them (full-width forms, case, spaces) is
its own business, and ``reading`` builds a lookup for it with its own normalisation.
This module imports only the domain and the standard library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from rotation_planner.domain import Backbone, Gender, SchoolType, Title

E = TypeVar("E")


@dataclass(frozen=True)
class Words:
    """How one member of a closed list is written.

    ``zh`` and ``en`` are what the product shows (and writes); ``read_zh`` and
    ``read_en`` are further words a roster may use for the same thing.
    """

    zh: str
    en: str
    read_zh: tuple[str, ...] = ()
    read_en: tuple[str, ...] = ()

    def shown(self, lang: str) -> str:
        """The display word in ``lang`` (``zh``, else English)."""
        return self.zh if lang == "zh" else self.en

    @property
    def read(self) -> tuple[str, ...]:
        """Every word a roster may use: the display words first, then the aliases."""
        return (self.zh, self.en, *self.read_zh, *self.read_en)


# 中小学教师职称 since the 2015 reform; the old names (初级, 中级, 副高级) are still common.
TITLES: dict[Title, Words] = {
    Title.UNRANKED: Words("未定级", "unranked"),
    Title.THIRD: Words("三级", "third"),
    Title.SECOND: Words("二级", "second", ("初级",)),
    Title.FIRST: Words("一级", "first", ("中级",)),
    Title.SENIOR: Words("高级", "senior", ("副高级",)),
    Title.FULL_SENIOR: Words("正高级", "full senior", (), ("full_senior",)),
}
# A title cell may carry the grade's prefix or a suffix: 中小学一级教师, 高级职称.
TITLE_PREFIXES: tuple[str, ...] = ("中小学", "中学")

# The titles of before the 2015 reform, which had one ladder for middle schools (中学)
# and one for primary schools (小学), and the unified title each corresponds to, as the
# reform itself sets out (人力资源社会保障部、教育部《关于深化中小学教师职称制度改革的
# 指导意见》, 人社部发〔2015〕79号): 原中学高级教师 (含在小学中聘任的) 对应高级教师;
# 原中学一级教师和小学高级教师对应一级教师; 原中学二级教师和小学一级教师对应二级教师;
# 原中学三级教师和小学二级、三级教师对应三级教师. The primary ladder sits one step lower:
# 小学高级 is 一级, not 高级. 中教/小教 are the usual short forms; 教师 and 职称 may follow.
LEGACY_TITLES: dict[str, Title] = {
    "中学高级": Title.SENIOR,
    "中教高级": Title.SENIOR,
    "中学一级": Title.FIRST,
    "中教一级": Title.FIRST,
    "小学高级": Title.FIRST,
    "小教高级": Title.FIRST,
    "中学二级": Title.SECOND,
    "中教二级": Title.SECOND,
    "小学一级": Title.SECOND,
    "小教一级": Title.SECOND,
    "中学三级": Title.THIRD,
    "中教三级": Title.THIRD,
    "小学二级": Title.THIRD,
    "小教二级": Title.THIRD,
    "小学三级": Title.THIRD,
    "小教三级": Title.THIRD,
}
TITLE_SUFFIXES: tuple[str, ...] = ("教师", "职称")

BACKBONES: dict[Backbone, Words] = {
    Backbone.NONE: Words("无", "none"),
    Backbone.SCHOOL: Words("校级", "school"),
    Backbone.COUNTY: Words("县级", "county", ("区级",), ("district",)),
    Backbone.CITY: Words("市级", "city"),
    Backbone.PROVINCE: Words("省级", "province", (), ("provincial",)),
}
# 学科带头人 and 名师 are recorded apart from the level (``Teacher.subject_leader``).
SUBJECT_LEADER = Words("学科带头人", "subject leader", ("名师",), ("master teacher",))
# A backbone cell may say 县级骨干教师 or "county backbone teacher".
BACKBONE_SUFFIXES: tuple[str, ...] = ("骨干教师", "骨干", "教师", "backbone", "teacher")

SCHOOL_TYPES: dict[SchoolType, Words] = {
    SchoolType.URBAN: Words("城区", "urban", ("城镇", "县城", "城区学校"), ("city",)),
    SchoolType.TOWNSHIP: Words("乡镇", "township", ("乡镇学校", "乡镇中心校", "镇")),
    SchoolType.RURAL: Words("农村", "rural", ("乡村", "农村学校")),
    SchoolType.VILLAGE: Words("村小", "village", ("村级小学", "村完小"), ("village school",)),
    SchoolType.TEACHING_POINT: Words("教学点", "teaching point", (), ("teaching_point",)),
}

GENDERS: dict[Gender, Words] = {
    Gender.MALE: Words("男", "M", ("男性",), ("male",)),
    Gender.FEMALE: Words("女", "F", ("女性",), ("female",)),
}

# Yes/no cells and policy switches (R3.enabled = 否). Forms ask 有/无 as often as 是/否.
YES = Words("是", "yes", ("开", "启用", "有"), ("true", "y", "on", "1"))
NO = Words("否", "no", ("关", "停用", "无", "没有"), ("false", "n", "off", "0"))
# Ticks and crosses a bureau types into a yes/no column of the roster.
TICKS: tuple[str, ...] = ("√", "✓", "✔")
CROSSES: tuple[str, ...] = ("×", "✗", "✘")

# The subjects of compulsory education (the national curriculum's names): the template's
# list for the subject columns (others may be typed: a county may teach 日语 or 书法),
# and what a subject written with its school level (小学语文, 初中数学) is read as.
SUBJECTS: tuple[Words, ...] = (
    Words("语文", "Chinese"),
    Words("数学", "Mathematics"),
    Words("英语", "English"),
    Words("道德与法治", "Morality and Law"),
    Words("科学", "Science"),
    Words("物理", "Physics"),
    Words("化学", "Chemistry"),
    Words("生物", "Biology"),
    Words("历史", "History"),
    Words("地理", "Geography"),
    Words("信息技术", "Information Technology"),
    Words("音乐", "Music"),
    Words("体育", "Physical Education"),
    Words("美术", "Art"),
    Words("心理健康", "Mental Health"),
    Words("劳动", "Labour"),
    Words("综合实践", "Integrated Practice"),
    Words("书法", "Calligraphy"),
)
# School levels a subject cell may start with: 小学语文 is 语文 (the post's school says
# the level). A plan is made per subject; a level in the name would match no post.
SCHOOL_LEVEL_PREFIXES: tuple[str, ...] = ("小学", "初中", "高中", "中学")

# A row whose first cell says this is a total (合计, 总计), not a teacher or a school.
TOTAL_WORDS: frozenset[str] = frozenset(
    {"合计", "总计", "小计", "共计", "总数", "total", "totals", "subtotal", "sum"}
)

# The reasons E5 exempts a teacher for, as the template offers them (any other text in
# the column exempts too: a non-empty reason is an exemption).
EXEMPT_REASONS: tuple[Words, ...] = (
    Words("孕期", "pregnancy"),
    Words("哺乳期", "nursing"),
    Words("患病", "certified illness"),
    Words("特殊岗位", "approved special post"),
)

# School levels (学段) of the Schools sheet's level column.
SCHOOL_LEVELS: tuple[Words, ...] = (
    Words("小学", "primary"),
    Words("初中", "middle"),
    Words("九年一贯制", "nine-year"),
)

# The employment status that counts as in service (E1's default).
IN_SERVICE = Words("在编在岗", "in service", (), ("in_service", "active"))

# What a free-text cell holds when it means "nothing" (暂缓原因: 无).
NOTHING_WORDS: frozenset[str] = frozenset(
    {"", "无", "否", "none", "no", "n/a", "na", "-", "--", "/", "—", "——"}
)

# Titles in Chinese alone: the policy's parameter values and relaxations show them so.
TITLE_ZH: dict[Title, str] = {t: w.zh for t, w in TITLES.items()}


def reading(
    table: Mapping[E, Words], normalize: Callable[[str], str] = str.casefold
) -> dict[str, E]:
    """Every word of ``table`` (display words and aliases), normalised, to its member.

    ValueError when two members share a normalised word: a table must read one way.
    """
    lookup: dict[str, E] = {}
    for member, words in table.items():
        for word in words.read:
            key = normalize(word)
            if lookup.get(key, member) != member:
                raise ValueError(f"{word!r} reads as both {lookup[key]} and {member}")
            lookup[key] = member
    return lookup


def words_of(
    items: Iterable[Words], normalize: Callable[[str], str] = str.casefold
) -> frozenset[str]:
    """Every word of ``items``, normalised: the set a closed list is checked against."""
    return frozenset(normalize(word) for words in items for word in words.read)
