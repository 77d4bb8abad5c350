"""Reading numbers as people write them (exactly, never with eval), and showing them plainly."""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handcalc.expr import MAX_TEXT, NumberError, parse_number
from handcalc.numbers import (
    exact_text,
    is_exact,
    round_half_away,
    show,
    show_approx,
    to_json_number,
    tolerance,
)

# --- reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("0.1", F(1, 10)),  # exactly a tenth, not the float 0.1000000000000000055…
    ("1/3", F(1, 3)),
    ("0.2*0.5 + 0.1", F(1, 5)),
    ("0.04 - 0.01 + 0.32", F(35, 100)),
    ("-(1/3)", F(-1, 3)),
    ("2^-3", F(1, 8)),
    ("2**3", F(8)),
    ("2**-3", F(1, 8)),
    ("-2^2", F(-4)),  # the sign applies to the power, as on paper
    ("１．５", F(3, 2)),  # full-width digits and point
    ("－0.2", F(-1, 5)),  # full-width minus
    ("−0.2", F(-1, 5)),  # the minus sign U+2212
    ("ー0.2", F(-1, 5)),  # the katakana long-vowel mark, the usual IME slip for a minus
    ("0,5", F(1, 2)),  # comma decimal mark
    ("-0,25", F(-1, 4)),
    ("3×0.5", F(3, 2)),
    ("1÷4", F(1, 4)),
    ("1e-3", F(1, 1000)),
    ("2.5E2", F(250)),
    ("½", F(1, 2)),
    ("0.5²", F(1, 4)),  # a superscript is a power, never a digit (not 0.52)
    ("10⁻²", F(1, 100)),
    (" 0.75 ", F(3, 4)),
    (".5", F(1, 2)),
    ("3.", F(3)),
    ("--1", F(1)),
])
def test_reads_exactly(text, value):
    got = parse_number(text)
    assert is_exact(got)
    assert got == value


@pytest.mark.parametrize("text, value", [
    ("exp(1)", math.e),
    ("e", math.e),
    ("log(2)", math.log(2)),
    ("sqrt(2)", math.sqrt(2)),
    ("2^0.5", math.sqrt(2)),
    ("1/(1 + exp(-0.5))", 1 / (1 + math.exp(-0.5))),
])
def test_exp_log_and_roots_give_floats(text, value):
    got = parse_number(text)
    assert isinstance(got, float)
    assert got == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize("text, reason", [
    ("nan", "not a finite number"),
    (".nan", "not a finite number"),
    ("inf", "not a finite number"),
    ("-.inf", "not a finite number"),
    ("∞", "not a finite number"),
    ("exp(700)*exp(700)", "not a finite number"),
    ("__import__('os')", "unexpected '_'"),
    ("os.system('ls')", "unknown word 'os'"),
    ("1/0", "division by zero"),
    ("1/(1-1)", "division by zero"),
    ("0^-1", "division by zero"),
    ("2^1000", "exponent 1000 is too large"),
    ("9^9^9", "is too large"),
    ("(10^64)^64", "too large or too fine"),
    ("1e300*1e300", "too large or too fine"),
    ("1e-400", "power of ten -400 is out of range"),
    ("x" * (MAX_TEXT + 1), "too long"),
    ("abc", "unknown word 'abc'"),
    ("", "empty"),
    ("1..2", "unexpected '.'"),
    ("(1", "missing ')'"),
    ("2*", "a number is missing"),
    ("log(0)", "log(0) is not defined"),
    ("sqrt(-1)", "sqrt(-1) is not defined"),
    ("(-8)^(1/3)", "power of a negative number"),
    ("sqrt 4", "sqrt needs parentheses"),
    ("1,000", "ambiguous"),  # a thousand, or one with a comma decimal mark?
    ("1₂", "unexpected '₂'"),  # a subscript is not a digit
    ("①", "unexpected '①'"),
    ("(" * 60 + "1" + ")" * 60, "too many parentheses"),
    ("-" * 60 + "1", "too many signs"),
])
def test_rejects_with_a_reason(text, reason):
    with pytest.raises(NumberError) as info:
        parse_number(text)
    assert reason in str(info.value)
    assert reason in info.value.reason or "too long" in reason


def test_the_reason_points_at_the_character():
    with pytest.raises(NumberError) as info:
        parse_number("0.2 * 0.5 +* 0.1")
    assert info.value.reason == "unexpected '*' at character 12"
    assert str(info.value) == "unexpected '*' at character 12 of '0.2 * 0.5 +* 0.1'"


def test_python_values_are_accepted_but_not_bools():
    assert parse_number(3) == 3 and is_exact(parse_number(3))
    assert parse_number(F(1, 3)) == F(1, 3)
    assert parse_number(0.1) == F(1, 10)  # the float's shortest repr, as written
    for bad in (True, None, [1], float("nan"), float("inf")):
        with pytest.raises(NumberError):
            parse_number(bad)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_a_number_or_a_number_error(text):
    try:
        value = parse_number(text)
    except NumberError as e:
        assert str(e) and e.reason
        return
    assert is_exact(value) or math.isfinite(value)


_PIECES = st.sampled_from(list("0123456789.+-*/^() e,") + ["**", "exp(", "log(", "sqrt(", "1e",
                                                           "²", "½", "１", "－", "×", "64"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=50).map("".join))
