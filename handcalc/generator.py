"""Hand-friendly random problems: seeded sampling with rejection.

``generate(spec, seed)`` draws a network's numbers from ``random.Random(seed)`` (nothing else:
no hash order, no clock, no platform), evaluates one training step, and keeps the draw only if
every rule of ``friendly`` holds for its level; otherwise it draws again from the same stream.

Two passes keep it fast without a second implementation of the mathematics:

1. The sketch: the step graph of the spec's shape is built once and evaluated step by step on
   each draw (``engine.recompute``), the rules checked after every step so a bad draw stops at its
   first bad number.  An easy draw is evaluated with ``Short`` numbers — exact integers of 0.0001
   that refuse any result needing a fifth decimal place (so even the products a learner writes
   stay short) — and a medium/hard draw with floats.  Both are many times cheaper than Fractions.
2. The final check: the surviving draw becomes a ``Problem`` (exact Fractions, as a file is
   read), its exercise is evaluated by the engine, and ``friendly.check`` measures every rule of
   the level on the exact values; only then is it accepted.

Numbers are drawn in the column layout (W[j][i], j a unit, i the unit below) and written in the
spec's layout, so ``--layout row`` gives the same network, transposed.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from . import friendly
from .engine import recompute
from .friendly import EASY_RATES, LEVELS, Context
from .problem import Layer, Problem

HIDDEN = ("relu", "sigmoid", "tanh", "identity")
OUTPUT = ("identity", "sigmoid", "softmax")
LOSSES = ("squared_error", "cross_entropy", "binary_cross_entropy")
REDUCTIONS = ("mean", "sum")
NOTATIONS = ("za", "ax", "uz")
LAYOUTS = ("row", "column")
MAX_UNITS = 6  # per layer: more does not fit a sheet of paper
MAX_LAYERS = 4
MAX_BATCH = 4
MAX_TRIES = 20_000  # draws per problem before giving up with a message
LEVELS_FOR_STATS = LEVELS
DEFAULT_LOSS = {"identity": "squared_error", "sigmoid": "binary_cross_entropy",
                "softmax": "cross_entropy"}

LEVEL_DEFAULTS: dict[str, dict[str, Any]] = {
    "easy": dict(sizes=(2, 2, 1), hidden="relu", output="identity", batch=1, reduction="mean"),
    "medium": dict(sizes=(2, 2, 2), hidden="sigmoid", output="softmax", batch=1,
                   reduction="mean"),
    "hard": dict(sizes=(2, 3, 2), hidden="tanh", output="softmax", batch=2, reduction="mean"),
}

# The seeds' exercise styles: each preset sets defaults that explicit options still override.
PRESETS: dict[str, dict[str, Any]] = {
    # seed 000: logistic regression, one sigmoid unit, binary cross-entropy ("cat or not")
    "logistic": dict(level="medium", sizes=(2, 1), output="sigmoid",
                     loss="binary_cross_entropy", notation="za", layout="column"),
    # seed 001: 岡谷's three-layer regression in u/z notation, identity output, squared error
    "regression": dict(level="easy", sizes=(3, 2, 2), hidden="relu", output="identity",
                       loss="squared_error", notation="uz", layout="column"),
    # seed 004, exercise ③: ReLU hidden, softmax + cross-entropy, a/x notation, row layout;
    # update every parameter once and say how much the loss falls
    "exercise3": dict(level="medium", sizes=(3, 3, 2), hidden="relu", output="softmax",
                      loss="cross_entropy", notation="ax", layout="row"),
}


class GeneratorError(ValueError):
    """Options that cannot make a problem (or no friendly draw found); the message says why."""


# =============================================================================================
# The spec: every option resolved
# =============================================================================================


@dataclass(frozen=True)
class Spec:
    """Everything that decides a generated problem, besides its seed."""

    level: str = "easy"
    sizes: tuple[int, ...] = (2, 2, 1)
    hidden: str = "relu"
    output: str = "identity"
    loss: str = "squared_error"
    batch: int = 1
    reduction: str = "mean"
    notation: str = "za"
    layout: str = "column"
    preset: str | None = None
    lang: str = "en"
    decimals: int = 4

    @property
    def activations(self) -> tuple[str, ...]:
        return (self.hidden,) * (len(self.sizes) - 2) + (self.output,)

    def options(self) -> list[str]:
        """The command-line options that rebuild this spec exactly (seed left out)."""
        out = ["--level", self.level, "--arch", "-".join(map(str, self.sizes))]
        if len(self.sizes) > 2:
            out += ["--hidden", self.hidden]
        out += ["--output", self.output, "--loss", self.loss, "--batch", str(self.batch),
                "--reduction", self.reduction, "--notation", self.notation,
                "--layout", self.layout, "--lang", self.lang]
        return out

    def command(self, seed: int) -> str:
        """The `handcalc new` call that rebuilds the problem of this seed."""
        preset = ["--preset", self.preset] if self.preset else []
        return " ".join(["handcalc", "new", *preset, *self.options(), "--seed", str(seed)])


def parse_arch(text: str) -> tuple[int, ...]:
    """'2-3-2' → (2, 3, 2): input units, hidden layers' units, output units."""
    parts = text.replace(" ", "").split("-")
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        raise GeneratorError(f"--arch should be unit counts joined by '-', input first and output "
                             f"last, like 2-3-2; found {text!r}")
    sizes = tuple(int(p) for p in parts)
    if not all(1 <= n <= MAX_UNITS for n in sizes):
        raise GeneratorError(f"--arch {text}: each layer needs 1 to {MAX_UNITS} units for a hand "
                             "calculation")
    if len(sizes) - 1 > MAX_LAYERS:
        raise GeneratorError(f"--arch {text}: at most {MAX_LAYERS} layers (after the input) fit "
                             "a hand calculation")
    return sizes


