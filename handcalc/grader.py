"""Grading: a learner's numbers → a verdict for every element, as a careful human grader marks.

Each element of each asked step, in working order, is judged (design.md; README, "The
verdicts") by the first rule that fits, in this order:

- ``right``      inside the band of rounding around the truth: the step's formula, by any
                 right method, over the bands of what it reads (each earlier value known only
                 to within its own band), each piece a person writes down rounded to the asked
                 places (± half a unit), plus half a unit for the answer's own rounding
                 (interval.py);
- ``carried``    inside the same band worked from the learner's own earlier answers (each
                 written number ± half a unit of its places) and not the truth's: wrong only
                 because an earlier answer was.  Never for a method whose inputs their own
                 unexplained errors made trivial (all zeros, parameters copied back);
- ``rounding``   the right value rounded to fewer places, or cut: never a mistake;
- ``mistake:<code>``  outside every right band and inside a named mistake's band, where the
                 mistake visibly differs from every right value; a pair is ``a+b``; when the
                 best explanations give the same numbers on the whole step, a tie ``a|b``
                 (told apart by the rest of the sheet when it can be);
- ``rounding``   one or two units off in the last place;
- ``wrong``      none of these: a slip;
- ``blank`` / ``unreadable``  nothing, or nothing readable, was written.

Follow-through uses only what is filled in: a blank or unreadable element is replaced by the
truth.  An error early on costs only the element where it happened.  Most right numbers are
decided by one float comparison with the truth; bands are worked out only when that fails.

Pure: an exercise and a sheet's answers in, verdicts out; no input or output.  ``Marker`` holds
what is the same for every sheet of one problem (truth, bands, elements, catalogue), so a class
is graded with the truth computed once.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from . import interval as iv
from .engine import Method, Step, element, run
from .formula import Ref
from .interval import Interval
from .numbers import Number, is_exact, round_half_away, terminating_places, to_fraction, tolerance

if TYPE_CHECKING:
    from collections.abc import Callable

    from .exercise import Exercise
    from .formula import Expr
    from .mistakes import Catalogue

    # (step id, element index) → the element's truth bands; (step id, None) → [] marks a step
    # whose every element is worked out
    _Bands = dict[tuple[str, tuple[int, ...] | None], list[Interval]]

VERDICTS = ("right", "carried", "rounding", "mistake", "wrong", "blank", "unreadable")
POINTS = {"right": 1.0, "carried": 1.0, "rounding": 0.5}  # everything else scores 0
CREDITED = ("right", "carried")
ERRORS = ("mistake", "wrong")  # a real error, the kind the report explains first

_ARITH = (ArithmeticError, ValueError, TypeError, IndexError, ZeroDivisionError)


class Item:
    """The verdict on one element, with what it was compared against."""

    __slots__ = ("id", "step", "idx", "verdict", "expected", "answer", "text", "followthrough",
                 "reason", "source", "candidates")

    def __init__(self, id: str, step: str, idx: tuple[int, ...], verdict: str, expected: Number,
                 answer: Number | None = None, text: str | None = None):
        self.id = id  # 'z1[0]', 'dW2[0][1]', 'loss'
        self.step = step  # canonical step id
        self.idx = idx  # engine index
        # right | carried | rounding | mistake:<code>[+<code>] | wrong | blank | unreadable
        self.verdict = verdict
        self.expected = expected  # the truth
        self.answer = answer
        self.text = text  # as written
        self.followthrough: Number | None = None  # recomputed from the learner's answers
        self.reason: str | None = None  # why unreadable
        self.source: str | None = None  # for a mistake: 'truth' or 'yours' (inputs explaining it)
        self.candidates: list = []  # other mistakes giving the same number

    def __repr__(self) -> str:
        return (f"Item({self.id!r}, {self.verdict!r}, answer={self.answer!r}, "
                f"expected={self.expected!r}, followthrough={self.followthrough!r})")

    @property
    def kind(self) -> str:
        """The verdict without its code: 'mistake' for 'mistake:forgot_learning_rate'."""
        verdict = self.verdict
        return "mistake" if verdict.startswith("mistake:") else verdict

    @property
    def codes(self) -> tuple[str, ...]:
        """The mistake codes of a mistake verdict (two for a pair ``a+b``, each of a tie
        ``a|b``), else ()."""
        if not self.verdict.startswith("mistake:"):
            return ()
        return tuple(self.verdict.split(":", 1)[1].replace("|", "+").split("+"))

    @property
    def tie(self) -> bool:
        """Several mistakes give this number on the whole step: the verdict names them all."""
        return self.verdict.startswith("mistake:") and "|" in self.verdict

    @property
    def points(self) -> float:
        """This item's score: POINTS[verdict] (right and carried 1, rounding ½, else 0)."""
        return POINTS.get(self.kind, 0.0)


