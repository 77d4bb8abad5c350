"""Problems as a Moodle XML quiz: one Cloze (embedded answers) question per problem.

Each question shows the task, the network diagram (the SVG carried inside the file), the given
numbers and the value table, then one numeric blank ``{1:NUMERICAL:=value:tolerance}`` per
element of every asked quantity, in working order; the tolerance is half a unit in the last of
the problem's ``decimals`` (the grader's).  The worked solution is the general feedback.  Math
is written for Moodle's MathJax filter, ``\\( … \\)``.

With ``choices``, also a multiple-choice question per asked quantity, in the style of the
E資格 exam: the right value among the values the catalogue's named mistakes give on that problem
(``mistakes.outcomes``), each wrong option's feedback naming its mistake.

Import: Question bank → Import → "Moodle XML format" → choose moodle.xml.
"""

from __future__ import annotations

import base64
from fractions import Fraction
from typing import NamedTuple
from xml.sax.saxutils import escape

from .. import kinds
from ..i18n import title as title_of
from ..i18n import tr
from ..numbers import (
    exact_decimal,
    is_exact,
    is_finite,
    round_half_away,
    show,
    to_fraction,
    tolerance,
)

CATEGORY = "$course$/handcalc"


def answer_text(value, decimals: int) -> str:
    """A correct answer as Moodle reads a number: the exact decimal when there is one, else the
    value to three places more than asked (well inside the tolerance)."""
    if is_exact(value):
        text = exact_decimal(to_fraction(value))
        if text is not None:
            return text
    return f"{float(value):.{decimals + 3}f}"


def blanks(exercise) -> list[tuple[str, str, str, str | None]]:
    """(element id, LaTeX symbol, answer, tolerance) for every element asked, in working order."""
    d = exercise.decimals
    tol = exact_decimal(tolerance(d))
    out = []
    for step in exercise.graph.asked():
        for idx, value in exercise.elements_of(step):
            out.append((exercise.element_id(step, idx), exercise.symbols.symbol(step.id, idx)[1],
                        answer_text(value, d), tol))
    return out


def _math(tex: str) -> str:
    return rf"\({escape(tex)}\)"


def _cdata(html: str) -> str:
    return "<![CDATA[" + html.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _question_html(exercise, lang: str, diagram_name: str | None) -> str:
    """The statement, then a numeric blank per element (the cloze question's text)."""
    d = exercise.decimals
    parts = [_statement(exercise, lang, diagram_name)]
    tol = exact_decimal(tolerance(d))
    parts.append(f"<p><b>{escape(tr('new.compute', lang))}</b>: "
                 f"{escape(tr('moodle.task', lang, d=d, tol=tol))}</p>")
    rows = []
    for _, tex, answer, tolerance_text in blanks(exercise):
        rows.append(f"<tr><td>{_math(tex)}</td>"
                    f"<td>{{1:NUMERICAL:={answer}:{tolerance_text}}}</td></tr>")
    parts.append("<table>" + "".join(rows) + "</table>")
    return "\n".join(parts)


def _statement(exercise, lang: str, diagram_name: str | None) -> str:
    """The task, the drawing, the summary, the given numbers and the value table."""
    d = exercise.decimals
    kind = kinds.of(exercise)
    intro = tr(kind.intro, lang)
    parts = [f"<p>{escape(intro)}</p>"]
    if diagram_name:
        parts.append(f'<p><img src="@@PLUGINFILE@@/{diagram_name}" '
                     f'alt="{escape(tr("new.network", lang))}" style="max-width:100%"></p>')
    parts.append("<ul>" + "".join(f"<li><b>{escape(k)}</b>: {escape(v)}</li>"
                                  for k, v in exercise.summary(lang)) + "</ul>")
    given = kind.given(exercise, lang)
    if given is not None:
        rows = [f"<li>{_math(row.tex + ' = ' + row.value_tex)}</li>" for row in given.rows]
        parts.append(f"<p><b>{escape(tr('new.given', lang))}</b></p><ul>{''.join(rows)}</ul>")
    entries = kind.value_table(exercise)
    if entries:
        cells = "".join(f"<tr><td>{_math(e.latex(d).split(' = ')[0])}</td>"
                        f"<td>{escape(show(e.value, d))}</td></tr>" for e in entries)
        parts.append(f"<p><b>{escape(tr('new.table', lang))}</b> "
                     f"({escape(tr('new.table_note', lang, d=d))})</p><table>{cells}</table>")
    return "\n".join(parts)


