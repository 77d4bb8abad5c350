"""`handcalc new --class roster.csv`: a variant per student, sheets that say whose they are, a
manifest binding each id to its problem by a digest that survives reformatting, one-line errors
for a bad roster, and no filled-in sheet ever overwritten."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
import yaml

from handcalc.check import read_sheet
from handcalc.exercise import text_digest
from handcalc.files import load as load_exercise

from .conftest import invoke, stderr_of

NAMES = [("S001", "山田 太郎"), ("S002", "佐藤 花子"), ("S003", "鈴木 一郎"),
         ("S004", "Alice Smith"), ("S005", "高橋 美咲")]


def write_roster(path, rows=NAMES, bom=True, header="id,name") -> str:
    text = header + "\n" + "".join(f"{i},{n}\n" for i, n in rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return str(path)


def make_class(tmp_path, *extra, rows=NAMES, bom=True):
    roster = write_roster(tmp_path / "roster.csv", rows, bom)
    out = tmp_path / "class"
    result = invoke("new", "--class", roster, "--out", str(out), "--seed", "11", "--lang", "en",
                    *extra)
    assert result.exit_code == 0, result.output + stderr_of(result)
    return out


def shape(exercise):
    """What must be the same across a class's variants: the architecture and the method."""
    p = exercise.problem
    return (p.notation, p.layout, p.batch, p.loss, p.reduction, p.decimals,
            [(len(l.W), len(l.W[0]), l.activation) for l in p.layers])


def numbers(exercise):
    p = exercise.problem
    return (p.inputs, p.targets, [(l.W, l.b) for l in p.layers], p.learning_rate)


class TestVariants:
    @pytest.mark.parametrize("bom", [True, False])
    def test_a_folder_per_student_distinct_numbers_same_shape(self, tmp_path, bom):
        """Each id gets DIR/<id>/problem.yaml: the same shape and level, different numbers."""
        out = make_class(tmp_path, "--level", "medium", bom=bom)
        exercises = [load_exercise(str(out / sid / "problem.yaml")) for sid, _ in NAMES]
        assert len({json.dumps(shape(e)) for e in exercises}) == 1
        assert shape(exercises[0])[-1][-1][-1] == "softmax"  # medium: softmax output
        keys = {repr(numbers(e)) for e in exercises}
        assert len(keys) == len(NAMES)

    def test_sheets_say_whose_they_are(self, tmp_path):
        """answers.yaml carries the student's id and name, reads back blank, graded against the
        student's own problem."""
        out = make_class(tmp_path)
        for sid, name in NAMES:
            data = yaml.safe_load((out / sid / "answers.yaml").read_text(encoding="utf-8"))
            assert data["id"] == sid and data["name"] == name
            sheet = read_sheet(str(out / sid / "answers.yaml"))
            assert sheet.student_id == sid and sheet.name == name
            assert all(e.status == "blank" for a in sheet.answers.values()
                       for e in a.entries.values())
            mine = load_exercise(str(out / sid / "problem.yaml"))
            assert numbers(sheet.exercise) == numbers(mine)

    def test_checking_a_class_sheet(self, tmp_path):
        """A filled class sheet is graded like any other (the id does not get in the way)."""
        out = make_class(tmp_path, "--level", "easy")
        path = out / "S002" / "answers.yaml"
        ex = load_exercise(str(out / "S002" / "problem.yaml"))
        p = ex.problem
        # z1 by hand, independently of the engine: W·x + b, column layout
        x = p.inputs[0]
        z1 = [sum(Fraction(w) * Fraction(v) for w, v in zip(row, x)) + Fraction(b)
              for row, b in zip(p.layers[0].W, p.layers[0].b)]
        text = path.read_text(encoding="utf-8").replace(
            "  z1: ~", "  z1: [" + ", ".join(f'"{q}"' for q in z1) + "]", 1)
        path.write_text(text, encoding="utf-8")
        result = invoke("check", str(path), "--json")
        items = json.loads(result.output)["sheets"][0]["items"]
        z = [i for i in items if i["id"].startswith("z1")]
        assert z and all(i["verdict"] == "right" for i in z)

    def test_graph_kind(self, tmp_path):
        """--kind graph makes a computation-graph variant per student, named in the manifest."""
        out = make_class(tmp_path, "--kind", "graph")
        manifest = yaml.safe_load((out / "class.yaml").read_text(encoding="utf-8"))
        assert manifest["kind"] == "graph"
        texts = {(out / sid / "problem.yaml").read_text(encoding="utf-8") for sid, _ in NAMES}
        assert len(texts) == len(NAMES)

    def test_japanese_ids_are_folders(self, tmp_path):
        """Ids in any script are folder names."""
        out = make_class(tmp_path, rows=[("学籍-01", "田中"), ("学籍-02", "中村")])
        assert (out / "学籍-01" / "problem.yaml").is_file()


