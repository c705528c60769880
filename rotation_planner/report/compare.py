"""Comparing plans: the KPIs of each side by side, and who is placed differently.

Pure: reads only each variant's roster, policy, plan and checker rows (never solver
values), and returns plain Tables for io/compare_write.py. A variant is a scenario's
solve, or a plan read from a workbook (``planner compare``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rotation_planner.check import CheckResult
from rotation_planner.domain import Assignment, Instance, Plan, SchoolType
from rotation_planner.policy import RULE_IDS, Policy
from rotation_planner.report import labels
from rotation_planner.report.explain import PlanFacts
from rotation_planner.report.tables import Style, Table, assignments_table, constraints_table

# Remoteness bands of the receiving schools: the school types, from central to remote.
BANDS: tuple[SchoolType, ...] = (
    SchoolType.URBAN,
    SchoolType.TOWNSHIP,
    SchoolType.RURAL,
    SchoolType.VILLAGE,
    SchoolType.TEACHING_POINT,
)


@dataclass(frozen=True)
class Variant:
    """One plan to compare: its roster and policy (a scenario's own), the plan (None when
    there is none), the checker's rows, a status word and, without a plan, the conflicts."""

    name: str
    instance: Instance
    policy: Policy
    plan: Plan | None
    check: CheckResult
    status: str
    conflicts: tuple[str, ...] = ()
    relaxations: tuple[str, ...] = ()  # without a plan: moves proven to restore one
    description: str = ""
    changes: str = ""
    wall_s: float | None = None
    # How a scenario was solved: "replan" (a re-plan of the first variant, the baseline:
    # the fewest changes), "fresh" (solved anew), "" (the baseline, or a plan read).
    solved_as: str = ""


@dataclass(frozen=True)
class Kpis:
    """The figures the comparison shows for one variant (None: not applicable)."""

    status: str
    rotators: int | None
    vacancies: int
    filled: int | None
    posts_by_band: dict[SchoolType, int]
    filled_by_band: dict[SchoolType, int]
    backbone_share: float | None
    mean_km: float | None
    max_km: float | None
    against_wishes: int | None
    violations: int
    min_slack: dict[str, float]

    @property
    def fill_rate(self) -> float | None:
        if self.filled is None or not self.vacancies:
            return None
        return self.filled / self.vacancies


def kpis(v: Variant) -> Kpis:
    """Vacancies filled (overall and by school type), rotators, backbone share, commute,
    teachers placed against their wishes, and each rule's smallest slack in the checker's
    rows. "Against their wishes": a rotator with wishes placed at a school not among them.
    """
    inst = v.instance
    posts = {(s.school_id, s.subject): s.count for s in inst.vacancy_slots}
    posts_by_band = {b: 0 for b in BANDS}
    for (sid, _), n in posts.items():
        posts_by_band[inst.school_by_id[sid].type] += n
    min_slack: dict[str, float] = {}
    for row in v.check.rows:
        if row.slack is not None and math.isfinite(row.slack):
            min_slack[row.rule_id] = min(row.slack, min_slack.get(row.rule_id, math.inf))
    violations = len(v.check.violations)
    if v.plan is None:
        return Kpis(
            v.status, None, sum(posts.values()), None, posts_by_band, {}, None, None, None,
            None, violations, min_slack,
        )  # fmt: skip
    arrivals: dict[tuple[str, str], int] = {}
    for a in v.plan.assignments:
        arrivals[(a.to_school_id, a.subject)] = arrivals.get((a.to_school_id, a.subject), 0) + 1
    filled_by_band = {b: 0 for b in BANDS}
    for key, n in posts.items():
        filled_by_band[inst.school_by_id[key[0]].type] += min(n, arrivals.get(key, 0))
    sent = [(inst.teacher_by_id.get(a.teacher_id), a) for a in v.plan.assignments]
    known = [(t, a) for t, a in sent if t is not None and a.to_school_id in inst.school_by_id]
    km = [inst.distance_km(t.school_id, a.to_school_id) for t, a in known]
    with_wishes = [(t, a) for t, a in known if t.wishes]
    any_wishes = any(t.wishes for t in inst.teachers)
    n = len(v.plan.assignments)
    return Kpis(
        status=v.status,
        rotators=n,
        vacancies=sum(posts.values()),
        filled=sum(filled_by_band.values()),
        posts_by_band=posts_by_band,
        filled_by_band=filled_by_band,
        backbone_share=(sum(t.is_backbone for t, _ in known) / n) if n else None,
        mean_km=(sum(km) / len(km)) if km else None,
        max_km=max(km) if km else None,
        against_wishes=(
            sum(a.to_school_id not in t.wishes for t, a in with_wishes) if any_wishes else None
        ),
        violations=violations,
        min_slack=min_slack,
    )


