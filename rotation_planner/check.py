"""Independent re-check of a finished plan against every hard rule.

The checker reads only the roster, the policy and the plan (who goes where). It never
reads solver values, so it audits a hand-made plan exactly as it audits the solver's.
The Constraint report is built from its rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from rotation_planner import eligibility as el
from rotation_planner.domain import Assignment, Instance, Plan, Teacher, Title
from rotation_planner.policy import TITLE_NAMES, Policy

Status = Literal["OK", "VIOLATED", "N/A"]


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """One row of the Constraint report: one rule in one scope.

    ``scope`` is "county", a school id, or a teacher id. ``required`` and ``achieved``
    are human-readable figures (e.g. ">= 3", "4"); ``slack`` is achieved minus required
    in the rule's favourable direction (negative = violated), None where it has no
    meaning. ``offending`` lists teacher ids (or school ids) that break the rule.
    """

    rule_id: str
    scope: str
    parameter: str
    required: str
    achieved: str
    slack: float | None
    status: Status
    offending: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    rows: tuple[RuleCheck, ...]

    @property
    def violations(self) -> tuple[RuleCheck, ...]:
        return tuple(r for r in self.rows if r.status == "VIOLATED")

    @property
    def ok(self) -> bool:
        return not self.violations

    def for_rule(self, rule_id: str) -> tuple[RuleCheck, ...]:
        return tuple(r for r in self.rows if r.rule_id == rule_id)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _param(p: Policy, rule_id: str) -> str:
    """The rule's parameters as ``name=value`` text, for the report."""
    parts = [f"{k}={_show(v)}" for k, v in p.rule(rule_id) if k != "enabled"]
    return ", ".join(parts) if parts else "on"


def _show(value: object) -> str:
    if isinstance(value, Title):
        return TITLE_NAMES[value]
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


def _off(rule_id: str, p: Policy, scope: str = "county") -> RuleCheck:
    return RuleCheck(rule_id, scope, "enabled=false", "switched off", "", None, "N/A")


def _at_least(rule_id: str, scope: str, param: str, need: int, got: int) -> RuleCheck:
    status: Status = "OK" if got >= need else "VIOLATED"
    return RuleCheck(rule_id, scope, param, f">= {need}", str(got), got - need, status)


def _at_most(
    rule_id: str, scope: str, param: str, cap: int, got: int, offending: tuple[str, ...] = ()
) -> RuleCheck:
    status: Status = "OK" if got <= cap else "VIOLATED"
    return RuleCheck(
        rule_id, scope, param, f"<= {cap}", str(got), cap - got, status,
        offending if status == "VIOLATED" else (),
    )  # fmt: skip


def _none_of(rule_id: str, p: Policy, offending: list[str], what: str) -> RuleCheck:
    status: Status = "VIOLATED" if offending else "OK"
    return RuleCheck(
        rule_id, "county", _param(p, rule_id), f"no rotator {what}", str(len(offending)),
        -len(offending), status, tuple(sorted(offending)),
    )  # fmt: skip


class _Audit:
    """The facts about one plan that several rules read, computed from the roster once."""

    def __init__(self, inst: Instance, p: Policy, plan: Plan) -> None:
        self.inst, self.p, self.plan = inst, p, plan
        self.year = el.plan_year(inst, p)
        self.all_sent = [inst.teacher_by_id[a.teacher_id] for a in plan.assignments]
        self.learning = {
            a.teacher_id
            for a in plan.assignments
            if el.is_learning_move(
                inst.school_by_id[inst.teacher_by_id[a.teacher_id].school_id],
                inst.school_by_id[a.to_school_id],
            )
        }
        # Outward rotation: what E2-E4 and the quotas Q1-Q3 are about. Learning posts
        # (W1) have their own check.
        self.sent = [t for t in self.all_sent if t.teacher_id not in self.learning]
        self.points = {t.teacher_id: el.priority_points(t, p, self.year) for t in inst.teachers}
        self.eligible = [t for t in inst.teachers if el.is_eligible(t, inst, p)]
        self.eligible_by_school: dict[str, list[Teacher]] = {}
        for t in self.eligible:
            self.eligible_by_school.setdefault(t.school_id, []).append(t)
        self.sent_by_school: dict[str, list[Teacher]] = {}
        for t in self.sent:
            self.sent_by_school.setdefault(t.school_id, []).append(t)
        self.sending_schools = sorted(
            s.school_id
            for s in inst.schools
            if el.is_sending_school(s, p)
            and (self.eligible_by_school.get(s.school_id) or self.sent_by_school.get(s.school_id))
        )


