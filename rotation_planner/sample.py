"""A realistic synthetic county for demos, tests and benchmarks.

``generate_county(teachers, seed)`` builds a county that looks like the ones in
POLICY.md's "Facts for realistic sample data": a few big urban (城区) schools that send,
many small township, rural and village schools and teaching points that receive, ages,
titles and subjects that differ by school type as the Jiangxi survey found, and
vacancies by subject at the receiving schools.

The county is feasible under the default policy by construction: while it sizes the
vacancies, the generator builds a witness plan (``witness_plan``) that meets every hard
rule (E1-E6, Q1-Q4, P1-P4, M1, R5), then adds more vacancies than the minimum rotation
needs, with a few subjects short of eligible teachers, so that the solver has real
choices to make and coverage is a trade-off.

Only ``random.Random(seed)`` is used: the same arguments always give the same county.
Everything here is synthetic; names and places are invented.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rotation_planner.domain import (
    Assignment,
    Backbone,
    Gender,
    Instance,
    Plan,
    School,
    SchoolType,
    Teacher,
    Title,
    Vacancy,
)
from rotation_planner.policy import Policy
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.m1_must_rotate import needs_rural_service as must_rotate
from rotation_planner.rules.p3_receiving_share import max_arrivals as p3_max_arrivals
from rotation_planner.rules.q1_min_share import min_rotators as q1_min_rotators
from rotation_planner.rules.q2_max_share import max_rotators as q2_max_rotators
from rotation_planner.rules.q3_backbone_share import min_backbone as q3_min_backbone
from rotation_planner.rules.q4_keep_staff import max_rotators as q4_max_rotators

PRIMARY = "小学"
MIDDLE = "初中"
NINE_YEAR = "九年一贯制"

PRIMARY_SUBJECTS: dict[str, float] = {
    "语文": 30,
    "数学": 25,
    "英语": 9,
    "科学": 5,
    "道德与法治": 5,
    "音乐": 6,
    "体育": 7,
    "美术": 6,
    "信息技术": 3,
}
MIDDLE_SUBJECTS: dict[str, float] = {
    "语文": 15,
    "数学": 15,
    "英语": 13,
    "物理": 7,
    "化学": 5,
    "生物": 5,
    "历史": 6,
    "地理": 5,
    "道德与法治": 7,
    "音乐": 4,
    "体育": 8,
    "美术": 4,
    "信息技术": 3,
}
SUBJECTS: tuple[str, ...] = (
    "语文",
    "数学",
    "英语",
    "物理",
    "化学",
    "生物",
    "历史",
    "地理",
    "道德与法治",
    "音乐",
    "体育",
    "美术",
    "信息技术",
    "科学",
)
# Rural schools lack specialists most in these subjects; the short subjects come from here.
SHORTAGE_PRONE: tuple[str, ...] = ("信息技术", "科学", "音乐", "美术", "体育", "英语")
# Teachers who take a second subject mostly take one of these (包班, 兼课).
SECOND_SUBJECT_WEIGHTS: dict[str, float] = {
    "道德与法治": 5,
    "音乐": 4,
    "美术": 4,
    "体育": 3,
    "科学": 4,
    "信息技术": 2,
    "历史": 2,
    "地理": 2,
    "生物": 1,
    "英语": 1,
}

# Share of teachers aged 50+: county-town primary 17.7%, township central primary 38.5%,
# village schools 39.0% (POLICY.md, Jiangxi survey). Middle schools and teaching points
# are inferred around them.
SHARE_50_PLUS: dict[tuple[SchoolType, str], float] = {
    (SchoolType.URBAN, PRIMARY): 0.177,
    (SchoolType.URBAN, MIDDLE): 0.20,
    (SchoolType.URBAN, NINE_YEAR): 0.19,
    (SchoolType.TOWNSHIP, PRIMARY): 0.385,
    (SchoolType.TOWNSHIP, MIDDLE): 0.33,
    (SchoolType.TOWNSHIP, NINE_YEAR): 0.36,
    (SchoolType.RURAL, PRIMARY): 0.39,
    (SchoolType.RURAL, NINE_YEAR): 0.37,
    (SchoolType.VILLAGE, PRIMARY): 0.39,
    (SchoolType.TEACHING_POINT, PRIMARY): 0.45,
}
YOUNG_SHARE: dict[SchoolType, float] = {  # of the under-50s, share aged 22-30
    SchoolType.URBAN: 0.20,
    SchoolType.TOWNSHIP: 0.25,
    SchoolType.RURAL: 0.30,
    SchoolType.VILLAGE: 0.32,
    SchoolType.TEACHING_POINT: 0.25,
}
# Recent hires are about 80% female (POLICY.md); older rural staff are more often men.
FEMALE_SHARE_OLDER: dict[SchoolType, float] = {
    SchoolType.URBAN: 0.74,
    SchoolType.TOWNSHIP: 0.58,
    SchoolType.RURAL: 0.50,
    SchoolType.VILLAGE: 0.45,
    SchoolType.TEACHING_POINT: 0.40,
}
FEMALE_SHARE_YOUNG = 0.80
YOUNG_MAX_AGE = 30

# Relative school sizes (teachers per school), before a +-25% jitter.
SIZE_WEIGHT: dict[tuple[SchoolType, str], float] = {
    (SchoolType.URBAN, PRIMARY): 11,
    (SchoolType.URBAN, MIDDLE): 10,
    (SchoolType.URBAN, NINE_YEAR): 12,
    (SchoolType.TOWNSHIP, PRIMARY): 4,
    (SchoolType.TOWNSHIP, MIDDLE): 5,
    (SchoolType.TOWNSHIP, NINE_YEAR): 5,
    (SchoolType.RURAL, PRIMARY): 1.8,
    (SchoolType.RURAL, NINE_YEAR): 3.5,
    (SchoolType.VILLAGE, PRIMARY): 1.0,
    (SchoolType.TEACHING_POINT, PRIMARY): 0.3,
}
MIN_STAFF: dict[SchoolType, int] = {
    SchoolType.URBAN: 12,
    SchoolType.TOWNSHIP: 5,
    SchoolType.RURAL: 4,
    SchoolType.VILLAGE: 3,
    SchoolType.TEACHING_POINT: 2,
}
# School mix by type, as shares of all schools (urban schools: a minority, but big).
TYPE_SHARE: dict[SchoolType, float] = {
    SchoolType.URBAN: 0.12,
    SchoolType.RURAL: 0.20,
    SchoolType.VILLAGE: 0.24,
    SchoolType.TEACHING_POINT: 0.15,
}

SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 72), ("李", 72), ("张", 68), ("刘", 53), ("陈", 46), ("杨", 33), ("黄", 25),
    ("赵", 20), ("吴", 20), ("周", 19), ("徐", 15), ("孙", 14), ("马", 13), ("朱", 12),
    ("胡", 11), ("郭", 11), ("何", 10), ("林", 9), ("高", 9), ("罗", 9), ("郑", 8),
    ("梁", 8), ("谢", 7), ("宋", 6), ("唐", 6), ("许", 6), ("韩", 6), ("冯", 6), ("邓", 6),
    ("曹", 5), ("彭", 5), ("曾", 5), ("肖", 5), ("田", 5), ("董", 5), ("袁", 4), ("潘", 4),
    ("蒋", 4), ("蔡", 4), ("余", 4), ("杜", 4), ("叶", 4), ("程", 4), ("魏", 4), ("苏", 4),
    ("吕", 3), ("丁", 3), ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3), ("钟", 3), ("姜", 3),
    ("崔", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("廖", 3), ("石", 3), ("熊", 3),
    ("邹", 2), ("万", 2), ("温", 2), ("付", 2), ("欧阳", 1),
)  # fmt: skip
GIVEN_FIRST = {
    (Gender.FEMALE, "old"): "秀桂玉红春丽淑美金冬小海月凤素慧",
    (Gender.FEMALE, "young"): "雅思佳晓欣雨梦诗婉嘉文慧丽梓可若紫心",
    (Gender.MALE, "old"): "建国志文永海立德振春伟卫红新长明",
    (Gender.MALE, "young"): "俊子浩宇嘉明晓家天博鹏思一志文宏泽",
}
GIVEN_SECOND = {
    Gender.FEMALE: "婷琳怡雯琪涵萱颖静敏娟芳霞燕兰英萍玲丹洁华梅莉娜倩蓉艳琴",
    Gender.MALE: "强伟军华明平勇峰杰涛斌超辉刚鹏宇轩然浩凯航东林龙波飞磊鑫成",
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PLACE_NAMES: tuple[str, ...] = _words(
    "石桥 白沙 青龙 高坪 龙潭 梅岭 柳溪 桃源 黄土 马鞍 金竹 双河 三江 清水 大坝 新田 长岭 "
    "花桥 樟树 枫林 松岗 水口 竹山 云台 凤凰 官庄 太平 永安 兴隆 安乐 黄沙 石门 茶园 古城 "
    "塘坊 杉树 铜鼓 洪山 鹤岭 西坑 东源 南岭 北岸 罗坊 桂花 莲塘 横岭 潭头 珠坑 枫树 "
    "仙岩 碧溪 月塘 鲤鱼 荷田 梨园 白石 赤岸 黄泥 坪上"
)
VILLAGE_NAMES: tuple[str, ...] = _words(
    "白水 杨柳 黄岭 杨家 李家 大湾 小溪 岭头 坳上 坪头 泥湾 石坑 上村 下村 岩背 竹园 梨树 "
    "桐木 坑口 山下 洞口 田心 高坪 陈家 刘家 朱坑 塘下 岭背 水东 河西 桥头 新屋 老屋 "
    "大塘 小塘 松树 黄竹 茅坪 樟坑 板桥 石背 枫坪 牛岭 鹅湖 马田 沙坪 樟溪 杉木 竹坑 "
    "上坪 下坪 西坳 东坑 南坑 北坑 大源 小源 麻田 藕塘 龙口 凤岭 柿树 荷塘 桃坑 栗树 "
    "长坑 圳头 坝上 溪口 湖田 瑶里 寨下 中村 外村 里村 庄上"
)
COUNTY_NAMES: tuple[tuple[str, str], ...] = (
    ("青岚", "Qinglan"), ("云溪", "Yunxi"), ("桐川", "Tongchuan"), ("枫原", "Fengyuan"),
    ("岚山", "Lanshan"), ("梅川", "Meichuan"), ("柳岸", "Liu'an"), ("松阳岭", "Songyangling"),
)  # fmt: skip
URBAN_NAMES: dict[str, tuple[str, ...]] = {
    PRIMARY: (
        "城关第一小学", "城关第二小学", "县实验小学", "城关第三小学", "城东小学", "城南小学",
        "城关第四小学", "城西小学", "城北小学", "城关第五小学", "育才小学", "新城小学",
    ),
    MIDDLE: (
        "城南中学", "城北中学", "县实验中学", "城关第一初级中学", "城东中学", "城西中学",
        "城关第二初级中学", "新城中学",
    ),
    NINE_YEAR: ("城西学校", "育英学校", "新区实验学校", "城东学校"),
}  # fmt: skip
# Beyond the listed names; their numbers start past any listed 城关第N.
URBAN_FALLBACK: dict[str, str] = {
    PRIMARY: "城关第{}小学",
    MIDDLE: "县第{}中学",
    NINE_YEAR: "城关第{}学校",
}
URBAN_LEVEL_CYCLE = (PRIMARY, MIDDLE, PRIMARY, PRIMARY, MIDDLE, NINE_YEAR, PRIMARY, MIDDLE)
CHINESE_NUMERALS = "零一二三四五六七八九十"

STATUS_OTHER: tuple[tuple[str, float], ...] = (
    ("借调", 0.015),
    ("病休", 0.012),
    ("脱产进修", 0.008),
)
IN_SERVICE = "在编在岗"


def county_name(seed: int, lang: str = "zh") -> str:
    """The invented county's name for ``seed``: ``青岚县``, or ``Qinglan County``."""
    zh, en = COUNTY_NAMES[random.Random(seed).randrange(len(COUNTY_NAMES))]
    return f"{zh}县" if lang == "zh" else f"{en} County"


