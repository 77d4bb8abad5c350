"""The solution as JSON: ``{"handcalc": 1, "values": {id: …}, "exact": {id: …}}`` (design.md)."""

from __future__ import annotations

from typing import Any

from ..exercise import Exercise
from ..numbers import exact_text, is_exact, to_json_number


def _map(value: Any, fn):
    if isinstance(value, list):
        return [_map(v, fn) for v in value]
    return fn(value)


def _all_exact(value: Any) -> bool:
    if isinstance(value, list):
        return all(_all_exact(v) for v in value)
    return is_exact(value)


def solution(exercise: Exercise) -> dict:
    """Every asked canonical id with its value in the users' shape; exact ones also as strings."""
    truth = exercise.values()
    values: dict[str, Any] = {}
    exact: dict[str, Any] = {}
    for step in exercise.graph.asked():
        shaped = exercise.outward(step, truth[step.id])
        values[step.id] = _map(shaped, to_json_number)
        if _all_exact(shaped):
            exact[step.id] = _map(shaped, exact_text)
    return {"handcalc": 1, "values": values, "exact": exact}
