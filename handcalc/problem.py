"""A network problem (format 1 of design.md): load it strictly, with a message for every mistake.

Every number is read from its YAML text as an exact fraction (``0.1`` is 1/10, ``"1/3"`` a
third).  Every error names the file, the line and column, what was found and what is expected;
a misspelt key gets a "did you mean".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from fractions import Fraction

from .functions import ACTIVATIONS, LOSSES
from .notation import NOTATIONS, PRESETS
from .numbers import Number, NumberError, parse_number
from .yamlsafe import InputError, Node

FORMAT = 1
MAX_LAYERS = 8
MAX_UNITS = 16
MAX_SAMPLES = 16

TOP_KEYS = ("handcalc", "kind", "title", "notation", "layout", "input", "target", "layers", "loss",
            "reduction", "learning_rate", "update", "decimals", "relu_grad_at_zero")
LAYER_KEYS = ("activation", "W", "b")
LAYOUTS = ("column", "row")
REDUCTIONS = ("mean", "sum")


@dataclass
class Layer:
    """One layer: its activation, its weights (in the problem's layout) and its biases."""

    activation: str
    W: list[list[Number]]
    b: list[Number]


@dataclass
class Problem:
    """A network and one training step's settings, every number exact where it was written so."""

    inputs: list[list[Number]]  # [sample][unit]
    targets: list[list[Number]]  # [sample][unit]
    layers: list[Layer]
    loss: str
    learning_rate: Number
    title: str = ""
    notation: str = "za"
    layout: str = "column"
    reduction: str = "mean"
    update: tuple[str, ...] = ("W", "b")
    decimals: int = 4
    relu_grad_at_zero: Number = Fraction(0)
    path: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def batch(self) -> int:
        """How many samples the mini-batch has (1 for one sample)."""
        return len(self.inputs)

    @property
    def sizes(self) -> list[int]:
        """Units per layer, input first: [2, 3, 2] for a 2-3-2 network."""
        return [len(self.inputs[0])] + [len(layer.b) for layer in self.layers]


# --- helpers for positioned messages ----------------------------------------------------------


class _Reader:
    """Reads one file's nodes, raising InputError that name the file and the place."""

    def __init__(self, file: str | None):
        self.file = file

    def error(self, node: Node | None, message: str) -> InputError:
        return InputError(message, self.file, node.line if node else None,
                          node.col if node else None)

    def mapping(self, node: Node | None, where: str, allowed: tuple[str, ...]) -> dict:
        if node is None or node.kind != "map":
            found = "an empty file" if node is None else node.describe()
            raise self.error(node, f"{where} should be a mapping of keys (like 'loss: ...'); "
                                   f"found {found}")
        for key, (key_node, _) in node.entries.items():
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"; did you mean '{near[0]}'?" if near else \
                    f"; the keys are: {', '.join(allowed)}"
                raise self.error(key_node, f"unknown key '{key}' in {where}{hint}")
        return {k: v for k, (_, v) in node.entries.items()}

    def number(self, node: Node, where: str) -> Number:
        if node.kind != "scalar" or node.value is None or isinstance(node.value, bool):
            raise self.error(node, f"{where} should be a number; found {node.describe()}")
        try:
            return parse_number(node.text)
        except NumberError as e:
            raise self.error(node, f"{where} should be a number; {e}") from None

    def choice(self, node: Node, where: str, options: tuple[str, ...]) -> str:
        value = node.value if node.kind == "scalar" else None
        if not isinstance(value, str) or value not in options:
            near = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6) \
                if isinstance(value, str) else []
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise self.error(node, f"{where} should be one of {', '.join(options)}; "
                                   f"found {node.describe()}{hint}")
        return value

    def vector(self, node: Node, where: str, length: int | None = None,
               length_reason: str = "") -> list[Number]:
        if node.kind != "seq":
            raise self.error(node, f"{where} should be a list of numbers like [0.1, 0.2]; "
                                   f"found {node.describe()}")
        if not node.items:
            raise self.error(node, f"{where} is empty; it needs numbers")
        if length is not None and len(node.items) != length:
            raise self.error(node, f"{where} has {len(node.items)} numbers; {length_reason}")
        return [self.number(item, f"{where}[{i}]") for i, item in enumerate(node.items)]

    def matrix(self, node: Node, where: str) -> list[list[Number]]:
        if node.kind != "seq" or not node.items or any(i.kind != "seq" for i in node.items):
            raise self.error(node, f"{where} should be a list of rows, like [[0.1, 0.2], "
                                   f"[0.3, 0.4]]; found {node.describe()}")
        rows = [self.vector(item, f"{where}[{r}]") for r, item in enumerate(node.items)]
        width = len(rows[0])
        for r, row in enumerate(rows):
            if len(row) != width:
                raise self.error(node.items[r], f"{where} row {r} has {len(row)} numbers but row 0 "
                                                f"has {width}; every row needs the same length")
        return rows

    def samples(self, node: Node, where: str) -> tuple[list[list[Number]], bool]:
        """One sample ([1, 2]) or a mini-batch ([[1, 2], [3, 4]]); a bare number is one value."""
        if node.kind == "scalar":
            return [[self.number(node, where)]], True
        if node.kind != "seq" or not node.items:
            raise self.error(node, f"{where} should be a list of numbers (one sample) or a list of "
                                   f"lists (a mini-batch); found {node.describe()}")
        if all(item.kind == "seq" for item in node.items):
            rows = self.matrix(node, where)
            if len(rows) > MAX_SAMPLES:
                raise self.error(node, f"{where} has {len(rows)} samples; at most {MAX_SAMPLES} "
                                       "fit a hand calculation")
            return rows, False
        if any(item.kind == "seq" for item in node.items):
            raise self.error(node, f"{where} mixes numbers and lists; write one sample as [1, 2] or "
                                   "a mini-batch as [[1, 2], [3, 4]]")
        return [self.vector(node, where)], True


