"""The parameters of shared/POLICY.md, typed, with their defaults and sources.

Every parameter has a key ``<rule ID>.<name>`` (``Q1.min_share``). A bureau overrides
them in the roster's Policy sheet, in a TOML file (``--policy``), or per scenario.
Every rule has ``<rule ID>.enabled``; a switched-off rule is reported as N/A.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rotation_planner.domain import SchoolType, Title
from rotation_planner.vocabulary import (
    IN_SERVICE,
    NO,
    TITLE_SUFFIXES,
    TITLE_ZH,
    TITLES,
    YES,
    reading,
    words_of,
)

INFERENCE = "Inference"

# Words for yes/no and titles come from vocabulary.py; these are the policy's lookups.
TRUE_WORDS = words_of([YES], str.lower)
FALSE_WORDS = words_of([NO], str.lower)


def _title_key(text: str) -> str:
    return text.lower().replace(" ", "")


TITLE_WORDS: dict[str, Title] = reading(TITLES, _title_key)
TITLE_NAMES: dict[Title, str] = TITLE_ZH


def parse_bool(value: object) -> bool:
    """是/否, Y/N, true/false, 1/0 → bool; raises ValueError otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError("expected yes/no (是/否)")


def parse_title(value: object) -> Title:
    """A title name in either language, old names included, or its rank number."""
    if isinstance(value, Title):
        return value
    if isinstance(value, int):
        return Title(value)
    text = _title_key(unicodedata.normalize("NFKC", str(value)).strip())
    for suffix in TITLE_SUFFIXES:
        text = text.removesuffix(suffix)
    if text in TITLE_WORDS:
        return TITLE_WORDS[text]
    raise ValueError("unknown title")


def _src(source: str, **extra: object) -> dict[str, object]:
    return {"source": source, **extra}


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)
    enabled: bool = True

    @field_validator("*", mode="before")
    @classmethod
    def _words_to_bools(cls, value: object, info: Any) -> object:
        field = cls.model_fields[info.field_name]
        if field.annotation is bool:
            return parse_bool(value)
        return value


