"""Whose plan it is: the county's name and the plan year, as the printed documents
title them (``青岚县2026年城乡教师交流轮岗人员名单``).

The roster has no county field. Bureaus put the county in the roster's title row
(``青岚县2026年城乡教师交流轮岗花名册``), so the county is the text of that row before
the year; failing a title row, the roster's file name is read the same way, and failing
that the file name itself stands for the county. The term of the rotation defaults to
one school year (一学年), the term most county plans set.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from rotation_planner.report import labels

# A year in a title: 2026, 2026年, 2026年度, 2026-2027学年.
_YEAR = re.compile(r"(19|20)\d\d")
# Words that end the county's part of a title that gives no year.
_STOP_WORDS = (
    "城乡",
    "教师",
    "交流",
    "轮岗",
    "花名册",
    "名单",
    "roster",
    "teacher",
    "rotation",
    "urban",
)
_TRIM = " \t-_—–·:：,，、.。（）()[]【】《》\"'“”‘’"


def county_from_title(text: str) -> str | None:
    """The county in a roster's title row or file name, or None when there is none.

    ``青岚县2026年城乡教师交流轮岗花名册`` gives ``青岚县``; ``2026年青岚县教师花名册``
    also; ``Qinglan County 2026 rotation roster`` gives ``Qinglan County``. A text with
    neither a year nor a roster word (``工号``, ``sample``) names no county.
    """
    plain = unicodedata.normalize("NFKC", str(text)).strip()
    year = _YEAR.search(plain)
    stops = _stops(plain)
    if year is None and not stops:
        return None
    ends = stops + ([year.start()] if year is not None else [])
    end = min(ends)
    if end > 0:
        head = plain[:end]
    elif year is not None and year.start() == 0:
        # The year comes first (2026年青岚县…): the county follows it.
        rest = re.sub(r"^[\d\s\-–—年度学]+", "", plain)
        cut = _stops(rest)
        head = rest[: min(cut)] if cut else ""
    else:
        head = ""
    county = head.strip(_TRIM)
    return county or None


def _stops(text: str) -> list[int]:
    lowered = text.lower()
    return [i for i in (lowered.find(w) for w in _STOP_WORDS) if i >= 0]


def county_from_file(name: str) -> str:
    """The county a roster's file name stands for: the county it names
    (``青岚县2026花名册.xlsx``), or else the file's stem (``sample``)."""
    stem = PurePath(name).stem or name
    return county_from_title(stem) or stem


@dataclass(frozen=True)
class PlanHeading:
    """The county and plan year that title every printed page, and the term of the
    rotation (``None``: the default, one school year)."""

    county: str
    year: int
    term: str | None = None

    def text(self, key: str, lang: str) -> str:
        """One of the document titles (``plan_title``, ``public_title``,
        ``notices_title``) for this county and year."""
        return labels.word(key, lang, county=self.county, year=self.year)

    def term_text(self, lang: str) -> str:
        """The term as the public list shows it: ``一学年`` unless set."""
        return self.term or labels.word("term_default", lang)
