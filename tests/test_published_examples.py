"""Published worked examples, to their last correct printed digit.

Each example is written as a problem file (format 1), read by the loader, solved by the engine,
and each printed number is compared at the number of decimals it was printed with.  Every
published number is first re-derived here independently, in 40-digit ``decimal`` arithmetic
written out the way the publication computes it; where the publication's own digits are wrong,
the test says so and asserts the correct value instead.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest

from handcalc import engine, yamlsafe
from handcalc.network import problem, steps

PRECISION = 40  # digits of the independent decimal re-derivations


def solve(text: str) -> dict:
    """The engine's values for a problem written in format 1."""
    return engine.evaluate(steps.build(problem.from_node(yamlsafe.parse(text, "example.yaml"))))


def printed(value, text: str) -> bool:
    """True when ``value`` rounded (half up) to the decimals of ``text`` is ``text``."""
    want = Decimal(text)
    return Decimal(repr(float(value))).quantize(want, rounding=ROUND_HALF_UP) == want


def D(x) -> Decimal:
    return Decimal(str(x))


def sigmoid(z: Decimal) -> Decimal:
    return 1 / (1 + (-z).exp())


# --- (a) Matt Mazur, "A Step by Step Backpropagation Example" -------------------------------
# https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/
# 2-2-2 network, logistic units, E_total = Σ ½(target − out)², learning rate 0.5.  Each layer
# has one bias shared by its two units (b1 = 0.35, b2 = 0.60) that the post never updates:
# written here as per-unit biases with equal values and `update: [W]`.

MAZUR = """
handcalc: 1
title: Mazur, A Step by Step Backpropagation Example
input: [0.05, 0.10]
target: [0.01, 0.99]
layers:
  - activation: sigmoid
    W: [[0.15, 0.20], [0.25, 0.30]]     # w1 w2 / w3 w4
    b: [0.35, 0.35]
  - activation: sigmoid
    W: [[0.40, 0.45], [0.50, 0.55]]     # w5 w6 / w7 w8
    b: [0.60, 0.60]
loss: squared_error
learning_rate: 0.5
update: [W]
"""


def mazur_by_hand(w: list[Decimal]) -> dict:
    """The post's scalar computation, weights w[1]…w[8]: outputs, E_total, ∂E/∂w1…w8."""
    i1, i2, b1, b2, t1, t2 = D("0.05"), D("0.10"), D("0.35"), D("0.60"), D("0.01"), D("0.99")
    h1 = sigmoid(w[1] * i1 + w[2] * i2 + b1)
    h2 = sigmoid(w[3] * i1 + w[4] * i2 + b1)
    net_o1 = w[5] * h1 + w[6] * h2 + b2
    o1, o2 = sigmoid(net_o1), sigmoid(w[7] * h1 + w[8] * h2 + b2)
    E = ((t1 - o1) ** 2 + (t2 - o2) ** 2) / 2
    d1, d2 = (o1 - t1) * o1 * (1 - o1), (o2 - t2) * o2 * (1 - o2)
    e1 = (d1 * w[5] + d2 * w[7]) * h1 * (1 - h1)
    e2 = (d1 * w[6] + d2 * w[8]) * h2 * (1 - h2)
    grad = [None, e1 * i1, e1 * i2, e2 * i1, e2 * i2, d1 * h1, d1 * h2, d2 * h1, d2 * h2]
    return {"h1": h1, "h2": h2, "net_o1": net_o1, "o1": o1, "o2": o2, "E": E, "grad": grad}