@dataclass(frozen=True, slots=True)
class PlacementChange:
    """A teacher placed differently in ``after`` than in ``before``."""

    teacher_id: str
    kind: str  # "added" | "removed" | "moved"
    before: Assignment | None
    after: Assignment | None


def placement_changes(before: Plan | None, after: Plan | None) -> tuple[PlacementChange, ...]:
    """Teachers sent only in ``after`` (added), only in ``before`` (removed), or to
    another school or subject (moved), by teacher id. Empty when either has no plan."""
    if before is None or after is None:
        return ()
    b, a = before.by_teacher, after.by_teacher
    out = []
    for tid in sorted(set(b) | set(a)):
        x, y = b.get(tid), a.get(tid)
        if x is None:
            out.append(PlacementChange(tid, "added", None, y))
        elif y is None:
            out.append(PlacementChange(tid, "removed", x, None))
        elif (x.to_school_id, x.subject) != (y.to_school_id, y.subject):
            out.append(PlacementChange(tid, "moved", x, y))
    return tuple(out)


# --- words ---------------------------------------------------------------------------

SHEETS: dict[str, tuple[str, str]] = {
    "kpis": ("KPIs", "指标对比"),
    "scenarios": ("Scenarios", "情景说明"),
    "changes": ("Changes", "变动名单"),
}
HEADERS: dict[str, tuple[str, str]] = {
    "kpi": ("KPI", "指标"),
    "scenario": ("scenario", "情景"),
    "description": ("description", "说明"),
    "changes": ("changes", "调整内容"),
    "status": ("status", "状态"),
    "rotators": ("rotators", "交流人数"),
    "changed": ("placements changed", "变动人数"),
    "diagnosis": ("diagnosis (conflicting rules)", "诊断（冲突规则）"),
    "relaxations": ("relaxations that restore a plan", "可恢复方案的放宽建议"),
    "change": ("change", "变动"),
    "teacher_id": ("teacher_id", "工号"),
    "name": ("name", "姓名"),
    "from_school_id": ("from_school_id", "原学校编号"),
    "from_school": ("from_school", "原学校"),
    "before_school_id": ("{base}: to_school_id", "{base}：调入学校编号"),
    "before_school": ("{base}: to_school", "{base}：调入学校"),
    "before_subject": ("{base}: subject", "{base}：学科"),
    "after_school_id": ("to_school_id", "调入学校编号"),
    "after_school": ("to_school", "调入学校"),
    "after_subject": ("subject", "学科"),
}
CHANGE_KINDS: dict[str, tuple[str, str]] = {
    "added": ("added", "新增"),
    "removed": ("removed", "取消"),
    "moved": ("moved", "改派"),
}
KPI_LABELS: dict[str, tuple[str, str]] = {
    "status": ("status", "状态"),
    "rotators": ("rotators", "交流人数"),
    "vacancies": ("vacancies (posts)", "岗位需求数"),
    "filled": ("vacancies filled", "已填补岗位"),
    "fill_rate": ("share of vacancies filled", "岗位填补率"),
    "posts_band": ("posts at {band} schools", "{band}学校岗位数"),
    "filled_band": ("filled at {band} schools", "{band}学校已填补"),
    "backbone_share": ("backbone share of rotators", "骨干教师占交流人数比例"),
    "mean_km": ("mean commute (km)", "平均交流距离（公里）"),
    "max_km": ("max commute (km)", "最大交流距离（公里）"),
    "against_wishes": ("placed against their wishes", "未按志愿安排人数"),
    "no_wishes": (
        "placed against their wishes (no wishes given)",
        "未按志愿安排人数（无志愿数据）",
    ),
    "violations": ("rule scopes violated (checker)", "核查违反项数"),
    "changed": ("placements changed vs {base}", "与{base}相比变动人数"),
    "slack": ("min slack {rule} ({name})", "{rule} 最小余量（{name}）"),
    "wall_s": ("solve time (s)", "求解用时（秒）"),
}
# Number formats of KPI rows (the KPIs sheet's columns hold every kind of figure).
KPI_FORMATS: dict[str, str] = {
    "fill_rate": "0.0%",
    "backbone_share": "0.0%",
    "mean_km": "0.0",
    "max_km": "0.0",
    "wall_s": "0.0",
}


def _w(table: dict[str, tuple[str, str]], key: str, lang: str, **params: object) -> str:
    return labels.pick(table[key], lang).format(**params)


