"""The one tokenizer of the expression parser: text → tokens, for all three readers.

A token is a number (``num``), a name, an operator (``op``), some other character (``other``)
or the end; ``col`` is where it starts (1-based) and ``end`` the offset just after it
(0-based), both counted in the text it was read from.  One loop reads every text; what counts
as a number, a name or an operator is the dialect's:

    formula  what a person types in a formula: Unicode read as ASCII (NFKC: full-width digits;
             ½ → ( 1 / 2 ); superscripts → ^ ( k )), Greek letters as their names (δ → delta),
             names of ASCII letters, numbers unsigned (0.25), ** → ^, .T → ᵀ; a character it
             cannot mean anything by is an ExprError at once
    plain    formula, but a name is any run of letters of any script, digits and _ (n_pencil)
    number   a learner's written number, already normalised (``number.normalise_number``):
             num := digits ['.' digits] [('e'|'E') ['+'|'-'] digits], name := letters,
             op := + - * / ^ ** ( ); any other character is ``other``, refused by the grammar
    node     a graph node's op(args): num := ['+'|'-'] (digits ['.' digits] | '.' digits)
             ['/' digits], name := a letter or _ then letters, digits and _ (any script:
             りんご, n_pencil), op := ( , ); any other character is ``other``

Digits are decimal digits of any script (str.isdecimal), letters str.isalpha.  Nothing is
compiled at import (no ``re``): check's start-up reads numbers through this module.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # (names for annotations only: nothing built at import)
    Dialect = Literal["formula", "plain", "number", "node"]
    Scanner = Callable[[str, int, list["Tok"]], int]


class ExprError(ValueError):
    """A formula that cannot be read or evaluated: one line, with the column (1-based)."""

    def __init__(self, message: str, col: int | None = None):
        super().__init__(message)
        self.message, self.col = message, col

    def __str__(self) -> str:
        return f"column {self.col}: {self.message}" if self.col else self.message


class NumberError(ValueError):
    """A text that is not a number this parser reads; the message says why.

    ``reason`` is the why alone ("unknown word 'abc' at character 1"), for callers that show
    the text themselves; ``text`` is what was read (None when it was not text).
    """

    def __init__(self, message: str, reason: str | None = None, text: str | None = None):
        super().__init__(message)
        self.reason = reason if reason is not None else message
        self.text = text


def plain_decimal(text: str) -> bool:
    """Whether ``text`` is ['-'] digits ['.' digits] in ASCII (-0.25, 12): a number the full
    reader gives as Fraction(text), found without reading it (a class writes mostly these)."""
    whole, dot, tail = (text[1:] if text[:1] == "-" else text).partition(".")
    return whole.isascii() and whole.isdigit() and (not dot or (tail.isascii() and tail.isdigit()))


class Tok:
    """One token: ``kind`` (num, name, op, other, end), its ``text``, ``col`` (1-based) and
    ``end`` (0-based offset just after it)."""

    __slots__ = ("kind", "text", "col", "end")

    def __init__(self, kind: str, text: str, col: int, end: int | None = None):
        self.kind, self.text, self.col = kind, text, col
        self.end = col - 1 + len(text) if end is None else end

    def __repr__(self) -> str:
        return f"{self.kind}:{self.text}@{self.col}"


def tokens(text: str, dialect: Dialect = "formula") -> list[Tok]:
    """The tokens of ``text`` in a dialect, then an ``end`` token at ``len(text) + 1``.

    The formula dialects raise ExprError for a character they cannot mean anything by; the
    number and node dialects give it as an ``other`` token for their grammar to refuse."""
    scan = _SCANNERS[dialect]
    out: list[Tok] = []
    i = 0
    while i < len(text):
        i = scan(text, i, out)
    out.append(Tok("end", "", len(text) + 1, len(text)))
    return out


def _run(text: str, i: int, keep: Callable[[str], bool]) -> int:
    """The offset after the run of characters from ``i`` that ``keep`` accepts."""
    while i < len(text) and keep(text[i]):
        i += 1
    return i


def _decimals(text: str, i: int) -> int:
    return _run(text, i, str.isdecimal)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# --- formula and plain ----------------------------------------------------------------------

GREEK = {"δ": "delta", "Δ": "Delta", "σ": "sigma", "η": "eta", "ŷ": "y_hat", "Σ": "sum",
         "∑": "sum", "ε": "epsilon"}
_OPS = {"×": "·", "·": "·", "⋅": "·", "⊙": "⊙", "∘": "⊙", "÷": "/", "−": "-", "–": "-",
        "′": "'", "’": "'", "ᵀ": "ᵀ", "∂": "∂"}
_FORMULA_OPS = "+-*/^()_{}[],'@<>ᵀ∂=|⊙·"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
_SUPER = str.maketrans(SUPERSCRIPTS, "0123456789-")


def _formula_digit(ch: str) -> bool:
    plain = unicodedata.normalize("NFKC", ch)
    return ch not in SUPERSCRIPTS and (plain.isdigit() or plain == ".")


def _formula(text: str, i: int, out: list[Tok], plain: bool = False) -> int:
    n, col = len(text), i + 1
    if text[i] in SUPERSCRIPTS:  # x² → x ^ ( 2 )
        j = _run(text, i, lambda c: c in SUPERSCRIPTS)
        out += [Tok("op", "^", col), Tok("op", "(", col),
                Tok("num", text[i:j].translate(_SUPER), col), Tok("op", ")", col)]
        return j
    ch = unicodedata.normalize("NFKC", text[i]) if text[i] not in "ᵀ′" else text[i]
    if len(ch) != 1:  # ligatures and the like
        if "\u2044" in ch:  # ½ → (1/2)
            num, _, den = ch.partition("\u2044")
            out += [Tok("op", "(", col), Tok("num", num, col), Tok("op", "/", col),
                    Tok("num", den, col), Tok("op", ")", col)]
            return i + 1
        if all(c.isdigit() for c in ch):
            out.append(Tok("num", ch, col))
            return i + 1
        ch = text[i]
    if ch.isspace():
        return i + 1
    if ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
        j = _run(text, i, _formula_digit)
        if j == i:  # a digit that is no digit in ASCII (⑴ is '(1)', 🄁 is '0,')
            raise ExprError(f"{ch!r} cannot be read here; write the digits themselves", col)
        digits = unicodedata.normalize("NFKC", text[i:j])
        if digits.count(".") > 1 or len(digits) > 30:
            raise ExprError(f"'{digits[:20]}' is not a number", col)
        out.append(Tok("num", digits, col))
        return j
    if plain and (ch.isalpha() or ch == "_"):
        j = _run(text, i, _word_char)
        out.append(Tok("name", text[i:j], col))
        return j
    if ch in GREEK:
        out.append(Tok("name", GREEK[ch], col))
        return i + 1
    if ch.isalpha() and ch.isascii():
        j = _run(text, i, lambda c: c.isascii() and c.isalpha())
        out.append(Tok("name", text[i:j], col))
        return j
    if text.startswith("**", i):
        out.append(Tok("op", "^", col))
        return i + 2
    if text.startswith(".T", i) and not (i + 2 < n and text[i + 2].isalnum()):
        out.append(Tok("op", "ᵀ", col))
        return i + 2
    op = _OPS.get(ch, ch)
    if op in _FORMULA_OPS:
        out.append(Tok("op", op, col))
        return i + 1
    shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
    raise ExprError(f"{shown} cannot be read here; write + - * / ^ ( ), names and numbers", col)


def _plain(text: str, i: int, out: list[Tok]) -> int:
    return _formula(text, i, out, plain=True)


# --- number ---------------------------------------------------------------------------------


def _number(text: str, i: int, out: list[Tok]) -> int:
    ch, n = text[i], len(text)
    if ch.isspace():
        return i + 1
    if ch.isdecimal() or ch == ".":  # 12, 1.5, .5, 3., a lone '.' (the grammar refuses it)
        j = _decimals(text, i)
        if j < n and text[j] == ".":
            j = _decimals(text, j + 1)
        if j < n and text[j] in "eE":  # 1e-3, 2.5E4 (but not the constant e on its own)
            k = j + 1 + (j + 1 < n and text[j + 1] in "+-")
            if _decimals(text, k) > k:
                j = _decimals(text, k)
        out.append(Tok("num", text[i:j], i + 1))
        return j
    if ch.isalpha():
        j = _run(text, i, str.isalpha)
        out.append(Tok("name", text[i:j], i + 1))
        return j
    if text.startswith("**", i):
        out.append(Tok("op", "**", i + 1))
        return i + 2
    out.append(Tok("op" if ch in "+-*/^()" else "other", ch, i + 1))
    return i + 1


# --- node -----------------------------------------------------------------------------------


def _signed_fraction(text: str, i: int) -> int:
    """The offset after ['+'|'-'] (digits ['.' digits] | '.' digits) ['/' digits] at ``i``,
    or ``i`` when no number stands there."""
    n = len(text)
    k = i + (text[i] in "+-")
    if k < n and text[k].isdecimal():
        k = _decimals(text, k)
        if k < n and text[k] == ".":
            k = _decimals(text, k + 1)
    elif k + 1 < n and text[k] == "." and text[k + 1].isdecimal():
        k = _decimals(text, k + 1)
    else:
        return i
    if k + 1 < n and text[k] == "/" and text[k + 1].isdecimal():
        k = _decimals(text, k + 1)
    return k


def _node(text: str, i: int, out: list[Tok]) -> int:
    ch = text[i]
    if ch.isspace():
        return i + 1
    j = _signed_fraction(text, i)
    if j > i:
        out.append(Tok("num", text[i:j], i + 1))
        return j
    if _word_char(ch) and not ch.isdecimal():
        j = _run(text, i, _word_char)
        out.append(Tok("name", text[i:j], i + 1))
        return j
    out.append(Tok("op" if ch in "()," else "other", ch, i + 1))
    return i + 1


_SCANNERS: dict[str, Scanner] = {"formula": _formula, "plain": _plain, "number": _number,
                                 "node": _node}
