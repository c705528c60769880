"""Why each teacher was selected, or not, in words a bureau can check by hand.

Every reason is derived from the roster, the policy and the plan (who goes where): never
from solver values. So a hand-made plan is explained exactly like the solver's, and each
reason can be verified on the workbook itself (points, quota band, vacancies filled).

A reason is data (`Reason`: a kind, the rules it cites and its figures); `render` turns
it into text in either language with the templates of labels.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from rotation_planner.domain import Assignment, Instance, Plan, School, Teacher, Vacancy
from rotation_planner.policy import Policy
from rotation_planner.report import labels
from rotation_planner.rules.audit import Audit
from rotation_planner.rules.base import MoveKind
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.m1_must_rotate import needs_rural_service
from rotation_planner.rules.objective import TIERS, lottery_draw, weights
from rotation_planner.rules.p1_subject import subjects_taught, teaches
from rotation_planner.rules.p3_receiving_share import max_arrivals
from rotation_planner.rules.priority import Points
from rotation_planner.rules.q1_min_share import min_rotators as q1_min
from rotation_planner.rules.q2_max_share import max_rotators as q2_max
from rotation_planner.rules.q4_keep_staff import max_rotators as q4_max
from rotation_planner.rules.registry import REGISTRY

# Rules a swap of two colleagues is judged by: the hard rules. R1-R3 (priority) are a
# tier of the objective, which the tier comparison judges.
_TIER_RULES = frozenset({"R1", "R2", "R3"})


class ReasonKind(StrEnum):
    """The kinds of reason; each has an (en, zh) template in labels.REASONS."""

    # why selected
    MUST_ROTATE = "must_rotate"
    POINTS = "points"
    FILLS = "fills"
    PAIRED = "paired"
    WISH = "wish"
    LOCKED = "locked"
    BACKBONE_Q3 = "backbone_q3"
    INELIGIBLE = "ineligible"
    UNKNOWN_TEACHER = "unknown_teacher"
    # why not selected
    M1_MISSED = "m1_missed"
    NO_SUBJECT_VACANCY = "no_subject_vacancy"
    BLOCKED_VACANCIES = "blocked_vacancies"
    SPOUSE = "spouse"
    QUOTA_FULL = "quota_full"
    FILLED_BY_OTHERS = "filled_by_others"
    RECEIVERS_FULL = "receivers_full"
    LOWER_POINTS = "lower_points"
    HIGHER_TIER = "higher_tier"
    POSTS_THEY_CANNOT_FILL = "posts_they_cannot_fill"
    NOT_NEEDED = "not_needed"
    # passed over for a colleague with fewer (or as many) points in a post they could fill
    PASSED_OVER_RULE = "passed_over_rule"
    PASSED_OVER_TIER = "passed_over_tier"
    LOTTERY = "lottery"
    NOT_BEST = "not_best"


class RuleList(tuple[str, ...]):
    """Rule IDs in a reason's figures; rendered as ``P1 subject, P4 distance``."""

    __slots__ = ()


class Posts(tuple[tuple[str, str], ...]):
    """``(subject, school_id)`` posts in a reason's figures; rendered ``物理 at S045``."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: its kind, the rule IDs it rests on, and the figures it quotes."""

    kind: ReasonKind
    rules: tuple[str, ...] = ()
    values: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return render(self, lang)


def render(reason: Reason, lang: str) -> str:
    """The reason as text in ``lang``."""
    values: dict[str, object] = {}
    for key, value in reason.values.items():
        if isinstance(value, Points):
            values[key] = points_parts_text(value, lang)
        elif isinstance(value, RuleNames):
            values[key] = labels.join([f"{r} {labels.rule_name(r, lang)}" for r in value], lang)
        elif isinstance(value, TierName):
            values[key] = labels.tier_name(str(value), lang)
        elif isinstance(value, RuleList):
            values[key] = labels.join([labels.rule_short(r, lang) for r in value], lang)
        elif isinstance(value, Posts):
            values[key] = labels.join(
                [labels.reason_text("post", lang, subject=s, school=sch) for s, sch in value],
                lang,
            )
        elif isinstance(value, tuple):
            values[key] = labels.join([str(v) for v in value], lang)
        else:
            values[key] = value
    if reason.kind is ReasonKind.POINTS and not reason.values.get("total"):
        return labels.reason_text("points_zero", lang)
    return labels.reason_text(reason.kind, lang, **values)


