"""A network as an SVG picture, drawn as textbooks draw it: a column of circles per layer, a
"+1" bias unit under each column but the last, every edge labelled with its weight — symbol and
value in the problem's notation (w_ji in the column layout, w_ij in the row layout) — the input
values on the left, the targets on the right, and under each column what it computes, written
as a function (a⁽¹⁾ = σ(z⁽¹⁾), a⁽²⁾ = z⁽²⁾ for the identity).

Each weight label lies along its own edge, just above or below it, near one end; the labels of
one gap are placed one by one where they touch no other label, no unit and no edge but their
own (the boxes are computed, and ``layout`` returns them so a test can check it).  A gap whose
labels cannot all be placed so is drawn without them, and its weights and biases stand in a
compact matrix under the figure instead.  Sub- and superscripts are real smaller text shifted
up and down (tspans at explicit positions), not Unicode sub/superscript letters, which many
fonts lack and which collide in italics.

Plain string building, no dependencies; sizes are in pixels at 96 dpi.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple
from xml.sax.saxutils import escape, quoteattr

from ..i18n import title as title_of
from ..numbers import show
from .layers import weight_index

if TYPE_CHECKING:
    from ..exercise import Exercise
    from ..numbers import Number
    from .notation import Symbols
    from .problem import Problem

GAPS = (270, 340, 400)  # between the centres of two columns: the first whose labels all fit
ROW = 86  # between the centres of two units of a column
R = 24  # unit radius
LEFT = 90  # room for the input values
RIGHT = 110  # room for the targets
TOP = 30
BOTTOM = 60  # room for the captions
LABEL = 12  # font size of an edge label
NODE = 16  # font size of a unit's name
TEXT = 14  # font size of values and captions
SMALL = 0.7  # sub- and superscripts, relative to the text
SUB, SUP = 0.28, -0.40  # their baseline shift, in ems of the text (down is positive)
CLEAR = 2.0  # between a label and its own edge, and around every box
AMBIGUOUS = 8.0  # a label is placed where no other edge comes nearer than this, if it can
INK = "#111111"
EDGE = "#555555"
BIAS = "#777777"
FONT = "'Times New Roman', 'Liberation Serif', 'Noto Serif', 'Noto Serif CJK JP', serif"

Point = tuple[float, float]


class Box(NamedTuple):
    """The outline of a piece of text: four corners (a rectangle, turned with its edge), what
    it is ('weight', 'unit', 'value', 'caption', 'table') and its id; a weight label's
    ``edge`` is the id of the edge it names (its own edge, which it may lie along)."""

    kind: str
    ident: str
    corners: tuple[Point, ...]
    edge: str = ""


class Edge(NamedTuple):
    """A drawn edge, from the rim of one unit to the rim of the next; ``ident`` is the weight's
    id (``W1[0][1]``, ``b1[0]``)."""

    ident: str
    start: Point
    end: Point


class Unit(NamedTuple):
    """A drawn unit (circle); ``ident`` is ``'0.1'`` for column 0, unit 1 (the bias unit last)."""

    ident: str
    centre: Point
    radius: float


class Drawing(NamedTuple):
    """The SVG text and the geometry it was drawn from: every box of text, edge and unit, and
    the layers whose weights stand in a table instead of on their edges."""

    svg: str
    boxes: list[Box]
    edges: list[Edge]
    units: list[Unit]
    tables: list[int]


# --- text: widths and runs --------------------------------------------------------------------

# advance widths in thousandths of an em, upright and italic (Times metrics, as Liberation Serif
# has them); anything else counts as 0.6 em, CJK as 1 em
_CHARS = "0123456789.,-−=+ ()[]/·′abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZσδη∂ΔΣ"
_UPRIGHT = dict(zip(_CHARS, map(int, (
    "500 500 500 500 500 500 500 500 500 500 250 250 333 564 564 564 250 333 333 333 333 278 250 "
    "219 444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 "
    "722 500 500 444 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 556 "
    "611 722 722 944 722 722 611 539 471 523 494 643 582").split())))
_ITALIC = dict(zip(_CHARS, map(int, (
    "500 500 500 500 500 500 500 500 500 500 250 250 333 675 675 675 250 333 333 389 389 278 250 "
    "219 500 500 444 500 444 278 500 500 278 278 444 278 722 500 500 500 500 389 389 278 500 444 "
    "667 444 444 389 611 611 667 722 611 611 722 722 333 444 667 556 833 667 722 611 722 611 500 "
    "556 722 611 833 611 556 556 493 465 496 494 587 594").split())))


def _em(ch: str, italic: bool = False) -> float:
    found = (_ITALIC if italic else _UPRIGHT).get(ch)
    if found is not None:
        return found / 1000
    return 1.0 if ord(ch) >= 0x3000 else 0.6


_LOWER = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_UPPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾", "0123456789()")


class Run(NamedTuple):
    """A piece of a label: its text, its shift (0 on the line, SUB or SUP), italic or not."""

    text: str
    shift: float = 0.0
    italic: bool = False


def runs(text: str, italic_letters: bool = False) -> list[Run]:
    """A symbol written with Unicode sub/superscripts ('w₂₁⁽¹⁾ = -0.3') as runs of plain text:
    'w', '21' lowered, '(1)' raised, ' = −0.3'.  With ``italic_letters`` a Latin letter
    standing alone is italic, as a symbol in a formula; words (ReLU, tanh) stay upright."""
    out: list[Run] = []
    for n, ch in enumerate(text):
        word = any(0 <= m < len(text) and text[m].isascii() and text[m].isalpha()
                   for m in (n - 1, n + 1))
        if ch in "₀₁₂₃₄₅₆₇₈₉":
            shift, ch = SUB, ch.translate(_LOWER)
        elif ch in "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾":
            shift, ch = SUP, ch.translate(_UPPER)
        else:
            shift = 0.0
        if ch == "-":
            ch = "−"  # the minus sign, as printed
        italic = (italic_letters and shift == 0.0 and ch.isascii() and ch.isalpha()
                  and not word)
        if out and out[-1].shift == shift and out[-1].italic == italic:
            out[-1] = Run(out[-1].text + ch, shift, italic)
        else:
            out.append(Run(ch, shift, italic))
    return out


def _run_size(run: Run, size: float) -> float:
    return size * SMALL if run.shift else size


def _advance(run: Run, size: float) -> float:
    return sum(_em(ch, run.italic) for ch in run.text) * _run_size(run, size)


def _offsets(parts: list[Run], size: float) -> tuple[list[float], float]:
    """Where each run starts, and the whole width: a superscript right after a subscript (or
    the reverse) stands over it, as in w₂₁⁽¹⁾ printed w with 21 below and (1) above."""
    starts, x, stack = [], 0.0, None  # stack: (start, width) of the script just written
    for r in parts:
        if r.shift and stack is not None and r.shift != stack[2]:
            starts.append(stack[0])
            x = stack[0] + max(stack[1], _advance(r, size))
            stack = None
            continue
        starts.append(x)
        stack = (x, _advance(r, size), r.shift) if r.shift else None
        x += _advance(r, size)
    return starts, x


def width(parts: list[Run], size: float) -> float:
    """The advance width of the runs at this font size (an italic letter leans out a little)."""
    total = _offsets(parts, size)[1]
    return total + (0.08 * size if parts and parts[-1].italic else 0.0)


def _extent(parts: list[Run], size: float) -> tuple[float, float]:
    """(above, below) the baseline that the runs' ink may reach."""
    above, below = 0.72 * size, 0.22 * size
    for r in parts:
        s = _run_size(r, size)
        above = max(above, -r.shift * size + 0.72 * s)
        below = max(below, r.shift * size + 0.22 * s)
    return above, below


