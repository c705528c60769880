"""Why no lawful plan exists: a small set of rules that cannot all hold, in policy words.

Every counting rule's constraint in every scope (and every ``locked_to`` row) is guarded
by an assumption literal. CP-SAT returns a sufficient set of assumptions for
infeasibility; a deletion filter then drops every member whose removal keeps the model
infeasible, so what is left is minimal (unless the time bound stops the filter early).
Should the solve with assumptions stall, QuickXplain finds a minimal set by ordinary
re-solves with the chosen members made hard.

Eligibility and pair rules (E1-E6, P1, P4) have no literal: they decide which variables
exist. When a conflict involves a post-hungry rule (Q1, Q3, M1, locked) the description
says how many candidates those structural rules removed, and why, so the user learns the
real cause and not only "Q1 cannot be met".
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rotation_planner.domain import Instance, Teacher
from rotation_planner.model.build import RotationModel, build_model
from rotation_planner.model.run import run
from rotation_planner.policy import Policy
from rotation_planner.rules.base import MoveKind
from rotation_planner.rules.facts import Facts
from rotation_planner.rules.p1_subject import teaches
from rotation_planner.rules.p3_receiving_share import max_arrivals
from rotation_planner.rules.p4_distance import distance_cap
from rotation_planner.rules.q1_min_share import min_rotators as q1_min
from rotation_planner.rules.q2_max_share import max_rotators as q2_max
from rotation_planner.rules.q3_backbone_share import min_backbone
from rotation_planner.rules.q4_keep_staff import max_rotators as q4_max

# Rules whose scope needs rotators (lower bounds) and rules that cap them (upper bounds).
LOWER_RULES = ("Q1", "Q3", "M1", "locked")
# The pair rules that decide which posts a teacher may fill at all, in the order their
# effect is told: the last one needed to rule out every post is named as the cause.
STRUCTURAL_RULES = ("E6", "W1", "P1", "P4")
UPPER_RULES = ("Q2", "Q4", "P2", "P3")


@dataclass(frozen=True)
class Core:
    """A set of rule scopes ("Q1 S001", "P2 R1/英语", "M1 T7") that cannot all hold.

    ``minimal`` is True when the deletion filter finished: removing any one member
    would leave rules that can hold together.
    """

    labels: tuple[str, ...]
    minimal: bool


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    # The LP (level 2) is what proves these models infeasible: with level 1, three
    # schools needing 6 rotators for 5 posts ran 10 s without an answer; with 2, 5 ms.
    solver.parameters.linearization_level = 2
    return solver


def _hard_infeasible(m: RotationModel, keep: list[int], seconds: float) -> bool | None:
    """Whether the members ``keep`` alone conflict, with them made hard (no
    assumptions), so presolve can use them: the fallback when assumptions stall."""
    model = m.model.clone()
    model.clear_assumptions()
    for i in keep:
        model.add(model.get_bool_var_from_proto_index(i) == 1)
    code = run(_solver(seconds), model)
    if code == cp_model.INFEASIBLE:
        return True
    return False if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def _quickxplain(m: RotationModel, members: list[int], deadline: float) -> list[int] | None:
    """A minimal conflicting subset of ``members`` (Junker's QuickXplain), by hard
    re-solves only; None when the time ran out first."""

    def infeasible(keep: list[int]) -> bool:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError
        return _hard_infeasible(m, keep, left) is True

    def qx(background: list[int], added: bool, candidates: list[int]) -> list[int]:
        if added and infeasible(background):
            return []
        if len(candidates) == 1:
            return candidates
        half = len(candidates) // 2
        first, second = candidates[:half], candidates[half:]
        right = qx(background + first, bool(first), second)
        left = qx(background + right, bool(right), first)
        return left + right

    try:
        if not infeasible(members):
            return None
        return qx([], False, members)
    except TimeoutError:
        return None


def _solve_with(m: RotationModel, keep: list[int], seconds: float) -> tuple[bool | None, list[int]]:
    """(infeasible?, a sufficient subset of ``keep``) with only ``keep`` assumed."""
    m.model.clear_assumptions()
    m.model.add_assumptions([m.assumption_lits[i] for i in keep])
    solver = _solver(seconds)
    code = run(solver, m.model)
    if code == cp_model.INFEASIBLE:
        found = set(solver.sufficient_assumptions_for_infeasibility())
        subset = [i for i in keep if i in found]
        return True, subset or keep
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False, keep
    return None, keep


def find_core(inst: Instance, p: Policy, time_limit: float = 10.0) -> Core | None:
    """A small conflicting set of rule scopes, or None when the rules can all hold (or
    nothing was proven within ``time_limit`` seconds, the bound on the whole search).

    Each infeasible re-solve also returns CP-SAT's own sufficient subset, which replaces
    the working core at once, so large cores shrink in a few solves.
    """
    deadline = time.perf_counter() + time_limit
    m = build_model(inst, p, diagnose=True)
    everything = sorted(m.assumption_lits)
    infeasible, core = _solve_with(m, everything, time_limit / 2)
    if infeasible is None:
        ordered = sorted(everything, key=lambda i: m.assumptions[i])
        found = _quickxplain(m, ordered, deadline)
        if found is None:
            return None
        labels = tuple(sorted((m.assumptions[i] for i in found), key=_label_order))
        return Core(labels, True)
    if infeasible is not True:
        return None
    minimal = True
    # Members are tried in label order so that the answer does not depend on variable
    # numbering; an undecided trial (time out) keeps its member.
    for lit in sorted(core, key=lambda i: m.assumptions[i]):
        if lit not in core:
            continue
        left = deadline - time.perf_counter()
        if left <= 0:
            minimal = False
            break
        trial = [c for c in core if c != lit]
        if not trial:
            continue
        result, subset = _solve_with(m, trial, left)
        if result is True:
            core = subset
        elif result is None:
            minimal = False
    labels = tuple(sorted((m.assumptions[i] for i in core), key=_label_order))
    return Core(labels, minimal)


def _label_order(label: str) -> tuple[int, str]:
    rule_id, _, scope = label.partition(" ")
    order = LOWER_RULES + UPPER_RULES
    return (order.index(rule_id) if rule_id in order else len(order), scope)


def conflicting_rules(inst: Instance, p: Policy, time_limit: float = 10.0) -> list[str]:
    """Labels ("Q1 S001", "Q4 S001", ...) of a minimal set of rules that conflict.

    Empty when the rules are feasible or no core could be found in time.
    """
    core = find_core(inst, p, time_limit)
    return list(core.labels) if core else []


# --- the structural causes: which E*/P1/P4 rule removed a teacher's posts ------------


def pct(share: float) -> str:
    """0.1 -> "10%", 0.125 -> "12.5%"."""
    return f"{round(share * 100, 2):g}%"


def post_blocker(t: Teacher, inst: Instance, p: Policy) -> str | None:
    """Why an eligible teacher can fill no vacancy at all, as the rule that removed the
    last posts: "E6" (no allowed direction), "W1" (a learning post they may not take),
    "P1" (none in their subjects), "P4" (all beyond their distance cap) or "locked"
    (their locked school has no such post). None when some post is open to them."""
    slots = [v for v in inst.vacancy_slots if v.school_id != t.school_id]
    if t.locked_to:
        slots = [v for v in slots if v.school_id == t.locked_to]
        if not slots:
            return "locked"
    facts = Facts(inst, p)
    fails = [set(facts.move(t, v).blockers) - {"locked"} for v in slots]
    if any(not f for f in fails):
        return None
    ruled_out: set[str] = set()
    for rule_id in STRUCTURAL_RULES:
        ruled_out.add(rule_id)
        if all(f & ruled_out for f in fails):
            return rule_id
    return "locked"


def reachable(t: Teacher, inst: Instance, p: Policy) -> int:
    """How many vacancy slots teacher ``t`` could fill under E6, P1, P4 and locked_to."""
    facts = Facts(inst, p)
    return sum(1 for v in inst.vacancy_slots if facts.could_fill(t, v))


def _blocker_text(counts: Counter[str], teachers: list[Teacher], inst: Instance, p: Policy,
                  zh: bool) -> str:  # fmt: skip
    """ "P1 4 (they teach 英语 3, 音乐 1; posts are in 数学), P4 1 (beyond 30 km)"."""
    posts = sorted({v.subject for v in inst.vacancy_slots})
    parts = []
    for rule_id in (*STRUCTURAL_RULES, "locked"):
        n = counts.get(rule_id, 0)
        if not n:
            continue
        if rule_id == "P1":
            taught = Counter(t.subjects[0] for t in teachers if post_blocker(t, inst, p) == "P1")
            subj = ", ".join(f"{s} {k}" for s, k in sorted(taught.items()))
            where = "、".join(posts) if posts else ("无" if zh else "none")
            parts.append(
                f"P1 学科不对口 {n} 人 (任教 {subj}; 岗位学科 {where})"
                if zh
                else f"P1 subject {n} (they teach {subj}; posts are in {where})"
            )
        elif rule_id == "P4":
            caps = sorted({c for t in teachers if (c := distance_cap(t, p)) is not None})
            cap = "/".join(f"{c:g}" for c in caps)
            parts.append(
                f"P4 距离超过 {cap} 公里 {n} 人" if zh else f"P4 distance over {cap} km {n}"
            )
        elif rule_id == "E6":
            parts.append(f"E6 交流方向 {n} 人" if zh else f"E6 direction {n}")
        elif rule_id == "W1":
            parts.append(f"W1 跟岗条件 {n} 人" if zh else f"W1 learning-post terms {n}")
        else:
            parts.append(f"锁定学校无对应岗位 {n} 人" if zh else f"locked school has no post {n}")
    return ", ".join(parts)


def _eligible(inst: Instance, p: Policy, school_id: str) -> list[Teacher]:
    return list(Facts(inst, p).eligible_by_school.get(school_id, ()))


def _school_name(inst: Instance, school_id: str) -> str:
    school = inst.school_by_id.get(school_id)
    return school.name if school else school_id


# --- one member in words ---------------------------------------------------------------


def fragment(label: str, inst: Instance, p: Policy, lang: str = "en") -> tuple[str, str]:
    """``(where, what)``: the scope's name and what the rule demands there, with numbers.

    ``where`` is a school name, "teacher T1" or "county"; ``what`` starts with the rule ID.
    """
    zh = lang == "zh"
    rule_id, _, scope = label.partition(" ")
    name = _school_name(inst, scope)
    if rule_id == "Q1":
        eligible = _eligible(inst, p, scope)
        n = q1_min(len(eligible), p)
        blocked = Counter(b for t in eligible if (b := post_blocker(t, inst, p)))
        able = len(eligible) - sum(blocked.values())
        if zh:
            what = f"Q1 要求至少交流 {n} 人 (符合条件 {len(eligible)} 人的 {pct(p.Q1.min_share)})"
            if able < n:
                why = _blocker_text(blocked, eligible, inst, p, zh)
                what += f", 但只有 {able} 人有可填补的岗位 (无岗位: {why})"
        else:
            what = f"Q1 needs >= {n} rotators ({pct(p.Q1.min_share)} of {len(eligible)} eligible)"
            if able < n:
                why = _blocker_text(blocked, eligible, inst, p, zh)
                what += f", but only {able} of them can fill any post (no post: {why})"
        return name, what
    if rule_id == "Q2":
        eligible = _eligible(inst, p, scope)
        n = q2_max(len(eligible), p)
        if zh:
            return name, f"Q2 至多交流 {n} 人 (符合条件 {len(eligible)} 人的 {pct(p.Q2.max_share)})"
        return name, f"Q2 allows at most {n} ({pct(p.Q2.max_share)} of {len(eligible)} eligible)"
    if rule_id in ("Q4", "P3"):
        staff = inst.school_by_id[scope].staff
        if rule_id == "Q4":
            n, share = q4_max(staff, p), p.Q4.max_share
            verb = "至多派出" if zh else "allows at most"
        else:
            n, share = max_arrivals(staff, p), p.P3.max_share
            verb = "至多接收" if zh else "lets it receive at most"
        if zh:
            return name, f"{rule_id} {verb} {n} 人 (在编 {staff} 人的 {pct(share)})"
        return name, f"{rule_id} {verb} {n} ({pct(share)} of {staff} staff)"
    if rule_id == "P2":
        school_id, _, subject = scope.partition("/")
        count = sum(
            v.count for v in inst.vacancy_slots if (v.school_id, v.subject) == (school_id, subject)
        )
        if zh:
            return _school_name(inst, school_id), f"P2 {subject} 岗位仅 {count} 个"
        return _school_name(inst, school_id), f"P2 has only {count} {subject} post(s)"
    if rule_id == "Q3":
        return ("全县" if zh else "county"), _q3_text(inst, p, zh)
    if rule_id in ("M1", "locked"):
        t = inst.teacher_by_id[scope]
        posts = reachable(t, inst, p)
        where = f"教师 {scope}" if zh else f"teacher {scope}"
        if rule_id == "M1":
            what = (
                f"M1 必须交流, 可填补的岗位 {posts} 个"
                if zh
                else f"M1 must rotate, and can fill {posts} post(s)"
            )
        else:
            to = _school_name(inst, t.locked_to)
            what = (
                f"锁定到 {to}, 可填补的岗位 {posts} 个"
                if zh
                else f"locked to {to}, and can fill {posts} post(s) there"
            )
        if posts == 0 and (b := post_blocker(t, inst, p)):
            what += " (" + _blocker_text(Counter({b: 1}), [t], inst, p, zh) + ")"
        return where, what
    if rule_id == "R5":
        first, _, spouse = scope.partition("/")
        where = f"教师 {first}" if zh else f"teacher {first}"
        if p.R5.mode == "at_most_one":
            what = (
                f"R5 与配偶 {spouse} 至多一人交流"
                if zh
                else f"R5 at most one of them and spouse {spouse} goes"
            )
        else:
            what = (
                f"R5 与配偶 {spouse} 须派往 {p.R5.max_km:g} 公里以内的学校"
                if zh
                else f"R5 goes within {p.R5.max_km:g} km of spouse {spouse}"
            )
        return where, what
    if rule_id == "R4" and scope in inst.teacher_by_id:
        where = f"教师 {scope}" if zh else f"teacher {scope}"
        return where, ("R4 志愿无合理嫉妒" if zh else "R4 no justified envy over their wishes")
    if rule_id == "W2":
        a, _, b = scope.partition("/")
        what = (
            f"W2 向 {_school_name(inst, b)} 派出则须接收其跟岗教师"
            if zh
            else f"W2 sends to {_school_name(inst, b)} only if it receives a learner back"
        )
        return _school_name(inst, a), what
    return "", label


def _q3_text(inst: Instance, p: Policy, zh: bool) -> str:
    backbone = [t for t in inst.teachers if t.is_backbone]
    facts = Facts(inst, p)
    eligible = [t for t in backbone if facts.is_eligible(t)]
    able = [t for t in eligible if reachable(t, inst, p)]
    excluded = Counter(
        facts.excluded_by(t, MoveKind.OUTWARD)[0] for t in backbone if t not in eligible
    )
    ex = ", ".join(f"{rid} {n}" for rid, n in sorted(excluded.items()))
    if p.Q3.denominator == "eligible":
        need = min_backbone(0, len(eligible), p)
        head = (
            f"Q3 要求骨干教师至少交流 {need} 人 (符合条件骨干 {len(eligible)} 人的 "
            f"{pct(p.Q3.min_share)})"
            if zh
            else f"Q3 needs >= {need} backbone rotators ({pct(p.Q3.min_share)} of "
            f"{len(eligible)} eligible backbone teachers)"
        )
    else:
        head = (
            f"Q3 要求骨干教师至少占交流人数的 {pct(p.Q3.min_share)}"
            if zh
            else f"Q3 needs backbone teachers >= {pct(p.Q3.min_share)} of rotators"
        )
    if zh:
        tail = (
            f"; 骨干教师 {len(backbone)} 人, 符合条件 {len(eligible)} 人, 有岗位可去 {len(able)} 人"
        )
        return head + tail + (f" (不符合条件: {ex})" if ex else "")
    tail = (
        f"; of {len(backbone)} backbone teachers {len(eligible)} are eligible and "
        f"{len(able)} can fill a post"
    )
    return head + tail + (f" (not eligible by rule: {ex})" if ex else "")


def describe(label: str, inst: Instance, p: Policy, lang: str = "en") -> str:
    """One conflict member in the bureau's words, with its numbers."""
    where, what = fragment(label, inst, p, lang)
    return f"{where}: {what}" if where else what


def headline(labels: tuple[str, ...] | list[str], inst: Instance, p: Policy,
             lang: str = "en") -> str:  # fmt: skip
    """The whole conflict in one sentence: what is needed, "but" what caps it.

    "学校U1: Q1 needs >= 3 rotators (10% of 30 eligible), but Q4 allows at most 2 (15% of
    16 staff)". Members at the same place share its name once.
    """
    zh = lang == "zh"
    lower = [fragment(lb, inst, p, lang) for lb in labels if lb.split(" ")[0] in LOWER_RULES]
    upper = [fragment(lb, inst, p, lang) for lb in labels if lb.split(" ")[0] not in LOWER_RULES]

    def joined(parts: list[tuple[str, str]], last_where: str = "") -> tuple[str, str]:
        texts = []
        for where, what in parts:
            texts.append(what if where == last_where else f"{where}: {what}")
            last_where = where
        return "; ".join(texts), last_where

    need, last = joined(lower)
    if not upper:
        return need
    cap, _ = joined(upper, last)
    if not lower:
        return cap
    return f"{need}, {'但' if zh else 'but'} {cap}"


def explain(labels: tuple[str, ...] | list[str], inst: Instance, p: Policy,
            lang: str = "en") -> list[str]:  # fmt: skip
    """The conflict in words: the headline, then one line per member when there are
    several (the Constraint report gets a row per member either way)."""
    if not labels:
        return []
    lines = [headline(labels, inst, p, lang)]
    if len(labels) > 1:
        lines += [describe(label, inst, p, lang) for label in labels]
    return lines


# --- posts nobody can fill ---------------------------------------------------------------


def unfillable_posts(inst: Instance, p: Policy, lang: str = "en") -> list[str]:
    """Vacancies no eligible teacher could fill whatever the quotas, by subject, with
    the rule that shuts them out: "no eligible 英语 teacher for the 5 英语 vacancies at
    3 schools (up to 68 km out)" or "... : the 2 eligible 英语 teachers are beyond their
    distance cap (P4)". Empty when every post has at least one possible taker."""
    zh = lang == "zh"
    facts = Facts(inst, p)
    eligible = list(facts.eligible)
    by_subject: dict[str, list[Teacher]] = {}
    for t in eligible:
        for subject in t.subjects:
            by_subject.setdefault(subject, []).append(t)
    closed: dict[str, list] = {}
    for v in inst.vacancy_slots:
        # With P1 on, only teachers of the subject can take the post: look at those.
        pool = by_subject.get(v.subject, []) if p.P1.enabled else eligible
        if not any(facts.could_fill(t, v) for t in pool):
            closed.setdefault(v.subject, []).append(v)
    lines = []
    for subject, slots in sorted(closed.items()):
        posts = sum(v.count for v in slots)
        schools = len({v.school_id for v in slots})
        far = max(inst.school_by_id[v.school_id].distance_km for v in slots)
        teach = [t for t in eligible if teaches(t, subject, p)]
        if zh:
            head = (
                f"{subject} 岗位 {posts} 个 ({schools} 所学校, 最远 {far:g} 公里) "
                "无符合条件的教师可填补"
            )
        else:
            head = (
                f"no eligible {subject} teacher for the {posts} {subject} vacancies at "
                f"{schools} school(s) (up to {far:g} km out)"
            )
        if teach:
            blocked = Counter(
                next(r for r in STRUCTURAL_RULES if any(r in facts.move(t, v).blockers
                                                        for v in slots))
                for t in teach
            )  # fmt: skip
            why = ", ".join(f"{r} {n}" for r, n in sorted(blocked.items()))
            head += (
                f": 符合条件的 {len(teach)} 名{subject}教师均被排除 ({why})"
                if zh
                else f": the {len(teach)} eligible {subject} teacher(s) are ruled out ({why})"
            )
        lines.append(head)
    return lines
