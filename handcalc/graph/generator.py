"""Hand-friendly random computation graphs for ``handcalc new --kind graph``, reproducible from a
seed.

``generate(level="easy", seed=0, lang="en")`` returns a ``GeneratedGraph``:

- ``problem``: the ``graph_problem.GraphProblem`` (read back from ``yaml``, so the file and the
  object are the same problem);
- ``yaml``: the problem file's text (format 1, ``kind: graph``), ending with comment lines that
  say how it was made and, on medium, its value table;
- ``exercise()``: the ``Exercise`` (what solve, check and template walk), built once;
- ``table``: the value table lines (``"exp(-1) = 0.3679"``; empty on easy), also in the
  exercise's notes;
- ``seed``, ``level``, ``draws`` (how many draws it took).

Levels:

- ``easy``: 4–10 nodes of add, sub and mul; inputs are small integers or one-decimal values;
  every number a learner writes (each node and each gradient) is exact, nonzero, with at most
  two decimal places and at most 1000 in size.
- ``medium``: the same arithmetic plus one or two of exp, log and sigmoid, each applied to an
  exact value with at most one decimal place in a friendly range (|x| ≤ 3 for exp, |x| ≤ 4 for
  sigmoid, 0 < x ≤ 10 and x ≠ 1 for log); at least one fan-out (a value used twice, whose
  gradients add up); no number a learner writes rounds to 0 at the asked decimals.

Every draw comes from ``random.Random("graph:<level>:<seed>")`` only (no clock, no hash
order), so a seed gives the same problem on every machine.  Every input is used and every node
feeds the output (no unused-node warnings).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from ..engine import evaluate
from ..kinds import NewError
from ..numbers import Number, is_exact, terminating_places, to_fraction
from . import problem as graph_problem
from . import steps as graph
from .exercise import exercise as graph_exercise
from .problem import GNode, GraphProblem

if TYPE_CHECKING:
    from ..exercise import Exercise

LEVELS = ("easy", "medium")
INPUT_NAMES = ("x", "y", "z", "w", "u", "v")
NODE_NAMES = ("a", "b", "c", "g", "h", "k", "m", "n", "p", "q")  # the last node is always f
OUTPUT = "f"
FUNCTIONS = ("exp", "log", "sigmoid")
MAX_TRIES = 20_000
DECIMALS = 4
LIMIT = 1000  # no number beyond ±1000
SMALLEST = Fraction(1, 100)  # no float a learner writes smaller than this (it would show as 0.00…)


class GraphGeneratorError(NewError):
    """A level that does not exist, or no friendly graph found; the message says why."""


@dataclass
class GeneratedGraph:
    """An accepted random graph: the problem, its YAML text, its value table, how it was made."""

    problem: GraphProblem
    yaml: str
    seed: int
    level: str
    draws: int
    table: list[str] = field(default_factory=list)
    _exercise: Exercise | None = field(default=None, repr=False)

    def exercise(self) -> Exercise:
        """The Exercise of this problem (built once)."""
        if self._exercise is None:
            self._exercise = graph_exercise(self.problem)
        return self._exercise


# --- drawing one candidate ------------------------------------------------------------------


def _input_value(rng: random.Random, level: str) -> Fraction:
    """A small integer (most of the time) or a one-decimal value, never 0."""
    sign = rng.choice((-1, 1))
    if rng.random() < 0.7:
        return Fraction(sign * rng.randint(1, 5 if level == "easy" else 3))
    tenths = rng.choice([t for t in range(1, 21) if t % 10])
    return Fraction(sign * tenths, 10)


def _draw(rng: random.Random, level: str) -> GraphProblem:
    """One random graph: nodes built greedily so that every input is used and every node
    feeds the output (an 'unused' value is consumed by a later node)."""
    n = rng.randint(4, 10)
    unary_at: set[int] = set()
    if level == "medium":
        unary_at = set(rng.sample(range(n), rng.choice((1, 1, 2))))
    binary = n - len(unary_at)
    k = rng.randint(2, min(len(INPUT_NAMES), binary + 1))
    inputs: dict[str, Number] = {INPUT_NAMES[i]: _input_value(rng, level) for i in range(k)}
    unused: list[str] = list(inputs)  # values no node uses yet
    used: list[str] = []  # values used at least once (a second use is a fan-out)
    nodes: list[GNode] = []
    binary_left = binary
    for i in range(n):
        name = OUTPUT if i == n - 1 else NODE_NAMES[i]
        is_unary = i in unary_at
        if not is_unary:
            binary_left -= 1
        u = len(unused)
        # options: (arguments taken from unused, from used); the rest feasible: u' - 1 ≤ binary_left
        options = []
        shapes = [(1, 0), (0, 1)] if is_unary else [(2, 0), (1, 1), (0, 2)]
        for fresh, again in shapes:
            if fresh > u or (again and len(used) < again):
                continue
            after = u - fresh + 1
            if after - 1 <= binary_left:
                options.append((fresh, again))
        weights = [{0: 1, 1: 3, 2: 4}[fresh] for fresh, _ in options]
        fresh, again = rng.choices(options, weights)[0]
        args = rng.sample(unused, fresh) + rng.sample(used, again)
        rng.shuffle(args)
        for a in args:
            if a in unused:
                unused.remove(a)
                used.append(a)
        if is_unary:
            op = rng.choice(FUNCTIONS)
        else:
            op = rng.choices(("mul", "add", "sub"), (4, 4, 2))[0]
        nodes.append(GNode(name, op, tuple(args)))
        unused.append(name)
    return GraphProblem(inputs, nodes, OUTPUT, decimals=DECIMALS)


# --- friendliness ---------------------------------------------------------------------------


def _places(value: Any) -> int | None:
    """Decimal places of an exact value's expansion (None: never ends, or a float)."""
    return terminating_places(to_fraction(value)) if is_exact(value) else None


