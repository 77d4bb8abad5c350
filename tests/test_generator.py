"""The generator: every rule holds on many seeds per level, a seed gives the same problem on any
machine, the exact sketch computes exactly what the engine computes, options fail clearly."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from fractions import Fraction

import pytest

from handcalc.engine import elements, recompute
from handcalc.network import friendly, generator, problem_yaml
from handcalc.network.exercise import network_exercise
from handcalc.network.generator import GeneratorError, Short, TooLong, generate, resolve

from .conftest import ROOT

SEEDS_PER_LEVEL = 300  # --stats uses 1,000; the test keeps a few seconds per level
PRESETS = tuple(generator.PRESETS)


def rebuild(spec, seed: int) -> str:
    return problem_yaml.dump(generate(spec, seed).problem, [spec.command(seed)])


class TestRules:
    @pytest.mark.parametrize("level", friendly.LEVELS)
    def test_every_rule_holds_on_many_seeds(self, level):
        """The same predicates as --stats, measured on the exact values: 100% for every rule."""
        result = generator.stats(level, SEEDS_PER_LEVEL, clock=time.perf_counter)
        assert result.problems == SEEDS_PER_LEVEL
        assert result.rules == {rule.name: SEEDS_PER_LEVEL for rule in friendly.rules_for(level)}

    @pytest.mark.parametrize("preset", PRESETS)
    def test_every_rule_holds_for_the_presets(self, preset):
        """Each preset's problems meet every rule of its level."""
        spec = resolve(preset=preset)
        for seed in range(60):
            verdict = generator.verify(generate(spec, seed), spec.level)
            assert all(verdict.values()), (preset, seed, verdict)

    @pytest.mark.parametrize("options", [
        dict(level="easy", arch="2-3-2"), dict(level="easy", batch=2),
        dict(level="easy", hidden="identity", layout="row", notation="ax"),
        dict(level="easy", reduction="sum", batch=2),
        dict(level="medium", output="sigmoid"), dict(level="medium", output="identity"),
        dict(level="medium", hidden="relu", arch="2-3-3-2"), dict(level="hard", hidden="sigmoid"),
        dict(level="hard", arch="3-3-2", batch=3, reduction="sum"),
    ], ids=lambda o: "-".join(f"{k}={v}" for k, v in o.items()))
    def test_every_rule_holds_with_other_options(self, options):
        """Options change the network, never the rules it meets."""
        spec = resolve(**options)
        for seed in range(25):
            g = generate(spec, seed)
            assert all(generator.verify(g, spec.level).values()), (options, seed)

    def test_easy_numbers_are_what_the_issue_asks(self):
        """Easy: one-decimal givens, η ∈ {0.1, 0.5, 1}, every canonical id a ≤4-place decimal
        with |x| ≤ 100, through the loss after the update."""
        spec = resolve(level="easy")
        for seed in range(50):
            exercise = network_exercise(generate(spec, seed).problem)
            p = exercise.problem
            assert p.learning_rate in (Fraction(1, 10), Fraction(1, 2), Fraction(1))
            for v in [*p.inputs[0], *(w for layer in p.layers for row in layer.W for w in row)]:
                assert (v * 10).denominator == 1
            for step in exercise.graph.asked():
                for _, v in elements(exercise.values()[step.id]):
                    assert isinstance(v, Fraction) and (v * 10**4).denominator == 1
                    assert abs(v) <= 100

    def test_medium_has_a_value_table(self):
        """A medium problem with sigmoid/softmax lists its exp/σ/log values, exactly those used."""
        from handcalc.network import valuetable

        exercise = network_exercise(generate(resolve(level="medium"), 0).problem)
        entries = valuetable.table(exercise)
        assert {e.fn for e in entries} == {"sigmoid", "exp", "log"}
        assert valuetable.keys(entries, 4) == valuetable.keys(valuetable.needed(exercise), 4)


class TestDeterminism:
    @pytest.mark.parametrize("level", friendly.LEVELS)
    def test_same_seed_same_problem(self, level):
        """Two generations from one seed are the same text."""
        spec = resolve(level=level)
        assert rebuild(spec, 11) == rebuild(spec, 11)
        assert rebuild(spec, 11) != rebuild(spec, 12)

    def test_independent_of_hash_seed(self):
        """A fresh interpreter with another PYTHONHASHSEED makes the same problems."""
        code = ("from handcalc.network import generator, problem_yaml as y\n"
                "for level in ('easy', 'medium', 'hard'):\n"
                "    s = generator.resolve(level=level)\n"
                "    print(y.dump(generator.generate(s, 5).problem))\n")
        outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               cwd=ROOT, env={"PYTHONHASHSEED": h, "PATH": ""}, check=True).stdout
                for h in ("0", "1", "12345")}
        assert len(outs) == 1

    @pytest.mark.parametrize("name", [*PRESETS, *friendly.LEVELS])
    def test_golden_problem(self, name, golden):
        """A fixed seed per preset and level gives the problem in tests/golden/new/."""
        spec = resolve(preset=name) if name in PRESETS else resolve(level=name)
        golden(f"new/{name}.seed42.yaml", rebuild(spec, 42))

    def test_layout_only_transposes(self):
        """--layout row gives the same network as column, its W transposed."""
        col = generate(resolve(level="medium", layout="column"), 3).problem
        row = generate(resolve(level="medium", layout="row"), 3).problem
        for a, b in zip(col.layers, row.layers, strict=True):
            assert a.W == [list(r) for r in zip(*b.W)] and a.b == b.b

    def test_count_gives_distinct_problems(self):
        """generate_many: distinct problems, each rebuilt from the seed in its title."""
        spec = resolve(level="easy")
        made = generator.generate_many(spec, 100, 12)
        texts = {problem_yaml.dump(g.problem).split("\n", 2)[2] for g in made}
        assert len(texts) == 12
        for g in made:
            assert f"seed {g.seed})" in g.problem.title
            assert problem_yaml.dump(generate(spec, g.seed).problem) == problem_yaml.dump(g.problem)


