"""Moodle for a class: the variants in one question category (a random question gives each
student one), and `--choices`: multiple-choice questions whose wrong options are the values the
named mistakes give.  Read back with xml.etree; every key and every option checked against
exercise 3's shape worked by hand (tests/handnet.py), mistakes by their own formulas."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from handcalc.files import load
from handcalc.mistakes import catalogue

from .conftest import invoke, stderr_of
from .handnet import by_hand

NAMES = [("S01", "山田 太郎"), ("S02", "佐藤 花子"), ("S03", "鈴木 一郎"), ("S04", "高橋 美咲")]
ID = re.compile(r"^(\w+?)((?:\[\d+\])*)$")


@pytest.fixture(scope="module")
def quiz(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("moodle")
    roster = tmp / "roster.csv"
    roster.write_text("id,name\n" + "".join(f"{i},{n}\n" for i, n in NAMES), encoding="utf-8")
    out = tmp / "week5"
    result = invoke("new", "--class", str(roster), "--preset", "exercise3", "--seed", "2",
                    "--out", str(out), "--moodle", "--choices", "--lang", "en")
    assert result.exit_code == 0, stderr_of(result)
    root = ET.parse(out / "moodle.xml").getroot()
    problems = {load(str(out / sid / "problem.yaml")).title: out / sid / "problem.yaml"
                for sid, _ in NAMES}
    return root, problems


def grouped(root) -> list[tuple[str, list]]:
    """(category, its questions) in file order."""
    out: list[tuple[str, list]] = []
    for q in root:
        if q.get("type") == "category":
            out.append((q.find("category/text").text, []))
        else:
            out[-1][1].append(q)
    return out


def flat_index(element_id: str, hand: dict) -> tuple[str, int]:
    """'dW1[0][2]' → ('dW1', row-major position) in the hand oracle's flattened lists."""
    m = ID.match(element_id)
    sid, idx = m.group(1), [int(i) for i in re.findall(r"\d+", m.group(2))]
    n_in, n_hid, n_out = hand["_shape"]
    cols = {"dW1": n_hid, "W1_new": n_hid, "dW2": n_out, "W2_new": n_out}.get(sid)
    pos = idx[0] * cols + idx[1] if cols else (idx[0] if idx else 0)
    return sid, pos


def mistaken(code: str, sid: str, pos: int, h: dict) -> float | None:
    """What a named mistake gives, from its own formula on the hand-worked numbers (None where
    this test has no formula of its own for it)."""
    n_in, n_hid, n_out = h["_shape"]
    eta = h["_eta"][0]
    right = h[sid][pos]
    if code == "sign_flipped":
        return -right
    if code == "improvement_reversed":
        return -right
    if code == "forgot_bias" and sid in ("z1", "z2"):
        return right - h["_b1" if sid == "z1" else "_b2"][pos]
    if code == "forgot_activation" and sid in ("a1", "a2"):
        return h["z1" if sid == "a1" else "z2"][pos]
    if sid.endswith("_new"):
        grad = {"W1_new": "dW1", "b1_new": "db1", "W2_new": "dW2", "b2_new": "db2"}[sid]
        old = h["_" + sid[:-4]][pos]
        g = h[grad][pos]
        if code == "update_wrong_sign":
            return old + eta * g
        if code == "forgot_learning_rate":
            return old - g
        if code == "update_wrong_sign+forgot_learning_rate":
            return old + g
    if code == "transposed" and sid in ("dW1", "W1_new", "dW2", "W2_new"):
        cols = n_hid if sid in ("dW1", "W1_new") else n_out
        rows = len(h[sid]) // cols
        i, j = divmod(pos, cols)
        return h[sid][j * cols + i] if rows == cols else None
    if code == "forgot_activation_derivative" and sid == "delta2":
        return h["dL_da2"][pos]
    if code == "forgot_activation_derivative" and sid == "delta1":
        return sum(h["delta2"][j] * h["_W2"][pos * n_out + j] for j in range(n_out))
    if code == "updated_weights_in_backward" and sid == "delta1":
        back = sum(h["delta2"][j] * h["W2_new"][pos * n_out + j] for j in range(n_out))
        return back * (1.0 if h["z1"][pos] > 0 else 0.0)
    if code == "pre_activation_in_dw" and sid == "dW2":
        i, j = divmod(pos, n_out)
        return h["z1"][i] * h["delta2"][j]
    return None


