"""Families: what the symbols of a formula stand for, on random cases drawn for grading.

A ``NetworkFamily`` is a network's shape, activations, loss and notation (seed 004's ``ax``,
seed 001's ``uz``, seed 000's ``za``); each case is a random network of that family, every
quantity computed by the network kind's step graph (``adapter.network_values``).  An
``ExpressionFamily`` is a few variables and definitions (``s = σ(z)``, ``z = a·x + b·y``, the
softmax); its derivatives are found by central differences, an oracle independent of any
formula.  Both give, for one case and one choice of the indices, an ``expr.Env`` to evaluate
a formula in, and the true value of the quantity asked.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypedDict

from ..expr import Env, ExprError, Matrix, Vocabulary, evaluate, index_value, parse, walk
from ..formula import Sym
from . import adapter


class NotationTable(TypedDict):
    """One notation's table: each name's role, the offset of its layer numbers from the
    engine's (uz counts the input as layer 1), its layout, the output layer's letter and the
    loss's."""

    names: dict[str, str]
    offset: int
    layout: str
    last: str
    loss: str


# role of each name, per notation: act(ivation), pre(-activation), delta, weight, bias, target,
# output, input, db, dW; upper-case names are the matrices of seed 004's matrix form.
NOTATIONS: dict[str, NotationTable] = {
    "ax": {"names": {"x": "act", "a": "pre", "delta": "delta", "w": "weight", "b": "bias",
                     "t": "target", "X": "Act", "A": "Pre", "W": "Weight", "Delta": "Delta"},
           "offset": 0, "layout": "row", "last": "K", "loss": "L"},
    "uz": {"names": {"z": "act", "u": "pre", "delta": "delta", "w": "weight", "b": "bias",
                     "d": "target", "y": "output", "Z": "Act", "U": "Pre", "W": "Weight",
                     "Delta": "Delta"},
           "offset": 1, "layout": "column", "last": "L", "loss": "E"},
    "za": {"names": {"a": "act", "z": "pre", "dz": "delta", "w": "weight", "W": "weight",
                     "b": "bias", "y": "target", "x": "input", "dW": "dW", "db": "db",
                     "A": "Act", "Z": "Pre", "dZ": "Delta"},
           "offset": 0, "layout": "column", "last": "L", "loss": "L"},
}
_STEP = {"act": "a", "pre": "z", "delta": "delta", "bias": "b", "db": "db"}


class Case:
    """One random case: the values a formula's symbols stand for."""

    def __init__(self, values: dict[str, Any]):
        self.values = values


