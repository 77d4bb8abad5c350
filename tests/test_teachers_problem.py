"""Issue 10, "The sheet chooses its own problem": `check --problem FILE` grades every sheet
against the teacher's problem and flags a sheet that names or inlines another
(``different_problem``); without it, a sheet that inlines its problem is flagged
``inlined_problem``.  Problems are compared by content, not by path."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from handcalc.files import load

from .conftest import EXERCISES, invoke, stderr_of
from .sheetkit import sheet_values, sheet_yaml

EX3 = EXERCISES / "exercise3.yaml"
ZEROS = EX3.read_text(encoding="utf-8")
for old, new in (("[1, 0.5, -1]", "[0, 0, 0]"), ("0.2, -0.3, 0.1", "0, 0, 0"),
                 ("0.4, 0.2, -0.2", "0, 0, 0"), ("-0.1, 0.3, -0.5", "0, 0, 0"),
                 ("[0.1, 0, 0.2]", "[0, 0, 0]"), ("0.3, -0.2", "0, 0"), ("0.1, 0.4", "0, 0"),
                 ("-0.4, 0.2", "0, 0")):
    assert old in ZEROS
    ZEROS = ZEROS.replace(old, new)  # exercise 3, its real title, every weight and input 0

IDENTITY = """handcalc: 1
title: one unit
input: [1]
target: [1]
layers:
  - {activation: identity, W: [[1]], b: [0]}
