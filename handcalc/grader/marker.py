"""``Marker``: grades the sheets of one exercise, element by element in working order, with
what is the same for every sheet (truth, elements, the mistakes of each step, the bands of
rounding of ``bands.py``) prepared once; ``StepState``: what one step of one sheet is compared
against, each piece worked out only when the verdict asks for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from .. import interval as iv
from ..engine import Index, Method, Step, Value
from ..interval import Interval
from ..numbers import Number, tolerance
from .bands import Bands, Linear
from .elements import ARITH, as_float, at, attempt
from .followthrough import Errors
from .results import CREDITED, Graded, Item
from .verdict import Outcome, decide_verdict, prefer_consistent, resolve_ties
from .yours import Yours

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..answers import Answer, Entry
    from ..exercise import Exercise
    from ..mistakes import Catalogue


def _reads(step: Step) -> frozenset[str]:
    """What any right method of the step reads."""
    return frozenset(r for m in step.methods() for r in m.reads)


def _open_to_mistakes(step: Step) -> list[Method]:
    """The step's right methods a mistake may be made in (``Method.mistakes``)."""
    return [m for m in step.methods() if m.mistakes]


class Marker:
    """Grades sheets of one exercise: truth, elements and mistakes prepared once."""

    def __init__(self, exercise: Exercise, catalogue: Catalogue | None = None) -> None:
        from ..mistakes import catalogue as default_catalogue

        self.exercise = exercise
        self.truth = exercise.values()
        self.tol = tolerance(exercise.decimals)
        self.unit = 2 * self.tol  # one unit in the last asked place: how near a mistake must be
        self.decimals = exercise.decimals
        self.mistakes = default_catalogue(exercise) if catalogue is None else catalogue
        self.steps = exercise.graph.steps
        self.elements = {s.id: [(idx, exercise.element_id(s, idx), v, as_float(v))
                                for idx, v in exercise.elements_of(s)]
                         for s in self.steps if s.asked}
        self._fast_tol = float(self.tol) * 0.999999  # surely within tolerance, in floats
        self.half = float(self.tol)  # half a unit in the last asked place, in floats
        self.reads = {s.id: _reads(s) for s in self.steps}  # what any right method reads
        self.bands = Bands(exercise, self.truth, self.reads, self.half)
        self.linear = Linear(self.bands, self.truth)  # a mistake made on the true inputs
        self._variants: dict[str, list[tuple[str, Method]]] = {}
        self._pairs: dict[str, list[tuple[str, Method]]] = {}

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

    def grade(self, answers: Mapping[str, Answer]) -> Graded:
        """Verdicts for every asked element of the exercise, given a sheet's answers."""
        mine = Yours(self, answers)
        items: list[Item] = []
        errors = Errors()
        for step in self.steps:
            if not step.asked:
                errors.helper(step, self.reads[step.id])
                continue
            ans = answers.get(step.id)
            entries: Mapping[Index, Entry] = ans.entries if ans is not None else {}
            reshaped = ans.reshaped if ans is not None else None
            step_inputs_dirty = errors.reaches(self.reads[step.id])
            reads = self.bands.element_reads(step) if step_inputs_dirty else None
            state = StepState(self, step, mine)
            step_items: list[Item] = []
            for idx, eid, expected, fexpected in self.elements[step.id]:
                e = entries.get(idx)
                if e is not None and e.approx is not None and not reshaped \
                        and abs(e.approx - fexpected) < self._fast_tol:
                    # the common case, a right number, decided in floats
                    item = Item(eid, step.id, idx, "right", expected, cast(Number, e.value),
                                e.text)
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
                        item.answer = cast(Number, e.value)
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
                prefer_consistent(step_items, state.singles() + state.doubles_tried(), self.unit)
            if step.id not in mine.slipped \
                    and any(i.kind == "mistake" and i.source == "yours" for i in step_items) \
                    and mine.trivial_value(step, mine[step.id]):
                # zeros (or a copy) explained only as a mistake made on their own wrong
                # numbers: as good as unexplained (a sheet of zeros is not a chain of mistakes)
                mine.slipped.add(step.id)
        resolve_ties(items)
        return Graded(items, mine, Yours(self, answers, exact=True))

    def _judge(self, item: Item, state: StepState, inputs_dirty: bool) -> None:
        """An answered item's verdict by the rules (verdict.decide_verdict)."""
        d = decide_verdict(cast(Number, item.answer), item.expected, item.idx, state,
                           inputs_dirty=inputs_dirty, decimals=self.decimals,
                           after=state.step.phase == "after")
        item.verdict, item.followthrough, item.source = d.verdict, d.followthrough, d.source
        item.candidates = list(d.candidates)




