"""How hard a solve tries: the settings every entry point passes, without loading the
solver (the command line reads them before it knows it will solve)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Progress = Callable[[str], None]


@dataclass(frozen=True)
class SolverSettings:
    """How hard to try. ``tier_time_limit`` bounds each tier's solve in seconds.
    ``method``: "lp" solves each tier's LP first and searches with CP-SAT only what the
    LP leaves open; "cp-sat" solves every tier with CP-SAT alone (the reference)."""

    seed: int = 0
    workers: int = 1
    tier_time_limit: float = 60.0
    method: Literal["lp", "cp-sat"] = "lp"


DEFAULT_SETTINGS = SolverSettings()