class TestClassCategory:
    def test_variants_in_one_category(self, quiz):
        """The first category is the class's own (named after its folder) and holds one cloze
        question per student's variant; each cloze blank is that variant's value."""
        root, problems = quiz
        groups = grouped(root)
        category, questions = groups[0]
        assert category == "$course$/handcalc/week5"
        assert [q.get("type") for q in questions] == ["cloze"] * len(NAMES)
        for q in questions:
            hand = by_hand(problems[q.find("name/text").text])
            text = q.find("questiontext/text").text
            answers = [float(a) for a in re.findall(r"\{1:NUMERICAL:=([-\d.]+):", text)]
            expected = [v for k, vs in hand.items() if not k.startswith("_") and k != "db1"
                        and k != "db2" for v in vs]
            assert len(answers) == len(expected) + len(hand["db1"]) + len(hand["db2"])
            for v in expected:
                assert any(abs(a - v) <= 5e-5 for a in answers), v


class TestChoices:
    def test_every_key_and_option(self, quiz):
        """Every multiple-choice question: the right option is the hand-worked value; every
        wrong option names mistakes of the catalogue, its value is theirs (by this test's own
        formula where it has one), no two options show the same number."""
        root, problems = quiz
        codes = {m.code for m in catalogue(load(str(next(iter(problems.values())))))}
        checked_by_formula = 0
        groups = grouped(root)[1:]
        assert groups and all(c.startswith("$course$/handcalc/week5/choices/") for c, _ in groups)
        for category, questions in groups:
            assert 1 <= len(questions) <= len(NAMES)
            for q in questions:
                assert q.get("type") == "multichoice" and q.find("single").text == "true"
                title, element_id = q.find("name/text").text.rsplit(" — ", 1)
                hand = by_hand(problems[title])
                sid, pos = flat_index(element_id, hand)
                assert category.rsplit("/", 1)[1] == load(str(problems[title])).key_of(sid)
                answers = q.findall("answer")
                shown = [a.find("text").text for a in answers]
                assert len(set(shown)) == len(shown) >= 2
                right = [a for a in answers if a.get("fraction") == "100"]
                assert len(right) == 1
                assert abs(float(right[0].find("text").text) - hand[sid][pos]) <= 5e-5
                for a in answers:
                    if a.get("fraction") == "100":
                        continue
                    assert a.get("fraction") == "0"
                    value = float(a.find("text").text)
                    feedback = a.find("feedback/text").text
                    for para in re.findall(r"<p>(.*?)</p>", feedback, re.S):
                        made = re.findall(r"mistake:(\w+)", para)
                        assert made and set(made) <= codes, para
                        expected = mistaken("+".join(made), sid, pos, hand)
                        if expected is not None:
                            assert abs(value - expected) <= 5e-5 + 1e-9, (element_id, made)
                            checked_by_formula += 1
        print("options checked by their own formula:", checked_by_formula)
        assert checked_by_formula >= 30

    def test_choices_need_moodle(self, tmp_path):
        result = invoke("new", "--choices", "--out", str(tmp_path))
        assert result.exit_code == 2 and "--moodle" in stderr_of(result)


class TestOptionsMerge:
    def test_coinciding_mistakes_share_an_option(self):
        """Where two mistakes give the same number, one option names both; no wrong option
        shows the right value."""
        from handcalc.engine import element
        from handcalc.mistakes import outcomes
        from handcalc.numbers import round_half_away
        from handcalc.render.moodle import choices

        ex = load("exercises/exercise3.yaml")
        seen_merge = False
        for step in ex.graph.asked():
            singles = [(m, v) for m, v in outcomes(ex, step)]
            for idx, true in ex.elements_of(step):
                opts = choices(ex, step, idx)
                right = round_half_away(true, ex.decimals)
                assert opts[0].value == right and not opts[0].mistakes
                assert all(o.value != right for o in opts[1:])
                assert len({o.value for o in opts}) == len(opts)
                for made, value in singles:
                    try:
                        v = round_half_away(element(value, idx), ex.decimals)
                    except (TypeError, IndexError):
                        continue
                    if v != right:  # each single mistake that shows is on its option
                        holder = [o for o in opts if o.value == v]
                        assert holder and made in holder[0].mistakes
                        seen_merge |= len(holder[0].mistakes) > 1
        assert seen_merge
