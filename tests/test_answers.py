"""Reading answer sheets: numbers as people write them, blanks, unreadable elements with their
reason, shapes checked precisely (and repaired where the intent is clear), unknown keys with a
"did you mean", and untrusted input kept small and harmless."""

from __future__ import annotations

import posixpath
from fractions import Fraction

import pytest

from handcalc.answers import MAX_SHEET_BYTES
from handcalc.check import Problems, check_sheet
from handcalc.check import read_sheet as read
from handcalc.check import sheet_from_text as from_text
from handcalc.yamlsafe import InputError

from .conftest import EXERCISES

CARD = (EXERCISES / "design_card.yaml").as_posix()  # za, column layout, 2-3-2, one sample
EX3 = (EXERCISES / "exercise3.yaml").as_posix()  # ax, row layout, 3-3-2
BATCH = (EXERCISES / "minibatch.yaml").as_posix()  # two samples, mean


def sheet(body: str, problem: str = CARD, head: str = "") -> str:
    return f"handcalc: 1\nproblem: {problem}\n{head}answers:\n{body}"


def entries(text: str, step: str):
    s = from_text(text, "sheet.yaml")
    return s, s.answers[step].entries


def verdicts(text: str, file: str = "sheet.yaml") -> dict[str, str]:
    checked = check_sheet(from_text(text, file))
    return {i.id: i.verdict for i in checked.graded.items}


class TestNumbers:
    @pytest.mark.parametrize("written, value", [
        ("0.2", Fraction(1, 5)),
        ("'1/10'", Fraction(1, 10)),
        ("3/20", Fraction(3, 20)),
        ("0.04 - 0.01 + 0.32", Fraction(35, 100)),
        ("-(1/3)", Fraction(-1, 3)),
        ("2^-3", Fraction(1, 8)),
        ("０．５", Fraction(1, 2)),
        ("－0.2", Fraction(-1, 5)),
        ("0,5", Fraction(1, 2)),
        ("0.1*0.5 + 0.2", Fraction(1, 4)),
    ])
    def test_ways_of_writing_a_number(self, written, value):
        """Decimals, fractions, simple arithmetic, full-width digits and a comma decimal mark."""
        _, e = entries(sheet(f"  loss: {written}\n"), "loss")
        assert e[()].value == value and e[()].status == "number"

    @pytest.mark.parametrize("written, reason", [
        ("abc", "unknown word"),
        ("true", "not a number"),
        ("1/0", "division by zero"),
        (".nan", "not a finite number"),
        ("nan", "not a finite number"),
        ("-.inf", "not a finite number"),
        ("1e999", "out of range"),
        ("'0.2 +'", "a number is missing"),
        ("{a: 1}", "you wrote a mapping"),
    ])
    def test_unreadable_with_the_reason(self, written, reason):
        """Anything else is unreadable for that element, with why; NaN and inf never pass."""
        _, e = entries(sheet(f"  loss: {written}\n"), "loss")
        assert e[()].status == "unreadable" and reason in e[()].reason
        assert verdicts(sheet(f"  loss: {written}\n"))["loss"] == "unreadable"

    def test_one_unreadable_element_leaves_the_rest_graded(self):
        """[0.2, x, 0.8]: z1[1] unreadable, z1[0] and z1[2] right."""
        v = verdicts(sheet("  z1: [0.2, zero point one, 0.8]\n"))
        assert (v["z1[0]"], v["z1[1]"], v["z1[2]"]) == ("right", "unreadable", "right")


class TestBlanks:
    def test_absent_and_tilde_are_blank(self):
        """A missing key, `~`, and `~` inside a list are all blank."""
        v = verdicts(sheet("  z1: ~\n  a1: [0.2, ~, 0.8]\n"))
        assert v["z1[0]"] == v["a1[1]"] == v["loss"] == "blank"
        assert v["a1[0]"] == "right"

    def test_answers_tilde_is_an_empty_sheet(self):
        """`answers: ~` is a sheet with nothing answered yet."""
        s = from_text(f"handcalc: 1\nproblem: {CARD}\nanswers: ~\n", "s.yaml")
        assert s.answers == {} and not s.warnings


