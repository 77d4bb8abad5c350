"""The step graph of one training step of a network problem, in canonical ids (design.md):

    z1 a1 … zL aL, loss, dL_daL, then from L down to 1: delta_l dW_l db_l,
    then W_l_new b_l_new for what is updated, the forward pass again (helper steps
    z_l_after a_l_after), loss_new, improvement.

Each step binds a function of ``layers`` to its layer's settings and gives, per element, the
formula a person writes (as an expression over Refs, rendered by the notation).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from ..engine import Graph, Index, Method, Step
from ..formula import Call, Const, Div, Expr, Neg, Pow, Ref, Sub, add, mul
from ..functions import CANONICAL_PAIRS, FROM_LOGITS, FROM_Z
from . import layers as ly

if TYPE_CHECKING:
    from ..numbers import Number
    from .problem import Problem

Formula = Callable[[Index], Expr]  # an element's index → the formula a person writes for it


def scale_of(problem: Problem) -> Fraction:
    """1/n for a mean over n samples, 1 for a sum (or one sample)."""
    n = len(problem.inputs)
    return Fraction(1, n) if problem.reduction == "mean" else Fraction(1)


def given_values(problem: Problem) -> dict[str, Any]:
    """The values a problem gives: x (a0), the targets t, every W and b, the learning rate."""
    given: dict[str, Any] = {"a0": problem.inputs, "t": problem.targets,
                             "lr": problem.learning_rate}
    for l, layer in enumerate(problem.layers, start=1):
        given[f"W{l}"] = layer.W
        given[f"b{l}"] = layer.b
    return given


# --- formulas (per element) -------------------------------------------------------------------


def _scaled(expr: Expr, scale: Fraction) -> Expr:
    """expr, or expr/n for a mean over n samples."""
    if scale == 1:
        return expr
    if scale.numerator == 1:
        return Div(expr, Const(Fraction(1) / scale))
    return mul(Const(scale), expr)


def _activation_formula(name: str, z: str, a: str, units: int) -> Formula:
    """a_nj = h(z_nj): identity, max(0, z), 1/(1 + exp(−z)), tanh(z), or the softmax
    exp(z_nj)/Σ_k exp(z_nk)."""
    def formula(idx: Index) -> Expr:
        n, j = idx
        zj = Ref(z, (n, j))
        if name == "identity":
            return zj
        if name == "relu":
            return Call("max", (Const(Fraction(0)), zj))
        if name == "sigmoid":
            return Div(Const(Fraction(1)), add([Const(Fraction(1)), Call("exp", (Neg(zj),))]))
        if name == "tanh":
            return Call("tanh", (zj,))
        return Div(Call("exp", (zj,)), add([Call("exp", (Ref(z, (n, k)),)) for k in range(units)]))
    return formula


def derivative_expr(name: str, z: str, a: str, idx: Index, at_zero: Number = 0,
                    from_z: bool = False) -> Expr | None:
    """h′ at one element as a person writes it: a(1 − a), 1 − a², ReLU′(z); None for identity.
    ``from_z``: σ(z)(1 − σ(z)), 1 − tanh²(z), taken from z instead of the written a."""
    if name == "identity":
        return None
    if name == "relu":
        return Call("ReLU′", (Ref(z, idx),), as_value=True, params=(at_zero,))
    one = Const(Fraction(1))
    if from_z:
        fz = Call("σ" if name == "sigmoid" else "tanh", (Ref(z, idx),))
        return mul(fz, Sub(one, fz)) if name == "sigmoid" else Sub(one, Pow(fz, 2))
    if name == "sigmoid":
        return mul(Ref(a, idx), Sub(one, Ref(a, idx)))
    return Sub(one, Pow(Ref(a, idx), 2))


def _loss_terms(loss: str, y: str, t: str, targets: Sequence[Sequence[Number]], n: int,
                j: int) -> list[Expr]:
    """The terms of one output unit's loss, leaving out those a zero target removes."""
    yj, tj, one = Ref(y, (n, j)), Ref(t, (n, j)), Const(Fraction(1))
    target = targets[n][j]
    if loss == "squared_error":
        return [Pow(Sub(yj, tj), 2)]
    terms = []
    if target != 0:
        terms.append(mul(tj, Call("log", (yj,))))
    if loss == "binary_cross_entropy" and target != 1:
        terms.append(mul(Sub(one, tj), Call("log", (Sub(one, yj),))))
    return terms


