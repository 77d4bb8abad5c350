"""problem_yaml.dump writes format 1 that problem.loads reads back to the same problem."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from handcalc.files import read_text
from handcalc.network import generator, problem_yaml
from handcalc.network.problem import Problem, loads

from . import netgen
from .conftest import EXERCISES, exercises_of

NETWORKS = exercises_of("network")

def load(path: str) -> Problem:
    """A network problem file, read as the command reads it."""
    return loads(read_text(path), path)


FIELDS = [f.name for f in dataclasses.fields(load(str(NETWORKS[0]))) if f.name != "path"]


def same(a, b) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in FIELDS)


@pytest.mark.parametrize("path", NETWORKS, ids=lambda p: p.stem)
def test_bundled_exercises_round_trip(path):
    """Every bundled network problem survives dump → load unchanged."""
    problem = load(str(path))
    assert same(problem_yaml.loads(problem_yaml.dump(problem)), problem)


# the loader refuses a one-unit softmax (it always outputs 1); netgen draws a few
LOADABLE = [p for p in netgen.problems(120, seed=7)
            if not (p.layers[-1].activation == "softmax" and len(p.layers[-1].b) == 1)]


@pytest.mark.parametrize("problem", LOADABLE, ids=netgen.describe)
def test_random_problems_round_trip(problem):
    """Random networks of every setting (layouts, notations, batches, updates) round-trip."""
    assert same(problem_yaml.loads(problem_yaml.dump(problem)), problem)


def test_generated_problems_round_trip():
    """Generated problems, titles with their seeds included, round-trip."""
    for level in ("easy", "medium", "hard"):
        for seed in range(20):
            p = generator.generate(generator.resolve(level=level, lang="ja"), seed).problem
            assert same(problem_yaml.loads(problem_yaml.dump(p)), p)


def test_fractions_that_never_end_are_quoted():
    """A third is written "1/3" and read back as exactly a third; decimals stay decimals."""
    problem = load(str(NETWORKS[0]))
    problem.learning_rate = Fraction(1, 3)
    problem.layers[0].b[0] = Fraction(-7, 8)
    text = problem_yaml.dump(problem)
    assert 'learning_rate: "1/3"' in text and "-0.875" in text
    assert same(problem_yaml.loads(text), problem)


def test_key_order_and_comments():
    """Keys in design.md's order; comments first; every default written out."""
    problem = load(str(EXERCISES / "exercise3.yaml"))
    text = problem_yaml.dump(problem, ["made by a test"])
    keys = [line.split(":")[0] for line in text.splitlines()
            if line and not line.startswith((" ", "#"))]
    assert text.startswith("# made by a test\nhandcalc: 1\n")
    assert keys == ["handcalc", "title", "notation", "layout", "input", "target", "layers",
                    "loss", "reduction", "learning_rate", "update", "decimals",
                    "relu_grad_at_zero"]


def test_titles_with_quotes_and_japanese():
    """A title with quotes, a backslash and Japanese is written so YAML reads it back."""
    problem = load(str(EXERCISES / "exercise3.yaml"))
    problem.title = '演習③ "quoted" \\ back: slash'
    assert problem_yaml.loads(problem_yaml.dump(problem)).title == problem.title