@pytest.fixture(scope="module")
def mazur():
    """(engine values, decimal re-derivation before the update, after it)."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        w = [None] + [D(x) for x in ("0.15", "0.20", "0.25", "0.30", "0.40", "0.45", "0.50",
                                     "0.55")]
        before = mazur_by_hand(w)
        w_new = [None] + [w[k] - D("0.5") * before["grad"][k] for k in range(1, 9)]
        after = mazur_by_hand(w_new)
    return solve(MAZUR), before, w_new, after


# what the post prints, in the engine's ids
MAZUR_PRINTED = [
    ("a1", (0, 0), "0.593269992"),  # out_h1
    ("a1", (0, 1), "0.596884378"),  # out_h2
    ("z2", (0, 0), "1.105905967"),  # net_o1
    ("a2", (0, 0), "0.75136507"),  # out_o1
    ("a2", (0, 1), "0.772928465"),  # out_o2
    ("loss", (), "0.298371109"),  # E_total
    ("W2_new", (0, 0), "0.35891648"),  # w5+
    ("W2_new", (0, 1), "0.408666186"),  # w6+
    ("W2_new", (1, 0), "0.511301270"),  # w7+
    ("W2_new", (1, 1), "0.561370121"),  # w8+
    ("W1_new", (0, 0), "0.149780716"),  # w1+
    ("W1_new", (0, 1), "0.19956143"),  # w2+
    ("W1_new", (1, 0), "0.24975114"),  # w3+
    ("W1_new", (1, 1), "0.29950229"),  # w4+
]
MAZUR_WEIGHT = {(1, (0, 0)): 1, (1, (0, 1)): 2, (1, (1, 0)): 3, (1, (1, 1)): 4,
                (2, (0, 0)): 5, (2, (0, 1)): 6, (2, (1, 0)): 7, (2, (1, 1)): 8}


def _at(value, idx):
    for i in idx:
        value = value[i]
    return value


class TestMazur:
    @pytest.mark.parametrize("key, idx, text", MAZUR_PRINTED,
                             ids=[f"{k}{list(i)}={t}" for k, i, t in MAZUR_PRINTED])
    def test_printed_number_matches_to_its_last_digit(self, mazur, key, idx, text):
        """Every number the post prints equals the engine's value rounded to the printed
        decimals, and the independent decimal re-derivation agrees with the post."""
        values, before, w_new, _ = mazur
        assert printed(_at(values[key], idx), text), (key, idx, _at(values[key], idx), text)
        if key.startswith("W"):
            independent = w_new[MAZUR_WEIGHT[(int(key[1]), idx)]]
        else:
            independent = {("a1", (0, 0)): before["h1"], ("a1", (0, 1)): before["h2"],
                           ("z2", (0, 0)): before["net_o1"], ("a2", (0, 0)): before["o1"],
                           ("a2", (0, 1)): before["o2"], ("loss", ()): before["E"]}[(key, idx)]
        assert printed(independent, text)

    def test_biases_stay_fixed_and_the_gradients_match_the_decimal_derivation(self, mazur):
        """With update: [W] no bias moves, and every ∂E/∂w equals the decimal re-derivation."""
        values, before, _, _ = mazur
        assert "b1_new" not in values and "b2_new" not in values
        for (layer, (r, c)), k in MAZUR_WEIGHT.items():
            assert values[f"dW{layer}"][r][c] == pytest.approx(float(before["grad"][k]), rel=1e-12)

    def test_error_after_the_first_round_is_0_291027774_not_the_printed_0_291027924(self, mazur):
        """The post says the error after one round is 0.291027924; recomputed (weights updated,
        biases fixed, as in the post) it is 0.2910277737 — right to 6 decimals only.

        The printed figure is not explained by carrying the post's rounded weights
        (0.2910277737 again), by also updating the biases (0.28575), nor by updating one layer
        only (0.2910287 / 0.2983700): its last three digits are a slip in the post.  Our
        loss_new gives the correct value.
        """
        values, before, _, after = mazur
        assert printed(after["E"], "0.291027774")
        assert printed(values["loss_new"], "0.291027774")
        assert not printed(values["loss_new"], "0.291027924")
        assert printed(values["loss_new"], "0.291028")  # the digits the post gets right
        with localcontext() as ctx:
            ctx.prec = PRECISION
            rounded = [None] + [D(x) for x in ("0.149780716", "0.19956143", "0.24975114",
                                               "0.29950229", "0.35891648", "0.408666186",
                                               "0.511301270", "0.561370121")]
            assert printed(mazur_by_hand(rounded)["E"], "0.291027774")
        assert values["improvement"] == pytest.approx(float(before["E"] - after["E"]), rel=1e-12)


# --- (b) deeplearning.ai, Neural Networks and Deep Learning, week 2 assignment -------------
# "Logistic Regression with a Neural Network mindset", the test case of `propagate` (the
# original notebook, reproduced in many public copies):  w = [[1.],[2.]], b = 2.,
# X = [[1.,2.,-1.],[3.,4.,-3.2]], Y = [[1,0,1]]  →  dw = [[0.99845601],[2.39507239]],
# db = 0.00145557813678, cost = 5.801545319394553.  X holds one sample per column, so the
# samples are (1, 3), (2, 4), (−1, −3.2); the loss is the mean binary cross-entropy.
# (A second row X[1] = [1.5, 3.2, 0.4] does not give these numbers — it gives dw ≈ [0.7131,
# 1.0465], db ≈ 0.2852, cost ≈ 3.5185; the published test case uses [3, 4, −3.2].)

DLAI = """
handcalc: 1
title: deeplearning.ai course 1 week 2, propagate
input: [[1, 3], [2, 4], [-1, -3.2]]
target: [[1], [0], [1]]
layers:
  - activation: sigmoid
    W: [[1, 2]]
    b: [2]
