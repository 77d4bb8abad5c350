"""The steps and the exercise of a computation-graph problem (``kind: graph``; seed 002,
ゼロから作るDeep Learning chapter 5, CS231n).

The problem (its format, parser and loader) is in ``graph/problem.py``; the operations, each with
its local derivative, in ``graph/ops.py``.

Its step graph (``build``) has one forward step per node, under the node's name, and one
backward step ``d_<name>`` = ∂output/∂name for every node and input, ``d_<output>`` = 1 first.
Each backward formula is the sum, over the edges leaving the quantity, of the local derivative
of the node at the other end times that node's upstream gradient (one term without a fan-out).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from typing import cast

from ..engine import Graph, Method, Step
from ..formula import Const, Expr, Ref, add, mul
from ..numbers import Number, round_half_away, show
from .ops import ONE, OPS, add_
from .problem import GRAD, Arg, GNode, GraphProblem

__all__ = [
    "Edge", "GraphSymbols", "TABLE_OPS", "backward_sum", "build", "edges", "grad_id",
    "local_formula", "local_value", "one", "tex_name", "value_table", "word",
]

# =============================================================================================
# The step graph
# =============================================================================================


def grad_id(name: str) -> str:
    """The id of ∂output/∂name: 'd_' + name."""
    return GRAD + name


def _arg_expr(a: Arg) -> Expr:
    return Ref(a) if isinstance(a, str) else Const(a)


def local_formula(node: GNode, i: int) -> Expr:
    """∂node/∂(argument i) as a formula over the node's arguments and the node itself."""
    op = OPS[node.op]
    return op.local_formula(i, [_arg_expr(a) for a in node.args], Ref(node.name))


def local_value(node: GNode, i: int, values: Mapping[str, Number]) -> Number:
    """∂node/∂(argument i), from the values of its arguments and of the node."""
    op = OPS[node.op]
    args = [values[a] if isinstance(a, str) else a for a in node.args]
    # the node's own value: absent only for operations whose derivative does not read it
    return op.local(i, args, cast(Number, values.get(node.name)))


def _local_reads(node: GNode) -> list[str]:
    reads = node.names()
    if OPS[node.op].reads_out:
        reads.append(node.name)
    return reads


def _forward_step(node: GNode) -> Step:
    op = OPS[node.op]
    reads = tuple(node.names())

    def compute(*vals: Number) -> Number:
        env = dict(zip(reads, vals, strict=True))
        return op.forward(*[env[a] if isinstance(a, str) else a for a in node.args])

    formula = op.formula([_arg_expr(a) for a in node.args])
    return Step(node.name, Method(reads, compute, lambda idx: formula), "forward", what="node")


def backward_sum(*vals: Number, reads: tuple[str, ...], edges: tuple[tuple[GNode, int], ...],
                 local: Callable[..., Number] = local_value, upstream: bool = True,
                 only: int | None = None) -> Number:
    """∂out/∂v = Σ over the edges v → u of ∂u/∂v × ∂out/∂u, from the values ``reads`` names.

    The keywords are what a mistake swaps (graph/mistakes.py): ``local`` computes ∂u/∂v,
    ``upstream=False`` leaves out ∂out/∂u, ``only=k`` keeps edge k alone (no sum)."""
    env = dict(zip(reads, vals, strict=True))
    chosen = edges if only is None else edges[only:only + 1]
    terms = [local(user, i, env) * (env[grad_id(user.name)] if upstream else 1)
             for user, i in chosen]
    return add_(*terms) if terms else Fraction(0)


def one() -> Fraction:
    """∂out/∂out = 1"""
    return Fraction(1)


def _backward_step(gp: GraphProblem, name: str) -> Step:
    """d_name = Σ over the edges name → u of ∂u/∂name × d_u (one term without a fan-out)."""
    if name == gp.output:
        return Step(grad_id(name), Method((), one, lambda idx: ONE), "backward", what="grad")
    edges = tuple(gp.users(name))
    reads: list[str] = []
    for user, _ in edges:
        for r in [*_local_reads(user), grad_id(user.name)]:
            if r not in reads:
                reads.append(r)
    compute = partial(backward_sum, reads=tuple(reads), edges=edges, local=local_value,
                      upstream=True, only=None)
    if edges:
        expr = add([mul(local_formula(user, i), Ref(grad_id(user.name))) for user, i in edges])
    else:
        expr = Const(Fraction(0))
    return Step(grad_id(name), Method(tuple(reads), compute, lambda idx: expr), "backward",
                what="grad")


def build(gp: GraphProblem) -> Graph:
    """The step graph: the nodes forward, then d_output = 1, d_node from the output back, then
    d_input for the inputs."""
    steps = [_forward_step(node) for node in gp.nodes]
    order = [gp.output] + [n.name for n in reversed(gp.nodes) if n.name != gp.output]
    steps += [_backward_step(gp, name) for name in [*order, *gp.inputs]]
    return Graph(steps, dict(gp.inputs))


