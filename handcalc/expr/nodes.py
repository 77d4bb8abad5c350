"""A graph node's definition: ``mul(x, -1)`` → a formula.py Call (the node dialect of ``tokens``).

A node of a computation graph is one operation on names and constants.  Grammar::

    node := name '(' arg (',' arg)* ')'
    arg  := name | num                          a name not followed by '(': one operation a node

Names are of any script (n_pencil, りんご) and become Syms; a num (-1, 0.5, 3/4) is read by the
number reader (``number.parse_number``) into an exact Const.  ``parse_call`` also gives the
offset of the operation and of each argument, for the graph loader's messages.
"""

from __future__ import annotations

from fractions import Fraction

from ..formula import Call, Const, Expr, Sym
from .number import NumberError, parse_number
from .tokens import ExprError, Tok, tokens


def _found(t: Tok) -> str:
    return "the end of the text" if t.kind == "end" else f"'{t.text}'"


def parse_call(text: str) -> tuple[Call, int, list[int]]:
    """'mul(x, -1)' → (Call('mul', (Sym('x'), Const(-1))), 0, [4, 7]): the tree, the offset
    of the operation and of each argument (0-based).  ExprError (column 1-based) says what is
    wrong and where."""
    toks = tokens(text, "node")
    toks[-1] = Tok("end", "", len(text.rstrip()) + 1)  # the end is where the text ends
    pos = 0

    def at(i: int) -> Tok:
        return toks[min(i, len(toks) - 1)]

    def fail(message: str, t: Tok) -> ExprError:
        return ExprError(message, t.col)

    def punct(t: Tok, text: str) -> bool:
        return t.kind == "op" and t.text == text

    first = at(0)
    if first.kind != "name":
        raise fail(f"expected an operation like mul(a, b); found {_found(first)}", first)
    op = first.text
    t = at(1)
    if not punct(t, "("):
        if t.kind == "end":
            raise fail(f"'{op}' needs its arguments in parentheses, like mul(a, b); a node "
                       "is an operation, not just a name", t)
        raise fail(f"expected '(' after '{op}'; found {_found(t)}", t)
    pos = 2
    args: list[Expr] = []
    offsets: list[int] = []
    if punct(at(pos), ")"):
        raise fail(f"{op}() has no arguments", at(pos))
    while True:
        t = at(pos)
        if t.kind == "name":
            if punct(at(pos + 1), "("):
                raise fail(f"one operation per node: give {t.text}(…) a name of its own on the "
                           "line above and use that name here", t)
            args.append(Sym(t.text))
        elif t.kind == "num":
            try:
                value = parse_number(t.text)
            except NumberError as e:
                raise fail(f"{t.text} is not a number ({e})", t) from None
            args.append(Const(Fraction(value)))
        else:
            raise fail(f"expected a name or a number; found {_found(t)}", t)
        offsets.append(t.col - 1)
        pos += 1
        t = at(pos)
        if punct(t, ","):
            pos += 1
            continue
        if punct(t, ")"):
            pos += 1
            break
        if t.kind == "end":
            raise fail("missing ')'", t)
        raise fail(f"expected ',' or ')'; found {_found(t)}", t)
    t = at(pos)
    if t.kind != "end":
        raise fail(f"unexpected {_found(t)} after the closing ')'", t)
    return Call(op, tuple(args)), first.col - 1, offsets
