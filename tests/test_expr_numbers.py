"""The one expression parser reads a learner's number and a graph node's op(args) into formula
trees (read first, then evaluated); the values are worked out by hand in each case."""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest

from handcalc import expr
from handcalc.expr import grammar
from handcalc.expr import number as number_module
from handcalc.expr.tokens import plain_decimal
from handcalc.formula import Add, Call, Const, Div, Mul, Neg, Sub, Sym


def read(text: str, level: str = "functions"):
    return expr.read_number(expr.normalise_number(text), text, level)


def test_a_number_is_read_into_a_formula_tree():
    tree, _ = read("1/2 + 3*(2 - 5)")
    assert tree == Add((Div(Const(F(1)), Const(F(2))),
                        Mul((Const(F(3)), Sub(Const(F(2)), Const(F(5)))))))


def test_the_tree_is_evaluated_exactly_while_rational():
    tree, where = read("1/2 + 3*(2 - 5)")
    assert expr.evaluate_number(tree, where, "1/2 + 3*(2 - 5)") == F(-17, 2)  # 0.5 - 9
    tree, where = read("-2^2")  # the sign binds looser than the power, as written on paper
    assert tree == Neg(Call("^", (Const(F(2)), Const(F(2)))))
    assert expr.evaluate_number(tree, where, "-2^2") == -4


def test_functions_give_floats():
    tree, where = read("ln(e)")
    assert isinstance(tree, Call) and tree.name == "ln"
    assert expr.evaluate_number(tree, where, "ln(e)") == pytest.approx(1.0)
    assert expr.parse_number("sqrt(2)^2") == pytest.approx(2.0)
    assert isinstance(expr.parse_number("4^(1/2)"), float)
    assert expr.parse_number("4^(1/2)") == pytest.approx(math.sqrt(4))


def test_an_evaluation_error_names_its_place_in_the_text_as_written():
    # the place named is the character just after the operand at fault (counted by hand):
    # '1/(2-2)' has 7 characters, so the divisor ends before character 8
    with pytest.raises(expr.NumberError) as info:
        expr.parse_number("1/(2-2)")
    assert info.value.reason == "division by zero at character 8"
    with pytest.raises(expr.NumberError) as info:
        expr.parse_number("２^65")  # full-width 2; 4 characters, so character 5
    assert info.value.reason == "exponent 65 is too large (at most 64) at character 5"


def test_the_text_is_read_before_it_is_worked_out():
    # log(-1) is not defined, but the '?' after it is what the learner must fix first
    with pytest.raises(expr.NumberError) as info:
        expr.parse_number("log(-1)?")
    assert info.value.reason == "unexpected '?' at character 8"


def test_a_graph_node_is_read_into_a_call():
    tree, op_off, offsets = expr.parse_call("mul(x, -1)")
    assert tree == Call("mul", (Sym("x"), Const(F(-1))))
    assert (op_off, offsets) == (0, [4, 7])
    tree, _, offsets = expr.parse_call("  add(りんご, 3/4, n_pencil)")
    assert tree == Call("add", (Sym("りんご"), Const(F(3, 4)), Sym("n_pencil")))
    assert offsets == [6, 11, 16]


@pytest.mark.parametrize("text, message, col", [
    ("mul(x, y", "missing ')'", 9),
    ("mul()", "mul() has no arguments", 5),
    ("x", "'x' needs its arguments in parentheses", 2),
    ("mul(x, add(a, b))", "one operation per node", 8),
    ("3", "expected an operation like mul(a, b); found '3'", 1),
])
def test_a_malformed_node_says_what_and_where(text, message, col):
    with pytest.raises(expr.ExprError) as info:
        expr.parse_call(text)
    assert message in info.value.message
    assert info.value.col == col


@pytest.mark.parametrize("text, col", [("⑴x", 1), ("x + ⒈", 5), ("2🄁", 2)])
def test_a_digit_with_no_ascii_digit_of_its_own_is_refused_at_once(text, col):
    """⑴ is '(1)' under NFKC and 🄁 is '0,': the formula tokenizer once looped for ever on
    them (a learner's formula could hang check); now one line with the column."""
    with pytest.raises(expr.ExprError) as info:
        expr.parse(text, expr.Vocabulary(symbols=frozenset("x")))
    assert "cannot be read here" in info.value.message
    assert info.value.col == col


def test_a_full_width_point_in_a_formula_is_a_decimal_point():
    """１．５ is 1.5 in a formula as in a written number (it once hung the tokenizer too)."""
    vocab = expr.Vocabulary(symbols=frozenset("x"))
    assert expr.parse("１．５", vocab) == Const(F(3, 2)) == Const(expr.parse_number("１．５"))
    assert expr.parse("．５x", vocab) == Mul((Const(F(1, 2)), Sym("x")), True)


