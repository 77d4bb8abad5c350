"""The problem as a person reads it: a printable worksheet (Markdown with LaTeX math, for GitHub,
Jupyter, Qiita and Zenn) and the same on a terminal (``statement``, a rich renderable).

A worksheet has: the task, the network diagram (``network.svg`` beside it), the given numbers,
the formulas in the problem's own notation, the value table (exactly the exp/σ/tanh/log values
the formulas need; none for an exact problem), and the list of quantities to compute — each with
its symbol, its key in ``answers.yaml`` and its shape — then how to check the answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import kinds
from ..exercise import PHASES
from ..i18n import title as title_of
from ..i18n import tr
from . import views
from .para import Para

if TYPE_CHECKING:
    from pathlib import Path


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
    own = views.of(exercise)
    if own is not None:  # a kind with its own worksheet (formulas: questions to derive)
        return own.worksheet(exercise, lang, answers)
    kind = kinds.of(exercise)
    d = exercise.decimals
    out: list[str] = []
    if title_of(exercise, lang):
        out += [f"# {title_of(exercise, lang)}", ""]
    out += [tr(kind.intro, lang), ""]
    if diagram:
        out += [f"![{tr('new.network', lang)}]({diagram})", ""]
    for label, value in exercise.summary(lang):
        out.append(f"- **{label}**: {value}")
    loss = kind.loss_formula(exercise)
    if loss is not None:
        out.append(f"- **{tr('new.loss_formula', lang)}**: ${loss[1]}$")
    out += [f"- {note}" for note in exercise.notes(lang)]
    given = kind.given(exercise, lang)
    if given is not None:
        out += ["", f"## {tr('new.given', lang)}", ""]
        if given.note:
            out += [given.note, ""]
        for row in given.rows:
            out += [f"$$ {row.tex} = {row.value_tex} $$", ""]
        if given.formulas:
            out += [f"## {tr('new.formulas', lang)}", ""]
            for f in given.formulas:
                out += [f"$$ {f} $$", ""]
    entries = kind.value_table(exercise)
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


def statement(exercise, lang: str):
    """The problem on a terminal: title, network, given numbers, value table, what to compute
    (a rich renderable; printing is the caller's business)."""
    own = views.of(exercise)
    if own is not None:  # a kind with its own statement (formulas: questions to derive)
        return own.statement(exercise, lang)
    kind = kinds.of(exercise)
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .terminal import header

    d = exercise.decimals
    parts: list = []
    if title_of(exercise, lang):
        parts.append(Text(title_of(exercise, lang), style="hc.title"))
    parts.append(header(exercise, lang))
    loss = kind.loss_formula(exercise)
    if loss is not None:
        colon = "：" if lang == "ja" else ": "
        parts.append(Text(f"{tr('new.loss_formula', lang)}{colon}{loss[0]}"))
    for note in exercise.notes(lang):
        parts.append(Para(note, style="hc.note"))
    given = kind.given(exercise, lang)
    if given is not None:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="hc.symbol", no_wrap=True)
        grid.add_column()
        for row in given.rows:
            grid.add_row(row.text, row.value)
        parts += [Text(""), Text(tr("new.given", lang), style="hc.title"), grid]
    entries = kind.value_table(exercise)
    if entries:
        parts += [Text(""), Text(tr("new.table", lang) + "  ("
                                 + tr("new.table_note", lang, d=d) + ")", style="hc.title")]
        parts += [Text("  " + e.text(d)) for e in entries]
    parts += [Text(""), Text(tr("new.compute", lang), style="hc.title")]
    for phase, rows in asked(exercise, lang):
        parts.append(Text(f"  {phase}: " + "  ".join(key for _, key, _, _ in rows)))
    return Group(*parts)


def new_summary(console: Any, out: Path, variants: list, files: dict, language: str) -> None:
    """`new`'s summary, printed on ``console``: the problem as a person reads it (one
    problem) and the next commands to run.  It prints line by line, as each line wraps its own
    way (a command is never wrapped: it is copied as it is)."""
    first = variants[0]
    shown = lambda name: (out / name).as_posix()  # noqa: E731
    if len(variants) == 1:
        console.print(statement(first.exercise, language))
        console.print()
    else:
        console.print(tr("new.variants", language, n=len(variants), first=variants[0].seed,
                         last=variants[-1].seed))
        for v in variants:
            console.print(f"  {shown(v.folder)}  {title_of(v.exercise, language)}", highlight=False,
                          markup=False, soft_wrap=True)
    from rich.text import Text

    console.print(Text(tr("new.wrote", language) + ": " + ", ".join(shown(n) for n in files),
                       style="hc.note"), soft_wrap=True)
    console.print(Text(tr("new.next", language), style="hc.title"))
    for key, command in (("new.next.fill", shown(first.path("answers.yaml"))),
                         ("new.next.check", f"handcalc check {shown(first.path('answers.yaml'))}"),
                         ("new.next.solve", f"handcalc solve {shown(first.path('problem.yaml'))}")):
        console.print(f"  {tr(key, language)}  {command}", highlight=False, markup=False,
                      soft_wrap=True)  # a command is never wrapped: it is copied as it is
