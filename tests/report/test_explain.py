"""Each kind of reason, on a tiny county where it is the only thing going on."""

from __future__ import annotations

from rotation_planner.domain import Assignment, Backbone, Plan, SchoolType, Vacancy
from rotation_planner.policy import Policy
from rotation_planner.report.explain import (
    PlanFacts,
    Reason,
    ReasonKind,
    explain_not_selected,
    explain_selected,
    points_parts_text,
    reason_rules,
    render_all,
)
from rotation_planner.rules.objective import lottery_draw
from tests.report.fixtures import county, sample_instance, sample_plan, school, teacher

K = ReasonKind


def kinds(reasons: tuple[Reason, ...]) -> list[ReasonKind]:
    return [r.kind for r in reasons]


def not_selected(inst, plan, teacher_id, policy=None):  # type: ignore[no-untyped-def]
    facts = PlanFacts(inst, policy or Policy(), plan)
    return explain_not_selected(facts, inst.teacher_by_id[teacher_id])


def selected(inst, plan, teacher_id, policy=None):  # type: ignore[no-untyped-def]
    facts = PlanFacts(inst, policy or Policy(), plan)
    return explain_selected(facts, plan.by_teacher[teacher_id])


# --- why selected -----------------------------------------------------------------------


def test_selected_reason_reads_like_the_published_example() -> None:
    # T01: senior applicant with no rural service (M1); never rural 10, 8 years at
    # school 8, county backbone 2 levels x 2 = 4, volunteer 3: 25 points.
    reasons = selected(sample_instance(), sample_plan(), "T01")
    assert kinds(reasons) == [K.MUST_ROTATE, K.POINTS, K.FILLS, K.BACKBONE_Q3]
    assert render_all(reasons, "en") == (
        "M1 must rotate; points 25 = R1 never rural 10 + R1 years at school 8"
        " + R2 backbone 4 + R3 volunteer 3; fills 数学 at R1 (P1); backbone: counts toward Q3"
    )
    assert render_all(reasons, "zh").startswith("M1 必须交流；积分 25 = R1 从无农村经历 10")


def test_paired_school_is_named() -> None:
    # U1 is paired with R2 in the fixture.
    reasons = selected(sample_instance(), sample_plan(), "T02")
    assert K.PAIRED in kinds(reasons)
    assert "paired school (P5)" in render_all(reasons, "en")


def test_paired_school_is_not_named_when_p5_is_ignored() -> None:
    policy = Policy().with_overrides({"P5.mode": "ignore"})
    assert K.PAIRED not in kinds(selected(sample_instance(), sample_plan(), "T02", policy))


def test_granted_wish_gives_its_rank() -> None:
    inst = county([teacher("T01", wishes=("R2", "R1"))])
    plan = Plan.of([Assignment("T01", "R1", "数学")])
    reasons = selected(inst, plan, "T01")
    assert K.WISH in kinds(reasons)
    assert "wish 2 (R4)" in render_all(reasons, "en")
    assert "第2志愿（R4）" in render_all(reasons, "zh")


def test_locked_assignment_says_so() -> None:
    inst = county([teacher("T01", locked_to="R1")])
    plan = Plan.of([Assignment("T01", "R1", "数学")])
    assert K.LOCKED in kinds(selected(inst, plan, "T01"))


def test_zero_points_are_shown_as_zero() -> None:
    # 0 years at school is impossible for an eligible teacher, so switch R1 off.
    inst = county([teacher("T01")])
    plan = Plan.of([Assignment("T01", "R1", "数学")])
    policy = Policy().with_overrides({"R1.enabled": False})
    reasons = selected(inst, plan, "T01", policy)
    assert render_all(reasons, "en").startswith("points 0; fills")


def test_ineligible_teacher_in_a_hand_made_plan_is_flagged() -> None:
    inst = sample_instance()
    plan = Plan.of([Assignment("T05", "R1", "数学")])  # T05: 2 years at school (E2)
    reasons = selected(inst, plan, "T05")
    assert kinds(reasons)[0] is K.INELIGIBLE
    assert reason_rules(reasons)[0] == "E2"
    assert "not eligible: fails E2" in render_all(reasons, "en")


def test_unknown_teacher_in_a_hand_made_plan() -> None:
    inst = sample_instance()
    facts = PlanFacts(inst, Policy(), Plan.of([Assignment("X9", "R1", "数学")]))
    reasons = explain_selected(facts, Assignment("X9", "R1", "数学"))
    assert kinds(reasons) == [K.UNKNOWN_TEACHER]


def test_points_parts_skip_zero_parts() -> None:
    facts = PlanFacts(sample_instance(), Policy(), sample_plan())
    assert points_parts_text(facts.points["T04"], "en") == (
        "R1 never rural 10 + R1 years at school 8"
    )


# --- why not selected -------------------------------------------------------------------