def render_all(reasons: Iterable[Reason], lang: str) -> str:
    """Several reasons in one cell, separated by ``; `` (``；``)."""
    return labels.word("sep", lang).join(render(r, lang) for r in reasons)


def points_parts_text(points: Points, lang: str) -> str:
    """``R1 never rural 10 + R2 backbone 4`` (non-zero parts, rulebook order)."""
    parts = [
        f"{labels.pick(labels.POINT_PARTS[name], lang)} {getattr(points, name)}"
        for name in labels.POINT_PARTS
        if getattr(points, name)
    ]
    return " + ".join(parts)


def rule_group_points(points: Points) -> tuple[int, int, int]:
    """The points from R1 (rural service, years), R2 (backbone) and R3 (volunteer)."""
    return (
        points.never_rural + points.no_recent_rural + points.years_at_school,
        points.backbone + points.subject_leader,
        points.volunteer,
    )


class PlanFacts:
    """The counts every reason and the Schools sheet rest on, computed once.

    With ``plan=None`` (no feasible plan) it holds the roster-only facts: eligibility,
    points, vacancies and quota bands; nothing is selected.
    """

    def __init__(
        self, instance: Instance, policy: Policy, plan: Plan | None, seed: int = 0
    ) -> None:
        self.instance = instance
        self.policy = policy
        self.plan = plan
        # The lottery's seed (the Run sheet's): the draws reasons quote are for it.
        self.seed = seed
        self._weights: dict[str, object] | None = None
        self._broken: frozenset[tuple[str, str]] | None = None
        self._cutoffs: tuple[Cutoff, ...] | None = None
        self.rules = Facts(instance, policy)
        self.year = self.rules.year
        self.failed: dict[str, tuple[str, ...]] = {
            t.teacher_id: self.rules.excluded_by(t, MoveKind.OUTWARD) for t in instance.teachers
        }
        self.points: Mapping[str, Points] = self.rules.parts
        self.slots: tuple[Vacancy, ...] = instance.vacancy_slots
        self.slot_count: dict[tuple[str, str], int] = {
            (v.school_id, v.subject): v.count for v in self.slots
        }
        self.vacancies: Counter[str] = Counter()
        for v in self.slots:
            self.vacancies[v.school_id] += v.count
        assignments = plan.assignments if plan is not None else ()
        self.assignment: dict[str, Assignment] = {a.teacher_id: a for a in assignments}
        self.filled: Counter[tuple[str, str]] = Counter(
            (a.to_school_id, a.subject) for a in assignments
        )
        self.arrivals: Counter[str] = Counter(a.to_school_id for a in assignments)
        self.sent: Counter[str] = Counter()
        for a in assignments:
            t = instance.teacher_by_id.get(a.teacher_id)
            if t is not None:
                self.sent[t.school_id] += 1
        self.eligible_at: Counter[str] = Counter(
            t.school_id for t in instance.teachers if self.is_eligible(t.teacher_id)
        )

    # --- teachers -------------------------------------------------------------------
    def is_eligible(self, teacher_id: str) -> bool:
        return teacher_id in self.failed and not self.failed[teacher_id]

    def is_selected(self, teacher_id: str) -> bool:
        return teacher_id in self.assignment

    def eligible_not_selected(self) -> tuple[Teacher, ...]:
        """Eligible teachers the plan does not send, in roster order."""
        return tuple(
            t
            for t in self.instance.teachers
            if self.is_eligible(t.teacher_id) and not self.is_selected(t.teacher_id)
        )

    def ineligible_counts(self, school_id: str | None = None) -> Counter[str]:
        """How many teachers fail each eligibility rule (a teacher counts once per rule)."""
        if school_id is None:
            return sum(self._ineligible_by_school.values(), Counter())
        return Counter(self._ineligible_by_school.get(school_id, Counter()))

    @cached_property
    def _ineligible_by_school(self) -> dict[str, Counter[str]]:
        """ineligible_counts for every school, counted in one pass over the roster."""
        by_school: dict[str, Counter[str]] = {}
        for t in self.instance.teachers:
            by_school.setdefault(t.school_id, Counter()).update(self.failed[t.teacher_id])
        return by_school

    # --- schools --------------------------------------------------------------------
    def is_sending(self, school: School) -> bool:
        return self.rules.is_sending(school.school_id)

    def quota_min(self, school_id: str) -> int:
        """Q1's minimum number of rotators for a sending school."""
        return q1_min(self.eligible_at[school_id], self.policy)

    def quota_caps(self, school_id: str) -> dict[str, int]:
        """The enabled upper caps on rotators from a school: ``{"Q2": 3, "Q4": 4}``."""
        school = self.instance.school_by_id[school_id]
        caps = {
            "Q2": q2_max(self.eligible_at[school_id], self.policy),
            "Q4": q4_max(school.staff, self.policy),
        }
        return {rid: cap for rid, cap in caps.items() if cap is not None}

    def quota_max(self, school_id: str) -> int | None:
        """min(Q2 max, Q4 max), or None when both are switched off."""
        caps = self.quota_caps(school_id)
        return min(caps.values()) if caps else None

    def arrivals_max(self, school_id: str) -> int | None:
        """P3's cap on rotators received, or None when switched off."""
        return max_arrivals(self.instance.school_by_id[school_id].staff, self.policy)

    def selected_from(self, school_id: str) -> tuple[Teacher, ...]:
        return tuple(
            t
            for t in self.instance.teachers_by_school.get(school_id, ())
            if self.is_selected(t.teacher_id)
        )

    def cutoff_selected(self, school_id: str) -> int | None:
        """Points of the school's last (lowest-points) selected teacher."""
        pts = [self.points[t.teacher_id].total for t in self.selected_from(school_id)]
        return min(pts) if pts else None

    def cutoff_not_selected(self, school_id: str) -> int | None:
        """Points of the school's first (highest-points) eligible teacher not selected."""
        pts = [
            self.points[t.teacher_id].total
            for t in self.instance.teachers_by_school.get(school_id, ())
            if self.is_eligible(t.teacher_id) and not self.is_selected(t.teacher_id)
        ]
        return max(pts) if pts else None

    # --- who holds the posts a teacher could have had ------------------------------
    def draw(self, teacher_id: str, school_id: str, subject: str) -> int:
        """The published lottery draw of one move for this plan's seed."""
        return lottery_draw(self.seed, teacher_id, school_id, subject)

    def rivals(self, t: Teacher) -> tuple[Teacher, ...]:
        """The colleagues (same sending school) the plan sends to a post ``t`` could
        fill too: the people a teacher left home compares themself with. Fewest points
        first, then by id."""
        found = []
        for c in self.selected_from(t.school_id):
            a = self.assignment[c.teacher_id]
            if a.to_school_id in self.instance.school_by_id and self.rules.could_fill(
                t, Vacancy(a.to_school_id, a.subject, 1)
            ):
                found.append(c)
        return tuple(sorted(found, key=lambda c: (self.points[c.teacher_id].total, c.teacher_id)))

    def others_in_reach(self, t: Teacher) -> tuple[Teacher, ...]:
        """Teachers of other schools whom the plan sends to a post ``t`` could fill, by
        post, then by id."""
        found = []
        for a in self.plan.assignments:
            c = self.instance.teacher_by_id[a.teacher_id]
            if c.school_id == t.school_id or a.to_school_id not in self.instance.school_by_id:
                continue
            if self.rules.could_fill(t, Vacancy(a.to_school_id, a.subject, 1)):
                found.append((a.to_school_id, a.subject, c.teacher_id, c))
        return tuple(c for *_, c in sorted(found, key=lambda x: x[:3]))

    def _broken_by(self, plan: Plan) -> frozenset[tuple[str, str]]:
        audit = Audit(self.rules, plan)
        return frozenset(
            (row.rule_id, str(row.scope))
            for rule in REGISTRY
            if rule.id not in _TIER_RULES  # their rows would be dropped: not even audited
            for row in rule.check(audit)
            if row.status == "VIOLATED"
        )

    def swap_breaks(self, t: Teacher, c: Teacher) -> tuple[str, ...]:
        """The hard rules the plan would break if ``t`` took colleague ``c``'s post
        (and ``c`` stayed home), that it does not break now: the independent checker's
        verdict on the swapped plan, not a second reasoning."""
        assert self.plan is not None
        if self._broken is None:
            self._broken = self._broken_by(self.plan)
        a = self.assignment[c.teacher_id]
        swapped = Plan.of(
            [b for b in self.plan.assignments if b.teacher_id != c.teacher_id]
            + [Assignment(t.teacher_id, a.to_school_id, a.subject)]
        )
        new = self._broken_by(swapped) - self._broken
        return _distinct(rule_id for rule_id, _ in sorted(new))

    def deciding_tier(self, t: Teacher, c: Teacher) -> tuple[str, int, int] | None:
        """The first objective tier that prefers colleague ``c`` in their post to ``t``
        in it, with both weights; None when every tier prefers ``t`` or none decides."""
        if self._weights is None:
            self._weights = weights(self.rules, self.seed)  # type: ignore[assignment]
        a = self.assignment[c.teacher_id]
        post = Vacancy(a.to_school_id, a.subject, 1)
        for name, sense in TIERS:
            w = self._weights[name]  # type: ignore[index]
            theirs, own = w(c, post), w(t, post)  # type: ignore[operator]
            if theirs != own:
                return (name, theirs, own) if (theirs - own) * sense > 0 else None
        return None

    def passed_over(self, t: Teacher, c: Teacher) -> Reason:
        """Why ``t`` stays home while colleague ``c``, with no more points, holds a post
        ``t`` could fill: a hard rule the swap would break; else the first objective
        tier that prefers ``c`` (the lottery, with both draws, when the points tie and
        nothing else decides); else the plan is not the best the rules allow."""
        a = self.assignment[c.teacher_id]
        values: dict[str, object] = {
            "who": c.teacher_id,
            "their": self.points[c.teacher_id].total,
            "points": self.points[t.teacher_id].total,
            "post": Posts(((a.subject, a.to_school_id),)),
        }
        broken = self.swap_breaks(t, c)
        if broken:
            return Reason(
                ReasonKind.PASSED_OVER_RULE, broken, {**values, "rules": RuleNames(broken)}
            )
        tier = self.deciding_tier(t, c)
        if tier is None:
            return Reason(ReasonKind.NOT_BEST, ("R1", "R2", "R3"), values)
        name, theirs, own = tier
        if name == "lottery":
            return Reason(ReasonKind.LOTTERY, (), {**values, "own": own, "their_draw": theirs})
        return Reason(ReasonKind.PASSED_OVER_TIER, (), {**values, "tier": TierName(name)})

    def cutoffs(self) -> tuple[Cutoff, ...]:
        """Per sending school and subject of the posts its rotators fill: the points of
        the last (fewest-points) teacher selected, and of the first (most-points)
        eligible colleague left home who could have taken one of those posts."""
        if self._cutoffs is not None:
            return self._cutoffs
        found: list[Cutoff] = []
        for school in sorted(self.instance.schools, key=lambda s: s.school_id):
            sent = self.selected_from(school.school_id)
            by_subject: dict[str, list[Teacher]] = {}
            for c in sent:
                by_subject.setdefault(self.assignment[c.teacher_id].subject, []).append(c)
            home = [
                t
                for t in self.instance.teachers_by_school.get(school.school_id, ())
                if self.is_eligible(t.teacher_id) and not self.is_selected(t.teacher_id)
            ]
            for subject, chosen in sorted(by_subject.items()):
                last = min(chosen, key=lambda c: (self.points[c.teacher_id].total, c.teacher_id))
                posts = {(self.assignment[c.teacher_id].to_school_id, subject) for c in chosen}
                could = [
                    t
                    for t in home
                    if any(
                        sid in self.instance.school_by_id
                        and self.rules.could_fill(t, Vacancy(sid, subj, 1))
                        for sid, subj in posts
                    )
                ]
                first = max(
                    could, key=lambda t: (self.points[t.teacher_id].total, t.teacher_id),
                    default=None,
                )  # fmt: skip
                found.append(Cutoff(school.school_id, subject, tuple(chosen), last, first))
        self._cutoffs = tuple(found)
        return self._cutoffs


