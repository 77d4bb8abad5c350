"""A learner with pencil and paper, modelled independently of the grader and of the engine.

It reads a network ``Problem`` (the numbers of the problem file) and works one training step
the way a person does by hand, writing down — and so rounding to the asked places — every
piece: each product w·a, each sum, h′, each exp, each log, each δ, and the forward pass after
the update the sheet does not ask for.  Nothing here calls handcalc's engine, layers or grader:
the arithmetic is its own plain loops, so the marking tests compare two independent readings
of the mathematics.

Choices (each a right method, or a learner's habit):

- ``h_from``   "a": σ′ = a(1 − a), tanh′ = 1 − a²;  "z": σ′ = σ(z)(1 − σ(z)), tanh′ = 1 − tanh²(z)
- ``delta``    "shortcut": δ = (y − t)/n for the canonical pairs;  "chain": δ = ∂L/∂y · h′
- ``cut``      truncate (cut) instead of rounding half away from zero
- ``pieces``   round the pieces inside a step too (True), or only what the sheet asks (False)

``values()`` returns canonical id → value in the engine's shapes ([sample][unit] for z, a,
dL_da, δ; W-shaped dW and W_new; vectors for db, b_new; numbers for the losses).
"""

from __future__ import annotations

import math
from fractions import Fraction


