"""The network mistakes: each named misconception of a training step by hand, as a variant of
the step's right method (the type and the helpers are in ``handcalc/mistakes.py``).

Each mistake is written as its variant function followed by its record: code, name and
explanation (en, ja), the right formula, the variant.  ``NETWORK`` lists them in the order a
wrong number is tried (simplest first)."""

from __future__ import annotations

from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Any

from .. import functions as fn
from ..engine import Method, Step
from ..mistakes import (
    Catalogue,
    Mistake,
    func_of,
    keywords,
    map_input,
    map_output,
    scale_value,
    settings_of,
    swap_read,
    transpose,
)
from . import layers as ly

if TYPE_CHECKING:
    from ..exercise import Exercise


def ONE(z: Any, a: Any, at_zero: Any) -> Fraction:
    """h′ replaced by 1: the derivative forgotten."""
    return Fraction(1)


# --- which step is which (network) ------------------------------------------------------------


def _problem(ex: Exercise) -> Any:
    return ex.problem


def _output_layer(ex: Exercise) -> int:
    return len(ex.problem.layers)


def _activation(ex: Exercise, layer: int) -> str:
    return str(ex.problem.layers[layer - 1].activation)


def _is_output_delta(ex: Exercise, step: Step) -> bool:
    return step.what == "delta" and step.layer == _output_layer(ex)


def _batch_mean(ex: Exercise) -> int | None:
    """n when the loss is a mean over n > 1 samples, else None."""
    p = _problem(ex)
    return p.batch if p.reduction == "mean" and p.batch > 1 else None


def _units(ex: Exercise, layer: int) -> int:
    return int(ex.problem.sizes[layer])


# --- pieces the variants share --------------------------------------------------------------


def _sigmoid_grad_at_a(z: Any, a: Any, at_zero: Any) -> Any:
    """σ′ evaluated at a: σ(a)(1 − σ(a))"""
    s = fn.sigmoid(a)
    return s * (1 - s)


def _tanh_grad_at_a(z: Any, a: Any, at_zero: Any) -> Any:
    """tanh′ evaluated at a: 1 − tanh(a)²"""
    return 1 - fn.tanh(a) ** 2


def _relu_grad_at_a(z: Any, a: Any, at_zero: Any) -> Any:
    """ReLU′ evaluated at a = max(0, z)"""
    return fn.relu_grad(a, a, at_zero)


_AT_ACTIVATION = {"sigmoid": _sigmoid_grad_at_a, "tanh": _tanh_grad_at_a, "relu": _relu_grad_at_a}


def _sigmoid_formula_on_z(z: Any, a: Any, at_zero: Any) -> Any:
    """a(1 − a) written with z: z(1 − z)"""
    return z * (1 - z)


def _tanh_formula_on_z(z: Any, a: Any, at_zero: Any) -> Any:
    """1 − a² written with z: 1 − z²"""
    return 1 - z * z


_ON_Z = {"sigmoid": _sigmoid_formula_on_z, "tanh": _tanh_formula_on_z}


def _is_update(step: Step, m: Method) -> bool:
    return step.what in ("W_new", "b_new") and "lr" in m.reads


def _loss_side(ex: Exercise, step: Step) -> bool:
    """The loss, ∂L/∂y and the output δ: where the loss's constant factors show."""
    return step.what in ("loss", "dL_da") or _is_output_delta(ex, step)


def _square(ex: Exercise, step: Step) -> bool:
    value = ex.values()[step.id]
    return isinstance(value, list) and bool(value) and isinstance(value[0], list) \
        and len(value) == len(value[0]) > 1


def _softmax_output(ex: Exercise, step: Step) -> bool:
    return _activation(ex, _output_layer(ex)) == "softmax"


def sum_constraint(g: list[list[Any]]) -> list[list[Any]]:
    """∂L/∂y_j as if ∂y_i/∂y_j = −1 for i ≠ j: g_j − Σ_{i≠j} g_i (for each sample)"""
    out = []
    for g_n in g:
        total = sum(g_n)
        out.append([gj - (total - gj) for gj in g_n])
    return out


# --- the network mistakes: each variant, then its record (words, right formula) ------------


