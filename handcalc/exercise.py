"""An exercise: a loaded problem of any kind with its step graph, symbols and answer keys.

This is the one object solve, check, template and new work with, whatever the kind of problem
(a network, or a scalar computation graph): they walk ``exercise.graph`` and name things with
``exercise.symbols``.  ``load`` reads a file and picks the kind from its ``kind:`` key.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .engine import Graph, Step, elements, evaluate
from .yamlsafe import InputError, Node

PHASES = ("forward", "loss", "backward", "update", "after")
PER_SAMPLE = ("z", "a", "dL_da", "delta")  # Step.what of [sample][unit] quantities


@dataclass
class Exercise:
    """A problem ready to solve and grade: its graph, how its quantities are written, its keys."""

    kind: str  # "network" | "graph" | "formula"
    problem: Any
    graph: Graph
    symbols: Any  # callable Ref → (text, LaTeX), with .symbol(id, idx) and .name(id)
    keys: dict[str, str]  # answer-sheet key (the problem's notation) → canonical id
    decimals: int
    title: str = ""
    title_ja: str = ""  # i18n.title(exercise, lang) picks the one to show
    path: str | None = None
    summary: Callable[[str], list[tuple[str, str]]] = lambda lang: []
    notes: Callable[[str], list[str]] = lambda lang: []
    diagram: Callable[..., str] | None = None  # the problem drawn as SVG text: diagram(lang)
    blank: Callable[..., str] | None = None  # drawn with no answer on it: blank(lang)
    # a kind's own pieces where the shared ones do not fit (formula exercises set them; the
    # house refactor of issue 13 turns them into the Kind protocol):
    grader: Any = None  # the marker class (default: grader.Marker)
    read_answer: Any = None  # reads one answer of a sheet (default: answers.read_answer)
    mistakes: Any = None  # the mistake catalogue (default: mistakes.catalogue by kind)
    views: Any = None  # blank sheet, solution and worksheet views (default: the shared ones)
    _values: dict | None = field(default=None, repr=False)

    def values(self) -> dict:
        """Every value of the graph (the truth), computed once."""
        if self._values is None:
            self._values = evaluate(self.graph)
        return self._values

    def key_of(self, step_id: str) -> str:
        """The answer-sheet key of a canonical id in this problem's notation."""
        for key, sid in self.keys.items():
            if sid == step_id and not key.startswith("δ"):
                return key
        return step_id

    def per_sample(self, step: Step) -> bool:
        """True for quantities with one row per sample ([sample][unit])."""
        return self.kind == "network" and step.what in PER_SAMPLE

    def single_sample(self) -> bool:
        """True when the problem has one sample, so per-sample values drop the sample index."""
        return self.kind == "network" and self.problem.batch == 1

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


def network_exercise(problem, notation: str | None = None) -> Exercise:
    """The exercise of a network problem (optionally shown in another notation)."""
    from . import steps
    from .i18n import tr
    from .notation import PRESETS, Symbols, key_table
    from .numbers import show

    if notation is not None:
        problem.notation = notation
    preset = PRESETS[problem.notation]
    graph = steps.build(problem)
    L = len(problem.layers)
    symbols = Symbols(preset, problem.batch, L)
    keys = key_table([s.id for s in graph.asked()], preset)

    def summary(lang: str) -> list[tuple[str, str]]:
        acts = " → ".join(layer.activation for layer in problem.layers)
        sizes = "-".join(str(n) for n in problem.sizes)
        rows = [(tr("summary.network", lang), f"{sizes}  ({acts})"),
                (tr("summary.loss", lang), f"{problem.loss}, "
                 + tr(f"reduction.{problem.reduction}", lang)),
                (tr("summary.samples", lang), str(problem.batch)),
                (tr("summary.lr", lang), f"η = {show(problem.learning_rate, problem.decimals)}"),
                (tr("summary.update", lang), ", ".join(problem.update)),
                (tr("summary.notation", lang), f"{problem.notation}, "
                 + tr(f"layout.{problem.layout}", lang, pre=preset.pre, act=preset.act))]
        return rows

    def notes(lang: str) -> list[str]:
        out = []
        if problem.batch > 1:
            out.append(tr("sample.note", lang))
        out_act = problem.layers[-1].activation
        from .functions import CANONICAL_PAIRS

        if (out_act, problem.loss) in CANONICAL_PAIRS:
            n = f"/{problem.batch}" if problem.reduction == "mean" and problem.batch > 1 else ""
            out.append(tr("shortcut.note", lang, pair=f"{out_act} + {problem.loss}", n=n,
                          y=preset.act, t=preset.target))
        return out

    exercise = Exercise("network", problem, graph, symbols, keys, problem.decimals,
                        title=problem.title, title_ja=problem.title_ja, path=problem.path,
                        summary=summary, notes=notes)

    def diagram(lang: str = "en") -> str:
        from .render.svg import network

        return network(exercise, lang)

    exercise.diagram = diagram
    exercise.blank = diagram  # the network drawn carries only the given numbers
    return exercise


