"""The catalogue of named mistakes: enough of them, stable codes, words in both languages, the
right formula, a ``Catalogue`` that refuses a record without them, and each kind's catalogue
found through its kind."""

from __future__ import annotations

import re

import pytest

from handcalc import kinds
from handcalc.files import load
from handcalc.mistakes import Catalogue, Mistake, catalogue, find, letters
from handcalc.network.mistakes import NETWORK

from .conftest import EXERCISES, ROOT

ISSUE = {"forgot_activation_derivative", "derivative_at_activation", "updated_weights_in_backward",
         "update_wrong_sign", "forgot_learning_rate", "dropped_half", "mean_not_divided",
         "mean_divided_twice", "transposed", "own_activation_in_dw", "bias_not_summed",
         "softmax_diagonal", "softmax_sum_constraint", "sign_flipped", "relu_derivative_at_zero"}


class TestCatalogue:
    def test_at_least_twelve_including_the_issues(self):
        """At least 12 network mistakes, every one the issue names among them."""
        codes = [m.code for m in NETWORK]
        assert len(codes) >= 12 and len(set(codes)) == len(codes)
        assert ISSUE <= set(codes)

    @pytest.mark.parametrize("m", list(NETWORK), ids=lambda m: m.code)
    def test_each_has_its_words(self, m: Mistake):
        """A stable snake_case code, a name and an explanation in ja and en, the right formula;
        the notation's letters fill in and nothing is left in braces."""
        assert re.fullmatch(r"[a-z][a-z0-9_]*[a-zA-Z0-9]", m.code)
        for field in ("name", "explain"):
            assert set(getattr(m, field)) == {"en", "ja"}
        assert m.formula
        ax = load(str(EXERCISES / "exercise3.yaml"))
        for lang in ("en", "ja"):
            for field in ("name", "explain", "formula"):
                text = m.text(field, lang, letters(ax))
                assert text and "{" not in text

    def test_letters_follow_the_notation(self):
        """In ax the activation is x: 'a' becomes 'x' in the mistake's words."""
        ax = load(str(EXERCISES / "exercise3.yaml"))
        m = find(ax, "derivative_at_activation")
        formula = m.text("formula", "en", letters(ax))
        assert "σ′(a) = σ(a)(1 − σ(a)) = x(1 − x)" in formula

    def test_the_docs_list_every_code(self):
        """The README's mistake table names every code."""
        doc = (ROOT / "README.md").read_text(encoding="utf-8")
        missing = [m.code for m in NETWORK if f"`{m.code}`" not in doc]
        assert not missing, missing


class TestGraphCatalogue:
    def test_graphs_use_graph_mistakes(self):
        """A kind: graph exercise gets handcalc.graph_mistakes.CATALOGUE."""
        graph = load(str(EXERCISES / "graph_apple.yaml"))
        from handcalc.graph import mistakes as graph_mistakes

        assert catalogue(graph) is graph_mistakes.CATALOGUE
        assert all(isinstance(m, Mistake) for m in catalogue(graph))


def _record(code: str = "forgot_it", **over: object) -> Mistake:
    """A well-formed record (its variant never applies), with some fields replaced."""
    fields: dict[str, object] = dict(
        code=code, name={"en": "forgot it", "ja": "忘れた"},
        explain={"en": "It was forgotten.", "ja": "忘れている。"}, formula="y = x",
        variant=lambda ex, step, method: None)
    fields.update(over)
    return Mistake(**fields)  # type: ignore[arg-type]


def _bundled() -> list[tuple[str, Catalogue, str]]:
    """(kind, its catalogue, a bundled exercise of it) for every kind."""
    from handcalc.derivation import mistakes as formula_mistakes
    from handcalc.graph import mistakes as graph_mistakes

    return [("network", NETWORK, "exercise3.yaml"),
            ("graph", graph_mistakes.CATALOGUE, "graph_apple.yaml"),
            ("formula", formula_mistakes.CATALOGUE, "formulas/formula_000_logistic.yaml")]


