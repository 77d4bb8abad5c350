"""A computation graph as an SVG picture, drawn the way ゼロから作るDeep Learning and CS231n draw
them: a circle per node with its operation, inputs by name on the left, every edge with its
forward value above (black) and the gradient flowing back along it below (red), and the output's
edge leaving on the right with ∂out/∂out = 1 under it.  ``blank=True`` draws the question
instead (worksheets, quizzes): the same graph with each input's given value beside its name and
no forward value or gradient anywhere.

Layout: a node stands one column right of its deepest argument; an input stands just left of
its first user; within a column, a few barycentre sweeps put things next to what they connect to.
Plain string building, no dependencies.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from ..i18n import title as title_of
from ..i18n import tr
from ..numbers import show
from .problem import GraphProblem
from .steps import edges, grad_id
from .text import gate_label

if TYPE_CHECKING:
    from ..exercise import Exercise
    from ..numbers import Number

COL = 190  # distance between columns
ROW = 100  # distance between rows
R = 22  # node radius
MARGIN = 70  # left margin when no input stands in the first column
LABEL_AT = 0.6  # labels this far along an edge's last segment: crossing edges keep theirs apart
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


def _chains(gp: GraphProblem, col: dict[str, int]) -> list[list[str]]:
    """For every edge between names, the points it passes: its source, a waypoint ('~k.c') in
    each column it crosses (so long edges go round the nodes, not through them), its target."""
    chains = []
    k = 0
    for node in gp.nodes:
        for a in node.args:
            if not isinstance(a, str):
                continue
            between = [f"~{k}.{c}" for c in range(col[a] + 1, col[node.name])]
            for c, w in zip(range(col[a] + 1, col[node.name]), between, strict=True):
                col[w] = c
            chains.append([a, *between, node.name])
            k += 1
    return chains


def _rows(gp: GraphProblem, col: dict[str, int], chains: list[list[str]]) -> dict[str, float]:
    """A vertical position per name and waypoint (in rows, centred on 0), by barycentre sweeps."""
    names = [*gp.inputs, *(n.name for n in gp.nodes)]
    names += [w for chain in chains for w in chain[1:-1]]
    columns: dict[int, list[str]] = {}
    for name in names:
        columns.setdefault(col[name], []).append(name)
    left: dict[str, list[str]] = {}
    right: dict[str, list[str]] = {}
    for chain in chains:
        for a, b in zip(chain, chain[1:]):
            right.setdefault(a, []).append(b)
            left.setdefault(b, []).append(a)

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
                columns[c].sort(key=partial(_by_barycentre, neighbours=direction, pos=pos))
                pos = place()
    return pos


def _by_barycentre(name: str, *, neighbours: dict[str, list[str]],
                   pos: dict[str, float]) -> float:
    """_barycentre with its tables by keyword: a sort key bound with functools.partial."""
    return _barycentre(name, neighbours, pos)


def _barycentre(name: str, neighbours: dict[str, list[str]], pos: dict[str, float]) -> float:
    """The mean position of a name's neighbours (its own position when it has none)."""
    near = neighbours.get(name) or []
    return sum(pos[n] for n in near) / len(near) if near else pos[name]


