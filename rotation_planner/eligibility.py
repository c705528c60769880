"""Who may be selected, who must be, and where to: the rulebook's predicates.

These are the definitions of the eligibility rules (E1-E6), the post rules that depend
on one teacher and one school only (P1, P4), the must-rotate rule (M1) and the published
priority points (R1-R3). They read only the roster and the policy. The model uses them to
decide which variables exist; the checker uses them to re-check a finished plan.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from rotation_planner.domain import Gender, Instance, School, Teacher, Title, Vacancy
from rotation_planner.policy import Policy, is_learning_direction

ELIGIBILITY_RULES = ("E1", "E2", "E3", "E4", "E5")


def fails_e1(t: Teacher, p: Policy) -> bool:
    """E1: only in-service teachers (在编在岗). An empty status counts as in service."""
    return bool(t.status) and t.status not in p.E1.in_service


def fails_e2(t: Teacher, p: Policy) -> bool:
    """E2: at least ``E2.min_years`` consecutive years at the current school."""
    return t.years_at_school < p.E2.min_years


def fails_e3(t: Teacher, p: Policy) -> bool:
    """E3: men at most ``E3.max_age_male``, women at most ``E3.max_age_female``
    (以下 includes the number)."""
    limit = p.E3.max_age_male if t.gender is Gender.MALE else p.E3.max_age_female
    return t.age > limit


def fails_e4(t: Teacher, p: Policy) -> bool:
    """E4: title at least ``E4.min_title`` (一级, formerly 中级, by default)."""
    return t.title < p.E4.min_title


def fails_e5(t: Teacher, p: Policy, year: int | None = None) -> bool:
    """E5: exempt when an exemption reason is recorded (pregnancy, illness, special
    post...), when within ``E5.retirement_window_years`` of statutory retirement, or
    when the teacher rotated within the last ``E5.rotated_within_years`` years before
    ``year`` (the plan year)."""
    if t.exempt_reason:
        return True
    retire = p.E5.retirement_age_male if t.gender is Gender.MALE else p.E5.retirement_age_female
    if retire - t.age <= p.E5.retirement_window_years:
        return True
    return rotated_recently(t, p, year)


def rotated_recently(t: Teacher, p: Policy, year: int | None) -> bool:
    """Rotated in one of the ``E5.rotated_within_years`` years before ``year``."""
    k = p.E5.rotated_within_years
    return year is not None and k > 0 and any(0 <= year - y <= k for y in t.rotated_years)


def fails_w1(t: Teacher, p: Policy) -> bool:
    """W1: a learning post needs age at most ``W1.max_age`` and at least
    ``W1.min_teaching_years`` of teaching."""
    return t.age > p.W1.max_age or (t.teaching_years or 0) < p.W1.min_teaching_years


def is_sending_school(school: School, p: Policy) -> bool:
    """E6: the school's type sends rotators outward to some other type."""
    return not p.E6.enabled or school.type in p.E6.sending_types


def failed_rules(t: Teacher, inst: Instance, p: Policy) -> tuple[str, ...]:
    """The enabled eligibility rules (E1-E6) this teacher fails, in rulebook order."""
    year = plan_year(inst, p)
    checks = {
        "E1": fails_e1(t, p),
        "E2": fails_e2(t, p),
        "E3": fails_e3(t, p),
        "E4": fails_e4(t, p),
        "E5": fails_e5(t, p, year),
    }
    failed = [rid for rid, fails in checks.items() if p.enabled(rid) and fails]
    if not is_sending_school(inst.school_by_id[t.school_id], p):
        failed.append("E6")
    return tuple(failed)


def is_eligible(t: Teacher, inst: Instance, p: Policy) -> bool:
    """Eligible for rotation outward: passes every enabled rule E1-E6."""
    return not failed_rules(t, inst, p)


def is_learner(t: Teacher, inst: Instance, p: Policy) -> bool:
    """W1: may take a learning post: W1 is on, the school's type has a learning
    direction, and the teacher passes E1, E5 and W1's age and experience limits."""
    if not (p.W1.enabled and p.E6.enabled):
        return False
    kind = inst.school_by_id[t.school_id].type
    if not any(a == kind for a, _ in p.E6.learning):
        return False
    if (p.E1.enabled and fails_e1(t, p)) or (p.E5.enabled and fails_e5(t, p, plan_year(inst, p))):
        return False
    return not fails_w1(t, p)