def _choice(value: str, options: tuple[str, ...], option: str) -> str:
    if value not in options:
        raise GeneratorError(f"{option} should be one of {', '.join(options)}; found {value!r}")
    return value


def resolve(*, level: str | None = None, arch: str | None = None, hidden: str | None = None,
            output: str | None = None, loss: str | None = None, batch: int | None = None,
            reduction: str | None = None, notation: str | None = None,
            layout: str | None = None, preset: str | None = None, lang: str = "en") -> Spec:
    """The spec for these options: preset and level defaults filled in, combinations checked."""
    base: dict[str, Any] = {}
    if preset is not None:
        if preset not in PRESETS:
            raise GeneratorError(f"--preset should be one of {', '.join(PRESETS)}; "
                                 f"found {preset!r}")
        base = dict(PRESETS[preset])
    level = _choice(level or base.get("level", "easy"), LEVELS, "--level")
    chosen = dict(LEVEL_DEFAULTS[level])
    chosen.update({k: v for k, v in base.items() if k != "level"})
    given = dict(hidden=hidden, output=output, loss=loss, batch=batch, reduction=reduction,
                 notation=notation, layout=layout)
    chosen.update({k: v for k, v in given.items() if v is not None})
    if arch is not None:
        chosen["sizes"] = parse_arch(arch)
    if output is not None and loss is None:
        chosen["loss"] = DEFAULT_LOSS.get(output, "squared_error")
    chosen.setdefault("loss", DEFAULT_LOSS[chosen["output"]])
    notation = _choice(chosen.get("notation", "za"), NOTATIONS, "--notation")
    from .notation import PRESETS as NOTATION_PRESETS

    layout = _choice(chosen.get("layout") or NOTATION_PRESETS[notation].default_layout, LAYOUTS,
                     "--layout")
    spec = Spec(level=level, sizes=tuple(chosen["sizes"]),
                hidden=_choice(chosen["hidden"], HIDDEN, "--hidden"),
                output=_choice(chosen["output"], OUTPUT, "--output"),
                loss=_choice(chosen["loss"], LOSSES, "--loss"), batch=int(chosen["batch"]),
                reduction=_choice(chosen["reduction"], REDUCTIONS, "--reduction"),
                notation=notation, layout=layout, preset=preset, lang=lang)
    _validate(spec)
    return spec


def _validate(spec: Spec) -> None:
    if not 1 <= spec.batch <= MAX_BATCH:
        raise GeneratorError(f"--batch should be 1 to {MAX_BATCH} samples for a hand calculation; "
                             f"found {spec.batch}")
    if spec.level == "easy":
        if spec.hidden not in ("relu", "identity") or spec.output != "identity" \
                or spec.loss != "squared_error":
            raise GeneratorError("--level easy keeps every number an exact short decimal, so it "
                                 "takes --hidden relu|identity, --output identity and --loss "
                                 "squared_error; use --level medium for sigmoid, tanh, softmax or "
                                 "cross-entropy")
    if spec.loss == "binary_cross_entropy" and spec.output != "sigmoid":
        raise GeneratorError(f"--loss binary_cross_entropy needs --output sigmoid (found "
                             f"--output {spec.output})")
    if spec.loss == "cross_entropy" and spec.output not in ("softmax", "sigmoid"):
        raise GeneratorError(f"--loss cross_entropy needs --output softmax or sigmoid (found "
                             f"--output {spec.output})")
    if spec.output == "softmax" and spec.sizes[-1] < 2:
        raise GeneratorError("--output softmax needs at least 2 output units (a one-unit softmax "
                             f"always outputs 1); --arch ends in {spec.sizes[-1]}")


