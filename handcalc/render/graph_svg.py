"""A computation graph as an SVG picture, drawn the way ゼロから作るDeep Learning and CS231n draw
them: a circle per node with its operation, inputs by name on the left, every edge with its
forward value above (black) and the gradient flowing back along it below (red), and the output's
edge leaving on the right with ∂out/∂out = 1 under it.

Layout: a node stands one column right of its deepest argument; an input stands just left of
its first user; within a column, a few barycentre sweeps put things next to what they connect to.
Plain string building, no dependencies.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..graph import GraphProblem, edges, grad_id
from ..numbers import show
from .graph_text import gate_label

COL = 190  # distance between columns
ROW = 100  # distance between rows
R = 22  # node radius
MARGIN = 70  # left margin when no input stands in the first column
FORWARD = "#111111"
BACKWARD = "#c0392b"


def _columns(gp: GraphProblem) -> dict[str, int]:
    """The column of every input and node."""
    col: dict[str, int] = {}
    for node in gp.nodes:
        col[node.name] = 1 + max((col.get(a, 0) for a in node.names() if a not in gp.inputs),
                                 default=0)
    for name in gp.inputs:
        users = [u.name for u, _ in gp.users(name)]
        col[name] = min((col[u] for u in users), default=1) - 1
    return col


def _rows(gp: GraphProblem, col: dict[str, int]) -> dict[str, float]:
    """A vertical position per name (in rows, centred on 0), by barycentre sweeps."""
    names = [*gp.inputs, *(n.name for n in gp.nodes)]
    columns: dict[int, list[str]] = {}
    for name in names:
        columns.setdefault(col[name], []).append(name)
    left = {n.name: n.names() for n in gp.nodes}
    right: dict[str, list[str]] = {name: [u.name for u, _ in gp.users(name)] for name in names}

    def place() -> dict[str, float]:
        pos = {}
        for members in columns.values():
            for i, name in enumerate(members):
                pos[name] = i - (len(members) - 1) / 2
        return pos

    pos = place()
    for _ in range(4):
        for direction in (left, right):
            keys = sorted(columns) if direction is left else sorted(columns, reverse=True)
            for c in keys:
                columns[c].sort(key=lambda name, d=direction, p=pos: _barycentre(name, d, p))
                pos = place()
    return pos


def _barycentre(name: str, neighbours: dict[str, list[str]], pos: dict[str, float]) -> float:
    """The mean position of a name's neighbours (its own position when it has none)."""
    near = neighbours.get(name) or []
    return sum(pos[n] for n in near) / len(near) if near else pos[name]


def svg(exercise, decimals: int | None = None) -> str:
    """The graph as SVG text."""
    gp: GraphProblem = exercise.problem
    decimals = exercise.decimals if decimals is None else decimals
    values = exercise.values()
    col = _columns(gp)
    row = _rows(gp, col)
    top_row = min(row.values())
    rows = max(row.values()) - top_row + 1
    ncols = max(col.values()) + 1
    title_h = 40 if exercise.title else 10
    left = 24 + 9 * max(len(n) for n in gp.inputs if col[n] == 0) if any(
        col[n] == 0 for n in gp.inputs) else MARGIN
    width = int(left + (ncols - 1) * COL + R + 130 + 9 * len(gp.output))
    height = int(title_h + 40 + (rows - 1) * ROW + 80)

    def xy(name: str) -> tuple[float, float]:
        return left + col[name] * COL, title_h + 40 + (row[name] - top_row) * ROW

    def num(v) -> str:
        return escape(show(v, decimals))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="14">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
           f'fill="{FORWARD}"/></marker></defs>',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    if exercise.title:
        out.append(f'<text x="16" y="26" font-size="16" font-weight="bold">'
                   f'{escape(exercise.title)}</text>')

    def label_pair(x1, y1, x2, y2, value: str, grad: str | None) -> None:
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        out.append(f'<text x="{mx:.1f}" y="{my - 7:.1f}" text-anchor="middle" '
                   f'fill="{FORWARD}">{value}</text>')
        if grad is not None:
            out.append(f'<text x="{mx:.1f}" y="{my + 18:.1f}" text-anchor="middle" '
                       f'fill="{BACKWARD}">{grad}</text>')

    for e in edges(gp, values):
        x2, y2 = xy(e.target)
        if isinstance(e.source, str):
            x1, y1 = xy(e.source)
            if e.source not in gp.inputs:
                x1 += R
        else:  # a constant: a short edge from below left, its value written at its start
            x1, y1 = x2 - COL * 0.35, y2 + R * 2
            out.append(f'<text x="{x1 - 4:.1f}" y="{y1 + 5:.1f}" text-anchor="end" '
                       f'fill="{FORWARD}">{num(e.source)}</text>')
        dx, dy = x2 - x1, y2 - y1
        length = max((dx * dx + dy * dy) ** 0.5, 1.0)
        ex, ey = x2 - dx / length * R, y2 - dy / length * R
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{ex:.1f}" y2="{ey:.1f}" '
                   f'stroke="{FORWARD}" stroke-width="1.3" marker-end="url(#arrow)"/>')
        if e.grad is not None:
            label_pair(x1, y1, ex, ey, num(e.value), num(e.grad))

    for name in gp.inputs:
        x, y = xy(name)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{FORWARD}"/>')
        out.append(f'<text x="{x - 8:.1f}" y="{y + 5:.1f}" text-anchor="end" '
                   f'font-style="italic">{escape(name)}</text>')
    for node in gp.nodes:
        x, y = xy(node.name)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{R}" fill="white" stroke="{FORWARD}" '
                   'stroke-width="1.5"/>')
        label = escape(gate_label(gp, node.name))
        size = 16 if len(label) <= 2 else 12
        out.append(f'<text x="{x:.1f}" y="{y + size / 3:.1f}" text-anchor="middle" '
                   f'font-size="{size}">{label}</text>')
        out.append(f'<text x="{x:.1f}" y="{y - R - 6:.1f}" text-anchor="middle" font-size="12" '
                   f'fill="#555555" font-style="italic">{escape(node.name)}</text>')

    x, y = xy(gp.output)
    end = x + R + 110
    out.append(f'<line x1="{x + R:.1f}" y1="{y:.1f}" x2="{end:.1f}" y2="{y:.1f}" '
               f'stroke="{FORWARD}" stroke-width="1.3" marker-end="url(#arrow)"/>')
    label_pair(x + R, y, end, y, num(values[gp.output]), num(values[grad_id(gp.output)]))
    out.append(f'<text x="{end + 6:.1f}" y="{y + 5:.1f}" font-style="italic">'
               f'{escape(gp.output)}</text>')
    out.append(f'<text x="16" y="{height - 12}" font-size="11" fill="#555555">'
               f'forward value above each edge, <tspan fill="{BACKWARD}">gradient below</tspan>'
               '</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