def roster_title(seed: int, plan_year: int = 2026, lang: str = "zh") -> str:
    """The roster's title row: ``青岚县2026年城乡教师交流轮岗花名册（示例数据）``."""
    if lang == "zh":
        return f"{county_name(seed)}{plan_year}年城乡教师交流轮岗花名册（示例数据）"
    return (
        f"{county_name(seed, lang)} {plan_year} urban-rural teacher rotation roster (sample data)"
    )


def default_school_count(teachers: int) -> int:
    """About 100 schools for 3,000 teachers and 13 for 300: small counties have
    fewer, bigger schools per teacher than large ones."""
    return max(6, round(0.0944 * teachers**0.87))


def generate_county(
    teachers: int, seed: int, *, schools: int | None = None, plan_year: int = 2026
) -> Instance:
    """A synthetic county of exactly ``teachers`` teachers, feasible under the default
    policy, with more vacancies than the minimum rotation needs.

    The same arguments always give an identical Instance.
    """
    return _build(teachers, seed, schools=schools, plan_year=plan_year)[0]


def witness_plan(
    teachers: int, seed: int, *, schools: int | None = None, plan_year: int = 2026
) -> Plan:
    """The plan the generator built to prove ``generate_county(...)`` (same arguments)
    feasible under the default policy: it sends exactly the Q1 minimum of every urban
    school, every must-rotate (M1) teacher among them."""
    return _build(teachers, seed, schools=schools, plan_year=plan_year)[1]