class E1Params(_Rule):
    """Only in-service teachers (在编在岗). An empty status counts as in service."""

    in_service: tuple[str, ...] = Field(
        (IN_SERVICE.zh,), json_schema_extra=_src("MoE 2014 opinion (教师〔2014〕4号)")
    )

    @field_validator("in_service", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return split_list(value) if isinstance(value, str) else value


class E2Params(_Rule):
    """Only teachers with at least ``min_years`` consecutive years at their school."""

    min_years: float = Field(6, ge=0, json_schema_extra=_src("Henan, Tianjin, Anhui, Beijing"))


class E3Params(_Rule):
    """Age limit by gender: 以下 includes the number (Civil Code art. 1259)."""

    max_age_male: int = Field(50, ge=18, le=70, json_schema_extra=_src("district plan (男50)"))
    max_age_female: int = Field(45, ge=18, le=70, json_schema_extra=_src("district plan (女45)"))


class E4Params(_Rule):
    """Minimum professional title (中级以上 = 一级 and above)."""

    min_title: Title = Field(Title.FIRST, json_schema_extra=_src("district plan: 中级以上"))

    @field_validator("min_title", mode="before")
    @classmethod
    def _title(cls, value: object) -> Title:
        return parse_title(value)


class E5Params(_Rule):
    """Exempt: a non-empty exempt reason, within ``retirement_window_years`` of the
    statutory retirement age, or rotated within the last ``rotated_within_years`` years
    (0 = never exempt for that)."""

    retirement_window_years: int = Field(3, ge=0, json_schema_extra=_src("county plans"))
    retirement_age_male: int = Field(60, ge=40, le=70, json_schema_extra=_src(INFERENCE))
    retirement_age_female: int = Field(55, ge=40, le=70, json_schema_extra=_src(INFERENCE))
    rotated_within_years: int = Field(3, ge=0, json_schema_extra=_src(INFERENCE))


def _direction(text: str) -> tuple[SchoolType, SchoolType]:
    a, sep, b = text.partition("->")
    if not sep:
        raise ValueError(f"direction {text!r} is not 'from->to'")
    return SchoolType(a.strip()), SchoolType(b.strip())


# Outward (E6) first, then the learning posts (W1) that count only while W1 is on.
DEFAULT_DIRECTIONS = tuple(
    f"urban->{t.value}" for t in SchoolType if t is not SchoolType.URBAN
) + tuple(f"{t.value}->urban" for t in SchoolType if t is not SchoolType.URBAN)

CENTRALITY = {t: i for i, t in enumerate(SchoolType)}


def is_learning_direction(sender: SchoolType, receiver: SchoolType) -> bool:
    """A move towards a more central school type: a learning post (跟岗, W1)."""
    return CENTRALITY[receiver] < CENTRALITY[sender]


class E6Params(_Rule):
    """Direction of flow: which school types may send to which (``from->to`` pairs).
    One table for both directions: a move towards a more central type is a learning
    post (W1) and counts only while W1 is on."""

    directions: tuple[str, ...] = Field(
        DEFAULT_DIRECTIONS, json_schema_extra=_src("MoE 2014: 城镇学校、优质学校 send")
    )

    @field_validator("directions", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return split_list(value) if isinstance(value, str) else value

    @field_validator("directions")
    @classmethod
    def _check(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            _direction(item)
        return value

    @property
    def allowed(self) -> frozenset[tuple[SchoolType, SchoolType]]:
        return _directions(self.directions)[0]

    @property
    def outward(self) -> frozenset[tuple[SchoolType, SchoolType]]:
        return _directions(self.directions)[1]

    @property
    def learning(self) -> frozenset[tuple[SchoolType, SchoolType]]:
        return _directions(self.directions)[2]

    @property
    def sending_types(self) -> frozenset[SchoolType]:
        """Types that send rotators outward (the schools Q1 and Q2 apply to)."""
        return _directions(self.directions)[3]


@cache
def _directions(
    directions: tuple[str, ...],
) -> tuple[
    frozenset[tuple[SchoolType, SchoolType]],
    frozenset[tuple[SchoolType, SchoolType]],
    frozenset[tuple[SchoolType, SchoolType]],
    frozenset[SchoolType],
]:
    """The E6 table parsed once per distinct table: (all allowed moves, outward moves,
    learning moves, sending types). Eligibility asks for these once per teacher and per
    school pair, which made parsing the table most of a county's candidate building."""
    allowed = frozenset(_direction(d) for d in directions)
    outward = frozenset(d for d in allowed if not is_learning_direction(*d))
    learning = allowed - outward
    return allowed, outward, learning, frozenset(a for a, _ in outward)


class Q1Params(_Rule):
    """Each sending school rotates at least ``min_share`` of its eligible teachers,
    rounded up."""

    min_share: float = Field(
        0.10, ge=0, le=1, json_schema_extra=_src("MoE 2014; State Council 2016")
    )


class Q2Params(_Rule):
    """Each sending school rotates at most ``max_share`` of its eligible teachers,
    rounded up, so the Q1-Q2 band is never empty."""

    max_share: float = Field(0.15, ge=0, le=1, json_schema_extra=_src("Jinan: 10-15% band"))


class Q3Params(_Rule):
    """Backbone teachers are at least ``min_share`` of all rotators (county-wide).
    With ``denominator = eligible``: at least that share of the eligible backbone teachers."""

    min_share: float = Field(0.20, ge=0, le=1, json_schema_extra=_src("MoE 2014"))
    denominator: Literal["rotators", "eligible"] = Field(
        "rotators", json_schema_extra=_src("MoE 2014 (rotators); Anhui (eligible)")
    )


class Q4Params(_Rule):
    """A sending school keeps enough staff: rotators <= ``max_share`` of its staff,
    rounded down."""

    max_share: float = Field(0.15, ge=0, le=1, json_schema_extra=_src(INFERENCE))


class P1Params(_Rule):
    """A rotator fills a vacancy in a subject they teach."""

    second_subjects: bool = Field(True, json_schema_extra=_src("seed: 教师不同科"))


class P2Params(_Rule):
    """At most the stated number of rotators per (school, subject) vacancy."""


class P3Params(_Rule):
    """Rotators at a receiving school <= ``max_share`` of its staff, rounded down."""

    max_share: float = Field(0.5, ge=0, le=1, json_schema_extra=_src("Miyun"))


class P4Params(_Rule):
    """Distance cap to the receiving school: ``max_km`` for everyone (none by default),
    ``family_max_km`` for teachers with a family-burden flag."""

    max_km: float | None = Field(None, ge=0, json_schema_extra=_src(INFERENCE))
    family_max_km: float | None = Field(30, ge=0, json_schema_extra=_src(INFERENCE))

    @field_validator("max_km", "family_max_km", mode="before")
    @classmethod
    def _none(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in {"", "none", "无", "不限"}:
            return None
        return value


class P5Params(_Rule):
    """Paired schools (结对): with ``require``, a rotator goes to a school paired with
    their own whenever one has a post they can fill; with ``prefer``, the "pairing"
    tier sends as many there as it can; ``ignore`` switches it off."""

    mode: Literal["require", "prefer", "ignore"] = Field(
        "prefer", json_schema_extra=_src("seeds: 结对帮扶")
    )


class M1Params(_Rule):
    """Must rotate: senior-title applicants with under ``min_rural_years`` of rural
    service; teachers promoted to 一级/高级 last year with no rural service."""

    min_rural_years: float = Field(1, ge=0, json_schema_extra=_src("2018 national title rule"))


class R1Params(_Rule):
    """Priority points for rural service: none ever, none recently, and years waited."""

    never_rural_points: int = Field(10, ge=0, json_schema_extra=_src("district plan: 首批"))
    no_recent_points: int = Field(5, ge=0, json_schema_extra=_src(INFERENCE))
    recent_years: int = Field(5, ge=1, json_schema_extra=_src("district plan"))
    points_per_year_at_school: int = Field(1, ge=0, json_schema_extra=_src(INFERENCE))
    max_year_points: int = Field(10, ge=0, json_schema_extra=_src(INFERENCE))


class R2Params(_Rule):
    """Priority points for backbone level (per level) and subject leaders."""

    points_per_level: int = Field(2, ge=0, json_schema_extra=_src("Miyun"))
    subject_leader_points: int = Field(4, ge=0, json_schema_extra=_src("Miyun"))


class R3Params(_Rule):
    """Priority points for volunteers (自愿)."""

    volunteer_points: int = Field(3, ge=0, json_schema_extra=_src("seeds"))


class R4Params(_Rule):
    """Ranked wishes (志愿) respected as far as the hard rules allow, with no justified
    envy: nobody with more points is refused a school they ranked above their own
    placement while someone with fewer points holds a seat there in their subject."""


class R5Params(_Rule):
    """Spouses (配偶) are not sent to different places: with ``at_most_one`` at most
    one of them is sent; with ``nearby`` both may go, to schools within ``max_km`` of
    each other (0 = the same school)."""

    mode: Literal["at_most_one", "nearby"] = Field("at_most_one", json_schema_extra=_src(INFERENCE))
    max_km: float = Field(0, ge=0, json_schema_extra=_src(INFERENCE))


class W1Params(_Rule):
    """Rural teachers take learning posts (跟岗) at more central schools, along the
    learning directions of ``E6.directions``: aged at most ``max_age``, with at least
    ``min_teaching_years`` of teaching; E1 and E5 apply to them too."""

    enabled: bool = False
    max_age: int = Field(45, json_schema_extra=_src("Miyun"))
    min_teaching_years: float = Field(5, json_schema_extra=_src("Miyun"))


class W2Params(_Rule):
    """Paired schools exchange both ways: a school that sends rotators to its paired
    school receives at least one learner from it."""

    enabled: bool = False


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
    "R5": ("Spouses", "夫妻同调"),
    "W1": ("Rural learning posts", "农村教师跟岗"),
    "W2": ("Two-way pairs", "结对互派"),
}


class Policy(BaseModel):
    """All parameters of the rulebook. ``Policy()`` is POLICY.md's defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    plan_year: int | None = Field(None, ge=2000, le=2100, json_schema_extra=_src("the bureau"))
    reference_date: dt.date | None = Field(None, json_schema_extra=_src("POLICY.md: 1 September"))
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

    def rule(self, rule_id: str) -> _Rule:
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


def is_inference(key: str) -> bool:
    """Whether no source fixes this default (the report marks it)."""
    return any(k == key and src == INFERENCE for k, _, src, _ in parameter_table())


class PolicyProblem(BaseModel):
    key: str
    message: str

    def __init__(self, key: str, message: str) -> None:
        super().__init__(key=key, message=message)


class PolicyError(ValueError):
    def __init__(self, problems: list[PolicyProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.key}: {p.message}" for p in problems))


def split_list(text: str) -> tuple[str, ...]:
    """Split ``a、b, c;d/e`` the way rosters list several items."""
    text = unicodedata.normalize("NFKC", text)
    for sep in ("、", ";", "/", "，", "；"):
        text = text.replace(sep, ",")
    return tuple(part.strip() for part in text.split(",") if part.strip())


def read_policy_overrides(path: Path) -> dict[str, object]:
    """The overrides of a policy TOML file as flat keys, checked against the rulebook
    (raises PolicyError naming every bad key)."""
    with path.open("rb") as fh:
        flat = flatten_overrides(tomllib.load(fh))
    Policy().with_overrides(flat)
    return flat


def flatten_overrides(raw: Mapping[str, object]) -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in raw.items():
        if isinstance(value, Mapping):
            for sub, v in value.items():
                flat[f"{key}.{sub}"] = v
        else:
            flat[key] = value
    return flat
