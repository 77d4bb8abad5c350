"""A worksheet's "given" section comes from the kind (``Kind.given``): the network's rows agree
with its problem file read here with PyYAML, and the shared renderers (Markdown, terminal,
Moodle, paper) draw whatever rows a kind gives — a kind other than the network included — and
none when it gives none."""

from __future__ import annotations

import io
from fractions import Fraction

import pytest
import yaml
from rich.console import Console

from handcalc import kinds
from handcalc.files import load
from handcalc.render import moodle, typst
from handcalc.render.terminal import THEME
from handcalc.render.worksheet import statement, worksheet

from .conftest import EXERCISES

MINIBATCH = EXERCISES / "minibatch.yaml"
APPLE = EXERCISES / "graph_apple.yaml"


def numbers_in(text: str) -> list[Fraction]:
    """The numbers of a row's value text, in order ('[[0.5, -0.5], [1, 2]]')."""
    cleaned = text.replace("[", " ").replace("]", " ").replace(",", " ").replace("\u2212", "-")
    return [Fraction(n) for n in cleaned.split()]


def flat(values) -> list[Fraction]:
    if isinstance(values, list):
        return [v for item in values for v in flat(item)]
    return [Fraction(str(values))]


def on_terminal(renderable) -> str:
    console = Console(file=io.StringIO(), width=120, record=True, theme=THEME)
    console.print(renderable)
    return console.export_text()


def test_the_network_gives_its_problem_file():
    """x, the target, W and b of each layer in order, then η: every number as the file has it;
    a mini-batch says a row is a sample; the formulas start with the first pre-activation."""
    ex = load(str(MINIBATCH))
    raw = yaml.safe_load(MINIBATCH.read_text(encoding="utf-8"))
    given = kinds.of(ex).given(ex, "en")
    assert given is not None
    expected = [raw["input"], raw["target"]]
    for layer in raw["layers"]:
        expected += [layer["W"], layer["b"]]
    expected.append(raw["learning_rate"])
    names = ["x", "y", "W⁽¹⁾", "b⁽¹⁾", "W⁽²⁾", "b⁽²⁾", "η"]  # za: y is the target
    assert [r.text for r in given.rows] == names
    for row, values in zip(given.rows, expected, strict=True):
        assert numbers_in(row.value) == flat(values), row.text
    assert given.rows[0].value_tex.startswith(r"\begin{pmatrix}")
    assert "2" in given.note and "sample" in given.note
    assert given.formulas[0].startswith("z")
    single = load(str(EXERCISES / "exercise3.yaml"))
    assert kinds.of(single).given(single, "en").note == ""


@pytest.mark.parametrize("name", ["graph_apple.yaml", "formulas/formula_000_logistic.yaml"])
def test_other_kinds_give_nothing_and_no_section_is_drawn(name):
    ex = load(str(EXERCISES / name))
    assert kinds.of(ex).given(ex, "en") is None
    assert "## Given" not in worksheet(ex, "en")
    assert "Given" not in typst.worksheet(ex, "en")


def test_the_shared_renderers_draw_any_kind_s_rows(monkeypatch):
    """A graph kind that states its inputs as given rows: every renderer draws them, no
    renderer asks what kind it is."""
    ex = load(str(APPLE))
    rows = [kinds.GivenRow("apples", r"n_{\mathrm{apple}}", "2", "2"),
            kinds.GivenRow("tax", r"\tau", "1.1", "1.1")]
    stated = kinds.Given("Two inputs.", rows, [r"y = n \cdot \tau"])
    monkeypatch.setattr(type(kinds.of(ex)), "given", lambda self, exercise, lang: stated)
    md = worksheet(ex, "en")
    assert "## Given" in md and "Two inputs." in md
    assert r"$$ n_{\mathrm{apple}} = 2 $$" in md and r"$$ \tau = 1.1 $$" in md
    assert r"$$ y = n \cdot \tau $$" in md
    term = on_terminal(statement(ex, "en"))
    assert "apples" in term and "1.1" in term
    html = moodle.question(ex, "en", "q")
    assert r"\(\tau = 1.1\)" in html
    paper = typst.worksheet(ex, "en")
    assert '#"Two inputs."' in paper and "$tau = 1.1$" in paper and "dot.op" in paper