class TestManifest:
    def test_binds_each_id_to_its_seed_and_digest(self, tmp_path):
        """class.yaml lists every student in roster order with their seed, problem file and the
        digest of that file; the command in it rebuilds the same problems."""
        out = make_class(tmp_path)
        manifest = yaml.safe_load((out / "class.yaml").read_text(encoding="utf-8"))
        assert manifest["handcalc"] == 1 and manifest["roster"] == "roster.csv"
        students = manifest["students"]
        assert [(s["id"], s["name"]) for s in students] == NAMES
        assert len({s["seed"] for s in students}) == len(NAMES)
        for s in students:
            text = (out / s["problem"]).read_text(encoding="utf-8")
            assert s["digest"] == text_digest(text)
            assert s["digest"].startswith("sha256:") and len(s["digest"]) == 7 + 64
            assert f"seed {s['seed']})" in yaml.safe_load(text)["title"]["en"]
        # the recorded command rebuilds the class, byte for byte
        args = manifest["command"].split()[2:]
        args[args.index("--class") + 1] = str(tmp_path / "roster.csv")
        again = tmp_path / "again"
        result = invoke("new", *args, "--out", str(again))
        assert result.exit_code == 0, result.output
        for s in students:
            assert (again / s["problem"]).read_bytes() == (out / s["problem"]).read_bytes()


class TestDigest:
    PROBLEM = ("handcalc: 1\ntitle: t\ninput: [1, 0.5]\ntarget: [1]\nlayers:\n"
               "  - activation: identity\n    W: [[0.1, 0.2]]\n    b: [0]\nloss: squared_error\n"
               "learning_rate: 0.5\n")

    def test_reformatting_keeps_it(self):
        """Comments, key order, block lists, quotes, how a number is written, the title and
        defaults written out do not count: it is the same problem."""
        other = ("# a comment\nlearning_rate: \"1/2\"\nloss: squared_error\n"
                 "layers:\n- b:\n  - 0.0\n  W:\n  - - 1e-1\n    - 0.20\n  activation: identity\n"
                 "target:\n- 1\ninput: [1.0, 0.5]\ntitle: 'another title'\nhandcalc: 1\n"
                 "reduction: mean\ndecimals: 4\n")
        assert text_digest(other) == text_digest(self.PROBLEM)

    @pytest.mark.parametrize("old,new", [("0.2]]", "0.3]]"), ("b: [0]", "b: [0.0001]"),
                                          ("target: [1]", "target: [2]"),
                                          ("learning_rate: 0.5", "learning_rate: 0.25"),
                                          ("identity", "relu"),
                                          ("squared_error", "squared_error\nreduction: sum\n"
                                           "decimals: 3")])
    def test_a_change_changes_it(self, old, new):
        """Any changed number or rule changes the digest."""
        assert text_digest(self.PROBLEM.replace(old, new)) != text_digest(self.PROBLEM)