def _loss_formula(loss: str, y: str, targets: Sequence[Sequence[Number]],
                  scale: Fraction) -> Formula:
    """L = scale·½Σ(y − t)², or −scale·Σ(t·log y [+ (1 − t)·log(1 − y)]), the terms a zero
    target removes left out."""
    def formula(idx: Index) -> Expr:
        terms = [term for n, row in enumerate(targets) for j in range(len(row))
                 for term in _loss_terms(loss, y, "t", targets, n, j)]
        if not terms:
            return Const(Fraction(0))
        body = add(terms)
        body = mul(Const(Fraction(1, 2)), body) if loss == "squared_error" else Neg(body)
        return _scaled(body, scale)
    return formula


def _loss_grad_formula(loss: str, y: str, scale: Fraction) -> Formula:
    """∂L/∂y = scale·(y − t), −scale·t/y, or scale·(−t/y + (1 − t)/(1 − y))."""
    def formula(idx: Index) -> Expr:
        yj, tj, one = Ref(y, idx), Ref("t", idx), Const(Fraction(1))
        if loss == "squared_error":
            body: Expr = Sub(yj, tj)
        elif loss == "cross_entropy":
            body = Neg(Div(tj, yj))
        else:
            body = add([Neg(Div(tj, yj)), Div(Sub(one, tj), Sub(one, yj))])
        return _scaled(body, scale)
    return formula


def _shortcut_formula(y: str, scale: Fraction) -> Formula:
    """δ = scale·(y − t) (softmax with cross-entropy, sigmoid with binary cross-entropy,
    identity with squared error)."""
    return lambda idx: _scaled(Sub(Ref(y, idx), Ref("t", idx)), scale)


def _chain_formula(name: str, g: str, z: str, a: str, units: int, at_zero: Number = 0,
                   from_z: bool = False) -> Formula:
    """δ_nj = g_nj·h′(z_nj), or for softmax δ_nj = a_nj(g_nj − Σ_k g_nk·a_nk)."""
    def formula(idx: Index) -> Expr:
        n, j = idx
        if name == "softmax":
            dot = add([mul(Ref(g, (n, k)), Ref(a, (n, k))) for k in range(units)])
            return mul(Ref(a, idx), Sub(Ref(g, idx), dot))
        return mul(Ref(g, idx), derivative_expr(name, z, a, idx, at_zero, from_z))
    return formula


def _hidden_delta_formula(name: str, d_next: str, W_next: str, z: str, a: str, layout: str,
                          units_next: int, at_zero: Number = 0, from_z: bool = False) -> Formula:
    """δ_nj = (Σ_k δ_nk⁽ˡ⁺¹⁾·w_kj⁽ˡ⁺¹⁾)·h′(z_nj)."""
    def formula(idx: Index) -> Expr:
        n, j = idx
        back = add([mul(Ref(d_next, (n, k)), Ref(W_next, ly.weight_index(layout, k, j)))
                    for k in range(units_next)])
        return mul(back, derivative_expr(name, z, a, idx, at_zero, from_z))
    return formula


def _from_z(method: Method, name: str, formula: Formula) -> tuple[Method, ...]:
    """The same δ with h′ taken from z (σ(z)(1 − σ(z)), 1 − tanh²(z)): equally right, and
    the grader's follow-through needs it for a learner whose a is wrong but whose h′ is not."""
    grad = FROM_Z.get(name)
    if grad is None:
        return ()
    c = cast("partial[Any]", method.compute)  # the delta steps' computes are partials
    return (Method(method.reads, partial(c.func, **{**c.keywords, "grad": grad}), formula,
                   mistakes=False),)