# =============================================================================================
# Short: exact numbers of at most four decimal places, for the easy sketch
# =============================================================================================


class TooLong(ArithmeticError):
    """An exact result that needs more than four decimal places (or never ends)."""


UNIT = 10_000  # Short counts in units of 0.0001


def _units(x: Any) -> int:
    """An exact number in units of 0.0001, or TooLong."""
    if type(x) is Short:
        return x.n
    if isinstance(x, int):
        return x * UNIT
    q, r = divmod(x.numerator * UNIT, x.denominator)  # a Fraction
    if r:
        raise TooLong(x)
    return q


class Short:
    """An exact number of at most four decimal places, kept as an integer count of 0.0001.

    It behaves as the engine's Fractions do — exact with ints, Fractions and other Shorts, a
    float as soon as a float joins in (after exp, σ, tanh, log) — except that an exact result
    needing a fifth decimal place raises ``TooLong``.  So the engine's own step functions,
    given Shorts, compute exactly the values they compute from Fractions, or refuse.
    """

    __slots__ = ("n",)

    def __init__(self, n: int):
        self.n = n

    @classmethod
    def of(cls, x: Any) -> Short:
        return cls(_units(x))

    def fraction(self) -> Fraction:
        return Fraction(self.n, UNIT)

    def places(self) -> int:
        """How many decimal places it really has (0.5000 has 1)."""
        n, places = self.n, 4
        while places and n % 10 == 0:
            n //= 10
            places -= 1
        return places

    def __add__(self, other: Any) -> Any:
        kind = type(other)
        if kind is Short:
            return Short(self.n + other.n)
        if kind is int:
            return Short(self.n + other * UNIT)
        if kind is float:
            return self.n / UNIT + other
        return Short(self.n + _units(other))

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        kind = type(other)
        if kind is Short:
            return Short(self.n - other.n)
        if kind is float:
            return self.n / UNIT - other
        return Short(self.n - _units(other))

    def __rsub__(self, other: Any) -> Any:
        if type(other) is float:
            return other - self.n / UNIT
        return Short(_units(other) - self.n)

    def __mul__(self, other: Any) -> Any:
        kind = type(other)
        if kind is Short:
            q, r = divmod(self.n * other.n, UNIT)
        elif kind is int:
            return Short(self.n * other)
        elif kind is float:
            return self.n / UNIT * other
        else:  # a Fraction
            q, r = divmod(self.n * other.numerator, other.denominator)
        if r:
            raise TooLong(self)
        return Short(q)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Any:
        if type(other) is float:
            return self.n / UNIT / other
        d = _units(other)
        if d == 0:
            raise ZeroDivisionError("division by zero")
        q, r = divmod(self.n * UNIT, d)
        if r:
            raise TooLong(self)
        return Short(q)

    def __rtruediv__(self, other: Any) -> Any:
        if type(other) is float:
            return other / (self.n / UNIT)
        return Short.of(other) / self

    def __pow__(self, k: int) -> Short:
        out = Short(UNIT)
        for _ in range(k):
            out = out * self
        return out

    def __neg__(self) -> Short:
        return Short(-self.n)

    def __pos__(self) -> Short:
        return self

    def __abs__(self) -> Short:
        return Short(abs(self.n))

    def _cmp(self, other: Any) -> int:
        if type(other) is Short:
            a, b = self.n, other.n
        elif type(other) is int:
            a, b = self.n, other * UNIT
        else:  # a Fraction, or a float compared exactly (as Fractions compare)
            q = Fraction(other)
            a, b = self.n * q.denominator, q.numerator * UNIT
        return (a > b) - (a < b)

    def __lt__(self, other: Any) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: Any) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: Any) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: Any) -> bool:
        return self._cmp(other) >= 0

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, (Short, int, Fraction, float)):
            return self._cmp(other) == 0
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash(self.fraction())

    def __float__(self) -> float:
        return self.n / UNIT

    def __bool__(self) -> bool:
        return self.n != 0

    def __repr__(self) -> str:
        return f"Short({self.fraction()})"


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


