"""Scalar computation-graph exercises (seed 002, ゼロから作るDeep Learning chapter 5, CS231n).

A graph problem names its inputs and then its nodes in order, each ``name: op(arguments)``::

    handcalc: 1
    kind: graph
    title: shopping with tax
    inputs: {pencil: 100, n_pencil: 2, eraser: 30, n_eraser: 3, tax: 1.1}
    nodes:
      pencils: mul(pencil, n_pencil)
      erasers: mul(eraser, n_eraser)
      subtotal: add(pencils, erasers)
      total: mul(subtotal, tax)
    output: total
    decimals: 4

Its step graph (``build``) has one forward step per node, under the node's name, and one
backward step ``d_<name>`` = ∂output/∂name for every node and input, ``d_<output>`` = 1 first.
Each backward formula is the sum, over the edges leaving the quantity, of the local derivative
of the node at the other end times that node's upstream gradient (one term without a fan-out).

Arguments are names (inputs or earlier nodes) or constant numbers (``mul(dot, -1)``,
``add(e, 1)``: CS231n's gates); ``pow(x, k)`` takes a constant whole number k.  The ``op(args)``
text is read by a small tokenizer and parser, never by ``eval``.

Every operation below is one small function with its local derivative beside it (micrograd
style).  Values stay exact (``Fraction``) through add, sub, mul, div, neg, pow, square, inv,
relu and max; exp, log, sigmoid and tanh give floats.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial
from typing import Union

from . import functions as fn
from .engine import Graph, Method, Step
from .formula import Call, Const, Div, Expr, Neg, Pow, Ref, Sub, add, mul
from .numbers import Number, NumberError, is_finite, parse_number, show
from .yamlsafe import InputError, Node

FORMAT = 1
MAX_INPUTS = 20
MAX_NODES = 30
MAX_POWER = 10  # |k| of pow(x, k)
TOP_KEYS = ("handcalc", "kind", "title", "inputs", "nodes", "output", "decimals")
GRAD = "d_"  # prefix of the backward step ids: d_total, d_pencil

Arg = Union[str, Fraction]  # noqa: UP007 (a runtime alias on Python 3.10)  # a name (an input or an earlier node) or a constant number

# =============================================================================================
# The operations: forward value, local derivative ∂out/∂arg_i, and the formulas a person writes
# =============================================================================================
# ``local(i, args, out)``: the derivative of the node with respect to its argument i, from the
# argument values and the node's own value (exp, sigmoid and tanh reuse it, as textbooks do).


def add_(*xs: Number) -> Number:
    """a + b + …"""
    total = xs[0]
    for x in xs[1:]:
        total = total + x
    return total


def add_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(a + b)/∂a = ∂(a + b)/∂b = 1: the add node passes the gradient through."""
    return Fraction(1)


def sub_(a: Number, b: Number) -> Number:
    """a − b"""
    return a - b


def sub_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1"""
    return Fraction(1) if i == 0 else Fraction(-1)


def mul_(a: Number, b: Number) -> Number:
    """a × b"""
    return a * b


def mul_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(ab)/∂a = b, ∂(ab)/∂b = a: the multiply node swaps its inputs."""
    return args[1 - i]


def div_(a: Number, b: Number) -> Number:
    """a / b"""
    if b == 0:
        raise ValueError("division by zero")
    return a / b


def div_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²"""
    a, b = args
    return 1 / b if i == 0 else -a / (b * b)


def neg_(x: Number) -> Number:
    """−x"""
    return -x


def neg_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(−x)/∂x = −1"""
    return Fraction(-1)


def exp_(x: Number) -> float:
    """eˣ"""
    try:
        return math.exp(float(x))
    except OverflowError:
        raise ValueError(f"exp({show(x, 4)}) is too large for a float") from None


