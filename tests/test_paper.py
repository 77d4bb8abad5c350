"""Paper: `handcalc sheet … --pdf` and `new --class … --pdf`.  The PDFs are read back as a person
(or a scanner) would: their text extracted with pypdf — names, ids, the answer keys in working
order, the key's values checked against a forward and backward pass written here by hand — and a
page rendered to PNG with pypdfium2."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zlib
from fractions import Fraction

import pytest
import yaml

from handcalc.files import load

from .conftest import EXERCISES, ROOT, invoke, oracle, stderr_of
from .handnet import by_hand

pypdf = oracle("pypdf")
pdfium = oracle("pypdfium2")
oracle("typst")

EX3 = str(EXERCISES / "exercise3.yaml")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page."""
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdfium_pages(data: bytes) -> list[str]:
    """The text of each page read by PDFium: a second reader, thirty times faster than pypdf
    on a class's 90 pages (8 s), used where a test reads a whole class."""
    doc = pdfium.PdfDocument(data)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def flat(pages: list[str]) -> str:
    """Pages' text on one line, runs of white space as one space (a phrase may wrap)."""
    return " ".join(" ".join(pages).split())


def numbers(text: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(text.replace("\u2212", "-"))]


def shows(text: str, value: float, decimals: int) -> bool:
    """The value appears, rounded to the problem's places (or exactly)."""
    half = 0.5 * 10 ** -decimals + 1e-9
    return any(abs(n - value) <= half for n in numbers(text))


def png(data: bytes, path, scale: float = 1.0) -> tuple[int, int, float]:
    """Page 1 rendered by PDFium, written as a PNG (zlib, no PIL); (width, height, share of
    pixels that are not white)."""
    page = pdfium.PdfDocument(data)[0]
    bitmap = page.render(scale=scale)
    w, h, stride, n = bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels
    raw = bytes(bitmap.buffer)
    rows, ink = [], 0
    for y in range(h):
        line = raw[y * stride:y * stride + w * n]
        rgb = bytearray(w * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = line[2::n], line[1::n], line[0::n]  # BGR(A) → RGB
        ink += sum(1 for v in line[0::n] if v < 200)
        rows.append(b"\0" + bytes(rgb))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I",
                                                                       zlib.crc32(tag + body))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2,
                                                                          0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
    return w, h, ink / (w * h)


def exercise3_by_hand() -> dict[str, list[float]]:
    return by_hand(EX3)


