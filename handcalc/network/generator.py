"""Hand-friendly random problems: seeded sampling with rejection.

``generate(spec, seed)`` draws a network's numbers from ``random.Random(seed)`` (nothing else:
no hash order, no clock, no platform), evaluates one training step, and keeps the draw only if
every rule of ``friendly`` holds for its level; otherwise it draws again from the same stream.

This module holds that loop and what is built on it: ``generate``, ``generate_many`` (distinct
variants), ``verify`` (every rule measured again on the problem's exact values) and ``stats``
(``handcalc new --stats``).  What it runs lives beside it:

- ``generator_spec``: what to generate — options, presets and level defaults resolved into a
  ``Spec``, impossible combinations refused with a ``GeneratorError``;
- ``generator_sampler``: one draw on the level's grains, checked in two passes over the step
  graph of the spec's shape (built once): in floats, layer by layer, so most bad draws stop at
  their first bad number; then exactly, from ``short_decimals.Short`` numbers, which are many
  times cheaper than Fractions and compute the very values the engine computes from them;
- ``friendly``: the rules, each a named predicate.

The names callers reach through ``generator`` (``resolve``, ``Spec``, ``PRESETS``, ``Short``, …)
are imported here from those modules.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import friendly
from .friendly import LEVELS, Context
from .problem import Problem
from .sampler import Draw as Draw
from .sampler import _laid_out as _laid_out

if TYPE_CHECKING:
    from ..exercise import Exercise
from .sampler import _sampler, to_problem
from .short_decimals import Short as Short
from .short_decimals import TooLong as TooLong
from .spec import PRESETS as PRESETS
from .spec import GeneratorError, Spec, resolve

MAX_TRIES = 20_000  # draws per problem before giving up with a message
LEVELS_FOR_STATS = LEVELS


@dataclass
class Generated:
    """An accepted problem: its seed, how many draws it took, and every rule measured."""

    problem: Problem
    seed: int
    draws: int  # every draw the sketch looked at (a redrawn layer counts as one), this one too
    rejected: Counter[str] = field(default_factory=Counter)  # rule name → draws rejected by it

    def exercise(self) -> Exercise:
        """The generated problem as an Exercise (its steps and exact values)."""
        from .exercise import network_exercise

        return network_exercise(self.problem)


def generate(spec: Spec, seed: int) -> Generated:
    """The first draw of ``random.Random(seed)`` that meets every rule of the spec's level:
    the step rules in the sampler's exact pass, then the rules on the given numbers.  ``verify``
    measures every rule again on the problem's exercise, as ``--stats`` and the tests do."""
    sampler = _sampler(spec)
    rng = random.Random(seed)
    rejected: Counter[str] = Counter()
    while sum(rejected.values()) < MAX_TRIES:
        d = sampler.attempt(rng, rejected)
        if d is None:
            continue
        problem = to_problem(d, spec, seed)
        ctx = Context(problem, spec.level)
        verdict = {rule.name: rule.on_problem(ctx, {}) for rule in friendly.rules_for(spec.level)
                   if rule.on_problem is not None}
        if all(verdict.values()):
            return Generated(problem, seed, sum(rejected.values()) + 1, rejected)
        rejected[next(k for k, v in verdict.items() if not v)] += 1
    raise GeneratorError(f"no hand-friendly problem in {MAX_TRIES:,} draws for these options "
                         f"(most draws failed: {rejected.most_common(1)[0][0]}); try a smaller "
                         "--arch, a smaller --batch or another --level")


def verify(generated: Generated, level: str) -> dict[str, bool]:
    """Every rule of the level measured on the problem's exact values (the engine's truth)."""
    from .exercise import network_exercise

    return friendly.check(network_exercise(generated.problem), level)


def _same(a: Problem, b: Problem) -> bool:
    return (a.inputs, a.targets, a.learning_rate, [(l.W, l.b) for l in a.layers]) == \
        (b.inputs, b.targets, b.learning_rate, [(l.W, l.b) for l in b.layers])


def generate_many(spec: Spec, seed: int, count: int) -> list[Generated]:
    """``count`` distinct problems from seeds seed, seed + 1, … (a seed repeating an earlier
    problem is skipped), so each variant is rebuilt from the seed in its title."""
    out: list[Generated] = []
    s = seed
    while len(out) < count:
        g = generate(spec, s)
        if not any(_same(g.problem, h.problem) for h in out):
            out.append(g)
        s += 1
        if s - seed > 10 * count + 100:
            raise GeneratorError(f"only {len(out)} distinct problems for these options; ask for "
                                 "fewer with --count or a larger --arch")
    return out


# =============================================================================================
# The report of `handcalc new --stats`
# =============================================================================================


@dataclass
class LevelStats:
    """How generation went over many seeds of one level."""

    level: str
    problems: int
    draws: int
    seconds: float  # generating them
    verify_seconds: float  # measuring every rule again on each problem's exact values
    rejected: Counter[str]
    rules: dict[str, int]  # rule name → problems meeting it

    @property
    def acceptance(self) -> float:
        """The share of draws kept: problems / draws (0 when nothing was drawn)."""
        return self.problems / self.draws if self.draws else 0.0


def stats(level: str, count: int = 1000, first_seed: int = 0,
          spec: Spec | None = None, *, clock: Callable[[], float]) -> LevelStats:
    """Generate ``count`` problems of a level (seeds first_seed…), timing it with ``clock``
    (seconds; the command passes time.perf_counter); then measure every rule again on each
    problem's exact values (all must hold)."""
    spec = spec or resolve(level=level)
    start = clock()
    made = [generate(spec, seed) for seed in range(first_seed, first_seed + count)]
    seconds = clock() - start
    start = clock()
    verdicts = [verify(g, spec.level) for g in made]
    verify_seconds = clock() - start
    rules = {rule.name: sum(v[rule.name] for v in verdicts)
             for rule in friendly.rules_for(spec.level)}
    rejected: Counter[str] = Counter()
    for g in made:
        rejected.update(g.rejected)
    return LevelStats(spec.level, len(made), sum(g.draws for g in made), seconds,
                      verify_seconds, rejected, rules)
