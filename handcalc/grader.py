"""Grading: a learner's numbers → a verdict for every element, as a careful human grader marks.

Each element of each asked step, in working order, is judged (design.md), the first that
fits, simplest explanation first:

- ``right``      within half a unit in the last of ``decimals`` places of the truth — or of the
                 value recomputed from the learner's own earlier answers when those were right
                 (a learner who rounds every step and carries the rounded values is all right);
- ``carried``    wrong only because an earlier answer was: it matches the step recomputed from
                 the learner's own earlier answers (follow-through), by any right method;
- ``mistake:<code>``  it matches a named mistake variant of the step (mistakes.py), evaluated
                 from the true inputs and from the learner's, within one unit in the last
                 asked place, where the variant visibly differs from the right value; a pair
                 is ``mistake:<a>+<b>``; when several give the number, the one explaining
                 most of the step, then the first in the catalogue;
- ``rounding``   the right (or carried) value rounded differently (one unit off in the last
                 asked place) or to fewer places (at least one);
- ``wrong``      none of these: a slip;
- ``blank`` / ``unreadable``  nothing, or nothing readable, was written.

Follow-through uses only what is filled in: a blank or unreadable element is replaced by the
truth.  An error early on costs only the element where it happened.

Pure: an exercise and a sheet's answers in, verdicts out; no input or output.  ``Marker`` holds
what is the same for every sheet of one problem (truth, elements, tolerance, catalogue), so a
class is graded with the truth computed once.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from .engine import Method, Step, element, run
from .numbers import Number, is_exact, round_half_away, terminating_places, to_fraction, tolerance

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
        """The mistake codes of a mistake verdict (two for a pair), else ()."""
        if not self.verdict.startswith("mistake:"):
            return ()
        return tuple(self.verdict.split(":", 1)[1].split("+"))

    @property
    def points(self) -> float:
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
        return sum(POINTS.get(kind, 0.0) * n for kind, n in self.counts().items())

    @property
    def total(self) -> int:
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
            return abs(to_fraction(x) - to_fraction(v)) <= tol
        fx, fv = float(x), float(v)
    except _ARITH:
        return False
    if not (math.isfinite(fx) and math.isfinite(fv)):
        return False
    return abs(fx - fv) <= float(tol) * (1 + 1e-9) + 1e-12 * abs(fv)


def _rounded(x: Number, v: Any, decimals: int) -> bool:
    """x is v rounded differently: to fewer places (rounded or cut), or off by one in the last."""
    try:
        if not is_exact(x) or (not is_exact(v) and not math.isfinite(float(v))):
            return False
        q = to_fraction(x)
        places = terminating_places(q)
        if places is None:
            return False
        if places < decimals:
            if q == 0 or places == 0:
                return False  # 0, or a whole number, is not taken for a rounding
            exact = to_fraction(v) if is_exact(v) else Fraction(float(v))
            cut = Fraction(int(exact * 10**places), 10**places)
            return q == round_half_away(exact, places) or q == cut
        return near(q, v, Fraction(1, 10**decimals))
    except _ARITH:
        return False


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
    recomputed from their updated parameters.  A right sheet never builds any of it."""

    def __init__(self, marker: Marker, answers: dict, exact: bool = False):
        super().__init__(marker.exercise.graph.given)
        self._marker, self._answers, self._exact = marker, answers, exact

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


