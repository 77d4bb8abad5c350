"""The worked solution on a terminal: rich tables, one per phase of the step.

Render functions return renderables; printing is the caller's business (cli.py).
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from .. import kinds
from ..exercise import PHASES, Exercise
from ..i18n import title as title_of
from ..i18n import tr
from . import views
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
    own = views.of(exercise)
    if own is not None:  # a kind whose solution is not a table of numbers (formulas)
        return own.terminal(exercise, lang)
    kind = kinds.of(exercise)
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
    drawn = kind.drawing(exercise, decimals, lang)
    if drawn is not None:  # a graph drawn, values above the edges, gradients below
        parts += [Text(""), Text(drawn[0], style="hc.title"),
                  Text(drawn[1], no_wrap=True, overflow="ignore")]
    closing = kind.closing(exercise, lang, decimals)
    if closing is not None:  # how the loss changed
        parts.append(Text(closing, style="hc.title"))
    return Group(*parts)


def console() -> Console:
    """The terminal console every command prints on: the theme, no highlighting of numbers."""
    return Console(theme=THEME, highlight=False, soft_wrap=False)


def title(text: str) -> Text:
    """One line in the title style (a sheet's file name above its hints)."""
    return Text(text, style="hc.title")
