"""The smallest relaxations that restore a plan, each proven by solving again.

For each member of a conflict (diagnose.find_core) this tries the parameter that rule
owns, moved as little as possible: a share on a 0.01 grid (the value nearest the current
one that changes the rounded bound enough), a distance in whole km, an age, a title, a
number of added posts. Feasibility is monotone in each of these moves except widening
eligibility (it adds teachers but also raises Q1), so a binary search finds the smallest
monotone move in a few solves and a short scan handles the rest. A suggestion is
reported only when the model with it has a plan: every one is proven.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rotation_planner.domain import Gender, Instance, Teacher, Title, Vacancy
from rotation_planner.model.build import build_model
from rotation_planner.model.diagnose import LOWER_RULES, post_blocker, reachable
from rotation_planner.model.run import run
from rotation_planner.policy import Policy, PolicyError
from rotation_planner.rules.base import MoveKind
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.p3_receiving_share import max_arrivals
from rotation_planner.rules.q1_min_share import min_rotators as q1_min
from rotation_planner.rules.q2_max_share import max_rotators as q2_max
from rotation_planner.rules.q3_backbone_share import min_backbone
from rotation_planner.rules.q4_keep_staff import max_rotators as q4_max
from rotation_planner.vocabulary import TITLE_ZH

GRID = 0.01
MAX_SCAN = 6  # solves for a non-monotone move (eligibility)
# One feasibility solve's bound, in seconds. Near the boundary, proving that a big county
# has no plan can take long; an undecided move counts as not working, so the answer stays
# proven, only perhaps a step larger than the true smallest.
PER_SOLVE = 5.0
MAX_POST_SCHOOLS = 3  # receiving schools tried when suggesting a new post


@dataclass(frozen=True)
class Relaxation:
    """One proven way out: a policy parameter moved, or a roster edit.

    ``change`` is the move in parameter words ("Q4.max_share 0.15 -> 0.19"); ``detail``
    says what it means where the conflict is, as ``(en, zh)``. Exactly one of
    ``overrides`` (policy keys and values) and ``instance`` (the edited roster) is set.
    """

    rule_id: str
    change: str
    detail: tuple[str, str]
    overrides: Mapping[str, object] = field(default_factory=dict)
    instance: Instance | None = None
    change_zh: str = ""  # the move in Chinese, where it is not a parameter key

    def text(self, lang: str = "en") -> str:
        change = self.change_zh if lang == "zh" and self.change_zh else self.change
        detail = self.detail[1] if lang == "zh" else self.detail[0]
        return f"{change} ({detail})" if detail else change

    def apply(self, inst: Instance, p: Policy) -> tuple[Instance, Policy]:
        """The roster and policy with this relaxation made."""
        return (self.instance or inst, p.with_overrides(self.overrides) if self.overrides else p)


def feasible(inst: Instance, p: Policy, seconds: float = 10.0) -> bool | None:
    """Whether every hard rule can hold (None: not decided within ``seconds``)."""
    m = build_model(inst, p)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.linearization_level = 2  # as in solve.py: the LP proves these
    code = run(solver, m.model)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if code == cp_model.INFEASIBLE else None


class _Search:
    """Feasibility solves against one deadline, with the answers remembered."""

    def __init__(self, inst: Instance, p: Policy, time_limit: float) -> None:
        self.inst, self.p = inst, p
        self.deadline = time.perf_counter() + time_limit

    @property
    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def works(self, r: Relaxation) -> bool:
        if self.left <= 0:
            return False
        try:
            inst, p = r.apply(self.inst, self.p)
        except PolicyError:
            return False
        return feasible(inst, p, min(PER_SOLVE, self.left)) is True

    def smallest(self, moves: list[Relaxation], *, monotone: bool = True) -> Relaxation | None:
        """The first move (nearest the current value) that restores a plan. ``moves``
        run from the smallest to the largest change."""
        if not moves:
            return None
        if not monotone:
            for r in moves[:MAX_SCAN]:
                if self.works(r):
                    return r
            return None
        if not self.works(moves[-1]):
            return None
        lo, hi = 0, len(moves) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.works(moves[mid]):
                hi = mid
            else:
                lo = mid + 1
        return moves[hi]


# --- share parameters ------------------------------------------------------------------


def _grid(current: float, up: bool) -> list[float]:
    """Grid values beyond ``current`` in the relaxing direction, nearest first."""
    steps = round(1 / GRID)
    k = math.floor(current * steps + 1e-9) if up else math.ceil(current * steps - 1e-9)
    if up:
        return [i / steps for i in range(k + 1, steps + 1) if i / steps > current + 1e-12]
    return [i / steps for i in range(k - 1, -1, -1) if i / steps < current - 1e-12]


def _share_moves(
    rule_id: str,
    name: str,
    current: float,
    up: bool,
    signature: Callable[[float], tuple[int, ...]],
    detail: Callable[[float], tuple[str, str]],
) -> list[Relaxation]:
    """One move per distinct rounded outcome, each at the value nearest ``current``."""
    seen = {signature(current)}
    moves = []
    for value in _grid(current, up):
        sig = signature(value)
        if sig in seen:
            continue
        seen.add(sig)
        moves.append(
            Relaxation(
                rule_id,
                f"{rule_id}.{name} {current:g} -> {value:g}",
                detail(value),
                {f"{rule_id}.{name}": value},
            )
        )
    return moves


class _Facts:
    def __init__(self, inst: Instance, p: Policy) -> None:
        self.inst, self.p = inst, p
        self.rules = Facts(inst, p)
        self.eligible: dict[str, int] = {
            school_id: len(ts) for school_id, ts in self.rules.eligible_by_school.items()
        }

    def with_share(self, key: str, value: float) -> Policy:
        return self.p.with_overrides({key: value})


def _scopes(labels: Iterable[str], rule_id: str) -> list[str]:
    return [lb.partition(" ")[2] for lb in labels if lb.partition(" ")[0] == rule_id]


def _name(inst: Instance, school_id: str) -> str:
    s = inst.school_by_id.get(school_id)
    return s.name if s else school_id


def q1_moves(f: _Facts, labels: list[str]) -> list[Relaxation]:
    schools = sorted(f.eligible)
    scope = (_scopes(labels, "Q1") or schools)[0]
    e = f.eligible.get(scope, 0)

    def sig(v: float) -> tuple[int, ...]:
        return tuple(q1_min(f.eligible[s], f.with_share("Q1.min_share", v)) for s in schools)

    def detail(v: float) -> tuple[str, str]:
        n = q1_min(e, f.with_share("Q1.min_share", v))
        name = _name(f.inst, scope)
        return (f"{name} needs {n} of {e} eligible", f"{name} 需交流 {e} 人中的 {n} 人")

    return _share_moves("Q1", "min_share", f.p.Q1.min_share, False, sig, detail)


def q2_moves(f: _Facts, labels: list[str]) -> list[Relaxation]:
    schools = sorted(f.eligible)
    scope = (_scopes(labels, "Q2") or schools)[0]
    e = f.eligible.get(scope, 0)

    def sig(v: float) -> tuple[int, ...]:
        p = f.with_share("Q2.max_share", v)
        return tuple(q2_max(f.eligible[s], p) or 0 for s in schools)

    def detail(v: float) -> tuple[str, str]:
        n = q2_max(e, f.with_share("Q2.max_share", v))
        name = _name(f.inst, scope)
        return (f"{name} may send {n} of {e} eligible", f"{name} 可交流 {e} 人中的 {n} 人")

    return _share_moves("Q2", "max_share", f.p.Q2.max_share, True, sig, detail)


def q4_moves(f: _Facts, labels: list[str]) -> list[Relaxation]:
    schools = sorted(f.eligible)
    scope = (_scopes(labels, "Q4") or schools)[0]
    staff = f.inst.school_by_id[scope].staff

    def sig(v: float) -> tuple[int, ...]:
        p = f.with_share("Q4.max_share", v)
        return tuple(q4_max(f.inst.school_by_id[s].staff, p) or 0 for s in schools)

    def detail(v: float) -> tuple[str, str]:
        n = q4_max(staff, f.with_share("Q4.max_share", v))
        name = _name(f.inst, scope)
        return (f"{name} may send {n} of {staff} staff", f"{name} 可派出在编 {staff} 人中的 {n} 人")

    return _share_moves("Q4", "max_share", f.p.Q4.max_share, True, sig, detail)


def p3_moves(f: _Facts, labels: list[str]) -> list[Relaxation]:
    schools = sorted({v.school_id for v in f.inst.vacancy_slots})
    scope = (_scopes(labels, "P3") or schools)[0]
    staff = f.inst.school_by_id[scope].staff

    def sig(v: float) -> tuple[int, ...]:
        p = f.with_share("P3.max_share", v)
        return tuple(max_arrivals(f.inst.school_by_id[s].staff, p) or 0 for s in schools)

    def detail(v: float) -> tuple[str, str]:
        n = max_arrivals(staff, f.with_share("P3.max_share", v))
        name = _name(f.inst, scope)
        return (
            f"{name} may receive {n} ({staff} staff)",
            f"{name} 可接收 {n} 人 (在编 {staff} 人)",
        )

    return _share_moves("P3", "max_share", f.p.P3.max_share, True, sig, detail)


def q3_moves(f: _Facts, labels: list[str]) -> list[Relaxation]:
    backbone = sum(1 for t in f.rules.eligible if t.is_backbone)

    def sig(v: float) -> tuple[int, ...]:
        if f.p.Q3.denominator == "eligible":
            return (min_backbone(0, backbone, f.with_share("Q3.min_share", v)),)
        return (round(v / GRID),)

    def detail(v: float) -> tuple[str, str]:
        if f.p.Q3.denominator == "eligible":
            n = min_backbone(0, backbone, f.with_share("Q3.min_share", v))
            return (
                f"needs {n} of {backbone} eligible backbone",
                f"需骨干 {backbone} 人中的 {n} 人",
            )
        return ("", "")

    return _share_moves("Q3", "min_share", f.p.Q3.min_share, False, sig, detail)


# --- posts, distance, eligibility -------------------------------------------------------


def _reachable_posts(
    t: Teacher, f: _Facts, ignore: Iterable[str] = ()
) -> list[tuple[float, str, str]]:
    """(distance, school, subject) of receiving schools where ``t`` could fill a new post
    in one of their subjects, nearest first, ignoring the rules in ``ignore``."""
    inst = f.inst
    out = []
    subject = t.subjects[0]
    for s in inst.schools:
        # The post does not exist yet: ask the move predicate about a post to be added.
        move = f.rules.move(t, Vacancy(s.school_id, subject, 1))
        if move.kind is not None and not set(move.blockers) - set(ignore):
            out.append((inst.distance_km(t.school_id, s.school_id), s.school_id, subject))
    return sorted(out)


def add_post_moves(f: _Facts, t: Teacher, k: int = 1) -> list[Relaxation]:
    """ "add 1 英语 vacancy at 学校R2": ``k`` posts in this teacher's main subject at a
    school they could reach, nearest first."""
    moves = []
    for _dist, school_id, subject in _reachable_posts(t, f)[:MAX_POST_SCHOOLS]:
        name = _name(f.inst, school_id)
        edited = f.inst.replace(vacancies=(*f.inst.vacancies, Vacancy(school_id, subject, k)))
        moves.append(
            Relaxation(
                "P2",
                f"add {k} {subject} post(s) at {school_id}",
                (
                    f"Vacancies sheet: {name}, {subject}, +{k}; {t.teacher_id} and others "
                    "could fill it",
                    f"岗位需求表: {name} {subject} 增加 {k} 个, {t.teacher_id} 等可填补",
                ),
                instance=edited,
                change_zh=f"{school_id} 增加 {k} 个{subject}岗位",
            )
        )
    return moves


def p2_moves(f: _Facts, scope: str) -> list[Relaxation]:
    """More posts in one (school, subject): 1, 2, ... up to the teachers who could come."""
    school_id, _, subject = scope.partition("/")
    slot = next(
        (v for v in f.inst.vacancy_slots if (v.school_id, v.subject) == (school_id, subject)), None
    )
    if slot is None:
        return []
    could = sum(1 for t in f.rules.eligible if f.rules.could_fill(t, slot))
    name = _name(f.inst, school_id)
    moves = []
    for k in range(1, max(1, could - slot.count) + 1):
        edited = f.inst.replace(vacancies=(*f.inst.vacancies, Vacancy(school_id, subject, k)))
        moves.append(
            Relaxation(
                "P2",
                f"P2 {school_id}/{subject} {slot.count} -> {slot.count + k}",
                (
                    f"Vacancies sheet: {name}, {subject}, +{k}",
                    f"岗位需求表: {name} {subject} 增加 {k} 个",
                ),
                instance=edited,
            )
        )
    return moves


def p4_moves(f: _Facts, teachers: list[Teacher]) -> list[Relaxation]:
    """Raise the distance cap that keeps these teachers from every post: to the distance
    of each nearer post in turn, in whole km."""
    p = f.p
    moves: list[Relaxation] = []
    for key, applies in (
        ("family_max_km", lambda t: t.family_burden),
        ("max_km", lambda t: True),
    ):
        current = getattr(p.P4, key)
        if current is None or not p.P4.enabled:
            continue
        dists = sorted(
            {
                math.ceil(f.inst.distance_km(t.school_id, v.school_id) - 1e-9)
                for t in teachers
                if applies(t)
                for v in f.inst.vacancy_slots
                if f.rules.move(t, v).blockers == ("P4",)
            }
        )
        for d in dists:
            if d > current:
                moves.append(
                    Relaxation(
                        "P4",
                        f"P4.{key} {current:g} -> {d:g}",
                        (f"posts within {d:g} km open", f"{d:g} 公里内岗位可去"),
                        {f"P4.{key}": d},
                    )
                )
        if moves:
            break
    return moves


def eligibility_moves(f: _Facts, teachers: list[Teacher]) -> list[Relaxation]:
    """Widen E2/E3/E4 just enough to admit the given (ineligible) teachers, nearest first."""
    p = f.p
    moves: list[Relaxation] = []
    failing = [(t, f.rules.excluded_by(t, MoveKind.OUTWARD)) for t in teachers]
    only = [(t, rules[0]) for t, rules in failing if len(rules) == 1]
    e3 = {"M": set(), "F": set()}
    for t, rid in only:
        if rid == "E3":
            e3["M" if t.gender is Gender.MALE else "F"].add(t.age)
    for g, key in (("M", "max_age_male"), ("F", "max_age_female")):
        current = getattr(p.E3, key)
        for age in sorted(a for a in e3[g] if a > current):
            moves.append(
                Relaxation("E3", f"E3.{key} {current} -> {age}", ("", ""), {f"E3.{key}": age})
            )
    years = sorted({math.floor(t.years_at_school) for t, rid in only if rid == "E2"}, reverse=True)
    for y in years:
        moves.append(
            Relaxation(
                "E2", f"E2.min_years {p.E2.min_years:g} -> {y}", ("", ""), {"E2.min_years": y}
            )
        )
    titles = sorted({t.title for t, rid in only if rid == "E4"}, reverse=True)
    for title in titles:
        moves.append(
            Relaxation(
                "E4",
                f"E4.min_title {TITLE_ZH[p.E4.min_title]} -> {TITLE_ZH[Title(title)]}",
                ("", ""),
                {"E4.min_title": int(title)},
            )
        )
    return moves


def _m1_release(f: _Facts, t: Teacher) -> Relaxation:
    edited = f.inst.replace(
        teachers=tuple(
            dataclasses.replace(x, senior_applicant=False, promoted_last_year=False)
            if x.teacher_id == t.teacher_id
            else x
            for x in f.inst.teachers
        )
    )
    return Relaxation(
        "M1",
        f"M1 off for {t.teacher_id}",
        (f"{t.teacher_id} rotates in a later year", f"{t.teacher_id} 推迟至以后年度交流"),
        instance=edited,
        change_zh=f"{t.teacher_id} 本年度不适用 M1",
    )


def _unlock(f: _Facts, t: Teacher) -> Relaxation:
    edited = f.inst.replace(
        teachers=tuple(
            dataclasses.replace(x, locked_to="") if x.teacher_id == t.teacher_id else x
            for x in f.inst.teachers
        )
    )
    return Relaxation(
        "locked",
        f"unlock {t.teacher_id}",
        (f"clear {t.teacher_id}'s locked_to", f"取消 {t.teacher_id} 的锁定学校"),
        instance=edited,
        change_zh=f"取消 {t.teacher_id} 的锁定",
    )


# --- the suggestions ----------------------------------------------------------------------


def suggest(
    inst: Instance,
    p: Policy,
    labels: Iterable[str],
    *,
    time_limit: float = 20.0,
    limit: int = 8,
) -> list[Relaxation]:
    """Proven relaxations of the conflict ``labels`` (from diagnose.find_core): for each
    member, the smallest move of the parameter its rule owns that gives a plan, then
    the structural moves (distance, eligibility, new posts) when nobody can reach a post.
    Every one returned was re-solved and has a plan. At most ``limit``; the search stops
    at ``time_limit`` seconds with what it has proven."""
    labels = list(labels)
    f = _Facts(inst, p)
    search = _Search(inst, p, time_limit)
    found: list[Relaxation] = []

    def add(r: Relaxation | None) -> None:
        if r is not None and r.change not in {x.change for x in found}:
            found.append(r)

    rules = {lb.partition(" ")[0] for lb in labels}
    share_moves = {"Q1": q1_moves, "Q2": q2_moves, "Q3": q3_moves, "Q4": q4_moves, "P3": p3_moves}
    for rule_id in ("Q1", "Q4", "Q2", "P3", "Q3"):
        if rule_id in rules:
            add(search.smallest(share_moves[rule_id](f, labels)))
    for label in labels:
        rule_id, _, scope = label.partition(" ")
        if rule_id == "P2":
            add(search.smallest(p2_moves(f, scope)))
        elif rule_id in ("M1", "locked"):
            t = inst.teacher_by_id[scope]
            add(search.smallest(p4_moves(f, [t])))
            add(search.smallest(add_post_moves(f, t), monotone=False))
            add(search.smallest([_m1_release(f, t) if rule_id == "M1" else _unlock(f, t)]))
    # Structural causes: the teachers the post-hungry rules need cannot reach a post.
    stuck: list[Teacher] = []
    excluded: list[Teacher] = []
    short = 1
    for label in labels:
        rule_id, _, scope = label.partition(" ")
        if rule_id == "Q1":
            members = inst.teachers_by_school.get(scope, ())
            eligible = [t for t in members if f.rules.is_eligible(t)]
            blocked = [t for t in eligible if post_blocker(t, inst, p)]
            need = q1_min(len(eligible), p)
            short = max(short, need - (len(eligible) - len(blocked)))
            stuck += blocked
            excluded += [t for t in members if not f.rules.is_eligible(t)]
        elif rule_id == "Q3":
            backbone = [t for t in inst.teachers if t.is_backbone]
            stuck += [t for t in backbone if f.rules.is_eligible(t) and not reachable(t, inst, p)]
            excluded += [t for t in backbone if not f.rules.is_eligible(t)]
    if stuck:
        add(search.smallest(p4_moves(f, stuck)))
        if p.P1.enabled and not p.P1.second_subjects:
            add(
                search.smallest(
                    [
                        Relaxation(
                            "P1",
                            "P1.second_subjects false -> true",
                            ("", ""),
                            {"P1.second_subjects": True},
                        )
                    ]
                )
            )
        subjects: set[str] = set()
        for t in stuck:
            if post_blocker(t, inst, p) == "P1" and t.subjects[0] not in subjects:
                subjects.add(t.subjects[0])
                add(search.smallest(add_post_moves(f, t, short), monotone=False))
            if len(subjects) >= 2:
                break
    if excluded:
        add(search.smallest(eligibility_moves(f, excluded), monotone=False))
    ordered = sorted(found, key=lambda r: (r.rule_id not in rules, _rank(r.rule_id)))
    return ordered[:limit]


def _rank(rule_id: str) -> int:
    order = (*LOWER_RULES, "Q4", "Q2", "P2", "P3", "P4", "P1", "E2", "E3", "E4")
    return order.index(rule_id) if rule_id in order else len(order)