class Learner:
    def __init__(self, problem, *, decimals: int | None = None, h_from: str = "a",
                 delta: str = "shortcut", cut: bool = False, pieces: bool = True,
                 overrides: dict | None = None):
        self.p = problem
        self.d = problem.decimals if decimals is None else decimals
        self.h_from, self.delta_by, self.cut, self.pieces = h_from, delta, cut, pieces
        self.overrides = overrides or {}  # step id → function(values) giving the learner's own

    # -- writing a number down --

    def w(self, x) -> Fraction:
        """x written down to the asked places (rounded half away from zero, or cut)."""
        q = Fraction(x)
        scaled = abs(q) * 10**self.d
        whole = int(scaled)
        if not self.cut and scaled - whole >= Fraction(1, 2):
            whole += 1
        return Fraction(whole if q >= 0 else -whole, 10**self.d)

    def piece(self, x):
        """A piece inside a step: written down (rounded) when the learner writes pieces."""
        return self.w(x) if self.pieces else x

    # -- one layer --

    def weight(self, W, j, i):
        return W[j][i] if self.p.layout == "column" else W[i][j]

    def forward(self, Ws, bs, suffix, out):
        a = [list(row) for row in self.p.inputs]
        for l, layer in enumerate(self.p.layers, start=1):
            W, b = Ws[l - 1], bs[l - 1]
            z = [[self.w(sum((self.piece(self.weight(W, j, i) * a_n[i])
                              for i in range(len(a_n))), Fraction(0)) + b[j])
                  for j in range(len(b))] for a_n in a]
            z = self._own(f"z{l}{suffix}", z, out)
            a = [self.activate(layer.activation, z_n) for z_n in z]
            a = self._own(f"a{l}{suffix}", a, out)
        return a

    def _own(self, sid, value, out):
        if sid in self.overrides:
            value = self.overrides[sid](value, out)
        out[sid] = value
        return value

    def activate(self, name, z_n):
        if name == "identity":
            return list(z_n)
        if name == "relu":
            return [v if v > 0 else Fraction(0) for v in z_n]
        if name == "sigmoid":
            return [self.w(self.sigma(v)) for v in z_n]
        if name == "tanh":
            return [self.w(math.tanh(v)) for v in z_n]
        e = [self.piece(math.exp(v)) for v in z_n]  # softmax: each e^z looked up, then the sum
        s = self.piece(sum(e))
        return [self.w(Fraction(x) / Fraction(s)) for x in e]

    @staticmethod
    def sigma(v):
        v = float(v)
        return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))

    def h_prime(self, name, z, a):
        if name == "identity":
            return Fraction(1)
        if name == "relu":
            return Fraction(1) if z > 0 else (Fraction(self.p.relu_grad_at_zero) if z == 0
                                              else Fraction(0))
        if name == "sigmoid":
            s = self.piece(self.sigma(z)) if self.h_from == "z" else a
            return self.piece(Fraction(s) * (1 - Fraction(s)))
        s = self.piece(math.tanh(z)) if self.h_from == "z" else a
        return self.piece(1 - Fraction(s) ** 2)

    # -- the whole step --

    def scale(self):
        n = len(self.p.inputs)
        return Fraction(1, n) if self.p.reduction == "mean" else Fraction(1)

    def loss(self, y):
        total = Fraction(0)
        for y_n, t_n in zip(y, self.p.targets):
            for yj, tj in zip(y_n, t_n):
                if self.p.loss == "squared_error":
                    total += self.piece((yj - tj) ** 2) / 2
                else:
                    if tj != 0:
                        total -= tj * self.piece(math.log(yj))
                    if self.p.loss == "binary_cross_entropy" and tj != 1:
                        total -= (1 - tj) * self.piece(math.log(1 - yj))
        return self.w(total * self.scale())

    def loss_grad(self, y):
        out = []
        for y_n, t_n in zip(y, self.p.targets):
            row = []
            for yj, tj in zip(y_n, t_n):
                if self.p.loss == "squared_error":
                    g = yj - tj
                elif self.p.loss == "cross_entropy":
                    g = -Fraction(tj) / Fraction(yj) if tj != 0 else Fraction(0)
                else:
                    g = -Fraction(tj) / Fraction(yj) + Fraction(1 - tj) / Fraction(1 - yj)
                row.append(self.w(g * self.scale()))
            out.append(row)
        return out

    def values(self) -> dict:
        p, out = self.p, {}
        L = len(p.layers)
        Ws = [layer.W for layer in p.layers]
        bs = [layer.b for layer in p.layers]
        y = self.forward(Ws, bs, "", out)
        out["loss"] = self._own("loss", self.loss(y), out)
        g = self._own(f"dL_da{L}", self.loss_grad(y), out)
        canonical = (p.layers[-1].activation, p.loss) in {
            ("identity", "squared_error"), ("softmax", "cross_entropy"),
            ("sigmoid", "binary_cross_entropy")}
        delta = None
        for l in range(L, 0, -1):
            act = p.layers[l - 1].activation
            z, a = out[f"z{l}"], out[f"a{l}"]
            if l == L:
                if canonical and self.delta_by == "shortcut":
                    delta = [[self.w((yj - tj) * self.scale()) for yj, tj in zip(y_n, t_n)]
                             for y_n, t_n in zip(y, p.targets)]
                elif act == "softmax":
                    delta = []
                    for g_n, a_n in zip(g, a):
                        dot = self.piece(sum((self.piece(gk * ak) for gk, ak in zip(g_n, a_n)),
                                             Fraction(0)))
                        delta.append([self.w(aj * self.piece(gj - dot))
                                      for gj, aj in zip(g_n, a_n)])
                else:
                    delta = [[self.w(g_n[j] * self.h_prime(act, z_n[j], a_n[j]))
                              for j in range(len(g_n))] for g_n, z_n, a_n in zip(g, z, a)]
            else:
                W_next = Ws[l]
                new = []
                for d_n, z_n, a_n in zip(delta, z, a):
                    row = []
                    for j in range(len(z_n)):
                        back = self.piece(sum((self.piece(d_n[k] * self.weight(W_next, k, j))
                                               for k in range(len(d_n))), Fraction(0)))
                        row.append(self.w(back * self.h_prime(act, z_n[j], a_n[j])))
                    new.append(row)
                delta = new
            delta = self._own(f"delta{l}", delta, out)
            prev = p.inputs if l == 1 else out[f"a{l - 1}"]
            units, below = len(delta[0]), len(prev[0])
            dW = [[None] * (below if p.layout == "column" else units)
                  for _ in range(units if p.layout == "column" else below)]
            for j in range(units):
                for i in range(below):
                    v = self.w(sum((self.piece(d_n[j] * a_n[i]) for d_n, a_n in zip(delta, prev)),
                                   Fraction(0)))
                    if p.layout == "column":
                        dW[j][i] = v
                    else:
                        dW[i][j] = v
            self._own(f"dW{l}", dW, out)
            self._own(f"db{l}", [self.w(sum((d_n[j] for d_n in delta), Fraction(0)))
                                 for j in range(units)], out)
        lr = p.learning_rate
        Ws_new, bs_new = list(Ws), list(bs)
        for l in range(1, L + 1):
            if "W" in p.update:
                Ws_new[l - 1] = self._own(f"W{l}_new", [
                    [self.w(w - self.piece(lr * dw)) for w, dw in zip(row, drow)]
                    for row, drow in zip(Ws[l - 1], out[f"dW{l}"])], out)
            if "b" in p.update:
                bs_new[l - 1] = self._own(f"b{l}_new", [
                    self.w(b - self.piece(lr * db)) for b, db in zip(bs[l - 1], out[f"db{l}"])],
                    out)
        after: dict = {}
        y_after = self.forward(Ws_new, bs_new, "_after", after)
        out["loss_new"] = self._own("loss_new", self.loss(y_after), out)
        out["improvement"] = self._own("improvement", self.w(out["loss"] - out["loss_new"]), out)
        return out


