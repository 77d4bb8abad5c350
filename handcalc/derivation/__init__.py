"""Formula exercises (``kind: formula``): derive a quantity by hand, type the formula, have it
graded by equivalence.

The package holds the whole kind: ``problem`` (the YAML loader), ``family`` (what the symbols
stand for on random networks or variable values), ``mistakes`` (the formula mistakes, as
variant references), ``grading`` (the marker), ``sheet`` (blank sheets and the reading of a
typed answer), ``generator`` (``new --kind formula``) and ``adapter`` (the one module that
imports the network kind).  ``exercise(problem)`` wraps a problem as the ``Exercise`` every
command walks: one step per question, its value the reference formula's text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..engine import Graph, Method, Step
from ..expr import ExprError
from ..formula import Style, render
from ..yamlsafe import InputError, Node

if TYPE_CHECKING:
    from ..exercise import Exercise

KIND = "formula"
CHECK_CASES = 3  # random cases a problem's reference formulas are checked on when loaded


class Symbols:
    """How a question's quantity is written: its symbol (∂L/∂b_j^K), text and LaTeX."""

    def __init__(self, problem: Any):
        self.by_key = {q.key: q for q in problem.questions}

    def symbol(self, step_id: str, idx: tuple[int, ...] = ()) -> tuple[str, str]:
        """The question's symbol, as text and as LaTeX."""
        q = self.by_key.get(step_id)
        if q is None:
            return step_id, step_id
        return (render(q.symbol, Style(symbol=None)),
                render(q.symbol, Style(symbol=None, latex=True)))

    def name(self, step_id: str) -> tuple[str, str]:
        """The question's symbol (a formula is one element: name and symbol agree)."""
        return self.symbol(step_id)

    def __call__(self, ref: Any) -> tuple[str, str]:
        return self.symbol(ref.id)


def exercise(problem: Any, check: bool = True) -> Exercise:
    """The Exercise of a formula problem; with ``check``, every reference formula is first
    compared with the engine (or central differences) on random cases: InputError if not."""
    from ..exercise import Exercise
    steps = []
    for q in problem.questions:
        text = q.answer_text
        steps.append(Step(q.key, Method((), (lambda t=text: t)), "backward", what="formula"))
    graph = Graph(steps, {})

    def summary(lang: str) -> list[tuple[str, str]]:
        """The family, one row."""
        label = {"en": "family", "ja": "題材"}[lang if lang in ("en", "ja") else "en"]
        return [(label, problem.family.describe(lang))]

    ex = Exercise(KIND, problem, graph, Symbols(problem), {q.key: q.key for q in
                                                           problem.questions},
                  problem.decimals, title=problem.title, path=problem.path, summary=summary,
                  title_ja=problem.title_ja)
    if check:
        verify(problem)
    return ex


def verify(problem: Any, cases: int = CHECK_CASES) -> None:
    """Every reference formula equals the quantity it answers, computed independently (the
    network's step graph, or central differences) on random cases; InputError if not."""
    from .family import close
    from .grading import _Prepared

    for q in problem.questions:
        try:
            prep = _Prepared(problem, q, cases)
            for point, ref in zip(prep.points, prep.reference):
                if isinstance(ref, str):
                    raise ExprError(ref)
                truth = prep.truth(point)
                if not close(ref, truth, 1e-5):
                    where = ", ".join(f"{k} = {v}" for k, v in point[1].items())
                    raise InputError(f"question '{q.key}': the answer {q.answer_text!r} gives "
                                     f"{ref!r} but the quantity is {truth!r} (random case "
                                     f"{point[0] + 1}{', ' + where if where else ''}); check "
                                     "the answer or 'of:'", problem.path, q.line)
        except ExprError as e:
            raise InputError(f"question '{q.key}': the answer cannot be evaluated: {e}",
                             problem.path, q.line) from None
        except (IndexError, KeyError, ValueError, ArithmeticError) as e:
            raise InputError(f"question '{q.key}': 'of:' does not name a quantity of this "
                             f"family ({type(e).__name__}: {e})", problem.path, q.line) from None


def from_node(root: Node, file: str | None = None) -> Exercise:
    """The Exercise of a ``kind: formula`` YAML tree."""
    from .problem import from_node as problem_from_node

    return exercise(problem_from_node(root, file))
