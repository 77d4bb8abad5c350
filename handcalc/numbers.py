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
import re
import unicodedata
from fractions import Fraction

Number = Fraction | float

MAX_TEXT = 200  # characters in one written number; a hand-written answer is short
MAX_EXPONENT = 64  # |k| in x^k; bounds the size of an exact power
MAX_BITS = 1100  # numerator/denominator size of any exact intermediate value (about 330 digits)
MAX_SHOWN_DIGITS = 40  # an exact fraction longer than this is shown rounded, like a float

# What a written number may be (``check --numbers``): one number or fraction; arithmetic
# (+ − × ÷ ^ and parentheses); or arithmetic with the functions exp, log, ln, sqrt and e.
LEVELS = ("plain", "arithmetic", "functions")


class NumberError(ValueError):
    """A text that is not a number this parser reads; the message says why.

    ``reason`` is the why alone ("unknown word 'abc' at character 1"), for callers that show
    the text themselves; ``text`` is what was read (None when it was not text).
    """

    def __init__(self, message: str, reason: str | None = None, text: str | None = None):
        super().__init__(message)
        self.reason = reason if reason is not None else message
        self.text = text


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
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash, a common typing slip for minus
    "\u30fc": "-",  # ー (katakana long-vowel mark), the usual IME slip for a full-width minus
    "\uff70": "-",  # ｰ (its half-width form)
    "\u2044": "/",  # fraction slash (from ½ and the like)
    "\u00d7": "*",  # ×
    "\u22c5": "*",  # ⋅
    "\u00b7": "*",  # ·
    "\u00f7": "/",  # ÷
    "\u3000": " ",  # ideographic space
}


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_THOUSANDS = re.compile(r"[+-]?[1-9][0-9]{0,2},[0-9]{3}")


def _char(ch: str) -> str:
    """One character made plain: full-width to ASCII (NFKC), ½ to (1/2); other number signs
    (subscripts, circled digits) are kept as they are, so that they stop the parser instead
    of silently turning into digits (x₂ is not x2)."""
    if unicodedata.category(ch) == "No":
        plain = unicodedata.normalize("NFKC", ch)
        return f"({plain.replace(chr(0x2044), '/')})" if "\u2044" in plain else ch
    return unicodedata.normalize("NFKC", ch)