Pick = tuple  # (the exact Fraction, its twin in the sketch: a Short for easy, else a float)
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


def title(spec: Spec, seed: int) -> str:
    """The problem's title; it carries the seed, so the answer key can be rebuilt."""
    style = spec.preset or spec.level
    if spec.lang == "ja":
        return f"手計算で誤差逆伝播（{style}, seed {seed}）"
    return f"Backpropagation by hand ({style}, seed {seed})"


def to_problem(d: Draw, spec: Spec, seed: int) -> Problem:
    """The problem of a draw, numbers exact, W in the spec's layout."""
    layers = [Layer(act, _laid_out(W, spec.layout), list(b))
              for act, W, b in zip(spec.activations, d.weights, d.biases)]
    return Problem(inputs=d.inputs, targets=d.targets, layers=layers, loss=spec.loss,
                   learning_rate=d.lr, title=title(spec, seed), notation=spec.notation,
                   layout=spec.layout, reduction=spec.reduction, update=("W", "b"),
                   decimals=spec.decimals, relu_grad_at_zero=Fraction(0))


# =============================================================================================
# The sampler: draw layer by layer, evaluating the steps as they become computable
# =============================================================================================

LAYER_TRIES = 50  # redraws of one layer whose forward pass breaks a rule, before starting over


def _looks_short(ctx: Context, step: Any, value: Any) -> bool:
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

    The rules on the whole problem (its given numbers) are checked in ``generate``; the value
    table, read from the formulas, is measured by ``verify``."""

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
        plan = [(step, friendly.step_rules(approximate, step)) for step in graph.steps]
        self.forward = {l: [(s, r) for s, r in plan if s.phase == "forward" and s.layer == l]
                        for l in range(1, self.L + 1)}
        self.rest = [(s, r) for s, r in plan if s.phase != "forward"]
        self.exact_plan = [(step, friendly.step_rules(rules, step)) for step in graph.steps]
        self.too_long = "short_decimals" if self.exact else "given_to_decimals"
        self._picks: dict[tuple, tuple[Pick, ...]] = {}

    # --- numbers ---------------------------------------------------------------------------

    def _pick(self, v: Fraction) -> Pick:
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
        key = ("set",) + tuple((v.numerator, v.denominator) for v in values)
        if key not in self._picks:
            self._picks[key] = tuple(self._pick(v) for v in values)
        return self._picks[key]

    @staticmethod
    def one(rng: random.Random, options: tuple) -> Any:
        return options[rng.randrange(len(options))]

    def layer(self, rng: random.Random, config: Config, l: int) -> tuple[list, list]:
        grain, limit = config.output if l == self.L else config.hidden
        w = self.grid(grain, limit, True)
        b = self.grid(grain, limit / 2, False)
        units, below = self.spec.sizes[l], self.spec.sizes[l - 1]
        return ([[self.one(rng, w) for _ in range(below)] for _ in range(units)],
                [self.one(rng, b) for _ in range(units)])

    def targets(self, rng: random.Random) -> list[list[Pick]]:
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

    def run(self, plan: list, values: dict[str, Any]) -> str | None:
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

    def attempt(self, rng: random.Random, rejected: Counter) -> Draw | None:
        """One draw, checked by the sketch; None (and the reasons counted) if it fails."""
        spec, L = self.spec, self.L
        config = self.one(rng, self.configs)
        inputs = [[self.one(rng, self.choices(config.inputs)) for _ in range(spec.sizes[0])]
                  for _ in range(spec.batch)]
        floats = lambda rows: [[p[1] for p in row] for row in rows]  # noqa: E731
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
        exact = lambda rows: [[p[0] for p in row] for row in rows]  # noqa: E731
        d = Draw(exact(inputs), exact(targets), [exact(W) for W, _ in layers],
                 [[p[0] for p in b] for _, b in layers], config.lr)
        name = self.run(self.exact_plan, self.shorts(d))
        if name is not None:
            rejected[name] += 1
            return None
        return d

    def shorts(self, d: Draw) -> dict[str, Any]:
        """The given values of a draw as Short numbers, for the exact pass."""
        short = lambda rows: [[Short.of(v) for v in row] for row in rows]  # noqa: E731
        given: dict[str, Any] = {"a0": short(d.inputs), "t": short(d.targets),
                                 "lr": Short.of(d.lr)}
        for l, (W, b) in enumerate(zip(d.weights, d.biases), start=1):
            given[f"W{l}"] = short(_laid_out(W, self.spec.layout))
            given[f"b{l}"] = [Short.of(v) for v in b]
        return given


@dataclass
class Generated:
    """An accepted problem: its seed, how many draws it took, and every rule measured."""

    problem: Problem
    seed: int
    draws: int  # every draw the sketch looked at (a redrawn layer counts as one), this one too
    rejected: Counter = field(default_factory=Counter)  # rule name → draws rejected by it

    def exercise(self):
        from .exercise import network_exercise

        return network_exercise(self.problem)


_SAMPLERS: dict[Spec, _Sampler] = {}


def _sampler(spec: Spec) -> _Sampler:
    key = replace(spec, lang="en", preset=None)  # the numbers do not depend on these
    if key not in _SAMPLERS:
        _SAMPLERS[key] = _Sampler(key)
    return _SAMPLERS[key]


def generate(spec: Spec, seed: int) -> Generated:
    """The first draw of ``random.Random(seed)`` that meets every rule of the spec's level:
    the step rules in the sampler's exact pass, then the rules on the given numbers.  ``verify``
    measures every rule again on the problem's exercise, as ``--stats`` and the tests do."""
    sampler = _sampler(spec)
    rng = random.Random(seed)
    rejected: Counter = Counter()
    while sum(rejected.values()) < MAX_TRIES:
        d = sampler.attempt(rng, rejected)
        if d is None:
            continue
        problem = to_problem(d, spec, seed)
        ctx = Context(problem, spec.level)
        verdict = {rule.name: rule.on_problem(ctx, {}) for rule in friendly.rules_for(spec.level)
                   if rule.on_problem is not None}
        if all(verdict.values()):
            return Generated(problem, seed, sum(rejected.values()) + 1, rejected)
        rejected[next(k for k, v in verdict.items() if not v)] += 1
    raise GeneratorError(f"no hand-friendly problem in {MAX_TRIES:,} draws for these options "
                         f"(most draws failed: {rejected.most_common(1)[0][0]}); try a smaller "
                         "--arch, a smaller --batch or another --level")