class RuleNames(tuple[str, ...]):
    """Rule IDs in a reason's figures, rendered with their names: ``R5 夫妻不分开派出``."""

    __slots__ = ()


class TierName(str):
    """An objective tier's name in a reason's figures; rendered in words."""

    __slots__ = ()


@dataclass(frozen=True)
class Cutoff:
    """One (sending school, subject) cut-off: the teachers sent to posts of that
    subject, the last of them by points, and the first eligible colleague left home
    who could have taken one of those posts (None when nobody could)."""

    school_id: str
    subject: str
    selected: tuple[Teacher, ...]
    last: Teacher
    first_left: Teacher | None


def explain_selected(facts: PlanFacts, assignment: Assignment) -> tuple[Reason, ...]:
    """Why this teacher is in the plan: M1, the points and their parts, the post filled,
    and where they apply the paired school (P5), the wish granted (R4), a lock, and the
    backbone share (Q3). A teacher the rules exclude is said to be so."""
    t = facts.instance.teacher_by_id.get(assignment.teacher_id)
    if t is None:
        return (Reason(ReasonKind.UNKNOWN_TEACHER),)
    p = facts.policy
    reasons: list[Reason] = []
    failed = facts.failed[t.teacher_id]
    if failed:
        reasons.append(Reason(ReasonKind.INELIGIBLE, failed, {"rules": tuple(failed)}))
    elif needs_rural_service(t, p):
        reasons.append(Reason(ReasonKind.MUST_ROTATE, ("M1",)))
    points = facts.points[t.teacher_id]
    if points.total:
        reasons.append(
            Reason(ReasonKind.POINTS, ("R1", "R2", "R3"), {"total": points.total, "parts": points})
        )
    else:
        reasons.append(Reason(ReasonKind.POINTS, (), {"total": 0}))
    reasons.append(
        Reason(
            ReasonKind.FILLS,
            ("P1",),
            {"subject": assignment.subject, "school": assignment.to_school_id},
        )
    )
    home = facts.instance.school_by_id[t.school_id]
    if p.P5.enabled and p.P5.mode != "ignore" and assignment.to_school_id in home.paired_with:
        reasons.append(Reason(ReasonKind.PAIRED, ("P5",)))
    if assignment.to_school_id in t.wishes:
        rank = t.wishes.index(assignment.to_school_id) + 1
        reasons.append(Reason(ReasonKind.WISH, ("R4",), {"rank": rank}))
    if t.locked_to and t.locked_to == assignment.to_school_id:
        reasons.append(Reason(ReasonKind.LOCKED))
    if p.Q3.enabled and t.is_backbone:
        reasons.append(Reason(ReasonKind.BACKBONE_Q3, ("Q3",)))
    return tuple(reasons)