class TestSheetPdf:
    def test_worksheet(self, tmp_path):
        """Name and ID fields on top, the answer keys in working order, no answer printed, the
        Japanese text in an embedded Japanese font."""
        out = tmp_path / "ex3.pdf"
        result = invoke("sheet", EX3, "--pdf", str(out), "--lang", "ja")
        assert result.exit_code == 0, stderr_of(result)
        data = out.read_bytes()
        assert data.startswith(b"%PDF")
        text = "\n".join(pdf_pages(data))
        assert "氏名" in text and "学籍番号" in text and "求めるもの" in text
        ex = load(EX3)
        keys = [ex.key_of(s.id) for s in ex.graph.asked()]
        assert keys[:3] == ["a1", "x1", "a2"] and keys[-1] == "improvement"
        at = 0
        for k in keys:  # each key once, in working order
            m = re.compile(rf"(?<![\w]){re.escape(k)}(?![\w])").search(text, at)
            assert m, f"{k} missing after position {at}"
            at = m.end()
        hand = exercise3_by_hand()
        printed = numbers(text)
        for name in ("dW1", "dW2", "W1_new", "W2_new", "loss_new"):
            for v in hand[name]:
                if round(v, 4) == round(v, 2):
                    continue  # a round number may be a given one
                assert not any(abs(n - v) <= 5e-5 for n in printed), \
                    f"{name}: {v:.4f} is printed on the worksheet"
        reader = pypdf.PdfReader(io.BytesIO(data))
        fonts = {str(f.get_object()["/BaseFont"]) for f in
                 reader.pages[0]["/Resources"]["/Font"].values()}
        assert any("NotoSansJP" in f for f in fonts), fonts

    def test_a_box_per_element(self):
        """The markup has one labelled box for every element of every asked quantity."""
        from handcalc.render.typst import worksheet

        for name in ("exercise3.yaml", "minibatch.yaml", "graph_cs231n_neuron.yaml"):
            ex = load(str(EXERCISES / name))
            elements = sum(len(ex.elements_of(s)) for s in ex.graph.asked())
            assert worksheet(ex, "en").count("answerbox(") == elements, name

    def test_key_values_match_a_hand_computation(self, tmp_path):
        """Every value of the key agrees with exercise 3 worked out here by hand."""
        out = tmp_path / "key.pdf"
        result = invoke("sheet", EX3, "--key", "--pdf", str(out), "--lang", "en")
        assert result.exit_code == 0, stderr_of(result)
        text = "\n".join(pdf_pages(out.read_bytes()))
        assert "answer key" in text
        for name, values in exercise3_by_hand().items():
            if name.startswith("_"):
                continue  # given numbers, not answers
            for v in values:
                assert shows(text, v, 4), f"{name}: {v:.4f} not in the key"

    def test_page_renders(self, tmp_path):
        """Page 1 renders to an A4 PNG with ink on it (saved for a person to look at)."""
        out = tmp_path / "ex3.pdf"
        invoke("sheet", EX3, "--pdf", str(out), "--lang", "ja")
        w, h, ink = png(out.read_bytes(), tmp_path / "page1.png")
        assert abs(h / w - 297 / 210) < 0.01
        assert 0.01 < ink < 0.5

    def test_every_bundled_exercise_typesets(self, tmp_path):
        """Worksheets and keys of every bundled problem, networks and graphs, in one PDF each."""
        problems = sorted(str(p) for p in EXERCISES.glob("*.yaml"))
        for flag in ([], ["--key"]):
            out = tmp_path / f"all{len(flag)}.pdf"
            result = invoke("sheet", *problems, "--pdf", str(out), "--lang", "en", *flag)
            assert result.exit_code == 0, stderr_of(result)
            pages = pdfium_pages(out.read_bytes())
            titles = [load(p).title for p in problems]
            joined = "\n".join(pages)
            for title in titles:
                assert title.split(" (")[0][:20] in joined.replace("\n", " "), title

    def test_same_input_same_bytes(self, tmp_path):
        a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
        invoke("sheet", EX3, "--pdf", str(a))
        invoke("sheet", EX3, "--pdf", str(b))
        assert a.read_bytes() == b.read_bytes()


class TestSheetMarkdown:
    def test_md_for_any_problem(self, tmp_path):
        """--md DIR: worksheet.md and the question's drawing; several problems get a folder
        each; --key writes the solution."""
        result = invoke("sheet", EX3, str(EXERCISES / "graph_apple.yaml"), "--md",
                        str(tmp_path / "md"), "--lang", "en")
        assert result.exit_code == 0, stderr_of(result)
        assert (tmp_path / "md" / "exercise3" / "worksheet.md").is_file()
        svg = (tmp_path / "md" / "graph_apple" / "graph.svg").read_text(encoding="utf-8")
        assert "220" not in svg  # the apple graph's answer is not on its drawing
        result = invoke("sheet", EX3, "--md", str(tmp_path / "key"), "--key")
        assert result.exit_code == 0
        assert "0.6349" in (tmp_path / "key" / "solution.md").read_text(encoding="utf-8")


    def test_same_file_names_get_their_own_folders(self, tmp_path):
        (tmp_path / "a").mkdir()
        (tmp_path / "a" / "exercise3.yaml").write_bytes(open(EX3, "rb").read())
        result = invoke("sheet", EX3, str(tmp_path / "a" / "exercise3.yaml"), "--md",
                        str(tmp_path / "md"))
        assert result.exit_code == 0, stderr_of(result)
        assert (tmp_path / "md" / "exercise3" / "worksheet.md").is_file()
        assert (tmp_path / "md" / "exercise3-2" / "worksheet.md").is_file()


