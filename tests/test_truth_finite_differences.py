"""The engine's gradients against central finite differences of the loss.

The loss is recomputed here from scratch in plain float Python (its own forward pass, its own
activations and losses, nothing imported from handcalc but the Problem), with one number nudged
by ±H: a weight or bias (→ dW, db), an output (→ dL_da), a pre-activation (→ delta).  The update
and the loss after it are recomputed the same way, from the finite-difference gradients.
"""

from __future__ import annotations

import math
from functools import cache

import pytest

from handcalc import engine
from handcalc.files import read_text
from handcalc.network import problem, steps
from tests import netgen
from tests.conftest import exercises_of

H = 1e-6  # the nudge of a central difference: error ~H² from the curve, ~1e-16/H from rounding
TOL = 1e-6  # |engine − finite difference| ≤ TOL·(1 + |finite difference|)
COUNT = 200  # networks (the first 200 of the shuffled product of every setting)

NETS = netgen.problems(COUNT, seed=1)


def close(got, want, tol=TOL) -> bool:
    return abs(float(got) - want) <= tol * (1 + abs(want))


# --- an independent float forward pass -------------------------------------------------------


def _h(name: str, z: list[float]) -> list[float]:
    if name == "identity":
        return list(z)
    if name == "relu":
        return [v if v > 0 else 0.0 for v in z]
    if name == "sigmoid":
        return [1 / (1 + math.exp(-v)) for v in z]
    if name == "tanh":
        return [math.tanh(v) for v in z]
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


def _sample_loss(name: str, y: list[float], t: list[float]) -> float:
    if name == "squared_error":
        return sum((yj - tj) ** 2 for yj, tj in zip(y, t)) / 2
    if name == "cross_entropy":
        return -sum(tj * math.log(yj) for yj, tj in zip(y, t) if tj)
    return -sum((tj * math.log(yj) if tj else 0) + ((1 - tj) * math.log(1 - yj) if tj != 1 else 0)
                for yj, tj in zip(y, t))


def params_of(problem) -> tuple[list, list]:
    """Every W and b of the problem as float lists (W in the problem's layout)."""
    Ws = [[[float(v) for v in row] for row in layer.W] for layer in problem.layers]
    bs = [[float(v) for v in layer.b] for layer in problem.layers]
    return Ws, bs


def loss_of(problem, Ws, bs, nudge_z=None, nudge_y=None) -> float:
    """The reduced loss; ``nudge_z=(l, n, j, h)`` adds h to z_l[n][j],
    ``nudge_y=(n, j, h)`` adds h to y[n][j]."""
    total = 0.0
    for n, (x, t) in enumerate(zip(problem.inputs, problem.targets)):
        a = [float(v) for v in x]
        for l, (layer, W, b) in enumerate(zip(problem.layers, Ws, bs), start=1):
            if problem.layout == "column":
                z = [sum(W[j][i] * a[i] for i in range(len(a))) + b[j] for j in range(len(b))]
            else:
                z = [sum(W[i][j] * a[i] for i in range(len(a))) + b[j] for j in range(len(b))]
            if nudge_z and nudge_z[0] == l and nudge_z[1] == n:
                z[nudge_z[2]] += nudge_z[3]
            a = _h(layer.activation, z)
        if nudge_y and nudge_y[0] == n:
            a[nudge_y[1]] += nudge_y[2]
        total += _sample_loss(problem.loss, a, [float(v) for v in t])
    return total / len(problem.inputs) if problem.reduction == "mean" else total


def central(f) -> float:
    """(f(+H) − f(−H)) / 2H"""
    return (f(H) - f(-H)) / (2 * H)


def fd_param_grads(problem) -> tuple[list, list]:
    """∂L/∂W and ∂L/∂b of every layer by central differences."""
    Ws, bs = params_of(problem)
    dWs, dbs = [], []
    for l in range(len(Ws)):
        dW = [[0.0] * len(row) for row in Ws[l]]
        for r, row in enumerate(Ws[l]):
            for c in range(len(row)):
                def f(h, l=l, r=r, c=c):
                    Ws[l][r][c] += h
                    value = loss_of(problem, Ws, bs)
                    Ws[l][r][c] -= h
                    return value
                dW[r][c] = central(f)
        db = [0.0] * len(bs[l])
        for j in range(len(bs[l])):
            def g(h, l=l, j=j):
                bs[l][j] += h
                value = loss_of(problem, Ws, bs)
                bs[l][j] -= h
                return value
            db[j] = central(g)
        dWs.append(dW)
        dbs.append(db)
    return dWs, dbs


@cache
def solved(i: int) -> dict:
    return engine.evaluate(steps.build(NETS[i]))


@cache
def fd(i: int) -> tuple[list, list]:
    return fd_param_grads(NETS[i])


def ids(i):
    return netgen.describe(NETS[i]).split(":")[0].replace("random network ", "net")


INDICES = pytest.mark.parametrize("i", range(COUNT), ids=ids)