def _relu_at_zero(ex: Exercise, step: Step, m: Method) -> Method | None:
    """relu_derivative_at_zero (ReLU′(0) convention not followed): the step's method with this
    mistake made, or None where the mistake does not apply to it."""
    if func_of(m) not in (ly.hidden_delta, ly.output_delta_chain):
        return None
    kw = settings_of(m)
    if kw.get("name") != "relu" or "grad" in kw:
        return None
    return keywords(m, at_zero=1 - kw["at_zero"])


RELU_DERIVATIVE_AT_ZERO = Mistake(
    "relu_derivative_at_zero",
    {"en": "ReLU′(0) convention not followed", "ja": "ReLU′(0) の約束と違う"},
    {"en": "At {z} = 0 ReLU has no derivative; the problem states the value to use "
           "(relu_grad_at_zero, usually 0).",
     "ja": "{z} = 0 で ReLU は微分できない。使う値は問題が決めている（relu_grad_at_zero、"
           "ふつうは 0）。"},
    {"en": "ReLU′({z}) = 1 ({z} > 0), 0 ({z} < 0), relu_grad_at_zero ({z} = 0)",
     "ja": "ReLU′({z}) = 1（{z} > 0）、0（{z} < 0）、relu_grad_at_zero（{z} = 0）"},
    _relu_at_zero)


def _forgot_derivative(ex: Exercise, step: Step, m: Method) -> Method | None:
    """forgot_activation_derivative (h′ forgotten in δ): the step's method with this mistake
    made, or None where the mistake does not apply to it."""
    f, kw = func_of(m), settings_of(m)
    if f is ly.hidden_delta and kw.get("name") != "identity":
        return keywords(m, grad=ONE)
    if f is ly.output_delta_chain and kw.get("name") != "identity":
        if kw.get("name") == "softmax":  # δ = ∂L/∂y: the softmax Jacobian left out entirely
            return keywords(m, name="identity", grad=ONE)
        return keywords(m, grad=ONE)
    return None


FORGOT_ACTIVATION_DERIVATIVE = Mistake(
    "forgot_activation_derivative",
    {"en": "h′ forgotten in δ", "ja": "δ で h′ を忘れた"},
    {"en": "δ was computed without the factor h′({z}): the error coming back through the "
           "weights must be multiplied by the slope of the activation at this unit.",
     "ja": "δ に活性化関数の傾き h′({z}) を掛けていない。重みを通って戻ってきた誤差に、"
           "そのユニットでの活性化関数の微分を掛ける。"},
    "δⱼ⁽ˡ⁾ = (Σₖ δₖ⁽ˡ⁺¹⁾ wₖⱼ⁽ˡ⁺¹⁾) · h′({z}ⱼ⁽ˡ⁾);  δⱼ⁽ᴸ⁾ = ∂{L}/∂{a}ⱼ⁽ᴸ⁾ · h′({z}ⱼ⁽ᴸ⁾)",
    _forgot_derivative)


def _derivative_at_activation(ex: Exercise, step: Step, m: Method) -> Method | None:
    """derivative_at_activation (h′ taken at {a}, not at {z}): the step's method with this
    mistake made, or None where the mistake does not apply to it."""
    if func_of(m) not in (ly.hidden_delta, ly.output_delta_chain):
        return None
    grad = _AT_ACTIVATION.get(str(settings_of(m).get("name")))
    return keywords(m, grad=grad) if grad else None


DERIVATIVE_AT_ACTIVATION = Mistake(
    "derivative_at_activation",
    {"en": "h′ taken at {a}, not at {z}", "ja": "h′ を {z} でなく {a} で評価した"},
    {"en": "The derivative was evaluated at {a} = h({z}) — as σ({a})(1 − σ({a})) — instead of "
           "at {z}. Since {a} = σ({z}) is already known, σ′({z}) = {a}(1 − {a}): use {a} "
           "itself, not σ({a}).",
     "ja": "微分を {z} ではなく {a} = h({z}) で評価した（σ({a})(1 − σ({a})) など）。"
           "{a} = σ({z}) はもう求めてあるので σ′({z}) = {a}(1 − {a})：σ({a}) ではなく "
           "{a} をそのまま使う。"},
    "σ′({z}) = σ({z})(1 − σ({z})) = {a}(1 − {a});  tanh′({z}) = 1 − {a}²",
    _derivative_at_activation)


