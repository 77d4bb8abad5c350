"""`handcalc new`: 1,000 problems per level (target: under 2 s), beside a baseline measured in the
same run — the engine solving 1,000 copies of exercise3 exactly (what `solve` computes) — so the
ratio means something on a noisy machine; then the command's start-up beside the bare imports.
Prints rates and ratios, asserts nothing."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import BASELINE, BIN, ROOT, compare, report  # noqa: E402

sys.path.insert(0, str(ROOT))
from handcalc.files import read_text  # noqa: E402
from handcalc.network import generator
from handcalc.network.exercise import network_exercise  # noqa: E402
from handcalc.network.problem import loads  # noqa: E402

COUNT = 1000
ROUNDS = 3


def generate(level: str, first: int) -> tuple[float, int]:
    """Seconds to generate COUNT problems of a level, and the draws it took."""
    spec = generator.resolve(level=level)
    start = time.perf_counter()
    draws = sum(generator.generate(spec, seed).draws for seed in range(first, first + COUNT))
    return time.perf_counter() - start, draws


def solve_exactly() -> float:
    """Seconds for the engine to solve COUNT copies of exercise3 (a fresh exercise each)."""
    path = str(ROOT / "exercises" / "exercise3.yaml")
    problem = loads(read_text(path), path)
    start = time.perf_counter()
    for _ in range(COUNT):
        network_exercise(problem).values()
    return time.perf_counter() - start


if __name__ == "__main__":
    for level in ("easy", "medium", "hard"):
        generate(level, 10**6)  # build the sampler once before timing
    times: dict[str, list[float]] = {"solve": []}
    draws: dict[str, int] = {}
    for r in range(ROUNDS):
        times["solve"].append(solve_exactly())
        for level in ("easy", "medium", "hard"):
            seconds, n = generate(level, r * COUNT)
            times.setdefault(level, []).append(seconds)
            draws[level] = draws.get(level, 0) + n
    base = statistics.median(times["solve"])
    print(f"  solving {COUNT} x exercise3 exactly (baseline)   {base:6.2f} s")
    for level in ("easy", "medium", "hard"):
        t = statistics.median(times[level])
        rate = COUNT / t
        accepted = ROUNDS * COUNT / draws[level]
        print(f"  new --level {level:<6} {COUNT} problems  {t:6.2f} s  {rate:7.0f} problems/s  "
              f"accepted {accepted:6.1%}  ×{t / base:.2f} of the baseline  (target < 2 s)")
    with tempfile.TemporaryDirectory() as out:
        medians = compare({
            "import typer, rich.table, rich.console, yaml": BASELINE,
            "handcalc new --seed 1 (easy)": [str(BIN / "handcalc"), "new", "--seed", "1",
                                             "--out", out, "--force", "--lang", "en"],
            "handcalc new --seed 1 --level hard --worksheet md --moodle": [
                str(BIN / "handcalc"), "new", "--seed", "1", "--level", "hard", "--worksheet",
                "md", "--moodle", "--out", out, "--force", "--lang", "en"],
        }, runs=7)
    report(medians, "import typer, rich.table, rich.console, yaml")
