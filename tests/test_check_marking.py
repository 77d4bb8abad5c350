"""The marking itself (as STACK tests its questions): for the bundled exercises and for random
networks, a sheet built from the truth is all right, a rounded chain is all right, every
catalogued mistake injected into a correct sheet is named at its step with everything after it
carried or right, and a slip is wrong with its consequences carried."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest

from handcalc.answers import from_values
from handcalc.engine import element, elements
from handcalc.files import load
from handcalc.grader import Marker, near
from handcalc.network.exercise import network_exercise
from handcalc.network.mistakes import NETWORK
from handcalc.numbers import round_half_away

from .conftest import EXERCISES, exercises_of
from .netgen import describe, problems, random_problem
from .sheetkit import learner_values, sheet_values

NETWORK_FILES = exercises_of("network")
GRAPH_FILES = exercises_of("graph")
RANDOM = problems(48, seed=3)


def bundled(path):
    return load(str(path))


def graded(exercise, values):
    marker = Marker(exercise)
    return marker, marker.grade(from_values(exercise, sheet_values(exercise, values)).answers)


def exercises():
    out = [pytest.param(bundled(p), id=p.stem) for p in NETWORK_FILES + GRAPH_FILES]
    out += [pytest.param(network_exercise(p), id=f"random{i}") for i, p in enumerate(RANDOM)]
    return out


class TestRightSheets:
    @pytest.mark.parametrize("exercise", exercises())
    def test_the_truth_is_all_right(self, exercise):
        """A sheet holding the truth, exactly, is right in every element."""
        _, g = graded(exercise, exercise.values())
        assert g.all_right and g.counts()["right"] == g.total

    @pytest.mark.parametrize("exercise", exercises())
    def test_a_rounded_chain_is_all_right(self, exercise):
        """Rounding every step to `decimals` places and carrying the rounded values forward
        is all right — not carried, not rounding."""
        values = learner_values(exercise, round_to=exercise.decimals)
        _, g = graded(exercise, values)
        wrong = [(i.id, i.verdict, i.answer, i.expected) for i in g.items if i.kind != "right"]
        assert not wrong, wrong

    def test_a_coarser_rounding_is_rounding_not_wrong(self):
        """Two places where four are asked is `rounding` (half a point), not wrong."""
        exercise = bundled(EXERCISES / "exercise3.yaml")
        values = learner_values(exercise)
        values["dL_da2"] = [[Fraction(0), Fraction("-1.89")]]  # -1.8869 to two places
        _, g = graded(exercise, values)
        verdicts = {i.id: i.verdict for i in g.items}
        assert verdicts["dL_da2[1]"] == "rounding"
        assert g.points == g.total - 0.5


def _coarser(w, v, decimals):
    """w is v rounded or cut to fewer places (a mistake that happens to look like that is
    taken for rounding: truncation is never named a mistake)."""
    for places in range(1, decimals):
        scaled = (Fraction(repr(v)) if isinstance(v, float) else Fraction(v)) * 10**places
        cut = Fraction(int(scaled), 10**places)
        if Fraction(w) in (cut, round_half_away(Fraction(v), places)):
            return True
    return False


def _differs(marker, step, truth, wrong, tol):
    """The elements where a mistake is visible: more than a unit outside what rounding
    allows (the right band of the element, README "The verdicts")."""
    out = []
    for idx, v in elements(truth):
        try:
            w = element(wrong, idx)
        except (IndexError, TypeError):
            return None
        if near(w, v, tol) or _coarser(w, v, marker.decimals):
            continue
        unit = float(marker.unit)
        if not any(b.lo - unit <= float(w) <= b.hi + unit
                   for b in marker.bands.truth_bands(step, idx)):
            out.append(idx)
    return out


def _injections(exercise):
    """(step, code, method, differing indices) for every mistake that changes a step's value."""
    marker = Marker(exercise)
    truth = exercise.values()
    for step in exercise.graph.asked():
        for code, method in marker.variants(step):
            try:
                wrong = method.compute(*[truth[r] for r in method.reads])
            except (ArithmeticError, ValueError):
                continue
            # a difference within one unit in the last place is not told from rounding
            differs = _differs(marker, step, truth[step.id], wrong, marker.unit)
            if differs:
                yield step, code, method, differs


ORDER = {m.code: i for i, m in enumerate(NETWORK)}


