"""Run the benchmark by hand: ``python -m bench.run`` (see bench/README.md).

For each instance, in one run: ``planner solve`` end to end as a child process, the
same model solved by HiGHS in another child process, and the greedy baseline; then
``planner solve`` again at short time limits, each plan re-checked by ``planner check``;
the what-if target (the ten scenarios of sample_data/scenarios.toml on the
3,000-teacher sample); the scaling series. Prints the tables and writes
bench/results.md (with the targets, met or missed) and bench/scaling.png.
Nothing here is run by CI, and no test times anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import openpyxl

from bench.export import export_mip
from bench.greedy import run_greedy
from bench.instances import DENSE, MAIN, BenchInstance, scaling_sizes
from rotation_planner.io.roster_write import write_roster
from rotation_planner.policy import Policy
from rotation_planner.report import labels

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass
class Measured:
    """One child process: wall seconds, peak resident memory (MB), exit code, stdout."""

    wall_s: float
    peak_mb: float
    returncode: int
    stdout: str


# Linux keeps a process's peak memory across exec, and subprocess starts children with
# vfork: a child of this (large) parent would report the parent's size as its floor.
# So each measured command runs under a small launcher, and the launcher reports its own
# child's wall time and peak memory.
_LAUNCHER = """
import json, resource, subprocess, sys, time
report, timeout, args = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
t0 = time.perf_counter()
try:
    code = subprocess.run(args, timeout=timeout).returncode
except subprocess.TimeoutExpired:
    code = -9
wall = time.perf_counter() - t0
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(report, "w") as fh:
    json.dump({"wall_s": wall, "peak_kb": peak_kb, "returncode": code}, fh)
"""


def run_child(args: list[str], timeout: float = 3_600) -> Measured:
    """Run ``args`` as a grandchild under a small launcher and measure it alone."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        report = Path(tmp) / "measured.json"
        launcher = [sys.executable, "-c", _LAUNCHER, str(report), str(timeout), *args]
        subprocess.run(launcher, stdout=out, stderr=err, cwd=ROOT, check=False)
        measured = json.loads(report.read_text())
        out.seek(0)
        err.seek(0)
        text = out.read().decode(errors="replace")
        if measured["returncode"] not in (0, 1):
            text += err.read().decode(errors="replace")[-2000:]
    return Measured(measured["wall_s"], measured["peak_kb"] / 1024, measured["returncode"], text)


@dataclass
class Tier:
    name: str
    status: str
    value: float | None
    bound: float | None
    gap: float | None
    wall_s: float


@dataclass
class MethodRow:
    instance: str
    teachers: int
    pairs: int
    posts: int
    method: str
    wall_s: float
    peak_mb: float | None
    tiers: list[Tier] = field(default_factory=list)
    filled: int | None = None
    solve_s: float | None = None  # solver time alone (sum of tiers)
    note: str = ""

    def tier_text(self) -> str:
        if not self.tiers:
            return "-"
        optimal = sum(1 for t in self.tiers if t.status == "OPTIMAL")
        gaps = [t.gap for t in self.tiers if t.gap is not None]
        worst = max(gaps) if gaps else float("nan")
        return f"{optimal}/{len(self.tiers)} optimal, max gap {worst:.3g}"

    def tier_seconds(self) -> str:
        return " ".join(f"{t.wall_s:.2f}" for t in self.tiers) or "-"


# The Run sheet words statuses ("proven optimal"); the tables here use the codes.
_STATUS_CODE = {labels.solve_status(code, "en"): code for code in labels.SOLVE_STATUS}


def read_run_sheet(plan_path: Path) -> tuple[list[Tier], int | None, float | None, str]:
    """Tiers, teachers assigned, total solve time and the run's status (as codes:
    OPTIMAL, FEASIBLE...) from the plan's Run sheet (English)."""
    wb = openpyxl.load_workbook(plan_path, read_only=True)
    ws = wb["Run"]
    sec_tier = labels.word("sec_tier", "en")
    assigned_word = labels.word("assigned", "en")
    tiers: list[Tier] = []
    assigned = None
    status = "-"
    for row in ws.iter_rows(values_only=True):
        if not row or row[0] is None:
            continue
        if row[0] == sec_tier:
            name = str(row[1]).split(". ", 1)[-1]
            code = _STATUS_CODE.get(str(row[3]), str(row[3]))
            tiers.append(Tier(name, code, row[2], row[4], row[5], float(row[6] or 0)))
        elif row[1] == assigned_word:
            assigned = int(row[2])
        elif row[1] == "status" and status == "-":
            status = _STATUS_CODE.get(str(row[2]), str(row[2]))
    wb.close()
    return tiers, assigned, sum(t.wall_s for t in tiers) if tiers else None, status


