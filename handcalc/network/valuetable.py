"""The value table an exam paper prints: exactly the exp, σ, tanh and log values a learner needs.

``table`` lists them from the network's structure: σ(z) of every sigmoid unit, tanh(z) of every
tanh unit, e^z of every softmax unit, log y (and log(1 − y) for binary cross-entropy) for every
loss term with a nonzero weight — in the forward pass and again after the update (for the loss
after it).  ``needed`` finds them independently, by reading the formulas of every step; the
generator's ``value_table`` rule checks the two agree.  Each entry's argument is the value
rounded to the problem's ``decimals`` — what the learner has written down and what the table
prints — and its value is the function of exactly that printed argument (so the printed value
is the correctly rounded one: log(0.5256) = −0.6432, not log(0.525649…) = −0.6433).  A problem
that carries its own table (``table:``, written by ``handcalc new``) is printed with that one.
``log`` is the natural logarithm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import functions as fn
from ..engine import element
from ..formula import Add, Call, Const, Div, Expr, Mul, Neg, Pow, Sub
from ..formula import evaluate as evaluate_formula
from ..numbers import Number, is_exact, round_half_away, show

if TYPE_CHECKING:
    from ..exercise import Exercise

FUNCTIONS = ("sigmoid", "tanh", "exp", "log")


@dataclass(frozen=True)
class Entry:
    """One line of the table: fn(arg) = value."""

    fn: str  # sigmoid | tanh | exp | log
    arg: Number  # as printed: rounded to the problem's places
    value: Number  # fn(arg) of exactly that argument

    def text(self, decimals: int) -> str:
        """'σ(0.25) = 0.5622' — the plain-text line."""
        name = {"sigmoid": "σ", "tanh": "tanh", "exp": "exp", "log": "log"}[self.fn]
        return f"{name}({arg_text(self.arg, decimals)}) = {show(self.value, decimals)}"

    def latex(self, decimals: int) -> str:
        """'\\sigma(0.25) = 0.5622' — the LaTeX line (e^{z} for exp)."""
        arg, value = arg_text(self.arg, decimals), show(self.value, decimals)
        if self.fn == "exp":
            return f"e^{{{arg}}} = {value}"
        name = {"sigmoid": r"\sigma", "tanh": r"\tanh", "log": r"\log"}[self.fn]
        return rf"{name}\left({arg}\right) = {value}"


def arg_text(arg: Number, decimals: int) -> str:
    """The argument as printed: an exact one as it is (0.35), another to the problem's places
    (0.6890), as the learner wrote it."""
    return show(arg, decimals)


_EVAL = {"sigmoid": fn.sigmoid, "tanh": fn.tanh, "exp": lambda x: math.exp(float(x)),
         "log": fn.safe_log}


def _entry(name: str, arg: Number, decimals: int) -> Entry:
    """fn(arg) with the argument rounded to ``decimals`` places first, as it is printed."""
    printed: Number = round_half_away(arg, decimals)
    value = float(_EVAL[name](printed))
    if not is_exact(arg):
        printed = float(printed)  # shown to the problem's places, trailing zeros and all
    return Entry(name, printed, value)


def evaluate(name: str, arg: Number) -> float:
    """The table function of one argument: σ, tanh, exp or log (floored as the engine's)."""
    return float(_EVAL[name](arg))


def _key(e: Entry, decimals: int) -> tuple[str, str]:
    """(function, argument to ``decimals`` places): two entries with one key are one line."""
    return e.fn, f"{float(e.arg):.{decimals}f}"


def _dedupe(entries: list[Entry], decimals: int) -> list[Entry]:
    seen: set[tuple[str, str]] = set()
    out = []
    for e in entries:
        key = _key(e, decimals)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def table(exercise: Exercise) -> list[Entry]:
    """The values a learner looks up, from the network's structure, in working order."""
    problem = exercise.problem
    if exercise.kind != "network":
        return []
    if problem.table is not None:  # printed to the problem's places, as it was first printed
        return [Entry(fn, float(arg), value) for fn, arg, value in problem.table]
    d = exercise.decimals
    values = exercise.values()
    L = len(problem.layers)
    entries: list[Entry] = []
    for suffix in ("", "_after"):
        for l, layer in enumerate(problem.layers, start=1):
            name = {"sigmoid": "sigmoid", "tanh": "tanh", "softmax": "exp"}.get(layer.activation)
            if name is None:
                continue
            for row in values[f"z{l}{suffix}"]:
                entries += [_entry(name, z, d) for z in row]
        if problem.loss in ("cross_entropy", "binary_cross_entropy"):
            for y_n, t_n in zip(values[f"a{L}{suffix}"], problem.targets):
                for y, t in zip(y_n, t_n):
                    if t != 0:
                        entries.append(_entry("log", y, d))
                    if problem.loss == "binary_cross_entropy" and t != 1:
                        entries.append(_entry("log", 1 - y, d))
    return _dedupe(entries, exercise.decimals)


def _calls(expr: Expr, found: list[tuple[str, Expr]]) -> None:
    """Collect (function, argument) of every transcendental call; σ is written 1/(1 + e^(−z))."""
    if isinstance(expr, Div) and isinstance(expr.a, Const) and expr.a.value == 1 \
            and isinstance(expr.b, Add) and len(expr.b.terms) == 2 \
            and isinstance(expr.b.terms[1], Call) and expr.b.terms[1].name == "exp" \
            and isinstance(expr.b.terms[1].args[0], Neg):
        found.append(("sigmoid", expr.b.terms[1].args[0].x))
        return
    if isinstance(expr, Call):
        if expr.name in ("exp", "log", "tanh") and not expr.as_value:
            found.append((expr.name, expr.args[0]))
        for arg in expr.args:
            _calls(arg, found)
        return
    if isinstance(expr, (Add, Mul)):
        for part in (expr.terms if isinstance(expr, Add) else expr.factors):
            _calls(part, found)
    elif isinstance(expr, (Sub, Div)):
        _calls(expr.a, found)
        _calls(expr.b, found)
    elif isinstance(expr, (Neg, Pow)):
        _calls(expr.x, found)


def needed(exercise: Exercise) -> list[Entry]:
    """The values the formulas of every step call for (read from the formulas themselves)."""
    values = exercise.values()
    lookup = lambda ref: element(values[ref.id], ref.idx)  # noqa: E731
    entries: list[Entry] = []
    for step in exercise.graph.steps:
        for n, (idx, _) in enumerate(exercise.elements_of(step)):
            found: list[tuple[str, Expr]] = []
            _calls(step.formula(idx), found)
            if n == 0 and not found:
                break  # every element of a step is written with the same functions
            entries += [_entry(name, evaluate_formula(arg, lookup), exercise.decimals)
                        for name, arg in found]
    return _dedupe(entries, exercise.decimals)


def keys(entries: list[Entry], decimals: int) -> set[tuple[str, str]]:
    """(function, argument as shown) of each entry: what two tables are compared by."""
    return {_key(e, decimals) for e in entries}