class TestFiniteDifferences:
    def test_networks_cover_every_setting(self):
        """The networks checked here use every value of every setting the format has."""
        assert netgen.missing(NETS) == {}

    @INDICES
    def test_loss_is_the_loss_recomputed_in_float(self, i):
        """The engine's loss equals the loss recomputed by an independent float forward pass."""
        p = NETS[i]
        assert close(solved(i)["loss"], loss_of(p, *params_of(p)), 1e-12), netgen.describe(p)

    @INDICES
    def test_dW_and_db_match_central_differences(self, i):
        """Every element of every dW and db equals the central difference of the loss."""
        p, values = NETS[i], solved(i)
        dWs, dbs = fd(i)
        for l, (dW, db) in enumerate(zip(dWs, dbs), start=1):
            for r, row in enumerate(dW):
                for c, want in enumerate(row):
                    got = values[f"dW{l}"][r][c]
                    assert close(got, want), \
                        f"dW{l}[{r}][{c}] {got} vs {want}: {netgen.describe(p)}"
            for j, want in enumerate(db):
                got = values[f"db{l}"][j]
                assert close(got, want), f"db{l}[{j}] {got} vs {want}: {netgen.describe(p)}"

    @INDICES
    def test_dL_da_matches_nudging_the_output(self, i):
        """dL_da{L}[n][j] equals the central difference of the loss in the output y[n][j]."""
        p, values = NETS[i], solved(i)
        Ws, bs = params_of(p)
        L = len(p.layers)
        for n in range(p.batch):
            for j in range(p.sizes[-1]):
                want = central(lambda h, n=n, j=j: loss_of(p, Ws, bs, nudge_y=(n, j, h)))
                got = values[f"dL_da{L}"][n][j]
                assert close(got, want), f"dL_da{L}[{n}][{j}] {got} vs {want}: {netgen.describe(p)}"

    @INDICES
    def test_delta_matches_nudging_the_pre_activation(self, i):
        """delta{l}[n][j] equals the central difference of the loss in z{l}[n][j], every layer."""
        p, values = NETS[i], solved(i)
        Ws, bs = params_of(p)
        for l in range(1, len(p.layers) + 1):
            for n in range(p.batch):
                for j in range(p.sizes[l]):
                    def f(h, l=l, n=n, j=j):
                        return loss_of(p, Ws, bs, nudge_z=(l, n, j, h))
                    want = central(f)
                    got = values[f"delta{l}"][n][j]
                    assert close(got, want), \
                        f"delta{l}[{n}][{j}] {got} vs {want}: {netgen.describe(p)}"

    @INDICES
    def test_update_and_loss_new_from_the_difference_gradients(self, i):
        """W_new, b_new, loss_new and improvement equal an update by the finite-difference
        gradients recomputed in float; what the problem does not update has no _new step."""
        p, values = NETS[i], solved(i)
        Ws, bs = params_of(p)
        dWs, dbs = fd(i)
        lr = float(p.learning_rate)
        for l in range(len(Ws)):
            if "W" in p.update:
                Ws[l] = [[w - lr * d for w, d in zip(row, drow)]
                         for row, drow in zip(Ws[l], dWs[l])]
                got = values[f"W{l + 1}_new"]
                for r, row in enumerate(Ws[l]):
                    for c, want in enumerate(row):
                        assert close(got[r][c], want), f"W{l + 1}_new[{r}][{c}]"
            else:
                assert f"W{l + 1}_new" not in values
            if "b" in p.update:
                bs[l] = [v - lr * d for v, d in zip(bs[l], dbs[l])]
                for j, want in enumerate(bs[l]):
                    assert close(values[f"b{l + 1}_new"][j], want), f"b{l + 1}_new[{j}]"
            else:
                assert f"b{l + 1}_new" not in values
        loss_new = loss_of(p, Ws, bs)
        assert close(values["loss_new"], loss_new), netgen.describe(p)
        improvement = loss_of(p, *params_of(p)) - loss_new
        assert close(values["improvement"], improvement), netgen.describe(p)


BUNDLED = exercises_of("network")  # by kind:, not by file name


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_each_bundled_exercise_matches_central_differences(path):
    """Every bundled network exercise: the loss recomputed in float, and every element of every
    dW and db, equal the independent forward pass and its central differences."""
    p = problem.loads(read_text(str(path)), str(path))
    values = engine.evaluate(steps.build(p))
    assert close(values["loss"], loss_of(p, *params_of(p)), 1e-12), path.name
    dWs, dbs = fd_param_grads(p)
    for l, (dW, db) in enumerate(zip(dWs, dbs), start=1):
        for r, row in enumerate(dW):
            for c, want in enumerate(row):
                assert close(values[f"dW{l}"][r][c], want), f"{path.name}: dW{l}[{r}][{c}]"
        for j, want in enumerate(db):
            assert close(values[f"db{l}"][j], want), f"{path.name}: db{l}[{j}]"