class Graded:
    """One sheet graded: its items in working order and what it means in total."""

    def __init__(self, items: list[Item], values: Any = None, written: Any = None):
        self.items = items
        self.values = values if values is not None else {}  # the learner's values (truth where
        # blank), as graded
        self.written = written if written is not None else {}  # the same, exactly as written
        # (no floats put in for fractions): the numbers explanations show
        self._counts: dict[str, int] | None = None

    @property
    def points(self) -> float:
        """The sheet's score: Σ over verdicts v of POINTS[v] × (number of items with v)."""
        return sum(POINTS.get(kind, 0.0) * n for kind, n in self.counts().items())

    @property
    def total(self) -> int:
        """How many items were graded (the most points a sheet can score)."""
        return len(self.items)

    def counts(self) -> dict[str, int]:
        """How many items of each verdict kind (counted once: the items are final)."""
        if self._counts is None:
            self._counts = {v: 0 for v in VERDICTS}
            for item in self.items:
                self._counts[item.kind] += 1
        return dict(self._counts)

    def first_error(self) -> Item | None:
        """The first real error (a named mistake or a slip) in working order."""
        return next((i for i in self.items if i.kind in ERRORS), None)

    @property
    def all_right(self) -> bool:
        """True when every item is credited in full (right or carried)."""
        counts = self.counts()
        return sum(counts[k] for k in CREDITED) == len(self.items)


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
    except _ARITH:
        return False
    if not (math.isfinite(fx) and math.isfinite(fv)):
        return False
    return abs(fx - fv) <= float(tol) * (1 + 1e-9) + 1e-12 * abs(fv)


def _try(method: Method, values: dict) -> Any:
    """A method's value from these values, or None when the numbers break it (overflow …)."""
    try:
        return run(method, values)
    except _ARITH:
        return None
    except RecursionError:  # pragma: no cover - bounded sizes make this unreachable
        return None


def recompute_safely(step: Step, values: dict) -> Any:
    """The step from these values by its primary method, or None when the numbers break it."""
    return _try(step.method, values)


def _at(value: Any, idx: tuple[int, ...]) -> Any:
    if value is None:
        return None
    try:
        v = element(value, idx)
    except _ARITH:
        return None
    return None if isinstance(v, list) else v


def _float(value: Any) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf


class Yours(dict):
    """The learner's values, each step computed when first asked for: their numbers where
    written and the truth where not; the helper steps (the forward pass after the update)
    recomputed from their updated parameters.  A right sheet never builds any of it.

    Also what rounding lets their numbers stand for (``interval``) and which of their values
    their own errors have made trivial (``trivial``)."""

    def __init__(self, marker: Marker, answers: dict, exact: bool = False):
        super().__init__(marker.exercise.graph.given)
        self._marker, self._answers, self._exact = marker, answers, exact
        self._intervals: dict[tuple[str, tuple[int, ...]], Interval] = {}
        self._trivial: dict[str, bool] = {}
        self._tainted: dict[str, bool] = {}
        self.slipped: set[str] = set()  # steps with an unexplained (wrong) number, so far

    def __missing__(self, step_id: str) -> Any:
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
                mine = _try(step.method, self)
                value = value if mine is None else mine
        self[step_id] = value
        return value

    def interval(self, ref) -> Interval:
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
                out = marker.truth_interval(ref)
            else:
                out = iv.around(e.value, _written_half(e.value, marker.decimals))
        else:
            bands = marker.method_bands(step, key[1], self.interval, self)
            out = _hull(bands) if bands else marker.truth_interval(ref)
        self._intervals[key] = out
        return out

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
        value = own if slipped else _try(step.method, self)
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


