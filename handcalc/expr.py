"""The expression parser: text a person types → formula.py trees, then a bounded evaluator.

One parser for what people write: ``x_j - t_j``, ``sum_k delta_k^{l+1} * w_{jk}^{l+1} *
h'(a_j^l)``, ``s*(1-s)``, ``X^{l-1}.T @ Delta^l``, in ASCII or Unicode (``δ``/``delta``,
``σ``/``sigma``, ``∑``/``sum``, ``×``/``·``/``⊙``, ``−``, ``′``, ``ᵀ``, full-width digits).  Never
``eval``: a recursive descent over a token list, every size bounded (``MAX_CHARS`` characters,
``MAX_DEPTH`` nesting, ``MAX_NODES`` terms, whole exponents within ``MAX_EXPONENT``); anything
else is an ``ExprError`` — one line, with the column.

The same module reads the two other things people type: a learner's written number
(``parse_number``: ``0.5``, ``3/20``, ``exp(-1)``, levels plain|arithmetic|functions, exact
fractions, bounded by ``MAX_TEXT``, ``MAX_NUMBER_EXPONENT`` and ``MAX_BITS``) and a graph node's
definition (``parse_call``: ``mul(x, -1)``).  Both give formula trees too; a number's tree is
then worked out by ``evaluate_number``.

What a name means is the caller's (a ``Vocabulary``): which names are symbols, which take a
layer after ``^`` (``x^K_j``), which are functions.  A name it does not know is an error with a
"did you mean"; a run of letters that are each known symbols is their product (``ax`` = a·x).

Grammar (loosest first)::

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

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .formula import (
    Add,
    Call,
    Cmp,
    Const,
    Deriv,
    Div,
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
from .numbers import Number, show

MAX_CHARS = 1000  # a formula a person types is a line or two
MAX_DEPTH = 40  # parentheses, sums, calls nested
MAX_NODES = 400  # terms, factors and symbols in one formula
MAX_EXPONENT = 10  # |k| of a power x^k
MAX_INDEX = 1000  # an index or layer number


class ExprError(ValueError):
    """A formula that cannot be read or evaluated: one line, with the column (1-based)."""

    def __init__(self, message: str, col: int | None = None):
        super().__init__(message)
        self.message, self.col = message, col

    def __str__(self) -> str:
        return f"column {self.col}: {self.message}" if self.col else self.message


# --- what the characters mean --------------------------------------------------------------

_GREEK = {"δ": "delta", "Δ": "Delta", "σ": "sigma", "η": "eta", "ŷ": "y_hat", "Σ": "sum",
          "∑": "sum", "ε": "epsilon"}
_OPS = {"×": "·", "·": "·", "⋅": "·", "⊙": "⊙", "∘": "⊙", "÷": "/", "−": "-", "–": "-",
        "′": "'", "’": "'", "ᵀ": "ᵀ", "∂": "∂"}
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
_SUPER = str.maketrans(_SUPERSCRIPTS, "0123456789-")


@dataclass
class Vocabulary:
    """The names a formula may use.  ``symbols``: plain names (s, t, z); ``layered``: names
    whose ``^`` is a layer, not a power (x^K); ``functions``: name → its canonical Call name
    (sigma → σ, h' → h′); ``constants``: name → value (e)."""

    symbols: frozenset = frozenset()
    layered: frozenset = frozenset()
    functions: dict = field(default_factory=lambda: dict(FUNCTIONS))
    constants: dict = field(default_factory=dict)
    # plain names (a graph's n_pencil, りんご): letters of any script, digits and _ make one
    # name, and _ is not a subscript
    plain: bool = False

    def known(self, name: str) -> bool:
        """True for a symbol or constant of this vocabulary (not a function)."""
        return name in self.symbols or name in self.layered or name in self.constants


FUNCTIONS = {"exp": "exp", "log": "log", "ln": "log", "sqrt": "sqrt", "sigma": "σ",
             "tanh": "tanh", "relu": "ReLU", "ReLU": "ReLU", "sigma'": "σ′", "tanh'": "tanh′",
             "relu'": "ReLU′", "ReLU'": "ReLU′", "h'": "h′", "f'": "h′"}


class _Tok:
    __slots__ = ("kind", "text", "col")

    def __init__(self, kind: str, text: str, col: int):
        self.kind, self.text, self.col = kind, text, col  # kind: num | name | op | end

    def __repr__(self) -> str:
        return f"{self.kind}:{self.text}@{self.col}"


def tokens(text: str, plain: bool = False) -> list[_Tok]:
    """The tokens of a formula; ExprError for a character it cannot mean anything by.
    ``plain``: a name is any run of letters (of any script), digits and _ (graph nodes)."""
    out: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        col = i + 1
        if text[i] in "⁰¹²³⁴⁵⁶⁷⁸⁹⁻":
            j = i
            while j < n and text[j] in "⁰¹²³⁴⁵⁶⁷⁸⁹⁻":
                j += 1
            out += [_Tok("op", "^", col), _Tok("op", "(", col),
                    _Tok("num", text[i:j].translate(_SUPER), col), _Tok("op", ")", col)]
            i = j
            continue
        ch = unicodedata.normalize("NFKC", text[i]) if text[i] not in "ᵀ′" else text[i]
        if len(ch) != 1:  # ligatures and the like
            if "\u2044" in ch:  # ½ → (1/2)
                num, _, den = ch.partition("\u2044")
                out += [_Tok("op", "(", col), _Tok("num", num, col), _Tok("op", "/", col),
                        _Tok("num", den, col), _Tok("op", ")", col)]
                i += 1
                continue
            if all(c.isdigit() for c in ch):
                out.append(_Tok("num", ch, col))
                i += 1
                continue
            ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i
            while j < n and text[j] not in _SUPERSCRIPTS and \
                    (unicodedata.normalize("NFKC", text[j]).isdigit() or text[j] == "."):
                j += 1
            digits = unicodedata.normalize("NFKC", text[i:j])
            if digits.count(".") > 1 or len(digits) > 30:
                raise ExprError(f"'{digits[:20]}' is not a number", col)
            out.append(_Tok("num", digits, col))
            i = j
            continue
        if plain and (ch.isalpha() or ch == "_"):
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            out.append(_Tok("name", text[i:j], col))
            i = j
            continue
        if ch in _GREEK:
            out.append(_Tok("name", _GREEK[ch], col))
            i += 1
            continue
        if ch.isalpha() and ch.isascii():
            j = i
            while j < n and text[j].isascii() and text[j].isalpha():
                j += 1
            out.append(_Tok("name", text[i:j], col))
            i = j
            continue
        if text.startswith("**", i):
            out.append(_Tok("op", "^", col))
            i += 2
            continue
        if text.startswith(".T", i) and not (i + 2 < n and text[i + 2].isalnum()):
            out.append(_Tok("op", "ᵀ", col))
            i += 2
            continue
        op = _OPS.get(ch, ch)
        if op in "+-*/^()_{}[],'@<>ᵀ∂=|⊙·":
            out.append(_Tok("op", op, col))
            i += 1
            continue
        shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
        raise ExprError(f"{shown} cannot be read here; write + - * / ^ ( ), names and numbers",
                        col)
    out.append(_Tok("end", "", n + 1))
    return out


# --- parsing --------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, vocab: Vocabulary, indices: frozenset):
        self.toks = tokens(text, vocab.plain)
        self.i = 0
        self.vocab = vocab
        self.indices = indices  # names that may stand as indices (j, k, l, K …)
        self.depth = 0
        self.nodes = 0

    # helpers
    @property
    def tok(self) -> _Tok:
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

    def count(self, node: Any) -> Any:
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
    def parse(self) -> Any:
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

    def cmp(self) -> Any:
        node = self.expr()
        if self.at(">") or self.at("<"):
            op = self.tok.text
            self.i += 1
            node = self.count(Cmp(op, node, self.expr()))
        return node

    def expr(self) -> Any:
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

    def term(self) -> Any:
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

    def _times(self, a: Any, b: Any, product: bool) -> Any:
        """a·b; ``product``: written side by side or with · × (matrices: the matrix product)."""
        fa = a.factors if isinstance(a, Mul) and a.product == product else (a,)
        return self.count(Mul(fa + (b,), product))

    def unary(self) -> Any:
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

    def sum(self) -> Any:
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

    def power(self) -> Any:
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

    def postfix(self) -> Any:
        node = self.atom()
        while self.take("ᵀ"):
            node = self.count(T(node))
        return node

    def atom(self) -> Any:
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

    def name(self) -> Any:
        t = self.tok
        self.i += 1
        name = t.text
        vocab = self.vocab
        if name in vocab.constants:
            return self.count(Const(vocab.constants[name]))
        sub: tuple = ()
        sup: tuple = ()
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

    def _layer_scripts(self) -> tuple[tuple, bool]:
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

    def call(self, name: str, col: int, layer: tuple = ()) -> Any:
        self.expect("(", f"'(' after {name}")
        self.deeper()
        args = [self.cmp()]
        while self.take(","):
            args.append(self.cmp())
        self.depth -= 1
        self.expect(")", f"')' closing {name}(…)")
        return self.count(Call(self.vocab.functions[name], tuple(args), params=layer))

    def _split(self, name: str, col: int) -> Any:
        """ax = a·x when a and x are each known; else the unknown-name error."""
        if len(name) > 1 and all(self.vocab.known(c) for c in name):
            self.i -= 1
            self.toks[self.i:self.i + 1] = [_Tok("name", c, col + n) for n, c in enumerate(name)]
            factors = [self.name() for _ in name]
            return self.count(Mul(tuple(factors)))
        options = sorted(set(self.vocab.symbols) | set(self.vocab.layered)
                         | set(self.vocab.functions))
        from .loader import hint

        shown = ", ".join(sorted(self.vocab.symbols | self.vocab.layered))
        raise ExprError(f"unknown symbol '{name}'" + hint(name, options,
                                                          f"the symbols here are: {shown}"), col)

    def scripts(self) -> tuple:
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
        parts = []
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

    def index(self) -> Any:
        """An index or layer: a letter, a whole number, or a sum like l+1, l-1, K-1."""
        node = self._index_atom()
        while self.at("+") or self.at("-"):
            minus = self.tok.text == "-"
            self.i += 1
            other = self._index_atom()
            node = self.count(Sub(node, other) if minus else Add((node, other)))
        return node

    def _index_atom(self) -> Any:
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


def _whole(node: Any) -> int | None:
    """The whole number a constant exponent stands for (2, -1, (2)), else None."""
    if isinstance(node, Neg):
        k = _whole(node.x)
        return None if k is None else -k
    if isinstance(node, Const) and Fraction(node.value).denominator == 1:
        return int(node.value)
    return None


def parse(text: str, vocab: Vocabulary, indices: frozenset | set = frozenset("ijklmnK")) -> Any:
    """The formula tree of a typed formula; ExprError (one line, with the column) if not."""
    if not isinstance(text, str):
        raise ExprError("a formula should be text")
    if len(text) > MAX_CHARS:
        raise ExprError(f"the formula is {len(text):,} characters long; at most {MAX_CHARS} "
                        "are read")
    return _Parser(text, vocab, frozenset(indices)).parse()


# --- what a tree uses -------------------------------------------------------------------------


def walk(node: Any):
    """Every node of a tree, the node first."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, tuple) and not isinstance(n, (Const,)):
            for c in n:
                if isinstance(c, tuple):
                    stack.append(c)


def used_symbols(node: Any, indices: frozenset | set) -> set[str]:
    """The symbol names a formula reads, leaving out index letters and sum variables."""
    out: set[str] = set()

    def visit(n: Any, bound: frozenset) -> None:
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
        if isinstance(n, tuple) and not isinstance(n, Const):
            for c in n:
                if isinstance(c, tuple):
                    visit(c, bound)
    visit(node, frozenset())
    return out


# --- evaluating -------------------------------------------------------------------------------


Resolve = Callable[[str, tuple, "int | None"], Any]  # name, indices, layer → number or matrix


class Matrix(tuple):
    """A matrix value: a tuple of rows (tuples of floats)."""

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return (len(self), len(self[0]) if self else 0)


def _shape_text(v: Any) -> str:
    return f"{v.shape[0]}×{v.shape[1]}" if isinstance(v, Matrix) else "a number"


def _elementwise(op: Callable, a: Any, b: Any, what: str) -> Any:
    if isinstance(a, Matrix) and isinstance(b, Matrix):
        if a.shape != b.shape:
            raise ExprError(f"{what}: shapes {_shape_text(a)} and {_shape_text(b)} do not match")
        return Matrix(tuple(op(x, y) for x, y in zip(ra, rb)) for ra, rb in zip(a, b))
    if isinstance(a, Matrix):
        return Matrix(tuple(op(x, b) for x in r) for r in a)
    if isinstance(b, Matrix):
        return Matrix(tuple(op(a, y) for y in r) for r in b)
    return op(a, b)


def _map(f: Callable, v: Any) -> Any:
    if isinstance(v, Matrix):
        return Matrix(tuple(f(x) for x in r) for r in v)
    return f(v)


def _matmul(a: Any, b: Any) -> Any:
    if not (isinstance(a, Matrix) and isinstance(b, Matrix)):
        return _elementwise(lambda x, y: x * y, a, b, "@")
    if a.shape[1] != b.shape[0]:
        raise ExprError(f"@: a {_shape_text(a)} matrix cannot multiply a {_shape_text(b)} one "
                        "(a transpose missing?)")
    cols = list(zip(*b))
    return Matrix(tuple(math.fsum(x * y for x, y in zip(r, c)) for c in cols) for r in a)


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


CALLS: dict[str, Callable[[float], float]] = {
    "exp": lambda x: math.exp(min(x, 700.0)),
    "log": math.log,
    "sqrt": math.sqrt,
    "σ": _sigmoid,
    "tanh": math.tanh,
    "ReLU": lambda x: max(x, 0.0),
    "σ′": lambda x: _sigmoid(x) * (1 - _sigmoid(x)),
    "tanh′": lambda x: 1 - math.tanh(x) ** 2,
    "ReLU′": lambda x: 1.0 if x > 0 else 0.0,
}


class Env:
    """What a formula's names stand for while it is evaluated: ``resolve(name, indices, layer)``
    for symbols (indices 1-based, as people write them), ``ranges(name, layer, position)``
    for how far an index runs, ``call(name, layer, arg_tree, args)`` for functions it does not
    know (h′), and the index values bound so far."""

    def __init__(self, resolve: Resolve, size: Callable[[str, int | None, int], int],
                 call: Callable | None = None, bound: dict | None = None,
                 exact: bool = False):
        self.resolve, self.size, self.call_hook = resolve, size, call
        self.bound = dict(bound or {})
        self.work = 0
        # exact: numbers stay fractions while the arithmetic is rational (a learner's 1/3);
        # a function (exp, log …) gives a float
        self.exact = exact


MAX_WORK = 100_000  # node evaluations of one formula on one case


def evaluate(node: Any, env: Env) -> Any:
    """The value of a tree (a float or a Matrix); ExprError when it cannot be evaluated."""
    env.work += 1
    if env.work > MAX_WORK:
        raise ExprError("the formula takes too long to evaluate")
    ev = lambda n: evaluate(n, env)  # noqa: E731
    try:
        if isinstance(node, Const):
            return _bounded(node.value) if env.exact else float(node.value)
        if isinstance(node, Sym):
            if not node.sub and not node.sup and node.name in env.bound:
                return float(env.bound[node.name])
            idx = tuple(index_value(s, env) for s in node.sub)
            layer = index_value(node.sup[0], env) if node.sup else None
            return env.resolve(node.name, idx, layer)
        if isinstance(node, Add):
            total = ev(node.terms[0])
            for t in node.terms[1:]:
                total = _elementwise(lambda x, y: x + y, total, ev(t), "+")
            return total
        if isinstance(node, Sub):
            return _elementwise(lambda x, y: x - y, ev(node.a), ev(node.b), "-")
        if isinstance(node, Mul):
            product = ev(node.factors[0])
            for f in node.factors[1:]:
                product = _matmul(product, ev(f)) if node.product else \
                    _elementwise(lambda x, y: x * y, product, ev(f), "*")
            return product
        if isinstance(node, Div):
            return _elementwise(lambda x, y: x / y, ev(node.a), ev(node.b), "/")
        if isinstance(node, Neg):
            return _map(lambda x: -x, ev(node.x))
        if isinstance(node, Pow):
            if env.exact:
                return _map(lambda x: _bounded(x ** node.k), ev(node.x))
            return _map(lambda x: x ** node.k, ev(node.x))
        if isinstance(node, MatMul):
            return _matmul(ev(node.a), ev(node.b))
        if isinstance(node, Had):
            return _elementwise(lambda x, y: x * y, ev(node.a), ev(node.b), "⊙")
        if isinstance(node, T):
            v = ev(node.x)
            return Matrix(tuple(c) for c in zip(*v)) if isinstance(v, Matrix) else v
        if isinstance(node, Cmp):
            a, b = ev(node.a), ev(node.b)
            return _elementwise((lambda x, y: float(x > y)) if node.op == ">" else
                                (lambda x, y: float(x < y)), a, b, node.op)
        if isinstance(node, Sum):
            n = sum_range(node, env)
            saved = env.bound.get(node.var)
            total = 0.0
            for k in range(1, n + 1):
                env.bound[node.var] = k
                total = _elementwise(lambda x, y: x + y, total, ev(node.body), "sum")
            if saved is None:
                env.bound.pop(node.var, None)
            else:
                env.bound[node.var] = saved
            return total
        if isinstance(node, Call):
            fn = CALLS.get(node.name)
            if fn is not None:
                return _map(lambda x: fn(float(x)), *[ev(a) for a in node.args[:1]])
            if env.call_hook is not None:
                layer = index_value(node.params[0], env) if node.params else None
                return env.call_hook(node.name, layer, node.args, [ev(a) for a in node.args])
            raise ExprError(f"{node.name}(…) cannot be evaluated here")
        if isinstance(node, Deriv):
            raise ExprError("a derivative ∂…/∂… is a step of a derivation; write what it "
                            "equals")
    except (OverflowError, ZeroDivisionError, ValueError) as e:
        if isinstance(e, ExprError):
            raise
        raise ExprError(f"cannot be computed here ({type(e).__name__})") from None
    raise ExprError(f"cannot evaluate {type(node).__name__}")


MAX_EXACT_BITS = 4096  # numerator or denominator of an exact value (as the engine's bound)


def _bounded(value: Any) -> Any:
    """An exact value, refused when it has grown past ``MAX_EXACT_BITS``."""
    if isinstance(value, Fraction) and (value.numerator.bit_length() > MAX_EXACT_BITS or
                                        value.denominator.bit_length() > MAX_EXACT_BITS):
        raise ExprError("the number grows too large to keep exactly")
    return value


def numbers_env() -> Env:
    """An environment with no symbols: a learner's written number, evaluated exactly."""
    def none(name: str, *args: Any) -> Any:
        raise ExprError(f"unknown symbol '{name}'")
    return Env(none, lambda *a: 0, None, {}, exact=True)


def index_value(node: Any, env: Env) -> int:
    """An index or layer as a whole number (1-based, as written)."""
    if isinstance(node, Const):
        return int(node.value)
    if isinstance(node, Sym):
        if node.name in env.bound:
            return int(env.bound[node.name])
        raise ExprError(f"the index {node.name} is not given: sum over it (sum_{node.name} …) or "
                        "use the question's indices")
    if isinstance(node, Add):
        return sum(index_value(t, env) for t in node.terms)
    if isinstance(node, Sub):
        return index_value(node.a, env) - index_value(node.b, env)
    raise ExprError("an index should be a letter or a number")


def sum_range(node: Sum, env: Env) -> int:
    """How far a sum's index runs: the units its symbols index with it — the same for every
    symbol, else an error (k cannot count the units of two different layers)."""
    sizes = set()
    for n in walk(node.body):
        env.work += 1  # looking is work too: nested sums look again and again
        if isinstance(n, Sym):
            for pos, part in enumerate(n.sub):
                if isinstance(part, Sym) and part.name == node.var:
                    saved = env.bound.pop(node.var, None)
                    try:
                        layer = index_value(n.sup[0], env) if n.sup else None
                    finally:
                        if saved is not None:
                            env.bound[node.var] = saved
                    sizes.add(env.size(n.name, layer, pos))
    if not sizes:
        raise ExprError(f"sum_{node.var}: no symbol is indexed by {node.var}")
    if len(sizes) > 1:
        counts = " and ".join(str(s) for s in sorted(sizes))
        raise ExprError(f"sum_{node.var}: {node.var} would count {counts} units in different "
                        "symbols (the units of two layers?)")
    return sizes.pop()


# --- a learner's number ---------------------------------------------------------------------
#
# The same two stages for a written number (check's answers, a graph's constants): the text is
# read into a formula tree (Const, Add, Sub, Mul, Div, Neg; Call for exp, log, ln, sqrt and
# for a power, whose exponent may be any expression), and the tree is then evaluated exactly
# while the arithmetic is rational, every intermediate value bounded.  Messages name the
# character where the trouble is, counted in the text as written.

MAX_TEXT = 200  # characters in one written number; a hand-written answer is short
MAX_NUMBER_EXPONENT = 64  # |k| in x^k; bounds the size of an exact power
MAX_BITS = 1100  # numerator/denominator size of any exact intermediate value (about 330 digits)
MAX_NUMBER_DEPTH = 50  # signs, powers and parentheses nested in one written number


class NumberError(ValueError):
    """A text that is not a number this parser reads; the message says why.

    ``reason`` is the why alone ("unknown word 'abc' at character 1"), for callers that show
    the text themselves; ``text`` is what was read (None when it was not text).
    """

    def __init__(self, message: str, reason: str | None = None, text: str | None = None):
        super().__init__(message)
        self.reason = reason if reason is not None else message
        self.text = text


_NUMBER_REPLACEMENTS = {
    "\u2212": "-",  # minus sign
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash, a common typing slip for minus
    "\u30fc": "-",  # ー (katakana long-vowel mark), the usual IME slip for a full-width minus
    "\uff70": "-",  # ｰ (its half-width form)
    "\u2044": "/",  # fraction slash (from ½ and the like)
    "\u00d7": "*",  # ×
    "\u22c5": "*",  # ⋅
    "\u00b7": "*",  # ·
    "\u00f7": "/",  # ÷
    "\u3000": " ",  # ideographic space
}
_NUMBER_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻"
_NUMBER_SUPER = str.maketrans(_NUMBER_SUPERSCRIPTS, "0123456789+-")
_THOUSANDS = re.compile(r"[+-]?[1-9][0-9]{0,2},[0-9]{3}")
_PLAIN_NUMBER = re.compile(r"[+-]? ?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?( ?/ ?[+-]?(\d+\.?\d*|\.\d+))?")
_NOT_FINITE = ("nan", ".nan", "inf", ".inf", "infinity", "∞")
_NUMBER_FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": math.exp,
    "log": math.log,
    "ln": math.log,
    "sqrt": math.sqrt,
}
_POWER = "^"  # the Call name of a power whose exponent is an expression (2^(1/2), 2^(1+1))


