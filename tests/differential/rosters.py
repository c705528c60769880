"""Tiny random rosters and policies that switch on every rule and every mode.

Each case comes from ``random.Random(seed)``, so a failing seed reproduces exactly
(``random_case(seed)``). Rosters are tiny (2-5 schools, 3-6 teachers, 1-3 vacancy slots
of 1-2 posts) so that every possible plan can be enumerated and re-checked (oracle.py).
The policy is drawn first and the roster is drawn to suit it (teachers mostly at the
school types that send under the direction table, posts mostly where they may go), so
that most rosters have someone who could be sent.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

from rotation_planner.domain import Backbone, Gender, Instance, School, SchoolType, Teacher, Title
from rotation_planner.policy import Policy
from tests.builders import instance, school, teacher, vacancy

PLAN_YEAR = 2026
SUBJECTS = ("语文", "数学", "英语")
TYPES = tuple(SchoolType)
# Distance to the county seat by school type: central types are near, remote ones far.
# Halves make the commute tier's rounding matter.
DISTANCES: dict[SchoolType, tuple[float, ...]] = {
    SchoolType.URBAN: (0, 3, 8),
    SchoolType.TOWNSHIP: (12, 25, 35.5),
    SchoolType.RURAL: (30, 48, 62.5),
    SchoolType.VILLAGE: (55, 80, 97),
    SchoolType.TEACHING_POINT: (90, 118, 130),
}
# Small staffs make P3 (half the staff) and Q4 (15% of the staff) bite.
STAFFS = (1, 4, 7, 10, 10, 14, 20, 20, 40, 40)
# Ages at the edges of E3 (45/50), W1 (45) and E5's retirement window (women 52+,
# men 57+ with the defaults).
AGES = (26, 35, 40, 44, 45, 46, 50, 51, 52, 53, 57)
# Every ordered pair of school types, for custom E6 tables.
DIRECTIONS = tuple(f"{a.value}->{b.value}" for a in TYPES for b in TYPES if a is not b)


@dataclass(frozen=True)
class Case:
    """One generated roster and policy, with a one-line description of its mix of
    modes for failure messages (the roster is synthetic: no personal data)."""

    seed: int
    inst: Instance
    policy: Policy
    mix: str


def random_case(seed: int) -> Case:
    """The roster and policy of ``seed``: the same seed always gives the same case."""
    rng = random.Random(seed)
    overrides = random_overrides(rng)
    policy = Policy().with_overrides(overrides)
    inst, features = random_roster(rng, policy)
    shown = ", ".join(f"{k}={_show(v)}" for k, v in sorted(overrides.items()))
    mix = f"roster: {', '.join(features) or 'plain'}; policy: {shown or 'defaults'}"
    return Case(seed, inst, policy, mix)


def _chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def random_overrides(rng: random.Random) -> dict[str, object]:
    """Policy overrides that switch every rule and mode on and off in a good share."""
    o: dict[str, object] = {}

    def maybe(key: str, p: float, *values: object) -> None:
        if _chance(rng, p):
            o[key] = rng.choice(values)

    for rid in ("E1", "E2", "E3", "E4", "E5"):
        maybe(f"{rid}.enabled", 0.1, False)
    maybe("E2.min_years", 0.3, 3, 6, 8)
    maybe("E3.max_age_female", 0.2, 40, 50)
    maybe("E4.min_title", 0.3, Title.SECOND, Title.SENIOR)
    maybe("E5.rotated_within_years", 0.5, 0, 1, 3, 5)
    middle = False
    if _chance(rng, 0.15):
        o["E6.enabled"] = False
    elif _chance(rng, 0.5):
        # A custom table: mostly urban senders, some random pairs, and often a middle
        # type (township, rural) that both sends outward and learns at urban schools.
        outward = [d for d in DIRECTIONS if d.startswith("urban->")]
        table = rng.sample(outward, rng.randint(2, 4)) + rng.sample(DIRECTIONS, rng.randint(0, 3))
        middle = _chance(rng, 0.5)
        if middle:
            kind = rng.choice(("township", "rural"))
            table += [f"{kind}->urban", f"{kind}->{rng.choice(('rural', 'village'))}"]
        o["E6.directions"] = tuple(d for d in dict.fromkeys(table) if d != "rural->rural")
    # Learning posts (W1) mostly where a middle type both sends and learns.
    if _chance(rng, 0.8 if middle else 0.4):
        o["W1.enabled"] = True
        maybe("W1.max_age", 0.3, 40, 50)
        maybe("W1.min_teaching_years", 0.3, 0, 10)
        maybe("W2.enabled", 0.5, True)
    elif _chance(rng, 0.1):
        o["W2.enabled"] = True  # W2 without W1 changes nothing
    # Q1 rounds up: any sending school with an eligible teacher must send one, which a
    # tiny roster often cannot; so Q1 is often off or zero, to keep most rosters feasible.
    maybe("Q1.enabled", 0.35, False)
    maybe("Q1.min_share", 0.7, 0.0, 0.0, 0.1, 0.3)
    maybe("Q2.enabled", 0.15, False)
    maybe("Q2.max_share", 0.4, 0.15, 0.5, 1.0)
    maybe("Q3.enabled", 0.3, False)
    maybe("Q3.min_share", 0.4, 0.0, 0.2, 0.5)
    maybe("Q3.denominator", 0.25, "eligible")
    maybe("Q4.enabled", 0.2, False)
    maybe("Q4.max_share", 0.4, 0.15, 0.3, 1.0)
    maybe("P1.enabled", 0.1, False)
    maybe("P1.second_subjects", 0.2, False)
    maybe("P2.enabled", 0.1, False)
    maybe("P3.enabled", 0.15, False)
    maybe("P3.max_share", 0.3, 0.2, 1.0)
    maybe("P4.enabled", 0.1, False)
    maybe("P4.max_km", 0.3, 50, 100)
    maybe("P4.family_max_km", 0.3, None, 60)
    maybe("P5.enabled", 0.1, False)
    maybe("P5.mode", 0.75, "require", "require", "prefer", "ignore")
    maybe("M1.enabled", 0.15, False)
    maybe("M1.min_rural_years", 0.2, 2)
    for rid in ("R1", "R2", "R3", "R4", "R5"):
        maybe(f"{rid}.enabled", 0.12, False)
    maybe("R5.mode", 0.5, "nearby")
    maybe("R5.max_km", 0.5, 0, 30, 100)
    return o


def _directions(p: Policy) -> set[tuple[SchoolType, SchoolType]]:
    """The moves the policy allows between school types (learning ones with W1 on)."""
    if not p.E6.enabled:
        return {(a, b) for a in TYPES for b in TYPES}
    return set(p.E6.outward) | (set(p.E6.learning) if p.W1.enabled else set())


def random_roster(rng: random.Random, p: Policy) -> tuple[Instance, list[str]]:
    """A tiny roster suited to policy ``p``, and the names of the features it uses."""
    features: list[str] = []
    moves = _directions(p)
    senders = sorted({a for a, _ in moves}, key=TYPES.index) or [SchoolType.URBAN]
    # With learning posts, usually a central school to learn at as well.
    learners = bool(p.E6.enabled and p.W1.enabled and p.E6.learning)
    schools = _schools(rng, senders, learners)
    ids = [s.school_id for s in schools]
    kind = {s.school_id: s.type for s in schools}
    subjects = SUBJECTS[: rng.randint(1, 3)]
    sending = [sid for sid in ids if kind[sid] in senders] or ids
    # Most posts are at a school some sending school may send to.
    reachable = [
        sid for sid in ids if any((kind[s], kind[sid]) in moves for s in sending if s != sid)
    ]  # fmt: skip
    vacancies = [
        vacancy(rng.choice(reachable if reachable and _chance(rng, 0.8) else ids),
                rng.choice(subjects), rng.choice((1, 1, 2)))
        for _ in range(rng.randint(1, 3))
    ]  # fmt: skip
    contest = len(reachable) >= 2 and _chance(rng, 0.12)
    if contest:
        # Two posts in two subjects, wanted by a teacher of both and a teacher of one:
        # filling both may take justified envy (R4), which the tiers alone would allow.
        subjects = SUBJECTS[: max(2, len(subjects))]
        wished, other = rng.sample(reachable, 2)
        shared, own = rng.sample(subjects, 2)
        vacancies = [vacancy(wished, shared), vacancy(other, own), *vacancies[: rng.randint(0, 1)]]
    if _chance(rng, 0.55):
        schools = _paired(rng, schools, sending, sorted({v.school_id for v in vacancies}))
    history = _chance(rng, 0.3)
    teachers = [
        _teacher(rng, f"T{i}", rng.choice(sending if _chance(rng, 0.7) else ids), subjects,
                 history)
        # Without P2 nothing prunes the plans (4^6 of them): fewer teachers then.
        for i in range(rng.randint(3, 6 if p.P2.enabled else 4))
    ]  # fmt: skip
    receiving = sorted({v.school_id for v in vacancies})
    changes: dict[str, dict[str, object]] = {t.teacher_id: {} for t in teachers}
    if _chance(rng, 0.35):
        # Mutual spouse links, one or two couples.
        order = [t.teacher_id for t in teachers]
        rng.shuffle(order)
        for k in range(rng.randint(1, min(2, len(order) // 2))):
            a, b = order[2 * k], order[2 * k + 1]
            changes[a]["spouse_id"], changes[b]["spouse_id"] = b, a
        features.append("spouses")
    if _chance(rng, 0.6):
        # Ranked wishes name receiving schools (the reader refuses any other school).
        for t in teachers:
            if _chance(rng, 0.8):
                k = rng.randint(1, min(3, len(receiving)))
                changes[t.teacher_id]["wishes"] = tuple(rng.sample(receiving, k))
        features.append("wishes")
    if contest:
        # Two homes (so that Q2 lets both go), neither of them a post school, from which
        # both posts may be reached: added to the roster if need be.
        def fits(t: SchoolType) -> bool:
            return {(t, kind[wished]), (t, kind[other])} <= moves

        near = [h for h in sending if h not in (wished, other) and fits(kind[h])]
        while len(near) < 2:
            twin = next((t for t in senders if fits(t)), senders[0])
            extra = school(f"S{len(schools)}", twin, rng.choice(DISTANCES[twin]), 20)
            schools.append(extra)
            kind[extra.school_id] = twin
            near.append(extra.school_id)
        home, home2 = rng.sample(near, 2)
        both = {
            "title": Title.SENIOR,
            "gender": Gender.MALE,
            "age": 40,
            "years_at_school": 8,
            "status": "",
            "exempt_reason": "",
            "rotated_years": (),
            "family_burden": False,
        }
        # The first has more points (never rural, volunteer, backbone) than the second.
        changes["T0"].update(both, school_id=home, subjects=(shared, own),
                             wishes=(wished, other), rural_years=0, volunteer=True,
                             backbone=Backbone.SCHOOL)  # fmt: skip
        changes["T1"].update(both, school_id=home2, subjects=(shared,), rural_years=3,
                             volunteer=False, backbone=Backbone.NONE)  # fmt: skip
        features.append("contest")
        if _chance(rng, 0.4):
            # Their school paired with one of the two: P5 then decides between them.
            partner = rng.choice((wished, other))
            schools = [
                dataclasses.replace(s, paired_with=(*s.paired_with, partner))
                if s.school_id == home and partner not in s.paired_with else s
                for s in schools
            ]  # fmt: skip
    if _chance(rng, 0.15):
        # Re-planning locks a published placement: mostly a teacher who looks eligible,
        # locked to a post in their subject.
        likely = [t for t in teachers if t.title >= Title.FIRST and t.age <= 44
                  and t.years_at_school >= 6 and t.status != "借调" and not t.exempt_reason
                  and kind[t.school_id] in senders]  # fmt: skip
        t = rng.choice(likely if likely and _chance(rng, 0.8) else teachers)
        fitting = sorted(
            {v.school_id for v in vacancies if v.subject in t.subjects} - {t.school_id}
        )
        target = rng.choice(fitting) if fitting and _chance(rng, 0.8) else rng.choice(ids)
        changes[t.teacher_id]["locked_to"] = target
        features.append("locked")
    if history:
        features.append("history")
    if any(s.latitude is not None for s in schools):
        features.append("coordinates")
    if any(s.paired_with for s in schools):
        features.append("paired")
    teachers = [dataclasses.replace(t, **changes[t.teacher_id]) for t in teachers]
    # Rows out of id order, so that nothing may depend on either order.
    rng.shuffle(teachers)
    return instance(teachers, schools, vacancies), features


def _paired(rng: random.Random, schools: list[School], sending: list[str],
            receiving: list[str]) -> list[School]:  # fmt: skip
    """One or two pairs (结对), mostly a sending school with a school that has posts,
    listed on one side or on both (either way the schools are paired)."""
    ids = [s.school_id for s in schools]
    pairs: dict[str, list[str]] = {sid: [] for sid in ids}
    for _ in range(rng.randint(1, 2)):
        a = rng.choice(sending)
        others = [sid for sid in receiving if sid != a]
        b = rng.choice(others if others and _chance(rng, 0.8) else [i for i in ids if i != a])
        pairs[a].append(b)
        if _chance(rng, 0.4):
            pairs[b].append(a)
    return [dataclasses.replace(s, paired_with=tuple(dict.fromkeys(pairs[s.school_id])))
            for s in schools]  # fmt: skip


def _schools(rng: random.Random, senders: list[SchoolType], learners: bool) -> list[School]:
    n = rng.randint(2, 5)
    kinds = [rng.choice(senders) if _chance(rng, 0.8) else rng.choice(TYPES)]
    kinds += [rng.choice(TYPES) for _ in range(n - 1)]
    if learners and _chance(rng, 0.7):
        kinds[1] = SchoolType.URBAN
    ids = [f"S{i}" for i in range(n)]
    coords = _chance(rng, 0.15)
    out = []
    for sid, kind in zip(ids, kinds, strict=True):
        extra: dict[str, object] = {}
        if coords:
            # Six decimals (about 0.1 m), as a roster gives them and a workbook keeps them.
            extra = {
                "latitude": round(28 + rng.random() / 2, 6),
                "longitude": round(115 + rng.random() / 2, 6),
            }
        out.append(
            school(
                sid,
                kind,
                rng.choice(DISTANCES[kind]),
                rng.choice(STAFFS),
                **extra,
            )
        )
    return out


def _teacher(rng: random.Random, tid: str, school_id: str, subjects: tuple[str, ...],
             history: bool) -> Teacher:  # fmt: skip
    """A teacher with random attributes. About half are "typical" (pass E1-E5 under
    the defaults) so that most rosters have somebody to send; the rest are drawn at the
    edges of every eligibility rule."""
    typical = _chance(rng, 0.5)
    main = rng.choice(subjects)
    teaches = (main,)
    if _chance(rng, 0.4):
        teaches += tuple(s for s in (rng.choice(SUBJECTS),) if s != main)
    rural_years = rng.choice((0, 0, 0.5, 1, 3))
    last_rural = PLAN_YEAR - rng.randint(1, 10) if rural_years and _chance(rng, 0.7) else None
    rotated: tuple[int, ...] = ()
    if history and _chance(rng, 0.5):
        rotated = tuple(sorted({PLAN_YEAR - rng.randint(0, 6) for _ in range(rng.randint(1, 2))}))
    return teacher(
        tid,
        school_id,
        gender=rng.choice(tuple(Gender)),
        age=rng.choice((35, 40, 44) if typical else AGES),
        subjects=teaches,
        title=rng.choice((Title.FIRST, Title.SENIOR) if typical else tuple(Title)),
        years_at_school=rng.choice((6, 8, 12) if typical else (2, 5, 6, 8, 12, 20)),
        rural_years=rural_years,
        last_rural_year=last_rural,
        teaching_years=rng.choice((None, 3, 5, 10, 20)),
        # Q3 asks for backbone teachers among the rotators: typical senders often are.
        backbone=rng.choice(tuple(Backbone) if typical else (Backbone.NONE,) * 4 + tuple(Backbone)),
        subject_leader=_chance(rng, 0.1),
        status=rng.choice(("", "在编在岗") if typical else ("", "", "在编在岗", "借调")),
        exempt_reason="孕期" if not typical and _chance(rng, 0.15) else "",
        senior_applicant=_chance(rng, 0.1),
        promoted_last_year=_chance(rng, 0.08),
        volunteer=_chance(rng, 0.4),
        family_burden=_chance(rng, 0.15),
        rotated_years=rotated,
    )


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "|".join(map(str, value))
    if isinstance(value, Title):
        return value.name
    return str(value)