def _weight_grad_formula(delta: str, a_prev: str, layout: str, batch: int) -> Formula:
    """∂L/∂w_ji = Σ_n δ_nj·a_ni⁽ˡ⁻¹⁾ (the indices of the layout)."""
    def formula(idx: Index) -> Expr:
        r, c = idx
        j, i = (r, c) if layout == "column" else (c, r)
        return add([mul(Ref(delta, (n, j)), Ref(a_prev, (n, i))) for n in range(batch)])
    return formula


def _bias_grad_formula(delta: str, batch: int) -> Formula:
    """∂L/∂b_j = Σ_n δ_nj."""
    return lambda idx: add([Ref(delta, (n, idx[0])) for n in range(batch)])


def _update_formula(P: str, dP: str) -> Formula:
    """P_new = P − η·∂L/∂P."""
    return lambda idx: Sub(Ref(P, idx), mul(Ref("lr"), Ref(dP, idx)))


def _pre_activation_formula(W: str, a_prev: str, b: str, layout: str,
                            units_prev: int) -> Formula:
    """z_nj = Σ_i w_ji·a_ni⁽ˡ⁻¹⁾ + b_j (the indices of the layout)."""
    def formula(idx: Index) -> Expr:
        n, j = idx
        terms = [mul(Ref(W, ly.weight_index(layout, j, i)), Ref(a_prev, (n, i)))
                 for i in range(units_prev)]
        return add(terms + [Ref(b, (j,))])
    return formula


def _loss_step(sid: str, problem: Problem, z: str, y: str, scale: Fraction, phase: str) -> Step:
    """The loss from the outputs y, as a person computes it; for softmax + cross-entropy and
    sigmoid + binary cross-entropy the truth is computed from z instead (log-sum-exp,
    softplus: right at any logits), the y form staying an equally right method."""
    by_y = Method((y, "t"), partial(ly.loss, name=problem.loss, scale=scale),
                  _loss_formula(problem.loss, y, problem.targets, scale))
    pair = (problem.layers[-1].activation, problem.loss)
    if pair not in FROM_LOGITS:
        return Step(sid, by_y, phase, None, what="loss")
    stable = Method((z, "t"), partial(ly.loss_from_logits, pair=pair, scale=scale),
                    by_y.formula)
    return Step(sid, stable, phase, None, alternatives=(by_y,), what="loss")


# --- the graph --------------------------------------------------------------------------------


def _forward(problem: Problem, suffix: str, params: dict[str, str], phase: str,
             asked: bool) -> list[Step]:
    """z_l, a_l for every layer; ``params`` maps W{l}/b{l} to the ids to read them from."""
    steps = []
    layout = problem.layout
    prev = "a0"
    units_prev = len(problem.inputs[0])
    for l, layer in enumerate(problem.layers, start=1):
        z, a = f"z{l}{suffix}", f"a{l}{suffix}"
        W, b = params[f"W{l}"], params[f"b{l}"]
        steps.append(Step(z, Method((W, prev, b), partial(ly.pre_activation, layout=layout),
                                    _pre_activation_formula(W, prev, b, layout, units_prev)),
                          phase, l, asked, what="z"))
        steps.append(Step(a, Method((z,), partial(ly.activation, name=layer.activation),
                                    _activation_formula(layer.activation, z, a, len(layer.b))),
                          phase, l, asked, what="a"))
        prev, units_prev = a, len(layer.b)
    return steps


