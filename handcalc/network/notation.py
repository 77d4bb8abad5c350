"""Notation presets: what each canonical step id is called, on paper and on an answer sheet.

Canonical ids are the ``za`` names with layers 1…L (``z1``, ``a1``, ``delta2``, ``dW1`` …).
- ``za`` (deeplearning.ai, seed 000): z pre-activation, a activation, x the input, target y.
- ``ax`` (seed 004): a pre-activation, x activation, target t; layer superscripts without brackets.
- ``uz`` (岡谷「深層学習」, seed 001): u pre-activation, z activation, target d, error E;
  its layer 1 is the input layer, so canonical layer l is written l+1 (``u2``/``z2`` are
  canonical z1/a1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .problem import Problem

import re
from typing import NamedTuple

from ..formula import Ref

NOTATIONS = ("za", "ax", "uz")


class Preset(NamedTuple):
    """The letters and layer numbering of one notation."""

    name: str
    pre: str  # pre-activation letter
    act: str  # activation letter
    target: str
    loss: str  # symbol of the loss
    layer_offset: int  # added to a canonical layer number when shown
    brackets: tuple[str, str, str, str]  # text open/close, LaTeX open/close of the layer mark
    default_layout: str


PRESETS = {
    "za": Preset("za", "z", "a", "y", "L", 0, ("⁽", "⁾", "[", "]"), "column"),
    "ax": Preset("ax", "a", "x", "t", "L", 0, ("", "", "", ""), "row"),
    "uz": Preset("uz", "u", "z", "d", "E", 1, ("⁽", "⁾", "(", ")"), "column"),
}

_ID = re.compile(r"^(z|a|delta|dW|db|W|b|dL_da)(\d+)(_new|_after)?$")

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def parse_id(step_id: str) -> tuple[str, int, str] | None:
    """('z', 1, '') for 'z1', ('W', 2, '_new') for 'W2_new', None for 'loss' and the like."""
    m = _ID.match(step_id)
    return (m.group(1), int(m.group(2)), m.group(3) or "") if m else None


def _subscript(idx: tuple[int, ...]) -> tuple[str, str]:
    parts = [str(i + 1) for i in idx]
    sep = "," if any(len(p) > 1 for p in parts) else ""
    text = sep.join(parts)
    return text.translate(_SUB), text if not sep else ",".join(parts)


def _primed(tex: str, prime: str) -> str:
    """A symbol with its prime after the layer and unit marks, as the terminal writes it:
    ``{w^{[1]}_{11}}'`` (w₁₁⁽¹⁾′).  The braces make the prime a superscript of the whole symbol;
    ``w^{[1]}_{11}'`` is a double superscript in KaTeX and MathJax."""
    return f"{{{tex}}}{prime}" if prime else tex


class Symbols:
    """Symbols for the elements of one problem's values, in one notation."""

    def __init__(self, preset: Preset, batch: int, output_layer: int):
        self.p = preset
        self.batch = batch
        self.output_layer = output_layer
        self._made: dict[tuple[str, tuple[int, ...]], tuple[str, str]] = {}

    def layer_mark(self, layer: int) -> tuple[str, str]:
        """The superscript naming a layer: ⁽²⁾ / ^{(2)} in uz, ² / ^{2} in ax."""
        n = str(layer + self.p.layer_offset)
        o, c, lo, lc = self.p.brackets
        text = (o + n.translate(_SUP) + c) if o else n.translate(_SUP)
        return text, f"^{{{lo}{n}{lc}}}"

    def sample_mark(self, n: int) -> tuple[str, str]:
        """The mark of sample n in a mini-batch ('' for one sample)."""
        if self.batch == 1:
            return "", ""
        return f"[{n + 1}]", f"[{n + 1}]"

    def __call__(self, ref: Ref) -> tuple[str, str]:
        return self.symbol(ref.id, ref.idx)

    def symbol(self, step_id: str, idx: tuple[int, ...] = ()) -> tuple[str, str]:
        """(text, LaTeX) of one element, e.g. ('z₁⁽²⁾', 'z^{(2)}_{1}'); each made once."""
        key = (step_id, idx)
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = self._symbol(step_id, idx)
        return found

    def _symbol(self, step_id: str, idx: tuple[int, ...]) -> tuple[str, str]:
        p = self.p
        if step_id in ("loss", "loss_new"):
            prime = "′" if step_id == "loss_new" else ""
            return p.loss + prime, p.loss + ("'" if prime else "")
        if step_id == "improvement":
            return f"Δ{p.loss}", rf"\Delta {p.loss}"
        if step_id == "lr":
            return "η", r"\eta"
        if step_id in ("a0", "t"):
            letter = "x" if step_id == "a0" else p.target
            n, j = idx
            sub, sub_tex = _subscript((j,))
            sm, sm_tex = self.sample_mark(n)
            return f"{letter}{sub}{sm}", f"{letter}_{{{sub_tex}}}{sm_tex}"
        parsed = parse_id(step_id)
        if parsed is None:
            return step_id, step_id.replace("_", r"\_")
        kind, layer, suffix = parsed
        mark, mark_tex = self.layer_mark(layer)
        prime = "′" if suffix else ""
        prime_tex = "'" if suffix else ""
        if kind in ("z", "a", "delta", "dL_da"):
            n, j = idx
            sub, sub_tex = _subscript((j,))
            sm, sm_tex = self.sample_mark(n)
            letter = {"z": p.pre, "a": p.act, "delta": "δ", "dL_da": p.act}[kind]
            letter_tex = {"z": p.pre, "a": p.act, "delta": r"\delta", "dL_da": p.act}[kind]
            text = f"{letter}{sub}{mark}{prime}{sm}"
            tex = _primed(f"{letter_tex}{mark_tex}_{{{sub_tex}}}", prime_tex) + sm_tex
            if kind == "dL_da":
                return f"∂{p.loss}/∂{text}", rf"\frac{{\partial {p.loss}}}{{\partial {tex}}}"
            return text, tex
        sub, sub_tex = _subscript(idx)
        letter = "w" if kind in ("W", "dW") else "b"
        text = f"{letter}{sub}{mark}{prime}"
        tex = _primed(f"{letter}{mark_tex}_{{{sub_tex}}}", prime_tex)
        if kind in ("dW", "db"):
            return f"∂{p.loss}/∂{text}", rf"\frac{{\partial {p.loss}}}{{\partial {tex}}}"
        return text, tex

    def name(self, step_id: str) -> tuple[str, str]:
        """The symbol of a whole value (no element index): ('z⁽²⁾', 'z^{(2)}')."""
        parsed = parse_id(step_id)
        if parsed is None:
            return self.symbol(step_id) if step_id not in ("a0", "t") else (
                ("x", "x") if step_id == "a0" else (self.p.target, self.p.target))
        kind, layer, suffix = parsed
        mark, mark_tex = self.layer_mark(layer)
        prime = "′" if suffix else ""
        letter = {"z": self.p.pre, "a": self.p.act, "delta": "δ", "dL_da": self.p.act,
                  "W": "W", "dW": "W", "b": "b", "db": "b"}[kind]
        letter_tex = letter.replace("δ", r"\delta")
        text = f"{letter}{mark}{prime}"
        tex = _primed(f"{letter_tex}{mark_tex}", "'" if suffix else "")
        if kind in ("dL_da", "dW", "db"):
            return f"∂{self.p.loss}/∂{text}", rf"\frac{{\partial {self.p.loss}}}{{\partial {tex}}}"
        return text, tex