def _function_argument_ok(op: str, x: Any) -> bool:
    if not is_exact(x) or (_places(x) or 0) > 1 or _places(x) is None:
        return False
    if op == "exp":
        return bool(abs(x) <= 3)
    if op == "sigmoid":
        return bool(abs(x) <= 4)
    return bool(0 < x <= 10 and x != 1)  # log


def friendly(gp: GraphProblem, level: str) -> bool:
    """True when every number a learner writes is friendly for the level (module docstring)."""
    try:
        values = evaluate(graph.build(gp))
    except (ValueError, ZeroDivisionError, OverflowError):
        return False
    asked = [n.name for n in gp.nodes] + [graph.grad_id(x) for x in [*gp.inputs,
                                                                      *(n.name for n in gp.nodes)]]
    for key in asked:
        v = values[key]
        if v == 0 or abs(v) > LIMIT:
            return False
        if is_exact(v):
            places = _places(v)
            if places is None or places > 2:
                return False
        elif level == "easy" or abs(v) < SMALLEST:
            return False
    for node in gp.nodes:
        if node.op in FUNCTIONS and \
                not _function_argument_ok(node.op, values[cast(str, node.args[0])]):
            return False
    if level == "medium" and not gp.fan_outs():
        return False
    return True


# --- the generator --------------------------------------------------------------------------


def _title(level: str, seed: int, lang: str) -> str:
    from ..i18n import tr

    return tr("new.title_graph", lang, style=tr(f"style.{level}", lang), seed=seed)


def generate(level: str = "easy", seed: int = 0, lang: str = "en") -> GeneratedGraph:
    """The first friendly graph drawn from ``random.Random("graph:<level>:<seed>")``."""
    if level not in LEVELS:
        raise GraphGeneratorError(f"--level for graphs should be one of {', '.join(LEVELS)}; "
                                  f"found {level!r}")
    rng = random.Random(f"graph:{level}:{seed}")
    for draws in range(1, MAX_TRIES + 1):
        gp = _draw(rng, level)
        if not friendly(gp, level):
            continue
        gp.title, gp.title_ja = _title(level, seed, "en"), _title(level, seed, "ja")
        table = graph.value_table(gp, gp.decimals)
        comments = [f"made by: handcalc new --kind graph --level {level} --seed {seed}"]
        if table:
            comments.append(("数表: " if lang == "ja" else "value table: ") + ", ".join(table))
        text = graph_problem.to_yaml(gp, comments)
        problem = graph_problem.loads(text)
        assert not problem.warnings, problem.warnings
        return GeneratedGraph(problem, text, seed, level, draws, table)
    raise GraphGeneratorError(f"no friendly {level} graph in {MAX_TRIES} draws from seed {seed}; "
                              "try another --seed")
