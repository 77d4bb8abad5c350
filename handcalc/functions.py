"""Activations and losses, one small function per formula, each derivative beside its function.

Everything here works on plain numbers and lists (a Fraction stays exact through identity and
ReLU and squared error; exp/log turn it into a float).  No numpy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from .numbers import Number

LOG_FLOOR = 1e-300  # log(y) of an output that underflowed to 0 is taken at this floor

# --- activations (elementwise) ---------------------------------------------------------------


def identity(z: Number) -> Number:
    """h(z) = z"""
    return z


def identity_grad(z: Number, a: Number, at_zero: Number) -> Number:
    """h′(z) = 1"""
    return Fraction(1)


def relu(z: Number) -> Number:
    """h(z) = max(0, z)"""
    return z if z > 0 else z * 0


def relu_grad(z: Number, a: Number, at_zero: Number) -> Number:
    """h′(z) = 1 if z > 0, 0 if z < 0, the stated convention at z = 0"""
    if z > 0:
        return Fraction(1)
    if z < 0:
        return Fraction(0)
    return at_zero


def sigmoid(z: Number) -> float:
    """σ(z) = 1 / (1 + e^(−z)), evaluated without overflow for large |z|"""
    z = float(z)
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def sigmoid_grad(z: Number, a: Number, at_zero: Number) -> Number:
    """σ′(z) = a(1 − a), with a = σ(z)"""
    return a * (1 - a)


def sigmoid_grad_from_z(z: Number, a: Number, at_zero: Number) -> Number:
    """σ′(z) = σ(z)(1 − σ(z)), taken from z itself (not from the written a)"""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z: Number) -> float:
    """tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))"""
    return math.tanh(float(z))


def tanh_grad(z: Number, a: Number, at_zero: Number) -> Number:
    """tanh′(z) = 1 − a², with a = tanh(z)"""
    return 1 - a * a


def tanh_grad_from_z(z: Number, a: Number, at_zero: Number) -> Number:
    """tanh′(z) = 1 − tanh²(z), taken from z itself (not from the written a)"""
    return 1 - tanh(z) ** 2


# h′ computed from z instead of from a: the other right way a person works it out
FROM_Z: dict[str, Callable] = {"sigmoid": sigmoid_grad_from_z, "tanh": tanh_grad_from_z}


def softmax(z: Sequence[Number]) -> list[float]:
    """y_j = e^(z_j) / Σ_k e^(z_k), computed as e^(z_j − max z) / Σ_k e^(z_k − max z)"""
    top = max(float(v) for v in z)
    exps = [math.exp(float(v) - top) for v in z]
    total = math.fsum(exps)
    return [e / total for e in exps]


def softmax_backward(y: Sequence[Number], g: Sequence[Number]) -> list[Number]:
    """δ_j = Σ_k g_k ∂y_k/∂z_j = y_j (g_j − Σ_k g_k y_k)   (the full Jacobian)"""
    dot = math.fsum(float(gk) * float(yk) for gk, yk in zip(g, y))
    return [yj * (gj - dot) for yj, gj in zip(y, g)]


ELEMENTWISE: dict[str, tuple[Callable, Callable]] = {
    "identity": (identity, identity_grad),
    "relu": (relu, relu_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
}
ACTIVATIONS = ("identity", "relu", "sigmoid", "tanh", "softmax")


def activate(name: str, z: Sequence[Number]) -> list[Number]:
    """a = h(z) for one sample's pre-activations."""
    if name == "softmax":
        return softmax(z)
    h = ELEMENTWISE[name][0]
    return [h(v) for v in z]


# --- losses (per sample; the reduction over a mini-batch is applied by the step) ------------


def safe_log(y: Number) -> float:
    """log y, with y floored at 1e-300 so an underflowed output gives a large finite loss."""
    return math.log(max(float(y), LOG_FLOOR))


def squared_error(y: Sequence[Number], t: Sequence[Number]) -> Number:
    """E = ½ Σ_j (y_j − t_j)²"""
    return Fraction(1, 2) * sum(((yj - tj) ** 2 for yj, tj in zip(y, t)), Fraction(0))


def squared_error_grad(y: Sequence[Number], t: Sequence[Number]) -> list[Number]:
    """∂E/∂y_j = y_j − t_j"""
    return [yj - tj for yj, tj in zip(y, t)]


def cross_entropy(y: Sequence[Number], t: Sequence[Number]) -> Number:
    """E = −Σ_j t_j log y_j   (terms with t_j = 0 are 0)"""
    return -math.fsum(float(tj) * safe_log(yj) for yj, tj in zip(y, t) if tj != 0)


def cross_entropy_grad(y: Sequence[Number], t: Sequence[Number]) -> list[Number]:
    """∂E/∂y_j = −t_j / y_j"""
    return [-tj / _floor(yj) if tj != 0 else Fraction(0) for yj, tj in zip(y, t)]


def binary_cross_entropy(y: Sequence[Number], t: Sequence[Number]) -> Number:
    """E = −Σ_j [t_j log y_j + (1 − t_j) log(1 − y_j)]"""
    total = 0.0
    for yj, tj in zip(y, t):
        if tj != 0:
            total -= float(tj) * safe_log(yj)
        if tj != 1:
            total -= float(1 - tj) * safe_log(1 - yj)
    return total


def binary_cross_entropy_grad(y: Sequence[Number], t: Sequence[Number]) -> list[Number]:
    """∂E/∂y_j = −t_j / y_j + (1 − t_j) / (1 − y_j)"""
    return [-tj / _floor(yj) + (1 - tj) / _floor(1 - yj) for yj, tj in zip(y, t)]


def _floor(y: Number) -> Number:
    """y itself, or 1e-300 where a float output underflowed to 0 (guards 1/y)."""
    return y if y != 0 else LOG_FLOOR


LOSSES: dict[str, tuple[Callable, Callable]] = {
    "squared_error": (squared_error, squared_error_grad),
    "cross_entropy": (cross_entropy, cross_entropy_grad),
    "binary_cross_entropy": (binary_cross_entropy, binary_cross_entropy_grad),
}

# (output activation, loss) pairs whose δ at the output simplifies to (y − t) × scale
CANONICAL_PAIRS = {
    ("identity", "squared_error"),
    ("softmax", "cross_entropy"),
    ("sigmoid", "binary_cross_entropy"),
}
