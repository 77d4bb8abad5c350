"""Paper: worksheets and answer keys as Typst markup, compiled to PDF by the ``typst`` package.

A worksheet page has the student's name and ID on top, the problem drawn (network or graph,
without any answer on it), the given numbers, the formulas, the value table where one is needed,
and a labelled box for every element to compute, in working order.  The answer key is the
worked solution: every element as symbol = formula = numbers put in = value.

The mathematics comes from the same walks as the Markdown (``render.worksheet``,
``render.lines``), written in LaTeX; ``math`` turns that small LaTeX into Typst's math syntax.
Text is always passed as a Typst string literal (``#"…"``), so no name or title can inject
markup.  ``pdf`` compiles with the bundled Japanese font (Noto Sans JP, SIL OFL 1.1, from the
``pylopdf-fonts-jp`` package) and typst's own math font, ignoring the system's fonts, so the
same input gives the same PDF on any machine.

``typst`` is imported only in ``pdf`` (the ``pdf`` extra: ``pip install 'handcalc[pdf]'``).
"""

from __future__ import annotations

import re
from typing import NamedTuple, cast

from .. import kinds
from ..exercise import PHASES
from ..i18n import title as title_of
from ..i18n import tr
from . import views

# --- LaTeX (the subset handcalc writes) → Typst math -----------------------------------------

_SYMBOLS = {
    "partial": "partial", "times": "times", "cdot": "dot.op", "odot": "dot.o",
    "delta": "delta", "Delta": "Delta", "eta": "eta", "sigma": "sigma", "alpha": "alpha",
    "beta": "beta", "gamma": "gamma", "lambda": "lambda", "mu": "mu", "theta": "theta",
    "epsilon": "epsilon", "pi": "pi", "tau": "tau", "phi": "phi", "psi": "psi",
    "omega": "omega", "Sigma": "Sigma", "sum": "sum", "prod": "product",
    "exp": "exp", "log": "log", "ln": "ln", "max": "max", "min": "min", "tanh": "tanh",
    "sinh": "sinh", "cosh": "cosh", "sin": "sin", "cos": "cos",
    "le": "<=", "ge": ">=", "leq": "<=", "geq": ">=", "ne": "!=", "approx": "approx",
    "to": "->", "infty": "infinity", "pm": "plus.minus", "mid": "|", "top": "top",
}
_SPACES = {",": "thin", ";": "med", ":": "med", "!": "", " ": "space", "quad": "quad",
           "qquad": "wide"}
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|[0-9]+(?:\.[0-9]+)?|\s+|.", re.S)


