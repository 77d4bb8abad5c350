"""A learner's written number: text → a formula tree (the one parser, ``grammar.Parser``, in
its NUMBER dialect), then its exact value.

What a learner writes on an answer sheet, and a graph's constants: ``0.5``, ``3/20``, ``-2^2``,
``1e-3``, ``exp(-1)``, full-width digits, ``×`` ``÷``, ``½``, ``0.5²``, a comma as the decimal
mark.  Read in two stages: ``read_number`` gives the tree (Const, Add, Sub, Mul, Div, Neg; Call
for exp, log, ln, sqrt and for a power, whose exponent may be any expression), and
``evaluate_number`` works it out by the one evaluator (``evaluator.evaluate``), exactly while
the arithmetic is rational, every intermediate value bounded.  Messages name the character
where the trouble is.

Grammar, at each level (``check --numbers``) a restriction of the one below::

    functions:  expr  := term (('+' | '-') term)*
                term  := unary (('*' | '/') unary)*
                unary := ('+' | '-') unary | power
                power := atom (('^' | '**') unary)?
                atom  := num | 'e' | ('exp' | 'log' | 'ln' | 'sqrt') '(' expr ')' | '(' expr ')'
    arithmetic: the same without e and the functions
    plain:      ['+'|'-'] [' '] num [[' '] '/' [' '] ['+'|'-'] num]   (one number or fraction;
                only the first num may carry an exponent)

Words are read case-blind (EXP(1)); a num is digits ['.' digits] [e ['+'|'-'] digits].  A
plain decimal (['-'] digits ['.' digits], what most answers are) is read at once, to the value
the reader would give.
"""

from __future__ import annotations

import math
import unicodedata
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..formula import Div, Expr
from ..numbers import Number, show
from .evaluator import Env, evaluate
from .grammar import (
    NUMBER,
    NUMBER_FUNCTIONS,
    POWER,
    NumberError,
    Parser,
    number_bounded,
    number_failure,
    split_power,
)
from .tokens import Tok, plain_decimal, tokens

if TYPE_CHECKING:
    from .grammar import Where

MAX_TEXT = 200  # characters in one written number; a hand-written answer is short
MAX_NUMBER_EXPONENT = 64  # |k| in x^k; bounds the size of an exact power


