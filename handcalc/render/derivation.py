"""Formula exercises' views: each question's derivation, step by step (the chain rule's
factors, each simplified), on a terminal (rich), in Markdown with LaTeX and on paper (Typst);
the worksheet (the questions, what each may use, how a formula is typed) in Markdown and on
paper."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from .. import kinds
from ..formula import Style, render
from ..i18n import title as title_of
from ..i18n import tr
from .para import Para

WORDS = {
    "answer": {"en": "Answer", "ja": "答え"},
    "family": {"en": "Family", "ja": "題材"},
    "how": {"en": "Write indices with _ and layers with ^: x_j^K, w_{jk}^{l+1}, delta_k^{l+1} "
                  "(δ), h'(a_j^l) (h′), sum_k … (Σ), X^{l-1}.T @ Delta^l (ᵀ, ⊙ or *).",
            "ja": "添字は _、層は ^ で書く：x_j^K、w_{jk}^{l+1}、delta_k^{l+1}（δ）、"
                  "h'(a_j^l)（h′）、sum_k …（Σ）、X^{l-1}.T @ Delta^l（ᵀ、⊙ または *）。"},
    "questions": {"en": "Questions", "ja": "問題"},
    "key": {"en": "answer key", "ja": "解答のキー"},
    "check": {"en": "Check your answers", "ja": "答え合わせ"},
    "graded": {"en": "A typed formula is graded by equivalence on {n} random cases of the "
                     "family.",
               "ja": "入力した式は、この題材のランダムな {n} 通りの値で"
                     "正解の式と等しいかどうかで採点する。"},
}


def _w(key: str, lang: str, **kw) -> str:
    text = WORDS[key].get(lang) or WORDS[key]["en"]
    return text.format(**kw) if kw else text


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
    if title_of(exercise, lang):
        parts.append(Text(title_of(exercise, lang), style="hc.title"))
    parts.append(Text(f"{_w('family', lang)}: {exercise.problem.family.describe(lang)}",
                      style="hc.note"))
    parts.append(Para(_w("graded", lang, n=exercise.problem.cases), style="hc.note"))
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
    if title_of(exercise, lang):
        out += [f"# {title_of(exercise, lang)}", ""]
    out += [f"- **{_w('family', lang)}**: {exercise.problem.family.describe(lang)}",
            f"- {_w('graded', lang, n=exercise.problem.cases)}"]
    for q, line, symbol, steps, answer in _lines(exercise, lang, latex=True):
        out += ["", f"## {q.key}", "", line, ""]
        for n, (formula, why) in enumerate(steps, 1):  # a numbered chain; why beside each
            lead = f"{symbol} " if n == 1 else ""
            out.append(f"{n}. ${lead}= {formula}$" + (f" — {why}" if why else ""))
        out += ["" if steps else "", f"**{_w('answer', lang)}**: ${symbol} = {answer}$"]
    return "\n".join(out).rstrip() + "\n"


def _asked(exercise, lang: str):
    """(question, its symbol in LaTeX, what it asks, 'using only: …') per question."""
    from ..derivation.sheet import word

    for q in exercise.problem.questions:
        symbol = render(q.symbol, Style(symbol=None, latex=True))
        ask = q.ask.get(lang) or q.ask.get("en", "")
        yield q, symbol, ask, f"{word('using', lang)}: {', '.join(sorted(q.using))}"


def worksheet(exercise, lang: str, answers: str = "answers.yaml") -> str:
    """The worksheet as Markdown: the family, each question with its symbol and allowed
    symbols, how to type a formula, and the command that checks the sheet."""
    out: list[str] = []
    if title_of(exercise, lang):
        out += [f"# {title_of(exercise, lang)}", ""]
    out += [tr(kinds.of(exercise).intro, lang), "", f"- **{_w('family', lang)}**: "
            f"{exercise.problem.family.describe(lang)}", f"- {_w('how', lang)}", "",
            f"## {_w('questions', lang)}", ""]
    for n, (q, symbol, ask, using) in enumerate(_asked(exercise, lang), 1):
        out += [f"{n}. ${symbol}$ — {ask} ({using}; {_w('key', lang)} `{q.key}`)", ""]
    out += [f"## {_w('check', lang)}", "", "```sh", f"handcalc check {answers}", "```", ""]
    return "\n".join(out).rstrip() + "\n"


def statement(exercise, lang: str) -> Group:
    """The problem on a terminal: title, family, the questions and their keys."""
    from ..derivation.sheet import question_line

    parts: list = []
    if title_of(exercise, lang):
        parts.append(Text(title_of(exercise, lang), style="hc.title"))
    parts.append(Text(f"{_w('family', lang)}: {exercise.problem.family.describe(lang)}",
                      style="hc.note"))
    parts.append(Para(tr(kinds.of(exercise).intro, lang)))
    for q in exercise.problem.questions:
        parts.append(Text(f"  {q.key}: {question_line(exercise, q, lang)}"))
    return Group(*parts)


# --- on paper (Typst: render.typst draws the page around these) ---------------------------


def paper_worksheet(exercise, lang: str, student) -> str:
    """The worksheet as Typst markup: the task, the family, how a formula is typed, then each
    question (its symbol, what it asks, what it may use, its key) over a box to derive it in."""
    from .typst import head, math, string, words

    out = head(title_of(exercise, lang) or tr("paper.worksheet", lang), student, lang)
    out += [words(tr(kinds.of(exercise).intro, lang)), "",
            f"- *{words(_w('family', lang))}*: {words(exercise.problem.family.describe(lang))}",
            f"- {words(_w('how', lang))}", "", f"== {words(_w('questions', lang))}", ""]
    for n, (q, symbol, ask, using) in enumerate(_asked(exercise, lang), 1):
        out += [f"#block(breakable: false, below: 1.2em)[{n}. ${math(symbol)}$ #h(0.4em) "
                f"#raw({string(q.key)}) — {words(ask)} #text(size: 8.5pt, "
                f"{string('(' + using + ')')}) \\",
                "#box(width: 100%, height: 4cm, stroke: 0.6pt + black)]", ""]
    return "\n".join(out)


def paper_key(exercise, lang: str, student) -> str:
    """The answer key as Typst markup: each question's derivation, a numbered chain of
    equalities with the reason for each, then the answer."""
    from .typst import head, math, string, words

    out = head(title_of(exercise, lang) or tr("paper.worksheet", lang), student, lang,
               key=True)
    out += [f"- *{words(_w('family', lang))}*: {words(exercise.problem.family.describe(lang))}",
            f"- {words(_w('graded', lang, n=exercise.problem.cases))}", ""]
    for q, line, symbol, steps, answer in _lines(exercise, lang, latex=True):
        out += [f"== {words(q.key)}", "", words(line), "", "#[",
                "#show math.equation.where(block: true): set align(left)",
                "#set block(spacing: 0.6em)"]
        for n, (formula, why) in enumerate(steps, 1):  # why under each step, in grey
            lead = f"{math(symbol)} " if n == 1 else ""
            reason = f" #text(size: 8.5pt, fill: luma(80), {string(why)})" if why else ""
            out += [f"#grid(columns: (1.6em, 1fr), [{n}.], [$ {lead}= {math(formula)} $"
                    f"{reason}])"]
        out += [f"*{words(_w('answer', lang))}*: #box(fill: luma(230), outset: (y: 2pt), "
                f"inset: (x: 2pt), ${math(symbol)} = {math(answer)}$)", "]", ""]
    return "\n".join(out)
