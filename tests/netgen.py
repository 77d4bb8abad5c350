"""Seeded random networks for the truth tests: every combination problem format 1 allows.

``problems(count)`` walks a fixed shuffle of the full product of the settings that change the
mathematics or the shapes — (output activation, loss) pair × layout × notation × reduction ×
update — so 288 networks cover every combination once; hidden activations, depth (1–3 layers),
widths (1–4 units), batch size (1–4 samples), the numbers and the learning rate are drawn from a
generator seeded per network.  A ``Problem`` is built directly (no YAML), numbers as Fractions
with one or two decimals, the way a problem file is read.

No ReLU pre-activation is left at (or within ``RELU_MARGIN`` of) 0: there ReLU has no
derivative, and a finite difference straddling the kink would measure neither side.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

from handcalc.network.problem import Layer, Problem

HIDDEN = ("identity", "relu", "sigmoid", "tanh")
OUTPUT = ("identity", "relu", "sigmoid", "tanh", "softmax")
# every (output activation, loss) pair the loader accepts
PAIRS = tuple([(act, "squared_error") for act in OUTPUT]
              + [("softmax", "cross_entropy"), ("sigmoid", "cross_entropy"),
                 ("sigmoid", "binary_cross_entropy")])
LAYOUTS = ("row", "column")
NOTATIONS = ("za", "ax", "uz")
REDUCTIONS = ("mean", "sum")
UPDATES = (("W", "b"), ("W",), ("b",))
LEARNING_RATES = tuple(Fraction(x) for x in ("0.1", "0.5", "1", "0.05", "0.25", "2"))

RELU_MARGIN = 0.01  # |z| of every ReLU unit, before the update, is at least this

COMBINATIONS = list(itertools.product(PAIRS, LAYOUTS, NOTATIONS, REDUCTIONS, UPDATES))
random.Random(20240531).shuffle(COMBINATIONS)


def decimal(rng: random.Random, low: float, high: float) -> Fraction:
    """A number in [low, high] written with one or two decimals, read exactly."""
    scale = rng.choice((10, 100))
    return Fraction(rng.randint(math.ceil(low * scale), math.floor(high * scale)), scale)


def _targets(rng: random.Random, act: str, loss: str, units: int) -> list[Fraction]:
    if loss == "squared_error":
        low = 0 if act in ("sigmoid", "softmax", "relu") else -1
        return [decimal(rng, low, 1) for _ in range(units)]
    if act == "softmax":  # a distribution: one-hot, or tenths that sum to 1
        if rng.random() < 0.5:
            hot = rng.randrange(units)
            return [Fraction(int(j == hot)) for j in range(units)]
        cuts = sorted(rng.randint(0, 10) for _ in range(units - 1))
        parts = [b - a for a, b in zip([0] + cuts, cuts + [10])]
        return [Fraction(p, 10) for p in parts]
    if rng.random() < 0.5:
        return [Fraction(rng.randint(0, 1)) for _ in range(units)]
    return [decimal(rng, 0, 1) for _ in range(units)]


def _float_pre_activations(problem: Problem) -> list[list[list[float]]]:
    """z of every layer ([layer][sample][unit]) in float, for the ReLU margin check only."""
    out = []
    a = [[float(v) for v in row] for row in problem.inputs]
    for layer in problem.layers:
        units = len(layer.b)
        z = []
        for row in a:
            z.append([sum(float(layer.W[j][i] if problem.layout == "column" else layer.W[i][j])
                          * row[i] for i in range(len(row))) + float(layer.b[j])
                      for j in range(units)])
        out.append(z)
        if layer.activation == "softmax":
            a = [[math.exp(v) / sum(math.exp(w) for w in r) for v in r] for r in z]
        else:
            h = {"identity": lambda v: v, "relu": lambda v: max(0.0, v),
                 "sigmoid": lambda v: 1 / (1 + math.exp(-v)), "tanh": math.tanh}[layer.activation]
            a = [[h(v) for v in r] for r in z]
    return out


def _relu_clear(problem: Problem) -> bool:
    for layer, z in zip(problem.layers, _float_pre_activations(problem)):
        if layer.activation == "relu" and any(abs(v) < RELU_MARGIN for r in z for v in r):
            return False
    return True


def random_problem(seed: int, *, pair=None, layout=None, notation=None, reduction=None,
                   update=None, hidden=None, depth=None, batch=None) -> Problem:
    """One random network from this seed; any keyword fixes that choice.

    ``hidden`` is one activation for every hidden layer, or a sequence with one per hidden layer.
    """
    rng = random.Random(seed)
    out_act, loss = pair or rng.choice(PAIRS)
    layout = layout or rng.choice(LAYOUTS)
    notation = notation or rng.choice(NOTATIONS)
    reduction = reduction or rng.choice(REDUCTIONS)
    update = update or rng.choice(UPDATES)
    depth = depth or rng.randint(1, 3)
    batch = batch or rng.randint(1, 4)
    if hidden is None or isinstance(hidden, str):
        hidden_acts = [hidden or rng.choice(HIDDEN) for _ in range(depth - 1)]
    else:
        hidden_acts = list(hidden)
        assert len(hidden_acts) == depth - 1
    acts = hidden_acts + [out_act]
    sizes = [rng.randint(1, 4) for _ in range(depth + 1)]
    if out_act == "softmax" and rng.random() < 0.9:
        sizes[-1] = rng.randint(2, 4)  # a one-unit softmax is allowed but always outputs 1
    lr = rng.choice(LEARNING_RATES)
    for _ in range(1000):
        inputs = [[decimal(rng, -1, 1) for _ in range(sizes[0])] for _ in range(batch)]
        targets = [_targets(rng, out_act, loss, sizes[-1]) for _ in range(batch)]
        layers = []
        for l, act in enumerate(acts, start=1):
            rows, cols = (sizes[l], sizes[l - 1])
            if layout == "row":
                rows, cols = cols, rows
            W = [[decimal(rng, -1, 1) for _ in range(cols)] for _ in range(rows)]
            b = [decimal(rng, -0.5, 0.5) for _ in range(sizes[l])]
            layers.append(Layer(act, W, b))
        problem = Problem(inputs=inputs, targets=targets, layers=layers, loss=loss,
                          learning_rate=lr, title=f"random network {seed}", notation=notation,
                          layout=layout, reduction=reduction, update=tuple(update))
        if _relu_clear(problem):
            return problem
    raise RuntimeError(f"seed {seed}: no draw kept every ReLU pre-activation away from 0")


def problems(count: int, seed: int = 0, **fixed) -> list[Problem]:
    """``count`` networks walking the shuffled product of settings (288 cover it all)."""
    out = []
    for i in range(count):
        pair, layout, notation, reduction, update = COMBINATIONS[(seed + i) % len(COMBINATIONS)]
        choice = dict(pair=pair, layout=layout, notation=notation, reduction=reduction,
                      update=update)
        choice.update(fixed)
        out.append(random_problem(seed * 100_003 + i, **choice))
    return out


def describe(problem: Problem) -> str:
    """A one-line summary for assertion messages."""
    acts = "-".join(layer.activation for layer in problem.layers)
    sizes = "-".join(str(s) for s in problem.sizes)
    return (f"{problem.title}: {sizes} {acts} {problem.loss} {problem.layout} {problem.notation} "
            f"batch={problem.batch} {problem.reduction} update={list(problem.update)} "
            f"lr={problem.learning_rate}")


def settings(problem: Problem) -> dict:
    """The settings of a network, for coverage checks."""
    return {
        "pair": (problem.layers[-1].activation, problem.loss),
        "layout": problem.layout,
        "notation": problem.notation,
        "reduction": problem.reduction,
        "update": problem.update,
        "hidden": {layer.activation for layer in problem.layers[:-1]},
        "depth": len(problem.layers),
        "batch": problem.batch,
        "units": set(problem.sizes),
    }


def coverage(nets: list[Problem]) -> dict[str, set]:
    """Which value of each setting the networks use."""
    seen: dict[str, set] = {}
    for p in nets:
        for key, value in settings(p).items():
            seen.setdefault(key, set()).update(value if isinstance(value, set) else {value})
    return seen


EVERY = {
    "pair": set(PAIRS),
    "layout": set(LAYOUTS),
    "notation": set(NOTATIONS),
    "reduction": set(REDUCTIONS),
    "update": set(UPDATES),
    "hidden": set(HIDDEN),
    "depth": {1, 2, 3},
    "batch": {1, 2, 3, 4},
    "units": {1, 2, 3, 4},
}


def missing(nets: list[Problem]) -> dict[str, set]:
    """Values of a setting that no network in ``nets`` uses (empty when all are covered)."""
    seen = coverage(nets)
    return {k: v - seen.get(k, set()) for k, v in EVERY.items() if v - seen.get(k, set())}
