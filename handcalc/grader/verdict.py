"""The verdict on one written number: the rules, pure, in the order the README states them.

``decide_verdict`` tries, first that fits: right (inside a band of rounding around the truth),
carried (inside a band worked from the learner's own earlier answers), rounding by places, a
named mistake, rounding by a unit or two, wrong.  The helpers below it are its rules' pieces:
``near`` (within a tolerance, exactly), ``_capped`` and ``_bounded`` (bands held to what
rounding can do), ``places_fit`` (a right value rounded to fewer places).  ``resolve_ties``
tells a tie apart by the rest of the sheet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, NamedTuple, Protocol, cast

from ..engine import Index, Value
from ..interval import Interval
from ..numbers import Number, is_exact, round_half_away, terminating_places, to_fraction
from .elements import ARITH, as_float, at
from .results import Item

# (code, its value from the true inputs, its value from the learner's): a mistake's outcomes
Outcome = tuple[str, Value | None, Value | None]


class Decision(NamedTuple):
    """A verdict with what it was decided against."""

    verdict: str
    followthrough: Any = None  # the value worked from the learner's answers, or the mistake's
    source: str | None = None  # for a mistake: 'truth' or 'yours' (inputs explaining it)
    # (code, source, value) of every mistake giving the number, when more than one does
    candidates: tuple[tuple[str, str, Any], ...] = ()


class Evidence(Protocol):
    """What one written number is compared against (``marker.StepState`` for one step of one
    sheet), each piece worked out only when ``decide_verdict`` first asks for it."""

    def truth_bands(self, idx: Index) -> list[Interval]:
        """The bands of rounding around the truth at the element, one per right method."""
        raise NotImplementedError

    def followthrough(self) -> list[Value | None]:
        """The step worked from the learner's own values, by each right method."""
        raise NotImplementedError

    def usable_methods(self) -> list[bool]:
        """Per right method: may follow-through credit it (its inputs not trivialised)?"""
        raise NotImplementedError

    def usable(self) -> bool:
        """Some right method worked from the learner's values may be credited."""
        raise NotImplementedError

    def carried(self, idx: Index) -> list[tuple[Interval, Any]]:
        """(band, value) at the element per usable right method, from the learner's values."""
        raise NotImplementedError

    def singles(self) -> list[Outcome]:
        """Each mistake's values at the step, simplest first."""
        raise NotImplementedError

    def doubles(self) -> list[Outcome]:
        """Each pair of mistakes' values at the step (code ``a+b``)."""
        raise NotImplementedError

    def mistake_radius(self, idx: Index, n: int, source: str, pairs: bool = False) -> float:
        """How far rounding lets the n-th single (or pair) worked from ``source`` ('truth'
        or 'yours') move at the element."""
        raise NotImplementedError


