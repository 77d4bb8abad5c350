"""`handcalc check --class class.yaml SHEETS…`: each sheet graded against its own student's
variant (found by its id), one class report across the variants, and a sheet that answers
another problem, names no student or shares an id is seen for what it is."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
import yaml

from handcalc.files import load as load_exercise

from .conftest import invoke, stderr_of
from .test_class_new import make_class

# a class of thirty, Japanese names and a few others, as a teacher's roster has them
_NAMES = ["山田 太郎", "佐藤 花子", "鈴木 一郎", "Alice Smith", "高橋 美咲", "田中 健",
          "伊藤 さくら",
          "渡辺 翔", "Ben Jones", "小林 結衣", "加藤 大輔", "吉田 愛", "山本 蓮", "中村 陽菜",
          "松本 湊", "井上 凛", "木村 颯太", "林 結菜", "清水 悠真", "山口 芽依", "森 大和",
          "池田 紬", "橋本 陽翔", "阿部 杏", "石川 樹", "前田 葵", "藤田 湊斗", "小川 莉子",
          "岡田 蒼", "Chen Wei"]
ROSTER = [(f"S{i:03d}", name) for i, name in enumerate(_NAMES, start=1)]


def _rounded(value, places=4):
    if isinstance(value, list):
        return [_rounded(v, places) for v in value]
    return round(float(value), places)


def answered(out, sid: str, name: str, *, problem=None) -> dict:
    """A sheet with every asked value of (``problem`` or) the student's own variant, rounded to
    4 places: what an honest learner who got everything right hands in (without the problem
    file beside it)."""
    ex = load_exercise(str(out / (problem or sid) / "problem.yaml"))
    values = ex.values()
    answers = {s.id: _rounded(ex.outward(s, values[s.id])) for s in ex.graph.asked()}
    return {"handcalc": 1, "problem": "problem.yaml", "id": sid, "name": name,
            "keys": "canonical", "answers": answers}


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    """A class of thirty made by new --class, and a folder of the sheets 28 of them handed in."""
    base = tmp_path_factory.mktemp("klass")
    out = make_class(base, "--level", "easy", rows=ROSTER)
    handed = base / "handed"
    handed.mkdir()
    for sid, name in ROSTER[:28]:  # S029 and S030 hand in nothing
        sheet = answered(out, sid, name)
        (handed / f"{sid}.yaml").write_text(yaml.safe_dump(sheet, allow_unicode=True),
                                            encoding="utf-8")
    return out, handed


def run(out, files, *args):
    return invoke("check", "--class", str(out / "class.yaml"), *map(str, files), *args)


def test_each_sheet_is_graded_against_its_own_variant(klass):
    """28 honest sheets of 28 different variants, graded in one call: all right, each against
    its own variant."""
    out, handed = klass
    files = sorted(handed.glob("*.yaml"))
    result = run(out, files, "--json")
    assert result.exit_code == 0, stderr_of(result)
    report = json.loads(result.stdout)
    for sheet, (sid, name) in zip(report["sheets"], ROSTER):
        assert sheet["error"] is None and sheet["flags"] == []
        assert sheet["all_right"], sheet["file"]
        assert sheet["problem"].replace("\\", "/").endswith(f"{sid}/problem.yaml")
        assert sheet["student"]["id"] == sid and sheet["student"]["name"] == name
    assert len(report["summary"]) == 1  # ONE report across the variants
    assert report["summary"][0]["sheets"] == 28
    assert [m["id"] for m in report["missing"]] == ["S029", "S030"]


def test_another_students_answers_under_my_id_are_not_right(klass, tmp_path):
    """S002's right answers handed in as S001's: graded against S001's variant, so not all
    right — the id, not the numbers, decides the problem."""
    out, _ = klass
    sheet = answered(out, "S001", "山田 太郎", problem="S002")
    path = tmp_path / "copy.yaml"
    path.write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")
    report = json.loads(run(out, [path], "--json").stdout)
    [s] = report["sheets"]
    assert s["error"] is None and not s["all_right"]
    # only follow-through can credit what another problem's numbers happen to carry
    assert s["counts"]["right"] < s["score"]["total"] / 2


def test_a_sheet_inlining_another_problem_is_flagged(klass, tmp_path):
    """A sheet that brings its own (easier) problem inlined is graded against the student's
    variant and flagged different_problem."""
    out, _ = klass
    sheet = answered(out, "S003", "鈴木 一郎")
    sheet["problem"] = yaml.safe_load((out / "S004" / "problem.yaml").read_text("utf-8"))
    path = tmp_path / "inlined.yaml"
    path.write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")
    result = run(out, [path], "--json")
    [s] = json.loads(result.stdout)["sheets"]
    assert "different_problem" in s["flags"] and s["all_right"] is True
    assert result.exit_code == 1  # a flagged sheet is never a clean pass


@pytest.mark.parametrize("change, said", [
    (lambda s: s.pop("id"), "has no 'id:'"),
    (lambda s: s.update(id="S999"), "its id 'S999' is not in"),
])
def test_a_sheet_without_a_known_id_is_one_line_and_the_rest_are_graded(klass, tmp_path, change,
                                                                         said):
    out, handed = klass
    sheet = answered(out, "S005", "高橋 美咲")
    change(sheet)
    path = tmp_path / "odd.yaml"
    path.write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")
    result = run(out, [path, handed / "S001.yaml"], "--json")
    assert result.exit_code == 2
    odd, good = json.loads(result.stdout)["sheets"]
    assert said in odd["error"] and good["all_right"]
    assert said in stderr_of(result)


def test_two_sheets_with_one_id_are_both_flagged(klass, tmp_path):
    out, handed = klass
    shutil.copy(handed / "S002.yaml", tmp_path / "again.yaml")
    report = json.loads(run(out, [handed / "S002.yaml", tmp_path / "again.yaml"], "--json").stdout)
    assert [s["flags"] for s in report["sheets"]] == [["same_student"], ["same_student"]]


def test_a_variant_changed_after_new_class_is_refused(klass, tmp_path):
    """The teacher's copy of a variant edited since (a weight zeroed) no longer matches the
    manifest's digest: its student's sheet is not graded against it."""
    out, handed = klass
    copy = tmp_path / "class"
    shutil.copytree(out, copy)
    text = (copy / "S006" / "problem.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    data["learning_rate"] = 0.01
    (copy / "S006" / "problem.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run(copy, [handed / "S006.yaml", handed / "S007.yaml"], "--json")
    bad, good = json.loads(result.stdout)["sheets"]
    assert "differs from the digest" in bad["error"] and good["all_right"]


def test_the_csv_is_for_excel(klass):
    """UTF-8 with a BOM, one row per sheet: id, name, variant, score, max, then the steps."""
    out, handed = klass
    raw = run(out, sorted(handed.glob("*.yaml")), "--csv").stdout
    assert raw.startswith("\ufeffid,name,variant,score,max,")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert [(r["id"], r["name"]) for r in rows] == ROSTER[:28]
    assert all(r["score"] == r["max"] for r in rows)
    assert {r["variant"] for r in rows} == {f"seed {11 + i}" for i in range(28)}


def test_the_terminal_report_names_who_is_missing(klass):
    out, handed = klass
    text = run(out, sorted(handed.glob("*.yaml"))[:3], "--lang", "en").output
    assert "No sheet from 27 student(s): S004 Alice Smith" in text
    assert text.count("Class summary") == 1


def test_a_broken_manifest_is_one_line(tmp_path):
    bad = tmp_path / "class.yaml"
    bad.write_text("handcalc: 1\nstudents: 3\n", encoding="utf-8")
    result = invoke("check", "--class", str(bad), str(bad))
    assert result.exit_code == 2
    assert stderr_of(result).startswith("handcalc: --class: ")
    assert "'students:' should be a list" in stderr_of(result)


def test_the_html_report_of_the_class(klass, tmp_path):
    """--html with --class: one page, a row per student (id and name), one column per step."""
    out, handed = klass
    page = tmp_path / "report.html"
    result = run(out, sorted(handed.glob("*.yaml")), "--html", str(page), "--lang", "ja")
    assert result.exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert text.count('<td class="name">') == 28
    assert "S001 山田 太郎" in text and "class.yaml" in text
