"""The problem as a person reads it: a printable worksheet (Markdown with LaTeX math, for GitHub,
Jupyter, Qiita and Zenn) and the same on a terminal (``statement``, a rich renderable).

A worksheet has: the task, the network diagram (``network.svg`` beside it), the given numbers,
the formulas in the problem's own notation, the value table (exactly the exp/σ/tanh/log values
the formulas need; none for an exact problem), and the list of quantities to compute — each with
its symbol, its key in ``answers.yaml`` and its shape — then how to check the answers.
"""

from __future__ import annotations

from typing import NamedTuple

from ..exercise import PHASES
from ..i18n import title as title_of
from ..i18n import tr
from ..numbers import show
from .para import Para


def _pmatrix(rows: list[list], decimals: int) -> str:
    body = r" \\ ".join(" & ".join(show(v, decimals) for v in row) for row in rows)
    return r"\begin{pmatrix} " + body + r" \end{pmatrix}"


class Given(NamedTuple):
    """One given array: its name (plain, LaTeX), its rows, and whether it is a matrix."""

    text: str
    tex: str
    rows: list[list]
    matrix: bool


def given(exercise) -> list[Given]:
    """Every given array of a network problem, in order: x, the target, then W and b of each
    layer (W in the problem's layout; x and the target have a row per sample)."""
    p, sym = exercise.problem, exercise.symbols
    batch = p.batch > 1
    out = [Given("x", "x", p.inputs, batch), Given(*sym.name("t"), p.targets, batch)]
    for l, layer in enumerate(p.layers, start=1):
        out += [Given(*sym.name(f"W{l}"), layer.W, True),
                Given(*sym.name(f"b{l}"), [layer.b], False)]
    return out


def formulas(exercise) -> list[str]:
    """The formulas of the first element of each layer's z and a, and of the loss, with symbols
    (LaTeX): the notation and the layout, shown rather than described."""
    from ..formula import Style, render

    sym, out = exercise.symbols, []
    wanted = [s for s in exercise.graph.steps
              if s.phase in ("forward", "loss") and s.what in ("z", "a", "loss")]
    for step in wanted:
        idx = exercise.elements_of(step)[0][0]
        expr = step.formula(idx)
        shown = render(expr, Style(sym, None, exercise.decimals, True))
        name = sym.symbol(step.id, idx)[1]
        if shown != name:
            out.append(f"{name} = {shown}")
    return out


def asked(exercise, lang: str) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """The quantities to compute by phase: (phase title, [(LaTeX name, key, shape, meaning)])."""
    from ..template import meaning, shape_words

    out = []
    steps = exercise.graph.asked()
    for phase in PHASES:
        rows = [(exercise.symbols.name(s.id)[1], exercise.key_of(s.id),
                 shape_words(exercise, s, lang), meaning(exercise, s, lang))
                for s in steps if s.phase == phase]
        if rows:
            out.append((tr(f"phase.{phase}", lang), rows))
    return out


