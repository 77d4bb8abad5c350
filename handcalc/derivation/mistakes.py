"""The formula mistakes: each one a change of the reference formula, tried as a variant reference.

A learner's formula that equals no right formula is compared with every variant of the
reference a mistake makes (``variants``); when it equals one on every random case, the mistake
is named.  Each entry is a ``mistakes.Mistake`` (code, name, explanation, right formula), so
``check``'s reports show it like any other; its ``variant`` here is a function of the
reference tree and the family, returning the mistaken trees (none when it does not apply).
A question may add variants of its own (``mistakes: {code: formula}``), for slips no tree
change describes (seed 004's softmax Jacobian written as a diagonal).
"""

from __future__ import annotations

from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from ..expr import walk
from ..formula import Add, Call, Const, Div, Mul, Neg, Sub, Sum, Sym, T
from ..mistakes import Catalogue, Mistake

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..mistakes import Variant

PRIMES = ("h′", "σ′", "tanh′", "ReLU′")


def _replace(node: Any, f: Callable[[Any], Any]) -> Any:
    """The tree with ``f`` applied bottom-up (f returns the node itself when it keeps it)."""
    if isinstance(node, tuple) and not isinstance(node, (Const, str)):
        kids = []
        for c in node:
            if isinstance(c, tuple) and not isinstance(c, Const) and c and \
                    all(isinstance(x, tuple) for x in c) and not hasattr(c, "_fields"):
                kids.append(tuple(_replace(x, f) for x in c))  # a tuple of terms
            elif hasattr(c, "_fields"):
                kids.append(_replace(c, f))
            else:
                kids.append(c)
        node = type(node)(*kids)
    return f(node)


def _h_prime_missing(tree: Any, family: Any) -> list[Any]:
    if not any(isinstance(n, Call) and n.name in PRIMES for n in walk(tree)):
        return []
    return [_replace(tree, lambda n: Const(Fraction(1)) if isinstance(n, Call)
                     and n.name in PRIMES else n)]


def _role(family: Any, name: str) -> str | None:
    table = getattr(family, "table", None)
    return table["names"].get(name) if table else None


def _h_prime_wrong_argument(tree: Any, family: Any) -> list[Any]:
    table = getattr(family, "table", None)
    if table is None:
        return []
    act = next((n for n, r in table["names"].items() if r == "act"), None)
    pre = next((n for n, r in table["names"].items() if r == "pre"), None)
    if act is None or pre is None:  # (every notation's table names both)
        return []

    def to_act(n: Any) -> Any:
        return n._replace(name=act) if isinstance(n, Sym) and n.name == pre else n

    out = []

    def swap(n: Any) -> Any:
        if isinstance(n, Call) and n.name == "h′":
            return n._replace(args=tuple(_replace(a, to_act) for a in n.args))
        return n
    changed = _replace(tree, swap)
    if changed != tree:
        out.append(changed)
    return out


def _weights_swapped(tree: Any, family: Any) -> list[Any]:
    def swap(n: Any) -> Any:
        if isinstance(n, Sym) and len(n.sub) == 2 and _role(family, n.name) in ("weight", "dW"):
            return n._replace(sub=n.sub[::-1])
        return n
    changed = _replace(tree, swap)
    return [changed] if changed != tree else []


def _sum_wrong_index(tree: Any, family: Any) -> list[Any]:
    """Σ_k δ_j^{l+1} w_jk: the error of the next layer indexed by this layer's unit j instead
    of the summed k (the sum then runs over the weights alone)."""
    def fix(n: Any) -> Any:
        if not isinstance(n, Sum):
            return n
        k = Sym(n.var)
        other = None
        for m in walk(n.body):
            if isinstance(m, Sym) and len(m.sub) == 2 and k in m.sub and \
                    _role(family, m.name) in ("weight", "dW"):
                other = m.sub[1] if m.sub[0] == k else m.sub[0]
        if other is None:
            return n

        def swap(m: Any) -> Any:
            if isinstance(m, Sym) and m.sub == (k,) and _role(family, m.name) == "delta":
                return m._replace(sub=(other,))
            return m
        return n._replace(body=_replace(n.body, swap))
    changed = _replace(tree, fix)
    return [changed] if changed != tree else []