def planner_row(
    b: BenchInstance, roster: Path, work: Path, pairs: int, posts: int, limit: float
) -> MethodRow:
    plan = work / f"{b.name}.plan.xlsx"
    cmd = [sys.executable, "-m", "rotation_planner", "solve", str(roster), "-o", str(plan),
           "--lang", "en", "--quiet", "--time-limit", str(limit)]  # fmt: skip
    m = run_child(cmd)
    row = MethodRow(b.name, b.teachers, pairs, posts, "planner solve (LP + CP-SAT)", m.wall_s,
                    m.peak_mb)  # fmt: skip
    if m.returncode not in (0, 1) or not plan.exists():
        row.note = f"exit {m.returncode}: {m.stdout.strip()[-300:]}"
        return row
    row.tiers, row.filled, row.solve_s, _ = read_run_sheet(plan)
    if m.returncode == 1:
        row.note = "checker rejected the plan"
    return row


def highs_row(b: BenchInstance, model_npz: Path, pairs: int, posts: int, limit: float) -> MethodRow:
    m = run_child([sys.executable, "-m", "bench.highs_peer", str(model_npz), str(limit)])
    row = MethodRow(b.name, b.teachers, pairs, posts, "HiGHS MIP (same model)", m.wall_s,
                    m.peak_mb)  # fmt: skip
    if m.returncode != 0:
        row.note = f"exit {m.returncode}: {m.stdout.strip()[-300:]}"
        return row
    out = json.loads(m.stdout.strip().splitlines()[-1])
    row.tiers = [
        Tier(t["name"], t["status"], t.get("value"), t.get("bound"), t.get("gap"), t["wall_s"])
        for t in out["tiers"]
    ]
    row.filled = out["first_tier_value"] if row.tiers and row.tiers[0].name == "coverage" else None
    row.solve_s = out["solve_s"]
    return row


def greedy_row(b: BenchInstance, inst, pairs: int, posts: int) -> MethodRow:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    g = run_greedy(inst, Policy())
    row = MethodRow(b.name, b.teachers, pairs, posts, "greedy by hand", time.perf_counter() - t0,
                    None, filled=g.filled)  # fmt: skip
    row.note = "checker: every rule holds" if g.check_ok else (
        "checker rejects: " + ", ".join(g.violated_rules))  # fmt: skip
    return row


def bench_instance(b: BenchInstance, work: Path, limit: float, peers: bool) -> list[MethodRow]:
    print(f"[{time.strftime('%H:%M:%S')}] {b.name}: generating", flush=True)
    inst = b.make()
    roster = work / f"{b.name}.xlsx"
    write_roster(inst, roster, lang="en")
    model_npz = work / f"{b.name}.npz"
    size = export_mip(inst, Policy(), model_npz)
    posts = sum(v.count for v in inst.vacancy_slots)
    pairs = size["pairs"]
    print(f"  {size['teachers']} eligible, {pairs} pairs, {posts} posts; planner solve",
          flush=True)  # fmt: skip
    rows = [planner_row(b, roster, work, pairs, posts, limit)]
    if peers:
        print("  HiGHS", flush=True)
        rows.append(highs_row(b, model_npz, pairs, posts, limit))
        print("  greedy", flush=True)
        rows.append(greedy_row(b, inst, pairs, posts))
    return rows


@dataclass
class LimitRun:
    """``planner solve --time-limit L`` on one instance, and ``planner check`` of the plan
    it wrote (exit 0: every rule holds)."""

    instance: str
    limit: float
    exit_code: int
    wall_s: float
    status: str
    tiers: str
    check_exit: int | None


