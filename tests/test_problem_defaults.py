"""The problem loader applies design.md's defaults exactly and accepts all that format 1 allows."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from handcalc.network.problem import from_node
from handcalc.yamlsafe import InputError, parse

MINIMAL = """\
handcalc: 1
input: [1, 0.5]
target: [0, 1]
layers:
  - activation: relu
    W: [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]]
    b: [0, 0, 0]
  - activation: softmax
    W: [[0.2, -0.1, 0.4], [0.3, 0.2, -0.5]]
    b: [0, 0]
loss: cross_entropy
learning_rate: 0.5
"""

# the same network written in row layout (W transposed)
ROW = MINIMAL.replace("W: [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]]",
                      "W: [[0.1, 0.3, 0.5], [0.2, -0.4, 0.6]]").replace(
    "W: [[0.2, -0.1, 0.4], [0.3, 0.2, -0.5]]", "W: [[0.2, 0.3], [-0.1, 0.2], [0.4, -0.5]]")


def load(text: str):
    return from_node(parse(text, "p.yaml"), "p.yaml")


def test_defaults_when_keys_are_left_out():
    p = load(MINIMAL)
    assert p.notation == "za"
    assert p.layout == "column"
    assert p.reduction == "mean"
    assert p.update == ("W", "b")
    assert p.decimals == 4
    assert p.relu_grad_at_zero == 0 and isinstance(p.relu_grad_at_zero, F)
    assert p.title == ""
    assert p.path == "p.yaml"


@pytest.mark.parametrize("notation, layout, text", [
    ("za", "column", MINIMAL),
    ("ax", "row", ROW),  # ax (seed 004) writes z = x·W + b
    ("uz", "column", MINIMAL),
])
def test_the_layout_follows_the_notation(notation, layout, text):
    p = load(text.replace("handcalc: 1\n", f"handcalc: 1\nnotation: {notation}\n"))
    assert (p.notation, p.layout) == (notation, layout)


def test_an_explicit_layout_wins_over_the_notation():
    p = load(MINIMAL.replace("handcalc: 1\n", "handcalc: 1\nnotation: ax\nlayout: column\n"))
    assert (p.notation, p.layout) == ("ax", "column")
    p = load(ROW.replace("handcalc: 1\n", "handcalc: 1\nlayout: row\n"))
    assert (p.notation, p.layout) == ("za", "row")
    assert p.layers[0].W == [[F(1, 10), F(3, 10), F(5, 10)], [F(2, 10), F(-4, 10), F(6, 10)]]


def test_every_setting_can_be_given():
    p = load(MINIMAL + "title: 演習 3\nnotation: uz\nreduction: sum\nupdate: [W]\ndecimals: 2\n"
                       "relu_grad_at_zero: 0.5\n")
    assert (p.title, p.notation, p.layout, p.reduction) == ("演習 3", "uz", "column", "sum")
    assert (p.update, p.decimals, p.relu_grad_at_zero) == (("W",), 2, F(1, 2))
    assert load(MINIMAL + "update: [b, W]\n").update == ("W", "b")  # canonical order


def test_numbers_are_exact_from_their_text():
    p = load(MINIMAL.replace("learning_rate: 0.5", 'learning_rate: "1/3"'))
    assert p.learning_rate == F(1, 3)
    assert p.layers[0].W[0] == [F(1, 10), F(2, 10)]  # 0.1 is exactly a tenth
    assert p.inputs == [[F(1), F(1, 2)]] and p.targets == [[F(0), F(1)]]
    assert p.sizes == [2, 3, 2] and p.batch == 1


def test_a_mini_batch():
    p = load(MINIMAL.replace("input: [1, 0.5]", "input: [[1, 0.5], [0, 1], [2, 3]]")
             .replace("target: [0, 1]", "target: [[0, 1], [1, 0], [0.25, 0.75]]"))
    assert p.batch == 3
    assert p.targets[2] == [F(1, 4), F(3, 4)]


def test_one_output_unit_may_take_a_bare_number_as_target():
    text = """\
handcalc: 1
input: [1, 2]
target: 0.5
layers:
  - {activation: sigmoid, W: [[0.1, 0.2]], b: [0]}
loss: binary_cross_entropy
learning_rate: 1
"""
    assert load(text).targets == [[F(1, 2)]]


def test_blank_title_is_empty_and_decimals_may_be_full_width():
    p = load(MINIMAL + "title: ~\ndecimals: ３\n")
    assert p.title == "" and p.decimals == 3


def test_numbers_are_bounded_for_a_hand_calculation():
    """Numbers at the edge of the bounds load; just past them, they do not."""
    load(MINIMAL.replace("b: [0, 0]", "b: [1000000, 0.000000001]"))
    with pytest.raises(InputError, match="too large"):
        load(MINIMAL.replace("b: [0, 0]", "b: [1000001, 0]"))
    load(MINIMAL.replace("b: [0, 0]", "b: [0.000000000001, 1/999999999]"))
    with pytest.raises(InputError, match="too small for a hand calculation"):
        load(MINIMAL.replace("b: [0, 0]", "b: [0.0000000000009, 0]"))
    with pytest.raises(InputError, match="a fraction too fine"):
        load(MINIMAL.replace("b: [0, 0]", "b: [1/1000000001, 0]"))


def test_a_decimal_may_have_as_many_digits_as_a_float_prints():
    """17 significant digits (what repr prints for any float) are read exactly; 18 are not a
    float's digits and are refused with the count and the fix."""
    p = load(MINIMAL.replace("b: [0, 0]", "b: [1.6243453636632417, -0.000012345678901234567]"))
    assert p.layers[1].b == [F("1.6243453636632417"), F("-0.000012345678901234567")]
    with pytest.raises(InputError, match="with 18 significant digits; a float holds at most 17"):
        load(MINIMAL.replace("b: [0, 0]", "b: [1.62434536366324171, 0]"))
