"""The expression parser: text a person types → formula.py trees, then a bounded evaluator.

One tokenizer reads every text (``tokens``: its dialects formula, plain, number and node say
what a number, a name and an operator are); three grammars read its tokens into the trees of
``formula.py``; one evaluator works a tree out.  Never ``eval``; every size bounded; a text
that cannot be read is one line that says where.

    tokens.py     the tokenizer and its dialects; ExprError
    grammar.py    formulas a learner or a teacher types (``parse``, ``Vocabulary``, ``walk``)
    number.py     a learner's written number (``parse_number``, ``NumberError``, the levels
                  plain | arithmetic | functions) and its exact evaluation
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
        MAX_CHARS,
        MAX_DEPTH,
        MAX_EXPONENT,
        MAX_INDEX,
        MAX_NODES,
        Vocabulary,
        parse,
        used_symbols,
        walk,
    )
    from .nodes import parse_call
    from .number import (
        MAX_BITS,
        MAX_NUMBER_DEPTH,
        MAX_NUMBER_EXPONENT,
        MAX_TEXT,
        NumberError,
        evaluate_number,
        normalise_number,
        number_failure,
        parse_number,
        read_number,
    )

# where each name lives: a module is imported when one of its names is first asked for, so
# check (which reads numbers only) never loads the formula grammar or the evaluator
_HOME = {
    "CALLS": "evaluator", "MAX_EXACT_BITS": "evaluator", "MAX_WORK": "evaluator",
    "Env": "evaluator", "Matrix": "evaluator", "evaluate": "evaluator",
    "index_value": "evaluator", "numbers_env": "evaluator", "sum_range": "evaluator",
    "FUNCTIONS": "grammar", "MAX_CHARS": "grammar", "MAX_DEPTH": "grammar",
    "MAX_EXPONENT": "grammar", "MAX_INDEX": "grammar", "MAX_NODES": "grammar",
    "Vocabulary": "grammar", "parse": "grammar", "used_symbols": "grammar", "walk": "grammar",
    "parse_call": "nodes",
    "MAX_BITS": "number", "MAX_NUMBER_DEPTH": "number", "MAX_NUMBER_EXPONENT": "number",
    "MAX_TEXT": "number", "NumberError": "number", "evaluate_number": "number",
    "normalise_number": "number", "number_failure": "number", "parse_number": "number",
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