def write_sample(path: Path, teachers: int, seed: int, lang: str = "zh") -> Instance:
    """Generate a county and write it as a roster workbook at ``path`` (with a title
    row naming the invented county). Returns the generated Instance."""
    from rotation_planner.io.roster_write import write_roster

    instance = generate_county(teachers, seed)
    title = roster_title(seed, instance.plan_year or 2026, lang)
    write_roster(instance, Path(path), lang=lang, title_row=title)
    return instance


@dataclass(frozen=True)
class CountySummary:
    """The figures that say whether a county is a fair test of the planner."""

    teachers: int
    schools: dict[str, int]
    vacancies: int
    eligible: int
    eligible_backbone: int
    must_rotate: int
    q1_min_total: int
    q2_max_total: int
    short_subjects: dict[str, tuple[int, int]]  # subject -> (vacancies, eligible teaching it)

    def lines(self) -> list[str]:
        """The summary in four lines of plain English."""
        types = ", ".join(f"{k} {v}" for k, v in self.schools.items())
        short = ", ".join(
            f"{s} {v} posts / {e} eligible" for s, (v, e) in self.short_subjects.items()
        )
        return [
            f"teachers {self.teachers}, schools {sum(self.schools.values())} ({types})",
            f"eligible {self.eligible} (backbone {self.eligible_backbone}, "
            f"must rotate {self.must_rotate})",
            f"rotators: Q1 minimum {self.q1_min_total}, Q2 maximum {self.q2_max_total}; "
            f"vacancies {self.vacancies}",
            f"subjects short: {short or 'none'}",
        ]


def summarize(instance: Instance, policy: Policy | None = None) -> CountySummary:
    """Eligible teachers, quota totals and short subjects of ``instance`` under
    ``policy`` (the default policy if None)."""
    p = policy or Policy()
    eligible = list(Facts(instance, p).eligible)
    per_school = Counter(t.school_id for t in eligible)
    senders = [s for s in instance.schools if s.type is SchoolType.URBAN]
    vac = Counter[str]()
    for v in instance.vacancy_slots:
        vac[v.subject] += v.count
    supply = Counter(s for t in eligible for s in t.subjects)
    return CountySummary(
        teachers=len(instance.teachers),
        schools={k.value: sum(1 for s in instance.schools if s.type is k) for k in SchoolType},
        vacancies=sum(vac.values()),
        eligible=len(eligible),
        eligible_backbone=sum(1 for t in eligible if t.is_backbone),
        must_rotate=sum(1 for t in eligible if must_rotate(t, p)),
        q1_min_total=sum(q1_min_rotators(per_school[s.school_id], p) for s in senders),
        q2_max_total=sum(q2_max_rotators(per_school[s.school_id], p) or 0 for s in senders),
        short_subjects={s: (vac[s], supply[s]) for s in SUBJECTS if vac[s] > supply[s]},
    )


# --- schools ---------------------------------------------------------------------------


@dataclass
class _SchoolDraft:
    school_id: str
    name: str
    type: SchoolType
    level: str
    distance_km: float
    paired_with: tuple[str, ...] = ()
    staff: int = 0


