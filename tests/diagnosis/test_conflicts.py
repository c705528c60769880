"""Infeasible rosters, each built around one known conflict.

Each test checks three things: the conflict is named in policy words with its numbers,
the suggested relaxations include the expected smallest move, and every suggestion is
proven by solving again with it (a plan exists and the checker accepts it).
"""

from __future__ import annotations

from rotation_planner import api
from rotation_planner.check import check_plan
from rotation_planner.domain import Backbone, Gender, Instance
from rotation_planner.model.diagnose import find_core
from rotation_planner.model.relax import feasible
from rotation_planner.model.solve import solve
from rotation_planner.policy import Policy
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import FAST, NO_Q3


def diagnosed(inst: Instance, policy: Policy, lang: str = "en") -> api.Outcome:
    """No plan; a named conflict; every suggested relaxation re-solved to a lawful plan."""
    out = api.plan(inst, policy, FAST, lang=lang)
    assert out.result.status == "INFEASIBLE" and out.plan is None
    assert out.conflicts, "no conflict named"
    assert out.relaxations, "no relaxation proven"
    for r in out.relaxations:
        relaxed_inst, relaxed_policy = r.apply(inst, policy)
        result = solve(relaxed_inst, relaxed_policy, FAST)
        assert result.plan is not None, r.change
        assert check_plan(relaxed_inst, relaxed_policy, result.plan).ok, r.change
    return out


def changes(out: api.Outcome) -> list[str]:
    return [r.change for r in out.relaxations]


def test_q1_against_q4_with_the_smallest_moves_of_both():
    # 30 eligible -> Q1 needs ceil(3.0) = 3; 16 staff -> Q4 allows floor(2.4) = 2.
    inst = instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1", staff=16), rural("R1")],
        [vacancy("R1", "数学", 10)],
    )
    out = diagnosed(inst, NO_Q3)
    assert out.conflicts[0] == (
        "学校U1: Q1 needs >= 3 rotators (10% of 30 eligible), "
        "but Q4 allows at most 2 (15% of 16 staff)"
    )
    # 3/16 = 0.1875: 0.19 is the nearest grid value that allows 3; 0.18 still allows 2.
    assert "Q4.max_share 0.15 -> 0.19" in changes(out)
    assert not feasible(inst, NO_Q3.with_overrides({"Q4.max_share": 0.18}))
    # 2/30 = 0.067: 0.06 needs 2; 0.07 still needs ceil(2.1) = 3.
    assert "Q1.min_share 0.1 -> 0.06" in changes(out)
    assert not feasible(inst, NO_Q3.with_overrides({"Q1.min_share": 0.07}))


def test_q1_against_too_few_posts_p2():
    inst = instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 2)],
    )
    out = diagnosed(inst, NO_Q3)
    assert "Q1 needs >= 3" in out.conflicts[0] and "P2 has only 2 数学 post(s)" in out.conflicts[0]
    assert "P2 R1/数学 2 -> 3" in changes(out)


def test_q1_against_subject_mismatch_p1_names_the_subjects():
    # 28 英语 teachers and 2 数学 teachers; only 数学 posts. Q1 needs 3, two can go.
    inst = instance(
        [teacher(f"E{i:02}", subjects="英语") for i in range(28)] + [teacher("M1"), teacher("M2")],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 5)],
    )
    out = diagnosed(inst, NO_Q3)
    text = out.conflicts[0]
    assert "only 2 of them can fill any post" in text, text
    assert "P1 subject 28 (they teach 英语 28; posts are in 数学)" in text, text
    assert "add 1 英语 post(s) at R1" in changes(out)


def test_q3_with_every_backbone_teacher_over_the_age_limit():
    # Two backbone teachers aged 52 fail E3 (men <= 50): no backbone rotator can exist,
    # yet Q1 needs rotators and Q3 needs >= 20% of them to be backbone.
    old = {"age": 52, "backbone": Backbone.COUNTY}
    inst = instance(
        [teacher(f"A{i:02}") for i in range(10)] + [teacher("B1", **old), teacher("B2", **old)],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 5)],
    )
    out = diagnosed(inst, Policy())
    text = " | ".join(out.conflicts)
    assert "Q3 needs backbone teachers >= 20% of rotators" in text, text
    assert "of 2 backbone teachers 0 are eligible" in text and "E3 2" in text, text
    assert "E3.max_age_male 50 -> 52" in changes(out)


def test_must_rotate_teacher_beyond_the_family_distance_cap_p4():
    # T1 must rotate (senior applicant, no rural service) but has a family-burden flag:
    # the only post is 40 km away, over the 30 km cap.
    inst = instance(
        [teacher("T1", senior_applicant=True, family_burden=True), teacher("T2")],
        [school("U1"), rural("R1", distance_km=40)],
        [vacancy("R1", "数学", 2)],
    )
    policy = NO_Q3.with_overrides({"Q1.enabled": False})
    out = diagnosed(inst, policy)
    assert out.conflicts[0] == (
        "teacher T1: M1 must rotate, and can fill 0 post(s) (P4 distance over 30 km 1)"
    )
    assert "P4.family_max_km 30 -> 40" in changes(out)
    assert "M1 off for T1" in changes(out)


