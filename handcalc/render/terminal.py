"""The worked solution on a terminal: rich tables, one per phase of the step.

Render functions return renderables; printing is the caller's business (cli.py).
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from ..exercise import PHASES, Exercise
from ..i18n import title as title_of
from ..i18n import tr
from .grid import Column, Grid
from .lines import line
from .para import Para

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
                values: dict | None = None) -> Grid | None:
    """One phase's table: every element with its formula, numbers put in, and value."""
    values = values if values is not None else exercise.values()
    steps = [s for s in exercise.graph.steps if s.phase == phase]
    if not steps:
        return None
    table = Grid([Column(tr("col.symbol", lang), style="hc.symbol"),
                  Column(tr("col.formula", lang)),
                  Column(tr("col.numbers", lang)),
                  Column(tr("col.value", lang), justify="right", style="hc.value")],
                 title=tr(f"phase.{phase}", lang))
    for n, step in enumerate(steps):
        if n:
            table.add_section()
        for idx, _ in exercise.elements_of(step):
            ln = line(exercise, step, idx, values, decimals)
            table.add_row(ln.symbol, ln.formula, ln.numbers, ln.value)
    return table


def solution(exercise: Exercise, lang: str, decimals: int | None = None) -> Group:
    """The whole worked solution: header, notes, and a table per phase."""
    if exercise.kind == "formula":  # derivations, not tables of numbers
        from .derivation import terminal

        return terminal(exercise, lang)
    decimals = exercise.decimals if decimals is None else decimals
    parts: list = []
    if title_of(exercise, lang):
        parts.append(Text(title_of(exercise, lang), style="hc.title"))
    parts.append(header(exercise, lang))
    parts.append(Text(tr("summary.decimals", lang, d=decimals), style="hc.note"))
    for note in exercise.notes(lang):
        parts.append(Para(note, style="hc.note"))
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