def must_rotate(t: Teacher, p: Policy) -> bool:
    """M1: senior-title applicants with under ``M1.min_rural_years`` of rural service,
    and teachers promoted to 一级/高级 last year who have no rural service at all.
    Applies to eligible teachers only (the caller checks eligibility)."""
    if not p.M1.enabled:
        return False
    if t.senior_applicant and t.rural_years < p.M1.min_rural_years:
        return True
    return t.promoted_last_year and t.title in (Title.FIRST, Title.SENIOR) and t.rural_years == 0


def direction_allowed(sender: School, receiver: School, p: Policy) -> bool:
    """E6: the pair of school types is in the allowed-direction table; a learning
    direction (towards a more central type) counts only while W1 is on."""
    if not p.E6.enabled:
        return True
    pair = (sender.type, receiver.type)
    return pair in p.E6.outward or (p.W1.enabled and pair in p.E6.learning)


def is_learning_move(sender: School, receiver: School) -> bool:
    """A move to a more central school type: a learning post (W1)."""
    return is_learning_direction(sender.type, receiver.type)


def subject_ok(t: Teacher, subject: str, p: Policy) -> bool:
    """P1: the vacancy's subject is one the teacher teaches."""
    return not p.P1.enabled or t.teaches(subject, second_subjects=p.P1.second_subjects)


def distance_cap(t: Teacher, p: Policy) -> float | None:
    """P4: the tightest distance cap that applies to this teacher, or None."""
    if not p.P4.enabled:
        return None
    caps = [p.P4.max_km] + ([p.P4.family_max_km] if t.family_burden else [])
    caps = [c for c in caps if c is not None]
    return min(caps) if caps else None


def distance_ok(t: Teacher, to_school: str, inst: Instance, p: Policy) -> bool:
    """P4: the receiving school lies within the teacher's distance cap."""
    cap = distance_cap(t, p)
    return cap is None or inst.distance_km(t.school_id, to_school) <= cap + 1e-9


def pair_failures(t: Teacher, v: Vacancy, inst: Instance, p: Policy) -> tuple[str, ...]:
    """Rules (E6 direction, P1, P4) that forbid teacher ``t`` filling vacancy ``v``."""
    failed: list[str] = []
    sender, receiver = inst.school_by_id[t.school_id], inst.school_by_id[v.school_id]
    if v.school_id == t.school_id or not direction_allowed(sender, receiver, p):
        failed.append("E6")
    elif p.E6.enabled and is_learning_move(sender, receiver) and not is_learner(t, inst, p):
        failed.append("W1")
    if not subject_ok(t, v.subject, p):
        failed.append("P1")
    if not distance_ok(t, v.school_id, inst, p):
        failed.append("P4")
    return tuple(failed)


def paired(inst: Instance, a: str, b: str) -> bool:
    """Whether schools ``a`` and ``b`` are paired (结对), listed on either side."""
    sa, sb = inst.school_by_id[a], inst.school_by_id[b]
    return b in sa.paired_with or a in sb.paired_with


def _open_to(t: Teacher, v: Vacancy, inst: Instance, p: Policy) -> bool:
    if v.school_id == t.school_id or (t.locked_to and v.school_id != t.locked_to):
        return False
    if pair_failures(t, v, inst, p):
        return False
    sender, receiver = inst.school_by_id[t.school_id], inst.school_by_id[v.school_id]
    return is_learning_move(sender, receiver) or is_eligible(t, inst, p)


def has_paired_post(t: Teacher, inst: Instance, p: Policy) -> bool:
    """P5: some post at a school paired with the teacher's own is open to them."""
    return any(
        paired(inst, t.school_id, v.school_id) and _open_to(t, v, inst, p)
        for v in inst.vacancy_slots
    )


def could_fill(t: Teacher, v: Vacancy, inst: Instance, p: Policy) -> bool:
    """Every rule that concerns one teacher and one post allows ``t`` to fill ``v``:
    eligibility for that direction (E1-E6 or W1), subject (P1), distance (P4), a lock,
    and paired schools first when P5 is ``require``."""
    if not _open_to(t, v, inst, p):
        return False
    if p.P5.enabled and p.P5.mode == "require" and has_paired_post(t, inst, p):
        return paired(inst, t.school_id, v.school_id)
    return True


def wish_ranks(t: Teacher) -> dict[str, int]:
    """A teacher's wishes as {school id: rank}, 1 = first wish."""
    ranks: dict[str, int] = {}
    for r, school_id in enumerate(t.wishes, start=1):
        ranks.setdefault(school_id, r)
    return ranks


def quality_weight(t: Teacher) -> int:
    """What a teacher brings where quality is missing: backbone, and 一级 or above."""
    return int(t.is_backbone) + int(t.title >= Title.FIRST)


