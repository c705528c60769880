"""One cell's value, parsed: what the roster, scenario and plan readers share.

Bureaus type cells many ways: full-width digits, numbers as text with a unit (``6年``),
old title names, 县级骨干教师, ticks for yes, dates as ``1985.03``. Each parser here
takes one raw cell value (as ``workbook.read_sheets`` gives it) and returns the value
the domain needs, or raises ``BadCell`` with the kind of problem (a key of
``errors.MESSAGES``) and the parameters of its message. The caller knows the cell and
turns that into an Issue. The words of closed lists come from vocabulary.py.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable

from rotation_planner.domain import Backbone, Gender, SchoolType, Title
from rotation_planner.io.errors import quote
from rotation_planner.io.headers import normalize_header
from rotation_planner.policy import parse_bool, parse_title, split_list
from rotation_planner.vocabulary import (
    BACKBONE_SUFFIXES,
    BACKBONES,
    CROSSES,
    GENDERS,
    IN_SERVICE,
    LEGACY_TITLES,
    NOTHING_WORDS,
    SCHOOL_LEVEL_PREFIXES,
    SCHOOL_TYPES,
    SUBJECT_LEADER,
    SUBJECTS,
    TICKS,
    TITLE_PREFIXES,
    TITLE_SUFFIXES,
    TITLES,
    TOTAL_WORDS,
    reading,
)

MIN_AGE, MAX_AGE = 18, 70
# Plausible ranges: a number beyond them is a typing error (or an attack), never a
# county's data. Years of service fit in a working life; no county school is 1,000 km
# from its county seat nor has 10,000 teachers; no school asks for 1,000 teachers of a
# subject in one year.
MAX_YEARS = 60
MAX_DISTANCE_KM = 1_000
MAX_STAFF = 10_000
MAX_POSTS = 1_000

_UNIT = r"(?:年|岁|周岁|人|名|个|位|所|km|公里|千米|years?|yrs?|persons?|people)"
_NUMBER = re.compile(rf"^([+-]?\d+(?:\.\d+)?)\s*{_UNIT}?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*(?:[./\-]|年)\s*(\d{1,2})\s*月?\s*(?:[./\-]?\s*(\d{1,2})\s*[日号]?)?$"
)
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_GENDER_WORDS = reading(GENDERS)
_SCHOOL_TYPE_WORDS = reading(SCHOOL_TYPES, normalize_header)
_BACKBONE_WORDS = reading(BACKBONES, normalize_header)
_LEADER_WORDS = tuple(normalize_header(w) for w in SUBJECT_LEADER.read)
_BACKBONE_SUFFIXES = tuple(normalize_header(w) for w in BACKBONE_SUFFIXES)
_IN_SERVICE_WORDS = frozenset(normalize_header(w) for w in IN_SERVICE.read)
# In a roster's yes/no column a blank, a dash or 无 means no.
_BLANK_NO = frozenset({"", "-", "/", "无"})


class BadCell(Exception):
    """A cell value that cannot be used: ``kind`` names the problem (a key of
    ``errors.MESSAGES``), ``params`` fill its message."""

    def __init__(self, kind: str, **params: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.params = params


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    """A cell as text: NFKC-normalised and stripped; whole floats lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return unicodedata.normalize("NFKC", str(value)).strip()


def key(name: str) -> str:
    """How school names and codes compare: NFKC, case and spaces ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def optional(value: object) -> str:
    """Free text where 无/none/- means nothing."""
    result = text(value)
    return "" if result.casefold() in NOTHING_WORDS else result


def number(value: object) -> float:
    """A finite number, or text holding one with an optional unit (``6年``, ``12 km``)."""
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        raise BadCell("not_a_number", value=quote(value))
    if isinstance(value, int | float):
        try:
            result = float(value)
        except OverflowError:  # an integer beyond any float
            result = math.inf
    else:
        match = _NUMBER.match(text(value).casefold().replace(" ", ""))
        if not match:
            raise BadCell("not_a_number", value=quote(value))
        result = float(match.group(1))  # a thousand digits make inf, not an error
    if not math.isfinite(result):
        raise BadCell("not_a_number", value=quote(value))
    return result


def integer(value: object) -> int:
    result = number(value)
    if not result.is_integer():
        raise BadCell("not_an_integer", value=quote(value))
    return int(result)


def _non_negative(result: float, value: object) -> float:
    if result < 0:
        raise BadCell("negative_number", value=quote(value))
    return result


def _at_most(result: float, high: float, value: object) -> float:
    if result > high:
        raise BadCell("out_of_range", value=quote(value), low=0, high=high)
    return result


def years(value: object) -> float:
    """A number of years (of service) from 0 to ``MAX_YEARS``."""
    return _at_most(_non_negative(number(value), value), MAX_YEARS, value)


def distance(value: object) -> float:
    """A distance in km from 0 to ``MAX_DISTANCE_KM``."""
    return _at_most(_non_negative(number(value), value), MAX_DISTANCE_KM, value)


def count(value: object) -> int:
    """A number of posts: a whole number from 0 to ``MAX_POSTS``."""
    return int(_at_most(_non_negative(integer(value), value), MAX_POSTS, value))


def staff(value: object) -> int:
    """A school's number of teachers: a whole number from 0 to ``MAX_STAFF``."""
    return int(_at_most(_non_negative(integer(value), value), MAX_STAFF, value))


