"""The bounded evaluator: a formula tree (``grammar.parse``) → a number or a Matrix.

What the names stand for comes from an ``Env`` (the caller's: a family's case, or nothing for a
learner's number); sums run over the units their symbols index; matrices multiply as written
(side by side, ·, @ the matrix product; *, ⊙ element by element).  Bounded: at most
``MAX_WORK`` node evaluations per formula, exact values at most ``MAX_EXACT_BITS`` bits; any
trouble is an ExprError, one line.

    value(Const)  = its value (a Fraction when exact, else a float)
    value(Sym)    = env.resolve(name, indices, layer), or a bound index's value
    value(Sum_k b)= Σ_{k=1..n} value(b), n the units k counts (``sum_range``)
    value(f(x))   = f applied element by element (exp, log, sqrt, σ, tanh, ReLU and their ′)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Any

from ..formula import (
    Add,
    Call,
    Cmp,
    Const,
    Deriv,
    Div,
    Expr,
    Had,
    MatMul,
    Mul,
    Neg,
    Pow,
    Sub,
    Sum,
    Sym,
    T,
)
from ..numbers import Number
from .grammar import walk
from .tokens import ExprError

if TYPE_CHECKING:  # (names for annotations only: nothing built at import)
    Resolve = Callable[[str, tuple[int, ...], int | None], Any]  # name, indices, layer → value
    Size = Callable[[str, int | None, int], int]  # name, layer, position → how many units
    CallHook = Callable[[str, int | None, tuple[Expr, ...], list[Any]], Any]  # h′ and the like
    Op = Callable[[Any, Any], Any]  # one operation on two numbers
    Check = Callable[[Expr, Any], Any]  # a node and its value → the value (or an error)
    Refuse = Callable[[Expr, Exception], Exception]  # a node and its trouble → the error to raise


Value = Any  # a Fraction, a float or a Matrix (Any: the arithmetic mixes them freely)


class Matrix(tuple[tuple[float, ...], ...]):
    """A matrix value: a tuple of rows (tuples of floats)."""

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return (len(self), len(self[0]) if self else 0)


def _shape_text(v: Value) -> str:
    return f"{v.shape[0]}×{v.shape[1]}" if isinstance(v, Matrix) else "a number"


def _elementwise(op: Op, a: Value, b: Value, what: str) -> Value:
    if isinstance(a, Matrix) and isinstance(b, Matrix):
        if a.shape != b.shape:
            raise ExprError(f"{what}: shapes {_shape_text(a)} and {_shape_text(b)} do not match")
        return Matrix(tuple(op(x, y) for x, y in zip(ra, rb)) for ra, rb in zip(a, b))
    if isinstance(a, Matrix):
        return Matrix(tuple(op(x, b) for x in r) for r in a)
    if isinstance(b, Matrix):
        return Matrix(tuple(op(a, y) for y in r) for r in b)
    return op(a, b)


def _map(f: Callable[[Any], Any], v: Value) -> Value:
    if isinstance(v, Matrix):
        return Matrix(tuple(f(x) for x in r) for r in v)
    return f(v)


def _matmul(a: Value, b: Value) -> Value:
    if not (isinstance(a, Matrix) and isinstance(b, Matrix)):
        return _elementwise(lambda x, y: x * y, a, b, "@")
    if a.shape[1] != b.shape[0]:
        raise ExprError(f"@: a {_shape_text(a)} matrix cannot multiply a {_shape_text(b)} one "
                        "(a transpose missing?)")
    cols = list(zip(*b))
    return Matrix(tuple(math.fsum(x * y for x, y in zip(r, c)) for c in cols) for r in a)


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


CALLS: dict[str, Callable[[float], float]] = {
    "exp": lambda x: math.exp(min(x, 700.0)),
    "log": math.log,
    "sqrt": math.sqrt,
    "σ": _sigmoid,
    "tanh": math.tanh,
    "ReLU": lambda x: max(x, 0.0),
    "σ′": lambda x: _sigmoid(x) * (1 - _sigmoid(x)),
    "tanh′": lambda x: 1 - math.tanh(x) ** 2,
    "ReLU′": lambda x: 1.0 if x > 0 else 0.0,
}


class Env:
    """What a formula's names stand for while it is evaluated: ``resolve(name, indices, layer)``
    for symbols (indices 1-based, as people write them), ``ranges(name, layer, position)``
    for how far an index runs, ``call(name, layer, arg_tree, args)`` for functions it does not
    know (h′), and the index values bound so far.

    A learner's written number (``number.evaluate_number``) brings its own ``functions``
    (none: its exp, log, ln, sqrt and powers go to ``call``), a ``check`` of each node's value
    (exact values bounded, told at the operator) and ``refuse``, which turns arithmetic
    trouble at a node into the error that names its place."""

    def __init__(self, resolve: Resolve, size: Size, call: CallHook | None = None,
                 bound: dict[str, int] | None = None, exact: bool = False,
                 functions: dict[str, Callable[[float], float]] | None = None,
                 check: Check | None = None, refuse: Refuse | None = None):
        self.resolve, self.size, self.call_hook = resolve, size, call
        self.bound = dict(bound or {})
        self.work = 0
        # exact: numbers stay fractions while the arithmetic is rational (a learner's 1/3);
        # a function (exp, log …) gives a float
        self.exact = exact
        self.functions = CALLS if functions is None else functions
        self.check, self.refuse = check, refuse


MAX_WORK = 100_000  # node evaluations of one formula on one case


def evaluate(node: Expr, env: Env) -> Value:
    """The value of a tree (a float or a Matrix); ExprError (or the env's ``refuse``) when it
    cannot be evaluated."""
    env.work += 1
    if env.work > MAX_WORK:
        raise ExprError("the formula takes too long to evaluate")
    value = _value(node, env)
    return value if env.check is None else env.check(node, value)


def _value(node: Expr, env: Env) -> Value:
    """One node's value (its children through ``evaluate``)."""
    ev = partial(evaluate, env=env)  # (no frame of its own: deep trees stay within bounds)
    try:
        if isinstance(node, Const):
            return _bounded(node.value) if env.exact else float(node.value)
        if isinstance(node, Sym):
            if not node.sub and not node.sup and node.name in env.bound:
                return float(env.bound[node.name])
            idx = tuple(index_value(s, env) for s in node.sub)
            layer = index_value(node.sup[0], env) if node.sup else None
            return env.resolve(node.name, idx, layer)
        if isinstance(node, Add):
            total = ev(node.terms[0])
            for t in node.terms[1:]:
                total = _elementwise(lambda x, y: x + y, total, ev(t), "+")
            return total
        if isinstance(node, Sub):
            return _elementwise(lambda x, y: x - y, ev(node.a), ev(node.b), "-")
        if isinstance(node, Mul):
            product = ev(node.factors[0])
            for f in node.factors[1:]:
                product = _matmul(product, ev(f)) if node.product else \
                    _elementwise(lambda x, y: x * y, product, ev(f), "*")
            return product
        if isinstance(node, Div):
            return _elementwise(lambda x, y: x / y, ev(node.a), ev(node.b), "/")
        if isinstance(node, Neg):
            return _map(lambda x: -x, ev(node.x))
        if isinstance(node, Pow):
            if env.exact:
                return _map(lambda x: _bounded(x ** node.k), ev(node.x))
            return _map(lambda x: x ** node.k, ev(node.x))
        if isinstance(node, MatMul):
            return _matmul(ev(node.a), ev(node.b))
        if isinstance(node, Had):
            return _elementwise(lambda x, y: x * y, ev(node.a), ev(node.b), "⊙")
        if isinstance(node, T):
            v = ev(node.x)
            return Matrix(tuple(c) for c in zip(*v)) if isinstance(v, Matrix) else v
        if isinstance(node, Cmp):
            a, b = ev(node.a), ev(node.b)
            return _elementwise((lambda x, y: float(x > y)) if node.op == ">" else
                                (lambda x, y: float(x < y)), a, b, node.op)
        if isinstance(node, Sum):
            n = sum_range(node, env)
            saved = env.bound.get(node.var)
            total = 0.0
            for k in range(1, n + 1):
                env.bound[node.var] = k
                total = _elementwise(lambda x, y: x + y, total, ev(node.body), "sum")
            if saved is None:
                env.bound.pop(node.var, None)
            else:
                env.bound[node.var] = saved
            return total
        if isinstance(node, Call):
            fn = env.functions.get(node.name)
            if fn is not None:
                return _map(lambda x: fn(float(x)), *[ev(a) for a in node.args[:1]])
            if env.call_hook is not None:
                layer = index_value(node.params[0], env) if node.params else None
                return env.call_hook(node.name, layer, node.args, [ev(a) for a in node.args])
            raise ExprError(f"{node.name}(…) cannot be evaluated here")
        if isinstance(node, Deriv):
            raise ExprError("a derivative ∂…/∂… is a step of a derivation; write what it "
                            "equals")
    except (OverflowError, ZeroDivisionError, ValueError) as e:
        if isinstance(e, ExprError):
            raise
        if env.refuse is not None:
            raise env.refuse(node, e) from None
        raise ExprError(f"cannot be computed here ({type(e).__name__})") from None
    raise ExprError(f"cannot evaluate {type(node).__name__}")


MAX_EXACT_BITS = 4096  # numerator or denominator of an exact value (as the engine's bound)


def _bounded(value: Any) -> Any:
    """An exact value, refused when it has grown past ``MAX_EXACT_BITS``."""
    if isinstance(value, Fraction) and (value.numerator.bit_length() > MAX_EXACT_BITS or
                                        value.denominator.bit_length() > MAX_EXACT_BITS):
        raise ExprError("the number grows too large to keep exactly")
    return value


def numbers_env() -> Env:
    """An environment with no symbols: a learner's written number, evaluated exactly."""
    def none(name: str, *args: Any) -> Any:
        raise ExprError(f"unknown symbol '{name}'")
    return Env(none, lambda *a: 0, None, {}, exact=True)


def index_value(node: Number | Expr, env: Env) -> int:
    """An index or layer as a whole number (1-based, as written)."""
    if isinstance(node, Const):
        return int(node.value)
    if isinstance(node, Sym):
        if node.name in env.bound:
            return int(env.bound[node.name])
        raise ExprError(f"the index {node.name} is not given: sum over it (sum_{node.name} …) or "
                        "use the question's indices")
    if isinstance(node, Add):
        return sum(index_value(t, env) for t in node.terms)
    if isinstance(node, Sub):
        return index_value(node.a, env) - index_value(node.b, env)
    raise ExprError("an index should be a letter or a number")


def sum_range(node: Sum, env: Env) -> int:
    """How far a sum's index runs: the units its symbols index with it — the same for every
    symbol, else an error (k cannot count the units of two different layers)."""
    sizes = set()
    for n in walk(node.body):
        env.work += 1  # looking is work too: nested sums look again and again
        if isinstance(n, Sym):
            for pos, part in enumerate(n.sub):
                if isinstance(part, Sym) and part.name == node.var:
                    saved = env.bound.pop(node.var, None)
                    try:
                        layer = index_value(n.sup[0], env) if n.sup else None
                    finally:
                        if saved is not None:
                            env.bound[node.var] = saved
                    sizes.add(env.size(n.name, layer, pos))
    if not sizes:
        raise ExprError(f"sum_{node.var}: no symbol is indexed by {node.var}")
    if len(sizes) > 1:
        counts = " and ".join(str(s) for s in sorted(sizes))
        raise ExprError(f"sum_{node.var}: {node.var} would count {counts} units in different "
                        "symbols (the units of two layers?)")
    return sizes.pop()


