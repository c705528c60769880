"""The summary a director signs: verdict, key figures, open posts and why, changed policy."""

from __future__ import annotations

from rotation_planner.check import CheckResult, check_plan
from rotation_planner.domain import Assignment, Backbone, Plan, Vacancy
from rotation_planner.policy import Policy
from rotation_planner.report.explain import PlanFacts
from rotation_planner.report.heading import PlanHeading
from rotation_planner.report.summary_sheet import (
    Band,
    LineKind,
    build_summary,
    changed_policy,
    key_figures,
    open_posts,
    verdict,
    verdict_text,
)
from rotation_planner.rules.base import Phrase, RuleCheck, at_least, school_scope
from tests.report.fixtures import county, sample_instance, sample_plan, sample_run, teacher

HEADING = PlanHeading("青岚县", 2026)


def lawful() -> tuple[PlanFacts, CheckResult]:
    """T01 (a county backbone teacher) fills R1's math post; R2's Chinese post stays
    open although T02 teaches Chinese: U1's quota band (1 of 2 eligible) is full."""
    inst = county([teacher("T01", backbone=Backbone.COUNTY), teacher("T02", subjects=("语文",))])
    plan = Plan.of([Assignment("T01", "R1", "数学")])
    return PlanFacts(inst, Policy(), plan), check_plan(inst, Policy(), plan)


def test_verdict_of_a_lawful_plan_names_the_rules_that_do_not_apply() -> None:
    _, check = lawful()
    v = verdict(check, Policy())
    assert v.broken == () and v.not_applicable == ("W1", "W2") and len(v.met) == 21
    assert verdict_text(v, Policy(), "zh") == (
        "本方案符合全部 21 项适用规则；2 项不适用："
        "W1 农村教师跟岗（已关闭）、W2 结对互派（已关闭）。"
    )
    assert verdict_text(v, Policy(), "en").startswith("The plan meets all 21 applicable rules; 2 ")


def test_verdict_names_each_broken_rule_once_whatever_its_rows() -> None:
    check = check_plan(sample_instance(), Policy(), sample_plan())
    v = verdict(check, Policy())
    assert v.broken == ("Q1", "Q2")  # U2 sends nobody, U1 sends two of four
    assert len(v.met) == 19
    assert verdict_text(v, Policy(), "zh").startswith(
        "本方案违反 2 项规则：Q1 派出校最低交流比例、Q2 派出校最高交流比例；符合其余 19 项"
    )


def test_a_rule_switched_off_does_not_apply_even_unreported() -> None:
    policy = Policy().with_overrides({"R5.enabled": False})
    check = CheckResult((at_least("Q1", school_scope("U1"), 1, 1, 4),))
    v = verdict(check, policy)
    assert v.met == ("Q1",) and "R5" in v.not_applicable
    assert "R5 夫妻不分开派出（已关闭）" in verdict_text(v, policy, "zh")


def test_a_failed_lock_is_broken_but_not_counted_among_the_rules() -> None:
    failed = RuleCheck("locked", school_scope("U1"), Phrase.ALL, "VIOLATED", 1, 0)
    v = verdict(CheckResult((failed,)), Policy())
    assert v.broken == ("locked",) and "locked" not in v.met
    assert "锁定安排保持不变" in verdict_text(v, Policy(), "zh")


def test_key_figures_of_the_sample_plan() -> None:
    # T01 (0 km) -> R1 (40 km) and T02 -> R2 (80 km), both county backbone teachers.
    f = key_figures(PlanFacts(sample_instance(), Policy(), sample_plan()))
    assert (f.posts, f.filled, f.rotators, f.senders, f.receivers) == (2, 2, 2, 1, 2)
    assert f.bands == (Band(40, 60, 1, 1), Band(80, None, 1, 1))
    assert (f.outward, f.backbone, f.backbone_need) == (2, 2, 1)  # Q3: 20% of 2, rounded up
    assert (f.mean_km, f.longest_km) == (60.0, 80.0)
    assert f.eligible == 5  # T05 fails E2
    assert f.with_wishes == 0


def test_wishes_granted_count_first_wishes_apart() -> None:
    inst = county(
        [
            teacher("T01", wishes=("R1",)),
            teacher("T02", subjects=("语文",), wishes=("R1", "R2")),
            teacher("T03", subjects=("数学",)),
        ],
        [Vacancy("R1", "数学", 1), Vacancy("R2", "语文", 1)],
    )
    plan = Plan.of([Assignment("T01", "R1", "数学"), Assignment("T02", "R2", "语文")])
    f = key_figures(PlanFacts(inst, Policy(), plan))
    assert (f.with_wishes, f.granted, f.first_wish) == (2, 2, 1)


