"""Follow-through's bookkeeping on one sheet (``Errors``): which elements the learner got not
right so far, so that what is worked from them can be ``carried`` but never ``right``.
"""

from __future__ import annotations

from collections.abc import Collection

from ..engine import Index, Step


class Errors:
    """Follow-through's bookkeeping on one sheet: what the learner got not right so far, so
    that what depends on it can only be carried (never 'right'), element by element where
    the step's formulas say which elements read which."""

    def __init__(self) -> None:
        self.steps: set[str] = set()  # whole steps (helpers, steps without formulas)
        self.elements: set[tuple[str, Index]] = set()  # single elements
        self.touched: set[str] = set()  # steps with anything not right

    def reaches(self, reads: Collection[str]) -> bool:
        """Some step read here has an element not right."""
        return any(r in self.touched for r in reads)

    def reach(self, element_reads: Collection[tuple[str, Index]]) -> bool:
        """Some element read here (step id, index) is not right, or its whole step counts."""
        return any(r[0] in self.steps or r in self.elements for r in element_reads)

    def helper(self, step: Step, reads: Collection[str]) -> None:
        """A step not asked (the pass after the update) is not right when what it reads is not."""
        if self.reaches(reads):
            self.steps.add(step.id)
            self.touched.add(step.id)

    def add(self, step: Step, idx: Index) -> None:
        """One element not right; all of its step counts when its formulas are unknown."""
        self.elements.add((step.id, idx))
        self.touched.add(step.id)
        if any(m.formula is None for m in step.methods()):
            self.steps.add(step.id)