loss: binary_cross_entropy
reduction: mean
learning_rate: 0.009
"""


@pytest.fixture(scope="module")
def dlai():
    """(engine values, decimal dw, db, cost)."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        X = [(D(1), D(3)), (D(2), D(4)), (D(-1), D("-3.2"))]
        Y = [D(1), D(0), D(1)]
        A = [sigmoid(1 * x0 + 2 * x1 + 2) for x0, x1 in X]
        m = len(Y)
        cost = -sum(y * a.ln() + (1 - y) * (1 - a).ln() for a, y in zip(A, Y)) / m
        dw = [sum((a - y) * x[k] for a, y, x in zip(A, Y, X)) / m for k in range(2)]
        db = sum(a - y for a, y in zip(A, Y)) / m
    return solve(DLAI), dw, db, cost


class TestDeepLearningAiPropagate:
    def test_dw_and_db_match_to_every_printed_digit(self, dlai):
        """dw = [[0.99845601], [2.39507239]] (dW1 is its transpose) and db = 0.00145557813678,
        every digit confirmed by the decimal re-derivation."""
        values, dw, db, _ = dlai
        for k, text in enumerate(("0.99845601", "2.39507239")):
            assert printed(dw[k], text)
            assert printed(values["dW1"][0][k], text)
        assert printed(db, "0.00145557813678")
        assert printed(values["db1"][0], "0.00145557813678")

    def test_cost_is_right_to_12_decimals_and_its_last_3_printed_digits_are_float_noise(self, dlai):
        """The printed cost 5.801545319394553 is right to 12 decimals only: the true value is
        5.80154531939415014…; the printed tail …553 is float64 rounding in 1 − a for
        a = σ(12) = 0.99999386 (1 − a keeps 11 good digits).  The engine computes the loss from
        a in float64 the same way, so it shares that noise: within 1e-12 of the truth."""
        values, _, _, cost = dlai
        assert printed(cost, "5.80154531939415")
        assert str(cost).startswith("5.801545319394")  # the printed digits that are right
        assert not printed(cost, "5.801545319394553")
        assert abs(values["loss"] - float(cost)) < 1e-12
        assert printed(values["loss"], "5.80154531939")


# --- (b2) deeplearning.ai, course 1 week 3, "Planar data classification with one hidden layer" --
# `forward_propagation_test_case`: X = np.random.randn(2, 3) and b1 = np.random.randn(4, 1) after
# np.random.seed(1), every float as repr prints it (17 significant digits), W1 and W2 as the
# notebook writes them, b2 = −1.3; tanh hidden layer, sigmoid output.  The notebook prints
# np.mean(Z1), np.mean(A1), np.mean(Z2), np.mean(A2):
#   0.262818640198 0.091999045227 -1.30766601287 0.212877681719
# The target (the week's compute_cost case, Y = randn(1, 3) > 0 = [1, 0, 0]) is not printed there.