def _tspans(parts: list[Run], x: float, y: float, size: float) -> str:
    """The runs as tspans, each at an explicit position (no renderer's advance is trusted)."""
    out = []
    for r, start in zip(parts, _offsets(parts, size)[0]):
        attrs = f'x="{_f(x + start)}" y="{_f(y + r.shift * size)}"'
        if r.shift:
            attrs += f' font-size="{_f(size * SMALL)}"'
        if r.italic:
            attrs += ' font-style="italic"'
        out.append(f"<tspan {attrs}>{escape(r.text)}</tspan>")
    return "".join(out)


def _f(x: float) -> str:
    """A coordinate, written the same way on every machine."""
    return f"{x:.1f}"


# --- geometry ---------------------------------------------------------------------------------


def _rect(origin: Point, along: Point, left: float, right: float, top: float,
          bottom: float) -> tuple[Point, ...]:
    """Corners of the rectangle [left, right] × [-top, bottom] in the frame at ``origin`` whose
    x axis is the unit vector ``along`` (y pointing down, as in SVG)."""
    ux, uy = along
    vx, vy = -uy, ux  # the frame's y axis
    ox, oy = origin
    return tuple((ox + a * ux + b * vx, oy + a * uy + b * vy)
                 for a, b in ((left, -top), (right, -top), (right, bottom), (left, bottom)))


