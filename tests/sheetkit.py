"""Building answer sheets in tests: a learner's values (truth, rounded, with a mistake injected),
and the YAML text of a sheet holding them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handcalc.engine import Method, recompute, run
from handcalc.numbers import round_half_away, show


def rounded(value: Any, decimals: int) -> Any:
    """Every element rounded half away from zero to ``decimals`` places (exactly)."""
    if isinstance(value, list):
        return [rounded(v, decimals) for v in value]
    return round_half_away(value, decimals)


def learner_values(exercise, *, at: str | None = None, method: Method | None = None,
                   value: Any = None, round_to: int | None = None) -> dict[str, Any]:
    """Every step's value (engine shapes) as a learner computes it: each step from their own
    earlier values; at step ``at`` the given ``method`` (a mistake) or ``value`` (a slip)
    instead; rounded to ``round_to`` places after each asked step when given."""
    # a later step a mistake reads (W2_new in the backward pass) is the learner's right value
    values: dict[str, Any] = dict(exercise.values())
    for step in exercise.graph.steps:
        if step.id == at:
            v = run(method, values) if method is not None else value
        else:
            try:
                v = recompute(step, values)
            except (ArithmeticError, ValueError):  # log of an output the mistake made ≤ 0:
                v = exercise.values()[step.id]  # no value to carry; the learner writes the truth
        if round_to is not None and step.asked:
            v = rounded(v, round_to)
        values[step.id] = v
    return values


def sheet_values(exercise, values: dict[str, Any]) -> dict[str, Any]:
    """Asked steps in the users' shapes, ready for answers.from_values."""
    return {s.id: exercise.outward(s, values[s.id]) for s in exercise.graph.asked()}


def _text(value: Any, decimals: int) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_text(v, decimals) for v in value) + "]"
    return show(value, decimals + 2)


def sheet_yaml(exercise, values: dict[str, Any], problem_ref: str, decimals: int | None = None,
               keys: str = "notation", skip: tuple[str, ...] = (),
               edit: Callable[[str, str], str] | None = None, name: str = "") -> str:
    """A sheet's YAML text with these (engine-shaped) values written out as decimals."""
    decimals = exercise.decimals if decimals is None else decimals
    lines = ["handcalc: 1", f"problem: {problem_ref}"]
    if name:
        lines.append(f"name: {name}")
    if keys == "canonical":
        lines.append("keys: canonical")
    lines.append("answers:")
    for step in exercise.graph.asked():
        if step.id in skip:
            continue
        key = step.id if keys == "canonical" else exercise.key_of(step.id)
        text = _text(exercise.outward(step, values[step.id]), decimals)
        if edit is not None:
            text = edit(step.id, text)
        lines.append(f"  {key}: {text}")
    return "\n".join(lines) + "\n"