def quality_need(inst: Instance) -> dict[str, int]:
    """How much a school lacks backbone and 一级-or-above teachers, 0 (none lacking)
    to 5 (none of its listed teachers qualify)."""
    need: dict[str, int] = {}
    for school_id, staff in inst.teachers_by_school.items():
        if not staff:
            need[school_id] = 5
            continue
        qualified = sum(1 for t in staff if quality_weight(t) > 0)
        need[school_id] = round(5 * (1 - qualified / len(staff)))
    return need


@dataclass(frozen=True, slots=True)
class Points:
    """A teacher's published priority points (barème) and their breakdown."""

    never_rural: int = 0
    no_recent_rural: int = 0
    years_at_school: int = 0
    backbone: int = 0
    subject_leader: int = 0
    volunteer: int = 0

    @property
    def total(self) -> int:
        return (
            self.never_rural
            + self.no_recent_rural
            + self.years_at_school
            + self.backbone
            + self.subject_leader
            + self.volunteer
        )

    def parts(self) -> dict[str, int]:
        """Non-zero parts keyed by rule and criterion, e.g. ``{"R1 never rural": 10}``."""
        named = {
            "R1 never rural": self.never_rural,
            "R1 none recent": self.no_recent_rural,
            "R1 years at school": self.years_at_school,
            "R2 backbone": self.backbone,
            "R2 subject leader": self.subject_leader,
            "R3 volunteer": self.volunteer,
        }
        return {k: v for k, v in named.items() if v}


def priority_points(t: Teacher, p: Policy, plan_year: int) -> Points:
    """R1-R3 points: rural service (none ever, else none in the last ``R1.recent_years``),
    years at the school (capped), backbone level and subject leadership, volunteering."""
    never = no_recent = years = 0
    if p.R1.enabled:
        if t.rural_years <= 0:
            never = p.R1.never_rural_points
        elif t.last_rural_year is not None and plan_year - t.last_rural_year > p.R1.recent_years:
            no_recent = p.R1.no_recent_points
        years = min(p.R1.max_year_points, int(t.years_at_school) * p.R1.points_per_year_at_school)
    backbone = leader = 0
    if p.R2.enabled:
        backbone = int(t.backbone) * p.R2.points_per_level
        leader = p.R2.subject_leader_points if t.subject_leader else 0
    volunteer = p.R3.volunteer_points if p.R3.enabled and t.volunteer else 0
    return Points(never, no_recent, years, backbone, leader, volunteer)


def _ceil_share(share: float, n: int) -> int:
    # Rounded with a tolerance so that 0.1 * 30 is 3, not 4 from float noise.
    return math.ceil(round(share * n, 9))


def _floor_share(share: float, n: int) -> int:
    return math.floor(round(share * n, 9))


def q1_min_rotators(eligible: int, p: Policy) -> int:
    """Q1: at least ``Q1.min_share`` of the school's eligible teachers, rounded up."""
    return _ceil_share(p.Q1.min_share, eligible) if p.Q1.enabled else 0


def q2_max_rotators(eligible: int, p: Policy) -> int | None:
    """Q2: at most ``Q2.max_share`` of the school's eligible teachers, rounded up."""
    return _ceil_share(p.Q2.max_share, eligible) if p.Q2.enabled else None


def q4_max_rotators(staff: int, p: Policy) -> int | None:
    """Q4: at most ``Q4.max_share`` of the school's whole staff, rounded down."""
    return _floor_share(p.Q4.max_share, staff) if p.Q4.enabled else None


def p3_max_arrivals(staff: int, p: Policy) -> int | None:
    """P3: rotators received <= ``P3.max_share`` of the receiving school's staff, rounded down."""
    return _floor_share(p.P3.max_share, staff) if p.P3.enabled else None


def q3_min_backbone(rotators: int, eligible_backbone: int, p: Policy) -> int:
    """Q3: backbone rotators needed, county-wide: ``Q3.min_share`` of all rotators
    (or of the eligible backbone teachers), rounded up."""
    if not p.Q3.enabled:
        return 0
    base = rotators if p.Q3.denominator == "rotators" else eligible_backbone
    return _ceil_share(p.Q3.min_share, base)


def plan_year(instance: Instance, policy: Policy) -> int:
    """The plan year, from which R1's "none in the last N years" and E5's recent
    rotations are counted: the roster's plan year, else the policy's, else the
    reference date's, else the current year."""
    for year in (instance.plan_year, policy.plan_year):
        if year is not None:
            return year
    if policy.reference_date is not None:
        return policy.reference_date.year
    return dt.date.today().year
