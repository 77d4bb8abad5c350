"""What makes a problem worth doing with a pencil: the generator's rules, each a named predicate.

A rule looks either at one step's value (``on_step``, called for every step of the graph, in
working order, so the generator can stop a bad draw at the first bad number) or at the whole
problem (``on_problem``, the given numbers and the value table).  The generator's sampler
(``generator_sampler``), its final check and ``handcalc new --stats`` call the same predicates.

Rules for every level (issue 4, section 2):
    relu_off_zero        no ReLU pre-activation is 0 (or rounds to 0 at the asked decimals),
                         before or after the update
    no_dead_layer        every hidden layer has a unit that passes the gradient (a ReLU with z > 0)
    gradient_everywhere  no layer's weight gradient is all zero
    not_saturated        sigmoid and softmax outputs within 0.02…0.98 (tanh within ±0.96: the
                         same band), before and after the update
    loss_falls           the loss after the update is smaller
    no_trivial_answer    no asked quantity is 0 everywhere
    magnitude            no number beyond ±100
easy:
    easy_numbers         identity/ReLU layers, an identity output with squared error; inputs,
                         weights and biases with at most one decimal; η one of 0.1, 0.5, 1
    short_decimals       every number a learner writes (every step, through the forward pass after
                         the update and the loss after it) an exact decimal with at most 4 places
medium and hard:
    given_to_decimals    the given numbers, and every exact value, have at most ``decimals`` places
    value_table          the value table lists exactly the exp/σ/tanh/log values the formulas use
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from ..engine import Step
from ..numbers import is_exact, terminating_places, to_fraction

if TYPE_CHECKING:
    from ..exercise import Exercise
    from .problem import Problem

LEVELS = ("easy", "medium", "hard")
ALL = LEVELS
MAX_MAGNITUDE = 100
EASY_PLACES = 4
EASY_RATES = (Fraction(1, 10), Fraction(1, 2), Fraction(1))
BAND = (Fraction(1, 50), Fraction(49, 50))  # sigmoid/softmax outputs kept within 0.02…0.98
TANH_BAND = Fraction(24, 25)  # |tanh| ≤ 0.96, the same band: tanh(z) = 2σ(2z) − 1
# the same bounds as floats, to compare floats with (a float against a Fraction is slow)
_FLOAT_BAND = (0.02, 0.98)
_FLOAT_TANH_BAND = 0.96


@dataclass(frozen=True)
class Context:
    """What the predicates need to know about a problem besides the values of its steps."""

    problem: Any  # problem.Problem
    level: str

    def activation(self, layer: int | None) -> str:
        """The activation of layer ``layer`` (1-based); '' for no layer (None or 0)."""
        return self.problem.layers[layer - 1].activation if layer else ""

    @property
    def hidden(self) -> range:
        """The numbers of the hidden layers: 1 … L−1 for L layers."""
        return range(1, len(self.problem.layers))


@dataclass(frozen=True)
class Rule:
    """A named rule: a one-line description and its predicate (on one step, or on the problem)."""

    name: str
    levels: tuple[str, ...]
    text: str
    on_step: Callable[[Context, Step, Any], bool] | None = None
    on_problem: Callable[[Context, dict[str, Any]], bool] | None = None
    whats: tuple[str, ...] | None = None  # the kinds of step (Step.what) on_step reads; None: all

    def looks_at(self, step: Step) -> bool:
        """True if ``on_step`` can say something about this step."""
        return self.on_step is not None and (self.whats is None or step.what in self.whats)


def numbers(value: Any) -> list[Any] | tuple[Any, ...]:
    """The numbers of a value (a number, a vector or a matrix), row by row."""
    if type(value) is not list:
        return (value,)
    if value and type(value[0]) is list:
        return [v for row in value for v in row]
    return value


def _nonzero(value: Any) -> bool:
    return any(numbers(value))  # 0, 0.0 and a zero Short are false


def _places(v: Any) -> int | None:
    """Decimal places of an exact value; None for a float or a decimal that never ends."""
    if hasattr(v, "places"):  # the generator's sketch numbers know theirs
        return cast(int, v.places())
    if not is_exact(v):
        return None
    return terminating_places(to_fraction(v))


# --- every level ------------------------------------------------------------------------------


_HALF_UNITS: dict[int, tuple[Fraction, float]] = {}


def _half_unit(decimals: int) -> tuple[Fraction, float]:
    """Half a unit in the last asked place, exact and as a float."""
    if decimals not in _HALF_UNITS:
        half = Fraction(1, 2 * 10**decimals)
        _HALF_UNITS[decimals] = (half, float(half))
    return _HALF_UNITS[decimals]


def relu_off_zero(ctx: Context, step: Step, value: Any) -> bool:
    """No ReLU pre-activation is 0, nor so near 0 that it rounds to 0 at the asked decimals."""
    if step.what != "z" or ctx.activation(step.layer) != "relu":
        return True
    exact, approx = _half_unit(ctx.problem.decimals)
    return all(abs(z) >= (approx if type(z) is float else exact) for z in numbers(value))


def no_dead_layer(ctx: Context, step: Step, value: Any) -> bool:
    """Every hidden ReLU layer has a unit that is on (a > 0) for some sample."""
    if step.what != "a" or step.layer not in ctx.hidden or ctx.activation(step.layer) != "relu":
        return True
    return _nonzero(value)


def gradient_everywhere(ctx: Context, step: Step, value: Any) -> bool:
    """Every layer's weight gradient has a nonzero element."""
    return step.what != "dW" or _nonzero(value)