def test_open_post_reasons() -> None:
    # R1 math: T01 is sent there. R2 Chinese: the only Chinese teacher is capped at 30 km
    # (P4, family burden; R2 lies 80 km out). R2 music: nobody teaches music.
    inst = county(
        [
            teacher("T01"),
            teacher("T02", subjects=("语文",), family_burden=True),
            teacher("T03", subjects=("数学",)),
        ],
        [Vacancy("R1", "数学", 2), Vacancy("R2", "语文", 1), Vacancy("R2", "音乐", 1)],
    )
    plan = Plan.of([Assignment("T01", "R1", "数学")])
    posts = {(p.school_id, p.subject): p for p in open_posts(PlanFacts(inst, Policy(), plan), "zh")}
    assert set(posts) == {("R1", "数学"), ("R2", "语文"), ("R2", "音乐")}
    assert posts[("R2", "音乐")].reason == "全县无符合交流条件的音乐教师（P1 学科对口）"
    assert posts[("R2", "语文")].reason == "符合交流条件的1名语文教师均不能派往该校（P4 距离）"
    # T03 could fill the second math post; U1's band (3 eligible: max 1) is full.
    assert posts[("R1", "数学")].open == 1
    assert (
        posts[("R1", "数学")].reason == "可填补该岗位的1名教师中：1人所在学校交流名额已满（Q2/Q4）"
    )


def test_an_open_post_at_a_school_at_its_p3_cap() -> None:
    inst = county(
        [teacher("T01"), teacher("T02")],
        [Vacancy("R2", "数学", 7)],  # R2 has 10 staff: P3 allows 5 arrivals
    )
    policy = Policy().with_overrides({"Q2.enabled": False, "Q4.enabled": False})
    plan = Plan.of([Assignment("T01", "R2", "数学"), Assignment("T02", "R2", "数学")])
    facts = PlanFacts(inst, policy.with_overrides({"P3.max_share": 0.2}), plan)
    (post,) = open_posts(facts, "en")
    assert post.open == 5
    assert post.reason == "the school has reached its P3 cap (2 of 2)"


def test_changed_policy_values_only() -> None:
    assert changed_policy(Policy(), "zh") == ()
    rows = changed_policy(Policy().with_overrides({"Q1.min_share": 0.2}), "zh")
    assert rows == (("Q1.min_share", "派出校最低交流比例", 0.2, 0.1),)


def test_summary_lines_in_order_with_the_hash_and_the_signatures() -> None:
    facts, check = lawful()
    summary = build_summary(facts, check, sample_run(), HEADING, "zh")
    assert summary.name == "方案摘要"
    kinds = [line.kind for line in summary.lines]
    assert kinds[:3] == [LineKind.TITLE, LineKind.SUBTITLE, LineKind.HEADING]
    assert kinds.count(LineKind.SIGN) == 3 and kinds[-1] is LineKind.SEAL
    texts = summary.texts()
    assert texts[0] == "青岚县2026年城乡教师交流轮岗方案"
    headings = [str(line.cells[0]) for line in summary.lines if line.kind is LineKind.HEADING]
    assert headings == [
        "结论",
        "主要指标",
        "未填补岗位",
        "与默认值不同的政策参数",
        "输入与运行",
        "审批",
    ]
    assert "ab" * 32 in texts
    assert "全部政策参数均取默认值。" in texts
    assert any(t.startswith("本方案符合全部 21 项适用规则") for t in texts)
    assert "学校R2（R2）" in texts  # the open Chinese post, by school


def test_summary_without_a_plan_says_so_and_shows_the_conflict() -> None:
    conflict = RuleCheck("Q1", school_scope("U1"), Phrase.CONFLICT, "VIOLATED",
                         text="学校U1: Q1 至少 3 人, 但 Q4 至多 2 人")  # fmt: skip
    relaxation = RuleCheck("Q1", school_scope("U1"), Phrase.RELAXATION, "N/A",
                           text="Q1.min_share 0.1 -> 0.06")  # fmt: skip
    facts = PlanFacts(sample_instance(), Policy(), None)
    summary = build_summary(facts, CheckResult((conflict, relaxation)),
                            sample_run(status="INFEASIBLE"), HEADING, "zh")  # fmt: skip
    texts = summary.texts()
    assert texts[3] == (
        "没有符合全部规则的方案。求解结果：无合法方案 (已证明)。相互冲突的规则如下，详见约束报告。"
    )
    assert "学校U1: Q1 至少 3 人, 但 Q4 至多 2 人" in texts
    assert texts[5:7] == ["可恢复方案的最小调整（均已重新求解验证）", "Q1.min_share 0.1 -> 0.06"]
    assert "主要指标" not in texts