def decide_verdict(x: Number, expected: Number, idx: Index, evidence: Evidence, *,
                   inputs_dirty: bool, decimals: int, after: bool = False) -> Decision:
    """The verdict on one written number, in the documented order (README, "The verdicts"):
    right, carried, rounding by places, a named mistake, rounding by a unit or two, wrong.

    Pure: ``evidence`` gives, each computed only when first asked for, the bands of rounding
    around the truth (``truth_bands``), the step worked from the learner's own answers by each
    right method (``followthrough``, ``usable_methods``, ``carried``) and the mistakes'
    values (``singles``, ``doubles``, ``usable``) — a ``StepState`` for one step of a sheet."""
    fx = as_float(x)
    if not math.isfinite(fx):
        return Decision("wrong")
    half = Fraction(1, 2 * 10**decimals)
    unit = 2 * float(half)
    truth_bands = evidence.truth_bands(idx)
    if after:  # a step of the pass after the update: see _capped
        truth_bands = [_capped(b, expected, unit) for b in truth_bands]
    # 1. right: inside a band of rounding around the truth
    if _inside(fx, truth_bands) is not None:
        return Decision("right")
    # 2. carried: inside a band worked from the learner's own earlier answers, by a method
    #    whose inputs their errors have not made trivial (first the cheap test: within half a
    #    unit of the value worked from them)
    credited = "carried" if inputs_dirty else "right"
    for ft, ok in zip(evidence.followthrough(), evidence.usable_methods()):
        v = at(ft, idx) if ok else None
        if v is not None and near(x, v, half):
            return Decision(credited, v)
    # (with right inputs the band from them lies inside the truth's: no need to work it out)
    worked = evidence.carried(idx) if inputs_dirty else []
    carried = [(b, v) for b, v in ((_bounded(b, v), v) for b, v in worked) if b is not None]
    n = _inside(fx, [b for b, _ in carried])
    if n is not None:
        return Decision(credited, carried[n][1])
    right_bands = truth_bands + [b for b, _ in carried]
    # 3. the right value rounded to fewer places, or cut: never a mistake
    if places_fit(x, right_bands, [expected] + [v for _, v in carried], decimals):
        return Decision("rounding")
    # 4. a named mistake: outside every right band, inside the mistake's own band (what
    #    rounding does to the mistaken method, at least a unit), where the mistake makes a
    #    visible difference
    for pairs in (False, True):
        found: list[tuple[str, str, Any]] = []
        for n, (code, from_truth, from_mine) in enumerate(
                evidence.doubles() if pairs else evidence.singles()):
            for source, value in (("truth", from_truth),
                                  ("yours", from_mine if evidence.usable() else None)):
                v = at(value, idx)
                if v is None:
                    continue
                fv = as_float(v)
                if not math.isfinite(fv) or _inside(fv, right_bands, unit) is not None:
                    continue
                gap = abs(fx - fv)
                if gap > unit * (1 + 1e-9):  # (within a unit needs no band worked out)
                    r = evidence.mistake_radius(idx, n, source, pairs)
                    if after:
                        r = min(r, _after_cap(fv, unit))
                    if gap > r * (1 + 1e-9):
                        continue
                found.append((code, source, v))
                break
        if found:
            code, source, v = found[0]
            return Decision(f"mistake:{code}", v, source, tuple(found) if len(found) > 1 else ())
    # 5. one or two units off in the last place
    if _inside(fx, right_bands, 2 * unit) is not None:
        return Decision("rounding")
    return Decision("wrong")


# --- the pieces of the rules, in the order they are used -----------------------------------


MAX_AFTER_BAND = 0.05  # of the value: the widest honest band of the loss after the update


def _capped(band: Interval, value: Any, unit: float) -> Interval:
    """The band of a step of the pass after the update (the loss after it, the improvement)
    held within ± max(5 units, 5 % of |v|) of its value v.  That pass runs the whole network
    again through steps the sheet does not ask for, and interval arithmetic counts each input
    once per use (softmax's e_k over Σ e_j), so its band can grow far past what rounding does —
    wide enough to hide a 37 % slip in the loss."""
    v = as_float(value)
    if not math.isfinite(v):
        return band
    cap = _after_cap(v, unit)
    return Interval(max(band.lo, v - cap), min(band.hi, v + cap))


def _after_cap(v: float, unit: float) -> float:
    """The widest honest radius of a band around v in the pass after the update:
    max(5 units, 5 % of |v|)."""
    return max(5 * unit, MAX_AFTER_BAND * abs(v))


def _inside(x: float, bands: Sequence[Interval], margin: float = 0.0) -> int | None:
    """The index of the first band holding x (each widened by ``margin``), else None."""
    for n, b in enumerate(bands):
        slack = 1e-12 * max(1.0, abs(x))
        if b.lo - margin - slack <= x <= b.hi + margin + slack:
            return n
    return None


def near(x: Number, v: Any, tol: Fraction) -> bool:
    """|x − v| ≤ tol, exactly for exact values; never for NaN, ±inf or overflow."""
    try:
        if is_exact(x) and is_exact(v):
            # in floats first: only a difference within a hair of tol needs exact arithmetic
            gap, t = abs(float(x) - float(v)), float(tol)
            if gap < t * 0.999999:
                return True
            if gap > t * 1.000001:
                return False
            return abs(to_fraction(cast(Fraction, x)) - to_fraction(cast(Fraction, v))) <= tol
        fx, fv = float(x), float(v)
    except ARITH:
        return False
    if not (math.isfinite(fx) and math.isfinite(fv)):
        return False
    return abs(fx - fv) <= float(tol) * (1 + 1e-9) + 1e-12 * abs(fv)


