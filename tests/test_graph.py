"""Computation-graph exercises (issue 5): published numbers, exactness, formulas, finite
differences, the op(args) parser, warnings, drawings and the command line."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
from typer.testing import CliRunner

from handcalc.cli import app
from handcalc.engine import evaluate
from handcalc.expr import ExprError
from handcalc.files import load, read_text
from handcalc.formula import evaluate as evaluate_formula
from handcalc.graph import problem as graph_problem
from handcalc.graph import steps as graph
from handcalc.graph.exercise import exercise as graph_exercise
from handcalc.numbers import is_exact
from handcalc.render.lines import value_lookup
from tests import graphgen

from .conftest import EXERCISES, exercises_of

runner = CliRunner()
BUNDLED = [p.name for p in exercises_of("graph")]


def values_of(name: str) -> dict:
    return load(str(EXERCISES / name)).values()


def rounded(value, places: int) -> float:
    return round(float(value), places)


class TestPublishedNumbers:
    """The bundled exercises give the numbers their sources print, to the last printed digit."""

    def test_seed_002_shop_bill(self):
        """Seed 002 (after ゼロから作る 5.2): 2 pencils at 100, 3 erasers at 30, 10% tax → 319;
        the add node passes 1.1 through, the multiply nodes swap their inputs."""
        v = values_of("graph_shop_bill.yaml")
        assert v["total"] == 319
        assert v["d_total"] == 1
        assert v["d_subtotal"] == v["d_pencils"] == v["d_erasers"] == Fraction("1.1")
        assert v["d_tax"] == 290
        assert (v["d_pencil"], v["d_n_pencil"]) == (Fraction("2.2"), 110)
        assert (v["d_eraser"], v["d_n_eraser"]) == (Fraction("3.3"), 33)

    def test_zero_kara_apple(self):
        """ゼロから作るDeep Learning 5.4.1 (ch05/buy_apple.py, figure 5-16): price 220,
        ∂price/∂apple = 2.2, ∂price/∂apple_num = 110, ∂price/∂tax = 200."""
        v = values_of("graph_apple.yaml")
        assert v["price"] == 220
        assert v["d_apple"] == Fraction("2.2")
        assert v["d_apple_num"] == 110
        assert v["d_tax"] == 200

    def test_zero_kara_apple_orange(self):
        """ゼロから作るDeep Learning 5.4.2 (ch05/buy_apple_orange.py, figure 5-17): price 715;
        gradients 2.2, 110, 3.3, 165, 650 — and exactly so (the book's floats print
        715.0000000000001 and 110.00000000000001)."""
        v = values_of("graph_apple_orange.yaml")
        assert v["price"] == 715 and is_exact(v["price"])
        assert (v["d_apple"], v["d_apple_num"]) == (Fraction("2.2"), 110)
        assert (v["d_orange"], v["d_orange_num"]) == (Fraction("3.3"), 165)
        assert v["d_tax"] == 650
        assert v["d_all_price"] == v["d_apple_price"] == v["d_orange_price"] == Fraction("1.1")

    def test_cs231n_xyz(self):
        """CS231n notes, Backpropagation: f = (x + y)z at x = −2, y = 5, z = −4 gives q = 3,
        f = −12, ∂f/∂z = 3, ∂f/∂x = ∂f/∂y = −4 (and ∂f/∂q = −4)."""
        v = values_of("graph_cs231n_xyz.yaml")
        assert (v["q"], v["f"]) == (3, -12)
        assert (v["d_x"], v["d_y"], v["d_z"], v["d_q"]) == (-4, -4, 3, -4)

    def test_cs231n_sigmoid_neuron(self):
        """CS231n notes, Backpropagation: the 2-input sigmoid neuron at w = [2, −3, −3],
        x = [−1, −2]; the circuit figure prints 0.73 out, and gradients (two decimals)
        w0 −0.20, x0 0.39, w1 −0.39, x1 −0.59, w2 0.20; the gates' values 1.37, 0.37, −0.53."""
        v = values_of("graph_cs231n_neuron.yaml")
        assert v["dot"] == 1
        assert rounded(v["f"], 2) == 0.73
        assert rounded(v["d_x0"], 2) == 0.39
        assert rounded(v["d_w0"], 2) == -0.20
        assert rounded(v["d_w1"], 2) == -0.39
        assert rounded(v["d_x1"], 2) == -0.59
        assert rounded(v["d_w2"], 2) == 0.20
        assert (rounded(v["den"], 2), rounded(v["e"], 2)) == (1.37, 0.37)
        assert rounded(v["d_den"], 2) == rounded(v["d_e"], 2) == -0.53

    def test_sigmoid_gate_gives_the_same(self):
        """The neuron written with one sigmoid gate gives the circuit's gradients (CS231n: 'the
        sigmoid gate' collapses *−1, exp, +1, 1/x into one local derivative σ(1 − σ))."""
        gp = graph_problem.loads("handcalc: 1\nkind: graph\ninputs: {w0: 2, x0: -1, w1: -3, "
                                 "x1: -2, w2: -3}\nnodes:\n  a: mul(w0, x0)\n  b: mul(w1, x1)\n"
                         "  dot: add(a, b, w2)\n  f: sigmoid(dot)\noutput: f\n")
        v = evaluate(graph.build(gp))
        circuit = values_of("graph_cs231n_neuron.yaml")
        for name in ("f", "d_w0", "d_x0", "d_w1", "d_x1", "d_w2", "d_dot"):
            assert math.isclose(v[name], circuit[name], rel_tol=1e-12)


