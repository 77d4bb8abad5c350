"""A network problem (format 1 of design.md): load it strictly, with a message for every mistake.

Every number is read from its YAML text as an exact fraction (``0.1`` is 1/10, ``"1/3"`` a
third).  Every error is one line that names the file, the line and column, what was found and
what to write instead; a misspelt key or name gets a "did you mean".

Sizes are bounded so that no accepted file can make the engine fail: at most ``MAX_LAYERS``
layers of ``MAX_UNITS`` units, ``MAX_SAMPLES`` samples, and numbers within ±``MAX_MAGNITUDE``
(a ``1e300`` weight would overflow the first float) and, when not zero, at least
``MIN_MAGNITUDE`` in size.  A decimal may have as many digits as a float prints (``MAX_DIGITS``
significant digits), so a published example is read exactly as printed; a written fraction
keeps its denominator within ``MAX_DENOMINATOR``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, cast

from .. import kinds
from ..expr import NumberError, parse_number
from ..functions import ACTIVATIONS, LOSSES
from ..loader import Reader
from ..numbers import (
    Number,
    is_exact,
    show,
    significant_digits,
    to_fraction,
)
from ..yamlsafe import Node, title_words
from .notation import NOTATIONS, PRESETS

FORMAT = 1
MAX_LAYERS = 8
MAX_UNITS = 16
MAX_SAMPLES = 16
MAX_MAGNITUDE = 10**6
MIN_MAGNITUDE = Fraction(1, 10**12)
MAX_DIGITS = 17  # significant digits of a decimal: what repr() prints for any float
MAX_DENOMINATOR = 10**9  # of a written fraction that is not a terminating decimal (1/3)

TOP_KEYS = ("handcalc", "kind", "title", "notation", "layout", "input", "target", "layers", "loss",
            "reduction", "learning_rate", "update", "decimals", "relu_grad_at_zero", "table")
REQUIRED = ("input", "target", "layers", "loss", "learning_rate")
LAYER_KEYS = ("activation", "W", "b")
LAYOUTS = ("column", "row")
REDUCTIONS = ("mean", "sum")
PARAMETERS = ("W", "b")
MAX_DECIMALS = 10


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
    title_ja: str = ""  # the title in Japanese, when the file gives title: {en: …, ja: …}
    notation: str = "za"
    layout: str = "column"
    reduction: str = "mean"
    update: tuple[str, ...] = ("W", "b")
    decimals: int = 4
    relu_grad_at_zero: Number = Fraction(0)
    path: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # the value table printed with the problem, [(function, argument, value)], when the file
    # gives one (``handcalc new`` writes it): solve, check and worksheets then use this table
    table: list[tuple[str, Number, Number]] | None = None

    @property
    def batch(self) -> int:
        """How many samples the mini-batch has (1 for one sample)."""
        return len(self.inputs)

    @property
    def sizes(self) -> list[int]:
        """Units per layer, input first: [2, 3, 2] for a 2-3-2 network."""
        return [len(self.inputs[0])] + [len(layer.b) for layer in self.layers]


# --- helpers for positioned messages ----------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _entries(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"


class _Reader(Reader):
    """The document reader (loader.Reader) with a network's values: bounded numbers, vectors
    and matrices."""

    def number(self, node: Node, where: str) -> Number:
        if node.kind != "scalar" or node.value is None or isinstance(node.value, bool):
            raise self.error(node, f"{where} should be a number; found {node.describe()}")
        try:
            value = parse_number(node.text)
        except NumberError as e:
            word = (node.text or "").strip().lower()
            why = "" if e.reason == f"unknown word {word!r} at character 1" else f" ({e.reason})"
            raise self.error(node, f"{where} should be a number like 0.5 or 1/3; found "
                                   f"{node.describe()}{why}") from None
        magnitude = cast(Number, abs(value))  # (typeshed: abs of a union is an object)
        if magnitude > MAX_MAGNITUDE:
            raise self.error(node, f"{where} is {node.describe()}, too large for a hand "
                                   f"calculation; keep numbers within ±{MAX_MAGNITUDE:,}")
        if is_exact(value) and value != 0:
            q = to_fraction(cast(Fraction, value))
            if abs(q) < MIN_MAGNITUDE:
                raise self.error(node, f"{where} is {node.describe()}, too small for a hand "
                                       "calculation; keep numbers that are not 0 at least 1e-12 "
                                       "in size")
            digits = significant_digits(q)
            if digits is None and q.denominator > MAX_DENOMINATOR:
                raise self.error(node, f"{where} is {node.describe()}, a fraction too fine for a "
                                       f"hand calculation; keep its denominator within "
                                       f"{MAX_DENOMINATOR:,}")
            if digits is not None and digits > MAX_DIGITS:
                raise self.error(node, f"{where} is {node.describe()}, with {digits} significant "
                                       f"digits; a float holds at most {MAX_DIGITS}, so round it")
        return value

    def vector(self, node: Node, where: str, example: str = "[0.1, 0.2]") -> list[Number]:
        if node.kind != "seq":
            raise self.error(node, f"{where} should be a list of numbers like {example}; "
                                   f"found {node.describe()}")
        if not node.items:
            raise self.error(node, f"{where} is an empty list; it needs numbers, like {example}")
        if any(item.kind != "scalar" for item in node.items):
            bad = next(item for item in node.items if item.kind != "scalar")
            raise self.error(bad, f"{where} should be a list of numbers like {example}; one item "
                                  f"is {bad.describe()}")
        return [self.number(item, f"{where}[{i}]") for i, item in enumerate(node.items)]

    def matrix(self, node: Node, where: str, row_word: str = "row",
               example: str = "[[0.1, 0.2], [0.3, 0.4]]") -> list[list[Number]]:
        if node.kind != "seq" or not node.items or any(i.kind != "seq" for i in node.items):
            raise self.error(node, f"{where} should be a list of {row_word}s, like {example}; "
                                   f"found {node.describe()}")
        rows = [self.vector(item, f"{where}[{r}]") for r, item in enumerate(node.items)]
        width = len(rows[0])
        for r, row in enumerate(rows):
            if len(row) != width:
                raise self.error(node.items[r], f"{where} {row_word} {r + 1} has "
                                                f"{_plural(len(row), 'number')} but {row_word} 1 "
                                                f"has {width}; every {row_word} needs the same "
                                                "length")
        return rows

    def samples(self, node: Node, where: str) -> list[list[Number]]:
        """One sample ([1, 2]) or a mini-batch ([[1, 2], [3, 4]]); a bare number is one value."""
        if node.kind == "scalar":
            return [[self.number(node, where)]]
        if node.kind != "seq" or not node.items:
            raise self.error(node, f"{where} should be a list of numbers (one sample, like "
                                   "[1, 0.5]) or a list of lists (a mini-batch, like [[1, 0.5], "
                                   f"[0, 1]]); found {node.describe()}")
        nested = [item.kind == "seq" for item in node.items]
        if all(nested):
            if len(node.items) > MAX_SAMPLES:
                raise self.error(node, f"{where} has {len(node.items)} samples; at most "
                                       f"{MAX_SAMPLES} fit a hand calculation")
            return self.matrix(node, where, "sample", "[[1, 0.5], [0, 1]]")
        if any(nested):
            lists = sum(nested)
            raise self.error(node, f"{where} mixes numbers and lists ({_plural(lists, 'list')}, "
                                   f"{_plural(len(nested) - lists, 'number')}); write one sample "
                                   "as [1, 0.5] or a mini-batch as [[1, 0.5], [0, 1]]")
        return [self.vector(node, where, "[1, 0.5]")]

    def whole(self, node: Node, where: str, low: int, high: int) -> int:
        value: Number | None = None
        if node.kind == "scalar" and isinstance(node.value, str):
            try:
                value = parse_number(node.text)
            except NumberError:
                value = None
        if value is None or not is_exact(value) \
                or to_fraction(cast(Fraction, value)).denominator != 1 \
                or not low <= value <= high:
            raise self.error(node, f"{where} should be a whole number from {low} to {high}; "
                                   f"found {node.describe()}")
        return int(value)


def _sample_node(node: Node, n: int, batch: bool) -> Node:
    """The node of sample n (the whole node for a single sample)."""
    return node.items[n] if batch and node.kind == "seq" and n < len(node.items) else node


def _element_node(node: Node, n: int, j: int, batch: bool) -> Node:
    """The node of element j of sample n, as precisely as the file allows."""
    row = _sample_node(node, n, batch)
    return row.items[j] if row.kind == "seq" and j < len(row.items) else row


def _is_batch(node: Node) -> bool:
    return node.kind == "seq" and bool(node.items) and node.items[0].kind == "seq"


def _inputs_of(node: Node | None, layout: str, is_target: bool) -> int | None:
    """How many values what follows a layer takes from it, as far as its raw YAML tells: the
    next layer's W (its columns in the column layout, its rows in the row layout), or the
    target's length after the output layer; None when that cannot be told yet."""
    if node is None or node.kind not in ("seq", "map"):
        return None
    if is_target:
        row = node.items[0] if node.kind == "seq" and node.items and \
            node.items[0].kind == "seq" else node
        return len(row.items) if row.kind == "seq" else None
    if node.kind != "map" or "W" not in node.entries:
        return None
    W = node.entries["W"][1]
    if W.kind != "seq" or not W.items or any(r.kind != "seq" for r in W.items):
        return None
    return len(W.items) if layout == "row" else len(W.items[0].items)