def string(text: str) -> str:
    """A Typst string literal (the same escapes in markup, code and math)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


class _Tex:
    """A recursive-descent reader of handcalc's LaTeX: groups, scripts, \\frac, \\left/\\right,
    \\operatorname, \\mathit, pmatrix; what it does not know it prints as upright text."""

    def __init__(self, tex: str):
        self.tokens = [t for t in _TOKEN.findall(tex)]
        self.i = 0

    def peek(self) -> str | None:
        while self.i < len(self.tokens) and self.tokens[self.i].isspace():
            self.i += 1
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise ValueError("unexpected end of formula")
        self.i += 1
        return tok

    def raw_group(self) -> str:
        """The text of a {…} group as written (for \\operatorname, \\mathit, \\begin)."""
        if self.take() != "{":
            raise ValueError("expected {")
        depth = 1
        out: list[str] = []
        while True:
            tok = self.tokens[self.i]
            self.i += 1
            depth += tok == "{"
            depth -= tok == "}"
            if depth == 0:
                return "".join(out)
            out.append(tok)

    def argument(self) -> str:
        """One argument (a {group} or a single token) as Typst math."""
        if self.peek() == "{":
            self.take()
            return self.sequence("}")
        return self.atom()

    def sequence(self, end: str | None = None, stops: tuple[str, ...] = ()) -> str:
        parts: list[str] = []
        while True:
            tok = self.peek()
            if tok is None or tok == end or tok in stops:
                if tok == end and end is not None:
                    self.take()
                return _join(parts)
            if tok == "{":  # a group, and the scripts set after the whole of it
                self.take()
                parts.append(self.scripted(self.sequence("}")))
            elif tok in ("^", "_"):
                self.take()
                parts.append(tok + "(" + self.argument() + ")")
            elif tok == "'":
                self.take()
                parts.append("'")
            else:
                parts.append(self.atom())

    def scripted(self, base: str) -> str:
        """A group's scripts (``{X^{K-1}}^{\\top}``) on the group as a whole: Typst's attach,
        as LaTeX sets them, rather than a script of the group's last script."""
        places = {"^": "t", "_": "b"}
        scripts: list[str] = []
        while self.peek() in places:
            script = places[self.take()]
            scripts.append(f"{script}: {self.argument()}")
        return f"attach({base}, {', '.join(scripts)})" if scripts else base

    def atom(self) -> str:
        tok = self.take()
        if tok == "{":
            return self.sequence("}")
        if tok.startswith("\\") and len(tok) > 1:
            return self.command(tok[1:])
        if tok[0].isdigit():
            return tok
        if tok == "/":
            return "\\/"
        if tok in "#$\";@`*~&":
            return "\\" + tok
        return tok

    def command(self, name: str) -> str:
        if name == "frac":
            top = self.argument()
            return f"frac({top}, {self.argument()})"
        if name in ("left", "right"):
            delim = self.take()
            return {".": "", "\\{": "\\{", "\\}": "\\}", "\\|": "||"}.get(delim, delim)
        if name in ("operatorname", "mathrm", "text"):
            return f"upright({string(self.raw_group())})" if name != "operatorname" \
                else f"op({string(self.raw_group())})"
        if name == "mathit":
            return f"italic({string(self.raw_group().replace(chr(92) + '_', '_'))})"
        if name == "begin":
            env = self.raw_group()
            return self.matrix(env)
        if name in _SPACES:
            return _SPACES[name]
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        if len(name) == 1:  # \_ \{ \} \% …
            return "\\" + name if name in "_{}#$%&" else name
        return f"upright({string(name)})"

    def matrix(self, env: str) -> str:
        delim = {"pmatrix": '"("', "bmatrix": '"["', "vmatrix": '"|"'}.get(env, "#none")
        rows: list[list[str]] = [[]]
        while True:
            cell = self.sequence(stops=("&", "\\\\", "\\end"))
            rows[-1].append(cell)
            tok = self.take()
            if tok == "&":
                continue
            if tok == "\\\\":
                rows.append([])
                continue
            self.raw_group()  # \end{env}
            break
        body = "; ".join(", ".join(c or "" for c in row) for row in rows)
        return f"mat(delim: {delim}, {body})"


def _join(parts: list[str]) -> str:
    """Pieces of math side by side, a space between each (so x y stays two letters, not a name
    Typst would look up), none before a script or a prime, which must touch what they mark."""
    out = ""
    for p in parts:
        if p:
            out += p if not out or p[0] in "^_'" else " " + p
    return out


def math(tex: str) -> str:
    """handcalc's LaTeX as Typst math (without the dollars)."""
    return _Tex(tex).sequence()


def _inline(tex: str) -> str:
    return "$" + math(tex) + "$"


# --- the pieces of a page ---------------------------------------------------------------------


class Student(NamedTuple):
    """Whose page it is (both may be blank: a page to fill in by hand)."""

    id: str = ""
    name: str = ""


PREAMBLE = """#set document(date: none)
#set page(paper: "a4", margin: (x: 1.6cm, y: 1.4cm), numbering: "1")
#set text(font: ("Noto Sans JP",), size: 9.5pt, lang: "{lang}")
#set par(justify: false, leading: 0.6em)
#show heading.where(level: 1): set text(size: 14pt)
#show heading.where(level: 2): set text(size: 11pt)
#show heading.where(level: 3): set text(size: 10pt)
#show math.equation: set text(font: ("New Computer Modern Math",))
#let answerbox(label, w) = box(width: w, height: 1.2cm, stroke: 0.6pt + black, inset: 3pt,
  align(top + left, text(size: 8.5pt, fill: luma(80), label)))
"""


def words(s: str) -> str:
    """Text set as it is written (a string literal in markup: nothing in it is markup)."""
    return "#" + string(s)


def head(title: str, student: Student, lang: str, key: bool = False) -> list[str]:
    """The title and, on top of every student's page, their name and ID (filled in or blank)."""
    def field(label: str, value: str, width: str) -> str:
        return (f"[{words(label)}: #box(width: {width}, stroke: (bottom: 0.6pt), inset: "
                f"(x: 3pt, bottom: 2pt), align(left, [{words(value) if value else ''}]))]")

    name, sid = tr("paper.name", lang), tr("paper.id", lang)
    heading = title + (f" — {tr('paper.key', lang)}" if key else "")
    if key and not (student.id or student.name):
        return [f"#text(size: 14pt, weight: \"bold\", {string(heading)})", "",
                "#line(length: 100%, stroke: 0.4pt)", ""]
    return [f"#text(size: 14pt, weight: \"bold\", {string(heading)})", "",
            "#align(right, grid(columns: 2, column-gutter: 1.5em, "
            f"{field(sid, student.id, '3.5cm')}, {field(name, student.name, '6cm')}))",
            "#v(0.1em)", "#line(length: 100%, stroke: 0.4pt)", ""]


