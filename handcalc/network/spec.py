"""What ``handcalc new`` generates: every option resolved into a ``Spec``.

``resolve`` fills in a preset's defaults (``--preset``: the seeds' exercise styles), then the
level's (``--level``), under the options given (``--arch``, ``--hidden``, ``--output``, ``--loss``,
``--batch``, …), and refuses with one clear ``GeneratorError`` a combination that cannot make a
problem for a pencil: an easy level with sigmoid, a one-unit softmax, binary cross-entropy without
a sigmoid output, too many units or samples.  ``generator`` draws the numbers for a spec.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kinds import NewError
from .friendly import LEVELS
from .notation import NOTATIONS
from .notation import PRESETS as NOTATION_PRESETS

HIDDEN = ("relu", "sigmoid", "tanh", "identity")
OUTPUT = ("identity", "sigmoid", "softmax")
LOSSES = ("squared_error", "cross_entropy", "binary_cross_entropy")
REDUCTIONS = ("mean", "sum")
LAYOUTS = ("row", "column")
MAX_UNITS = 6  # per layer: more does not fit a sheet of paper
MAX_LAYERS = 4
MAX_BATCH = 4
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


class GeneratorError(NewError):
    """Options that cannot make a problem (or no friendly draw found); the message says why."""


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
        """One activation per layer: the hidden one for each hidden layer, then the output's."""
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

