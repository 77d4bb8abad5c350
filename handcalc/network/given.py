"""What a network worksheet states before it asks (``Kind.given``): the input, the target, each
layer's W and b in the problem's layout, the learning rate, and the formulas of z, a and the
loss written in the problem's notation.  The shared renderers (Markdown, terminal, Moodle,
paper) draw these rows; none of them reads a network's attributes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..kinds import Given, GivenRow
from ..numbers import show

if TYPE_CHECKING:
    from ..exercise import Exercise


def pmatrix(rows: list[list[Any]], decimals: int) -> str:
    """The rows as a LaTeX matrix: ``\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}``."""
    body = r" \\ ".join(" & ".join(show(v, decimals) for v in row) for row in rows)
    return r"\begin{pmatrix} " + body + r" \end{pmatrix}"


def plain(rows: list[list[Any]], matrix: bool, decimals: int) -> str:
    """The rows as text: ``[[a, b], [c, d]]`` for a matrix, ``[a, b]`` for a vector."""
    inner = ["[" + ", ".join(show(v, decimals) for v in row) + "]" for row in rows]
    return "[" + ", ".join(inner) + "]" if matrix else inner[0]


def arrays(exercise: Exercise) -> list[tuple[str, str, list[list[Any]], bool]]:
    """Every given array in order — x, the target, then W and b of each layer (W in the
    problem's layout; x and the target a row per sample) — as (name, LaTeX name, rows,
    whether it is a matrix)."""
    p, sym = exercise.problem, exercise.symbols
    batch = p.batch > 1
    t_text, t_tex = sym.name("t")
    out = [("x", "x", p.inputs, batch), (t_text, t_tex, p.targets, batch)]
    for l, layer in enumerate(p.layers, start=1):
        (w_text, w_tex), (b_text, b_tex) = sym.name(f"W{l}"), sym.name(f"b{l}")
        out += [(w_text, w_tex, layer.W, True), (b_text, b_tex, [layer.b], False)]
    return out


def formulas(exercise: Exercise) -> list[str]:
    """The formulas of the first element of each layer's z and a, and of the loss, with symbols
    (LaTeX): the notation and the layout, shown rather than described."""
    from ..formula import Style, render

    sym, out = exercise.symbols, []
    wanted = [s for s in exercise.graph.steps
              if s.phase in ("forward", "loss") and s.what in ("z", "a", "loss")]
    for step in wanted:
        idx = exercise.elements_of(step)[0][0]
        shown = render(step.formula(idx), Style(sym, None, exercise.decimals, True))
        name = sym.symbol(step.id, idx)[1]
        if shown != name:
            out.append(f"{name} = {shown}")
    return out


def given(exercise: Exercise, lang: str) -> Given:
    """The arrays, then η; a mini-batch's note (a row per sample); the formulas."""
    from ..i18n import tr

    p, d = exercise.problem, exercise.decimals
    rows = [GivenRow(text, tex, plain(values, matrix, d), pmatrix(values, d))
            for text, tex, values, matrix in arrays(exercise)]
    eta = show(p.learning_rate, d)
    rows.append(GivenRow("η", r"\eta", eta, eta))
    note = tr("new.samples", lang, n=p.batch) if p.batch > 1 else ""
    return Given(note, rows, formulas(exercise))
