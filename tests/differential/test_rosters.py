"""The generated rosters are rosters a bureau could submit: written to a real .xlsx
workbook and read back by the reader, they come back unchanged and without an error,
unless a lock names a school with no post open to the teacher, which the reader reports
at the lock's cell. So every disagreement the differential test finds can be met by a
user (through the reader, or as a scenario's roster edit)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rotation_planner.io.errors import RosterError
from rotation_planner.io.read import read_roster
from rotation_planner.io.roster_write import write_roster
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.locked import impossible_locks
from tests.differential.rosters import random_case


def _rows_cleared(items: tuple) -> tuple:
    return tuple(dataclasses.replace(item, row=0) for item in items)


@pytest.mark.parametrize("seed", range(0, 300, 20))
def test_a_generated_roster_survives_the_reader(seed: int, tmp_path: Path) -> None:
    case = random_case(seed)
    path = tmp_path / "roster.xlsx"
    write_roster(case.inst, path, policy_overrides=case.policy.diff())

    impossible = impossible_locks(Facts(case.inst, case.policy))
    if impossible:
        with pytest.raises(RosterError) as caught:
            read_roster(path)
        assert {i.kind for i in caught.value.issues} <= {"lock_closed", "lock_no_post"}
        assert len(caught.value.issues) == len(impossible)
        return
    roster = read_roster(path)

    assert _rows_cleared(roster.instance.teachers) == _rows_cleared(case.inst.teachers)
    assert _rows_cleared(roster.instance.schools) == _rows_cleared(case.inst.schools)
    assert _rows_cleared(roster.instance.vacancies) == _rows_cleared(case.inst.vacancies)
    # The writer records the roster's plan year in the Policy sheet.
    assert roster.policy == case.policy.with_overrides({"plan_year": case.inst.plan_year})
