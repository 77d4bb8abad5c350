"""Properties of the readers on random well-formed texts (hypothesis): a learner's number is worth
what Python's Fraction arithmetic makes of the same calculation, and a graph node definition
written out is read back to the same operation, arguments and offsets."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handcalc import expr
from handcalc.formula import Call, Const, Sym

# --- a written number against Fraction arithmetic ------------------------------------------------

# operators as a learner may type them: ASCII, or the signs on paper and a Japanese keyboard
PLUS, MINUS = ["+"], ["-", "−", "－"]
TIMES, DIVIDED = ["*", "×", "·"], ["/", "÷"]


def decimal_text(value: F, places: int) -> str:
    """A non-negative value with a terminating expansion written with ``places`` decimals."""
    scaled = value.numerator * 10**places // value.denominator
    whole, frac = divmod(scaled, 10**places)
    return f"{whole}.{str(frac).rjust(places, '0')}" if places else str(whole)


@st.composite
def numbers(draw) -> tuple[str, F]:
    """A non-negative number as written (12, 0.25, .5, ３), with its exact value."""
    places = draw(st.integers(0, 3))
    value = F(draw(st.integers(0, 2000)), 10**places)
    text = decimal_text(value, places)
    if text.startswith("0.") and draw(st.booleans()):
        text = text[1:]  # .25
    if draw(st.integers(0, 9)) == 0:
        text = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    return text, value


def _space(draw) -> str:
    return draw(st.sampled_from(["", "", " ", "  "]))


@st.composite
def calculations(draw, depth: int = 3) -> tuple[str, F | None]:
    """A calculation, fully parenthesised where it nests, and its value by Fraction arithmetic
    (None when it divides by zero somewhere)."""
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return draw(numbers())
    kind = draw(st.sampled_from(["+", "-", "*", "/", "neg", "pow"]))
    a_text, a = draw(calculations(depth - 1))
    if kind == "neg":
        return f"{draw(st.sampled_from(MINUS))}({a_text})", None if a is None else -a
    if kind == "pow":
        k = draw(st.integers(-2, 3))
        undefined = a is None or (a == 0 and k < 0)
        k_text = f"({k})" if k < 0 else str(k)
        power = draw(st.sampled_from(["^", "**"]))
        return f"({a_text}){power}{k_text}", None if undefined else a**k
    b_text, b = draw(calculations(depth - 1))
    op = draw(st.sampled_from({"+": PLUS, "-": MINUS, "*": TIMES, "/": DIVIDED}[kind]))
    text = f"({a_text}){_space(draw)}{op}{_space(draw)}({b_text})"
    if a is None or b is None or (kind == "/" and b == 0):
        return text, None
    value = {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else a}[kind]
    return text, value


@settings(max_examples=400, deadline=None)
@given(calculations())
def test_a_written_calculation_is_worth_its_fraction_arithmetic(case):
    """Whatever the spelling of its signs and digits, the reader's value is the exact value
    Python's Fraction gives; dividing by zero is a NumberError that says so."""
    text, value = case
    if value is None:
        with pytest.raises(expr.NumberError, match="division by zero"):
            expr.parse_number(text, "arithmetic")
        return
    got = expr.parse_number(text, "arithmetic")
    assert isinstance(got, F)
    assert got == value


@settings(max_examples=200, deadline=None)
@given(numbers(), st.integers(1, 999), st.sampled_from(["", "-", "+"]))
def test_a_plain_fraction_is_its_quotient(numerator, denominator, sign):
    """At the plain level a signed number or fraction is read, worth sign·p/q exactly."""
    text, value = numerator
    got = expr.parse_number(f"{sign}{text}/{denominator}", "plain")
    assert got == (-value if sign == "-" else value) / denominator


# --- a graph node's definition read back -----------------------------------------------------

LETTERS = st.characters(categories=["Lu", "Ll", "Lo"])
names = st.builds(lambda first, rest: first + rest,
                  st.one_of(LETTERS, st.just("_")),
                  st.text(st.one_of(LETTERS, st.sampled_from("_0123456789")), max_size=6))


@st.composite
def constants(draw) -> tuple[str, F]:
    """A constant as a graph file writes it (-1, 0.25, 3/4, +2) and its value."""
    sign = draw(st.sampled_from(["", "-", "+"]))
    if draw(st.booleans()):
        p, q = draw(st.integers(0, 99)), draw(st.integers(1, 99))
        text, value = (f"{p}/{q}", F(p, q)) if q > 1 else (str(p), F(p))
    else:
        places = draw(st.integers(1, 3))
        value = F(draw(st.integers(0, 999)), 10**places)
        text = decimal_text(value, places)
    return sign + text, (-value if sign == "-" else value)


@settings(max_examples=300, deadline=None)
@given(names, st.lists(st.one_of(names.map(lambda n: (n, Sym(n))),
                                 constants().map(lambda c: (c[0], Const(c[1])))),
                       min_size=1, max_size=4),
       st.sampled_from(["", " "]), st.sampled_from(["", "  "]))
def test_a_node_definition_reads_back_to_its_call(op, args, gap, lead):
    """op(a, b, …) written out is read to Call(op, args) with each argument's offset where it
    was written."""
    text, offsets = f"{lead}{op}(", []
    for i, (arg_text, _) in enumerate(args):
        if i:
            text += "," + gap
        offsets.append(len(text))
        text += arg_text
    text += ")" + gap
    tree, op_off, got_offsets = expr.parse_call(text)
    assert tree == Call(op, tuple(node for _, node in args))
    assert op_off == len(lead)
    assert got_offsets == offsets
