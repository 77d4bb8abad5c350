"""The formula grammar: tokens (``tokens.py``, the formula or plain dialect) → formula.py trees.

What people write: ``x_j - t_j``, ``sum_k delta_k^{l+1} * w_{jk}^{l+1} * h'(a_j^l)``,
``s*(1-s)``, ``X^{l-1}.T @ Delta^l``, in ASCII or Unicode (``δ``/``delta``, ``σ``/``sigma``,
``∑``/``sum``, ``×``/``·``/``⊙``, ``−``, ``′``, ``ᵀ``, full-width digits).  Never ``eval``: a
recursive descent over the token list, every size bounded (``MAX_CHARS`` characters,
``MAX_DEPTH`` nesting, ``MAX_NODES`` terms, whole exponents within ``MAX_EXPONENT``); anything
else is an ``ExprError`` — one line, with the column.

What a name means is the caller's (a ``Vocabulary``): which names are symbols, which take a
layer after ``^`` (``x^K_j``), which are functions.  A name it does not know is an error with a
"did you mean"; a run of letters that are each known symbols is their product (``ax`` = a·x).
Also here: what a tree uses (``walk``, ``used_symbols``).

Grammar (loosest first)::

    formula:= [anything '='] cmp                          the left side restated is skipped
    cmp    := expr (('>' | '<') expr)?
    expr   := term (('+' | '-') term)*
    term   := unary (('*' | '/' | '@' | '⊙' | '·' | juxtaposition) unary)*
              (side by side, · and × multiply matrices as matrices; * and ⊙ element by
              element, as numpy's * does)
    unary  := '-' unary | '+' unary | sum | power
    sum    := ('sum' | 'Σ') index term                    Σ binds the product after it
    power  := postfix ('^' unary | '**' unary)?
    postfix:= atom ('.T' | 'ᵀ')*
    atom   := number | name [sub] [sup] ['′'] ['(' args ')'] | '(' cmp ')' | '∂' atom '/' '∂' atom
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, TypeVar

from ..formula import (
    Add,
    Call,
    Cmp,
    Const,
    Deriv,
    Div,
    Expr,
    Had,
    MatMul,
    Mul,
    Neg,
    Pow,
    Sub,
    Sum,
    Sym,
    T,
)
from ..numbers import Number
from .tokens import ExprError, Tok, tokens

MAX_CHARS = 1000  # a formula a person types is a line or two
MAX_DEPTH = 40  # parentheses, sums, calls nested
MAX_NODES = 400  # terms, factors and symbols in one formula
MAX_EXPONENT = 10  # |k| of a power x^k
MAX_INDEX = 1000  # an index or layer number

if TYPE_CHECKING:  # (names for annotations only: nothing built at import)
    Scripts = tuple[Expr, ...]  # the indices of a subscript or superscript
    Walked = Expr | tuple[object, ...]  # a node, or a tuple of children (terms, indices)
    N = TypeVar("N", bound=Expr)


@dataclass
class Vocabulary:
    """The names a formula may use.  ``symbols``: plain names (s, t, z); ``layered``: names
    whose ``^`` is a layer, not a power (x^K); ``functions``: name → its canonical Call name
    (sigma → σ, h' → h′); ``constants``: name → value (e)."""

    symbols: frozenset[str] = frozenset()
    layered: frozenset[str] = frozenset()
    functions: dict[str, str] = field(default_factory=lambda: dict(FUNCTIONS))
    constants: dict[str, Number] = field(default_factory=dict)
    # plain names (a graph's n_pencil, りんご): letters of any script, digits and _ make one
    # name, and _ is not a subscript
    plain: bool = False

    def known(self, name: str) -> bool:
        """True for a symbol or constant of this vocabulary (not a function)."""
        return name in self.symbols or name in self.layered or name in self.constants


FUNCTIONS: dict[str, str] = {"exp": "exp", "log": "log", "ln": "log", "sqrt": "sqrt", "sigma": "σ",
             "tanh": "tanh", "relu": "ReLU", "ReLU": "ReLU", "sigma'": "σ′", "tanh'": "tanh′",
             "relu'": "ReLU′", "ReLU'": "ReLU′", "h'": "h′", "f'": "h′"}


# --- parsing --------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, vocab: Vocabulary, indices: frozenset[str]):
        self.toks = tokens(text, "plain" if vocab.plain else "formula")
        self.i = 0
        self.vocab = vocab
        self.indices = indices  # names that may stand as indices (j, k, l, K …)
        self.depth = 0
        self.nodes = 0

    # helpers
    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def at(self, text: str) -> bool:
        return self.tok.kind == "op" and self.tok.text == text

    def take(self, text: str) -> bool:
        if self.at(text):
            self.i += 1
            return True
        return False

    def expect(self, text: str, what: str) -> None:
        if not self.take(text):
            found = self.tok.text or "the end"
            raise ExprError(f"expected {what}; found '{found}'", self.tok.col)

    def count(self, node: N) -> N:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ExprError(f"the formula has more than {MAX_NODES} terms and symbols; a "
                            "formula asked for here is far shorter", self.tok.col)
        return node

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"nested more than {MAX_DEPTH} deep; write it flatter",
                            self.tok.col)

    # grammar
    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise ExprError("the formula is empty", 1)
        self._skip_left_side()
        node = self.cmp()
        if self.tok.kind != "end":
            raise ExprError(f"unexpected '{self.tok.text}'", self.tok.col)
        return node

    def _skip_left_side(self) -> None:
        """'∂L/∂b_j^K = x_j^K - t_j': what stands left of a top-level '=' is the question
        restated; the answer is the right-hand side."""
        depth, last = 0, None
        for n, t in enumerate(self.toks):
            if t.kind == "op" and t.text in "({[":
                depth += 1
            elif t.kind == "op" and t.text in ")}]":
                depth -= 1
            elif t.kind == "op" and t.text == "=" and depth == 0:
                last = n
        if last is not None:
            if last + 1 >= len(self.toks) - 1:
                raise ExprError("nothing after '='", self.toks[last].col)
            self.i = last + 1

    def cmp(self) -> Expr:
        node = self.expr()
        if self.at(">") or self.at("<"):
            op = self.tok.text
            self.i += 1
            node = self.count(Cmp(op, node, self.expr()))
        return node

    def expr(self) -> Expr:
        terms = [self.term()]
        while self.at("+") or self.at("-"):
            minus = self.tok.text == "-"
            self.i += 1
            t = self.term()
            terms.append(self.count(Neg(t)) if minus else t)
        if len(terms) == 1:
            return terms[0]
        # a − b keeps its Sub (so its rendering and the sign mistake see it)
        if len(terms) == 2 and isinstance(terms[1], Neg):
            return self.count(Sub(terms[0], terms[1].x))
        return self.count(Add(tuple(terms)))

    def _starts_atom(self) -> bool:
        t = self.tok
        return t.kind in ("num", "name") or (t.kind == "op" and t.text in ("(", "∂"))

    def term(self) -> Expr:
        node = self.unary()
        while True:
            if self.at("*"):
                self.i += 1
                node = self._times(node, self.unary(), False)
            elif self.at("·"):
                self.i += 1
                node = self._times(node, self.unary(), True)
            elif self.at("/"):
                self.i += 1
                node = self.count(Div(node, self.unary()))
            elif self.at("@"):
                self.i += 1
                node = self.count(MatMul(node, self.unary()))
            elif self.at("⊙"):
                self.i += 1
                node = self.count(Had(node, self.unary()))
            elif self._starts_atom():  # juxtaposition: 2x, (1-s)s, delta_k w_jk
                node = self._times(node, self.unary(), True)
            else:
                return node

    def _times(self, a: Expr, b: Expr, product: bool) -> Expr:
        """a·b; ``product``: written side by side or with · × (matrices: the matrix product)."""
        fa = a.factors if isinstance(a, Mul) and a.product == product else (a,)
        return self.count(Mul(fa + (b,), product))

    def unary(self) -> Expr:
        if self.take("-"):
            self.deeper()
            node = self.count(Neg(self.unary()))
            self.depth -= 1
            return node
        if self.take("+"):
            return self.unary()
        if self.tok.kind == "name" and self.tok.text == "sum":
            return self.sum()
        return self.power()

    def sum(self) -> Expr:
        col = self.tok.col
        self.i += 1
        var = None
        if self.take("_"):
            if self.take("{"):
                var = self._index_name(col)
                if self.take("="):  # sum_{k=1}^{n}: the range is the units', whatever is written
                    self._skip_until("}")
                self.expect("}", "'}' closing the index of the sum")
            else:
                var = self._index_name(col)
            if self.take("^"):
                if self.take("{"):
                    self._skip_until("}")
                    self.expect("}", "'}'")
                else:
                    self.i += 1
        elif self.tok.kind == "name":
            var = self._index_name(col)
        if var is None:
            raise ExprError("a sum needs its index: sum_k …", col)
        self.deeper()
        body = self.term()
        self.depth -= 1
        return self.count(Sum(var, body))

    def _skip_until(self, text: str) -> None:
        while not self.at(text) and self.tok.kind != "end":
            self.i += 1

    def _index_name(self, col: int) -> str:
        if self.tok.kind != "name" or len(self.tok.text) != 1:
            raise ExprError("a sum's index is one letter (sum_k …)", self.tok.col or col)
        name = self.tok.text
        self.i += 1
        return name

    def power(self) -> Expr:
        node = self.postfix()
        if self.at("^") and self.toks[self.i + 1].kind == "name" and \
                self.toks[self.i + 1].text == "T" and not self.vocab.known("T") and \
                "T" not in self.indices:
            self.i += 2  # (X^{l-1})^T
            return self.count(T(node))
        if self.take("^"):
            col = self.tok.col
            self.deeper()
            exponent = self.unary()
            self.depth -= 1
            k = _whole(exponent)
            if k is None:
                raise ExprError("an exponent should be a whole number (x^2); write sqrt(x) or "
                                "exp(…) for others", col)
            if abs(k) > MAX_EXPONENT:
                raise ExprError(f"the exponent {k} is too large (at most {MAX_EXPONENT})", col)
            node = self.count(Pow(node, k))
        return node

    def postfix(self) -> Expr:
        node = self.atom()
        while self.take("ᵀ"):
            node = self.count(T(node))
        return node

    def atom(self) -> Expr:
        t = self.tok
        if t.kind == "num":
            self.i += 1
            return self.count(Const(Fraction(t.text)))
        if self.take("("):
            self.deeper()
            node = self.cmp()
            self.depth -= 1
            self.expect(")", "')'")
            return node
        if self.take("∂"):
            num = self.postfix()
            self.expect("/", "'/' in ∂y/∂x")
            self.expect("∂", "'∂' in ∂y/∂x")
            return self.count(Deriv(num, self.postfix()))
        if t.kind == "name":
            return self.name()
        found = t.text or "the end"
        raise ExprError(f"expected a number, a name or '('; found '{found}'", t.col)

    def name(self) -> Expr:
        t = self.tok
        self.i += 1
        name = t.text
        vocab = self.vocab
        if name in vocab.constants:
            return self.count(Const(vocab.constants[name]))
        sub: Scripts = ()
        sup: Scripts = ()
        # h'(…), h_l'(…), sigma(…)
        if name in ("h", "f") and (self.at("'") or self.at("_")):
            if self.take("_"):
                sup = self.scripts()
            self.expect("'", "′ after h (h′ is the activation's derivative)")
            return self.call(f"{name}'", t.col, sup)
        if name in vocab.functions or (self.at("'") and f"{name}'" in vocab.functions):
            if self.take("'"):
                name += "'"
            if self.at("(") and not vocab.known(name):
                return self.call(name, t.col)
            if not vocab.known(name):
                raise ExprError(f"{name} is a function: write {name}(…)", t.col)
        if not vocab.known(name) and name not in self.indices:
            return self._split(name, t.col)
        if self.take("_"):
            sub = self.scripts()
        transposed = False
        if self.at("^") and name in vocab.layered:
            self.i += 1
            if self._at_T():  # X^T: the transpose, not a layer called T
                self.i += 1
                return self.count(T(self.count(Sym(name, sub, sup))))
            sup, transposed = self._layer_scripts()
            if not sub and self.take("_"):
                sub = self.scripts()  # x^K_j
            if self.at("^") and self.toks[self.i + 1].kind == "name" and \
                    self.toks[self.i + 1].text == "T" and not vocab.known("T"):
                self.i += 2  # X^{l-1}^T
                transposed = True
        node = self.count(Sym(name, sub, sup))
        return self.count(T(node)) if transposed else node

    def _at_T(self) -> bool:
        """At a lone T that means 'transposed' (T is no symbol here)."""
        t = self.tok
        return t.kind == "name" and t.text == "T" and not self.vocab.known("T") and \
            "T" not in self.indices

    def _layer_scripts(self) -> tuple[Scripts, bool]:
        """A layer superscript, and whether it ends in T (seed 004's X^{(l-1)T})."""
        t = self.tok
        if not (t.kind == "op" and t.text == "{"):
            return self.scripts(), False
        self.i += 1
        self.deeper()
        parts = [self.index()]
        while self.take(","):
            parts.append(self.index())
        self.depth -= 1
        transposed = self._at_T()
        if transposed:
            self.i += 1
        self.expect("}", "'}'")
        return tuple(parts), transposed

    def call(self, name: str, col: int, layer: Scripts = ()) -> Expr:
        self.expect("(", f"'(' after {name}")
        self.deeper()
        args = [self.cmp()]
        while self.take(","):
            args.append(self.cmp())
        self.depth -= 1
        self.expect(")", f"')' closing {name}(…)")
        return self.count(Call(self.vocab.functions[name], tuple(args), params=layer))

    def _split(self, name: str, col: int) -> Expr:
        """ax = a·x when a and x are each known; else the unknown-name error."""
        if len(name) > 1 and all(self.vocab.known(c) for c in name):
            self.i -= 1
            self.toks[self.i:self.i + 1] = [Tok("name", c, col + n) for n, c in enumerate(name)]
            factors = [self.name() for _ in name]
            return self.count(Mul(tuple(factors)))
        options = sorted(set(self.vocab.symbols) | set(self.vocab.layered)
                         | set(self.vocab.functions))
        from ..loader import hint

        shown = ", ".join(sorted(self.vocab.symbols | self.vocab.layered))
        raise ExprError(f"unknown symbol '{name}'" + hint(name, options,
                                                          f"the symbols here are: {shown}"), col)

    def scripts(self) -> Scripts:
        """A subscript or superscript: _j, _{jk}, _{j,k}, ^{l+1}, ^(l), ^[l], ^K, _1."""
        t = self.tok
        if t.kind == "num":
            self.i += 1
            return tuple(self.count(Const(Fraction(int(c)))) for c in t.text if c.isdigit())
        if t.kind == "name":
            self.i += 1
            return tuple(self.count(Sym(c)) for c in t.text)
        close = {"{": "}", "(": ")", "[": "]"}.get(t.text) if t.kind == "op" else None
        if close is None:
            raise ExprError(f"expected an index after _ or ^; found '{t.text or 'the end'}'",
                            t.col)
        self.i += 1
        parts: list[Expr] = []
        if self.tok.kind == "name" and len(self.tok.text) > 1 and self.toks[self.i + 1].text \
                == close:  # {jk}: two indices
            parts = [self.count(Sym(c)) for c in self.tok.text]
            self.i += 1
        else:
            self.deeper()
            parts.append(self.index())
            while self.take(","):
                parts.append(self.index())
            self.depth -= 1
        self.expect(close, f"'{close}'")
        return tuple(parts)

    def index(self) -> Expr:
        """An index or layer: a letter, a whole number, or a sum like l+1, l-1, K-1."""
        node = self._index_atom()
        while self.at("+") or self.at("-"):
            minus = self.tok.text == "-"
            self.i += 1
            other = self._index_atom()
            node = self.count(Sub(node, other) if minus else Add((node, other)))
        return node

    def _index_atom(self) -> Expr:
        t = self.tok
        if self.take("("):  # x^{(K)}, u^{(l+1)}: the layer in parentheses, as 岡谷 writes it
            self.deeper()
            node = self.index()
            self.depth -= 1
            self.expect(")", "')'")
            return node
        if t.kind == "num":
            self.i += 1
            return self.count(Const(Fraction(t.text)))
        if t.kind == "name" and len(t.text) == 1:
            self.i += 1
            return self.count(Sym(t.text))
        raise ExprError(f"expected an index (a letter or a number); found '{t.text or 'the end'}'",
                        t.col)