class TestExactness:
    def test_rational_graphs_stay_exact(self):
        """Every value of the bill exercises is a Fraction (no 715.0000000000001)."""
        for name in ("graph_shop_bill.yaml", "graph_apple.yaml", "graph_apple_orange.yaml",
                     "graph_cs231n_xyz.yaml"):
            assert all(is_exact(v) for v in values_of(name).values()), name

    def test_exp_turns_values_into_floats(self):
        """After exp the values are floats; before it they stay exact."""
        v = values_of("graph_cs231n_neuron.yaml")
        assert is_exact(v["neg"]) and isinstance(v["e"], float)

    def test_json_prints_715(self):
        """solve --json prints 715 as an integer and the exact gradients as fractions."""
        result = runner.invoke(app, ["solve", str(EXERCISES / "graph_apple_orange.yaml"),
                                     "--json"])
        data = json.loads(result.stdout)
        assert data["values"]["price"] == 715
        assert data["exact"]["d_apple"] == "11/5"
        assert set(data["values"]) == {"apple_price", "orange_price", "all_price", "price",
                                       "d_price", "d_all_price", "d_apple_price",
                                       "d_orange_price", "d_apple", "d_apple_num", "d_orange",
                                       "d_orange_num", "d_tax"}


class TestSteps:
    def test_ids_and_order(self):
        """Forward steps are the nodes in order; backward starts with d_output = 1, goes back
        through the nodes, and ends with the inputs."""
        ex = load(str(EXERCISES / "graph_cs231n_xyz.yaml"))
        assert [s.id for s in ex.graph.steps] == ["q", "f", "d_f", "d_q", "d_x", "d_y", "d_z"]
        assert [s.phase for s in ex.graph.steps] == ["forward"] * 2 + ["backward"] * 5
        assert ex.keys == {s.id: s.id for s in ex.graph.steps}
        assert ex.symbols.symbol("d_x") == ("∂f/∂x", r"\frac{\partial f}{\partial x}")

    def test_fan_out_formula_sums_the_edges(self):
        """A value used twice gets a two-term sum: local derivative × upstream, per edge."""
        gp = graph_problem.loads("handcalc: 1\nkind: graph\ninputs: {x: 3, y: 2}\nnodes:\n"
                         "  a: mul(x, y)\n  b: add(x, a)\noutput: b\n")
        ex = graph_exercise(gp)
        step = ex.graph.by_id["d_x"]
        from handcalc.formula import Style, render

        text = render(step.formula(()), Style(ex.symbols))
        assert text == "y·∂b/∂a + 1·∂b/∂b"
        assert ex.values()["d_x"] == 3  # y + 1
        assert gp.fan_outs() == ["x"]
        assert any("'x' feeds 2 edges (a, b)" in n for n in ex.notes("en"))

    def test_same_argument_twice(self):
        """mul(x, x) is x²: both edges carry a gradient, and they add up to 2x."""
        gp = graph_problem.loads("handcalc: 1\nkind: graph\ninputs: {x: 3}\nnodes:\n"
                                 "  s: mul(x, x)\noutput: s\n")
        assert evaluate(graph.build(gp))["d_x"] == 6

    def test_max_routes_the_gradient_to_the_larger(self):
        """max(a, b) sends the gradient to the larger input, none to the other; the formula
        shows step(a − b) as its value."""
        gp = graph_problem.loads("handcalc: 1\nkind: graph\ninputs: {a: 4, b: 2}\nnodes:\n"
                         "  m: max(a, b)\n  f: mul(m, 3)\noutput: f\n")
        ex = graph_exercise(gp)
        v = ex.values()
        assert (v["d_a"], v["d_b"]) == (3, 0)
        from handcalc.render.lines import line

        ln = line(ex, ex.graph.by_id["d_a"], (), v, 4)
        assert ln.formula == "step(a - b)·∂f/∂m" and ln.numbers == "1×3"

    @pytest.mark.parametrize("gp", graphgen.random_graphs(60, seed=5) + [
        graph_problem.loads(read_text(str(EXERCISES / n))) for n in BUNDLED])
    def test_formulas_give_the_computed_values(self, gp):
        """Each step's formula, evaluated with the numbers put in, gives the step's value."""
        ex = graph_exercise(gp)
        values = ex.values()
        for step in ex.graph.steps:
            got = evaluate_formula(step.formula(()), value_lookup(values))
            assert math.isclose(float(got), float(values[step.id]), rel_tol=1e-12,
                                abs_tol=1e-12), step.id


