"""``handcalc new --kind formula``: a formula problem of a bundled family, with a random shape.

Four families, the seeds' derivations: seed 004's output bias (ax, softmax + cross-entropy),
seed 004's hidden-layer recursion (ax), seed 000's logistic regression (za) and seed 001's
identity output (uz).  The seed picks the family, the numbers of units (2 to 4) and the hidden
activations; the questions are the family's.  The text is a problem file (kind: formula) that
``check`` grades like any other.
"""

from __future__ import annotations

import random

from ..kinds import NewError

FAMILIES = ("output_bias", "hidden_bias", "logistic", "identity_output")
HIDDEN = ("relu", "sigmoid", "tanh")


class FormulaGeneratorError(NewError):
    """A family that does not exist: one line, with the choices."""


_QUESTIONS = {
    "output_bias": '''questions:
  - key: dL_db
    symbol: "∂L/∂b_j^K"
    ask: {en: "using only x and t", ja: "x と t のみを用いて表せ"}
    of: {quantity: db, layer: K, indices: [j]}
    using: [x, t]
    answer: "x_j^K - t_j"
    steps:
      - formula: "sum_i ∂L/∂x_i^K ∂x_i^K/∂a_j^K ∂a_j^K/∂b_j^K"
        why: {en: "chain rule through every output", ja: "すべての出力を通る連鎖律"}
      - formula: "sum_i (-t_i/x_i^K) x_i^K (delta_{ij} - x_j^K) * 1"
        why: {en: "∂x_i/∂a_j = x_i(δ_ij − x_j)", ja: "∂x_i/∂a_j = x_i(δ_ij − x_j)"}
      - formula: "x_j^K - t_j"
        why: {en: "the target sums to 1", ja: "教師信号の和は 1"}
  - key: dL_dw
    symbol: "∂L/∂w_{ij}^K"
    ask: {en: "using only x and t", ja: "x と t のみを用いて表せ"}
    of: {quantity: dW, layer: K, indices: [i, j]}
    using: [x, t]
    answer: "(x_j^K - t_j) * x_i^{K-1}"
''',
    "hidden_bias": '''questions:
  - key: dL_db
    symbol: "∂L/∂b_j^l"
    ask: {en: "using a, x, w and δ^{l+1}", ja: "a, x, w, δ^{l+1} を用いて表せ"}
    of: {quantity: db, layer: l, indices: [j]}
    using: [a, x, w, delta]
    answer: "sum_k delta_k^{l+1} * w_{jk}^{l+1} * h'(a_j^l)"
    steps:
      - formula: "sum_k ∂L/∂a_k^{l+1} ∂a_k^{l+1}/∂x_j^l ∂x_j^l/∂a_j^l ∂a_j^l/∂b_j^l"
        why: {en: "chain rule through every unit k of layer l+1",
              ja: "l+1 層のすべてのユニット k を通る連鎖律"}
      - formula: "sum_k delta_k^{l+1} w_{jk}^{l+1} h'(a_j^l)"
        why: {en: "δ := ∂L/∂a; ∂a_j/∂b_j = 1", ja: "δ := ∂L/∂a、∂a_j/∂b_j = 1"}
  - key: dL_dw
    symbol: "∂L/∂w_{ij}^l"
    ask: {en: "using δ^l and x", ja: "δ^l と x を用いて表せ"}
    of: {quantity: dW, layer: l, indices: [i, j]}
    using: [delta, x]
    answer: "delta_j^l * x_i^{l-1}"
''',
    "logistic": '''questions:
  - key: dz
    symbol: "dz"
    ask: {en: "dz = ∂L/∂z, using a and y", ja: "dz = ∂L/∂z を a と y で表せ"}
    of: {quantity: delta, layer: L, indices: [1]}
    using: [a, y]
    answer: "a - y"
  - key: dW
    symbol: "dW_i"
    ask: {en: "using dz and x", ja: "dz と x で表せ"}
    of: {quantity: dW, layer: L, indices: [1, i]}
    using: [dz, x]
    answer: "dz * x_i"
  - key: db
    symbol: "db"
    ask: {en: "using dz", ja: "dz で表せ"}
    of: {quantity: db, layer: L, indices: [1]}
    using: [dz]
    answer: "dz"
''',
    "identity_output": '''questions:
  - key: dE_dw
    symbol: "∂E/∂w_{ji}^L"
    ask: {en: "using y, d and z", ja: "y, d, z を用いて表せ"}
    of: {quantity: dW, layer: L, indices: [j, i]}
    using: [y, d, z]
    answer: "(y_j - d_j) * z_i^{L-1}"
''',
}

TITLES = {"output_bias": "∂L/∂b_j^K and ∂L/∂w_ij^K of a softmax + cross-entropy output",
          "hidden_bias": "∂L/∂b_j^l and ∂L/∂w_ij^l of a hidden layer",
          "logistic": "dz, dW and db of logistic regression",
          "identity_output": "∂E/∂w_ji of an identity output"}
TITLES_JA = {"output_bias": "softmax + 交差エントロピー誤差の出力層の ∂L/∂b_j^K と ∂L/∂w_ij^K",
             "hidden_bias": "隠れ層の ∂L/∂b_j^l と ∂L/∂w_ij^l",
             "logistic": "ロジスティック回帰の dz、dW、db",
             "identity_output": "恒等関数の出力層の ∂E/∂w_ji"}


def generate(seed: int, family: str | None = None) -> str:
    """The text of a formula problem (kind: formula) made from ``seed``."""
    rng = random.Random(seed)
    if family is None:
        family = rng.choice(FAMILIES)
    if family not in FAMILIES:
        raise FormulaGeneratorError(f"no formula family '{family}'; the families are: "
                                    f"{', '.join(FAMILIES)}")

    def units() -> int:
        return rng.randint(2, 4)

    if family == "output_bias":
        n = units()
        net = (f"notation: ax, sizes: [{units()}, {n}, {n}], activations: "
               f"[{rng.choice(HIDDEN)}, softmax], loss: cross_entropy")
    elif family == "hidden_bias":
        n = units()
        net = (f"notation: ax, sizes: [{units()}, {n}, {n}, {units()}], activations: "
               f"[{rng.choice(HIDDEN)}, {rng.choice(HIDDEN)}, identity], loss: squared_error")
    elif family == "logistic":
        net = (f"notation: za, sizes: [{units()}, 1], activations: [sigmoid], "
               "loss: binary_cross_entropy")
    else:
        net = (f"notation: uz, sizes: [{units()}, {units()}], activations: [identity], "
               "loss: squared_error")
    return (f"# handcalc new --kind formula --seed {seed}\n"
            f"handcalc: 1\nkind: formula\ntitle: {{en: \"{TITLES[family]} (seed {seed})\", "
            f"ja: \"{TITLES_JA[family]}（seed {seed}）\"}}\n"
            f"network: {{{net}}}\n" + _QUESTIONS[family])
