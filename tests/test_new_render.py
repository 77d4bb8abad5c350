"""The network SVG, the worksheet and the Moodle quiz of the bundled exercises: golden files,
valid XML, every weight labelled in the problem's notation, every Moodle answer the solution's."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

from handcalc.files import load
from handcalc.network import generator
from handcalc.network.exercise import network_exercise
from handcalc.network.layers import weight_index
from handcalc.numbers import show, tolerance
from handcalc.render.moodle import quiz
from handcalc.render.worksheet import worksheet

from .conftest import EXERCISES, exercises_of

NETWORKS = [p.stem for p in exercises_of("network")]
SVG = "{http://www.w3.org/2000/svg}"
CLOZE = re.compile(r"\{1:NUMERICAL:=([^:}]+):([^}#]+)\}")


def exercise_of(name: str):
    return load(str(EXERCISES / f"{name}.yaml"))


def weight_labels(svg: str) -> dict[str, str]:
    """data-id → plain text (its aria-label) of every weight label of a drawing, on its edge or
    in the matrix of a dense layer (parsed as XML)."""
    root = ET.fromstring(svg)
    return {t.get("data-id"): t.get("aria-label") for t in root.iter(f"{SVG}text")
            if t.get("class") == "weight"}


class TestSvg:
    @pytest.mark.parametrize("name", NETWORKS)
    def test_golden(self, name, golden):
        """The drawing of each bundled network is the one in tests/golden/svg/."""
        golden(f"svg/{name}.svg", exercise_of(name).diagram())

    @pytest.mark.parametrize("name", NETWORKS)
    def test_every_weight_and_bias_is_labelled(self, name):
        """Valid XML; one label per weight and bias: its symbol and its value."""
        exercise = exercise_of(name)
        p, sym = exercise.problem, exercise.symbols
        labels = weight_labels(exercise.diagram())
        expected = {}
        for l, layer in enumerate(p.layers, start=1):
            for r, row in enumerate(layer.W):
                for c, w in enumerate(row):
                    expected[f"W{l}[{r}][{c}]"] = f"{sym.symbol(f'W{l}', (r, c))[0]} = {show(w, 4)}"
            for j, b in enumerate(layer.b):
                expected[f"b{l}[{j}]"] = f"{sym.symbol(f'b{l}', (j,))[0]} = {show(b, 4)}"
        assert labels == expected

    def test_column_layout_writes_w_ji(self):
        """Column layout (uz, 岡谷): the edge from input 1 to hidden unit 2 is w₂₁⁽²⁾."""
        exercise = exercise_of("regression")
        assert exercise.problem.layout == "column"
        r, c = weight_index("column", 1, 0)  # to unit j=2 from unit i=1
        assert weight_labels(exercise.diagram())[f"W1[{r}][{c}]"].startswith("w₂₁⁽²⁾ = ")

    def test_row_layout_writes_w_ij(self):
        """Row layout (ax, seed 004): the edge from input 1 to hidden unit 2 is w₁₂¹."""
        exercise = exercise_of("exercise3")
        assert exercise.problem.layout == "row"
        r, c = weight_index("row", 1, 0)
        assert weight_labels(exercise.diagram())[f"W1[{r}][{c}]"] == "w₁₂¹ = -0.3"

    def test_generated_networks_draw(self):
        """Generated problems of every level draw as valid SVG with every label."""
        for level in ("easy", "medium", "hard"):
            g = generator.generate(generator.resolve(level=level), 1)
            exercise = network_exercise(g.problem)
            n = sum(len(r) for layer in g.problem.layers for r in layer.W) + \
                sum(len(layer.b) for layer in g.problem.layers)
            assert len(weight_labels(exercise.diagram())) == n


class TestWorksheet:
    @pytest.mark.parametrize("lang", ["en", "ja"])
    @pytest.mark.parametrize("name", NETWORKS)
    def test_golden(self, name, lang, golden):
        """The worksheet of each bundled network is the one in tests/golden/worksheet/."""
        golden(f"worksheet/{name}.{lang}.md", worksheet(exercise_of(name), lang))

    def test_lists_every_answer_key(self):
        """Every key of the blank sheet is on the worksheet, with the diagram and the task."""
        exercise = exercise_of("exercise3")
        text = worksheet(exercise, "en")
        assert "![the network](network.svg)" in text
        for step in exercise.graph.asked():
            assert f"`{exercise.key_of(step.id)}`" in text

    def test_value_table_only_when_needed(self):
        """An exact problem has no value table; one with softmax lists e^z and log y."""
        assert "## Value table" not in worksheet(exercise_of("minibatch"), "en")
        text = worksheet(exercise_of("exercise3"), "en")
        assert "## Value table" in text and "| $e^{" in text and r"| $\log" in text


class TestMoodle:
    @pytest.mark.parametrize("name", NETWORKS)
    def test_every_answer_is_the_solution(self, name):
        """Parsed as XML: one cloze question whose blanks are, in working order, every asked
        element, each within its tolerance of the true value."""
        exercise = exercise_of(name)
        root = ET.fromstring(quiz([exercise], "en"))
        assert root.tag == "quiz"
        questions = [q for q in root if q.get("type") == "cloze"]
        assert len(questions) == 1
        text = questions[0].find("questiontext/text").text
        blanks = CLOZE.findall(text)
        truth = [(v) for s in exercise.graph.asked() for _, v in exercise.elements_of(s)]
        assert len(blanks) == len(truth)
        tol = tolerance(exercise.decimals)
        for (answer, given_tol), value in zip(blanks, truth, strict=True):
            assert Fraction(given_tol) == tol
            assert abs(Fraction(answer) - Fraction(value)) <= tol / 100

    def test_diagram_travels_inside(self):
        """The SVG is embedded (base64) and the question text points at it."""
        exercise = exercise_of("exercise3")
        root = ET.fromstring(quiz([exercise], "en"))
        q = root.find("question[@type='cloze']")
        file = q.find("questiontext/file")
        assert file.get("name") == "network.svg" and file.get("encoding") == "base64"
        assert base64.b64decode(file.text).decode("utf-8") == exercise.diagram()
        assert "@@PLUGINFILE@@/network.svg" in q.find("questiontext/text").text

    def test_many_problems_one_quiz(self):
        """Several problems: a category and one question each, named by their titles in the
        quiz's language."""
        spec = generator.resolve(level="medium")
        exercises = [network_exercise(g.problem) for g in generator.generate_many(spec, 0, 3)]
        root = ET.fromstring(quiz(exercises, "ja"))
        assert [q.get("type") for q in root] == ["category", "cloze", "cloze", "cloze"]
        assert [q.find("name/text").text for q in root[1:]] == [
            f"誤差逆伝播の手計算（ふつう、seed {n}）" for n in range(3)]  # the quiz's language