def _check_injection(exercise, step, code, method, differs, named: Counter):
    values = learner_values(exercise, at=step.id, method=method)
    marker, g = graded(exercise, values)
    after = False
    for item in g.items:
        if item.step == step.id:
            after = True
            if item.idx not in differs:
                continue
            assert item.kind == "mistake", (describe_ex(exercise), step.id, code, item)
            got = item.codes[0]
            if got == code and len(item.codes) == 1:
                named["exact"] += 1
            elif item.tie:
                # mistakes giving the same numbers on the whole step: all named
                assert code in item.codes, (describe_ex(exercise), step.id, code, item)
                named["tie"] += 1
            else:
                # the same number from a simpler explanation, named first
                assert len(item.codes) == 1 and ORDER.get(got, -1) <= ORDER[code], \
                    (describe_ex(exercise), step.id, code, item)
                named["simpler"] += 1
        elif after:
            assert item.kind in ("right", "carried"), (describe_ex(exercise), step.id, code, item)


def describe_ex(exercise):
    return describe(exercise.problem) if exercise.kind == "network" else exercise.title


class TestMistakesAreNamed:
    @pytest.mark.parametrize("exercise", [e for e in exercises()
                                          if e.values[0].kind == "network"])
    def test_every_injected_mistake_is_named_and_the_rest_carried(self, exercise):
        """Each catalogued mistake that changes a step, injected into a correct sheet, is named
        at its step (or a simpler mistake giving the same number is), and everything after it
        is carried or right."""
        named: Counter = Counter()
        changed = 0  # elements a mistake changed: each must be named
        for step, code, method, differs in _injections(exercise):
            _check_injection(exercise, step, code, method, differs, named)
            changed += len(differs)
        # mistakes were injected, and every element they changed was named (by its own code,
        # in a tie, or a simpler mistake giving the same number)
        assert changed and sum(named.values()) == changed, (changed, named)

    def test_every_mistake_of_the_catalogue_is_injected_somewhere(self):
        """Across the bundled and random networks (and one ReLU unit at exactly 0), every
        catalogued network mistake changes some step and is named there by its own code."""
        seen: Counter = Counter()
        pool = [bundled(p) for p in NETWORK_FILES] + [network_exercise(p) for p in RANDOM]
        pool.append(relu_at_zero())
        for exercise in pool:
            for step, code, method, differs in _injections(exercise):
                named: Counter = Counter()
                _check_injection(exercise, step, code, method, differs, named)
                if named["exact"] or named["tie"]:  # by its own code (alone, or in a tie)
                    seen[code] += 1
        missing = [m.code for m in NETWORK if not seen[m.code]]
        assert not missing, missing
        assert len(NETWORK) >= 12


def relu_at_zero():
    """A 2-2-1 network whose first hidden unit sits at exactly z = 0."""
    from handcalc.network.problem import Layer, Problem

    F = Fraction
    p = Problem(inputs=[[F(1), F(1)]], targets=[[F(1)]],
                layers=[Layer("relu", [[F(1, 2), F(-1, 2)], [F(1, 2), F(1, 4)]], [F(0), F(0)]),
                        Layer("identity", [[F(1), F(1)]], [F(0)])],
                loss="squared_error", learning_rate=F(1, 10), title="ReLU at zero")
    return network_exercise(p)


class TestSlips:
    @pytest.mark.parametrize("exercise", exercises()[:len(NETWORK_FILES) + len(GRAPH_FILES) + 12])
    def test_a_slip_is_wrong_and_its_consequences_carried(self, exercise):
        """A number off by 0.37 in one element is `wrong`; what is computed from it later is
        carried or right, and nothing before it changes."""
        truth = exercise.values()
        for n, step in enumerate(exercise.graph.asked()):
            if n % 3:
                continue  # every third step keeps the test quick
            idx, v = next(iter(elements(truth[step.id])))
            value = _replace(truth[step.id], idx, v + Fraction(37, 100))
            values = learner_values(exercise, at=step.id, value=value)
            _, g = graded(exercise, values)
            after = False
            for item in g.items:
                if item.step == step.id and item.idx == idx:
                    assert item.verdict == "wrong", (step.id, item)
                    after = True
                elif after:
                    assert item.kind in ("right", "carried"), (step.id, item)
                else:
                    assert item.kind == "right", (step.id, item)


def _replace(value, idx, new):
    import copy

    if not idx:
        return new
    out = copy.deepcopy(value)
    node = out
    for i in idx[:-1]:
        node = node[i]
    node[idx[-1]] = new
    return out


