"""R4: wishes respected; no justified envy (nobody with more points refused a school
they ranked higher while someone with fewer points holds a seat there)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from rotation_planner.check import check_plan
from rotation_planner.model.solve import solve
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.r4_wishes import blocking_pairs as _pairs
from tests.builders import instance, rural, school, teacher, vacancy
from tests.rules.harness import (
    FAST,
    NO_QUOTAS,
    assert_accepted,
    assert_enforced,
    assert_rejected,
    plan_of,
    rows,
    solved,
)  # fmt: skip


def blocking_pairs(inst, policy, plan):
    return _pairs(Facts(inst, policy), plan)


def _county():
    # Two posts, near (R1, 20 km) and far (R2, 60 km). Remoteness has no say: both are
    # filled. T1 (volunteer, more points) wishes R1; T2 wishes R1 too. The commute tier
    # alone would not care; the lottery could put T2 at R1. R4 must give R1 to T1.
    return instance(
        [
            teacher("T1", volunteer=True, wishes=("R1", "R2")),
            teacher("T2", wishes=("R1", "R2")),
        ],
        [school("U1"), rural("R1", 20), rural("R2", 20)],
        [vacancy("R1"), vacancy("R2")],
    )


def test_r4_higher_points_get_their_first_wish():
    plan = solved(_county(), NO_QUOTAS)
    assert plan.by_teacher["T1"].to_school_id == "R1"
    assert not blocking_pairs(_county(), NO_QUOTAS, plan)


def test_r4_swapped_plan_has_a_blocking_pair_and_is_rejected():
    swapped = plan_of(("T1", "R2", "数学"), ("T2", "R1", "数学"))
    assert blocking_pairs(_county(), NO_QUOTAS, swapped) == [("T1", "T2", "R1")]
    assert_rejected(_county(), NO_QUOTAS, swapped, "R4")


def test_r4_boundary_equal_points_is_no_envy():
    inst = instance(
        [teacher("T1", wishes=("R1",)), teacher("T2", wishes=("R1",))],
        [school("U1"), rural("R1", 20), rural("R2", 20)],
        [vacancy("R1"), vacancy("R2")],
    )
    assert_accepted(inst, NO_QUOTAS, plan_of(("T1", "R2", "数学"), ("T2", "R1", "数学")), "R4")


def test_r4_enforced_by_the_model():
    # R1 lacks qualified staff, so the quality tier (above wishes) wants the backbone
    # T2 there; but T1, with more points (never rural, volunteer), wished for R1.
    from rotation_planner.domain import Backbone, Title

    inst = instance(
        [
            teacher("T1", volunteer=True, wishes=("R1",)),
            teacher("T2", backbone=Backbone.COUNTY, rural_years=3),
            teacher("L1", "R1", title=Title.SECOND),
            teacher("L2", "R2", backbone=Backbone.CITY),
        ],
        [school("U1"), rural("R1", 40), rural("R2", 40)],
        [vacancy("R1"), vacancy("R2")],
    )
    plan = assert_enforced(inst, NO_QUOTAS, "R4")
    assert plan.by_teacher["T1"].to_school_id == "R1"


def test_r4_wish_statistics_in_the_report():
    plan = solved(_county(), NO_QUOTAS)
    stats = [r for r in rows(_county(), NO_QUOTAS, plan, "R4") if str(r.scope) == "wishes"]
    assert stats and dict(stats[0].detail) == {"1": 1, "2": 1}


@st.composite
def wish_counties(draw):
    n = draw(st.integers(2, 12))
    schools = [school("U1"), school("U2")] + [rural(f"R{i}", draw(st.integers(5, 120)))
                                              for i in range(4)]  # fmt: skip
    teachers = [
        teacher(
            f"T{i:02}", draw(st.sampled_from(["U1", "U2"])),
            subjects=draw(st.sampled_from([("数学",), ("语文",), ("数学", "语文")])),
            volunteer=draw(st.booleans()), years_at_school=draw(st.integers(6, 16)),
            wishes=tuple(draw(st.lists(st.sampled_from([f"R{j}" for j in range(4)]),
                                       max_size=3, unique=True))),
        )
        for i in range(n)
    ]  # fmt: skip
    vacancies = [vacancy(f"R{j}", draw(st.sampled_from(["数学", "语文"])), draw(st.integers(0, 2)))
                 for j in range(4)]  # fmt: skip
    return instance(teachers, schools, vacancies)


@settings(max_examples=30, deadline=None)
@given(wish_counties())
def test_r4_property_no_blocking_pair_in_any_solved_plan(inst):
    result = solve(inst, NO_QUOTAS, FAST)
    assert result.plan is not None
    assert blocking_pairs(inst, NO_QUOTAS, result.plan) == []
    assert check_plan(inst, NO_QUOTAS, result.plan).ok