class StepState:
    """What one step of one sheet is compared against, each computed only when first needed."""

    def __init__(self, marker: Marker, step: Step, mine: Yours) -> None:
        self.marker, self.step, self.mine = marker, step, mine
        self._ft: list[Value | None] | None = None
        self._usable: list[bool] | None = None
        self._singles: list[Outcome] | None = None
        self._doubles: list[Outcome] | None = None

    def truth_bands(self, idx: Index) -> list[Interval]:
        """The bands of rounding around the truth at one element (the same for every sheet)."""
        return self.marker.bands.truth_bands(self.step, idx)

    def followthrough(self) -> list[Value | None]:
        """The step from the learner's own values, by each right method (None where the
        numbers break it)."""
        if self._ft is None:
            self._ft = [attempt(m, self.mine) for m in self.step.methods()]
        return self._ft

    def usable_methods(self) -> list[bool]:
        """Per right method: may follow-through credit it?  Not when what it reads, or what
        it gives, is trivial because of the learner's own errors (issue 10: zeros, copies)."""
        if self._usable is None and not self.mine.slipped:
            self._usable = [ft is not None for ft in self.followthrough()]
        if self._usable is None:
            mine = self.mine
            out: list[bool] = []
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

    def carried(self, idx: Index) -> list[tuple[Interval, Any]]:
        """(band, value) per usable right method, worked from the learner's own values."""
        out: list[tuple[Interval, Any]] = []
        bands, mine = self.marker.bands, self.mine
        for k, (m, ft, ok) in enumerate(zip(self.step.methods(), self.followthrough(),
                                            self.usable_methods())):
            if not ok:
                continue
            v = at(ft, idx)
            if v is None:
                continue
            try:
                if m.formula is not None:
                    band = iv.band(bands.formula(self.step, k, m, idx), mine.interval,
                                   bands.half, bands.calls)
                else:
                    band = iv.around(v, bands.half)
            except ARITH:
                continue
            out.append((band, v))
        return out

    def mistake_radius(self, idx: Index, n: int, source: str, pairs: bool = False) -> float:
        """How far rounding lets the n-th mistake (or pair) worked from ``source`` ('truth' or
        'yours') be from what the learner wrote at the element (bands.Linear): half a unit
        for their own rounding of it, the rounding of the pieces a right formula of the step
        writes down, and the linearised spread of what the mistaken method reads.  The
        numbers a mistake is made on are exact — the learner's written numbers are the
        numbers they used, the true inputs are the truth — except what no one wrote down: a
        blank the truth stands in for, and a helper step (the pass after the update)."""
        linear = self.marker.linear if source == "truth" else self.mine.linear
        method = (self.marker.pairs if pairs else self.marker.variants)(self.step)[n][1]
        spreads = linear.spread((self.step.id, pairs, n), method)
        return linear.around(self.step, idx, spreads.get(idx, 0.0) if spreads else 0.0)

    def _evaluate(self, variants: list[tuple[str, Method]]) -> list[Outcome]:
        """(code, value from the true inputs, value from the learner's) per mistaken method."""
        return [(code, attempt(method, self.marker.truth), attempt(method, self.mine))
                for code, method in variants]

    def singles(self) -> list[Outcome]:
        """Each single mistake's values at the step, simplest first (worked out once)."""
        if self._singles is None:
            self._singles = self._evaluate(self.marker.variants(self.step))
        return self._singles

    def doubles(self) -> list[Outcome]:
        """Each pair of mistakes' values at the step (worked out once, only when asked)."""
        if self._doubles is None:
            self._doubles = self._evaluate(self.marker.pairs(self.step))
        return self._doubles

    def doubles_tried(self) -> list[Outcome]:
        """The pairs of mistakes, if the verdict has worked them out already (else none)."""
        return self._doubles or []