def test_must_rotate_teacher_without_a_post_in_their_subject_p1():
    inst = instance(
        [teacher("T1", subjects="英语", senior_applicant=True), teacher("T2")],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学")],
    )
    policy = NO_Q3.with_overrides({"Q1.enabled": False})
    out = diagnosed(inst, policy, lang="zh")
    assert "教师 T1: M1 必须交流, 可填补的岗位 0 个" in out.conflicts[0], out.conflicts
    assert "P1 学科不对口 1 人" in out.conflicts[0]
    assert "add 1 英语 post(s) at R1" in changes(out)


def test_receiving_cap_p3_against_q1():
    # The only receiving school has 4 staff: P3 lets it take floor(0.5 * 4) = 2 rotators,
    # Q1 needs 3. 3/4 = 0.75 is the smallest share that admits 3.
    inst = instance(
        [teacher(f"A{i:02}") for i in range(30)],
        [school("U1"), rural("R1", staff=4)],
        [vacancy("R1", "数学", 10)],
    )
    out = diagnosed(inst, NO_Q3)
    assert "P3 lets it receive at most 2 (50% of 4 staff)" in out.conflicts[0], out.conflicts
    assert "P3.max_share 0.5 -> 0.75" in changes(out)
    assert not feasible(inst, NO_Q3.with_overrides({"P3.max_share": 0.74}))


def test_age_limit_e3_leaves_only_teachers_who_cannot_reach_a_post():
    # Q1 counts eligible teachers only: the 2 eligible (young 英语) teachers give a need
    # of 1, and neither can fill a 数学 post; the ten 数学 teachers are 52 (E3).
    inst = instance(
        [teacher(f"E{i}", subjects="英语", age=35) for i in range(2)]
        + [teacher(f"M{i}", age=52) for i in range(10)],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 3)],
    )
    out = diagnosed(inst, NO_Q3)
    text = out.conflicts[0]
    assert "Q1 needs >= 1 rotators (10% of 2 eligible)" in text, text
    assert "they teach 英语 2; posts are in 数学" in text, text
    assert "E3.max_age_male 50 -> 52" in changes(out)


def test_more_must_rotate_teachers_than_the_q2_cap():
    # 20 eligible -> Q2 allows ceil(3.0) = 3, but 5 teachers must rotate (M1).
    inst = instance(
        [teacher(f"A{i:02}", senior_applicant=i < 5) for i in range(20)],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 10)],
    )
    out = diagnosed(inst, NO_Q3)
    core = find_core(inst, NO_Q3)
    assert core is not None and core.minimal
    assert "Q2 U1" in core.labels and sum(lb.startswith("M1 ") for lb in core.labels) == 4
    assert "but 学校U1: Q2 allows at most 3 (15% of 20 eligible)" in out.conflicts[0]
    # 5 of 20: ceil(0.21 * 20) = 5 is the first grid value that admits all five.
    assert "Q2.max_share 0.15 -> 0.21" in changes(out)


def test_locked_rows_against_the_post_count_p2():
    # Two teachers locked to R1, which has one 数学 post.
    inst = instance(
        [teacher("T1", locked_to="R1"), teacher("T2", locked_to="R1")]
        + [teacher(f"A{i:02}") for i in range(18)],
        [school("U1"), rural("R1"), rural("R2")],
        [vacancy("R1", "数学", 1), vacancy("R2", "数学", 3)],
    )
    out = diagnosed(inst, NO_Q3)
    text = out.conflicts[0]
    assert "locked to 学校R1" in text and "P2 has only 1 数学 post(s)" in text, text
    assert "P2 R1/数学 1 -> 2" in changes(out)
    assert any(c.startswith("unlock T") for c in changes(out))


def test_female_age_limit_and_title_e4_for_backbone():
    # The backbone teachers are a woman of 47 (E3: women <= 45) and a 二级 teacher (E4).
    from rotation_planner.domain import Title

    inst = instance(
        [teacher(f"A{i:02}") for i in range(10)]
        + [
            teacher("B1", age=47, gender=Gender.FEMALE, backbone=Backbone.SCHOOL),
            teacher("B2", title=Title.SECOND, backbone=Backbone.SCHOOL),
        ],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 5)],
    )
    out = diagnosed(inst, Policy())
    assert "not eligible by rule: E3 1, E4 1" in " | ".join(out.conflicts)
    found = changes(out)
    assert "E3.max_age_female 45 -> 47" in found or "E4.min_title 一级 -> 二级" in found, found


def test_spouses_who_both_must_rotate_r5():
    # A couple, both must rotate (M1), and R5 sends at most one of a couple.
    inst = instance(
        [
            teacher("T1", senior_applicant=True, spouse_id="T2"),
            teacher("T2", senior_applicant=True, spouse_id="T1"),
        ]
        + [teacher(f"A{i:02}") for i in range(18)],
        [school("U1"), rural("R1")],
        [vacancy("R1", "数学", 5)],
    )
    out = diagnosed(inst, NO_Q3)
    text = out.conflicts[0]
    assert "teacher T1: M1 must rotate" in text and "M1 must rotate" in text.split("; ")[1], text
    assert "R5 at most one of them and spouse T2 goes" in text, text
    assert {"M1 off for T1", "M1 off for T2"} & set(changes(out)), changes(out)