def test_reading_a_number_loads_only_the_parser_and_the_evaluator():
    """check reads numbers only: its start-up pays for the one parser and the one evaluator,
    nothing heavier (no YAML, no rich, no typer; no graph node reader)."""
    import subprocess
    import sys

    code = ("import sys; from handcalc.expr import parse_number; print(parse_number('1/3')); "
            "print(sorted(m for m in sys.modules if m.startswith('handcalc.expr.'))); "
            "print(sorted(m for m in ('yaml', 'rich', 'typer') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "1/3"
    assert out[1] == ("['handcalc.expr.evaluator', 'handcalc.expr.grammar', "
                      "'handcalc.expr.number', 'handcalc.expr.tokens']")
    assert out[2] == "[]"


def test_a_problem_of_plain_decimals_loads_no_parser():
    """A plain decimal (-0.25: what problem files and most answers hold) is read without the
    parser or the evaluator, so solve on such a problem never loads them (its start-up)."""
    import subprocess
    import sys

    code = ("import sys; from handcalc.expr import parse_number; "
            "print(repr(parse_number('-0.25'))); "
            "print(sorted(m for m in sys.modules if m.startswith('handcalc.expr.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "Fraction(-1, 4)"
    assert out[1] == "['handcalc.expr.tokens']"


@pytest.mark.parametrize("text, value", [
    ("0.25", F(1, 4)), ("-12.375", F(-99, 8)), ("7", F(7)), ("-0", F(0)), ("00.50", F(1, 2)),
    ("3." + "0" * 40 + "1", 3 + F(1, 10**41)),
])
def test_a_plain_decimal_is_read_at_once_and_exactly(text, value):
    """The fast path for -?digits[.digits] (what most answers are) gives the exact decimal,
    the value the full reader gives (read, then evaluated), at every level."""
    for level in ("plain", "arithmetic", "functions"):
        assert expr.parse_number(text, level) == value
        assert type(expr.parse_number(text, level)) is F
        tree, where = read(text, level)
        assert expr.evaluate_number(tree, where, text) == value


@pytest.mark.parametrize("text", ["+0.5", "0.5 ", ".5", "5.", "１", "1e3", "٣", "1,5", "-"])
def test_what_is_not_a_plain_decimal_goes_through_the_reader(text):
    """Signs, spaces, a bare point, full-width or other scripts' digits, powers of ten, commas:
    the full reader's rules, never the fast path's Fraction(text)."""
    assert not plain_decimal(text)
    try:  # and the package's parse_number gives what the reader gives, value or message
        ours: object = expr.parse_number(text)
    except expr.NumberError as e:
        ours = str(e)
    try:
        theirs: object = number_module.parse_number(text)
    except expr.NumberError as e:
        theirs = str(e)
    assert ours == theirs


def test_numbers_and_nodes_are_read_by_the_one_parser():
    """The number and node readers are the one Parser in its NUMBER and NODE dialects."""
    parser = grammar.Parser("1 - 2 - 3", grammar.NUMBER, shown="1 - 2 - 3")
    assert parser.parse() == Sub(Sub(Const(F(1)), Const(F(2))), Const(F(3)))  # from the left
    assert sorted(parser.where.values()) == [(2, 6), (6, 9)]  # each '-', then after its right
    node = grammar.Parser("add(a, 1/2)", grammar.NODE, constant=expr.parse_number)
    assert node.parse() == Call("add", (Sym("a"), Const(F(1, 2))))
    assert (node.at_op, node.offsets) == (0, [4, 7])
    formula = grammar.Parser("1 - 2 - 3", grammar.FORMULA, expr.Vocabulary())
    assert formula.parse() == Add((Const(F(1)), Neg(Const(F(2))), Neg(Const(F(3)))))


def test_long_chains_are_worked_out_by_the_one_evaluator():
    """A written number is evaluated by the formula evaluator (in an exact environment): the
    longest chains a 200-character answer can hold come out exact, counted by hand."""
    assert expr.parse_number("1+" * 99 + "1") == 100
    assert expr.parse_number("2/" * 99 + "2") == F(2, 2**99)  # a hundred 2s: 2 ÷ 2⁹⁹
    assert expr.parse_number("-" * 50 + "3") == 3  # fifty signs cancel
    assert expr.parse_number("(" * 50 + "7" + ")" * 50 + "^2") == 49
