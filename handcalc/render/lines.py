"""One element of a step as a line a person writes: symbol = formula = numbers = value.

Shared by every renderer (terminal, Markdown/LaTeX, the grader's explanations), so a formula is
written the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ..engine import Step, element
from ..formula import Ref, Style, render
from ..numbers import show, show_approx


class Line(NamedTuple):
    """symbol = formula = numbers = value, as text or LaTeX."""

    symbol: str
    formula: str
    numbers: str
    value: str


def value_lookup(values: Mapping[str, Any]):
    """A Ref → number function over a dict of values (the truth, or a learner's numbers)."""
    return lambda ref: element(values[ref.id], ref.idx)


def line(exercise, step: Step, idx: tuple[int, ...], values: Mapping[str, Any],
         decimals: int, latex: bool = False) -> Line:
    """The line of one element of a step, its numbers taken from ``values``."""
    symbols = exercise.symbols
    expr = step.formula(idx)
    sym_text, sym_tex = symbols.symbol(step.id, idx)
    symbolic = render(expr, Style(symbols, None, decimals, latex))
    # a bare reference (a = z for identity) has nothing to put in: its numbers are its value
    numeric = "" if isinstance(expr, Ref) else render(
        expr, Style(symbols, value_lookup(values), decimals, latex))
    value = element(values[step.id], idx)
    shown = show_approx(value, decimals) if not latex else show(value, decimals)
    return Line(sym_tex if latex else sym_text, symbolic, numeric, shown)
