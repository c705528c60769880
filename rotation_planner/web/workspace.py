"""Where the page keeps its work: a private temporary folder, and a state folder.

Each uploaded roster gets a ``Workspace`` under the server's private temporary folder
(mode 0700, removed when the server stops): its copy of the roster, the policy in force,
the plan, the scenarios and their results. Nothing personal leaves the machine.

What the user saves (a roster, a policy TOML, a plan kept from the what-if page) goes to
the state folder, which survives a restart: ``--data DIR``, by default the platform's
data folder (``~/.local/share/rotation_planner`` on Linux, ``%APPDATA%`` on Windows).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rotation_planner import api
from rotation_planner.scenario import Scenario

# The folders of the state folder.
SAVED_KINDS = ("rosters", "policies", "plans")


def default_data_dir() -> Path:
    """The platform's per-user data folder for the planner."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "rotation_planner"


_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


def safe_name(name: str, default: str = "roster.xlsx") -> str:
    """A file name from the user's, with no folder part and nothing a shell or a file
    system would read specially."""
    base = Path(name.replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).strip("._")
    return base[:120] or default


@dataclass
class Workspace:
    """One roster being worked on: its files, the policy, the plan and the what-ifs."""

    key: str
    folder: Path
    path: Path  # the roster's copy in the private folder
    roster: api.Roster
    policy_file: Path | None = None
    outcome: api.Outcome | None = None
    settings: api.SolverSettings = field(default_factory=api.SolverSettings)
    plan_lang: str = "zh"
    kept_from: str = ""  # the scenario kept as the plan, if any
    scenarios: list[Scenario] = field(default_factory=list)
    results: list[api.ScenarioResult] = field(default_factory=list)
    audit: tuple[str, api.Plan, api.CheckResult] | None = None
    # The roster and policy the plan belongs to: the roster's own, or a kept scenario's.
    plan_instance: Any = None
    plan_policy: Any = None
    views: dict[str, Any] = field(default_factory=dict)  # the plan pages, per language

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def instance(self):
        return self.roster.instance

    @property
    def policy(self) -> api.Policy:
        return self.roster.policy

    def out(self, name: str) -> Path:
        """A path for an output file in this workspace's private folder."""
        folder = self.folder / "out"
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder / name


class Store:
    """The rosters open in this server and the state folder."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="planner-web-"))  # mode 0700
        self.data = Path(data_dir) if data_dir else default_data_dir()
        for kind in SAVED_KINDS:
            (self.data / kind).mkdir(parents=True, exist_ok=True, mode=0o700)
        self.workspaces: dict[str, Workspace] = {}
        # Uploads that could not be read: their problems, until a good one replaces them.
        self.failed: dict[str, tuple[Path, api.RosterError]] = {}
        self._lock = threading.Lock()

    def new_folder(self, name: str) -> tuple[str, Path]:
        """A fresh private folder for an upload, and its key."""
        key = secrets.token_hex(6)
        folder = self.tmp / key
        folder.mkdir(mode=0o700)
        return key, folder / safe_name(name)

    def add(self, workspace: Workspace) -> None:
        with self._lock:
            self.workspaces[workspace.key] = workspace

    def get(self, key: str) -> Workspace | None:
        return self.workspaces.get(key)

    def saved(self, kind: str) -> list[str]:
        """The names of the saved files of ``kind`` (rosters, policies, plans)."""
        folder = self.data / kind
        return sorted(p.name for p in folder.iterdir() if p.is_file())

    def saved_path(self, kind: str, name: str) -> Path | None:
        """A saved file by name, or None (no path outside the state folder)."""
        if kind not in SAVED_KINDS:
            return None
        path = self.data / kind / safe_name(name)
        return path if path.is_file() else None

    def save(self, kind: str, source: Path, name: str | None = None) -> Path:
        """Copy ``source`` into the state folder under ``kind``."""
        target = self.data / kind / safe_name(name or source.name)
        tmp = target.with_name(target.name + ".part")
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
        return target

    def close(self) -> None:
        """Remove the private folder and everything in it."""
        shutil.rmtree(self.tmp, ignore_errors=True)
