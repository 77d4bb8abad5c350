"""The learner's values (``Yours``): their numbers where written, the truth where not, what
rounding lets each stand for, and which of them their own errors have made trivial (all
zeros, parameters copied back) so that follow-through never credits them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from .. import interval as iv
from ..engine import Index, Step, Value, element
from ..formula import Ref
from ..interval import Interval
from ..numbers import Number, is_exact, terminating_places, to_fraction
from .bands import Linear
from .elements import as_float, attempt, hull

if TYPE_CHECKING:
    from ..answers import Answer, Entry
    from .marker import Marker

class Yours(dict[str, Value]):
    """The learner's values, each step computed when first asked for: their numbers where
    written and the truth where not; the helper steps (the forward pass after the update)
    recomputed from their updated parameters.  A right sheet never builds any of it.

    Also what rounding lets their numbers stand for (``interval``) and which of their values
    their own errors have made trivial (``trivial``)."""

    def __init__(self, marker: Marker, answers: Mapping[str, Answer], exact: bool = False) -> None:
        super().__init__(marker.exercise.graph.given)
        self._marker, self._answers, self._exact = marker, answers, exact
        self._intervals: dict[tuple[str, Index], Interval] = {}
        self._linear: Linear | None = None
        self._trivial: dict[str, bool] = {}
        self._tainted: dict[str, bool] = {}
        self.slipped: set[str] = set()  # steps with an unexplained (wrong) number, so far

    def __missing__(self, step_id: str) -> Value:
        """The learner's value of a step, worked out and kept when first asked for."""
        marker = self._marker
        truth = marker.truth
        step = marker.exercise.graph.by_id.get(step_id)
        if step is None:
            raise KeyError(step_id)
        value = truth[step_id]
        if step.asked:
            ans = self._answers.get(step_id)
            if ans is not None and any(e.value is not None for e in ans.entries.values()):
                value = _fill(value, ans.entries, exact=self._exact)
        else:
            reads = [self[r] for r in step.reads]
            if any(v is not truth[r] for r, v in zip(step.reads, reads)):
                mine = attempt(step.method, self)
                value = value if mine is None else mine
        self[step_id] = value
        return value

    def interval(self, ref: Ref) -> Interval:
        """What the learner's value of one element may stand for: a written number ± half a
        unit of the places it was written with (at least the asked places); a blank, the band
        of the truth; a helper step (the pass after the update), its band from their values."""
        key = (ref.id, tuple(ref.idx))
        out = self._intervals.get(key)
        if out is not None:
            return out
        marker = self._marker
        step = marker.exercise.graph.by_id.get(ref.id)
        if step is None:  # given by the problem: exact
            out = iv.point(element(marker.truth[ref.id], key[1]))
        elif step.asked:
            ans = self._answers.get(ref.id)
            e = ans.entries.get(key[1]) if ans is not None else None
            if e is None or e.value is None:
                out = marker.bands.truth_interval(ref)
            else:
                written = cast(Number, e.value)
                out = iv.around(written, _written_half(written, marker.decimals))
        else:
            bands = marker.bands.method_bands(step, key[1], self.interval, self)
            out = hull(bands) if bands else marker.bands.truth_interval(ref)
        self._intervals[key] = out
        return out

    @property
    def linear(self) -> Linear:
        """How far rounding moves a method worked from these values (a mistake made on them,
        bands.Linear): each written number exact, for it is the number they used; a blank,
        where the truth stands in, known only to the truth's band."""
        if self._linear is None:
            self._linear = Linear(self._marker.bands, self, self._blank)
        return self._linear

    def _blank(self, ref: Ref) -> Interval | None:
        """The truth's band where the element was left blank (or unreadable), else None."""
        ans = self._answers.get(ref.id)
        e = ans.entries.get(tuple(ref.idx)) if ans is not None else None
        return self._marker.bands.truth_interval(ref) if e is None or e.value is None else None

    def tainted(self, step_id: str) -> bool:
        """This step, or one it is worked from, holds a number nothing explains (a slip)."""
        if step_id not in self._tainted:
            step = self._marker.exercise.graph.by_id.get(step_id)
            self._tainted[step_id] = step is not None and (
                step_id in self.slipped
                or any(self.tainted(r) for r in self._marker.reads[step_id]))
        return self._tainted[step_id]

    def trivial(self, step_id: str) -> bool:
        """True when the learner's value of this step no longer depends on the problem's data
        as the method intends, because of their own unexplained earlier answers: all zeros
        where the truth is not, a parameter copied back unchanged, or computed from such a
        value.  (Zeros that follow honestly from a named mistake keep their follow-through.)"""
        if not self.slipped:
            return False  # nothing unexplained on the sheet so far: nothing is trivialised
        if step_id not in self._trivial:
            self._trivial[step_id] = False  # (no cycles in a step graph; a guard all the same)
            self._trivial[step_id] = self._is_trivial(step_id)
        return self._trivial[step_id]

    def _is_trivial(self, step_id: str) -> bool:
        """``trivial``, worked out (the cache is ``trivial``'s)."""
        marker = self._marker
        step = marker.exercise.graph.by_id.get(step_id)
        if step is None or not self.tainted(step_id):
            return False  # no slip before it: nothing trivialised it
        own, truth = self[step_id], marker.truth[step_id]
        if own is truth or _same(own, truth, marker.unit):
            return False
        # judged by what their own earlier numbers give for it, exactly (a tiny gradient they
        # rounded to 0 is honest), or by what they wrote when that was itself a slip; a helper
        # step (the pass after the update) only through what it reads (trivial_value)
        slipped = step_id in self.slipped
        value = own if slipped else attempt(step.method, self)
        if value is not None and self.trivial_value(step, value, computed=not slipped):
            return True
        return any(self.trivial(r) for r in self._marker.reads[step_id])

    def trivial_value(self, step: Step, value: Any, computed: bool = False) -> bool:
        """This value of the step is trivial where the truth is not: activations or gradients
        exactly zero everywhere, or an update copying the parameters back exactly (W′ = W).
        Other values (z = 0 from a forgotten bias, a loss that barely moved) are judged by
        what they read.  A value ``computed`` from their numbers (not written as a slip)
        counts only for activations and graph nodes, switched off by a wrong input: a sum of
        gradients that happens to cancel to 0 is an honest number."""
        marker = self._marker
        kinds = COMPUTED_KINDS if computed else ZERO_KINDS + COPY_KINDS
        if not step.asked or step.what not in kinds:
            return False
        truth = marker.truth[step.id]
        h = float(marker.tol)
        if step.what in ZERO_KINDS:
            return _all_zero(value, EXACTLY) and not _all_zero(truth, h)
        given = marker.exercise.graph.given
        return any(r in given and _copies(value, given[r], EXACTLY)
                   and not _copies(truth, given[r], h) for r in marker.reads[step.id])


