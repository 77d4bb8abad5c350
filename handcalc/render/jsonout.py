"""The solution as JSON: ``{"handcalc": 1, "values": {id: …}, "exact": {id: …}}`` (design.md)."""

from __future__ import annotations

import json
import math
from typing import Any

from ..exercise import Exercise
from ..numbers import exact_text, is_exact, to_json_number


def _map(value: Any, fn):
    if isinstance(value, list):
        return [_map(v, fn) for v in value]
    return fn(value)


def _json_value(value: Any) -> Any:
    """A number as JSON; a formula exercise's answer (a formula) as its text."""
    return value if isinstance(value, str) else to_json_number(value)


def _all_exact(value: Any) -> bool:
    if isinstance(value, list):
        return all(_all_exact(v) for v in value)
    return not isinstance(value, str) and is_exact(value)


def solution(exercise: Exercise) -> dict:
    """Every asked canonical id with its value in the users' shape; exact ones also as strings."""
    truth = exercise.values()
    values: dict[str, Any] = {}
    exact: dict[str, Any] = {}
    for step in exercise.graph.asked():
        shaped = exercise.outward(step, truth[step.id])
        values[step.id] = _map(shaped, _json_value)
        if _all_exact(shaped):
            exact[step.id] = _map(shaped, exact_text)
    return {"handcalc": 1, "values": values, "exact": exact}


def strict(value: Any) -> Any:
    """The value with every NaN or ±infinity made null, so that it is strict JSON (RFC 8259
    has no NaN or Infinity; Python's json would print them as bare words)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: strict(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strict(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """Strict JSON text (RFC 8259) of a report or a solution, non-ASCII kept as it is."""
    return json.dumps(strict(value), ensure_ascii=False, allow_nan=False)