class TestFollowThrough:
    def test_an_early_error_costs_only_its_element(self):
        """z1[0] written wrong and everything after computed from it: one wrong element, the
        rest of the sheet carried or right (full credit but one)."""
        exercise = bundled(EXERCISES / "design_card.yaml")
        value = _replace(exercise.values()["z1"], (0, 0), Fraction(3, 10))
        values = learner_values(exercise, at="z1", value=value)
        _, g = graded(exercise, values)
        assert g.counts()["wrong"] == 1 and g.points == g.total - 1
        assert g.counts()["carried"] > 10

    def test_follow_through_never_uses_blanks(self):
        """A blank earlier answer is replaced by the truth: what follows is right, not carried."""
        exercise = bundled(EXERCISES / "design_card.yaml")
        values = sheet_values(exercise, exercise.values())
        values["z1"] = None
        g = Marker(exercise).grade(from_values(exercise, values).answers)
        kinds = Counter(i.kind for i in g.items)
        assert kinds == Counter({"right": g.total - 3, "blank": 3})

    def test_updated_weights_in_backward_is_named(self):
        """δ¹ sent back through W²′ (seed 004: use the weights before the update) is named."""
        exercise = bundled(EXERCISES / "exercise3.yaml")
        marker = Marker(exercise)
        step = exercise.graph.by_id["delta1"]
        method = dict(marker.variants(step))["updated_weights_in_backward"]
        values = learner_values(exercise, at="delta1", method=method)
        _, g = graded(exercise, values)
        delta1 = [i for i in g.items if i.step == "delta1"]
        assert {i.verdict for i in delta1} >= {"mistake:updated_weights_in_backward"}

    def test_a_pair_of_mistakes_in_one_step(self):
        """W′ = W + ∂L/∂W (wrong sign and no η) is named as the pair."""
        exercise = bundled(EXERCISES / "design_card.yaml")
        values = learner_values(exercise)
        values["b2_new"] = [b + d for b, d in zip(values["b2"], values["db2"])]
        _, g = graded(exercise, values)
        verdicts = {i.verdict for i in g.items if i.step == "b2_new"}
        assert verdicts == {"mistake:update_wrong_sign+forgot_learning_rate"}

    def test_a_mistake_made_on_the_learners_own_numbers(self):
        """After a slip in δ², forgetting h′ in δ¹ is still named (from their own δ²)."""
        exercise = bundled(EXERCISES / "exercise3.yaml")  # z₂⁽¹⁾ < 0: ReLU′ matters there
        marker = Marker(exercise)
        truth = exercise.values()
        delta2 = _replace(truth["delta2"], (0, 0), truth["delta2"][0][0] + Fraction(1, 5))
        values = learner_values(exercise, at="delta2", value=delta2)
        method = dict(marker.variants(exercise.graph.by_id["delta1"]))[
            "forgot_activation_derivative"]
        values["delta1"] = method.compute(*[values[r] for r in method.reads])
        g = marker.grade(from_values(exercise, sheet_values(exercise, values)).answers)
        named = [i for i in g.items if i.step == "delta1" and i.kind == "mistake"]
        assert named and all(i.source == "yours" for i in named)


class TestSeed004SoftmaxSlip:
    """Seed 004 derives δ at a softmax output with ∂x_i/∂x_j = −1 and the diagonal y(1 − y)."""

    def _delta(self, classes: int):
        layers_W = [[Fraction(k + 1, 10) for k in range(2)] for _ in range(classes)]
        from handcalc.network.problem import Layer, Problem

        p = Problem(inputs=[[Fraction(1), Fraction(1, 2)]],
                    targets=[[Fraction(int(j == 0)) for j in range(classes)]],
                    layers=[Layer("softmax", [[w + Fraction(j, 7) for w in row]
                                              for j, row in enumerate(layers_W)],
                                  [Fraction(0)] * classes)],
                    loss="cross_entropy", learning_rate=Fraction(1, 2))
        exercise = network_exercise(p)
        marker = Marker(exercise)
        step = exercise.graph.by_id["delta1"]
        slip = dict(marker.variants(step))["softmax_sum_constraint"]
        truth = exercise.values()
        return truth["delta1"][0], slip.compute(*[truth[r] for r in slip.reads])[0]

    def test_right_by_chance_with_two_classes(self):
        """With two classes and a one-hot target the slip gives the true δ = y − t."""
        right, slipped = self._delta(2)
        assert all(abs(a - b) < 1e-12 for a, b in zip(right, slipped))

    def test_wrong_with_three_classes(self):
        """With three classes it does not: the classes that are not the target go wrong."""
        right, slipped = self._delta(3)
        assert abs(right[0] - slipped[0]) < 1e-12  # the target class happens to be right
        assert all(abs(a - b) > 1e-3 for a, b in zip(right[1:], slipped[1:]))


def test_random_networks_cover_every_setting():
    """The random networks of these tests vary every setting that changes a mistake."""
    pairs = {(p.layers[-1].activation, p.loss) for p in RANDOM}
    assert len(pairs) >= 6 and {p.batch for p in RANDOM} >= {1, 2}
    assert random_problem(1) is not None
