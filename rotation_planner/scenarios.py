"""What-if scenarios: a named set of policy overrides and roster edits, and running them.

A scenario changes the baseline (the roster and policy as read) in two ways: policy
overrides (``Q1.min_share = 0.15``) and roster edits (add a vacancy, close a post, mark a
teacher exempt). ``Scenario.apply`` makes the scenario's own Instance and Policy with
``Instance.replace`` and ``Policy.with_overrides``; nothing else changes, so a scenario
solved here is exactly the scenario solved alone.

Scenarios are independent. ``run_scenarios`` solves the baseline and each scenario in
parallel: local processes by default (one CP-SAT worker each, the measured best), or a
Dask distributed cluster given its scheduler address. Every path calls the same task
function, ``solve_scenario``, so serial, local-parallel and Dask results are identical.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from enum import StrEnum

from rotation_planner.api import Outcome, plan
from rotation_planner.check import CheckResult
from rotation_planner.domain import Instance, SolveResult, Teacher, Vacancy
from rotation_planner.model.solve import SolverSettings
from rotation_planner.policy import Policy

BASELINE_NAMES = ("baseline", "基准")


def baseline_name(lang: str) -> str:
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


# --- running ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioTask:
    """Everything one solve needs, picklable: what a process or a Dask worker receives."""

    index: int
    scenario: Scenario
    instance: Instance
    policy: Policy
    settings: SolverSettings
    lang: str


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario's outcome. ``error`` is set (and ``outcome`` is a no-plan outcome)
    when the solve itself failed; an infeasible policy is not an error, its conflicts are
    in ``outcome.conflicts``."""

    index: int
    scenario: Scenario
    instance: Instance
    policy: Policy
    outcome: Outcome
    error: str = ""
    worker: str = field(default="", compare=False)

    @property
    def status(self) -> str:
        return "ERROR" if self.error else self.outcome.result.status


def solve_scenario(task: ScenarioTask) -> ScenarioResult:
    """Solve one scenario: the task function of every execution path. Never raises: a
    failure comes back as a result with ``error`` set, so the other scenarios still run."""
    try:
        outcome = plan(task.instance, task.policy, task.settings, lang=task.lang)
        error = ""
    except Exception as exc:  # reported per scenario; the others continue
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" at {last[0].name}" if last else ""
        error = f"{type(exc).__name__}{where}"
        outcome = Outcome(SolveResult("ERROR", None), CheckResult(()))
    return ScenarioResult(
        task.index,
        task.scenario,
        task.instance,
        task.policy,
        outcome,
        error,
        worker=f"pid {os.getpid()}",
    )


OnDone = Callable[[ScenarioResult], None]


def scenario_tasks(
    instance: Instance,
    policy: Policy,
    scenarios: Iterable[Scenario],
    settings: SolverSettings,
    lang: str,
    *,
    with_baseline: bool = True,
) -> list[ScenarioTask]:
    """The baseline (first) and each scenario applied to the roster, one task each.
    Each solve uses one CP-SAT worker: the parallelism is across scenarios."""
    one = SolverSettings(seed=settings.seed, workers=1, tier_time_limit=settings.tier_time_limit)
    todo = ([Scenario(baseline_name(lang))] if with_baseline else []) + list(scenarios)
    tasks = []
    for i, scenario in enumerate(todo):
        inst, pol = scenario.apply(instance, policy)
        tasks.append(ScenarioTask(i, scenario, inst, pol, one, lang))
    return tasks


def default_jobs(n_tasks: int) -> int:
    """One process per core, never more than there are scenarios."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(n_tasks, cores or 1))


def run_tasks(
    tasks: Sequence[ScenarioTask],
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    on_done: OnDone | None = None,
    connect_timeout: float = 20.0,
) -> list[ScenarioResult]:
    """Solve every task and return the results in task order.

    ``scheduler``: the address of a Dask distributed scheduler (``tcp://host:8786``);
    otherwise local processes, ``jobs`` of them (default: one per core); ``jobs=1``
    solves in this process, one after the other. ``connect_timeout``: seconds to reach
    the scheduler before SchedulerError.
    """
    done = on_done or (lambda _r: None)
    if scheduler is not None:
        results = _run_dask(tasks, scheduler, done, connect_timeout)
    elif (jobs or default_jobs(len(tasks))) <= 1 or len(tasks) <= 1:
        results = []
        for task in tasks:
            results.append(solve_scenario(task))
            done(results[-1])
    else:
        results = _run_processes(tasks, jobs or default_jobs(len(tasks)), done)
    return sorted(results, key=lambda r: r.index)


def _run_processes(tasks: Sequence[ScenarioTask], jobs: int, done: OnDone) -> list[ScenarioResult]:
    # spawn, not fork: the parent may hold threads (progress display, solver pools) that
    # a forked child would inherit in an undefined state.
    context = multiprocessing.get_context("spawn")
    results: list[ScenarioResult] = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
        futures = [pool.submit(solve_scenario, task) for task in tasks]
        for future in as_completed(futures):
            results.append(future.result())
            done(results[-1])
    return results


def _run_dask(
    tasks: Sequence[ScenarioTask], scheduler: str, done: OnDone, connect_timeout: float
) -> list[ScenarioResult]:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise SchedulerError(
            "Dask distributed is not installed: pip install 'rotation_planner[distributed]'"
        ) from exc
    try:
        client = Client(scheduler, timeout=f"{connect_timeout}s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}") from exc
    results: list[ScenarioResult] = []
    try:
        futures = [client.submit(solve_scenario, task, pure=False) for task in tasks]
        for future in dask_completed(futures, loop=client.loop):
            results.append(future.result())
            done(results[-1])
    finally:
        client.close()
    return results


class SchedulerError(RuntimeError):
    """The distributed scheduler cannot be used."""