def _layer(rd: _Reader, item: Node, number: int, count: int, below: int,
           layout: str, after: int | None = None) -> Layer:
    """Layer ``number`` (1-based) of ``count``, whose inputs are ``below`` values; ``after`` is
    how many units what follows it expects (None: unknown), so that a b of the wrong length
    is blamed, not the W that agrees with the rest of the network."""
    where = f"layers[{number}]"
    spec = rd.mapping(item, where, LAYER_KEYS, "activation: relu")
    for key in LAYER_KEYS:
        if key not in spec:
            raise rd.error(item, f"{where} (layer {number}) is missing '{key}:'; each layer "
                                 "needs activation, W and b")
    act = rd.choice(spec["activation"], f"{where}.activation", ACTIVATIONS, "an activation")
    if act == "softmax" and number != count:
        raise rd.error(spec["activation"], f"{where}.activation: softmax is only for the output "
                                           f"layer (layer {count}); use relu, sigmoid or tanh in "
                                           "a hidden layer")
    b = rd.vector(spec["b"], f"{where}.b", "[0, 0], one number per unit")
    units = len(b)
    if act == "softmax" and units == 1:
        raise rd.error(spec["activation"], f"{where}.activation: softmax over one unit is "
                                           "always 1, "
                                           "so nothing would be learnt; use sigmoid for one "
                                           "output, or give the layer two or more units")
    if units > MAX_UNITS:
        raise rd.error(spec["b"], f"{where}.b has {units} units; at most {MAX_UNITS} fit a hand "
                                  "calculation")
    W = rd.matrix(spec["W"], f"{where}.W")
    rows, cols = (units, below) if layout == "column" else (below, units)
    prev = f"the input has {below}" if number == 1 else f"layer {number - 1} has {below} units"
    if layout == "column":
        shape = (f"column layout: W is units × inputs = {rows}×{cols}, since b has "
                 f"{_entries(units)} and {prev}")
        other = "row"
    else:
        shape = (f"row layout: W is inputs × units = {rows}×{cols}, since {prev} and b has "
                 f"{_entries(units)}")
        other = "column"
    found_rows, found_cols = len(W), len(W[0])
    w_units, w_inputs = (found_rows, found_cols) if layout == "column" else (found_cols,
                                                                             found_rows)
    if w_units != units and w_inputs == below and w_units == after:
        follows = "the target" if number == count else f"layer {number + 1}'s W"
        raise rd.error(spec["b"], f"{where}.b has {_plural(units, 'number')}, but layer "
                                  f"{number} has {_plural(w_units, 'unit')} by its W and by "
                                  f"{follows}; b needs {_plural(w_units, 'number')}, one per "
                                  "unit")
    transposed = ""
    if (found_rows, found_cols) == (cols, rows) and rows != cols:
        transposed = (f"; this W looks transposed — write it {rows}×{cols}, or set "
                      f"'layout: {other}' if the whole problem is written that way")
    if found_rows != rows:
        per = "unit" if layout == "column" else "input"
        raise rd.error(spec["W"], f"{where}.W has {_plural(found_rows, 'row')}; layer {number} "
                                  f"needs {rows} rows, one per {per} ({shape}){transposed}")
    if found_cols != cols:
        per = "input" if layout == "column" else "unit"
        raise rd.error(spec["W"], f"{where}.W has {_plural(found_cols, 'column')}; layer "
                                  f"{number} needs {cols} columns, one per {per} ({shape})"
                                  f"{transposed}")
    return Layer(act, W, b)


