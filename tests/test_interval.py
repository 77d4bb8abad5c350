"""Interval arithmetic (handcalc/interval.py): every operation's interval holds the operation's
value at any points drawn from its operands (checked by sampling, an independent reading of
"[a] op [b] holds a op b"), and a formula's band holds every way of rounding its pieces."""

from __future__ import annotations

import math
import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from handcalc import interval as iv
from handcalc.formula import Add, Call, Const, Div, Mul, Neg, Ref, Sub

ENDS = st.floats(-5, 5, allow_nan=False)


@st.composite
def intervals(draw, positive=False):
    a, b = sorted((draw(ENDS), draw(ENDS)))
    if positive:
        a, b = abs(a) + 0.01, abs(a) + 0.01 + (b - a)
    return iv.Interval(a, b)


def _points(a: iv.Interval, rng: random.Random, n: int = 30) -> list[float]:
    return [a.lo, a.hi] + [rng.uniform(a.lo, a.hi) for _ in range(n)]


def _holds(band: iv.Interval, x: float) -> bool:
    return band.lo - 1e-9 * (1 + abs(x)) <= x <= band.hi + 1e-9 * (1 + abs(x))


class TestOperations:
    @settings(max_examples=200, deadline=None)
    @given(intervals(), intervals(), st.sampled_from(["add", "sub", "mul", "maximum"]))
    def test_binary_operations_hold_every_pair_of_points(self, a, b, op):
        """[a] op [b] holds x op y for x in [a], y in [b]."""
        f = {"add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
             "maximum": max}[op]
        # through iv.evaluate on a formula tree, the code the grader runs on its formulas
        tree = {"add": Add((Ref("a"), Ref("b"))), "sub": Sub(Ref("a"), Ref("b")),
                "mul": Mul((Ref("a"), Ref("b"))), "maximum": None}[op]
        band = iv.maximum(a, b) if tree is None else \
            iv.evaluate(tree, lambda r: {"a": a, "b": b}[r.id])
        rng = random.Random(1)
        for x in _points(a, rng, 8):
            for y in _points(b, rng, 8):
                assert _holds(band, f(x, y)), (a, b, op, x, y, band)

    @settings(max_examples=200, deadline=None)
    @given(intervals(), intervals(positive=True))
    def test_division_holds_every_quotient(self, a, b):
        """[a] / [b] holds x / y when 0 is not in [b]; everything when it is."""
        band = iv.div(a, b)
        rng = random.Random(2)
        for x in _points(a, rng, 8):
            for y in _points(b, rng, 8):
                assert _holds(band, x / y)
        assert iv.div(a, iv.Interval(-1, 1)) == iv.WHOLE

    @settings(max_examples=200, deadline=None)
    @given(intervals(), st.sampled_from(["exp", "sigmoid", "tanh", "neg"]),
           st.integers(-3, 4))
    def test_functions_and_powers_hold_every_value(self, a, name, k):
        """exp, σ, tanh, −x and x^k over [a] hold their value at every point of [a]."""
        f = {"exp": math.exp, "sigmoid": lambda x: 1 / (1 + math.exp(-x)), "tanh": math.tanh,
             "neg": lambda x: -x}[name]
        band = iv.evaluate(Neg(Ref("a")), lambda r: a) if name == "neg" else getattr(iv, name)(a)
        rng = random.Random(3)
        for x in _points(a, rng):
            assert _holds(band, f(x))
        p = iv.power(a, k)
        for x in _points(a, rng):
            if abs(x) < 1e-6 and k < 0:
                continue
            assert p == iv.WHOLE or _holds(p, x**k), (a, k, x, p)

    def test_log_of_an_interval_reaching_0_has_no_lower_end(self):
        """log of an interval reaching 0 goes down to −∞ (the engine's log has no floor, so a
        written 0 explains any large −log); the upper end is log hi."""
        band = iv.log(iv.Interval(-1.0, 1.0))
        assert band.lo == -math.inf and band.hi == 0.0


class TestBands:
    def test_every_rounding_of_the_pieces_is_inside(self):
        """z = w₁a₁ + w₂a₂ + b with a₁, a₂ anywhere within ± half a unit, each product and
        the sum rounded to 4 places: the band holds every result."""
        h = 0.00005
        w1, w2, b = Fraction("0.3"), Fraction("-0.7"), Fraction("0.1")
        a1, a2 = 0.268941, 0.731059  # σ(−1), σ(1)
        expr = Add((Mul((Const(w1), Ref("a", (0,)))), Mul((Const(w2), Ref("a", (1,)))),
                    Const(b)))
        values = {0: iv.around(round(a1, 4), h), 1: iv.around(round(a2, 4), h)}
        band = iv.band(expr, lambda r: values[r.idx[0]], h)
        rng = random.Random(4)
        for _ in range(2000):
            x1 = round(a1, 4) + rng.uniform(-h, h)
            x2 = round(a2, 4) + rng.uniform(-h, h)
            keep = rng.random() < 0.3  # some learners keep all their digits in the pieces

            def r(v, keep=keep):
                return v if keep else round(v, 4)
            z = round(r(float(w1) * x1) + r(float(w2) * x2) + float(b), 4)
            assert band.contains(z), (z, band)

    def test_sigmoid_from_z_and_from_a_share_the_band(self):
        """a(1 − a) over a's band holds σ(z)(1 − σ(z)) for every z in z's band: either way of
        taking h′ lands in the band of the other (README, "The verdicts")."""
        h = 0.00005
        z = iv.around(0.4321, h)
        a = iv.widen(iv.sigmoid(z), h)  # a as written: σ(z), rounded
        from_a = iv.band(Mul((Ref("a"), Sub(Const(1), Ref("a")))), lambda r: a, h)
        for zz in (z.lo, z.mid, z.hi):
            s = 1 / (1 + math.exp(-zz))
            assert from_a.contains(round(s * (1 - s), 4))

    def test_relu_derivative_is_taken_at_the_written_value(self):
        """ReLU′ over a band is the derivative at the value itself: 0 at a z written as 0
        (the convention stated), never blurred by rounding."""
        assert iv.step(iv.around(0, 0.00005), 0) == iv.Interval(0.0, 0.0)
        assert iv.step(iv.around(0.25, 0.00005)) == iv.Interval(1.0, 1.0)
        expr = Div(Call("exp", (Ref("z"),)), Const(2))
        band = iv.band(expr, lambda r: iv.around(1, 0.00005), 0.00005)
        assert band.contains(round(math.exp(1) / 2, 4))
