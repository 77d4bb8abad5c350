"""Short: exact numbers of at most four decimal places, for the sampler's exact pass.

``generator_sampler`` evaluates a draw's step graph again from ``Short`` numbers: the engine's
own step functions then compute exactly the values they compute from Fractions (floats after the
first exp, σ, tanh or log, as there), many times faster, or raise ``TooLong`` at the first exact
result needing a fifth decimal place — the easy level's ``short_decimals`` rule, tested without
a second implementation of the mathematics.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any


class TooLong(ArithmeticError):
    """An exact result that needs more than four decimal places (or never ends)."""


UNIT = 10_000  # Short counts in units of 0.0001


def _units(x: Any) -> int:
    """An exact number in units of 0.0001, or TooLong."""
    if type(x) is Short:
        return x.n
    if isinstance(x, int):
        return x * UNIT
    q, r = divmod(x.numerator * UNIT, x.denominator)  # a Fraction
    if r:
        raise TooLong(x)
    return int(q)


class Short:
    """An exact number of at most four decimal places, kept as an integer count of 0.0001.

    It behaves as the engine's Fractions do — exact with ints, Fractions and other Shorts, a
    float as soon as a float joins in (after exp, σ, tanh, log) — except that an exact result
    needing a fifth decimal place raises ``TooLong``.  So the engine's own step functions,
    given Shorts, compute exactly the values they compute from Fractions, or refuse.
    """

    __slots__ = ("n",)

    def __init__(self, n: int):
        self.n = n

    @classmethod
    def of(cls, x: Any) -> Short:
        """The Short of an exact number (int, Fraction or Short); TooLong beyond 4 places."""
        return cls(_units(x))

    def fraction(self) -> Fraction:
        """The exact value as a Fraction: n / 10000."""
        return Fraction(self.n, UNIT)

    def places(self) -> int:
        """How many decimal places it really has (0.5000 has 1)."""
        n, places = self.n, 4
        while places and n % 10 == 0:
            n //= 10
            places -= 1
        return places

    def __add__(self, other: Any) -> Any:
        kind = type(other)
        if kind is Short:
            return Short(self.n + other.n)
        if kind is int:
            return Short(self.n + other * UNIT)
        if kind is float:
            return self.n / UNIT + other
        return Short(self.n + _units(other))

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        kind = type(other)
        if kind is Short:
            return Short(self.n - other.n)
        if kind is float:
            return self.n / UNIT - other
        return Short(self.n - _units(other))

    def __rsub__(self, other: Any) -> Any:
        if type(other) is float:
            return other - self.n / UNIT
        return Short(_units(other) - self.n)

    def __mul__(self, other: Any) -> Any:
        kind = type(other)
        if kind is Short:
            q, r = divmod(self.n * other.n, UNIT)
        elif kind is int:
            return Short(self.n * other)
        elif kind is float:
            return self.n / UNIT * other
        else:  # a Fraction
            q, r = divmod(self.n * other.numerator, other.denominator)
        if r:
            raise TooLong(self)
        return Short(q)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Any:
        if type(other) is float:
            return self.n / UNIT / other
        d = _units(other)
        if d == 0:
            raise ZeroDivisionError("division by zero")
        q, r = divmod(self.n * UNIT, d)
        if r:
            raise TooLong(self)
        return Short(q)

    def __rtruediv__(self, other: Any) -> Any:
        if type(other) is float:
            return other / (self.n / UNIT)
        return Short.of(other) / self

    def __pow__(self, k: int) -> Short:
        out = Short(UNIT)
        for _ in range(k):
            out = out * self
        return out

    def __neg__(self) -> Short:
        return Short(-self.n)

    def __pos__(self) -> Short:
        return self

    def __abs__(self) -> Short:
        return Short(abs(self.n))

    def _cmp(self, other: Any) -> int:
        if type(other) is Short:
            a, b = self.n, other.n
        elif type(other) is int:
            a, b = self.n, other * UNIT
        else:  # a Fraction, or a float compared exactly (as Fractions compare)
            q = Fraction(other)
            a, b = self.n * q.denominator, q.numerator * UNIT
        return (a > b) - (a < b)

    def __lt__(self, other: Any) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: Any) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: Any) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: Any) -> bool:
        return self._cmp(other) >= 0

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, (Short, int, Fraction, float)):
            return self._cmp(other) == 0
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash(self.fraction())

    def __float__(self) -> float:
        return self.n / UNIT

    def __bool__(self) -> bool:
        return self.n != 0

    def __repr__(self) -> str:
        return f"Short({self.fraction()})"

