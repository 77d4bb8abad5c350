"""Formulas as small expression trees, so one formula renders three ways: with symbols, with the
numbers put in (terminal text or LaTeX), and evaluated (a test checks each step's formula gives
the value its compute function gives).

Nodes are NamedTuples (immutable, and far cheaper to define at import than dataclasses).
Leaves are ``Ref`` (one element of a named value, like w₁₂⁽²⁾) and ``Const``.  Who a ``Ref`` is
called — its symbol — is the notation's business, passed in as ``symbol(ref) -> (text, latex)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple, Union, cast

from .numbers import Number, is_exact, show, to_fraction


class Ref(NamedTuple):
    """One element of a named value: ``Ref("W2", (0, 1))`` is W2[0][1]."""

    id: str
    idx: tuple[int, ...] = ()


class Const(NamedTuple):
    """A fixed number in a formula (½, 1, 1/n)."""

    value: Number


class Add(NamedTuple):
    """t₁ + t₂ + …"""

    terms: tuple[Expr, ...]


class Sub(NamedTuple):
    """a − b"""

    a: Expr
    b: Expr


class Mul(NamedTuple):
    """f₁ · f₂ · …"""

    factors: tuple[Expr, ...]
    # written side by side (or with · ×) in a typed formula: matrices multiply as matrices
    # (seed 004's X^{(l-1)T} Δ^l), where * multiplies them element by element as numpy does
    product: bool = False


class Div(NamedTuple):
    """a / b"""

    a: Expr
    b: Expr


class Neg(NamedTuple):
    """−x"""

    x: Expr


class Pow(NamedTuple):
    """x^k for a small integer k"""

    x: Expr
    k: int


class Call(NamedTuple):
    """f(x, …) for exp, log, max, σ, tanh; ``as_value`` shows the result instead of the call
    when numbers are put in (ReLU′(0.25) is written as 1)."""

    name: str
    args: tuple[Expr, ...]
    as_value: bool = False
    # constants passed to the function but not shown (ReLU′'s value at 0), or a layer (h′_l)
    params: tuple[Number | Expr, ...] = ()


class Sym(NamedTuple):
    """A symbol as a person writes it (formula exercises, expr/): ``x_j^K`` is
    ``Sym("x", (Sym("j"),), (Sym("K"),))``; an index or a layer is itself a bare Sym, a whole
    number (``Const``) or a small sum (``l+1``).  What it stands for is the family's business."""

    name: str
    sub: tuple[Expr, ...] = ()
    sup: tuple[Expr, ...] = ()


class Sum(NamedTuple):
    """Σ_var body: the body added up over every value of the index ``var``."""

    var: str
    body: Expr


class MatMul(NamedTuple):
    """A @ B, the matrix product."""

    a: Expr
    b: Expr


class Had(NamedTuple):
    """A ⊙ B, the elementwise (Hadamard) product of seed 004's matrix form."""

    a: Expr
    b: Expr


class T(NamedTuple):
    """Xᵀ, the transpose."""

    x: Expr


class Cmp(NamedTuple):
    """a > b or a < b: 1 when it holds, else 0 (the unit step, ReLU′ = (z > 0))."""

    op: str
    a: Expr
    b: Expr


class Deriv(NamedTuple):
    """∂num/∂den, a derivative written as a symbol (shown in derivations, never evaluated)."""

    num: Expr
    den: Expr


Expr = Union[Ref, Const, Add, Sub, Mul, Div, Neg, Pow, Call,  # noqa: UP007 (a runtime alias)
             Sym, Sum, MatMul, Had, T, Cmp, Deriv]
if TYPE_CHECKING:
    Calls = dict[str, Callable[..., Number]]  # a Call's name → the function that computes it


def add(terms: Sequence[Expr]) -> Expr:
    """A sum, or the single term itself."""
    terms = tuple(terms)
    return terms[0] if len(terms) == 1 else Add(terms)


def mul(*factors: Expr | None) -> Expr:
    """A product of the factors that are given (None is left out), or the single factor."""
    kept = tuple(f for f in factors if f is not None)
    return kept[0] if len(kept) == 1 else Mul(kept)


# --- evaluation -------------------------------------------------------------------------------

_CALLS: Calls = {
    "exp": lambda x: math.exp(float(x)),
    "log": lambda x: math.log(float(x)),
    "tanh": lambda x: math.tanh(float(x)),
    "σ": lambda x: 1.0 / (1.0 + math.exp(-float(x))),
    "max": max,
    "ReLU′": lambda z, at_zero=0: 1 if z > 0 else (0 if z < 0 else at_zero),
    # the unit step: ∂max(a, b)/∂a = step(a − b) in a computation graph (graph/ops.py)
    "step": lambda t, at_zero=0: 1 if t > 0 else (0 if t < 0 else at_zero),
}