class TestShapes:
    def test_wrong_length_names_what_is_expected(self):
        """Two numbers for three units: every element unreadable, the message says why."""
        s, e = entries(sheet("  z1: [0.2, 0.1]\n"), "z1")
        message = "z1 should be a list of 3 (one per unit of layer 1); you wrote a list of 2"
        assert message in s.notes[0]
        assert all(x.status == "unreadable" and message in x.reason for x in e.values())

    def test_a_transposed_matrix_is_a_mistake_not_unreadable(self):
        """dW2 written 3×2 instead of 2×3: read back in place, marked `transposed`."""
        text = sheet("  dW2: [[0.1323, -0.1323], [0.0662, -0.0662], [0.5292, -0.5292]]\n")
        s = from_text(text, "s.yaml")
        assert ("dW2 should be 2×3 like W2 (column layout); you wrote 3×2 — transposed?"
                in s.notes[0])
        v = verdicts(text)
        assert {v[f"dW2[{r}][{c}]"] for r in range(2) for c in range(3)} == \
            {"mistake:transposed"}

    def test_a_square_matrix_transposed_is_named_by_its_values(self):
        """A 3×3 dW1 written transposed has the right shape: the values name the mistake."""
        text = sheet("  dW1: [[0.2350, 0.1175, -0.2350], [0, 0, 0], [-0.2820, -0.1410, 0.2820]]\n",
                     EX3)
        v = verdicts(text)
        assert v["dW1[0][1]"] == "mistake:transposed" and v["dW1[0][0]"] == "right"

    def test_one_sample_as_a_row_is_fine(self):
        """[[0.2, 0.1, 0.8]] for one sample is the engine's own shape: read silently."""
        s, e = entries(sheet("  z1: [[0.2, 0.1, 0.8]]\n"), "z1")
        assert not s.notes and not s.warnings and e[(0, 1)].value == Fraction(1, 10)

    def test_a_column_is_read_as_a_list_with_a_note(self):
        """[[0.2], [0.1], [0.8]] for a list of 3 is read as the list, with a note."""
        s, e = entries(sheet("  z1: [[0.2], [0.1], [0.8]]\n"), "z1")
        assert "3×1 column; read as a list of 3" in s.notes[0]
        assert e[(0, 2)].value == Fraction(4, 5)

    def test_a_number_in_a_list_for_the_loss(self):
        """[1.0832] for the loss is read as the number."""
        s, e = entries(sheet("  loss: [1.0832]\n"), "loss")
        assert not s.warnings and e[()].value == Fraction("1.0832")

    def test_a_list_for_a_matrix_is_unreadable_with_the_shape(self):
        """A flat list of 6 for a 2×3 matrix is not guessed at."""
        s, e = entries(sheet("  dW2: [1, 2, 3, 4, 5, 6]\n"), "dW2")
        assert "dW2 should be 2×3 like W2 (column layout); you wrote a list of 6" in s.notes[0]

    def test_ragged_rows(self):
        """Rows of different lengths are reported as such."""
        s, _ = entries(sheet("  dW2: [[1, 2, 3], [4, 5]]\n"), "dW2")
        assert "rows of different lengths (3, 2)" in s.notes[0]

    @pytest.mark.parametrize("key, written, message", [
        ("z1", "[]", "you wrote an empty list"),
        ("z1", "[[[1]], [[2]], [[3]]]", "you wrote lists nested more than two deep"),
        ("z1", "[1, [2], 3]", "you wrote a list mixing numbers and lists"),
        ("z1", "{a: 1}", "you wrote a mapping"),
        ("loss", "[[1, 2, 3]]", "loss should be one number; you wrote 1×3"),
    ])
    def test_shapes_that_cannot_be_read(self, key, written, message):
        """Lists that are no shape at all: the message says what was written."""
        s, e = entries(sheet(f"  {key}: {written}\n"), key)
        assert message in s.notes[0]
        assert all(x.status == "unreadable" for x in e.values())

    def test_a_flat_list_for_a_one_row_matrix(self):
        """[a, b] for a 1×2 dW is read as its one row, with a note."""
        logistic = (EXERCISES / "logistic.yaml").as_posix()
        s, e = entries(sheet("  dW1: [-0.475, -0.95]\n", logistic), "dW1")
        assert ("dW1 should be 1×2 like W1 (column layout); you wrote a flat list of 2; "
                "read as 1×2") in s.notes[0]
        assert e[(0, 1)].value == Fraction("-0.95")

    def test_bias_shapes_are_named_like_b(self):
        """db1 with the wrong length: 'one per unit, like b'."""
        s, _ = entries(sheet("  db1: [1, 2]\n"), "db1")
        assert ("db1 should be a list of 3 (one per unit, like b); you wrote a list of 2"
                in s.notes[0])

    def test_a_per_sample_bias_gradient_with_a_hole(self):
        """db written per sample with a blank in it: the sums cannot be read, and it says why."""
        s, e = entries(sheet("  db2: [[0.25], [~]]\n", BATCH), "db2")
        assert "the sum over the mini-batch cannot be read" in e[(0,)].reason

    def test_mini_batch_shapes(self):
        """Per-sample values of a mini-batch are one row per sample."""
        s, _ = entries(sheet("  z1: [1.5, 1]\n", BATCH), "z1")
        assert ("z1 should be 2×2 (one row per sample, one per unit of layer 1); you wrote a "
                "list of 2" in s.notes[0])

    def test_bias_gradient_written_per_sample(self):
        """db written one row per sample (not summed): read as the sum, named bias_not_summed."""
        # δ² = [[1/4], [1/2]] per sample: the sum is db2 = [3/4]
        text = sheet("  db2: [[0.25], [0.5]]\n", BATCH)
        s = from_text(text, "s.yaml")
        assert "add the rows up over the mini-batch" in s.notes[0]
        assert verdicts(text)["db2[0]"] == "mistake:bias_not_summed"

    def test_ax_keys_and_messages(self):
        """In ax notation the keys are a1 (pre-activation) and x1; messages use the sheet's key."""
        s, e = entries(sheet("  a1: [0.6, -0.5]\n", EX3), "z1")
        assert "a1 should be a list of 3 (one per unit of layer 1)" in s.notes[0]

    def test_uz_layers_are_numbered_from_the_input(self):
        """In uz notation layer 1 is the input: canonical z1 is u2, 'layer 2' in messages."""
        uz = (EXERCISES / "regression.yaml").as_posix()
        s, _ = entries(sheet("  u2: [1]\n", uz), "z1")
        assert "u2 should be a list of 2 (one per unit of layer 2)" in s.notes[0]


