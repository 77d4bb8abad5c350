"""The catalogue of named mistakes: enough of them, stable codes, words in both languages, the
right formula, and a graph catalogue that may be absent without breaking networks."""

from __future__ import annotations

import re

import pytest

from handcalc.files import load
from handcalc.mistakes import Mistake, catalogue, find, letters
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

    @pytest.mark.parametrize("m", NETWORK, ids=lambda m: m.code)
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

        assert catalogue(graph) == tuple(graph_mistakes.CATALOGUE)
        assert all(isinstance(m, Mistake) for m in catalogue(graph))
