"""Intervals: what a number written with rounding can stand for, and what a formula makes of it.

A learner who writes 0.2689 for σ(−1) means some number in [0.26885, 0.26895]; a formula fed
such numbers gives a range of results.  ``Interval`` is that range ``[lo, hi]`` (floats: the
bands are far wider than float error), with one function per operation, each the textbook rule
of interval arithmetic, and ``evaluate`` walks a formula tree (formula.py) over intervals,
widening each written-down piece by the rounding a person applies to it.  This is the
grader's tolerance (README, "The verdicts").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from .formula import Add, Call, Const, Div, Mul, Neg, Pow, Ref, Sub

if TYPE_CHECKING:
    from typing import TypeAlias

    from .formula import Expr
    from .numbers import Number as Value

    Calls: TypeAlias = dict[str, Callable[..., "Interval"]]  # a function's name → its interval

INF = math.inf


class Interval(NamedTuple):
    """[lo, hi]: every number a rounded value (or a formula over rounded values) may stand for."""

    lo: float
    hi: float

    @property
    def mid(self) -> float:
        """The midpoint (lo + hi) / 2."""
        return (self.lo + self.hi) / 2

    @property
    def radius(self) -> float:
        """(hi − lo)/2"""
        return (self.hi - self.lo) / 2

    def contains(self, x: float) -> bool:
        """lo ≤ x ≤ hi"""
        return self.lo <= x <= self.hi


WHOLE = Interval(-INF, INF)


def point(x: Value) -> Interval:
    """[x, x] (a float of x; inf when x is too large for one)."""
    try:
        f = float(x)
    except OverflowError:
        f = INF if x > 0 else -INF
    return Interval(f, f)


def around(x: Value, r: float) -> Interval:
    """[x − r, x + r]: x known to ± r."""
    f = point(x).lo
    return Interval(f - r, f + r)


def widen(a: Interval, r: float) -> Interval:
    """[lo − r, hi + r]: a value rounded to ± r after it was computed."""
    return Interval(a.lo - r, a.hi + r)


def hull(a: Interval, b: Interval) -> Interval:
    """[min lo, max hi]: the smallest interval holding both."""
    return Interval(min(a.lo, b.lo), max(a.hi, b.hi))


def mul(a: Interval, b: Interval) -> Interval:
    """[a]·[b] = [min, max] of the four products of the ends"""
    a0, a1 = a
    b0, b1 = b
    if a0 == a1 and b0 == b1:  # two numbers (most pieces of the truth's formulas)
        p = a0 * b0
        return tuple.__new__(Interval, (p, p)) if p == p else Interval(0.0, 0.0)
    p, q, r, t = a0 * b0, a0 * b1, a1 * b0, a1 * b1
    if p != p or q != q or r != r or t != t:  # 0 × ∞: the 0 is exact
        p, q, r, t = (0.0 if v != v else v for v in (p, q, r, t))
    return tuple.__new__(Interval, (min(p, q, r, t), max(p, q, r, t)))


def div(a: Interval, b: Interval) -> Interval:
    """[a]/[b] = [a]·[1/b.hi, 1/b.lo] when 0 ∉ [b]; everything otherwise"""
    if b.lo <= 0 <= b.hi:
        return WHOLE
    return mul(a, Interval(1 / b.hi, 1 / b.lo))


def power(a: Interval, k: int) -> Interval:
    """[a]^k for an integer k: ends raised, with 0 inside for even k over a sign change"""
    if k == 0:
        return Interval(1.0, 1.0)
    if k < 0:
        return div(Interval(1.0, 1.0), power(a, -k))
    try:
        lo, hi = a.lo**k, a.hi**k
    except OverflowError:
        return WHOLE
    if k % 2:
        return Interval(lo, hi)
    if a.lo <= 0 <= a.hi:
        return Interval(0.0, max(lo, hi))
    return Interval(min(lo, hi), max(lo, hi))


def _monotone(f: Callable[[float], float], a: Interval) -> Interval:
    """f over [a] for an increasing f: [f(lo), f(hi)]"""
    return Interval(_safe(f, a.lo, -INF), _safe(f, a.hi, INF))


def _safe(f: Callable[[float], float], x: float, overflow: float) -> float:
    try:
        return f(x)
    except OverflowError:
        return overflow
    except ValueError:
        return -INF  # log of 0 or less


def exp(a: Interval) -> Interval:
    """e^[a] = [e^lo, e^hi]"""
    return _monotone(math.exp, a)

def log(a: Interval) -> Interval:
    """log [a] = [log lo, log hi], an end at or below 0 going to −∞ (log has no value there,
    and the engine adds no floor)"""
    return _monotone(lambda x: math.log(x) if x > 0 else -INF, a)

def _sigma(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))

def sigmoid(a: Interval) -> Interval:
    """σ[a] = [σ(lo), σ(hi)] (σ increases)"""
    return _monotone(lambda x: _sigma(x) if math.isfinite(x) else float(x > 0), a)

def tanh(a: Interval) -> Interval:
    """tanh[a] = [tanh lo, tanh hi] (tanh increases)"""
    return _monotone(math.tanh, a)

def maximum(a: Interval, b: Interval) -> Interval:
    """max([a], [b]) = [max(a.lo, b.lo), max(a.hi, b.hi)]"""
    return Interval(max(a.lo, b.lo), max(a.hi, b.hi))

def step(a: Interval, at_zero: Value = 0) -> Interval:
    """step[a] = step(mid): 1 for t > 0, 0 for t < 0, ``at_zero`` at 0.  Taken at the value
    itself, not over the band: the convention at 0 is stated for a value written as 0 (and a
    problem never puts a pre-activation near 0 otherwise), so rounding never blurs it."""
    t = a.mid
    value = 1.0 if t > 1e-12 else (0.0 if t < -1e-12 else float(at_zero))
    return Interval(value, value)

_CALLS: dict[str, Callable[..., Interval]] = {
    "exp": exp, "log": log, "tanh": tanh, "σ": sigmoid, "max": maximum,
    "ReLU′": step, "step": step,
}

def band(expr: Expr, value_of: Callable[[Ref], Interval], half: float,
         calls: Calls | None = None) -> Interval:
    """What rounding lets a written answer be: the formula over the intervals of its inputs,
    each piece inside it a person writes down rounded (± ``half``), plus ± ``half`` for the
    answer's own rounding.  (The ends are pushed out by a hair, 10⁻⁹ of ``half``, so float
    error in the arithmetic never leaves a rounded value just outside.)"""
    return widen(evaluate(expr, value_of, half, calls, outer=False), half * (1 + 1e-9))

def evaluate(expr: Any, value_of: Callable[[Ref], Interval], written: float = 0.0,
             calls: Calls | None = None, outer: bool = True) -> Interval:
    """The interval a formula stands for, its Refs looked up by ``value_of``; every piece a
    person writes down (each sum, product, quotient, power and function value) widened by
    ``written``, the rounding of a written number (half a unit of the asked places) — unless
    it is a single number with no more places than asked; the whole formula too unless
    ``outer`` is False.  (Written for speed: a class's bands are many small formulas.)"""
    t = type(expr)
    if t is Ref:
        return value_of(expr)
    if t is Const:
        return point(expr.value)
    if t is Neg:  # −[a] = [−a.hi, −a.lo]
        lo, hi = evaluate(expr.x, value_of, written, calls)
        return _new(Interval, (-hi, -lo))
    if t is Add:  # [a] + [b] = [a.lo + b.lo, a.hi + b.hi]
        lo = hi = 0.0
        for term in expr.terms:
            a = evaluate(term, value_of, written, calls)
            lo += a[0]
            hi += a[1]
        out = _new(Interval, (lo, hi))
    elif t is Mul:
        factors = expr.factors
        out = evaluate(factors[0], value_of, written, calls)
        for f in factors[1:]:
            out = mul(out, evaluate(f, value_of, written, calls))
    elif t is Sub:  # [a] − [b] = [a.lo − b.hi, a.hi − b.lo]
        a = evaluate(expr.a, value_of, written, calls)
        b = evaluate(expr.b, value_of, written, calls)
        out = _new(Interval, (a[0] - b[1], a[1] - b[0]))
    elif t is Div:
        x = _sigmoid_arg(expr)
        if x is not None:
            # σ(x) written 1/(1 + e^(−x)): worked out piece by piece, or looked up at once
            ev = evaluate(x, value_of, written, calls)
            out = hull(div(point(1), evaluate(expr.b, value_of, written, calls)),
                       ((calls or {}).get("σ") or sigmoid)(ev))
        else:
            out = div(evaluate(expr.a, value_of, written, calls),
                      evaluate(expr.b, value_of, written, calls))
    elif t is Pow:
        out = power(evaluate(expr.x, value_of, written, calls), expr.k)
    elif t is Call:
        fn = (calls.get(expr.name) if calls else None) or _CALLS[expr.name]
        out = fn(*[evaluate(a, value_of, written, calls) for a in expr.args], *expr.params)
        if expr.name in ("ReLU′", "step"):
            return out  # a 0 or a 1, not rounded
    else:
        raise TypeError(f"not a formula node: {expr!r}")
    if not written or not outer or _written_exactly(out, written):
        return out
    return _new(Interval, (out[0] - written, out[1] + written))

_new = tuple.__new__  # an Interval without NamedTuple's keyword handling (the hot path)

def _sigmoid_arg(expr: Expr) -> Expr | None:
    """x when the formula is σ(x) written as 1/(1 + exp(−x)), else None."""
    if isinstance(expr, Div) and isinstance(expr.a, Const) and expr.a.value == 1 \
            and isinstance(expr.b, Add) and len(expr.b.terms) == 2 \
            and isinstance(expr.b.terms[1], Call) and expr.b.terms[1].name == "exp" \
            and isinstance(expr.b.terms[1].args[0], Neg):
        return expr.b.terms[1].args[0].x
    return None

def with_table(entries: Iterable[tuple[str, Value, Value]]) -> Calls:
    """exp, log, tanh and σ over intervals that also allow the value a printed table gives for
    any argument inside the interval: a learner who reads the table is right even where a
    table printed long ago differs in its last place.  ``entries``: (function, arg, value)."""
    by_fn: dict[str, list[tuple[float, float]]] = {}
    for fn, arg, value in entries:
        by_fn.setdefault("σ" if fn == "sigmoid" else fn, []).append((float(arg), float(value)))
    base = {"exp": exp, "log": log, "tanh": tanh, "σ": sigmoid}

    def make(name: str) -> Callable[[Interval], Interval]:
        f, lines = base[name], by_fn.get(name, [])

        def looked_up(a: Interval) -> Interval:
            out = f(a)
            for arg, value in lines:
                if a.lo <= arg <= a.hi:
                    out = hull(out, Interval(value, value))
            return out
        return looked_up

    return {name: make(name) for name in base if name in by_fn}

def _written_exactly(a: Interval, half: float) -> bool:
    """A single number with no more places than the asked ones (0.5 × 1 = 0.5): writing it
    down rounds nothing."""
    if a.lo != a.hi or not math.isfinite(a.lo):
        return False
    units = a.lo / (2 * half)
    return abs(units - round(units)) < 1e-9
