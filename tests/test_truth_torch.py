"""The engine against PyTorch autograd (float64) on hundreds of random networks.

Every setting the format has is exercised (netgen walks the full product of output
activation × loss × layout × notation × reduction × update, with random hidden activations,
depths, widths and batch sizes).  PyTorch computes the loss with its own functions
(``torch.softmax``, ``F.binary_cross_entropy`` …), the gradients by autograd, δ through
``retain_grad`` on every pre-activation, the update and the loss after it.
"""

from __future__ import annotations

import pytest

from handcalc import engine
from handcalc.files import read_text
from handcalc.network import problem, steps
from tests import netgen
from tests.conftest import exercises_of, oracle

torch = oracle("torch")
F = torch.nn.functional

pytestmark = pytest.mark.torch

TOLERANCE = 1e-9  # relative and absolute: float64 on both sides, different order of operations
COUNT = 576  # networks: the shuffled product of every setting, walked twice

NETS = netgen.problems(COUNT, seed=3)

ACTIVATIONS = {
    "identity": lambda z: z,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softmax": lambda z: torch.softmax(z, dim=1),
}


def per_sample_loss(name, y, t):
    if name == "squared_error":
        return 0.5 * F.mse_loss(y, t, reduction="none").sum(dim=1)
    if name == "cross_entropy":
        return -(t * torch.log(y)).sum(dim=1)
    return F.binary_cross_entropy(y, t, reduction="none").sum(dim=1)


def reduce(problem, per_sample):
    return per_sample.mean() if problem.reduction == "mean" else per_sample.sum()


def tensor(rows, grad=False):
    return torch.tensor([[float(v) for v in row] for row in rows], dtype=torch.float64,
                        requires_grad=grad)


def oracle(problem) -> dict:
    """Every canonical id by autograd, W-shaped values in the problem's layout."""
    column = problem.layout == "column"
    x, t = tensor(problem.inputs), tensor(problem.targets)
    Ws = [tensor(layer.W, grad=True) for layer in problem.layers]
    bs = [torch.tensor([float(v) for v in layer.b], dtype=torch.float64, requires_grad=True)
          for layer in problem.layers]
    acts = [ACTIVATIONS[layer.activation] for layer in problem.layers]

    def forward(Ws, bs, keep=None):
        a = x
        for l, (act, W, b) in enumerate(zip(acts, Ws, bs), start=1):
            z = (a @ W.T if column else a @ W) + b
            a = act(z)
            if keep is not None:
                z.retain_grad()
                a.retain_grad()
                keep[f"z{l}"], keep[f"a{l}"] = z, a
        return reduce(problem, per_sample_loss(problem.loss, a, t))

    kept: dict = {}
    loss = forward(Ws, bs, kept)
    loss.backward()
    L = len(Ws)
    out = {"loss": loss.item(), f"dL_da{L}": kept[f"a{L}"].grad}
    for l in range(1, L + 1):
        out[f"z{l}"], out[f"a{l}"] = kept[f"z{l}"].detach(), kept[f"a{l}"].detach()
        out[f"delta{l}"] = kept[f"z{l}"].grad
        out[f"dW{l}"], out[f"db{l}"] = Ws[l - 1].grad, bs[l - 1].grad
    lr = float(problem.learning_rate)
    with torch.no_grad():
        new_Ws = [W - lr * W.grad if "W" in problem.update else W for W in Ws]
        new_bs = [b - lr * b.grad if "b" in problem.update else b for b in bs]
        for l in range(1, L + 1):
            if "W" in problem.update:
                out[f"W{l}_new"] = new_Ws[l - 1]
            if "b" in problem.update:
                out[f"b{l}_new"] = new_bs[l - 1]
        out["loss_new"] = forward(new_Ws, new_bs).item()
    out["improvement"] = out["loss"] - out["loss_new"]
    return out


def test_networks_cover_every_combination():
    """The networks checked here include every combination of pair, layout, notation,
    reduction and update, and every hidden activation, depth, width and batch size."""
    seen = {tuple(netgen.settings(p)[k] for k in ("pair", "layout", "notation", "reduction",
                                                   "update")) for p in NETS}
    assert seen == set(netgen.COMBINATIONS)
    assert netgen.missing(NETS) == {}


def test_softmax_cross_entropy_agrees_with_torch_on_logits():
    """For softmax + cross-entropy the loss also equals torch's own F.cross_entropy on the
    logits z (soft targets), so the oracle's explicit −Σ t log y is not its own echo."""
    nets = [p for p in NETS if netgen.settings(p)["pair"] == ("softmax", "cross_entropy")]
    assert len(nets) >= 24
    for p in nets:
        values = engine.evaluate(steps.build(p))
        z = torch.tensor(values[f"z{len(p.layers)}"], dtype=torch.float64)
        t = tensor(p.targets)
        want = F.cross_entropy(z, t, reduction=p.reduction).item()
        assert values["loss"] == pytest.approx(want, rel=TOLERANCE, abs=TOLERANCE)


@pytest.mark.parametrize("i", range(COUNT))
def test_engine_agrees_with_autograd(i):
    """loss, dL_da, every z/a/delta/dW/db, W_new, b_new, loss_new and improvement equal
    PyTorch autograd's, element by element, in the shape the engine gives them."""
    p = NETS[i]
    got = engine.evaluate(steps.build(p))
    want = oracle(p)
    updated = {k for k in got if k.endswith("_new") and k != "loss_new"}
    assert updated == {k for k in want if k.endswith("_new") and k != "loss_new"}, \
        netgen.describe(p)
    for key, expected in want.items():
        value = torch.tensor(got[key], dtype=torch.float64)
        expected = torch.as_tensor(expected, dtype=torch.float64)
        assert value.shape == expected.shape, f"{key}: {netgen.describe(p)}"
        assert torch.allclose(value, expected, rtol=TOLERANCE, atol=TOLERANCE), \
            f"{key}: engine {value.tolist()} vs torch {expected.tolist()}: {netgen.describe(p)}"


BUNDLED = exercises_of("network")  # by kind:, not by file name


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_each_bundled_exercise_agrees_with_autograd(path):
    """Every bundled network exercise: each quantity autograd gives equals the engine's."""
    p = problem.loads(read_text(str(path)), str(path))
    got = engine.evaluate(steps.build(p))
    want = oracle(p)
    assert want, path.name
    for key, expected in want.items():
        value = torch.tensor(got[key], dtype=torch.float64)
        expected = torch.as_tensor(expected, dtype=torch.float64)
        assert value.shape == expected.shape, f"{path.name}: {key}"
        assert torch.allclose(value, expected, rtol=TOLERANCE, atol=TOLERANCE), \
            f"{path.name}: {key}: engine {value.tolist()} vs torch {expected.tolist()}"
