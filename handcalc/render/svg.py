"""A network as an SVG picture, drawn as textbooks draw it: a column of circles per layer, a
"+1" bias unit under each column but the last, every edge labelled with its weight — symbol and
value in the problem's notation (w_ji in the column layout, w_ij in the row layout) — the input
values on the left, the targets on the right, and under each column what it computes.

The edge labels of one gap between columns stand at one distance along their edges, chosen so
that the labels are as far apart as they can be; each sits on its own edge, over a white halo.
Plain string building, no dependencies; sizes are in pixels at 96 dpi, so a 2-3-2 network is
about 15 cm wide on paper with 10-point labels.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..layers import weight_index
from ..numbers import show

GAP = 270  # between the centres of two columns
ROW = 86  # between the centres of two units of a column
R = 24  # unit radius
LEFT = 110  # room for the input values
RIGHT = 130  # room for the targets
TOP = 40
BOTTOM = 70  # room for the captions
LABEL = 13  # font size of an edge label
INK = "#111111"
EDGE = "#555555"
BIAS = "#777777"
FONT = "'Times New Roman', 'Noto Serif', 'Noto Serif CJK JP', serif"

_ACT = {"identity": "identity", "relu": "ReLU", "sigmoid": "σ", "tanh": "tanh",
        "softmax": "softmax"}


def _f(x: float) -> str:
    """A coordinate, written the same way on every machine."""
    return f"{x:.1f}"


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


def _width(body: str, size: float) -> float:
    """About how wide a line of text is (sub- and superscripts count as narrower letters)."""
    small = sum(1 for ch in body if ch in "₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")
    return (len(body) - 0.45 * small) * 0.56 * size


def _best_fraction(sources: list[float], targets: list[float], pairs: list[tuple[int, int]],
                   clear: float) -> float:
    """How far along the edges of one gap to put their labels: the fraction (from ``clear``,
    where a label clears the circles, to 0.5) at which the closest two labels are furthest apart
    (they all stand in one column of text)."""
    first = min(50, max(10, int(clear * 100 + 0.999)))
    best, best_gap = first / 100, -1.0
    for k in range(first, 51):
        t = k / 100
        ys = sorted((1 - t) * sources[i] + t * targets[j] for i, j in pairs)
        gap = min((b - a for a, b in zip(ys, ys[1:])), default=ROW)
        if gap > best_gap + 1e-9:
            best, best_gap = t, gap
    return best


def _text(x: float, y: float, body: str, size: float, *, anchor: str = "middle",
          halo: bool = False, extra: str = "", italic: bool = False) -> str:
    """A line of text centred on (x, y); with a halo, on a white card so that the edge it sits
    on does not run through the letters."""
    style = ' font-style="italic"' if italic else ""
    ink = (f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" text-anchor="{anchor}" '
           f'dominant-baseline="central"{style}{extra}>{escape(body)}</text>')
    if not halo:
        return ink
    w, h = _width(body, size) + 6, size + 4
    return (f'<rect x="{_f(x - w / 2)}" y="{_f(y - h / 2)}" width="{_f(w)}" height="{_f(h)}" '
            f'rx="3" fill="#ffffff" fill-opacity="0.92"/>' + ink)


def _label(p, sym, l: int, i: int, j: int) -> tuple[str, object, str]:
    """(id, value, 'w₂₁⁽¹⁾ = 0.3') of the edge from unit i of the layer below (i = units: the
    bias unit) to unit j of layer l; the symbol's indices follow the layout (w_ji or w_ij)."""
    if i == p.sizes[l - 1]:
        ident, value, symbol = f"b{l}[{j}]", p.layers[l - 1].b[j], sym.symbol(f"b{l}", (j,))[0]
    else:
        r, c = weight_index(p.layout, j, i)
        ident, value = f"W{l}[{r}][{c}]", p.layers[l - 1].W[r][c]
        symbol = sym.symbol(f"W{l}", (r, c))[0]
    return ident, value, f"{symbol} = {show(value, p.decimals)}"


