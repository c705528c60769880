"""Re-planning: keep the published plan and change only what the roster edits force.

The number of changed placements is proven minimal two ways: on a tiny county by brute
force over every lawful plan, and on a generated county by the solver's own bound on
the "changes" tier (value equals bound: optimal).
"""

from __future__ import annotations

import dataclasses
import itertools

from rotation_planner import api
from rotation_planner.check import check_plan
from rotation_planner.domain import Assignment, Instance, Plan, Vacancy
from rotation_planner.model.candidates import build_candidates
from rotation_planner.model.solve import SolverSettings
from rotation_planner.policy import Policy
from rotation_planner.replan import count_changes
from rotation_planner.rules.facts import Facts
from rotation_planner.sample import generate_county
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import FAST, NO_Q3

# Wide quotas so that several teachers of one school may go: the posts decide.
WIDE = NO_Q3.with_overrides({"Q2.max_share": 0.5, "Q4.max_share": 0.5})
# Priority (R1-R3) is a tier, not a hard rule; the brute force judges hard rules only.
TIERS_ONLY = {"R1", "R2", "R3"}


def exempt(inst: Instance, teacher_id: str) -> Instance:
    return inst.replace(
        teachers=tuple(
            dataclasses.replace(t, exempt_reason="病假") if t.teacher_id == teacher_id else t
            for t in inst.teachers
        )
    )


def tier(out: api.Outcome, name: str) -> tuple[float, float]:
    found = next(t for t in out.result.tiers if t.name == name)
    return found.value, found.bound


def lawful(inst: Instance, policy: Policy, plan: Plan) -> bool:
    rows = check_plan(inst, policy, plan).rows
    return all(r.status != "VIOLATED" for r in rows if r.rule_id not in TIERS_ONLY)


def brute_force_fewest_changes(inst: Instance, policy: Policy, previous: Plan) -> int:
    """Among all lawful plans with the most posts filled, the fewest changed placements."""
    cand = build_candidates(Facts(inst, policy))
    options = [[None] for _ in cand.teachers]
    for ti, si in cand.pairs:
        options[ti].append(si)
    before = {(a.teacher_id, a.to_school_id, a.subject) for a in previous.assignments}
    best: tuple[int, int] | None = None  # (-coverage, changes)
    for choice in itertools.product(*options):
        plan = Plan.of(
            Assignment(cand.teachers[ti].teacher_id, cand.slots[si].school_id,
                       cand.slots[si].subject)
            for ti, si in enumerate(choice) if si is not None
        )  # fmt: skip
        if not lawful(inst, policy, plan):
            continue
        now = {(a.teacher_id, a.to_school_id, a.subject) for a in plan.assignments}
        moved = {a.teacher_id for a in previous.assignments} & {
            a.teacher_id for a in plan.assignments
        }
        changes = len(before - now) + len({a.teacher_id for a in plan.assignments} - moved)
        # A moved teacher counts once: their old placement is gone, they are not new.
        key = (-len(plan.assignments), changes)
        best = key if best is None or key < best else best
    assert best is not None
    return best[1]


def tiny() -> Instance:
    # Six urban teachers, four posts: R1 数学 x2, R2 数学 x1, R2 语文 x1.
    return instance(
        [teacher("A1"), teacher("A2"), teacher("A3"), teacher("A4", subjects=("语文", "数学")),
         teacher("A5", subjects="语文"), teacher("A6")],
        [school("U1"), rural("R1", distance_km=30), rural("R2", distance_km=60)],
        [vacancy("R1", "数学", 2), vacancy("R2", "数学", 1), vacancy("R2", "语文", 1)],
    )  # fmt: skip


def test_tiny_county_exempt_teacher_replan_is_minimal_by_brute_force():
    inst = tiny()
    published = api.plan(inst, WIDE, FAST).plan
    assert published is not None and len(published.assignments) == 3  # Q2: ceil(0.5*6)
    for gone in [a.teacher_id for a in published.assignments]:
        edited = exempt(inst, gone)
        done = api.replan(edited, WIDE, published, FAST)
        assert done.outcome.plan is not None and done.outcome.check.ok
        assert done.changed == brute_force_fewest_changes(edited, WIDE, published), gone
        assert tier(done.outcome, "changes") == (done.changed, done.changed)
        (dropped,) = [c for c in done.changes if c.kind == "dropped"]
        assert dropped.teacher_id == gone and dropped.text() == "now exempt (E5)"
        # Nobody else was moved: one replacement takes the post the exempt one left, or
        # (4 posts, 3 rotators allowed) the post nobody held, and says which.
        assert [c.kind for c in done.changes if c.kind != "kept"] == ["dropped", "added"]
        (added,) = [c for c in done.changes if c.kind == "added"]
        vacated = (dropped.before.to_school_id, dropped.before.subject)
        taken = (added.after.to_school_id, added.after.subject)
        assert added.text() == (
            f"fills the post vacated by {gone}"
            if taken == vacated
            else f"replaces {gone} from the same school (Q1 quota)"
        )


