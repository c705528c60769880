"""The mutation pass, run by hand: ``python -m bench.mutate`` (see bench/README.md).

Runs the unmutated suite once (and stops if it fails), then the suite once per mutant
of ``bench/mutants.py``, each in its own pytest process with ``-x``: the first failing
test kills the mutant, so the tests likeliest to fail run first (the mutated rule's own
test file, then tests/rules, tests/objective, ...). Writes ``bench/mutation.md``: every
mutant, killed or survived, the test that killed it, how many tests ran and the time.
Every mutant should die; a survivor is either a missing test or an equivalent mutant,
explained by hand in the notes at the end of that file, which a new run keeps.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from bench.mutants import Mutant, all_mutants, parse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "mutation.md"
NOTES_MARK = "<!-- Notes below this line are kept when bench.mutate rewrites the file. -->"

# Test folders in the order they run: the rule tests and the tier tests kill most
# mutants within seconds; the command-line and scenario tests (child processes) last.
ORDER = (
    "tests/rules",
    "tests/objective",
    "tests/verdicts",
    "tests/mutation_gaps",
    "tests/model",
    "tests/diagnosis",
    "tests/replan",
    "tests/report",
    "tests/io",
    "tests/test_history.py",
    "tests/test_sample.py",
    "tests/scenarios",
    "tests/test_cli.py",
)
# Left out of every run: they start a Dask cluster (or fail to reach one), cost seconds
# a run, and compare Dask's results with a local run's, which carry the same mutant,
# so they cannot see one (run a survivor with --with-dask to confirm).
DASK_TESTS = (
    "tests/scenarios/test_run.py::test_unreachable_scheduler_is_a_clear_error",
    "tests/scenarios/test_cli_whatif.py::"
    "test_whatif_on_a_real_dask_scheduler_writes_the_same_workbook",
)


@dataclass(frozen=True)
class Outcome:
    """One pytest run: under a mutant, or unmutated (``mutant`` None)."""

    mutant: Mutant | None
    result: str  # killed | survived | timeout | error
    first_failure: str
    why: str
    passed: int
    failed: int
    seconds: float
    tail: str


def test_files(first: tuple[str, ...] = ()) -> list[str]:
    """Every test file, ``first`` then ORDER then any others, each once. Files, not
    folders: pytest would fold a file into a folder given after it, losing the order."""
    everything = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("tests/**/test_*.py"))
    out: list[str] = []
    for root in (*first, *ORDER, "tests"):
        for f in everything:
            if (f == root or f.startswith(root.rstrip("/") + "/")) and f not in out:
                out.append(f)
    return out


def names_rule(stem: str, rule_id: str) -> bool:
    """Whether a test file's name names the rule: test_q1_min_share names Q1, and
    test_r1_r3_priority names R1 to R3."""
    rid = rule_id.lower()
    ids = [w for w in stem.split("_") if len(w) == 2 and w[0].isalpha() and w[1].isdigit()]
    if rid in ids:
        return True
    same = sorted(int(w[1]) for w in ids if w[0] == rid[0])
    return len(rid) == 2 and rid[1].isdigit() and bool(same) and same[0] <= int(rid[1]) <= same[-1]


def own_tests(mutant: Mutant) -> tuple[str, ...]:
    """The tests likeliest to kill ``mutant``: the rule's own test files, or the tier
    tests."""
    if mutant.kind == "tier":
        return ("tests/objective",)
    return tuple(
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "tests" / "rules").glob("test_*.py"))
        if names_rule(p.stem, mutant.name)
    )


def run_one(mutant: Mutant | None, timeout: float, with_dask: bool) -> Outcome:
    """The suite under ``mutant`` in a child pytest, stopping at the first failure."""
    with tempfile.TemporaryDirectory(prefix="mutant-") as tmp:
        record = Path(tmp) / "record.json"
        # One process per mutant (-n 0): mutants already run side by side (--jobs).
        cmd = [sys.executable, "-m", "pytest", "-p", "bench.mutants", "-x", "-q", "-n", "0",
               "-p", "no:cacheprovider", "--basetemp", str(Path(tmp) / "basetemp"),
               "--mutant-record", str(record)]  # fmt: skip
        if mutant is not None:
            cmd += ["--mutant", str(mutant)]
        if not with_dask:
            for nodeid in DASK_TESTS:
                cmd += ["--deselect", nodeid]
        cmd += test_files(own_tests(mutant) if mutant else ())
        start = time.perf_counter()
        try:
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return Outcome(mutant, "timeout", "", "", 0, 0, time.perf_counter() - start, "")
        seconds = time.perf_counter() - start
        data = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    first = data.get("first_failure", "")
    tail = (proc.stdout + proc.stderr).strip()[-2000:]
    if proc.returncode == 0:
        result = "survived"
    elif proc.returncode in (1, 2) and first:  # tests failed, or -x stopped a collection
        result = "killed"
    else:
        result = "error"
    return Outcome(mutant, result, first, data.get("why", ""), data.get("passed", 0),
                   data.get("failed", 0), seconds, tail)  # fmt: skip


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def _commit() -> str:
    try:
        git = ["git", "-C", str(ROOT)]
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()  # fmt: skip
        dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with uncommitted changes)" if dirty else "")


def render(baseline: Outcome, outcomes: list[Outcome], jobs: int, with_dask: bool,
           load_before: str, wall: float, notes: str) -> str:  # fmt: skip
    """bench/mutation.md: the setting, the totals, one row per mutant, the notes."""
    killed = [o for o in outcomes if o.result in ("killed", "timeout")]
    survived = [o for o in outcomes if o.result == "survived"]
    errors = [o for o in outcomes if o.result == "error"]
    dask = ", ".join(f"`{n.split('::')[1]}`" for n in DASK_TESTS)
    left_out = "nothing" if with_dask else f"the {len(DASK_TESTS)} Dask tests ({dask})"
    lines = [
        "# Mutation pass",
        "",
        "Written by `python -m bench.mutate` (bench/README.md). Each mutant of "
        "`bench/mutants.py` is one run of the suite with `-x`; the first failing test "
        "kills it. Times are wall seconds on a shared 2-core machine and move with its load.",
        "",
        f"- Date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}; commit {_commit()}",
        f"- Python {platform.python_version()}, pytest {version('pytest')}, "
        f"ortools {version('ortools')}, hypothesis {version('hypothesis')} (derandomized)",
        f"- Jobs in parallel: {jobs}; load average before the run: {load_before}",
        f"- Unmutated suite: {baseline.passed} passed in {baseline.seconds:.0f} s",
        f"- Left out: {left_out}",
        f"- Whole pass: {wall / 60:.1f} min",
        "",
        f"**{len(killed)} of {len(outcomes)} mutants killed, {len(survived)} survived"
        + (f", {len(errors)} errors" if errors else "")
        + ".**",
        "",
        "| Kind | Mutants | Killed | Survived |",
        "|---|---:|---:|---:|",
    ]
    kinds = sorted({o.mutant.kind for o in outcomes if o.mutant},
                   key=("model", "check", "blind", "predicate", "tier").index)  # fmt: skip
    for kind in kinds:
        mine = [o for o in outcomes if o.mutant and o.mutant.kind == kind]
        k = sum(1 for o in mine if o.result in ("killed", "timeout"))
        s = sum(1 for o in mine if o.result == "survived")
        lines.append(f"| {kind} | {len(mine)} | {k} | {s} |")
    lines += [
        "",
        "| Mutant | Result | First failing test | Its failure | Tests run | Time (s) |",
        "|---|---|---|---|---:|---:|",
    ]
    for o in outcomes:
        first = f"`{o.first_failure}`" if o.first_failure else ""
        lines.append(
            f"| `{o.mutant}` | {o.result.upper() if o.result != 'killed' else o.result} | "
            f"{first} | {_cell(o.why)} | {o.passed + o.failed} | {o.seconds:.1f} |"
        )
    if survived:
        lines += ["", "Survivors: " + ", ".join(f"`{o.mutant}`" for o in survived) + "."]
    for o in errors:
        lines += ["", f"Error in `{o.mutant}`:", "", "```", o.tail, "```"]
    lines += ["", NOTES_MARK, notes.rstrip(), ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """A failure's first line, shortened, as a table cell."""
    text = text.replace("|", "\\|").replace("`", "'")
    return f"`{text[:90]}{'...' if len(text) > 90 else ''}`" if text else ""