def test_no_vacancy_in_their_subject_is_p1() -> None:
    reasons = not_selected(sample_instance(), sample_plan(), "T04")  # music
    assert kinds(reasons) == [K.NO_SUBJECT_VACANCY]
    assert reason_rules(reasons) == ("P1",)
    assert render_all(reasons, "en") == ("no vacancy they could fill: no 音乐 vacancy (P1 subject)")


def test_second_subjects_count_unless_p1_says_main_only() -> None:
    inst = county([teacher("T01", subjects=("音乐", "数学"))])
    assert kinds(not_selected(inst, Plan(), "T01")) == [K.NOT_NEEDED]
    policy = Policy().with_overrides({"P1.second_subjects": False})
    assert kinds(not_selected(inst, Plan(), "T01", policy)) == [K.NO_SUBJECT_VACANCY]


def test_vacancies_beyond_the_family_distance_cap_are_p4() -> None:
    # T06 at U2 (3 km) has a family burden: cap 30 km; R1 lies 43 km away.
    reasons = not_selected(sample_instance(), sample_plan(), "T06")
    assert kinds(reasons) == [K.BLOCKED_VACANCIES]
    assert reason_rules(reasons) == ("P4",)
    assert "excluded by P4 distance" in render_all(reasons, "en")


def test_vacancies_only_at_urban_schools_are_e6() -> None:
    inst = county([teacher("T01")], [Vacancy("U2", "数学", 2)])
    reasons = not_selected(inst, Plan(), "T01")
    assert kinds(reasons) == [K.BLOCKED_VACANCIES]
    assert reason_rules(reasons) == ("E6",)
    assert render_all(reasons, "en") == (
        "no vacancy they could fill: all 2 in 数学 are excluded by E6 direction"
    )


def test_spouse_already_sent_is_r5() -> None:
    inst = county([teacher("T01", spouse_id="T02"), teacher("T02", spouse_id="T01")])
    plan = Plan.of([Assignment("T02", "R1", "数学")])
    reasons = not_selected(inst, plan, "T01")
    assert K.SPOUSE in kinds(reasons)
    assert "spouse T02 selected (R5)" in render_all(reasons, "en")


def test_quota_band_full_names_q2_and_the_count() -> None:
    # T03 at U1: 4 eligible, Q2 cap ceil(0.15 * 4) = 1, Q4 cap floor(0.15 * 20) = 3;
    # two sent. Its only math vacancy is taken and its points (6) are below 25.
    reasons = not_selected(sample_instance(), sample_plan(), "T03")
    assert kinds(reasons) == [K.QUOTA_FULL, K.FILLED_BY_OTHERS, K.LOWER_POINTS]
    assert reason_rules(reasons)[0] == "Q2"
    text = render_all(reasons, "en")
    assert "school's quota band full (Q2 reached: 2 of max 1)" in text
    assert "every vacancy they could fill (1 in 数学) was filled by others" in text
    assert "lower points (6) than the last colleague sent to a post they could fill (25)" in text


def test_quota_band_full_names_q4_when_it_binds() -> None:
    policy = Policy().with_overrides({"Q2.enabled": False})
    inst = sample_instance()
    reasons = not_selected(inst, sample_plan(), "T03", policy)
    # Q4 cap floor(0.15 * 20) = 3 and only 2 are sent: not full.
    assert K.QUOTA_FULL not in kinds(reasons)
    policy = policy.with_overrides({"Q4.max_share": 0.1})  # floor(2.0) = 2, reached
    reasons = not_selected(inst, sample_plan(), "T03", policy)
    assert reasons[0].kind is K.QUOTA_FULL
    assert reasons[0].rules == ("Q4",)


def test_receiving_school_at_p3_cap() -> None:
    # R3 has staff 2: P3 lets it receive floor(0.5 * 2) = 1 rotator, though it asks for 2.
    tiny = school("R3", SchoolType.RURAL, 20, 2)
    inst = county(
        [teacher("T01", "U1"), teacher("T02", "U2")],
        [Vacancy("R3", "数学", 2)],
        extra_schools=(tiny,),
    )
    plan = Plan.of([Assignment("T01", "R3", "数学")])
    reasons = not_selected(inst, plan, "T02")
    assert kinds(reasons) == [K.RECEIVERS_FULL]
    assert "reached the P3 cap (R3)" in render_all(reasons, "en")


def test_a_lawful_better_swap_says_the_plan_is_not_the_best() -> None:
    # Both teach math; the school's band is 1 (Q2); the colleague with fewer points
    # holds a post this teacher could fill, and nothing but the points tells them
    # apart: sending T01 instead is lawful and better, so this hand-made plan is not
    # the best the rules allow (the solver's never gets this reason).
    inst = county([teacher("T01", volunteer=True), teacher("T02")])
    plan = Plan.of([Assignment("T02", "R1", "数学")])
    reasons = not_selected(inst, plan, "T01")
    assert kinds(reasons) == [K.QUOTA_FULL, K.FILLED_BY_OTHERS, K.NOT_BEST]
    assert "T02（积分18）所占R1数学岗位本人也可填补，改派本人合法且更优" in render_all(
        reasons, "zh"
    )


