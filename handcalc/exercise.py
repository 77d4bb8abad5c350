"""An exercise: a loaded problem of any kind with its step graph, symbols and answer keys.

This is the one object solve, check, template and new work with, whatever the kind of problem
(a network, a scalar computation graph, formulas to derive): they walk ``exercise.graph`` and
name things with ``exercise.symbols``; what differs by kind they ask the exercise's Kind
(kinds.py).  ``loads`` reads a problem's text and picks the kind from its ``kind:`` key.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .engine import Graph, Step, elements, evaluate
from .yamlsafe import InputError, Node

PHASES = ("forward", "loss", "backward", "update", "after")


@dataclass
class Exercise:
    """A problem ready to solve and grade: its graph, how its quantities are written, its keys."""

    kind: str  # its name in kinds.REGISTRY: "network", "graph", "formula"
    problem: Any
    graph: Graph
    symbols: Any  # callable Ref → (text, LaTeX), with .symbol(id, idx) and .name(id)
    keys: dict[str, str]  # answer-sheet key (the problem's notation) → canonical id (other
    # spellings a sheet may use are the kind's: Kind.key_aliases)
    decimals: int
    title: str = ""
    title_ja: str = ""  # i18n.title(exercise, lang) picks the one to show
    path: str | None = None
    summary: Callable[[str], list[tuple[str, str]]] = lambda lang: []
    notes: Callable[[str], list[str]] = lambda lang: []
    diagram: Callable[..., str] | None = None  # the problem drawn as SVG text: diagram(lang)
    blank: Callable[..., str] | None = None  # drawn with no answer on it: blank(lang)
    _values: dict[str, Any] | None = field(default=None, repr=False)
    _kind_object: Any = field(default=None, repr=False)

    def _kind(self) -> Any:
        """This exercise's Kind (kinds.py), looked up once."""
        if self._kind_object is None:
            from . import kinds

            self._kind_object = kinds.get(self.kind)
        return self._kind_object

    def values(self) -> dict[str, Any]:
        """Every value of the graph (the truth), computed once."""
        if self._values is None:
            self._values = evaluate(self.graph)
        return self._values

    def key_of(self, step_id: str) -> str:
        """The answer-sheet key of a canonical id in this problem's notation."""
        for key, sid in self.keys.items():
            if sid == step_id:
                return key
        return step_id

    def per_sample(self, step: Step) -> bool:
        """True for quantities with one row per sample ([sample][unit])."""
        return bool(self._kind().per_sample(self, step))

    def single_sample(self) -> bool:
        """True when the problem has one sample, so per-sample values drop the sample index."""
        return bool(self._kind().single_sample(self))

    def outward(self, step: Step, value: Any) -> Any:
        """A value in the shape users see (design.md): [unit] for one sample, else unchanged."""
        if self.per_sample(step) and self.single_sample():
            return value[0]
        return value

    def inward(self, step: Step, value: Any) -> Any:
        """A value in the users' shape back to the engine's shape (inverse of ``outward``)."""
        if self.per_sample(step) and self.single_sample():
            return [value]
        return value

    def element_id(self, step: Step, idx: tuple[int, ...]) -> str:
        """The id of one element as reports name it: 'z1[0]', 'dW2[0][1]', 'loss'."""
        if self.per_sample(step) and self.single_sample():
            idx = idx[1:]
        return step.id + "".join(f"[{i}]" for i in idx)

    def elements_of(self, step: Step) -> list[tuple[tuple[int, ...], Any]]:
        """(engine index, true value) for every element of a step, row by row."""
        return list(elements(self.values()[step.id]))


def from_node(root: Node | None, file: str | None = None, notation: str | None = None) -> Exercise:
    """An exercise from a parsed YAML tree; the ``kind:`` key picks its kind (kinds.REGISTRY;
    a network when it is left out)."""
    from . import kinds

    name = kinds.DEFAULT
    if root is not None and root.kind == "map" and "kind" in root.entries:
        from .loader import Reader

        # read before any other key, so a misspelt kind is the message, not its keys
        name = Reader(file).choice(root.entries["kind"][1], "kind", kinds.NAMES,
                                   "a kind of exercise")
    return kinds.get(name).load(root, file, notation)


LARGEST = 1e300  # every value of an accepted problem stays below this (a float goes to 1.8e308)


def checked(ex: Exercise, file: str | None, place: Callable[..., Any], fix: str) -> Exercise:
    """The exercise, its every value computed once (the truth) and found finite and of a
    bounded size; else InputError naming the step, its place in the file and the fix.  So
    solve, template and check never meet an overflow, a NaN or a runaway exact number."""
    from .engine import TooLarge, bounded, recompute
    from .numbers import is_exact

    values = dict(ex.graph.given)
    for step in ex.graph.steps:
        line, col = place(step)
        try:
            values[step.id] = bounded(recompute(step, values), step.id)
        except TooLarge:
            raise InputError(f"the values of this problem grow too large to compute exactly "
                             f"({step.id}); {fix}", file, line, col) from None
        except (ArithmeticError, ValueError) as e:
            why = "a float overflows" if isinstance(e, OverflowError) else str(e) or \
                type(e).__name__
            raise InputError(f"{step.id} cannot be computed ({why}); {fix}", file, line,
                             col) from None
        for _, v in elements(values[step.id]):
            try:
                big = not math.isfinite(float(v)) or abs(float(v)) > LARGEST
            except OverflowError:
                big = True
            if big:
                shown = "not a finite number" if not is_exact(v) and not math.isfinite(v) \
                    else "beyond what a float holds (1e300)"
                raise InputError(f"{step.id} would be {shown}; {fix}", file, line, col)
    ex._values = values
    return ex


def digest(ex: Exercise) -> str:
    """'sha256:' and the SHA-256 of the problem's content (what is asked and every number, as
    exact fractions; not its title, comments, layout of the file, or notation): two files
    holding the same problem have the same digest.  ``check --problem`` and a class's manifest
    (class.yaml) bind sheets to problems by it."""
    kind = ex._kind()
    own = kind.digest(ex)
    return own if own is not None else content_digest([kind.name, *kind.digest_parts(ex)])


def content_digest(parts: list[Any]) -> str:
    """'sha256:' and the SHA-256 of ``parts`` with every number as an exact fraction."""
    import hashlib

    return "sha256:" + hashlib.sha256(repr(_canonical(parts)).encode()).hexdigest()


def _canonical(value: Any) -> Any:
    """Numbers as exact fractions (1 and 1.0 and 2/2 alike), containers as tuples."""
    from fractions import Fraction

    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, (int, float, Fraction)) and not isinstance(value, bool):
        return ("n", str(Fraction(value)))
    return value


def text_digest(text: str, file: str | None = None) -> str:
    """The digest of a problem given as YAML text (InputError when it is not a problem)."""
    from .yamlsafe import parse

    return digest(from_node(parse(text, file), file))


def loads(text: str, file: str | None = None, notation: str | None = None) -> Exercise:
    """A problem of any kind from its YAML text (``file`` names it in messages; files.load
    reads one from the disk); InputError names the place and the fix."""
    from .yamlsafe import parse

    try:
        return from_node(parse(text, file), file, notation)
    except InputError as e:
        raise e.located(file) from None