class Marker:
    """Grades sheets of one exercise: truth, elements and mistakes prepared once."""

    def __init__(self, exercise, catalogue=None):
        from .mistakes import catalogue as default_catalogue

        self.exercise = exercise
        self.truth = exercise.values()
        self.tol = tolerance(exercise.decimals)
        self.unit = 2 * self.tol  # one unit in the last asked place: how near a mistake must be
        self.decimals = exercise.decimals
        self.mistakes = tuple(default_catalogue(exercise) if catalogue is None else catalogue)
        self.steps = exercise.graph.steps
        self.elements = {s.id: [(idx, exercise.element_id(s, idx), v, _float(v))
                                for idx, v in exercise.elements_of(s)]
                         for s in self.steps if s.asked}
        self._fast_tol = float(self.tol) * 0.999999  # surely within tolerance, in floats
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
        from .formula import Ref

        if any(m.formula is None for m in step.methods()):
            return None
        out = {}
        for idx, _, _, _ in self.elements[step.id]:
            refs: set[tuple[str, tuple[int, ...]]] = set()
            for m in step.methods():
                stack = [m.formula(idx)]
                while stack:
                    node = stack.pop()
                    if isinstance(node, Ref):
                        refs.add((node.id, tuple(node.idx)))
                    elif isinstance(node, tuple):  # a formula node, or a tuple of them
                        stack.extend(c for c in node if isinstance(c, tuple))
            out[idx] = frozenset(refs)
        return out

    # -- the mistakes that apply to a step (same for every sheet) --

    def variants(self, step: Step) -> list[tuple[str, Method]]:
        """(code, mistaken method) for every mistake that applies to this step, simplest first."""
        if step.id not in self._variants:
            out = []
            for mistake in self.mistakes:
                for method in step.methods():
                    try:
                        vm = mistake.variant(self.exercise, step, method)
                    except _ARITH + (KeyError, AttributeError):
                        vm = None
                    if vm is not None:
                        out.append((mistake.code, vm))
            self._variants[step.id] = out
        return self._variants[step.id]

    def pairs(self, step: Step) -> list[tuple[str, Method]]:
        """('a+b', method) for two different mistakes made together in this step."""
        if step.id not in self._pairs:
            from .mistakes import compose

            singles = []
            for mistake in self.mistakes:
                if any(code == mistake.code for code, _ in self.variants(step)):
                    singles.append(mistake)
            out = []
            for i, first in enumerate(singles):
                for second in singles[i + 1:]:
                    for method in step.methods():
                        try:
                            vm = compose(first, second, self.exercise, step, method)
                        except _ARITH + (KeyError, AttributeError):
                            vm = None
                        if vm is not None:
                            out.append((f"{first.code}+{second.code}", vm))
            self._pairs[step.id] = out
        return self._pairs[step.id]

    # -- one sheet --

    def grade(self, answers: dict) -> Graded:
        """Verdicts for every asked element of the exercise, given a sheet's answers."""
        mine = Yours(self, answers)
        items: list[Item] = []
        # what the learner got not right, so what depends on it can only be carried:
        dirty_steps: set[str] = set()  # whole steps (helpers, steps without formulas)
        dirty: set[tuple[str, tuple[int, ...]]] = set()  # single elements
        touched: set[str] = set()  # steps with anything not right
        for step in self.steps:
            if not step.asked:
                if any(r in touched for r in step.reads):
                    dirty_steps.add(step.id)
                    touched.add(step.id)
                continue
            ans = answers.get(step.id)
            entries = ans.entries if ans is not None else {}
            reshaped = ans.reshaped if ans is not None else None
            step_inputs_dirty = any(r in touched for r in step.reads)
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
                    inputs_dirty = any(r[0] in dirty_steps or r in dirty for r in reads[idx])
                # (reads is None: the step's formulas are unknown or nothing it reads is dirty)
                item = Item(eid, step.id, idx, "blank", expected)
                if e is not None:
                    item.text = e.text
                    if e.value is None and e.reason is not None:
                        item.verdict, item.reason = "unreadable", e.reason
                    elif e.value is not None:
                        item.answer = e.value
                        self._judge(item, state, inputs_dirty)
                        if item.kind != "right":
                            dirty.add((step.id, idx))
                            touched.add(step.id)
                            if any(m.formula is None for m in step.methods()):
                                dirty_steps.add(step.id)  # no formulas: all of it counts
                if reshaped and item.kind in CREDITED:
                    item.verdict = f"mistake:{reshaped}"
                items.append(item)
                step_items.append(item)
            if any(i.candidates for i in step_items):
                self._prefer_consistent(step_items, state)
        return Graded(items, mine, Yours(self, answers, exact=True))

    def _prefer_consistent(self, items: list[Item], state: _StepState) -> None:
        """Where several mistakes give an element's number, name the one that explains most
        of the step (the diagonal-only softmax Jacobian gives the right δ at the target class
        and 0 elsewhere, as forgetting h′ does there: the whole step tells them apart)."""
        tables: dict[str, list] = {}
        for code, from_truth, from_mine in state.singles() + (state._doubles or []):
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

        for item in items:
            if len(item.candidates) > 1:
                best = max(item.candidates, key=lambda c: support(c[0]))  # first of equals
                code, item.source, item.followthrough = best
                item.verdict = f"mistake:{code}"

    def _judge(self, item: Item, state: _StepState, inputs_dirty: bool) -> None:
        x, idx, tol = item.answer, item.idx, self.tol
        if near(x, item.expected, tol):
            item.verdict = "right"
            return
        for ft in state.followthrough():
            v = _at(ft, idx)
            if v is not None and near(x, v, tol):
                item.verdict = "carried" if inputs_dirty else "right"
                item.followthrough = v
                return
        unit = self.unit
        right_values = [item.expected] + [v for v in (_at(ft, idx) for ft in state.followthrough())
                                          if v is not None]
        for table in (state.singles, state.doubles):
            found = []
            for code, from_truth, from_mine in table():
                for source, value in (("truth", from_truth), ("yours", from_mine)):
                    v = _at(value, idx)
                    # a mistake explains a number only where it makes a visible difference
                    if v is not None and near(x, v, unit) and \
                            not any(near(v, r, unit) for r in right_values):
                        found.append((code, source, v))
                        break
            if found:
                code, source, v = found[0]
                item.verdict, item.source, item.followthrough = f"mistake:{code}", source, v
                if len(found) > 1:
                    item.candidates = found
                return
        candidates = [item.expected] + [v for v in (_at(ft, idx) for ft in state.followthrough())
                                        if v is not None]
        if any(_rounded(x, v, self.decimals) for v in candidates):
            item.verdict = "rounding"
            return
        item.verdict = "wrong"


class _StepState:
    """What one step of one sheet is compared against, each computed only when first needed."""

    def __init__(self, marker: Marker, step: Step, mine: dict):
        self.marker, self.step, self.mine = marker, step, mine
        self._ft: list | None = None
        self._singles: list | None = None
        self._doubles: list | None = None

    def followthrough(self) -> list:
        """The step from the learner's own values, by each right method."""
        if self._ft is None:
            self._ft = [v for v in (_try(m, self.mine) for m in self.step.methods())
                        if v is not None]
        return self._ft

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


def grade(exercise, answers: dict) -> Graded:
    """Grade one sheet's answers (canonical id → answers.Answer) against the exercise."""
    return Marker(exercise).grade(answers)
