"""The project documents itself: the tables of docs/policy(.zh).md and
docs/roster-format(.zh).md are generated from the code (every parameter, every sheet and
column, the legacy titles), and nothing a user reads points outside the repository.

Regenerate the tables after changing a parameter or a column:
``python -m tests.test_docs``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from rotation_planner import rulebook
from rotation_planner.io.hints import legacy_titles_markdown, roster_markdown
from rotation_planner.policy import parameters

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# (file, block name) -> what the block holds
BLOCKS: dict[tuple[str, str], Callable[[], str]] = {
    ("policy.md", "parameters"): lambda: rulebook.markdown("en"),
    ("policy.zh.md", "parameters"): lambda: rulebook.markdown("zh"),
    ("roster-format.md", "roster-columns"): lambda: roster_markdown("en"),
    ("roster-format.zh.md", "roster-columns"): lambda: roster_markdown("zh"),
    ("roster-format.md", "legacy-titles"): lambda: legacy_titles_markdown("en"),
    ("roster-format.zh.md", "legacy-titles"): lambda: legacy_titles_markdown("zh"),
}


def _block(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- generated: {re.escape(name)} -->\n)(.*?)(<!-- end generated -->)", re.S
    )


def regenerate() -> None:
    for (file, name), make in BLOCKS.items():
        path = DOCS / file
        text = path.read_text(encoding="utf-8")
        made = make()
        text = _block(name).sub(lambda m, made=made: m.group(1) + made + m.group(3), text)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("file", "name"), list(BLOCKS))
def test_the_generated_tables_are_current(file: str, name: str) -> None:
    found = _block(name).search((DOCS / file).read_text(encoding="utf-8"))

    assert found is not None, f"{file} has no generated block {name}"
    assert found.group(2) == BLOCKS[(file, name)](), f"run python -m tests.test_docs ({file})"


@pytest.mark.parametrize("file", ["policy.md", "policy.zh.md"])
def test_the_policy_docs_list_every_parameter_with_both_names(file: str) -> None:
    text = (DOCS / file).read_text(encoding="utf-8")

    for p in parameters():
        row = next((line for line in text.splitlines() if line.startswith(f"| {p.key} |")), "")
        assert p.zh in row and p.en in row, p.key


def test_every_parameter_has_a_range_where_a_value_can_be_absurd() -> None:
    unbounded = [
        p.key
        for p in parameters()
        if type(p.default) in (int, float)  # not a bool, not a Title
        and (p.low is None or p.high is None)
    ]  # fmt: skip
    assert unbounded == []


@pytest.mark.parametrize(
    "file", ["README.md", "docs/policy.md", "docs/policy.zh.md", "docs/roster-format.md",
             "docs/roster-format.zh.md", "docs/architecture.md"],
)  # fmt: skip
def test_nothing_a_user_reads_points_outside_the_repository(file: str) -> None:
    text = (ROOT / file).read_text(encoding="utf-8")

    assert "../shared" not in text and "ROSTER_FORMAT.md" not in text
    assert "POLICY.md" not in text
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if "://" not in target:
            assert (ROOT / file).parent.joinpath(target).exists(), (file, target)


if __name__ == "__main__":
    regenerate()
