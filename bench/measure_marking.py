"""Issue 9's measurements, rerun: honest pencil work on random networks of every shape, graded.

    .venv/bin/python bench/measure_marking.py [NETWORKS]

Learners (tests/learner.py, independent of the grader) round every piece they write to the
problem's places; one takes h′ from z and the shortcut δ, one h′ from a and the chain rule,
one truncates instead of rounding.  Prints, per learner, how many sheets got full marks and
how many elements were not credited (and how many got a named mistake).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handcalc.answers import from_values  # noqa: E402
from handcalc.exercise import network_exercise  # noqa: E402
from handcalc.grader import Marker  # noqa: E402
from tests.learner import Learner  # noqa: E402
from tests.netgen import problems  # noqa: E402

LEARNERS = {
    "rounds pieces, h′ from z, shortcut δ": dict(h_from="z", delta="shortcut"),
    "rounds pieces, h′ from a, chain-rule δ": dict(h_from="a", delta="chain"),
    "truncates (cuts) every piece": dict(h_from="a", delta="shortcut", cut=True),
}


def measure(count: int) -> dict:
    out = {}
    nets = problems(count, seed=11)
    for name, options in LEARNERS.items():
        sheets = full = elements = 0
        kinds: Counter = Counter()
        examples = []
        for problem in nets:
            exercise = network_exercise(problem)
            try:
                values = Learner(problem, **options).values()
            except (ValueError, ZeroDivisionError, OverflowError):
                continue  # a log of an output written as 0: no honest sheet to grade
            sheet = {s.id: exercise.outward(s, values[s.id]) for s in exercise.graph.asked()}
            g = Marker(exercise).grade(from_values(exercise, sheet).answers)
            sheets += 1
            elements += g.total
            bad = [i for i in g.items if i.kind not in ("right",)]
            full += g.points == g.total
            for i in bad:
                kinds[i.kind] += 1
                if len(examples) < 5:
                    examples.append(f"{problem.title} {i.id}: {i.verdict} {float(i.answer):.6f}"
                                    f" vs {float(i.expected):.6f}")
        out[name] = (sheets, full, elements, kinds, examples)
    return out


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    for name, (sheets, full, elements, kinds, examples) in measure(count).items():
        print(f"{name}: {full}/{sheets} sheets full marks; "
              f"{sum(kinds.values())} of {elements} elements not right: {dict(kinds)}")
        for e in examples:
            print("   ", e)
