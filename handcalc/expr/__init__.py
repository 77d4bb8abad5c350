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

import importlib
from typing import TYPE_CHECKING

# the tokenizer, which every reader needs, at once (and so ``tokens`` is the function, not
# the module of that name)
from .tokens import ExprError, Tok, tokens

if TYPE_CHECKING:
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
        NumberError,
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
        parse_number,
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
    "MAX_TEXT": "number", "NumberError": "grammar", "evaluate_number": "number",
    "normalise_number": "number", "number_failure": "grammar", "parse_number": "number",
    "read_number": "number",
}


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
