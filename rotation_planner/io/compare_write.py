"""Writes the comparison workbook: KPIs, Scenarios, Changes, then each variant's plan.

The rows come from report/compare.py; the cells are made by plan_write's helpers, so
the polish is the plan workbook's: frozen header, filters, CJK-aware widths, text that
never becomes a formula, and an atomic write that never replaces an input file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from rotation_planner.io.atomic import save_atomically
from rotation_planner.io.plan_write import FILLS, FIXED_DATE, _refuse_inputs, write_table
from rotation_planner.report import labels
from rotation_planner.report.compare import KPI_FORMATS, KpiTable, Variant, comparison_tables


def refuse_inputs(path: Path, inputs: Iterable[Path]) -> None:
    """ValueError when ``path`` is one of ``inputs`` (checked before any solving)."""
    _refuse_inputs(Path(path), [Path(p) for p in inputs])


def write_comparison_workbook(
    path: Path, variants: Sequence[Variant], lang: str, *, inputs: Iterable[Path] = ()
) -> None:
    """Write the comparison of ``variants`` (the first is the reference) at ``path``.
    ValueError when ``path`` is one of ``inputs``."""
    path = Path(path)
    refuse_inputs(path, inputs)
    tables = comparison_tables(variants, lang)
    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.name)
        write_table(ws, table)
        if isinstance(table, KpiTable):
            _format_kpis(ws, table)
        if table.key == "scenarios":
            for row in ws.iter_rows(min_row=2):
                for cell in row[-2:]:  # diagnosis and relaxations: one line each
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.properties.creator = "rotation_planner"
    wb.properties.created = FIXED_DATE
    save_atomically(path, wb.save)


def _format_kpis(ws, table: KpiTable) -> None:  # type: ignore[no-untyped-def]
    """Shares as percentages, kilometres to one decimal; a status other than a plan in
    red, per cell (one column per variant). With two variants or more, a row whose
    figures are all equal (all zero, say) says nothing about the choice: it is folded
    away (outline level 1, hidden; the "+" in the margin opens it)."""
    several = len(table.columns) > 2
    for r, key in enumerate(table.kpi_keys, start=2):
        fmt = KPI_FORMATS.get(key)
        values = table.rows[r - 2][1:]
        for c in range(2, len(table.columns) + 1):
            cell = ws.cell(row=r, column=c)
            if fmt and isinstance(cell.value, int | float):
                cell.number_format = fmt
            if key == "status" and table.rows[r - 2][c - 1] not in _PLAN_WORDS:
                cell.fill = FILLS["bad"]
        if several and key not in _ALWAYS_SHOWN and len(set(map(repr, values))) == 1:
            ws.row_dimensions[r].outlineLevel = 1
            ws.row_dimensions[r].hidden = True
    ws.sheet_properties.outlinePr.summaryBelow = False
    ws.freeze_panes = "B2"


# The statuses of a variant that has a plan, in words (the KPI sheet shows words).
_PLAN_WORDS = frozenset(
    labels.status_text(status, lang)
    for status in ("OPTIMAL", "FEASIBLE", "OK")
    for lang in labels.LANGS
)
# Rows that stay in view even when every variant has the same figure.
_ALWAYS_SHOWN = frozenset({"status", "rotators", "filled", "changed"})