def _derivative_on_z(ex: Exercise, step: Step, m: Method) -> Method | None:
    """derivative_formula_on_z ({a}(1 − {a}) written with {z}): the step's method with this
    mistake made, or None where the mistake does not apply to it."""
    if func_of(m) not in (ly.hidden_delta, ly.output_delta_chain):
        return None
    grad = _ON_Z.get(str(settings_of(m).get("name")))
    return keywords(m, grad=grad) if grad else None


DERIVATIVE_FORMULA_ON_Z = Mistake(
    "derivative_formula_on_z",
    {"en": "{a}(1 − {a}) written with {z}", "ja": "{a}(1 − {a}) に {z} を入れた"},
    {"en": "The shortcut σ′ = {a}(1 − {a}) needs the activation {a}; it was used with the "
           "pre-activation {z}, as {z}(1 − {z}) (for tanh: 1 − {z}²).",
     "ja": "σ′ = {a}(1 − {a}) の {a} には活性化後の値を入れる。活性化前の {z} を入れて "
           "{z}(1 − {z})（tanh なら 1 − {z}²）としてしまった。"},
    "σ′({z}) = {a}(1 − {a});  tanh′({z}) = 1 − {a}²",
    _derivative_on_z)


def _updated_weights(ex: Exercise, step: Step, m: Method) -> Method | None:
    """updated_weights_in_backward (updated W used going back): the step's method with this
    mistake made, or None where the mistake does not apply to it."""
    if func_of(m) is not ly.hidden_delta:
        return None
    W_next = m.reads[1]
    if f"{W_next}_new" not in ex.graph.by_id:
        return None
    return swap_read(m, W_next, f"{W_next}_new")


UPDATED_WEIGHTS_IN_BACKWARD = Mistake(
    "updated_weights_in_backward",
    {"en": "updated W used going back", "ja": "逆伝播に更新後の W を使った"},
    {"en": "δ was sent back through the new weights W′. Backpropagation uses the weights of "
           "the forward pass, the weights before the update: find every gradient first, "
           "then update.",
     "ja": "δ を更新後の重み W′ で逆伝播した。逆伝播には順伝播で使った重み（更新前の重み）"
           "を使う。すべての勾配を求めてから更新する。"},
    {"en": "δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ h′({z}⁽ˡ⁾), with W⁽ˡ⁺¹⁾ before the update",
     "ja": "δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ h′({z}⁽ˡ⁾)（W⁽ˡ⁺¹⁾ は更新前）"},
    _updated_weights)


def _wrong_sign(ex: Exercise, step: Step, m: Method) -> Method | None:
    """update_wrong_sign (update with the wrong sign): the step's method with this mistake made,
    or None where the mistake does not apply to it."""
    return map_input(m, "lr", lambda lr: -lr) if _is_update(step, m) else None


UPDATE_WRONG_SIGN = Mistake(
    "update_wrong_sign",
    {"en": "update with the wrong sign", "ja": "更新の符号が逆"},
    {"en": "The gradient was added: W + η·∂{L}/∂W moves uphill and makes the loss larger. "
           "Gradient descent subtracts it.",
     "ja": "勾配を足してしまった。W + η·∂{L}/∂W は損失が増える向き。勾配降下法では引く。"},
    "W′ = W − η·∂{L}/∂W,  b′ = b − η·∂{L}/∂b",
    _wrong_sign)


def _forgot_lr(ex: Exercise, step: Step, m: Method) -> Method | None:
    """forgot_learning_rate (learning rate η forgotten): the step's method with this mistake
    made, or None where the mistake does not apply to it."""
    return map_input(m, "lr", lambda lr: Fraction(1)) if _is_update(step, m) else None


FORGOT_LEARNING_RATE = Mistake(
    "forgot_learning_rate",
    {"en": "learning rate η forgotten", "ja": "学習率 η を忘れた"},
    {"en": "The gradient was subtracted without multiplying it by the learning rate η.",
     "ja": "勾配に学習率 η を掛けずに引いた。"},
    "W′ = W − η·∂{L}/∂W,  b′ = b − η·∂{L}/∂b",
    _forgot_lr)


