"""Every rule that can be in a conflict tells its member and its relaxations itself, as
figures that report/diagnosis_words.py words in both languages.

No solve is needed: the members are the model's guarded constraints (every label the
diagnosis could name), and the relaxations are proposals before they are proven.
"""

from __future__ import annotations

from rotation_planner.domain import Backbone, Instance, Title
from rotation_planner.model import diagnose, relax
from rotation_planner.model.build import build_model
from rotation_planner.policy import Policy
from rotation_planner.rules.base import Rule
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.registry import REGISTRY
from tests.builders import instance, rural, school, teacher, vacancy

# W1 and W2 on so that a learner from 学校R1 makes a two-way pair with 学校U1.
POLICY = Policy().with_overrides(
    {"W1.enabled": True, "W2.enabled": True, "Q3.denominator": "eligible"}
)


def every_rule() -> Instance:
    """A roster in which every counting rule guards a constraint: T1 must rotate (M1),
    has a spouse (R5) and a wish shared with T4 (R4); T3 is locked (locked); L1 could
    learn at 学校U1 (W2); 学校R1 has 2 staff (P3, Q4) and 2 数学 posts (P2)."""
    return instance(
        [
            teacher("T1", senior_applicant=True, spouse_id="T2", wishes=("R1",), volunteer=True),
            teacher("T2", spouse_id="T1", backbone=Backbone.SCHOOL),
            teacher("T3", locked_to="R1"),
            teacher("T4", wishes=("R1",)),
            teacher("L1", "R1", age=30, teaching_years=8),
        ],
        [school("U1", staff=20), rural("R1", staff=2, paired_with=("U1",))],
        [vacancy("R1", "数学", 2), vacancy("U1", "数学", 1)],
    )


def labels(inst: Instance, policy: Policy) -> list[str]:
    return sorted(set(build_model(inst, policy, diagnose=True).assumptions.values()))


def test_every_rule_that_guards_a_constraint_tells_its_member():
    inst = every_rule()
    facts = Facts(inst, POLICY)
    found = labels(inst, POLICY)
    telling = {r.id for r in REGISTRY if type(r).figures is not Rule.figures}
    assert {lb.split(" ")[0] for lb in found} == telling
    for label in found:
        member = diagnose.figures(label, facts)
        assert member is not None and member.rule_id == label.split(" ")[0], label


def test_each_member_in_both_languages():
    inst = every_rule()
    told = {lb: (diagnose.describe(lb, inst, POLICY, "zh"), diagnose.describe(lb, inst, POLICY))
            for lb in labels(inst, POLICY)}  # fmt: skip
    assert told == {
        "M1 T1": (
            "教师 T1: M1 必须交流, 可填补的岗位 1 个",
            "teacher T1: M1 must rotate, and can fill 1 post(s)",
        ),
        "P2 R1/数学": ("学校R1: P2 数学 岗位仅 2 个", "学校R1: P2 has only 2 数学 post(s)"),
        "P3 R1": (
            "学校R1: P3 至多接收 1 人 (在编 2 人的 50%)",
            "学校R1: P3 lets it receive at most 1 (50% of 2 staff)",
        ),
        "Q1 U1": (
            "学校U1: Q1 要求至少交流 1 人 (符合条件 4 人的 10%)",
            "学校U1: Q1 needs >= 1 rotators (10% of 4 eligible)",
        ),
        "Q2 U1": (
            "学校U1: Q2 至多交流 1 人 (符合条件 4 人的 15%)",
            "学校U1: Q2 allows at most 1 (15% of 4 eligible)",
        ),
        "Q3 county": (
            "全县: Q3 要求骨干教师至少交流 1 人 (符合条件骨干 1 人的 20%); "
            "骨干教师 1 人, 符合条件 1 人, 有岗位可去 1 人",
            "county: Q3 needs >= 1 backbone rotators (20% of 1 eligible backbone teachers); "
            "of 1 backbone teachers 1 are eligible and 1 can fill a post",
        ),
        "Q4 R1": (
            "学校R1: Q4 至多派出 0 人 (在编 2 人的 15%)",
            "学校R1: Q4 allows at most 0 (15% of 2 staff)",
        ),
        "Q4 U1": (
            "学校U1: Q4 至多派出 3 人 (在编 20 人的 15%)",
            "学校U1: Q4 allows at most 3 (15% of 20 staff)",
        ),
        "R4 T1": (
            "教师 T1: R4 志愿无合理嫉妒",
            "teacher T1: R4 no justified envy over their wishes",
        ),
        "R5 T1/T2": (
            "教师 T1: R5 与配偶 T2 至多一人交流",
            "teacher T1: R5 at most one of them and spouse T2 goes",
        ),
        "W2 U1/R1": (
            "学校U1: W2 向 学校R1 派出则须接收其跟岗教师",
            "学校U1: W2 sends to 学校R1 only if it receives a learner back",
        ),
        "locked T3": (
            "教师 T3: 锁定到 学校R1, 可填补的岗位 1 个",
            "teacher T3: locked to 学校R1, and can fill 1 post(s) there",
        ),
    }


def test_spouses_nearby_and_a_label_no_rule_tells():
    inst = every_rule()
    nearby = POLICY.with_overrides({"R5.mode": "nearby", "R5.max_km": 12.5})
    assert diagnose.fragment("R5 T1/T2", inst, nearby, "zh") == (
        "教师 T1",
        "R5 与配偶 T2 须派往 12.5 公里以内的学校",
    )
    assert diagnose.fragment("R5 T1/T2", inst, nearby) == (
        "teacher T1",
        "R5 goes within 12.5 km of spouse T2",
    )
    assert diagnose.fragment("X9 S1", inst, POLICY) == ("", "X9 S1")


