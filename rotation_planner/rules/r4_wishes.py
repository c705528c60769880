"""R4: teachers' ranked wishes (志愿) for receiving schools, with no justified envy: a
placed teacher with more priority points is never refused a school they ranked above
their placement while a teacher with fewer points holds a post there that the first
could fill. Source: France's mouvement (barème and deferred acceptance); India's online
counselling. The wishes tier of the objective grants as many wishes, as high, as the
tiers above allow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rotation_planner.rules.base import COUNTY, Phrase, Rule, RuleCheck, Scope, ScopeKind
from rotation_planner.rules.conflict import Member
from rotation_planner.rules.params import (
    RuleParams,
)

if TYPE_CHECKING:
    from rotation_planner.domain import Plan, Teacher, Vacancy
    from rotation_planner.rules.audit import Audit
    from rotation_planner.rules.base import RotationModel
    from rotation_planner.rules.facts import Facts

WISHES = Scope(ScopeKind.COUNTY, ("wishes",))


def wish_ranks(t: Teacher) -> dict[str, int]:
    """A teacher's wishes as {school id: rank}, 1 = first wish."""
    ranks: dict[str, int] = {}
    for r, school_id in enumerate(t.wishes, start=1):
        ranks.setdefault(school_id, r)
    return ranks


def longest_wish_list(facts: Facts) -> int:
    return max((len(t.wishes) for t in facts.instance.teachers), default=0)


def wish_score(t: Teacher, v: Vacancy, facts: Facts, longest: int) -> int:
    """The wishes tier's weight of a move: L + 1 - rank for the school ranked ``rank``
    (L: the longest wish list in the roster), 0 for a school not wished for."""
    if not facts.policy.R4.enabled:
        return 0
    rank = wish_ranks(t).get(v.school_id)
    return longest + 1 - rank if rank else 0


def blocking_pairs(facts: Facts, plan: Plan) -> list[tuple[str, str, str]]:
    """(envious, envied, school) triples: the envious teacher is placed, has more points,
    ranked the school above their placement and could fill the envied teacher's post
    there, which the envied teacher holds with fewer points."""
    inst, points = facts.instance, facts.points
    holders: dict[str, list[tuple[str, str]]] = {}
    for asg in plan.assignments:
        holders.setdefault(asg.to_school_id, []).append((asg.subject, asg.teacher_id))
    posts = {(v.school_id, v.subject): v for v in inst.vacancy_slots}
    found = []
    for asg in plan.assignments:
        t = inst.teacher_by_id[asg.teacher_id]
        ranks = wish_ranks(t)
        mine = ranks.get(asg.to_school_id, len(ranks) + 1)
        for school_id, r in sorted(ranks.items(), key=lambda kv: kv[1]):
            if r >= mine:
                break
            for subject, other in sorted(holders.get(school_id, ())):
                post = posts.get((school_id, subject))
                if post is None or points[other] >= points[t.teacher_id]:
                    continue
                if facts.could_fill(t, post):
                    found.append((t.teacher_id, other, school_id))
    return found


class R4Params(RuleParams):
    """Ranked wishes (志愿) respected as far as the hard rules allow, with no justified
    envy: nobody with more points is refused a school they ranked above their own
    placement while someone with fewer points holds a seat there in their subject."""


class R4(Rule):
    id = "R4"
    conflict_scope = Scope(ScopeKind.TEACHER, ("teacher",))

    def build(self, m: RotationModel) -> None:
        cand, points = m.candidates, m.facts.points
        slot_pairs = m.pairs_of_slot()
        for i, ks in enumerate(m.pairs_of_teacher()):
            t = cand.teachers[i]
            rank = wish_ranks(t)
            if not rank:
                continue
            unwished = len(rank) + 1
            pair_rank = {k: rank.get(cand.slots[cand.pairs[k][1]].school_id, unwished) for k in ks}
            for k in ks:
                if pair_rank[k] == unwished:
                    continue
                si = cand.pairs[k][1]
                weaker = [
                    k2 for k2 in slot_pairs[si]
                    if points[cand.teachers[cand.pairs[k2][0]].teacher_id] < points[t.teacher_id]
                ]  # fmt: skip
                if not weaker:
                    continue
                # If a weaker teacher holds a seat here, t is unplaced or placed at least
                # as high in their wishes.
                as_good = m.sum_x(k2 for k2 in ks if pair_rank[k2] <= pair_rank[k])
                held = m.sum_x(weaker)
                c = held <= cand.slots[si].count * (1 - m.y[i] + as_good)
                m.require(self.id, Scope(ScopeKind.TEACHER, (t.teacher_id,)), c)

    def audit(self, a: Audit) -> list[RuleCheck]:
        pairs = blocking_pairs(a.facts, a.plan)
        rows = [
            RuleCheck(self.id, COUNTY, Phrase.NONE, "VIOLATED" if pairs else "OK", 0, len(pairs),
                      None, tuple(f"{t}>{o}@{s}" for t, o, s in pairs))
        ]  # fmt: skip
        got: dict[str, int] = {}
        for p in a.placements:
            ranks = wish_ranks(p.teacher)
            if ranks:
                r = ranks.get(p.post.school_id)
                key = str(r) if r is not None else "none"
                got[key] = got.get(key, 0) + 1
        if got:
            with_wishes = sum(got.values())
            granted = with_wishes - got.get("none", 0)
            detail = tuple(sorted(got.items(), key=lambda kv: (kv[0] == "none", kv[0])))
            rows.append(
                RuleCheck(self.id, WISHES, Phrase.SHARE, "OK", None, granted, with_wishes, (),
                          detail)
            )  # fmt: skip
        return rows

    def figures(self, facts: Facts, scope: Scope) -> Member | None:
        """A teacher's wishes may not be refused to one with fewer points."""
        teacher_id = scope.ids[0]
        if teacher_id not in facts.instance.teacher_by_id:
            return None
        return Member(self.id, scope, teacher_id, self.id)
