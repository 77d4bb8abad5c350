"""One element of a step's value, and a method run, where the learner's numbers may break the
arithmetic (an overflow, a log of 0, a shape they wrote wrong): ``None`` then, never an error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from .. import interval as iv
from ..engine import Index, Method, Step, Value, element, run
from ..interval import Interval

# what a learner's numbers can do to the arithmetic: overflow, log of 0, a wrong shape
ARITH = (ArithmeticError, ValueError, TypeError, IndexError, ZeroDivisionError)


def attempt(method: Method, values: Mapping[str, Value]) -> Value | None:
    """A method's value from these values, or None when the numbers break it (overflow …)."""
    try:
        return run(method, values)
    except ARITH:
        return None
    except RecursionError:  # pragma: no cover - bounded sizes make this unreachable
        return None


def recompute_safely(step: Step, values: Mapping[str, Value]) -> Value | None:
    """The step from these values by its primary method, or None when the numbers break it."""
    return attempt(step.method, values)


def at(value: Value | None, idx: Index) -> Any:
    """value[i][j]… at the index ``idx``, or None where there is no number there (no value, a
    shape that does not fit, a row where a number was expected)."""
    if value is None:
        return None
    try:
        v = element(value, idx)
    except ARITH:
        return None
    return None if isinstance(v, list) else v


def as_float(value: Any) -> float:
    """float(value), or +inf for a number too large for a float."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def hull(bands: Sequence[Interval]) -> Interval:
    """The smallest interval holding every band: [min lo, max hi]."""
    out = bands[0]
    for b in bands[1:]:
        out = iv.hull(out, b)
    return out
