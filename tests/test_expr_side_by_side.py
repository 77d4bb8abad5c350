"""The expr package reads every text exactly as the single-module expr.py did before it was split
and its three readers put on one tokenizer (issue 13): 120,000 random texts — written numbers at
each level, graph node definitions, typed formulas — give the same value, tree, token list or
the same error message, column and character.

The old readers are the module as it stood at ``BEFORE`` on main, kept frozen in
tests/reference/ (its git blob id is checked, so it is that file and no other; no git history is
needed, a shallow clone runs this too) and loaded beside the package under another name.
"""

from __future__ import annotations

import hashlib
import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from handcalc import expr
from handcalc.expr.grammar import Vocabulary

BEFORE = "5bb4421a056c66dbb11c271dd900e429c998f9bc"  # main before the split: handcalc/expr.py
BLOB = "c3d1b5afe56fb4fc9b4f98c0486456ae7c9940d7"  # `git rev-parse 5bb4421:handcalc/expr.py`
ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "reference" / "expr_5bb4421.py.txt"
N = 40_000  # texts per reader (three readers)


def _frozen_source() -> str:
    """The old handcalc/expr.py: the reference file without its header comment."""
    text = REFERENCE.read_text(encoding="utf-8")
    return text[text.index('\n\n"""') + 2:]


def test_the_reference_is_the_old_module_byte_for_byte():
    """The frozen file holds the very blob of commit 5bb4421 (git's blob id of its bytes)."""
    data = _frozen_source().encode("utf-8")
    assert hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest() == BLOB


def _old_module() -> ModuleType:
    source = _frozen_source()
    spec = importlib.util.spec_from_loader("handcalc._expr_before", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "handcalc"  # its relative imports (.formula, .numbers, .loader)
    sys.modules[spec.name] = module
    exec(compile(source, "expr_before.py", "exec"), module.__dict__)
    return module


@pytest.fixture(scope="module")
def old() -> ModuleType:
    return _old_module()


# pieces people type, and pieces that break things, joined at random
NUMBER_PIECES = ["0", "1", "2", "3", "12", "0.5", ".5", "3.", "1e-3", "2E4", "1e400", "1e", "+",
                 "-", "*", "/", "^", "**", "(", ")", " ", "  ", "e", "E", "exp", "EXP", "log",
                 "ln", "sqrt", "x", "abc", "りんご", ".", ",", "1,000", "0,5", "½", "²", "⁻",
                 "３", "．", "−", "ー", "×", "÷", "·", "\u3000", "①", "x₂", "٣", "nan", "inf",
                 "∞", "?", "_", "1/0", "9" * 30, "(1", "2)", "--", "0.1", "64", "65"]
NODE_PIECES = ["mul", "add", "x", "y", "n_pencil", "りんご", "_a", "a1", "²x", "①", "(", ")",
               ",", " ", "  ", "-1", "+2", "1", "0.5", ".5", "3.", "3/4", "1/0", "1/2.5",
               "1/.5", "- 1", "-", "/", "*", "?", "٣", "\t", "x(", "3e2", "\u3000"]
FORMULA_PIECES = ["x", "y", "s", "t", "a", "w", "delta", "δ", "sum", "Σ", "_", "^", "{", "}",
                  "(", ")", "[", "]", "j", "k", "l", "K", "1", "2", "0.5", "+", "-", "−", "*",
                  "·", "×", "/", "@", "⊙", ".T", "ᵀ", "'", "′", "h", "sigma", "exp", " ", "²",
                  "⁻¹", "½", "３", "=", ">", "<", ",", "∂", "n_pencil", "りんご", "?", "1.2.3",
                  "9" * 31, "**", "|", "\u00a8", "ax"]  # (no ⑴ or ．: the old tokenizer hung)


def _texts(pieces: list[str], seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 9))) for _ in range(N)]


def _outcome(read, *args):
    """What a reader makes of a text: its result, or its error's type, text and column."""
    try:
        return ("ok", read(*args))
    except ValueError as e:  # ExprError and NumberError are ValueErrors
        return (type(e).__name__, str(e), getattr(e, "reason", None), getattr(e, "col", None))


def _differences(texts: list[str], new, old) -> list[str]:
    out = []
    for text in texts:
        a, b = new(text), old(text)
        if a != b:
            out.append(f"{text!r}: now {a}, before {b}")
    return out


def test_the_old_module_is_the_one_before_the_split(old):
    """The reference really is the old single module: it has its own regex tokenizer for nodes."""
    assert hasattr(old, "_call_tokens") and hasattr(old, "_NumberReader")
    assert old.parse_number is not expr.parse_number


@pytest.mark.parametrize("level", ["functions", "arithmetic", "plain"])
def test_written_numbers_read_as_before(old, level):
    """Value (and its type: Fraction or float) or the same NumberError, at each level."""
    texts = _texts(NUMBER_PIECES, len(level))[: N // 3 + 1]

    def new(t: str):
        got = _outcome(expr.parse_number, t, level)
        return (got[0], type(got[1]).__name__, got[1]) if got[0] == "ok" else got

    def before(t: str):
        got = _outcome(old.parse_number, t, level)
        return (got[0], type(got[1]).__name__, got[1]) if got[0] == "ok" else got

    wrong = _differences(texts, new, before)
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:10])


def test_number_trees_and_places_read_as_before(old):
    """The tree and where each operation stands (what the evaluator's messages name)."""
    def where(read):
        def go(t: str):
            cleaned = expr.normalise_number(t)
            got = _outcome(read, cleaned, t, "functions")
            if got[0] != "ok":
                return got
            tree, places = got[1]
            return tree, sorted(places.values())
        return go

    wrong = _differences(_texts(NUMBER_PIECES, 7)[:5000], where(expr.read_number),
                         where(old.read_number))
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:10])


def test_graph_nodes_read_as_before(old):
    """parse_call: the same tree and offsets, or the same message at the same column."""
    half = N // 2
    texts = ["mul(" + t for t in _texts(NODE_PIECES, 3)[:half]] + _texts(NODE_PIECES, 4)[:half]
    wrong = _differences(texts, lambda t: _outcome(expr.parse_call, t),
                         lambda t: _outcome(old.parse_call, t))
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:10])


@pytest.mark.parametrize("plain", [False, True])
def test_formulas_read_as_before(old, plain):
    """parse: the same tree or the same message and column, names plain or not."""
    vocab = Vocabulary(symbols=frozenset("stwa"), layered=frozenset({"x", "delta"}),
                       constants={"e": 2.718281828459045}, plain=plain)
    old_vocab = old.Vocabulary(symbols=vocab.symbols, layered=vocab.layered,
                               constants=vocab.constants, plain=plain)
    texts = _texts(FORMULA_PIECES, 5 + plain)[: N // 2]
    wrong = _differences(texts, lambda t: _outcome(expr.parse, t, vocab),
                         lambda t: _outcome(old.parse, t, old_vocab))
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:10])
