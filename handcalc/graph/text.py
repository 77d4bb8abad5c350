"""A computation graph drawn on a terminal, node by node, as the textbooks draw it: each edge
carries its forward value above (→) and the gradient flowing back along it below (←).

One block per node, in working order; a block shows the node's incoming edges joining at its
gate, and the edge leaving it with the node's value and its gradient.  Plain text, no rich::

     pencils ── 200 ──▶─┐
             ◀─ 1.1 ────┤
                        ├─( + )── 290 ──▶ subtotal
                        │       ◀─ 1.1 ──
     erasers ── 90 ───▶─┤
             ◀─ 1.1 ────┘
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..exercise import Exercise
    from ..numbers import Number
    from .steps import Edge

from ..numbers import show
from .ops import OPS
from .problem import GraphProblem
from .steps import edges, grad_id

_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def gate_label(gp: GraphProblem, name: str) -> str:
    """What is written in a node's circle: +, ×, exp, σ, x³ …"""
    node = gp.by_name[name]
    if node.op == "pow":
        return "x" + str(int(node.args[-1])).translate(_SUP)
    return OPS[node.op].label


def _bar(text: str, width: int) -> str:
    """' 200 ' centred in a run of ─ of the given width."""
    return f" {text} ".center(width, "─")


def drawing(exercise: Exercise, decimals: int | None = None) -> str:
    """The whole graph as text lines, one block per node (see the module docstring)."""
    gp: GraphProblem = exercise.problem
    decimals = exercise.decimals if decimals is None else decimals
    values = exercise.values()
    all_edges = edges(gp, values)
    by_target: dict[str, list[Edge]] = {}
    for e in all_edges:
        by_target.setdefault(e.target, []).append(e)

    def num(v: Number) -> str:
        return show(v, decimals)

    def source(e: Edge) -> str:
        return e.source if isinstance(e.source, str) else ""  # a constant: its value on the edge

    width_name = max(len(source(e)) for e in all_edges)
    texts = [num(e.value) for e in all_edges]
    texts += [num(e.grad) for e in all_edges if e.grad is not None]
    texts += [num(values[n.name]) for n in gp.nodes] + [num(values[grad_id(n.name)])
                                                         for n in gp.nodes]
    bar = max(len(t) for t in texts) + 6
    left = 1 + width_name + 1  # ' name '
    blocks: list[str] = []
    for node in gp.nodes:
        incoming = by_target.get(node.name, [])
        label = gate_label(gp, node.name)
        out_value = num(values[node.name])
        out_grad = num(values[grad_id(node.name)])
        gate = f"─( {label} )"
        out_fwd = f"{_bar(out_value, bar)}▶ {node.name}"
        out_back = " " * len(gate) + "◀" + _bar(out_grad, bar - 1)
        rows: list[tuple[str, str]] = []  # (left part, connector kind)
        starts = []  # where each incoming edge's rows begin
        for e in incoming:
            starts.append(len(rows))
            fwd = f" {source(e):>{width_name}} " + _bar(num(e.value), bar) + "▶─"
            rows.append((fwd, "arg"))
            if e.grad is not None:  # a constant sends nothing back
                rows.append((" " * left + "◀" + _bar(num(e.grad), bar - 1) + "──", "arg"))
        blank = " " * (left + bar + 2)
        if len(incoming) == 1:
            fwd, back = rows[0][0], rows[1][0]
            lines = [fwd[:-1] + gate + out_fwd, back[:-1] + out_back]
        else:
            middle = starts[len(incoming) // 2]
            rows[middle:middle] = [(blank, "gate"), (blank, "gate-back")]
            lines = []
            for i, (text, kind) in enumerate(rows):
                first, last = i == 0, i == len(rows) - 1
                if kind == "gate":
                    lines.append(text + "├" + gate + out_fwd)
                elif kind == "gate-back":
                    lines.append(text + "│" + out_back.rstrip())
                else:
                    lines.append(text + ("┐" if first else "┘" if last else "┤"))
        blocks.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(blocks) + "\n"