class TestSheetErrors:
    def test_nothing_to_write(self):
        result = invoke("sheet", EX3)
        assert result.exit_code == 2 and "--pdf" in stderr_of(result)

    def test_never_overwrites(self, tmp_path):
        out = tmp_path / "x.pdf"
        out.write_bytes(b"mine")
        result = invoke("sheet", EX3, "--pdf", str(out))
        assert result.exit_code == 2 and "--force" in stderr_of(result)
        assert out.read_bytes() == b"mine"
        assert invoke("sheet", EX3, "--pdf", str(out), "--force").exit_code == 0

    def test_bad_problem_one_line(self, tmp_path):
        bad = tmp_path / "bad.yaml"
        bad.write_text("handcalc: 1\nlayers: 3\n", encoding="utf-8")
        result = invoke("sheet", str(bad), "--pdf", str(tmp_path / "o.pdf"))
        assert result.exit_code == 2
        assert len(stderr_of(result).strip().splitlines()) == 1
        assert not (tmp_path / "o.pdf").exists()

    def test_without_the_pdf_extra(self, tmp_path, monkeypatch):
        """Where typst is not installed: one line saying how to install it."""
        monkeypatch.setitem(sys.modules, "typst", None)
        result = invoke("sheet", EX3, "--pdf", str(tmp_path / "o.pdf"))
        assert result.exit_code == 2 and "handcalc[pdf]" in stderr_of(result)


NAMES = [("S001", "山田 太郎"), ("S002", "佐藤 花子"), ("S003", "Alice Smith")]


def easy_loss_by_hand(problem_file) -> float:
    """An easy generated problem (za, column layout: z = W·a + b; ReLU hidden, identity output,
    squared error ½Σ(y − t)², one sample), worked with exact fractions."""
    p = yaml.safe_load(open(problem_file, encoding="utf-8"))
    assert p["notation"] == "za" and p["layout"] == "column" and p["loss"] == "squared_error"
    a = [Fraction(str(v)) for v in p["input"]]
    for layer in p["layers"]:
        z = [sum(Fraction(str(w)) * v for w, v in zip(row, a)) + Fraction(str(b))
             for row, b in zip(layer["W"], layer["b"])]
        a = [max(Fraction(0), v) for v in z] if layer["activation"] == "relu" else z
    return float(sum((y - Fraction(str(t))) ** 2 for y, t in zip(a, p["target"])) / 2)


class TestClassPdf:
    def test_class_worksheets_and_keys(self, tmp_path):
        """new --class … --pdf: each student's worksheet.pdf with their name and id, class.pdf
        with every worksheet in roster order, key.pdf with each student's key and loss."""
        roster = tmp_path / "roster.csv"
        roster.write_bytes("\ufeffid,name\n".encode() + "".join(
            f"{i},{n}\n" for i, n in NAMES).encode("utf-8"))
        out = tmp_path / "class"
        result = invoke("new", "--class", str(roster), "--level", "easy", "--seed", "5",
                        "--out", str(out), "--pdf", "--lang", "ja")
        assert result.exit_code == 0, stderr_of(result)
        per_student = []
        for sid, name in NAMES:
            pages = pdf_pages((out / sid / "worksheet.pdf").read_bytes())
            assert sid in pages[0] and name in pages[0]
            others = [n for _, n in NAMES if n != name]
            assert not any(n in "".join(pages) for n in others)
            per_student.append(len(pages))
        whole = pdf_pages((out / "class.pdf").read_bytes())
        assert len(whole) == sum(per_student)
        firsts = [sum(per_student[:k]) for k in range(len(NAMES))]
        assert [NAMES[k][1] in whole[firsts[k]] for k in range(len(NAMES))] == [True] * 3
        keys = pdf_pages((out / "key.pdf").read_bytes())
        starts = [next(i for i, p in enumerate(keys) if sid in p) for sid, _ in NAMES]
        assert starts == sorted(starts) and starts[0] == 0
        for k, (sid, _) in enumerate(NAMES):
            mine = "\n".join(keys[starts[k]:starts[k + 1] if k + 1 < len(NAMES) else None])
            loss = easy_loss_by_hand(out / sid / "problem.yaml")
            assert shows(mine, loss, 4), (sid, loss)
        w, h, ink = png((out / "class.pdf").read_bytes(), tmp_path / "class1.png")
        assert ink > 0.01

    def test_force_adds_pdfs_beside_filled_sheets(self, tmp_path):
        """A class at work: --pdf --force later adds the PDFs and keeps the filled sheet."""
        roster = tmp_path / "roster.csv"
        roster.write_text("id,name\nS1,A\nS2,B\n", encoding="utf-8")
        out = tmp_path / "c"
        assert invoke("new", "--class", str(roster), "--out", str(out), "--seed", "1")\
            .exit_code == 0
        sheet = out / "S1" / "answers.yaml"
        filled = sheet.read_text(encoding="utf-8").replace("  z1: ~", "  z1: [1, 2]", 1)
        sheet.write_text(filled, encoding="utf-8")
        result = invoke("new", "--class", str(roster), "--out", str(out), "--seed", "1",
                        "--pdf", "--force")
        assert result.exit_code == 0, stderr_of(result)
        assert sheet.read_text(encoding="utf-8") == filled
        assert (out / "S1" / "worksheet.pdf").is_file() and (out / "key.pdf").is_file()