class TestExactSketch:
    @pytest.mark.parametrize("level", friendly.LEVELS)
    def test_short_values_are_the_engines(self, level):
        """The sampler's exact pass computes, with Shorts, exactly the engine's values."""
        spec = resolve(level=level)
        sampler = generator._sampler(spec)
        for seed in range(20):
            g = generate(spec, seed)
            exercise = network_exercise(g.problem)
            truth = exercise.values()
            d = generator.Draw(g.problem.inputs, g.problem.targets,
                               [generator._laid_out(layer.W, spec.layout) for layer in
                                g.problem.layers], [layer.b for layer in g.problem.layers],
                               g.problem.learning_rate)
            values = sampler.shorts(d)
            for step, _ in sampler.exact_plan:
                values[step.id] = recompute(step, values)
                for (_, got), (_, want) in zip(elements(values[step.id]),
                                               elements(truth[step.id]), strict=True):
                    got = got.fraction() if isinstance(got, Short) else got
                    assert got == want, (level, seed, step.id)

    def test_short_arithmetic(self):
        """Short is exact with ints, Fractions and Shorts, refuses a fifth place, joins floats."""
        a, b = Short.of(Fraction(3, 10)), Short.of(Fraction(1, 4))
        assert (a * b).fraction() == Fraction(3, 40)
        assert (a + 1).fraction() == Fraction(13, 10) and (1 - a).fraction() == Fraction(7, 10)
        assert (Fraction(1, 2) * a).fraction() == Fraction(3, 20)
        assert (a / 2).fraction() == Fraction(3, 20) and (a / 3).fraction() == Fraction(1, 10)
        assert a > 0 and b < a and a == Fraction(3, 10) and -a < 0 and abs(-a) == a
        assert isinstance(a * 0.5, float) and a * 0.5 == 0.15
        with pytest.raises(TooLong):
            (a * b) * b  # 0.01875
        with pytest.raises(TooLong):
            b / 3  # 0.08333…
        assert Short.of(Fraction(1, 2)).places() == 1 and Short.of(Fraction(3)).places() == 0


class TestOptions:
    def test_level_defaults(self):
        """Each level has its network; presets set the seeds' styles."""
        assert resolve().sizes == (2, 2, 1) and resolve().level == "easy"
        assert resolve(level="hard").batch == 2
        ex3 = resolve(preset="exercise3")
        assert (ex3.notation, ex3.layout, ex3.output, ex3.loss) == ("ax", "row", "softmax",
                                                                     "cross_entropy")
        assert resolve(preset="regression").notation == "uz"
        assert resolve(preset="logistic").sizes == (2, 1)
        assert resolve(preset="exercise3", arch="2-2-2").sizes == (2, 2, 2)  # options override

    def test_output_picks_its_loss(self):
        """--output sigmoid without --loss means binary cross-entropy."""
        assert resolve(level="medium", output="sigmoid").loss == "binary_cross_entropy"

    @pytest.mark.parametrize("options, words", [
        (dict(arch="2x3"), "--arch should be unit counts"),
        (dict(arch="2-9-1"), "1 to 6 units"),
        (dict(level="easy", hidden="sigmoid"), "--level easy keeps every number"),
        (dict(level="medium", output="identity", loss="cross_entropy"),
         "--loss cross_entropy needs --output softmax or sigmoid"),
        (dict(level="medium", output="softmax", arch="2-3-1"), "at least 2 output units"),
        (dict(level="expert"), "--level should be one of easy, medium, hard"),
        (dict(preset="lenet"), "--preset should be one of"),
        (dict(batch=9), "--batch should be 1 to 4"),
        (dict(notation="xy"), "--notation should be one of"),
    ])
    def test_bad_options_say_why(self, options, words):
        """A combination that cannot make a problem raises one clear message."""
        with pytest.raises(GeneratorError, match=words.replace("(", r"\(")):
            resolve(**options)

    def test_impossible_problem_gives_up_with_a_message(self, monkeypatch):
        """No friendly draw within the budget: a message that says what to try."""
        monkeypatch.setattr(generator, "MAX_TRIES", 3)
        with pytest.raises(GeneratorError, match="no hand-friendly problem in 3 draws"):
            generate(resolve(level="easy", arch="4-4-4-4-2"), 0)


def test_random_stream_is_only_the_seed():
    """The generator draws from random.Random(seed) alone: the global random state is unused."""
    spec = resolve(level="easy")
    random.seed(1)
    a = rebuild(spec, 3)
    random.seed(2)
    assert rebuild(spec, 3) == a