def verify(generated: Generated, level: str) -> dict[str, bool]:
    """Every rule of the level measured on the problem's exact values (the engine's truth)."""
    from .exercise import network_exercise

    return friendly.check(network_exercise(generated.problem), level)


def _same(a: Problem, b: Problem) -> bool:
    return (a.inputs, a.targets, a.learning_rate, [(l.W, l.b) for l in a.layers]) == \
        (b.inputs, b.targets, b.learning_rate, [(l.W, l.b) for l in b.layers])


def generate_many(spec: Spec, seed: int, count: int) -> list[Generated]:
    """``count`` distinct problems from seeds seed, seed + 1, … (a seed repeating an earlier
    problem is skipped), so each variant is rebuilt from the seed in its title."""
    out: list[Generated] = []
    s = seed
    while len(out) < count:
        g = generate(spec, s)
        if not any(_same(g.problem, h.problem) for h in out):
            out.append(g)
        s += 1
        if s - seed > 10 * count + 100:
            raise GeneratorError(f"only {len(out)} distinct problems for these options; ask for "
                                 "fewer with --count or a larger --arch")
    return out


# =============================================================================================
# The report of `handcalc new --stats`
# =============================================================================================


@dataclass
class LevelStats:
    """How generation went over many seeds of one level."""

    level: str
    problems: int
    draws: int
    seconds: float  # generating them
    verify_seconds: float  # measuring every rule again on each problem's exact values
    rejected: Counter
    rules: dict[str, int]  # rule name → problems meeting it

    @property
    def acceptance(self) -> float:
        return self.problems / self.draws if self.draws else 0.0


def stats(level: str, count: int = 1000, first_seed: int = 0,
          spec: Spec | None = None) -> LevelStats:
    """Generate ``count`` problems of a level (seeds first_seed…), timing it; then measure every
    rule again on each problem's exact values (all must hold)."""
    import time

    spec = spec or resolve(level=level)
    start = time.perf_counter()
    made = [generate(spec, seed) for seed in range(first_seed, first_seed + count)]
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    verdicts = [verify(g, spec.level) for g in made]
    verify_seconds = time.perf_counter() - start
    rules = {rule.name: sum(v[rule.name] for v in verdicts)
             for rule in friendly.rules_for(spec.level)}
    rejected: Counter = Counter()
    for g in made:
        rejected.update(g.rejected)
    return LevelStats(spec.level, len(made), sum(g.draws for g in made), seconds,
                      verify_seconds, rejected, rules)
