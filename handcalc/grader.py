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
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .engine import Method, Step, element, run
from .numbers import Number, is_exact, round_half_away, terminating_places, to_fraction, tolerance

VERDICTS = ("right", "carried", "rounding", "mistake", "wrong", "blank", "unreadable")
POINTS = {"right": 1.0, "carried": 1.0, "rounding": 0.5}  # everything else scores 0
CREDITED = ("right", "carried")
ERRORS = ("mistake", "wrong")  # a real error, the kind the report explains first

_ARITH = (ArithmeticError, ValueError, TypeError, IndexError, ZeroDivisionError)


@dataclass
class Item:
    """The verdict on one element, with what it was compared against."""

    id: str  # 'z1[0]', 'dW2[0][1]', 'loss'
    step: str  # canonical step id
    idx: tuple[int, ...]  # engine index
    verdict: str  # right | carried | rounding | mistake:<code>[+<code>] | wrong | blank | unreadable
    expected: Number  # the truth
    answer: Number | None = None
    text: str | None = None  # as written
    followthrough: Number | None = None  # recomputed from the learner's own answers, if used
    reason: str | None = None  # why unreadable
    source: str | None = None  # for a mistake: 'truth' or 'yours' (which inputs explain it)
    candidates: list = field(default_factory=list, repr=False)  # other mistakes giving it too

    @property
    def kind(self) -> str:
        """The verdict without its code: 'mistake' for 'mistake:forgot_learning_rate'."""
        return self.verdict.split(":", 1)[0]

    @property
    def codes(self) -> tuple[str, ...]:
        """The mistake codes of a mistake verdict (two for a pair), else ()."""
        if not self.verdict.startswith("mistake:"):
            return ()
        return tuple(self.verdict.split(":", 1)[1].split("+"))

    @property
    def points(self) -> float:
        return POINTS.get(self.kind, 0.0)


@dataclass
class Graded:
    """One sheet graded: its items in working order and what it means in total."""

    items: list[Item]
    values: dict[str, Any] = field(repr=False, default_factory=dict)  # the learner's values
    # (truth where blank): the numbers explanations put in

    @property
    def points(self) -> float:
        return sum(i.points for i in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    def counts(self) -> dict[str, int]:
        """How many items of each verdict kind."""
        out = {v: 0 for v in VERDICTS}
        for item in self.items:
            out[item.kind] += 1
        return out

    def first_error(self) -> Item | None:
        """The first real error (a named mistake or a slip) in working order."""
        return next((i for i in self.items if i.kind in ERRORS), None)

    @property
    def all_right(self) -> bool:
        return all(i.kind in CREDITED for i in self.items)


def near(x: Number, v: Any, tol: Fraction) -> bool:
    """|x − v| ≤ tol, exactly for exact values; never for NaN, ±inf or overflow."""
    try:
        if is_exact(x) and is_exact(v):
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


def _fill(truth: Any, entries: dict, prefix: tuple[int, ...] = ()) -> Any:
    """The truth with the learner's numbers put in where they wrote one."""
    if isinstance(truth, list):
        return [_fill(t, entries, prefix + (i,)) for i, t in enumerate(truth)]
    e = entries.get(prefix)
    return e.value if e is not None and e.value is not None else truth


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
        self.elements = {s.id: [(idx, exercise.element_id(s, idx), v)
                                for idx, v in exercise.elements_of(s)]
                         for s in self.steps if s.asked}
        self.reads = {s.id: self._element_reads(s) for s in self.steps if s.asked}
        self._variants: dict[str, list[tuple[str, Method]]] = {}
        self._pairs: dict[str, list[tuple[str, Method]]] = {}

    def _element_reads(self, step: Step) -> dict | None:
        """idx → the (id, idx) elements its formulas read, over every right method; None when
        a method has no formula (then the whole step's inputs count)."""
        from .formula import Ref

        if any(m.formula is None for m in step.methods()):
            return None
        out = {}
        for idx, _, _ in self.elements[step.id]:
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
        truth = self.truth
        mine: dict[str, Any] = dict(truth)
        # the learner's values: their numbers where written, the truth where not; the helper
        # steps (the forward pass after the update) recomputed from their updated parameters
        changed: set[str] = set()
        for step in self.steps:
            ans = answers.get(step.id)
            if step.asked:
                if ans is not None and any(e.value is not None for e in ans.entries.values()):
                    mine[step.id] = _fill(truth[step.id], ans.entries)
                    changed.add(step.id)
            elif any(r in changed for r in step.reads):
                value = _try(step.method, mine)
                if value is not None:
                    mine[step.id] = value
                    changed.add(step.id)

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
            reads = self.reads[step.id]
            step_inputs_dirty = any(r in touched for r in step.reads)
            state = _StepState(self, step, mine)
            step_items: list[Item] = []
            for idx, eid, expected in self.elements[step.id]:
                if reads is None or not step_inputs_dirty:
                    inputs_dirty = step_inputs_dirty
                else:
                    inputs_dirty = any(r[0] in dirty_steps or r in dirty for r in reads[idx])
                e = entries.get(idx)
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
                            if reads is None:
                                dirty_steps.add(step.id)
                if reshaped and item.kind in CREDITED:
                    item.verdict = f"mistake:{reshaped}"
                items.append(item)
                step_items.append(item)
            if any(i.candidates for i in step_items):
                self._prefer_consistent(step_items, state)
        return Graded(items, mine)

    def _prefer_consistent(self, items: list[Item], state: "_StepState") -> None:
        """Where several mistakes give an element's number, name the one that explains most
        of the step (the diagonal-only softmax Jacobian gives the right δ at the target class
        and 0 elsewhere, as forgetting h′ does there: the whole step tells them apart)."""
        tables = {code: (t, m) for code, t, m in state.singles() + (state._doubles or [])}

        def support(code: str) -> int:
            n = 0
            for item in items:
                if item.answer is None:
                    continue
                for value in tables.get(code, (None, None)):
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

    def _judge(self, item: Item, state: "_StepState", inputs_dirty: bool) -> None:
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
