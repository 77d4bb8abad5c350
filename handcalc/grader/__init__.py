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
- ``mistake:<code>``  outside every right band and inside a named mistake's own band (what
                 rounding does to the mistaken method worked from exact numbers: half a
                 unit, its pieces, Σ|∂f/∂xᵢ|·rᵢ over a blank or a helper step it reads;
                 bands.Linear), where the mistake visibly differs from every right value;
                 a pair is ``a+b``; when the best explanations give the same numbers on the
                 whole step, a tie ``a|b`` (told apart by the rest of the sheet when it can
                 be);
- ``rounding``   one or two units off in the last place;
- ``wrong``      none of these: a slip;
- ``blank`` / ``unreadable``  nothing, or nothing readable, was written.

Follow-through uses only what is filled in: a blank or unreadable element is replaced by the
truth.  An error early on costs only the element where it happened.  Most right numbers are
decided by one float comparison with the truth; bands are worked out only when that fails.

Pure: an exercise and a sheet's answers in, verdicts out; no input or output.  ``Marker`` holds
what is the same for every sheet of one problem (truth, bands, elements, catalogue), so a class
is graded with the truth computed once.

One idea per module:

- ``results``        ``Item`` (one element's verdict) and ``Graded`` (a sheet), the points;
- ``verdict``        ``decide_verdict``, the rules above as one pure function, and their pieces
                     (``near``, ``places_fit``, ``resolve_ties`` …);
- ``yours``          the learner's values, what rounding lets them stand for, and the values
                     their own errors made trivial;
- ``followthrough``  which elements are not right so far (so later ones can only be carried);
- ``bands``          the bands of rounding around the truth, once per problem; a mistaken
                     method's linearised band (``Linear``, ``spread``);
- ``marker``         ``Marker``: the truth and the mistakes of each step, once per problem;
                     one sheet graded in working order;
- ``elements``       an element of a value, a method run, where the numbers may break them.
"""


from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .elements import recompute_safely
from .marker import Marker
from .results import CREDITED, ERRORS, POINTS, VERDICTS, Graded, Item
from .verdict import Decision, decide_verdict, near, places_fit, resolve_ties

if TYPE_CHECKING:
    from ..exercise import Exercise

__all__ = ["CREDITED", "ERRORS", "POINTS", "VERDICTS", "Decision", "Graded", "Item", "Marker",
           "decide_verdict", "grade", "near", "places_fit", "recompute_safely", "resolve_ties"]


def grade(exercise: Exercise, answers: dict[str, Any]) -> Graded:
    """Grade one sheet's answers (canonical id → answers.Answer) against the exercise."""
    return Marker(exercise).grade(answers)