class TestKeys:
    def test_did_you_mean(self):
        """A misspelt key gets a did-you-mean, and the rest is graded."""
        s = from_text(sheet("  dw2: [[1, 2, 3], [4, 5, 6]]\n  z1: [0.2, 0.1, 0.8]\n"), "s.yaml")
        assert "unknown answer key 'dw2'; did you mean 'dW2'?" in s.warnings[0]
        assert "z1" in s.answers

    def test_canonical_id_in_another_notation(self):
        """z1 on an ax sheet: it says what the key is in ax, or to add keys: canonical."""
        s = from_text(sheet("  z1: [0.6, -0.5, 0.7]\n", EX3), "s.yaml")
        assert "the canonical id 'z1' is written 'a1' here" in s.warnings[0]
        assert "keys: canonical" in s.warnings[0]

    def test_keys_canonical(self):
        """keys: canonical reads canonical ids on any notation's sheet."""
        text = sheet("  z1: [0.6, -0.5, 0.7]\n  delta2: [0.47, -0.47]\n", EX3,
                     head="keys: canonical\n")
        s = from_text(text, "s.yaml")
        assert not s.warnings and set(s.answers) == {"z1", "delta2"}

    def test_own_key_on_a_canonical_sheet(self):
        """x1 on a keys: canonical sheet: it says to write a1 or drop keys: canonical."""
        s = from_text(sheet("  x1: [0.6, 0, 0.7]\n", EX3, head="keys: canonical\n"), "s.yaml")
        assert "write 'a1', or remove 'keys: canonical'" in s.warnings[0]

    def test_delta_written_with_the_greek_letter(self):
        """δ2 is accepted for delta2; both at once is a warning."""
        s = from_text(sheet("  δ2: [0.6615, -0.6615]\n"), "s.yaml")
        assert "delta2" in s.answers and not s.warnings
        s = from_text(sheet("  δ2: [0.6615, -0.6615]\n  delta2: [1, 1]\n"), "s.yaml")
        assert "'delta2' and 'δ2' are the same answer" in s.warnings[0]

    def test_greek_delta_on_a_canonical_sheet(self):
        """δ2 is accepted for delta2 on a keys: canonical sheet too (ax's own key for the
        output δ is delta2 as well: EX3 has layers 1 and 2)."""
        text = sheet("  δ2: [0.47, -0.47]\n", EX3, head="keys: canonical\n")
        s = from_text(text, "s.yaml")
        assert not s.warnings and set(s.answers) == {"delta2"}

    def test_the_greek_spelling_is_never_listed(self):
        """The keys a message lists are the sheet's own, without their other spellings; and a
        problem's key table holds each step once (δ2 is the kind's alias, not a key)."""
        from handcalc.files import load

        s = from_text(sheet("  banana: 1\n"), "s.yaml")
        listed = s.warnings[0].split("the keys are: ")[1].split(", ")
        assert "delta2" in listed and not any(k.startswith("δ") for k in listed)
        exercise = load(EX3)
        assert sorted(exercise.keys.values()) == sorted(s.id for s in exercise.graph.asked())
        assert exercise.key_of("delta2") == "delta2"

    def test_no_near_key_lists_the_keys(self):
        """A key like no other: the message lists the keys there are."""
        s = from_text(sheet("  banana: 1\n"), "s.yaml")
        assert "unknown answer key 'banana'; the keys are: z1, a1, z2, a2, loss" in s.warnings[0]

    def test_a_step_that_is_not_asked(self):
        """z1_after is a helper step, not on the sheet."""
        s = from_text(sheet("  z1_after: [1, 2, 3]\n"), "s.yaml")
        assert "'z1_after' is not asked on an answer sheet" in s.warnings[0]