def _axes(poly: tuple[Point, ...]) -> list[Point]:
    """The unit normals of a polygon's sides (a side of zero length has none)."""
    out = []
    for (ax, ay), (bx, by) in zip(poly, poly[1:] + poly[:1]):
        nx, ny = ay - by, bx - ax
        n = math.hypot(nx, ny)
        if n > 1e-12:
            out.append((nx / n, ny / n))
    return out


def overlap(p: Sequence[Point], q: Sequence[Point]) -> bool:
    """Whether two convex outlines (a box, an edge as its two ends, a polygon) share any area
    or, for an edge, any point: no separating axis among their sides' normals."""
    p, q = tuple(p), tuple(q)
    if max(x for x, _ in p) <= min(x for x, _ in q) or max(x for x, _ in q) <= min(
            x for x, _ in p) or max(y for _, y in p) <= min(y for _, y in q) or max(
            y for _, y in q) <= min(y for _, y in p):
        return False  # their bounding boxes are apart
    for ax, ay in _axes(p) + _axes(q):
        pa = [x * ax + y * ay for x, y in p]
        qa = [x * ax + y * ay for x, y in q]
        if max(pa) <= min(qa) + 1e-9 or max(qa) <= min(pa) + 1e-9:
            return False
    return True


def _centred(kind: str, ident: str, parts: list[Run], size: float, x: float, y: float,
             anchor: str = "middle") -> tuple[Box, str]:
    """A horizontal label with its baseline at y: centred on x, or starting or ending there."""
    w = width(parts, size)
    start = {"middle": x - w / 2, "start": x, "end": x - w}[anchor]
    above, below = _extent(parts, size)
    box = Box(kind, ident, _rect((start, y), (1.0, 0.0), -CLEAR, w + CLEAR, above + CLEAR,
                                 below + CLEAR))
    return box, f'<text font-size="{_f(size)}">{_tspans(parts, start, y, size)}</text>'


# --- labels on the edges of one gap ----------------------------------------------------------


class _Placed(NamedTuple):
    """A weight label's box, the start of its baseline's middle and the angle of its edge."""

    box: Box
    base: Point
    angle: float


def _segment_meets(box: tuple[float, float, float, float], a: Point, b: Point) -> bool:
    """Whether the segment a–b meets the open axis-aligned box (left, top, right, bottom)
    (Liang–Barsky clipping)."""
    left, top, right, bottom = box
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - left), (dx, right - a[0]), (-dy, a[1] - top), (dy, bottom - a[1])):
        if abs(p) < 1e-12:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True


def _circle_meets(box: tuple[float, float, float, float], c: Point, r: float) -> bool:
    """Whether the disc of radius r around c meets the open axis-aligned box (left, top,
    right, bottom): its point nearest c lies inside the circle."""
    left, top, right, bottom = box
    nx, ny = min(max(c[0], left), right), min(max(c[1], top), bottom)
    return (nx - c[0]) ** 2 + (ny - c[1]) ** 2 < r * r