def _dropped_half(ex: Exercise, step: Step, m: Method) -> Method | None:
    """dropped_half (½ of squared error dropped): the step's method with this mistake made, or
    None where the mistake does not apply to it."""
    if _problem(ex).loss != "squared_error" or not _loss_side(ex, step):
        return None
    return map_output(m, lambda v: scale_value(v, 2))


DROPPED_HALF = Mistake(
    "dropped_half",
    {"en": "½ of squared error dropped", "ja": "二乗誤差の ½ を落とした"},
    {"en": "The loss is ½Σ({a} − {t})². Without the ½ the loss doubles, and so does its "
           "gradient: 2({a} − {t}) instead of {a} − {t}.",
     "ja": "損失は ½Σ({a} − {t})²。½ を落とすと損失は2倍、勾配も {a} − {t} ではなく "
           "2({a} − {t}) になる。"},
    "{L} = ½ Σⱼ ({a}ⱼ − {t}ⱼ)²,  ∂{L}/∂{a}ⱼ = {a}ⱼ − {t}ⱼ",
    _dropped_half)


def _mean_not_divided(ex: Exercise, step: Step, m: Method) -> Method | None:
    """mean_not_divided (1/n of the mean forgotten): the step's method with this mistake made,
    or None where the mistake does not apply to it."""
    n = _batch_mean(ex)
    if n is None or not _loss_side(ex, step):
        return None
    return map_output(m, lambda v: scale_value(v, n))


MEAN_NOT_DIVIDED = Mistake(
    "mean_not_divided",
    {"en": "1/n of the mean forgotten", "ja": "平均の 1/n を忘れた"},
    {"en": "With reduction: mean the loss is the mean over the n samples of the mini-batch, "
           "so the loss, ∂{L}/∂{a} and δ at the output all carry the factor 1/n.",
     "ja": "reduction: mean では損失はミニバッチ n 個の平均。損失・∂{L}/∂{a}・出力層の δ "
           "にはすべて 1/n が付く。"},
    "{L} = (1/n) Σₙ Eₙ,  δ⁽ᴸ⁾ = ∂Eₙ/∂{z}⁽ᴸ⁾ / n",
    _mean_not_divided)


def _mean_twice(ex: Exercise, step: Step, m: Method) -> Method | None:
    """mean_divided_twice (1/n of the mean applied twice): the step's method with this mistake
    made, or None where the mistake does not apply to it."""
    n = _batch_mean(ex)
    if n is None or not (_loss_side(ex, step) or step.what in ("dW", "db")):
        return None
    return map_output(m, lambda v: scale_value(v, Fraction(1, n)))


MEAN_DIVIDED_TWICE = Mistake(
    "mean_divided_twice",
    {"en": "1/n of the mean applied twice", "ja": "平均の 1/n を二重に掛けた"},
    {"en": "The 1/n of the mean is already inside δ; dividing by n again (in the loss, in "
           "∂{L}/∂{a}, or when adding up dW and db) makes the value n times too small. "
           "dW and db simply add up the samples.",
     "ja": "平均の 1/n は δ にすでに入っている。損失・∂{L}/∂{a}・dW・db でもう一度 n で"
           "割ると n 倍小さくなる。dW と db はサンプルについて足すだけ。"},
    {"en": "∂{L}/∂W = Σₙ δₙ {a}ₙ⁽ˡ⁻¹⁾ᵀ,  ∂{L}/∂b = Σₙ δₙ  (δ already carries 1/n)",
     "ja": "∂{L}/∂W = Σₙ δₙ {a}ₙ⁽ˡ⁻¹⁾ᵀ、∂{L}/∂b = Σₙ δₙ（1/n は δ に入っている）"},
    _mean_twice)


def _transposed(ex: Exercise, step: Step, m: Method) -> Method | None:
    """transposed (matrix transposed): the step's method with this mistake made, or None where
    the mistake does not apply to it."""
    if step.what not in ("dW", "W_new") or not _square(ex, step):
        return None
    return map_output(m, transpose)


