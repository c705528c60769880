"""Cut-offs per (sending school, subject) and the published lottery, on the Chinese
sample: a teacher left home with as many points as the last one sent in a subject is
told why (a hard rule, a higher tier, the lottery with both draws), and every draw in
the Lottery sheet can be recomputed by hand."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rotation_planner import api
from rotation_planner.report.explain import PlanFacts, ReasonKind, explain_not_selected
from rotation_planner.report.tables import cutoffs_table, lottery_table

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "sample_300.xlsx"
WHY = {
    ReasonKind.PASSED_OVER_RULE,
    ReasonKind.PASSED_OVER_TIER,
    ReasonKind.LOTTERY,
    ReasonKind.POSTS_THEY_CANNOT_FILL,
}


@pytest.fixture(scope="module")
def facts() -> PlanFacts:
    roster = api.read_roster(SAMPLE)
    outcome = api.plan(roster.instance, roster.policy, api.SolverSettings(seed=3))
    assert outcome.plan is not None
    return PlanFacts(roster.instance, roster.policy, outcome.plan, seed=3)


def test_a_colleague_left_home_with_as_many_points_is_told_why(facts: PlanFacts) -> None:
    seen: set[ReasonKind] = set()
    for c in facts.cutoffs():
        if c.first_left is None:
            continue
        last = facts.points[c.last.teacher_id].total
        if facts.points[c.first_left.teacher_id].total < last:
            continue
        kinds = {r.kind for r in explain_not_selected(facts, c.first_left)}
        assert kinds & WHY, (c.school_id, c.subject)
        assert ReasonKind.NOT_BEST not in kinds  # the solver's plan is the best
        seen |= kinds & WHY
    assert len(seen) >= 2  # the sample has such cut-offs, decided in different ways


def test_the_cutoff_sheet_is_per_school_and_subject(facts: PlanFacts) -> None:
    rows = cutoffs_table(facts, "zh").as_dicts()
    keys = [(r["school_id"], r["subject"]) for r in rows]
    assert len(keys) == len(set(keys)) > len({k[0] for k in keys})
    sent = sum(r["sent_in_subject"] for r in rows)
    assert sent == len(facts.plan.assignments)  # type: ignore[union-attr]
    for r in rows:
        if r["cutoff_not_selected"] is not None:
            assert r["why_first_left"]


def test_every_draw_can_be_recomputed_by_hand(facts: PlanFacts) -> None:
    table = lottery_table(facts, "zh")
    rows = table.as_dicts()
    assert "SHA-256" in str(rows[0]["note"]) and "随机种子 3" in str(rows[0]["note"])
    for r in rows:
        text = f"3|{r['teacher_id']}|{r['post_school_id']}|{r['subject']}".encode()
        assert r["draw"] == int.from_bytes(hashlib.sha256(text).digest()[:2], "big")
    holders = {(r["teacher_id"], r["post_school_id"]) for r in rows if r["outcome"] == "占该岗位"}
    assert holders == {
        (a.teacher_id, a.to_school_id)
        for a in facts.plan.assignments  # type: ignore[union-attr]
        if a.teacher_id in {t.teacher_id for c in facts.cutoffs() for t in c.selected}
    }


def test_the_terminal_shows_the_first_cutoffs_and_counts_the_rest(
    facts: PlanFacts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A city has hundreds of (school, subject) cut-offs: after the first few the line
    says how many there are and where they all are, instead of flooding the terminal."""
    from rotation_planner.check import check_plan
    from rotation_planner.report import summary

    check = check_plan(facts.instance, facts.policy, facts.plan)  # type: ignore[arg-type]
    n = len(facts.cutoffs())
    assert n > 2
    monkeypatch.setattr(summary, "CUTOFFS_SHOWN", 2)
    line = summary.plan_highlights(facts.instance, facts.policy, facts.plan, check, "zh")[-1]
    assert line.startswith("分数线") and line.endswith(f"共 {n} 项, 理由见「分数线」工作表")
    assert line.split(": ", 1)[1].count("/") == 2  # two cut-offs shown
