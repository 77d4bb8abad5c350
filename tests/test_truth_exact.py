"""Exact arithmetic stays exact, and only the first exp (sigmoid, tanh, softmax) makes floats.

design.md: numbers are read from their text as fractions; identity, ReLU, squared error and the
update are rational, so a problem made of them is solved exactly; the first exp turns a value
into a float, and every value computed from it is a float.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from handcalc import engine, yamlsafe
from handcalc.network import problem, steps
from handcalc.numbers import is_exact
from tests import netgen

RATIONAL = ("identity", "relu")
EXP = ("sigmoid", "tanh", "softmax")


def canonical(problem, values) -> dict:
    given = set(steps.given_values(problem))
    return {k: v for k, v in values.items() if k not in given and not k.endswith("_after")}


def kinds(value) -> set[bool]:
    """{True} if every element is exact, {False} if every one is a float, both if mixed."""
    return {is_exact(v) for _, v in engine.elements(value)}


RATIONAL_NETS = [
    netgen.random_problem(1000 + i, pair=(out, "squared_error"), hidden=hidden, depth=depth,
                          layout=layout, reduction=reduction, update=update)
    for i, (out, hidden, depth, layout, reduction, update) in enumerate(itertools.product(
        RATIONAL, RATIONAL, (1, 2, 3), netgen.LAYOUTS, netgen.REDUCTIONS, netgen.UPDATES))
]


@pytest.mark.parametrize("i", range(len(RATIONAL_NETS)))
def test_identity_relu_squared_error_is_solved_exactly(i):
    """Every element of every canonical id of an identity/ReLU + squared-error network is a
    Fraction, and the update and improvement hold as exact identities."""
    p = RATIONAL_NETS[i]
    values = engine.evaluate(steps.build(p))
    for key, value in canonical(p, values).items():
        assert kinds(value) == {True}, f"{key} = {value}: {netgen.describe(p)}"
    for l in range(1, len(p.layers) + 1):
        for kind in p.update:
            old, grad, new = values[f"{kind}{l}"], values[f"d{kind}{l}"], values[f"{kind}{l}_new"]
            for (idx, o), (_, g), (_, n) in zip(engine.elements(old), engine.elements(grad),
                                                engine.elements(new)):
                assert n == o - p.learning_rate * g, (kind, l, idx)
    assert values["improvement"] == values["loss"] - values["loss_new"]


FIRST_EXP = [(depth, k, act) for depth in (1, 2, 3) for k in range(1, depth + 1)
             for act in EXP if act != "softmax" or k == depth]


@pytest.mark.parametrize("depth, k, act", FIRST_EXP,
                         ids=[f"{d}layers-first-{a}-at-{k}" for d, k, a in FIRST_EXP])
@pytest.mark.parametrize("seed", range(4))
def test_the_first_exp_makes_every_later_value_a_float(depth, k, act, seed):
    """With layer k the first sigmoid/tanh/softmax (identity/ReLU elsewhere, squared error),
    z1…zk and a1…a(k−1) are exact and every other canonical value is a float."""
    acts = [("identity", "relu")[(seed + l) % 2] for l in range(1, depth + 1)]
    acts[k - 1] = act
    p = netgen.random_problem(2000 + 10 * seed + k, pair=(acts[-1], "squared_error"),
                              hidden=acts[:-1], depth=depth)
    values = engine.evaluate(steps.build(p))
    exact = {f"z{l}" for l in range(1, k + 1)} | {f"a{l}" for l in range(1, k)}
    for key, value in canonical(p, values).items():
        assert kinds(value) == {key in exact}, f"{key} = {value}: {netgen.describe(p)}"


RELU_AT_ZERO = """
handcalc: 1
input: [[1, -1], [0.5, 0.5]]
target: [[0.5], [1]]
layers:
  - activation: relu
    W: [[0.5, 0.5], [0.2, -0.1]]     # sample 0 puts unit 0 exactly at z = 0.5 − 0.5 + 0 = 0
    b: [0, 0]
  - activation: identity
    W: [[1, -2]]
    b: [0.1]
loss: squared_error
learning_rate: 0.5
relu_grad_at_zero: {c}
"""


@pytest.mark.parametrize("c", ["0", "0.5", "1"])
def test_relu_at_exactly_zero_uses_the_stated_convention(c):
    """A ReLU pre-activation at exactly 0 takes ReLU′(0) = relu_grad_at_zero, exactly.

    By hand, sample 0: a1 = [0, 0.3], y = 0 − 0.6 + 0.1 = −0.5, δ2 = (y − t)/2 = −1/2, so
    δ1[0][0] = δ2 · w = −1/2 · 1 · c; sample 1 (z1 = [0.5, 0.05]) is untouched by c.
    """
    p = problem.from_node(yamlsafe.parse(RELU_AT_ZERO.format(c=c), "zero.yaml"))
    values = engine.evaluate(steps.build(p))
    assert values["z1"][0][0] == 0
    assert values["delta1"][0] == [Fraction(-1, 2) * Fraction(c), Fraction(1)]
    assert values["delta1"][1] == [Fraction(-1, 4), Fraction(1, 2)]