TRANSPOSED = Mistake(
    "transposed",
    {"en": "matrix transposed", "ja": "行列が転置している"},
    {"en": "Rows and columns are swapped. ∂{L}/∂W and W′ have the shape of W: in the column "
           "layout row j belongs to unit j of this layer (∂{L}/∂wⱼᵢ = δⱼ {a}ᵢ); in the row "
           "layout row i belongs to unit i of the layer below.",
     "ja": "行と列が入れ替わっている。∂{L}/∂W と W′ は W と同じ形。列レイアウトでは行 j が"
           "この層のユニット j（∂{L}/∂wⱼᵢ = δⱼ {a}ᵢ）、行レイアウトでは行 i が前の層の"
           "ユニット i。"},
    {"en": "∂{L}/∂wⱼᵢ⁽ˡ⁾ = Σₙ δⱼ⁽ˡ⁾ {a}ᵢ⁽ˡ⁻¹⁾, placed where wⱼᵢ is in W",
     "ja": "∂{L}/∂wⱼᵢ⁽ˡ⁾ = Σₙ δⱼ⁽ˡ⁾ {a}ᵢ⁽ˡ⁻¹⁾（W の wⱼᵢ と同じ位置に置く）"},
    _transposed)


def _own_activation(ex: Exercise, step: Step, m: Method) -> Method | None:
    """own_activation_in_dw ({a}⁽ˡ⁾ for {a}⁽ˡ⁻¹⁾ in dW): the step's method with this mistake
    made, or None where the mistake does not apply to it."""
    if func_of(m) is not ly.weight_grad or step.layer is None:
        return None
    l = step.layer
    if _units(ex, l) != _units(ex, l - 1):  # a⁽ˡ⁾ would give another shape than W
        return None
    return swap_read(m, f"a{l - 1}", f"a{l}")


OWN_ACTIVATION_IN_DW = Mistake(
    "own_activation_in_dw",
    {"en": "{a}⁽ˡ⁾ for {a}⁽ˡ⁻¹⁾ in dW", "ja": "dW に {a}⁽ˡ⁻¹⁾ でなく {a}⁽ˡ⁾"},
    {"en": "∂{L}/∂wⱼᵢ multiplies δⱼ by what that weight carries: the activation of the layer "
           "below, {a}⁽ˡ⁻¹⁾ — not this layer's own output {a}⁽ˡ⁾.",
     "ja": "∂{L}/∂wⱼᵢ は δⱼ に、その重みが運ぶ入力（前の層の出力 {a}⁽ˡ⁻¹⁾）を掛ける。"
           "この層自身の出力 {a}⁽ˡ⁾ ではない。"},
    "∂{L}/∂wⱼᵢ⁽ˡ⁾ = Σₙ δⱼ⁽ˡ⁾ {a}ᵢ⁽ˡ⁻¹⁾",
    _own_activation)


def _pre_activation_in_dW(ex: Exercise, step: Step, m: Method) -> Method | None:
    """pre_activation_in_dw ({z}⁽ˡ⁻¹⁾ for {a}⁽ˡ⁻¹⁾ in dW): the step's method with this mistake
    made, or None where the mistake does not apply to it."""
    if func_of(m) is not ly.weight_grad or step.layer is None or step.layer < 2:
        return None
    l = step.layer
    if _activation(ex, l - 1) == "identity":
        return None
    return swap_read(m, f"a{l - 1}", f"z{l - 1}")


PRE_ACTIVATION_IN_DW = Mistake(
    "pre_activation_in_dw",
    {"en": "{z}⁽ˡ⁻¹⁾ for {a}⁽ˡ⁻¹⁾ in dW", "ja": "dW に {a}⁽ˡ⁻¹⁾ でなく {z}⁽ˡ⁻¹⁾"},
    {"en": "The input a weight carries is the layer below after its activation, "
           "{a}⁽ˡ⁻¹⁾ = h({z}⁽ˡ⁻¹⁾), not the pre-activation {z}⁽ˡ⁻¹⁾.",
     "ja": "重みへの入力は前の層の活性化後の値 {a}⁽ˡ⁻¹⁾ = h({z}⁽ˡ⁻¹⁾)。活性化前の "
           "{z}⁽ˡ⁻¹⁾ ではない。"},
    "∂{L}/∂wⱼᵢ⁽ˡ⁾ = Σₙ δⱼ⁽ˡ⁾ {a}ᵢ⁽ˡ⁻¹⁾",
    _pre_activation_in_dW)