def from_node(root: Node | None, file: str | None = None, notation: str | None = None) -> Exercise:
    """An exercise from a parsed YAML tree; the ``kind:`` key picks network (default), graph
    or formula."""
    kind = "network"
    if root is not None and root.kind == "map" and "kind" in root.entries:
        node = root.entries["kind"][1]
        if node.kind == "scalar" and node.value in ("graph", "formula"):
            kind = node.value
        elif node.kind != "scalar" or node.value != "network":  # before any other key's message
            import difflib

            found = node.value if node.kind == "scalar" else None
            near = difflib.get_close_matches(str(found), ["network", "graph", "formula"], n=1,
                                             cutoff=0.6)
            hint = f"; did you mean '{near[0]}'?" if near and isinstance(found, str) else ""
            raise InputError("kind should be one of network, graph, formula; found "
                             f"{node.describe()}{hint}", file, node.line, node.col)
    if kind == "formula":
        return formula_exercise(root, file)
    if kind == "graph":
        from .graph import exercise as graph_exercise
        from .graph_problem import from_node as graph_from_node

        gp = graph_from_node(root, file)
        ex = graph_exercise(gp)
        lines = {n.name: (n.line, n.col) for n in gp.nodes}
        place = lambda step: lines.get(step.id.removeprefix("d_"), (None, None))  # noqa: E731
        return checked(ex, file, place, "use smaller inputs and fewer or smaller powers")
    from .problem import from_node as problem_from_node

    ex = network_exercise(problem_from_node(root, file), notation)
    layers = root.entries["layers"][1] if root is not None and "layers" in root.entries else None

    def layer_place(step: Step) -> tuple[int | None, int | None]:
        if layers is None:
            return None, None
        if step.layer and layers.kind == "seq" and step.layer <= len(layers.items):
            item = layers.items[step.layer - 1]
            return item.line, item.col
        return layers.line, layers.col
    return checked(ex, file, layer_place, "keep the inputs, weights and learning rate small "
                                          "enough for every value to stay below about 1e300")


def formula_exercise(root: Node, file: str | None) -> Exercise:
    """A ``kind: formula`` problem (the derivation package: formula exercises)."""
    from .derivation import from_node as derivation_from_node

    return derivation_from_node(root, file)


LARGEST = 1e300  # every value of an accepted problem stays below this (a float goes to 1.8e308)


def checked(ex: Exercise, file: str | None, place: Callable, fix: str) -> Exercise:
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
    import hashlib

    p = ex.problem
    if ex.kind == "formula":
        parts = [ex.kind, p.family.describe(), [(q.key, q.of, q.answer_text, sorted(q.using))
                                                for q in p.questions]]
        return hashlib.sha256(repr(parts).encode()).hexdigest()
    if ex.kind == "network":
        parts = [ex.kind, p.layout, p.inputs, p.targets,
                 [(layer.activation, layer.W, layer.b) for layer in p.layers], p.loss,
                 p.reduction, p.learning_rate, tuple(p.update), p.decimals, p.relu_grad_at_zero]
    else:
        parts = [ex.kind, sorted(p.inputs.items()),
                 [(n.name, n.op, n.args) for n in p.nodes], p.output, p.decimals]
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


def load(path: str, notation: str | None = None) -> Exercise:
    """Read a problem file of any kind; InputError names the place and the fix."""
    from .yamlsafe import load as load_yaml

    try:
        return from_node(load_yaml(path), path, notation)
    except InputError as e:
        raise e.located(path) from None