def _feedback_html(exercise, lang: str) -> str:
    from .lines import line

    d = exercise.decimals
    values = exercise.values()
    rows = []
    for step in exercise.graph.steps:
        for idx, _ in exercise.elements_of(step):
            ln = line(exercise, step, idx, values, d, latex=True)
            chain = " = ".join(part for part in (ln.symbol, ln.formula, ln.numbers, ln.value)
                               if part)
            rows.append(f"<p>{_math(chain)}</p>")
    return "\n".join(rows) + f"\n<p>{escape(tr('moodle.feedback', lang))}</p>"


def _drawing(exercise, lang: str = "en") -> tuple[str | None, str]:
    """(the drawing's file name or None, the <file> element carrying it)."""
    svg = exercise.blank(lang) if exercise.blank is not None else None  # no answer drawn on it
    if svg is None:
        return None, ""
    name = kinds.of(exercise).picture
    if name is None:
        return None, ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return name, f'\n      <file name="{name}" path="/" encoding="base64">{data}</file>'


def question(exercise, lang: str, name: str) -> str:
    """One <question type="cloze"> for the exercise."""
    diagram_name, files = _drawing(exercise, lang)
    html = _question_html(exercise, lang, diagram_name)
    return (
        '  <question type="cloze">\n'
        f"    <name><text>{escape(name)}</text></name>\n"
        '    <questiontext format="html">\n'
        f"      <text>{_cdata(html)}</text>{files}\n"
        "    </questiontext>\n"
        '    <generalfeedback format="html">\n'
        f"      <text>{_cdata(_feedback_html(exercise, lang))}</text>\n"
        "    </generalfeedback>\n"
        "    <penalty>0.3333333</penalty>\n"
        "    <hidden>0</hidden>\n"
        "  </question>\n")


def _category(path: str) -> str:
    return ('  <question type="category">\n'
            f"    <category><text>{escape(path)}</text></category>\n"
            "  </question>\n")


