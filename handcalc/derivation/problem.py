"""A formula problem (``kind: formula``): a family and the quantities asked for as formulas.

::

    handcalc: 1
    kind: formula
    title: "Seed 004, exercise 1: the output layer's bias"
    network: {notation: ax, sizes: [2, 3, 2], activations: [relu, softmax],
              loss: cross_entropy}           # or expression: {variables: …, define: …}
    cases: 5                                 # random cases a formula is graded on (1–20)
    questions:
      - key: dL_db                           # the answer sheet's key
        symbol: "∂L/∂b_j^K"                  # what is asked, as written
        ask: {en: "using only x and t", ja: "既知の x と t のみを用いて"}
        of: {quantity: db, layer: K, indices: [j]}   # what the engine computes for it
        using: [x, t]                        # the symbols a formula may use
        answer: "x_j^K - t_j"                # the reference formula
        tests:                               # question tests (checked by the test suite)
          - {answer: "-(t_j - x_j^K)", verdict: right}
          - {answer: "t_j - x_j^K", verdict: "mistake:sign_flipped"}
        steps:                               # the derivation that solve shows
          - {formula: "sum_i ∂L/∂x_i^K ∂x_i^K/∂a_j^K ∂a_j^K/∂b_j^K", why: {en: …, ja: …}}

``of`` names a network quantity (``delta``, ``db``, ``dW``, ``dL_dy``, at a ``layer``: a number, the
last layer's letter, or ``l`` for every hidden layer) or, for an expression family, a derivative
(``{derivative: s, wrt: z}``).  On loading, the reference formula must agree with the engine
(or with central differences) on random cases: a problem whose answer is wrong is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..expr import ExprError, parse
from ..loader import Reader
from ..yamlsafe import Node, title_words
from . import adapter
from .family import NOTATIONS, ExpressionFamily, NetworkFamily, parse_definitions

TOP_KEYS = ("handcalc", "kind", "title", "network", "expression", "questions", "cases")
QUESTION_KEYS = ("key", "symbol", "ask", "of", "using", "answer", "steps", "mistakes", "tests")
QUANTITIES = ("delta", "db", "dW", "dL_dy", "Delta")
MAX_QUESTIONS = 20
MAX_NAMES = 10  # variables, and definitions, of an expression family


@dataclass
class Step:
    """One line of a derivation: a formula (may hold ∂…/∂… symbols) and why it follows."""

    formula: Any
    why: dict[str, str] = field(default_factory=dict)


@dataclass
class Question:
    """One quantity asked for as a formula."""

    key: str
    symbol: Any  # tree of what is asked (∂L/∂b_j^K)
    of: dict[str, Any]
    using: frozenset[str]
    answer: Any  # the reference formula's tree
    answer_text: str
    ask: dict[str, str] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    # (code, tree): the question's own slips
    extra_variants: list[tuple[str, Any]] = field(default_factory=list)
    # question tests, as STACK keeps them with a question: (typed answer, expected verdict)
    tests: list[tuple[str, str]] = field(default_factory=list)
    line: int | None = None

    @property
    def indices(self) -> list[str]:
        """The free index letters of the question (j; i, j)."""
        return [i for i in self.of.get("indices", []) if isinstance(i, str)]


@dataclass
class FormulaProblem:
    """A family and its questions."""

    family: Any
    questions: list[Question]
    title: str = ""
    title_ja: str = ""  # the title in Japanese, when the file gives title: {en: …, ja: …}
    decimals: int = 6
    cases: int = 5
    path: str | None = None


def _text(file: str | None, node: Node, where: str) -> str:
    if node.kind != "scalar" or not isinstance(node.value, str):
        raise Reader(file).error(node, f"{where} should be text; found {node.describe()}")
    return node.value


def _words(file: str | None, node: Node, where: str) -> dict[str, str]:
    if node.kind == "scalar":
        return {"en": _text(file, node, where)}
    if node.kind != "map":
        raise Reader(file).error(node, f"{where} should be text or {{en: …, ja: …}}")
    return {k: _text(file, v, f"{where}.{k}") for k, (_, v) in node.entries.items()}


def _formula(file: str | None, node: Node, where: str, vocab: Any) -> Any:
    text = _text(file, node, where)
    try:
        return parse(text, vocab)
    except ExprError as e:
        raise Reader(file).error(node, f"{where}: {e}") from None


def _keys(file: str | None, node: Node, allowed: tuple[str, ...], where: str) -> dict[str, Node]:
    return Reader(file).mapping(node, where, allowed, f"{allowed[0]}: ...")


def _scalar_list(file: str | None, node: Node, where: str) -> list[Any]:
    if node.kind != "seq" or any(i.kind != "scalar" for i in node.items):
        raise Reader(file).error(node, f"{where} should be a list like [2, 3, 2]")
    return [i.value for i in node.items]


def _whole(file: str | None, node: Node, where: str, low: int, high: int) -> int:
    """A whole number from low to high, or the one-line error."""
    text = node.value if node.kind == "scalar" else None
    if not isinstance(text, str) or not text.isdigit() or not low <= int(text) <= high:
        raise Reader(file).error(node, f"{where} should be a whole number from {low} to "
                                       f"{high}; found {node.describe()}")
    return int(text)


def _network(file: str | None, node: Node) -> NetworkFamily:
    m = _keys(file, node, ("notation", "sizes", "activations", "loss", "batch"), "network")
    for k in ("notation", "sizes", "activations", "loss"):
        if k not in m:
            raise Reader(file).error(node, f"network: missing '{k}'")
    notation = Reader(file).choice(m["notation"], "network.notation", tuple(NOTATIONS),
                                  "a notation")
    try:
        sizes = [int(s) for s in _scalar_list(file, m["sizes"], "network.sizes")]
    except (TypeError, ValueError):
        raise Reader(file).error(m["sizes"], "network.sizes should be whole numbers") from None
    if not 2 <= len(sizes) <= 5 or not all(1 <= s <= 6 for s in sizes):
        raise Reader(file).error(m["sizes"], "network.sizes: 2 to 5 layers of 1 to 6 units")
    acts = _scalar_list(file, m["activations"], "network.activations")
    if len(acts) != len(sizes) - 1:
        raise Reader(file).error(m["activations"], "network.activations: one per layer after the "
                                                   f"input ({len(sizes) - 1}), each one of "
                                                   f"{', '.join(adapter.ACTIVATIONS)}")
    acts = [Reader(file).choice(item, "network.activations", adapter.ACTIVATIONS, "an activation")
            for item in m["activations"].items]
    loss = Reader(file).choice(m["loss"], "network.loss", adapter.LOSSES, "a loss")
    batch = _whole(file, m["batch"], "network.batch", 1, 4) if "batch" in m else 1
    return NetworkFamily(notation, sizes, acts, loss, batch)


def _expression(file: str | None, node: Node) -> ExpressionFamily:
    m = _keys(file, node, ("variables", "vectors", "size", "define"), "expression")
    if "variables" not in m or m["variables"].kind != "map":
        raise Reader(file).error(node, "expression: needs 'variables: {z: [-3, 3]}'")
    variables = {}
    for name, (_, v) in m["variables"].entries.items():
        try:
            lo, hi = (float(x) for x in _scalar_list(file, v, f"variables.{name}"))
        except (TypeError, ValueError):
            raise Reader(file).error(v, f"variables.{name} should be a range like "
                                        "[-3, 3]") from None
        if not (abs(lo) <= 1e6 and abs(hi) <= 1e6 and lo < hi):
            raise Reader(file).error(v, f"variables.{name} should be a range [low, high] "
                                        "within ±1e6")
        variables[name] = (lo, hi)
    vectors = frozenset(_scalar_list(file, m["vectors"], "vectors")) if "vectors" in m \
        else frozenset()
    size = _whole(file, m["size"], "expression.size", 1, 6) if "size" in m else 3
    if len(m["variables"].entries) > MAX_NAMES or \
            ("define" in m and len(getattr(m["define"], "entries", {})) > MAX_NAMES):
        raise Reader(file).error(node, f"expression: at most {MAX_NAMES} variables and {MAX_NAMES} "
                                       "definitions")
    defs, text_defs = [], []
    if "define" in m:
        raw = {k: _text(file, v, f"define.{k}") for k, (_, v) in m["define"].entries.items()}
        try:
            defs = parse_definitions(raw, set(variables))
        except ExprError as e:
            raise Reader(file).error(m["define"], f"define: {e}") from None
        text_defs = [(k.partition("_")[0], k.partition("_")[2], v) for k, v in raw.items()]
    return ExpressionFamily(variables, vectors, defs, size, text_defs=text_defs)


def _of(file: str | None, node: Node, family: Any) -> dict[str, Any]:
    m = _keys(file, node, ("quantity", "layer", "indices", "derivative", "wrt"), "of")
    out: dict[str, Any] = {}
    for k, v in m.items():
        if k == "indices":
            out[k] = [int(i) if str(i).isdigit() else i for i in _scalar_list(file, v, "indices")]
        else:
            out[k] = _text(file, v, f"of.{k}") if v.kind == "scalar" else None
    if family.kind == "network":
        if "quantity" not in m:
            raise Reader(file).error(node, "of: missing 'quantity', one of "
                                           f"{', '.join(QUANTITIES)}")
        out["quantity"] = Reader(file).choice(m["quantity"], "of.quantity", QUANTITIES,
                                              "a quantity")
        layer = out.get("layer", family.table["last"])
        if layer not in ("l", family.table["last"]) and not str(layer).isdigit():
            raise Reader(file).error(node, "of.layer should be a number, "
                                           f"{family.table['last']} or l")
        out["layer"] = layer
    elif "derivative" not in out or "wrt" not in out:
        raise Reader(file).error(node, "of: an expression question needs {derivative: y, wrt: x}")
    return out


def _variants(file: str | None, node: Node | None, vocab: Any) -> list[tuple[str, Any]]:
    """A question's own mistaken formulas: {code: formula}, each code in the catalogue."""
    if node is None:
        return []
    from .mistakes import CATALOGUE

    out = []
    m = _keys(file, node, CATALOGUE.codes, "mistakes")
    for code, v in m.items():
        out.append((code, _formula(file, v, f"mistakes.{code}", vocab)))
    return out