loss: squared_error
learning_rate: 1
decimals: 0
"""


def _inlined(problem_text: str) -> str:
    body = "\n".join("  " + line for line in problem_text.splitlines()
                     if line.strip() and not line.startswith("#"))
    return "\n" + body


def _own_truth_sheet(tmp_path, name: str, problem_text: str) -> str:
    """A sheet inlining ``problem_text`` and answering it perfectly (its own truth)."""
    (tmp_path / "own.yaml").write_text(problem_text, encoding="utf-8")
    ex = load(str(tmp_path / "own.yaml"))
    values = sheet_values(ex, ex.values())
    path = tmp_path / name
    path.write_text(sheet_yaml(ex, ex.values(), _inlined(problem_text)), encoding="utf-8")
    (tmp_path / "own.yaml").unlink()
    return str(path), values


@pytest.fixture
def folder(tmp_path):
    shutil.copy(EX3, tmp_path / "exercise3.yaml")
    return tmp_path


class TestTeachersProblem:
    def test_zeros_inlined_is_graded_against_the_teachers_and_flagged(self, folder):
        """The all-zero exercise 3 inlined (60/60 before): graded against the teacher's, its
        score the score of the same answers on exercise 3 itself, flagged, exit 1."""
        sheet, answers = _own_truth_sheet(folder, "zeros.yaml", ZEROS)
        # the same written answers on a sheet that names exercise 3 itself
        text = open(sheet, encoding="utf-8").read()
        start, end = text.index("problem:"), text.index("\nanswers:")
        same = folder / "same.yaml"
        same.write_text(text[:start] + "problem: exercise3.yaml" + text[end:], encoding="utf-8")
        alone = json.loads(invoke("check", str(same), "--json").stdout)["sheets"][0]
        expected = alone["score"]["points"]
        result = invoke("check", "--problem", str(EX3), sheet, "--json")
        assert result.exit_code == 1
        [s] = json.loads(result.stdout)["sheets"]
        assert s["flags"] == ["different_problem"] and s["problem"] == str(EX3)
        assert s["score"]["points"] == expected < 60

    def test_one_unit_identity_inlined_is_flagged(self, folder):
        """The one-unit identity network with decimals 0 (11/11 before): flagged, graded on
        exercise 3 (its answers fit hardly a key of exercise 3's notation)."""
        sheet, _ = _own_truth_sheet(folder, "tiny.yaml", IDENTITY)
        result = invoke("check", "--problem", str(EX3), sheet, "--json", "--lang", "en")
        [s] = json.loads(result.stdout)["sheets"]
        assert s["flags"] == ["different_problem"]
        assert s["score"]["total"] == 60 and s["score"]["points"] <= 2
        assert result.exit_code == 2  # its keys (z1, a1 …) are not exercise 3's (a1, x1 …)

    def test_without_problem_an_inlined_problem_is_flagged(self, folder):
        """No --problem: the inlined sheet is graded against its own problem, flagged
        inlined_problem, its problem the sheet itself, and the exit status is not 0."""
        sheet, _ = _own_truth_sheet(folder, "tiny.yaml", IDENTITY)
        result = invoke("check", sheet, "--json")
        [s] = json.loads(result.stdout)["sheets"]
        assert s["flags"] == ["inlined_problem"] and s["problem"] == sheet
        assert s["score"]["points"] == s["score"]["total"] == 11
        assert result.exit_code == 1

    def test_a_copy_of_the_problem_is_the_same_problem(self, folder):
        """A sheet naming a copy of exercise 3 (another file, another title, comments gone):
        the same content digest, so not flagged."""
        text = "\n".join(line for line in EX3.read_text(encoding="utf-8").splitlines()
                         if not line.startswith("#")).replace("Exercise 3", "Übung 3")
        (folder / "copy.yaml").write_text(text, encoding="utf-8")
        sheet = folder / "s.yaml"
        sheet.write_text("handcalc: 1\nproblem: copy.yaml\nanswers: {}\n", encoding="utf-8")
        [s] = json.loads(invoke("check", "--problem", str(EX3), str(sheet),
                                "--json").stdout)["sheets"]
        assert s["flags"] == [] and s["problem"] == str(EX3)

    def test_naming_another_problem_is_flagged_in_table_csv_and_json(self, folder):
        """A sheet naming logistic.yaml while the teacher gives exercise 3: flagged in the
        table, the CSV and the JSON; a sheet naming the teacher's own file is not."""
        shutil.copy(EXERCISES / "logistic.yaml", folder / "logistic.yaml")
        other = folder / "other.yaml"
        other.write_text("handcalc: 1\nproblem: logistic.yaml\nanswers: {}\n", encoding="utf-8")
        mine = folder / "mine.yaml"
        mine.write_text("handcalc: 1\nproblem: exercise3.yaml\nanswers: {}\n", encoding="utf-8")
        teacher = str(folder / "exercise3.yaml")
        files = [str(mine), str(other)]
        data = json.loads(invoke("check", "--problem", teacher, *files, "--json").stdout)
        assert [s["flags"] for s in data["sheets"]] == [[], ["different_problem"]]
        assert all(s["problem"] == teacher for s in data["sheets"])
        rows = list(csv.DictReader(io.StringIO(
            invoke("check", "--problem", teacher, *files, "--csv").stdout)))
        assert [r["flags"] for r in rows] == ["", "different_problem"]
        assert [r["problem"] for r in rows] == [teacher, teacher]
        table = invoke("check", "--problem", teacher, *files, "--lang", "en").output
        [line] = [ln for ln in table.splitlines() if ln.startswith("other.yaml")]
        assert "⚑ different_problem" in line
        one = invoke("check", "--problem", teacher, str(other), "--lang", "en").output
        assert "⚑ different_problem" in one

    def test_a_sheet_naming_a_file_outside_is_flagged_not_read(self, folder):
        """With --problem, a sheet naming /etc/passwd is graded against the teacher's problem
        and flagged; nothing of the file appears."""
        sheet = folder / "s.yaml"
        sheet.write_text("handcalc: 1\nproblem: /etc/passwd\nanswers: {}\n", encoding="utf-8")
        result = invoke("check", "--problem", str(EX3), str(sheet), "--json")
        [s] = json.loads(result.stdout)["sheets"]
        assert s["error"] is None and s["flags"] == ["different_problem"]
        assert "root:" not in result.stdout

    def test_a_broken_teachers_problem_is_one_line(self, folder):
        """--problem naming a file that is not a problem: one line, exit 2, no sheet graded."""
        result = invoke("check", "--problem", str(folder / "nope.yaml"), str(folder / "x.yaml"))
        assert result.exit_code == 2
        assert stderr_of(result).startswith("handcalc: --problem: ")


class TestNumberLevels:
    """check --numbers plain|arithmetic|functions: what an answer may be written as."""

    X2 = ('["exp(-0.1)/(exp(-0.1)+exp(0.02))", "exp(0.02)/(exp(-0.1)+exp(0.02))"]')

    def _sheet(self, folder, answers: str) -> str:
        path = folder / "s.yaml"
        path.write_text(f"handcalc: 1\nproblem: exercise3.yaml\nanswers:\n{answers}",
                        encoding="utf-8")
        return str(path)

    def _verdicts(self, sheet: str, *args: str) -> dict:
        data = json.loads(invoke("check", sheet, "--json", *args).stdout)
        return {i["id"]: i for i in data["sheets"][0]["items"]}

    def test_functions_only_when_the_teacher_allows_them(self, folder):
        """x2 written as exp(…)/(exp(…)+exp(…)) (softmax of a2 = [-0.1, 0.02]): unreadable by
        default, saying how it could be allowed; right with --numbers functions."""
        sheet = self._sheet(folder, f"  x2: {self.X2}\n")
        items = self._verdicts(sheet)
        assert items["a2[0]"]["verdict"] == "unreadable"
        assert "--numbers functions" in items["a2[0]"]["reason"]
        items = self._verdicts(sheet, "--numbers", "functions")
        assert [items[f"a2[{j}]"]["verdict"] for j in (0, 1)] == ["right", "right"]

    def test_arithmetic_is_the_default_and_plain_refuses_it(self, folder):
        """z2 written as arithmetic (0.2×0.3 + …): right by default, unreadable with
        --numbers plain; a plain fraction or decimal is read at every level."""
        ex = load(str(EX3))
        a1 = ex.values()["z1"][0]  # exercise 3's pre-activations of layer 1 (key a1, canonical z1)
        arith = " + ".join(f"({v.numerator}/{v.denominator})*1" for v in a1[:1])
        sheet = self._sheet(folder, f'  a1: ["{arith}", {a1[1]}, "{a1[2]}"]\n')
        assert self._verdicts(sheet)["z1[0]"]["verdict"] == "right"
        plain = self._verdicts(sheet, "--numbers", "plain")
        assert plain["z1[0]"]["verdict"] == "unreadable"
        assert "--numbers plain" in plain["z1[0]"]["reason"]
        assert [plain[f"z1[{j}]"]["verdict"] for j in (1, 2)] == ["right", "right"]

    def test_an_unknown_level_is_one_line(self, folder):
        """--numbers anything: exit 2 with the three levels named."""
        result = invoke("check", self._sheet(folder, "  a1: ~\n"), "--numbers", "all")
        assert result.exit_code == 2
        assert "plain, arithmetic, functions" in stderr_of(result)


def test_the_table_says_what_each_sheet_was_graded_against(folder):
    """Without --problem, sheets answering different problems: each row names its problem;
    one problem for all is named once, in the title."""
    shutil.copy(EXERCISES / "logistic.yaml", folder / "logistic.yaml")
    a, b = folder / "a.yaml", folder / "b.yaml"
    a.write_text("handcalc: 1\nproblem: exercise3.yaml\nanswers: {}\n", encoding="utf-8")
    b.write_text("handcalc: 1\nproblem: logistic.yaml\nanswers: {}\n", encoding="utf-8")
    lines = invoke("check", str(a), str(b), "--lang", "en").output.splitlines()
    assert any(ln.startswith("a.yaml  → ") and "exercise3.yaml" in ln for ln in lines)
    assert any(ln.startswith("b.yaml  → ") and "logistic.yaml" in ln for ln in lines)
    teacher = str(folder / "exercise3.yaml")
    title = invoke("check", "--problem", teacher, str(a), str(b), "--lang", "en").output
    assert f"—gradedagainst{teacher}" in "".join(title.split("sheet ")[0].split())


def test_an_inlined_problem_is_left_out_of_the_class_mean(folder):
    """Without --problem, a sheet scoring 11/11 on its own inlined problem does not lift the
    class mean: the mean is the other sheet's 0%, and the total line says why."""
    tiny, _ = _own_truth_sheet(folder, "tiny.yaml", IDENTITY)
    blank = folder / "blank.yaml"
    blank.write_text("handcalc: 1\nproblem: exercise3.yaml\nanswers: {}\n", encoding="utf-8")
    out = " ".join(invoke("check", tiny, str(blank), "--lang", "en").output.split())
    assert "mean score 0% (1 sheet(s) with an inlined problem left out of the mean)." in out
