"""What grading gives: an ``Item`` per element (its verdict, what it was compared against) and
a ``Graded`` sheet (its items in working order, its score).

The verdicts, in the order they are tried, are decided in ``verdict.py``; ``POINTS`` is what
each is worth.
"""

from __future__ import annotations

from typing import Any

from ..numbers import Number

VERDICTS = ("right", "carried", "rounding", "mistake", "wrong", "blank", "unreadable")
POINTS = {"right": 1.0, "carried": 1.0, "rounding": 0.5}  # everything else scores 0
CREDITED = ("right", "carried")
ERRORS = ("mistake", "wrong")  # a real error, the kind the report explains first


class Item:
    """The verdict on one element, with what it was compared against."""

    __slots__ = ("id", "step", "idx", "verdict", "expected", "answer", "text", "followthrough",
                 "reason", "source", "candidates")

    def __init__(self, id: str, step: str, idx: tuple[int, ...], verdict: str, expected: Number,
                 answer: Number | None = None, text: str | None = None) -> None:
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
        # (code, source, value) of every mistake giving the same number, when more than one
        self.candidates: list[tuple[str, str, Any]] = []

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

    def __init__(self, items: list[Item], values: Any = None, written: Any = None) -> None:
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

