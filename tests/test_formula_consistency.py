"""What a solution shows is what it computes: every element's formula, evaluated with its numbers
put in, gives the value the step's for/if function computed — for the primary method and for
every alternative method (δ = (y − t)/n beside δ = ∂L/∂y ⊙ h′).
"""

from __future__ import annotations

import math

import pytest

from handcalc import engine, formula
from handcalc.network import steps
from handcalc.numbers import is_exact
from tests import netgen

FLOAT_TOL = 1e-9  # |formula − value| ≤ FLOAT_TOL·(1 + |value|) once a value is a float
COUNT = 150

NETS = netgen.problems(COUNT, seed=4)


def agrees(got, want) -> bool:
    if is_exact(got) and is_exact(want):
        return got == want
    return math.isclose(float(got), float(want), rel_tol=FLOAT_TOL, abs_tol=FLOAT_TOL)


def check_network(problem) -> int:
    """Assert every formula and every method of every step; return how many elements."""
    graph = steps.build(problem)
    values = engine.evaluate(graph)

    def value_of(ref):
        return engine.element(values[ref.id], ref.idx)

    checked = 0
    for step in graph.steps:
        for m, method in enumerate(step.methods()):
            computed = engine.run(method, values)
            for idx, value in engine.elements(values[step.id]):
                where = f"{step.id}{list(idx)} method {m}: {netgen.describe(problem)}"
                assert agrees(engine.element(computed, idx), value), where
                shown = formula.evaluate(method.formula(idx), value_of)
                assert agrees(shown, value), f"{where}: formula {shown} vs value {value}"
                checked += 1
    return checked


def test_networks_cover_every_setting():
    """The networks checked here use every value of every setting the format has."""
    assert netgen.missing(NETS) == {}


@pytest.mark.parametrize("i", range(COUNT))
def test_formula_of_every_element_gives_its_value(i):
    """Every element's formula of every method evaluates to the step's computed value."""
    assert check_network(NETS[i]) > 0


def test_alternative_methods_are_tried():
    """The canonical pairs (identity+SE, softmax+CE, sigmoid+BCE) carry the chain-rule δ as an
    alternative, and its formula is checked above like the primary one."""
    seen = set()
    for p in NETS:
        step = steps.build(p).by_id[f"delta{len(p.layers)}"]
        if step.alternatives and step.method.reads[-1] == "t":  # the shortcut (y − t)/n first
            seen.add((p.layers[-1].activation, p.loss))
    assert seen == {("identity", "squared_error"), ("softmax", "cross_entropy"),
                    ("sigmoid", "binary_cross_entropy")}


def test_h_prime_from_z_is_an_alternative():
    """Every δ of a sigmoid or tanh layer can also be worked with h′ from z (σ(z)(1 − σ(z)),
    1 − tanh²(z)); its formula is checked above like the others."""
    from handcalc import functions

    found = set()
    for p in NETS:
        for step in steps.build(p).steps:
            for m in step.alternatives:
                grad = m.compute.keywords.get("grad") if hasattr(m.compute, "keywords") else None
                if grad in functions.FROM_Z.values():
                    found.add(m.compute.keywords["name"])
    assert found == {"sigmoid", "tanh"}


def test_exact_formulas_stay_exact():
    """Where a step's value is exact, its formula evaluates exactly too (a Fraction, equal)."""
    p = netgen.random_problem(7, pair=("identity", "squared_error"), hidden="relu", depth=3,
                              batch=3, reduction="mean")
    graph = steps.build(p)
    values = engine.evaluate(graph)
    for step in graph.steps:
        for idx, value in engine.elements(values[step.id]):
            shown = formula.evaluate(step.formula(idx),
                                     lambda r: engine.element(values[r.id], r.idx))
            assert is_exact(shown) and shown == value, (step.id, idx, shown, value)