class TestFiniteDifferences:
    """Gradients agree with central differences of an independent float evaluation."""

    H = 1e-6
    TOL = 1e-5

    FLOAT_OPS = {
        "add": lambda *xs: sum(xs), "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
        "div": lambda a, b: a / b, "neg": lambda x: -x, "exp": math.exp, "log": math.log,
        "pow": lambda x, k: x ** int(k), "square": lambda x: x * x, "inv": lambda x: 1 / x,
        "sigmoid": lambda x: 1 / (1 + math.exp(-x)), "relu": lambda x: max(x, 0.0),
        "tanh": math.tanh, "max": max,
    }

    def output(self, gp, nudge: str, h: float) -> float:
        v = {k: float(x) + (h if k == nudge else 0.0) for k, x in gp.inputs.items()}
        for node in gp.nodes:
            args = [v[a] if isinstance(a, str) else float(a) for a in node.args]
            v[node.name] = self.FLOAT_OPS[node.op](*args) + (h if node.name == nudge else 0.0)
        return v[gp.output]

    @pytest.mark.parametrize("gp", graphgen.random_graphs(200, seed=7))
    def test_every_gradient(self, gp):
        """∂output/∂name for every input and node matches (f(x+h) − f(x−h)) / 2h."""
        values = evaluate(graph.build(gp))
        for name in [*gp.inputs, *(n.name for n in gp.nodes)]:
            fd = (self.output(gp, name, self.H) - self.output(gp, name, -self.H)) / (2 * self.H)
            got = float(values[graph.grad_id(name)])
            assert abs(got - fd) <= self.TOL * (1 + abs(fd)), \
                (name, got, fd, graph_problem.to_yaml(gp))

    @pytest.mark.parametrize("name", BUNDLED)
    def test_each_bundled_graph_and_its_golden(self, name):
        """Each bundled graph: the engine's gradients and those of its golden `solve --json`
        file (no longer a bare snapshot) match central differences; its forward values match
        the independent float evaluation, node by node."""
        import json

        gp = graph_problem.loads(read_text(str(EXERCISES / name)), name)
        golden_path = EXERCISES.parent / "tests" / "golden" / "solve" / name.replace(".yaml",
                                                                                    ".json")
        golden = json.loads(golden_path.read_text(encoding="utf-8"))["values"]
        values = evaluate(graph.build(gp))
        forward = {k: float(x) for k, x in gp.inputs.items()}
        for node in gp.nodes:
            args = [forward[a] if isinstance(a, str) else float(a) for a in node.args]
            forward[node.name] = self.FLOAT_OPS[node.op](*args)
            assert math.isclose(golden[node.name], forward[node.name], rel_tol=1e-12,
                                abs_tol=1e-12), (name, node.name)
        for n in [*gp.inputs, *(n.name for n in gp.nodes)]:
            fd = (self.output(gp, n, self.H) - self.output(gp, n, -self.H)) / (2 * self.H)
            for source, got in (("engine", values[graph.grad_id(n)]),
                                ("golden", golden[graph.grad_id(n)])):
                assert abs(float(got) - fd) <= self.TOL * (1 + abs(fd)), (name, source, n, fd)


