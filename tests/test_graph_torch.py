"""Computation graphs against PyTorch autograd (float64) on hundreds of random graphs.

Every operation appears (add with two and three arguments, sub, mul, div, neg, exp, log, pow with
negative and positive exponents, square, inv, sigmoid, relu, tanh, max), with constant arguments
and fan-outs (a value used by several edges, whose gradients must add up).  PyTorch evaluates
each graph with its own functions, and autograd gives ∂output/∂x for every input and, through
``retain_grad``, for every node.
"""

from __future__ import annotations

import pytest

from handcalc.engine import evaluate
from handcalc.files import read_text
from handcalc.graph import ops as graph_ops
from handcalc.graph import problem as graph_problem
from handcalc.graph import steps as graph
from tests import graphgen
from tests.conftest import exercises_of, oracle

torch = oracle("torch")

pytestmark = pytest.mark.torch

TOLERANCE = 1e-9  # relative and absolute: float64 on both sides, different order of operations
COUNT = 250

GRAPHS = graphgen.random_graphs(COUNT, seed=11)

OPS = {
    "add": lambda *xs: sum(xs[1:], xs[0]),
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "neg": lambda x: -x,
    "exp": torch.exp,
    "log": torch.log,
    "pow": lambda x, k: x ** int(k),
    "square": torch.square,
    "inv": torch.reciprocal,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "tanh": torch.tanh,
    "max": torch.maximum,
}


def autograd(gp: graph_problem.GraphProblem) -> tuple[dict, dict]:
    """(values, gradients) of every input and node, by PyTorch."""
    tensors = {name: torch.tensor(float(v), dtype=torch.float64, requires_grad=True)
               for name, v in gp.inputs.items()}
    for node in gp.nodes:
        args = []
        for a in node.args:
            if isinstance(a, str):
                args.append(tensors[a])
            elif node.op == "pow":
                args.append(a)
            else:
                args.append(torch.tensor(float(a), dtype=torch.float64))
        t = OPS[node.op](*args)
        t.retain_grad()
        tensors[node.name] = t
    tensors[gp.output].backward()
    values = {k: t.item() for k, t in tensors.items()}
    grads = {k: (t.grad.item() if t.grad is not None else 0.0) for k, t in tensors.items()}
    return values, grads


def close(a, b) -> bool:
    return abs(float(a) - b) <= TOLERANCE * (1 + abs(b))


def test_the_sample_is_broad():
    """The random graphs use every operation, and most of them have a fan-out."""
    used = {n.op for gp in GRAPHS for n in gp.nodes}
    assert used == set(graph_ops.OPS)
    assert len(GRAPHS) >= 200
    assert graphgen.fan_out_count(GRAPHS) >= COUNT // 2
    assert any(not isinstance(a, str) for gp in GRAPHS for n in gp.nodes for a in n.args)


@pytest.mark.parametrize("index", range(COUNT))
def test_autograd_agrees(index):
    """Every forward value and every gradient d_<name> agrees with PyTorch autograd."""
    gp = GRAPHS[index]
    ours = evaluate(graph.build(gp))
    values, grads = autograd(gp)
    for name, value in values.items():
        assert close(ours[name], value), (name, ours[name], value)
        assert close(ours[graph.grad_id(name)], grads[name]), \
            (graph.grad_id(name), ours[graph.grad_id(name)], grads[name], graph_problem.to_yaml(gp))


@pytest.mark.parametrize("path", exercises_of("graph"), ids=lambda p: p.stem)
def test_each_bundled_graph_agrees_with_autograd(path):
    """Every bundled graph exercise (kind: graph): each value and each gradient d_<name> the
    engine gives equals PyTorch autograd's, as for the random graphs above."""
    gp = graph_problem.loads(read_text(str(path)), str(path))
    ours = evaluate(graph.build(gp))
    values, grads = autograd(gp)
    assert len(values) >= 3
    for name, value in values.items():
        assert close(ours[name], value), (path.name, name, ours[name], value)
        assert close(ours[graph.grad_id(name)], grads[name]), \
            (path.name, graph.grad_id(name), ours[graph.grad_id(name)], grads[name])
