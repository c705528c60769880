"""What every rule's parameters share: how a value is read (是/否, titles, lists), where
a default comes from (its source, or "Inference" when no source fixes it), and the base
class that makes a rule's parameters frozen, strict and switchable (``enabled``).

Each rule module defines its own parameter class on top of ``RuleParams``; policy.py
gathers them into the Policy.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from rotation_planner.domain import Title
from rotation_planner.vocabulary import NO, TITLE_SUFFIXES, TITLE_ZH, TITLES, YES, reading, words_of

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


def source(source: str, **extra: object) -> dict[str, object]:
    """A default's source, kept with the field (the report flags an ``INFERENCE``)."""
    return {"source": source, **extra}


class RuleParams(BaseModel):
    """A rule's parameters: frozen, no unknown key, and ``enabled`` (yes/no words too)."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)
    enabled: bool = True

    @field_validator("*", mode="before")
    @classmethod
    def _words_to_bools(cls, value: object, info: Any) -> object:
        field = cls.model_fields[info.field_name]
        if field.annotation is bool:
            return parse_bool(value)
        return value


def split_list(text: str) -> tuple[str, ...]:
    """Split ``a、b, c;d/e`` the way rosters list several items."""
    text = unicodedata.normalize("NFKC", text)
    for sep in ("、", ";", "/", "，", "；"):
        text = text.replace(sep, ",")
    return tuple(part.strip() for part in text.split(",") if part.strip())