def test_arithmetic_like_text_never_escapes_as_another_error(text):
    """Arithmetic-looking text is a number or a NumberError with its reason, and a number read
    is shown as one token that reads back as the same value (to the 4 places shown)."""
    try:
        value = parse_number(text)
    except NumberError as e:
        assert str(e) and e.reason
        return
    assert is_exact(value) or math.isfinite(value)
    shown = show(value, 4)
    assert shown and not any(c.isspace() for c in shown), shown
    again = parse_number(shown)
    if is_exact(value) and is_exact(again) and "/" in shown:
        assert again == value, (text, shown)  # a fraction is shown exactly
    else:
        assert math.isclose(float(again), float(value), rel_tol=1e-3, abs_tol=0.5e-4), \
            (text, shown)


@given(st.fractions(max_denominator=10**6).filter(lambda q: abs(q) < 10**6))
def test_exact_fractions_read_back(q):
    assert parse_number(f"{q.numerator}/{q.denominator}") == q
    assert parse_number(exact_text(q)) == q


@given(st.decimals(min_value=-10**6, max_value=10**6, places=6, allow_nan=False))
def test_decimals_read_exactly(d):
    assert parse_number(str(d)) == F(d)


# --- showing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value, decimals, text", [
    (F(3, 20), 4, "0.15"),  # an exact terminating decimal is shown exactly
    (F(-3, 20), 4, "-0.15"),
    (F(1, 3), 4, "1/3"),  # a fraction that never ends stays a fraction
    (F(-1, 3), 4, "-1/3"),
    (F(7), 4, "7"),
    (F(0), 4, "0"),
    (0.123456, 4, "0.1235"),  # a float is rounded to the asked places
    (0.5, 4, "0.5000"),
    (2.5, 0, "3"),
    (-2.5, 0, "-3"),
    (-0.00001, 4, "0.0000"),  # never '-0.0000'
    (-1e-10, 2, "0.00"),
    (-0.4, 0, "0"),
    (1e20, 2, "100000000000000000000.00"),
])
def test_show(value, decimals, text):
    assert show(value, decimals) == text


def test_show_never_prints_a_negative_zero():
    for v in (-1e-9, -0.000004999, -1e-300, -0.0):
        for d in range(0, 6):
            assert not show(v, d).startswith("-")


def test_show_approx_adds_the_decimal_of_a_fraction():
    assert show_approx(F(1, 3), 4) == "1/3 ≈ 0.3333"
    assert show_approx(F(-2, 3), 2) == "-2/3 ≈ -0.67"
    assert show_approx(F(3, 20), 4) == "0.15"


def test_huge_exact_values_are_shown_without_failing():
    assert show(F(1, 3**100), 4) == "0.0000"  # a fraction nobody would write out
    assert show(F(10**5000 + 1, 3), 4) == "3.3333e+4999"  # past Python's int-to-text limit
    assert exact_text(F(1, 3**500)) is None


@pytest.mark.parametrize("value, decimals, rounded", [
    (F(5, 2), 0, F(3)),
    (F(-5, 2), 0, F(-3)),  # halves away from zero, as taught at school
    (F(1, 8), 2, F(13, 100)),
    (F(-1, 8), 2, F(-13, 100)),
    (F(1, 3), 4, F(3333, 10000)),
    (F(2, 3), 4, F(6667, 10000)),
    (0.5, 0, F(1)),
    (2.675, 2, F(267, 100)),  # the float 2.675 is 2.67499999…: rounded as it is
    (F(2675, 1000), 2, F(268, 100)),  # the exact 2.675 rounds up
])
def test_round_half_away(value, decimals, rounded):
    assert round_half_away(value, decimals) == rounded


@given(st.fractions(max_denominator=10**8), st.integers(0, 8))
def test_rounding_is_within_half_a_unit(q, decimals):
    r = round_half_away(q, decimals)
    assert abs(r - q) <= tolerance(decimals)
    assert (r * 10**decimals).denominator == 1
    assert round_half_away(-q, decimals) == -r


def test_exact_text_and_json():
    assert exact_text(F(3, 20)) == "3/20"
    assert exact_text(F(-2)) == "-2"
    assert exact_text(0.5) is None
    assert to_json_number(F(4)) == 4 and isinstance(to_json_number(F(4)), int)
    assert to_json_number(F(1, 4)) == 0.25
    assert tolerance(4) == F(1, 20000)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
       st.integers(min_value=0, max_value=8))
def test_float_shown_as_school_rounding(value, decimals):
    """show() of a float equals the exact half-away-from-zero rounding (the fast path agrees)."""
    r = round_half_away(value, decimals)
    if r == 0:
        expected = "0" if value == 0 else f"{0:.{decimals}f}"
    else:
        whole, frac = divmod(abs(r.numerator) * 10**decimals // r.denominator, 10**decimals)
        expected = ("-" if r < 0 else "") + str(whole) + (
            f".{str(frac).rjust(decimals, '0')}" if decimals else "")
    assert show(value, decimals) == expected


def test_float_ties_round_away_from_zero():
    """Exact binary ties round away from zero, as at school: 0.125 → 0.13, -2.5 → -3."""
    assert show(0.125, 2) == "0.13" and show(-0.125, 2) == "-0.13"
    assert show(2.5, 0) == "3" and show(-2.5, 0) == "-3"
