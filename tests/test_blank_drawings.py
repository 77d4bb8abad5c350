"""Worksheets and quizzes of graph problems show the graph without the answers: no forward value
of a node and no gradient anywhere on the picture, the given inputs beside their names; the
solution (`solve --svg`) keeps every value and gradient."""

from __future__ import annotations

import base64
import math
import xml.etree.ElementTree as ET

import pytest

from handcalc.files import load

from .conftest import EXERCISES, exercises_of, invoke

GRAPHS = [p.name for p in exercises_of("graph")]
NS = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    """Every piece of text drawn, tspans joined, as a person reads it."""
    root = ET.fromstring(svg)
    return ["".join(t.itertext()).strip() for t in root.iter(f"{NS}text")]


def numbers_in(svg: str) -> list[float]:
    out = []
    for text in texts(svg):
        for word in text.replace("=", " ").split():
            try:
                out.append(float(word))
            except ValueError:
                pass
    return out


def answers_of(exercise) -> dict[str, float]:
    """Every node's value and every gradient (what the learner is asked for): numbers a
    question's drawing must not give away."""
    gp = exercise.problem
    return {sid: float(v) for sid, v in exercise.values().items()
            if sid not in gp.inputs}


class TestGraphQuestionDrawing:
    @pytest.mark.parametrize("name", GRAPHS)
    def test_no_value_or_gradient_drawn(self, name):
        """The blank drawing carries only inputs and constants: every number on it is a given
        input's value or a constant of an operation."""
        ex = load(str(EXERCISES / name))
        gp = ex.problem
        blank = ex.blank()
        given = {float(v) for v in gp.inputs.values()}
        constants = {float(a) for node in gp.nodes for a in node.args if not isinstance(a, str)}
        for number in numbers_in(blank):
            assert any(math.isclose(number, g, abs_tol=1e-9) for g in given | constants), \
                f"{name}: {number} on the worksheet's drawing is not a given number"
        for input_name in gp.inputs:
            assert any(t.startswith(input_name + " = ") for t in texts(blank)), input_name
        assert "gradient" not in blank

    @pytest.mark.parametrize("name", GRAPHS)
    def test_the_solution_keeps_them(self, name):
        """The solution's drawing still shows the output's value and its gradient 1."""
        ex = load(str(EXERCISES / name))
        out = ex.problem.output
        drawn = numbers_in(ex.diagram())
        half = 0.5 * 10 ** -ex.decimals + 1e-12
        assert any(abs(d - float(ex.values()[out])) <= half for d in drawn)
        assert "gradient below" in ex.diagram()

    def test_apple_orange_by_hand(self):
        """ゼロから作る 5.4's apples and oranges: 200, 450, 650, 715 (forward) and 2.2, 110, 3.3,
        165, 650 (gradients) are drawn on the solution and on no worksheet."""
        ex = load(str(EXERCISES / "graph_apple_orange.yaml"))
        hidden = {200, 450, 650, 715, 2.2, 110, 3.3, 165}
        assert hidden <= set(numbers_in(ex.diagram()))
        assert not hidden & set(numbers_in(ex.blank()))


class TestNewGraphFiles:
    def test_worksheet_and_quiz_embed_the_blank_drawing(self, tmp_path):
        """`new --kind graph --worksheet md --moodle`: graph.svg and the picture inside the
        quiz show no value the learner is asked for."""
        result = invoke("new", "--kind", "graph", "--level", "medium", "--seed", "3", "--out",
                        str(tmp_path), "--worksheet", "md", "--moodle", "--lang", "en")
        assert result.exit_code == 0, result.output
        ex = load(str(tmp_path / "problem.yaml"))
        asked = {round(float(v), ex.decimals) for v in answers_of(ex).values()}
        given = {float(v) for v in ex.problem.inputs.values()}
        svg = (tmp_path / "graph.svg").read_text(encoding="utf-8")
        quiz = ET.parse(tmp_path / "moodle.xml").getroot()
        files = [f for f in quiz.iter("file") if f.get("name") == "graph.svg"]
        assert files
        embedded = base64.b64decode(files[0].text).decode("utf-8")
        for drawing in (svg, embedded):
            drawn = set(numbers_in(drawing))
            assert not (drawn - given) & asked, drawn
            assert "gradient" not in drawing
        # the solution keeps every value: the Markdown solution's text drawing
        assert "∂" in (tmp_path / "solution.md").read_text(encoding="utf-8")
