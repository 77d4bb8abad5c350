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
from .tokens import ExprError, Tok, tokens

__all__ = [
    "CALLS", "FUNCTIONS", "MAX_BITS", "MAX_CHARS", "MAX_DEPTH", "MAX_EXACT_BITS", "MAX_EXPONENT",
    "MAX_INDEX", "MAX_NODES", "MAX_NUMBER_DEPTH", "MAX_NUMBER_EXPONENT", "MAX_TEXT", "MAX_WORK",
    "Env", "ExprError", "Matrix", "NumberError", "Tok", "Vocabulary", "evaluate",
    "evaluate_number", "index_value", "normalise_number", "number_failure", "numbers_env",
    "parse", "parse_call", "parse_number", "read_number", "sum_range", "tokens",
    "used_symbols", "walk",
]