def _svg(svg: str, width: str = "70%") -> str:
    return f"#align(center, image(bytes({string(svg)}), format: \"svg\", width: {width}))"


def _grid_shape(exercise, step) -> tuple[int, int]:
    """Rows and columns of an element grid as the learner sees the quantity."""
    from ..answers import shape_of

    shape = shape_of(exercise.outward(step, exercise.values()[step.id]))
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return 1, shape[0]
    return shape[0], shape[1]


def _boxes(exercise, step) -> str:
    """A labelled box per element, laid out in the quantity's own shape."""
    rows, cols = _grid_shape(exercise, step)
    width = "2.75cm" if cols <= 5 else "2.35cm"
    cells = []
    for idx, _ in exercise.elements_of(step):
        label = exercise.symbols.symbol(step.id, idx)[1]
        cells.append(f"answerbox({_inline(label)}, {width})")
    return (f"#grid(columns: {cols}, column-gutter: 5pt, row-gutter: 5pt, "
            + ", ".join(cells) + ")")


NOBODY = Student()  # a page with blank name and ID fields


def worksheet(exercise, lang: str, student: Student = NOBODY) -> str:
    """One student's worksheet as Typst markup (a page or two; no preamble); a kind with its
    own views (formulas: questions to derive) draws its own."""
    own = views.of(exercise)
    if own is not None:
        return cast(str, own.paper_worksheet(exercise, lang, student))
    from .worksheet import asked

    d = exercise.decimals
    out = head(title_of(exercise, lang) or tr("paper.worksheet", lang), student, lang)
    kind = kinds.of(exercise)
    out += [words(tr(kind.intro, lang)), ""]
    picture = exercise.blank(lang) if exercise.blank is not None else None
    if picture:
        out += [_svg(picture, kind.picture_width), ""]
    for label, value in exercise.summary(lang):
        out.append(f"- *{words(label)}*: {words(value)}")
    out += [f"- {words(note)}" for note in exercise.notes(lang)]
    out.append("")
    given = kind.given(exercise, lang)
    if given is not None:
        out += [f"== {words(tr('new.given', lang))}", ""]
        if given.note:
            out += [words(given.note), ""]
        cells = [f"${math(row.tex)} = {math(row.value_tex)}$" for row in given.rows]
        out += ["#grid(columns: 3, column-gutter: 1.5em, row-gutter: 0.8em, "
                + ", ".join(f"[{c}]" for c in cells) + ")", ""]
        if given.formulas:
            out += [f"== {words(tr('new.formulas', lang))}", ""]
            out += ["#[", "#show math.equation.where(block: true): set align(left)",
                    "#set block(spacing: 0.6em)"]
            out += [f"$ {math(f)} $" for f in given.formulas]
            out += ["]", ""]
    entries = kind.value_table(exercise)
    if entries:
        out += [f"== {words(tr('new.table', lang))}", "",
                words(tr("new.table_note", lang, d=d)), ""]
        cells = []
        for e in entries:
            left, right = e.latex(d).split(" = ")
            cells += [f"[${math(left)}$]", f"[{words(right)}]"]
        cols = 3 if len(entries) > 4 else 1
        out += [f"#table(columns: {2 * cols}, stroke: 0.4pt, inset: 4pt, align: "
                f"(left, right) * {cols}, " + ", ".join(cells) + ")", ""]
    out += [f"== {words(tr('new.compute', lang))}", "", words(tr("new.rule", lang, d=d)), ""]
    by_phase = asked(exercise, lang)
    phase_steps = [[s for s in exercise.graph.asked() if s.phase == ph] for ph in PHASES]
    phase_steps = [ps for ps in phase_steps if ps]
    for (phase, rows), ps in zip(by_phase, phase_steps):
        out += [f"=== {words(phase)}", ""]
        numbers: list[str] = []  # one-number quantities, set three to a row
        for (tex, key, shape, what), step in zip(rows, ps):
            what = what.rsplit(" (", 1)[0]
            if _grid_shape(exercise, step) == (1, 1) and not exercise.per_sample(step):
                numbers.append(f"[${math(tex)}$ #h(0.3em) #raw({string(key)}) \\ "
                               f"#text(size: 8pt, {string(what)}) \\ "
                               f"#answerbox([], 100%)]")
                continue
            out += _numbers_grid(numbers)
            numbers = []
            out += ["#block(breakable: false, below: 0.9em)["
                    f"${math(tex)}$ #h(0.4em) #raw({string(key)}) #h(0.4em) "
                    f"#text(size: 8.5pt, {string(what + ' — ' + shape)}) \\",
                    _boxes(exercise, step) + "]"]
        out += _numbers_grid(numbers)
        out.append("")
    return "\n".join(out)


