"""What each page shows, taken from the report modules the workbook is made of.

Nothing here computes a rule, a reason or a figure: the tables are the plan workbook's
own (report/tables.py, report/notices.py, report/summary_sheet.py, report/compare.py),
the explanations are report/explain.py's, the checks are check.py's. This module only
picks rows and turns values into text for the page.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rotation_planner import api
from rotation_planner.domain import Instance, Plan, Title
from rotation_planner.policy import Policy, parameter_table
from rotation_planner.report import labels
from rotation_planner.report.explain import PlanFacts, render
from rotation_planner.report.heading import PlanHeading
from rotation_planner.report.tables import Table
from rotation_planner.web import hooks


def cell(value: object, lang: str) -> str:
    """A table value as the page shows it (the workbook's number formats, roughly)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return labels.word("yes" if value else "no", lang)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


@dataclass(frozen=True)
class PageTable:
    """A report table ready for the page: headers, rows of text, row styles."""

    key: str
    name: str
    columns: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    styles: tuple[str, ...]

    def column(self, key: str) -> int | None:
        return self.columns.index(key) if key in self.columns else None


def page_table(table: Table, lang: str) -> PageTable:
    return PageTable(
        table.key,
        table.name,
        table.columns,
        table.headers,
        tuple(tuple(cell(v, lang) for v in row) for row in table.rows),
        tuple(s or "" for s in table.styles),
    )


def heading_for(ws: Any) -> PlanHeading:
    """The county and year that title the documents, as the workbook finds them."""
    from rotation_planner.io.plan_write import roster_county

    facts_year = PlanFacts(ws.instance, ws.policy, None).year
    return PlanHeading(county=roster_county([ws.path], ws.path.name), year=facts_year)


class PlanView:
    """Everything the plan pages show of one outcome, in one language, built once."""

    def __init__(self, ws: Any, lang: str) -> None:
        from rotation_planner.report.notices import public_list
        from rotation_planner.report.summary_sheet import build_summary, key_figures
        from rotation_planner.report.tables import tables_for

        outcome: api.Outcome = ws.outcome
        self.lang = lang
        self.outcome = outcome
        self.run = api.run_info(
            outcome, input_name=ws.path.name, input_sha256=ws.roster.sha256,
            settings=ws.settings, lang=lang,
        )  # fmt: skip
        self.facts = PlanFacts(ws.plan_instance, ws.plan_policy, outcome.plan, self.run.seed)
        self.heading = heading_for(ws)
        self.summary = build_summary(self.facts, outcome.check, self.run, self.heading, lang)
        self.tables = {
            t.key: page_table(t, lang)
            for t in tables_for(self.facts, outcome.check, self.run, lang)
        }
        self.figures = key_figures(self.facts) if outcome.plan is not None else None
        self.public = (
            page_table(public_list(self.facts, self.heading, lang), lang)
            if outcome.plan is not None
            else None
        )


def band_chart(view: PlanView) -> list[dict[str, object]]:
    """The summary's posts-filled-by-distance bands as bars: label, posts, filled, %."""
    if view.figures is None:
        return []
    bars = []
    for band in view.figures.bands:
        if band.hi is None:
            text = labels.word("band_beyond", view.lang, lo=band.lo)
        elif band.lo == 0:
            text = labels.word("band_below", view.lang, hi=band.hi)
        else:
            text = labels.word("band_between", view.lang, lo=band.lo, hi=band.hi)
        share = round(100 * band.filled / band.posts) if band.posts else 0
        bars.append({"label": text.strip(), "posts": band.posts, "filled": band.filled,
                     "share": share})  # fmt: skip
    return bars


def teacher_page(ws: Any, view: PlanView, teacher_id: str) -> dict[str, object] | None:
    """Why this teacher was (not) chosen, and who holds the posts they could have had
    (with their points and both lottery draws): ``planner explain``'s answer
    (api.explain_teacher), with names, as the page lists them everywhere."""
    inst: Instance = ws.plan_instance
    t = inst.teacher_by_id.get(teacher_id)
    if t is None:
        return None
    lang = view.lang
    roster = dataclasses.replace(ws.roster, instance=inst, policy=ws.plan_policy)
    found = api.explain_teacher(roster, view.outcome.plan, teacher_id, lang, seed=view.run.seed)
    ans: Any = found.answer
    failed = view.facts.failed.get(teacher_id, ())
    if ans.selected is not None:
        state = "selected"
    elif failed:
        state = "ineligible"
    else:
        state = "not_selected"
    holders = []
    for h in ans.holders:
        other = inst.teacher_by_id.get(h.teacher_id)
        holders.append({
            "school_id": h.school_id, "school": inst.school_by_id[h.school_id].name,
            "subject": h.subject, "teacher_id": h.teacher_id,
            "name": other.name if other else "", "points": h.points,
            "draws": f"{h.their_draw} / {h.own_draw}",
        })  # fmt: skip
    others = []
    for h in ans.others:
        other = inst.teacher_by_id[h.teacher_id]
        home = inst.school_by_id.get(other.school_id)
        others.append({
            "school_id": h.school_id, "school": inst.school_by_id[h.school_id].name,
            "subject": h.subject, "teacher_id": h.teacher_id, "name": other.name,
            "home_id": other.school_id, "home": home.name if home else other.school_id,
            "points": h.points,
        })  # fmt: skip
    assignment = ans.selected
    return {
        "others": others,
        "teacher": t,
        "school": inst.school_by_id.get(t.school_id),
        "state": state,
        "reasons": [render(r, lang) for r in ans.reasons],
        "holders": holders,
        "points": ans.points.total if ans.points is not None else 0,
        "assignment": assignment,
        "to_school": inst.school_by_id.get(assignment.to_school_id) if assignment else None,
    }


def school_page(ws: Any, view: PlanView, school_id: str) -> dict[str, object] | None:
    """A school's teachers (sent, eligible, not eligible) and its posts (filled by whom)."""
    inst: Instance = ws.plan_instance
    school = inst.school_by_id.get(school_id)
    if school is None:
        return None
    facts = view.facts
    sent = []
    for t in inst.teachers_by_school.get(school_id, ()):
        a = facts.assignment.get(t.teacher_id)
        if a is not None:
            to = inst.school_by_id.get(a.to_school_id)
            state = labels.web("t_sent", view.lang, school=to.name if to else a.to_school_id)
        elif facts.is_eligible(t.teacher_id):
            state = labels.web("t_eligible", view.lang)
        else:
            state = labels.web("t_ineligible", view.lang,
                               rules=", ".join(facts.failed[t.teacher_id]))  # fmt: skip
        sent.append({"t": t, "state": state, "points": facts.points[t.teacher_id].total})
    arriving = []
    for a in facts.plan.assignments if facts.plan else ():
        if a.to_school_id == school_id:
            t = inst.teacher_by_id.get(a.teacher_id)
            home = inst.school_by_id.get(t.school_id) if t else None
            arriving.append({"teacher_id": a.teacher_id, "name": t.name if t else "",
                             "subject": a.subject, "home": home.name if home else ""})  # fmt: skip
    posts = [
        {"subject": v.subject, "count": v.count, "filled": facts.filled[(v.school_id, v.subject)]}
        for v in facts.slots
        if v.school_id == school_id
    ]
    row = None
    schools = view.tables.get("schools")
    if schools is not None:
        i = schools.column("school_id")
        for r, style in zip(schools.rows, schools.styles, strict=True):
            if i is not None and r[i] == school_id:
                row = (list(zip(schools.headers, r, strict=True)), style)
    return {"school": school, "teachers": sent, "arriving": arriving, "posts": posts,
            "row": row, "type": labels.school_type_name(school.type, view.lang)}  # fmt: skip


# --- the policy form ---------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One parameter of the form."""

    key: str
    rule_id: str
    rule: str
    name: str
    value: str
    default: str
    low: str
    high: str
    unit: str
    source: str
    changed: bool
    choices: tuple[str, ...]
    kind: str  # bool, number, choice, text


_UNITS = (("share", "unit_share"), ("km", "unit_km"), ("years", "unit_years"),
          ("age", "unit_age"), ("points", "unit_points"))  # fmt: skip


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "name") and isinstance(value, int):  # an IntEnum (the title)
        return str(value.name).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def policy_form(policy: Policy, lang: str) -> list[Param]:
    """Every parameter with its rule, name, value, default, range, unit and source."""
    values = dict(policy.items())
    out: list[Param] = []
    for key, default, src, _doc in parameter_table():
        rule_id, _, name = key.rpartition(".")
        if not rule_id:
            field = Policy.model_fields[key]
            annotation = field.annotation
            metadata = field.metadata
        else:
            model = Policy.model_fields[rule_id].annotation
            field = model.model_fields[name]  # type: ignore[union-attr]
            annotation, metadata = field.annotation, field.metadata
        low = next((str(m.ge) for m in metadata if hasattr(m, "ge")), "")
        high = next((str(m.le) for m in metadata if hasattr(m, "le")), "")
        choices: tuple[str, ...] = tuple(str(a) for a in getattr(annotation, "__args__", ())
                                         if isinstance(a, str))  # fmt: skip
        value, shown_default = values[key], default
        if annotation is Title:  # the title by its name, as the Policy sheet takes it
            choices = tuple(labels.title_name(t, lang) for t in Title)
            value, shown_default = labels.title_name(value, lang), labels.title_name(default, lang)
        if annotation is bool:
            kind = "bool"
        elif choices:
            kind = "choice"
        elif annotation in (int, float) or "float" in str(annotation) or "int" in str(annotation):
            kind = "number"
        else:
            kind = "text"
        unit = next((labels.web(u, lang) for part, u in _UNITS if part in name), "")
        shown_name = hooks.PARAMETER_NAME(key, lang) if hooks.PARAMETER_NAME else name
        out.append(Param(
            key=key, rule_id=rule_id, rule=labels.rule_name(rule_id, lang) if rule_id else "",
            name=shown_name, value=_text(value), default=_text(shown_default), low=low,
            high=high, unit=unit, source=src, changed=values[key] != default,
            choices=choices, kind=kind,
        ))  # fmt: skip
    return out


