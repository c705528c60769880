"""The policy in force: the parameters of every rule, typed, with defaults and sources.

Each rule module (rules/) defines its own parameter class; this module gathers them into
one ``Policy``, with the plan year and the reference date. Every parameter has a key
``<rule ID>.<name>`` (``Q1.min_share``). A bureau overrides them in the roster's Policy
sheet, in a TOML file (``--policy``), or per scenario. Every rule has
``<rule ID>.enabled``; a switched-off rule is reported as N/A.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rotation_planner.rules.e1_in_service import E1Params
from rotation_planner.rules.e2_years_at_school import E2Params
from rotation_planner.rules.e3_age import E3Params
from rotation_planner.rules.e4_title import E4Params
from rotation_planner.rules.e5_exemptions import E5Params
from rotation_planner.rules.e6_direction import E6Params
from rotation_planner.rules.m1_must_rotate import M1Params
from rotation_planner.rules.p1_subject import P1Params
from rotation_planner.rules.p2_vacancy_count import P2Params
from rotation_planner.rules.p3_receiving_share import P3Params
from rotation_planner.rules.p4_distance import P4Params
from rotation_planner.rules.p5_pairing import P5Params
from rotation_planner.rules.params import (  # noqa: F401 (read by io and scenarios)
    INFERENCE,
    TITLE_NAMES,
    TITLE_WORDS,
    RuleParams,
    parse_bool,
    parse_title,
    source,
    split_list,
)
from rotation_planner.rules.q1_min_share import Q1Params
from rotation_planner.rules.q2_max_share import Q2Params
from rotation_planner.rules.q3_backbone_share import Q3Params
from rotation_planner.rules.q4_keep_staff import Q4Params
from rotation_planner.rules.r1_rural_service import R1Params
from rotation_planner.rules.r2_backbone import R2Params
from rotation_planner.rules.r3_volunteer import R3Params
from rotation_planner.rules.r4_wishes import R4Params
from rotation_planner.rules.r5_spouses import R5Params
from rotation_planner.rules.w1_learning_posts import W1Params
from rotation_planner.rules.w2_two_way import W2Params

RULE_IDS: tuple[str, ...] = (
    "E1", "E2", "E3", "E4", "E5", "E6",
    "Q1", "Q2", "Q3", "Q4",
    "P1", "P2", "P3", "P4", "P5",
    "M1", "R1", "R2", "R3", "R4", "R5", "W1", "W2",
)  # fmt: skip

RULE_NAMES: dict[str, tuple[str, str]] = {
    "E1": ("In-service teachers only", "仅限在编在岗教师"),
    "E2": ("Years at current school", "本校连续任教年限"),
    "E3": ("Age limit by gender", "年龄上限(男/女)"),
    "E4": ("Minimum professional title", "职称下限"),
    "E5": ("Exemptions", "暂缓交流情形"),
    "E6": ("Direction of flow", "交流方向"),
    "Q1": ("Minimum share per sending school", "派出校最低交流比例"),
    "Q2": ("Maximum share per sending school", "派出校最高交流比例"),
    "Q3": ("Backbone share of rotators", "骨干教师占比"),
    "Q4": ("Sending school keeps its staff", "派出校留足师资"),
    "P1": ("Subject match", "学科对口"),
    "P2": ("Vacancy count", "岗位人数上限"),
    "P3": ("Receiving school share", "接收校交流教师占比上限"),
    "P4": ("Distance cap", "距离上限"),
    "P5": ("Paired schools", "结对学校"),
    "M1": ("Must rotate", "必须交流"),
    "R1": ("No rural service first", "无农村经历优先"),
    "R2": ("Backbone preferred", "骨干教师优先"),
    "R3": ("Volunteers preferred", "自愿报名优先"),
    "R4": ("Wishes and no justified envy", "志愿与公平"),
    "R5": ("Spouses not sent apart", "夫妻不分开派出"),
    "W1": ("Rural learning posts", "农村教师跟岗"),
    "W2": ("Two-way pairs", "结对互派"),
}


# Every parameter's name in words, (English, Chinese): what ``planner policy`` and the docs
# show, and what a Policy sheet may write instead of the key (派出校最低交流比例 for
# Q1.min_share). A rule's switch, ``<rule ID>.enabled``, is named after the rule.
PARAMETER_NAMES: dict[str, tuple[str, str]] = {
    "plan_year": ("plan year", "方案年份"),
    "reference_date": ("reference date (ages and years counted on)", "计算基准日"),
    "E1.in_service": ("statuses counted as in service", "在编在岗状态"),
    "E2.min_years": ("minimum consecutive years at the school", "本校最低连续任教年限"),
    "E3.max_age_male": ("maximum age, men", "男教师年龄上限"),
    "E3.max_age_female": ("maximum age, women", "女教师年龄上限"),
    "E4.min_title": ("minimum title", "最低职称"),
    "E5.retirement_window_years": ("years before retirement that exempt", "临近退休免交流年限"),
    "E5.retirement_age_male": ("retirement age, men", "男教师退休年龄"),
    "E5.retirement_age_female": ("retirement age, women", "女教师退休年龄"),
    "E5.rotated_within_years": ("years after a rotation that exempt", "交流后免再交流年限"),
    "E6.directions": ("directions of flow", "交流方向"),
    "Q1.min_share": ("minimum share of eligible teachers sent", "派出校最低交流比例"),
    "Q2.max_share": ("maximum share of eligible teachers sent", "派出校最高交流比例"),
    "Q3.min_share": ("minimum backbone share", "骨干教师最低占比"),
    "Q3.denominator": ("backbone share counted of", "骨干占比计算基数"),
    "Q4.max_share": ("maximum share of a school's staff sent", "派出人数占在编教师上限"),
    "P1.second_subjects": ("second subjects count", "兼教学科可对口"),
    "P3.max_share": ("maximum share of a receiving school's staff", "接收校交流教师占比上限"),
    "P4.max_km": ("maximum distance (km)", "最远交流距离(公里)"),
    "P4.family_max_km": (
        "maximum distance for a teacher with family burden (km)",
        "家庭困难教师最远交流距离(公里)",
    ),
    "P5.mode": ("paired schools", "结对学校方式"),
    "M1.min_rural_years": ("rural years needed before 高级", "申报高级须农村任教年限"),
    "R1.never_rural_points": ("points for never having served rurally", "从无农村经历积分"),
    "R1.no_recent_points": ("points for no recent rural service", "近年无农村经历积分"),
    "R1.recent_years": ("years counted as recent", "近年年限"),
    "R1.points_per_year_at_school": ("points per year at the school", "本校任教每年积分"),
    "R1.max_year_points": ("most points for years at the school", "本校任教积分上限"),
    "R2.points_per_level": ("points per backbone level", "骨干每级积分"),
    "R2.subject_leader_points": ("points for a subject leader", "学科带头人积分"),
    "R3.volunteer_points": ("points for volunteering", "自愿报名积分"),
    "R5.mode": ("spouses", "夫妻交流方式"),
    "R5.max_km": ("spouses' schools at most this far apart (km)", "夫妻学校最远相距(公里)"),
    "W1.max_age": ("learning posts: maximum age", "跟岗教师年龄上限"),
    "W1.min_teaching_years": ("learning posts: minimum teaching years", "跟岗教师最低教龄"),
}


def parameter_name(key: str) -> tuple[str, str]:
    """The parameter ``key`` in words, (English, Chinese)."""
    head, _, name = key.partition(".")
    if name == "enabled" and head in RULE_NAMES:
        en, zh = RULE_NAMES[head]
        return f"{en}: on", f"启用{zh}"
    return PARAMETER_NAMES[key]


class Policy(BaseModel):
    """All parameters of the rulebook. ``Policy()`` is POLICY.md's defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    plan_year: int | None = Field(None, ge=2000, le=2100, json_schema_extra=source("the bureau"))
    reference_date: dt.date | None = Field(
        None, json_schema_extra=source("1 September of the plan year")
    )
    E1: E1Params = E1Params()
    E2: E2Params = E2Params()
    E3: E3Params = E3Params()
    E4: E4Params = E4Params()
    E5: E5Params = E5Params()
    E6: E6Params = E6Params()
    Q1: Q1Params = Q1Params()
    Q2: Q2Params = Q2Params()
    Q3: Q3Params = Q3Params()
    Q4: Q4Params = Q4Params()
    P1: P1Params = P1Params()
    P2: P2Params = P2Params()
    P3: P3Params = P3Params()
    P4: P4Params = P4Params()
    P5: P5Params = P5Params()
    M1: M1Params = M1Params()
    R1: R1Params = R1Params()
    R2: R2Params = R2Params()
    R3: R3Params = R3Params()
    R4: R4Params = R4Params()
    R5: R5Params = R5Params()
    W1: W1Params = W1Params()
    W2: W2Params = W2Params()

    def rule(self, rule_id: str) -> RuleParams:
        return getattr(self, rule_id)

    def enabled(self, rule_id: str) -> bool:
        return self.rule(rule_id).enabled

    def effective_reference_date(self, default_year: int) -> dt.date:
        """The day ages and years are counted on: 1 September of the plan year."""
        if self.reference_date is not None:
            return self.reference_date
        return dt.date(self.plan_year or default_year, 9, 1)

    def with_overrides(self, overrides: Mapping[str, object]) -> Policy:
        """A copy with ``{"Q1.min_share": 0.15, ...}`` applied.

        Raises PolicyError naming every bad key at once.
        """
        data = self.model_dump()
        problems: list[PolicyProblem] = []
        for key, value in overrides.items():
            head, _, name = key.partition(".")
            if (
                head in RULE_IDS
                and name
                and name in type(self).model_fields[head].annotation.model_fields
            ):  # type: ignore[union-attr]
                data[head][name] = value
            elif not name and head in ("plan_year", "reference_date"):
                data[head] = value
            else:
                problems.append(PolicyProblem(key, "unknown key"))
        try:
            policy = type(self).model_validate(data)
        except ValidationError as exc:
            problems += [
                PolicyProblem(".".join(str(p) for p in err["loc"][:2]), err["msg"])
                for err in exc.errors()
            ]
        if problems:
            raise PolicyError(problems)
        return policy

    def items(self) -> Iterator[tuple[str, object]]:
        """Every parameter as ``(key, value)``, in rulebook order."""
        for name in ("plan_year", "reference_date"):
            yield name, getattr(self, name)
        for rule_id in RULE_IDS:
            for name, value in self.rule(rule_id):
                yield f"{rule_id}.{name}", value

    def diff(self, other: Policy | None = None) -> dict[str, object]:
        """Keys whose value differs from ``other`` (the defaults by default)."""
        base = dict((other or Policy()).items())
        return {k: v for k, v in self.items() if base[k] != v}


