"""Every formula handcalc emits renders in the real KaTeX and the real MathJax 3.

The README promises that the Markdown (``solve --format md``, worksheets, solutions) renders on
GitHub, in Jupyter, Qiita and Zenn, and the Moodle quiz under Moodle's MathJax filter.  Here each
formula of those documents, for every bundled exercise (every notation, both languages) and for
generated problems of every level, preset and kind, is handed to the npm packages ``katex`` and
``mathjax-full`` (one node process per renderer, ``tests/js/render_math.js``); none may fail.
"""

from __future__ import annotations

import os
import shutil

import pytest

from handcalc import bundle
from handcalc.files import load

from .conftest import EXERCISES, exercises_of, invoke
from .mathtex import NODE_MODULES, Formula, from_files, from_markdown, from_moodle, render

BUNDLED = sorted(EXERCISES.glob("*.yaml"))
GRAPHS = set(exercises_of("graph"))
NETWORK_OPTIONS = [
    dict(level="easy"), dict(level="medium"), dict(level="hard"),
    dict(preset="logistic"), dict(preset="regression"), dict(preset="exercise3"),
    dict(level="easy", notation="ax"), dict(level="easy", notation="uz", batch=2, reduction="sum"),
    dict(level="medium", hidden="tanh", output="sigmoid", arch="2-2-1"),
    dict(level="medium", notation="ax", layout="column", batch=2),
]


def _ready() -> None:
    """node and the packages of tests/js/package-lock.json (``make test`` installs them into
    .node/); skipped with the fix where they are missing, except in CI, where it fails."""
    missing = shutil.which("node") is None or not all(
        (NODE_MODULES / name).is_dir() for name in ("katex", "mathjax-full"))
    if missing:
        message = ("node or .node/node_modules (katex, mathjax-full) missing; "
                   "`make test` installs them")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _bundled() -> list[Formula]:
    out: list[Formula] = []
    for path in BUNDLED:
        result = invoke("solve", str(path), "--format", "md")
        assert result.exit_code == 0, result.output
        out += from_markdown(result.stdout, f"solve --format md {path.name}")
        graph = path in GRAPHS
        for notation in [None] if graph else ["za", "ax", "uz"]:
            exercise = load(str(path), notation)
            variant = bundle.Variant(0, f"{path.stem}.{notation}", exercise, path.read_text())
            for lang in ("en", "ja"):
                files = bundle.fill([variant], lang, worksheet=True, moodle=True)
                out += from_files(files, f"{path.name} --notation {notation} --lang {lang}")
    return out


JAPANESE_GRAPH = """handcalc: 1
kind: graph
title: りんごの買い物
inputs: {りんご: 100, 個数: 2, 消費税: 1.1, x_1: 0.5}
nodes:
  りんご代: mul(りんご, 個数)
  e_2: exp(x_1)
  支払額: mul(りんご代, 消費税)
  f: add(支払額, e_2)
output: f
"""


def _japanese_names() -> list[Formula]:
    """A graph whose names are Japanese (and have underscores): written with \\text{…}."""
    from handcalc.exercise import from_node
    from handcalc.yamlsafe import parse

    exercise = from_node(parse(JAPANESE_GRAPH, "problem.yaml"), "problem.yaml")
    variant = bundle.Variant(0, "japanese", exercise, JAPANESE_GRAPH)
    return from_files(bundle.fill([variant], "ja", worksheet=True, moodle=True), "りんご")


def _generated() -> list[Formula]:
    out: list[Formula] = []
    for options in NETWORK_OPTIONS:
        for lang in ("en", "ja"):
            rest = {k: v for k, v in options.items() if k != "level"}
            variants = bundle.variants("network", 1, 3, options.get("level"), lang, rest)
            files = bundle.fill(variants, lang, worksheet=True, moodle=True)
            out += from_files(files, f"new {options} --lang {lang} --seed 1 --count 3")
    for level in ("easy", "medium"):
        variants = bundle.variants("graph", 1, 3, level, "en")
        files = bundle.fill(variants, "en", worksheet=True, moodle=True)
        out += from_files(files, f"new --kind graph --level {level} --seed 1 --count 3")
    return out


@pytest.fixture(scope="module")
def formulas() -> list[Formula]:
    _ready()
    return _bundled() + _generated() + _japanese_names()


def _report(failures: list[tuple[Formula, str]]) -> str:
    shown = [f"{f.origin}: {'$$' if f.display else '$'}{f.tex}  →  {error}"
             for f, error in failures[:15]]
    return f"{len(failures)} formulas fail:\n" + "\n".join(shown)


class TestEveryFormulaRenders:
    def test_there_is_math_of_every_document(self, formulas):
        """The collection is not empty by accident: solve, worksheet, solution and Moodle each
        bring formulas, with primes (the updated parameters) among them."""
        origins = " ".join(f.origin for f in formulas)
        for document in ("solve --format md", "worksheet.md", "solution.md", "moodle.xml",
                         "りんご/japanese/solution.md"):
            assert document in origins
        assert len(formulas) > 5000
        assert sum("'" in f.tex for f in formulas) > 500

    @pytest.mark.parametrize("renderer", ["katex", "mathjax"])
    def test_renders(self, formulas, renderer):
        """KaTeX (throwOnError, strict) and MathJax 3 (base + ams) accept every formula."""
        failures = render(renderer, formulas)
        assert not failures, _report(failures)


class TestTheRenderersCatchErrors:
    """The check can fail: the forms the issue found broken are refused by both renderers."""

    @pytest.mark.parametrize("renderer", ["katex", "mathjax"])
    @pytest.mark.parametrize("tex", [r"w^{[1]}_{11}'", r"W^{[1]}'", r"\frac{a}{b", r"\nosuch x"])
    def test_refused(self, renderer, tex):
        _ready()
        assert render(renderer, [Formula(tex, True, "test")]), tex


class TestExtraction:
    def test_markdown(self):
        """Display and inline math are found; code blocks and table pipes are not math."""
        text = "$$ a = 1 $$\n\n| $b^{2}$ — x | `k` |\n```text\n$ not math $\n```\n"
        assert [(f.tex, f.display) for f in from_markdown(text, "t")] == [
            ("a = 1", True), ("b^{2}", False)]

    def test_moodle(self):
        """\\( … \\) in a question's HTML, unescaped as a browser does."""
        xml = ('<quiz><question><questiontext><text><![CDATA[<p>\\(a &lt; b\\)</p>]]></text>'
               "</questiontext></question></quiz>")
        assert [f.tex for f in from_moodle(xml, "t")] == ["a < b"]