def test_a_higher_tier_is_named_when_it_chose_the_colleague() -> None:
    # T02 (school backbone, 18 + 2 points) brings more where quality is missing than
    # T01 (volunteer, 18 + 3 points): the quality tier, above the points, chose T02.
    # (With Q3 on, the swap would break Q3's backbone share: that hard rule is named.)
    inst = county([teacher("T01", volunteer=True), teacher("T02", backbone=Backbone.SCHOOL)])
    plan = Plan.of([Assignment("T02", "R1", "数学")])
    reasons = not_selected(inst, plan, "T01")
    assert kinds(reasons)[-1] is K.PASSED_OVER_RULE and reasons[-1].rules == ("Q3",)
    reasons = not_selected(inst, plan, "T01", Policy().with_overrides({"Q3.enabled": False}))
    assert kinds(reasons)[-1] is K.PASSED_OVER_TIER
    assert render_all(reasons, "zh").endswith(
        "T02（积分20）所占R1数学岗位本人也可填补，但更高层级目标“薄弱校质量”优先选择T02"
    )


def test_a_hard_rule_is_named_when_the_swap_breaks_it() -> None:
    # T02 must rotate (M1): sending T01 in T02's place would break M1.
    inst = county([teacher("T01", volunteer=True), teacher("T02", senior_applicant=True)])
    plan = Plan.of([Assignment("T02", "R1", "数学")])
    reasons = not_selected(inst, plan, "T01")
    assert kinds(reasons)[-1] is K.PASSED_OVER_RULE and reasons[-1].rules == ("M1",)
    assert render_all(reasons, "zh").endswith("但改派本人将违反M1 必须交流")


def test_a_tie_names_the_lottery_with_both_draws() -> None:
    """Equal points, equal in every tier but the lottery: the lower draw goes, and both
    draws are quoted, so the teacher can recompute them (SHA-256 of seed|id|school|
    subject)."""
    inst = county([teacher("T01"), teacher("T02")])
    draws = {tid: lottery_draw(0, tid, "R1", "数学") for tid in ("T01", "T02")}
    winner, loser = sorted(draws, key=draws.__getitem__)
    plan = Plan.of([Assignment(winner, "R1", "数学")])
    reasons = not_selected(inst, plan, loser)
    assert kinds(reasons)[-1] is K.LOTTERY
    assert render_all(reasons, "zh").endswith(
        f"与{winner}积分相同（18），R1数学岗位由抽签决定：本人抽签号{draws[loser]}，"
        f"{winner}抽签号{draws[winner]}（号小者入选）"
    )
    # The other way round the draw does not explain it: the plan is not the best.
    reasons = not_selected(inst, Plan.of([Assignment(loser, "R1", "数学")]), winner)
    assert kinds(reasons)[-1] is K.NOT_BEST


def test_colleague_with_fewer_points_fills_a_post_they_cannot() -> None:
    inst = county(
        [teacher("T01", volunteer=True, backbone=Backbone.CITY), teacher("T02", subjects=("语文",))]
    )
    plan = Plan.of([Assignment("T02", "R2", "语文")])
    reasons = not_selected(inst, plan, "T01")
    assert kinds(reasons) == [K.QUOTA_FULL, K.POSTS_THEY_CANNOT_FILL]
    assert "(语文 at R2; P1 subject)" in render_all(reasons, "en")
    assert "（R2语文；P1 学科）" in render_all(reasons, "zh")


def test_nothing_stops_them_so_they_were_not_needed() -> None:
    inst = county([teacher("T01", "U2")])
    reasons = not_selected(inst, Plan(), "T01")
    assert kinds(reasons) == [K.NOT_NEEDED]
    assert render_all(reasons, "zh") == "未需要：方案的目标层级优先选择了他人"


def test_must_rotate_teacher_left_at_home_is_flagged_first() -> None:
    inst = county([teacher("T01", senior_applicant=True)])
    reasons = not_selected(inst, Plan(), "T01")
    assert kinds(reasons) == [K.M1_MISSED, K.NOT_NEEDED]
    assert reason_rules(reasons)[0] == "M1"


def test_facts_without_a_plan_hold_the_roster_figures() -> None:
    facts = PlanFacts(sample_instance(), Policy(), None)
    assert facts.eligible_at["U1"] == 4  # T05 fails E2
    assert facts.quota_min("U1") == 1
    assert facts.quota_max("U1") == 1
    assert facts.cutoff_selected("U1") is None
    assert facts.cutoff_not_selected("U1") == 25
    assert facts.ineligible_counts()["E2"] == 1