class TestCatalogueType:
    """A Catalogue checks its records when built and answers by code."""

    def test_a_repeated_code_is_refused(self):
        """Two records with one code: one record per code (more ways go in ``also``)."""
        with pytest.raises(ValueError, match="'forgot_it' is in the catalogue twice"):
            Catalogue([_record(), _record("other"), _record()])

    @pytest.mark.parametrize("field", ["name", "explain"])
    def test_a_record_without_japanese_is_refused(self, field: str):
        """A name or explanation in English only (or with an empty Japanese text) is refused."""
        with pytest.raises(ValueError, match=f"'forgot_it': its {field} needs both"):
            Catalogue([_record(**{field: {"en": "forgot it"}})])
        with pytest.raises(ValueError, match=f"its {field} needs both"):
            Catalogue([_record(**{field: {"en": "forgot it", "ja": " "}})])

    @pytest.mark.parametrize("code", ["Forgot_it", "forgot-it", "forgot__it", "_forgot", ""])
    def test_a_code_not_in_snake_case_is_refused(self, code: str):
        """Codes are printed as mistake:<code> and counted across a class: snake_case only."""
        with pytest.raises(ValueError, match="not snake_case"):
            Catalogue([_record(code)])

    def test_a_record_without_formula_is_refused(self):
        """The report shows the right formula: a record must carry it."""
        with pytest.raises(ValueError, match="has no formula"):
            Catalogue([_record(formula="")])

    def test_it_answers_by_code_and_in_order(self):
        """find, codes, len and iteration follow the records as given; an unknown code is
        None; the catalogue cannot be changed."""
        first, second = _record("b_first"), _record("a_second")
        known = Catalogue([first, second])
        assert known.codes == ("b_first", "a_second") and len(known) == 2
        assert list(known) == [first, second]
        assert known.find("a_second") is second and known.find("nothing") is None
        with pytest.raises(AttributeError):
            known.tried = ()  # type: ignore[misc]

    def test_more_ways_are_tried_after_the_first(self):
        """A record with ``also`` is tried once per way, in place, each with one variant."""
        one, two, three = (lambda ex, s, m: None), (lambda ex, s, m: None), (lambda ex, s, m: None)
        known = Catalogue([_record("a"), _record("b", variant=one, also=(two, three)),
                           _record("c")])
        assert [w.code for w in known.tried] == ["a", "b", "b", "b", "c"]
        assert [w.variant for w in known.tried[1:4]] == [one, two, three]
        assert all(w.also == () for w in known.tried) and len(known) == 3


class TestBundledCatalogues:
    """Each kind's catalogue passes the checks and is the one its kind gives."""

    @pytest.mark.parametrize("kind,known,path", _bundled(), ids=["network", "graph", "formula"])
    def test_each_kind_gives_its_catalogue(self, kind: str, known: Catalogue, path: str):
        """``Kind.catalogue`` of a bundled exercise is the kind module's Catalogue, whose
        records pass a fresh check, and ``find`` gives back each code's own record."""
        exercise = load(str(EXERCISES / path))
        assert exercise.kind == kind and kinds.of(exercise).catalogue(exercise) is known
        assert Catalogue(list(known)).codes == known.codes  # the checks pass on a rebuild
        assert len(known.codes) == len(known) == len(set(known.codes)) > 0
        for record in known:
            assert known.find(record.code) is record
            assert find(exercise, record.code) is record

    def test_the_graph_ways(self):
        """The graph's fan-out and function mistakes are tried once per edge kept and per
        wrong formula (graph/mistakes.py MAX_FAN, WRONG), between the other two."""
        from handcalc.graph import mistakes as graph_mistakes

        ways = [w.code for w in graph_mistakes.CATALOGUE.tried]
        forms = max(len(v) for v in graph_mistakes.WRONG.values())
        assert ways == (["mul_own_input"] + ["fan_out_not_summed"] * graph_mistakes.MAX_FAN
                        + ["function_derivative_wrong"] * forms + ["upstream_forgotten"])
