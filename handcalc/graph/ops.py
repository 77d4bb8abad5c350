"""The operations of a computation graph (``kind: graph``): for each, its value function with its
local derivative beside it (micrograd style), the formulas a person writes for both, and the
``OPS`` table that names them.

Values stay exact (``Fraction``) through add, sub, mul, div, neg, pow, square, inv, relu and
max; exp, log, sigmoid and tanh give floats.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

from .. import functions as fn
from ..formula import Call, Const, Div, Expr, Neg, Pow, Ref, Sub, add, mul
from ..numbers import Number, show

# =============================================================================================
# The operations: forward value, local derivative ∂out/∂arg_i, and the formulas a person writes
# =============================================================================================
# ``local(i, args, out)``: the derivative of the node with respect to its argument i, from the
# argument values and the node's own value (exp, sigmoid and tanh reuse it, as textbooks do).


def add_(*xs: Number) -> Number:
    """a + b + …"""
    total = xs[0]
    for x in xs[1:]:
        total = total + x
    return total


def add_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(a + b)/∂a = ∂(a + b)/∂b = 1: the add node passes the gradient through."""
    return Fraction(1)


def sub_(a: Number, b: Number) -> Number:
    """a − b"""
    return a - b


def sub_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1"""
    return Fraction(1) if i == 0 else Fraction(-1)


def mul_(a: Number, b: Number) -> Number:
    """a × b"""
    return a * b


def mul_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(ab)/∂a = b, ∂(ab)/∂b = a: the multiply node swaps its inputs."""
    return args[1 - i]


def div_(a: Number, b: Number) -> Number:
    """a / b"""
    if b == 0:
        raise ValueError("division by zero")
    return a / b


def div_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²"""
    a, b = args
    return 1 / b if i == 0 else -a / (b * b)


def neg_(x: Number) -> Number:
    """−x"""
    return -x


def neg_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(−x)/∂x = −1"""
    return Fraction(-1)


def exp_(x: Number) -> float:
    """eˣ"""
    try:
        return math.exp(float(x))
    except OverflowError:
        raise ValueError(f"exp({show(x, 4)}) is too large for a float") from None