def from_node(root: Node | None, file: str | None = None) -> Problem:
    """A Problem from a parsed YAML tree, or an InputError saying what to fix and where."""
    rd = _Reader(file)
    top = rd.document(root, "the problem", TOP_KEYS,
                      "the file is empty; a problem starts with 'handcalc: 1', then gives input, "
                      "target, layers, loss and learning_rate")
    if "kind" in top:
        kind = rd.choice(top["kind"], "kind", kinds.NAMES, "a kind of exercise")
        if kind != "network":
            raise rd.error(top["kind"], f"kind: {kind} is read by its own loader "
                                        "(exercise.from_node), not as a network")

    for key in REQUIRED:
        if key not in top:
            raise rd.error(root, f"missing '{key}:'; a problem needs input, target, layers, loss "
                                 "and learning_rate")

    titles = title_words(top["title"], rd.error) if "title" in top else {"en": ""}
    title = titles["en"]
    notation = rd.choice(top["notation"], "notation", NOTATIONS, "a notation") \
        if "notation" in top else "za"
    layout = rd.choice(top["layout"], "layout", LAYOUTS, "a layout") if "layout" in top \
        else PRESETS[notation].default_layout

    input_node = top["input"]
    inputs = rd.samples(input_node, "input")
    width = len(inputs[0])
    if width > MAX_UNITS:
        raise rd.error(input_node, f"input has {width} values per sample; at most {MAX_UNITS} "
                                   "fit a hand calculation")

    layers_node = top["layers"]
    if layers_node.kind != "seq" or not layers_node.items:
        raise rd.error(layers_node, "layers should be a list of layers, each with activation, W "
                                    f"and b (a '- activation: …' line per layer); found "
                                    f"{layers_node.describe()}")
    count = len(layers_node.items)
    if count > MAX_LAYERS:
        raise rd.error(layers_node, f"layers has {count} layers; at most {MAX_LAYERS} fit a hand "
                                    "calculation")
    layers: list[Layer] = []
    below = width
    for number, item in enumerate(layers_node.items, start=1):
        after = layers_node.items[number] if number < count else top.get("target")
        layers.append(_layer(rd, item, number, count, below, layout,
                             _inputs_of(after, layout, number == count)))
        below = len(layers[-1].b)

    out_units = below
    out_act = layers[-1].activation
    target_node = top["target"]
    targets = rd.samples(target_node, "target")
    batch = _is_batch(target_node)
    if len(targets) != len(inputs):
        raise rd.error(target_node, f"target has {_plural(len(targets), 'sample')} but input has "
                                    f"{len(inputs)}; give one target per sample"
                                    + (f", as a list of {len(inputs)} lists"
                                       if len(inputs) > 1 else ", as one list like [0, 1]"))
    for n, row in enumerate(targets):
        if len(row) != out_units:
            name = "target" if len(targets) == 1 else f"target sample {n + 1}"
            raise rd.error(_sample_node(target_node, n, batch),
                           f"{name} has {_plural(len(row), 'value')}; the output layer (layer "
                           f"{count}) has {_plural(out_units, 'unit')}, so it needs "
                           f"{out_units}, one per unit")

    loss = rd.choice(top["loss"], "loss", tuple(LOSSES), "a loss")
    if loss == "binary_cross_entropy" and out_act != "sigmoid":
        other = " (or, to keep softmax, use loss: cross_entropy)" if out_act == "softmax" else ""
        raise rd.error(top["loss"], f"binary_cross_entropy needs a sigmoid output layer (its "
                                    f"outputs are probabilities); layer {count} is {out_act} — "
                                    f"set layers[{count}].activation: sigmoid{other}")
    if loss == "cross_entropy" and out_act not in ("softmax", "sigmoid"):
        raise rd.error(top["loss"], f"cross_entropy needs a softmax (or sigmoid) output layer, so "
                                    f"that log y is defined; layer {count} is {out_act} — set "
                                    f"layers[{count}].activation: softmax, or use loss: "
                                    "squared_error")
    if loss in ("cross_entropy", "binary_cross_entropy"):
        for n, row in enumerate(targets):
            for j, t in enumerate(row):
                if not 0 <= t <= 1:
                    node = _element_node(target_node, n, j, batch)
                    raise rd.error(node, f"target value {node.describe()} is out of range: "
                                         f"{loss} needs targets between 0 and 1 (like a one-hot "
                                         "[0, 1])")
        if loss == "cross_entropy" and out_act == "softmax":
            for n, row in enumerate(targets):
                total = sum(row)
                if total != 1:
                    name = "the target" if len(targets) == 1 else f"target sample {n + 1}"
                    raise rd.error(_sample_node(target_node, n, batch),
                                   f"with softmax and cross_entropy each target must sum to 1 "
                                   f"(a one-hot like [0, 1]); {name} sums to {show(total, 4)}")

    reduction = rd.choice(top["reduction"], "reduction", REDUCTIONS, "a reduction") \
        if "reduction" in top else "mean"
    lr_node = top["learning_rate"]
    lr = rd.number(lr_node, "learning_rate")
    if lr <= 0:
        raise rd.error(lr_node, "learning_rate should be positive (a step downhill, like 0.1); "
                                f"found {lr_node.describe()}")

    update: tuple[str, ...] = PARAMETERS
    if "update" in top:
        node = top["update"]
        if node.kind != "seq" or not node.items:
            raise rd.error(node, "update should be a list of the parameters that move, like "
                                 f"[W, b] or [W]; found {node.describe()}")
        picked = [rd.choice(item, "update", PARAMETERS, "a parameter")
                  for item in node.items]
        update = tuple(p for p in PARAMETERS if p in picked)

    decimals = rd.whole(top["decimals"], "decimals", 0, MAX_DECIMALS) if "decimals" in top else 4

    at_zero: Number = Fraction(0)
    if "relu_grad_at_zero" in top:
        node = top["relu_grad_at_zero"]
        at_zero = rd.number(node, "relu_grad_at_zero")
        if not 0 <= at_zero <= 1:
            raise rd.error(node, "relu_grad_at_zero should be between 0 and 1 (0 is the usual "
                                 f"convention); found {node.describe()}")

    table = _table(rd, top["table"]) if "table" in top else None

    return Problem(inputs=inputs, targets=targets, layers=layers, loss=loss, learning_rate=lr,
                   title=title, title_ja=titles.get("ja", ""), notation=notation, layout=layout,
                   reduction=reduction,
                   update=update, decimals=decimals, relu_grad_at_zero=at_zero, path=file,
                   table=table)