PROBE = """
import atexit, sys
atexit.register(lambda: sys.__stdout__.write("\\nheavy:%s\\n" % sorted(
    m for m in ("typst", "pypdf", "pypdfium2", "pylopdf_fonts_jp") if m in sys.modules)))
sys.argv = ["handcalc"] + {args!r}
from handcalc.cli import main
main()
"""


@pytest.mark.parametrize("args", [["solve", EX3], ["check", str(ROOT / "tests" / "sheets" /
                                                                "exercise3_learner.yaml")],
                                  ["new", "--seed", "3", "--out", "{tmp}"]],
                         ids=["solve", "check", "new"])
def test_paper_is_not_imported_by_solve_and_check(args, tmp_path):
    """typst and the PDF tools are imported only by the commands that make PDFs."""
    args = [str(tmp_path / "out") if a == "{tmp}" else a for a in args]
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], cwd=ROOT,
                            capture_output=True, text=True, env={"COLUMNS": "100", "LANG": "C",
                                                                 "PATH": "/usr/bin:/bin"})
    assert "heavy:[]" in result.stdout, result.stdout[-500:] + result.stderr[-500:]


FAMILY = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"]
GIVEN = ["太郎", "花子", "一郎", "美咲", "健太", "さくら"]


def test_the_readme_teachers_path(tmp_path):
    """The README's teacher's path, as written there: a roster of 30 (Japanese names, BOM) →
    30 distinct variants → class.pdf with each student's name and id on their first page, in
    roster order, and key.pdf."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^handcalc new --class roster\.csv [^\n#]*--pdf[^\n#]*$", readme, re.M)
    assert command, "the teacher's path is not in the README"
    students = [(f"S{n + 1:03d}", f"{FAMILY[n % 10]} {GIVEN[n // 10]}") for n in range(30)]
    (tmp_path / "roster.csv").write_bytes(b"\xef\xbb\xbf" + ("id,name\r\n" + "".join(
        f"{i},{name}\r\n" for i, name in students)).encode("utf-8"))
    args = command.group(0).split()[1:]
    args[args.index("--class") + 1] = str(tmp_path / "roster.csv")
    args[args.index("--out") + 1] = str(tmp_path / "week5")
    result = invoke(*args)
    assert result.exit_code == 0, stderr_of(result)
    out = tmp_path / "week5"
    texts = {(out / sid / "problem.yaml").read_text(encoding="utf-8") for sid, _ in students}
    assert len(texts) == 30
    pages = pdfium_pages((out / "class.pdf").read_bytes())
    firsts = [i for i, p in enumerate(pages) if "学籍番号" in p and "氏名" in p]
    assert len(firsts) == 30
    for (sid, name), i in zip(students, firsts):
        assert sid in pages[i] and name in pages[i]
    assert len(pypdf.PdfReader(out / "key.pdf").pages) >= 30


@pytest.mark.parametrize("extra,files", [
    ([], ["answers.yaml", "key.pdf", "problem.yaml", "worksheet.pdf"]),
    (["--count", "2"], ["01/answers.yaml", "01/problem.yaml", "01/worksheet.pdf",
                        "02/answers.yaml", "02/problem.yaml", "02/worksheet.pdf", "class.pdf",
                        "key.pdf"]),
    (["--kind", "graph"], ["answers.yaml", "key.pdf", "problem.yaml", "worksheet.pdf"]),
    (["--kind", "formula"], ["answers.yaml", "key.pdf", "problem.yaml", "worksheet.pdf"]),
])
def test_new_pdf_files(tmp_path, extra, files):
    """new --pdf: a worksheet per problem, the keys, and class.pdf when there are several; a
    graph's worksheet shows its inputs, not its answer."""
    result = invoke("new", "--seed", "4", "--out", str(tmp_path), "--pdf", "--lang", "en",
                    *extra)
    assert result.exit_code == 0, stderr_of(result)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                  if p.is_file()) == files
    if "graph" in extra:
        ex = load(str(tmp_path / "problem.yaml"))
        sheet = "\n".join(pdf_pages((tmp_path / "worksheet.pdf").read_bytes()))
        key = "\n".join(pdf_pages((tmp_path / "key.pdf").read_bytes()))
        out = float(ex.values()[ex.problem.output])
        assert shows(key, out, ex.decimals)
        for name, value in ex.problem.inputs.items():
            m = re.search(rf"(?<!\w){name} = (-?[\d.]+)", sheet.replace("\u2212", "-"))
            assert m and abs(float(m.group(1)) - float(value)) < 1e-12, name
    if "formula" in extra:  # the questions to derive, as the problem file asks them
        asked = yaml.safe_load((tmp_path / "problem.yaml").read_text(encoding="utf-8"))
        sheet = flat(pdf_pages((tmp_path / "worksheet.pdf").read_bytes()))
        key = flat(pdf_pages((tmp_path / "key.pdf").read_bytes()))
        assert "Derive each quantity by hand" in sheet and "Train the network" not in sheet
        for q in asked["questions"]:
            assert q["key"] in sheet and flat([q["ask"]["en"]]) in sheet, q["key"]
            assert q["key"] in key