def coordinate(limit: int) -> Callable[[object], float]:
    """A parser of a latitude (``limit`` 90) or a longitude (180)."""

    def parse(value: object) -> float:
        result = number(value)
        if not -limit <= result <= limit:
            raise BadCell("coordinate_out_of_range", value=quote(value), low=-limit, high=limit)
        return result

    return parse


def yes_no(value: object) -> bool:
    """是/否, Y/N, true/false, 1/0, a tick or a cross; blank, - and 无 are no."""
    result = text(value)
    if result in TICKS:
        return True
    if result in CROSSES or result.casefold() in _BLANK_NO:
        return False
    try:
        return parse_bool(value)
    except ValueError:
        raise BadCell("bad_bool", value=quote(value)) from None


def gender(value: object) -> Gender:
    found = _GENDER_WORDS.get(text(value).casefold())
    if found is None:
        raise BadCell("bad_gender")
    return found


def legacy_title(value: object) -> tuple[str, Title] | None:
    """A title of before the 2015 reform (小学高级教师, 中教一级) as the reform's name
    for it and the unified title it corresponds to (vocabulary.LEGACY_TITLES); None
    for any other value."""
    if not isinstance(value, str):
        return None
    word = re.sub(r"\s+", "", text(value))
    for suffix in TITLE_SUFFIXES:
        word = word.removesuffix(suffix)
    found = LEGACY_TITLES.get(word)
    return (word, found) if found is not None else None


def title_word(found: Title, lang: str) -> str:
    """A title as the product shows it in ``lang``."""
    return TITLES[found].shown(lang)


def title(value: object) -> Title:
    """A title in either language, old names, 中小学 prefixes and rank numbers included;
    a title of before the 2015 reform as the title it corresponds to (小学高级 is 一级)."""
    if isinstance(value, bool):
        raise BadCell("bad_title", value=quote(value))
    legacy = legacy_title(value)
    if legacy is not None:
        return legacy[1]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    word = value if isinstance(value, int) else text(value)
    candidates = [word]
    if isinstance(word, str):
        candidates += [word.removeprefix(p) for p in TITLE_PREFIXES if word.startswith(p)]
    for candidate in candidates:
        try:
            return parse_title(candidate)
        except ValueError:
            continue
    raise BadCell("bad_title", value=quote(value))


def backbone(value: object) -> tuple[Backbone, bool]:
    """骨干 level and whether the teacher is a subject leader / 名师."""
    level, leader = Backbone.NONE, False
    for token in split_list(text(value)):
        norm = normalize_header(token)
        if norm in NOTHING_WORDS:
            continue
        for word in _LEADER_WORDS:
            if word in norm:
                leader, norm = True, norm.replace(word, "")
        for suffix in _BACKBONE_SUFFIXES:
            norm = norm.removesuffix(suffix)
        if norm in _BACKBONE_WORDS:
            level = max(level, _BACKBONE_WORDS[norm])
        elif norm or not leader:
            raise BadCell("bad_backbone", value=quote(value))
    return level, leader


def school_type(value: object) -> SchoolType:
    kind = _SCHOOL_TYPE_WORDS.get(normalize_header(value))
    if kind is None:
        raise BadCell("bad_school_type", value=quote(value))
    return kind


def status(value: object) -> str:
    """The employment status; any word for in service becomes 在编在岗."""
    result = text(value)
    return IN_SERVICE.zh if normalize_header(result) in _IN_SERVICE_WORDS else result