def exp_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂eˣ/∂x = eˣ (the node's own value)"""
    return out


def log_(x: Number) -> float:
    """log x (natural)"""
    if x <= 0:
        raise ValueError(f"log needs a positive number; its argument is {show(x, 4)} here")
    return math.log(float(x))


def log_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(log x)/∂x = 1/x"""
    return 1 / args[0]


def pow_(x: Number, k: Number) -> Number:
    """xᵏ for a constant whole number k"""
    if x == 0 and k < 0:
        raise ValueError(f"0 to the power {k} is a division by zero")
    return x ** int(k)


def pow_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂xᵏ/∂x = k·xᵏ⁻¹"""
    x, k = args
    return int(k) * x ** (int(k) - 1)


def square_(x: Number) -> Number:
    """x²"""
    return x * x


def square_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂x²/∂x = 2x"""
    return 2 * args[0]


def inv_(x: Number) -> Number:
    """1/x"""
    if x == 0:
        raise ValueError("1/x of 0 is a division by zero")
    return 1 / x


def inv_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(1/x)/∂x = −1/x²"""
    return -1 / (args[0] * args[0])


def sigmoid_(x: Number) -> float:
    """σ(x) = 1/(1 + e⁻ˣ)"""
    return fn.sigmoid(x)


def sigmoid_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂σ(x)/∂x = σ(x)(1 − σ(x)) (from the node's own value)"""
    return out * (1 - out)


def relu_(x: Number) -> Number:
    """ReLU(x) = max(0, x)"""
    return fn.relu(x)


def relu_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂ReLU(x)/∂x = 1 if x > 0, else 0 (0 at x = 0, the usual convention)"""
    return Fraction(1) if args[0] > 0 else Fraction(0)


def tanh_(x: Number) -> float:
    """tanh x"""
    return fn.tanh(x)


def tanh_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(tanh x)/∂x = 1 − tanh²x (from the node's own value)"""
    return 1 - out * out


def max_(a: Number, b: Number) -> Number:
    """max(a, b)"""
    return a if a >= b else b


def max_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂max(a, b)/∂a = 1 if a ≥ b else 0, and the other way round for b: the max node routes
    the gradient to the larger input (to the first one at a tie)"""
    a, b = args
    first = a >= b
    return Fraction(1) if (first if i == 0 else not first) else Fraction(0)


# --- the formulas, as expression trees over the arguments (Ref or Const) and the node (Ref) ---

ONE = Const(Fraction(1))


def _max_local_formula(i: int, a: list[Expr], out: Ref) -> Expr:
    """step(a − b) for a (1 at a tie), step(b − a) for b (0 at a tie)."""
    x, y = (a[0], a[1]) if i == 0 else (a[1], a[0])
    return Call("step", (Sub(x, y),), as_value=True, params=(1 if i == 0 else 0,))


@dataclass(frozen=True)
class Op:
    """One operation: how many arguments, its value, its local derivative, and their formulas."""

    name: str
    arity: tuple[int, int | None]  # fewest and most arguments (None: any number)
    forward: Callable[..., Number]
    local: Callable[[int, Sequence[Number], Number], Number]
    formula: Callable[[list[Expr]], Expr]
    local_formula: Callable[[int, list[Expr], Ref], Expr]
    label: str  # drawn in the node's circle
    reads_out: bool = False  # the local derivative uses the node's own value
    constant_last: bool = False  # the last argument is a constant (pow's k)

    def arity_text(self) -> str:
        """The number of arguments in words: '2 arguments', '2 or more arguments', '1 to 3 …'."""
        lo, hi = self.arity
        if hi is None:
            return f"{lo} or more arguments"
        if lo == hi:
            return "1 argument" if lo == 1 else f"{lo} arguments"
        return f"{lo} to {hi} arguments"


OPS: dict[str, Op] = {op.name: op for op in (
    Op("add", (2, None), add_, add_local, lambda a: add(a), lambda i, a, o: ONE, "+"),
    Op("sub", (2, 2), sub_, sub_local, lambda a: Sub(a[0], a[1]),
       lambda i, a, o: ONE if i == 0 else Const(Fraction(-1)), "−"),
    Op("mul", (2, 2), mul_, mul_local, lambda a: mul(a[0], a[1]), lambda i, a, o: a[1 - i], "×"),
    Op("div", (2, 2), div_, div_local, lambda a: Div(a[0], a[1]),
       lambda i, a, o: Div(ONE, a[1]) if i == 0 else Neg(Div(a[0], Pow(a[1], 2))), "÷"),
    Op("neg", (1, 1), neg_, neg_local, lambda a: Neg(a[0]), lambda i, a, o: Const(Fraction(-1)),
       "−x"),
    Op("exp", (1, 1), exp_, exp_local, lambda a: Call("exp", (a[0],)), lambda i, a, o: o, "exp",
       reads_out=True),
    Op("log", (1, 1), log_, log_local, lambda a: Call("log", (a[0],)),
       lambda i, a, o: Div(ONE, a[0]), "log"),
    Op("pow", (2, 2), pow_, pow_local, lambda a: Pow(a[0], _exponent(a[1])),
       lambda i, a, o: _pow_local_formula(a[0], _exponent(a[1])), "xᵏ", constant_last=True),
    Op("square", (1, 1), square_, square_local, lambda a: Pow(a[0], 2),
       lambda i, a, o: mul(Const(Fraction(2)), a[0]), "x²"),
    Op("inv", (1, 1), inv_, inv_local, lambda a: Div(ONE, a[0]),
       lambda i, a, o: Neg(Div(ONE, Pow(a[0], 2))), "1/x"),
    Op("sigmoid", (1, 1), sigmoid_, sigmoid_local, lambda a: Call("σ", (a[0],)),
       lambda i, a, o: mul(o, Sub(ONE, o)), "σ", reads_out=True),
    Op("relu", (1, 1), relu_, relu_local, lambda a: Call("max", (Const(Fraction(0)), a[0])),
       lambda i, a, o: Call("ReLU′", (a[0],), as_value=True, params=(0,)), "ReLU"),
    Op("tanh", (1, 1), tanh_, tanh_local, lambda a: Call("tanh", (a[0],)),
       lambda i, a, o: Sub(ONE, Pow(o, 2)), "tanh", reads_out=True),
    Op("max", (2, 2), max_, max_local, lambda a: Call("max", (a[0], a[1])), _max_local_formula,
       "max"),
)}


def _exponent(k: Expr) -> int:
    """pow's constant exponent k (its last argument is a Const: constant_last)."""
    return int(cast(Const, k).value)


def _pow_local_formula(x: Expr, k: int) -> Expr:
    """k·xᵏ⁻¹, written plainly for k = 1 and k = 2."""
    if k == 1:
        return ONE
    if k == 2:
        return mul(Const(Fraction(2)), x)
    return mul(Const(Fraction(k)), Pow(x, k - 1))
