"""The printable report: one self-contained HTML page a director reads and signs.

It holds the summary (the 方案摘要 sheet's lines), four charts drawn here as inline SVG
(posts filled by remoteness band, rotators per sending school against the Q1 minimum,
the commute distribution, the flow from sending to receiving schools), the Constraint
report and the 公示名单. Everything comes from what the plan workbook is built from
(PlanFacts, build_summary, constraints_table, public_list): nothing is reasoned twice.

No script, no external file, no web font: the CSS names the fonts a fresh Debian
machine has after ``apt-get install fonts-noto-cjk`` (Noto Sans CJK SC), then common
CJK fonts of other systems. Print it with any browser; io/report_pdf.py prints it
with headless Chromium. The summary prints on one portrait page, the public list in
landscape with its header row repeated on every page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from html import escape

from rotation_planner.check import CheckResult
from rotation_planner.domain import RunInfo
from rotation_planner.report import labels
from rotation_planner.report.explain import PlanFacts
from rotation_planner.report.heading import PlanHeading
from rotation_planner.report.notices import public_list
from rotation_planner.report.summary_sheet import Line, LineKind, build_summary, key_figures
from rotation_planner.report.tables import Table, constraints_table

FONTS = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", '
    '"PingFang SC", "WenQuanYi Micro Hei", sans-serif'
)
BLUE, GREY, RED, GREEN, INK = "#2f6db5", "#c9d3df", "#c0392b", "#3a8f4b", "#222"

CSS = f"""
@page {{ size: A4 portrait; margin: 12mm 13mm 14mm 13mm;
         @bottom-center {{ content: counter(page) " / " counter(pages); font-size: 8pt;
                           color: #666; }} }}
@page wide {{ size: A4 landscape; margin: 11mm 12mm 13mm 12mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {FONTS}; color: {INK}; font-size: 9.5pt; line-height: 1.35;
        margin: 0; }}
h1 {{ font-size: 16pt; text-align: center; margin: 0 0 1mm; }}
h2 {{ font-size: 11.5pt; border-bottom: 1.5px solid {BLUE}; padding-bottom: 0.6mm;
      margin: 3.2mm 0 1.2mm; }}
p {{ margin: 0.6mm 0; }}
.subtitle {{ text-align: center; color: #555; margin-bottom: 2mm; }}
.good {{ color: {GREEN}; font-weight: bold; }}
.bad {{ color: {RED}; font-weight: bold; }}
tr.warn {{ background: #fff4d6; }}
tr.bad {{ font-weight: normal; color: {RED}; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.6mm 0 1.2mm; }}
th, td {{ border: 0.5pt solid #999; padding: 0.5mm 1.3mm; vertical-align: top;
          text-align: left; }}
th {{ background: #e8eef6; white-space: nowrap; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
td.num {{ text-align: right; white-space: nowrap; }}
dl.pairs {{ display: grid; grid-template-columns: max-content 1fr; gap: 0.3mm 4mm;
            margin: 0.6mm 0; }}
dl.pairs dt {{ color: #555; }} dl.pairs dd {{ margin: 0; word-break: break-all; }}
.sign {{ display: flex; gap: 4mm; margin: 3.5mm 0 0; }}
.sign span:last-child {{ flex: 1; border-bottom: 0.8pt solid {INK}; }}
.seal {{ text-align: right; margin-top: 3mm; color: #555; }}
section.page {{ break-after: page; }}
section.wide {{ page: wide; }}
section:last-child {{ break-after: auto; }}
figure {{ margin: 0 0 3mm; break-inside: avoid; }}
figcaption {{ font-weight: bold; margin-bottom: 1mm; }}
svg text {{ font-family: {FONTS}; }}
table.constraints {{ font-size: 8pt; table-layout: fixed; }}
table.constraints td {{ overflow-wrap: anywhere; }}
table.public {{ font-size: 10pt; }}
table.public td {{ padding: 0.9mm 2mm; white-space: nowrap; }}
"""
# Column widths of the Constraint report (per cent of the page), by column key.
CONSTRAINT_WIDTHS: dict[str, int] = {
    "rule_id": 5, "rule": 11, "scope": 7, "parameter": 20, "required": 12, "achieved": 9,
    "slack": 4, "status": 5, "offending": 10, "note": 17,
}  # fmt: skip


def _e(value: object) -> str:
    return "" if value is None else escape(str(value))


def _table(
    table: Table, cls: str, numeric: Iterable[str] = (), widths: dict[str, int] | None = None
) -> str:
    nums = set(numeric)
    head = "".join(f"<th>{_e(h)}</th>" for h in table.headers)
    cols = ""
    if widths:
        cols = (
            "<colgroup>"
            + "".join(f'<col style="width:{widths.get(c, 5)}%">' for c in table.columns)
            + "</colgroup>"
        )
    body = []
    for row, style in zip(table.rows, table.styles, strict=True):
        cells = []
        for key, value in zip(table.columns, row, strict=True):
            klass = ' class="num"' if key in nums else ""
            text = _e(value).replace("\n", "<br>")
            cells.append(f"<td{klass}>{text}</td>")
        klass = f' class="{style}"' if style in ("bad", "warn") else ""
        body.append(f"<tr{klass}>{''.join(cells)}</tr>")
    return (
        f'<table class="{cls}">{cols}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _summary(lines: Sequence[Line]) -> str:
    """The summary sheet's lines as HTML, kind by kind."""
    out: list[str] = []
    rows: list[str] = []
    pairs: list[str] = []

    def flush() -> None:
        if rows:
            out.append(f"<table>{''.join(rows)}</table>")
            rows.clear()
        if pairs:
            out.append(f'<dl class="pairs">{"".join(pairs)}</dl>')
            pairs.clear()

    for line in lines:
        cells = list(line.cells)
        style = f' class="{line.style}"' if line.style else ""
        if line.kind is LineKind.TABLE_HEAD:
            flush()
            rows.append("<tr>" + "".join(f"<th>{_e(c)}</th>" for c in cells) + "</tr>")
            continue
        if line.kind is LineKind.TABLE_ROW:
            rows.append(f"<tr{style}>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
            continue
        if line.kind is LineKind.PAIR:
            if rows:
                flush()
            label, value = [*cells, ""][:2]
            pairs.append(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>")
            continue
        flush()
        text = _e(" ".join(str(c) for c in cells if c not in (None, "")))
        if line.kind is LineKind.TITLE:
            out.append(f"<h1>{text}</h1>")
        elif line.kind is LineKind.SUBTITLE:
            out.append(f'<p class="subtitle">{text}</p>')
        elif line.kind is LineKind.HEADING:
            out.append(f"<h2>{text}</h2>")
        elif line.kind is LineKind.SIGN:
            role, _ = [*cells, ""][:2]
            out.append(f'<div class="sign"><span>{_e(role)}</span><span></span></div>')
        elif line.kind is LineKind.SEAL:
            out.append(f'<p class="seal">{text}</p>')
        else:
            out.append(f"<p{style}>{text}</p>")
    flush()
    return "\n".join(out)


# --- charts ------------------------------------------------------------------------------


def _nice_max(value: float) -> int:
    """A round axis maximum at or above ``value`` with four whole steps of 1, 2 or 5
    times a power of ten (4, 8, 20, 40, 80, 200...)."""
    if value <= 0:
        return 4
    quarter = value / 4
    step = 10 ** math.floor(math.log10(quarter)) if quarter >= 1 else 1
    for m in (1, 2, 5, 10):
        if m * step >= quarter:
            return int(4 * m * step)
    return int(40 * step)


def _svg(width: int, height: int, body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{_e(title)}">{body}</svg>'
    )


def bar_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int], str]],
    title: str,
    *,
    width: int = 520,
    height: int = 190,
) -> str:
    """Vertical grouped bars: one group per category, one bar per series (name, values,
    colour), with the value over each bar and a legend."""
    left, right, top, bottom = 28, 8, 18, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max((v for _, vals, _ in series for v in vals), default=0))
    parts = []
    for k in range(5):
        y = top + plot_h - plot_h * k / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e2e2e2"/>'
            f'<text x="{left - 3}" y="{y + 3:.1f}" font-size="8" text-anchor="end">'
            f"{_num(top_value * k / 4)}</text>"
        )
    n = max(1, len(categories))
    group = plot_w / n
    bar = group * 0.8 / max(1, len(series))
    for i, cat in enumerate(categories):
        x0 = left + group * i + group * 0.1
        for j, (_, values, colour) in enumerate(series):
            v = values[i]
            h = plot_h * v / top_value
            x = x0 + bar * j
            y = top + plot_h - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar * 0.92:.1f}" height="{h:.1f}" '
                f'fill="{colour}"/><text x="{x + bar * 0.46:.1f}" y="{y - 2:.1f}" '
                f'font-size="8" text-anchor="middle">{v}</text>'
            )
        parts.append(
            f'<text x="{left + group * (i + 0.5):.1f}" y="{height - bottom + 12}" '
            f'font-size="8.5" text-anchor="middle">{_e(cat)}</text>'
        )
    x = left
    for name, _, colour in series:
        parts.append(
            f'<rect x="{x}" y="{height - 12}" width="9" height="9" fill="{colour}"/>'
            f'<text x="{x + 12}" y="{height - 4}" font-size="8.5">{_e(name)}</text>'
        )
        x += 14 + 9 * len(name) + 20
    return _svg(width, height, "".join(parts), title)


def quota_chart(
    rows: Sequence[tuple[str, int, int, int | None]], title: str, legend: Sequence[str]
) -> str:
    """Horizontal bars per sending school: rotators sent, with the Q1 minimum as a red
    mark (and the Q2/Q4 maximum as a grey one). ``rows``: (label, sent, min, max)."""
    width, row_h, left, top = 520, 13, 150, 6
    height = top + row_h * len(rows) + 34
    top_value = _nice_max(max((max(s, m, x or 0) for _, s, m, x in rows), default=0))
    plot_w = width - left - 16
    parts = []
    for k in range(5):
        x = left + plot_w * k / 4
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 30}" stroke="#e2e2e2"/>'
            f'<text x="{x:.1f}" y="{height - 21}" font-size="8" text-anchor="middle">'
            f"{_num(top_value * k / 4)}</text>"
        )
    for i, (label, sent, low, high) in enumerate(rows):
        y = top + row_h * i
        w = plot_w * sent / top_value
        colour = RED if sent < low else BLUE
        parts.append(
            f'<text x="{left - 4}" y="{y + 10}" font-size="8.5" text-anchor="end">'
            f"{_e(label)}</text>"
            f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row_h - 4}" fill="{colour}"/>'
            f'<text x="{left + w + 2:.1f}" y="{y + 10}" font-size="8">{sent}</text>'
        )
        mx = left + plot_w * low / top_value
        parts.append(
            f'<line x1="{mx:.1f}" y1="{y}" x2="{mx:.1f}" y2="{y + row_h}" stroke="{RED}" '
            'stroke-width="2"/>'
        )
        if high is not None:
            hx = left + plot_w * high / top_value
            parts.append(
                f'<line x1="{hx:.1f}" y1="{y}" x2="{hx:.1f}" y2="{y + row_h}" stroke="#777" '
                'stroke-width="1.5" stroke-dasharray="2,1.5"/>'
            )
    y = height - 10
    parts.append(
        f'<rect x="{left}" y="{y - 8}" width="9" height="9" fill="{BLUE}"/>'
        f'<text x="{left + 12}" y="{y}" font-size="8.5">{_e(legend[0])}</text>'
        f'<line x1="{left + 90}" y1="{y - 9}" x2="{left + 90}" y2="{y + 1}" stroke="{RED}" '
        f'stroke-width="2"/><text x="{left + 94}" y="{y}" font-size="8.5">{_e(legend[1])}</text>'
        f'<line x1="{left + 170}" y1="{y - 9}" x2="{left + 170}" y2="{y + 1}" stroke="#777" '
        f'stroke-width="1.5" stroke-dasharray="2,1.5"/>'
        f'<text x="{left + 174}" y="{y}" font-size="8.5">{_e(legend[2])}</text>'
    )
    return _svg(width, height, "".join(parts), title)


def flow_chart(
    flows: dict[tuple[str, str], int], left_labels: dict[str, str],
    right_labels: dict[str, str], title: str,
) -> str:  # fmt: skip
    """Sending schools on the left, receiving schools on the right, a band per pair
    whose width is the number of teachers (a Sankey diagram without a library)."""
    senders = sorted({a for a, _ in flows})
    receivers = sorted({b for _, b in flows})
    unit = 5.0  # px per teacher
    gap = 5.0
    out_total = {s: sum(n for (a, _), n in flows.items() if a == s) for s in senders}
    in_total = {r: sum(n for (_, b), n in flows.items() if b == r) for r in receivers}
    size_l = {a: max(10.0, unit * out_total[a]) for a in senders}
    size_r = {b: max(10.0, unit * in_total[b]) for b in receivers}
    # Both columns span the same height: the shorter one spreads its nodes out.
    span = max(
        sum(size_l.values()) + gap * len(senders), sum(size_r.values()) + gap * len(receivers)
    )
    height = int(span) + 10
    width, node_w, lx, rx = 720, 8, 170, 542
    parts = []

    def column(
        nodes: list[str],
        size: dict[str, float],
        x: float,
        colour: str,
        total: dict[str, int],
        labels_of: dict[str, str],
        left: bool,
    ) -> dict[str, float]:
        spread = (span - sum(size.values())) / max(1, len(nodes))
        top: dict[str, float] = {}
        y = 5.0 + spread / 2
        for node in nodes:
            h = size[node]
            top[node] = y + (h - unit * total[node]) / 2
            tx, anchor = (x - 4, "end") if left else (x + node_w + 4, "start")
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{node_w}" height="{h:.1f}" fill="{colour}"/>'
                f'<text x="{tx}" y="{y + h / 2 + 3:.1f}" font-size="8.5" '
                f'text-anchor="{anchor}">{_e(labels_of.get(node, node))} ({total[node]})</text>'
            )
            y += h + spread
        return top

    pos_l = column(senders, size_l, lx, BLUE, out_total, left_labels, True)
    pos_r = column(receivers, size_r, rx, GREEN, in_total, right_labels, False)
    for (a, b), n in sorted(flows.items()):
        w = unit * n
        y1, y2 = pos_l[a] + w / 2, pos_r[b] + w / 2
        pos_l[a] += w
        pos_r[b] += w
        x1, x2 = lx + node_w, rx
        mid = (x1 + x2) / 2
        parts.append(
            f'<path d="M{x1},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2},{y2:.1f}" '
            f'stroke="{BLUE}" stroke-opacity="0.35" stroke-width="{w:.1f}" fill="none"/>'
        )
    return _svg(width, height, "".join(parts), title)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _band_label(lo: int, hi: int | None, lang: str) -> str:
    return labels.report_word("band_to" if hi is not None else "band_from", lang, lo=lo, hi=hi)


def charts(facts: PlanFacts, lang: str) -> str:
    """The four charts, with their captions, as one HTML block."""
    w = labels.report_word
    inst = facts.instance
    fig = key_figures(facts)
    blocks = []
    bands = [b for b in fig.bands if b.posts]
    blocks.append(
        _figure(
            w("chart_bands", lang),
            bar_chart(
                [_band_label(b.lo, b.hi, lang) for b in bands],
                [
                    (w("posts", lang), [b.posts for b in bands], GREY),
                    (w("filled", lang), [b.filled for b in bands], BLUE),
                ],
                w("chart_bands", lang),
            ),
        )
    )
    senders = [
        s for s in sorted(inst.schools, key=lambda s: s.school_id)
        if facts.is_sending(s) and facts.eligible_at[s.school_id]
    ]  # fmt: skip
    rows = [
        (f"{s.school_id} {s.name}", facts.sent[s.school_id], facts.quota_min(s.school_id),
         facts.quota_max(s.school_id))
        for s in senders
    ]  # fmt: skip
    blocks.append(
        _figure(
            w("chart_quota", lang),
            quota_chart(
                rows,
                w("chart_quota", lang),
                (w("sent", lang), w("q1_min", lang), w("q_max", lang)),
            ),
        )
    )
    assignments = facts.plan.assignments if facts.plan is not None else ()
    km = [
        inst.distance_km(inst.teacher_by_id[a.teacher_id].school_id, a.to_school_id)
        for a in assignments
        if a.teacher_id in inst.teacher_by_id and a.to_school_id in inst.school_by_id
    ]
    top = int(max(km, default=0) // 10) + 1
    counts = [sum(1 for d in km if 10 * i <= d < 10 * (i + 1)) for i in range(top)]
    blocks.append(
        _figure(
            w("chart_commute", lang),
            bar_chart(
                [f"{10 * i}-{10 * (i + 1)}" for i in range(top)],
                [(w("teachers", lang), counts, BLUE)],
                w("chart_commute", lang),
            ),
        )
    )
    flows: dict[tuple[str, str], int] = {}
    for a in assignments:
        t = inst.teacher_by_id.get(a.teacher_id)
        if t is not None:
            flows[(t.school_id, a.to_school_id)] = flows.get((t.school_id, a.to_school_id), 0) + 1
    names = {s.school_id: f"{s.school_id} {s.name}" for s in inst.schools}
    flow = _figure(w("chart_flow", lang), flow_chart(flows, names, names, w("chart_flow", lang)))
    return "".join(blocks) + flow


def _figure(caption: str, svg: str) -> str:
    return f"<figure><figcaption>{_e(caption)}</figcaption>{svg}</figure>"


def report_html(
    facts: PlanFacts, check: CheckResult, run: RunInfo, heading: PlanHeading, lang: str
) -> str:
    """The whole report as one HTML document (UTF-8, no external resource)."""
    labels.check_lang(lang)
    w = labels.report_word
    summary = build_summary(facts, check, run, heading, lang)
    title = heading.text("plan_title", lang)
    sections = [f'<section class="page">{_summary(summary.lines)}</section>']
    if facts.plan is not None:
        sections.append(
            f'<section class="page"><h2>{_e(w("charts", lang))}</h2>{charts(facts, lang)}</section>'
        )
    constraints = constraints_table(check, facts.policy, lang)
    sections.append(
        f'<section class="page wide"><h2>{_e(constraints.name)}</h2>'
        f"{_table(constraints, 'constraints', ('slack',), CONSTRAINT_WIDTHS)}</section>"
    )
    if facts.plan is not None:
        public = public_list(facts, heading, lang)
        sections.append(
            f'<section class="wide"><h1>{_e(heading.text("public_title", lang))}</h1>'
            f"{_table(public, 'public', ('seq',))}</section>"
        )
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(sections)}</body></html>\n"
    )
