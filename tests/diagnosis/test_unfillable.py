"""Posts no eligible teacher could fill, told by subject with the rule that shuts the
teachers out ("no eligible 英语 teacher for the 5 英语 vacancies at 3 schools")."""

from __future__ import annotations

from rotation_planner import api
from rotation_planner.model.diagnose import unfillable_posts
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import FAST, NO_Q3


def test_subject_nobody_teaches_and_subject_out_of_reach():
    inst = instance(
        [teacher("A1"), teacher("A2", subjects="英语", family_burden=True)],
        [school("U1"), rural("R1", distance_km=20), rural("R2", distance_km=50),
         rural("R3", distance_km=68)],
        [vacancy("R1", "数学"), vacancy("R2", "英语", 2), vacancy("R3", "英语", 3),
         vacancy("R1", "音乐")],
    )  # fmt: skip
    assert unfillable_posts(inst, NO_Q3) == [
        "no eligible 英语 teacher for the 5 英语 vacancies at 2 school(s) (up to 68 km out): "
        "the 1 eligible 英语 teacher(s) are ruled out (P4 1)",
        "no eligible 音乐 teacher for the 1 音乐 vacancies at 1 school(s) (up to 20 km out)",
    ]
    out = api.plan(inst, NO_Q3, FAST)
    assert out.plan is not None and len(out.empty_posts) == 2


def test_every_post_fillable_says_nothing():
    inst = instance([teacher("A1")], [school("U1"), rural("R1")], [vacancy("R1")])
    assert unfillable_posts(inst, NO_Q3, "zh") == []


def test_a_teacher_kept_off_the_post_by_pairing_p5_is_counted_not_a_crash():
    # P5 require: A1 could fill the 数学 post at the paired school 学校R1, so the 英语
    # post at 学校R2 is closed to A1 by P5 alone; nobody else teaches 英语. The plan
    # exists (A1 to 学校R1); the empty 英语 post is told with P5 as the cause.
    inst = instance(
        [teacher("A1", subjects=("英语", "数学"))],
        [school("U1", paired_with=("R1",)), rural("R1"), rural("R2")],
        [vacancy("R1", "数学"), vacancy("R2", "英语")],
    )
    policy = NO_Q3.with_overrides({"P5.mode": "require"})
    assert unfillable_posts(inst, policy) == [
        "no eligible 英语 teacher for the 1 英语 vacancies at 1 school(s) (up to 40 km out): "
        "the 1 eligible 英语 teacher(s) are ruled out (P5 1)"
    ]
    assert unfillable_posts(inst, policy, "zh") == [
        "英语 岗位 1 个 (1 所学校, 最远 40 公里) 无符合条件的教师可填补: "
        "符合条件的 1 名英语教师均被排除 (P5 1)"
    ]
    out = api.plan(inst, policy, FAST)
    assert out.plan is not None and len(out.empty_posts) == 1
