"""The rulebook in order: one entry per rule ID. Model building, checking, diagnosis,
relaxation and the report all walk this one list."""

from __future__ import annotations

from rotation_planner.rules.base import Rule
from rotation_planner.rules.e1_in_service import E1
from rotation_planner.rules.e2_years_at_school import E2
from rotation_planner.rules.e3_age import E3
from rotation_planner.rules.e4_title import E4
from rotation_planner.rules.e5_exemptions import E5
from rotation_planner.rules.e6_direction import E6
from rotation_planner.rules.locked import Locked
from rotation_planner.rules.m1_must_rotate import M1
from rotation_planner.rules.p1_subject import P1
from rotation_planner.rules.p2_vacancy_count import P2
from rotation_planner.rules.p3_receiving_share import P3
from rotation_planner.rules.p4_distance import P4
from rotation_planner.rules.p5_pairing import P5
from rotation_planner.rules.q1_min_share import Q1
from rotation_planner.rules.q2_max_share import Q2
from rotation_planner.rules.q3_backbone_share import Q3
from rotation_planner.rules.q4_keep_staff import Q4
from rotation_planner.rules.r1_rural_service import R1
from rotation_planner.rules.r2_backbone import R2
from rotation_planner.rules.r3_volunteer import R3
from rotation_planner.rules.r4_wishes import R4
from rotation_planner.rules.r5_spouses import R5
from rotation_planner.rules.w1_learning_posts import W1
from rotation_planner.rules.w2_two_way import W2

# In the rulebook's order; the roster's locks come last.
REGISTRY: tuple[Rule, ...] = (
    E1(), E2(), E3(), E4(), E5(), E6(),
    Q1(), Q2(), Q3(), Q4(),
    P1(), P2(), P3(), P4(), P5(),
    M1(), R1(), R2(), R3(), R4(), R5(), W1(), W2(),
    Locked(),
)  # fmt: skip

RULE_ORDER: dict[str, int] = {r.id: i for i, r in enumerate(REGISTRY)}
BY_ID: dict[str, Rule] = {r.id: r for r in REGISTRY}