def _reads(step: Step) -> frozenset[str]:
    """What any right method of the step reads."""
    return frozenset(r for m in step.methods() for r in m.reads)


def _floats(value: Any) -> list[float]:
    if isinstance(value, list):
        return [f for v in value for f in _floats(v)]
    return [_float(value)]


def _all_zero(value: Any, h: float) -> bool:
    """Every element within half a unit of 0."""
    return all(abs(f) <= h for f in _floats(value))


def _same(a: Any, b: Any, tol: Number) -> bool:
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


def _hull(bands: list[Interval]) -> Interval:
    out = bands[0]
    for b in bands[1:]:
        out = iv.hull(out, b)
    return out


def _inside(x: float, bands, margin: float = 0.0) -> int | None:
    """The index of the first band holding x (each widened by ``margin``), else None."""
    for n, b in enumerate(bands):
        slack = 1e-12 * max(1.0, abs(x))
        if b.lo - margin - slack <= x <= b.hi + margin + slack:
            return n
    return None


def places_fit(x: Number, bands, values, decimals: int) -> bool:
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
            except _ARITH:
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


def _fill(truth: Any, entries: dict, prefix: tuple[int, ...] = (), exact: bool = False) -> Any:
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


class _Errors:
    """Follow-through's bookkeeping on one sheet: what the learner got not right so far, so
    that what depends on it can only be carried (never 'right'), element by element where
    the step's formulas say which elements read which."""

    def __init__(self) -> None:
        self.steps: set[str] = set()  # whole steps (helpers, steps without formulas)
        self.elements: set[tuple[str, tuple[int, ...]]] = set()  # single elements
        self.touched: set[str] = set()  # steps with anything not right

    def reaches(self, reads: Collection[str]) -> bool:
        """Some step read here has an element not right."""
        return any(r in self.touched for r in reads)

    def reach(self, element_reads: Sequence[tuple[str, tuple[int, ...]]]) -> bool:
        """Some element read here (step id, index) is not right, or its whole step counts."""
        return any(r[0] in self.steps or r in self.elements for r in element_reads)

    def helper(self, step: Step, reads: Collection[str]) -> None:
        """A step not asked (the pass after the update) is not right when what it reads is not."""
        if self.reaches(reads):
            self.steps.add(step.id)
            self.touched.add(step.id)

    def add(self, step: Step, idx: tuple[int, ...]) -> None:
        """One element not right; all of its step counts when its formulas are unknown."""
        self.elements.add((step.id, idx))
        self.touched.add(step.id)
        if any(m.formula is None for m in step.methods()):
            self.steps.add(step.id)


def _open_to_mistakes(step: Step) -> list[Method]:
    """The step's right methods a mistake may be made in (``Method.mistakes``)."""
    return [m for m in step.methods() if m.mistakes]


