"""Everything the formula kind takes from the network kind, in one place.

The house refactor (issue 13) moves the network code into its own package; only the imports
below then change.  A formula exercise evaluates its quantities on random networks through
the network kind's step graph: the same engine that solves and grades the numbers.
"""

from __future__ import annotations

from typing import Any

from ..engine import evaluate
from ..functions import ELEMENTWISE
from ..network.problem import Layer, Problem
from ..network.steps import build

ACTIVATIONS = ("identity", "relu", "sigmoid", "tanh", "softmax")
LOSSES = ("squared_error", "cross_entropy", "binary_cross_entropy")


def network_values(inputs: list[list[Any]], targets: list[list[Any]],
                   layers: list[tuple[str, list[Any], list[Any]]], loss: str,
                   layout: str) -> dict[str, Any]:
    """Every value of one training step of this network (canonical ids: a0, z1, a1, delta1,
    dW1 …), computed by the network kind's step graph."""
    problem = Problem(inputs=inputs, targets=targets,
                      layers=[Layer(act, W, b) for act, W, b in layers], loss=loss,
                      learning_rate=0.1, layout=layout, reduction="mean", update=("W", "b"))
    return evaluate(build(problem))


def activation_grad(name: str, z: float) -> float:
    """h′(z) of an elementwise activation (ReLU′(0) = 0, the project's convention)."""
    f, grad = ELEMENTWISE[name]
    return float(grad(z, f(z), 0))
