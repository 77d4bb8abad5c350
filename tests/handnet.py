"""An oracle written by hand for the exercise-3 shape (seed 004's 演習③ and `--preset
exercise3`): ax notation, row layout a = x·W + b, ReLU hidden layer, softmax + cross-entropy,
one sample.  Plain loops over floats and math.exp/log — nothing from handcalc."""

from __future__ import annotations

import math

import yaml


def by_hand(problem_file) -> dict[str, list[float]]:
    """Every quantity of one training step, by canonical id, matrices flattened row by row."""
    with open(problem_file, encoding="utf-8") as f:
        p = yaml.safe_load(f)
    assert p.get("layout", "row") == "row" and p["loss"] == "cross_entropy"
    assert [l["activation"] for l in p["layers"]] == ["relu", "softmax"]
    x, t, eta = p["input"], p["target"], p["learning_rate"]
    (W1, b1), (W2, b2) = [(l["W"], l["b"]) for l in p["layers"]]

    def affine(v, W, b):  # row layout: out_j = Σ_i v_i W[i][j] + b_j
        return [sum(v[i] * W[i][j] for i in range(len(v))) + b[j] for j in range(len(b))]

    def forward(W1, b1, W2, b2):
        z1 = affine(x, W1, b1)
        a1 = [max(0.0, v) for v in z1]
        z2 = affine(a1, W2, b2)
        e = [math.exp(v) for v in z2]
        a2 = [v / sum(e) for v in e]
        loss = -sum(ti * math.log(yi) for ti, yi in zip(t, a2))
        return z1, a1, z2, a2, loss

    z1, a1, z2, a2, loss = forward(W1, b1, W2, b2)
    dL_da2 = [-ti / yi for ti, yi in zip(t, a2)]
    d2 = [y - ti for y, ti in zip(a2, t)]
    dW2 = [[a1[i] * d2[j] for j in range(len(d2))] for i in range(len(a1))]
    d1 = [sum(d2[j] * W2[i][j] for j in range(len(d2))) * (1.0 if z1[i] > 0 else 0.0)
          for i in range(len(a1))]
    dW1 = [[x[i] * d1[j] for j in range(len(d1))] for i in range(len(x))]
    W1n = [[W1[i][j] - eta * dW1[i][j] for j in range(len(d1))] for i in range(len(x))]
    W2n = [[W2[i][j] - eta * dW2[i][j] for j in range(len(d2))] for i in range(len(a1))]
    b1n = [b - eta * g for b, g in zip(b1, d1)]
    b2n = [b - eta * g for b, g in zip(b2, d2)]
    loss_new = forward(W1n, b1n, W2n, b2n)[-1]
    flat = lambda m: [v for row in m for v in row]  # noqa: E731
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "loss": [loss], "dL_da2": dL_da2,
            "delta2": d2, "dW2": flat(dW2), "db2": d2, "delta1": d1, "dW1": flat(dW1),
            "db1": d1, "W1_new": flat(W1n), "b1_new": b1n, "W2_new": flat(W2n),
            "b2_new": b2n, "loss_new": [loss_new], "improvement": [loss - loss_new],
            # what the problem gives, for the mistakes' own formulas
            "_x": x, "_t": t, "_eta": [eta], "_W1": flat(W1), "_b1": b1, "_W2": flat(W2),
            "_b2": b2, "_shape": [len(x), len(b1), len(b2)]}