# what can be trivialised (issue 10): activations and gradients (networks), node values and
# gradients (graphs) all zero; updates copying the parameters back
ZERO_KINDS = ("a", "dL_da", "delta", "dW", "db", "node", "grad")
EXACTLY = 1e-12  # "zero", "the same": up to float noise
COMPUTED_KINDS = ("a", "node")  # switched off by a wrong input (ReLU of a negative z)
COPY_KINDS = ("W_new", "b_new")


def _floats(value: Value) -> list[float]:
    """Every element of a number, vector or matrix as a float, row by row."""
    if isinstance(value, list):
        return [f for v in value for f in _floats(v)]
    return [as_float(value)]


def _all_zero(value: Any, h: float) -> bool:
    """Every element within half a unit of 0."""
    return all(abs(f) <= h for f in _floats(value))


def _same(a: Value, b: Value, tol: Number | float) -> bool:
    """Same shape, and |aᵢ − bᵢ| ≤ tol at every element."""
    fa, fb = _floats(a), _floats(b)
    return len(fa) == len(fb) and all(abs(x - y) <= tol for x, y in zip(fa, fb))


def _copies(value: Any, param: Any, h: float) -> bool:
    """value equals param (a number, vector or matrix; per-sample rows each equal to a
    vector), and the parameter is not all zeros (then the zero rule speaks)."""
    if not isinstance(param, (list, int, Fraction, float)) or _all_zero(param, h):
        return False
    if isinstance(value, list) and isinstance(param, list) and value \
            and isinstance(value[0], list) and not isinstance(param[0], list):
        return all(_same(row, param, h) for row in value)
    return _same(value, param, h)


def _written_half(value: Number, decimals: int) -> float:
    """Half a unit of the places a number was written with (at least the asked places: 0.5
    is read as 0.5000); 0 for a value written exactly otherwise (1/3, exp(1))."""
    if not is_exact(value):
        return 0.0
    places = terminating_places(to_fraction(cast(Fraction, value)))
    if places is None:
        return 0.0
    return 0.5 * 10.0 ** -max(places, decimals)



def _fill(truth: Value, entries: Mapping[Index, Entry], prefix: Index = (),
          exact: bool = False) -> Value:
    """The truth with the learner's numbers put in where they wrote one (as a float where the
    truth is a float, unless ``exact``: the arithmetic after it is float arithmetic anyway,
    and faster so)."""
    if isinstance(truth, list):
        return [_fill(t, entries, prefix + (i,), exact) for i, t in enumerate(truth)]
    e = entries.get(prefix)
    if e is None or e.value is None:
        return truth
    if not exact and isinstance(truth, float) and e.approx is not None \
            and math.isfinite(e.approx):
        return e.approx
    return e.value

