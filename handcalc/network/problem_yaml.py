"""A network problem as YAML text in format 1 (design.md), the way a person would write it.

``dump(problem)`` writes every key, in design.md's order, numbers as their exact decimals
(``0.25``) or, when a decimal would not end, as a quoted fraction (``"1/3"``); ``problem.loads``
reads the text back to the same problem, number for number.  Matrices with several rows get
one row per line, aligned, as the bundled exercises are written.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    
    from ..numbers import Number
    from .problem import Problem

from ..numbers import exact_decimal, is_exact, to_fraction
from ..yamlsafe import quoted


def number(value: Number) -> str:
    """A number as YAML: its exact decimal, or a quoted fraction ("1/3"); a float as repr."""
    if is_exact(value):
        q = to_fraction(cast(Fraction, value))
        text = exact_decimal(q)
        return text if text is not None else f'"{q.numerator}/{q.denominator}"'
    return repr(float(value))


def vector(values: Iterable[Number]) -> str:
    """[0.1, -0.2, 0.3]"""
    return "[" + ", ".join(number(v) for v in values) + "]"


def matrix(rows: Sequence[Sequence[Number]], indent: int) -> str:
    """[[…], […]] with one row per line, continuation rows aligned under the first."""
    if len(rows) == 1:
        return "[" + vector(rows[0]) + "]"
    pad = " " * (indent + 1)
    return "[" + f",\n{pad}".join(vector(row) for row in rows) + "]"


def dump(problem: Problem, comments: list[str] | tuple[str, ...] = ()) -> str:
    """The problem file's text; ``comments`` go first, one ``# …`` line each."""
    lines = [f"# {c}" for c in comments]
    lines.append("handcalc: 1")
    if problem.title and getattr(problem, "title_ja", ""):
        lines.append(f"title: {{en: {quoted(problem.title)}, ja: {quoted(problem.title_ja)}}}")
    elif problem.title:
        lines.append(f"title: {quoted(problem.title)}")
    lines += [f"notation: {problem.notation}", f"layout: {problem.layout}"]
    if problem.batch == 1:
        lines += [f"input: {vector(problem.inputs[0])}", f"target: {vector(problem.targets[0])}"]
    else:
        lines += [f"input: {matrix(problem.inputs, len('input: '))}",
                  f"target: {matrix(problem.targets, len('target: '))}"]
    lines.append("layers:")
    for layer in problem.layers:
        lines += [f"  - activation: {layer.activation}",
                  f"    W: {matrix(layer.W, len('    W: '))}",
                  f"    b: {vector(layer.b)}"]
    lines += [f"loss: {problem.loss}",
              f"reduction: {problem.reduction}",
              f"learning_rate: {number(problem.learning_rate)}",
              f"update: [{', '.join(problem.update)}]",
              f"decimals: {problem.decimals}",
              f"relu_grad_at_zero: {number(problem.relu_grad_at_zero)}"]
    if problem.table:
        lines.append("table:                      # the value table: [function, argument, value]")
        lines += [f"  - [{fn}, {number(arg)}, {number(value)}]"
                  for fn, arg, value in problem.table]
    return "\n".join(lines) + "\n"


def loads(source: str, file: str | None = None) -> Problem:
    """Read a problem from YAML text (the inverse of ``dump``): ``problem.loads``, as a file's
    text is read."""
    from .problem import loads as problem_loads

    return problem_loads(source, file)