@dataclass
class NetworkFamily:
    """Networks of one shape: sizes (input first), activations, loss, notation."""

    notation: str
    sizes: list[int]
    activations: list[str]
    loss: str
    batch: int = 1
    kind: str = "network"

    @property
    def table(self) -> NotationTable:
        """The notation's table: each name's role, the layer offset, the layout, K or L."""
        return NOTATIONS[self.notation]

    @property
    def last(self) -> int:
        """The output layer's number in the notation (K in ax, L in uz counting the input)."""
        return len(self.activations) + self.table["offset"]

    def hidden_layers(self) -> list[int]:
        """The hidden layers' numbers in the notation (what a generic layer l ranges over)."""
        return [e + self.table["offset"] for e in range(1, len(self.activations))]

    def vocabulary(self) -> Vocabulary:
        """The notation's names, each with a layer after ^ (x^K, w^{l+1})."""
        names = self.table["names"]
        return Vocabulary(symbols=frozenset(), layered=frozenset(names))

    def describe(self, lang: str = "en") -> str:
        """'2-3-2 (relu → softmax), cross_entropy, ax' (in Japanese with the words named)."""
        acts = " → ".join(self.activations)
        sizes = "-".join(map(str, self.sizes))
        if lang == "ja":
            return f"ネットワーク {sizes}（{acts}）、損失関数 {self.loss}、記法 {self.notation}"
        return f"{sizes} ({acts}), {self.loss}, {self.notation}"

    def cases(self, seed: int, n: int) -> list[Case]:
        """``n`` random networks of the family (reproducible from ``seed``)."""
        rng = random.Random(seed)
        return [self._case(rng) for _ in range(n)]

    def _case(self, rng: random.Random) -> Case:
        layout = self.table["layout"]

        def num() -> float:
            return round(rng.uniform(-1, 1), 2) or 0.5

        for _ in range(100):
            inputs = [[num() for _ in range(self.sizes[0])] for _ in range(self.batch)]
            layers: list[tuple[str, list[list[float]], list[float]]] = []
            for size_in, size_out, act in zip(self.sizes, self.sizes[1:], self.activations):
                W = [[num() for _ in range(size_out)] for _ in range(size_in)] if layout == "row" \
                    else [[num() for _ in range(size_in)] for _ in range(size_out)]
                layers.append((act, W, [num() for _ in range(size_out)]))
            n_out = self.sizes[-1]
            targets: list[list[float]]
            if self.loss == "cross_entropy":
                targets = []
                for _ in range(self.batch):
                    hot = rng.randrange(n_out)
                    targets.append([1 if k == hot else 0 for k in range(n_out)])
            elif self.loss == "binary_cross_entropy":
                targets = [[rng.randint(0, 1) for _ in range(n_out)] for _ in range(self.batch)]
            else:
                targets = [[num() for _ in range(n_out)] for _ in range(self.batch)]
            values = adapter.network_values(inputs, targets, layers, self.loss, layout)
            kinks = [abs(float(z)) for e, (act, _, _) in enumerate(layers, 1) if act == "relu"
                     for row in values[f"z{e}"] for z in row]
            if all(k > 0.05 for k in kinks):  # ReLU′ well away from its kink
                return Case(values)
        raise ValueError("no network of this family keeps its ReLU pre-activations away from 0")

    # -- what a name stands for --

    def env(self, case: Case, bound: dict[str, int], layer: int | None) -> Env:
        """The evaluation environment of one case, indices bound, ``layer`` the question's."""
        values, names, offset = case.values, self.table["names"], self.table["offset"]
        L = len(self.activations)

        def engine_layer(name: str, at: int | None) -> int:
            role = names[name]
            if role in ("target", "output", "input"):
                return {"target": L, "output": L, "input": 0}[role]
            at = layer if at is None else at
            if at is None:
                raise ExprError(f"{name} needs its layer ({name}^l)")
            e = at - offset
            lowest = 0 if role in ("act", "Act") else 1
            if not lowest <= e <= L:
                raise ExprError(f"{name}^{at}: there is no layer {at} here")
            return e

        def unit(name: str, idx: tuple[int, ...], units: int) -> int:
            if not idx:
                if units == 1:
                    return 0
                raise ExprError(f"{name} needs its unit's index ({name}_j)")
            if len(idx) != 1:
                raise ExprError(f"{name} takes one index")
            if not 1 <= idx[0] <= units:
                raise ExprError(f"{name}_{idx[0]}: there are {units} units")
            return idx[0] - 1

        def resolve(name: str, idx: tuple[int, ...], at: int | None) -> float | Matrix:
            role = names.get(name)
            if role is None:
                raise ExprError(f"unknown symbol '{name}'")
            e = engine_layer(name, at)
            if role in ("act", "pre", "delta", "output", "input"):
                step = {"act": "a", "output": "a", "input": "a", "pre": "z", "delta": "delta"}[role]
                row = values[f"{step}{e}"][0]
                return float(row[unit(name, idx, len(row))])
            if role == "target":
                row = values["t"][0]
                return float(row[unit(name, idx, len(row))])
            if role in ("bias", "db"):
                row = values[f"{_STEP[role]}{e}"]
                return float(row[unit(name, idx, len(row))])
            if role in ("weight", "dW"):
                W = values[f"{'W' if role == 'weight' else 'dW'}{e}"]
                if len(idx) == 1 and len(W) == 1:
                    idx = (1,) + idx  # one output unit: w_i
                if len(idx) != 2:
                    raise ExprError(f"{name} takes two indices ({name}_{{jk}})")
                if not (1 <= idx[0] <= len(W) and 1 <= idx[1] <= len(W[0])):
                    raise ExprError(f"{name}_{{{idx[0]}{idx[1]}}}: {name}^{at or ''} is "
                                    f"{len(W)}×{len(W[0])}")
                return float(W[idx[0] - 1][idx[1] - 1])
            matrix = {"Act": "a", "Pre": "z", "Weight": "W", "Delta": "delta", "Target": "t"}[role]
            if idx:
                raise ExprError(f"{name} is a matrix: write it without indices")
            key = "t" if matrix == "t" else f"{matrix}{e}"
            return Matrix(tuple(float(v) for v in row) for row in values[key])

        def size(name: str, at: int | None, pos: int) -> int:
            role = names.get(name)
            if role is None:
                raise ExprError(f"unknown symbol '{name}'")
            e = engine_layer(name, at)
            if role in ("weight", "dW"):
                W = values[f"W{e}"]
                return len(W) if pos == 0 else len(W[0])
            if role == "target":
                return len(values["t"][0])
            return len(values[f"b{max(e, 1)}"]) if e > 0 else len(values["a0"][0])

        def call(fname: str, at: int | None, arg_trees: tuple[Any, ...],
                 args: list[float | Matrix]) -> float | Matrix:
            if fname != "h′":
                raise ExprError(f"{fname}(…) cannot be evaluated here")
            if at is None:
                syms = [n for n in _syms(arg_trees[0]) if n.sup or n.name in names]
                if not syms:
                    raise ExprError("h′: which layer's activation? write h′(a_j^l)")
                s = syms[0]
                at = index_value(s.sup[0], env) if s.sup else layer
            e = (at or 0) - offset
            if not 1 <= e <= L:
                raise ExprError(f"h′ of layer {at}: there is no such layer")
            act = self.activations[e - 1]
            if act == "softmax":
                raise ExprError("h′ of a softmax layer is a Jacobian, not one number per unit")
            return _map(lambda v: adapter.activation_grad(act, v), args[0])

        bound = dict(bound)
        for letter in ("K", "L"):
            if letter == self.table["last"]:
                bound.setdefault(letter, self.last)
        env = Env(resolve, size, call, bound)
        return env

    # -- the truth --

    def truth(self, of: dict[str, Any], case: Case, bound: dict[str, int],
              layer: int) -> float | Matrix:
        """The engine's value of the asked quantity (``of``) at these indices."""
        e = layer - self.table["offset"]
        v = case.values
        q = of["quantity"]
        idx = [bound[i] if isinstance(i, str) else i for i in of.get("indices", [])]
        if q in ("dW", "Delta") and not idx:
            key = f"dW{e}" if q == "dW" else f"delta{e}"
            return Matrix(tuple(float(x) for x in row) for row in v[key])
        if q == "dW":
            return float(v[f"dW{e}"][idx[0] - 1][idx[1] - 1])
        if q == "db":
            return float(v[f"db{e}"][idx[0] - 1])
        if q == "delta":
            return float(v[f"delta{e}"][0][idx[0] - 1])
        if q == "dL_dy":
            return float(v[f"dL_da{e}"][0][idx[0] - 1])
        raise ValueError(f"unknown quantity {q}")

    def ranges(self, letter: str, of: dict[str, Any], layer: int) -> int:
        """How far a free index of the question runs (its position in the asked quantity)."""
        e = layer - self.table["offset"]
        pos = [i for i in of.get("indices", [])].index(letter)
        if of["quantity"] == "dW":
            sizes = self.sizes
            rows, cols = (sizes[e - 1], sizes[e]) if self.table["layout"] == "row" else \
                (sizes[e], sizes[e - 1])
            return rows if pos == 0 else cols
        return self.sizes[e]