def build(problem: Problem) -> Graph:
    """The step graph of one training step of this problem."""
    L = len(problem.layers)
    layout, scale, at_zero = problem.layout, scale_of(problem), problem.relu_grad_at_zero
    batch = len(problem.inputs)
    out_act = problem.layers[-1].activation
    same = {f"{k}{l}": f"{k}{l}" for l in range(1, L + 1) for k in ("W", "b")}
    steps = _forward(problem, "", same, "forward", True)

    y = f"a{L}"
    steps.append(_loss_step("loss", problem, f"z{L}", y, scale, "loss"))
    g = f"dL_da{L}"
    grad = Method((y, "t"), partial(ly.loss_grad, name=problem.loss, scale=scale),
                  _loss_grad_formula(problem.loss, y, scale))
    if (out_act, problem.loss) in FROM_LOGITS:  # stably from z; from y as a person does
        stable = Method((f"z{L}", "t"), partial(ly.loss_grad_from_logits,
                                                pair=(out_act, problem.loss), scale=scale),
                        grad.formula)
        steps.append(Step(g, stable, "backward", L, alternatives=(grad,), what="dL_da"))
    else:
        steps.append(Step(g, grad, "backward", L, what="dL_da"))

    for l in range(L, 0, -1):
        layer = problem.layers[l - 1]
        z, a, d, prev = f"z{l}", f"a{l}", f"delta{l}", f"a{l - 1}"
        units = len(layer.b)
        if l == L:
            chain = Method((g, z, a), partial(ly.output_delta_chain, name=out_act, at_zero=at_zero),
                           _chain_formula(out_act, g, z, a, units, at_zero))
            chain_z = _from_z(chain, out_act,
                              _chain_formula(out_act, g, z, a, units, at_zero, from_z=True))
            if (out_act, problem.loss) in CANONICAL_PAIRS:
                shortcut = Method((a, "t"), partial(ly.output_delta_shortcut, scale=scale),
                                  _shortcut_formula(a, scale))
                steps.append(Step(d, shortcut, "backward", l, alternatives=(chain, *chain_z),
                                  what="delta"))
            else:
                steps.append(Step(d, chain, "backward", l, alternatives=chain_z, what="delta"))
        else:
            nxt, W_next = f"delta{l + 1}", f"W{l + 1}"
            units_next = len(problem.layers[l].b)
            hidden = Method((nxt, W_next, z, a),
                            partial(ly.hidden_delta, layout=layout, name=layer.activation,
                                    at_zero=at_zero),
                            _hidden_delta_formula(layer.activation, nxt, W_next, z, a, layout,
                                                  units_next, at_zero))
            hidden_z = _from_z(hidden, layer.activation,
                               _hidden_delta_formula(layer.activation, nxt, W_next, z, a, layout,
                                                     units_next, at_zero, from_z=True))
            steps.append(Step(d, hidden, "backward", l, alternatives=hidden_z, what="delta"))
        steps.append(Step(f"dW{l}", Method((d, prev), partial(ly.weight_grad, layout=layout),
                                           _weight_grad_formula(d, prev, layout, batch)),
                          "backward", l, what="dW"))
        steps.append(Step(f"db{l}", Method((d,), ly.bias_grad, _bias_grad_formula(d, batch)),
                          "backward", l, what="db"))

    after = dict(same)
    for l in range(1, L + 1):
        for kind in ("W", "b"):
            if kind in problem.update:
                new = f"{kind}{l}_new"
                steps.append(Step(new, Method((f"{kind}{l}", f"d{kind}{l}", "lr"), ly.step_down,
                                              _update_formula(f"{kind}{l}", f"d{kind}{l}")),
                                  "update", l, what=f"{kind}_new"))
                after[f"{kind}{l}"] = new
    steps += _forward(problem, "_after", after, "after", False)
    steps.append(_loss_step("loss_new", problem, f"z{L}_after", f"a{L}_after", scale, "after"))
    steps.append(Step("improvement", Method(("loss", "loss_new"), ly.difference,
                                            lambda idx: Sub(Ref("loss"), Ref("loss_new"))),
                      "after", None, what="improvement"))
    return Graph(steps, given_values(problem))