TABLE_FUNCTIONS = ("sigmoid", "tanh", "exp", "log")
MAX_TABLE = 400  # lines of a value table (a hand calculation needs far fewer)


def _table(rd: _Reader, node: Node) -> list[tuple[str, Number, Number]]:
    """table: a list of [function, argument, value] lines, like [sigmoid, 0.25, 0.5622]."""
    example = "[sigmoid, 0.25, 0.5622]"
    if node.kind != "seq":
        raise rd.error(node, f"table should be a list of lines like {example}; found "
                             f"{node.describe()}")
    if len(node.items) > MAX_TABLE:
        raise rd.error(node, f"table has {len(node.items)} lines; at most {MAX_TABLE}")
    out = []
    for n, item in enumerate(node.items):
        if item.kind != "seq" or len(item.items) != 3:
            raise rd.error(item, f"table line {n + 1} should be [function, argument, value], "
                                 f"like {example}; found {item.describe()}")
        fn_node, arg_node, value_node = item.items
        fn = rd.choice(fn_node, f"table line {n + 1}", TABLE_FUNCTIONS, "a table function")
        out.append((fn, rd.number(arg_node, f"table line {n + 1} argument"),
                    rd.number(value_node, f"table line {n + 1} value")))
    return out


def loads(text: str, file: str | None = None) -> Problem:
    """Read and check a problem from its YAML text (``file`` names it in messages; the file is
    read at the edge, files.py); InputError names the place and the fix."""
    from ..yamlsafe import parse

    return from_node(parse(text, file), file)