def _bias_not_summed(ex: Exercise, step: Step, m: Method) -> Method | None:
    """bias_not_summed (db not summed over the batch): the step's method with this mistake made,
    or None where the mistake does not apply to it."""
    if step.what != "db" or _problem(ex).batch < 2 or func_of(m) is not ly.bias_grad:
        return None
    return Method(m.reads, lambda delta: list(delta[0]))  # the first sample's δ only


BIAS_NOT_SUMMED = Mistake(
    "bias_not_summed",
    {"en": "db not summed over the batch", "ja": "db をバッチで合計していない"},
    {"en": "Every sample of the mini-batch has its own δ; the bias gradient is their sum, "
           "one number per unit.",
     "ja": "ミニバッチの各サンプルにそれぞれの δ がある。バイアスの勾配はそれらの和"
           "（ユニットごとに1つの数）。"},
    "∂{L}/∂bⱼ = Σₙ δⱼ[n]",
    _bias_not_summed)


def _softmax_diagonal(ex: Exercise, step: Step, m: Method) -> Method | None:
    """softmax_diagonal (softmax Jacobian diagonal only): the step's method with this mistake
    made, or None where the mistake does not apply to it."""
    if not (_is_output_delta(ex, step) and _softmax_output(ex, step)):
        return None
    L = _output_layer(ex)
    return Method((f"dL_da{L}", f"z{L}", f"a{L}"),
                  partial(ly.output_delta_chain, name="softmax_diagonal", at_zero=0,
                          grad=fn.sigmoid_grad))  # y(1 − y): the Jacobian's diagonal only


SOFTMAX_DIAGONAL = Mistake(
    "softmax_diagonal",
    {"en": "softmax Jacobian diagonal only", "ja": "softmax のヤコビアンを対角だけ"},
    {"en": "Every softmax output depends on every input: ∂{a}ᵢ/∂{z}ⱼ = {a}ᵢ(1[i = j] − {a}ⱼ). "
           "Keeping only the diagonal {a}ⱼ(1 − {a}ⱼ) drops the terms i ≠ j. With "
           "cross-entropy the whole Jacobian gives δ = {a} − {t}.",
     "ja": "softmax の出力はそれぞれすべての入力に依存する：∂{a}ᵢ/∂{z}ⱼ = "
           "{a}ᵢ(1[i = j] − {a}ⱼ)。対角の {a}ⱼ(1 − {a}ⱼ) だけでは i ≠ j の項が抜ける。"
           "交差エントロピーと合わせるとヤコビアン全体から δ = {a} − {t} になる。"},
    "δⱼ = Σᵢ ∂{L}/∂{a}ᵢ · {a}ᵢ(1[i = j] − {a}ⱼ) = {a}ⱼ(∂{L}/∂{a}ⱼ − Σᵢ ∂{L}/∂{a}ᵢ {a}ᵢ)",
    _softmax_diagonal)


def _sum_constraint(ex: Exercise, step: Step, m: Method) -> Method | None:
    """softmax_sum_constraint (softmax ∂{a}ᵢ/∂{a}ⱼ taken as −1): the step's method with this
    mistake made, or None where the mistake does not apply to it."""
    if not _softmax_output(ex, step):
        return None
    L = _output_layer(ex)
    if step.what == "dL_da":
        return map_output(m, sum_constraint)
    if _is_output_delta(ex, step):
        diag = partial(ly.output_delta_chain, name="softmax_diagonal", at_zero=0,
                       grad=fn.sigmoid_grad)
        return Method((f"dL_da{L}", f"z{L}", f"a{L}"),
                      lambda g, z, a: diag(sum_constraint(g), z, a))
    return None