def _number_char(ch: str) -> str:
    """One character made plain: full-width to ASCII (NFKC), ½ to (1/2); other number signs
    (subscripts, circled digits) are kept as they are, so that they stop the parser instead
    of silently turning into digits (x₂ is not x2)."""
    if unicodedata.category(ch) == "No":
        plain = unicodedata.normalize("NFKC", ch)
        return f"({plain.replace(chr(0x2044), '/')})" if "\u2044" in plain else ch
    return unicodedata.normalize("NFKC", ch)


def normalise_number(text: str) -> str:
    """Full-width to ASCII (NFKC), ×÷· to */, superscripts to powers (0.5² → 0.5^(2)),
    ½ to (1/2), any space to ' ', a lone comma between digits to a decimal point."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _NUMBER_SUPERSCRIPTS:
            j = i
            while j < len(text) and text[j] in _NUMBER_SUPERSCRIPTS:
                j += 1
            out.append("^(" + text[i:j].translate(_NUMBER_SUPER) + ")")
            i = j
            continue
        out.append(_number_char(ch))
        i += 1
    text = "".join(_NUMBER_REPLACEMENTS.get(ch, " " if ch.isspace() else ch)
                   for ch in "".join(out))
    text = text.strip()
    if "." not in text and text.count(",") == 1 and not _THOUSANDS.fullmatch(text):
        i = text.index(",")
        if 0 < i < len(text) - 1 and text[i - 1].isdecimal() and text[i + 1].isdecimal():
            text = text[:i] + "." + text[i + 1 :]
    return text


class _NumberReader:
    """Recursive descent over: expr := term (± term)*; term := unary (*/ unary)*;
    unary := ± unary | power; power := atom (^ unary)?; atom := number | e | f(expr) | (expr).

    It only builds the tree; ``where`` keeps, for each operation node, the character of its
    operator and the character just after it, for the evaluator's messages.  Nesting is
    bounded (``MAX_NUMBER_DEPTH`` signs, powers or parentheses)."""

    def __init__(self, text: str, shown: str, level: str):
        self.text = text  # normalised
        self.shown = shown  # as written, for messages
        self.pos = 0
        self.depth = 0
        self.level = level
        self.where: dict[int, tuple[int, int]] = {}  # id(node) → (operator at, end)

    def fail(self, what: str, at: int | None = None) -> NumberError:
        return number_failure(what, self.pos if at is None else at, self.shown)

    def peek(self) -> str:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def placed(self, node: Any, at: int) -> Any:
        self.where[id(node)] = (at, self.pos)
        return node

    def deeper(self, what: str) -> None:
        self.depth += 1
        if self.depth > MAX_NUMBER_DEPTH:
            raise self.fail(f"too many {what}")

    def parse(self) -> Any:
        node = self.expr()
        if self.peek():
            raise self.fail(f"unexpected {self.peek()!r}")
        return node

    def expr(self) -> Any:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.text[self.pos]
            at = self.pos
            self.pos += 1
            right = self.term()
            node = self.placed(Add((node, right)) if op == "+" else Sub(node, right), at)
        return node

    def term(self) -> Any:
        node = self.unary()
        while True:
            ch = self.peek()
            at = self.pos
            if ch == "*" and not self.text.startswith("**", self.pos):
                self.pos += 1
                node = self.placed(Mul((node, self.unary())), at)
            elif ch == "/":
                self.pos += 1
                node = self.placed(Div(node, self.unary()), at)
            else:
                return node

    def unary(self) -> Any:
        ch = self.peek()
        if ch in ("+", "-"):
            self.pos += 1
            self.deeper("signs")
            node = self.unary()
            self.depth -= 1
            return Neg(node) if ch == "-" else node
        return self.power()

    def power(self) -> Any:
        base = self.atom()
        self.peek()
        at = self.pos
        if self.text.startswith("**", self.pos) or self.text.startswith("^", self.pos):
            self.pos += 2 if self.text.startswith("**", self.pos) else 1
            self.deeper("powers")
            exponent = self.unary()
            self.depth -= 1
            return self.placed(Call(_POWER, (base, exponent)), at)
        return base

    def atom(self) -> Any:
        ch = self.peek()
        if ch == "(":
            self.pos += 1
            self.deeper("parentheses")
            node = self.expr()
            self.depth -= 1
            if self.peek() != ")":
                raise self.fail("missing ')'")
            self.pos += 1
            return node
        if ch.isdecimal() or ch == ".":
            return self.number()
        if ch.isalpha():
            start = self.pos
            while self.pos < len(self.text) and self.text[self.pos].isalpha():
                self.pos += 1
            name = self.text[start : self.pos].lower()
            if self.level != "functions" and (name == "e" or name in _NUMBER_FUNCTIONS):
                self.pos = start
                raise self.fail(f"{name} is not allowed here: work the number out (answers "
                                f"are read with --numbers {self.level}; exp, log, ln, sqrt "
                                "and e need --numbers functions)")
            if name == "e":
                return Const(math.e)
            if name in _NUMBER_FUNCTIONS:
                if self.peek() != "(":
                    raise self.fail(f"{name} needs parentheses, like {name}(0.5)")
                return self.placed(Call(name, (self.atom(),)), start)
            self.pos = start
            raise self.fail(f"unknown word {name!r}")
        if not ch:
            raise self.fail("a number is missing")
        raise self.fail(f"unexpected {ch!r}")

    def number(self) -> Any:
        start = self.pos
        text = self.text
        while self.pos < len(text) and text[self.pos].isdecimal():
            self.pos += 1
        if self.pos < len(text) and text[self.pos] == ".":
            self.pos += 1
            while self.pos < len(text) and text[self.pos].isdecimal():
                self.pos += 1
        digits = text[start : self.pos]
        if digits == ".":
            raise self.fail("a lone '.'", start)
        value = Fraction(digits)
        # scientific notation: 1e-3, 2.5E4 (but not the constant e on its own)
        if self.pos < len(text) and text[self.pos] in "eE":
            j = self.pos + 1
            if j < len(text) and text[j] in "+-":
                j += 1
            k = j
            while k < len(text) and text[k].isdecimal():
                k += 1
            if k > j:
                exponent = int(text[j:k]) * (-1 if text[self.pos + 1] == "-" else 1)
                if abs(exponent) > 300:
                    raise self.fail(f"the power of ten {exponent} is out of range "
                                    "(at most ±300)", start)
                value *= Fraction(10) ** exponent
                self.pos = k
        return Const(_number_bounded(value, start, self.shown))


def number_failure(what: str, at: int, shown: str) -> NumberError:
    """The NumberError for trouble at character ``at`` (0-based) of ``shown``."""
    reason = f"{what} at character {at + 1}"
    return NumberError(f"{reason} of {shown!r}", reason, shown)


def _number_bounded(value: Any, at: int, shown: str) -> Any:
    """An exact value, refused when its numerator or denominator passes ``MAX_BITS``."""
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        q = Fraction(value)
        if q.numerator.bit_length() > MAX_BITS or q.denominator.bit_length() > MAX_BITS:
            raise number_failure("the number is too large or too fine to work with", at, shown)
    return value


def read_number(text: str, shown: str, level: str) -> Any:
    """The tree of a normalised written number (``normalise_number``), and where each of its
    operations stands; NumberError with the character when it cannot be read."""
    reader = _NumberReader(text, shown, level)
    return reader.parse(), reader.where


def evaluate_number(node: Any, where: dict[int, tuple[int, int]], shown: str) -> Any:
    """The value of a number's tree (``read_number``): a Fraction while the arithmetic is
    rational (x^k exact for a whole k up to ``MAX_NUMBER_EXPONENT``), a float once exp, log,
    sqrt, e or a fractional power appears; every exact intermediate value bounded
    (``MAX_BITS``)."""

    def fail(what: str, at: int) -> NumberError:
        return number_failure(what, at, shown)

    def ev(n: Any) -> Any:
        if isinstance(n, Const):
            return n.value
        if isinstance(n, Neg):
            return -ev(n.x)
        at, end = where[id(n)]
        if isinstance(n, Add):
            a, b = ev(n.terms[0]), ev(n.terms[1])
            return _number_bounded(a + b, at, shown)
        if isinstance(n, Sub):
            a, b = ev(n.a), ev(n.b)
            return _number_bounded(a - b, at, shown)
        if isinstance(n, Mul):
            a, b = ev(n.factors[0]), ev(n.factors[1])
            return _number_bounded(a * b, at, shown)
        if isinstance(n, Div):
            a, b = ev(n.a), ev(n.b)
            if b == 0:
                raise fail("division by zero", end)
            return _number_bounded(a / b, at, shown)
        if isinstance(n, Call) and n.name == _POWER:
            base, exponent = ev(n.args[0]), ev(n.args[1])
            return _number_bounded(_number_power(base, exponent, end, fail), at, shown)
        if isinstance(n, Call):
            arg = ev(n.args[0])
            try:
                return _NUMBER_FUNCTIONS[n.name](float(arg))
            except (ValueError, OverflowError):
                raise fail(f"{n.name}({show(arg, 6)}) is not defined", end) from None
        raise fail(f"cannot evaluate {type(n).__name__}", 0)  # pragma: no cover

    return ev(node)


def _number_power(base: Any, exponent: Any, end: int,
                  fail: Callable[[str, int], NumberError]) -> Any:
    """base ** exponent: exact for an exact base and a small integer exponent, else a float."""
    if isinstance(exponent, (int, Fraction)) and Fraction(exponent).denominator == 1:
        k = int(exponent)
        if abs(k) > MAX_NUMBER_EXPONENT:
            raise fail((f"exponent {k}" if abs(k) < 10**9 else "the exponent")
                       + f" is too large (at most {MAX_NUMBER_EXPONENT})", end)
        if base == 0 and k < 0:
            raise fail("division by zero", end)
        try:
            return base**k
        except OverflowError:
            raise fail("power out of range", end) from None
    try:
        result = float(base) ** float(exponent)
    except (OverflowError, ZeroDivisionError):
        raise fail("power out of range", end) from None
    if isinstance(result, complex):
        raise fail("power of a negative number", end)
    return result


def parse_number(text: object, level: str = "functions") -> Number:
    """A written number (decimal, fraction, simple arithmetic) as a Fraction, or a float
    once exp/log/sqrt/e or a fractional power appears; NumberError says why not.

    ``level`` is what may be written: ``plain`` one number or fraction (-0.25, 3/20, 1e-3),
    ``arithmetic`` also + − × ÷ ^ and parentheses, ``functions`` also exp, log, ln, sqrt and
    e.  Read in two stages: ``read_number`` (text → tree), ``evaluate_number`` (tree → value)."""
    if isinstance(text, bool):
        raise NumberError(f"{str(text).lower()} is not a number")
    if isinstance(text, (int, Fraction)):
        return Fraction(text)
    if isinstance(text, float):
        if not math.isfinite(text):
            raise NumberError(f"{text} is not a finite number")
        return Fraction(repr(text))
    if not isinstance(text, str):
        raise NumberError(f"expected a number, found {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise NumberError(f"too long ({len(text)} characters; at most {MAX_TEXT})")
    cleaned = normalise_number(text)
    shown = text.strip()
    if not cleaned:
        raise NumberError("empty", "empty", text)
    if len(cleaned) > 2 * MAX_TEXT:  # a few characters expand under NFKC (﷽ is 18)
        raise NumberError(f"too long ({len(cleaned)} characters; at most {MAX_TEXT})")
    if cleaned.lower().lstrip("+- ") in _NOT_FINITE:
        raise NumberError(f"{shown} is not a finite number", "not a finite number", text)
    if _THOUSANDS.fullmatch(cleaned):
        reason = (f"ambiguous: write {cleaned.replace(',', '')} for the whole number, or "
                  f"{cleaned.replace(',', '.')} with a decimal point")
        raise NumberError(f"{shown!r} is {reason}", reason, text)
    if level == "plain" and not _PLAIN_NUMBER.fullmatch(cleaned):
        reason = ("write one number or a fraction (like -0.25 or 3/20), not a calculation "
                  "(answers are read with --numbers plain)")
        raise NumberError(f"{shown!r}: {reason}", reason, text)
    try:
        tree, where = read_number(cleaned, shown, level)
        value = evaluate_number(tree, where, shown)
    except (OverflowError, ValueError) as e:  # ValueError: NumberError, or a digit Python refuses
        if isinstance(e, NumberError):
            raise
        raise NumberError(f"{shown!r} is out of range", "out of range", text) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise NumberError(f"{shown!r} is not a finite number", "not a finite number", text)
    return value


# --- a graph node's definition: op(arguments) ---------------------------------------------------
#
# A node of a computation graph is one operation on names and constants, ``mul(x, -1)``: read
# into a Call whose arguments are Syms (names of any script: n_pencil, りんご) and Consts (read
# by ``parse_number``), with the offset of the operation and of each argument for messages.

# compiled on first use (by re's cache): a graph's node, not a learner's answer sheet
_CALL_TOKEN = (r"\s*(?:(?P<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:/\d+)?)"
               r"|(?P<name>[^\W\d]\w*)|(?P<punct>[(),])|(?P<other>\S))")


def _call_tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) for each token: num, name, punct, other; then ('end', '', len)."""
    out = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = re.compile(_CALL_TOKEN).match(text, pos)
        assert m is not None  # every non-space character is at least an 'other'
        kind = m.lastgroup or "other"
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    out.append(("end", "", len(text.rstrip())))
    return out