def _num(x: float | None, digits: int = 4) -> float | int | None:
    if x is None or not math.isfinite(x):
        return None
    x = round(float(x), digits)
    return int(x) if x.is_integer() else x


def _table(
    key: str,
    name: str,
    columns: tuple[str, ...],
    headers: tuple[str, ...],
    rows: list[tuple[object, ...]],
    styles: list[Style],
) -> Table:
    return Table(key, name, columns, headers, tuple(rows), tuple(styles), {})


def kpi_table(variants: Sequence[Variant], lang: str) -> Table:
    """One row per KPI, one column per variant (the first is the reference)."""
    figures = [kpis(v) for v in variants]
    base_name = variants[0].name if variants else ""
    diffs = [placement_changes(variants[0].plan, v.plan) for v in variants]
    rows: list[tuple[object, ...]] = []
    keys: list[str] = []
    styles: list[Style] = []

    def add(key: str, label: str, values: list[object], style: Style = None) -> None:
        keys.append(key)
        rows.append((label, *values))
        styles.append(style)

    add(
        "status",
        _w(KPI_LABELS, "status", lang),
        [_status_word(k.status, lang) for k in figures],
    )
    add("rotators", _w(KPI_LABELS, "rotators", lang), [k.rotators for k in figures])
    add("vacancies", _w(KPI_LABELS, "vacancies", lang), [k.vacancies for k in figures])
    add("filled", _w(KPI_LABELS, "filled", lang), [k.filled for k in figures])
    add("fill_rate", _w(KPI_LABELS, "fill_rate", lang), [_num(k.fill_rate) for k in figures])
    for band in BANDS:
        if not any(k.posts_by_band.get(band) for k in figures):
            continue
        name = labels.school_type_name(band, lang)
        add(
            f"posts_{band.value}",
            _w(KPI_LABELS, "posts_band", lang, band=name),
            [k.posts_by_band.get(band, 0) for k in figures],
        )
        add(
            f"filled_{band.value}",
            _w(KPI_LABELS, "filled_band", lang, band=name),
            [k.filled_by_band.get(band) if k.rotators is not None else None for k in figures],
        )
    add(
        "backbone_share",
        _w(KPI_LABELS, "backbone_share", lang),
        [_num(k.backbone_share) for k in figures],
    )
    add("mean_km", _w(KPI_LABELS, "mean_km", lang), [_num(k.mean_km, 1) for k in figures])
    add("max_km", _w(KPI_LABELS, "max_km", lang), [_num(k.max_km, 1) for k in figures])
    wishes = any(k.against_wishes is not None for k in figures)
    add(
        "against_wishes",
        _w(KPI_LABELS, "against_wishes" if wishes else "no_wishes", lang),
        [k.against_wishes for k in figures],
    )
    add(
        "changed",
        _w(KPI_LABELS, "changed", lang, base=base_name),
        [len(d) if v.plan is not None and variants[0].plan is not None else None
         for v, d in zip(variants, diffs, strict=True)],
    )  # fmt: skip
    # Rules a plan breaks; a variant without a plan has none to count (its conflicts
    # are its diagnosis, not violations): no false alarm.
    broken = [k.violations if k.rotators is not None else None for k in figures]
    add(
        "violations",
        _w(KPI_LABELS, "violations", lang),
        broken,  # type: ignore[arg-type]
        "bad" if any(broken) else None,
    )
    for rid in RULE_IDS:
        if not any(rid in k.min_slack for k in figures):
            continue
        values = [_num(k.min_slack.get(rid)) for k in figures]
        negative = any(isinstance(x, int | float) and x < 0 for x in values)
        add(
            f"slack_{rid}",
            _w(KPI_LABELS, "slack", lang, rule=rid, name=labels.rule_name(rid, lang)),
            values,
            "bad" if negative else None,
        )
    if any(v.wall_s is not None for v in variants):
        add("wall_s", _w(KPI_LABELS, "wall_s", lang), [_num(v.wall_s, 2) for v in variants])
    columns = ("kpi", *(f"v{i}" for i in range(len(variants))))
    headers = (_w(HEADERS, "kpi", lang), *(v.name for v in variants))
    return KpiTable(
        "kpis", _w(SHEETS, "kpis", lang), columns, headers, tuple(rows), tuple(styles), {},
        kpi_keys=tuple(keys),
    )  # fmt: skip


@dataclass(frozen=True)
class KpiTable(Table):
    """The KPIs table, with each row's KPI key (to format shares and kilometres)."""

    kpi_keys: tuple[str, ...] = ()

    def value(self, kpi: str, variant: int) -> object:
        """The figure of ``kpi`` for the ``variant``-th column."""
        return self.rows[self.kpi_keys.index(kpi)][1 + variant]