def parameter_table() -> list[tuple[str, object, str, str]]:
    """``(key, default, source, description)`` for every parameter, for docs and reports."""
    rows: list[tuple[str, object, str, str]] = []
    for name in ("plan_year", "reference_date"):
        f = Policy.model_fields[name]
        rows.append((name, f.default, f.json_schema_extra["source"], ""))  # type: ignore[index]
    for rule_id in RULE_IDS:
        model = Policy.model_fields[rule_id].annotation
        for name, f in model.model_fields.items():  # type: ignore[union-attr]
            extra = f.json_schema_extra or {}
            src = extra.get("source", "POLICY.md") if isinstance(extra, dict) else "POLICY.md"
            rows.append((f"{rule_id}.{name}", f.default, str(src), (model.__doc__ or "").strip()))
    return rows


@dataclass(frozen=True)
class Parameter:
    """One parameter as ``planner policy`` and the docs show it."""

    key: str
    en: str
    zh: str
    default: object
    low: object
    high: object
    choices: tuple[str, ...]
    source: str

    @property
    def inference(self) -> bool:
        return self.source == INFERENCE


def parameters() -> list[Parameter]:
    """Every parameter of the rulebook, in its order: key, names, default, range (or
    the values it may take) and the source of its default."""
    found = []
    fields = [(name, Policy.model_fields[name]) for name in ("plan_year", "reference_date")]
    for rule_id in RULE_IDS:
        model = Policy.model_fields[rule_id].annotation
        fields += [(f"{rule_id}.{n}", f) for n, f in model.model_fields.items()]  # type: ignore[union-attr]
    for key, f in fields:
        low = next((m.ge for m in f.metadata if hasattr(m, "ge")), None)
        high = next((m.le for m in f.metadata if hasattr(m, "le")), None)
        choices = tuple(get_args(f.annotation)) if get_origin(f.annotation) is Literal else ()
        extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
        en, zh = parameter_name(key)
        source = str(extra.get("source", "")) if not key.endswith(".enabled") else ""
        found.append(Parameter(key, en, zh, f.default, low, high, choices, source))
    return found


def is_inference(key: str) -> bool:
    """Whether no source fixes this default (the report marks it)."""
    return key in _inference_keys()


@functools.cache
def _inference_keys() -> frozenset[str]:
    return frozenset(k for k, _, src, _ in parameter_table() if src == INFERENCE)


class PolicyProblem(BaseModel):
    key: str
    message: str

    def __init__(self, key: str, message: str) -> None:
        super().__init__(key=key, message=message)


class PolicyError(ValueError):
    def __init__(self, problems: list[PolicyProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.key}: {p.message}" for p in problems))


def flatten_overrides(raw: Mapping[str, object]) -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in raw.items():
        if isinstance(value, Mapping):
            for sub, v in value.items():
                flat[f"{key}.{sub}"] = v
        else:
            flat[key] = value
    return flat
