"""``planner``: the thin command line over rotation_planner.api.

Exit codes: 0 a lawful plan (or valid roster), 1 a plan that fails the checker,
2 bad input (every problem listed, with sheet, row and column), 3 no lawful plan exists
(proven), 4 no plan found in the time allowed, 130 interrupted (Ctrl-C): no file changed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from rotation_planner.policy import Policy, PolicyError, read_policy_overrides

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Plan the urban-rural teacher rotation (城乡教师交流轮岗) of a county.",
)

# Options shared by several commands, defined once (pip-tools style).
RosterArg = Annotated[
    Path, typer.Argument(help="Roster workbook (花名册), .xlsx, Chinese or English headers.")
]
PolicyOpt = Annotated[
    Path | None,
    typer.Option("--policy", help="TOML file of policy overrides, e.g. Q1.min_share = 0.15."),
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the published tie-break lottery.")]
WorkersOpt = Annotated[
    int, typer.Option("--workers", min=1, help="CP-SAT worker threads (1 is fastest here).")
]
TimeOpt = Annotated[
    float, typer.Option("--time-limit", min=0.1, help="Seconds allowed per objective tier.")
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="Output language: zh or en (default: the input's).")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]
OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Output workbook path.")]
BestEffortOpt = Annotated[
    bool,
    typer.Option(
        "--best-effort",
        help="When the rules cannot all hold, break the counting rules (Q1-Q4, P3, M1) as "
        "little as possible instead of stopping; each breach is in the Constraint report "
        "and the exit code is 1.",
    ),
]
HistoryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--history",
        help="An earlier plan workbook (repeatable): its rotators count as rotated in its "
        "year (from its Run sheet or file name, or given as PATH:YEAR).",
    ),
]
PreviousOpt = Annotated[
    Path, typer.Option("--previous", help="The published plan workbook to keep.")
]

EXIT_VIOLATION, EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_NO_PLAN_IN_TIME = 1, 2, 3, 4
EXIT_INTERRUPTED = 130

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


class _Progress:
    """Progress lines on stderr with elapsed seconds; silent with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.t0 = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            err.print(f"[dim]{time.perf_counter() - self.t0:6.2f}s[/dim] {message}")


