"""The step graph and its evaluation: one generic mechanism under solve, check, new and graphs.

A ``Step`` is one named quantity: the names it reads, a pure function computing it from them,
and a formula per element for rendering.  ``Graph`` holds the steps in working order and the
given values (the problem's parameters).  ``evaluate`` walks the steps; ``recompute`` evaluates a
single step from any inputs (the grader's follow-through and mistake variants).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from .formula import Expr

Value = Any  # a number, a vector, or a matrix (nested lists)
Index = tuple[int, ...]


class Method(NamedTuple):
    """One way to compute a step: what it reads and the function over those values."""

    reads: tuple[str, ...]
    compute: Callable[..., Value]
    formula: Callable[[Index], Expr] | None = None
    # False for an equally right way whose mistakes are the primary method's already
    # (h′ from z rather than from a): the grader builds no mistake variants on it
    mistakes: bool = True


class Step(NamedTuple):
    """One named quantity of the graph: its id, how to compute it, and its formula."""

    id: str
    method: Method
    phase: str  # forward | loss | backward | update | after
    layer: int | None = None
    # False for helper steps a sheet does not ask for (the forward pass after the update)
    asked: bool = True
    alternatives: tuple[Method, ...] = ()  # other correct methods (δ = (y − t)/n or δ = ∂L/∂y ⊙ h′)
    what: str = ""  # kind of quantity, for explanations: z, a, loss, delta, dW, db, W_new …

    @property
    def reads(self) -> tuple[str, ...]:
        """The ids of the steps this step's method reads, in the order it takes them."""
        return self.method.reads

    def formula(self, idx: Index) -> Expr:
        """The formula of one element, over Refs to what the step reads."""
        assert self.method.formula is not None
        return self.method.formula(idx)

    def methods(self) -> tuple[Method, ...]:
        """The primary method first, then the equally right alternatives."""
        return (self.method, *self.alternatives)


class Graph:
    """Steps in working order, and the values given by the problem."""

    def __init__(self, steps: list[Step], given: dict[str, Value]):
        self.steps = steps
        self.given = given
        self.by_id: dict[str, Step] = {s.id: s for s in steps}

    def asked(self) -> list[Step]:
        """The steps an answer sheet asks for, in working order."""
        return [s for s in self.steps if s.asked]


def run(method: Method, values: Mapping[str, Value]) -> Value:
    """A method's value from the values it reads."""
    return method.compute(*[values[r] for r in method.reads])


def recompute(step: Step, values: Mapping[str, Value]) -> Value:
    """The step's value from these inputs (any inputs: the truth, or a learner's numbers)."""
    return run(step.method, values)


MAX_EXACT_BITS = 4096  # numerator or denominator of an exact value (about 1,200 digits)


class TooLarge(ArithmeticError):
    """An exact value grew past ``MAX_EXACT_BITS`` (chained powers): refused, not computed on."""


def bounded(value: Value, step_id: str = "") -> Value:
    """The value itself, or TooLarge when an exact element has grown past the bound.  One step
    multiplies the size of its inputs by at most a few (pow k ≤ 10), so checking after every
    step bounds the work of the next one."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, list):
            stack.extend(v)
        elif hasattr(v, "denominator") and not isinstance(v, bool):
            if v.numerator.bit_length() > MAX_EXACT_BITS or \
                    v.denominator.bit_length() > MAX_EXACT_BITS:
                raise TooLarge(f"{step_id or 'a value'} grows past {MAX_EXACT_BITS} binary "
                               "digits when kept exact")
    return value


def evaluate(graph: Graph, given: Mapping[str, Value] | None = None) -> dict[str, Value]:
    """Every value of the graph, the steps evaluated in order from the given values (each
    bounded in size, so no problem can make the next step run for minutes)."""
    values: dict[str, Value] = dict(graph.given if given is None else given)
    for step in graph.steps:
        values[step.id] = bounded(recompute(step, values), step.id)
    return values


def elements(value: Value, prefix: Index = ()) -> Iterator[tuple[Index, Any]]:
    """(index, number) for every element of a number, vector or matrix, row by row."""
    if isinstance(value, list):
        for i, v in enumerate(value):
            yield from elements(v, prefix + (i,))
    else:
        yield prefix, value


def element(value: Value, idx: Index) -> Any:
    """The element of a value at an index."""
    for i in idx:
        value = value[i]
    return value
