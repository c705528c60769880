"""What-if scenarios as data: a named set of policy overrides and roster edits.

A scenario changes the baseline (the roster and policy as read) in two ways: policy
overrides (``Q1.min_share = 0.15``) and roster edits (add a vacancy, close a post, mark a
teacher exempt). ``Scenario.apply`` makes the scenario's own Instance and Policy with
``Instance.replace`` and ``Policy.with_overrides``; nothing else changes, so a scenario
solved on its own roster and policy is exactly the scenario solved alone.

This module knows nothing of solving: the scenario reader (io/scenario_read.py) builds
scenarios without loading the solver, and scenarios.py runs them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from rotation_planner.domain import Instance, Teacher, Vacancy
from rotation_planner.policy import Policy

BASELINE_NAMES = ("baseline", "基准")


def baseline_name(lang: str) -> str:
    """The baseline's name in a comparison: 基准 in Chinese, baseline in English."""
    return BASELINE_NAMES[1] if lang == "zh" else BASELINE_NAMES[0]


class EditKind(StrEnum):
    """The roster edits a scenario may make."""

    ADD_VACANCY = "add_vacancy"  # 新增岗位
    CLOSE_POST = "close_post"  # 关闭岗位
    EXEMPT = "exempt"  # 暂缓交流


EDIT_WORDS: dict[EditKind, tuple[str, str]] = {
    EditKind.ADD_VACANCY: ("add vacancy", "新增岗位"),
    EditKind.CLOSE_POST: ("close post", "关闭岗位"),
    EditKind.EXEMPT: ("exempt teacher", "暂缓交流"),
}

# What an exemption made by a scenario records (never shown: exemption reasons are personal).
SCENARIO_EXEMPTION = "情景: 暂缓交流"


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an edit cannot apply: the field at fault and the message in both languages."""

    field: str
    message_en: str
    message_zh: str


@dataclass(frozen=True, slots=True)
class RosterEdit:
    """One change to the roster.

    - ``add_vacancy``: ``count`` more posts (default 1) in ``subject`` at ``school_id``.
    - ``close_post``: ``count`` fewer posts in ``subject`` at ``school_id``; without a
      count, the whole post.
    - ``exempt``: teacher ``teacher_id`` becomes exempt (E5), as if an exemption reason
      had been filled in.
    """

    kind: EditKind
    school_id: str = ""
    subject: str = ""
    teacher_id: str = ""
    count: int | None = None

    def problem(self, inst: Instance) -> Problem | None:
        """The first reason this edit cannot apply to ``inst``, or None."""
        if self.kind is EditKind.EXEMPT:
            if not self.teacher_id:
                return Problem("teacher_id", "teacher_id is empty", "工号为空")
            if self.teacher_id not in inst.teacher_by_id:
                return Problem(
                    "teacher_id", "the teacher is not in the Teachers sheet", "该工号不在教师表中"
                )
            return None
        if not self.school_id:
            return Problem("school", "school is empty", "学校为空")
        if self.school_id not in inst.school_by_id:
            return Problem("school", "the school is not in the Schools sheet", "该学校不在学校表中")
        if not self.subject:
            return Problem("subject", "subject is empty", "学科为空")
        if self.count is not None and self.count < 1:
            return Problem("count", "count must be a whole number >= 1", "人数须为不小于1的整数")
        if self.kind is EditKind.CLOSE_POST:
            posts = _posts(inst).get((self.school_id, self.subject), 0)
            if posts == 0:
                return Problem(
                    "subject",
                    "the school has no vacancy in this subject to close",
                    "该学校没有此学科的岗位需求, 无法关闭",
                )
            if self.count is not None and self.count > posts:
                return Problem(
                    "count",
                    f"only {posts} post(s) to close",
                    f"该岗位只有{posts}个, 无法关闭{self.count}个",
                )
        return None

    def apply(self, inst: Instance) -> Instance:
        """``inst`` with this edit made (the edit must have no ``problem``)."""
        if self.kind is EditKind.EXEMPT:
            teachers = tuple(
                _exempt(t) if t.teacher_id == self.teacher_id else t for t in inst.teachers
            )
            return inst.replace(teachers=teachers)
        if self.kind is EditKind.ADD_VACANCY:
            added = Vacancy(self.school_id, self.subject, self.count or 1)
            return inst.replace(vacancies=(*inst.vacancies, added))
        key = (self.school_id, self.subject)
        left = _posts(inst)[key] - (self.count if self.count is not None else _posts(inst)[key])
        kept = tuple(v for v in inst.vacancies if (v.school_id, v.subject) != key)
        if left > 0:
            kept += (Vacancy(self.school_id, self.subject, left),)
        return inst.replace(vacancies=kept)

    def describe(self, lang: str) -> str:
        """The edit in words, without personal data: ``add vacancy S050 英语 +2``."""
        word = EDIT_WORDS[self.kind][1 if lang == "zh" else 0]
        if self.kind is EditKind.EXEMPT:
            return f"{word} {self.teacher_id}"
        if self.kind is EditKind.ADD_VACANCY:
            return f"{word} {self.school_id} {self.subject} +{self.count or 1}"
        if self.count is None:
            return f"{word} {self.school_id} {self.subject}"
        return f"{word} {self.school_id} {self.subject} -{self.count}"


def _posts(inst: Instance) -> dict[tuple[str, str], int]:
    return {(v.school_id, v.subject): v.count for v in inst.vacancy_slots}


def _exempt(t: Teacher) -> Teacher:
    return t if t.exempt_reason else replace(t, exempt_reason=SCENARIO_EXEMPTION)


@dataclass(frozen=True)
class Scenario:
    """A named what-if: policy overrides on top of the roster's policy, then roster edits
    in order. ``overrides`` are ``(key, value)`` pairs with POLICY.md keys."""

    name: str
    overrides: tuple[tuple[str, object], ...] = ()
    edits: tuple[RosterEdit, ...] = ()
    description: str = ""

    @property
    def override_map(self) -> dict[str, object]:
        return dict(self.overrides)

    @property
    def is_baseline(self) -> bool:
        return not self.overrides and not self.edits

    def apply(self, inst: Instance, policy: Policy) -> tuple[Instance, Policy]:
        """The scenario's roster and policy. Raises PolicyError for bad overrides and
        ScenarioError for an edit that cannot apply (readers check both first)."""
        new_policy = policy.with_overrides(self.override_map) if self.overrides else policy
        # The plan year lives in the roster: a scenario's year plans the same roster then.
        if new_policy.reference_date is not None and "reference_date" in self.override_map:
            inst = inst.in_year(new_policy.reference_date.year)
        elif new_policy.plan_year is not None and "plan_year" in self.override_map:
            inst = inst.in_year(new_policy.plan_year)
        for edit in self.edits:
            problem = edit.problem(inst)
            if problem is not None:
                raise ScenarioError(f"scenario {self.name!r}: {problem.message_en}")
            inst = edit.apply(inst)
        return inst, new_policy

    def describe(self, lang: str) -> str:
        """Every change in words, ``; `` separated: what the comparison shows."""
        parts = [f"{k} = {_plain(v)}" for k, v in self.overrides]
        parts += [e.describe(lang) for e in self.edits]
        if not parts:
            return "无变更" if lang == "zh" else "no change"
        return "; ".join(parts)


def _plain(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)


class ScenarioError(ValueError):
    """A scenario that cannot apply to the roster."""
