"""Numbers: exact where the arithmetic allows, rounded as taught, shown plainly.

A value is a ``Fraction`` while every operation so far was rational, and a ``float`` after the
first exp, log, sigmoid, tanh or softmax.  Python's own arithmetic keeps that rule for us:
``Fraction + Fraction`` stays a ``Fraction``; anything mixed with a ``float`` becomes a float.

Reading a number as a person writes it (``parse_number``, ``NumberError``) is the expression
parser's (expr/number.py): it imports this module for showing, so this module cannot import it
back.
"""

from __future__ import annotations

import math
from fractions import Fraction

Number = Fraction | float

MAX_SHOWN_DIGITS = 40  # an exact fraction longer than this is shown rounded, like a float

# What a written number may be (``check --numbers``): one number or fraction; arithmetic
# (+ − × ÷ ^ and parentheses); or arithmetic with the functions exp, log, ln, sqrt and e.
LEVELS = ("plain", "arithmetic", "functions")


def is_exact(value: object) -> bool:
    """True for values kept exactly (int or Fraction), False for floats."""
    return isinstance(value, (int, Fraction)) and not isinstance(value, bool)


def to_fraction(value: Number | int) -> Fraction:
    """An exact value as a Fraction (ints included; a float exactly, for the callers that
    ask ``is_exact`` first and never pass one)."""
    return value if isinstance(value, Fraction) else Fraction(value)


def is_finite(value: Number) -> bool:
    """False for NaN and ±inf; exact values are always finite."""
    return is_exact(value) or math.isfinite(value)


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


# (type, value, decimals) → text: a δ is shown in many formulas
_SHOWN: dict[tuple[type, Number, int], str] = {}


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