def worksheet(exercise, lang: str, diagram: str | None = "network.svg",
              answers: str = "answers.yaml") -> str:
    """The worksheet as a Markdown document; ``diagram`` is the picture's path beside it."""
    if exercise.kind == "formula":  # questions to derive, not numbers to compute
        from .derivation import worksheet as formula_worksheet

        return formula_worksheet(exercise, lang, answers)
    d = exercise.decimals
    out: list[str] = []
    if title_of(exercise, lang):
        out += [f"# {title_of(exercise, lang)}", ""]
    out += [tr("new.intro" if exercise.kind == "network" else "new.intro_graph", lang), ""]
    if diagram:
        out += [f"![{tr('new.network', lang)}]({diagram})", ""]
    for label, value in exercise.summary(lang):
        out.append(f"- **{label}**: {value}")
    if exercise.kind == "network":
        from ..notation import loss_formula

        tex = loss_formula(exercise.problem, exercise.symbols)[1]
        out.append(f"- **{tr('new.loss_formula', lang)}**: ${tex}$")
    out += [f"- {note}" for note in exercise.notes(lang)]
    if exercise.kind == "network":
        p = exercise.problem
        out += ["", f"## {tr('new.given', lang)}", ""]
        if p.batch > 1:
            out += [tr("new.samples", lang, n=p.batch), ""]
        for g in given(exercise):
            out.append(f"$$ {g.tex} = {_pmatrix(g.rows, d)} $$")
            out.append("")
        out.append(rf"$$ \eta = {show(p.learning_rate, d)} $$")
        out += ["", f"## {tr('new.formulas', lang)}", ""]
        for f in formulas(exercise):
            out += [f"$$ {f} $$", ""]
        from ..valuetable import table

        entries = table(exercise)
        if entries:
            out += [f"## {tr('new.table', lang)}", "", tr("new.table_note", lang, d=d), "",
                    f"| {tr('new.col.function', lang)} | {tr('new.col.value', lang)} |",
                    "|---|---:|"]
            for e in entries:
                left, right = e.latex(d).split(" = ")
                out.append(f"| ${left}$ | {right} |")
            out.append("")
    out += [f"## {tr('new.compute', lang)}", "", tr("new.rule", lang, d=d), ""]
    for phase, rows in asked(exercise, lang):
        out += [f"### {phase}", "",
                f"| {tr('new.col.quantity', lang)} | {tr('new.col.key', lang)} | "
                f"{tr('new.col.shape', lang)} |", "|---|---|---|"]
        for tex, key, shape, words in rows:
            words = words.replace("|", "/").rsplit(" (", 1)[0]
            out.append(f"| ${tex}$ — {words} | `{key}` | {shape} |")
        out.append("")
    out += [f"## {tr('new.check_title', lang)}", "", tr("new.check", lang, answers=answers), "",
            "```sh", f"handcalc check {answers}", "```", ""]
    return "\n".join(out).rstrip() + "\n"


# --- on a terminal ----------------------------------------------------------------------------


def _plain_rows(g: Given, decimals: int) -> str:
    inner = ["[" + ", ".join(show(v, decimals) for v in row) + "]" for row in g.rows]
    return "[" + ", ".join(inner) + "]" if g.matrix else inner[0]


def statement(exercise, lang: str):
    """The problem on a terminal: title, network, given numbers, value table, what to compute
    (a rich renderable; printing is the caller's business)."""
    if exercise.kind == "formula":  # questions to derive, not numbers to compute
        from .derivation import statement as formula_statement

        return formula_statement(exercise, lang)
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .terminal import header

    d = exercise.decimals
    parts: list = []
    if title_of(exercise, lang):
        parts.append(Text(title_of(exercise, lang), style="hc.title"))
    parts.append(header(exercise, lang))
    if exercise.kind == "network":
        from ..notation import loss_formula

        text = loss_formula(exercise.problem, exercise.symbols)[0]
        colon = "：" if lang == "ja" else ": "
        parts.append(Text(f"{tr('new.loss_formula', lang)}{colon}{text}"))
    for note in exercise.notes(lang):
        parts.append(Para(note, style="hc.note"))
    if exercise.kind == "network":
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="hc.symbol", no_wrap=True)
        grid.add_column()
        for g in given(exercise):
            grid.add_row(g.text, _plain_rows(g, d))
        grid.add_row("η", show(exercise.problem.learning_rate, d))
        parts += [Text(""), Text(tr("new.given", lang), style="hc.title"), grid]
        from ..valuetable import table

        entries = table(exercise)
        if entries:
            parts += [Text(""), Text(tr("new.table", lang) + "  ("
                                     + tr("new.table_note", lang, d=d) + ")", style="hc.title")]
            parts += [Text("  " + e.text(d)) for e in entries]
    parts += [Text(""), Text(tr("new.compute", lang), style="hc.title")]
    for phase, rows in asked(exercise, lang):
        parts.append(Text(f"  {phase}: " + "  ".join(key for _, key, _, _ in rows)))
    return Group(*parts)