class TestBadRoster:
    @pytest.mark.parametrize("content,said", [
        (b"", "empty"),
        (b"\xef\xbb\xbf\n\n", "empty"),
        (b"id,name\n", "no student"),
        (b"student,name\nS1,A\n", "no 'id' column"),
        (b"id,fullname\nS1,A\n", "no 'name' column"),
        (b"id,name\nS1,A\nS2,B\ns1,C\n", "'s1' is already used on line 2"),
        (b"id,name\n../up,A\n", "cannot be a folder name"),
        (b"id,name\na/b,A\n", "cannot be a folder name"),
        (b"id,name\n.hidden,A\n", "cannot be a folder name"),
        (b"id,name\nCON,A\n", "reserves"),
        (b"id,name\nab.,A\n", "ends with '.'"),
        (b"id,name\n,A\n", "blank"),
        (b'id,name\nS1,"two\nlines"\n', "one line"),
        ("id,name\nS1,山田\n".encode("shift_jis"), "not UTF-8"),
    ])
    def test_one_line_and_exit_2(self, tmp_path, content, said):
        """A roster that cannot be used: one line naming the file and the fix, nothing written."""
        roster = tmp_path / "roster.csv"
        roster.write_bytes(content)
        out = tmp_path / "out"
        result = invoke("new", "--class", str(roster), "--out", str(out))
        assert result.exit_code == 2
        err = stderr_of(result).strip()
        assert "\n" not in err and "Traceback" not in err
        assert said in err and "roster.csv" in err
        assert not out.exists()

    def test_missing_file(self, tmp_path):
        result = invoke("new", "--class", str(tmp_path / "nope.csv"), "--out", str(tmp_path))
        assert result.exit_code == 2 and "cannot be read" in stderr_of(result)

    def test_a_folder_is_not_a_roster(self, tmp_path):
        result = invoke("new", "--class", str(tmp_path), "--out", str(tmp_path / "o"))
        assert result.exit_code == 2 and "not a file" in stderr_of(result)

    def test_count_and_class_together(self, tmp_path):
        roster = write_roster(tmp_path / "r.csv")
        result = invoke("new", "--class", roster, "--count", "3", "--out", str(tmp_path / "o"))
        assert result.exit_code == 2 and "--count" in stderr_of(result)

    def test_extra_columns_and_blank_lines_are_fine(self, tmp_path):
        roster = tmp_path / "r.csv"
        roster.write_text("name,id,email\r\n山田,S1,y@x\r\n\r\n佐藤,S2,s@x\r\n", encoding="utf-8")
        result = invoke("new", "--class", str(roster), "--out", str(tmp_path / "o"))
        assert result.exit_code == 0, stderr_of(result)
        manifest = yaml.safe_load((tmp_path / "o" / "class.yaml").read_text(encoding="utf-8"))
        assert [(s["id"], s["name"]) for s in manifest["students"]] == [("S1", "山田"),
                                                                         ("S2", "佐藤")]


