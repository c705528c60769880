"""Hand-made mutants of the rulebook, applied as a pytest plugin (see bench/README.md).

    python -m pytest -n 0 -p bench.mutants --mutant model:Q1

At the start of the session the plugin breaks one piece of the package by monkeypatching
(no product file is edited), so the suite can show that it notices. Four kinds:

- ``model:<rule id>``: the rule is left out of the model: its ``build`` adds nothing and,
  in the model only, its ``excludes``/``forbids`` do not apply (nor does the model's
  subject shortcut for P1). The checker still applies the rule, and the objective's
  weights are those of the intact rulebook (a rule's tier weight is a ``tier`` mutant).
- ``check:<rule id>``: the rule's check returns no rows.
- ``blind:<rule id>``: the rule's check returns its rows, but never one VIOLATED: the
  check runs and reports, and sees nothing wrong (harder to notice than no rows).
- ``predicate:<rule id>``: the rule's ``excludes``/``forbids`` answer False for everyone,
  so the one admissible-move predicate is wrong in the model and the checker alike.
- ``tier:<name>``: the tier's weights are all zero (coverage ... commute through
  ``rules.objective.weights`` and ``teacher_weights``; changes through
  ``model.build.changes_tier``; violations in ``model.build.objective_tiers``). A tier
  whose weights are all zero is not built, so the tier is gone.

The mutant also reaches child interpreters (the command-line tests run ``python -m
rotation_planner``; scenarios spawn worker processes): the plugin puts a generated
``sitecustomize`` on ``PYTHONPATH`` that applies the same mutant when the child starts.

Hypothesis runs derandomized and without its example database while this plugin is
loaded, so that a mutant is killed, or survives, the same way on every run.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = "ROTATION_PLANNER_MUTANT"
KINDS = ("model", "check", "blind", "predicate", "tier")
# The tiers that are not weights of rules/objective.py.
EXTRA_TIERS = ("changes", "violations")
# Modules that may hold their own copy of a patched function (``from x import f``).
IMPORTERS = (
    "rotation_planner.rules.objective",
    "rotation_planner.model.build",
    "rotation_planner.model.solve",
    "rotation_planner.model.diagnose",
    "rotation_planner.model.relax",
    "rotation_planner.replan",
    "rotation_planner.scenarios",
    "rotation_planner.api",
    "rotation_planner.check",
)


@dataclass(frozen=True, order=True)
class Mutant:
    """One mutant: its kind and the rule id or tier name it breaks."""

    kind: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"


def _overrides(rule: object, method: str) -> bool:
    from rotation_planner.rules.base import Rule

    return getattr(type(rule), method) is not getattr(Rule, method)


def _has_predicate(rule: object) -> bool:
    return _overrides(rule, "excludes") or _overrides(rule, "forbids")


def all_mutants() -> list[Mutant]:
    """Every mutant that can change behaviour, by kind, in rulebook and tier order.

    A model mutant exists for a rule with a model piece (its own ``build``, or an
    ``excludes``/``forbids`` that removes variables); a predicate mutant for a rule with
    an ``excludes``/``forbids``; a check mutant for a rule with its own check rows.
    """
    from rotation_planner.rules.objective import TIERS
    from rotation_planner.rules.registry import REGISTRY

    out = [
        Mutant("model", r.id)
        for r in REGISTRY
        if _overrides(r, "build") or _overrides(r, "repair") or _has_predicate(r)
    ]
    out += [
        Mutant("check", r.id) for r in REGISTRY if _overrides(r, "audit") or _overrides(r, "check")
    ]
    out += [Mutant("blind", m.name) for m in out if m.kind == "check"]
    out += [Mutant("predicate", r.id) for r in REGISTRY if _has_predicate(r)]
    out += [Mutant("tier", name) for name, _ in TIERS]
    out += [Mutant("tier", name) for name in EXTRA_TIERS]
    return out


def parse(spec: str) -> Mutant:
    """``KIND:NAME`` -> a Mutant, refused unless it is one of ``all_mutants()``."""
    kind, _, name = spec.partition(":")
    mutant = Mutant(kind.strip(), name.strip())
    if mutant not in all_mutants():
        known = " ".join(str(m) for m in all_mutants())
        raise ValueError(f"unknown mutant {spec!r}; known: {known}")
    return mutant


# --- applying a mutant -----------------------------------------------------------------


def _loaded_modules() -> Iterator[Any]:
    for name, module in list(sys.modules.items()):
        if module is not None and name.split(".")[0] in ("rotation_planner", "bench", "tests"):
            yield module


def _replace_everywhere(original: object, replacement: object) -> int:
    """Point every loaded module's name for ``original`` at ``replacement``; modules
    imported later take the patched attribute from the module they import it from."""
    for name in IMPORTERS:
        importlib.import_module(name)
    found = 0
    for module in _loaded_modules():
        for attr, value in list(vars(module).items()):
            if value is original:
                setattr(module, attr, replacement)
                found += 1
    return found


def _never(*_args: object) -> bool:
    return False


def _no_rows(*_args: object) -> list[object]:
    return []


def _apply_model(rule_id: str) -> None:
    """Leave the rule out of every model ``build_model`` builds, and only there: its
    constraints, the moves it closes, its share of the objective and its repair, as
    ``skip`` does (the checker keeps the rule)."""
    from rotation_planner.model import build
    from rotation_planner.rules.facts import Facts

    class ModelFacts(Facts):
        def __init__(self, instance: Any, policy: Any, skip: Any = ()) -> None:
            super().__init__(instance, policy, (*skip, rule_id))

    build.Facts = ModelFacts  # type: ignore[misc]


def _apply_check(rule_id: str) -> None:
    from rotation_planner.rules.registry import BY_ID

    BY_ID[rule_id].check = _no_rows  # type: ignore[method-assign]


def _apply_blind(rule_id: str) -> None:
    from rotation_planner.rules.registry import BY_ID

    rule = BY_ID[rule_id]
    original = rule.check

    def check(a: Any) -> list[Any]:
        return [
            dataclasses.replace(r, status="OK", offending=()) if r.status == "VIOLATED" else r
            for r in original(a)
        ]

    rule.check = check  # type: ignore[method-assign]


def _apply_predicate(rule_id: str) -> None:
    from rotation_planner.rules.registry import BY_ID

    rule = BY_ID[rule_id]
    if _overrides(rule, "excludes"):
        rule.excludes = _never  # type: ignore[method-assign]
    if _overrides(rule, "forbids"):
        rule.forbids = _never  # type: ignore[method-assign]


def _apply_tier(name: str) -> None:
    from rotation_planner.model import build
    from rotation_planner.rules import objective

    def zero(*_args: object) -> int:
        return 0

    if name == "changes":
        original_changes = build.changes_tier

        def changes_tier(m: Any, previous: Any) -> Any:
            tier = original_changes(m, previous)
            return dataclasses.replace(tier, coefficients=tuple(0 for _ in tier.coefficients))

        _replace_everywhere(original_changes, changes_tier)
    elif name == "violations":
        original_tiers = build.objective_tiers

        def objective_tiers(m: Any, seed: int, previous: Any = None) -> Any:
            # All-zero weights: the tier has no terms, so it is not built.
            return [t for t in original_tiers(m, seed, previous) if t.name != "violations"]

        _replace_everywhere(original_tiers, objective_tiers)
    else:
        original_weights: Callable[..., dict[str, Any]] = objective.weights
        original_teacher: Callable[..., dict[str, Any]] = objective.teacher_weights

        def weights(facts: Any, seed: int = 0) -> dict[str, Any]:
            return {**original_weights(facts, seed), name: zero}

        def teacher_weights(facts: Any) -> dict[str, Any]:
            found = original_teacher(facts)
            return {**found, name: zero} if name in found else found

        _replace_everywhere(original_teacher, teacher_weights)
        _replace_everywhere(original_weights, weights)


def apply(mutant: Mutant) -> None:
    """Break the package in this process as ``mutant`` says."""
    {
        "model": _apply_model,
        "check": _apply_check,
        "blind": _apply_blind,
        "predicate": _apply_predicate,
        "tier": _apply_tier,
    }[mutant.kind](mutant.name)


def apply_from_environment() -> None:
    """In a child interpreter (through the generated sitecustomize): apply the mutant
    the parent session names in the environment."""
    spec = os.environ.get(ENV)
    if spec:
        apply(parse(spec))


_SITECUSTOMIZE = """\
import os, sys
if os.environ.get({env!r}):
    sys.path.insert(0, {root!r})
    import bench.mutants
    bench.mutants.apply_from_environment()
