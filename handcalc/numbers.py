"""Numbers as a person writes them: exact where the arithmetic allows, read safely, shown plainly.

A value is a ``Fraction`` while every operation so far was rational, and a ``float`` after the
first exp, log, sigmoid, tanh or softmax.  Python's own arithmetic keeps that rule for us:
``Fraction + Fraction`` stays a ``Fraction``; anything mixed with a ``float`` becomes a float.

Reading a number never calls ``eval``: ``parse_number`` is a small recursive-descent parser over
``+ - * / ^ ( )``, a few functions (exp, log, sqrt) and the constant e, with bounded length and
exponents.  Full-width digits and signs (``０．５``, ``－0.2``), ``×``/``÷`` and a comma decimal
mark are normalised first.
"""

from __future__ import annotations

import math
import unicodedata
from fractions import Fraction
from typing import Union

Number = Union[Fraction, float]

MAX_TEXT = 200  # characters in one written number; a hand-written answer is short
MAX_EXPONENT = 64  # |k| in x^k; bounds the size of an exact power


class NumberError(ValueError):
    """A text that is not a number this parser reads; the message says why."""


def is_exact(value: object) -> bool:
    """True for values kept exactly (int or Fraction), False for floats."""
    return isinstance(value, (int, Fraction)) and not isinstance(value, bool)


def to_fraction(value: int | Fraction) -> Fraction:
    """An exact value as a Fraction (ints included)."""
    return value if isinstance(value, Fraction) else Fraction(value)


def is_finite(value: Number) -> bool:
    """False for NaN and ±inf; exact values are always finite."""
    return is_exact(value) or math.isfinite(value)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------

_REPLACEMENTS = {
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash, a common typing slip for minus
    "\u00d7": "*",  # ×
    "\u22c5": "*",  # ⋅
    "\u00b7": "*",  # ·
    "\u00f7": "/",  # ÷
    "\u3000": " ",  # ideographic space
}


def normalise(text: str) -> str:
    """Full-width to ASCII (NFKC), ×÷· to */, a lone comma between digits to a decimal point."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_REPLACEMENTS.get(ch, ch) for ch in text)
    if "." not in text and text.count(",") == 1:
        i = text.index(",")
        if 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            text = text[:i] + "." + text[i + 1 :]
    return text.strip()


_FUNCTIONS = {
    "exp": math.exp,
    "log": math.log,
    "ln": math.log,
    "sqrt": math.sqrt,
}


class _Parser:
    """Recursive descent over: expr := term (± term)*; term := unary (*/ unary)*;
    unary := ± unary | power; power := atom (^ unary)?; atom := number | e | f(expr) | (expr)."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.depth = 0

    def fail(self, what: str) -> NumberError:
        return NumberError(f"{what} at character {self.pos + 1} of {self.text!r}")

    def peek(self) -> str:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def take(self, token: str) -> bool:
        if self.text.startswith(token, self.pos) or (self.peek() and self.text.startswith(token, self.pos)):
            self.pos += len(token)
            return True
        return False

    def parse(self) -> Number:
        value = self.expr()
        if self.peek():
            raise self.fail(f"unexpected {self.peek()!r}")
        return value

    def expr(self) -> Number:
        value = self.term()
        while self.peek() in ("+", "-"):
            op = self.text[self.pos]
            self.pos += 1
            right = self.term()
            value = value + right if op == "+" else value - right
        return value

    def term(self) -> Number:
        value = self.unary()
        while True:
            ch = self.peek()
            if ch == "*" and not self.text.startswith("**", self.pos):
                self.pos += 1
                value = value * self.unary()
            elif ch == "/":
                self.pos += 1
                right = self.unary()
                if right == 0:
                    raise self.fail("division by zero")
                value = value / right
            else:
                return value

    def unary(self) -> Number:
        ch = self.peek()
        if ch in ("+", "-"):
            self.pos += 1
            self.depth += 1
            if self.depth > 50:
                raise self.fail("too many signs")
            value = self.unary()
            self.depth -= 1
            return -value if ch == "-" else value
        return self.power()

    def power(self) -> Number:
        base = self.atom()
        self.peek()
        if self.text.startswith("**", self.pos) or self.text.startswith("^", self.pos):
            self.pos += 2 if self.text.startswith("**", self.pos) else 1
            exponent = self.unary()
            return _power(base, exponent, self)
        return base

    def atom(self) -> Number:
        ch = self.peek()
        if ch == "(":
            self.pos += 1
            self.depth += 1
            if self.depth > 50:
                raise self.fail("too many parentheses")
            value = self.expr()
            self.depth -= 1
            if self.peek() != ")":
                raise self.fail("missing ')'")
            self.pos += 1
            return value
        if ch.isdigit() or ch == ".":
            return self.number()
        if ch.isalpha():
            start = self.pos
            while self.pos < len(self.text) and self.text[self.pos].isalpha():
                self.pos += 1
            name = self.text[start : self.pos].lower()
            if name == "e":
                return math.e
            if name in _FUNCTIONS:
                if self.peek() != "(":
                    raise self.fail(f"{name} needs parentheses, like {name}(0.5)")
                arg = self.atom()
                try:
                    return _FUNCTIONS[name](float(arg))
                except (ValueError, OverflowError):
                    raise self.fail(f"{name}({_plain(arg)}) is not defined") from None
            self.pos = start
            raise self.fail(f"unknown word {name!r}")
        if not ch:
            raise self.fail("a number is missing")
        raise self.fail(f"unexpected {ch!r}")

    def number(self) -> Fraction:
        start = self.pos
        text = self.text
        while self.pos < len(text) and text[self.pos].isdigit():
            self.pos += 1
        if self.pos < len(text) and text[self.pos] == ".":
            self.pos += 1
            while self.pos < len(text) and text[self.pos].isdigit():
                self.pos += 1
        digits = text[start : self.pos]
        if digits == ".":
            raise self.fail("a lone '.'")
        value = Fraction(digits)
        # scientific notation: 1e-3, 2.5E4 (but not the constant e on its own)
        if self.pos < len(text) and text[self.pos] in "eE":
            j = self.pos + 1
            if j < len(text) and text[j] in "+-":
                j += 1
            k = j
            while k < len(text) and text[k].isdigit():
                k += 1
            if k > j:
                exponent = int(text[j:k]) * (-1 if text[self.pos + 1] == "-" else 1)
                if abs(exponent) > 300:
                    raise self.fail("exponent too large")
                value *= Fraction(10) ** exponent
                self.pos = k
        return value


