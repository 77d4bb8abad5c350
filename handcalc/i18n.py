"""Words shown to users, in Japanese and English.  One table; ``tr(key, lang)`` looks up."""

from __future__ import annotations

import os

LANGS = ("ja", "en")

TEXT: dict[str, dict[str, str]] = {
    # phases of one training step
    "phase.forward": {"en": "Forward pass", "ja": "順伝播"},
    "phase.loss": {"en": "Loss", "ja": "損失"},
    "phase.backward": {"en": "Backward pass", "ja": "逆伝播"},
    "phase.update": {"en": "Update (gradient descent)", "ja": "パラメータの更新（勾配降下）"},
    "phase.after": {"en": "After the update (same input)", "ja": "更新後（同じ入力で）"},
    # table columns
    "col.symbol": {"en": "quantity", "ja": "量"},
    "col.formula": {"en": "formula", "ja": "式"},
    "col.numbers": {"en": "numbers put in", "ja": "数値を代入"},
    "col.value": {"en": "value", "ja": "値"},
    # problem summary
    "summary.network": {"en": "network", "ja": "ネットワーク"},
    "summary.loss": {"en": "loss", "ja": "損失関数"},
    "summary.lr": {"en": "learning rate", "ja": "学習率"},
    "summary.samples": {"en": "samples", "ja": "サンプル数"},
    "summary.notation": {"en": "notation", "ja": "記法"},
    "summary.update": {"en": "updated", "ja": "更新するもの"},
    "summary.decimals": {"en": "floats shown to {d} decimal places; exact values exactly",
                         "ja": "小数は{d}桁で表示、割り切れる値は正確に表示"},
    "reduction.mean": {"en": "mean over the samples", "ja": "サンプル平均"},
    "reduction.sum": {"en": "sum over the samples", "ja": "サンプル和"},
    "layout.column": {"en": "column layout ({pre} = W·{act} + b, W[j][i] = w_ji)",
                      "ja": "列レイアウト（{pre} = W·{act} + b、W[j][i] = w_ji）"},
    "layout.row": {"en": "row layout ({pre} = {act}·W + b, W[i][j] = w_ij)",
                   "ja": "行レイアウト（{pre} = {act}·W + b、W[i][j] = w_ij）"},
    "sample.note": {"en": "[n] marks sample n of the mini-batch",
                    "ja": "[n] はミニバッチの n 番目のサンプル"},
    "shortcut.note": {
        "en": "{pair}: δ at the output simplifies to ({y} − {t}){n} — the chain ∂L/∂{y} · h′ "
              "gives the same.",
        "ja": "{pair}：出力層の δ は ({y} − {t}){n} に簡単になる（∂L/∂{y} · h′ の連鎖律と同じ値）。"},
    "improvement.fell": {"en": "The loss fell by {v}.", "ja": "損失は {v} 減った。"},
    "improvement.rose": {"en": "The loss rose by {v}: the step was too large.",
                         "ja": "損失は {v} 増えた（学習率が大きすぎる）。"},
}


def default_lang() -> str:
    """'ja' when the locale says Japanese (LC_ALL, LC_MESSAGES, LANG), else 'en'."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def tr(key: str, lang: str, **fields: object) -> str:
    """The text for ``key`` in ``lang`` (English when missing), with {fields} filled in."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text
