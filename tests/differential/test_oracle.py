"""The oracle itself: every plan is enumerated, and the tiers follow POLICY.md."""

from __future__ import annotations

from rotation_planner.domain import Assignment, Backbone, Plan, SchoolType, Title
from rotation_planner.policy import Policy
from tests.builders import instance, rural, school, teacher, vacancy
from tests.differential.oracle import all_plans, brute_force, tier_values

NO_QUOTAS = Policy().with_overrides(
    {"Q1.enabled": False, "Q2.enabled": False, "Q3.enabled": False, "Q4.enabled": False}
)


def _two_teachers_one_post():
    return instance([teacher("T1"), teacher("T2")], [school("U1"), rural("R1")], [vacancy("R1")])


def test_every_plan_is_enumerated_and_p2_prunes_only_overfull_posts():
    inst = _two_teachers_one_post()
    # Nobody, T1, T2 (both on the one post would break P2).
    assert len(list(all_plans(inst, NO_QUOTAS))) == 3
    # P2 off: also both on the one post.
    assert len(list(all_plans(inst, NO_QUOTAS.with_overrides({"P2.enabled": False})))) == 4
    # Ineligible teachers and impossible posts are still tried: the checker decides.
    inst = instance(
        [teacher("T1", subjects="英语", age=60), teacher("T2", "R1")],
        [school("U1"), rural("R1")],
        [vacancy("R1"), vacancy("U1", "英语")],
    )
    assert len(list(all_plans(inst, NO_QUOTAS))) == 7  # 3 * 3, less the 2 double-fills


def test_tier_values_follow_the_published_definitions():
    # U1 (urban, seat) sends; R1 is 45 km out, V1 60 km out and paired with U1.
    # A is backbone 一级 (quality weight 2), B is 二级 and no backbone (weight 0).
    # Every school's listed staff: U1 has A and B (half qualified: need round(2.5) = 2),
    # R1 and V1 have none listed (need 5).
    inst = instance(
        [
            teacher("A", backbone=Backbone.COUNTY, volunteer=True, wishes=("V1", "R1")),
            teacher(
                "B",
                title=Title.SECOND,
                rural_years=2,
                last_rural_year=2024,
                wishes=("R1", "V1", "U1"),
            ),
        ],
        [school("U1", paired_with=("V1",)), rural("R1", 45), school("V1", SchoolType.VILLAGE, 60)],
        [vacancy("R1"), vacancy("V1"), vacancy("U1")],
    )
    plan = Plan.of([Assignment("A", "V1", "数学"), Assignment("B", "R1", "数学")])
    values = tier_values(inst, Policy(), plan)
    assert values == {
        "coverage": 2,
        "remoteness": (1 + 6) + (1 + 4),  # one point, plus one per full 10 km
        "quality": 2 * 5 + 0 * 5,
        # A: never rural 10 + 8 years 8 + county backbone 2*2 + volunteer 3 = 25;
        # B: rural service 2 years ago (recent: no points) + 8 years 8 = 8.
        "priority": 25 + 8,
        "pairing": 1,  # A goes to V1, paired with U1 (P5 prefer is the default)
        # The longest wish list in the roster is B's (3): a first wish scores 3.
        "wishes": 3 + 3,
        "commute": 60 + 45,  # no coordinates: via the county seat
    }
    # Pairing counts only under P5 prefer; wishes only while R4 is on.
    off = tier_values(inst, Policy().with_overrides({"P5.mode": "require", "R4.enabled": False}),
                      plan)  # fmt: skip
    assert off["pairing"] == 0 and off["wishes"] == 0


def test_brute_force_finds_the_lexicographic_best_lawful_plan():
    # One post, two candidates: coverage 1 either way; remoteness and quality tie;
    # T2 has more points (volunteer), so the priority tier picks T2. Sending T1 is not
    # even lawful: the checker sees that swapping in T2 raises the points (R3).
    inst = instance(
        [teacher("T1"), teacher("T2", volunteer=True)], [school("U1"), rural("R1")],
        [vacancy("R1")],
    )  # fmt: skip
    found = brute_force(inst, NO_QUOTAS)
    assert found.plans == 3 and found.lawful == 2  # nobody, or T2
    assert found.best is not None and set(found.best.by_teacher) == {"T2"}
    # No lawful plan at all: T1 must rotate (M1) but teaches no subject with a post.
    inst = instance(
        [teacher("T1", subjects="英语", senior_applicant=True)], [school("U1"), rural("R1")],
        [vacancy("R1")],
    )  # fmt: skip
    found = brute_force(inst, NO_QUOTAS)
    assert found.lawful == 0 and found.best is None


def test_lawful_is_the_checkers_verdict_on_every_plan():
    # ``is_lawful`` stops at the first violated rule; on every plan of 40 random rosters
    # (lawful ones and every kind of unlawful one) it says what check_plan says.
    from rotation_planner.check import check_plan
    from rotation_planner.rules.facts import Facts
    from tests.differential.oracle import is_lawful
    from tests.differential.rosters import random_case

    verdicts = set()
    for seed in range(40):
        case = random_case(seed)
        facts = Facts(case.inst, case.policy)
        for plan in all_plans(case.inst, case.policy):
            ok = check_plan(case.inst, case.policy, plan).ok
            assert is_lawful(facts, plan) == ok, (seed, plan)
            verdicts.add(ok)
    assert verdicts == {True, False}
