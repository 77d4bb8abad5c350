"""One reader for every YAML document (loader.py): one "did you mean" rule, one header check,
the same message whatever the document."""

from __future__ import annotations

import pytest

from handcalc.loader import did_you_mean, hint
from handcalc.yamlsafe import InputError, parse


class TestDidYouMean:
    def test_case_and_separators_ignored_first(self):
        """'Learning Rate' and 'dw2' are the option written another way."""
        assert did_you_mean("Learning Rate", ["learning_rate", "loss"]) == "learning_rate"
        assert did_you_mean("dw2", ["dW2", "db2"]) == "dW2"

    def test_then_the_closest_spelling(self):
        """A dropped letter still finds its word; a word far from every option finds none."""
        assert did_you_mean("learning_rat", ["learning_rate", "layers"]) == "learning_rate"
        assert did_you_mean("zebra", ["input", "target"]) is None

    def test_hint_lists_when_nothing_is_near(self):
        """No near word: the listing is given instead."""
        assert hint("zebra", ["a1", "z1"], "the keys are: a1, z1") == "; the keys are: a1, z1"
        assert hint("Z1", ["a1", "z1"]) == "; did you mean 'z1'?"


DOCUMENTS = {
    "network problem": ("handcalc: 1\nInput: [1]\n", "input"),
    "graph problem": ("handcalc: 1\nkind: graph\nNodes: {}\n", "nodes"),
    "formula problem": ("handcalc: 1\nkind: formula\nQuestions: []\n", "questions"),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_problem_kind_names_the_misspelt_key(name):
    """A capitalised top key gets the same "did you mean" in every kind of problem."""
    from handcalc.exercise import from_node

    text, meant = DOCUMENTS[name]
    with pytest.raises(InputError) as e:
        from_node(parse(text, "p.yaml"), "p.yaml")
    assert f"did you mean '{meant}'?" in str(e.value), str(e.value)
    assert f"p.yaml:{text.count(chr(10))}:1:" in str(e.value)  # at the key: the last line


@pytest.mark.parametrize("text", ["title: x\n", "handcalc: 2\n"])
def test_every_problem_kind_checks_the_version_alike(text):
    """Missing or another version: the same message for networks, graphs and formulas."""
    from handcalc.exercise import from_node

    messages = set()
    for kind in ("network", "graph", "formula"):
        with pytest.raises(InputError) as e:
            from_node(parse(f"kind: {kind}\n{text}", "p.yaml"), "p.yaml")
        messages.add(str(e.value).split(": ", 1)[1].split("; found")[0])
    assert len(messages) == 1, messages


def test_a_sheet_and_a_manifest_use_the_rule_too(tmp_path):
    """An answer sheet's 'Answers:' and a class manifest's 'Students:' are found."""
    from handcalc.answers import Problems
    from handcalc.answers import from_node as sheet_from_node
    from handcalc.classfile import parse as manifest

    with pytest.raises(InputError) as e:
        sheet_from_node(parse("handcalc: 1\nAnswers: {}\n", "s.yaml"), "s.yaml", Problems())
    assert "did you mean 'answers'?" in str(e.value)
    with pytest.raises(InputError) as e:
        manifest("handcalc: 1\nStudents: []\n")
    assert "did you mean 'students'?" in str(e.value)


@pytest.mark.parametrize("text, en, ja", [
    ("", "g.yaml: the problem is empty; it needs inputs, nodes and output",
     "g.yaml: 問題が空です。inputs、nodes、output が必要です。"),
    ("- 1\n", "g.yaml:1:1: a graph problem should be a mapping of 'key: value' lines, like "
              "'handcalc: 1'; found a list of 1 item",
     "g.yaml:1:1: 計算グラフの問題は 'handcalc: 1' のような 'key: value' の行のマッピングにして"
     "ください。1 個の要素のリストになっています。"),
])
def test_a_graph_problem_that_is_not_a_mapping(text, en, ja):
    """The graph loader reads its top through the one Reader (document: mapping, version),
    with the place, in English and in Japanese."""
    from handcalc.graph.problem import loads
    from handcalc.i18n import say
    from handcalc.yamlsafe import InputError

    with pytest.raises(InputError) as e:
        loads(text, "g.yaml")
    assert str(e.value) == en
    assert say(str(e.value), "ja") == ja