def check_eligibility(a: _Audit, rule_id: str) -> RuleCheck:
    """E1-E5: no rotator fails the rule."""
    if not a.p.enabled(rule_id):
        return _off(rule_id, a.p)
    if rule_id == "E1":
        bad = [t for t in a.all_sent if el.fails_e1(t, a.p)]
    elif rule_id == "E5":
        bad = [t for t in a.all_sent if el.fails_e5(t, a.p, a.year)]
    else:
        fails = {"E2": el.fails_e2, "E3": el.fails_e3, "E4": el.fails_e4}[rule_id]
        bad = [t for t in a.sent if fails(t, a.p)]
    return _none_of(rule_id, a.p, [t.teacher_id for t in bad], "fails it")


def check_e6(a: _Audit) -> RuleCheck:
    """E6: rotators come from a sending school type and go in an allowed direction,
    never to their own school."""
    bad = []
    for asg in a.plan.assignments:
        t = a.inst.teacher_by_id[asg.teacher_id]
        sender = a.inst.school_by_id[t.school_id]
        receiver = a.inst.school_by_id[asg.to_school_id]
        if sender.school_id == receiver.school_id or (
            a.p.E6.enabled and not el.direction_allowed(sender, receiver, a.p)
        ):
            bad.append(t.teacher_id)
    if not a.p.E6.enabled and not bad:
        return _off("E6", a.p)
    return _none_of("E6", a.p, bad, "against the allowed direction")


def check_q1(a: _Audit) -> list[RuleCheck]:
    """Q1: each sending school sends at least its minimum share of eligible teachers."""
    if not a.p.Q1.enabled:
        return [_off("Q1", a.p)]
    rows = []
    for sid in a.sending_schools:
        eligible = len(a.eligible_by_school.get(sid, ()))
        need = el.q1_min_rotators(eligible, a.p)
        param = f"min_share={a.p.Q1.min_share:g} of {eligible} eligible"
        rows.append(_at_least("Q1", sid, param, need, len(a.sent_by_school.get(sid, ()))))
    return rows


def check_q2(a: _Audit) -> list[RuleCheck]:
    """Q2: each sending school sends at most its maximum share of eligible teachers."""
    if not a.p.Q2.enabled:
        return [_off("Q2", a.p)]
    rows = []
    for sid in a.sending_schools:
        eligible = len(a.eligible_by_school.get(sid, ()))
        cap = el.q2_max_rotators(eligible, a.p) or 0
        sent = a.sent_by_school.get(sid, [])
        param = f"max_share={a.p.Q2.max_share:g} of {eligible} eligible"
        rows.append(_at_most("Q2", sid, param, cap, len(sent), _ids(sent)))
    return rows


def check_q3(a: _Audit) -> RuleCheck:
    """Q3: backbone teachers are at least the required share of rotators, county-wide."""
    if not a.p.Q3.enabled:
        return _off("Q3", a.p)
    backbone = sum(1 for t in a.sent if t.is_backbone)
    eligible_backbone = sum(1 for t in a.eligible if t.is_backbone)
    need = el.q3_min_backbone(len(a.sent), eligible_backbone, a.p)
    base = len(a.sent) if a.p.Q3.denominator == "rotators" else eligible_backbone
    what = "rotators" if a.p.Q3.denominator == "rotators" else "eligible backbone"
    param = f"min_share={a.p.Q3.min_share:g} of {base} {what}"
    return _at_least("Q3", "county", param, need, backbone)