def limit_runs(chosen: list[BenchInstance], work: Path, limits: list[float]) -> list[LimitRun]:
    """Every instance at every short limit: the verdict must be right whatever the time.
    Exit 0 writes a lawful plan (proven or not), 3 a proven "no lawful plan", 4 "no plan
    in the time allowed" (nothing written); ``planner check`` re-checks what was written."""
    runs = []
    for b in chosen:
        roster = work / f"{b.name}.xlsx"
        for limit in limits:
            print(f"[{time.strftime('%H:%M:%S')}] {b.name}: --time-limit {limit:g}", flush=True)
            plan = work / f"{b.name}.limit-{limit:g}.plan.xlsx"
            cmd = [sys.executable, "-m", "rotation_planner", "solve", str(roster), "-o",
                   str(plan), "--lang", "en", "--quiet", "--time-limit", str(limit)]  # fmt: skip
            m = run_child(cmd)
            status, tiers, check_exit = "-", "-", None
            if plan.exists():
                found, _, _, status = read_run_sheet(plan)
                tiers = MethodRow(b.name, 0, 0, 0, "", 0.0, None, found).tier_text()
                check = [sys.executable, "-m", "rotation_planner", "check", str(roster),
                         str(plan), "--quiet", "--lang", "en"]  # fmt: skip
                check_exit = subprocess.run(check, capture_output=True, cwd=ROOT).returncode
            runs.append(LimitRun(b.name, limit, m.returncode, m.wall_s, status, tiers, check_exit))
    return runs


WHATIF_ROSTER = ROOT / "sample_data" / "county_3000.xlsx"
WHATIF_SCENARIOS = ROOT / "sample_data" / "scenarios.toml"


def whatif_run(work: Path) -> tuple[int, float, int]:
    """The ten scenarios of sample_data/scenarios.toml on the 3,000-teacher sample, two at
    a time: (scenarios, wall seconds, exit code)."""
    print(f"[{time.strftime('%H:%M:%S')}] whatif: 3,000-teacher sample", flush=True)
    lines = WHATIF_SCENARIOS.read_text(encoding="utf-8").splitlines()
    scenarios = sum(1 for line in lines if line.strip() == "[[scenario]]")
    cmd = [sys.executable, "-m", "rotation_planner", "whatif", str(WHATIF_ROSTER),
           "--scenarios", str(WHATIF_SCENARIOS), "--jobs", "2", "-o",
           str(work / "whatif.xlsx"), "--quiet"]  # fmt: skip
    m = run_child(cmd)
    return scenarios, m.wall_s, m.returncode


def targets(
    rows: list[MethodRow], whatif: tuple[int, float, int] | None
) -> list[tuple[str, str, str]]:
    """The issue's targets, each with this run's figure and met or missed."""
    planner = {r.instance: r for r in rows if r.method.startswith("planner")}
    highs = {r.instance: r for r in rows if r.method.startswith("HiGHS")}
    found: list[tuple[str, str, str]] = []

    def proven(r: MethodRow) -> bool:
        return bool(r.tiers) and all(t.status == "OPTIMAL" for t in r.tiers)

    def wall(name: str, limit: float, what: str) -> None:
        r = planner.get(name)
        if r is None:
            return
        ok = proven(r) and r.wall_s <= limit
        figure = f"{r.wall_s:.2f} s, {r.tier_text()}"
        found.append((f"{what}: every tier proven, <= {limit:g} s", figure, _met(ok)))

    wall("county", 2.5, "5,000-teacher county")
    wall("county-10k", 10.0, "10,000 teachers")
    wall("district-no-wishes", 30.0, "20,000-teacher district without wishes")
    wall("district", 60.0, "20,000-teacher district with wishes")
    peaks = [planner[n].peak_mb for n in ("district-no-wishes", "district") if n in planner]
    if peaks:
        worst = max(p or 0.0 for p in peaks)
        found.append(("peak memory at 20,000 <= 1 GB", f"{worst:.0f} MB", _met(worst <= 1024)))
    for name, r in planner.items():
        h = highs.get(name)
        if h is None or not r.solve_s or not h.solve_s:
            continue
        ratio = r.solve_s / h.solve_s
        note = "" if proven(h) else " (HiGHS not proven within its limit)"
        found.append(
            (f"{name}: solve time <= 0.5x HiGHS", f"{ratio:.2f}{note}", _met(ratio <= 0.5))
        )
    if whatif is not None:
        n, seconds, code = whatif
        figure = f"{seconds:.2f} s (exit {code})"
        found.append((f"{n} what-if scenarios on the 3,000-teacher sample <= 10 s on 2 cores",
                      figure, _met(code == 0 and seconds <= 10.0)))  # fmt: skip
    return found


