"""A graph node's definition: ``mul(x, -1)`` → a formula.py Call (the node dialect of the one
parser, ``grammar.Parser``).

A node of a computation graph is one operation on names and constants.  Grammar::

    node := name '(' arg (',' arg)* ')'
    arg  := name | num                          a name not followed by '(': one operation a node

Names are of any script (n_pencil, りんご) and become Syms; a num (-1, 0.5, 3/4) is read as a
learner's written number (``number.parse_number``) into an exact Const.  ``parse_call`` also
gives the offset of the operation and of each argument, for the graph loader's messages.
"""

from __future__ import annotations

from ..formula import Call
from .grammar import NODE, Parser
from .number import parse_number


def parse_call(text: str) -> tuple[Call, int, list[int]]:
    """'mul(x, -1)' → (Call('mul', (Sym('x'), Const(-1))), 0, [4, 7]): the tree, the offset
    of the operation and of each argument (0-based).  ExprError (column 1-based) says what is
    wrong and where."""
    parser = Parser(text, NODE, constant=parse_number)
    return parser.node(), parser.at_op, parser.offsets