PLANAR = """
handcalc: 1
title: deeplearning.ai course 1 week 3, planar data, forward_propagation_test_case
input: [[1.6243453636632417, -1.0729686221561705], [-0.6117564136500754, 0.8654076293246785],
        [-0.5281717522634557, -2.3015386968802827]]
target: [[1], [0], [0]]
layers:
  - activation: tanh
    W: [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271], [-0.01793436, -0.00841747],
        [0.00502881, -0.01245288]]
    b: [1.74481176421648, -0.7612069008951028, 0.31903909605709857, -0.2493703754774101]
  - activation: sigmoid
    W: [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]
    b: [-1.3]
loss: binary_cross_entropy
learning_rate: 1.2
"""


def _mean(rows) -> float:
    flat = [float(x) for row in rows for x in row]
    return sum(flat) / len(flat)


class TestDeepLearningAiPlanarData:
    def test_inputs_with_17_significant_digits_are_read_exactly(self):
        """The published floats are read as written, not refused as 'too fine'."""
        p = problem.from_node(yamlsafe.parse(PLANAR, "planar.yaml"))
        assert p.inputs[0][0] == Decimal("1.6243453636632417")
        assert p.layers[0].b[2] == Decimal("0.31903909605709857")

    def test_the_printed_means_of_every_forward_quantity(self):
        """Each of the notebook's four means, to every digit it prints, re-derived in decimal."""
        values = solve(PLANAR)
        with localcontext() as ctx:
            ctx.prec = PRECISION
            X = [[D("1.6243453636632417"), D("-1.0729686221561705")],
                 [D("-0.6117564136500754"), D("0.8654076293246785")],
                 [D("-0.5281717522634557"), D("-2.3015386968802827")]]
            W1 = [[D("-0.00416758"), D("-0.00056267")], [D("-0.02136196"), D("0.01640271")],
                  [D("-0.01793436"), D("-0.00841747")], [D("0.00502881"), D("-0.01245288")]]
            b1 = [D("1.74481176421648"), D("-0.7612069008951028"), D("0.31903909605709857"),
                  D("-0.2493703754774101")]
            W2 = [D("-0.01057952"), D("-0.00909008"), D("0.00551454"), D("0.02292208")]

            def tanh(z):
                return (1 - (-2 * z).exp()) / (1 + (-2 * z).exp())

            Z1 = [[sum(w * x for w, x in zip(W1[j], xs)) + b1[j] for j in range(4)] for xs in X]
            A1 = [[tanh(z) for z in row] for row in Z1]
            Z2 = [[sum(w * a for w, a in zip(W2, row)) - D("1.3")] for row in A1]
            A2 = [[sigmoid(z) for z in row] for row in Z2]
            mean = lambda rows: sum(x for row in rows for x in row) / sum(len(r) for r in rows)
            published = {"z1": ("0.262818640198", Z1), "a1": ("0.091999045227", A1),
                         "z2": ("-1.30766601287", Z2), "a2": ("0.212877681719", A2)}
            for key, (text, rows) in published.items():
                assert printed(mean(rows), text), key
                assert printed(_mean(values[key]), text), key


# --- (c) design.md's own example (the problem in its "Problem file, format 1" section) ------

DESIGN = """
handcalc: 1
title: Exercise 3
notation: za
layout: column
input: [1, 0.5]
target: [0, 1]
layers:
  - activation: relu
    W: [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]]
    b: [0, 0, 0]
  - activation: softmax
    W: [[0.2, -0.1, 0.4], [0.3, 0.2, -0.5]]
    b: [0, 0]
loss: cross_entropy
reduction: mean
learning_rate: 0.5
update: [W, b]
decimals: 4
relu_grad_at_zero: 0
"""