def answer_key(step_id: str, preset: Preset) -> str:
    """The key an answer sheet uses for a canonical id in this notation ('z1' → 'a1' in ax)."""
    parsed = parse_id(step_id)
    if parsed is None:
        return step_id
    kind, layer, suffix = parsed
    shown = layer + preset.layer_offset
    if kind == "z":
        return f"{preset.pre}{shown}{suffix}"
    if kind == "a":
        return f"{preset.act}{shown}{suffix}"
    if kind == "dL_da":
        return f"dL_d{preset.act}{shown}"
    return f"{kind}{shown}{suffix}"


def key_table(step_ids: list[str], preset: Preset) -> dict[str, str]:
    """Answer key → canonical id, for the given ids (the kind adds 'δ2' for 'delta2' as an
    alias: NetworkKind.key_aliases)."""
    return {answer_key(sid, preset): sid for sid in step_ids}


def loss_formula(problem: Problem, symbols: Symbols) -> tuple[str, str]:
    """The loss of a problem as a formula with its reduction, (text, LaTeX), in the problem's
    notation, with output a_k of the last layer and target y_k (the notation's letters):

    - squared_error:          L = ½ Σₖ (aₖ − yₖ)²
    - cross_entropy:          L = −Σₖ yₖ log aₖ
    - binary_cross_entropy:   L = −(y₁ log a₁ + (1 − y₁) log(1 − a₁)), summed over k when
      there are several sigmoid outputs

    For a mini-batch of n samples, ``mean``: L = (1/n) Σₙ ℓ(n); ``sum``: L = Σₙ ℓ(n), where ℓ(n)
    is the formula above for sample n ([n] after each symbol)."""
    p = symbols.p
    mark, mark_tex = symbols.layer_mark(len(problem.layers))
    batch = problem.batch > 1
    sm, sm_tex = ("[n]", "[n]") if batch else ("", "")
    one = problem.loss == "binary_cross_entropy" and problem.sizes[-1] == 1
    k, k_tex = ("₁", "1") if one else ("ₖ", "k")
    a, a_tex = f"{p.act}{k}{mark}{sm}", f"{p.act}{mark_tex}_{{{k_tex}}}{sm_tex}"
    t, t_tex = f"{p.target}{k}{sm}", f"{p.target}_{{{k_tex}}}{sm_tex}"
    if problem.loss == "squared_error":
        text = f"½ Σₖ ({a} − {t})²"
        tex = rf"\frac{{1}}{{2}} \sum_{{k}} \left({a_tex} - {t_tex}\right)^{{2}}"
    elif problem.loss == "cross_entropy":
        text, tex = f"−Σₖ {t} log {a}", rf"-\sum_{{k}} {t_tex} \log {a_tex}"
    else:
        text = f"−({t} log {a} + (1 − {t}) log(1 − {a}))"
        tex = (rf"-\left({t_tex} \log {a_tex} + \left(1 - {t_tex}\right) "
               rf"\log\left(1 - {a_tex}\right)\right)")
        if not one:
            text, tex = f"−Σₖ {text[1:]}", rf"-\sum_{{k}} {tex[1:]}"
    if batch:
        n = problem.batch
        if problem.reduction == "mean":
            text, tex = f"(1/{n}) Σₙ {text}", rf"\frac{{1}}{{{n}}} \sum_{{n=1}}^{{{n}}} {tex}"
        else:
            text, tex = f"Σₙ {text}", rf"\sum_{{n=1}}^{{{n}}} {tex}"
    return f"{p.loss} = {text}", f"{p.loss} = {tex}"