def _syms(node: Any) -> list[Sym]:
    """The symbols of an expression tree."""
    return [n for n in walk(node) if isinstance(n, Sym)]


def _map(f: Callable[[float], float], v: float | Matrix) -> float | Matrix:
    """f on a number, or on every element of a matrix."""
    if isinstance(v, Matrix):
        return Matrix(tuple(f(x) for x in r) for r in v)
    return f(v)


@dataclass
class ExpressionFamily:
    """A few variables (scalars, or vectors of ``size``) and definitions over them."""

    variables: dict[str, tuple[float, float]]  # name → range
    vectors: frozenset[str] = frozenset()  # which variables are vectors of ``size``
    define: list[tuple[str, str, Any]] = field(default_factory=list)  # (name, index, tree)
    size: int = 3
    kind: str = "expression"
    # (name, index, text) as written
    text_defs: list[tuple[str, str, str]] = field(default_factory=list)

    def vocabulary(self) -> Vocabulary:
        """The variables and defined names (and Kronecker's delta_{ik})."""
        names = set(self.variables) | {name for name, _, _ in self.define}
        return Vocabulary(symbols=frozenset(names | {"delta"}), layered=frozenset())

    def describe(self, lang: str = "en") -> str:
        """The definitions as written ('s = sigma(z)'), the same in every language."""
        defs = ", ".join(f"{n}{'_' + i if i else ''} = {t}" for n, i, t in self.text_defs)
        return defs or ", ".join(self.variables)

    def cases(self, seed: int, n: int) -> list[Case]:
        """``n`` random values of the variables (a target vector sums to 1), the
        definitions evaluated."""
        rng = random.Random(seed)
        out = []
        for _ in range(n):
            raw: dict[str, Any] = {}
            for name, (lo, hi) in self.variables.items():
                if name in self.vectors:
                    raw[name] = [round(rng.uniform(lo, hi), 3) for _ in range(self.size)]
                    if name == "t" and lo >= 0:  # a target distribution sums to 1
                        total = sum(raw[name])
                        raw[name] = [v / total for v in raw[name]]
                else:
                    raw[name] = round(rng.uniform(lo, hi), 3) or 0.5
            out.append(Case(self._defined(raw)))
        return out

    def _defined(self, raw: dict[str, Any]) -> dict[str, Any]:
        values = dict(raw)
        for name, index, tree in self.define:
            if index:
                values[name] = [evaluate(tree, self.env(Case(values), {index: k}))
                                for k in range(1, self.size + 1)]
            else:
                values[name] = evaluate(tree, self.env(Case(values), {}))
        return values

    def env(self, case: Case, bound: dict[str, int], layer: int | None = None) -> Env:
        """The evaluation environment of one case (vectors indexed 1…size)."""
        values = case.values

        def resolve(name: str, idx: tuple[int, ...], at: int | None) -> float:
            if name == "delta" and "delta" not in values:  # Kronecker's δ_ik
                if len(idx) != 2:
                    raise ExprError("δ_{ik} (Kronecker's delta) takes two indices")
                return 1.0 if idx[0] == idx[1] else 0.0
            if name not in values:
                raise ExprError(f"unknown symbol '{name}'")
            v = values[name]
            if isinstance(v, list):
                if len(idx) != 1 or not 1 <= idx[0] <= len(v):
                    raise ExprError(f"{name} needs one index from 1 to {len(v)} ({name}_k)")
                return float(v[idx[0] - 1])
            if idx:
                raise ExprError(f"{name} is one number: write it without an index")
            return float(v)

        def size(name: str, at: int | None, pos: int) -> int:
            return self.size

        return Env(resolve, size, None, bound)

    def truth(self, of: dict[str, Any], case: Case, bound: dict[str, int],
              layer: int | None) -> float:
        """∂y/∂x by central differences over the definitions (an oracle of its own)."""
        y, x = of["derivative"], of["wrt"]
        idx = [bound[i] if isinstance(i, str) else i for i in of.get("indices", [])]
        raw = {k: (list(v) if isinstance(v, list) else v) for k, v in case.values.items()
               if k in self.variables}
        yi = idx[0] if isinstance(case.values.get(y), list) else None
        xi = idx[-1] if x in self.vectors else None
        h = 1e-6

        def at(shift: float) -> float:
            moved: dict[str, Any] = {k: (list(v) if isinstance(v, list) else v)
                                     for k, v in raw.items()}
            if xi is None:
                moved[x] += shift
            else:
                moved[x][xi - 1] += shift
            v = self._defined(moved)[y]
            return float(v[yi - 1] if yi is not None else v)

        return (at(h) - at(-h)) / (2 * h)

    def ranges(self, letter: str, of: dict[str, Any], layer: int | None) -> int:
        """Every free index runs over the vectors' size."""
        return self.size


def parse_definitions(defs: dict[str, str], vocab_names: set[str]) -> list[tuple[str, str, Any]]:
    """``{"y_i": "exp(z_i)/sum_k exp(z_k)", "s": "sigma(z)"}`` → (name, index, tree), in order."""
    out = []
    known = set(vocab_names)
    for key, text in defs.items():
        name, _, index = key.partition("_")
        vocab = Vocabulary(symbols=frozenset(known | {"delta"}))
        out.append((name, index, parse(text, vocab)))
        known.add(name)
    return out


def close(a: Any, b: Any, rel: float = 1e-6) -> bool:
    """Two values (numbers or matrices) equal within a relative tolerance."""
    if isinstance(a, Matrix) or isinstance(b, Matrix):
        if not (isinstance(a, Matrix) and isinstance(b, Matrix)) or a.shape != b.shape:
            return False
        return all(close(x, y, rel) for ra, rb in zip(a, b) for x, y in zip(ra, rb))
    try:
        if not (math.isfinite(a) and math.isfinite(b)):
            return False
    except TypeError:
        return False
    return bool(abs(a - b) <= rel * max(1.0, abs(a), abs(b)))