def _candidates(edge: Edge, parts: list[Run], circles: list[tuple[Point, float]],
                others: list[Edge], bounds: tuple[float, float, float, float]) -> list[_Placed]:
    """Every place for the edge's label, just above or below it, where its box touches no
    unit (``circles``) and no other edge and stays on the canvas; nearest an end first (the
    source end before the target end, above before below), and first of all the places where
    no other edge comes nearer than AMBIGUOUS.  Worked out in the edge's own frame, where the
    label's box is upright."""
    (x0, y0), (x1, y1) = edge.start, edge.end
    length = math.hypot(x1 - x0, y1 - y0)
    u = ((x1 - x0) / length, (y1 - y0) / length)
    v = (-u[1], u[0])  # the frame's y axis (down the page when the edge is level)

    def local(pt: Point) -> Point:
        dx, dy = pt[0] - x0, pt[1] - y0
        return dx * u[0] + dy * u[1], dx * v[0] + dy * v[1]

    segments = [(local(e.start), local(e.end)) for e in others]
    discs = [(local(c), r) for c, r in circles]
    angle = math.degrees(math.atan2(u[1], u[0]))
    w = width(parts, LABEL)
    above, below = _extent(parts, LABEL)
    lo, hi = w / 2 + 4, length - w / 2 - 12  # clear of the source's rim and the arrowhead
    spots = []
    steps = int((hi - lo) // 3) + 1 if hi >= lo else 0
    for k in range(steps):
        s = lo + 3 * k
        for side in (1, -1):
            lift = -(CLEAR + below) if side == 1 else CLEAR + above  # the baseline, in frame
            box = (s - w / 2 - 1, lift - above, s + w / 2 + 1, lift + below)
            base = (x0 + s * u[0] + lift * v[0], y0 + s * u[1] + lift * v[1])
            corners = _rect(base, u, -w / 2 - 1, w / 2 + 1, above, below)
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            if min(xs) < bounds[0] or max(xs) > bounds[2] or min(ys) < bounds[1] or \
                    max(ys) > bounds[3]:
                continue
            if any(_circle_meets(box, c, r) for c, r in discs):
                continue
            if any(_segment_meets(box, a, b) for a, b in segments):
                continue
            wide = (box[0] - AMBIGUOUS, box[1] - AMBIGUOUS, box[2] + AMBIGUOUS,
                    box[3] + AMBIGUOUS)
            near = any(_segment_meets(wide, a, b) for a, b in segments)
            rank = (near, min(s - lo, hi - s), s - lo > hi - s, side == -1)
            spots.append((rank, _Placed(Box("weight", edge.ident, corners, edge.ident), base,
                                        angle)))
    return [spot for _, spot in sorted(spots, key=lambda item: item[0])]


def _place_gap(edges: list[Edge], texts: dict[str, list[Run]],
               circles: list[tuple[Point, float]],
               bounds: tuple[float, float, float, float]) -> list[_Placed] | None:
    """A label for every edge of a gap, no two overlapping, or None when that cannot be found.
    The edges with the fewest free places choose first, each its most preferred place that
    is still free."""
    options = {}
    for e in edges:
        others = [o for o in edges if o.ident != e.ident]
        options[e.ident] = _candidates(e, texts[e.ident], circles, others, bounds)
        if not options[e.ident]:
            return None
    placed: list[_Placed] = []
    for ident in sorted(options, key=lambda i: (len(options[i]), i)):
        spot = next((c for c in options[ident]
                     if not any(overlap(c.box.corners, q.box.corners) for q in placed)), None)
        if spot is None:
            return None
        placed.append(spot)
    return placed


# --- the drawing ------------------------------------------------------------------------------


def _columns(sizes: list[int]) -> list[list[float]]:
    """The centre heights of each column's units, the bias unit (if any) last."""
    rows = max(n + (1 if i < len(sizes) - 1 else 0) for i, n in enumerate(sizes))
    height = (rows - 1) * ROW
    out = []
    for i, n in enumerate(sizes):
        count = n + (1 if i < len(sizes) - 1 else 0)
        top = TOP + R + (height - (count - 1) * ROW) / 2
        out.append([top + k * ROW for k in range(count)])
    return out


_FUNCTION = {"relu": "ReLU", "sigmoid": "σ", "tanh": "tanh", "softmax": "softmax"}


def caption(sym: Symbols, l: int, activation: str | None) -> str:
    """What a column computes, as a textbook writes it: x, a⁽¹⁾ = σ(z⁽¹⁾), a⁽²⁾ = z⁽²⁾ (the
    input column is named by the letter its units carry, x)."""
    if activation is None:
        return sym.symbol("a0", (0, 0))[0].split("[")[0].rstrip("₀₁₂₃₄₅₆₇₈₉")
    a, z = sym.name(f"a{l}")[0], sym.name(f"z{l}")[0]
    if activation == "identity":
        return f"{a} = {z}"
    return f"{a} = {_FUNCTION[activation]}({z})"


def _matrix(kind_name: str, rows: Sequence[Sequence[Number]], decimals: int, x: float,
            y: float, ident: str, label_of: Callable[[str], str]
            ) -> tuple[list[Box], list[str], float, float]:
    """'W⁽¹⁾ =' and a bracketed matrix of values with its top-left at (x, y): the boxes, the
    SVG, and the width and height it takes.  Each value carries its weight's id and, for
    screen readers, ``label_of(id)`` ('w₁₂⁽¹⁾ = 0.3')."""
    name = runs(kind_name + " =", italic_letters=True)
    cells = [[runs(show(v, decimals)) for v in row] for row in rows]
    ncol = max(len(r) for r in cells)
    col_w = [max(width(r[c], TEXT) for r in cells if c < len(r)) for c in range(ncol)]
    line = TEXT * 1.35
    height = line * len(cells)
    name_w = width(name, TEXT)
    svg, boxes = [], []
    mid = y + height / 2 + 0.3 * TEXT
    box, text = _centred("table", f"{ident} name", name, TEXT, x, mid, "start")
    boxes.append(box)
    svg.append(text)
    left = x + name_w + 8
    right = left + 6 + sum(col_w) + 14 * (ncol - 1) + 6
    for bx, sign in ((left, 1), (right, -1)):  # brackets
        svg.append(f'<path d="M {_f(bx + 4 * sign)} {_f(y)} L {_f(bx)} {_f(y)} '
                   f'L {_f(bx)} {_f(y + height)} L {_f(bx + 4 * sign)} {_f(y + height)}" '
                   f'fill="none" stroke="{INK}" stroke-width="1"/>')
    for r, row in enumerate(cells):
        cx = left + 6
        base = y + line * r + line * 0.72
        for c, cell in enumerate(row):
            cell_id = f"{ident}[{r}][{c}]" if ident.startswith("W") else f"{ident}[{c}]"
            box, text = _centred("table", cell_id, cell, TEXT, cx + col_w[c], base, "end")
            boxes.append(box)
            attrs = (f'class="weight" data-id={quoteattr(cell_id)} '
                     f"aria-label={quoteattr(label_of(cell_id))} ")
            svg.append(text.replace("<text ", "<text " + attrs, 1))
            cx += col_w[c] + 14
    return boxes, svg, right - x + 4, height


def layout(exercise: Exercise, lang: str = "en") -> Drawing:
    """The network of a problem laid out: every unit, edge and label, and the SVG drawing."""
    p: Problem = exercise.problem
    sym: Symbols = exercise.symbols
    d = exercise.decimals
    sizes = p.sizes
    L = len(p.layers)
    ys = _columns(sizes)
    bottom = max(max(col) for col in ys) + R
    units: list[Unit] = [Unit(f"{l}.{k}", (0.0, y), R if k < sizes[l] else R - 4)
                         for l, col in enumerate(ys) for k, y in enumerate(col)]

    # each gap on its own: the narrowest of GAPS whose labels all fit, else a table
    gaps: list[int] = []
    placements: list[list[_Placed] | None] = []
    tables: list[int] = []
    for l in range(1, L + 1):
        texts, local_edges = {}, []
        for j in range(sizes[l]):
            for i in range(sizes[l - 1] + 1):
                ident = _ident(p, l, i, j)
                texts[ident] = runs(_weight_text(p, sym, ident), italic_letters=True)
        for gap in GAPS:
            local_edges = _gap_edges(p, l, ys, 0.0, gap)
            obstacles = [((0.0, y), R + CLEAR) for y in ys[l - 1]] + \
                        [((gap, y), R + CLEAR) for y in ys[l]]
            placed = _place_gap(local_edges, texts, obstacles, (0.0, 0.0, gap, bottom + 4))
            if placed is not None:
                gaps.append(gap)
                placements.append(placed)
                break
        else:
            gaps.append(GAPS[0])
            placements.append(None)
            tables.append(l)
    xs: list[float] = [LEFT + R]
    for gap in gaps:
        xs.append(xs[-1] + gap)
    units = [u._replace(centre=(xs[int(u.ident.split(".")[0])], u.centre[1])) for u in units]

    boxes: list[Box] = []
    svg_edges: list[str] = []
    svg_labels: list[str] = []
    edges: list[Edge] = []
    for l in range(1, L + 1):
        shift = xs[l - 1]
        for e in _gap_edges(p, l, ys, shift, gaps[l - 1]):
            edges.append(e)
            bias = e.ident.startswith("b")
            dash = ' stroke-dasharray="5 4"' if bias else ""
            svg_edges.append(
                f'<line class="edge" data-id={quoteattr(e.ident)} x1="{_f(e.start[0])}" '
                f'y1="{_f(e.start[1])}" x2="{_f(e.end[0])}" y2="{_f(e.end[1])}" '
                f'stroke="{BIAS if bias else EDGE}" stroke-width="1.3"{dash} '
                'marker-end="url(#arrow)"/>')
        placed = placements[l - 1]
        if placed is None:
            continue
        for spot in placed:
            corners = tuple((x + shift, y) for x, y in spot.box.corners)
            boxes.append(spot.box._replace(corners=corners))
            bx, by = spot.base[0] + shift, spot.base[1]
            words = _weight_text(p, sym, spot.box.ident)
            parts = runs(words, italic_letters=True)
            w = width(parts, LABEL)
            svg_labels.append(
                f'<text font-size="{_f(LABEL)}" transform="rotate({spot.angle:.2f} {_f(bx)} '
                f'{_f(by)})" class="weight" data-id={quoteattr(spot.box.ident)} '
                f"aria-label={quoteattr(words)}>{_tspans(parts, bx - w / 2, by, LABEL)}</text>")

    svg_units, svg_text = [], []
    for u in units:
        l, k = (int(n) for n in u.ident.split("."))
        x, y = u.centre
        if k == sizes[l]:  # the bias unit
            svg_units.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(u.radius)}" '
                             f'fill="#ffffff" stroke="{BIAS}" stroke-width="1.3" '
                             f'stroke-dasharray="5 4"/>')
            box, text = _centred("unit", u.ident, [Run("+1")], TEXT, x, y + 0.35 * TEXT)
        else:
            svg_units.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(u.radius)}" '
                             f'fill="#ffffff" stroke="{INK}" stroke-width="1.6"/>')
            name = sym.symbol("a0" if l == 0 else f"a{l}", (0, k))[0].split("[")[0]
            box, text = _centred("unit", u.ident, runs(name, italic_letters=True), NODE,
                                 x, y + 0.3 * NODE)
        boxes.append(box)
        svg_text.append(text)
    for k in range(sizes[0]):  # the input values, left of the input units
        values = ", ".join(show(row[k], d) for row in p.inputs)
        box, text = _centred("value", f"x{k}", runs(values), TEXT, xs[0] - R - 10,
                             ys[0][k] + 0.35 * TEXT, "end")
        boxes.append(box)
        svg_text.append(text)
    for k in range(sizes[L]):  # the targets, right of the output units
        target = sym.symbol("t", (0, k))[0].split("[")[0]
        values = ", ".join(show(row[k], d) for row in p.targets)
        box, text = _centred("value", f"t{k}", runs(f"{target} = {values}", True), TEXT,
                             xs[L] + R + 10, ys[L][k] + 0.35 * TEXT, "start")
        boxes.append(box)
        svg_text.append(text)
    caption_y = bottom + 36
    for l, x in enumerate(xs):
        words = caption(sym, l, p.layers[l - 1].activation if l else None)
        box, text = _centred("caption", f"caption{l}", runs(words, True), TEXT, x, caption_y)
        boxes.append(box)
        svg_text.append(text)

    height = caption_y + 20
    label_of = lambda ident: _weight_text(p, sym, ident)  # noqa: E731
    for l in tables:  # the weights of a dense gap, as matrices under it
        left = (xs[l - 1] + xs[l]) / 2 - 120
        w_boxes, w_svg, w_width, w_height = _matrix(
            sym.name(f"W{l}")[0], p.layers[l - 1].W, d, left, height + 8, f"W{l}", label_of)
        b_boxes, b_svg, _, b_height = _matrix(
            sym.name(f"b{l}")[0], [p.layers[l - 1].b], d, left + w_width + 24,
            height + 8 + (w_height - TEXT * 1.35) / 2, f"b{l}", label_of)
        boxes += w_boxes + b_boxes
        svg_text += w_svg + b_svg
        height = height + 8 + max(w_height, b_height) + 12
    width_px = max([xs[-1] + R + RIGHT] + [max(c[0] for c in b.corners) + 10 for b in boxes])
    height += BOTTOM - 40

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width_px)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width_px)} {_f(height)}" font-family="{escape(FONT)}" fill="{INK}">',
        f"<title>{escape(title_of(exercise, lang) or 'network')}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        f'fill="{EDGE}"/></marker></defs>',
        f'<rect x="0" y="0" width="{_f(width_px)}" height="{_f(height)}" fill="#ffffff"/>',
    ]
    out += svg_edges + svg_labels + svg_units + svg_text + ["</svg>"]
    return Drawing("\n".join(out) + "\n", boxes, edges, units, tables)


