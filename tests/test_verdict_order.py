"""decide_verdict follows the README's table of verdicts ("The verdicts"): the rules are tried
in the documented order and the first that fits is the verdict.  The evidence is made by hand
here, so each rule is met on purpose and two rules fit at once."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

from handcalc.grader import decide_verdict
from handcalc.interval import Interval

ROOT = Path(__file__).resolve().parent.parent
D = 4  # decimals asked
HALF = 0.00005


class Evidence:
    """Bands and values for one scalar element: the truth 0.5, optionally a value worked from
    the learner's answers and named mistakes' values."""

    def __init__(self, truth=0.5, mine=None, singles=()):
        self.truth, self.mine, self._singles = truth, mine, list(singles)

    def truth_bands(self, idx):
        return [Interval(self.truth - HALF, self.truth + HALF)]

    def followthrough(self):
        return [self.mine]

    def usable_methods(self):
        return [self.mine is not None]

    def usable(self):
        return self.mine is not None

    def carried(self, idx):
        if self.mine is None:
            return []
        return [(Interval(self.mine - HALF, self.mine + HALF), self.mine)]

    def singles(self):
        return self._singles

    def doubles(self):
        return []


def verdict(x, evidence, dirty=True):
    return decide_verdict(Fraction(x), Fraction(evidence.truth), (), evidence,
                          inputs_dirty=dirty, decimals=D).verdict


class TestTheDocumentedOrder:
    def test_the_readme_lists_the_order_the_code_follows(self):
        """The table's verdict column, in order: right, carried, rounding, mistake, rounding,
        wrong (blank and unreadable are decided before a number is read)."""
        text = (ROOT / "README.md").read_text(encoding="utf-8")
        table = text[text.index("### The verdicts"):]
        table = table[:table.index("\n\n", table.index("| verdict |"))]
        codes = re.findall(r"^\| `([a-z]+)", table, re.M)
        assert codes == ["right", "carried", "rounding", "mistake", "rounding", "wrong", "blank",
                         "unreadable"]

    def test_right_before_a_mistake_giving_the_same_number(self):
        """A number inside the truth's band is right even when a mistake gives it too."""
        ev = Evidence(singles=[("dropped_half", 0.5, None)])
        assert verdict("0.5", ev) == "right"

    def test_carried_before_a_mistake(self):
        """Outside the truth's band, inside the band from the learner's own answers: carried,
        although a mistake made on the true inputs gives the same number."""
        ev = Evidence(mine=0.7, singles=[("forgot_learning_rate", 0.7, None)])
        assert verdict("0.7", ev) == "carried"

    def test_rounding_to_fewer_places_before_a_mistake(self):
        """0.52 for a truth of 0.5234 is the right value to two places, never the mistake whose
        value is 0.52."""
        ev = Evidence(truth=0.5234, singles=[("transposed", 0.52, None)])
        assert verdict("0.52", ev) == "rounding"

    def test_a_mistake_before_units_off(self):
        """Two units off the truth is 'rounding' — unless a mistake gives that number (and
        makes a visible difference: more than a unit beyond the truth's band); then it is the
        mistake."""
        assert verdict("0.5002", Evidence()) == "rounding"
        ev = Evidence(truth=0.5, singles=[("sign_flipped", 0.5002, None)])
        assert verdict("0.5002", ev) == "mistake:sign_flipped"

    def test_units_off_then_wrong(self):
        """One unit off with no mistake near: rounding; far off: wrong."""
        assert verdict("0.5001", Evidence()) == "rounding"
        assert verdict("0.61", Evidence()) == "wrong"


class TestWhichMistake:
    """prefer_consistent, by hand: where several mistakes give an element's number, the one
    that explains most of the step is named; equally good ones on the whole step, a tie."""

    UNIT = Fraction(1, 10**D)

    @staticmethod
    def _step(first_verdict: str) -> list:
        from handcalc.grader import Item

        # a step of two elements; the learner wrote 2 and 6
        one = Item("d[0]", "d", (0,), first_verdict, Fraction(1), Fraction(2))
        one.candidates = [("b", "truth", Fraction(2)), ("a", "truth", Fraction(2))]
        two = Item("d[1]", "d", (1,), "mistake:a", Fraction(3), Fraction(6))
        return [one, two]

    def test_the_mistake_explaining_most_of_the_step_is_named(self):
        """b (tried first) gives 2 and 5, a gives 2 and 6: the first element is a's."""
        from handcalc.grader.verdict import prefer_consistent

        items = self._step("mistake:b")
        outcomes = [("b", [Fraction(2), Fraction(5)], None), ("a", [Fraction(2), Fraction(6)],
                                                             None)]
        prefer_consistent(items, outcomes, self.UNIT)
        assert [i.verdict for i in items] == ["mistake:a", "mistake:a"]
        assert items[0].source == "truth" and items[0].followthrough == 2

    def test_two_mistakes_giving_the_same_step_are_a_tie(self):
        """Both give 2 and 6 (one from the true inputs, one from the learner's): a tie, the
        simpler named first."""
        from handcalc.grader.verdict import prefer_consistent

        items = self._step("mistake:b")
        outcomes = [("b", None, [Fraction(2), Fraction(6)]), ("a", [Fraction(2), Fraction(6)],
                                                             None)]
        prefer_consistent(items, outcomes, self.UNIT)
        assert items[0].verdict == "mistake:b|a"