def form_overrides(form: Iterable[tuple[str, str]], policy: Policy, lang: str) -> dict[str, object]:
    """The form's values that differ from ``policy``'s, as override text (the TOML file
    and the Policy sheet take the same words: yes/no, lists with commas)."""
    current = {p.key: p for p in policy_form(policy, lang)}
    out: dict[str, object] = {}
    seen_bools = set()
    for key, value in form:
        if key not in current:
            continue
        param = current[key]
        if param.kind == "bool":
            seen_bools.add(key)
            value = "true"
        value = value.strip()
        if value == param.value:
            continue
        out[key] = _typed(value, param)
    for key, param in current.items():  # an unticked box sends nothing
        if param.kind == "bool" and key not in seen_bools and param.value == "true":
            out[key] = False
    return out


def _typed(text: str, param: Param) -> object:
    if param.kind == "bool":
        return text == "true"
    if param.kind == "number":
        if text == "":
            return None  # "no cap" for the optional numbers
        try:
            number = float(text)
        except ValueError:
            return text  # the policy refuses it, at its key
        return int(number) if number.is_integer() and "." not in text else number
    if (param.kind == "text" and "," in text) or param.key.endswith(("directions", "in_service")):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def toml_text(overrides: dict[str, object]) -> str:
    """The overrides as a policy TOML file (``"Q1.min_share" = 0.12`` lines)."""
    return "".join(f'"{k}" = {toml_value(v)}\n' for k, v in overrides.items())


def toml_value(value: object) -> str:
    """One value in TOML: true/false, a number, a string, a list; None as "none"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps("none" if value is None else str(value), ensure_ascii=False)


def audit_rows(inst: Instance, policy: Policy, plan: Plan, lang: str) -> dict[str, object]:
    """A hand-made plan checked: every broken rule in words, and the plan's rows with the
    teachers named by a broken rule highlighted."""
    check = api.check_plan(inst, policy, plan)
    bad: set[str] = set()
    for row in check.violations:
        for item in row.offending:
            for part in item.replace(">", "+").split("+"):
                bad.add(part.strip())
    rows = []
    for a in plan.assignments:
        t = inst.teacher_by_id.get(a.teacher_id)
        to = inst.school_by_id.get(a.to_school_id)
        rows.append({"teacher_id": a.teacher_id, "name": t.name if t else "",
                     "to": to.name if to else a.to_school_id, "subject": a.subject,
                     "bad": a.teacher_id in bad})  # fmt: skip
    return {
        "violations": [api.violation_line(r, policy, lang) for r in check.violations],
        "rows": rows,
        "checked": len(check.rows),
        "ok": check.ok,
        "check": check,
    }