def exp_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂eˣ/∂x = eˣ (the node's own value)"""
    return out


def log_(x: Number) -> float:
    """log x (natural)"""
    if x <= 0:
        raise ValueError(f"log needs a positive number; its argument is {show(x, 4)} here")
    return math.log(float(x))


def log_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(log x)/∂x = 1/x"""
    return 1 / args[0]


def pow_(x: Number, k: Number) -> Number:
    """xᵏ for a constant whole number k"""
    if x == 0 and k < 0:
        raise ValueError(f"0 to the power {k} is a division by zero")
    return x ** int(k)


def pow_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂xᵏ/∂x = k·xᵏ⁻¹"""
    x, k = args
    return int(k) * x ** (int(k) - 1)


def square_(x: Number) -> Number:
    """x²"""
    return x * x


def square_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂x²/∂x = 2x"""
    return 2 * args[0]


def inv_(x: Number) -> Number:
    """1/x"""
    if x == 0:
        raise ValueError("1/x of 0 is a division by zero")
    return 1 / x


def inv_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(1/x)/∂x = −1/x²"""
    return -1 / (args[0] * args[0])


def sigmoid_(x: Number) -> float:
    """σ(x) = 1/(1 + e⁻ˣ)"""
    return fn.sigmoid(x)


def sigmoid_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂σ(x)/∂x = σ(x)(1 − σ(x)) (from the node's own value)"""
    return out * (1 - out)


def relu_(x: Number) -> Number:
    """ReLU(x) = max(0, x)"""
    return fn.relu(x)


def relu_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂ReLU(x)/∂x = 1 if x > 0, else 0 (0 at x = 0, the usual convention)"""
    return Fraction(1) if args[0] > 0 else Fraction(0)


def tanh_(x: Number) -> float:
    """tanh x"""
    return fn.tanh(x)


def tanh_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂(tanh x)/∂x = 1 − tanh²x (from the node's own value)"""
    return 1 - out * out


def max_(a: Number, b: Number) -> Number:
    """max(a, b)"""
    return a if a >= b else b


def max_local(i: int, args: Sequence[Number], out: Number) -> Number:
    """∂max(a, b)/∂a = 1 if a ≥ b else 0, and the other way round for b: the max node routes
    the gradient to the larger input (to the first one at a tie)"""
    a, b = args
    first = a >= b
    return Fraction(1) if (first if i == 0 else not first) else Fraction(0)


# --- the formulas, as expression trees over the arguments (Ref or Const) and the node (Ref) ---

ONE = Const(Fraction(1))


def _max_local_formula(i: int, a: list[Expr], out: Ref) -> Expr:
    """step(a − b) for a (1 at a tie), step(b − a) for b (0 at a tie)."""
    x, y = (a[0], a[1]) if i == 0 else (a[1], a[0])
    return Call("step", (Sub(x, y),), as_value=True, params=(1 if i == 0 else 0,))


@dataclass(frozen=True)
class Op:
    """One operation: how many arguments, its value, its local derivative, and their formulas."""

    name: str
    arity: tuple[int, int | None]  # fewest and most arguments (None: any number)
    forward: Callable[..., Number]
    local: Callable[[int, Sequence[Number], Number], Number]
    formula: Callable[[list[Expr]], Expr]
    local_formula: Callable[[int, list[Expr], Ref], Expr]
    label: str  # drawn in the node's circle
    reads_out: bool = False  # the local derivative uses the node's own value
    constant_last: bool = False  # the last argument is a constant (pow's k)

    def arity_text(self) -> str:
        lo, hi = self.arity
        if hi is None:
            return f"{lo} or more arguments"
        if lo == hi:
            return "1 argument" if lo == 1 else f"{lo} arguments"
        return f"{lo} to {hi} arguments"


OPS: dict[str, Op] = {op.name: op for op in (
    Op("add", (2, None), add_, add_local, lambda a: add(a), lambda i, a, o: ONE, "+"),
    Op("sub", (2, 2), sub_, sub_local, lambda a: Sub(a[0], a[1]),
       lambda i, a, o: ONE if i == 0 else Const(Fraction(-1)), "−"),
    Op("mul", (2, 2), mul_, mul_local, lambda a: mul(a[0], a[1]), lambda i, a, o: a[1 - i], "×"),
    Op("div", (2, 2), div_, div_local, lambda a: Div(a[0], a[1]),
       lambda i, a, o: Div(ONE, a[1]) if i == 0 else Neg(Div(a[0], Pow(a[1], 2))), "÷"),
    Op("neg", (1, 1), neg_, neg_local, lambda a: Neg(a[0]), lambda i, a, o: Const(Fraction(-1)),
       "−x"),
    Op("exp", (1, 1), exp_, exp_local, lambda a: Call("exp", (a[0],)), lambda i, a, o: o, "exp",
       reads_out=True),
    Op("log", (1, 1), log_, log_local, lambda a: Call("log", (a[0],)),
       lambda i, a, o: Div(ONE, a[0]), "log"),
    Op("pow", (2, 2), pow_, pow_local, lambda a: Pow(a[0], int(a[1].value)),
       lambda i, a, o: _pow_local_formula(a[0], int(a[1].value)), "xᵏ", constant_last=True),
    Op("square", (1, 1), square_, square_local, lambda a: Pow(a[0], 2),
       lambda i, a, o: mul(Const(Fraction(2)), a[0]), "x²"),
    Op("inv", (1, 1), inv_, inv_local, lambda a: Div(ONE, a[0]),
       lambda i, a, o: Neg(Div(ONE, Pow(a[0], 2))), "1/x"),
    Op("sigmoid", (1, 1), sigmoid_, sigmoid_local, lambda a: Call("σ", (a[0],)),
       lambda i, a, o: mul(o, Sub(ONE, o)), "σ", reads_out=True),
    Op("relu", (1, 1), relu_, relu_local, lambda a: Call("max", (Const(Fraction(0)), a[0])),
       lambda i, a, o: Call("ReLU′", (a[0],), as_value=True, params=(0,)), "ReLU"),
    Op("tanh", (1, 1), tanh_, tanh_local, lambda a: Call("tanh", (a[0],)),
       lambda i, a, o: Sub(ONE, Pow(o, 2)), "tanh", reads_out=True),
    Op("max", (2, 2), max_, max_local, lambda a: Call("max", (a[0], a[1])), _max_local_formula,
       "max"),
)}


def _pow_local_formula(x: Expr, k: int) -> Expr:
    """k·xᵏ⁻¹, written plainly for k = 1 and k = 2."""
    if k == 1:
        return ONE
    if k == 2:
        return mul(Const(Fraction(2)), x)
    return mul(Const(Fraction(k)), Pow(x, k - 1))


# =============================================================================================
# The problem
# =============================================================================================


@dataclass(frozen=True)
class GNode:
    """One node: ``name = op(args)``, and where it was written (for messages)."""

    name: str
    op: str
    args: tuple[Arg, ...]
    line: int | None = None
    col: int | None = None

    def names(self) -> list[str]:
        """The names it reads, in order, each once."""
        out: list[str] = []
        for a in self.args:
            if isinstance(a, str) and a not in out:
                out.append(a)
        return out

    def variable(self, i: int) -> bool:
        """True when argument i is a name (so a gradient flows back along it)."""
        return isinstance(self.args[i], str)

    def text(self) -> str:
        """The node as written: 'mul(pencil, n_pencil)'."""
        return f"{self.op}({', '.join(_arg_text(a) for a in self.args)})"


def _arg_text(a: Arg) -> str:
    if isinstance(a, str):
        return a
    return str(a.numerator) if a.denominator == 1 else show(a, 10)


@dataclass
class GraphProblem:
    """A computation graph: inputs with their values, nodes in order, the output."""

    inputs: dict[str, Number]
    nodes: list[GNode]
    output: str
    title: str = ""
    decimals: int = 4
    path: str | None = None
    warnings: list[InputError] = field(default_factory=list)  # unused nodes and inputs

    @property
    def by_name(self) -> dict[str, GNode]:
        return {n.name: n for n in self.nodes}

    def users(self, name: str) -> list[tuple[GNode, int]]:
        """(node, argument position) for every edge leaving ``name``, in node order."""
        return [(node, i) for node in self.nodes for i, a in enumerate(node.args) if a == name
                and isinstance(a, str)]

    def fan_outs(self) -> list[str]:
        """Names used by more than one edge: their gradients add up."""
        return [name for name in [*self.inputs, *(n.name for n in self.nodes)]
                if len(self.users(name)) > 1]


# =============================================================================================
# Reading ``op(args)``: a tokenizer and a tiny parser (never eval)
# =============================================================================================

_TOKEN = re.compile(r"\s*(?:(?P<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:/\d+)?)|(?P<name>[^\W\d]\w*)"
                    r"|(?P<punct>[(),])|(?P<other>\S))")
_NAME = re.compile(r"^[^\W\d]\w*$")


class _ExprError(Exception):
    """A problem in an ``op(args)`` text, at a character offset."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.message = message
        self.offset = offset


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) for each token: num, name, punct, other; then ('end', '', len)."""
    out = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        assert m is not None
        kind = m.lastgroup or "other"
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    out.append(("end", "", len(text.rstrip())))
    return out


def parse_call(text: str) -> tuple[str, int, list[tuple[Arg, int]]]:
    """'mul(x, -1)' → ('mul', 0, [('x', 4), (Fraction(-1), 7)]): the op, where it stands, and each
    argument with its offset.  _ExprError says what is wrong and where."""
    toks = _tokens(text)
    pos = 0

    def at(i: int):
        return toks[min(i, len(toks) - 1)]

    kind, word, off = at(pos)
    if kind != "name":
        raise _ExprError(f"expected an operation like mul(a, b); found {_found(kind, word)}", off)
    op, op_off = word, off
    pos += 1
    kind, word, off = at(pos)
    if (kind, word) != ("punct", "("):
        if kind == "end":
            raise _ExprError(f"'{op}' needs its arguments in parentheses, like mul(a, b); a node "
                             "is an operation, not just a name", off)
        raise _ExprError(f"expected '(' after '{op}'; found {_found(kind, word)}", off)
    pos += 1
    args: list[tuple[Arg, int]] = []
    if at(pos)[:2] == ("punct", ")"):
        raise _ExprError(f"{op}() has no arguments", at(pos)[2])
    while True:
        kind, word, off = at(pos)
        if kind == "name":
            if at(pos + 1)[:2] == ("punct", "("):
                raise _ExprError(f"one operation per node: give {word}(…) a name of its own on the "
                                 "line above and use that name here", off)
            args.append((word, off))
        elif kind == "num":
            try:
                value = parse_number(word)
            except NumberError as e:
                raise _ExprError(f"{word} is not a number ({e})", off) from None
            args.append((Fraction(value), off))
        else:
            raise _ExprError(f"expected a name or a number; found {_found(kind, word)}", off)
        pos += 1
        kind, word, off = at(pos)
        if (kind, word) == ("punct", ","):
            pos += 1
            continue
        if (kind, word) == ("punct", ")"):
            pos += 1
            break
        if kind == "end":
            raise _ExprError("missing ')'", off)
        raise _ExprError(f"expected ',' or ')'; found {_found(kind, word)}", off)
    kind, word, off = at(pos)
    if kind != "end":
        raise _ExprError(f"unexpected {_found(kind, word)} after the closing ')'", off)
    return op, op_off, args


def _found(kind: str, word: str) -> str:
    return "the end of the text" if kind == "end" else f"'{word}'"


# =============================================================================================
# Loading a problem, strictly, with a positioned message for every mistake
# =============================================================================================


class _Reader:
    """Raises InputError that name the file and the place."""

    def __init__(self, file: str | None):
        self.file = file

    def error(self, node: Node | None, message: str, offset: int | None = None) -> InputError:
        line = node.line if node else None
        col = node.col if node else None
        if node is not None and offset is not None and node.kind == "scalar" and col is not None:
            col += offset + (0 if node.plain else 1)
        return InputError(message, self.file, line, col)

    def number(self, node: Node, where: str) -> Number:
        if node.kind != "scalar" or node.value is None or isinstance(node.value, bool):
            raise self.error(node, f"{where} should be a number; found {node.describe()}")
        try:
            return parse_number(node.text)
        except NumberError as e:
            raise self.error(node, f"{where} should be a number; {e}") from None


def _hint(word: str, options: Sequence[str], listing: str = "") -> str:
    near = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    if near:
        return f"; did you mean '{near[0]}'?"
    return f"; {listing}" if listing else ""


def _check_name(rd: _Reader, key: Node, what: str) -> str:
    name = key.text or ""
    if not _NAME.match(name):
        raise rd.error(key, f"'{name}' cannot name {what}: use letters, digits and _, starting "
                            "with a letter (like x1 or n_pencil)")
    if name.startswith(GRAD):
        raise rd.error(key, f"'{name}' starts with '{GRAD}', which handcalc keeps for gradients "
                            f"({GRAD}x is ∂output/∂x); choose another name")
    return name


def from_node(root: Node | None, file: str | None = None) -> GraphProblem:
    """A GraphProblem from a parsed YAML tree, or an InputError saying what to fix and where."""
    rd = _Reader(file)
    if root is None or root.kind != "map":
        found = "an empty file" if root is None else root.describe()
        raise rd.error(root, f"the problem should be a mapping of keys (like 'nodes: ...'); "
                             f"found {found}")
    for key, (key_node, _) in root.entries.items():
        if key not in TOP_KEYS:
            raise rd.error(key_node, f"unknown key '{key}' in a graph problem"
                           + _hint(key, TOP_KEYS, "the keys are: " + ", ".join(TOP_KEYS)))
    top = {k: v for k, (_, v) in root.entries.items()}
    if "handcalc" not in top:
        raise rd.error(root, "missing 'handcalc: 1' (the format version) at the top of the file")
    if top["handcalc"].kind != "scalar" or top["handcalc"].text != str(FORMAT):
        raise rd.error(top["handcalc"], f"handcalc: should be {FORMAT} (the format version); "
                                        f"found {top['handcalc'].describe()}")
    for key in ("inputs", "nodes", "output"):
        if key not in top:
            raise rd.error(root, f"missing '{key}:'; a graph problem needs inputs, nodes and "
                                 "output")

    title = ""
    if "title" in top:
        if top["title"].kind != "scalar":
            raise rd.error(top["title"], "title should be one line of text")
        title = top["title"].text or ""

    decimals = 4
    if "decimals" in top:
        node = top["decimals"]
        text = node.text or ""
        if node.kind != "scalar" or not text.isdigit() or not 0 <= int(text) <= 10:
            raise rd.error(node, f"decimals should be a whole number from 0 to 10; found "
                                 f"{node.describe()}")
        decimals = int(node.text)

    # inputs
    inputs_node = top["inputs"]
    if inputs_node.kind != "map" or not inputs_node.entries:
        raise rd.error(inputs_node, "inputs should be a mapping of names to numbers, like "
                                    f"{{x: -2, y: 5}}; found {inputs_node.describe()}")
    if len(inputs_node.entries) > MAX_INPUTS:
        raise rd.error(inputs_node, f"{len(inputs_node.entries)} inputs; at most {MAX_INPUTS} "
                                    "fit a hand calculation")
    inputs: dict[str, Number] = {}
    where_defined: dict[str, Node] = {}
    for name, (key, value) in inputs_node.entries.items():
        name = _check_name(rd, key, "an input")
        inputs[name] = rd.number(value, f"input '{name}'")
        where_defined[name] = key

    # nodes
    nodes_node = top["nodes"]
    if nodes_node.kind != "map" or not nodes_node.entries:
        raise rd.error(nodes_node, "nodes should be a mapping, one 'name: op(arguments)' per line, "
                                   f"like 'q: add(x, y)'; found {nodes_node.describe()}")
    if len(nodes_node.entries) > MAX_NODES:
        raise rd.error(nodes_node, f"{len(nodes_node.entries)} nodes; at most {MAX_NODES} fit a "
                                   "hand calculation")
    node_names = list(nodes_node.entries)
    parsed: list[tuple[str, Node, str, int, list[tuple[Arg, int]]]] = []
    for name, (key, value) in nodes_node.entries.items():
        name = _check_name(rd, key, "a node")
        if name in inputs:
            first = where_defined[name]
            raise rd.error(key, f"'{name}' is both an input (line {first.line}) and a node; give "
                                "them different names")
        if value.kind != "scalar" or not isinstance(value.value, str):
            raise rd.error(value, f"node '{name}' should be written as op(arguments), like "
                                  f"mul(x, y); found {value.describe()}")
        try:
            op, op_off, args = parse_call(value.text or "")
        except _ExprError as e:
            raise rd.error(value, f"node '{name}': {e.message}", e.offset) from None
        parsed.append((name, value, op, op_off, args))
        where_defined[name] = key

    nodes: list[GNode] = []
    defined = dict.fromkeys(inputs)
    for index, (name, value, op_name, op_off, args) in enumerate(parsed):
        if op_name not in OPS:
            raise rd.error(value, f"node '{name}': unknown operation '{op_name}'"
                           + _hint(op_name, list(OPS), "the operations are: " + ", ".join(OPS)),
                           op_off)
        op = OPS[op_name]
        lo, hi = op.arity
        if len(args) < lo or (hi is not None and len(args) > hi):
            raise rd.error(value, f"node '{name}': {op_name} takes {op.arity_text()}; found "
                                  f"{len(args)}", op_off)
        for i, (arg, off) in enumerate(args):
            last = i == len(args) - 1
            if op.constant_last and last:
                if isinstance(arg, str):
                    raise rd.error(value, f"node '{name}': the exponent of pow(x, k) should be a "
                                          f"constant whole number like 2 or -1; found '{arg}'", off)
                if arg.denominator != 1 or not 1 <= abs(arg) <= MAX_POWER:
                    raise rd.error(value, f"node '{name}': the exponent of pow(x, k) should be a "
                                          f"whole number from -{MAX_POWER} to {MAX_POWER}, not 0; "
                                          f"found {_arg_text(arg)}", off)
                continue
            if not isinstance(arg, str):
                continue
            if arg == name:
                raise rd.error(value, f"node '{name}' uses itself; a computation graph has no "
                                      "loops", off)
            if arg in defined:
                continue
            if arg in node_names:
                later = node_names.index(arg)
                cycle = _cycle(parsed, index, later)
                if cycle:
                    raise rd.error(value, f"node '{name}': cyclic reference "
                                          f"{' → '.join(cycle)}; a computation graph has no "
                                          "loops", off)
                line = where_defined[arg].line if arg in where_defined else \
                    nodes_node.entries[arg][0].line
                raise rd.error(value, f"node '{name}' uses '{arg}', which is defined later (line "
                                      f"{line}); nodes go in order: move '{name}' below '{arg}'",
                               off)
            known = list(defined)
            listing = "known here: " + ", ".join(known)
            raise rd.error(value, f"node '{name}': unknown name '{arg}'"
                           + _hint(arg, known, listing), off)
        if op.constant_last:
            variable = [a for a, _ in args[:-1] if isinstance(a, str)]
        else:
            variable = [a for a, _ in args if isinstance(a, str)]
        if not variable:
            raise rd.error(value, f"node '{name}': {op_name} of constants only is a constant; "
                                  "make it an input, or use a name as an argument")
        nodes.append(GNode(name, op_name, tuple(a for a, _ in args), value.line, value.col))
        defined[name] = None

    # output
    out_node = top["output"]
    output = out_node.value if out_node.kind == "scalar" else None
    if not isinstance(output, str):
        raise rd.error(out_node, "output should be the name of a node; found "
                                 f"{out_node.describe()}")
    names = [n.name for n in nodes]
    if output in inputs:
        raise rd.error(out_node, f"output '{output}' is an input; the output should be a node "
                                 f"(the last one here is '{names[-1]}')")
    if output not in names:
        raise rd.error(out_node, f"output '{output}' is not a node"
                       + _hint(output, names, "the nodes are: " + ", ".join(names)))

    gp = GraphProblem(inputs, nodes, output, title, decimals, file)
    _check_values(gp, rd)
    gp.warnings = _unused(gp, rd, where_defined, nodes_node, inputs_node)
    return gp


def _cycle(parsed, index: int, later: int) -> list[str] | None:
    """The loop through node ``index`` when node ``later`` reaches it by its arguments (else
    None)."""
    by_name = {p[0]: p for p in parsed}
    target = parsed[index][0]
    start = parsed[later][0]
    path = [target, start]
    seen = {start}

    def walk(name: str) -> bool:
        for arg, _ in by_name[name][4]:
            if not isinstance(arg, str) or arg not in by_name:
                continue
            if arg == target:
                path.append(target)
                return True
            if arg in seen:
                continue
            seen.add(arg)
            path.append(arg)
            if walk(arg):
                return True
            path.pop()
        return False

    return path if walk(start) else None


def _check_values(gp: GraphProblem, rd: _Reader) -> None:
    """Evaluate the forward pass once, naming the node where a value is undefined or overflows."""
    values: dict[str, Number] = dict(gp.inputs)
    for node in gp.nodes:
        op = OPS[node.op]
        args = [values[a] if isinstance(a, str) else a for a in node.args]
        where = InputError("", rd.file, node.line, node.col)
        try:
            value = op.forward(*args)
        except (ValueError, ZeroDivisionError, OverflowError) as e:
            where.message = f"node '{node.name}' = {node.text()} cannot be computed: {e}"
            raise where from None
        if not is_finite(value):
            where.message = f"node '{node.name}' = {node.text()} is not a finite number"
            raise where
        values[node.name] = value


def _unused(gp: GraphProblem, rd: _Reader, where_defined: dict[str, Node], nodes_node: Node,
            inputs_node: Node) -> list[InputError]:
    """A warning for every node and input the output does not depend on."""
    needed = {gp.output}
    for node in reversed(gp.nodes):
        if node.name in needed:
            needed.update(node.names())
    out = []
    for name in [*gp.inputs, *(n.name for n in gp.nodes)]:
        if name in needed:
            continue
        kind = "input" if name in gp.inputs else "node"
        used = gp.users(name)
        why = "is not used by any node" if not used else \
            f"is used only by {', '.join(sorted({u.name for u, _ in used}))}, which the output " \
            "does not use"
        key = where_defined[name]
        out.append(rd.error(key, f"warning: {kind} '{name}' {why}; the output '{gp.output}' does "
                                 f"not depend on it (its gradient is 0)"))
    return out


def load(path: str) -> GraphProblem:
    """Read and check a graph problem file."""
    from .yamlsafe import load as load_yaml

    return from_node(load_yaml(path), path)


def loads(text: str, file: str | None = None) -> GraphProblem:
    """A graph problem from YAML text (what the generator writes)."""
    from .yamlsafe import parse

    return from_node(parse(text, file), file)


# =============================================================================================
# The step graph
# =============================================================================================


def grad_id(name: str) -> str:
    """The id of ∂output/∂name: 'd_' + name."""
    return GRAD + name


def _arg_expr(a: Arg) -> Expr:
    return Ref(a) if isinstance(a, str) else Const(a)


def local_formula(node: GNode, i: int) -> Expr:
    """∂node/∂(argument i) as a formula over the node's arguments and the node itself."""
    op = OPS[node.op]
    return op.local_formula(i, [_arg_expr(a) for a in node.args], Ref(node.name))


def local_value(node: GNode, i: int, values) -> Number:
    """∂node/∂(argument i), from the values of its arguments and of the node."""
    op = OPS[node.op]
    args = [values[a] if isinstance(a, str) else a for a in node.args]
    return op.local(i, args, values.get(node.name))


def _local_reads(node: GNode) -> list[str]:
    reads = node.names()
    if OPS[node.op].reads_out:
        reads.append(node.name)
    return reads


def _forward_step(node: GNode) -> Step:
    op = OPS[node.op]
    reads = tuple(node.names())

    def compute(*vals: Number) -> Number:
        env = dict(zip(reads, vals, strict=True))
        return op.forward(*[env[a] if isinstance(a, str) else a for a in node.args])

    formula = op.formula([_arg_expr(a) for a in node.args])
    return Step(node.name, Method(reads, compute, lambda idx: formula), "forward", what="node")


def backward_sum(*vals: Number, reads: tuple[str, ...], edges: tuple[tuple[GNode, int], ...],
                 local: Callable = local_value, upstream: bool = True,
                 only: int | None = None) -> Number:
    """∂out/∂v = Σ over the edges v → u of ∂u/∂v × ∂out/∂u, from the values ``reads`` names.

    The keywords are what a mistake swaps (graph_mistakes.py): ``local`` computes ∂u/∂v,
    ``upstream=False`` leaves out ∂out/∂u, ``only=k`` keeps edge k alone (no sum)."""
    env = dict(zip(reads, vals, strict=True))
    chosen = edges if only is None else edges[only:only + 1]
    terms = [local(user, i, env) * (env[grad_id(user.name)] if upstream else 1)
             for user, i in chosen]
    return add_(*terms) if terms else Fraction(0)


def one() -> Fraction:
    """∂out/∂out = 1"""
    return Fraction(1)


def _backward_step(gp: GraphProblem, name: str) -> Step:
    """d_name = Σ over the edges name → u of ∂u/∂name × d_u (one term without a fan-out)."""
    if name == gp.output:
        return Step(grad_id(name), Method((), one, lambda idx: ONE), "backward", what="grad")
    edges = tuple(gp.users(name))
    reads: list[str] = []
    for user, _ in edges:
        for r in [*_local_reads(user), grad_id(user.name)]:
            if r not in reads:
                reads.append(r)
    compute = partial(backward_sum, reads=tuple(reads), edges=edges, local=local_value,
                      upstream=True, only=None)
    if edges:
        expr = add([mul(local_formula(user, i), Ref(grad_id(user.name))) for user, i in edges])
    else:
        expr = Const(Fraction(0))
    return Step(grad_id(name), Method(tuple(reads), compute, lambda idx: expr), "backward",
                what="grad")


def build(gp: GraphProblem) -> Graph:
    """The step graph: the nodes forward, then d_output = 1, d_node from the output back, then
    d_input for the inputs."""
    steps = [_forward_step(node) for node in gp.nodes]
    order = [gp.output] + [n.name for n in reversed(gp.nodes) if n.name != gp.output]
    steps += [_backward_step(gp, name) for name in [*order, *gp.inputs]]
    return Graph(steps, dict(gp.inputs))


@dataclass(frozen=True)
class Edge:
    """One edge of the drawing: source → node's argument ``pos``, its forward value and the
    gradient flowing back along it (local derivative × the node's upstream gradient)."""

    source: Arg
    target: str
    pos: int
    value: Number
    grad: Number | None  # None for a constant argument


def edges(gp: GraphProblem, values) -> list[Edge]:
    """Every edge of the graph with its forward value and its share of the gradient."""
    out = []
    for node in gp.nodes:
        up = values[grad_id(node.name)]
        for i, a in enumerate(node.args):
            if isinstance(a, str):
                out.append(Edge(a, node.name, i, values[a], local_value(node, i, values) * up))
            elif not (OPS[node.op].constant_last and i == len(node.args) - 1):
                out.append(Edge(a, node.name, i, a, None))
    return out


# =============================================================================================
# How things are written, and the Exercise
# =============================================================================================

_SIMPLE = re.compile(r"^([A-Za-z])_?(\d+)$")


def tex_name(name: str) -> str:
    """A name in LaTeX: x, x_{0} for x0 or x_0, \\mathit{n\\_pencil}, \\text{りんご}."""
    if len(name) == 1 and name.isascii():
        return name
    m = _SIMPLE.match(name)
    if m:
        return f"{m.group(1)}_{{{m.group(2)}}}"
    if not name.isascii():
        return rf"\text{{{name}}}"
    return r"\mathit{" + name.replace("_", r"\_") + "}"


class GraphSymbols:
    """Names of a graph's quantities: a node is its name, d_x is ∂output/∂x."""

    def __init__(self, output: str):
        self.output = output

    def __call__(self, ref: Ref) -> tuple[str, str]:
        return self.symbol(ref.id, ref.idx)

    def symbol(self, step_id: str, idx: tuple[int, ...] = ()) -> tuple[str, str]:
        """(text, LaTeX): ('∂total/∂tax', '\\frac{\\partial …}{\\partial tax}') or the name."""
        if step_id.startswith(GRAD):
            name = step_id[len(GRAD):]
            return (f"∂{self.output}/∂{name}",
                    rf"\frac{{\partial {tex_name(self.output)}}}{{\partial {tex_name(name)}}}")
        return step_id, tex_name(step_id)

    def name(self, step_id: str) -> tuple[str, str]:
        """The same as ``symbol``: graph values are scalars."""
        return self.symbol(step_id)


_WORDS = {
    "inputs": {"en": "inputs", "ja": "入力"},
    "nodes": {"en": "nodes", "ja": "ノード"},
    "output": {"en": "output", "ja": "出力"},
    "fan_out": {"en": "'{name}' feeds {n} edges ({users}): its gradient is the sum of what comes "
                      "back along each.",
                "ja": "'{name}' は {n} 本の辺（{users}）に分岐する："
                      "その勾配は各辺から戻る勾配の和。"},
    "table": {"en": "value table: {items}", "ja": "数表：{items}"},
    "rule": {"en": "backward: each gradient is (local derivative) × (upstream gradient), summed "
                   "over the edges leaving the quantity; ∂{out}/∂{out} = 1.",
             "ja": "逆伝播：各勾配 = 局所的な微分 × 上流から来た勾配"
                   "（その量から出る辺について和）、∂{out}/∂{out} = 1。"},
    "drawing": {"en": "The graph: forward values above the edges (→), gradients below (←)",
                "ja": "計算グラフ：辺の上に順伝播の値（→）、下に逆伝播の勾配（←）"},
}


def word(key: str, lang: str, **fields: object) -> str:
    """A graph word in ``lang`` (English when missing), with {fields} filled in."""
    entry = _WORDS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text


TABLE_OPS = ("exp", "log", "sigmoid", "tanh")


def value_table(gp: GraphProblem, decimals: int) -> list[str]:
    """'exp(-1) = 0.3679' for every exp, log, sigmoid and tanh node, at its argument's value."""
    from .engine import evaluate

    values = evaluate(build(gp))
    items = []
    for node in gp.nodes:
        if node.op in TABLE_OPS:
            x = values[node.args[0]] if isinstance(node.args[0], str) else node.args[0]
            name = "σ" if node.op == "sigmoid" else node.op
            item = f"{name}({show(x, decimals)}) = {show(values[node.name], decimals)}"
            if item not in items:
                items.append(item)
    return items


def exercise(gp: GraphProblem):
    """The Exercise of a graph problem: what solve, check, template and new walk."""
    from .exercise import Exercise

    graph = build(gp)
    symbols = GraphSymbols(gp.output)
    keys = {s.id: s.id for s in graph.asked()}

    def summary(lang: str) -> list[tuple[str, str]]:
        shown = ", ".join(f"{k} = {show(v, gp.decimals)}" for k, v in gp.inputs.items())
        ops = ", ".join(dict.fromkeys(n.op for n in gp.nodes))
        return [(word("inputs", lang), shown),
                (word("nodes", lang), f"{len(gp.nodes)}  ({ops})"),
                (word("output", lang), gp.output)]

    def notes(lang: str) -> list[str]:
        out = [word("rule", lang, out=gp.output)]
        for name in gp.fan_outs():
            users = [u.name for u, _ in gp.users(name)]
            out.append(word("fan_out", lang, name=name, n=len(users), users=", ".join(users)))
        table = value_table(gp, gp.decimals)
        if table:
            out.append(word("table", lang, items=", ".join(table)))
        return out

    def diagram() -> str:
        from .render.graph_svg import svg

        return svg(ex)

    ex = Exercise("graph", gp, graph, symbols, keys, gp.decimals, title=gp.title, path=gp.path,
                  summary=summary, notes=notes, diagram=diagram)
    return ex


# =============================================================================================
# Writing a problem back as YAML (the generator's output; round-trips through ``loads``)
# =============================================================================================


def _yaml_key(name: str) -> str:
    return name


def to_yaml(gp: GraphProblem, comments: Sequence[str] = ()) -> str:
    """The problem as a YAML file of format 1, with optional '# ' comment lines at the end."""
    inputs = ", ".join(f"{_yaml_key(k)}: {_number_text(v)}" for k, v in gp.inputs.items())
    lines = ["handcalc: 1", "kind: graph"]
    if gp.title:
        lines.append(f"title: {_quote(gp.title)}")
    lines.append(f"inputs: {{{inputs}}}")
    lines.append("nodes:")
    lines += [f"  {_yaml_key(n.name)}: {n.text()}" for n in gp.nodes]
    lines.append(f"output: {gp.output}")
    lines.append(f"decimals: {gp.decimals}")
    lines += [f"# {c}" for c in comments]
    return "\n".join(lines) + "\n"


def _number_text(v: Number) -> str:
    return _arg_text(Fraction(v)) if isinstance(v, (int, Fraction)) else repr(float(v))


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