def _status_word(status: str, lang: str) -> str:
    """A variant's status in words: a checked plan's OK / VIOLATED or a solve's
    OPTIMAL / INFEASIBLE / ... (labels.status_text)."""
    return labels.status_text(status, lang)


def scenarios_table(variants: Sequence[Variant], lang: str) -> Table:
    """What each variant is: its changes, its status and, without a plan, its diagnosis."""
    base = variants[0].plan if variants else None
    rows: list[tuple[object, ...]] = []
    styles: list[Style] = []
    for v in variants:
        diagnosis = "\n".join(v.conflicts)
        rows.append(
            (
                v.name,
                v.description,
                v.changes,
                labels.word(f"solved_{v.solved_as}", lang) if v.solved_as else "",
                _status_word(v.status, lang),
                len(v.plan.assignments) if v.plan is not None else None,
                len(placement_changes(base, v.plan)) if v.plan and base else None,
                diagnosis,
                "\n".join(v.relaxations),
            )
        )
        styles.append("good" if v.plan is not None and v.check.ok else "bad")
    columns = (
        "scenario", "description", "changes", "solved_as", "status", "rotators", "changed",
        "diagnosis", "relaxations",
    )  # fmt: skip
    headers = tuple(
        labels.header(c, lang) if c == "solved_as" else _w(HEADERS, c, lang) for c in columns
    )
    return _table("scenarios", _w(SHEETS, "scenarios", lang), columns, headers, rows, styles)


def changes_table(variants: Sequence[Variant], lang: str) -> Table:
    """Per variant after the first, each teacher placed differently than in the first:
    added, removed or moved, with the placement before and after."""
    if not variants:
        raise ValueError("nothing to compare")
    ref = variants[0]
    rows: list[tuple[object, ...]] = []
    for v in variants[1:]:
        for ch in placement_changes(ref.plan, v.plan):
            t = ref.instance.teacher_by_id.get(ch.teacher_id) or v.instance.teacher_by_id.get(
                ch.teacher_id
            )
            home = ref.instance.school_by_id.get(t.school_id) if t is not None else None
            rows.append(
                (
                    v.name,
                    _w(CHANGE_KINDS, ch.kind, lang),
                    ch.teacher_id,
                    t.name if t is not None else "",
                    t.school_id if t is not None else "",
                    home.name if home is not None else "",
                    *_placement(ref.instance, ch.before),
                    *_placement(v.instance, ch.after),
                )
            )
    columns = (
        "scenario", "change", "teacher_id", "name", "from_school_id", "from_school",
        "before_school_id", "before_school", "before_subject",
        "after_school_id", "after_school", "after_subject",
    )  # fmt: skip
    headers = tuple(_w(HEADERS, c, lang, base=ref.name) for c in columns)
    return _table(
        "changes", _w(SHEETS, "changes", lang), columns, headers, rows, [None] * len(rows)
    )


def _placement(inst: Instance, a: Assignment | None) -> tuple[str, str, str]:
    if a is None:
        return ("", "", "")
    school = inst.school_by_id.get(a.to_school_id)
    return (a.to_school_id, school.name if school else "", a.subject)


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name for ``name`` (31 characters, no []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "plan"
    title, n = base[:31], 1
    while title.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title.casefold())
    return title


def plan_table(v: Variant, lang: str, title: str) -> Table:
    """The variant's full plan (the Assignments sheet of its own workbook), or, without a
    plan, its Constraint report with the conflicting rules."""
    if v.plan is not None:
        table = assignments_table(PlanFacts(v.instance, v.policy, v.plan), lang)
    else:
        table = constraints_table(v.check, v.policy, lang)
    return Table(
        f"plan:{v.name}", title, table.columns, table.headers, table.rows, table.styles,
        table.number_formats,
    )  # fmt: skip


def comparison_tables(variants: Sequence[Variant], lang: str) -> tuple[Table, ...]:
    """Every sheet of the comparison workbook: KPIs, Scenarios, Changes, then each
    variant's plan under the variant's name."""
    labels.check_lang(lang)
    if not variants:
        raise ValueError("nothing to compare")
    fixed = (
        kpi_table(variants, lang),
        scenarios_table(variants, lang),
        changes_table(variants, lang),
    )
    taken = {t.name.casefold() for t in fixed}
    plans = tuple(plan_table(v, lang, sheet_title(v.name, taken)) for v in variants)
    return (*fixed, *plans)
