"""Differential test: on tiny random rosters, the model and the independent checker agree.

For every roster, brute force tries every plan and keeps those the checker passes. The
model must then say INFEASIBLE exactly when none passes, return a plan that passes,
and reach in every objective tier the lexicographic optimum over the lawful plans (the
tiers recomputed by oracle.py, not by the model's objective code).

``DIFFERENTIAL_N`` (default 300) sets how many seeds run, from ``DIFFERENTIAL_FIRST``
(default 0); ``DIFFERENTIAL_N=2000`` is a hand run of about a minute. A failure names
its seed and mix of modes; ``random_case(seed)`` rebuilds the roster and policy, and
``python -m tests.differential.survey N`` counts the failures per class.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache

import pytest

from rotation_planner.policy import Policy
from tests.differential.compare import Verdict, compare
from tests.differential.oracle import Oracle, brute_force
from tests.differential.rosters import Case, random_case

N = int(os.environ.get("DIFFERENTIAL_N", "300"))
FIRST = int(os.environ.get("DIFFERENTIAL_FIRST", "0"))
SEEDS = range(FIRST, FIRST + N)


@cache
def oracle_of(seed: int) -> Oracle:
    """Brute force of one seed, done once per run (the power test below reuses it)."""
    case = random_case(seed)
    return brute_force(case.inst, case.policy)


@cache
def verdict_of(seed: int) -> Verdict:
    return compare(random_case(seed), oracle=oracle_of(seed))


def explain(case: Case, verdict: Verdict) -> str:
    lines = [
        f"seed {case.seed}: model and checker disagree "
        f"(rebuild with tests.differential.rosters.random_case({case.seed}))",
        f"mix: {case.mix}",
    ]
    lines += [f"- {d.kind}: {d.detail}" for d in verdict.disagreements]
    return "\n".join(lines)


@pytest.mark.parametrize("seed", SEEDS)
def test_model_agrees_with_the_checker_and_brute_force(seed: int) -> None:
    verdict = verdict_of(seed)
    assert not verdict.disagreements, explain(random_case(seed), verdict)


# Rules whose removal from the model the comparison must notice on some roster: proof
# that the test above can fail for each of them (E1-E5 are one filter each, like E2).
# Each is tried only on rosters where it can matter, to keep the search short.
GUARDED_RULES: dict[str, Callable[[Case], bool]] = {
    "E2": lambda c: c.policy.E2.enabled,
    "E6": lambda c: c.policy.E6.enabled,
    "P1": lambda c: c.policy.P1.enabled,
    "P2": lambda c: c.policy.P2.enabled,
    "P3": lambda c: c.policy.P3.enabled,
    "P4": lambda c: c.policy.P4.enabled,
    "P5": lambda c: c.policy.P5.enabled and c.policy.P5.mode == "require",
    "Q1": lambda c: c.policy.Q1.enabled,
    "Q2": lambda c: c.policy.Q2.enabled,
    "Q3": lambda c: c.policy.Q3.enabled,
    "Q4": lambda c: c.policy.Q4.enabled,
    "M1": lambda c: c.policy.M1.enabled,
    "R4": lambda c: c.policy.R4.enabled and "contest" in c.mix,
    "R5": lambda c: c.policy.R5.enabled and "spouses" in c.mix,
    "W1": lambda c: c.policy.W1.enabled,
    "W2": lambda c: c.policy.W1.enabled and c.policy.W2.enabled and "paired" in c.mix,
}


@pytest.mark.parametrize("rule_id", GUARDED_RULES)
def test_removing_a_rule_from_the_model_is_caught(rule_id: str) -> None:
    # On rosters where model and checker agree, the model without the rule must
    # disagree somewhere; searched from the default seeds, whose brute force is shared.
    relevant = GUARDED_RULES[rule_id]
    for seed in range(FIRST, FIRST + 2000):
        case = random_case(seed)
        if not relevant(case) or verdict_of(seed).disagreements:
            continue
        if compare(case, skip=(rule_id,), oracle=oracle_of(seed)).disagreements:
            return
    pytest.fail(f"without {rule_id} the model still agreed on 2000 rosters: weak generator")


# What a good share of the rosters must exercise: every rule switched off and on,
# every mode, every roster feature, and enough rosters with and without a lawful plan.
def _modes(case: Case) -> set[str]:
    p, inst = case.policy, case.inst
    on = {f"{rid} off" for rid in ("E1", "E2", "E3", "E4", "E5", "E6", "Q1", "Q2", "Q3", "Q4",
                                    "P1", "P2", "P3", "P4", "P5", "M1", "R1", "R2", "R3", "R4",
                                    "R5") if not p.enabled(rid)}  # fmt: skip
    on |= {f"P5 {p.P5.mode}", f"R5 {p.R5.mode}", f"Q3 per {p.Q3.denominator}"}
    on |= {"W1 on"} if p.W1.enabled else set()
    on |= {"W2 on"} if p.W1.enabled and p.W2.enabled else set()
    on |= {"E6 custom table"} if p.E6.directions != Policy().E6.directions else set()
    on |= {"Q1 zero"} if p.Q1.min_share == 0 else set()
    on |= {"P4 cap for all"} if p.P4.max_km is not None else set()
    on |= {"P1 main subject only"} if not p.P1.second_subjects else set()
    on |= {"E5 recent rotation"} if p.E5.rotated_within_years > 0 and any(
        t.rotated_years for t in inst.teachers) else set()  # fmt: skip
    on |= {f.strip() for f in case.mix.split(";")[0].removeprefix("roster:").split(",")}
    on |= {"M1 teacher"} if any(t.senior_applicant or t.promoted_last_year
                                for t in inst.teachers) else set()  # fmt: skip
    on |= {"family burden"} if any(t.family_burden for t in inst.teachers) else set()
    on |= {"second subjects"} if any(len(t.subjects) > 1 for t in inst.teachers) else set()
    return on


MODES = (
    "E1 off", "E2 off", "E3 off", "E4 off", "E5 off", "E6 off", "Q1 off", "Q2 off", "Q3 off",
    "Q4 off", "P1 off", "P2 off", "P3 off", "P4 off", "P5 off", "M1 off", "R1 off", "R2 off",
    "R3 off", "R4 off", "R5 off", "P5 require", "P5 prefer", "P5 ignore", "R5 at_most_one",
    "R5 nearby", "Q3 per rotators", "Q3 per eligible", "W1 on", "W2 on", "E6 custom table",
    "Q1 zero", "P4 cap for all", "P1 main subject only", "E5 recent rotation", "spouses",
    "wishes", "locked", "history", "coordinates", "paired", "contest", "M1 teacher",
    "family burden", "second subjects",
)  # fmt: skip


def test_the_rosters_exercise_every_rule_and_mode() -> None:
    seen: dict[str, int] = dict.fromkeys(MODES, 0)
    for seed in SEEDS:
        for mode in _modes(random_case(seed)) & seen.keys():
            seen[mode] += 1
    rare = {mode: n for mode, n in seen.items() if n < 0.03 * len(SEEDS)}
    assert not rare, f"modes in under 3% of {len(SEEDS)} rosters: {rare}"
    outcomes = [oracle_of(seed).best for seed in SEEDS]
    infeasible = sum(best is None for best in outcomes)
    placing = sum(best is not None and bool(best.assignments) for best in outcomes)
    assert infeasible >= 0.15 * len(SEEDS), f"only {infeasible} rosters have no lawful plan"
    assert placing >= 0.15 * len(SEEDS), f"only {placing} rosters have a plan placing anyone"