class Marker:
    """Grades sheets of one exercise: truth, elements and mistakes prepared once."""

    def __init__(self, exercise: Exercise, catalogue: Catalogue | None = None) -> None:
        from .mistakes import catalogue as default_catalogue

        self.exercise = exercise
        self.truth = exercise.values()
        self.tol = tolerance(exercise.decimals)
        self.unit = 2 * self.tol  # one unit in the last asked place: how near a mistake must be
        self.decimals = exercise.decimals
        self.mistakes = default_catalogue(exercise) if catalogue is None else catalogue
        self.steps = exercise.graph.steps
        self.elements = {s.id: [(idx, exercise.element_id(s, idx), v, _float(v))
                                for idx, v in exercise.elements_of(s)]
                         for s in self.steps if s.asked}
        self._fast_tol = float(self.tol) * 0.999999  # surely within tolerance, in floats
        self.half = float(self.tol)  # half a unit in the last asked place, in floats
        self.reads = {s.id: _reads(s) for s in self.steps}  # what any right method reads
        self._bands: _Bands | None = None
        self._hulls: dict = {}  # (id, idx) → the hull of its truth bands (or its given value)
        self._formulas: dict = {}  # (id, method, idx) → formula, built once
        table = getattr(exercise.problem, "table", None)  # a value table saved with the problem
        self.calls = iv.with_table(table) if table else None
        self._reads: dict[str, dict | None] = {}  # per step, built when first needed
        self._variants: dict[str, list[tuple[str, Method]]] = {}
        self._pairs: dict[str, list[tuple[str, Method]]] = {}

    def element_reads(self, step: Step) -> dict | None:
        """idx → the (id, idx) elements its formulas read, over every right method; None when
        a method has no formula (then the whole step's inputs count).  Built once per step."""
        if step.id not in self._reads:
            self._reads[step.id] = self._element_reads(step)
        return self._reads[step.id]

    def _element_reads(self, step: Step) -> dict | None:

        if any(m.formula is None for m in step.methods()):
            return None
        out = {}
        for idx, _, _, _ in self.elements[step.id]:
            refs: set[tuple[str, tuple[int, ...]]] = set()
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

    def method_bands(self, step: Step, idx: tuple[int, ...], value_of, values) -> list[Interval]:
        """One band per right method: its formula over the intervals ``value_of`` gives the
        elements it reads, every written piece ± half a unit, plus half a unit for the answer's
        own rounding (interval.band); a method without a formula, its value ± half a unit."""
        out = []
        for k, m in enumerate(step.methods()):
            try:
                if m.formula is not None:
                    out.append(iv.band(self.formula(step, k, m, idx), value_of, self.half,
                                       self.calls))
                    continue
                v = _at(_try(m, values), idx)
                if v is not None:
                    out.append(iv.around(v, self.half))
            except _ARITH:
                continue
        return out

    def formula(self, step: Step, k: int, method: Method, idx: tuple[int, ...]):
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
        needed, todo = set(), [key[0]]
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
                bands[(step.id, idx)] = out or [iv.around(_at(self.truth[step.id], idx),
                                                          self.half)]
            bands[(step.id, None)] = []  # the whole step is worked out

    def truth_interval(self, ref) -> Interval:
        """What a right learner's value of one element may be: given values exactly, a step's
        the hull of its right bands."""
        key = (ref.id, ref.idx)
        out = self._hulls.get(key)
        if out is None:
            step = self.exercise.graph.by_id.get(ref.id)
            if step is None:
                out = iv.point(element(self.truth[ref.id], tuple(ref.idx)))
            else:
                out = _hull(self.truth_bands(step, tuple(ref.idx)))
            self._hulls[key] = out
        return out

    # -- the mistakes that apply to a step (same for every sheet) --

    def variants(self, step: Step) -> list[tuple[str, Method]]:
        """(code, mistaken method) for every mistake that applies to this step, simplest first."""
        if step.id not in self._variants:
            self._variants[step.id] = [
                (way.code, vm) for way, vm in
                self.mistakes.variants(self.exercise, step, _open_to_mistakes(step))]
        return self._variants[step.id]

    def pairs(self, step: Step) -> list[tuple[str, Method]]:
        """('a+b', method) for two different mistakes made together in this step."""
        if step.id not in self._pairs:
            applies = {code for code, _ in self.variants(step)}
            made = [way for way in self.mistakes.tried if way.code in applies]
            self._pairs[step.id] = [
                (f"{first.code}+{second.code}", vm) for (first, second), vm in
                self.mistakes.pairs(self.exercise, step, _open_to_mistakes(step), made)]
        return self._pairs[step.id]

    # -- one sheet --

    def grade(self, answers: dict) -> Graded:
        """Verdicts for every asked element of the exercise, given a sheet's answers."""
        mine = Yours(self, answers)
        items: list[Item] = []
        errors = _Errors()
        for step in self.steps:
            if not step.asked:
                errors.helper(step, self.reads[step.id])
                continue
            ans = answers.get(step.id)
            entries = ans.entries if ans is not None else {}
            reshaped = ans.reshaped if ans is not None else None
            step_inputs_dirty = errors.reaches(self.reads[step.id])
            reads = self.element_reads(step) if step_inputs_dirty else None
            state = _StepState(self, step, mine)
            step_items: list[Item] = []
            for idx, eid, expected, fexpected in self.elements[step.id]:
                e = entries.get(idx)
                if e is not None and e.approx is not None and not reshaped \
                        and abs(e.approx - fexpected) < self._fast_tol:
                    # the common case, a right number, decided in floats
                    item = Item(eid, step.id, idx, "right", expected, e.value, e.text)
                    items.append(item)
                    step_items.append(item)
                    continue
                if reads is None or not step_inputs_dirty:
                    inputs_dirty = step_inputs_dirty
                else:
                    inputs_dirty = errors.reach(reads[idx])
                # (reads is None: the step's formulas are unknown or nothing it reads is dirty)
                item = Item(eid, step.id, idx, "blank", expected)
                if e is not None:
                    item.text = e.text
                    if e.value is None and e.reason is not None:
                        item.verdict, item.reason = "unreadable", e.reason
                    elif e.value is not None:
                        item.answer = e.value
                        self._judge(item, state, inputs_dirty)
                        if item.kind == "wrong":
                            mine.slipped.add(step.id)
                        if item.kind != "right":
                            errors.add(step, idx)
                if reshaped and item.kind in CREDITED:
                    item.verdict = f"mistake:{reshaped}"
                items.append(item)
                step_items.append(item)
            if any(i.candidates for i in step_items):
                self._prefer_consistent(step_items, state)
            if step.id not in mine.slipped \
                    and any(i.kind == "mistake" and i.source == "yours" for i in step_items) \
                    and mine.trivial_value(step, mine[step.id]):
                # zeros (or a copy) explained only as a mistake made on their own wrong
                # numbers: as good as unexplained (a sheet of zeros is not a chain of mistakes)
                mine.slipped.add(step.id)
        resolve_ties(items)
        return Graded(items, mine, Yours(self, answers, exact=True))

    def _prefer_consistent(self, items: list[Item], state: _StepState) -> None:
        """Where several mistakes give an element's number, name the one that explains most
        of the step (the diagonal-only softmax Jacobian gives the right δ at the target class
        and 0 elsewhere, as forgetting h′ does there: the whole step tells them apart).  When
        the best ones give the same numbers on the whole step, the verdict names them all, a
        tie (``mistake:dropped_half|mean_not_divided``)."""
        tables: dict[str, list] = {}
        for code, from_truth, from_mine in state.singles() + state.doubles_tried():
            tables.setdefault(code, []).extend((from_truth, from_mine))

        def support(code: str) -> int:
            n = 0
            for item in items:
                if item.answer is None:
                    continue
                for value in tables.get(code, ()):
                    v = _at(value, item.idx)
                    if v is not None and near(item.answer, v, self.unit):
                        n += 1
                        break
            return n

        def same_on_step(a: str, b: str) -> bool:
            """Two mistakes give the same number at every element of the step."""
            for item in items:
                va = [_at(v, item.idx) for v in tables.get(a, ())]
                vb = [_at(v, item.idx) for v in tables.get(b, ())]
                if not any(x is not None and y is not None and near(x, y, self.unit)
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

    def _judge(self, item: Item, state: _StepState, inputs_dirty: bool) -> None:
        # (only an answered item is judged)
        d = decide_verdict(cast(Number, item.answer), item.expected, item.idx, state,
                           inputs_dirty=inputs_dirty, decimals=self.decimals,
                           after=state.step.phase == "after")
        item.verdict, item.followthrough, item.source = d.verdict, d.followthrough, d.source
        item.candidates = list(d.candidates)


class Decision(NamedTuple):
    """A verdict with what it was decided against."""

    verdict: str
    followthrough: Any = None  # the value worked from the learner's answers, or the mistake's
    source: str | None = None  # for a mistake: 'truth' or 'yours' (inputs explaining it)
    candidates: tuple = ()  # (code, source, value) of every mistake giving the number


def decide_verdict(x: Number, expected: Number, idx: tuple[int, ...], evidence, *,
                   inputs_dirty: bool, decimals: int, after: bool = False) -> Decision:
    """The verdict on one written number, in the documented order (README, "The verdicts"):
    right, carried, rounding by places, a named mistake, rounding by a unit or two, wrong.

    Pure: ``evidence`` gives, each computed only when first asked for, the bands of rounding
    around the truth (``truth_bands``), the step worked from the learner's own answers by each
    right method (``followthrough``, ``usable_methods``, ``carried``) and the mistakes'
    values (``singles``, ``doubles``, ``usable``) — a ``_StepState`` for one step of a sheet."""
    fx = _float(x)
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
        v = _at(ft, idx) if ok else None
        if v is not None and near(x, v, half):
            return Decision(credited, v)
    # (with right inputs the band from them lies inside the truth's: no need to work it out)
    carried = evidence.carried(idx) if inputs_dirty else []
    carried = [(b, v) for b, v in ((_bounded(b, v), v) for b, v in carried) if b is not None]
    n = _inside(fx, [b for b, _ in carried])
    if n is not None:
        return Decision(credited, carried[n][1])
    right_bands = truth_bands + [b for b, _ in carried]
    # 3. the right value rounded to fewer places, or cut: never a mistake
    if places_fit(x, right_bands, [expected] + [v for _, v in carried], decimals):
        return Decision("rounding")
    # 4. a named mistake: outside every right band, inside the mistake's band, where the
    #    mistake makes a visible difference
    r_truth = max(unit, _hull(truth_bands).radius)
    r_mine = max(unit, _hull([b for b, _ in carried]).radius) if carried else unit
    for table in (evidence.singles, evidence.doubles):
        found = []
        for code, from_truth, from_mine in table():
            for source, value, r in (("truth", from_truth, r_truth),
                                     ("yours", from_mine if evidence.usable() else None, r_mine)):
                v = _at(value, idx)
                if v is None:
                    continue
                fv = _float(v)
                if math.isfinite(fv) and abs(fx - fv) <= r * (1 + 1e-9) \
                        and _inside(fv, right_bands, unit) is None:
                    found.append((code, source, v))
                    break
        if found:
            code, source, v = found[0]
            return Decision(f"mistake:{code}", v, source, tuple(found) if len(found) > 1 else ())
    # 5. one or two units off in the last place
    if _inside(fx, right_bands, 2 * unit) is not None:
        return Decision("rounding")
    return Decision("wrong")


MAX_AFTER_BAND = 0.05  # of the value: the widest honest band of the loss after the update


def _capped(band: Interval, value: Any, unit: float) -> Interval:
    """The band of a step of the pass after the update (the loss after it, the improvement)
    held within ± max(5 units, 5 % of |v|) of its value v.  That pass runs the whole network
    again through steps the sheet does not ask for, and interval arithmetic counts each input
    once per use (softmax's e_k over Σ e_j), so its band can grow far past what rounding does —
    wide enough to hide a 37 % slip in the loss."""
    v = _float(value)
    if not math.isfinite(v):
        return band
    cap = max(5 * unit, MAX_AFTER_BAND * abs(v))
    return Interval(max(band.lo, v - cap), min(band.hi, v + cap))


def _bounded(band: Interval, value: Any) -> Interval | None:
    """A band with an end at infinity (the log of a piece that rounds to 0 or 1) mirrored about
    the value worked from the learner's own numbers: [lo, v + (v − lo)] — so a saturated
    sigmoid's honest −log(1 − y) stays explained, but −log of a written 0 explains no number;
    None when nothing is left (v outside the band, or no finite end)."""
    if math.isfinite(band.lo) and math.isfinite(band.hi):
        return band
    v = _float(value)
    if not math.isfinite(v) or not band.lo <= v <= band.hi:
        return None
    if math.isfinite(band.lo):
        return Interval(band.lo, 2 * v - band.lo)
    if math.isfinite(band.hi):
        return Interval(2 * v - band.hi, band.hi)
    return None


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


class _StepState:
    """What one step of one sheet is compared against, each computed only when first needed."""

    def __init__(self, marker: Marker, step: Step, mine: Yours):
        self.marker, self.step, self.mine = marker, step, mine
        self._ft: list | None = None
        self._usable: list | None = None
        self._singles: list | None = None
        self._doubles: list | None = None

    def truth_bands(self, idx: tuple[int, ...]) -> list[Interval]:
        """The bands of rounding around the truth at one element (the same for every sheet)."""
        return self.marker.truth_bands(self.step, idx)

    def followthrough(self) -> list:
        """The step from the learner's own values, by each right method (None where the
        numbers break it)."""
        if self._ft is None:
            self._ft = [_try(m, self.mine) for m in self.step.methods()]
        return self._ft

    def usable_methods(self) -> list[bool]:
        """Per right method: may follow-through credit it?  Not when what it reads, or what
        it gives, is trivial because of the learner's own errors (issue 10: zeros, copies)."""
        if self._usable is None and not self.mine.slipped:
            self._usable = [ft is not None for ft in self.followthrough()]
        if self._usable is None:
            mine = self.mine
            out = []
            tainted = any(mine.tainted(r) for r in self.marker.reads[self.step.id])
            for m, ft in zip(self.step.methods(), self.followthrough()):
                ok = ft is not None and not any(mine.trivial(r) for r in m.reads) \
                    and not (tainted and mine.trivial_value(self.step, ft, computed=True))
                out.append(ok)
            self._usable = out
        return self._usable

    def usable(self) -> bool:
        """Some right method worked from the learner's values is not trivialised."""
        return any(self.usable_methods())

    def carried(self, idx: tuple[int, ...]) -> list[tuple[Interval, Any]]:
        """(band, value) per usable right method, worked from the learner's own values."""
        out = []
        marker, mine = self.marker, self.mine
        for k, (m, ft, ok) in enumerate(zip(self.step.methods(), self.followthrough(),
                                            self.usable_methods())):
            if not ok:
                continue
            v = _at(ft, idx)
            if v is None:
                continue
            try:
                if m.formula is not None:
                    band = iv.band(marker.formula(self.step, k, m, idx), mine.interval,
                                   marker.half, marker.calls)
                else:
                    band = iv.around(v, marker.half)
            except _ARITH:
                continue
            out.append((band, v))
        return out

    def _evaluate(self, variants) -> list:
        out = []
        for code, method in variants:
            out.append((code, _try(method, self.marker.truth), _try(method, self.mine)))
        return out

    def singles(self) -> list:
        if self._singles is None:
            self._singles = self._evaluate(self.marker.variants(self.step))
        return self._singles

    def doubles(self) -> list:
        if self._doubles is None:
            self._doubles = self._evaluate(self.marker.pairs(self.step))
        return self._doubles

    def doubles_tried(self) -> list:
        """The pairs of mistakes, if the verdict has worked them out already (else none)."""
        return self._doubles or []


def grade(exercise, answers: dict) -> Graded:
    """Grade one sheet's answers (canonical id → answers.Answer) against the exercise."""
    return Marker(exercise).grade(answers)