_NUMBER_REPLACEMENTS = {
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
_NUMBER_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻"
_NUMBER_SUPER = str.maketrans(_NUMBER_SUPERSCRIPTS, "0123456789+-")
_NOT_FINITE = ("nan", ".nan", "inf", ".inf", "infinity", "∞")


def _number_char(ch: str) -> str:
    """One character made plain: full-width to ASCII (NFKC), ½ to (1/2); other number signs
    (subscripts, circled digits) are kept as they are, so that they stop the parser instead
    of silently turning into digits (x₂ is not x2)."""
    if unicodedata.category(ch) == "No":
        plain = unicodedata.normalize("NFKC", ch)
        return f"({plain.replace(chr(0x2044), '/')})" if "\u2044" in plain else ch
    return unicodedata.normalize("NFKC", ch)


def normalise_number(text: str) -> str:
    """Full-width to ASCII (NFKC), ×÷· to */, superscripts to powers (0.5² → 0.5^(2)),
    ½ to (1/2), any space to ' ', a lone comma between digits to a decimal point."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _NUMBER_SUPERSCRIPTS:
            j = i
            while j < len(text) and text[j] in _NUMBER_SUPERSCRIPTS:
                j += 1
            out.append("^(" + text[i:j].translate(_NUMBER_SUPER) + ")")
            i = j
            continue
        out.append(_number_char(ch))
        i += 1
    text = "".join(_NUMBER_REPLACEMENTS.get(ch, " " if ch.isspace() else ch)
                   for ch in "".join(out))
    text = text.strip()
    if "." not in text and text.count(",") == 1 and not _is_thousands(text):
        i = text.index(",")
        if 0 < i < len(text) - 1 and text[i - 1].isdecimal() and text[i + 1].isdecimal():
            text = text[:i] + "." + text[i + 1 :]
    return text


def _is_thousands(text: str) -> bool:
    """'1,000' or '-12,500': digits grouped by a comma, which could be a thousands separator."""
    body = text[1:] if text[:1] in ("+", "-") else text
    head, comma, tail = body.partition(",")
    return bool(comma) and 1 <= len(head) <= 3 and head[0] in "123456789" and \
        len(tail) == 3 and all(c in "0123456789" for c in head + tail)


def _is_plain(text: str) -> bool:
    """Whether a normalised text is one number or a fraction (the ``plain`` level): a sign,
    at most one space, a number; then at most one space each side of '/' and a signed
    number without a power of ten."""
    toks = tokens(text, "number")[:-1]

    def gap(a: Tok, b: Tok) -> int:
        return b.col - 1 - a.end

    def number(i: int, sign_gap: int, exponent: bool) -> int | None:
        """The index after [sign] num from toks[i], or None."""
        if i < len(toks) and toks[i].text in ("+", "-") and toks[i].kind == "op":
            if i + 1 >= len(toks) or gap(toks[i], toks[i + 1]) > sign_gap:
                return None
            i += 1
        if i >= len(toks) or toks[i].kind != "num":
            return None
        mantissa, power = split_power(toks[i].text)
        return None if mantissa == "." or (power and not exponent) else i + 1

    i = number(0, 1, True)
    if i is None or i == len(toks):
        return i is not None
    if not (toks[i].text == "/" and gap(toks[i - 1], toks[i]) <= 1 and i + 1 < len(toks) and
            gap(toks[i], toks[i + 1]) <= 1):
        return False
    return number(i + 1, 0, False) == len(toks)


def read_number(text: str, shown: str, level: str) -> tuple[Expr, Where]:
    """The tree of a normalised written number (``normalise_number``), and where each of its
    operations stands; NumberError with the character when it cannot be read."""
    parser = Parser(text, NUMBER, shown=shown, level=level)
    return parser.parse(), parser.where


class _Trouble(ValueError):
    """Trouble in working out one operation of a written number (what, without the place)."""


def evaluate_number(node: Expr, where: Where, shown: str) -> Number:
    """The value of a number's tree (``read_number``), by the one evaluator (``evaluate``) in
    an exact environment of no symbols: a Fraction while the arithmetic is rational (x^k
    exact for a whole k up to ``MAX_NUMBER_EXPONENT``), a float once exp, log, sqrt, e or a
    fractional power appears; every exact intermediate value bounded (``MAX_BITS``, told at
    the operator), trouble told just after the operand at fault (``where``)."""

    def call(name: str, layer: int | None, trees: tuple[Expr, ...], args: list[Any]) -> Number:
        if name == POWER:
            return _number_power(args[0], args[1])
        try:
            return NUMBER_FUNCTIONS[name](float(args[0]))
        except (ValueError, OverflowError):
            raise _Trouble(f"{name}({show(args[0], 6)}) is not defined") from None

    def check(n: Expr, value: Any) -> Any:
        place = where.get(id(n))
        return value if place is None else number_bounded(value, place[0], shown)

    def refuse(n: Expr, e: Exception) -> Exception:
        if isinstance(e, ZeroDivisionError) and isinstance(n, Div):
            e = _Trouble("division by zero")
        if isinstance(e, _Trouble):
            return number_failure(str(e), where[id(n)][1], shown)
        return e  # a NumberError from below, or an overflow: parse_number's "out of range"

    def no_symbols(name: str, *args: Any) -> Any:
        raise _Trouble(f"unknown symbol {name!r}")  # pragma: no cover (a number has none)

    env = Env(no_symbols, lambda *a: 0, call, exact=True, functions={}, check=check,
              refuse=refuse)
    value: Number = evaluate(node, env)
    return value


def _number_power(base: Number, exponent: Number) -> Number:
    """base ** exponent: exact for an exact base and a small integer exponent, else a float."""
    if isinstance(exponent, (int, Fraction)) and Fraction(exponent).denominator == 1:
        k = int(exponent)
        if abs(k) > MAX_NUMBER_EXPONENT:
            raise _Trouble((f"exponent {k}" if abs(k) < 10**9 else "the exponent")
                           + f" is too large (at most {MAX_NUMBER_EXPONENT})")
        if base == 0 and k < 0:
            raise _Trouble("division by zero")
        try:
            return base**k  # a Fraction for an exact base, else a float
        except OverflowError:
            raise _Trouble("power out of range") from None
    try:
        result: float | complex = float(base) ** float(exponent)
    except (OverflowError, ZeroDivisionError):
        raise _Trouble("power out of range") from None
    if isinstance(result, complex):
        raise _Trouble("power of a negative number")
    return result


def parse_number(text: object, level: str = "functions") -> Number:
    """A written number (decimal, fraction, simple arithmetic) as a Fraction, or a float
    once exp/log/sqrt/e or a fractional power appears; NumberError says why not.

    ``level`` is what may be written: ``plain`` one number or fraction (-0.25, 3/20, 1e-3),
    ``arithmetic`` also + − × ÷ ^ and parentheses, ``functions`` also exp, log, ln, sqrt and
    e.  Read in two stages: ``read_number`` (text → tree), ``evaluate_number`` (tree → value)."""
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
    if plain_decimal(text):  # the common case, read at once (what the reader would give)
        return Fraction(text)
    cleaned = normalise_number(text)
    shown = text.strip()
    if not cleaned:
        raise NumberError("empty", "empty", text)
    if len(cleaned) > 2 * MAX_TEXT:  # a few characters expand under NFKC (﷽ is 18)
        raise NumberError(f"too long ({len(cleaned)} characters; at most {MAX_TEXT})")
    if cleaned.lower().lstrip("+- ") in _NOT_FINITE:
        raise NumberError(f"{shown} is not a finite number", "not a finite number", text)
    if _is_thousands(cleaned):
        reason = (f"ambiguous: write {cleaned.replace(',', '')} for the whole number, or "
                  f"{cleaned.replace(',', '.')} with a decimal point")
        raise NumberError(f"{shown!r} is {reason}", reason, text)
    if level == "plain" and not _is_plain(cleaned):
        reason = ("write one number or a fraction (like -0.25 or 3/20), not a calculation "
                  "(answers are read with --numbers plain)")
        raise NumberError(f"{shown!r}: {reason}", reason, text)
    try:
        tree, where = read_number(cleaned, shown, level)
        value = evaluate_number(tree, where, shown)
    except (OverflowError, ValueError) as e:  # ValueError: NumberError, or a digit Python refuses
        if isinstance(e, NumberError):
            raise
        raise NumberError(f"{shown!r} is out of range", "out of range", text) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise NumberError(f"{shown!r} is not a finite number", "not a finite number", text)
    return value