class TestSheetErrors:
    @pytest.mark.parametrize("text, message", [
        ("", "an answer sheet should be a mapping"),
        # Reader.mapping's wording since issue 13 (one loader): was "an answer sheet should be…"
        ("- 1\n- 2\n", "the answer sheet should be a mapping of 'key: value' lines"),
        ("handcalc: 1\nproblem: x.yaml\nanwsers: {}\n",
         "unknown key 'anwsers' in the answer sheet; did you mean 'answers'?"),
        ("problem: x.yaml\nanswers: {}\n", "missing 'handcalc: 1'"),
        ("handcalc: 2\nproblem: x.yaml\nanswers: {}\n", "handcalc: should be 1"),
        ("handcalc: 1\nanswers: {}\n", "missing 'problem:'"),
        ("handcalc: 1\nproblem: [1, 2]\nanswers: {}\n", "problem: should be the path"),
        (f"handcalc: 1\nproblem: {CARD}\n", "missing 'answers:'"),
        (f"handcalc: 1\nproblem: {CARD}\nanswers: [1, 2]\n", "answers: should be a mapping"),
        # Reader.choice's wording since issue 13 (one loader): was "keys: should be canonical…"
        (f"handcalc: 1\nproblem: {CARD}\nkeys: ids\nanswers: {{}}\n",
         "keys: 'ids' is not a way of writing keys"),
        (f"handcalc: 1\nproblem: {CARD}\nkeys: Canonical\nanswers: {{}}\n",
         "keys: 'Canonical' is not a way of writing keys (notation: the problem's own keys, "
         "canonical: ids like z1, delta2, dW1); did you mean 'canonical'? (notation, canonical)"),
        (f"handcalc: 1\nproblem: {CARD}\nKeys: canonical\nanswers: {{}}\n",
         "unknown key 'Keys' in the answer sheet; did you mean 'keys'?"),
        (f"handcalc: 1\nproblem: {CARD}\nname: [a]\nanswers: {{}}\n", "name: should be one line"),
        ("handcalc: 1\nproblem: nope.yaml\nanswers: {}\n",
         "problem 'nope.yaml' cannot be used: nope.yaml: no such file"),
        ("handcalc: 1\nproblem: {handcalc: 1, input: [1]}\nanswers: {}\n", "missing 'target:'"),
        ("handcalc: 1\nhandcalc: 1\n", "given twice"),
        ("a: &x [1]\nb: *x\n", "anchors and aliases"),
        ("x: " + "[" * 40 + "]" * 40 + "\n", "nested deeper than 10 levels"),
        ("x: [" + ", ".join(["1"] * 20_001) + "]\n", "too many values"),
        ("x: !!python/object:os.system 1\n", "YAML tag"),
        ("handcalc: 1\n  bad: [\n", "not valid YAML"),
    ])
    def test_one_clear_line(self, text, message):
        """Whatever stops a whole sheet is one InputError naming the place and the fix."""
        with pytest.raises(InputError) as e:
            from_text(text, "sheet.yaml")
        assert message in str(e.value)
        assert str(e.value).startswith("sheet.yaml")

    def test_a_broken_problem_is_reported_per_sheet(self, tmp_path):
        """A problem that does not load: the sheet's error names the problem file and place."""
        (tmp_path / "p.yaml").write_text("handcalc: 1\ninput: [1]\n", encoding="utf-8")
        (tmp_path / "s.yaml").write_text("handcalc: 1\nproblem: p.yaml\nanswers: {}\n",
                                         encoding="utf-8")
        with pytest.raises(InputError) as e:
            read(str(tmp_path / "s.yaml"))
        assert "s.yaml:2:10: problem 'p.yaml' cannot be used:" in str(e.value)
        assert "p.yaml" in str(e.value) and "missing 'target:'" in str(e.value)

    def test_problem_path_is_relative_to_the_sheet(self, tmp_path):
        """problem: names a file next to the sheet, wherever the command runs."""
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "p.yaml").write_text((EXERCISES / "design_card.yaml").read_text(
            encoding="utf-8"), encoding="utf-8")
        (tmp_path / "sub" / "s.yaml").write_text("handcalc: 1\nproblem: p.yaml\nanswers: ~\n",
                                                 encoding="utf-8")
        assert read(str(tmp_path / "sub" / "s.yaml")).problem_file.endswith("p.yaml")

    def test_an_inlined_problem(self):
        """The problem itself may be inlined as a mapping."""
        problem = (EXERCISES / "logistic.yaml").read_text(encoding="utf-8")
        inlined = "\n".join("  " + line for line in problem.splitlines() if line.strip()
                            and not line.startswith("#"))
        text = f"handcalc: 1\nproblem:\n{inlined}\nanswers:\n  z1: [0.1]\n"
        checked = check_sheet(from_text(text, "s.yaml"))
        assert checked.graded.items[0].verdict == "right"

    def test_too_large_a_sheet(self, tmp_path):
        """A sheet over 256 KiB is refused, saying that a sheet is small."""
        path = tmp_path / "big.yaml"
        path.write_text("# " + "x" * MAX_SHEET_BYTES + "\n", encoding="utf-8")
        with pytest.raises(InputError) as e:
            read(str(path))
        assert "larger than 256 KiB" in str(e.value)

    def test_not_utf8(self, tmp_path):
        """Bytes that are not UTF-8 are one clear line."""
        path = tmp_path / "s.yaml"
        path.write_bytes(b"handcalc: 1\nproblem: \xff\xfe\n")
        with pytest.raises(InputError) as e:
            read(str(path))
        assert "not UTF-8" in str(e.value)

    def test_problems_are_loaded_once(self, tmp_path):
        """Two sheets of one problem share one exercise (its truth computed once)."""
        problems = Problems()
        a = from_text(sheet("  z1: ~\n"), "a.yaml", problems)
        b = from_text(sheet("  z1: ~\n"), "b.yaml", problems)
        assert a.exercise is b.exercise