def _met(ok: bool) -> str:
    return "met" if ok else "missed"


def _fmt(x: float | None, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.{digits}f}"


HEADER = ("instance", "teachers", "pairs", "method", "wall s", "solver s", "per-tier s",
          "peak MB", "tiers", "filled / posts", "planner / HiGHS", "filled vs greedy",
          "note")  # fmt: skip


def table_rows(rows: list[MethodRow]) -> list[tuple[str, ...]]:
    out = []
    for r in rows:
        same = [x for x in rows if x.instance == r.instance]
        cp = next((x for x in same if x.method.startswith("planner")), None)
        hs = next((x for x in same if x.method.startswith("HiGHS")), None)
        gr = next((x for x in same if x.method.startswith("greedy")), None)
        ratio = "-"
        if r is cp and hs and cp.solve_s and hs.solve_s:
            ratio = f"{cp.solve_s / hs.solve_s:.2f}"
        versus = "-"
        if r is not gr and gr and r.filled is not None:
            versus = f"{r.filled - gr.filled:+d}"
        filled = "-" if r.filled is None else f"{r.filled} / {r.posts}"
        out.append((r.instance, f"{r.teachers:,}", f"{r.pairs:,}", r.method, _fmt(r.wall_s),
                    _fmt(r.solve_s), r.tier_seconds(), _fmt(r.peak_mb, 0), r.tier_text(),
                    filled, ratio, versus, r.note))  # fmt: skip
    return out