def check_q4(a: _Audit) -> list[RuleCheck]:
    """Q4: each sending school sends at most its share of its whole staff."""
    if not a.p.Q4.enabled:
        return [_off("Q4", a.p)]
    rows = []
    for sid in sorted(set(a.sending_schools) | {t.school_id for t in a.all_sent}):
        staff = a.inst.school_by_id[sid].staff
        cap = el.q4_max_rotators(staff, a.p) or 0
        sent = [t for t in a.all_sent if t.school_id == sid]
        param = f"max_share={a.p.Q4.max_share:g} of {staff} staff"
        rows.append(_at_most("Q4", sid, param, cap, len(sent), _ids(sent)))
    return rows


def _failing(a: _Audit, ok: Callable[[Teacher, Assignment], bool]) -> list[str]:
    """Ids of rotators whose assignment fails the per-assignment test ``ok``."""
    return [
        asg.teacher_id
        for asg in a.plan.assignments
        if not ok(a.inst.teacher_by_id[asg.teacher_id], asg)
    ]


def check_p1(a: _Audit) -> RuleCheck:
    """P1: each rotator fills a post in a subject they teach."""
    if not a.p.P1.enabled:
        return _off("P1", a.p)
    bad = _failing(a, lambda t, asg: el.subject_ok(t, asg.subject, a.p))
    return _none_of("P1", a.p, bad, "outside their subjects")


def check_p2(a: _Audit) -> list[RuleCheck]:
    """P2: no (school, subject) receives more rotators than its stated vacancies."""
    if not a.p.P2.enabled:
        return [_off("P2", a.p)]
    posts = {(v.school_id, v.subject): v.count for v in a.inst.vacancy_slots}
    filled: dict[tuple[str, str], list[str]] = {}
    for asg in a.plan.assignments:
        filled.setdefault((asg.to_school_id, asg.subject), []).append(asg.teacher_id)
    rows = []
    for key in sorted(posts.keys() | filled.keys()):
        ids = tuple(sorted(filled.get(key, ())))
        rows.append(_at_most("P2", f"{key[0]}/{key[1]}", "Vacancies sheet", posts.get(key, 0),
                             len(ids), ids))  # fmt: skip
    return rows


def check_p3(a: _Audit) -> list[RuleCheck]:
    """P3: rotators at a receiving school stay within its share of the staff."""
    if not a.p.P3.enabled:
        return [_off("P3", a.p)]
    arrivals: dict[str, list[str]] = {}
    for asg in a.plan.assignments:
        arrivals.setdefault(asg.to_school_id, []).append(asg.teacher_id)
    receiving = sorted({v.school_id for v in a.inst.vacancy_slots} | arrivals.keys())
    rows = []
    for sid in receiving:
        staff = a.inst.school_by_id[sid].staff
        cap = el.p3_max_arrivals(staff, a.p) or 0
        ids = tuple(sorted(arrivals.get(sid, ())))
        param = f"max_share={a.p.P3.max_share:g} of {staff} staff"
        rows.append(_at_most("P3", sid, param, cap, len(ids), ids))
    return rows


def check_p4(a: _Audit) -> RuleCheck:
    """P4: no rotator is sent beyond their distance cap."""
    if not a.p.P4.enabled:
        return _off("P4", a.p)
    bad = _failing(a, lambda t, asg: el.distance_ok(t, asg.to_school_id, a.inst, a.p))
    return _none_of("P4", a.p, bad, "beyond their distance cap")


