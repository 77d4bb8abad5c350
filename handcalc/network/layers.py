"""The for/if computations of one training step, one function per formula, in the order a person
works by hand.  Values are plain lists: per-sample quantities are ``[sample][unit]``; ``W`` keeps
the problem's layout (column: ``W[j][i]``, row: ``W[i][j]``, j a unit of this layer, i of the
layer below); ``b`` is ``[unit]``.

Each function is pure and takes its inputs as arguments, so the grader can call it again on a
learner's own numbers, and a mistake variant is the same function with one piece swapped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from .. import functions as fn
from ..numbers import Number

Matrix = list[list[Number]]


def weight(W: Matrix, layout: str, j: int, i: int) -> Number:
    """w_ji: the weight from unit i of the layer below to unit j (W[j][i] column, W[i][j] row)."""
    return W[j][i] if layout == "column" else W[i][j]


def weight_index(layout: str, j: int, i: int) -> tuple[int, int]:
    """Where w_ji sits in W: (j, i) in the column layout, (i, j) in the row layout."""
    return (j, i) if layout == "column" else (i, j)


# --- forward ----------------------------------------------------------------------------------


def pre_activation(W: Matrix, a_prev: Matrix, b: Sequence[Number], *, layout: str) -> Matrix:
    """z_j = Σ_i w_ji a_i + b_j   (for each sample)"""
    z: Matrix = []
    for a in a_prev:
        row: list[Number] = []
        for j in range(len(b)):
            total: Number = 0
            for i in range(len(a)):
                total = total + weight(W, layout, j, i) * a[i]
            row.append(total + b[j])
        z.append(row)
    return z


def activation(z: Matrix, *, name: str) -> Matrix:
    """a_j = h(z_j)   (softmax: over the units of each sample)"""
    return [fn.activate(name, row) for row in z]


def loss(y: Matrix, t: Matrix, *, name: str, scale: Number) -> Number:
    """L = scale · Σ_n E(y_n, t_n)   (scale = 1/n for a mean, 1 for a sum)"""
    per_sample = fn.LOSSES[name][0]
    total = 0
    for y_n, t_n in zip(y, t):
        total = total + per_sample(y_n, t_n)
    return scale * total


def loss_from_logits(z: Matrix, t: Matrix, *, pair: tuple[str, str], scale: Number) -> Number:
    """L = scale · Σ_n E(z_n, t_n), E from the output's pre-activations (log-sum-exp, softplus)"""
    per_sample = fn.FROM_LOGITS[pair][0]
    return scale * math.fsum(per_sample(z_n, t_n) for z_n, t_n in zip(z, t))


def loss_grad_from_logits(z: Matrix, t: Matrix, *, pair: tuple[str, str],
                          scale: Number) -> Matrix:
    """∂L/∂y_j = scale · ∂E/∂y_j, from the output's pre-activations (for each sample)"""
    grad = fn.FROM_LOGITS[pair][1]
    return [[scale * g for g in grad(z_n, t_n)] for z_n, t_n in zip(z, t)]


# --- backward ---------------------------------------------------------------------------------


def loss_grad(y: Matrix, t: Matrix, *, name: str, scale: Number) -> Matrix:
    """∂L/∂y_j = scale · ∂E/∂y_j   (for each sample)"""
    grad = fn.LOSSES[name][1]
    return [[scale * g for g in grad(y_n, t_n)] for y_n, t_n in zip(y, t)]


def output_delta_shortcut(y: Matrix, t: Matrix, *, scale: Number) -> Matrix:
    """δ_j = scale · (y_j − t_j)   (identity+½SE, softmax+CE, sigmoid+BCE)"""
    return [[scale * (yj - tj) for yj, tj in zip(y_n, t_n)] for y_n, t_n in zip(y, t)]


def output_delta_chain(g: Matrix, z: Matrix, a: Matrix, *, name: str, at_zero: Number,
                       grad: Callable[..., Number] | None = None) -> Matrix:
    """δ_j = ∂L/∂a_j · h′(z_j)   (softmax: δ_j = a_j (g_j − Σ_k g_k a_k))"""
    if name == "softmax":
        return [fn.softmax_backward(a_n, g_n) for a_n, g_n in zip(a, g)]
    h_grad = grad or fn.ELEMENTWISE[name][1]
    return [[g_n[j] * h_grad(z_n[j], a_n[j], at_zero) for j in range(len(g_n))]
            for g_n, z_n, a_n in zip(g, z, a)]


def hidden_delta(delta_next: Matrix, W_next: Matrix, z: Matrix, a: Matrix, *, layout: str,
                 name: str, at_zero: Number, grad: Callable[..., Number] | None = None) -> Matrix:
    """δ_j = (Σ_k δ_k^(l+1) w_kj^(l+1)) · h′(z_j)"""
    h_grad = grad or fn.ELEMENTWISE[name][1]
    out: Matrix = []
    for d_n, z_n, a_n in zip(delta_next, z, a):
        row: list[Number] = []
        for j in range(len(z_n)):
            back: Number = 0
            for k in range(len(d_n)):
                back = back + d_n[k] * weight(W_next, layout, k, j)
            row.append(back * h_grad(z_n[j], a_n[j], at_zero))
        out.append(row)
    return out


def weight_grad(delta: Matrix, a_prev: Matrix, *, layout: str) -> Matrix:
    """∂L/∂w_ji = Σ_n δ_j a_i   (placed like W: column [j][i], row [i][j])"""
    units, below = len(delta[0]), len(a_prev[0])
    rows, cols = (units, below) if layout == "column" else (below, units)
    dW: Matrix = [[0] * cols for _ in range(rows)]
    for j in range(units):
        for i in range(below):
            total: Number = 0
            for d_n, a_n in zip(delta, a_prev):
                total = total + d_n[j] * a_n[i]
            r, c = weight_index(layout, j, i)
            dW[r][c] = total
    return dW


def bias_grad(delta: Matrix) -> list[Number]:
    """∂L/∂b_j = Σ_n δ_j"""
    out: list[Number] = []
    for j in range(len(delta[0])):
        total: Number = 0
        for d_n in delta:
            total = total + d_n[j]
        out.append(total)
    return out


# --- update -----------------------------------------------------------------------------------


def step_down(P: Any, dP: Any, lr: Number) -> Any:
    """p′ = p − η · ∂L/∂p   (for every element of a matrix or a vector)"""
    if P and isinstance(P[0], list):
        return [[p - lr * d for p, d in zip(row, drow)] for row, drow in zip(P, dP)]
    return [p - lr * d for p, d in zip(P, dP)]


def difference(before: Number, after: Number) -> Number:
    """L − L′: how much the loss fell"""
    return before - after