SOFTMAX_SUM_CONSTRAINT = Mistake(
    "softmax_sum_constraint",
    {"en": "softmax ∂{a}ᵢ/∂{a}ⱼ taken as −1", "ja": "softmax で ∂{a}ᵢ/∂{a}ⱼ = −1 とした"},
    {"en": "The outputs add up to 1, but that does not make ∂{a}ᵢ/∂{a}ⱼ = −1 for i ≠ j: "
           "they are not functions of one another, so ∂{L}/∂{a}ⱼ = −{t}ⱼ/{a}ⱼ. The coupling "
           "of the outputs enters through the softmax Jacobian, ∂{a}ᵢ/∂{z}ⱼ = "
           "{a}ᵢ(1[i = j] − {a}ⱼ). (With two classes the slip happens to give the right δ.)",
     "ja": "出力の和は1だが、i ≠ j で ∂{a}ᵢ/∂{a}ⱼ = −1 にはならない（出力どうしは互いの"
           "関数ではない）ので ∂{L}/∂{a}ⱼ = −{t}ⱼ/{a}ⱼ。出力どうしの結びつきは softmax の"
           "ヤコビアン ∂{a}ᵢ/∂{z}ⱼ = {a}ᵢ(1[i = j] − {a}ⱼ) を通して入る。"
           "（2クラスのときだけ偶然 δ が正しくなる。）"},
    "∂{L}/∂{a}ⱼ = −{t}ⱼ/{a}ⱼ;  δⱼ = {a}ⱼ(∂{L}/∂{a}ⱼ − Σᵢ ∂{L}/∂{a}ᵢ {a}ᵢ) = {a}ⱼ − {t}ⱼ",
    _sum_constraint)


def _sign_flipped(ex: Exercise, step: Step, m: Method) -> Method | None:
    """sign_flipped ({t} − {a} instead of {a} − {t}): the step's method with this mistake made,
    or None where the mistake does not apply to it."""
    if step.what == "dL_da" or _is_output_delta(ex, step):
        return map_output(m, lambda v: scale_value(v, -1))
    return None


SIGN_FLIPPED = Mistake(
    "sign_flipped",
    {"en": "{t} − {a} instead of {a} − {t}", "ja": "{a} − {t} の符号が逆"},
    {"en": "The error at the output is prediction minus target, {a} − {t}; writing "
           "{t} − {a} turns every gradient after it around.",
     "ja": "出力の誤差は 予測 − 正解 = {a} − {t}。{t} − {a} にすると、その後の勾配の"
           "向きがすべて逆になる。"},
    {"en": "∂{L}/∂{a}ⱼ = {a}ⱼ − {t}ⱼ (squared error);  δⱼ = {a}ⱼ − {t}ⱼ "
           "(softmax + cross-entropy)",
     "ja": "∂{L}/∂{a}ⱼ = {a}ⱼ − {t}ⱼ（二乗誤差）、"
           "δⱼ = {a}ⱼ − {t}ⱼ（softmax + 交差エントロピー）"},
    _sign_flipped)


def _forgot_bias(ex: Exercise, step: Step, m: Method) -> Method | None:
    """forgot_bias (bias left out): the step's method with this mistake made, or None where the
    mistake does not apply to it."""
    if step.what != "z" or func_of(m) is not ly.pre_activation:
        return None
    b = m.reads[2]
    return map_input(m, b, lambda v: [0 * x for x in v])


FORGOT_BIAS = Mistake(
    "forgot_bias",
    {"en": "bias left out", "ja": "バイアスを足し忘れた"},
    {"en": "The bias was not added: {z}ⱼ = Σᵢ wⱼᵢ {a}ᵢ + bⱼ.",
     "ja": "バイアスを足していない：{z}ⱼ = Σᵢ wⱼᵢ {a}ᵢ + bⱼ。"},
    "{z}ⱼ⁽ˡ⁾ = Σᵢ wⱼᵢ⁽ˡ⁾ {a}ᵢ⁽ˡ⁻¹⁾ + bⱼ⁽ˡ⁾",
    _forgot_bias)


def _forgot_activation(ex: Exercise, step: Step, m: Method) -> Method | None:
    """forgot_activation (activation not applied): the step's method with this mistake made, or
    None where the mistake does not apply to it."""
    if step.what != "a" or func_of(m) is not ly.activation:
        return None
    if settings_of(m).get("name") == "identity":
        return None
    return keywords(m, name="identity")