def network(exercise) -> str:
    """The network of a problem as an SVG document (text)."""
    p = exercise.problem
    sym = exercise.symbols
    d = p.decimals
    sizes = p.sizes
    L = len(p.layers)
    ys = _columns(sizes)
    xs = [LEFT + R + i * GAP for i in range(L + 1)]
    width = xs[-1] + R + RIGHT
    height = max(max(col) for col in ys) + R + BOTTOM
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" font-family="{escape(FONT)}" fill="{INK}">',
        f"<title>{escape(exercise.title or 'network')}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        f'fill="{EDGE}"/></marker></defs>',
        f'<rect x="0" y="0" width="{_f(width)}" height="{_f(height)}" fill="#ffffff"/>',
    ]
    edges, labels = [], []
    for l in range(1, L + 1):
        below, here = ys[l - 1], ys[l][: sizes[l]]
        units_below = sizes[l - 1]
        pairs = [(i, j) for j in range(sizes[l]) for i in range(units_below + 1)]
        widest = max(_width(_label(p, sym, l, i, j)[2], LABEL) for i, j in pairs)
        t = _best_fraction(below, here, pairs, (R + 8 + widest / 2) / GAP)
        x0, x1 = xs[l - 1], xs[l]
        for i, j in pairs:
            ya, yb = below[i], here[j]
            dx, dy = x1 - x0, yb - ya
            length = (dx * dx + dy * dy) ** 0.5
            ux, uy = dx / length, dy / length
            bias = i == units_below
            colour = BIAS if bias else EDGE
            dash = ' stroke-dasharray="5 4"' if bias else ""
            edges.append(f'<line x1="{_f(x0 + ux * R)}" y1="{_f(ya + uy * R)}" '
                         f'x2="{_f(x1 - ux * (R + 2))}" y2="{_f(yb - uy * (R + 2))}" '
                         f'stroke="{colour}" stroke-width="1.3"{dash} marker-end="url(#arrow)"/>')
            ident, _, body = _label(p, sym, l, i, j)
            lx, ly = x0 + t * dx, ya + t * dy
            labels.append(_text(lx, ly, body, LABEL, halo=True,
                                extra=f' class="weight" data-id={quoteattr(ident)}'))
    out += edges + labels
    for l, (x, col) in enumerate(zip(xs, ys)):
        for k, y in enumerate(col):
            if k == sizes[l]:  # the bias unit
                out.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{R - 4}" fill="#ffffff" '
                           f'stroke="{BIAS}" stroke-width="1.3" stroke-dasharray="5 4"/>')
                out.append(_text(x, y, "+1", 15))
                continue
            out.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{R}" fill="#ffffff" '
                       f'stroke="{INK}" stroke-width="1.6"/>')
            name = sym.symbol("a0" if l == 0 else f"a{l}", (0, k))[0]
            if p.batch > 1:
                name = name.split("[")[0]
            out.append(_text(x, y, name, 15, italic=True))
        if l == 0:
            for k in range(sizes[0]):
                values = ", ".join(show(row[k], d) for row in p.inputs)
                out.append(_text(x - R - 10, col[k], values, 14, anchor="end"))
        if l == L:
            for k in range(sizes[L]):
                target = sym.symbol("t", (0, k))[0].split("[")[0]
                values = ", ".join(show(row[k], d) for row in p.targets)
                out.append(_text(x + R + 10, col[k], f"{target} = {values}", 14, anchor="start"))
        caption_y = height - BOTTOM + 34
        if l == 0:
            caption = sym.name("a0")[0]
        else:
            layer = p.layers[l - 1]
            caption = f"{sym.name(f'a{l}')[0]} = {_ACT[layer.activation]}({sym.name(f'z{l}')[0]})"
        out.append(_text(x, caption_y, caption, 14))
    out.append("</svg>")
    return "\n".join(out) + "\n"
