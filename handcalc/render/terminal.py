"""The worked solution on a terminal: rich tables, one per phase of the step.

Render functions return renderables; printing is the caller's business (cli.py).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from ..exercise import PHASES, Exercise
from ..i18n import tr
from .lines import line

THEME = Theme({
    "hc.title": "bold",
    "hc.symbol": "cyan",
    "hc.value": "bold",
    "hc.note": "dim",
    "hc.right": "green",
    "hc.wrong": "bold red",
    "hc.carried": "yellow",
    "hc.mistake": "magenta",
    "hc.blank": "dim",
})


def header(exercise: Exercise, lang: str) -> Table:
    """The problem at a glance: title, network, loss, learning rate, notation."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="hc.note")
    grid.add_column()
    for label, value in exercise.summary(lang):
        grid.add_row(Text(label), Text(value))
    return grid


def phase_table(exercise: Exercise, phase: str, lang: str, decimals: int,
                values: dict | None = None) -> Table | None:
    """One phase's table: every element with its formula, numbers put in, and value."""
    values = values if values is not None else exercise.values()
    steps = [s for s in exercise.graph.steps if s.phase == phase]
    if not steps:
        return None
    table = Table(title=tr(f"phase.{phase}", lang), title_style="hc.title", title_justify="left",
                  show_lines=False, expand=False)
    table.add_column(tr("col.symbol", lang), style="hc.symbol", no_wrap=True)
    table.add_column(tr("col.formula", lang))
    table.add_column(tr("col.numbers", lang))
    table.add_column(tr("col.value", lang), style="hc.value", justify="right", no_wrap=True)
    rows = []
    for n, step in enumerate(steps):
        if n:
            table.add_section()
        for idx, _ in exercise.elements_of(step):
            ln = line(exercise, step, idx, values, decimals)
            cells = (ln.symbol, ln.formula, ln.numbers, ln.value)
            rows.append(cells)
            table.add_row(*[Text(c) for c in cells])
    _fix_widths(table, rows)
    return table


FIT_WIDTH = 100  # a table whose natural width fits this needs no measuring or wrapping


def _fix_widths(table: Table, rows: list[tuple[str, ...]]) -> None:
    """Give each column its natural width when the whole table fits FIT_WIDTH columns.

    Rich measures every cell of a column without a fixed width (about half a millisecond a
    row); sizing the columns here from plain string widths makes ``solve`` start faster.
    A wider table keeps rich's measuring and wrapping.
    """
    widths = [max([cell_len(col.header)] + [cell_len(r[i]) for r in rows])
              for i, col in enumerate(table.columns)]
    if sum(widths) + 3 * len(widths) + 1 > FIT_WIDTH:
        return
    for col, width in zip(table.columns, widths):
        col.width = width
        col.no_wrap = True


def solution(exercise: Exercise, lang: str, decimals: int | None = None) -> Group:
    """The whole worked solution: header, notes, and a table per phase."""
    decimals = exercise.decimals if decimals is None else decimals
    parts: list = []
    if exercise.title:
        parts.append(Text(exercise.title, style="hc.title"))
    parts.append(header(exercise, lang))
    parts.append(Text(tr("summary.decimals", lang, d=decimals), style="hc.note"))
    for note in exercise.notes(lang):
        parts.append(Text(note, style="hc.note"))
    for phase in PHASES:
        table = phase_table(exercise, phase, lang, decimals)
        if table is not None:
            parts.append(Text(""))
            parts.append(table)
    if exercise.kind == "graph":  # the graph drawn, values above the edges, gradients below
        from ..graph import word
        from .graph_text import drawing

        parts += [Text(""), Text(word("drawing", lang), style="hc.title"),
                  Text(drawing(exercise, decimals), no_wrap=True, overflow="ignore")]
    if exercise.kind == "network" and "improvement" in exercise.graph.by_id:
        gain = exercise.values()["improvement"]
        from ..numbers import show

        key = "improvement.fell" if gain > 0 else "improvement.rose"
        parts.append(Text(tr(key, lang, v=show(abs(gain), decimals)), style="hc.title"))
    return Group(*parts)