def _transpose_missing(tree: Any, family: Any) -> list[Any]:
    spots = [n for n in walk(tree) if isinstance(n, T)]
    out = []
    for spot in spots:
        out.append(_replace(tree, partial(_unwrap_transpose, spot)))
    return out


def _unwrap_transpose(spot: T, n: Any) -> Any:
    """x where n is this transpose spot (xᵀ), n itself elsewhere."""
    return n.x if n is spot or n == spot else n


def _sign(tree: Any, family: Any) -> list[Any]:
    return [Neg(tree)]


def _half(tree: Any, family: Any) -> list[Any]:
    halves = (Const(Fraction(1, 2)), Div(Const(Fraction(1)), Const(Fraction(2))))
    squared = getattr(family, "loss", None) == "squared_error" or any(
        n in halves for _, _, t in getattr(family, "define", ()) for n in walk(t))
    if not squared:
        return []
    return [Mul((Const(Fraction(2)), tree)), Mul((Const(Fraction(1, 2)), tree))]


def _softmax_slip(tree: Any, family: Any) -> list[Any]:
    """Seed 004's slip: ∂x_i/∂x_j taken as −1 for i ≠ j, and the softmax's diagonal
    x_j(1 − x_j): (−t_j/x_j + Σ_{i≠j} t_i/x_i)·x_j(1 − x_j) where x_j − t_j belongs."""
    if getattr(family, "loss", None) != "cross_entropy" or \
            getattr(family, "activations", ["?"])[-1] != "softmax":
        return []

    def slip(n: Any) -> Any:
        if isinstance(n, Sub) and isinstance(n.a, Sym) and isinstance(n.b, Sym) and \
                _role(family, n.a.name) in ("act", "output") and \
                _role(family, n.b.name) == "target":
            x, t = n.a, n.b
            m = Sym("m")
            xm, tm = x._replace(sub=(m,)), t._replace(sub=(m,))
            others = Sub(Sum("m", Div(tm, xm)), Div(t, x))  # Σ_{m≠j} t_m/x_m
            return Mul((Add((Neg(Div(t, x)), others)), x, Sub(Const(Fraction(1)), x)))
        return n
    changed = _replace(tree, slip)
    return [changed] if changed != tree else []


def _none(tree: Any, family: Any) -> list[Any]:
    return []


def _m(code: str, en: str, ja: str, explain_en: str, explain_ja: str,
       variant: Callable[[Any, Any], list[Any]],
       rule: str | dict[str, str] = "") -> Mistake:
    # this kind's records vary a formula tree, variant(tree, family), not a method
    return Mistake(code, {"en": en, "ja": ja}, {"en": explain_en, "ja": explain_ja}, rule,
                   cast("Variant", variant))