def kept_notes(path: Path) -> str:
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    return text.split(NOTES_MARK, 1)[1].strip("\n") if NOTES_MARK in text else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.mutate", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    ap.add_argument("--jobs", type=int, default=1, help="suites run at once (at most 2 here)")
    ap.add_argument("--only", nargs="+", metavar="KIND:NAME", help="these mutants only")
    ap.add_argument("--list", action="store_true", help="list the mutants and stop")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per run (then killed)")
    ap.add_argument("--with-dask", action="store_true", help="keep the Dask tests in")
    ap.add_argument("--out", type=Path, help=f"where to write (default {OUT.relative_to(ROOT)}; "
                    "with --only, nothing is written unless --out is given)")  # fmt: skip
    args = ap.parse_args(argv)

    try:
        mutants = [parse(s) for s in args.only] if args.only else all_mutants()
    except ValueError as e:
        ap.error(str(e))
    if args.list:
        print("\n".join(str(m) for m in mutants))
        return 0
    out = args.out or (None if args.only else OUT)

    load_before = _load()
    start = time.perf_counter()
    print(f"unmutated suite ({_commit()}) ...", flush=True)
    baseline = run_one(None, args.timeout, args.with_dask)
    if baseline.result != "survived":
        print(f"The unmutated suite does not pass ({baseline.result}: {baseline.first_failure}); "
              "a mutation pass would mean nothing.\n" + baseline.tail, file=sys.stderr)  # fmt: skip
        return 1
    print(f"  {baseline.passed} passed in {baseline.seconds:.0f} s", flush=True)

    done: dict[Mutant, Outcome] = {}
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(run_one, m, args.timeout, args.with_dask): m for m in mutants}
        for i, fut in enumerate(as_completed(futures), start=1):
            o = fut.result()
            done[futures[fut]] = o
            print(f"[{i}/{len(mutants)}] {o.mutant}: {o.result} after {o.passed + o.failed} "
                  f"tests, {o.seconds:.1f} s  {o.first_failure}", flush=True)  # fmt: skip
    outcomes = [done[m] for m in mutants]
    wall = time.perf_counter() - start
    text = render(baseline, outcomes, args.jobs, args.with_dask, load_before, wall,
                  kept_notes(out) if out else "")  # fmt: skip
    if out:
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")
    else:
        print(text)
    survived = [o for o in outcomes if o.result != "killed" and o.result != "timeout"]
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