def not_saturated(ctx: Context, step: Step, value: Any) -> bool:
    """Sigmoid/softmax outputs within 0.02…0.98 and tanh within ±0.96, before and after."""
    if step.what != "a":
        return True
    act = ctx.activation(step.layer)
    if act in ("sigmoid", "softmax"):
        return all(low <= a <= high for a in numbers(value)
                   for low, high in ((_FLOAT_BAND if type(a) is float else BAND),))
    if act == "tanh":
        return all(abs(a) <= (_FLOAT_TANH_BAND if type(a) is float else TANH_BAND)
                   for a in numbers(value))
    return True


def loss_falls(ctx: Context, step: Step, value: Any) -> bool:
    """The update lowers the loss: L − L′ > 0."""
    return step.id != "improvement" or value > 0


def no_trivial_answer(ctx: Context, step: Step, value: Any) -> bool:
    """No asked quantity is 0 in every element."""
    return not step.asked or _nonzero(value)


def magnitude(ctx: Context, step: Step, value: Any) -> bool:
    """Every number within ±100."""
    return bool(max(map(abs, numbers(value))) <= MAX_MAGNITUDE)


# --- easy -------------------------------------------------------------------------------------


def _givennumbers(problem: Problem) -> dict[str, list[Any]]:
    return {
        "inputs": [v for row in problem.inputs for v in row],
        "weights": [v for layer in problem.layers for row in layer.W for v in row],
        "biases": [v for layer in problem.layers for v in layer.b],
        "targets": [v for row in problem.targets for v in row],
    }


def easy_numbers(ctx: Context, extra: dict[str, Any]) -> bool:
    """Identity/ReLU layers, identity output + squared error; x, W, b with at most one decimal;
    η one of 0.1, 0.5, 1."""
    p = ctx.problem
    layers_ok = all(layer.activation in ("identity", "relu") for layer in p.layers[:-1])
    if not layers_ok or p.layers[-1].activation != "identity" or p.loss != "squared_error":
        return False
    given = _givennumbers(p)
    one_place = all((n := _places(v)) is not None and n <= 1
                    for key in ("inputs", "weights", "biases") for v in given[key])
    return one_place and p.learning_rate in EASY_RATES


def short_decimals(ctx: Context, step: Step, value: Any) -> bool:
    """Every element an exact decimal with at most 4 places."""
    for v in numbers(value):
        places = _places(v)
        if places is None or places > EASY_PLACES:
            return False
    return True


# --- medium and hard --------------------------------------------------------------------------


