"""Activations and losses, one small function per formula, each derivative beside its function.

Everything here works on plain numbers and lists (a Fraction stays exact through identity and
ReLU and squared error; exp/log turn it into a float).  No numpy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from .numbers import Number

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
FROM_Z: dict[str, Callable[..., Number]] = {"sigmoid": sigmoid_grad_from_z,
                                           "tanh": tanh_grad_from_z}


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


ELEMENTWISE: dict[str, tuple[Callable[..., Number], Callable[..., Number]]] = {
    "identity": (identity, identity_grad),
    "relu": (relu, relu_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
}
ACTIVATIONS = ("identity", "relu", "sigmoid", "tanh", "softmax")


def activate(name: str, z: Sequence[Number]) -> list[Number]:
    """a = h(z) for one sample's pre-activations."""
    if name == "softmax":
        return list[Number](softmax(z))  # (floats, as Numbers)
    h = ELEMENTWISE[name][0]
    return [h(v) for v in z]


# --- losses (per sample; the reduction over a mini-batch is applied by the step) ------------


def safe_log(y: Number) -> float:
    """log y for y > 0; an output that is 0 (underflowed, or written so) has no finite log,
    so ValueError rather than a made-up large loss."""
    y = float(y)
    if y <= 0:
        raise ValueError(f"log({y:g}) is not a finite number")
    return math.log(y)


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
    return [-tj / _nonzero(yj) if tj != 0 else Fraction(0) for yj, tj in zip(y, t)]


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
    return [-tj / _nonzero(yj) + (1 - tj) / _nonzero(1 - yj) for yj, tj in zip(y, t)]


def _nonzero(y: Number) -> Number:
    """y itself; OverflowError where it is 0, since 1/y would be infinite (an output that
    underflowed: its gradient is beyond any float)."""
    if y == 0:
        raise OverflowError("1/y with y = 0")
    return y


# --- the same losses from the logits, computed stably (log-sum-exp, softplus) ----------------


def logsumexp(z: Sequence[Number]) -> float:
    """log Σ_k e^(z_k), computed as m + log Σ_k e^(z_k − m) with m = max z (never overflows)"""
    m = max(float(v) for v in z)
    return m + math.log(math.fsum(math.exp(float(v) - m) for v in z))


def softplus(x: Number) -> float:
    """softplus(x) = log(1 + e^x) = max(x, 0) + log(1 + e^(−|x|))   (−log σ(−x); never
    overflows, exact to the last digit for large |x|)"""
    x = float(x)
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def softmax_cross_entropy(z: Sequence[Number], t: Sequence[Number]) -> float:
    """E = −Σ_j t_j log y_j with y = softmax(z), as E = Σ_j t_j (logsumexp(z) − z_j)"""
    lse = logsumexp(z)
    return math.fsum(float(tj) * (lse - float(zj)) for zj, tj in zip(z, t) if tj != 0)


def softmax_cross_entropy_grad(z: Sequence[Number], t: Sequence[Number]) -> list[Number]:
    """∂E/∂y_j = −t_j / y_j = −t_j e^(logsumexp(z) − z_j)   (OverflowError where it is
    beyond a float)"""
    lse = logsumexp(z)
    return [-float(tj) * math.exp(lse - float(zj)) if tj != 0 else Fraction(0)
            for zj, tj in zip(z, t)]


def sigmoid_binary_cross_entropy(z: Sequence[Number], t: Sequence[Number]) -> float:
    """E = −Σ_j [t_j log σ(z_j) + (1 − t_j) log(1 − σ(z_j))]
       = Σ_j [t_j softplus(−z_j) + (1 − t_j) softplus(z_j)]"""
    return math.fsum(float(tj) * softplus(-float(zj)) + float(1 - tj) * softplus(zj)
                     for zj, tj in zip(z, t))


def sigmoid_binary_cross_entropy_grad(z: Sequence[Number], t: Sequence[Number]) -> list[Number]:
    """∂E/∂y_j = −t_j / σ(z_j) + (1 − t_j) / (1 − σ(z_j))
              = −t_j (1 + e^(−z_j)) + (1 − t_j)(1 + e^(z_j))   (1 − σ(z) = σ(−z), kept exact)"""
    out: list[Number] = []
    for zj, tj in zip(z, t):
        g = 0.0
        if tj != 0:
            g -= float(tj) * (1 + math.exp(-float(zj)))
        if tj != 1:
            g += float(1 - tj) * (1 + math.exp(float(zj)))
        out.append(g)
    return out


# (output activation, loss) → (loss, ∂loss/∂y) computed from the output's pre-activation z
FROM_LOGITS: dict[tuple[str, str], tuple[Callable[..., Any], Callable[..., Any]]] = {
    ("softmax", "cross_entropy"): (softmax_cross_entropy, softmax_cross_entropy_grad),
    ("sigmoid", "binary_cross_entropy"): (sigmoid_binary_cross_entropy,
                                          sigmoid_binary_cross_entropy_grad),
}


LOSSES: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
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
