"""The for/if engine against an independent numpy implementation in matrix form.

The matrix formulas (seed 004's summary, samples as rows, W as inputs × units):

    Zˡ = Aˡ⁻¹ Wˡ + bˡ          Aˡ = h(Zˡ)
    G  = ∂L/∂Aᴸ                (the reduction's 1/n included)
    Δᴸ = G ⊙ h′(Zᴸ)            softmax: Δᴸₙ = Gₙ Jₙ with the full Jacobian Jₙ = diag(yₙ) − yₙyₙᵀ
    Δˡ = Δˡ⁺¹ Wˡ⁺¹ᵀ ⊙ h′(Zˡ)
    ∂L/∂Wˡ = Aˡ⁻¹ᵀ Δˡ          ∂L/∂bˡ = Σₙ Δˡₙ
    Wˡ′ = Wˡ − η ∂L/∂Wˡ        (column layout: everything W-shaped is the transpose)

Written here from scratch; no handcalc code is used to compute the expected values.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from handcalc import engine
from handcalc.files import read_text
from handcalc.network import problem, steps
from tests import netgen
from tests.conftest import EXERCISES, exercises_of, oracle

np = oracle("numpy")

RTOL = 1e-9  # relative tolerance (float64 both sides, different order of operations)
ATOL = 1e-11  # absolute, for values near zero
COUNT = 400  # networks (the shuffled product of every setting, and more)

NETS = netgen.problems(COUNT, seed=2)


def h(name, Z):
    if name == "identity":
        return Z.copy()
    if name == "relu":
        return np.maximum(Z, 0.0)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-Z))
    if name == "tanh":
        return np.tanh(Z)
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def h_prime(name, Z, A):
    """h′(Z) elementwise (not for softmax)."""
    if name == "identity":
        return np.ones_like(Z)
    if name == "relu":
        return (Z > 0).astype(float)
    if name == "sigmoid":
        return A * (1 - A)
    return 1 - A**2


def loss_and_grad(name, Y, T, scale):
    """(L, ∂L/∂Y) for the whole batch."""
    if name == "squared_error":
        return scale * 0.5 * np.sum((Y - T) ** 2), scale * (Y - T)
    if name == "cross_entropy":
        logs = np.where(T != 0, np.log(Y), 0.0)
        return -scale * np.sum(T * logs), -scale * T / Y
    logs = np.where(T != 0, T * np.log(Y), 0.0) + np.where(T != 1, (1 - T) * np.log(1 - Y), 0.0)
    return -scale * np.sum(logs), scale * (-T / Y + (1 - T) / (1 - Y))


def forward(acts, Ws, bs, X):
    As, Zs = [X], []
    for act, W, b in zip(acts, Ws, bs):
        Zs.append(As[-1] @ W + b)
        As.append(h(act, Zs[-1]))
    return Zs, As


def matrix_solution(problem) -> dict:
    """Every canonical id in numpy matrix form (W-shaped values in the problem's layout)."""
    column = problem.layout == "column"
    X = np.array(problem.inputs, dtype=float)
    T = np.array(problem.targets, dtype=float)
    acts = [layer.activation for layer in problem.layers]
    Ws = [np.array(layer.W, dtype=float) for layer in problem.layers]
    Ws = [W.T if column else W for W in Ws]  # inputs × units
    bs = [np.array(layer.b, dtype=float) for layer in problem.layers]
    scale = 1 / len(X) if problem.reduction == "mean" else 1.0
    lr = float(problem.learning_rate)
    L = len(Ws)

    Zs, As = forward(acts, Ws, bs, X)
    out: dict = {}
    for l in range(1, L + 1):
        out[f"z{l}"], out[f"a{l}"] = Zs[l - 1], As[l]
    out["loss"], G = loss_and_grad(problem.loss, As[L], T, scale)
    out[f"dL_da{L}"] = G
    if acts[-1] == "softmax":
        Y = As[L]
        J = np.einsum("nj,jk->njk", Y, np.eye(Y.shape[1])) - np.einsum("nj,nk->njk", Y, Y)
        D = np.einsum("nk,nkj->nj", G, J)
    else:
        D = G * h_prime(acts[-1], Zs[-1], As[L])
    dWs, dbs = [None] * L, [None] * L
    for l in range(L, 0, -1):
        if l < L:
            D = (D @ Ws[l].T) * h_prime(acts[l - 1], Zs[l - 1], As[l])
        out[f"delta{l}"] = D
        dWs[l - 1] = As[l - 1].T @ D
        dbs[l - 1] = D.sum(axis=0)
        out[f"dW{l}"] = dWs[l - 1].T if column else dWs[l - 1]
        out[f"db{l}"] = dbs[l - 1]
    new_Ws = [W - lr * dW if "W" in problem.update else W for W, dW in zip(Ws, dWs)]
    new_bs = [b - lr * db if "b" in problem.update else b for b, db in zip(bs, dbs)]
    for l in range(1, L + 1):
        if "W" in problem.update:
            out[f"W{l}_new"] = new_Ws[l - 1].T if column else new_Ws[l - 1]
        if "b" in problem.update:
            out[f"b{l}_new"] = new_bs[l - 1]
    _, As_new = forward(acts, new_Ws, new_bs, X)
    out["loss_new"], _ = loss_and_grad(problem.loss, As_new[L], T, scale)
    out["improvement"] = out["loss"] - out["loss_new"]
    return out


@cache
def solutions(i: int) -> tuple[dict, dict]:
    p = NETS[i]
    return engine.evaluate(steps.build(p)), matrix_solution(p)


def canonical(values: dict, problem) -> set:
    """The ids a solution has, without the given values and the helper _after steps."""
    given = set(steps.given_values(problem))
    return {k for k in values if k not in given and not k.endswith("_after")}


class TestNumpyMatrixForm:
    def test_networks_cover_every_combination(self):
        """The networks checked here include every combination of pair, layout, notation,
        reduction and update, and every hidden activation, depth, width and batch size."""
        seen = {tuple(netgen.settings(p)[k] for k in ("pair", "layout", "notation", "reduction",
                                                       "update")) for p in NETS}
        assert seen == set(netgen.COMBINATIONS)
        assert netgen.missing(NETS) == {}

    @pytest.mark.parametrize("i", range(COUNT))
    def test_every_canonical_id_matches_the_matrix_form(self, i):
        """Every element of every canonical id equals the numpy matrix-form value, shape and all."""
        p = NETS[i]
        got, want = solutions(i)
        assert canonical(got, p) == set(want), netgen.describe(p)
        for key, expected in want.items():
            value = np.array(got[key], dtype=float)
            assert value.shape == np.shape(expected), f"{key}: {netgen.describe(p)}"
            np.testing.assert_allclose(value, expected, rtol=RTOL, atol=ATOL,
                                       err_msg=f"{key}: {netgen.describe(p)}")


BUNDLED = exercises_of("network")  # by kind:, not by file name
GOLDEN = EXERCISES.parent / "tests" / "golden" / "solve"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_each_bundled_exercise_and_its_golden_match_the_matrix_form(path):
    """The engine on each bundled network exercise, and its golden `solve --json` file (no
    longer a bare snapshot), equal the numpy matrix form, id by id, element by element."""
    p = problem.loads(read_text(str(path)), str(path))
    want = matrix_solution(p)
    got = engine.evaluate(steps.build(p))
    golden = json.loads((GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8"))["values"]
    assert canonical(got, p) == set(want) == set(golden), path.name
    for key, expected in want.items():
        for source, value in (("engine", got[key]), ("golden", golden[key])):
            value = np.array(value, dtype=float)
            value = value.reshape(np.shape(expected))  # [unit] for one sample, as users see it
            np.testing.assert_allclose(value, expected, rtol=RTOL, atol=ATOL,
                                       err_msg=f"{path.name}: {source} {key}")