def markdown(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


def machine() -> list[str]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    banner = subprocess.run(
        [sys.executable, "-c", "import highspy; print(highspy.Highs().version())"],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    highs = (banner.strip().splitlines() or ["?"])[-1]  # HiGHS prints its banner first
    return [
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {os.cpu_count()} CPUs (nproc), {cpu}, {mem_kb / 1024**2:.1f} GB RAM",
        f"- Python {platform.python_version()}, ortools {version('ortools')}, "
        f"highspy {version('highspy')} (HiGHS {highs})",
        "- planner: 1 CP-SAT worker (the default); HiGHS: default threads, gap 0",
    ]


def scaling(work: Path, limit: float) -> list[dict[str, float]]:
    points = []
    for b in scaling_sizes():
        print(f"[{time.strftime('%H:%M:%S')}] scaling {b.teachers}", flush=True)
        inst = b.make()
        roster = work / f"{b.name}.xlsx"
        write_roster(inst, roster, lang="en")
        row = planner_row(b, roster, work, 0, 0, limit)
        optimal = all(t.status == "OPTIMAL" for t in row.tiers) and bool(row.tiers)
        points.append({"teachers": b.teachers, "schools": len(inst.schools),
                       "wall_s": row.wall_s, "solve_s": row.solve_s or 0.0,
                       "peak_mb": row.peak_mb or 0.0, "optimal": optimal})  # fmt: skip
    return points


def plot_scaling(points: list[dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = [p["teachers"] for p in points]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ax1.loglog(n, [p["wall_s"] for p in points], "o-", label="planner solve, end to end")
    solved = [p for p in points if p["solve_s"] > 0]  # no plan in time: no tier time
    ax1.loglog([p["teachers"] for p in solved], [p["solve_s"] for p in solved], "s--",
               label="solver tiers only")  # fmt: skip
    open_ = [p for p in points if not p["optimal"]]
    if open_:
        ax1.loglog([p["teachers"] for p in open_], [p["wall_s"] for p in open_], "x",
                   color="red", markersize=10,
                   label="not every tier proven in the limit")  # fmt: skip
    ax1.set_xlabel("teachers")
    ax1.set_ylabel("seconds")
    ax1.grid(True, which="both", alpha=0.3)
    ax1.legend()
    ax2.plot(n, [p["peak_mb"] for p in points], "o-")
    ax2.set_xlabel("teachers")
    ax2.set_ylabel("peak RSS of planner solve (MB)")
    ax2.grid(True, alpha=0.3)
    fig.suptitle("rotation_planner: cost against county size")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", help="comma-separated instance names (default: all)")
    ap.add_argument("--no-dense", action="store_true", help="skip the dense variants")
    ap.add_argument("--no-scaling", action="store_true", help="skip the scaling series")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds per tier")
    ap.add_argument(
        "--scaling-time-limit", type=float, default=20.0, help="seconds per tier, scaling"
    )
    ap.add_argument(
        "--limits", default="1,5", help="short per-tier limits to re-run every instance at"
    )
    ap.add_argument("--no-whatif", action="store_true", help="skip the what-if target")
    ap.add_argument("--out", type=Path, default=HERE / "results.md")
    ap.add_argument("--notes", type=Path, help="markdown appended to results.md as notes")
    args = ap.parse_args()
    chosen = list(MAIN) + ([] if args.no_dense else list(DENSE))
    if args.only:
        names = set(args.only.split(","))
        chosen = [b for b in chosen if b.name in names]
    rows: list[MethodRow] = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="rotation-bench-") as tmp:
        work = Path(tmp)
        for b in chosen:
            rows += bench_instance(b, work, args.time_limit, peers=True)
        limits = [float(x) for x in args.limits.split(",") if x.strip()]
        short = limit_runs(chosen, work, limits)
        whatif = None if args.no_whatif else whatif_run(work)
        points = [] if args.no_scaling else scaling(work, args.scaling_time_limit)
    table = table_rows(rows)
    print()
    print_table(HEADER, table)
    load_after = os.getloadavg()
    text = ["# Benchmark results", "", *machine()]
    text.append(
        f"- load average (1 min) at start {load_before[0]:.1f}, at end {load_after[0]:.1f}; "
        f"per-tier limit {args.time_limit:g} s (scaling: {args.scaling_time_limit:g} s)"
    )
    text += ["", markdown(HEADER, table), ""]
    text += [
        "Columns: *wall s* is the child process's wall time (for `planner solve`: reading the",
        "roster, building, solving every tier, checking, writing the plan workbook); *solver s*",
        "is the sum of the tiers' solve times (GLOP and CP-SAT for the planner);",
        "*peak MB* is the child's own maximum resident set (measured by a small launcher, so",
        "the parent's size does not leak in); *per-tier s* lists each tier's seconds in order;",
        "*planner / HiGHS* divides the two solver times; the greedy runs in-process.",
        "",
        "## Targets",
        "",
        markdown(("target", "this run", "met?"), targets(rows, whatif)),
        "",
        "## Short time limits",
        "",
        "Each instance again at each short per-tier limit, and `planner check` on every plan",
        "written (exit 0: every rule holds; exit 4 writes nothing). The default limit is the",
        "first table's.",
        "",
        markdown(
            ("instance", "limit s", "solve exit", "wall s", "status", "tiers", "check exit"),
            [
                (
                    r.instance,
                    f"{r.limit:g}",
                    str(r.exit_code),
                    _fmt(r.wall_s),
                    r.status,
                    r.tiers,
                    "-" if r.check_exit is None else str(r.check_exit),
                )
                for r in short
            ],
        ),
        "",
    ]
    if points:
        plot_scaling(points, HERE / "scaling.png")
        text += ["## Scaling", "", "![scaling](scaling.png)", ""]
        text.append(markdown(
            ("teachers", "schools", "wall s", "solver s", "peak MB", "all tiers optimal"),
            [(f"{p['teachers']:,}", str(p["schools"]), _fmt(p["wall_s"]), _fmt(p["solve_s"]),
              _fmt(p["peak_mb"], 0), "yes" if p["optimal"] else "no") for p in points],
        ))  # fmt: skip
        text.append("")
        print(json.dumps(points))
    if args.notes and args.notes.exists():
        text += ["## Notes", "", args.notes.read_text().strip(), ""]
    args.out.write_text("\n".join(text))
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