def test_closed_post_and_new_vacancy():
    inst = tiny()
    published = api.plan(inst, WIDE, FAST).plan
    assert published is not None
    # Close R2/语文 (held by someone) and open one more 数学 post at R1.
    held = next(a for a in published.assignments if a.subject == "语文")
    edited = inst.replace(vacancies=(vacancy("R1", "数学", 3), vacancy("R2", "数学", 1)))
    done = api.replan(edited, WIDE, published, FAST)
    assert done.changed == brute_force_fewest_changes(edited, WIDE, published)
    moved_or_dropped = next(c for c in done.changes if c.teacher_id == held.teacher_id)
    assert moved_or_dropped.kind in ("moved", "dropped")
    assert moved_or_dropped.text().startswith("the post was closed")


def test_locked_rows_stay_and_a_teacher_who_left_is_reported():
    inst = tiny()
    published = api.plan(inst, WIDE, FAST).plan
    assert published is not None
    first, second = published.assignments[0], published.assignments[1]
    # The first teacher left the county; the second is locked where they were placed.
    teachers = tuple(
        dataclasses.replace(t, locked_to=second.to_school_id) if t.teacher_id == second.teacher_id
        else t
        for t in inst.teachers
        if t.teacher_id != first.teacher_id
    )  # fmt: skip
    done = api.replan(inst.replace(teachers=teachers), WIDE, published, FAST)
    kinds = {c.teacher_id: (c.kind, c.text()) for c in done.changes}
    assert kinds[first.teacher_id] == ("dropped", "no longer in the roster")
    assert kinds[second.teacher_id][0] == "kept"
    assert done.outcome.plan.by_teacher[second.teacher_id].to_school_id == second.to_school_id


def test_county_drop_one_teacher_changes_only_what_it_forces():
    inst = generate_county(300, 1)
    settings = SolverSettings(tier_time_limit=30)
    published = api.plan(inst, Policy(), settings).plan
    assert published is not None and len(published.assignments) >= 3
    gone = published.assignments[len(published.assignments) // 2].teacher_id
    edited = exempt(inst, gone)
    done = api.replan(edited, Policy(), published, settings)
    out = done.outcome
    assert out.plan is not None and out.check.ok
    value, bound = tier(out, "changes")
    # Proven minimal: the changes tier is optimal (value == bound) and equals the count.
    assert value == bound == done.changed == count_changes(done.changes)
    # The exempt teacher must leave (1); at most one teacher fills their post (1).
    assert 1 <= done.changed <= 2
    kept = [c for c in done.changes if c.kind == "kept"]
    assert len(kept) == len(published.assignments) - 1
    # Re-solving from scratch would change more: the plan really was kept.
    fresh = api.plan(edited, Policy(), settings).plan
    before = set(published.assignments)
    assert len(before - set(fresh.assignments)) >= len(before - set(out.plan.assignments))


def test_new_vacancy_is_filled_without_touching_anyone_else():
    inst = generate_county(300, 1)
    settings = SolverSettings(tier_time_limit=30)
    published = api.plan(inst, Policy(), settings).plan
    assert published is not None
    # A new post in the subject of someone eligible and not yet sent.
    edited = inst.replace(
        vacancies=(*inst.vacancies, Vacancy(inst.vacancy_slots[0].school_id,
                                            inst.vacancy_slots[0].subject, 1))
    )  # fmt: skip
    done = api.replan(edited, Policy(), settings=settings, previous=published)
    assert all(c.kind in ("kept", "added") for c in done.changes)
    assert done.changed <= 1
    assert tier(done.outcome, "changes")[0] == done.changed


def test_a_post_whose_places_did_not_shrink_is_not_said_to_have_fewer() -> None:
    """The published plan had A at R1/数学, the new one has B there (one place, as
    before): A's reason names B, not "fewer places". When the post does shrink from two
    places to one, the dropped teacher is told so, with both counts."""
    from rotation_planner.replan import compare_plans

    teachers = [teacher(f"A{i}") for i in range(10)]
    inst = instance(teachers, [school("U1"), rural("R1")], [vacancy("R1", "数学", 1)])
    a, b = (Assignment(t, "R1", "数学") for t in ("A0", "A1"))
    changes = {c.teacher_id: c for c in compare_plans(inst, WIDE, Plan.of([a]), Plan.of([b]))}
    assert changes["A0"].kind == "dropped"
    assert changes["A0"].text("zh") == "该岗位改由 A1 填补: 为使方案在改动最少的情况下满足全部规则"
    assert changes["A1"].text("zh") == "填补 A0 空出的岗位"
    shrunk = compare_plans(inst, WIDE, Plan.of([a, b]), Plan.of([a]))
    dropped = next(c for c in shrunk if c.kind == "dropped")
    assert dropped.text("zh") == "该岗位名额减为 1 个 (原方案安排 2 人)"
    assert dropped.text("en") == "the post now has 1 place(s), 2 were placed there"
