"""The CP-SAT model: variables, one function per counting rule, and the objective tiers.

Eligibility and pair rules (E1-E6, P1, P4) live in candidates.py: they decide which
variables exist. The rules here count: quotas per school (Q1, Q2, Q4), the county-wide
backbone share (Q3), posts (P2, P3) and must-rotate teachers (M1).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from ortools.sat.python import cp_model

from rotation_planner import eligibility as el
from rotation_planner.domain import Instance, Plan
from rotation_planner.model.candidates import Candidates, build_candidates
from rotation_planner.policy import Policy


@dataclass
class RotationModel:
    """A built model. ``x[k]`` is 1 when pair ``candidates.pairs[k]`` is used; ``y[i]``
    is 1 when ``candidates.teachers[i]`` is selected.

    With ``diagnose=True`` every rule's constraint in every scope is guarded by an
    assumption literal, so an infeasible model can name the rules that conflict.
    """

    instance: Instance
    policy: Policy
    candidates: Candidates
    model: cp_model.CpModel
    x: list[cp_model.IntVar]
    y: list[cp_model.IntVar]
    diagnose: bool = False
    soft: frozenset[str] = frozenset()
    assumptions: dict[int, str] = field(default_factory=dict)
    assumption_lits: dict[int, cp_model.IntVar] = field(default_factory=dict)
    kept: list[cp_model.IntVar] = field(default_factory=list)
    # Best effort: by how much each soft constraint in ``kept`` is missed (0 when kept).
    shortfall: list[cp_model.IntVar] = field(default_factory=list)

    def require(self, label: str, constraint: cp_model.Constraint) -> None:
        """Register a rule's constraint in one scope; ``label`` is "<rule ID> <scope>".

        Hard by default. In diagnosis mode it is guarded by an assumption literal. In
        best-effort mode, a rule listed in ``soft`` may be broken: it holds only when its
        literal is true, and the "violations" tier keeps as many literals true as it can.
        """
        if self.diagnose:
            lit = self.model.new_bool_var(label)
            constraint.only_enforce_if(lit)
            self.assumptions[lit.index] = label
            self.assumption_lits[lit.index] = lit
        elif label.partition(" ")[0] in self.soft:
            lit = self.model.new_bool_var(label)
            constraint.only_enforce_if(lit)
            self.kept.append(lit)
            self.shortfall.append(_shortfall(self.model, label, constraint, lit))

    def pairs_of_teacher(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in self.candidates.teachers]
        for k, (ti, _) in enumerate(self.candidates.pairs):
            out[ti].append(k)
        return out

    def pairs_of_slot(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in self.candidates.slots]
        for k, (_, si) in enumerate(self.candidates.pairs):
            out[si].append(k)
        return out

    def teachers_of_school(self, *, outward_only: bool = False) -> dict[str, list[int]]:
        """Candidate teachers by school; ``outward_only`` leaves out W1 learners (the
        quotas Q1-Q3 count outward rotation only)."""
        out: dict[str, list[int]] = {}
        for i, t in enumerate(self.candidates.teachers):
            if not outward_only or self.is_outward(i):
                out.setdefault(t.school_id, []).append(i)
        return out

    def is_outward(self, i: int) -> bool:
        return not self.candidates.outward or self.candidates.outward[i]


def _shortfall(
    model: cp_model.CpModel, label: str, constraint: cp_model.Constraint, lit: cp_model.IntVar
) -> cp_model.IntVar:
    """Best effort: how far a soft linear constraint ``lo <= expr <= hi`` is missed.

    ``expr`` may leave its bounds by at most the returned variable, which is 0 exactly
    when ``lit`` (the constraint holds) is true. Minimising the sum counts rotators
    missing or in excess (a Q1 school two short costs 2), not merely broken scopes, so
    a broken cap never lets a school send without limit.
    """
    linear = constraint.proto.linear
    terms = []
    size = 0
    for index, coef in zip(linear.vars, linear.coeffs, strict=True):
        var = model.get_int_var_from_proto_index(index if index >= 0 else -index - 1)
        terms.append(coef * (var if index >= 0 else 1 - var))
        bounds = list(var.proto.domain)  # (these proto lists do not index from the end)
        size += abs(coef) * max(abs(bounds[0]), abs(bounds[-1]))
    expr = cp_model.LinearExpr.sum(terms)
    domain = list(linear.domain)
    lo, hi = domain[0], domain[-1]
    finite = [abs(b) for b in (lo, hi) if abs(b) < cp_model.INT32_MAX]
    slack = model.new_int_var(0, size + max(finite, default=0) + 1, f"short {label}")
    if lo > cp_model.INT_MIN:
        model.add(expr + slack >= lo)
    if hi < cp_model.INT_MAX:
        model.add(expr - slack <= hi)
    model.add(slack == 0).only_enforce_if(lit)
    model.add(slack >= 1).only_enforce_if(~lit)
    return slack


def _sum(vars_: Iterable[cp_model.IntVar]) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.sum(list(vars_))


# --- quotas ---------------------------------------------------------------------------


def q1_min_share(m: RotationModel) -> None:
    """Q1: each sending school rotates at least ``Q1.min_share`` of its eligible
    teachers, rounded up (MoE 2014; State Council 2016: 不低于…10%)."""
    for school_id, members in sorted(m.teachers_of_school(outward_only=True).items()):
        need = el.q1_min_rotators(len(members), m.policy)
        if need:
            m.require(f"Q1 {school_id}", m.model.add(_sum(m.y[i] for i in members) >= need))


def q2_max_share(m: RotationModel) -> None:
    """Q2: each sending school rotates at most ``Q2.max_share`` of its eligible
    teachers, rounded up (Jinan's 10-15% band)."""
    for school_id, members in sorted(m.teachers_of_school(outward_only=True).items()):
        cap = el.q2_max_rotators(len(members), m.policy)
        if cap is not None:
            m.require(f"Q2 {school_id}", m.model.add(_sum(m.y[i] for i in members) <= cap))


def q3_backbone_share(m: RotationModel) -> None:
    """Q3: backbone teachers are at least ``Q3.min_share`` of all rotators, county-wide
    (MoE 2014: 骨干教师不低于交流总数的20%); or of the eligible backbone teachers."""
    p = m.policy
    if not p.Q3.enabled:
        return
    outward = [i for i in range(len(m.y)) if m.is_outward(i)]
    backbone = [m.y[i] for i in outward if m.candidates.teachers[i].is_backbone]
    if p.Q3.denominator == "rotators":
        share = Fraction(str(p.Q3.min_share)).limit_denominator(10_000)
        rotators = _sum(m.y[i] for i in outward)
        c = m.model.add(share.denominator * _sum(backbone) >= share.numerator * rotators)
    else:
        c = m.model.add(_sum(backbone) >= el.q3_min_backbone(0, len(backbone), p))
    m.require("Q3 county", c)


def q4_keep_staff(m: RotationModel) -> None:
    """Q4: a sending school's rotators are at most ``Q4.max_share`` of its whole staff,
    rounded down, so it keeps enough teachers (inference from the seeds)."""
    for school_id, members in sorted(m.teachers_of_school().items()):
        cap = el.q4_max_rotators(m.instance.school_by_id[school_id].staff, m.policy)
        if cap is not None:
            m.require(f"Q4 {school_id}", m.model.add(_sum(m.y[i] for i in members) <= cap))


# --- posts ----------------------------------------------------------------------------


def p2_vacancy_count(m: RotationModel) -> None:
    """P2: at most the stated number of rotators per (school, subject) vacancy."""
    if not m.policy.P2.enabled:
        return
    for si, ks in enumerate(m.pairs_of_slot()):
        slot = m.candidates.slots[si]
        if ks and len(ks) > slot.count:
            label = f"P2 {slot.school_id}/{slot.subject}"
            m.require(label, m.model.add(_sum(m.x[k] for k in ks) <= slot.count))


def p3_receiving_share(m: RotationModel) -> None:
    """P3: rotators arriving at a school are at most ``P3.max_share`` of its staff,
    rounded down (Miyun: exchange teachers were over half the staff)."""
    if not m.policy.P3.enabled:
        return
    by_school: dict[str, list[int]] = {}
    for k, (_, si) in enumerate(m.candidates.pairs):
        by_school.setdefault(m.candidates.slots[si].school_id, []).append(k)
    for school_id, ks in sorted(by_school.items()):
        cap = el.p3_max_arrivals(m.instance.school_by_id[school_id].staff, m.policy)
        if cap is not None and len(ks) > cap:
            m.require(f"P3 {school_id}", m.model.add(_sum(m.x[k] for k in ks) <= cap))


# --- priority -------------------------------------------------------------------------


def m1_must_rotate(m: RotationModel) -> None:
    """M1: eligible teachers who plan to apply for 高级 with under a year of rural
    service, or were promoted to 一级/高级 last year with none, must rotate (2018
    national title rule; Miyun)."""
    for i, t in enumerate(m.candidates.teachers):
        if el.must_rotate(t, m.policy):
            m.require(f"M1 {t.teacher_id}", m.model.add(m.y[i] == 1))


# --- fairness and family ----------------------------------------------------------


def r4_no_justified_envy(m: RotationModel) -> None:
    """R4: no justified envy. A placed teacher with more priority points is never
    refused a school they ranked above their placement while someone with fewer points
    holds a seat there in a subject the first could fill (France's mouvement)."""
    if not m.policy.R4.enabled:
        return
    cand, year = m.candidates, el.plan_year(m.instance, m.policy)
    points = [el.priority_points(t, m.policy, year).total for t in cand.teachers]
    slot_pairs = m.pairs_of_slot()
    for i, ks in enumerate(m.pairs_of_teacher()):
        rank = el.wish_ranks(cand.teachers[i])
        if not rank:
            continue
        unwished = len(rank) + 1
        pair_rank = {k: rank.get(cand.slots[cand.pairs[k][1]].school_id, unwished) for k in ks}
        for k in ks:
            if pair_rank[k] == unwished:
                continue
            si = cand.pairs[k][1]
            rivals = [k2 for k2 in slot_pairs[si] if points[cand.pairs[k2][0]] < points[i]]
            if not rivals:
                continue
            # If any rival holds a seat here, teacher i is unplaced or placed at least
            # as high in their wishes.
            as_good = _sum(m.x[k2] for k2 in ks if pair_rank[k2] <= pair_rank[k])
            held = _sum(m.x[k2] for k2 in rivals)
            c = m.model.add(held <= cand.slots[si].count * (1 - m.y[i] + as_good))
            m.require(f"R4 {cand.teachers[i].teacher_id}", c)


def r5_spouses(m: RotationModel) -> None:
    """R5: spouses are not sent apart: at most one of them goes, or (mode ``nearby``)
    both go to schools within ``R5.max_km`` of each other."""
    p = m.policy
    if not p.R5.enabled:
        return
    index = {t.teacher_id: i for i, t in enumerate(m.candidates.teachers)}
    by_teacher = m.pairs_of_teacher()
    slots = m.candidates.slots
    for i, t in enumerate(m.candidates.teachers):
        j = index.get(t.spouse_id)
        if j is None or j <= i:
            continue  # spouse not a candidate, or the pair is handled from the other side
        label = f"R5 {t.teacher_id}"
        if p.R5.mode == "at_most_one":
            m.require(label, m.model.add(m.y[i] + m.y[j] <= 1))
            continue
        for k in by_teacher[i]:
            here = slots[m.candidates.pairs[k][1]].school_id
            far = [
                k2 for k2 in by_teacher[j]
                if m.instance.distance_km(here, slots[m.candidates.pairs[k2][1]].school_id)
                > p.R5.max_km + 1e-9
            ]  # fmt: skip
            if far:
                m.require(label, m.model.add(m.x[k] + _sum(m.x[k2] for k2 in far) <= 1))


def w2_two_way(m: RotationModel) -> None:
    """W2: paired schools exchange both ways: a school that sends rotators to its
    paired school receives at least one learner back from it."""
    if not (m.policy.W2.enabled and m.policy.W1.enabled):
        return
    inst, cand = m.instance, m.candidates
    flows: dict[tuple[str, str], list[int]] = {}
    for k, (ti, si) in enumerate(cand.pairs):
        flows.setdefault((cand.teachers[ti].school_id, cand.slots[si].school_id), []).append(k)
    for (a, b), ks in sorted(flows.items()):
        sender, receiver = inst.school_by_id[a], inst.school_by_id[b]
        if el.is_learning_move(sender, receiver) or not el.paired(inst, a, b):
            continue
        back = flows.get((b, a), [])
        cap = sum(v.count for v in cand.slots if v.school_id == b)
        c = m.model.add(_sum(m.x[k] for k in ks) <= cap * _sum(m.x[k] for k in back))
        m.require(f"W2 {a}/{b}", c)


COUNTING_RULES: dict[str, Callable[[RotationModel], None]] = {
    "Q1": q1_min_share,
    "Q2": q2_max_share,
    "Q3": q3_backbone_share,
    "Q4": q4_keep_staff,
    "P2": p2_vacancy_count,
    "P3": p3_receiving_share,
    "M1": m1_must_rotate,
    "R4": r4_no_justified_envy,
    "R5": r5_spouses,
    "W2": w2_two_way,
}


def build_model(
    inst: Instance,
    p: Policy,
    *,
    skip: Iterable[str] = (),
    diagnose: bool = False,
    soft: Iterable[str] = (),
) -> RotationModel:
    """Build the CP-SAT model with every enabled hard rule except those in ``skip``
    (``skip`` exists so tests can prove each rule is really enforced). Rules in ``soft``
    (counting rules only) may be broken at a cost: the best-effort mode."""
    skip = frozenset(skip)
    cand = build_candidates(inst, p, skip)
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{k}") for k in range(len(cand.pairs))]
    y = [model.new_bool_var(f"y{i}") for i in range(len(cand.teachers))]
    m = RotationModel(inst, p, cand, model, x, y, diagnose=diagnose, soft=frozenset(soft))
    # A teacher fills at most one post; y says whether they fill one.
    for i, ks in enumerate(m.pairs_of_teacher()):
        model.add(_sum(x[k] for k in ks) == y[i])
        t = cand.teachers[i]
        if t.locked_to:
            m.require(f"locked {t.teacher_id}", model.add(y[i] == 1))
    for rule_id, add_rule in COUNTING_RULES.items():
        if rule_id not in skip:
            add_rule(m)
    return m


# --- objective tiers ------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    """One lexicographic objective tier: ``sense * sum(coef * var)`` is maximised."""

    name: str
    sense: int  # +1 maximise, -1 minimise
    variables: tuple[cp_model.IntVar, ...]
    coefficients: tuple[int, ...]
    offset: int = 0

    def expr(self) -> cp_model.LinearExpr:
        terms = cp_model.LinearExpr.weighted_sum(list(self.variables), list(self.coefficients))
        return terms + self.offset if self.offset else terms


def remoteness_band(distance_km: float) -> int:
    """Remoteness points of a receiving school: one per started 10 km from the seat."""
    return 1 + int(distance_km // 10)


def wish_scores(m: RotationModel) -> list[int]:
    """R4's wish tier: a first wish scores most; a school not wished for scores 0."""
    if not m.policy.R4.enabled:
        return [0] * len(m.x)
    cand = m.candidates
    longest = max((len(t.wishes) for t in cand.teachers), default=0)
    ranks = [el.wish_ranks(t) for t in cand.teachers]
    return [
        longest + 1 - r if (r := ranks[ti].get(cand.slots[si].school_id)) else 0
        for ti, si in cand.pairs
    ]


def lottery(inst: Instance, cand: Candidates, seed: int) -> list[int]:
    """The published, seeded lottery: one draw per (teacher, post) pair. Draws are made
    in roster order from ``random.Random(seed)``, so they depend on nothing else."""
    rng = random.Random(seed)
    return [rng.randrange(1 << 16) for _ in cand.pairs]


def changes_tier(m: RotationModel, previous: Plan) -> Tier:
    """Re-planning: the number of placements that differ from the published plan. A
    teacher kept exactly (same school and subject) costs nothing; one moved, dropped or
    newly added costs one."""
    cand = m.candidates
    before = {(a.teacher_id, a.to_school_id, a.subject) for a in previous.assignments}
    was_sent = {a.teacher_id for a in previous.assignments}
    vs: list[cp_model.IntVar] = []
    cs: list[int] = []
    for k, (ti, si) in enumerate(cand.pairs):
        key = (cand.teachers[ti].teacher_id, cand.slots[si].school_id, cand.slots[si].subject)
        if key in before:
            vs.append(m.x[k])
            cs.append(-1)
    for i, t in enumerate(cand.teachers):
        if t.teacher_id not in was_sent:
            vs.append(m.y[i])
            cs.append(1)
    return Tier("changes", -1, tuple(vs), tuple(cs), offset=len(before))


def objective_tiers(m: RotationModel, seed: int, previous: Plan | None = None) -> list[Tier]:
    """POLICY.md's tiers, in order, with two optional ones: "violations" first (best
    effort: the least total shortfall of the soft rules) and "changes" right after coverage
    (re-planning: never leave a post empty that could be filled, and among such plans
    change the fewest published placements). Terms with weight 0 are not built; a tier
    with no terms is skipped."""
    inst, cand, p = m.instance, m.candidates, m.policy
    first: list[Tier] = []
    if m.kept:
        # Best effort: the least total shortfall (rotators missing or in excess).
        first.append(Tier("violations", -1, tuple(m.shortfall), tuple(1 for _ in m.shortfall)))
    slot_school = [inst.school_by_id[cand.slots[si].school_id] for _, si in cand.pairs]
    need = el.quality_need(inst)
    year = el.plan_year(inst, p)
    tiers = [
        Tier("coverage", +1, tuple(m.x), tuple(1 for _ in m.x)),
        Tier(
            "remoteness", +1, tuple(m.x), tuple(remoteness_band(s.distance_km) for s in slot_school)
        ),
        Tier(
            "quality",
            +1,
            tuple(m.x),
            tuple(
                el.quality_weight(cand.teachers[ti]) * need[s.school_id]
                for (ti, _), s in zip(cand.pairs, slot_school, strict=True)
            ),
        ),
        Tier(
            "priority",
            +1,
            tuple(m.y),
            tuple(el.priority_points(t, p, year).total for t in cand.teachers),
        ),
        Tier(
            "pairing",
            +1,
            tuple(m.x),
            tuple(
                int(
                    p.P5.enabled
                    and p.P5.mode == "prefer"
                    and el.paired(inst, cand.teachers[ti].school_id, s.school_id)
                )
                for (ti, _), s in zip(cand.pairs, slot_school, strict=True)
            ),
        ),
        Tier("wishes", +1, tuple(m.x), tuple(wish_scores(m))),
        Tier(
            "commute",
            -1,
            tuple(m.x),
            tuple(
                round(inst.distance_km(cand.teachers[ti].school_id, s.school_id))
                for (ti, _), s in zip(cand.pairs, slot_school, strict=True)
            ),
        ),
        Tier("lottery", -1, tuple(m.x), tuple(lottery(inst, cand, seed))),
    ]
    if previous is not None:
        tiers.insert(1, changes_tier(m, previous))
    out = []
    for tier in first + tiers:
        terms = [(v, c) for v, c in zip(tier.variables, tier.coefficients, strict=True) if c]
        if terms:
            vs, cs = zip(*terms, strict=True)
            out.append(Tier(tier.name, tier.sense, tuple(vs), tuple(cs), tier.offset))
    return out
