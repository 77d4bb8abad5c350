"""Formula exercises' worked solutions: each question's derivation, step by step (the chain
rule's factors, each simplified), on a terminal (rich) and in Markdown with LaTeX."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from ..formula import Style, render

WORDS = {
    "answer": {"en": "Answer", "ja": "答え"},
    "family": {"en": "Family", "ja": "題材"},
    "graded": {"en": "A typed formula is graded by equivalence on {n} random cases of the "
                     "family.",
               "ja": "入力した式は、この題材のランダムな {n} 通りの値で"
                     "正解の式と等しいかどうかで採点する。"},
}


def _w(key: str, lang: str, **kw) -> str:
    return (WORDS[key].get(lang) or WORDS[key]["en"]).format(**kw)


def _lines(exercise, lang: str, latex: bool):
    """(question symbol, ask, [(formula, why)], answer) per question."""
    from ..derivation.sheet import question_line

    style = Style(symbol=None, latex=latex)
    for q in exercise.problem.questions:
        symbol = render(q.symbol, style)
        steps = [(render(s.formula, style), s.why.get(lang) or s.why.get("en", ""))
                 for s in q.steps]
        yield q, question_line(exercise, q, lang), symbol, steps, render(q.answer, style)


def terminal(exercise, lang: str) -> Group:
    """The derivations as rich text: the question, then ``symbol = step`` lines, the answer."""
    parts: list = []
    if exercise.title:
        parts.append(Text(exercise.title, style="hc.title"))
    parts.append(Text(f"{_w('family', lang)}: {exercise.problem.family.describe()}",
                      style="hc.note"))
    parts.append(Text(_w("graded", lang, n=exercise.problem.cases), style="hc.note"))
    for q, line, symbol, steps, answer in _lines(exercise, lang, latex=False):
        parts += [Text(""), Text(f"{q.key}: {line}", style="hc.title")]
        for n, (formula, why) in enumerate(steps):
            lead = f"  {symbol} = " if n == 0 else "  " + " " * len(symbol) + " = "
            row = Text(lead, style="hc.symbol")
            row.append(formula)
            if why:
                row.append(f"    ({why})", style="hc.note")
            parts.append(row)
        row = Text(f"  {_w('answer', lang)}: ", style="hc.title")
        row.append(f"{symbol} = {answer}", style="hc.value")
        parts.append(row)
    return Group(*parts)


def markdown(exercise, lang: str) -> str:
    """The derivations as Markdown with LaTeX: an aligned chain of equalities per question."""
    out: list[str] = []
    if exercise.title:
        out += [f"# {exercise.title}", ""]
    out += [f"- **{_w('family', lang)}**: {exercise.problem.family.describe()}",
            f"- {_w('graded', lang, n=exercise.problem.cases)}"]
    for q, line, symbol, steps, answer in _lines(exercise, lang, latex=True):
        out += ["", f"## {q.key}", "", line, "", "$$", r"\begin{aligned}"]
        for n, (formula, why) in enumerate(steps):
            note = rf" && \text{{{why}}}" if why else ""
            out.append(f"{symbol if n == 0 else ''} &= {formula}{note} \\\\")
        out += [r"\end{aligned}", "$$", "",
                f"**{_w('answer', lang)}**: $ {symbol} = {answer} $"]
    return "\n".join(out).rstrip() + "\n"