def _weight_text(p: Problem, sym: Symbols, ident: str) -> str:
    """'w₂₁⁽¹⁾ = 0.3' for a weight or bias id ('W1[0][1]', 'b1[0]')."""
    name, rest = ident.split("[", 1)
    idx = tuple(int(n) for n in rest.rstrip("]").split("]["))
    l = int(name[1:])
    value = p.layers[l - 1].W[idx[0]][idx[1]] if name[0] == "W" else p.layers[l - 1].b[idx[0]]
    return f"{sym.symbol(name, idx)[0]} = {show(value, p.decimals)}"


def _gap_edges(p: Problem, l: int, ys: list[list[float]], x0: float, gap: float) -> list[Edge]:
    """The edges into layer l, from the rim of each unit below (the bias unit last) to the rim
    of each unit of layer l, its arrowhead just outside the rim."""
    out = []
    for j in range(p.sizes[l]):
        for i in range(p.sizes[l - 1] + 1):
            ya, yb = ys[l - 1][i], ys[l][j]
            length = math.hypot(gap, yb - ya)
            ux, uy = gap / length, (yb - ya) / length
            ident = _ident(p, l, i, j)
            r0 = R - 4 if i == p.sizes[l - 1] else R
            out.append(Edge(ident, (x0 + ux * r0, ya + uy * r0),
                            (x0 + gap - ux * (R + 2), yb - uy * (R + 2))))
    return out


def _ident(p: Problem, l: int, i: int, j: int) -> str:
    """The id of the edge from unit i of the layer below (i = units: the bias unit) to unit j
    of layer l: ``b1[j]``, or ``W1[r][c]`` with the indices of the layout (w_ji or w_ij)."""
    if i == p.sizes[l - 1]:
        return f"b{l}[{j}]"
    r, c = weight_index(p.layout, j, i)
    return f"W{l}[{r}][{c}]"


def network(exercise: Exercise, lang: str = "en") -> str:
    """The network of a problem as an SVG document (text)."""
    return layout(exercise, lang).svg