class TestParser:
    def test_call_with_constants(self):
        """Arguments are names or numbers (kept exact), each with its offset."""
        op, at, args = graph_problem.parse_call("mul(dot, -1)")
        assert (op, at) == ("mul", 0)
        assert args == [("dot", 4), (Fraction(-1), 9)]
        assert graph_problem.parse_call("add( e ,0.5 )")[2] == [("e", 5), (Fraction(1, 2), 8)]

    def test_unicode_names(self):
        """Names may be written in Japanese (りんご), as Python identifiers allow."""
        gp = graph_problem.loads("handcalc: 1\nkind: graph\ninputs: {りんご: 100, 個数: 2}\n"
                                 "nodes:\n"
                         "  金額: mul(りんご, 個数)\noutput: 金額\n")
        v = evaluate(graph.build(gp))
        assert v["金額"] == 200 and v["d_りんご"] == 2
        assert graph.tex_name("りんご") == r"\text{りんご}"

    @pytest.mark.parametrize("text", ["__import__('os').system('true')", "add(x, y); exit()",
                                      "exp(x) if x else y", "lambda: 0"])
    def test_never_evaluates_python(self, text):
        """Python syntax is refused as a parse error, never run."""
        with pytest.raises(ExprError):
            graph_problem.parse_call(text)

    def test_round_trip(self):
        """to_yaml writes a problem that loads back to the same graph."""
        for gp in graphgen.random_graphs(30, seed=9):
            again = graph_problem.loads(graph_problem.to_yaml(gp))
            assert again.inputs == gp.inputs
            assert [(n.name, n.op, n.args) for n in again.nodes] == \
                [(n.name, n.op, n.args) for n in gp.nodes]


UNUSED = ("handcalc: 1\nkind: graph\ninputs: {x: 1, y: 2, z: 3}\nnodes:\n  q: add(x, y)\n"
          "  spare: mul(q, x)\n  f: mul(q, 2)\noutput: f\n")


class TestWarnings:
    def test_unused_node_and_input(self, tmp_path):
        """A node and an input the output does not depend on are warnings, with places."""
        path = tmp_path / "g.yaml"
        path.write_text(UNUSED)
        gp = graph_problem.loads(read_text(str(path)), str(path))
        messages = [str(w) for w in gp.warnings]
        assert messages == [
            f"{path}:3:22: warning: input 'z' is not used by any node; the output 'f' does not "
            "depend on it (its gradient is 0)",
            f"{path}:6:3: warning: node 'spare' is not used by any node; the output 'f' does "
            "not depend on it (its gradient is 0)"]
        v = evaluate(graph.build(gp))
        assert v["d_z"] == 0 and v["d_spare"] == 0

    def test_cli_prints_warnings_and_solves(self, tmp_path):
        """solve prints the warnings on stderr and still solves (exit 0)."""
        path = tmp_path / "g.yaml"
        path.write_text(UNUSED)
        result = runner.invoke(app, ["solve", str(path), "--lang", "en"], env={"COLUMNS": "100"})
        assert result.exit_code == 0
        assert "warning: node 'spare' is not used" in result.stderr
        assert "Backward pass" in result.stdout


