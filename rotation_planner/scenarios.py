"""Running what-if scenarios: the baseline and each scenario solved on its own, in parallel.

The scenarios themselves (overrides, roster edits) are data in scenario.py. Scenarios are
independent. ``run_tasks`` solves the baseline and each scenario in parallel: local
processes by default (one CP-SAT worker each, the measured best), or a Dask distributed
cluster given its scheduler address. Every path calls the same task function, so serial,
local-parallel and Dask results are identical.

The task function (``api.solve_scenario``) is passed in: this module imports neither api
nor the solver, so api depends on it and not the other way round.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from rotation_planner.domain import Instance, Plan
from rotation_planner.policy import Policy
from rotation_planner.scenario import (
    BASELINE_NAMES,
    EDIT_WORDS,
    SCENARIO_EXEMPTION,
    EditKind,
    Problem,
    RosterEdit,
    Scenario,
    ScenarioError,
    baseline_name,
)

if TYPE_CHECKING:
    from rotation_planner.model.solve import SolverSettings

# The scenario data is re-exported, so code that imported it from here keeps working.
__all__ = [
    "BASELINE_NAMES",
    "EDIT_WORDS",
    "SCENARIO_EXEMPTION",
    "EditKind",
    "Problem",
    "RosterEdit",
    "Scenario",
    "ScenarioError",
    "ScenarioTask",
    "SchedulerError",
    "baseline_name",
    "default_jobs",
    "run_tasks",
    "scenario_tasks",
]


@dataclass(frozen=True)
class ScenarioTask:
    """Everything one solve needs, picklable: what a process or a Dask worker receives."""

    index: int
    scenario: Scenario
    instance: Instance
    policy: Policy
    settings: SolverSettings
    lang: str
    # A scenario that edits the roster is solved as a re-plan of this plan (the
    # baseline's): the fewest changes, as ``planner replan`` would make.
    previous: Plan | None = None


class _Indexed(Protocol):
    @property
    def index(self) -> int: ...


Result = TypeVar("Result", bound=_Indexed)


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
    one = dataclasses.replace(settings, workers=1)
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
    solve: Callable[[ScenarioTask], Result],
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    on_done: Callable[[Result], None] | None = None,
    connect_timeout: float = 20.0,
) -> list[Result]:
    """Solve every task with ``solve`` and return the results in task order.

    ``solve`` must be a module-level function (processes and Dask workers import it by
    name) that never raises: a failure is a result too, so the other tasks still run.
    ``scheduler``: the address of a Dask distributed scheduler (``tcp://host:8786``);
    otherwise local processes, ``jobs`` of them (default: one per core); ``jobs=1``
    solves in this process, one after the other. ``connect_timeout``: seconds to reach
    the scheduler before SchedulerError. ``on_done`` hears of each result as it comes.
    """
    done = on_done or (lambda _r: None)
    if scheduler is not None:
        results = _run_dask(tasks, solve, scheduler, done, connect_timeout)
    elif (jobs or default_jobs(len(tasks))) <= 1 or len(tasks) <= 1:
        results = []
        for task in tasks:
            results.append(solve(task))
            done(results[-1])
    else:
        results = _run_processes(tasks, solve, jobs or default_jobs(len(tasks)), done)
    return sorted(results, key=lambda r: r.index)


def process_context(preload: Sequence[str]) -> multiprocessing.context.BaseContext:
    """Where solving processes come from: a fork server that has imported ``preload``
    (the solver) once, each process a fork of it (Linux, macOS); else a fresh
    interpreter per process (spawn), which imports everything again. Never a plain fork
    of this process, whose threads (progress display, solver pools, a web server) a fork
    would copy half-way."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))
        return context
    return multiprocessing.get_context("spawn")


def _outlive_nobody(command: int) -> None:
    """In a worker: leave Ctrl-C to ``command`` (the process that started the pool: it
    stops the workers and says so, in the roster's language), and end this process as
    soon as ``command`` is gone. Ctrl-C ends the command at once, without winding the
    pool down, and a worker the pool was starting just then would otherwise wait for
    tasks for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(command, 0)
            except (ProcessLookupError, PermissionError):  # gone (its number reused)
                os._exit(1)

    threading.Thread(target=watch, name="planner-watch-command", daemon=True).start()


def _run_processes(
    tasks: Sequence[ScenarioTask],
    solve: Callable[[ScenarioTask], Result],
    jobs: int,
    done: Callable[[Result], None],
) -> list[Result]:
    context = process_context(["rotation_planner.api", "rotation_planner.model.solve"])
    results: list[Result] = []
    pool = context.Pool(
        processes=min(jobs, len(tasks)), initializer=_outlive_nobody, initargs=(os.getpid(),)
    )
    try:
        for result in pool.imap_unordered(solve, tasks):
            results.append(result)
            done(result)
    except BaseException:
        # Ctrl-C: stop every worker now. Pool.terminate may block joining its task
        # feeder (stuck writing a roster to a worker that died), so the workers are
        # killed here and the pool is wound down in the background while the caller
        # leaves (cli.main exits at once, without waiting for it).
        for child in multiprocessing.active_children():
            child.kill()
        threading.Thread(target=pool.terminate, daemon=True).start()
        raise
    pool.close()
    pool.join()
    return results


def _run_dask(
    tasks: Sequence[ScenarioTask],
    solve: Callable[[ScenarioTask], Result],
    scheduler: str,
    done: Callable[[Result], None],
    connect_timeout: float,
) -> list[Result]:
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
    results: list[Result] = []
    try:
        futures = [client.submit(solve, task, pure=False) for task in tasks]
        for future in dask_completed(futures, loop=client.loop):
            results.append(future.result())
            done(results[-1])
    finally:
        client.close()
    return results


class SchedulerError(RuntimeError):
    """The distributed scheduler cannot be used."""
