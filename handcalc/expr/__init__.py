"""The expression parser: text a person types → formula.py trees, then a bounded evaluator.

One tokenizer reads every text (``tokens``: its dialects formula, plain, number and node say
what a number, a name and an operator are); one grammar (``grammar.Parser``, whose
``Dialect`` FORMULA, PLAIN, NUMBER or NODE says which words, which power and which messages)
reads its tokens into the trees of ``formula.py``; one evaluator works a tree out (a written
number's in an exact environment that names the place of any trouble).  Never ``eval``;
every size bounded; a text that cannot be read is one line that says where.

    tokens.py     the tokenizer and its dialects; ExprError
    grammar.py    the one parser and its dialects (``Parser``, ``Dialect``); formulas a learner
                  or a teacher types (``parse``, ``Vocabulary``, ``walk``); ``NumberError``
    number.py     a learner's written number (``parse_number``, the levels plain | arithmetic
                  | functions) and its exact evaluation
    nodes.py      a graph node's definition, ``mul(x, -1)`` (``parse_call``)
    evaluator.py  the bounded evaluator over trees (``evaluate``, ``Env``, ``Matrix``, sums)
"""

from __future__ import annotations

import importlib

# the tokenizer, which every reader needs, at once (and so ``tokens`` is the function, not
# the module of that name)
from fractions import Fraction
from typing import TYPE_CHECKING

from .tokens import ExprError, NumberError, Tok, plain_decimal, tokens

if TYPE_CHECKING:
    from ..numbers import Number
    from .evaluator import (
        CALLS,
        MAX_EXACT_BITS,
        MAX_WORK,
        Env,
        Matrix,
        evaluate,
        index_value,
        numbers_env,
        sum_range,
    )
    from .grammar import (
        FUNCTIONS,
        MAX_BITS,
        MAX_CHARS,
        MAX_DEPTH,
        MAX_EXPONENT,
        MAX_INDEX,
        MAX_NODES,
        MAX_NUMBER_DEPTH,
        Vocabulary,
        number_failure,
        parse,
        used_symbols,
        walk,
    )
    from .nodes import parse_call
    from .number import (
        MAX_NUMBER_EXPONENT,
        MAX_TEXT,
        evaluate_number,
        normalise_number,
        read_number,
    )

# where each name lives: a module is imported when one of its names is first asked for, so
# a caller pays only for what it uses (check, which reads numbers: parser and evaluator)
_HOME = {
    "CALLS": "evaluator", "MAX_EXACT_BITS": "evaluator", "MAX_WORK": "evaluator",
    "Env": "evaluator", "Matrix": "evaluator", "evaluate": "evaluator",
    "index_value": "evaluator", "numbers_env": "evaluator", "sum_range": "evaluator",
    "FUNCTIONS": "grammar", "MAX_CHARS": "grammar", "MAX_DEPTH": "grammar",
    "MAX_EXPONENT": "grammar", "MAX_INDEX": "grammar", "MAX_NODES": "grammar",
    "Vocabulary": "grammar", "parse": "grammar", "used_symbols": "grammar", "walk": "grammar",
    "parse_call": "nodes",
    "MAX_BITS": "grammar", "MAX_NUMBER_DEPTH": "grammar", "MAX_NUMBER_EXPONENT": "number",
    "MAX_TEXT": "number", "evaluate_number": "number",
    "normalise_number": "number", "number_failure": "grammar",
    "read_number": "number",
}


def parse_number(text: object, level: str = "functions") -> Number:
    """A written number as a Fraction (or a float once exp/log/sqrt/e or a fractional power
    appears); NumberError says why not — ``number.parse_number``, with its common case, a plain
    decimal like -0.25, read here at once, so that a problem of plain decimals never loads the
    parser (start-up of solve and check)."""
    if isinstance(text, str) and len(text) <= 40 and plain_decimal(text):
        return Fraction(text)  # (40 characters: far inside every limit of the reader)
    from .number import parse_number as read

    return read(text, level)


def __getattr__(name: str) -> object:
    """A name of the package, from the module that holds it (imported on first use)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CALLS", "FUNCTIONS", "MAX_BITS", "MAX_CHARS", "MAX_DEPTH", "MAX_EXACT_BITS", "MAX_EXPONENT",
    "MAX_INDEX", "MAX_NODES", "MAX_NUMBER_DEPTH", "MAX_NUMBER_EXPONENT", "MAX_TEXT", "MAX_WORK",
    "Env", "ExprError", "Matrix", "NumberError", "Tok", "Vocabulary", "evaluate",
    "evaluate_number", "index_value", "normalise_number", "number_failure", "numbers_env",
    "parse", "parse_call", "parse_number", "read_number", "sum_range", "tokens",
    "used_symbols", "walk",
]
