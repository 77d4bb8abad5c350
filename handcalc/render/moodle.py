"""Problems as a Moodle XML quiz: one Cloze (embedded answers) question per problem.

Each question shows the task, the network diagram (the SVG carried inside the file), the given
numbers and the value table, then one numeric blank ``{1:NUMERICAL:=value:tolerance}`` per
element of every asked quantity, in working order; the tolerance is half a unit in the last of
the problem's ``decimals`` (the grader's).  The worked solution is the general feedback.  Math
is written for Moodle's MathJax filter, ``\\( … \\)``.

Import: Question bank → Import → "Moodle XML format" → choose moodle.xml.
"""

from __future__ import annotations

import base64
from xml.sax.saxutils import escape

from ..i18n import tr
from ..numbers import exact_decimal, is_exact, show, to_fraction, tolerance

CATEGORY = "$course$/handcalc"


def answer_text(value, decimals: int) -> str:
    """A correct answer as Moodle reads a number: the exact decimal when there is one, else the
    value to three places more than asked (well inside the tolerance)."""
    if is_exact(value):
        text = exact_decimal(to_fraction(value))
        if text is not None:
            return text
    return f"{float(value):.{decimals + 3}f}"


def blanks(exercise) -> list[tuple[str, str, str, str]]:
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
    from .worksheet import _pmatrix, given

    d = exercise.decimals
    intro = tr("new.intro" if exercise.kind == "network" else "new.intro_graph", lang)
    parts = [f"<p>{escape(intro)}</p>"]
    if diagram_name:
        parts.append(f'<p><img src="@@PLUGINFILE@@/{diagram_name}" '
                     f'alt="{escape(tr("new.network", lang))}" style="max-width:100%"></p>')
    parts.append("<ul>" + "".join(f"<li><b>{escape(k)}</b>: {escape(v)}</li>"
                                  for k, v in exercise.summary(lang)) + "</ul>")
    if exercise.kind == "network":
        p = exercise.problem
        rows = [f"<li>{_math(g.tex + ' = ' + _pmatrix(g.rows, d))}</li>" for g in given(exercise)]
        eta = r"\eta = " + show(p.learning_rate, d)
        rows.append(f"<li>{_math(eta)}</li>")
        parts.append(f"<p><b>{escape(tr('new.given', lang))}</b></p><ul>{''.join(rows)}</ul>")
        from ..valuetable import table

        entries = table(exercise)
        if entries:
            cells = "".join(f"<tr><td>{_math(e.latex(d).split(' = ')[0])}</td>"
                            f"<td>{escape(show(e.value, d))}</td></tr>" for e in entries)
            parts.append(f"<p><b>{escape(tr('new.table', lang))}</b> "
                         f"({escape(tr('new.table_note', lang, d=d))})</p><table>{cells}</table>")
    tol = exact_decimal(tolerance(d))
    parts.append(f"<p><b>{escape(tr('new.compute', lang))}</b>: "
                 f"{escape(tr('moodle.task', lang, d=d, tol=tol))}</p>")
    rows = []
    for _, tex, answer, tolerance_text in blanks(exercise):
        rows.append(f"<tr><td>{_math(tex)}</td>"
                    f"<td>{{1:NUMERICAL:={answer}:{tolerance_text}}}</td></tr>")
    parts.append("<table>" + "".join(rows) + "</table>")
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


def question(exercise, lang: str, name: str) -> str:
    """One <question type="cloze"> for the exercise."""
    svg = exercise.blank() if exercise.blank is not None else None  # no answer drawn on it
    diagram_name = "network.svg" if exercise.kind == "network" else "graph.svg"
    files = ""
    if svg is not None:
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        files = f'\n      <file name="{diagram_name}" path="/" encoding="base64">{data}</file>'
    html = _question_html(exercise, lang, diagram_name if svg is not None else None)
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


def quiz(exercises: list, lang: str, category: str = CATEGORY) -> str:
    """A Moodle XML file: a category, then one cloze question per exercise (named by its title)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>",
           '  <question type="category">',
           f"    <category><text>{escape(category)}</text></category>",
           "  </question>"]
    body = "".join(question(e, lang, e.title or f"handcalc {n}")
                   for n, e in enumerate(exercises, start=1))
    return "\n".join(out) + "\n" + body + "</quiz>\n"