def normalise(text: str) -> str:
    """Full-width to ASCII (NFKC), ×÷· to */, superscripts to powers (0.5² → 0.5^(2)),
    ½ to (1/2), any space to ' ', a lone comma between digits to a decimal point."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻":
            j = i
            while j < len(text) and text[j] in "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻":
                j += 1
            out.append("^(" + text[i:j].translate(_SUPERSCRIPTS) + ")")
            i = j
            continue
        out.append(_char(ch))
        i += 1
    text = "".join(_REPLACEMENTS.get(ch, " " if ch.isspace() else ch) for ch in "".join(out))
    text = text.strip()
    if "." not in text and text.count(",") == 1 and not _THOUSANDS.fullmatch(text):
        i = text.index(",")
        if 0 < i < len(text) - 1 and text[i - 1].isdecimal() and text[i + 1].isdecimal():
            text = text[:i] + "." + text[i + 1 :]
    return text


_FUNCTIONS = {
    "exp": math.exp,
    "log": math.log,
    "ln": math.log,
    "sqrt": math.sqrt,
}


class _Parser:
    """Recursive descent over: expr := term (± term)*; term := unary (*/ unary)*;
    unary := ± unary | power; power := atom (^ unary)?; atom := number | e | f(expr) | (expr).

    Every exact intermediate value is bounded (``MAX_BITS``), so no text under ``MAX_TEXT``
    characters can make a huge integer, and nesting is bounded (50 signs or parentheses)."""

    def __init__(self, text: str, shown: str | None = None, level: str = "functions"):
        self.text = text  # normalised
        self.shown = text if shown is None else shown  # as written, for messages
        self.pos = 0
        self.depth = 0
        self.level = level

    def fail(self, what: str, at: int | None = None) -> NumberError:
        reason = f"{what} at character {(self.pos if at is None else at) + 1}"
        return NumberError(f"{reason} of {self.shown!r}", reason, self.shown)

    def peek(self) -> str:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def bounded(self, value: Number, at: int) -> Number:
        if is_exact(value):
            q = to_fraction(value)
            if q.numerator.bit_length() > MAX_BITS or q.denominator.bit_length() > MAX_BITS:
                raise self.fail("the number is too large or too fine to work with", at)
        return value

    def deeper(self, what: str) -> None:
        self.depth += 1
        if self.depth > 50:
            raise self.fail(f"too many {what}")

    def parse(self) -> Number:
        value = self.expr()
        if self.peek():
            raise self.fail(f"unexpected {self.peek()!r}")
        return value

    def expr(self) -> Number:
        value = self.term()
        while self.peek() in ("+", "-"):
            op = self.text[self.pos]
            at = self.pos
            self.pos += 1
            right = self.term()
            value = self.bounded(value + right if op == "+" else value - right, at)
        return value

    def term(self) -> Number:
        value = self.unary()
        while True:
            ch = self.peek()
            at = self.pos
            if ch == "*" and not self.text.startswith("**", self.pos):
                self.pos += 1
                value = self.bounded(value * self.unary(), at)
            elif ch == "/":
                self.pos += 1
                right = self.unary()
                if right == 0:
                    raise self.fail("division by zero")
                value = self.bounded(value / right, at)
            else:
                return value

    def unary(self) -> Number:
        ch = self.peek()
        if ch in ("+", "-"):
            self.pos += 1
            self.deeper("signs")
            value = self.unary()
            self.depth -= 1
            return -value if ch == "-" else value
        return self.power()

    def power(self) -> Number:
        base = self.atom()
        self.peek()
        at = self.pos
        if self.text.startswith("**", self.pos) or self.text.startswith("^", self.pos):
            self.pos += 2 if self.text.startswith("**", self.pos) else 1
            self.deeper("powers")
            exponent = self.unary()
            self.depth -= 1
            return self.bounded(_power(base, exponent, self), at)
        return base

    def atom(self) -> Number:
        ch = self.peek()
        if ch == "(":
            self.pos += 1
            self.deeper("parentheses")
            value = self.expr()
            self.depth -= 1
            if self.peek() != ")":
                raise self.fail("missing ')'")
            self.pos += 1
            return value
        if ch.isdecimal() or ch == ".":
            return self.number()
        if ch.isalpha():
            start = self.pos
            while self.pos < len(self.text) and self.text[self.pos].isalpha():
                self.pos += 1
            name = self.text[start : self.pos].lower()
            if self.level != "functions" and (name == "e" or name in _FUNCTIONS):
                self.pos = start
                raise self.fail(f"{name} is not allowed here: work the number out (answers "
                                f"are read with --numbers {self.level}; exp, log, ln, sqrt "
                                "and e need --numbers functions)")
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
        while self.pos < len(text) and text[self.pos].isdecimal():
            self.pos += 1
        if self.pos < len(text) and text[self.pos] == ".":
            self.pos += 1
            while self.pos < len(text) and text[self.pos].isdecimal():
                self.pos += 1
        digits = text[start : self.pos]
        if digits == ".":
            raise self.fail("a lone '.'", start)
        value = Fraction(digits)
        # scientific notation: 1e-3, 2.5E4 (but not the constant e on its own)
        if self.pos < len(text) and text[self.pos] in "eE":
            j = self.pos + 1
            if j < len(text) and text[j] in "+-":
                j += 1
            k = j
            while k < len(text) and text[k].isdecimal():
                k += 1
            if k > j:
                exponent = int(text[j:k]) * (-1 if text[self.pos + 1] == "-" else 1)
                if abs(exponent) > 300:
                    raise self.fail(f"the power of ten {exponent} is out of range "
                                    "(at most ±300)", start)
                value *= Fraction(10) ** exponent
                self.pos = k
        return self.bounded(value, start)


def _power(base: Number, exponent: Number, parser: _Parser) -> Number:
    """base ** exponent: exact for an exact base and a small integer exponent, else a float."""
    if is_exact(exponent) and to_fraction(exponent).denominator == 1:
        k = int(exponent)
        if abs(k) > MAX_EXPONENT:
            raise parser.fail((f"exponent {k}" if abs(k) < 10**9 else "the exponent")
                              + f" is too large (at most {MAX_EXPONENT})")
        if base == 0 and k < 0:
            raise parser.fail("division by zero")
        try:
            return base**k
        except OverflowError:
            raise parser.fail("power out of range") from None
    try:
        result = float(base) ** float(exponent)
    except (OverflowError, ZeroDivisionError):
        raise parser.fail("power out of range") from None
    if isinstance(result, complex):
        raise parser.fail("power of a negative number")
    return result


_NOT_FINITE = ("nan", ".nan", "inf", ".inf", "infinity", "∞")


_PLAIN = re.compile(r"[+-]? ?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?( ?/ ?[+-]?(\d+\.?\d*|\.\d+))?")


def parse_number(text: object, level: str = "functions") -> Number:
    """A written number (decimal, fraction, simple arithmetic) as a Fraction, or a float
    once exp/log/sqrt/e or a fractional power appears; NumberError says why not.

    ``level`` (one of LEVELS) is what may be written: ``plain`` one number or fraction
    (-0.25, 3/20, 1e-3), ``arithmetic`` also + − × ÷ ^ and parentheses, ``functions`` also
    exp, log, ln, sqrt and e."""
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
    shown = text.strip()
    if not cleaned:
        raise NumberError("empty", "empty", text)
    if len(cleaned) > 2 * MAX_TEXT:  # a few characters expand under NFKC (﷽ is 18)
        raise NumberError(f"too long ({len(cleaned)} characters; at most {MAX_TEXT})")
    if cleaned.lower().lstrip("+- ") in _NOT_FINITE:
        raise NumberError(f"{shown} is not a finite number", "not a finite number", text)
    if _THOUSANDS.fullmatch(cleaned):
        reason = (f"ambiguous: write {cleaned.replace(',', '')} for the whole number, or "
                  f"{cleaned.replace(',', '.')} with a decimal point")
        raise NumberError(f"{shown!r} is {reason}", reason, text)
    if level == "plain" and not _PLAIN.fullmatch(cleaned):
        reason = ("write one number or a fraction (like -0.25 or 3/20), not a calculation "
                  "(answers are read with --numbers plain)")
        raise NumberError(f"{shown!r}: {reason}", reason, text)
    try:
        value = _Parser(cleaned, shown, level).parse()
    except (OverflowError, ValueError) as e:  # ValueError: NumberError, or a digit Python refuses
        if isinstance(e, NumberError):
            raise
        raise NumberError(f"{shown!r} is out of range", "out of range", text) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise NumberError(f"{shown!r} is not a finite number", "not a finite number", text)
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


def significant_digits(value: Fraction) -> int | None:
    """How many significant digits a terminating decimal has (1.625 → 4, 0.0012 → 2), None if
    its expansion never ends (1/3)."""
    places = terminating_places(value)
    if places is None:
        return None
    scaled = abs(value.numerator) * (10**places // value.denominator)
    return len(str(scaled).rstrip("0")) if scaled else 1


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


_SHOWN: dict[tuple, str] = {}  # (type, value, decimals) → text: a δ is shown in many formulas


def show(value: Number, decimals: int) -> str:
    """A value as shown in a solution: exact decimals exactly, other fractions as p/q,
    floats rounded to ``decimals`` places."""
    key = (type(value), value, decimals)  # typed: 0.5 and Fraction(1, 2) are shown differently
    text = _SHOWN.get(key)
    if text is None:
        if len(_SHOWN) > 50_000:
            _SHOWN.clear()
        text = _SHOWN[key] = _show(value, decimals)
    return text


def _show(value: Number, decimals: int) -> str:
    if is_exact(value):
        q = to_fraction(value)
        if _digits(q.numerator) - _digits(q.denominator) > 300:
            return _scientific(q)
        text = exact_decimal(q)
        if text is not None:
            return text
        digits = significant_digits(q)
        if digits is not None and digits <= 17:  # a long decimal a float could hold, as written,
            text = _long_decimal(q)  # unless its fraction is shorter (540003/2560000)
            if len(text) < len(f"{q.numerator}/{q.denominator}"):
                return text
        if _digits(q.numerator) + _digits(q.denominator) <= MAX_SHOWN_DIGITS:
            return f"{q.numerator}/{q.denominator}"
        # a fraction nobody would write out: rounded, like a float (exactly, from the fraction)
        return _rounded_text(q, decimals)
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"  # an exact zero (0.47 × 0) is written 0, not 0.0000
    return _rounded_text(value, decimals)


def _long_decimal(q: Fraction) -> str:
    """A terminating decimal of more than ``MAX_EXACT_DECIMALS`` places, every digit written
    (1.6243453636632417, as a published example prints it)."""
    places = terminating_places(q) or 0
    scaled = abs(q.numerator) * (10**places // q.denominator)
    digits = str(scaled).rjust(places + 1, "0")
    return f"{'-' if q < 0 else ''}{digits[:-places]}.{digits[-places:]}"


def _digits(n: int) -> int:
    """Decimal digits of |n|, roughly (never converts a huge int to text)."""
    return max(1, int(abs(n).bit_length() * 0.30103) + 1)


def _scientific(q: Fraction) -> str:
    """A huge exact value as '1.2346e+400' (beyond any float; never a 4,000-digit text)."""
    e = _digits(q.numerator) - _digits(q.denominator)
    m = abs(q) / Fraction(10) ** e
    while m >= 10:
        m, e = m / 10, e + 1
    while m < 1:
        m, e = m * 10, e - 1
    return f"{'-' if q < 0 else ''}{float(m):.4f}e+{e}"


def _rounded_text(value: Number, decimals: int) -> str:
    """The value rounded half away from zero to ``decimals`` places; never '-0.00'."""
    if isinstance(value, float):
        # Python formats the exact binary value correctly rounded, ties to even; that is school
        # rounding except at an exact tie (…5000… after the last place), done exactly below.
        tail = f"{abs(value):.{decimals + 25}f}"[-25:]
        if tail.rstrip("0") != "5":
            text = f"{value:.{decimals}f}"
            return text[1:] if text[0] == "-" and not text.strip("-0.") else text
    r = round_half_away(value, decimals)
    whole, frac = divmod(abs(r.numerator) * 10**decimals // r.denominator, 10**decimals)
    sign = "-" if r < 0 else ""
    text = f"{sign}{whole}" + (f".{str(frac).rjust(decimals, '0')}" if decimals > 0 else "")
    return text


def show_approx(value: Number, decimals: int) -> str:
    """Like ``show``, plus '≈ 0.3333' after a fraction whose decimal never ends."""
    text = show(value, decimals)
    if is_exact(value) and "/" in text:
        return f"{text} ≈ {_rounded_text(value, decimals)}"
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
    if _digits(q.numerator) + _digits(q.denominator) > 200:
        return None  # too long to be of use (and past Python's int-to-text limit soon after)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def tolerance(decimals: int) -> Fraction:
    """Half a unit in the last asked place: the grading tolerance."""
    return Fraction(1, 2 * 10**decimals)