def _power(base: Number, exponent: Number, parser: _Parser) -> Number:
    """base ** exponent: exact for an exact base and a small integer exponent, else a float."""
    if is_exact(exponent) and to_fraction(exponent).denominator == 1:
        k = int(exponent)
        if abs(k) > MAX_EXPONENT:
            raise parser.fail(f"exponent {k} is too large (at most {MAX_EXPONENT})")
        if base == 0 and k < 0:
            raise parser.fail("division by zero")
        return base**k
    try:
        result = float(base) ** float(exponent)
    except (OverflowError, ZeroDivisionError):
        raise parser.fail("power out of range") from None
    if isinstance(result, complex):
        raise parser.fail("power of a negative number")
    return result


def parse_number(text: object) -> Number:
    """A written number (decimal, fraction, simple arithmetic) as a Fraction, or a float
    once exp/log/sqrt/e or a fractional power appears; NumberError says why not."""
    if isinstance(text, bool):
        raise NumberError(f"{str(text).lower()} is not a number")
    if isinstance(text, (int, Fraction)):
        return Fraction(text)
    if isinstance(text, float):
        if not math.isfinite(text):
            raise NumberError(f"{text} is not a finite number")
        return Fraction(repr(text))
    if not isinstance(text, str):
        raise NumberError(f"expected a number, found {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise NumberError(f"too long ({len(text)} characters; at most {MAX_TEXT})")
    cleaned = normalise(text)
    if not cleaned:
        raise NumberError("empty")
    low = cleaned.lower().lstrip("+-")
    if low in ("nan", ".nan", "inf", ".inf", "infinity", "∞"):
        raise NumberError(f"{text.strip()} is not a finite number")
    try:
        value = _Parser(cleaned).parse()
    except OverflowError:
        raise NumberError(f"{text.strip()!r} is out of range") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise NumberError(f"{text.strip()!r} is not a finite number")
    return value


# ---------------------------------------------------------------------------------------------
# Showing
# ---------------------------------------------------------------------------------------------

MAX_EXACT_DECIMALS = 10  # an exact value with a longer terminating decimal is shown as a fraction


def terminating_places(value: Fraction) -> int | None:
    """Decimal places of an exact value's terminating expansion, None if it never ends."""
    d = value.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    return max(twos, fives) if d == 1 else None


def exact_decimal(value: Fraction) -> str | None:
    """The exact decimal text of a terminating fraction (3/20 → '0.15'), else None."""
    places = terminating_places(value)
    if places is None or places > MAX_EXACT_DECIMALS:
        return None
    if places == 0:
        return str(value.numerator)
    scaled = abs(value.numerator) * (10**places // value.denominator)
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def round_half_away(value: Number, decimals: int) -> Fraction:
    """The value rounded to ``decimals`` places, halves away from zero (as taught at school)."""
    q = Fraction(value) if not is_exact(value) else to_fraction(value)
    scale = 10**decimals
    scaled = abs(q) * scale
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if q >= 0 else -whole, scale)


def show(value: Number, decimals: int) -> str:
    """A value as shown in a solution: exact decimals exactly, other fractions as p/q,
    floats rounded to ``decimals`` places."""
    if is_exact(value):
        q = to_fraction(value)
        text = exact_decimal(q)
        return text if text is not None else f"{q.numerator}/{q.denominator}"
    if not math.isfinite(value):
        return str(value)
    text = f"{float(round_half_away(value, decimals)):.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


def show_approx(value: Number, decimals: int) -> str:
    """Like ``show``, plus '≈ 0.3333' after a fraction whose decimal never ends."""
    text = show(value, decimals)
    if is_exact(value) and "/" in text:
        return f"{text} ≈ {show(float(value), decimals)}"
    return text


def _plain(value: Number) -> str:
    return show(value, 6)


def to_json_number(value: Number) -> int | float:
    """A value as a JSON number: exact integers as ints, the rest as floats."""
    if is_exact(value) and to_fraction(value).denominator == 1:
        return int(value)
    return float(value)


def exact_text(value: Number) -> str | None:
    """An exact value as a string ('3/20', '-2'), None for floats."""
    if not is_exact(value):
        return None
    q = to_fraction(value)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def tolerance(decimals: int) -> Fraction:
    """Half a unit in the last asked place: the grading tolerance."""
    return Fraction(1, 2 * 10**decimals)
