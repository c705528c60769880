"""vocabulary.py: every member of every closed list has its words, each word reads one way,
and the module stays free of everything but the domain."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Mapping
from enum import Enum

import pytest

from rotation_planner import vocabulary as vocab
from rotation_planner.domain import Backbone, Gender, SchoolType, Title
from rotation_planner.io.headers import normalize_header

TABLES: dict[str, tuple[type[Enum], Mapping[Enum, vocab.Words]]] = {
    "titles": (Title, vocab.TITLES),  # type: ignore[dict-item]
    "backbones": (Backbone, vocab.BACKBONES),  # type: ignore[dict-item]
    "school types": (SchoolType, vocab.SCHOOL_TYPES),  # type: ignore[dict-item]
    "genders": (Gender, vocab.GENDERS),  # type: ignore[dict-item]
}
# The ways readers compare words: plain, as headers are compared, as policy titles are.
NORMALISERS: dict[str, Callable[[str], str]] = {
    "casefold": str.casefold,
    "header": normalize_header,
    "title": lambda w: w.lower().replace(" ", ""),
}


@pytest.mark.parametrize("name", TABLES)
def test_every_member_has_a_word_in_each_language(name: str) -> None:
    enum, table = TABLES[name]
    assert set(table) == set(enum)
    for words in table.values():
        assert words.zh and words.en
        assert words.shown("zh") == words.zh and words.shown("en") == words.en


@pytest.mark.parametrize("normaliser", NORMALISERS)
@pytest.mark.parametrize("name", TABLES)
def test_every_word_reads_as_one_member(name: str, normaliser: str) -> None:
    _, table = TABLES[name]
    lookup = vocab.reading(table, NORMALISERS[normaliser])
    for member, words in table.items():
        assert all(lookup[NORMALISERS[normaliser](w)] is member for w in words.read)


def test_a_word_shared_by_two_members_is_refused() -> None:
    table = {Gender.MALE: vocab.Words("男", "M"), Gender.FEMALE: vocab.Words("女", "m")}
    with pytest.raises(ValueError, match="reads as both"):
        vocab.reading(table)


def test_yes_and_no_share_no_word() -> None:
    assert not vocab.words_of([vocab.YES]) & vocab.words_of([vocab.NO])
    assert not set(vocab.TICKS) & set(vocab.CROSSES)


def test_imports_only_the_domain_and_the_standard_library() -> None:
    code = (
        "import sys; import rotation_planner.vocabulary; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('rotation_planner', 'pydantic', 'openpyxl', 'ortools', 'python_calamine')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(run.stdout)
    assert loaded == ["rotation_planner", "rotation_planner.domain", "rotation_planner.vocabulary"]
