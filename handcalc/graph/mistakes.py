"""The named mistakes of computation-graph exercises, for the grader (``mistakes.catalogue``).

Every backward step of a graph computes ``graph.backward_sum`` with keyword settings; a mistake
swaps one of them, so two mistakes compose into a pair:

- ``mul_own_input``        a multiply node sends back its input's own value instead of the other
                           input's (∂(xy)/∂x taken as x): ``local`` swapped on mul edges;
- ``fan_out_not_summed``   a value used by several nodes gets the gradient of one edge only:
                           ``only=k`` (one variant per edge, all under this one code);
- ``function_derivative_wrong``  the local derivative of exp, log, sigmoid (or tanh) wrong: taken
                           as 1 (the function skipped), or as a plausible wrong formula
                           (x·eˣ⁻¹, log x, σ(x) without (1 − σ), x(1 − x) at the input, 1 − x²);
- ``upstream_forgotten``   the local derivative alone, not times the gradient from above:
                           ``upstream=False``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from ..engine import Method, Step
from ..mistakes import Catalogue, Mistake, func_of, keywords, settings_of
from . import steps as graph

if TYPE_CHECKING:
    from ..exercise import Exercise
    from ..mistakes import Variant

MAX_FAN = 4  # fan-out edges a 'kept only one' variant is tried for


def _settings(method: Method) -> dict[str, Any] | None:
    """The backward_sum settings of a method, or None for any other step."""
    if func_of(method) is not graph.backward_sum:
        return None
    return settings_of(method)


def _edges(method: Method) -> tuple[Any, ...]:
    """The (user node, index) edges a backward_sum adds up, or () for any other step."""
    s = _settings(method)
    return tuple(s["edges"]) if s is not None else ()


# --- mul_own_input ------------------------------------------------------------------------------


def _mul_own_input(ex: Exercise, step: Step, method: Method) -> Method | None:
    s = _settings(method)
    if s is None or not any(user.op == "mul" for user, _ in s["edges"]):
        return None
    right = s["local"]

    def local(node: Any, i: int, env: dict[str, Any]) -> Any:
        """∂(xy)/∂x taken as x: the node's own input instead of the other one."""
        if node.op == "mul":
            a = node.args[i]
            return env[a] if isinstance(a, str) else a
        return right(node, i, env)

    return keywords(method, local=local)


# --- fan_out_not_summed -------------------------------------------------------------------------


def _fan_out_keeps(k: int) -> Variant:
    """fan_out_not_summed, keeping only the k-th edge: the variant."""

    def variant(ex: Exercise, step: Step, method: Method) -> Method | None:
        edges = _edges(method)
        if len(edges) < 2 or k >= len(edges) or settings_of(method)["only"] is not None:
            return None
        return keywords(method, only=k)

    return variant


# --- function_derivative_wrong ------------------------------------------------------------------

# (wrong local derivative as a function of the argument x and the node's value y), per function
WRONG: dict[str, tuple[Callable[[Any, Any], Any], ...]] = {
    "exp": (lambda x, y: Fraction(1), lambda x, y: x * math.exp(float(x) - 1)),
    "log": (lambda x, y: Fraction(1), lambda x, y: y),
    "sigmoid": (lambda x, y: Fraction(1), lambda x, y: y, lambda x, y: x * (1 - x)),
    "tanh": (lambda x, y: Fraction(1), lambda x, y: 1 - x * x),
}
FORMS = max(len(v) for v in WRONG.values())


def _function_wrong(k: int) -> Variant:
    """function_derivative_wrong by the k-th wrong form of WRONG: the variant."""

    def variant(ex: Exercise, step: Step, method: Method) -> Method | None:
        s = _settings(method)
        if s is None or not any(len(WRONG.get(user.op, ())) > k for user, _ in s["edges"]):
            return None
        right = s["local"]

        def local(node: Any, i: int, env: dict[str, Any]) -> Any:
            forms = WRONG.get(node.op, ())
            if k < len(forms):
                a = node.args[0]
                return forms[k](env[a] if isinstance(a, str) else a, env.get(node.name))
            return right(node, i, env)

        reads = set(method.reads)
        for user, _ in s["edges"]:  # a wrong form may use the node's value: make sure it is read
            if user.op in WRONG and user.name not in reads:
                return _with_reads(method, [user.name for user, _ in s["edges"]
                                            if user.op in WRONG], local)
        return keywords(method, local=local)

    return variant


