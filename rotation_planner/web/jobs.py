"""Solves in the background: each in a child process the page can stop at once.

A solve (``api.plan``) or a what-if run (``api.run_scenarios``) runs in a child process
(forked from a fork server that has loaded the solver once, or spawned where there is
none) in a process group of its own, so that cancelling it kills the child and every
process it started (the scenario pool) together: nothing is left behind. The child sends
each progress step (``api.Step``: its key and figures, never a name) and the result
back over a queue; a thread of the server reads them into the job's state, which the
page polls. The child also stops itself when the process that started it is gone.

One job per roster at a time: ``JobBoard.start`` refuses a second (``Busy``).
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rotation_planner import api


class Busy(Exception):
    """A roster already has a job running: one at a time."""


@dataclass
class StepRecord:
    """One progress step as the page shows it: seconds since the start, the step's key
    and figures (a tier's name, status, objective value and bound)."""

    seconds: float
    key: str
    fields: dict[str, object]


@dataclass
class Job:
    """A background solve and what the page knows of it."""

    kind: str  # "plan" or "whatif"
    process: Any
    started: float = field(default_factory=time.monotonic)
    steps: list[StepRecord] = field(default_factory=list)
    state: str = "running"  # running, done, cancelled, failed
    result: object = None
    error: str = ""
    done_count: int = 0  # what-if: scenarios finished
    last_seen: float = field(default_factory=time.monotonic)
    gone_pages: set[str] = field(default_factory=set)  # pages that said they closed
    on_done: Callable[[Job], None] | None = None
    ended: float | None = None

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def elapsed(self) -> float:
        """Seconds since the start, until the job ended."""
        return (self.ended or time.monotonic()) - self.started

    def end(self, state: str) -> None:
        if self.state == "running":
            self.ended = time.monotonic()
            self.state = state


def _watch_parent(parent: int) -> None:
    """In the child: stop this process group when the process that started it (the
    server, or its fork server) is gone."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            _kill_group(os.getpid())
            os._exit(1)


def _kill_group(pid: int) -> None:
    """SIGKILL the process group led by ``pid`` (the child and what it started)."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


def _child(kind: str, payload: dict[str, Any], out: Any) -> None:
    """The child process: run the api, send steps and the result back."""
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()

    def progress(message: str) -> None:
        step = message if isinstance(message, api.Step) else api.Step.of("message", text="")
        out.put(("step", step.key, dict(step.fields)))

    try:
        if kind == "plan":
            result: object = api.plan(
                payload["instance"], payload["policy"], payload["settings"],
                lang=payload["lang"], progress=progress,
            )  # fmt: skip
        else:
            result = api.run_scenarios(
                payload["instance"], payload["policy"], payload["scenarios"],
                payload["settings"], lang=payload["lang"], jobs=payload.get("jobs"),
                on_done=lambda r: out.put(("scenario", r.index, r.status)),
            )  # fmt: skip
        out.put(("done", result))
    except Exception as exc:  # the page says it failed; the type only, no data
        out.put(("failed", type(exc).__name__))


class JobBoard:
    """The running and finished jobs, one slot per roster."""

    def __init__(self, idle_cancel_s: float = 120.0) -> None:
        # A fork server that has loaded the solver once, so a solve starts at once.
        self._ctx = api.process_context(
            ["rotation_planner.web.jobs", "rotation_planner.model.solve"]
        )
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self.idle_cancel_s = idle_cancel_s
        self._stop = threading.Event()
        threading.Thread(target=self._watchdog, daemon=True, name="planner-web-watchdog").start()

    def get(self, key: str) -> Job | None:
        return self._jobs.get(key)

    def seen(self, key: str, page: str = "") -> None:
        """A page still waits for this roster's job (it polled). A poll from a page that
        has said it closed does not count: it was on its way when the page went."""
        job = self._jobs.get(key)
        if job is not None and (not page or page not in job.gone_pages):
            job.last_seen = time.monotonic()

    def left(self, key: str, grace_s: float, page: str = "") -> None:
        """A page of this roster was closed or left: unless another page asks about
        the job within ``grace_s`` seconds, it is stopped (the watchdog does it)."""
        job = self._jobs.get(key)
        if job is not None:
            if page:
                job.gone_pages.add(page)
            job.last_seen = min(job.last_seen, time.monotonic() - self.idle_cancel_s + grace_s)

    def start(
        self,
        key: str,
        kind: str,
        payload: dict[str, Any],
        on_done: Callable[[Job], None] | None = None,
    ) -> Job:
        """Start ``kind`` for roster ``key`` in a child process; Busy when one runs."""
        with self._lock:
            current = self._jobs.get(key)
            if current is not None and current.running:
                raise Busy(key)
            out = self._ctx.Queue()
            # Not a daemon: a what-if run starts a pool of its own. The child stops
            # itself when this process is gone, and shutdown() kills it at exit.
            process = self._ctx.Process(target=_child, args=(kind, payload, out), daemon=False)
            process.start()
            job = Job(kind, process, on_done=on_done)
            job.steps.append(StepRecord(0.0, "job_started", {}))
            self._jobs[key] = job
        threading.Thread(target=self._read, args=(job, out), daemon=True).start()
        return job

    def _read(self, job: Job, out: Any) -> None:
        """Read the child's messages into ``job`` until it ends."""
        while True:
            try:
                message = out.get(timeout=0.2)
            except queue.Empty:
                if job.process.is_alive():
                    continue
                try:  # the child may have ended just after its last put
                    message = out.get(timeout=0.5)
                except queue.Empty:
                    job.end("failed" if job.process.exitcode else "cancelled")
                    break
            kind = message[0]
            if kind == "step":
                job.steps.append(StepRecord(job.elapsed, message[1], message[2]))
            elif kind == "scenario":
                job.done_count += 1
                job.steps.append(
                    StepRecord(job.elapsed, "scenario_done", {"index": message[1],
                                                              "status": message[2]})
                )  # fmt: skip
            elif kind == "done":
                job.result = message[1]
                if job.state == "running":
                    if job.on_done is not None:  # the result is in place before "done"
                        job.on_done(job)
                    job.end("done")
                break
            elif kind == "failed":
                job.error = message[1]
                job.end("failed")
                break
        job.process.join(timeout=5)
        if job.process.is_alive():
            self._kill(job)

    def _kill(self, job: Job) -> None:
        process = job.process
        if process.pid is not None:
            _kill_group(process.pid)
        with contextlib.suppress(Exception):
            process.kill()
        process.join(timeout=5)

    def cancel(self, key: str) -> bool:
        """Stop roster ``key``'s running job at once (the child and all it started)."""
        job = self._jobs.get(key)
        if job is None or not job.running:
            return False
        job.end("cancelled")
        self._kill(job)
        return True

    def _watchdog(self) -> None:
        """Cancel a job no page has asked about for ``idle_cancel_s`` (its tab closed)."""
        while not self._stop.wait(1.0):
            now = time.monotonic()
            for key, job in list(self._jobs.items()):
                if job.running and now - job.last_seen > self.idle_cancel_s:
                    self.cancel(key)

    def shutdown(self) -> None:
        """Kill every running job: the server is stopping."""
        self._stop.set()
        for key in list(self._jobs):
            self.cancel(key)

    def pids(self) -> list[int]:
        """The child processes now alive (tests check that none is left)."""
        return [j.process.pid for j in self._jobs.values() if j.process.is_alive()]