def check_m1(a: _Audit) -> RuleCheck:
    """M1: every eligible must-rotate teacher is in the plan."""
    if not a.p.M1.enabled:
        return _off("M1", a.p)
    must = [t.teacher_id for t in a.eligible if el.must_rotate(t, a.p)]
    missing = sorted(tid for tid in must if tid not in a.plan.by_teacher)
    return RuleCheck(
        "M1", "county", _param(a.p, "M1"), f"all {len(must)} must rotate",
        str(len(must) - len(missing)), -len(missing), "VIOLATED" if missing else "OK",
        tuple(missing),
    )  # fmt: skip


def check_locked(a: _Audit) -> RuleCheck:
    """Rows with ``locked_to`` keep their fixed school (re-planning)."""
    locked = [t for t in a.inst.teachers if t.locked_to]
    bad = [
        t.teacher_id
        for t in locked
        if (asg := a.plan.by_teacher.get(t.teacher_id)) is None or asg.to_school_id != t.locked_to
    ]
    return RuleCheck(
        "locked", "county", "locked_to column", f"all {len(locked)} kept",
        str(len(locked) - len(bad)), -len(bad), "VIOLATED" if bad else "OK", tuple(sorted(bad)),
    )  # fmt: skip


def check_w1(a: _Audit) -> RuleCheck:
    """W1: learning posts (towards a more central school) go only to W1-eligible
    teachers, and only while W1 is on."""
    bad = [tid for tid in a.learning if not el.is_learner(a.inst.teacher_by_id[tid], a.inst, a.p)]
    if not a.p.W1.enabled and not bad:
        return _off("W1", a.p)
    return RuleCheck(
        "W1", "county", _param(a.p, "W1"), "learners meet W1",
        f"{len(a.learning) - len(bad)} of {len(a.learning)}", -len(bad),
        "VIOLATED" if bad else "OK", tuple(sorted(bad)),
    )  # fmt: skip


def check_w2(a: _Audit) -> list[RuleCheck]:
    """W2: a school that sends rotators to its paired school receives a learner back."""
    if not (a.p.W2.enabled and a.p.W1.enabled):
        return [_off("W2", a.p)]
    flows: dict[tuple[str, str], list[str]] = {}
    for asg in a.plan.assignments:
        home = a.inst.teacher_by_id[asg.teacher_id].school_id
        flows.setdefault((home, asg.to_school_id), []).append(asg.teacher_id)
    rows = []
    for (src, dst), ids in sorted(flows.items()):
        if asg_learning(a, src, dst) or not el.paired(a.inst, src, dst):
            continue
        back = len(flows.get((dst, src), ()))
        rows.append(_at_least("W2", f"{src}/{dst}", f"{len(ids)} sent out", 1, back))
    return rows or [RuleCheck("W2", "county", "on", "paired exchanges", "none", None, "OK")]


def asg_learning(a: _Audit, src: str, dst: str) -> bool:
    return el.is_learning_move(a.inst.school_by_id[src], a.inst.school_by_id[dst])


def check_p5(a: _Audit) -> RuleCheck:
    """P5: with ``require``, nobody who could fill a post at a paired school goes
    elsewhere; with ``prefer``, the report counts who went to a paired school against
    who could have."""
    if not a.p.P5.enabled or a.p.P5.mode == "ignore":
        return _off("P5", a.p)
    could, went, bad = 0, 0, []
    for asg in a.plan.assignments:
        t = a.inst.teacher_by_id[asg.teacher_id]
        if not el.has_paired_post(t, a.inst, a.p):
            continue
        could += 1
        if el.paired(a.inst, t.school_id, asg.to_school_id):
            went += 1
        else:
            bad.append(t.teacher_id)
    status: Status = "VIOLATED" if bad and a.p.P5.mode == "require" else "OK"
    return RuleCheck(
        "P5", "county", _param(a.p, "P5"),
        "all who could" if a.p.P5.mode == "require" else "as many as the tiers allow",
        f"{went} of {could} to a paired school", went - could if status != "OK" else 0, status,
        tuple(sorted(bad)) if status == "VIOLATED" else (),
    )  # fmt: skip


