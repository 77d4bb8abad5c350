"""Property tests (hypothesis): whatever a student hands in — random sheets of plausible and
implausible numbers, random YAML structures, random bytes — grading never crashes, every asked
element gets exactly one verdict, and NaN or infinity is never right."""

from __future__ import annotations

import json
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handcalc.check import Markers, Problems, check_file, check_sheet
from handcalc.check import sheet_from_text as from_text
from handcalc.files import load
from handcalc.grader import VERDICTS
from handcalc.render.report_class import report_csv, report_json
from handcalc.render.report_sheet import sheet_report

from .conftest import EXERCISES
from .test_check_golden import text_of

PROBLEMS = [EXERCISES / n for n in ("exercise3.yaml", "minibatch.yaml", "logistic.yaml",
                                    "graph_cs231n_neuron.yaml")]
EXERCISE_OF = {p: load(str(p)) for p in PROBLEMS}
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = st.sampled_from(["nan", ".nan", "inf", "-inf", ".inf", "1e999", "1/0", "0/0", "2^64",
                         "2^-64", "exp(800)", "log(0)", "sqrt(-1)", "(((1)))", "--1", "1,5",
                         "０．５", "true", "~", "", " ", "1 2", "e", "1e-300", "10^300",
                         "(1/3)^64", "-(1/3)", "3/20", "0.1*0.5 + 0.2", "x", "∞", "½"])
NUMBERS = st.one_of(
    st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.fractions(max_denominator=1000).map(lambda q: f"{q.numerator}/{q.denominator}"),
    WORDS,
    st.text(max_size=12),
)
VALUES = st.recursive(st.one_of(st.none(), NUMBERS),
                      lambda inner: st.lists(inner, max_size=5), max_leaves=30)


def _near_truth(draw, value):
    """The truth, perturbed a little, a lot, or replaced, element by element."""
    if isinstance(value, list):
        return [_near_truth(draw, v) for v in value]
    how = draw(st.sampled_from(["same", "round", "off", "scale", "blank", "word"]))
    if how == "same":
        return str(Fraction(value)) if not isinstance(value, float) else repr(value)
    if how == "round":
        return f"{float(value):.{draw(st.integers(0, 6))}f}"
    if how == "off":
        return repr(float(value) + draw(st.floats(-2, 2)))
    if how == "scale":
        return repr(float(value) * draw(st.sampled_from([-1, 2, 0.5, 0, 10])))
    if how == "blank":
        return None
    return draw(WORDS)


@st.composite
def sheets(draw):
    """A sheet's text: some asked keys near the truth, some random, some misspelt."""
    path = draw(st.sampled_from(PROBLEMS))
    exercise = EXERCISE_OF[path]
    truth = exercise.values()
    answers = {}
    for step in exercise.graph.asked():
        choice = draw(st.sampled_from(["truth", "truth", "random", "absent"]))
        key = exercise.key_of(step.id)
        if choice == "truth":
            answers[key] = _near_truth(draw, exercise.outward(step, truth[step.id]))
        elif choice == "random":
            answers[key] = draw(VALUES)
    if draw(st.booleans()):
        answers[draw(st.text(min_size=1, max_size=8))] = draw(VALUES)
    body = {"handcalc": 1, "problem": path.as_posix(), "answers": answers}
    if draw(st.booleans()):
        body["keys"] = draw(st.sampled_from(["canonical", "notation", "other"]))
    return json.dumps(body, ensure_ascii=draw(st.booleans()))


def _graded_sanely(checked):
    exercise = checked.sheet.exercise
    items = checked.graded.items
    expected_ids = [exercise.element_id(s, idx) for s in exercise.graph.asked()
                    for idx, _ in exercise.elements_of(s)]
    assert [i.id for i in items] == expected_ids
    for item in items:
        assert item.kind in VERDICTS
        if item.kind in ("right", "carried", "rounding"):
            assert item.answer is not None
            assert abs(float(item.answer)) < float("inf")
    # and every way of showing it works
    text_of(sheet_report(checked, "en"))
    json.dumps(report_json([checked], "ja"))
    report_csv([checked])


class TestNeverCrashes:
    @SETTINGS
    @given(sheets())
    def test_random_sheets(self, text):
        """Random sheets near and far from the truth are graded, one verdict per element."""
        try:
            sheet = from_text(text, "random.yaml", Problems())
        except Exception as e:  # only the sheet-level error type is allowed
            from handcalc.yamlsafe import InputError

            assert isinstance(e, InputError), repr(e)
            return
        _graded_sanely(check_sheet(sheet, Markers()))

    @SETTINGS
    @given(st.binary(max_size=600))
    def test_random_bytes(self, tmp_path_factory, data):
        """Random bytes as a sheet file: an error line or a grade, never a crash."""
        path = tmp_path_factory.mktemp("bytes") / "sheet.yaml"
        path.write_bytes(data)
        checked = check_file(str(path), Problems(), Markers())
        assert checked.error is not None or checked.graded is not None

    @SETTINGS
    @given(st.text(max_size=300))
    def test_random_text_after_a_good_header(self, tmp_path_factory, tail):
        """A good header followed by any text: an error line or a grade, never a crash."""
        head = f"handcalc: 1\nproblem: {PROBLEMS[0].as_posix()}\nanswers:\n  "
        path = tmp_path_factory.mktemp("text") / "sheet.yaml"
        path.write_text(head + tail, encoding="utf-8")
        checked = check_file(str(path), Problems(), Markers())
        if checked.graded is not None:
            _graded_sanely(checked)
        else:  # one line naming the sheet file
            assert checked.error and "\n" not in checked.error.strip(), checked.error
            assert "sheet.yaml" in checked.error, checked.error


def test_nan_and_inf_are_never_right():
    """However NaN or infinity is written, it is unreadable, never right."""
    for written in ("nan", ".nan", ".NaN", "inf", "-.inf", "1e999", "exp(1000)", "10^400"):
        text = (f"handcalc: 1\nproblem: {PROBLEMS[2].as_posix()}\n"
                f"answers:\n  z1: [\"{written}\"]\n")
        checked = check_sheet(from_text(text, "s.yaml"))
        assert checked.graded.items[0].kind == "unreadable", written