def _type_counts(n: int) -> dict[SchoolType, int]:
    counts = {t: max(1, round(share * n)) for t, share in TYPE_SHARE.items()}
    counts[SchoolType.URBAN] = max(2, counts[SchoolType.URBAN])
    counts[SchoolType.TOWNSHIP] = n - sum(counts.values())
    if counts[SchoolType.TOWNSHIP] < 1:
        raise ValueError(f"{n} schools are too few for every school type")
    return counts


def _zh_number(n: int) -> str:
    """1..99 in Chinese numerals: 三, 十二, 二十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else CHINESE_NUMERALS[tens] + "十"
    return head + (CHINESE_NUMERALS[ones] if ones else "")


def _make_schools(rng: random.Random, n: int) -> list[_SchoolDraft]:
    counts = _type_counts(n)
    drafts: list[_SchoolDraft] = []
    used: set[str] = set()

    def add(name: str, kind: SchoolType, level: str, dist: float) -> None:
        used.add(name)
        drafts.append(_SchoolDraft(f"S{len(drafts) + 1:03d}", name, kind, level, round(dist, 1)))

    # Urban schools, in a fixed level cycle so that small counties get both levels.
    taken = {lvl: 0 for lvl in URBAN_NAMES}
    for i in range(counts[SchoolType.URBAN]):
        level = URBAN_LEVEL_CYCLE[i % len(URBAN_LEVEL_CYCLE)]
        names = URBAN_NAMES[level]
        k = taken[level]
        taken[level] += 1
        name = names[k] if k < len(names) else URBAN_FALLBACK[level].format(_zh_number(k + 1))
        add(name, SchoolType.URBAN, level, rng.uniform(0.5, 5))

    # Towns: each has a central primary and a middle school (乡镇), or one
    # nine-year 中心学校 for a small 乡; rural schools, village schools and teaching points
    # lie further out in the same towns.
    places = list(PLACE_NAMES)
    rng.shuffle(places)
    villages = list(VILLAGE_NAMES)
    rng.shuffle(villages)
    towns: list[tuple[str, float]] = []
    left = counts[SchoolType.TOWNSHIP]
    while left > 0:
        i = len(towns)
        base = places[i % len(places)] + ("" if i < len(places) else str(i // len(places) + 1))
        town_dist = rng.uniform(10, 60)
        if left == 1 or rng.random() < 0.2:
            town = base + "乡"
            add(f"{town}中心学校", SchoolType.TOWNSHIP, NINE_YEAR, town_dist + rng.uniform(0, 2))
            left -= 1
        else:
            town = base + "镇"
            add(f"{town}中心小学", SchoolType.TOWNSHIP, PRIMARY, town_dist + rng.uniform(0, 2))
            add(f"{town}中学", SchoolType.TOWNSHIP, MIDDLE, town_dist + rng.uniform(0, 2))
            left -= 2
        towns.append((town, town_dist))

    village_iter = itertools.count()

    def village_name() -> str:
        k = next(village_iter)
        return villages[k % len(villages)]

    outer = [
        (SchoolType.RURAL, counts[SchoolType.RURAL], (5, 45), (30, 110)),
        (SchoolType.VILLAGE, counts[SchoolType.VILLAGE], (8, 50), (30, 110)),
        (SchoolType.TEACHING_POINT, counts[SchoolType.TEACHING_POINT], (20, 75), (35, 130)),
    ]
    for kind, count, (lo, hi), (dmin, dmax) in outer:
        for _ in range(count):
            town, town_dist = towns[rng.randrange(len(towns))]
            dist = min(dmax, max(dmin, town_dist + rng.uniform(lo, hi)))
            level = PRIMARY
            for _attempt in range(len(villages) * 2 + 2):
                v = village_name()
                if kind is SchoolType.RURAL:
                    if rng.random() < 0.2:
                        level, name = NINE_YEAR, f"{v}学校"
                    else:
                        level, name = PRIMARY, f"{town}{v}小学"
                elif kind is SchoolType.VILLAGE:
                    name = f"{v}村小学"
                else:
                    name = f"{v}教学点"
                if name in used:
                    name = town + name
                if name not in used:
                    break
            else:  # pragma: no cover - only for absurdly large counties
                suffix = "教学点" if kind is SchoolType.TEACHING_POINT else "小学"
                name = f"{town}第{len(drafts) + 1}{suffix}"
            add(name, kind, level, dist)

    # Pairing (结对): about half the receiving schools with one urban school, same level
    # where possible.
    urban = [d for d in drafts if d.type is SchoolType.URBAN]
    for d in drafts:
        if d.type is SchoolType.URBAN or rng.random() >= 0.5:
            continue
        same = [u for u in urban if _levels_compatible(u.level, d.level)] or urban
        d.paired_with = (same[rng.randrange(len(same))].school_id,)
    return drafts


def _levels_compatible(a: str, b: str) -> bool:
    return a == b or NINE_YEAR in (a, b)


def _level_subjects(level: str) -> frozenset[str]:
    if level == PRIMARY:
        return frozenset(PRIMARY_SUBJECTS)
    if level == MIDDLE:
        return frozenset(MIDDLE_SUBJECTS)
    return frozenset(PRIMARY_SUBJECTS) | frozenset(MIDDLE_SUBJECTS)


def _allocate_staff(rng: random.Random, drafts: list[_SchoolDraft], teachers: int) -> None:
    weights = [SIZE_WEIGHT[(d.type, d.level)] * rng.uniform(0.75, 1.25) for d in drafts]
    total = sum(weights)
    raw = [teachers * w / total for w in weights]
    sizes = [max(MIN_STAFF[d.type], math.floor(r)) for d, r in zip(drafts, raw, strict=True)]
    # Largest remainders first, then the biggest schools absorb any excess of minimums.
    order = sorted(range(len(drafts)), key=lambda i: (-(raw[i] - math.floor(raw[i])), i))
    diff = teachers - sum(sizes)
    i = 0
    while diff > 0:
        sizes[order[i % len(order)]] += 1
        diff -= 1
        i += 1
    by_size = sorted(range(len(drafts)), key=lambda i: (-sizes[i], i))
    i = 0
    while diff < 0:
        j = by_size[i % len(by_size)]
        if sizes[j] > MIN_STAFF[drafts[j].type]:
            sizes[j] -= 1
            diff += 1
        i += 1
    for d, s in zip(drafts, sizes, strict=True):
        d.staff = s


# --- teachers --------------------------------------------------------------------------


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _name(rng: random.Random, gender: Gender, age: int) -> str:
    surnames = [s for s, _ in SURNAMES]
    surname = rng.choices(surnames, weights=[w for _, w in SURNAMES])[0]
    era = "old" if age >= 45 else "young"
    second = GIVEN_SECOND[gender]
    if rng.random() < 0.15:
        return surname + second[rng.randrange(len(second))]
    first = GIVEN_FIRST[(gender, era)]
    return surname + first[rng.randrange(len(first))] + second[rng.randrange(len(second))]


def _age_and_gender(rng: random.Random, kind: SchoolType, level: str) -> tuple[int, Gender]:
    if rng.random() < SHARE_50_PLUS[(kind, level)]:
        age = rng.randint(50, 59)
    elif rng.random() < YOUNG_SHARE[kind]:
        age = rng.randint(22, YOUNG_MAX_AGE)
    else:
        age = rng.randint(YOUNG_MAX_AGE + 1, 49)
    female_share = FEMALE_SHARE_YOUNG if age <= YOUNG_MAX_AGE else FEMALE_SHARE_OLDER[kind]
    gender = Gender.FEMALE if rng.random() < female_share else Gender.MALE
    if gender is Gender.FEMALE and age > 54:  # women retire at 55
        age = rng.randint(50, 54)
    return age, gender


_TITLES = (Title.UNRANKED, Title.THIRD, Title.SECOND, Title.FIRST, Title.SENIOR, Title.FULL_SENIOR)


def _title(rng: random.Random, kind: SchoolType, age: int) -> Title:
    # Weights over 未定级, 三级, 二级, 一级, 高级, 正高级.
    if age <= 25:
        w = [50, 8, 42, 0, 0, 0]
    elif age <= 30:
        w = [3, 5, 72, 20, 0, 0] if kind is SchoolType.URBAN else [5, 12, 73, 10, 0, 0]
    elif kind is SchoolType.URBAN:
        # Urban teachers of rotation age: 58% 一级, 18% 高级 (survey of urban rotators).
        w = [0, 1.5, 22, 58, 18, 0.5] if age < 50 else [0, 0, 8, 47, 44, 1]
    elif kind is SchoolType.TOWNSHIP:
        w = [0, 6, 50, 38, 6, 0] if age < 50 else [0, 4, 38, 48, 10, 0]
    else:  # rural schools rarely have 中高级 titles
        w = [1, 12, 60, 25, 2, 0] if age < 50 else [0, 10, 52, 34, 4, 0]
    return rng.choices(_TITLES, weights=w)[0]


def _backbone(rng: random.Random, kind: SchoolType, title: Title) -> tuple[Backbone, bool]:
    urban = kind is SchoolType.URBAN
    if title >= Title.SENIOR:
        w = [55, 18, 17, 8, 2] if urban else [65, 17, 14, 4, 0]
    elif title is Title.FIRST:
        w = [81, 12, 5.5, 1.3, 0.2] if urban else [88, 8.5, 3.3, 0.2, 0]
    else:
        w = [93, 6, 1, 0, 0] if urban else [97, 2.5, 0.5, 0, 0]
    level = rng.choices(list(Backbone), weights=w)[0]
    if level >= Backbone.COUNTY:
        leader = rng.random() < (0.22 if urban else 0.08)
    else:
        leader = title >= Title.SENIOR and rng.random() < 0.02
    return level, leader


def _subjects(rng: random.Random, kind: SchoolType, level: str) -> tuple[str, ...]:
    if level == NINE_YEAR:
        level = PRIMARY if rng.random() < 0.6 else MIDDLE
    weights = dict(PRIMARY_SUBJECTS if level == PRIMARY else MIDDLE_SUBJECTS)
    if kind is SchoolType.URBAN:
        # Few of the urban staff teach 信息技术 or 科学 as their main subject.
        for s in ("信息技术", "科学"):
            if s in weights:
                weights[s] *= 0.3
    elif kind in (SchoolType.VILLAGE, SchoolType.TEACHING_POINT, SchoolType.RURAL):
        for s in ("英语", "音乐", "美术", "信息技术", "科学"):
            if s in weights:
                weights[s] *= 0.4
    main = _pick(rng, weights)
    second_share = 0.10 if kind is SchoolType.URBAN else 0.30
    if rng.random() >= second_share:
        return (main,)
    allowed = _level_subjects(level)
    if kind is SchoolType.URBAN:  # town schools have specialists for these
        allowed -= {"信息技术", "科学"}
    second = {s: w for s, w in SECOND_SUBJECT_WEIGHTS.items() if s != main and s in allowed}
    return (main, _pick(rng, second))


def _make_teacher(
    rng: random.Random, teacher_id: str, school: _SchoolDraft, plan_year: int
) -> dict[str, Any]:
    kind = school.type
    urban = kind is SchoolType.URBAN
    age, gender = _age_and_gender(rng, kind, school.level)
    teaching_years = max(0, age - rng.randint(21, 24))
    if teaching_years <= 3 or rng.random() < 0.4:
        years_at_school = teaching_years
    else:
        years_at_school = rng.randint(1, teaching_years)
    rural_years = 0
    last_rural_year: int | None = None
    if urban:
        earlier = teaching_years - years_at_school
        if earlier >= 1 and rng.random() < 0.6:
            # Came to town from a rural post (考调进城).
            rural_years = rng.randint(1, min(earlier, 10))
            last_rural_year = plan_year - years_at_school
        elif years_at_school >= 3 and rng.random() < 0.05:
            # Already did a year's exchange while on this school's books.
            rural_years = 1
            last_rural_year = plan_year - rng.randint(1, min(years_at_school, 8))
    elif teaching_years > 0:
        rural_years = teaching_years
        last_rural_year = plan_year
    title = _title(rng, kind, age)
    backbone, leader = _backbone(rng, kind, title)

    status = IN_SERVICE
    r = rng.random()
    for value, share in STATUS_OTHER:
        if r < share:
            status = value
            break
        r -= share
    exempt = ""
    if status == "病休":
        exempt = "病休"
    elif gender is Gender.FEMALE and 24 <= age <= 40 and rng.random() < 0.05:
        exempt = "孕期" if rng.random() < 0.4 else "哺乳期"
    elif rng.random() < 0.01:
        exempt = "特殊岗位"

    senior_applicant = (
        title is Title.FIRST
        and 35 <= age <= 50
        and teaching_years >= 10
        and rng.random() < (0.08 if urban else 0.05)
    )
    promoted = title in (Title.FIRST, Title.SENIOR) and rng.random() < 0.05
    return {
        "teacher_id": teacher_id,
        "name": _name(rng, gender, age),
        "gender": gender,
        "age": age,
        "school_id": school.school_id,
        "subjects": _subjects(rng, kind, school.level),
        "title": title,
        "years_at_school": years_at_school,
        "teaching_years": teaching_years,
        "rural_years": rural_years,
        "last_rural_year": last_rural_year,
        "backbone": backbone,
        "subject_leader": leader,
        "status": status,
        "exempt_reason": exempt,
        "senior_applicant": senior_applicant,
        "promoted_last_year": promoted,
        "volunteer": rng.random() < (0.16 if urban else 0.08),
        "family_burden": rng.random() < 0.10,
        "spouse_id": "",
    }


def _marry_some(rng: random.Random, rows: list[dict[str, Any]], urban_ids: set[str]) -> None:
    """Pair about 1% of urban teachers as couples (R5), a man and a woman of similar age."""
    urban_rows = [r for r in rows if r["school_id"] in urban_ids and r["age"] >= 26]
    men = [r for r in urban_rows if r["gender"] is Gender.MALE]
    women = [r for r in urban_rows if r["gender"] is Gender.FEMALE]
    for _ in range(round(0.005 * len(urban_rows))):
        if not men or not women:
            return
        m = men.pop(rng.randrange(len(men)))
        close = [w for w in women if abs(w["age"] - m["age"]) <= 4]
        if not close:
            continue
        w = close[rng.randrange(len(close))]
        women.remove(w)
        m["spouse_id"], w["spouse_id"] = w["teacher_id"], m["teacher_id"]


# --- the county ------------------------------------------------------------------------


def _freeze(drafts: Sequence[_SchoolDraft]) -> tuple[School, ...]:
    return tuple(
        School(
            school_id=d.school_id,
            name=d.name,
            type=d.type,
            distance_km=d.distance_km,
            staff=d.staff,
            level=d.level,
            paired_with=d.paired_with,
        )
        for d in drafts
    )


def _teachers(rows: Sequence[dict[str, Any]]) -> tuple[Teacher, ...]:
    return tuple(Teacher(**r) for r in rows)


def _build(
    teachers: int, seed: int, *, schools: int | None, plan_year: int
) -> tuple[Instance, Plan]:
    if teachers < 40:
        raise ValueError("a county needs at least 40 teachers")
    rng = random.Random(seed)
    policy = Policy()
    n_schools = schools if schools is not None else default_school_count(teachers)
    drafts = _make_schools(rng, n_schools)
    if sum(MIN_STAFF[d.type] for d in drafts) > teachers:
        raise ValueError(f"{teachers} teachers are too few for {n_schools} schools")
    _allocate_staff(rng, drafts, teachers)
    school_tuple = _freeze(drafts)

    rows: list[dict[str, Any]] = []
    for d in drafts:
        names_here: set[str] = set()
        for _ in range(d.staff):
            row = _make_teacher(rng, f"T{len(rows) + 1:05d}", d, plan_year)
            for _retry in range(5):  # two 王芳 in one staff room would confuse everyone
                if row["name"] not in names_here:
                    break
                row["name"] = _name(rng, row["gender"], row["age"])
            names_here.add(row["name"])
            rows.append(row)
    urban_ids = {d.school_id for d in drafts if d.type is SchoolType.URBAN}
    _marry_some(rng, rows, urban_ids)

    # Eligibility does not depend on the flags adjusted below (M1, family burden).
    draft_instance = Instance(_teachers(rows), school_tuple, (), plan_year=plan_year)
    by_id = {r["teacher_id"]: r for r in rows}
    eligible_by_school: dict[str, list[str]] = {d.school_id: [] for d in drafts}
    for t in Facts(draft_instance, policy).eligible:
        eligible_by_school[t.school_id].append(t.teacher_id)
    senders = [d for d in drafts if d.type is SchoolType.URBAN]
    q1 = {
        d.school_id: q1_min_rotators(len(eligible_by_school[d.school_id]), policy) for d in senders
    }
    for d in senders:
        q4 = q4_max_rotators(d.staff, policy)
        if q4 is not None and q1[d.school_id] > q4:  # pragma: no cover - urban schools are big
            raise ValueError(f"school {d.school_id} cannot meet Q1 within Q4")

    must = _settle_must_rotate(rng, by_id, senders, eligible_by_school, q1, policy, plan_year)
    chosen = _choose_witness(rng, by_id, senders, eligible_by_school, q1, must, policy)
    receivers = [d for d in drafts if d.type is not SchoolType.URBAN]
    vacancies, assignments = _size_vacancies(
        rng, by_id, drafts, receivers, chosen, eligible_by_school
    )

    _add_wishes(rng, by_id, eligible_by_school, school_tuple, vacancies)
    instance = Instance(_teachers(rows), school_tuple, vacancies, plan_year=plan_year)
    return instance, Plan.of(assignments)


WISH_SHARE = 0.4


def _add_wishes(
    rng: random.Random,
    by_id: dict[str, dict[str, Any]],
    eligible_by_school: dict[str, list[str]],
    schools: Sequence[School],
    vacancies: Sequence[Vacancy],
) -> None:
    """About 40% of eligible teachers rank one to three receiving schools (志愿) that
    have a post in a subject they teach, nearer schools more often: people ask for
    what they can reach."""
    distance = {s.school_id: s.distance_km for s in schools}
    posts: dict[str, list[str]] = {}
    for v in vacancies:
        if v.count > 0 and v.school_id not in posts.get(v.subject, []):
            posts.setdefault(v.subject, []).append(v.school_id)
    for school_id in sorted(eligible_by_school):
        for tid in eligible_by_school[school_id]:
            if rng.random() >= WISH_SHARE:
                continue
            row = by_id[tid]
            options = sorted({s for subj in row["subjects"] for s in posts.get(subj, [])})
            picks: list[str] = []
            while options and len(picks) < rng.randint(1, 3):
                weights = [1.0 / (10.0 + distance[s]) for s in options]
                choice = rng.choices(options, weights)[0]
                picks.append(choice)
                options.remove(choice)
            row["wishes"] = tuple(picks)


def _settle_must_rotate(
    rng: random.Random,
    by_id: dict[str, dict[str, Any]],
    senders: Sequence[_SchoolDraft],
    eligible_by_school: dict[str, list[str]],
    q1: dict[str, int],
    policy: Policy,
    plan_year: int,
) -> list[str]:
    """Keep a few must-rotate (M1) teachers, at most one per sending school, none with a
    family burden; the other senior applicants and newly promoted teachers already
    served in the countryside (or did not apply after all)."""
    cap = max(1, round(sum(q1.values()) / 12))
    kept: list[str] = []
    for tid in sorted(by_id):
        row = by_id[tid]
        if not row["senior_applicant"] and not row["promoted_last_year"]:
            continue
        school = row["school_id"]
        if tid not in eligible_by_school.get(school, ()) or not must_rotate(Teacher(**row), policy):
            continue
        spouse_kept = row["spouse_id"] in kept
        school_kept = any(by_id[k]["school_id"] == school for k in kept)
        if len(kept) < cap and q1.get(school, 0) >= 1 and not spouse_kept and not school_kept:
            kept.append(tid)
            continue
        if rng.random() < 0.5:
            row["senior_applicant"] = row["promoted_last_year"] = False
        else:
            # A year's exchange while on this school's books: no longer M1.
            row["rural_years"] = rng.randint(1, 2)
            row["last_rural_year"] = plan_year - rng.randint(
                1, max(1, min(int(row["years_at_school"]), 8))
            )
    if not kept:
        pool = [
            tid
            for d in senders
            if q1[d.school_id] >= 1
            for tid in eligible_by_school[d.school_id]
            if by_id[tid]["title"] is Title.FIRST and not by_id[tid]["spouse_id"]
        ]
        if pool:
            tid = pool[rng.randrange(len(pool))]
            row = by_id[tid]
            row.update(senior_applicant=True, rural_years=0, last_rural_year=None)
            kept.append(tid)
    for tid in kept:
        by_id[tid]["family_burden"] = False
    return kept


def _choose_witness(
    rng: random.Random,
    by_id: dict[str, dict[str, Any]],
    senders: Sequence[_SchoolDraft],
    eligible_by_school: dict[str, list[str]],
    q1: dict[str, int],
    must: Sequence[str],
    policy: Policy,
) -> list[str]:
    """Exactly the Q1 minimum from each sending school: its must-rotate teachers first,
    about 30% backbone, nobody with a family burden, never both spouses."""
    chosen: list[str] = []
    for d in senders:
        need = q1[d.school_id]
        picks = [t for t in must if by_id[t]["school_id"] == d.school_id][:need]
        pool = [
            t
            for t in eligible_by_school[d.school_id]
            if t not in picks and not by_id[t]["family_burden"]
        ]
        rng.shuffle(pool)
        pool.sort(key=lambda t: not _is_backbone(by_id[t]))  # stable: backbone first
        backbone_target = math.ceil(0.3 * need)
        backbone_now = sum(1 for t in picks if _is_backbone(by_id[t]))
        rest = [t for t in pool if not _is_backbone(by_id[t])]
        for t in pool:
            if len(picks) >= need:
                break
            is_bb = _is_backbone(by_id[t])
            if is_bb and backbone_now >= backbone_target and rest:
                continue
            if by_id[t]["spouse_id"] in picks or by_id[t]["spouse_id"] in chosen:
                continue
            picks.append(t)
            backbone_now += is_bb
        for t in pool:  # top up if skipping backbone left the school short
            if len(picks) >= need:
                break
            if t not in picks and by_id[t]["spouse_id"] not in picks + chosen:
                picks.append(t)
        if len(picks) < need:
            raise ValueError(f"school {d.school_id} cannot send its Q1 minimum")
        chosen.extend(picks)
    _meet_q3(rng, by_id, eligible_by_school, chosen, must, policy)
    return chosen


def _meet_q3(
    rng: random.Random,
    by_id: dict[str, dict[str, Any]],
    eligible_by_school: dict[str, list[str]],
    chosen: list[str],
    must: Sequence[str],
    policy: Policy,
) -> None:
    """Make backbone teachers at least Q3's share of the witness: swap in an unchosen
    backbone colleague from the same school, or, failing that, record a chosen teacher
    as 校级 backbone (a small county may simply have too few)."""
    needed = q3_min_backbone(len(chosen), 0, policy)
    plain = [t for t in chosen if not _is_backbone(by_id[t]) and t not in must]
    rng.shuffle(plain)
    while sum(1 for t in chosen if _is_backbone(by_id[t])) < needed and plain:
        out = plain.pop()
        school = by_id[out]["school_id"]
        spouses = {by_id[t]["spouse_id"] for t in chosen if t != out}
        swap = [
            t
            for t in eligible_by_school[school]
            if t not in chosen
            and _is_backbone(by_id[t])
            and not by_id[t]["family_burden"]
            and t not in spouses
            and by_id[t]["spouse_id"] not in chosen
        ]
        if swap:
            chosen[chosen.index(out)] = swap[rng.randrange(len(swap))]
        else:
            by_id[out]["backbone"] = Backbone.SCHOOL


def _is_backbone(row: dict[str, Any]) -> bool:
    return row["backbone"] >= Backbone.SCHOOL or row["subject_leader"]


def _size_vacancies(
    rng: random.Random,
    by_id: dict[str, dict[str, Any]],
    drafts: Sequence[_SchoolDraft],
    receivers: Sequence[_SchoolDraft],
    chosen: Sequence[str],
    eligible_by_school: dict[str, list[str]],
) -> tuple[tuple[Vacancy, ...], list[Assignment]]:
    """Vacancies that the witness fills exactly, plus extra posts up to 1.3-1.6 times
    the Q1 minimum, a few subjects short of eligible teachers."""
    policy = Policy()
    # Posts per receiving school: about 15% of its staff, never above P3's half.
    soft_cap = {d.school_id: max(1, math.ceil(0.15 * d.staff)) for d in receivers}
    hard_cap = {d.school_id: p3_max_arrivals(d.staff, policy) or 0 for d in receivers}
    posts: Counter[tuple[str, str]] = Counter()
    per_school: Counter[str] = Counter()
    level_of = {d.school_id: d.level for d in drafts}

    def place(subject: str, preferred: Sequence[str] = (), sender_level: str = "") -> str | None:
        fits = [
            d
            for d in receivers
            if subject in _level_subjects(d.level)
            and per_school[d.school_id] < hard_cap[d.school_id]
        ]
        if not fits:
            return None
        for sid in preferred:
            if any(d.school_id == sid for d in fits) and per_school[sid] < soft_cap[sid]:
                break
        else:
            roomy = [d for d in fits if per_school[d.school_id] < soft_cap[d.school_id]] or fits
            same = [
                d for d in roomy if not sender_level or _levels_compatible(d.level, sender_level)
            ]
            pool = same or roomy
            # Remote schools lack teachers most; big schools have more posts.
            weights = [d.staff**0.6 * (1 + d.distance_km / 30) for d in pool]
            sid = rng.choices(pool, weights=weights)[0].school_id
        posts[(sid, subject)] += 1
        per_school[sid] += 1
        return sid

    assignments: list[Assignment] = []
    paired_to: dict[str, list[str]] = {}
    for d in receivers:
        for u in d.paired_with:
            paired_to.setdefault(u, []).append(d.school_id)
    for tid in chosen:
        row = by_id[tid]
        subject = row["subjects"][0]
        partners = list(paired_to.get(row["school_id"], []))
        rng.shuffle(partners)
        preferred = partners if rng.random() < 0.6 else []
        sid = place(subject, preferred, level_of[row["school_id"]])
        if sid is None:
            raise ValueError(f"no receiving school can take a {subject} teacher")
        assignments.append(Assignment(teacher_id=tid, to_school_id=sid, subject=subject))

    witness = Counter(a.subject for a in assignments)
    q1_total = len(chosen)
    supply: Counter[str] = Counter()
    for ids in eligible_by_school.values():
        for tid in ids:
            for s in by_id[tid]["subjects"]:
                supply[s] += 1
    target_total = round(q1_total * rng.uniform(1.35, 1.55))
    n_short = 1 if q1_total < 20 else 2 if q1_total < 60 else 3
    deficit = max(1, round(0.04 * q1_total))
    candidates = list(SHORTAGE_PRONE)
    rng.shuffle(candidates)
    candidates.sort(key=lambda s: supply[s])
    # Only subjects with few eligible teachers can be short without eating the budget.
    rare = [s for s in candidates if supply[s] <= 0.15 * q1_total + 2]
    short = (rare or candidates)[:n_short]
    for s in short:
        for _ in range(supply[s] + deficit - witness[s]):
            place(s)
    # The rest mirrors the eligible pool: each extra post in a subject with eligible
    # teachers to spare, drawn in proportion to them.
    placed = sum(posts.values())
    for _ in range(max(0, target_total - placed)):
        headroom = {
            s: supply[s] - sum(c for (_, subj), c in posts.items() if subj == s)
            for s in SUBJECTS
            if s not in short
        }
        spare = {s: float(h) for s, h in headroom.items() if h > 0}
        if not spare:
            break
        place(_pick(rng, spare))
    vacancies = tuple(
        Vacancy(school_id=sid, subject=subj, count=c) for (sid, subj), c in sorted(posts.items())
    )
    return vacancies, assignments
