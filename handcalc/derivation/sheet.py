"""Answer sheets of formula exercises: one typed formula per question.

``read_answer`` keeps what the learner typed (a formula is graded whole, so it is one
element); ``blank_sheet`` writes the sheet to fill in, each key with the question as a comment.
"""

from __future__ import annotations

from typing import Any

from ..answers import Answer, Entry
from ..expr import MAX_CHARS
from ..formula import Style, render
from ..i18n import title as title_of
from ..yamlsafe import Node

WORDS = {
    "how": {"en": "Type each formula on its line, as you write it: x_j - t_j, "
                  "sum_k delta_k^{{l+1}} * w_{{jk}}^{{l+1}} * h'(a_j^l), X^{{l-1}}.T @ Delta^l "
                  "(δ σ Σ ′ ᵀ ⊙ work too).",
            "ja": "各行に式を書く（例：x_j - t_j、sum_k delta_k^{{l+1}} * w_{{jk}}^{{l+1}} * "
                  "h'(a_j^l)、X^{{l-1}}.T @ Delta^l。δ σ Σ ′ ᵀ ⊙ も使える）。"},
    "using": {"en": "using only", "ja": "使える記号"},
    "title": {"en": "Formula sheet for: {title}", "ja": "式の解答用紙：{title}"},
    "check": {"en": "Check it with: handcalc check {file}", "ja": "採点：handcalc check {file}"},
}


def word(key: str, lang: str, **kw: Any) -> str:
    """A text of the formula kind in ``lang`` (en or ja)."""
    table = WORDS[key]
    return (table.get(lang) or table["en"]).format(**kw)


def read_answer(exercise: Any, step: Any, key: str, node: Node,
                numbers: str = "arithmetic") -> Answer:
    """One typed formula, kept as text (read and graded by the marker)."""
    if node.kind != "scalar":
        entry = Entry(None, None, f"expected one formula here (text); found {node.describe()}")
    elif node.value is None:
        entry = Entry()
    else:
        text = str(node.text if node.text is not None else node.value)
        if len(text) > MAX_CHARS:
            entry = Entry(text[:40] + "…", None, f"the formula is {len(text):,} characters "
                                                 f"long; at most {MAX_CHARS} are read")
        else:
            entry = Entry(text, text, None)
    return Answer(step.id, key, {(): entry}, node.line)


def question_line(exercise: Any, q: Any, lang: str) -> str:
    """'∂L/∂b_j^K — using only x, t: …' for comments and worksheets."""
    symbol = render(q.symbol, Style(symbol=None))
    ask = q.ask.get(lang) or q.ask.get("en") or ""
    using = f"{word('using', lang)}: {', '.join(sorted(q.using))}"
    return " — ".join(p for p in (symbol, ask, using) if p)


def blank_sheet(exercise: Any, lang: str, problem_ref: str,
                problem_given: str | None = None) -> str:
    """The blank sheet: every question's key, with the question as a comment."""
    from ..template import yaml_text

    title = " ".join((title_of(exercise, lang) or problem_ref).split())
    this_file = "<このファイル>" if lang == "ja" else "<this file>"
    if problem_ref.startswith(("../", "/")) and problem_given:
        this_file += f" --problem {problem_given}"
    lines = [f"# {word('title', lang, title=title)}", f"# {word('how', lang)}",
             f"# {word('check', lang, file=this_file)}",
             "handcalc: 1", f"problem: {yaml_text(problem_ref)}", "name: ~", "answers:"]
    for q in exercise.problem.questions:
        lines.append(f"  # {question_line(exercise, q, lang)}")
        lines.append(f"  {q.key}: ~")
    return "\n".join(lines) + "\n"
