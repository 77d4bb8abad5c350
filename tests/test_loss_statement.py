"""The printed problem and the blank sheet state the loss and its reduction as a formula; a
b of the wrong length is blamed, not the W that agrees with the rest; samples and rows are
counted from 1 in messages, like layers."""

from __future__ import annotations

import math
from io import StringIO

import pytest

from handcalc.files import load
from handcalc.network import generator
from handcalc.network.exercise import network_exercise
from handcalc.network.notation import loss_formula
from handcalc.network.problem import from_node
from handcalc.render.worksheet import statement, worksheet
from handcalc.template import blank_sheet
from handcalc.yamlsafe import InputError, parse

from .conftest import EXERCISES


def exercise_of(name: str):
    return load(str(EXERCISES / f"{name}.yaml"))


class TestLossFormula:
    def test_each_loss_and_reduction(self):
        """½Σ(y−t)², −Σ t log y, binary cross-entropy; (1/n)Σₙ for the mean, Σₙ for the sum,
        in the problem's letters (ax: output x², target t; uz: E, z⁽³⁾, d)."""
        cases = {"exercise3": "L = −Σₖ tₖ log xₖ²",
                 "logistic": "L = −(y₁ log a₁⁽¹⁾ + (1 − y₁) log(1 − a₁⁽¹⁾))",
                 "minibatch": "L = (1/2) Σₙ ½ Σₖ (aₖ⁽²⁾[n] − yₖ[n])²",
                 "regression": "E = ½ Σₖ (zₖ⁽³⁾ − dₖ)²"}
        for name, text in cases.items():
            e = exercise_of(name)
            assert loss_formula(e.problem, e.symbols)[0] == text
        spec = generator.resolve(level="easy", batch=2, reduction="sum")
        e = network_exercise(generator.generate(spec, 1).problem)
        assert loss_formula(e.problem, e.symbols)[0] == "L = Σₙ ½ Σₖ (aₖ⁽²⁾[n] − yₖ[n])²"

    def test_the_formula_is_the_loss(self):
        """The stated formula, evaluated by hand on the engine's outputs, gives the engine's
        loss (minibatch: mean of ½Σ(a − y)²; exercise 3: −Σ t log x)."""
        e = exercise_of("minibatch")
        v, p = e.values(), e.problem
        out = v["a2"]
        per = [0.5 * sum((float(a) - float(t)) ** 2 for a, t in zip(o, y))
               for o, y in zip(out, p.targets)]
        assert sum(per) / len(per) == pytest.approx(float(v["loss"]))
        e = exercise_of("exercise3")
        v, p = e.values(), e.problem
        ce = -sum(float(t) * math.log(float(x)) for t, x in zip(p.targets[0], v["a2"][0]))
        assert ce == pytest.approx(float(v["loss"]))

    def test_stated_where_the_learner_starts(self):
        """`new`'s terminal statement, the worksheet and the blank sheet all state it."""
        from rich.console import Console

        e = exercise_of("minibatch")
        text, tex = loss_formula(e.problem, e.symbols)
        from handcalc.render.terminal import THEME

        console = Console(file=StringIO(), width=100, color_system=None, theme=THEME)
        console.print(statement(e, "en"))
        assert text in console.file.getvalue()
        assert f"${tex}$" in worksheet(e, "ja")
        assert f"# the loss: {text}" in blank_sheet(e, "en", "problem.yaml")
        assert f"# 損失：{text}" in blank_sheet(e, "ja", "problem.yaml")


PROBLEM = """handcalc: 1
input: [[1, 0.5], [0, 1]]
target: {target}
layers:
  - activation: relu
    W: [[0.1, 0.2], [0.3, -0.4]]
    b: {b1}
  - activation: identity
    W: [[0.2, -0.1]]
    b: {b2}
loss: squared_error
learning_rate: 0.5
"""


def error_of(**kw) -> InputError:
    text = PROBLEM.format(**{"target": "[[1], [0]]", "b1": "[0, 0]", "b2": "[0]", **kw})
    with pytest.raises(InputError) as info:
        from_node(parse(text, "p.yaml"), "p.yaml")
    return info.value


class TestMessages:
    def test_b_typo_is_blamed_on_b(self):
        """A hidden b with one number too many: W and the next layer agree on 2 units."""
        e = error_of(b1="[0, 0, 0]")
        assert e.message.startswith("layers[1].b has 3 numbers, but layer 1 has 2 units")
        assert (e.line, e.col) == (7, 8)

    def test_output_b_typo_is_blamed_on_b(self):
        e = error_of(b2="[0, 1]")
        assert e.message.startswith("layers[2].b has 2 numbers, but layer 2 has 1 unit by its "
                                    "W and by the target")

    def test_misspelt_key_is_named(self):
        """'bb:' for 'b:' is an unknown key with a did-you-mean, at the key itself."""
        text = PROBLEM.format(target="[[1], [0]]", b1="[0, 0]", b2="[0]").replace(
            "    b: [0, 0]", "    bb: [0, 0]")
        with pytest.raises(InputError) as info:
            from_node(parse(text, "p.yaml"), "p.yaml")
        assert info.value.message == "unknown key 'bb' in layers[1]; did you mean 'b'?"
        assert (info.value.line, info.value.col) == (7, 5)

    def test_samples_counted_from_1(self):
        """The second sample's target is 'target sample 2', as the second layer is layer 2."""
        e = error_of(target="[[1], [0, 1]]")
        assert e.message.startswith("target sample 2 has 2 numbers but sample 1 has 1")
