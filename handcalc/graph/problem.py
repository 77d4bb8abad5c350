"""A computation-graph problem (``kind: graph``): its nodes, the ``op(args)`` parser, the strict
loader that names the place of every mistake, and the writer back to YAML.

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

Arguments are names (inputs or earlier nodes) or constant numbers (``mul(dot, -1)``,
``add(e, 1)``: CS231n's gates); ``pow(x, k)`` takes a constant whole number k.  The ``op(args)``
text is read by a small tokenizer and parser, never by ``eval``.  The operations themselves are
in ``graph/ops.py``; the steps and the exercise built from a problem, in ``graph/steps.py``
and ``graph/exercise.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Union

from .. import expr
from ..engine import TooLarge, bounded
from ..expr import NumberError, parse_number
from ..formula import Const, Expr, Sym
from ..loader import Reader, hint
from ..numbers import Number, is_finite, show
from ..yamlsafe import InputError, Node, title_words
from .ops import OPS

FORMAT = 1
MAX_INPUTS = 20
MAX_NODES = 30
MAX_POWER = 10  # |k| of pow(x, k)
TOP_KEYS = ("handcalc", "kind", "title", "inputs", "nodes", "output", "decimals")
GRAD = "d_"  # prefix of the backward step ids (d_total, d_pencil): no name may start with it

Arg = Union[str, Fraction]  # noqa: UP007 (a runtime alias on Python 3.10)  # a name (an input or an earlier node) or a constant number
Parsed = tuple[str, Node, str, int, list[tuple[Arg, int]]]  # name, value, op, where, arguments

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
    title_ja: str = ""  # the title in Japanese, when the file gives title: {en: …, ja: …}
    warnings: list[InputError] = field(default_factory=list)  # unused nodes and inputs

    @property
    def by_name(self) -> dict[str, GNode]:
        """The nodes by their names."""
        return {n.name: n for n in self.nodes}

    def users(self, name: str) -> list[tuple[GNode, int]]:
        """(node, argument position) for every edge leaving ``name``, in node order."""
        return [(node, i) for node in self.nodes for i, a in enumerate(node.args) if a == name
                and isinstance(a, str)]

    def fan_outs(self) -> list[str]:
        """Names used by more than one edge: their gradients add up."""
        return [name for name in [*self.inputs, *(n.name for n in self.nodes)]
                if len(self.users(name)) > 1]


_NAME = re.compile(r"^[^\W\d]\w*$")

# =============================================================================================
# Reading ``op(args)``: the expression parser's node reader (expr.parse_call), never eval
# =============================================================================================


def parse_call(text: str) -> tuple[str, int, list[tuple[Arg, int]]]:
    """'mul(x, -1)' → ('mul', 0, [('x', 4), (Fraction(-1), 7)]): the op, where it stands, and each
    argument (a name or a constant) with its offset.  ExprError says what is wrong and where."""
    tree, op_off, offsets = expr.parse_call(text)
    args = [(_arg(a), off) for a, off in zip(tree.args, offsets)]
    return tree.name, op_off, args


def _arg(a: Expr) -> Arg:
    """A node's argument: a name, or a constant number (all the node grammar gives)."""
    if isinstance(a, Sym):
        return a.name
    if not isinstance(a, Const):
        raise TypeError(f"not a node's argument: {a!r}")  # pragma: no cover
    return Fraction(a.value)


# =============================================================================================
# Loading a problem, strictly, with a positioned message for every mistake
# =============================================================================================


class _Reader(Reader):
    """The document reader (loader.Reader) with a graph's numbers."""

    def number(self, node: Node, where: str) -> Number:
        if node.kind != "scalar" or node.value is None or isinstance(node.value, bool):
            raise self.error(node, f"{where} should be a number; found {node.describe()}")
        try:
            return parse_number(node.text)
        except NumberError as e:
            raise self.error(node, f"{where} should be a number; {e}") from None


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
    """A GraphProblem from a parsed YAML tree, or an InputError saying what to fix and where:
    the top keys and the version, the title and decimals, the inputs, the nodes (read, then
    each checked against what is defined above it), the output; then the values."""
    rd = _Reader(file)
    top = _top(rd, root)
    titles, decimals = _title_and_decimals(rd, top)
    inputs, where_defined = _inputs(rd, top["inputs"])
    nodes_node = top["nodes"]
    parsed = _read_nodes(rd, nodes_node, inputs, where_defined)
    nodes: list[GNode] = []
    defined = dict.fromkeys(inputs)
    node_names = list(nodes_node.entries)
    for index in range(len(parsed)):
        node = _node(rd, index, parsed, defined, node_names, where_defined, nodes_node)
        nodes.append(node)
        defined[node.name] = None
    output = _output(rd, top["output"], inputs, nodes)
    gp = GraphProblem(inputs, nodes, output, titles["en"], decimals, file)
    gp.title_ja = titles.get("ja", "")
    _check_values(gp, rd)
    gp.warnings = _unused(gp, rd, where_defined, nodes_node, top["inputs"])
    return gp