def _with_reads(method: Method, extra: list[str], local: Callable[..., Any]) -> Method:
    """The method reading ``extra`` values too (the function nodes' own values)."""
    s = settings_of(method)
    reads = tuple(s["reads"]) + tuple(r for r in dict.fromkeys(extra) if r not in s["reads"])
    compute = cast("partial[Any]", method.compute)
    return Method(reads, partial(compute.func, *compute.args,
                                 **{**compute.keywords, "reads": reads, "local": local}),
                  method.formula)


# --- upstream_forgotten -------------------------------------------------------------------------


def _upstream_forgotten(ex: Exercise, step: Step, method: Method) -> Method | None:
    s = _settings(method)
    if s is None or not s["edges"] or not s["upstream"]:
        return None
    return keywords(method, upstream=False)


# --- the catalogue ------------------------------------------------------------------------------

_MUL = Mistake(
    "mul_own_input",
    {"en": "multiply node: own input sent back", "ja": "乗算ノードで自分の入力を掛けた"},
    {"en": "A multiply node z = x·y sends back the upstream gradient times the other input "
           "(∂z/∂x = y, ∂z/∂y = x); this answer used the input's own value.",
     "ja": "乗算ノード z = x·y の逆伝播は上流の勾配に「もう一方の」入力を掛ける"
           "（∂z/∂x = y、∂z/∂y = x）。この答えは自分自身の入力の値を掛けている。"},
    "∂z/∂x = y × (upstream gradient), for z = x·y",
    _mul_own_input)

_FAN_TEXT: dict[str, Any] = dict(
    name={"en": "fan-out gradients not summed", "ja": "分岐の勾配を足していない"},
    explain={"en": "This value feeds more than one node, so its gradient is the sum of the "
                   "gradients coming back along every edge; this answer kept only one edge.",
             "ja": "この値は複数のノードに使われている（分岐）。勾配は各辺から戻ってくる勾配の"
                   "和になる。この答えは一つの辺の分しか入っていない。"},
    formula="∂out/∂x = Σ over the edges x → u of (∂u/∂x) × ∂out/∂u",
)

_FUNCTION_TEXT: dict[str, Any] = dict(
    name={"en": "local derivative of exp/log/σ wrong", "ja": "exp・log・σ の局所的な微分の誤り"},
    explain={"en": "The local derivative of the function node is wrong: d(eˣ)/dx = eˣ (the "
                   "node's own value), d(log x)/dx = 1/x, dσ(x)/dx = σ(x)(1 − σ(x)) with σ(x) "
                   "the node's output, d(tanh x)/dx = 1 − tanh²x.",
             "ja": "関数ノードの局所的な微分が誤っている。d(eˣ)/dx = eˣ（ノード自身の値）、"
                   "d(log x)/dx = 1/x、dσ(x)/dx = σ(x)(1 − σ(x))（σ(x) はノードの出力）、"
                   "d(tanh x)/dx = 1 − tanh²x。"},
    formula="∂out/∂x = f′(x) × ∂out/∂f(x)",
)

_UPSTREAM = Mistake(
    "upstream_forgotten",
    {"en": "upstream gradient forgotten", "ja": "上流の勾配を掛け忘れ"},
    {"en": "Each gradient is the local derivative times the gradient coming from above (the "
           "chain rule); this answer is the local derivative alone.",
     "ja": "勾配は「局所的な微分 × 上流から来た勾配」（連鎖律）。この答えは局所的な微分だけで、"
           "上流の勾配を掛けていない。"},
    "∂out/∂x = (∂u/∂x) × ∂out/∂u",
    _upstream_forgotten)

_FAN = Mistake("fan_out_not_summed", _FAN_TEXT["name"], _FAN_TEXT["explain"],
               _FAN_TEXT["formula"], _fan_out_keeps(0),
               tuple(_fan_out_keeps(k) for k in range(1, MAX_FAN)))  # which edge was kept

_FUNCTION = Mistake("function_derivative_wrong", _FUNCTION_TEXT["name"],
                    _FUNCTION_TEXT["explain"], _FUNCTION_TEXT["formula"], _function_wrong(0),
                    tuple(_function_wrong(k) for k in range(1, FORMS)))  # which wrong formula

CATALOGUE = Catalogue((_MUL, _FAN, _FUNCTION, _UPSTREAM))
"""The graph mistakes, simplest first; a fan-out or a function's derivative can be got wrong in
several ways, each tried in turn (``Mistake.also``)."""
