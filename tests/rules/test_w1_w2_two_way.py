"""W1: rural teachers take learning posts (跟岗) at urban schools; W2: paired schools
exchange both ways."""

from rotation_planner.domain import SchoolType
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
    solved,
)

W1_ON = NO_QUOTAS.with_overrides({"W1.enabled": True})
W2_ON = W1_ON.with_overrides({"W2.enabled": True})


def _county(age: int = 40, teaching_years: float = 10):
    # A young rural teacher (二级 title: not E4-eligible, which W1 does not ask for)
    # and a learning post (vacancy) at the urban school.
    from rotation_planner.domain import Title

    return instance(
        [teacher("L1", "R1", age=age, teaching_years=teaching_years, title=Title.SECOND,
                 years_at_school=2)],
        [school("U1"), rural("R1")],
        [vacancy("U1")],
    )  # fmt: skip


def test_w1_off_by_default_no_learning_posts():
    assert solved(_county(), NO_QUOTAS).assignments == ()
    assert_rejected(_county(), W1_ON.with_overrides({"W1.enabled": False}),
                    plan_of(("L1", "U1", "数学")), "W1")  # fmt: skip


def test_w1_on_young_rural_teacher_takes_the_post():
    assert set(solved(_county(), W1_ON).by_teacher) == {"L1"}


def test_w1_over_age_rejected_and_enforced():
    assert_rejected(_county(age=46), W1_ON, plan_of(("L1", "U1", "数学")), "W1")
    assert solved(_county(age=46), W1_ON).assignments == ()
    # Removing W1's limits from the model lets the 46-year-old go; the checker objects.
    from tests.rules.harness import violated

    unguarded = solved(_county(age=46), W1_ON, skip=("W1",))
    assert violated(_county(age=46), W1_ON, unguarded, "W1")


def test_w1_boundary_age_45_and_five_years_of_teaching():
    assert_accepted(_county(age=45, teaching_years=5), W1_ON, plan_of(("L1", "U1", "数学")), "W1")
    assert_rejected(_county(teaching_years=4.5), W1_ON, plan_of(("L1", "U1", "数学")), "W1")


def _pairs(learning_post: bool = True):
    return instance(
        [teacher("T1"), teacher("L1", "R1", teaching_years=10)],
        [school("U1", paired_with=("R1",)), rural("R1", 90), school("X1", SchoolType.TOWNSHIP, 20)],
        [vacancy("R1"), vacancy("X1")] + ([vacancy("U1")] if learning_post else []),
    )


def test_w2_exchange_both_ways():
    plan = solved(_pairs(), W2_ON)
    assert set(plan.by_teacher) == {"T1", "L1"}


def test_w2_no_way_back_no_way_there():
    # R1 cannot send a learner back (no post at U1): T1 must go to X1, not paired R1,
    # although remoteness prefers R1. Without W2 in the model, T1 goes to R1.
    plan = assert_enforced(_pairs(learning_post=False), W2_ON, "W2")
    assert plan.by_teacher["T1"].to_school_id == "X1"


def test_w2_one_way_rejected_and_boundary_both_ways_accepted():
    assert_rejected(_pairs(), W2_ON, plan_of(("T1", "R1", "数学")), "W2")
    assert_accepted(_pairs(), W2_ON, plan_of(("T1", "R1", "数学"), ("L1", "U1", "数学")), "W2")
