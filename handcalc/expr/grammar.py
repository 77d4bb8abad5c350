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

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, TypeVar

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
from .tokens import ExprError, NumberError, Tok, tokens

MAX_CHARS = 1000  # a formula a person types is a line or two
MAX_DEPTH = 40  # parentheses, sums, calls nested
MAX_NODES = 400  # terms, factors and symbols in one formula
MAX_EXPONENT = 10  # |k| of a power x^k
MAX_INDEX = 1000  # an index or layer number

if TYPE_CHECKING:  # (names for annotations only: nothing built at import)
    Scripts = tuple[Expr, ...]  # the indices of a subscript or superscript
    Walked = Expr | tuple[object, ...]  # a node, or a tuple of children (terms, indices)
    N = TypeVar("N", bound=Expr)
    Where = dict[int, tuple[int, int]]  # id(node) → (its operator's offset, the one after it)


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


# --- the dialects -----------------------------------------------------------------------------

MAX_NUMBER_DEPTH = 50  # signs, powers and parentheses nested in one written number
MAX_BITS = 1100  # numerator/denominator size of any exact number (about 330 digits)
# the words of a written number (read case-blind) and what they compute
NUMBER_FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": math.exp, "log": math.log, "ln": math.log, "sqrt": math.sqrt}
POWER = "^"  # the Call name of a number's power, whose exponent is an expression (2^(1/2))


@dataclass(frozen=True)
class Dialect:
    """What one kind of text may say, and how its trouble is told; the one ``Parser`` reads
    every kind by its dialect.

    ``tokens``: the tokenizer's dialect.  ``start``: the top rule (``formula``: [lhs '='] cmp;
    ``number``: expr; ``node``: name '(' arg (',' arg)* ')').  ``words``: what a name may be
    (``vocabulary``: the caller's symbols and functions; ``number``: e, exp, log, ln, sqrt,
    case-blind; ``names``: any name, a Sym).  ``power``: ``whole`` (Pow(x, k), a whole k
    within ``MAX_EXPONENT``) or ``any`` (Call('^', (x, k)), bounded when evaluated).
    ``positions``: keep where each operation stands (``Parser.where``), for the messages of
    the evaluation; operations are then pairwise (1 + 2 + 3 is (1 + 2) + 3) and products are
    not flattened.  ``messages``: ``column`` (ExprError, "column N: …") or ``character``
    (NumberError, "… at character N of '…'").  ``max_depth`` / ``max_nodes``: nesting and
    size bounds (0: none)."""

    tokens: Literal["formula", "plain", "number", "node"]
    start: Literal["formula", "number", "node"]
    words: Literal["vocabulary", "number", "names"]
    power: Literal["whole", "any"]
    positions: bool
    messages: Literal["column", "character"]
    max_depth: int
    max_nodes: int


FORMULA = Dialect("formula", "formula", "vocabulary", "whole", False, "column", MAX_DEPTH,
                  MAX_NODES)
PLAIN = replace(FORMULA, tokens="plain")  # a graph's names: n_pencil, りんご
NUMBER = Dialect("number", "number", "number", "any", True, "character", MAX_NUMBER_DEPTH, 0)
NODE = Dialect("node", "node", "names", "whole", False, "column", 0, 0)


def number_failure(what: str, at: int, shown: str) -> NumberError:
    """The NumberError for trouble at character ``at`` (0-based) of ``shown``."""
    reason = f"{what} at character {at + 1}"
    return NumberError(f"{reason} of {shown!r}", reason, shown)


def number_bounded(value: Number, at: int, shown: str) -> Number:
    """An exact value, refused when its numerator or denominator passes ``MAX_BITS``."""
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        q = Fraction(value)
        if q.numerator.bit_length() > MAX_BITS or q.denominator.bit_length() > MAX_BITS:
            raise number_failure("the number is too large or too fine to work with", at, shown)
    return value


def split_power(num: str) -> tuple[str, str]:
    """'2.5e-3' → ('2.5', 'e-3'): a number token's digits and its power of ten."""
    for i, ch in enumerate(num):
        if ch in "eE":
            return num[:i], num[i:]
    return num, ""


def _found(t: Tok) -> str:
    return "the end of the text" if t.kind == "end" else f"'{t.text}'"


# --- the parser -------------------------------------------------------------------------------