def _shape(rows: int, cols: int) -> str:
    return f"{rows}×{cols}"


def from_node(root: Node | None, file: str | None = None) -> Problem:
    """A Problem from a parsed YAML tree, or an InputError saying what to fix and where."""
    rd = _Reader(file)
    top = rd.mapping(root, "the problem", TOP_KEYS)

    if "handcalc" not in top:
        raise rd.error(root, "missing 'handcalc: 1' (the format version) at the top of the file")
    version = top["handcalc"]
    if version.kind != "scalar" or version.text != str(FORMAT):
        raise rd.error(version, f"handcalc: should be {FORMAT} (the format version); "
                                f"found {version.describe()}")
    if "kind" in top:
        kind = rd.choice(top["kind"], "kind", ("network", "graph"))
        if kind != "network":
            raise rd.error(top["kind"], "kind: graph is read by the graph loader, not this one")

    for key in ("input", "target", "layers", "loss", "learning_rate"):
        if key not in top:
            raise rd.error(root, f"missing '{key}:'; a problem needs input, target, layers, loss "
                                 "and learning_rate")

    title = top["title"].text if "title" in top and top["title"].kind == "scalar" else ""
    if "title" in top and top["title"].kind != "scalar":
        raise rd.error(top["title"], "title should be one line of text")
    notation = rd.choice(top["notation"], "notation", NOTATIONS) if "notation" in top else "za"
    layout = rd.choice(top["layout"], "layout", LAYOUTS) if "layout" in top \
        else PRESETS[notation].default_layout

    inputs, _ = rd.samples(top["input"], "input")
    width = len(inputs[0])
    if width > MAX_UNITS:
        raise rd.error(top["input"], f"input has {width} values per sample; at most {MAX_UNITS}")
    for n, row in enumerate(inputs):
        if len(row) != width:
            raise rd.error(top["input"], f"input sample {n} has {len(row)} values but sample 0 has "
                                         f"{width}")

    layers_node = top["layers"]
    if layers_node.kind != "seq" or not layers_node.items:
        raise rd.error(layers_node, "layers should be a list of layers, each with activation, W "
                                    f"and b; found {layers_node.describe()}")
    if len(layers_node.items) > MAX_LAYERS:
        raise rd.error(layers_node, f"{len(layers_node.items)} layers; at most {MAX_LAYERS} fit a "
                                    "hand calculation")
    layers: list[Layer] = []
    below = width
    count = len(layers_node.items)
    for number, item in enumerate(layers_node.items, start=1):
        where = f"layers[{number}]"
        spec = rd.mapping(item, f"{where} (layer {number})", LAYER_KEYS)
        for key in LAYER_KEYS:
            if key not in spec:
                raise rd.error(item, f"{where} (layer {number}) is missing '{key}:'")
        act = rd.choice(spec["activation"], f"{where}.activation", ACTIVATIONS)
        if act == "softmax" and number != count:
            raise rd.error(spec["activation"], f"{where}.activation: softmax is only for the output "
                                               f"layer (layer {count}); use relu, sigmoid or tanh "
                                               "in a hidden layer")
        b = rd.vector(spec["b"], f"{where}.b")
        units = len(b)
        if units > MAX_UNITS:
            raise rd.error(spec["b"], f"{where}.b has {units} units; at most {MAX_UNITS}")
        W = rd.matrix(spec["W"], f"{where}.W")
        rows, cols = (units, below) if layout == "column" else (below, units)
        what_rows = "units" if layout == "column" else "inputs"
        source = "the input has" if number == 1 else f"layer {number - 1} has"
        need = (f"{where}.W should be {_shape(rows, cols)} ({layout} layout: "
                + ("units × inputs" if layout == "column" else "inputs × units")
                + f"; layer {number} has {units} units (b has {units} entries) and {source} {below})")
        if len(W) != rows:
            raise rd.error(spec["W"], f"{where}.W has {len(W)} rows; layer {number} needs {rows} "
                                      f"rows, one per {what_rows[:-1]} — {need}")
        if len(W[0]) != cols:
            raise rd.error(spec["W"], f"{where}.W has {len(W[0])} columns; {need}")
        layers.append(Layer(act, W, b))
        below = units

    out_units = below
    out_act = layers[-1].activation
    target_node = top["target"]
    targets, _ = rd.samples(target_node, "target")
    if len(targets) != len(inputs):
        raise rd.error(target_node, f"target has {len(targets)} samples but input has "
                                    f"{len(inputs)}; give one target per sample")
    for n, row in enumerate(targets):
        if len(row) != out_units:
            raise rd.error(target_node, f"target{'' if len(targets) == 1 else f' sample {n}'} has "
                                        f"{len(row)} values; the output layer has {out_units} "
                                        "units, so it needs one per unit")

    loss = rd.choice(top["loss"], "loss", tuple(LOSSES))
    if loss == "binary_cross_entropy" and out_act != "sigmoid":
        raise rd.error(top["loss"], f"binary_cross_entropy needs a sigmoid output layer (its "
                                    f"outputs are probabilities); layer {count} is {out_act}")
    if loss == "cross_entropy" and out_act not in ("softmax", "sigmoid"):
        raise rd.error(top["loss"], f"cross_entropy needs a softmax (or sigmoid) output layer, so "
                                    f"that log y is defined; layer {count} is {out_act}")
    if loss in ("cross_entropy", "binary_cross_entropy"):
        for n, row in enumerate(targets):
            for j, t in enumerate(row):
                if not 0 <= t <= 1:
                    raise rd.error(target_node, f"target value {t} is out of range: {loss} "
                                                "needs targets between 0 and 1")
        if loss == "cross_entropy" and out_act == "softmax":
            for n, row in enumerate(targets):
                if sum(row) != 1:
                    raise rd.error(target_node, "with softmax and cross_entropy each target must "
                                                f"sum to 1 (a one-hot like [0, 1]); sample {n} "
                                                f"sums to {float(sum(row)):g}")

    reduction = rd.choice(top["reduction"], "reduction", REDUCTIONS) if "reduction" in top \
        else "mean"
    lr = rd.number(top["learning_rate"], "learning_rate")
    if lr <= 0:
        raise rd.error(top["learning_rate"], f"learning_rate should be positive (a step downhill); "
                                             f"found {lr}")

    update: tuple[str, ...] = ("W", "b")
    if "update" in top:
        node = top["update"]
        if node.kind != "seq" or not node.items:
            raise rd.error(node, "update should be a list like [W, b] or [W]; found "
                                 f"{node.describe()}")
        picked = [rd.choice(item, "update", ("W", "b")) for item in node.items]
        update = tuple(p for p in ("W", "b") if p in picked)

    decimals = 4
    if "decimals" in top:
        node = top["decimals"]
        if node.kind != "scalar" or not (node.text or "").isdigit() or not 0 <= int(node.text) <= 10:
            raise rd.error(node, f"decimals should be a whole number from 0 to 10; found "
                                 f"{node.describe()}")
        decimals = int(node.text)

    at_zero: Number = Fraction(0)
    if "relu_grad_at_zero" in top:
        at_zero = rd.number(top["relu_grad_at_zero"], "relu_grad_at_zero")
        if not 0 <= at_zero <= 1:
            raise rd.error(top["relu_grad_at_zero"], "relu_grad_at_zero should be between 0 and 1 "
                                                     "(0 is the usual convention)")

    return Problem(inputs=inputs, targets=targets, layers=layers, loss=loss, learning_rate=lr,
                   title=title or "", notation=notation, layout=layout, reduction=reduction,
                   update=update, decimals=decimals, relu_grad_at_zero=at_zero, path=file)


def load(path: str) -> Problem:
    """Read and check a problem file; InputError names the place and the fix."""
    from .yamlsafe import load as load_yaml

    return from_node(load_yaml(path), path)