def given_to_decimals(ctx: Context, extra: dict[str, Any]) -> bool:
    """The given numbers (x, t, W, b, η) have at most ``decimals`` places."""
    p = ctx.problem
    numbers = [v for group in _givennumbers(p).values() for v in group] + [p.learning_rate]
    return all(_places(v) is not None and _places(v) <= p.decimals for v in numbers)


def exact_to_decimals(ctx: Context, step: Step, value: Any) -> bool:
    """Every exact value (the first layer's z, say) ends within ``decimals`` places."""
    for v in numbers(value):
        if is_exact(v) or hasattr(v, "places"):
            places = _places(v)
            if places is None or places > ctx.problem.decimals:
                return False
    return True


def value_table(ctx: Context, extra: dict[str, Any]) -> bool:
    """The worksheet's value table lists exactly the exp/σ/tanh/log values the formulas use."""
    exercise = extra.get("exercise")
    if exercise is None:  # only the final check has the exercise; the sketch skips this rule
        return True
    from . import valuetable

    return valuetable.keys(valuetable.table(exercise), exercise.decimals) == \
        valuetable.keys(valuetable.needed(exercise), exercise.decimals)


RULES: tuple[Rule, ...] = (
    Rule("relu_off_zero", ALL, "no ReLU pre-activation at 0 (before or after the update)",
         on_step=relu_off_zero, whats=("z",)),
    Rule("no_dead_layer", ALL, "no dead hidden layer (some ReLU unit on)", on_step=no_dead_layer,
         whats=("a",)),
    Rule("gradient_everywhere", ALL, "no layer whose weight gradient is all zero",
         on_step=gradient_everywhere, whats=("dW",)),
    Rule("not_saturated", ALL, "sigmoid/softmax outputs within 0.02…0.98, tanh within ±0.96",
         on_step=not_saturated, whats=("a",)),
    Rule("loss_falls", ALL, "the loss falls after the update", on_step=loss_falls,
         whats=("improvement",)),
    Rule("no_trivial_answer", ALL, "no asked quantity 0 everywhere", on_step=no_trivial_answer),
    Rule("magnitude", ALL, "every number within ±100", on_step=magnitude),
    Rule("easy_numbers", ("easy",), "identity/ReLU + squared error; x, W, b with ≤ 1 decimal; "
         "η ∈ {0.1, 0.5, 1}", on_problem=easy_numbers),
    Rule("short_decimals", ("easy",), "every number written an exact decimal with ≤ 4 places",
         on_step=short_decimals),
    Rule("given_to_decimals", ("medium", "hard"), "given numbers and exact values within the "
         "asked decimals", on_step=exact_to_decimals, on_problem=given_to_decimals),
    Rule("value_table", ("medium", "hard"), "the value table lists exactly the exp/σ/tanh/log "
         "values needed", on_problem=value_table),
)
BY_NAME = {rule.name: rule for rule in RULES}


def rules_for(level: str) -> tuple[Rule, ...]:
    """The rules a problem of this level must meet."""
    return tuple(rule for rule in RULES if level in rule.levels)


def step_rules(rules: tuple[Rule, ...], step: Step) -> tuple[Rule, ...]:
    """The rules that look at this step."""
    return tuple(rule for rule in rules if rule.looks_at(step))


def first_broken(rules: tuple[Rule, ...], ctx: Context, step: Step, value: Any) -> str | None:
    """The name of the first of these step rules that this value breaks, or None."""
    for rule in rules:
        if not rule.on_step(ctx, step, value):  # type: ignore[misc]
            return rule.name
    return None


def check(exercise: Exercise, level: str,
          values: dict[str, Any] | None = None) -> dict[str, bool]:
    """Every rule of the level, measured on a problem's exact values: name → holds."""
    ctx = Context(exercise.problem, level)
    values = exercise.values() if values is None else values
    extra = {"exercise": exercise}
    verdict: dict[str, bool] = {}
    for rule in rules_for(level):
        holds = True
        if rule.on_problem is not None:
            holds = rule.on_problem(ctx, extra)
        if holds and rule.on_step is not None:
            holds = all(rule.on_step(ctx, step, values[step.id])
                        for step in exercise.graph.steps if rule.looks_at(step))
        verdict[rule.name] = holds
    return verdict