_COMPONENT = {
    "R1": lambda pts: pts.never_rural + pts.no_recent_rural + pts.years_at_school,
    "R2": lambda pts: pts.backbone + pts.subject_leader,
    "R3": lambda pts: pts.volunteer,
}


def priority_swaps(a: _Audit) -> list[tuple[str, str]]:
    """(left behind, selected) pairs at the same school where the one left behind has
    more points, could take the selected teacher's exact post, and the swap changes
    nothing that a higher tier or another rule counts: proof the priority tier (R1-R3)
    was not respected."""
    swaps = []
    chosen = a.plan.by_teacher
    need = el.quality_need(a.inst)
    for sid, eligible in sorted(a.eligible_by_school.items()):
        left = [t for t in eligible if t.teacher_id not in chosen and not t.spouse_id]
        for s in a.sent_by_school.get(sid, ()):
            asg = chosen[s.teacher_id]
            post = next(
                (v for v in a.inst.vacancy_slots
                 if (v.school_id, v.subject) == (asg.to_school_id, asg.subject)), None,
            )  # fmt: skip
            if post is None or s.locked_to or el.must_rotate(s, a.p) or s.wishes:
                continue
            for n in left:
                if (
                    a.points[n.teacher_id].total > a.points[s.teacher_id].total
                    and not n.wishes
                    and el.quality_weight(n) * need[post.school_id]
                    == el.quality_weight(s) * need[post.school_id]
                    and (n.is_backbone or not s.is_backbone)
                    and el.could_fill(n, post, a.inst, a.p)
                    and round(a.inst.distance_km(n.school_id, post.school_id))
                    == round(a.inst.distance_km(s.school_id, post.school_id))
                    and el.paired(a.inst, n.school_id, post.school_id)
                    == el.paired(a.inst, s.school_id, post.school_id)
                ):
                    swaps.append((n.teacher_id, s.teacher_id))
    return swaps


def check_priority(a: _Audit, rule_id: str, swaps: list[tuple[str, str]]) -> RuleCheck:
    """R1-R3: the published points decide who goes; a swap that would raise the points
    without touching anything a higher tier counts is a violation of the priority."""
    if not a.p.enabled(rule_id):
        return _off(rule_id, a.p)
    part = _COMPONENT[rule_id]
    mine = [(n, s) for n, s in swaps if part(a.points[n]) > part(a.points[s])]
    scored = sum(1 for t in a.sent if part(a.points[t.teacher_id]) > 0)
    return RuleCheck(
        rule_id, "county", _param(a.p, rule_id), "no swap raises the points",
        f"{scored} of {len(a.sent)} rotators score here", -len(mine),
        "VIOLATED" if mine else "OK", tuple(f"{n}>{s}" for n, s in mine),
    )  # fmt: skip


def blocking_pairs(inst: Instance, p: Policy, plan: Plan) -> list[tuple[str, str, str]]:
    """R4: (envious, envied, school) triples. The envious teacher is placed, has more
    points, ranked the school above their placement and could fill the envied teacher's
    post there (same subject), which the envied teacher holds with fewer points."""
    year = el.plan_year(inst, p)
    points = {t.teacher_id: el.priority_points(t, p, year).total for t in inst.teachers}
    holders: dict[tuple[str, str], list[str]] = {}
    for asg in plan.assignments:
        holders.setdefault((asg.to_school_id, asg.subject), []).append(asg.teacher_id)
    posts = {(v.school_id, v.subject): v for v in inst.vacancy_slots}
    pairs = []
    for asg in plan.assignments:
        t = inst.teacher_by_id[asg.teacher_id]
        ranks = el.wish_ranks(t)
        mine = ranks.get(asg.to_school_id, len(ranks) + 1)
        for school_id, r in sorted(ranks.items(), key=lambda kv: kv[1]):
            if r >= mine:
                break
            for (sid, subject), ids in sorted(holders.items()):
                if sid != school_id or (post := posts.get((sid, subject))) is None:
                    continue
                if not el.could_fill(t, post, inst, p):
                    continue
                pairs += [
                    (t.teacher_id, o, sid) for o in sorted(ids) if points[o] < points[t.teacher_id]
                ]
    return pairs