def first_relaxations(inst: Instance, policy: Policy) -> dict[str, list[tuple[str, str]]]:
    """Each member's proposals (the first of each ladder) in both languages, unproven."""
    facts = Facts(inst, policy)
    out = {}
    for label in labels(inst, policy):
        found = [relax.Relaxation(ld.proposals[0]) for ld in relax.ladders(facts, [label])
                 if ld.proposals]  # fmt: skip
        out[label] = [(r.text("en"), r.text("zh")) for r in found]
    return out


def test_each_rule_proposes_its_own_moves_in_both_languages():
    found = first_relaxations(every_rule(), POLICY)
    assert found["Q1 U1"] == [
        (
            "Q1.min_share 0.1 -> 0 (学校U1 needs 0 of 4 eligible)",
            "Q1 最低交流比例 10%→0% (学校U1 需交流 4 人中的 0 人)",
        )
    ]
    assert found["Q2 U1"] == [
        (
            "Q2.max_share 0.15 -> 0.26 (学校U1 may send 2 of 4 eligible)",
            "Q2 最高交流比例 15%→26% (学校U1 可交流 4 人中的 2 人)",
        )
    ]
    assert found["Q3 county"] == [
        (
            "Q3.min_share 0.2 -> 0 (needs 0 of 1 eligible backbone)",
            "Q3 骨干教师占比不低于 20%→0% (需骨干 1 人中的 0 人)",
        )
    ]
    assert found["Q4 U1"] == [
        (
            "Q4.max_share 0.15 -> 0.2 (学校U1 may send 4 of 20 staff)",
            "Q4 派出在编教师不超过 15%→20% (学校U1 可派出在编 20 人中的 4 人)",
        )
    ]
    assert (
        found["P3 R1"][0][1] == "P3 接收交流教师不超过在编 50%→55% (学校R1 可接收 1 人 (在编 2 人))"
    )
    assert found["P2 R1/数学"] == [
        (
            "P2 R1/数学 2 -> 3 (Vacancies sheet: 学校R1, 数学, +1)",
            "P2 R1/数学 2 -> 3 (岗位需求表: 学校R1 数学 增加 1 个)",
        )
    ]
    assert found["M1 T1"] == [
        (
            "add 1 数学 post(s) at R1 (Vacancies sheet: 学校R1, 数学, +1; T1 and others could "
            "fill it)",
            "R1 增加 1 个数学岗位 (岗位需求表: 学校R1 数学 增加 1 个, T1 等可填补)",
        ),
        (
            "M1 off for T1 (T1 rotates in a later year)",
            "T1 本年度不适用 M1 (T1 推迟至以后年度交流)",
        ),
    ]
    assert found["locked T3"][-1] == (
        "unlock T3 (clear T3's locked_to)",
        "取消 T3 的锁定 (取消 T3 的锁定学校)",
    )
    # Rules without moves of their own propose nothing.
    assert found["R4 T1"] == found["R5 T1/T2"] == found["W2 U1/R1"] == []


def test_teachers_out_of_reach_get_distance_subject_and_eligibility_moves():
    # Q1 at 学校U1 needs 1 of its 2 eligible teachers: one has a family burden (30 km)
    # and the only post is 45 km out, the other teaches 英语 and the post is in 数学.
    # The others fail E2, E3 or E4.
    inst = instance(
        [
            teacher("F1", family_burden=True),
            teacher("E1", subjects=("英语", "数学")),
            teacher("O1", age=52),
            teacher("O2", title=Title.SECOND),
            teacher("O3", years_at_school=4.5),
        ],
        [school("U1"), rural("R1", distance_km=45)],
        [vacancy("R1", "数学", 1)],
    )
    policy = Policy().with_overrides({"Q3.enabled": False, "P1.second_subjects": False})
    facts = Facts(inst, policy)
    ladders = relax.ladders(facts, ["Q1 U1"])
    reach = [
        [relax.Relaxation(pr).text("zh") for pr in ld.proposals]
        for ld in ladders
        if ld.stage is relax.Stage.REACH
    ]
    assert reach == [
        ["P1 兼教学科可对口 否→是"],
        ["R1 增加 1 个英语岗位 (岗位需求表: 学校R1 英语 增加 1 个, E1 等可填补)"],
        ["P4 家庭困难者距离不超过 30公里→45公里 (45 公里内岗位可去)"],
        ["E2 本校任教至少 6年→4年", "E3 男不超过 50周岁→52周岁", "E4 职称不低于 一级→二级"],
    ]


def test_the_distance_cap_told_is_that_of_the_teachers_it_shuts_out():
    # F1 (family burden, 30 km) teaches 英语 and is told under P1; B1 is kept from the
    # 60 km post by the 50 km cap for everyone: P4 is told with B1's cap alone.
    inst = instance(
        [teacher("F1", subjects="英语", family_burden=True), teacher("B1")],
        [school("U1"), rural("R1", distance_km=60)],
        [vacancy("R1", "数学", 2)],
    )
    policy = Policy().with_overrides(
        {"Q3.enabled": False, "P4.max_km": 50, "P1.second_subjects": False}
    )
    assert diagnose.fragment("Q1 U1", inst, policy)[1] == (
        "Q1 needs >= 1 rotators (10% of 2 eligible), but only 0 of them can fill any post "
        "(no post: P1 subject 1 (they teach 英语 1; posts are in 数学), P4 distance over 50 km 1)"
    )
    assert diagnose.fragment("Q1 U1", inst, policy, "zh")[1].endswith(
        "(无岗位: P1 学科不对口 1 人 (任教 英语 1; 岗位学科 数学), P4 距离超过 50 公里 1 人)"
    )