def quiz(exercises: list, lang: str, category: str = CATEGORY, choices: bool = False) -> str:
    """A Moodle XML file: a category, then one cloze question per exercise (named by its
    title) — a class's variants in one category, for a random question per student.  With
    ``choices``, a multiple-choice question per asked quantity and exercise, each quantity in
    its own subcategory (``…/choices/dW2``), so a random question from it gives each student the
    same quantity of a different variant."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>", _category(category).rstrip("\n")]
    body = "".join(question(e, lang, title_of(e, lang) or f"handcalc {n}")
                   for n, e in enumerate(exercises, start=1))
    if choices:
        by_key: dict[str, list[str]] = {}
        for n, e in enumerate(exercises, start=1):
            for step in e.graph.asked():
                q = choice_question(e, step, lang, title_of(e, lang) or f"handcalc {n}")
                if q is not None:
                    by_key.setdefault(e.key_of(step.id), []).append(q)
        for key, questions in by_key.items():
            body += _category(f"{category}/choices/{key}") + "".join(questions)
    return "\n".join(out) + "\n" + body + "</quiz>\n"


# --- multiple choice: the wrong options are the named mistakes' values ----------------------


class Choice(NamedTuple):
    """One option: its value rounded to the problem's places, and what gives it — a tuple of
    explanations, each a tuple of one mistake or of two made together (none: the answer)."""

    value: Fraction
    mistakes: tuple


def option_text(value: Fraction, decimals: int) -> str:
    """An option as printed: always ``decimals`` places, like the answers of an exam."""
    return f"{float(value):.{decimals}f}"


OPTIONS = 4  # as many options as an E資格 question has, where the mistakes give that many


def choices(exercise, step, idx) -> list[Choice]:
    """The right value of one element and, for each mistake of the catalogue that gives a
    different value there (everything before the step right), that value; mistakes giving the
    same rounded value share one option.  The right answer first, then the single mistakes in
    catalogue order, then — only while there are fewer than ``OPTIONS`` — two made together."""
    from ..engine import element
    from ..mistakes import outcomes

    d = exercise.decimals
    right = round_half_away(element(exercise.values()[step.id], idx), d)
    options: dict[Fraction, list] = {}
    for made, value in outcomes(exercise, step, pairs=True):
        if len(made) > 1 and (len(options) + 1 >= OPTIONS or
                              any(made in ms for ms in options.values())):
            continue
        try:
            v = element(value, idx)
            if isinstance(v, list) or not is_finite(v):
                continue
            q = round_half_away(v, d)
        except (ArithmeticError, ValueError, TypeError, IndexError):
            continue
        if q == right or (len(made) > 1 and q in options):
            continue  # a pair only brings a value no single mistake gives
        options.setdefault(q, []).append(made)
    return [Choice(right, ())] + [Choice(q, tuple(ms)) for q, ms in options.items()]


def choice_question(exercise, step, lang: str, title: str) -> str | None:
    """A multiple-choice question on one quantity of the exercise: its element where the most
    named mistakes show, the right value and one option per distinct mistaken value, each
    option's feedback naming its mistake.  None when no mistake shows on this quantity."""
    from ..mistakes import letters

    best: tuple[tuple, tuple, list[Choice]] | None = None
    for idx, _ in exercise.elements_of(step):  # where the answer is not 0 and most mistakes show
        options = choices(exercise, step, idx)
        score = (options[0].value != 0, min(len(options), OPTIONS))
        if len(options) > 1 and (best is None or score > best[0]):
            best = (score, idx, options)
    if best is None:
        return None
    _, idx, options = best
    d = exercise.decimals
    symbol = exercise.symbols.symbol(step.id, idx)[1]
    diagram_name, files = _drawing(exercise, lang)
    html = (_statement(exercise, lang, diagram_name)
            + f"\n<p><b>{escape(tr('moodle.choice', lang, q='@@Q@@', d=d))}</b></p>"
            ).replace("@@Q@@", _math(symbol))
    names = letters(exercise)
    answers = []
    for option in options:
        if not option.mistakes:
            fraction, words = "100", escape(tr("moodle.right", lang))
        else:
            fraction = "0"
            words = "".join(
                "<p>" + " + ".join(
                    f"<b>{escape(m.text('name', lang, names))}</b> "
                    f"<code>mistake:{escape(m.code)}</code>" for m in made) + ": "
                + " ".join(escape(m.text("explain", lang, names)) for m in made) + "</p>"
                for made in option.mistakes)
        answers.append(f'    <answer fraction="{fraction}" format="html">\n'
                       f"      <text>{option_text(option.value, d)}</text>\n"
                       f'      <feedback format="html"><text>{_cdata(words)}</text></feedback>\n'
                       "    </answer>\n")
    from .lines import line

    ln = line(exercise, step, idx, exercise.values(), d, latex=True)
    worked = " = ".join(p for p in (ln.symbol, ln.formula, ln.numbers, ln.value) if p)
    name = f"{title} — {exercise.element_id(step, idx)}"
    return ('  <question type="multichoice">\n'
            f"    <name><text>{escape(name)}</text></name>\n"
            '    <questiontext format="html">\n'
            f"      <text>{_cdata(html)}</text>{files}\n"
            "    </questiontext>\n"
            '    <generalfeedback format="html">\n'
            f"      <text>{_cdata('<p>' + _math(worked) + '</p>')}</text>\n"
            "    </generalfeedback>\n"
            "    <defaultgrade>1</defaultgrade>\n"
            "    <penalty>0.3333333</penalty>\n"
            "    <hidden>0</hidden>\n"
            "    <single>true</single>\n"
            "    <shuffleanswers>true</shuffleanswers>\n"
            "    <answernumbering>abc</answernumbering>\n"
            + "".join(answers) +
            "  </question>\n")