class MemoryFiles:
    """answers.Files over a dict of absolute path → text: no disk, and every read counted."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.reads: list[str] = []

    def real(self, path: str) -> str:
        return posixpath.normpath(posixpath.join("/", path))

    def exists(self, path: str) -> bool:
        return self.real(path) in self.texts

    def read(self, path: str, limit: int) -> str:
        self.reads.append(self.real(path))
        if self.real(path) not in self.texts:
            raise InputError("no such file", path)
        return self.texts[self.real(path)]

    def foreign(self, path: str) -> bool:
        return self.exists(path) and not self.texts[self.real(path)].startswith("handcalc:")


class TestInjectedFiles:
    """answers reads problem files only through the Files it is given (files.Disk at the edge)."""

    @pytest.fixture
    def memory(self):
        return MemoryFiles({"/class/p.yaml": (EXERCISES / "exercise3.yaml").read_text("utf-8"),
                            "/class/secret.env": "API_KEY=s3cr3t\n"})

    def test_a_problem_from_memory_is_the_one_on_disk(self, memory):
        """Two sheets naming p.yaml: one read from memory, the same truth as the file read by
        files.load (so nothing but the reader differs)."""
        from handcalc.answers import Problems as CoreProblems
        from handcalc.answers import from_text as core_from_text
        from handcalc.files import load

        problems = CoreProblems(files=memory)
        a = core_from_text("handcalc: 1\nproblem: p.yaml\nanswers: ~\n", "/class/a.yaml", problems)
        b = core_from_text("handcalc: 1\nproblem: p.yaml\nanswers: ~\n", "/class/b.yaml", problems)
        assert a.exercise is b.exercise and memory.reads == ["/class/p.yaml"]
        assert a.problem_file == "/class/p.yaml"
        assert a.exercise.values() == load(EX3).values()

    def test_its_rules_hold_whatever_the_reader(self, memory):
        """Outside the sheet's folder: refused before any read; a file that is not a problem:
        refused without a word of it."""
        from handcalc.answers import Problems as CoreProblems
        from handcalc.answers import from_text as core_from_text

        problems = CoreProblems(files=memory)
        with pytest.raises(InputError, match="is outside this sheet's folder"):
            core_from_text("handcalc: 1\nproblem: ../etc/x.yaml\nanswers: ~\n", "/class/a.yaml",
                           problems)
        assert memory.reads == []
        with pytest.raises(InputError) as e:
            core_from_text("handcalc: 1\nproblem: secret.env\nanswers: ~\n", "/class/a.yaml",
                           problems)
        assert "is not a handcalc problem file" in str(e.value) and "s3cr3t" not in str(e.value)

    def test_without_a_reader_a_sheet_inlines_its_problem(self):
        """The core alone reads no file: a sheet naming one gets one line saying to inline it."""
        from handcalc.answers import from_text as core_from_text

        with pytest.raises(InputError) as e:
            core_from_text(sheet("  z1: ~\n"), "s.yaml")
        assert "inline the problem" in str(e.value) and "\n" not in str(e.value)