def _tests(file: str | None, node: Node | None) -> list[tuple[str, str]]:
    """A question's tests: a list of {answer: formula, verdict: right | wrong | mistake:…}."""
    if node is None:
        return []
    if node.kind != "seq":
        raise Reader(file).error(node, "tests: should be a list of {answer: …, verdict: …}")
    out = []
    for item in node.items:
        m = _keys(file, item, ("answer", "verdict"), "a test")
        if "answer" not in m or "verdict" not in m:
            raise Reader(file).error(item, "a test needs 'answer' and 'verdict'")
        out.append((_text(file, m["answer"], "answer"), _text(file, m["verdict"], "verdict")))
    return out


def from_node(root: Node, file: str | None = None) -> FormulaProblem:
    """A formula problem from its YAML tree; InputError names the place and the fix."""
    top = Reader(file).document(root, "a formula problem", TOP_KEYS)
    if ("network" in top) == ("expression" in top):
        raise Reader(file).error(root, "a formula problem has either 'network:' (a family of "
                                       "networks) or 'expression:' (variables and definitions)")
    family = _network(file, top["network"]) if "network" in top else \
        _expression(file, top["expression"])
    vocab = family.vocabulary()
    if "questions" not in top or top["questions"].kind != "seq" or not top["questions"].items:
        raise Reader(file).error(root, "questions: should be a list of the quantities asked")
    if len(top["questions"].items) > MAX_QUESTIONS:
        raise Reader(file).error(top["questions"], f"at most {MAX_QUESTIONS} questions")
    questions, seen = [], set()
    for qn in top["questions"].items:
        q = _keys(file, qn, QUESTION_KEYS, "a question")
        for k in ("key", "symbol", "of", "answer"):
            if k not in q:
                raise Reader(file).error(qn, f"a question needs '{k}'")
        key = _text(file, q["key"], "key")
        if key in seen:
            raise Reader(file).error(q["key"], f"the key '{key}' is asked twice")
        seen.add(key)
        symbol_vocab = type(vocab)(symbols=vocab.symbols | {"L", "E", "z", "y", "s"},
                                   layered=vocab.layered)
        steps = []
        for sn in (q["steps"].items if "steps" in q else []):
            if sn.kind == "scalar":
                steps.append(Step(_formula(file, sn, "steps", symbol_vocab)))
            else:
                s = _keys(file, sn, ("formula", "why"), "a step")
                steps.append(Step(_formula(file, s["formula"], "steps.formula", symbol_vocab),
                                  _words(file, s["why"], "why") if "why" in s else {}))
        using = frozenset(_scalar_list(file, q["using"], "using")) if "using" in q else \
            frozenset(vocab.symbols | vocab.layered)
        answer_text = _text(file, q["answer"], "answer")
        questions.append(Question(
            key=key, symbol=_formula(file, q["symbol"], "symbol", symbol_vocab),
            of=_of(file, q["of"], family), using=using,
            answer=_formula(file, q["answer"], "answer", vocab), answer_text=answer_text,
            ask=_words(file, q["ask"], "ask") if "ask" in q else {}, steps=steps,
            extra_variants=_variants(file, q.get("mistakes"), vocab),
            tests=_tests(file, q.get("tests")), line=qn.line))
    titles = title_words(top["title"], Reader(file).error) if "title" in top \
        else {"en": ""}
    cases = _whole(file, top["cases"], "cases", 1, 20) if "cases" in top else 5
    return FormulaProblem(family, questions, title=titles["en"], cases=cases, path=file,
                          title_ja=titles.get("ja", ""))