def test_names_are_text_never_markup(tmp_path):
    """A name full of Typst's special characters prints as written (names are passed as string
    literals, so no roster can inject markup or code)."""
    odd = 'O\'Brien "#x" $y$ \\z *b* _u_ @me <a> [c] #{1+1}'
    roster = tmp_path / "r.csv"
    roster.write_text('id,name\nS1,"' + odd.replace('"', '""') + '"\n', encoding="utf-8")
    result = invoke("new", "--class", str(roster), "--out", str(tmp_path / "c"), "--seed", "1",
                    "--pdf", "--lang", "en")
    assert result.exit_code == 0, stderr_of(result)
    page = pdf_pages((tmp_path / "c" / "S1" / "worksheet.pdf").read_bytes())[0]
    assert odd in " ".join(page.split())  # a long name may wrap in its field


ON_PAPER = {"network": EX3, "graph": str(EXERCISES / "graph_apple.yaml"),
            "formula": str(EXERCISES / "formulas" / "formula_000_logistic.yaml")}
TRAIN = "Train the network"  # the network's first line
PLACES = "decimal places"  # numbers to round: a kind that asks for formulas has none


def own_words(kind: str, key: bool) -> list[str]:
    """What a kind's page must say, read from the problem file itself (the formula kind's
    questions and the reason of each step of their derivations) or as its task is worded."""
    if kind == "formula":
        problem = yaml.safe_load(open(ON_PAPER[kind], encoding="utf-8"))
        questions = problem["questions"]
        if key:
            return ["answer key", "graded by equivalence"] + [
                flat([step["why"]["en"]]) for q in questions for step in q.get("steps", [])]
        return ["Derive each quantity by hand"] + [q["key"] for q in questions] + [
            flat([q["ask"]["en"]]) for q in questions]
    first = {"network": TRAIN, "graph": "Compute every node of the graph"}[kind]
    return ["answer key", PLACES] if key else [first, PLACES]


@pytest.mark.parametrize("key", [False, True], ids=["worksheet", "key"])
@pytest.mark.parametrize("kind", list(ON_PAPER))
def test_every_kind_on_paper_in_its_own_words(tmp_path, kind, key):
    """A PDF worksheet and key for each kind: the kind's own task and questions, none of
    another kind's words (a graph or formula page never says "Train the network"; a formula
    page asks for no decimal places)."""
    out = tmp_path / "page.pdf"
    result = invoke("sheet", ON_PAPER[kind], "--pdf", str(out), "--lang", "en",
                    *(["--key"] if key else []))
    assert result.exit_code == 0, stderr_of(result)
    text = flat(pdf_pages(out.read_bytes()))
    for words in own_words(kind, key):
        assert words in text, words
    foreign = [TRAIN] if kind != "network" else ["Compute every node", "Derive each quantity"]
    foreign += [PLACES] if kind == "formula" else []
    for words in foreign:
        assert words not in text, words