def _numbers_grid(cells: list[str]) -> list[str]:
    """One-number quantities side by side, three to a row, each with its label over its box."""
    if not cells:
        return []
    return ["#block(below: 0.9em, grid(columns: (1fr, 1fr, 1fr), column-gutter: 12pt, "
            "row-gutter: 10pt, " + ", ".join(cells) + "))"]


def key(exercise, lang: str, student: Student = NOBODY) -> str:
    """The answer key: the worked solution of one problem as Typst markup (a kind with its
    own views draws its own)."""
    own = views.of(exercise)
    if own is not None:
        return cast(str, own.paper_key(exercise, lang, student))
    d = exercise.decimals
    values = exercise.values()
    out = head(title_of(exercise, lang) or tr("paper.worksheet", lang), student, lang, key=True)
    for label, value in exercise.summary(lang):
        out.append(f"- *{words(label)}*: {words(value)}")
    out += [f"- {words(tr('summary.decimals', lang, d=d))}"]
    out += [f"- {words(note)}" for note in exercise.notes(lang)]
    out.append("")
    if kinds.of(exercise).diagram_in_key and exercise.diagram is not None:
        out += [_svg(exercise.diagram(lang), "80%"), ""]
    for phase in PHASES:
        steps = [s for s in exercise.graph.steps if s.phase == phase]
        if not steps:
            continue
        out += [f"== {words(tr(f'phase.{phase}', lang))}", "", "#[",
                "#show math.equation.where(block: true): set align(left)",
                "#set block(spacing: 0.7em)"]
        for step in steps:
            for idx, _ in exercise.elements_of(step):
                out += [_key_line(exercise, step, idx, values, d), ""]
        out += ["]", ""]
    return "\n".join(out)


WIDE = 90  # characters of a line as text beyond which it is set on several aligned lines


def _key_line(exercise, step, idx, values, d: int) -> str:
    """One element of the worked solution: symbol = formula = numbers = value, as a display
    equation; a long one on aligned lines (symbol = formula, then = numbers, then = value)."""
    from .lines import line

    tex = line(exercise, step, idx, values, d, latex=True)
    text = line(exercise, step, idx, values, d, latex=False)
    value = f"#box(fill: luma(230), outset: (y: 2pt), inset: (x: 2pt), ${math(tex.value)}$)"
    parts = [math(p) for p in (tex.symbol, tex.formula, tex.numbers) if p]
    if len("".join(text)) <= WIDE:
        return "$ " + " = ".join(parts) + f" = {value} $"
    rows = [f"{parts[0]} & = {parts[1]}"] if len(parts) > 1 else [f"{parts[0]} &"]
    rows += [f"& = {p}" for p in parts[2:]] + [f"& = {value}"]
    return "$ " + " \\\n  ".join(rows) + " $"


def document(pages: list[str], lang: str) -> str:
    """Pages (worksheets or keys) as one Typst document, each starting on a new page."""
    return PREAMBLE.replace("{lang}", lang) + "\n#pagebreak()\n".join(pages)


# --- compiling ------------------------------------------------------------------------------


class PdfError(Exception):
    """The PDF cannot be made here (the pdf extra is missing, or typst refused the markup)."""


class Compiler:
    """typst with the bundled fonts, loaded once for many documents."""

    def __init__(self) -> None:
        try:
            import typst
        except ImportError:
            raise PdfError("PDF needs the typst package: pip install 'handcalc[pdf]'") from None
        try:
            import pylopdf_fonts_jp
        except ImportError:
            raise PdfError("PDF needs a Japanese font: pip install 'handcalc[pdf]' (it brings "
                           "pylopdf-fonts-jp, Noto Sans JP)") from None
        self._typst = typst
        self._compiler = typst.Compiler(
            None, font_paths=[str(pylopdf_fonts_jp.sans_path().parent)],
            ignore_system_fonts=True)

    def pdf(self, source: str) -> bytes:
        """The PDF of a Typst document."""
        try:
            # one document in, one PDF out (typst's stub allows a page list, for images)
            return cast(bytes, self._compiler.compile(input=source.encode("utf-8"), format="pdf"))
        except self._typst.TypstError as e:  # a bug of ours, said in one line
            raise PdfError(f"typst could not typeset the page: {' '.join(str(e).split())}") \
                from None