class Parser:
    """The one recursive descent over tokens, for every dialect (see ``Dialect``).

    ``Parser(text, FORMULA, vocab).parse()`` a typed formula; ``Parser(text, NUMBER,
    shown=…, level=…).parse()`` a learner's normalised number (``where``: id(operation) →
    (its operator's offset, the offset after its right operand)); ``Parser(text,
    NODE, constant=parse_number).parse()`` a graph node's op(args) (``at_op``: the
    operation's offset, ``offsets``: each argument's).  Trouble is one error in the
    dialect's style."""

    def __init__(self, text: str, dialect: Dialect = FORMULA, vocab: Vocabulary | None = None,
                 indices: frozenset[str] = frozenset("ijklmnK"), shown: str = "",
                 level: str = "functions", constant: Callable[[str], Number] | None = None):
        self.dialect = dialect
        self.read_constant = constant  # a node's number → its value
        self.toks = tokens(text, dialect.tokens)
        if dialect.start == "node":  # the end is where the text ends
            self.toks[-1] = Tok("end", "", len(text.rstrip()) + 1)
        self.i = 0
        self.vocab = vocab or Vocabulary()
        self.indices = indices  # names that may stand as indices (j, k, l, K …)
        self.shown = shown  # a number as written, for messages
        self.level = level  # what a number may use: plain | arithmetic | functions
        self.depth = 0
        self.nodes = 0
        self.where: Where = {}
        self.at_op = 0
        self.offsets: list[int] = []

    # the cursor
    @property
    def tok(self) -> Tok:
        """The next token."""
        return self.toks[self.i]

    @property
    def here(self) -> int:
        """The offset of the next token (the end of the text at its end)."""
        return self.tok.col - 1

    def op(self, *texts: str) -> bool:
        """Whether the next token is one of the operators ``texts``."""
        return self.tok.kind == "op" and self.tok.text in texts

    def at(self, text: str) -> bool:
        """Whether the next token is the operator ``text``."""
        return self.op(text)

    def take(self, text: str) -> bool:
        """Step over the operator ``text`` if it is next; whether it was."""
        if self.at(text):
            self.i += 1
            return True
        return False

    def advance(self) -> Tok:
        """The next token, stepped over."""
        t = self.tok
        self.i += 1
        return t

    # trouble, in the dialect's style
    def fail(self, what: str, at: int | None = None) -> ExprError | NumberError:
        """The error for ``what`` at offset ``at`` (0-based; the next token's by default)."""
        at = self.here if at is None else at
        if self.dialect.messages == "character":
            return number_failure(what, at, self.shown)
        return ExprError(what, at + 1)

    def expect(self, text: str, what: str) -> None:
        """Step over ``text``, else "expected ``what``; found …"."""
        if not self.take(text):
            found = self.tok.text or "the end"
            raise ExprError(f"expected {what}; found '{found}'", self.tok.col)

    def close(self, text: str) -> None:
        """The closing ``text`` of a group: 'missing …' or 'expected …; found …'."""
        if self.dialect.messages == "character" and not self.at(text):
            raise self.fail(f"missing '{text}'")
        self.expect(text, f"'{text}'")

    def count(self, node: N) -> N:
        """One node more (at most the dialect's ``max_nodes``)."""
        self.nodes += 1
        if self.dialect.max_nodes and self.nodes > self.dialect.max_nodes:
            raise ExprError(f"the formula has more than {MAX_NODES} terms and symbols; a "
                            "formula asked for here is far shorter", self.tok.col)
        return node

    def placed(self, node: N, at: int, end: int | None = None) -> N:
        """An operation and where it stands (``positions``): its operator's offset and the
        offset after its right operand."""
        if self.dialect.positions:
            self.where[id(node)] = (at, self.here if end is None else end)
        return node

    def deeper(self, what: str = "", after: Tok | None = None) -> None:
        """One level more of nesting (``what``: signs, powers, parentheses; ``after``: the
        token that opened it)."""
        self.depth += 1
        if self.depth > self.dialect.max_depth:
            if self.dialect.messages == "character" and after is not None:
                raise self.fail(f"too many {what}", after.end)
            raise ExprError(f"nested more than {MAX_DEPTH} deep; write it flatter",
                            self.tok.col)

    # grammar
    def parse(self) -> Expr:
        """The tree of the whole text (the dialect's start rule, then the end)."""
        if self.dialect.start == "node":
            return self.node()
        if self.dialect.start == "formula":
            if self.tok.kind == "end":
                raise ExprError("the formula is empty", 1)
            self._skip_left_side()
        node = self.cmp()
        if self.tok.kind != "end":
            raise self.unexpected()
        return node

    def unexpected(self) -> ExprError | NumberError:
        """The error for a token that cannot stand where it is."""
        if self.dialect.messages == "character":
            return self.fail(f"unexpected {self.tok.text[0]!r}")
        return ExprError(f"unexpected '{self.tok.text}'", self.tok.col)

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
        """expr (('>' | '<') expr)?"""
        node = self.expr()
        if self.at(">") or self.at("<"):
            op = self.tok.text
            self.i += 1
            node = self.count(Cmp(op, node, self.expr()))
        return node

    def expr(self) -> Expr:
        """term (('+' | '-') term)*: pairwise from the left with ``positions``, else one Add
        of the terms (a − b a Sub, so its rendering and the sign mistake see it)."""
        node = self.term()
        terms = [node]
        while self.at("+") or self.at("-"):
            t = self.advance()
            right = self.term()
            if self.dialect.positions:
                node = self.placed(Add((node, right)) if t.text == "+" else Sub(node, right),
                                   t.col - 1)
            else:
                terms.append(self.count(Neg(right)) if t.text == "-" else right)
        if self.dialect.positions or len(terms) == 1:
            return node
        if len(terms) == 2 and isinstance(terms[1], Neg):
            return self.count(Sub(terms[0], terms[1].x))
        return self.count(Add(tuple(terms)))

    def _starts_atom(self) -> bool:
        t = self.tok
        return t.kind in ("num", "name") or (t.kind == "op" and t.text in ("(", "∂"))

    def term(self) -> Expr:
        """unary (op unary)*, op one of * / and (formulas) · @ ⊙ or side by side."""
        node = self.unary()
        while True:
            t = self.tok
            if self.dialect.positions:  # a number: * and / only, pairwise
                if not self.op("*", "/"):
                    return node
                self.i += 1
                right = self.unary()
                node = self.placed(Mul((node, right)) if t.text == "*" else Div(node, right),
                                   t.col - 1)
            elif self.at("*"):
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
        """('-' | '+') unary | sum | power (a number's '+' nests like its '-')."""
        t = self.tok
        if self.at("-") or (self.at("+") and self.dialect.positions):
            self.i += 1
            self.deeper("signs", t)
            node = self.unary()
            if t.text == "-":
                node = self.count(Neg(node))
            self.depth -= 1
            return node
        if self.take("+"):
            return self.unary()
        if t.kind == "name" and t.text == "sum" and self.dialect.words == "vocabulary":
            return self.sum()
        return self.power()

    def sum(self) -> Expr:
        """('sum' | 'Σ') index term: Σ binds the product after it."""
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
        """postfix ('^' unary)?: Pow(x, k) for a whole k (``whole``, formulas), or Call('^')
        with any exponent (``any``, numbers: bounded when evaluated)."""
        node = self.postfix()
        if self.dialect.power == "any":
            if not self.op("^", "**"):
                return node
            t = self.advance()
            self.deeper("powers", t)
            exponent = self.unary()
            self.depth -= 1
            return self.placed(Call(POWER, (node, exponent)), t.col - 1)
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
        """atom ('.T' | 'ᵀ')*"""
        node = self.atom()
        while self.take("ᵀ"):
            node = self.count(T(node))
        return node

    def atom(self) -> Expr:
        """number | name … | '(' cmp ')' | '∂' atom '/' '∂' atom."""
        t = self.tok
        if t.kind == "num":
            self.i += 1
            return self.number(t)
        if self.take("("):
            self.deeper("parentheses", t)
            node = self.cmp()
            self.depth -= 1
            self.close(")")
            return node
        if self.take("∂"):
            num = self.postfix()
            self.expect("/", "'/' in ∂y/∂x")
            self.expect("∂", "'∂' in ∂y/∂x")
            return self.count(Deriv(num, self.postfix()))
        if t.kind == "name":
            return self.word(self.advance()) if self.dialect.words == "number" else self.name()
        if self.dialect.messages == "character":
            raise self.fail("a number is missing") if t.kind == "end" else self.unexpected()
        found = t.text or "the end"
        raise ExprError(f"expected a number, a name or '('; found '{found}'", t.col)

    def number(self, t: Tok) -> Expr:
        """A number token's exact value: 0.25; a written number's 1e-3, bounded."""
        if self.dialect.words != "number":
            return self.count(Const(Fraction(t.text)))
        start = t.col - 1
        digits, power = split_power(t.text)
        if digits == ".":
            raise self.fail("a lone '.'", start)
        value = Fraction(digits)
        if power:  # scientific notation: 1e-3, 2.5E4
            exponent = int(power.lstrip("eE+-")) * (-1 if power[1] == "-" else 1)
            if abs(exponent) > 300:
                raise self.fail(f"the power of ten {exponent} is out of range "
                                "(at most ±300)", start)
            value *= Fraction(10) ** exponent
        return Const(number_bounded(value, start, self.shown))

    def word(self, t: Tok) -> Expr:
        """A written number's word, case-blind: e, or exp, log, ln, sqrt and their '(' … ')'
        (only at the level ``functions``)."""
        name, start = t.text.lower(), t.col - 1
        if self.level != "functions" and (name == "e" or name in NUMBER_FUNCTIONS):
            raise self.fail(f"{name} is not allowed here: work the number out (answers "
                            f"are read with --numbers {self.level}; exp, log, ln, sqrt "
                            "and e need --numbers functions)", start)
        if name == "e":
            return Const(math.e)
        if name in NUMBER_FUNCTIONS:
            if not self.op("("):
                raise self.fail(f"{name} needs parentheses, like {name}(0.5)")
            argument = self.atom()
            return self.placed(Call(name, (argument,)), start, self.toks[self.i - 1].end)
        raise self.fail(f"unknown word {name!r}", start)

    def node(self) -> Call:
        """name '(' arg (',' arg)* ')', arg := name | number: a graph node's one operation;
        ``at_op`` and ``offsets`` say where the operation and each argument stand."""
        first = self.advance()
        if first.kind != "name":
            raise self.fail(f"expected an operation like mul(a, b); found {_found(first)}",
                            first.col - 1)
        op = first.text
        if not self.at("("):
            if self.tok.kind == "end":
                raise self.fail(f"'{op}' needs its arguments in parentheses, like mul(a, b); a "
                                "node is an operation, not just a name")
            raise self.fail(f"expected '(' after '{op}'; found {_found(self.tok)}")
        self.i += 1
        if self.at(")"):
            raise self.fail(f"{op}() has no arguments")
        args: list[Expr] = []
        while True:
            t = self.tok
            if t.kind == "name":
                if self.toks[self.i + 1].kind == "op" and self.toks[self.i + 1].text == "(":
                    raise self.fail(f"one operation per node: give {t.text}(…) a name of its "
                                    "own on the line above and use that name here")
                args.append(Sym(t.text))
            elif t.kind == "num":
                args.append(Const(Fraction(self.constant(t))))
            else:
                raise self.fail(f"expected a name or a number; found {_found(t)}")
            self.offsets.append(t.col - 1)
            self.i += 1
            if self.take(","):
                continue
            if self.take(")"):
                break
            if self.tok.kind == "end":
                raise self.fail("missing ')'")
            raise self.fail(f"expected ',' or ')'; found {_found(self.tok)}")
        if self.tok.kind != "end":
            raise self.fail(f"unexpected {_found(self.tok)} after the closing ')'")
        self.at_op = first.col - 1
        return Call(op, tuple(args))

    def constant(self, t: Tok) -> Number:
        """A node's number (-1, 0.5, 3/4), read by the caller's ``constant`` (a learner's
        written number: ``number.parse_number``)."""
        if self.read_constant is None:
            raise self.fail("no numbers are read here", t.col - 1)
        try:
            return self.read_constant(t.text)
        except NumberError as e:
            raise self.fail(f"{t.text} is not a number ({e})", t.col - 1) from None

    def name(self) -> Expr:
        """A name of the vocabulary: a constant, a symbol with its scripts, a function's call,
        or known symbols side by side (ax = a·x)."""
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
        """name '(' cmp (',' cmp)* ')': a function of the vocabulary."""
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
    return Parser(text, PLAIN if vocab.plain else FORMULA, vocab, frozenset(indices)).parse()


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