def evaluate(expr: Expr, value_of: Callable[[Ref], Number], calls: Calls | None = None) -> Number:
    """The number a formula stands for, its Refs looked up by ``value_of``."""

    def ev(e: Expr) -> Number:
        return evaluate(e, value_of, calls)

    if isinstance(expr, Ref):
        return value_of(expr)
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Add):
        total = ev(expr.terms[0])
        for t in expr.terms[1:]:
            total = total + ev(t)
        return total
    if isinstance(expr, Sub):
        return ev(expr.a) - ev(expr.b)
    if isinstance(expr, Mul):
        product = ev(expr.factors[0])
        for f in expr.factors[1:]:
            product = product * ev(f)
        return product
    if isinstance(expr, Div):
        return ev(expr.a) / ev(expr.b)
    if isinstance(expr, Neg):
        return -ev(expr.x)
    if isinstance(expr, Pow):
        return ev(expr.x) ** expr.k
    if isinstance(expr, Call):
        fn = (calls or {}).get(expr.name) or _CALLS[expr.name]
        return fn(*[ev(a) for a in expr.args], *expr.params)
    raise TypeError(f"not a formula node: {expr!r}")


# --- rendering --------------------------------------------------------------------------------

# precedence: higher binds tighter
_ADD, _MUL, _NEG, _POW, _ATOM = 1, 2, 3, 4, 5

SymbolFn = Callable[[Ref], tuple[str, str]]
ValueFn = Callable[[Ref], Number]


class Style(NamedTuple):
    """How to write a formula: with symbols or numbers, as text or LaTeX."""

    symbol: SymbolFn | None  # None: the formula has no Ref (derivations write Syms)
    value: ValueFn | None = None  # None: symbols; else: numbers put in
    decimals: int = 4
    latex: bool = False
    calls: Calls | None = None  # value functions for Call(as_value=True)


_TEXT_CALL = {"σ": "σ", "exp": "exp", "log": "log", "tanh": "tanh", "max": "max"}
_LATEX_CALL = {"σ": r"\sigma", "exp": r"\exp", "log": r"\log", "tanh": r"\tanh", "max": r"\max",
               "ReLU′": r"\operatorname{ReLU}'", "h′": "h'", "sqrt": r"\sqrt"}
_GREEK = {"delta": ("δ", r"\delta"), "Delta": ("Δ", r"\Delta"), "sigma": ("σ", r"\sigma"),
          "eta": ("η", r"\eta"), "y_hat": ("ŷ", r"\hat{y}")}


def render(expr: Expr, style: Style) -> str:
    """The formula as text (or LaTeX), with symbols or with the numbers put in."""
    return _render(expr, style)[0]


def _number(value: Number, style: Style) -> tuple[str, int]:
    shown_as_fraction = "/" in show(value, style.decimals)
    exact = cast(Fraction, value)  # (read as one only where is_exact says it is)
    if is_exact(value) and to_fraction(exact).denominator != 1 and shown_as_fraction:
        q = to_fraction(exact)
        if style.latex:
            sign = "-" if q < 0 else ""
            tex = f"{sign}\\frac{{{abs(q.numerator)}}}{{{q.denominator}}}"
            return tex, (_NEG if q < 0 else _ATOM)
        return f"{q.numerator}/{q.denominator}", _MUL if q > 0 else _NEG
    text = show(value, style.decimals)
    return text, (_NEG if text.startswith("-") else _ATOM)


def _wrap(part: tuple[str, int], need: int, style: Style) -> str:
    text, prec = part
    if prec < need:
        return f"\\left({text}\\right)" if style.latex else f"({text})"
    return text


def _render(expr: Expr, style: Style) -> tuple[str, int]:
    latex = style.latex
    if isinstance(expr, Ref):
        if style.value is not None:
            return _number(style.value(expr), style)
        if style.symbol is None:
            raise TypeError(f"{expr!r} in a formula written without symbols")
        text, tex = style.symbol(expr)
        return (tex if latex else text), _ATOM
    if isinstance(expr, Const):
        return _number(expr.value, style)
    if isinstance(expr, Add):
        out = ""
        for i, term in enumerate(expr.terms):
            part = _render(term, style)
            text = part[0]
            if i == 0:
                out = text if part[1] >= _ADD else _wrap(part, _ADD + 1, style)
            elif text.startswith("-") and part[1] in (_NEG, _MUL):
                out += " - " + text[1:]
            else:
                out += " + " + _wrap(part, _ADD, style)
        return out, _ADD
    if isinstance(expr, Sub):
        left = _render(expr.a, style)
        right = _render(expr.b, style)
        return f"{_wrap(left, _ADD, style)} - {_wrap(right, _ADD + 1, style)}", _ADD
    if isinstance(expr, Mul):
        numbers = style.value is not None
        sep = (r" \times " if numbers else r" \, ") if latex else ("×" if numbers else "·")
        parts = []
        for i, f in enumerate(expr.factors):
            part = _render(f, style)
            if part[1] == _NEG and i > 0:
                parts.append(_wrap(part, _POW, style))  # 0.5×(-0.2)
            else:
                parts.append(_wrap(part, _MUL, style))
        first_negative = parts[0].startswith("-")
        return sep.join(parts), (_NEG if first_negative else _MUL)
    if isinstance(expr, Div):
        a = _render(expr.a, style)
        b = _render(expr.b, style)
        if latex:
            return f"\\frac{{{a[0]}}}{{{b[0]}}}", _ATOM
        return f"{_wrap(a, _MUL, style)}/{_wrap(b, _MUL + 1, style)}", _MUL
    if isinstance(expr, Neg):
        inner = _render(expr.x, style)
        text = _wrap(inner, _MUL, style)
        if text.startswith("-"):
            text = f"\\left({text}\\right)" if latex else f"({text})"
        return f"-{text}", _NEG
    if isinstance(expr, Pow):
        base = _render(expr.x, style)
        shown = _wrap(base, _ATOM, style)
        if isinstance(expr.x, Ref) and style.value is None and _has_superscript(shown):
            shown = f"\\left({shown}\\right)" if latex else f"({shown})"  # (a₁⁽¹⁾)², not a₁⁽¹⁾²
        return (f"{shown}^{{{expr.k}}}" if latex else f"{shown}{_superscript(expr.k)}"), _POW
    if isinstance(expr, Call):
        if expr.as_value and style.value is not None:
            value = evaluate(expr, style.value, style.calls)
            return _number(value, style)
        names = _LATEX_CALL if latex else _TEXT_CALL
        name = names.get(expr.name, expr.name if not latex else rf"\operatorname{{{expr.name}}}")
        args = ", ".join(_render(a, style)[0] for a in expr.args)
        if latex:
            return f"{name}\\left({args}\\right)", _ATOM
        return f"{name}({args})", _ATOM
    return _render_written(expr, style)


