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