class TestNothingLost:
    def test_without_force_nothing_is_overwritten(self, tmp_path):
        out = make_class(tmp_path)
        before = (out / "class.yaml").read_bytes()
        result = invoke("new", "--class", str(tmp_path / "roster.csv"), "--out", str(out),
                        "--seed", "99")
        assert result.exit_code == 2 and "--force" in stderr_of(result)
        assert (out / "class.yaml").read_bytes() == before

    def test_force_keeps_a_filled_in_sheet(self, tmp_path):
        """--force rewrites the blank sheets, never one that holds answers."""
        out = make_class(tmp_path)
        filled = out / "S001" / "answers.yaml"
        text = filled.read_text(encoding="utf-8").replace("  z1: ~", "  z1: [1, 2]", 1)
        filled.write_text(text, encoding="utf-8")
        blank = out / "S002" / "answers.yaml"
        blank.write_text(blank.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
        result = invoke("new", "--class", str(tmp_path / "roster.csv"), "--out", str(out),
                        "--seed", "11", "--lang", "en", "--force", "--worksheet", "md")
        assert result.exit_code == 0, stderr_of(result)
        assert filled.read_text(encoding="utf-8") == text
        assert "kept" in stderr_of(result) and "S001/answers.yaml" in stderr_of(result)
        assert "# touched" not in blank.read_text(encoding="utf-8")
        assert (out / "S001" / "worksheet.md").is_file()  # the new files go beside it

    def test_an_unreadable_sheet_is_kept_too(self, tmp_path):
        out = make_class(tmp_path)
        odd = out / "S003" / "answers.yaml"
        odd.write_text("z1: [1, 2\n", encoding="utf-8")
        result = invoke("new", "--class", str(tmp_path / "roster.csv"), "--out", str(out),
                        "--seed", "11", "--force")
        assert result.exit_code == 0
        assert odd.read_text(encoding="utf-8") == "z1: [1, 2\n"


class TestSheetId:
    def test_old_sheets_without_id_are_still_read(self, tmp_path):
        result = invoke("new", "--seed", "7", "--out", str(tmp_path))
        assert result.exit_code == 0
        assert read_sheet(str(tmp_path / "answers.yaml")).student_id == ""

    def test_an_id_that_is_not_text(self, tmp_path):
        invoke("new", "--seed", "7", "--out", str(tmp_path))
        sheet = tmp_path / "answers.yaml"
        text = sheet.read_text(encoding="utf-8").replace("name: ~", "id: [1, 2]\nname: ~")
        sheet.write_text(text, encoding="utf-8")
        result = invoke("check", str(sheet))
        assert result.exit_code == 2 and "id:" in stderr_of(result)


class TestManifestReader:
    """classfile.parse reads class.yaml back, as a grader of the class will."""

    def test_round_trip(self, tmp_path):
        from handcalc.classfile import load

        out = make_class(tmp_path)
        m = load(str(out / "class.yaml"))
        assert [(s.id, s.name) for s in m.students] == NAMES
        assert m.roster == "roster.csv" and m.kind == "network" and "--class" in m.command
        for s in m.students:
            text = (out / s.problem).read_text(encoding="utf-8")
            assert s.digest == text_digest(text)
        assert m.by_id("s002").name == "佐藤 花子" and m.by_id("nobody") is None

    GOOD = ('handcalc: 1\nstudents:\n  - id: S1\n    problem: S1/problem.yaml\n'
            '    digest: "sha256:' + "0" * 64 + '"\n')

    @pytest.mark.parametrize("old,new,said", [
        ("handcalc: 1\n", "", "handcalc: 1"),
        ("students:", "pupils:", "unknown key 'pupils'"),
        ("problem: S1/problem.yaml", "problem: ../S1/problem.yaml", "inside the manifest"),
        ("problem: S1/problem.yaml", "problem: /etc/passwd", "inside the manifest"),
        ('"sha256:', '"md5:', "64 hex"),
        ("id: S1", "id: ../x", "folder name"),
        ("    problem: S1/problem.yaml\n", "", "without 'problem:'"),
        ("  - id: S1", "  - id: S1\n    colour: red", "unknown key 'colour'"),
        ("id: S1", "id: [1]", "id: should be text"),
        ("  - id: S1", "  - id: S1\n    seed: x1", "seed: should be a whole number"),
        ("  - id: S1\n    problem: S1/problem.yaml\n    digest", "  - [1]\n  - x: 1\n    y",
         "a student should be a mapping"),
        (GOOD, "", "the class manifest is empty"),
        (GOOD, "- 1\n", "a class manifest should be a mapping"),
        ("  - id: S1", "  - id: S1\n    nmae: A", "did you mean 'name'?"),
    ])
    def test_one_line_errors(self, old, new, said):
        """Each slip in class.yaml is one line with its place, wholly in Japanese too (no
        English clause left: every letter run is a key, a value or a code of the file)."""
        import re

        from handcalc.classfile import parse
        from handcalc.i18n import say
        from handcalc.yamlsafe import InputError

        with pytest.raises(InputError) as e:
            parse(self.GOOD.replace(old, new, 1))
        assert said in str(e.value) and "\n" not in str(e.value)
        ja = say(str(e.value), "ja")
        assert ja.startswith("class.yaml") and ja != str(e.value)
        words = re.findall(r"[A-Za-z]{4,}", ja.split(": ", 1)[1] if e.value.line else ja)
        assert not [w for w in words if w in {"should", "found", "without", "unknown", "empty",
                                               "mapping", "student", "manifest", "whole"}], ja

    def test_a_duplicate_id(self):
        from handcalc.classfile import parse
        from handcalc.yamlsafe import InputError

        entry = self.GOOD.split("students:\n")[1]
        with pytest.raises(InputError, match="already used"):
            parse(self.GOOD + entry.replace("S1", "s1", 1))