def _bounded(band: Interval, value: Any) -> Interval | None:
    """A band with an end at infinity (the log of a piece that rounds to 0 or 1) mirrored about
    the value worked from the learner's own numbers: [lo, v + (v − lo)] — so a saturated
    sigmoid's honest −log(1 − y) stays explained, but −log of a written 0 explains no number;
    None when nothing is left (v outside the band, or no finite end)."""
    if math.isfinite(band.lo) and math.isfinite(band.hi):
        return band
    v = as_float(value)
    if not math.isfinite(v) or not band.lo <= v <= band.hi:
        return None
    if math.isfinite(band.lo):
        return Interval(band.lo, 2 * v - band.lo)
    if math.isfinite(band.hi):
        return Interval(2 * v - band.hi, band.hi)
    return None


def places_fit(x: Number, bands: Sequence[Interval], values: Sequence[Any],
               decimals: int) -> bool:
    """x is a right value rounded to fewer places than asked (or cut to them), or a value of a
    right band cut (truncated) at the asked places — never a mistake.  0 is the cut of a value
    under one unit; another whole number is not taken for a rounding."""
    if not is_exact(x):
        return False
    q = to_fraction(cast(Fraction, x))
    places = terminating_places(q)
    if places is None or places > decimals:
        return False
    if q != 0 and 0 < places < decimals:
        for v in values:
            try:
                exact = to_fraction(v) if is_exact(v) else Fraction(float(v))
            except ARITH:
                continue
            cut = Fraction(int(exact * 10**places), 10**places)
            if q == round_half_away(exact, places) or q == cut:
                return True
        return False
    if places == 0 and q != 0:
        return False
    cell, f = 10.0 ** -decimals, float(q)
    lo, hi = (f, f + cell) if q > 0 else ((f - cell, f) if q < 0 else (-cell, cell))
    eps = 1e-12
    return any(b.lo < hi - eps and lo + eps < b.hi for b in bands)


def prefer_consistent(items: list[Item], outcomes: Sequence[Outcome], unit: Fraction) -> None:
    """Where several mistakes give an element's number, name the one that explains most
    of the step (the diagonal-only softmax Jacobian gives the right δ at the target class
    and 0 elsewhere, as forgetting h′ does there: the whole step tells them apart).  When
    the best ones give the same numbers on the whole step, the verdict names them all, a
    tie (``mistake:dropped_half|mean_not_divided``).  ``outcomes``: each mistake's values at
    the step (and each pair's, if worked out); ``unit``: one unit in the last asked place."""
    tables: dict[str, list[Value | None]] = {}
    for code, from_truth, from_mine in outcomes:
        tables.setdefault(code, []).extend((from_truth, from_mine))

    def support(code: str) -> int:
        """How many elements of the step the mistake gives the learner's number at."""
        n = 0
        for item in items:
            if item.answer is None:
                continue
            for value in tables.get(code, ()):
                v = at(value, item.idx)
                if v is not None and near(item.answer, v, unit):
                    n += 1
                    break
        return n

    def same_on_step(a: str, b: str) -> bool:
        """Two mistakes give the same number at every element of the step."""
        for item in items:
            va = [at(v, item.idx) for v in tables.get(a, ())]
            vb = [at(v, item.idx) for v in tables.get(b, ())]
            if not any(x is not None and y is not None and near(x, y, unit)
                       for x in va for y in vb):
                return False
        return True

    for item in items:
        if len(item.candidates) > 1:
            scores = [support(c[0]) for c in item.candidates]
            top = max(scores)
            best = [c for c, n in zip(item.candidates, scores) if n == top]
            code, item.source, item.followthrough = best[0]
            tied = [c[0] for c in best if c[0] == code or same_on_step(code, c[0])]
            item.verdict = "mistake:" + "|".join(dict.fromkeys(tied))


def resolve_ties(items: list[Item]) -> None:
    """A tie (``mistake:a|b``) is told apart by the rest of the sheet: when another element
    names one of its mistakes alone, that one is named here too."""
    alone = {i.codes[0] for i in items if i.kind == "mistake" and "|" not in i.verdict
             and len(i.codes) == 1}
    for item in items:
        if item.kind == "mistake" and "|" in item.verdict:
            told = [c for c in item.codes if c in alone]
            if len(told) == 1:
                item.verdict = f"mistake:{told[0]}"