def _whole(node: Expr) -> int | None:
    """The whole number a constant exponent stands for (2, -1, (2)), else None."""
    if isinstance(node, Neg):
        k = _whole(node.x)
        return None if k is None else -k
    if isinstance(node, Const) and Fraction(node.value).denominator == 1:
        return int(node.value)
    return None


def parse(text: object, vocab: Vocabulary,
          indices: frozenset[str] | set[str] = frozenset("ijklmnK")) -> Expr:
    """The formula tree of a typed formula; ExprError (one line, with the column) if not."""
    if not isinstance(text, str):
        raise ExprError("a formula should be text")
    if len(text) > MAX_CHARS:
        raise ExprError(f"the formula is {len(text):,} characters long; at most {MAX_CHARS} "
                        "are read")
    return _Parser(text, vocab, frozenset(indices)).parse()


# --- what a tree uses -------------------------------------------------------------------------


def walk(node: Expr) -> Iterator[Walked]:
    """Every node of a tree, the node first (and each tuple of children on the way)."""
    stack: list[Walked] = [node]
    while stack:
        n = stack.pop()
        yield n
        if not isinstance(n, Const):
            stack += [c for c in n if isinstance(c, tuple)]


def used_symbols(node: Expr, indices: frozenset[str] | set[str]) -> set[str]:
    """The symbol names a formula reads, leaving out index letters and sum variables."""
    out: set[str] = set()

    def visit(n: Walked, bound: frozenset[str]) -> None:
        if isinstance(n, Sym):
            if n.name not in bound and not (n.name in indices and not n.sub and not n.sup):
                out.add(n.name)
            return  # what is inside its scripts is indices
        if isinstance(n, Sum):
            visit(n.body, bound | {n.var})
            return
        if isinstance(n, Call):
            for a in n.args:
                visit(a, bound)
            return
        if not isinstance(n, Const):
            for c in n:
                if isinstance(c, tuple):
                    visit(c, bound)
    visit(node, frozenset())
    return out


