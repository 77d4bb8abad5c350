"""`handcalc check` on computation-graph sheets: follow-through, and the graph mistakes named.

Each sheet is the right solution with one number replaced by what a learner who made the
mistake writes, computed here by hand from the problem (not by the mistake's own code)."""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

from handcalc.cli import app
from handcalc.files import load
from handcalc.graph import mistakes as graph_mistakes
from handcalc.numbers import show

from .conftest import EXERCISES

runner = CliRunner()

FAN = """handcalc: 1
kind: graph
inputs: {x: 3, y: 2}
nodes:
  a: mul(x, y)
  b: add(x, a)
  f: mul(b, 2)
output: f
"""
SIGMOID = """handcalc: 1
kind: graph
inputs: {w0: 2, x0: -1, w1: -3, x1: -2, w2: -3}
nodes:
  a: mul(w0, x0)
  b: mul(w1, x1)
  dot: add(a, b, w2)
  f: sigmoid(dot)
output: f
decimals: 4
"""
LOG = """handcalc: 1
kind: graph
inputs: {x: 2}
nodes:
  l: log(x)
  f: mul(l, 3)
output: f
"""


def sheet(tmp_path, problem_path: str, **changed) -> str:
    """A sheet with every right value, except the ``changed`` ones."""
    ex = load(problem_path)
    truth = ex.values()
    import shutil
    from pathlib import Path

    if Path(problem_path).parent != tmp_path:  # a sheet names a problem beside it
        problem_path = shutil.copy(problem_path, tmp_path / Path(problem_path).name)
    lines = ["handcalc: 1", f"problem: {Path(problem_path).name}", "answers:"]
    for step in ex.graph.asked():
        value = changed.get(step.id, truth[step.id])
        lines.append(f"  {step.id}: {value if isinstance(value, str) else show(value, 6)}")
    path = tmp_path / "sheet.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def problem(tmp_path, text: str) -> str:
    path = tmp_path / "problem.yaml"
    path.write_text(text)
    return str(path)


def verdicts(path: str) -> dict[str, str]:
    result = runner.invoke(app, ["check", path, "--json"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    return {item["id"]: item["verdict"] for item in data["sheets"][0]["items"]}


class TestNamedMistakes:
    def test_mul_own_input(self, tmp_path):
        """Seed 002's bill: ∂total/∂pencil written as pencil × 1.1 = 110 (its own input)."""
        v = verdicts(sheet(tmp_path, str(EXERCISES / "graph_shop_bill.yaml"), d_pencil="110"))
        assert v["d_pencil"] == "mistake:mul_own_input"
        assert v["d_n_pencil"] == "right"

    @pytest.mark.parametrize("written", ["2", "4"])
    def test_fan_out_not_summed(self, tmp_path, written):
        """x feeds a = x·y and b = x + a: ∂f/∂x = 1·2 + 2·2 = 6; either edge alone is named."""
        path = problem(tmp_path, FAN)
        assert load(path).values()["d_x"] == 6
        v = verdicts(sheet(tmp_path, path, d_x=written))
        assert v["d_x"] == "mistake:fan_out_not_summed"

    def test_exp_derivative_taken_as_1(self, tmp_path):
        """CS231n's neuron: the exp gate's local derivative left out (−0.53 passed through)."""
        v = verdicts(sheet(tmp_path, str(EXERCISES / "graph_cs231n_neuron.yaml"),
                           d_neg="-0.53"))
        assert v["d_neg"] == "mistake:function_derivative_wrong"

    def test_sigmoid_derivative_without_one_minus(self, tmp_path):
        """The sigmoid gate's local derivative taken as σ(1) = 0.7311 instead of σ(1 − σ)."""
        v = verdicts(sheet(tmp_path, problem(tmp_path, SIGMOID), d_dot="0.7311"))
        assert v["d_dot"] == "mistake:function_derivative_wrong"

    def test_log_derivative_taken_as_log(self, tmp_path):
        """∂(log x)/∂x taken as log x: 3·log 2 = 2.0794 instead of 3/2."""
        v = verdicts(sheet(tmp_path, problem(tmp_path, LOG),
                           d_x=show(3 * math.log(2), 4)))
        assert v["d_x"] == "mistake:function_derivative_wrong"

    def test_upstream_forgotten(self, tmp_path):
        """CS231n's neuron: ∂f/∂x0 written as w0 = 2, the local derivative alone."""
        v = verdicts(sheet(tmp_path, str(EXERCISES / "graph_cs231n_neuron.yaml"), d_x0="2"))
        assert v["d_x0"] == "mistake:upstream_forgotten"

    def test_the_report_explains(self, tmp_path):
        """The terminal report names the mistake and explains the multiply node's swap."""
        path = sheet(tmp_path, str(EXERCISES / "graph_apple.yaml"), d_apple="110",
                     d_apple_num="2.2")
        result = runner.invoke(app, ["check", path, "--lang", "en"], env={"COLUMNS": "100"})
        assert result.exit_code == 1
        assert "mistake:mul_own_input" in result.stdout
        assert "times the other input" in result.stdout


class TestFollowThrough:
    def test_carried(self, tmp_path):
        """A slip in ∂total/∂pencils (1.2) carried into ∂total/∂pencil = 2 × 1.2 earns credit."""
        v = verdicts(sheet(tmp_path, str(EXERCISES / "graph_shop_bill.yaml"),
                           d_pencils="1.2", d_pencil="2.4", d_n_pencil="120"))
        assert v["d_pencils"] == "wrong"
        assert v["d_pencil"] == "carried" and v["d_n_pencil"] == "carried"

    def test_all_right_exit_0(self, tmp_path):
        """The right solution, as solve prints it, is all right (exit 0)."""
        result = runner.invoke(app, ["check", sheet(tmp_path, str(EXERCISES /
                                                                   "graph_apple_orange.yaml"))])
        assert result.exit_code == 0, result.output


def test_catalogue_codes():
    """The four graph mistakes of issue 5, with stable codes and both languages."""
    codes = {m.code for m in graph_mistakes.CATALOGUE}
    assert codes == {"mul_own_input", "fan_out_not_summed", "function_derivative_wrong",
                     "upstream_forgotten"}
    for m in graph_mistakes.CATALOGUE:
        assert m.name["ja"] and m.explain["ja"] and m.name["en"] and m.explain["en"]
