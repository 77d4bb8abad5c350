"""Random computation graphs for the oracle tests: every operation, fan-outs, constants.

``random_graphs(count, seed)`` gives loaded GraphProblems, each written as YAML text first and
read back through the loader (so the format is exercised too).  Draws whose numbers would make a
derivative ill-defined or an oracle unreliable are redrawn: a ReLU argument or a max's two
arguments within 1e-3 of a kink, or any value or gradient beyond 1e6.
"""

from __future__ import annotations

import random
from fractions import Fraction

from handcalc.engine import evaluate
from handcalc.graph import problem as graph_problem
from handcalc.graph import steps as graph
from handcalc.yamlsafe import InputError

UNARY = ("neg", "exp", "log", "square", "inv", "sigmoid", "relu", "tanh")
BINARY = ("add", "sub", "mul", "div", "max")
KINK = 1e-3
LIMIT = 1e6


def _text(rng: random.Random, n_inputs: int, n_nodes: int) -> str:
    inputs = {f"x{i}": Fraction(rng.choice([-1, 1]) * rng.randint(1, 25), 10)
              for i in range(n_inputs)}
    names = list(inputs)
    lines = []
    for k in range(n_nodes):
        name = f"n{k}"
        recent = names[-3:]

        def pick(recent: list[str] = recent) -> str:
            return rng.choice(recent) if rng.random() < 0.6 else rng.choice(names)

        r = rng.random()
        if r < 0.40:
            op = rng.choice(BINARY)
            a, b = pick(), pick()
            if rng.random() < 0.15:  # a constant argument, as in CS231n's +1 and ×−1 gates
                b = rng.choice(["1", "-1", "2", "0.5"])
            text = f"{op}({a}, {b})"
        elif r < 0.50:
            text = f"add({pick()}, {pick()}, {pick()})"
        elif r < 0.60:
            text = f"pow({pick()}, {rng.choice([-2, -1, 2, 3])})"
        else:
            text = f"{rng.choice(UNARY)}({pick()})"
        lines.append(f"  {name}: {text}")
        names.append(name)
    shown = ", ".join(f"{k}: {float(v):g}" for k, v in inputs.items())
    return ("handcalc: 1\nkind: graph\n" f"inputs: {{{shown}}}\nnodes:\n" + "\n".join(lines)
            + f"\noutput: n{n_nodes - 1}\n")


def _acceptable(gp: graph_problem.GraphProblem) -> bool:
    values = evaluate(graph.build(gp))
    if any(abs(float(v)) > LIMIT for v in values.values()):
        return False
    for node in gp.nodes:
        args = [values[a] if isinstance(a, str) else a for a in node.args]
        if node.op == "relu" and abs(float(args[0])) < KINK:
            return False
        if node.op == "max" and abs(float(args[0]) - float(args[1])) < KINK:
            return False
    return True


def random_graphs(count: int, seed: int = 0, min_nodes: int = 2, max_nodes: int = 10):
    """``count`` random graphs (GraphProblem), deterministic from ``seed``."""
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        text = _text(rng, rng.randint(1, 5), rng.randint(min_nodes, max_nodes))
        try:
            gp = graph_problem.loads(text)
        except InputError:  # log of a negative, 1/0 …: draw again
            continue
        if _acceptable(gp):
            out.append(gp)
    return out


def fan_out_count(graphs) -> int:
    """How many of the graphs have a fan-out (a value used by two or more edges)."""
    return sum(1 for gp in graphs if gp.fan_outs())