@dataclass(frozen=True)
class Edge:
    """One edge of the drawing: source → node's argument ``pos``, its forward value and the
    gradient flowing back along it (local derivative × the node's upstream gradient)."""

    source: Arg
    target: str
    pos: int
    value: Number
    grad: Number | None  # None for a constant argument


def edges(gp: GraphProblem, values: Mapping[str, Number]) -> list[Edge]:
    """Every edge of the graph with its forward value and its share of the gradient."""
    out = []
    for node in gp.nodes:
        up = values[grad_id(node.name)]
        for i, a in enumerate(node.args):
            if isinstance(a, str):
                out.append(Edge(a, node.name, i, values[a], local_value(node, i, values) * up))
            elif not (OPS[node.op].constant_last and i == len(node.args) - 1):
                out.append(Edge(a, node.name, i, a, None))
    return out


# =============================================================================================
# How things are written, and the Exercise
# =============================================================================================

_SIMPLE = re.compile(r"^([A-Za-z])_?(\d+)$")


def tex_name(name: str) -> str:
    """A name in LaTeX: x, x_{0} for x0 or x_0, \\mathit{n\\_pencil}, \\text{りんご}."""
    if len(name) == 1 and name.isascii():
        return name
    m = _SIMPLE.match(name)
    if m:
        return f"{m.group(1)}_{{{m.group(2)}}}"
    if not name.isascii():
        return rf"\text{{{name}}}"
    return r"\mathit{" + name.replace("_", r"\_") + "}"


class GraphSymbols:
    """Names of a graph's quantities: a node is its name, d_x is ∂output/∂x."""

    def __init__(self, output: str):
        self.output = output

    def __call__(self, ref: Ref) -> tuple[str, str]:
        return self.symbol(ref.id, ref.idx)

    def symbol(self, step_id: str, idx: tuple[int, ...] = ()) -> tuple[str, str]:
        """(text, LaTeX): ('∂total/∂tax', '\\frac{\\partial …}{\\partial tax}') or the name."""
        if step_id.startswith(GRAD):
            name = step_id[len(GRAD):]
            return (f"∂{self.output}/∂{name}",
                    rf"\frac{{\partial {tex_name(self.output)}}}{{\partial {tex_name(name)}}}")
        return step_id, tex_name(step_id)

    def name(self, step_id: str) -> tuple[str, str]:
        """The same as ``symbol``: graph values are scalars."""
        return self.symbol(step_id)


_WORDS = {
    "inputs": {"en": "inputs", "ja": "入力"},
    "nodes": {"en": "nodes", "ja": "ノード"},
    "output": {"en": "output", "ja": "出力"},
    "fan_out": {"en": "'{name}' feeds {n} edges ({users}): its gradient is the sum of what comes "
                      "back along each.",
                "ja": "'{name}' は {n} 本の辺（{users}）に分岐する："
                      "その勾配は各辺から戻る勾配の和。"},
    "table": {"en": "value table: {items}", "ja": "数表：{items}"},
    "rule": {"en": "backward: each gradient is (local derivative) × (upstream gradient), summed "
                   "over the edges leaving the quantity; ∂{out}/∂{out} = 1.",
             "ja": "逆伝播：各勾配 = 局所的な微分 × 上流から来た勾配"
                   "（その量から出る辺について和）、∂{out}/∂{out} = 1。"},
    "drawing": {"en": "The graph: forward values above the edges (→), gradients below (←)",
                "ja": "計算グラフ：辺の上に順伝播の値（→）、下に逆伝播の勾配（←）"},
}


def word(key: str, lang: str, **fields: object) -> str:
    """A graph word in ``lang`` (English when missing), with {fields} filled in."""
    entry = _WORDS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text


TABLE_OPS = ("exp", "log", "sigmoid", "tanh")


def value_table(gp: GraphProblem, decimals: int) -> list[str]:
    """'exp(-1) = 0.3679' for every exp, log, sigmoid and tanh node, at its argument's value."""
    from ..engine import evaluate

    values = evaluate(build(gp))
    items = []
    for node in gp.nodes:
        if node.op in TABLE_OPS:
            x = values[node.args[0]] if isinstance(node.args[0], str) else node.args[0]
            name = "σ" if node.op == "sigmoid" else node.op
            # the value of exactly the argument printed (to ``decimals`` places), so that the
            # line is the correctly rounded value of what it shows
            printed = round_half_away(x, decimals)
            value = values[node.name] if printed == x else OPS[node.op].forward(printed)
            shown = show(x if printed == x else float(printed), decimals)
            item = f"{name}({shown}) = {show(value, decimals)}"
            if item not in items:
                items.append(item)
    return items
