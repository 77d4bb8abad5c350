"""The bands of rounding of one problem, the same for every sheet (``Bands``): each element's
right bands around the truth, each worked from the bands of what it reads; the formulas they
are worked with; which elements each element's formulas read.  And how far rounding moves a
method that has no formula (a mistaken one): ``spread``, its linearised band.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any, cast

from .. import interval as iv
from .. import kinds
from ..engine import Index, Method, Step, Value, element, elements
from ..formula import Ref
from ..interval import Interval
from .elements import ARITH, as_float, at, attempt, hull

if TYPE_CHECKING:
    from ..exercise import Exercise
    from ..formula import Expr

    # (step id, element index) → the element's truth bands; (step id, None) → [] marks a step
    # whose every element is worked out
    _Bands = dict[tuple[str, Index | None], list[Interval]]
    # idx → the (id, idx) elements an element's formulas read
    _ElementReads = dict[Index, frozenset[tuple[str, Index]]]


class Bands:
    """What rounding lets a right answer be, for every element of one exercise, each worked
    out once and only when first needed."""

    def __init__(self, exercise: Exercise, truth: Mapping[str, Value],
                 reads: Mapping[str, frozenset[str]], half: float) -> None:
        self.exercise, self.truth, self.reads = exercise, truth, reads
        self.half = half  # half a unit in the last asked place, in floats
        self.steps = exercise.graph.steps
        table = kinds.of(exercise).saved_table(exercise)  # a value table saved with the problem
        self.calls = iv.with_table(table) if table else None
        self._bands: _Bands | None = None
        # (id, idx) → the hull of its truth bands (or its given value)
        self._hulls: dict[tuple[str, Index], Interval] = {}
        self._formulas: dict[tuple[str, int, Index], Expr] = {}  # (id, k, idx) → built once
        self._reads: dict[str, _ElementReads | None] = {}  # per step, built when first needed

    def element_reads(self, step: Step) -> _ElementReads | None:
        """idx → the (id, idx) elements its formulas read, over every right method; None when
        a method has no formula (then the whole step's inputs count).  Built once per step."""
        if step.id not in self._reads:
            self._reads[step.id] = self._element_reads(step)
        return self._reads[step.id]

    def _element_reads(self, step: Step) -> _ElementReads | None:
        """``element_reads``, worked out (the cache is ``element_reads``'s)."""
        if any(m.formula is None for m in step.methods()):
            return None
        out: _ElementReads = {}
        for idx, _ in self.exercise.elements_of(step):
            refs: set[tuple[str, Index]] = set()
            for m in step.methods():
                # formula nodes and tuples of them (network steps have a formula)
                stack: list[Any] = [cast("Callable[..., Expr]", m.formula)(idx)]
                while stack:
                    node = stack.pop()
                    if isinstance(node, Ref):
                        refs.add((node.id, tuple(node.idx)))
                    elif isinstance(node, tuple):  # a formula node, or a tuple of them
                        stack.extend(c for c in node if isinstance(c, tuple))
            out[idx] = frozenset(refs)
        return out

    # -- the bands of rounding (same for every sheet) --

    def method_bands(self, step: Step, idx: Index, value_of: Callable[[Ref], Interval],
                     values: Mapping[str, Value]) -> list[Interval]:
        """One band per right method: its formula over the intervals ``value_of`` gives the
        elements it reads, every written piece ± half a unit, plus half a unit for the answer's
        own rounding (interval.band); a method without a formula, its value ± half a unit."""
        out: list[Interval] = []
        for k, m in enumerate(step.methods()):
            try:
                if m.formula is not None:
                    out.append(iv.band(self.formula(step, k, m, idx), value_of, self.half,
                                       self.calls))
                    continue
                v = at(attempt(m, values), idx)
                if v is not None:
                    out.append(iv.around(v, self.half))
            except ARITH:
                continue
        return out

    def formula(self, step: Step, k: int, method: Method, idx: Index) -> Expr:
        """The formula of one element by the step's k-th right method, built once."""
        key = (step.id, k, idx)
        out = self._formulas.get(key)
        if out is None:
            out = self._formulas[key] = cast("Callable[..., Expr]", method.formula)(idx)
        return out

    def truth_bands(self, step: Step, idx: tuple[int, ...]) -> list[Interval]:
        """The right bands of one element: each right method over the bands of what it reads
        (an earlier value is known only to within its own band), worked from the problem's
        numbers.  Worked out only for the elements needed, each once, earliest first."""
        if self._bands is None:
            self._bands = {}
        key = (step.id, idx)
        if key not in self._bands:
            self._work_out(key)
        return self._bands[key]

    def _work_out(self, key: tuple[str, tuple[int, ...]]) -> None:
        """The truth bands of every element of the element's step and of every step it is
        worked from, in working order (no recursion: a long computation graph must not run
        out of Python's stack)."""
        # (the caller made the cache)
        bands, by_id = cast("_Bands", self._bands), self.exercise.graph.by_id
        needed: set[str] = set()
        todo = [key[0]]
        while todo:
            sid = todo.pop()
            if sid not in needed and sid in by_id and (sid, None) not in bands:
                needed.add(sid)
                todo.extend(self.reads[sid])
        for step in self.steps:
            if step.id not in needed:
                continue
            for idx, _ in self.exercise.elements_of(step):
                out = self.method_bands(step, idx, self.truth_interval, self.truth)
                bands[(step.id, idx)] = out or [iv.around(at(self.truth[step.id], idx),
                                                          self.half)]
            bands[(step.id, None)] = []  # the whole step is worked out

    def truth_interval(self, ref: Ref) -> Interval:
        """What a right learner's value of one element may be: given values exactly, a step's
        the hull of its right bands."""
        key = (ref.id, ref.idx)
        out = self._hulls.get(key)
        if out is None:
            step = self.exercise.graph.by_id.get(ref.id)
            if step is None:
                out = iv.point(element(self.truth[ref.id], tuple(ref.idx)))
            else:
                out = hull(self.truth_bands(step, tuple(ref.idx)))
            self._hulls[key] = out
        return out



class Linear:
    """How far rounding moves a method worked from one set of exact numbers (the truth, or a
    sheet's values): the linearised band of ``spread``, over the radii of what it reads.

    An element of an asked step is exact (``loose`` says otherwise: a blank the truth stands
    in for, known to its band), one given by the problem too; a helper step (the pass after
    the update, which no one writes down) is known to what its own rounding does — half a
    unit, its pieces, and the spread of what it reads, each helper worked out once."""

    def __init__(self, bands: Bands, values: Mapping[str, Value],
                 loose: Callable[[Ref], Interval | None] | None = None) -> None:
        self.bands, self.values, self.loose = bands, values, loose
        self._helpers: dict[str, dict[Index, float] | None] = {}
        self._pieces: dict[tuple[str, Index], float] = {}  # (step id, idx) → ``pieces``
        self._moves: dict[str, bool] = {}  # step id → ``moves``
        self._spreads: dict[Any, dict[Index, float] | None] = {}  # key → ``spread``'s

    def spread(self, key: Any, method: Method) -> dict[Index, float] | None:
        """``spread`` of a method worked from ``values``, kept under ``key`` (the method's
        name: a step and its n-th mistake)."""
        if key not in self._spreads:
            self._spreads[key] = spread(method, self.values, self.radius,
                                        [r for r in method.reads if self.moves(r)])
        return self._spreads[key]

    def moves(self, rid: str) -> bool:
        """Some element of rid may be other than ``values``' (``radius``)."""
        if rid not in self._moves:
            step = self.bands.exercise.graph.by_id.get(rid)
            self._moves[rid] = step is not None and (not step.asked or (
                self.loose is not None and any(
                    self.loose(Ref(rid, j)) is not None
                    for j, _ in elements(self.values[rid]))))
        return self._moves[rid]

    def radius(self, rid: str, j: Index) -> float:
        """How far the value of rid[j] a method is worked from may be from ``values``'."""
        step = self.bands.exercise.graph.by_id.get(rid)
        if step is None:
            return 0.0  # given by the problem: exact
        if step.asked:
            band = self.loose(Ref(rid, j)) if self.loose is not None else None
            if band is None:
                return 0.0
            x = as_float(element(self.values[rid], j))
            return max(band.hi - x, x - band.lo, 0.0)
        if rid not in self._helpers:
            self._helpers[rid] = self._helper(step)
        radii = self._helpers[rid]
        return math.inf if radii is None else radii.get(j, math.inf)

    def _helper(self, step: Step) -> dict[Index, float] | None:
        """The radius of every element of a helper step (``radius``)."""
        moved = spread(step.method, self.values, self.radius,
                       [r for r in step.method.reads if self.moves(r)])
        if moved is None:
            return None
        return {idx: self.around(step, idx, moved.get(idx, 0.0))
                for idx, _ in elements(self.values[step.id])}

    def around(self, step: Step, idx: Index, moved: float) -> float:
        """A value of the step's element written down, worked from inputs that move it by
        ``moved``: half a unit for its own rounding, plus the rounding of the pieces a person
        writes down inside it (``pieces``), plus ``moved``."""
        key = (step.id, idx)
        pieces = self._pieces.get(key)
        if pieces is None:
            pieces = self._pieces[key] = self.pieces(step, idx)
        return self.bands.half + pieces + moved

    def pieces(self, step: Step, idx: Index) -> float:
        """The rounding of the pieces a person writes down inside the step's element, its
        inputs exactly ``values``': the widest over its right formulas (a mistake is a right
        method with one piece swapped), 0 for a step without one."""
        out = 0.0
        for k, m in enumerate(step.methods()):
            if m.formula is None:
                continue
            try:
                b = iv.evaluate(self.bands.formula(step, k, m, idx), self._point,
                                self.bands.half, self.bands.calls, outer=False)
            except ARITH:
                continue
            if math.isfinite(b.radius):
                out = max(out, b.radius)
        return out

    def _point(self, ref: Ref) -> Interval:
        """[x, x] for the element ``ref`` of ``values``."""
        return iv.point(element(self.values[ref.id], ref.idx))


def spread(method: Method, values: Mapping[str, Value], radius: Callable[[str, Index], float],
           moving: Collection[str] | None = None) -> dict[Index, float] | None:
    """How far the method's value may move, element by element, when each element xᵢ of what
    it reads is known only to ± rᵢ = ``radius(id, index)``: the linearised (mean-value) band

        Σᵢ |∂f/∂xᵢ|·rᵢ  ≈  Σᵢ |f(x + rᵢeᵢ) − f(x)|,

    each input moved once, by its own radius, wherever the method uses it — so a value read
    twice is not counted twice (interval arithmetic's dependency problem), and a value it does
    not read adds nothing.  An input with no finite radius (a log of a piece that rounds to 0)
    adds nothing (its value cannot be pinned down, so neither can the method's); only the
    reads in ``moving`` are moved, when it is given.  An element nothing moves is left out;
    None when the values break the method (or move it to an overflow)."""
    args = [values[r] for r in method.reads]
    base: dict[Index, float] = {}
    out: dict[Index, float] = {}  # (nothing moves: the method is not even run)
    try:
        for pos, rid in enumerate(method.reads):
            if moving is not None and rid not in moving:
                continue
            for j, x in elements(args[pos]):
                r = radius(rid, j)
                if not 0 < r < math.inf:
                    continue
                if not base:
                    base = {idx: as_float(v) for idx, v in elements(method.compute(*args))}
                    out = dict.fromkeys(base, 0.0)
                moved = list(args)
                moved[pos] = _replaced(args[pos], j, as_float(x) + r)
                for idx, v in elements(method.compute(*moved)):
                    if idx in out:
                        out[idx] += abs(as_float(v) - base[idx])
    except ARITH:
        return None
    return out if all(map(math.isfinite, out.values())) else None


def _replaced(value: Value, idx: Index, x: float) -> Value:
    """A copy of a number, vector or matrix with the element at ``idx`` replaced by x."""
    if not idx:
        return x
    out = list(value)
    out[idx[0]] = _replaced(value[idx[0]], idx[1:], x)
    return out