def _top(rd: _Reader, root: Node | None) -> dict[str, Node]:
    """The top keys (known ones only), the version, and inputs, nodes and output present."""
    top = rd.document(root, "a graph problem", TOP_KEYS,
                      empty="the problem is empty; it needs inputs, nodes and output")
    for key in ("inputs", "nodes", "output"):
        if key not in top:
            raise rd.error(root, f"missing '{key}:'; a graph problem needs inputs, nodes and "
                                 "output")
    return top



def _title_and_decimals(rd: _Reader, top: dict[str, Node]) -> tuple[dict[str, str], int]:
    """The title by language (optional: {"en": ..., "ja": ...} or one line) and the decimals
    asked (0 to 10, default 4)."""
    titles = title_words(top["title"], rd.error) if "title" in top else {"en": ""}

    decimals = 4
    if "decimals" in top:
        node = top["decimals"]
        text = node.text or ""
        if node.kind != "scalar" or not text.isdigit() or not 0 <= int(text) <= 10:
            raise rd.error(node, f"decimals should be a whole number from 0 to 10; found "
                                 f"{node.describe()}")
        decimals = int(text)
    return titles, decimals


def _inputs(rd: _Reader, inputs_node: Node) -> tuple[dict[str, Number], dict[str, Node]]:
    """The inputs by name, and where each name is defined (its key node)."""
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
    return inputs, where_defined


def _read_nodes(rd: _Reader, nodes_node: Node, inputs: dict[str, Number],
                where_defined: dict[str, Node]) -> list[Parsed]:
    """Each node's name and call read (name, value node, operation, its offset, arguments)."""
    if nodes_node.kind != "map" or not nodes_node.entries:
        raise rd.error(nodes_node, "nodes should be a mapping, one 'name: op(arguments)' per line, "
                                   f"like 'q: add(x, y)'; found {nodes_node.describe()}")
    if len(nodes_node.entries) > MAX_NODES:
        raise rd.error(nodes_node, f"{len(nodes_node.entries)} nodes; at most {MAX_NODES} fit a "
                                   "hand calculation")
    parsed: list[Parsed] = []
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
        except expr.ExprError as e:
            raise rd.error(value, f"node '{name}': {e.message}", (e.col or 1) - 1) from None
        parsed.append((name, value, op, op_off, args))
        where_defined[name] = key
    return parsed


def _node(rd: _Reader, index: int, parsed: list[Parsed], defined: dict[str, None],
          node_names: list[str],
          where_defined: dict[str, Node], nodes_node: Node) -> GNode:
    """One node checked: a known operation with its number of arguments, every name defined
    above it (no loop, no forward reference), not constants only."""
    name, value, op_name, op_off, args = parsed[index]
    if op_name not in OPS:
        raise rd.error(value, f"node '{name}': unknown operation '{op_name}'"
                       + hint(op_name, list(OPS), "the operations are: " + ", ".join(OPS)),
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
                       + hint(arg, known, listing), off)
    if op.constant_last:
        variable = [a for a, _ in args[:-1] if isinstance(a, str)]
    else:
        variable = [a for a, _ in args if isinstance(a, str)]
    if not variable:
        raise rd.error(value, f"node '{name}': {op_name} of constants only is a constant; "
                              "make it an input, or use a name as an argument")
    return GNode(name, op_name, tuple(a for a, _ in args), value.line, value.col)


def _output(rd: _Reader, out_node: Node, inputs: dict[str, Number], nodes: list[GNode]) -> str:
    """The output: the name of a node."""
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
                       + hint(output, names, "the nodes are: " + ", ".join(names)))
    return output


def _cycle(parsed: list[Parsed], index: int, later: int) -> list[str] | None:
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
            value = bounded(op.forward(*args), node.name)
        except TooLarge:
            where.message = (f"node '{node.name}' = {node.text()} grows too large to compute "
                             "exactly (chained powers); use fewer or smaller powers")
            raise where from None
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


def loads(text: str, file: str | None = None) -> GraphProblem:
    """A graph problem from YAML text (a file's, read at the edge by files.py, or what the
    generator writes)."""
    from ..yamlsafe import parse

    return from_node(parse(text, file), file)


# =============================================================================================
# Writing a problem back as YAML (the generator's output; round-trips through ``loads``)
# =============================================================================================


def to_yaml(gp: GraphProblem, comments: Sequence[str] = ()) -> str:
    """The problem as a YAML file of format 1, with optional '# ' comment lines at the end."""
    inputs = ", ".join(f"{k}: {_number_text(v)}" for k, v in gp.inputs.items())
    lines = ["handcalc: 1", "kind: graph"]
    if gp.title and gp.title_ja:
        lines.append(f"title: {{en: {_quote(gp.title)}, ja: {_quote(gp.title_ja)}}}")
    elif gp.title:
        lines.append(f"title: {_quote(gp.title)}")
    lines.append(f"inputs: {{{inputs}}}")
    lines.append("nodes:")
    lines += [f"  {n.name}: {n.text()}" for n in gp.nodes]
    lines.append(f"output: {gp.output}")
    lines.append(f"decimals: {gp.decimals}")
    lines += [f"# {c}" for c in comments]
    return "\n".join(lines) + "\n"


def _number_text(v: Number) -> str:
    return _arg_text(Fraction(v)) if isinstance(v, (int, Fraction)) else repr(float(v))


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