class TestCli:
    NEURON = str(EXERCISES / "graph_cs231n_neuron.yaml")

    def invoke(self, *args):
        return runner.invoke(app, list(args), env={"COLUMNS": "100", "LANG": "C"})

    def test_table_has_the_drawing(self):
        """The table output ends with the graph drawn, values above and gradients below."""
        result = self.invoke("solve", str(EXERCISES / "graph_apple.yaml"), "--lang", "en")
        assert result.exit_code == 0
        out = result.stdout
        assert "Forward pass" in out and "Backward pass" in out
        assert "The graph: forward values above the edges" in out
        assert "├─( × )── 220 ──▶ price" in out
        assert "Loss" not in out and "fell" not in out

    def test_markdown(self):
        """--format md writes LaTeX with ∂ fractions and the drawing in a text block."""
        result = self.invoke("solve", str(EXERCISES / "graph_shop_bill.yaml"), "--format", "md",
                             "--lang", "en")
        assert result.exit_code == 0
        assert r"\frac{\partial \mathit{total}}{\partial \mathit{tax}}" in result.stdout
        assert "```text" in result.stdout

    def test_svg_written_and_never_overwritten(self, tmp_path):
        """--svg writes the drawing; a second run refuses to overwrite without --force."""
        out = tmp_path / "neuron.svg"
        first = self.invoke("solve", self.NEURON, "--svg", str(out), "--json")
        assert first.exit_code == 0, first.output
        text = out.read_text()
        assert text.startswith("<svg") and "0.73" in text and "-0.53" in text
        json.loads(first.stdout)  # stdout stays pure JSON
        out.write_text("mine")
        second = self.invoke("solve", self.NEURON, "--svg", str(out))
        assert second.exit_code == 2
        assert "already exists; use --force" in second.stderr
        assert out.read_text() == "mine"
        third = self.invoke("solve", self.NEURON, "--svg", str(out), "--force", "--json")
        assert third.exit_code == 0 and out.read_text().startswith("<svg")

    def test_malformed_graph_one_line(self, tmp_path):
        """A malformed graph gets one positioned line and exit 2."""
        bad = tmp_path / "bad.yaml"
        bad.write_text("handcalc: 1\nkind: graph\ninputs: {x: 1}\nnodes:\n  q: expp(x)\n"
                       "output: q\n")
        result = self.invoke("solve", str(bad))
        assert result.exit_code == 2
        assert result.stderr.strip() == (f"handcalc: {bad}:5:6: node 'q': unknown operation "
                                          "'expp'; did you mean 'exp'?")


@pytest.mark.parametrize("name", BUNDLED)
def test_svg_golden(name, golden):
    """The SVG drawing of each bundled graph matches its golden file."""
    golden(f"graph/{name[:-5]}.svg", load(str(EXERCISES / name)).diagram())


class TestDocs:
    """The README's computation-graph section shows real output."""

    DOC = (EXERCISES.parent / "README.md").read_text(encoding="utf-8")

    def test_generator_example(self):
        """The medium seed-3 example is what the generator writes."""
        from handcalc.graph.generator import generate

        assert generate("medium", 3).yaml in self.DOC

    def test_drawing_example(self):
        """The (x + y)·z drawing is what solve draws."""
        from handcalc.graph.text import drawing

        text = drawing(load(str(EXERCISES / "graph_cs231n_xyz.yaml")))
        assert text.rstrip() in self.DOC

    def test_bundled_files_listed(self):
        """Every bundled graph exercise is in the table."""
        for name in BUNDLED:
            assert f"exercises/{name}" in self.DOC