def _index_text(parts: tuple[Expr, ...], style: Style) -> str:
    """Indices as written: jk, or j,k when one is more than a letter; l+1 without spaces."""
    def one(p: Expr) -> str:
        if isinstance(p, Add):
            return "+".join(one(t) for t in p.terms)
        if isinstance(p, Sub):
            return f"{one(p.a)}-{one(p.b)}"
        return _render(p, style)[0]
    texts = [one(p) for p in parts]
    return ("," if any(len(t) > 1 for t in texts) else "").join(texts)


def _render_written(expr: Expr, style: Style) -> tuple[str, int]:
    """The nodes a person writes in a formula exercise (Sym, Sum, MatMul, T, Cmp, Deriv)."""
    latex = style.latex
    if isinstance(expr, Sym):
        text, tex = _GREEK.get(expr.name, (expr.name, expr.name))
        name = tex if latex else text
        if expr.sub:
            name += f"_{{{_index_text(expr.sub, style)}}}" if latex else \
                f"_{_braced(_index_text(expr.sub, style))}"
        if expr.sup:
            name += f"^{{{_index_text(expr.sup, style)}}}" if latex else \
                f"^{_braced(_index_text(expr.sup, style))}"
        return name, _ATOM
    if isinstance(expr, Sum):
        part = _render(expr.body, style)
        body = _wrap(part, _ATOM if part[0].startswith("-") else _MUL, style)
        return (f"\\sum_{{{expr.var}}} {body}" if latex else f"Σ_{expr.var} {body}"), _MUL
    if isinstance(expr, MatMul):
        a = _wrap(_render(expr.a, style), _MUL, style)
        b = _wrap(_render(expr.b, style), _MUL + 1, style)
        return (f"{a} {b}" if latex else f"{a} @ {b}"), _ADD  # (A @ B)·C keeps its parentheses
    if isinstance(expr, Had):
        a = _wrap(_render(expr.a, style), _MUL, style)
        b = _wrap(_render(expr.b, style), _MUL + 1, style)
        return (f"{a} \\odot {b}" if latex else f"{a} ⊙ {b}"), _ADD
    if isinstance(expr, T):
        x = _wrap(_render(expr.x, style), _ATOM, style)
        if latex and isinstance(expr.x, Sym) and expr.x.sup:
            x = f"{{{x}}}"  # one superscript at a time: {X^{l-1}}^{\top}
        return (f"{x}^{{\\top}}" if latex else f"{x}ᵀ"), _POW
    if isinstance(expr, Cmp):
        a, b = _render(expr.a, style)[0], _render(expr.b, style)[0]
        return (f"[{a} {expr.op} {b}]" if latex else f"({a} {expr.op} {b})"), _ATOM
    if isinstance(expr, Deriv):
        num = _wrap(_render(expr.num, style), _ATOM, style)
        den = _render(expr.den, style)[0]
        if latex:
            return f"\\frac{{\\partial {num}}}{{\\partial {den}}}", _ATOM
        return f"∂{num}/∂{den}", _ATOM
    raise TypeError(f"not a formula node: {expr!r}")


def _braced(text: str) -> str:
    return text if len(text) == 1 else f"{{{text}}}"


_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUPERSCRIPTS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁽⁾′^'")


def _has_superscript(symbol: str) -> bool:
    """Whether a symbol already carries a superscript (a layer mark or a prime), so a power of
    it needs parentheses: a double exponent in LaTeX, an ambiguous x₁¹² on a terminal."""
    return any(ch in _SUPERSCRIPTS for ch in symbol)


def _superscript(k: int) -> str:
    return str(k).translate(_SUP)


def frac(p: int, q: int) -> Const:
    """The constant p/q, exactly."""
    return Const(Fraction(p, q))
