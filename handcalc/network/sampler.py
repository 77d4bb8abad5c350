"""One draw of a problem's numbers, checked in two passes over the step graph of its shape.

The numbers are drawn from the caller's ``random.Random`` on grains (``Config``: a learning rate
with the inputs, weights and biases that suit it; the easy level's keep every number a short
exact decimal), in the column layout (W[j][i], j a unit, i the unit below), and written in the
spec's layout by ``to_problem``, so ``--layout row`` gives the same network, transposed.

``_Sampler.attempt`` checks a draw in floats, layer by layer, stopping at the first bad number,
then exactly from ``Short`` numbers (``short_decimals``); ``generator.generate`` draws again until
one passes and the rules on the whole problem hold.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ..engine import Step, recompute
from . import friendly
from .friendly import EASY_RATES, Context
from .problem import Layer, Problem
from .short_decimals import UNIT, Short, TooLong
from .spec import Spec

if TYPE_CHECKING:
    from ..numbers import Number

    Matrix = list[list[Number]]

# =============================================================================================
# Drawing numbers
# =============================================================================================


@dataclass
class Draw:
    """One draw of a problem's numbers, exact, in the column layout (W[j][i])."""

    inputs: list[list[Fraction]]
    targets: list[list[Fraction]]
    weights: list[list[list[Fraction]]]
    biases: list[list[Fraction]]
    lr: Fraction


Pick = tuple[Fraction, float]  # the exact Fraction and its float twin, for the float pass
Plan = list[tuple[Step, tuple[friendly.Rule, ...]]]  # steps in order, each with its rules
T = TypeVar("T")
TENTH = Fraction(1, 10)


@dataclass(frozen=True)
class Config:
    """The grains of one kind of draw: a learning rate with the numbers that suit it."""

    lr: Fraction
    inputs: tuple[Fraction, ...]
    hidden: tuple[Fraction, Fraction]  # hidden layers' grain and limit: |w| ≤ limit, |b| ≤ limit/2
    output: tuple[Fraction, Fraction]  # the output layer's


# Easy: every number through the loss after the update stays an exact decimal of at most four
# places only if the denominators stay small, so the grains go together.  A value's places are
# the larger of its powers of 2 and 5 in the denominator, and the loss after the update multiplies
# up to six weights, two learning rates and two output errors.  So the inputs are whole numbers,
# the output error δ = y − t is a whole number (the target is planted as t = y − δ once the
# forward pass gives y), and each learning rate comes with weights whose denominators it does
# not share: η = 0.5 with fifths (0.2, 0.4 …), η = 0.1 with whole numbers.  (η = 1 would need
# halves below fifths and so small a network gain that the loss seldom falls.)  The limits keep
# η times the curvature below 2, so that the step does not overshoot and the loss falls.
F = Fraction
EASY_CONFIGS = (
    Config(F(1, 2), (F(-1), F(1), F(2)), (F(1, 5), F(1)), (F(1, 5), F(3, 5))),
    Config(F(1, 10), (F(-1), F(1), F(2)), (F(1), F(2)), (F(1), F(1))),
)
EASY_ERRORS = tuple(map(Fraction, (-1, 1)))
# Medium and hard: tenths everywhere; the floats take care of themselves.
TENTHS_CONFIGS = tuple(
    Config(lr, tuple(k * TENTH for k in range(-10, 11) if k), (TENTH, F(1)), (TENTH, F(1)))
    for lr in EASY_RATES)


def _laid_out(W: list[list[Any]], layout: str) -> list[list[Any]]:
    """A column-layout W (W[j][i]) in the problem's layout (row: W[i][j])."""
    return W if layout == "column" else [list(col) for col in zip(*W)]


def title(spec: Spec, seed: int, lang: str = "en") -> str:
    """The problem's title in ``lang``; it carries the seed, so the answer key can be rebuilt."""
    from ..i18n import tr

    style = tr(f"style.{spec.preset or spec.level}", lang)
    return tr("new.title", lang, style=style, seed=seed)


def to_problem(d: Draw, spec: Spec, seed: int) -> Problem:
    """The problem of a draw, numbers exact, W in the spec's layout."""
    layers = [Layer(act, _laid_out(W, spec.layout), list(b))
              for act, W, b in zip(spec.activations, d.weights, d.biases)]
    # exact Fractions, held as the problem's Numbers
    return Problem(inputs=cast("Matrix", d.inputs), targets=cast("Matrix", d.targets),
                   layers=layers, loss=spec.loss,
                   learning_rate=d.lr, title=title(spec, seed), title_ja=title(spec, seed, "ja"),
                   notation=spec.notation,
                   layout=spec.layout, reduction=spec.reduction, update=("W", "b"),
                   decimals=spec.decimals, relu_grad_at_zero=Fraction(0))


