"""Issue 9's measurements, rerun: honest pencil work graded, and the value table checked.

    .venv/bin/python bench/measure_marking.py [NETWORKS]

Learners (tests/learner.py, independent of the grader) round every piece they write to the
problem's places.  Prints:

1. random networks of every shape (tests/netgen.py): per learner — h′ from z with the shortcut
   δ, h′ from a with the chain rule, one who cuts (truncates) instead of rounding — how many
   sheets are all ✓ right, how many get full points (carried counts), and the verdicts of the
   elements that are not right;
2. `new --level medium --hidden sigmoid --output sigmoid --seed 1..60`: sheets all right;
3. a learner who forgot σ in a1 and takes σ′ from their own z: verdicts on the δ after it;
4. a learner who dropped the ½ (∂L/∂y = 2(y − t)): elements after it shown ✓ though they
   differ from the truth;
5. value tables of 180 medium problems: entries whose printed value is not the correctly
   rounded function of the printed argument.

Runs on any version of handcalc that has the public names used here (so "before" and "after"
can be measured with the same script).
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal, getcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handcalc.answers import from_values  # noqa: E402
from handcalc.grader import Marker  # noqa: E402
from handcalc.network.exercise import network_exercise  # noqa: E402
from tests.learner import Learner  # noqa: E402
from tests.netgen import problems, random_problem  # noqa: E402

LEARNERS = {
    "rounds pieces, h′ from z, shortcut δ": dict(h_from="z", delta="shortcut"),
    "rounds pieces, h′ from a, chain-rule δ": dict(h_from="a", delta="chain"),
    "truncates (cuts) every piece": dict(h_from="a", delta="shortcut", cut=True),
}


def grade(problem, values):
    exercise = network_exercise(problem)
    sheet = {s.id: exercise.outward(s, values[s.id]) for s in exercise.graph.asked()}
    return exercise, Marker(exercise).grade(from_values(exercise, sheet).answers)


def random_networks(count: int) -> None:
    nets = problems(count, seed=11)
    for name, options in LEARNERS.items():
        sheets = all_right = full = elements = 0
        kinds: Counter = Counter()
        for problem in nets:
            try:
                values = Learner(problem, **options).values()
            except (ValueError, ZeroDivisionError, OverflowError):
                continue  # a log of an output written as 0: no honest sheet to grade
            _, g = grade(problem, values)
            sheets += 1
            elements += g.total
            bad = [i for i in g.items if i.kind != "right"]
            all_right += not bad
            full += g.points == g.total
            kinds.update(i.kind for i in bad)
        print(f"  {name}: {all_right}/{sheets} sheets all right ({full} full points); "
              f"{sum(kinds.values())} of {elements} elements not right: {dict(kinds)}")


def truth_cut(count: int) -> None:
    """Every element of the truth cut (not rounded) to the asked places, each on its own."""
    from fractions import Fraction

    def cut(v, d):
        if isinstance(v, list):
            return [cut(x, d) for x in v]
        q = Fraction(v)
        return Fraction(int(q * 10**d), 10**d)

    kinds: Counter = Counter()
    elements = 0
    for problem in problems(count, seed=11):
        exercise = network_exercise(problem)
        truth = exercise.values()
        _, g = grade(problem, {k: cut(v, problem.decimals) for k, v in truth.items()})
        elements += g.total
        kinds.update(i.kind for i in g.items)
    print(f"  {kinds['mistake']} named mistakes and {kinds['wrong']} wrong in {elements} "
          f"elements ({dict(kinds)})")


def medium_sigmoid() -> None:
    from handcalc.network.generator import generate
    from handcalc.network.spec import resolve

    spec = resolve(level="medium", hidden="sigmoid", output="sigmoid")
    all_right, kinds = 0, Counter()
    for seed in range(1, 61):
        problem = generate(spec, seed).problem
        _, g = grade(problem, Learner(problem, h_from="z").values())
        bad = [i for i in g.items if i.kind != "right"]
        all_right += not bad
        kinds.update(f"{i.step}:{i.kind}" for i in bad)
    print(f"  {all_right}/60 sheets all right; not right: {dict(kinds.most_common(6))}")


def forgot_sigma(count: int) -> None:
    kinds: Counter = Counter()
    for seed in range(count):
        problem = random_problem(seed, pair=("sigmoid", "squared_error"), hidden="sigmoid",
                                 depth=2)
        values = Learner(problem, h_from="z",
                         overrides={"a1": lambda a, out: [list(r) for r in out["z1"]]}).values()
        _, g = grade(problem, values)
        kinds.update(i.verdict for i in g.items if i.step == "delta1")
    print(f"  δ¹ after it: {dict(kinds.most_common(5))}")


def dropped_half(count: int) -> None:
    shown_right = differ = 0
    for seed in range(count):
        problem = random_problem(seed, pair=("identity", "squared_error"), batch=1)
        L = len(problem.layers)
        values = Learner(problem, delta="chain", overrides={
            f"dL_da{L}": lambda g, out: [[2 * v for v in row] for row in g]}).values()
        exercise, g = grade(problem, values)
        after = False
        for item in g.items:
            if item.step == f"dL_da{L}":
                after = True
            elif after and abs(float(item.answer) - float(item.expected)) > 0.001:
                differ += 1
                shown_right += item.kind == "right"
    print(f"  {shown_right} of {differ} later elements that differ from the truth shown ✓ right")


def _exact(fn: str, x: Decimal) -> Decimal:
    """fn(x) to 40 digits with the decimal module (independent of the engine)."""
    if fn == "exp":
        return x.exp()
    if fn == "log":
        return x.ln()
    if fn == "sigmoid":
        return 1 / (1 + (-x).exp())
    return ((2 * x).exp() - 1) / ((2 * x).exp() + 1)


def value_tables() -> None:
    from handcalc.network.generator import generate
    from handcalc.network.spec import resolve
    from handcalc.network.valuetable import table
    from handcalc.numbers import show

    getcontext().prec = 40
    spec = resolve(level="medium")
    bad = total = 0
    for seed in range(1, 181):
        problem = generate(spec, seed).problem
        d = problem.decimals
        for e in table(network_exercise(problem)):
            printed = show(e.arg, d) if not isinstance(e.arg, float) else f"{e.arg:.{d}f}"
            exact = _exact(e.fn, Decimal(printed))
            right = exact.quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
            total += 1
            bad += not math.isclose(float(right), float(show(e.value, d)), abs_tol=1e-12)
    print(f"  {bad} of {total} entries disagree with their printed argument")


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    print(f"1. random networks ({count}):")
    random_networks(count)
    print("1b. the truth cut to the asked places, element by element:")
    truth_cut(count)
    print("2. new --level medium --hidden sigmoid --output sigmoid --seed 1..60, rounding to 4:")
    medium_sigmoid()
    print("3. σ forgotten in a1, σ′ taken from their own z (200 networks):")
    forgot_sigma(200)
    print("4. the ½ dropped in ∂L/∂y (200 networks):")
    dropped_half(200)
    print("5. value tables of medium problems, seeds 1..180:")
    value_tables()