def explain_not_selected(facts: PlanFacts, t: Teacher) -> tuple[Reason, ...]:
    """Why an eligible teacher is not in the plan, from the roster and the plan only.

    In order: no vacancy they could fill at all (P1 subject, else E6 direction / P4
    distance); their spouse was sent (R5); their school's quota band is full (Q2 / Q4);
    every vacancy they could fill is taken (P2) or its school is at the P3 cap. Then the
    colleagues sent to posts this teacher could fill too: their points are below the
    last of those (the per-subject cut-off), or the colleague with the fewest points
    went instead because swapping them would break a hard rule, or a higher objective
    tier prefers them, or (equal points) the lottery drew them, both draws shown. A
    teacher whose colleagues with fewer points all fill posts they could not fill is
    told so. When none of these holds, the objective simply did not need them.
    """
    inst, p = facts.instance, facts.policy
    reasons: list[Reason] = []
    if needs_rural_service(t, p):
        reasons.append(Reason(ReasonKind.M1_MISSED, ("M1",)))

    subject_slots = [v for v in facts.slots if teaches(t, v.subject, p)]
    if not subject_slots:
        subjects = subjects_taught(t, p)
        reasons.append(Reason(ReasonKind.NO_SUBJECT_VACANCY, ("P1",), {"subjects": subjects}))
        return tuple(reasons)
    feasible = [v for v in subject_slots if facts.rules.could_fill(t, v)]
    if not feasible:
        blocking = sorted(
            {r for v in subject_slots for r in facts.rules.move(t, v).blockers},
            key=lambda r: (r not in ("E6", "P1", "P4"), r),
        )
        reasons.append(
            Reason(
                ReasonKind.BLOCKED_VACANCIES,
                tuple(blocking),
                {
                    "n": sum(v.count for v in subject_slots),
                    "subjects": _distinct(v.subject for v in subject_slots),
                    "rules": RuleList(blocking),
                },
            )
        )
        return tuple(reasons)

    if (
        p.R5.enabled
        and p.R5.mode == "at_most_one"
        and (spouse := inst.spouse_of.get(t.teacher_id))
        and facts.is_selected(spouse)
    ):
        reasons.append(Reason(ReasonKind.SPOUSE, ("R5",), {"spouse": spouse}))

    sent = facts.sent[t.school_id]
    caps = facts.quota_caps(t.school_id)
    cap = min(caps.values()) if caps else None
    quota_full = cap is not None and sent >= cap
    if quota_full:
        binding = tuple(rid for rid, c in caps.items() if c == cap)
        reasons.append(
            Reason(
                ReasonKind.QUOTA_FULL,
                binding,
                {"rules": binding, "sent": sent, "max": cap},
            )
        )

    taken = [v for v in feasible if facts.filled[(v.school_id, v.subject)] >= v.count]
    at_p3 = [
        v
        for v in feasible
        if v not in taken
        and (m := facts.arrivals_max(v.school_id)) is not None
        and facts.arrivals[v.school_id] >= m
    ]
    if len(taken) + len(at_p3) == len(feasible):
        if taken:
            reasons.append(
                Reason(
                    ReasonKind.FILLED_BY_OTHERS,
                    ("P2",),
                    {
                        "n": sum(v.count for v in taken),
                        "subjects": _distinct(v.subject for v in taken),
                    },
                )
            )
        if at_p3:
            reasons.append(
                Reason(
                    ReasonKind.RECEIVERS_FULL,
                    ("P3",),
                    {"schools": _distinct(v.school_id for v in at_p3)},
                )
            )

    own = facts.points[t.teacher_id].total
    rivals = facts.rivals(t)
    if rivals:
        lowest = rivals[0]
        cutoff = facts.points[lowest.teacher_id].total
        if own < cutoff:
            reasons.append(
                Reason(
                    ReasonKind.LOWER_POINTS, ("R1", "R2", "R3"), {"points": own, "cutoff": cutoff}
                )
            )
        else:
            reasons.append(facts.passed_over(t, lowest))
    # Colleagues with fewer points sent to posts this teacher could not fill: named.
    elsewhere = [
        c
        for c in facts.selected_from(t.school_id)
        if facts.points[c.teacher_id].total < own and c not in rivals
    ]
    if elsewhere:
        reasons.append(_posts_they_cannot_fill(facts, t, elsewhere))
    if len(reasons) == (1 if reasons and reasons[0].kind is ReasonKind.M1_MISSED else 0):
        reasons.append(Reason(ReasonKind.NOT_NEEDED))
    return tuple(reasons)