def svg(exercise: Exercise, decimals: int | None = None, blank: bool = False,
        lang: str = "en") -> str:
    """The graph as SVG text: annotated with every value and gradient (the solution), or with
    ``blank`` only what the problem gives (inputs' values, constants)."""
    gp: GraphProblem = exercise.problem
    decimals = exercise.decimals if decimals is None else decimals
    values = exercise.values()
    col = _columns(gp)
    chains = _chains(gp, col)
    row = _rows(gp, col, chains)
    top_row = min(row.values())
    rows = max(row.values()) - top_row + 1
    ncols = max(col.values()) + 1
    title = title_of(exercise, lang)
    title_h = 40 if title else 10
    def label(n: str) -> int:  # characters beside an input: its name, and its value if blank
        return len(n) + (len(show(values[n], decimals)) + 3 if blank else 0)

    left = 24 + 9 * max(label(n) for n in gp.inputs if col[n] == 0) if any(
        col[n] == 0 for n in gp.inputs) else MARGIN
    width = int(left + (ncols - 1) * COL + R + 130 + 9 * len(gp.output))
    height = int(title_h + 40 + (rows - 1) * ROW + 80)

    def xy(name: str) -> tuple[float, float]:
        return left + col[name] * COL, title_h + 40 + (row[name] - top_row) * ROW

    def num(v: Number) -> str:
        return escape(show(v, decimals))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="14">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
           f'fill="{FORWARD}"/></marker></defs>',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    if title:
        out.append(f'<text x="16" y="26" font-size="16" font-weight="bold">'
                   f'{escape(title)}</text>')

    taken: list[tuple[float, float, float, float]] = [  # boxes labels keep clear of: nodes
        (x - R, y - R - 20, x + R, y + R) for x, y in (xy(n.name) for n in gp.nodes)]

    def free(box: tuple[float, float, float, float]) -> bool:
        return not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in taken)

    def label_pair(x1: float, y1: float, x2: float, y2: float, value: str, grad: str | None,
                   at: float = 0.5) -> None:
        """Value above, gradient below, at the first place along the segment that is free."""
        half = 4 * max(len(value), len(grad or "")) + 2
        for t in (at, at - 0.15, at + 0.15, at - 0.3, at + 0.25, at):
            mx, my = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
            box = (mx - half, my - 20, mx + half, my + 22)
            if free(box):
                break
        taken.append(box)
        out.append(f'<text x="{mx:.1f}" y="{my - 7:.1f}" text-anchor="middle" '
                   f'fill="{FORWARD}">{value}</text>')
        if grad is not None:
            out.append(f'<text x="{mx:.1f}" y="{my + 18:.1f}" text-anchor="middle" '
                       f'fill="{BACKWARD}">{grad}</text>')

    variable = iter(chains)
    for e in edges(gp, values):
        x2, y2 = xy(e.target)
        if isinstance(e.source, str):
            points = [xy(p) for p in next(variable)]
            if e.source not in gp.inputs:
                points[0] = (points[0][0] + R, points[0][1])
        else:  # a constant: a short edge from below left, its value written at its start
            points = [(x2 - COL * 0.35, y2 + R * 2), (x2, y2)]
            out.append(f'<text x="{points[0][0] - 4:.1f}" y="{points[0][1] + 5:.1f}" '
                       f'text-anchor="end" fill="{FORWARD}">{num(e.source)}</text>')
        (x1, y1), _ = points[-2], points[-1]
        dx, dy = x2 - x1, y2 - y1
        length = max((dx * dx + dy * dy) ** 0.5, 1.0)
        points[-1] = (x2 - dx / length * R, y2 - dy / length * R)
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{FORWARD}" '
                   'stroke-width="1.3" marker-end="url(#arrow)"/>')
        if e.grad is not None and not blank:  # the labels on the segment entering the node
            label_pair(x1, y1, *points[-1], num(e.value), num(e.grad), LABEL_AT)

    for name in gp.inputs:
        x, y = xy(name)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{FORWARD}"/>')
        shown = (f'<tspan font-style="italic">{escape(name)}</tspan> = {num(values[name])}'
                 if blank else escape(name))
        italic = "" if blank else ' font-style="italic"'
        out.append(f'<text x="{x - 8:.1f}" y="{y + 5:.1f}" text-anchor="end"{italic}>'
                   f'{shown}</text>')
    for node in gp.nodes:
        x, y = xy(node.name)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{R}" fill="white" stroke="{FORWARD}" '
                   'stroke-width="1.5"/>')
        gate = escape(gate_label(gp, node.name))
        size = 16 if len(gate) <= 2 else 12
        out.append(f'<text x="{x:.1f}" y="{y + size / 3:.1f}" text-anchor="middle" '
                   f'font-size="{size}">{gate}</text>')
        out.append(f'<text x="{x:.1f}" y="{y - R - 6:.1f}" text-anchor="middle" font-size="12" '
                   f'fill="#555555" font-style="italic">{escape(node.name)}</text>')

    x, y = xy(gp.output)
    end = x + R + 110
    out.append(f'<line x1="{x + R:.1f}" y1="{y:.1f}" x2="{end:.1f}" y2="{y:.1f}" '
               f'stroke="{FORWARD}" stroke-width="1.3" marker-end="url(#arrow)"/>')
    if not blank:
        label_pair(x + R, y, end, y, num(values[gp.output]),
                   num(values[grad_id(gp.output)]))
    out.append(f'<text x="{end + 6:.1f}" y="{y + 5:.1f}" font-style="italic">'
               f'{escape(gp.output)}</text>')
    if not blank:
        out.append(f'<text x="16" y="{height - 12}" font-size="11" fill="#555555">'
                   f'{escape(tr("svg.forward", lang))}<tspan fill="{BACKWARD}">'
                   f'{escape(tr("svg.backward", lang))}</tspan></text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