def _fail_input(issues: list, lang: str) -> None:  # type: ignore[type-arg]
    from rotation_planner.io.errors import format_issues

    head = (
        f"输入有 {len(issues)} 处问题:"
        if lang == "zh"
        else f"{len(issues)} problem(s) in the input:"
    )
    err.print(head, markup=False)
    err.print(format_issues(issues, lang), markup=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def _load(
    roster: Path, policy_file: Path | None, say: _Progress, history: list[Path] | None = None
):  # type: ignore[no-untyped-def]
    """Read and validate the roster (and the policy file, and earlier plans); exit 2 on
    any problem."""
    from rotation_planner.io.errors import Issue, RosterError
    from rotation_planner.io.read import read_roster

    overrides: dict[str, object] = {}
    if policy_file is not None:
        try:
            overrides = read_policy_overrides(policy_file)
        except PolicyError as exc:
            issues = [
                Issue(policy_file.name, None, p.key, p.message, p.message) for p in exc.problems
            ]
            _fail_input(issues, "en")
        except (OSError, ValueError) as exc:
            _fail_input(
                [Issue(policy_file.name, None, None, f"cannot read TOML ({type(exc).__name__})",
                       f"无法读取 TOML ({type(exc).__name__})")],
                "en",
            )  # fmt: skip
    say(f"reading {roster.name}")
    try:
        loaded = read_roster(roster, Policy(), overrides)
    except RosterError as exc:
        _fail_input(exc.issues, exc.lang)
    if history:
        loaded = _with_history(loaded, history, say)
    return loaded


def _with_history(loaded, history: list[Path], say: _Progress):  # type: ignore[no-untyped-def]
    """Mark the rotators of earlier plans as rotated in those plans' years."""
    import dataclasses

    from rotation_planner.history import apply_history
    from rotation_planner.io.errors import Issue, RosterError
    from rotation_planner.io.plan_read import read_plan, read_plan_year

    past = []
    for item in history:
        path, year = item, None
        head, sep, tail = str(item).rpartition(":")
        if sep and tail.isdigit():
            path, year = Path(head), int(tail)
        say(f"reading history {path.name}")
        try:
            plan = read_plan(path, loaded.instance)
        except RosterError as exc:
            _fail_input(exc.issues, exc.lang)
        year = year or read_plan_year(path)
        if year is None:
            _fail_input(
                [Issue(path.name, None, None, "no plan year: name it as PATH:YEAR",
                       "无法确定方案年份: 请写成 路径:年份")],
                loaded.lang,
            )  # fmt: skip
        past.append((plan, year))
    return dataclasses.replace(loaded, instance=apply_history(loaded.instance, past))


@app.command()
def validate(
    roster: RosterArg, policy: PolicyOpt = None, quiet: QuietOpt = False, history: HistoryOpt = None
) -> None:
    """Check a roster without solving, and summarise what was read."""
    from rotation_planner.report.summary import roster_summary

    loaded = _load(roster, policy, _Progress(quiet), history)
    out.print(roster_summary(loaded.instance, loaded.policy, loaded.lang), markup=False)


@app.command()
def solve(
    roster: RosterArg,
    output: OutOpt = None,
    policy: PolicyOpt = None,
    seed: SeedOpt = 0,
    workers: WorkersOpt = 1,
    time_limit: TimeOpt = 60.0,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    best_effort: BestEffortOpt = False,
    history: HistoryOpt = None,
) -> None:
    """Solve the rotation and write the plan workbook (default: <roster>.plan.xlsx)."""
    from rotation_planner import api
    from rotation_planner.model.solve import SolverSettings

    say = _Progress(quiet)
    loaded = _load(roster, policy, say, history)
    lang = _lang(lang, loaded.lang)
    target = output or roster.with_name(roster.stem + ".plan.xlsx")
    settings = SolverSettings(seed=seed, workers=workers, tier_time_limit=time_limit)
    soft = api.BEST_EFFORT_RULES if best_effort else ()
    outcome = api.plan(loaded.instance, loaded.policy, settings, lang=lang, soft=soft, progress=say)
    run = api.run_info(
        outcome, input_name=roster.name, input_sha256=loaded.sha256, settings=settings, lang=lang
    )
    if best_effort:
        run = api.best_effort_run(run, soft)
    _refuse_unwritable(outcome, loaded.policy, lang, best_effort=best_effort)
    say(f"writing {target.name}")
    _write(target, loaded, outcome.plan, outcome.check, run, lang, inputs=[roster])
    if outcome.plan is not None:
        from rotation_planner.report.summary import plan_highlights

        for line in plan_highlights(
            loaded.instance, loaded.policy, outcome.plan, outcome.check, lang
        ):
            out.print(line, markup=False)
    _summarise(outcome, loaded.policy, target, lang)


def _write(target: Path, loaded, plan, check, run, lang: str, *, inputs: list[Path],  # type: ignore[no-untyped-def]
           extra_tables: tuple = ()) -> None:  # type: ignore[type-arg]  # fmt: skip
    """Write the plan workbook atomically; never over an input file (exit 2 instead)."""
    from rotation_planner.io.plan_write import write_plan_workbook

    try:
        write_plan_workbook(
            target, loaded.instance, loaded.policy, plan, check, run, lang, inputs=inputs,
            extra_tables=extra_tables,
        )  # fmt: skip
    except ValueError as exc:
        err.print(f"{target.name}: {exc}", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except OSError as exc:
        err.print(f"{target.name}: cannot write ({type(exc).__name__})", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _refuse_unwritable(outcome, policy, lang: str, *, best_effort: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Stop before writing anything when there is nothing true to write: no plan found
    in the time allowed (no proof that none exists: exit 4), or a plan that fails the
    product's own checker (a defect; never written unless best effort asked for it)."""
    from rotation_planner.report.rule_rows import violation_line

    zh = lang == "zh"
    r = outcome.result
    if outcome.plan is None and r.status != "INFEASIBLE":
        if r.status == "UNKNOWN":
            out.print(
                "在给定时间内未找到方案 (并未证明无解)。请用 --time-limit 放宽每个目标层级的"
                "求解时间后重试。未写入任何文件。"
                if zh
                else "No plan found in the time allowed (this is not a proof that none exists). "
                "Allow more time per objective tier with --time-limit and try again. "
                "No file was written.",
                markup=False,
            )
            raise typer.Exit(EXIT_NO_PLAN_IN_TIME)
        err.print(f"solver status {r.status}: no file was written", markup=False)
        raise typer.Exit(EXIT_VIOLATION)
    if outcome.plan is not None and not best_effort and not outcome.check.ok:
        for row in outcome.check.violations:
            err.print(violation_line(row, policy, lang), markup=False)
        err.print(
            "内部错误: 求解结果未通过独立核查, 未写入任何文件。"
            if zh
            else "Internal error: the solver's plan fails the independent check; "
            "no file was written.",
            markup=False,
        )
        raise typer.Exit(EXIT_VIOLATION)


def _lang(requested: str | None, detected: str) -> str:
    if requested is None:
        return detected
    if requested not in ("zh", "en"):
        err.print("--lang must be zh or en", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    return requested


def _summarise(outcome, policy, target: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    from rotation_planner.report.rule_rows import violation_line

    zh = lang == "zh"
    r = outcome.result
    if outcome.plan is None:
        out.print(("无合法方案: " if zh else "No lawful plan: ") + r.status, markup=False)
        for text in outcome.conflicts:
            out.print(f"  - {text}", markup=False)
        if not outcome.conflicts:
            out.print("  (冲突未能定位)" if zh else "  (no conflict set found in time)")
        if outcome.relaxations:
            out.print("可恢复方案的最小调整 (均已重新求解验证):" if zh
                      else "Smallest relaxations that restore a plan (each re-solved):",
                      markup=False)  # fmt: skip
            for relaxation in outcome.relaxations:
                out.print(f"  * {relaxation.text(lang)}", markup=False)
        out.print(("约束报告已写入 " if zh else "Report written to ") + str(target), markup=False)
        raise typer.Exit(EXIT_INFEASIBLE)
    n = len(outcome.plan.assignments)
    bad = outcome.check.violations
    if outcome.soft:
        out.print(("尽力而为模式: 可突破 " if zh else "Best effort: may break ")
                  + ", ".join(outcome.soft), markup=False)  # fmt: skip
        for row in bad:
            out.print("  " + violation_line(row, policy, lang), markup=False)
    for text in getattr(outcome, "empty_posts", ()):
        out.print(("无人可填补: " if zh else "Unfillable: ") + text, markup=False)
    from rotation_planner.report import labels

    tiers = ", ".join(
        labels.tier_text(t.name, t.status, t.value, t.bound, lang)
        for t in r.tiers
        if t.value == t.value
    )
    status = labels.solve_status(r.status, lang)
    if zh:
        out.print(f"方案: {n} 名教师交流, {status}, 用时 {r.wall_s:.1f} 秒", markup=False)
        out.print(f"目标层级: {tiers}", markup=False)
        out.print(f"独立核查: {'全部规则满足' if not bad else f'{len(bad)} 项违反'}", markup=False)
        out.print(f"已写入 {target}", markup=False)
    else:
        out.print(f"Plan: {n} rotators, {status}, {r.wall_s:.1f} s", markup=False)
        out.print(f"Tiers: {tiers}", markup=False)
        out.print(f"Check: {'every rule holds' if not bad else f'{len(bad)} violation(s)'}",
                  markup=False)  # fmt: skip
        out.print(f"Written to {target}", markup=False)
    if bad:
        raise typer.Exit(EXIT_VIOLATION)


@app.command()
def check(
    roster: RosterArg,
    plan_file: Annotated[Path, typer.Argument(help="Plan workbook (ours, or made by hand).")],
    policy: PolicyOpt = None,
    output: OutOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Re-check any plan, including one made by hand, against every hard rule."""
    from rotation_planner.check import check_plan
    from rotation_planner.io.errors import RosterError
    from rotation_planner.io.plan_read import read_plan

    say = _Progress(quiet)
    loaded = _load(roster, policy, say)
    lang = _lang(lang, loaded.lang)
    say(f"reading {plan_file.name}")
    try:
        the_plan = read_plan(plan_file, loaded.instance)
    except RosterError as exc:
        _fail_input(exc.issues, exc.lang)
    result = check_plan(loaded.instance, loaded.policy, the_plan)
    zh = lang == "zh"
    from rotation_planner.report.rule_rows import violation_line

    for row in result.violations:
        out.print(violation_line(row, loaded.policy, lang), markup=False)
    n_ok = sum(1 for r in result.rows if r.status == "OK")
    if zh:
        out.print(f"核查 {len(result.rows)} 项: {n_ok} 项满足, {len(result.violations)} 项违反",
                  markup=False)  # fmt: skip
    else:
        out.print(f"Checked {len(result.rows)} rule scopes: {n_ok} OK, "
                  f"{len(result.violations)} violated", markup=False)  # fmt: skip
    if output is not None:
        from rotation_planner import api
        from rotation_planner.domain import RunInfo

        run = RunInfo(plan_file.name, loaded.sha256, 0, 0, "manual plan (checked)",
                      "CHECKED", lang=lang, tool_version=api.tool_version())  # fmt: skip
        _write(output, loaded, the_plan, result, run, lang, inputs=[roster, plan_file])
    if not result.ok:
        raise typer.Exit(EXIT_VIOLATION)


@app.command()
def sample(
    output: Annotated[Path, typer.Option("--output", "-o", help="Roster workbook to write.")],
    teachers: Annotated[int, typer.Option("--teachers", min=40, help="Teachers (>= 40).")] = 300,
    seed: SeedOpt = 1,
    lang: Annotated[str, typer.Option("--lang", help="Header language: zh or en.")] = "zh",
) -> None:
    """Generate a realistic synthetic county roster (for trying the tool out)."""
    from rotation_planner.sample import write_sample

    inst = write_sample(output, teachers, seed, lang=_lang(lang, "zh"))
    out.print(
        f"{output}: {len(inst.teachers)} teachers, {len(inst.schools)} schools, "
        f"{sum(v.count for v in inst.vacancies)} vacancies",
        markup=False,
    )


@app.command()
def stats(
    roster: RosterArg, policy: PolicyOpt = None, history: HistoryOpt = None, quiet: QuietOpt = False
) -> None:
    """Per sending school: eligible teachers, how many rotated in each year, and how many
    were never asked."""
    from rich.table import Table

    from rotation_planner.history import school_history

    loaded = _load(roster, policy, _Progress(quiet), history)
    rows = school_history(loaded.instance, loaded.policy)
    years = sorted({y for r in rows for y in r.rotated_by_year})
    zh = loaded.lang == "zh"
    table = Table(title="交流历史" if zh else "Rotation history")
    for head in ("学校" if zh else "school", "符合条件" if zh else "eligible",
                 *map(str, years), "曾交流" if zh else "ever rotated",
                 "从未交流" if zh else "never asked"):  # fmt: skip
        table.add_column(head)
    for r in rows:
        table.add_row(
            f"{r.school_id} {r.name}", str(r.eligible),
            *(str(r.rotated_by_year.get(y, 0)) for y in years),
            str(r.ever_rotated), str(r.never_asked),
        )  # fmt: skip
    out.print(table)


def main() -> None:
    """The ``planner`` command. Ctrl-C stops any command at once: every solve stops, no
    file is written or changed (outputs are saved atomically, last), and the exit code
    is 130."""
    import click

    try:
        code = app(standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        err.print("已中断 / interrupted: no file was written or changed", markup=False)
        # At once: no exit handler may wait for a solver or a worker pool to wind down.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


# --- what-if scenarios and comparisons (issue 4) -----------------------------------------

ScenariosOpt = Annotated[
    Path | None,
    typer.Option(
        "--scenarios",
        help="TOML file of scenario tables (see sample_data/scenarios.toml), or a workbook "
        "with a Scenarios (情景) sheet (default: the roster's own Scenarios sheet).",
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Scenarios solved at once (default: one per core)."),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option("--scheduler", help="Dask distributed scheduler address, e.g. tcp://host:8786."),
]


@app.command()
def whatif(
    roster: RosterArg,
    scenarios: ScenariosOpt = None,
    output: OutOpt = None,
    policy: PolicyOpt = None,
    seed: SeedOpt = 0,
    time_limit: TimeOpt = 60.0,
    jobs: JobsOpt = None,
    scheduler: SchedulerOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Solve the baseline and every scenario; write one comparison workbook
    (default: <roster>.whatif.xlsx)."""
    from rotation_planner import api
    from rotation_planner.io.compare_write import refuse_inputs, write_comparison_workbook
    from rotation_planner.io.errors import RosterError
    from rotation_planner.io.scenario_read import read_scenarios
    from rotation_planner.model.solve import SolverSettings
    from rotation_planner.scenarios import SchedulerError

    say = _Progress(quiet)
    loaded = _load(roster, policy, say)
    lang = _lang(lang, loaded.lang)
    try:
        found = read_scenarios(roster, loaded.instance, loaded.policy, scenarios)
    except RosterError as exc:
        _fail_input(exc.issues, exc.lang)
    target = output or roster.with_name(roster.stem + ".whatif.xlsx")
    inputs = [roster] + ([scenarios] if scenarios else [])
    try:  # fail before solving, not after
        refuse_inputs(target, inputs)
    except ValueError as exc:
        err.print(f"{target.name}: {exc}", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    settings = SolverSettings(seed=seed, workers=1, tier_time_limit=time_limit)
    where = scheduler or f"{jobs or 'one per core'} local process(es)"
    say(f"solving the baseline and {len(found)} scenario(s) on {where}")
    try:
        with _ScenarioBar(len(found) + 1, quiet) as advance:
            results = api.run_scenarios(
                loaded.instance, loaded.policy, found, settings,
                lang=lang, jobs=jobs, scheduler=scheduler, on_done=advance,
            )  # fmt: skip
    except SchedulerError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    variants = api.scenario_variants(results, lang)
    _write_comparison(write_comparison_workbook, target, variants, lang, inputs)
    _summarise_variants(variants, target, lang)


class _ScenarioBar:
    """A rich progress bar over scenarios on stderr; nothing with --quiet."""

    def __init__(self, total: int, quiet: bool) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = None
        if not quiet:
            self.bar = Progress(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=err, transient=False,
            )  # fmt: skip
            self.task = self.bar.add_task("scenarios", total=total)

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.bar is not None:
            self.bar.start()
        return self.advance

    def advance(self, result) -> None:  # type: ignore[no-untyped-def]
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"{result.status.lower():>10}")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _write_comparison(writer, target: Path, variants, lang: str, inputs: list[Path]) -> None:  # type: ignore[no-untyped-def]
    try:
        writer(target, variants, lang, inputs=inputs)
    except ValueError as exc:
        err.print(f"{target.name}: {exc}", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except OSError as exc:
        err.print(f"{target.name}: cannot write ({type(exc).__name__})", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _summarise_variants(variants, target: Path, lang: str, *, strict: bool = True) -> None:  # type: ignore[no-untyped-def]
    """One line per variant. ``strict``: exit 1 when a plan fails the checker (a solved
    scenario never should). An infeasible scenario is an answer, not a failure: its
    conflicts are listed and the workbook is written."""
    from rotation_planner.report.compare import kpis, placement_changes

    zh = lang == "zh"
    base = variants[0].plan
    for v in variants:
        k = kpis(v)
        if v.plan is None:
            out.print(f"{v.name}: {v.status}", markup=False)
            for text in v.conflicts:
                out.print(f"  - {text}", markup=False)
            for text in v.relaxations:
                out.print(("  放宽: " if zh else "  relax: ") + text, markup=False)
            continue
        changed = len(placement_changes(base, v.plan)) if base is not None else "-"
        if zh:
            out.print(f"{v.name}: {v.status}, {k.rotators} 人交流, 填补 {k.filled}/{k.vacancies}, "
                      f"变动 {changed}", markup=False)  # fmt: skip
        else:
            out.print(f"{v.name}: {v.status}, {k.rotators} rotators, filled "
                      f"{k.filled}/{k.vacancies}, changed {changed}", markup=False)  # fmt: skip
    out.print(("已写入 " if zh else "Written to ") + str(target), markup=False)
    if strict and any(v.check.violations for v in variants if v.plan is not None):
        raise typer.Exit(EXIT_VIOLATION)


@app.command()
def compare(
    plan_a: Annotated[Path, typer.Argument(help="First plan workbook (the reference).")],
    plan_b: Annotated[Path, typer.Argument(help="Second plan workbook.")],
    roster: Annotated[Path, typer.Option("--roster", help="The roster both plans are for.")],
    output: OutOpt = None,
    policy: PolicyOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Compare any two plans: KPIs side by side and who is placed differently
    (default: <a>_vs_<b>.compare.xlsx beside the first plan). Both are checked against
    the roster's policy; a plan that breaks it shows VIOLATED with the rule's slack."""
    from rotation_planner import api
    from rotation_planner.io.compare_write import write_comparison_workbook
    from rotation_planner.io.errors import RosterError
    from rotation_planner.io.plan_read import read_plan

    say = _Progress(quiet)
    loaded = _load(roster, policy, say)
    lang = _lang(lang, loaded.lang)
    variants = []
    for path in (plan_a, plan_b):
        say(f"reading {path.name}")
        try:
            the_plan = read_plan(path, loaded.instance)
        except RosterError as exc:
            _fail_input(exc.issues, exc.lang)
        name = path.name.removesuffix(".xlsx").removesuffix(".plan")
        variants.append(api.plan_variant(name, loaded.instance, loaded.policy, the_plan))
    target = output or plan_a.with_name(f"{variants[0].name}_vs_{variants[1].name}.compare.xlsx")
    _write_comparison(write_comparison_workbook, target, variants, lang, [roster, plan_a, plan_b])
    _summarise_variants(variants, target, lang, strict=False)


# --- re-planning (issue 4) -------------------------------------------------------------


@app.command()
def replan(
    roster: RosterArg,
    previous: PreviousOpt,
    output: OutOpt = None,
    policy: PolicyOpt = None,
    seed: SeedOpt = 0,
    workers: WorkersOpt = 1,
    time_limit: TimeOpt = 60.0,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Re-plan after roster edits, changing the published plan as little as possible
    (default output: <roster>.replan.xlsx, with a Changes sheet)."""
    from rotation_planner import api
    from rotation_planner.model.solve import SolverSettings
    from rotation_planner.replan import changes_table, summary

    say = _Progress(quiet)
    loaded = _load(roster, policy, say)
    lang = _lang(lang, loaded.lang)
    say(f"reading {previous.name}")
    published = _read_previous(previous, loaded.instance)
    target = output or roster.with_name(roster.stem + ".replan.xlsx")
    settings = SolverSettings(seed=seed, workers=workers, tier_time_limit=time_limit)
    done = api.replan(loaded.instance, loaded.policy, published, settings, lang=lang, progress=say)
    outcome = done.outcome
    run = api.run_info(
        outcome, input_name=roster.name, input_sha256=loaded.sha256, settings=settings, lang=lang
    )
    extra = (changes_table(list(done.changes), loaded.instance, lang),) if done.changes else ()
    _refuse_unwritable(outcome, loaded.policy, lang)
    say(f"writing {target.name}")
    _write(target, loaded, outcome.plan, outcome.check, run, lang, inputs=[roster, previous],
           extra_tables=extra)  # fmt: skip
    if outcome.plan is not None:
        out.print(summary(list(done.changes), lang), markup=False)
        for c in done.changes:
            if c.kind != "kept":
                before = f"{c.before.to_school_id}/{c.before.subject}" if c.before else "-"
                after = f"{c.after.to_school_id}/{c.after.subject}" if c.after else "-"
                out.print(f"  {c.kind:<7} {c.teacher_id}: {before} -> {after}: {c.text(lang)}",
                          markup=False)  # fmt: skip
    _summarise(outcome, loaded.policy, target, lang)


def _read_previous(path: Path, instance):  # type: ignore[no-untyped-def]
    """The published plan. Teachers who have left the roster since are kept (they are
    reported as dropped); schools given by name are resolved from the roster."""
    from rotation_planner.io.errors import RosterError
    from rotation_planner.io.plan_read import read_plan

    try:
        published = read_plan(path)
        if all(a.to_school_id in instance.school_by_id for a in published.assignments):
            return published
    except RosterError:
        pass
    try:
        return read_plan(path, instance)
    except RosterError as exc:
        _fail_input(exc.issues, exc.lang)