# --- computation graphs ------------------------------------------------------------------------


def _sigma(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


GRAPH_FORWARD = {
    "add": lambda *a: sum(a, Fraction(0)), "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: Fraction(a) / Fraction(b), "neg": lambda a: -a,
    "exp": lambda a: math.exp(a), "log": lambda a: math.log(a), "square": lambda a: a * a,
    "inv": lambda a: 1 / Fraction(a), "sigmoid": lambda a: _sigma(float(a)),
    "relu": lambda a: a if a > 0 else Fraction(0), "tanh": lambda a: math.tanh(a),
    "max": lambda a, b: a if a >= b else b, "pow": lambda a, k: Fraction(a) ** int(k),
}


def _graph_local(op, i, args, out):
    """∂node/∂(argument i), as a person writes it from the numbers they have."""
    a = args
    if op in ("add",):
        return Fraction(1)
    if op == "sub":
        return Fraction(1) if i == 0 else Fraction(-1)
    if op == "mul":
        return a[1 - i]
    if op == "div":
        return 1 / Fraction(a[1]) if i == 0 else -Fraction(a[0]) / Fraction(a[1]) ** 2
    if op == "neg":
        return Fraction(-1)
    if op == "exp":
        return out
    if op == "log":
        return 1 / Fraction(a[0])
    if op == "square":
        return 2 * a[0]
    if op == "inv":
        return -1 / Fraction(a[0]) ** 2
    if op == "sigmoid":
        return Fraction(out) * (1 - Fraction(out))
    if op == "tanh":
        return 1 - Fraction(out) ** 2
    if op == "relu":
        return Fraction(1) if a[0] > 0 else Fraction(0)
    if op == "max":
        first = a[0] >= a[1]
        return Fraction(1) if (first if i == 0 else not first) else Fraction(0)
    k = int(a[1])  # pow
    return k * Fraction(a[0]) ** (k - 1)


def graph_values(gp, decimals: int, pieces: bool = True) -> dict:
    """A learner's sheet for a computation graph: every node forward, then ∂out/∂v for every
    node and input by the sum over its edges of local derivative × upstream gradient, each
    value (and each term of a sum, when ``pieces``) rounded to ``decimals`` places."""
    lr = Learner.__new__(Learner)
    lr.d, lr.cut, lr.pieces = decimals, False, pieces
    values: dict = dict(gp.inputs)
    out: dict = {}
    for node in gp.nodes:
        args = [values[a] if isinstance(a, str) else a for a in node.args]
        values[node.name] = out[node.name] = lr.w(GRAPH_FORWARD[node.op](*args))
    grads = {gp.output: Fraction(1)}
    names = [n.name for n in reversed(gp.nodes)] + list(gp.inputs)
    for name in names:
        if name == gp.output:
            continue
        terms = []
        for node in gp.nodes:
            for i, arg in enumerate(node.args):
                if arg == name and node.name in grads:
                    args = [values[a] if isinstance(a, str) else a for a in node.args]
                    local = lr.piece(_graph_local(node.op, i, args, values[node.name]))
                    terms.append(lr.piece(local * grads[node.name]))
        grads[name] = lr.w(sum(terms, Fraction(0)))
    for name, g in grads.items():
        out["d_" + name] = g
    return out