# =============================================================================================
# The sampler: draw layer by layer, evaluating the steps as they become computable
# =============================================================================================

LAYER_TRIES = 50  # redraws of one layer whose forward pass breaks a rule, before starting over


def _looks_short(ctx: Context, step: Step, value: Any) -> bool:
    """The float pass's guess at short_decimals: every element within 1e-7 of a multiple of
    0.0001 (the exact pass decides)."""
    return all(abs(v * UNIT - round(v * UNIT)) < 1e-3 for v in friendly.numbers(value))


class _Sampler:
    """Draws for one spec, checked in two passes over the step graph of the spec's shape (built
    once):

    1. in floats, layer by layer: each step rule is checked as soon as its step is computed, and
       a layer whose forward pass breaks one is drawn again at once (the layers below it stay),
       so most bad numbers cost a few float operations;
    2. again from ``Short`` numbers: the engine's functions then compute exactly the values they
       compute from the problem's Fractions (floats after the first exp, σ, tanh or log, as
       there), or refuse an exact value needing a fifth decimal place — so this pass's verdict
       on every step rule is the verdict on the problem's own values.

    The rules on the whole problem (its given numbers) are checked in ``generator.generate``;
    the value table, read from the formulas, is measured by ``generator.verify``."""

    def __init__(self, spec: Spec):
        from . import steps

        self.spec = spec
        self.exact = spec.level == "easy"
        self.configs = EASY_CONFIGS if self.exact else TENTHS_CONFIGS
        self.L = len(spec.sizes) - 1
        shape = Problem(
            inputs=[[Fraction(1)] * spec.sizes[0]] * spec.batch,
            targets=[[Fraction(int(j == 0)) for j in range(spec.sizes[-1])]] * spec.batch,
            layers=[Layer(act, _laid_out([[Fraction(1)] * spec.sizes[l - 1]] * spec.sizes[l],
                                         spec.layout), [Fraction(0)] * spec.sizes[l])
                    for l, act in enumerate(spec.activations, start=1)],
            loss=spec.loss, learning_rate=Fraction(1), notation=spec.notation,
            layout=spec.layout, reduction=spec.reduction, decimals=spec.decimals)
        self.ctx = Context(shape, spec.level)
        graph = steps.build(shape)
        rules = friendly.rules_for(spec.level)
        # the float pass looks for what most often spoils a draw; exactness, magnitude and
        # zero answers (floats cannot tell them reliably, or they are rare) wait for the exact pass
        approximate = tuple(r for r in rules if r.name not in (
            "short_decimals", "given_to_decimals", "magnitude", "no_trivial_answer"))
        if self.exact:  # floats cannot be exact, but they can look like short decimals
            approximate += (friendly.Rule("short_decimals", ("easy",), "", on_step=_looks_short),)
        plan: Plan = [(step, friendly.step_rules(approximate, step)) for step in graph.steps]
        self.forward = {l: [(s, r) for s, r in plan if s.phase == "forward" and s.layer == l]
                        for l in range(1, self.L + 1)}
        self.rest = [(s, r) for s, r in plan if s.phase != "forward"]
        self.exact_plan = [(step, friendly.step_rules(rules, step)) for step in graph.steps]
        self.too_long = "short_decimals" if self.exact else "given_to_decimals"
        # grids and sets of picks, by their grain, limit and zero rule or by their values
        self._picks: dict[tuple[Any, ...], tuple[Pick, ...]] = {}

    # --- numbers ---------------------------------------------------------------------------

    def _pick(self, v: Fraction) -> Pick:
        """A number and its float twin."""
        return (v, float(v))

    def grid(self, step: Fraction, limit: Fraction, nonzero: bool) -> tuple[Pick, ...]:
        """Multiples of ``step`` within ±limit, with their float twins (computed once)."""
        key = (step.numerator, step.denominator, limit.numerator, limit.denominator, nonzero)
        if key not in self._picks:
            top = int(limit / step)
            self._picks[key] = tuple(self._pick(k * step) for k in range(-top, top + 1)
                                     if k or not nonzero)
        return self._picks[key]

    def choices(self, values: tuple[Fraction, ...]) -> tuple[Pick, ...]:
        """These values, with their float twins (computed once)."""
        key = ("set",) + tuple((v.numerator, v.denominator) for v in values)
        if key not in self._picks:
            self._picks[key] = tuple(self._pick(v) for v in values)
        return self._picks[key]

    @staticmethod
    def one(rng: random.Random, options: tuple[T, ...]) -> T:
        """One of the options, drawn uniformly."""
        return options[rng.randrange(len(options))]

    def layer(self, rng: random.Random, config: Config, l: int
              ) -> tuple[list[list[Pick]], list[Pick]]:
        """Layer l's weights (column layout, W[j][i]) and biases, on the config's grains."""
        grain, limit = config.output if l == self.L else config.hidden
        w = self.grid(grain, limit, True)
        b = self.grid(grain, limit / 2, False)
        units, below = self.spec.sizes[l], self.spec.sizes[l - 1]
        return ([[self.one(rng, w) for _ in range(below)] for _ in range(units)],
                [self.one(rng, b) for _ in range(units)])

    def targets(self, rng: random.Random) -> list[list[Pick]]:
        """Targets that suit the output: one-hot for softmax, 0 or 1 for sigmoid, else tenths."""
        spec, units = self.spec, self.spec.sizes[-1]
        one, zero = self._pick(Fraction(1)), self._pick(Fraction(0))
        out = []
        for _ in range(spec.batch):
            if spec.output == "softmax":  # one-hot
                hot = rng.randrange(units)
                out.append([one if j == hot else zero for j in range(units)])
            elif spec.output == "sigmoid":
                out.append([self.one(rng, (zero, one)) for _ in range(units)])
            else:
                out.append([self.one(rng, self.grid(TENTH, Fraction(1), False))
                            for _ in range(units)])
        return out

    def planted(self, rng: random.Random, y: list[list[float]]) -> list[list[Pick]]:
        """Easy targets t = y − δ/scale for whole-number output errors δ = scale·(y − t); y is
        read to four places (if it has more, the exact pass refuses the draw)."""
        n = self.spec.batch if self.spec.reduction == "mean" else 1
        return [[self._pick(Fraction(round(y_j * UNIT), UNIT) - self.one(rng, EASY_ERRORS) * n)
                 for y_j in y_n] for y_n in y]

    # --- evaluation --------------------------------------------------------------------------

    def run(self, plan: Plan, values: dict[str, Any]) -> str | None:
        """Evaluate these steps into ``values``; the first rule broken (its name), or None."""
        ctx = self.ctx
        try:
            for step, rules in plan:
                value = recompute(step, values)
                values[step.id] = value
                if rules:
                    name = friendly.first_broken(rules, ctx, step, value)
                    if name is not None:
                        return name
        except TooLong:
            return self.too_long
        except (ZeroDivisionError, OverflowError, ValueError):
            return "magnitude"
        return None

    def attempt(self, rng: random.Random, rejected: Counter[str]) -> Draw | None:
        """One draw, checked by the sketch; None (and the reasons counted) if it fails."""
        spec, L = self.spec, self.L
        config = self.one(rng, self.configs)
        inputs = [[self.one(rng, self.choices(config.inputs)) for _ in range(spec.sizes[0])]
                  for _ in range(spec.batch)]

        def floats(rows: list[list[Pick]]) -> list[list[float]]:
            return [[p[1] for p in row] for row in rows]

        values: dict[str, Any] = {"a0": floats(inputs), "lr": float(config.lr)}
        layers = []
        for l in range(1, L + 1):
            for _ in range(LAYER_TRIES):
                W, b = self.layer(rng, config, l)
                values[f"W{l}"] = _laid_out(floats(W), spec.layout)
                values[f"b{l}"] = [p[1] for p in b]
                name = self.run(self.forward[l], values)
                if name is None:
                    break
                rejected[name] += 1
            else:
                return None
            layers.append((W, b))
        targets = self.planted(rng, values[f"a{L}"]) if self.exact else self.targets(rng)
        values["t"] = floats(targets)
        name = self.run(self.rest, values)
        if name is not None:
            rejected[name] += 1
            return None

        def exact(rows: list[list[Pick]]) -> list[list[Fraction]]:
            return [[p[0] for p in row] for row in rows]

        d = Draw(exact(inputs), exact(targets), [exact(W) for W, _ in layers],
                 [[p[0] for p in b] for _, b in layers], config.lr)
        name = self.run(self.exact_plan, self.shorts(d))
        if name is not None:
            rejected[name] += 1
            return None
        return d

    def shorts(self, d: Draw) -> dict[str, Any]:
        """The given values of a draw as Short numbers, for the exact pass."""

        def short(rows: list[list[Fraction]]) -> list[list[Short]]:
            return [[Short.of(v) for v in row] for row in rows]

        given: dict[str, Any] = {"a0": short(d.inputs), "t": short(d.targets),
                                 "lr": Short.of(d.lr)}
        for l, (W, b) in enumerate(zip(d.weights, d.biases), start=1):
            given[f"W{l}"] = short(_laid_out(W, self.spec.layout))
            given[f"b{l}"] = [Short.of(v) for v in b]
        return given


_SAMPLERS: dict[Spec, _Sampler] = {}


def _sampler(spec: Spec) -> _Sampler:
    key = replace(spec, lang="en", preset=None)  # the numbers do not depend on these
    if key not in _SAMPLERS:
        _SAMPLERS[key] = _Sampler(key)
    return _SAMPLERS[key]