def _date(year: int, month: int, day: int, kind: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadCell(kind) from None


def looks_like_date(value: str) -> bool:
    """Whether text has the shape of a date ``birth_date`` reads (1985.03, 198503...)."""
    return bool(_DATE_TEXT.match(value) or _DATE_DIGITS.match(value))


def birth_date(value: object) -> dt.date:
    """A date cell, or text like 1985.03 / 1985-03 / 198503 / 1985年3月 (day 1 if none)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and not value.is_integer():
        written = repr(value)
        if re.fullmatch(r"\d{4}\.1", written):
            raise BadCell("ambiguous_birth_date")  # 1985.10 typed as a number shows as 1985.1
    else:
        written = text(value)
    written = written.replace(" ", "")
    match = _DATE_DIGITS.match(written) or _DATE_TEXT.match(written)
    if not match:
        raise BadCell("bad_birth_date")
    year, month, day = match.group(1), match.group(2), match.group(3)
    born = _date(int(year), int(month), int(day or 1), "bad_birth_date")
    if born.year < 1900:
        raise BadCell("bad_birth_date")
    return born


def id_text(value: object) -> str:
    """A resident ID as written, compared: no spaces, upper-case X."""
    return re.sub(r"\s+", "", text(value)).upper()


def id_number(value: object) -> tuple[dt.date, Gender]:
    """Birth date and gender from an 18-character resident ID (GB 11643), check digit
    verified (ISO 7064 MOD 11-2)."""
    if isinstance(value, float):
        raise BadCell("id_stored_as_number")
    written = id_text(value)
    if not _ID_PATTERN.match(written):
        raise BadCell("id_bad_format")
    problems: list[str] = []
    born: dt.date | None = None
    try:
        born = _date(
            int(written[6:10]), int(written[10:12]), int(written[12:14]), "id_bad_birth_date"
        )
        if born.year < 1900 or born > dt.date.today():
            born = None
            problems.append("id_bad_birth_date")
    except BadCell as bad:
        problems.append(bad.kind)
    total = sum(int(d) * w for d, w in zip(written[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != written[17]:
        problems.append("id_bad_check_digit")
    if problems:
        raise BadCell(problems[0], more=problems[1:])
    assert born is not None
    return born, Gender.MALE if int(written[16]) % 2 else Gender.FEMALE


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day`` (周岁)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def year(value: object, latest: int) -> int | None:
    """A calendar year from 1950 to ``latest``; blank, 无 and 0 mean none."""
    if isinstance(value, dt.date):
        return value.year
    if optional(value) == "":
        return None
    result = integer(value)
    if result == 0:
        return None
    if not 1950 <= result <= latest:
        raise BadCell("bad_year", value=quote(value), low=1950, high=latest)
    return result


def years_list(value: object, latest: int) -> tuple[int, ...]:
    """Several years in one cell, e.g. ``2021、2024``: sorted, each once."""
    if isinstance(value, int | float | dt.date):
        return tuple(y for y in [year(value, latest)] if y is not None)
    return tuple(sorted({y for item in split_list(text(value)) if (y := year(item, latest))}))


def dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def subject_header(header: str) -> str:
    """A subject column's header without a unit in brackets: ``数学（人）`` is 数学."""
    return re.sub(r"\([^()]*\)|\[[^\[\]]*\]", "", unicodedata.normalize("NFKC", header)).strip()


_SUBJECT_WORDS = {normalize_header(words.zh): words.zh for words in SUBJECTS}


def subject(written: str) -> tuple[str, str | None]:
    """A subject and, when the cell named it with a school level (小学语文, 初中数学),
    the level it was written with: the subject is then the one without it, provided
    that is a subject of the curriculum (vocabulary.SUBJECTS). Any other subject is
    kept as written."""
    for prefix in SCHOOL_LEVEL_PREFIXES:
        rest = written.removeprefix(prefix).strip()
        if rest != written and normalize_header(rest) in _SUBJECT_WORDS:
            return _SUBJECT_WORDS[normalize_header(rest)], prefix
    return written, None


def is_total_row(values: Iterable[object]) -> bool:
    """Whether a row is a total (合计, 总计, Total) rather than data: its first filled
    cell says so."""
    first = next((v for v in values if not is_blank(v)), None)
    return isinstance(first, str) and normalize_header(first).rstrip(":：") in _TOTALS


_TOTALS = frozenset(normalize_header(w) for w in TOTAL_WORDS)