def check_r4(a: _Audit) -> list[RuleCheck]:
    """R4: no blocking pair; plus how many teachers got their 1st, 2nd, ... wish."""
    if not a.p.R4.enabled:
        return [_off("R4", a.p)]
    pairs = blocking_pairs(a.inst, a.p, a.plan)
    rows = [
        RuleCheck(
            "R4", "county", "no justified envy", "0 blocking pairs", str(len(pairs)),
            -len(pairs), "VIOLATED" if pairs else "OK",
            tuple(f"{t}>{o}@{s}" for t, o, s in pairs),
        )
    ]  # fmt: skip
    got: dict[int, int] = {}
    none = 0
    for asg in a.plan.assignments:
        ranks = el.wish_ranks(a.inst.teacher_by_id[asg.teacher_id])
        if ranks:
            r = ranks.get(asg.to_school_id)
            if r is None:
                none += 1
            else:
                got[r] = got.get(r, 0) + 1
    if got or none:
        figures = ", ".join(f"wish {r}: {n}" for r, n in sorted(got.items()))
        rows.append(
            RuleCheck("R4", "wishes", "rotators with wishes", "as many as the hard rules allow",
                      f"{figures}; none: {none}" if figures else f"none: {none}", None, "OK")
        )  # fmt: skip
    return rows


def check_r5(a: _Audit) -> RuleCheck:
    """R5: spouses are not both sent (mode at_most_one) or go within R5.max_km."""
    if not a.p.R5.enabled:
        return _off("R5", a.p)
    bad = []
    for asg in a.plan.assignments:
        t = a.inst.teacher_by_id[asg.teacher_id]
        other = a.plan.by_teacher.get(t.spouse_id)
        if other is None or t.teacher_id > t.spouse_id:
            continue
        far = a.inst.distance_km(asg.to_school_id, other.to_school_id) > a.p.R5.max_km + 1e-9
        if a.p.R5.mode == "at_most_one" or far:
            bad.append(f"{t.teacher_id}+{t.spouse_id}")
    couples = sum(1 for t in a.inst.teachers if t.spouse_id and t.teacher_id < t.spouse_id)
    return RuleCheck(
        "R5", "county", _param(a.p, "R5"), "no couple sent apart",
        f"{couples - len(bad)} of {couples} couples kept together", -len(bad),
        "VIOLATED" if bad else "OK", tuple(bad),
    )  # fmt: skip


def _ids(teachers: list[Teacher]) -> tuple[str, ...]:
    return tuple(sorted(t.teacher_id for t in teachers))


def check_plan(inst: Instance, p: Policy, plan: Plan) -> CheckResult:
    """Re-check ``plan`` against every hard rule, from the roster and policy alone."""
    a = _Audit(inst, p, plan)
    rows: list[RuleCheck] = [check_eligibility(a, rid) for rid in el.ELIGIBILITY_RULES]
    rows.append(check_e6(a))
    rows += check_q1(a)
    rows += check_q2(a)
    rows.append(check_q3(a))
    rows += check_q4(a)
    rows.append(check_p1(a))
    rows += check_p2(a)
    rows += check_p3(a)
    rows.append(check_p4(a))
    rows.append(check_p5(a))
    rows.append(check_m1(a))
    swaps = priority_swaps(a)
    rows += [check_priority(a, rid, swaps) for rid in ("R1", "R2", "R3")]
    rows += check_r4(a)
    rows.append(check_r5(a))
    rows.append(check_w1(a))
    rows += check_w2(a)
    rows.append(check_locked(a))
    return CheckResult(tuple(rows))