CATALOGUE = Catalogue((
    _m("h_prime_missing", "h′ missing", "h′ の掛け忘れ",
       "The activation's derivative h′ is left out of the chain rule: the path through the "
       "activation is a factor too.",
       "連鎖律で活性化関数の微分 h′ が抜けている。活性化関数を通る経路も因子になる。",
       _h_prime_missing, "δ_j^l = Σ_k δ_k^{l+1} w_jk^{l+1} h′(a_j^l)"),
    _m("h_prime_wrong_argument", "h′ at the wrong argument", "h′ の引数の誤り",
       "h′ is taken at the activation instead of the pre-activation: h′ is the derivative "
       "with respect to the pre-activation, at the pre-activation.",
       "h′ を活性化後の値で評価している。h′ は活性化前の値についての微分で、その値で評価する。",
       _h_prime_wrong_argument,
       {"en": "h′(a_j^l): h′ at the pre-activation", "ja": "h′(a_j^l)：h′ は活性化前の値で評価"}),
    _m("weight_indices_swapped", "weight indices swapped", "重みの添字の入れ替え",
       "The weight's two indices are swapped (w_kj for w_jk): the weight that carries unit j "
       "to unit k of the next layer is the one to use.",
       "重みの添字が逆（w_jk のところに w_kj）。"
       "ユニット j から次の層のユニット k へ向かう重みを使う。",
       _weights_swapped, "δ_j^l = Σ_k δ_k^{l+1} w_jk^{l+1} h′(a_j^l)  (w_jk: from j to k)"),
    _m("sum_wrong_index", "sum over the wrong index", "和をとる添字の誤り",
       "δ^{l+1} carries the index of this layer's unit instead of the summed index k: the "
       "sum runs over the units k of the next layer, each with its own δ_k^{l+1}.",
       "δ^{l+1} の添字が和の添字 k ではなくこの層の j になっている。和は次の層のユニット k に"
       "ついてとり、それぞれの δ_k^{l+1} を使う。",
       _sum_wrong_index, "δ_j^l = Σ_k δ_k^{l+1} w_jk^{l+1} h′(a_j^l)"),
    _m("transpose_missing", "transpose missing", "転置の付け忘れ",
       "A matrix is used without its transpose, so the shapes do not fit (or the rows and "
       "columns are mixed up).",
       "行列の転置を忘れている。形が合わない（または行と列が入れ替わる）。",
       _transpose_missing, "∂L/∂W^l = X^{l−1}ᵀ Δ^l,  Δ^l = (Δ^{l+1} W^{l+1}ᵀ) ⊙ h′(A^l)"),
    _m("sign_flipped", "sign of (y − t)", "(y − t) の符号の誤り",
       "The sign is reversed (t − y for y − t): the loss grows with y − t, so its gradient "
       "has the sign of y − t.",
       "符号が逆（y − t のところに t − y）。損失は y − t とともに増えるので、勾配は y − t の符号。",
       _sign, "∂(½(y − t)²)/∂y = y − t"),
    _m("half_dropped", "the ½ of squared error", "二乗誤差の ½",
       "Off by a factor 2: the ½ of ½Σ(y − t)² is there to cancel the 2 of the derivative "
       "(drop it and you get 2(y − t); keep it without differentiating and you get ½(y − t)).",
       "2 倍ずれている。½Σ(y − t)² の ½ は微分で出る 2 と打ち消すためのもの。",
       _half, "∂(½(y − t)²)/∂y = y − t"),
    _m("softmax_diagonal_jacobian", "softmax as a diagonal Jacobian",
       "ソフトマックスのヤコビアンを対角として扱った",
       "The softmax outputs depend on every input: ∂x_i/∂a_j = x_i(δ_ij − x_j), not ±1 or "
       "diagonal.  With cross-entropy the chain collapses to x_j − t_j (seed 004's slide "
       "takes ∂x_i/∂x_j = −1 for i ≠ j; that step is wrong).",
       "ソフトマックスの各出力はすべての入力に依存する：∂x_i/∂a_j = x_i(δ_ij − x_j)。"
       "交差エントロピーと"
       "合わせると x_j − t_j にまとまる（seed 004 の ∂x_i/∂x_j = −1 は誤り）。",
       _softmax_slip, "∂x_i/∂a_j = x_i(δ_ij − x_j);  with cross-entropy ∂L/∂a_j = x_j − t_j"),
    _m("disallowed_symbol", "a symbol not allowed", "使えない記号",
       "The formula uses a symbol the question does not allow (it asks for the quantity in "
       "terms of given symbols only).",
       "問題で許されていない記号を使っている（指定された記号だけで表す問題）。",
       _none,
       {"en": "only the symbols the question allows", "ja": "問題で指定された記号だけを使う"}),
))


def variants(question: Any, family: Any) -> list[tuple[str, Any]]:
    """(code, mistaken tree) for every mistake that applies to the question's reference, the
    question's own variants first."""
    out = list(question.extra_variants)
    for m in CATALOGUE:
        # the formula kind's records vary a tree, not a method: variant(tree, family) → trees
        for tree in cast("Callable[[Any, Any], list[Any]]", m.variant)(question.answer, family):
            out.append((m.code, tree))
    return out