FORGOT_ACTIVATION = Mistake(
    "forgot_activation",
    {"en": "activation not applied", "ja": "活性化関数を忘れた"},
    {"en": "{a} = h({z}): the activation function was not applied, {z} was copied.",
     "ja": "{a} = h({z}) の活性化関数を適用せず、{z} をそのまま写した。"},
    "{a}ⱼ⁽ˡ⁾ = h({z}ⱼ⁽ˡ⁾)",
    _forgot_activation)


def _untransposed_W(ex: Exercise, step: Step, m: Method) -> Method | None:
    """untransposed_w_in_backward (W not transposed going back): the step's method with this
    mistake made, or None where the mistake does not apply to it."""
    if func_of(m) is not ly.hidden_delta or step.layer is None:
        return None
    l = step.layer
    if _units(ex, l) != _units(ex, l + 1) or _units(ex, l) < 2:
        return None
    layout = settings_of(m)["layout"]
    return keywords(m, layout="row" if layout == "column" else "column")


UNTRANSPOSED_W_IN_BACKWARD = Mistake(
    "untransposed_w_in_backward",
    {"en": "W not transposed going back", "ja": "逆伝播で W を転置していない"},
    {"en": "Going back, δ travels along each weight in reverse: δⱼ⁽ˡ⁾ adds up "
           "δₖ⁽ˡ⁺¹⁾ wₖⱼ⁽ˡ⁺¹⁾ over k (Wᵀδ in the column layout), not δₖ wⱼₖ.",
     "ja": "逆伝播では重みを逆向きにたどる：δⱼ⁽ˡ⁾ は k について δₖ⁽ˡ⁺¹⁾ wₖⱼ⁽ˡ⁺¹⁾ を足す"
           "（列レイアウトなら Wᵀδ）。δₖ wⱼₖ ではない。"},
    "δⱼ⁽ˡ⁾ = (Σₖ δₖ⁽ˡ⁺¹⁾ wₖⱼ⁽ˡ⁺¹⁾) · h′({z}ⱼ⁽ˡ⁾)",
    _untransposed_W)


def _improvement_reversed(ex: Exercise, step: Step, m: Method) -> Method | None:
    """improvement_reversed (improvement taken as {L}′ − {L}): the step's method with this
    mistake made, or None where the mistake does not apply to it."""
    if step.what != "improvement":
        return None
    return map_output(m, lambda v: -v)


IMPROVEMENT_REVERSED = Mistake(
    "improvement_reversed",
    {"en": "improvement taken as {L}′ − {L}", "ja": "改善量を {L}′ − {L} とした"},
    {"en": "The improvement is how much the loss fell, {L} − {L}′: positive when the step "
           "helped.",
     "ja": "改善量は損失が減った量 {L} − {L}′（更新が効けば正）。"},
    "Δ{L} = {L} − {L}′",
    _improvement_reversed)


NETWORK = Catalogue((  # in the order a wrong number is tried
    # first: it only ever differs at z = 0, where it is the more specific explanation
    RELU_DERIVATIVE_AT_ZERO,
    FORGOT_ACTIVATION_DERIVATIVE,
    DERIVATIVE_AT_ACTIVATION,
    DERIVATIVE_FORMULA_ON_Z,
    UPDATED_WEIGHTS_IN_BACKWARD,
    UPDATE_WRONG_SIGN,
    FORGOT_LEARNING_RATE,
    DROPPED_HALF,
    MEAN_NOT_DIVIDED,
    MEAN_DIVIDED_TWICE,
    TRANSPOSED,
    OWN_ACTIVATION_IN_DW,
    PRE_ACTIVATION_IN_DW,
    BIAS_NOT_SUMMED,
    SOFTMAX_DIAGONAL,
    SOFTMAX_SUM_CONSTRAINT,
    SIGN_FLIPPED,
    FORGOT_BIAS,
    FORGOT_ACTIVATION,
    UNTRANSPOSED_W_IN_BACKWARD,
    IMPROVEMENT_REVERSED,
))