class TestDesignExample:
    def test_the_answers_shown_in_design_md_are_right_to_4_places(self):
        """z1 = [0.2, 0.1, 0.8], z2 = [0.35, −0.32], delta2 = [0.6615, −0.6615],
        dW2 = [[0.1323, 0.0662, 0.5292], [−0.1323, −0.0662, −0.5292]], as design.md shows."""
        values = solve(DESIGN)
        assert values["z1"] == [[D("0.2"), D("0.1"), D("0.8")]]  # exact: Decimal == Fraction
        assert values["z2"] == [[D("0.35"), D("-0.32")]]
        with localcontext() as ctx:
            ctx.prec = PRECISION
            y1 = 1 / (1 + (D("-0.32") - D("0.35")).exp())  # softmax of two: σ(z₁ − z₂)
        for j, text in enumerate(("0.6615", "-0.6615")):
            assert printed(values["delta2"][0][j], text)
        assert printed(y1 - 0, "0.6615")  # δ = y − t with t = [0, 1]
        a1 = [D("0.2"), D("0.1"), D("0.8")]
        expected = [["0.1323", "0.0662", "0.5292"], ["-0.1323", "-0.0662", "-0.5292"]]
        for r, row in enumerate(expected):
            delta = y1 if r == 0 else -y1  # δ₂ = y₂ − 1 = −y₁
            for c, text in enumerate(row):
                assert printed(values["dW2"][r][c], text), (r, c, values["dW2"][r][c])
                assert printed(delta * a1[c], text)


class TestZeroKaraTsukuru:
    """斎藤康毅『ゼロから作るDeep Learning』(O'Reilly Japan, 2016): the numbers printed in §3.5
    (softmax) and §4.2 (the loss functions), reproduced by handcalc's own functions and engine."""

    Y_GOOD = ["0.1", "0.05", "0.6", "0", "0.05", "0.1", "0", "0.1", "0", "0"]
    Y_BAD = ["0.1", "0.05", "0.1", "0", "0.05", "0.1", "0", "0.6", "0", "0"]
    T = ["0", "0", "1", "0", "0", "0", "0", "0", "0", "0"]

    def test_softmax_of_the_book(self):
        """softmax([0.3, 2.9, 4.0]) through a network layer = [0.01821127 0.24519181 0.73659691]."""
        values = solve("""
handcalc: 1
input: [0.3, 2.9, 4.0]
target: [0, 0, 1]
layers:
  - activation: softmax
    W: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    b: [0, 0, 0]
loss: cross_entropy
learning_rate: 0.1
""")
        for got, text in zip(values["a1"][0], ["0.01821127", "0.24519181", "0.73659691"]):
            assert printed(got, text)

    def test_squared_error_is_exact(self):
        """The book's mean_squared_error (½Σ, its name notwithstanding) prints
        0.097500000000000031 and 0.59750000000000003 (float noise); handcalc's squared error is
        exactly 0.0975 and 0.5975."""
        from fractions import Fraction

        from handcalc.functions import squared_error

        t = [Fraction(x) for x in self.T]
        assert squared_error([Fraction(x) for x in self.Y_GOOD], t) == Fraction("0.0975")
        assert squared_error([Fraction(x) for x in self.Y_BAD], t) == Fraction("0.5975")

    def test_cross_entropy_and_the_books_guard(self):
        """The book prints 0.51082545709933802 and 2.3025840929945458: −log(y + 1e-7), its guard
        against log 0. handcalc takes −log y itself (0.5108256237…, 2.302585092…), so the two
        agree to 6 decimals and differ by the guard's effect, which the test computes."""
        import math

        from handcalc.functions import cross_entropy

        for y, book in ((self.Y_GOOD, 0.51082545709933802), (self.Y_BAD, 2.3025840929945458)):
            ours = cross_entropy([float(x) for x in y], [float(x) for x in self.T])
            assert ours == pytest.approx(-math.log(0.6 if y is self.Y_GOOD else 0.1), abs=1e-15)
            guarded = -math.log((0.6 if y is self.Y_GOOD else 0.1) + 1e-7)
            assert guarded == pytest.approx(book, abs=1e-15)  # the book's number, explained
            assert abs(ours - book) < 1e-6