"""


# --- the pytest plugin -------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mutants", "hand-made mutants of the rulebook (bench/mutants.py)")
    group.addoption("--mutant", metavar="KIND:NAME", help="the mutant to apply")
    group.addoption(
        "--mutant-record",
        metavar="FILE",
        help="write the first failing test and the counts of tests here (JSON)",
    )


def _quiet_hypothesis() -> None:
    try:
        from hypothesis import settings
    except ImportError:
        return
    settings.register_profile("mutants", derandomize=True, database=None)
    settings.load_profile("mutants")


def pytest_configure(config: pytest.Config) -> None:
    _quiet_hypothesis()
    record = config.getoption("--mutant-record")
    if record:
        config.pluginmanager.register(_Record(Path(record)), "mutant-record")
    spec = config.getoption("--mutant")
    if not spec:
        return
    try:
        mutant = parse(spec)
    except ValueError as e:
        raise pytest.UsageError(str(e)) from e
    apply(mutant)
    site = Path(tempfile.mkdtemp(prefix="mutant-site-"))
    (site / "sitecustomize.py").write_text(
        _SITECUSTOMIZE.format(env=ENV, root=str(ROOT)), encoding="utf-8"
    )
    config.stash[_SITE] = site
    os.environ[ENV] = str(mutant)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p
    )


_SITE = pytest.StashKey[Path]()


def pytest_unconfigure(config: pytest.Config) -> None:
    site = config.stash.get(_SITE, None)
    if site is not None:
        shutil.rmtree(site, ignore_errors=True)


def pytest_report_header(config: pytest.Config) -> str | None:
    spec = config.getoption("--mutant")
    return f"mutant: {spec}" if spec else None


def _why(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The first line of the failure: the assertion or the exception that killed."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return text.strip().splitlines()[0][:160] if text.strip() else ""


class _Record:
    """Writes, as JSON at the end of the session, the node id of the first failure (a
    test or a collection), its first line, and how many tests passed, failed and were
    skipped: what ``bench.mutate`` reports for each mutant."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.first = ""
        self.why = ""
        self.counts = {"passed": 0, "failed": 0, "skipped": 0}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            if not self.first:
                self.first, self.why = report.nodeid, _why(report)
            self.counts["failed"] += 1
        elif report.skipped:
            self.counts["skipped"] += 1
        elif report.when == "call":
            self.counts["passed"] += 1

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and not self.first:
            self.first, self.why = f"{report.nodeid} (collection)", _why(report)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        data = {"first_failure": self.first, "why": self.why, **self.counts}
        self.path.write_text(json.dumps(data), encoding="utf-8")