def _call_found(kind: str, word: str) -> str:
    return "the end of the text" if kind == "end" else f"'{word}'"


def parse_call(text: str) -> tuple[Call, int, list[int]]:
    """'mul(x, -1)' → (Call('mul', (Sym('x'), Const(-1))), 0, [4, 7]): the tree, the offset
    of the operation and of each argument (0-based).  ExprError (column 1-based) says what is
    wrong and where."""
    toks = _call_tokens(text)

    def at(i: int) -> tuple[str, str, int]:
        return toks[min(i, len(toks) - 1)]

    def fail(message: str, offset: int) -> ExprError:
        return ExprError(message, offset + 1)

    kind, word, off = at(0)
    if kind != "name":
        raise fail(f"expected an operation like mul(a, b); found {_call_found(kind, word)}", off)
    op, op_off = word, off
    kind, word, off = at(1)
    if (kind, word) != ("punct", "("):
        if kind == "end":
            raise fail(f"'{op}' needs its arguments in parentheses, like mul(a, b); a node "
                       "is an operation, not just a name", off)
        raise fail(f"expected '(' after '{op}'; found {_call_found(kind, word)}", off)
    pos = 2
    args: list[Any] = []
    offsets: list[int] = []
    if at(pos)[:2] == ("punct", ")"):
        raise fail(f"{op}() has no arguments", at(pos)[2])
    while True:
        kind, word, off = at(pos)
        if kind == "name":
            if at(pos + 1)[:2] == ("punct", "("):
                raise fail(f"one operation per node: give {word}(…) a name of its own on the "
                           "line above and use that name here", off)
            args.append(Sym(word))
        elif kind == "num":
            try:
                value = parse_number(word)
            except NumberError as e:
                raise fail(f"{word} is not a number ({e})", off) from None
            args.append(Const(Fraction(value)))
        else:
            raise fail(f"expected a name or a number; found {_call_found(kind, word)}", off)
        offsets.append(off)
        pos += 1
        kind, word, off = at(pos)
        if (kind, word) == ("punct", ","):
            pos += 1
            continue
        if (kind, word) == ("punct", ")"):
            pos += 1
            break
        if kind == "end":
            raise fail("missing ')'", off)
        raise fail(f"expected ',' or ')'; found {_call_found(kind, word)}", off)
    kind, word, off = at(pos)
    if kind != "end":
        raise fail(f"unexpected {_call_found(kind, word)} after the closing ')'", off)
    return Call(op, tuple(args)), op_off, offsets