def _posts_they_cannot_fill(facts: PlanFacts, t: Teacher, colleagues: list[Teacher]) -> Reason:
    """Colleagues with fewer points fill posts this teacher cannot fill: the posts, and
    the rules that close them to this teacher (P1 subject, P4 distance...)."""
    posts: list[tuple[str, str]] = []
    rules: list[str] = []
    for c in colleagues:
        a = facts.assignment[c.teacher_id]
        posts.append((a.subject, a.to_school_id))
        if a.to_school_id in facts.instance.school_by_id:
            slot = Vacancy(school_id=a.to_school_id, subject=a.subject, count=1)
            rules += facts.rules.move(t, slot).blockers
    cited = _distinct(sorted(rules)) or ("P1", "P4")
    values = {"posts": Posts(sorted(set(posts))), "rules": RuleList(cited)}
    return Reason(ReasonKind.POSTS_THEY_CANNOT_FILL, cited, values)


def _distinct(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def reason_rules(reasons: Iterable[Reason]) -> tuple[str, ...]:
    """The distinct rule IDs the reasons cite, in the order first cited."""
    return _distinct(r for reason in reasons for r in reason.rules)


# --- one teacher's question: why was I (not) chosen? ---------------------------------


@dataclass(frozen=True)
class Holder:
    """A colleague sent to a post the asking teacher could fill too: their points, the
    post, and both draws of the lottery for that post."""

    teacher_id: str
    points: int
    school_id: str
    subject: str
    their_draw: int
    own_draw: int


@dataclass(frozen=True)
class Answer:
    """What ``planner explain`` tells one teacher: selected or not (or not eligible, or
    not on the roster), their points, the reasons, and who holds the posts they could
    have had. The same reasons as the workbook's sheets: explain_selected and
    explain_not_selected."""

    teacher_id: str
    on_roster: bool
    selected: Assignment | None = None
    points: Points | None = None
    reasons: tuple[Reason, ...] = ()
    holders: tuple[Holder, ...] = ()
    # Teachers of other sending schools in posts this teacher could fill: each school
    # chooses among its own eligible teachers (Q1-Q4, R1-R3), so their points are not
    # compared with this teacher's, but they answer "who holds the post I could have had".
    others: tuple[Holder, ...] = ()


def answer(facts: PlanFacts, teacher_id: str) -> Answer:
    """The answer to "why was I (not) chosen?" for ``teacher_id``."""
    t = facts.instance.teacher_by_id.get(teacher_id)
    if t is None:
        return Answer(teacher_id, False, reasons=(Reason(ReasonKind.UNKNOWN_TEACHER),))
    points = facts.points[teacher_id]
    held = facts.assignment.get(teacher_id)
    if held is not None:
        return Answer(teacher_id, True, held, points, explain_selected(facts, held))
    failed = facts.failed[teacher_id]
    if failed:
        reasons = (Reason(ReasonKind.INELIGIBLE, failed, {"rules": RuleNames(failed)}),)
        return Answer(teacher_id, True, None, points, reasons)

    def holder(c: Teacher) -> Holder:
        a = facts.assignment[c.teacher_id]
        return Holder(
            c.teacher_id,
            facts.points[c.teacher_id].total,
            a.to_school_id,
            a.subject,
            facts.draw(c.teacher_id, a.to_school_id, a.subject),
            facts.draw(t.teacher_id, a.to_school_id, a.subject),
        )

    holders = tuple(holder(c) for c in facts.rivals(t))
    others = tuple(holder(c) for c in facts.others_in_reach(t))
    reasons = explain_not_selected(facts, t)
    return Answer(teacher_id, True, None, points, reasons, holders, others)


def answer_lines(ans: Answer, facts: PlanFacts, lang: str) -> list[str]:
    """The answer in lines of ``lang`` (ids and figures only: no name, age or reason
    for an exemption is shown)."""
    w = labels.answer_line
    if not ans.on_roster:
        return [w("unknown", lang, teacher=ans.teacher_id)]
    assert ans.points is not None
    total = ans.points.total
    parts = points_parts_text(ans.points, lang)
    lines = [w("points", lang, teacher=ans.teacher_id, total=total, parts=parts or "0")]
    if ans.selected is not None:
        a = ans.selected
        school = facts.instance.school_by_id.get(a.to_school_id)
        name = school.name if school else ""
        lines.append(w("selected", lang, school=a.to_school_id, name=name, subject=a.subject))
    else:
        lines.append(w("not_selected", lang))
    lines.append(w("reasons", lang))
    lines += [w("reason", lang, text=r.text(lang)) for r in ans.reasons]
    if ans.holders:
        lines.append(w("holders", lang))
        for h in ans.holders:
            school = facts.instance.school_by_id[h.school_id]
            lines.append(
                w("holder", lang, teacher=h.teacher_id, points=h.points, school=h.school_id,
                  name=school.name, subject=h.subject, theirs=h.their_draw, own=h.own_draw)
            )  # fmt: skip
    elif ans.selected is None and not facts.failed[ans.teacher_id]:
        lines.append(w("no_holders", lang))
    if ans.others:
        lines.append(w("others", lang))
        for h in ans.others:
            school = facts.instance.school_by_id[h.school_id]
            home = facts.instance.teacher_by_id[h.teacher_id].school_id
            lines.append(
                w("other", lang, teacher=h.teacher_id, home=home, points=h.points,
                  school=h.school_id, name=school.name, subject=h.subject)
            )  # fmt: skip
    return lines
