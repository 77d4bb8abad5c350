"""Formula exercises (kind: formula): parsing, the references against independent oracles,
grading by equivalence with modelled learners, and hostile formulas."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from handcalc.check import check_sheet
from handcalc.check import sheet_from_text as from_text
from handcalc.derivation.family import close
from handcalc.derivation.grading import FormulaMarker, _Prepared
from handcalc.expr import ExprError, Vocabulary, parse
from handcalc.files import load

from .conftest import EXERCISES, stderr_of

FORMULAS = EXERCISES / "formulas"  # not the working directory: the suite runs from anywhere
FILES = sorted(str(p) for p in FORMULAS.glob("*.yaml"))
assert FILES, f"no formula exercises in {FORMULAS}"  # else every test below passes vacuously


def grade(path: str, answers: dict[str, str]) -> dict[str, str]:
    """Verdicts of a sheet holding these typed formulas (keys → verdict)."""
    lines = ["handcalc: 1", f"problem: {path.split('/')[-1]}", "answers:"]
    lines += [f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in answers.items()]
    sheet = from_text("\n".join(lines) + "\n", path.rsplit("/", 1)[0] + "/sheet.yaml")
    return {i.id: i.verdict for i in check_sheet(sheet).graded.items}


class TestReferences:
    @pytest.mark.parametrize("path", FILES)
    def test_every_reference_agrees_with_its_independent_oracle(self, path):
        """Each bundled answer equals the engine's value (networks) or central differences
        (expressions) on ten random cases — not the three checked when loading."""
        ex = load(path)
        for q in ex.problem.questions:
            prep = _Prepared(ex.problem, q, 10)
            assert prep.points
            for point, ref in zip(prep.points, prep.reference):
                assert close(ref, prep.truth(point), 1e-5), (q.key, point)

    def test_the_network_references_agree_with_torch(self):
        """∂L/∂b^K = x − t and the hidden recursion, against PyTorch autograd."""
        torch = pytest.importorskip("torch")
        ex = load(f"{FORMULAS}/formula_004_output_bias.yaml")
        q = ex.problem.questions[0]
        prep = _Prepared(ex.problem, q, 2)
        case = prep.cases[0]
        v = case.values
        x0 = torch.tensor([[float(a) for a in v["a0"][0]]], dtype=torch.float64)
        W1 = torch.tensor([[float(a) for a in r] for r in v["W1"]], dtype=torch.float64)
        b1 = torch.tensor([float(a) for a in v["b1"]], dtype=torch.float64)
        W2 = torch.tensor([[float(a) for a in r] for r in v["W2"]], dtype=torch.float64)
        b2 = torch.tensor([float(a) for a in v["b2"]], dtype=torch.float64,
                          requires_grad=True)
        t = torch.tensor([float(a) for a in v["t"][0]], dtype=torch.float64)
        y = torch.softmax(torch.relu(x0 @ W1 + b1) @ W2 + b2, dim=1)[0]
        loss = -(t * torch.log(y)).sum()
        loss.backward()
        for point, ref in zip(prep.points, prep.reference):
            if point[0] == 0:
                j = point[1]["j"]
                assert math.isclose(ref, float(b2.grad[j - 1]), rel_tol=1e-9)

    @pytest.mark.parametrize("path", [p for p in FILES if "network:" in open(p).read()])
    def test_every_network_reference_agrees_with_torch(self, path):
        """Each network question's reference formula, at every point, equals PyTorch autograd
        (float64) on the same random network: δ is ∂L/∂z, db and dW the parameters' grads."""
        torch = pytest.importorskip("torch")
        ex = load(path)
        fam = ex.problem.family
        offset = fam.table["offset"]
        for q in ex.problem.questions:
            prep = _Prepared(ex.problem, q, 3)
            for c, case in enumerate(prep.cases):
                grads = _torch_grads(torch, fam, case.values)
                for point, ref in zip(prep.points, prep.reference):
                    if point[0] != c:
                        continue
                    bound, layer = point[1], point[2]
                    e = layer - offset
                    kind = q.of["quantity"]
                    idx = [bound[i] if isinstance(i, str) else i for i in q.of.get("indices", [])]
                    want = grads[{"delta": "z", "Delta": "z", "db": "b", "dW": "W"}[kind]][e]
                    if kind == "delta":
                        want = want[0][idx[0] - 1]
                    elif kind == "db":
                        want = want[idx[0] - 1]
                    elif kind == "dW" and idx:
                        want = want[idx[0] - 1][idx[1] - 1]
                    if isinstance(ref, tuple):
                        assert all(math.isclose(x, float(y), rel_tol=1e-9, abs_tol=1e-12)
                                   for rx, ry in zip(ref, want) for x, y in zip(rx, ry))
                    else:
                        assert math.isclose(ref, float(want), rel_tol=1e-9, abs_tol=1e-12)

    def test_seed_004_slide_formula_is_not_the_gradient(self):
        """Seed 004's exercise-1 slide takes ∂x_i/∂x_j = −1 for i ≠ j; its formula differs
        from the engine's ∂L/∂b^K, so it is kept as a named mistake, not as the answer."""
        ex = load(f"{FORMULAS}/formula_004_output_bias.yaml")
        q = ex.problem.questions[0]
        prep = _Prepared(ex.problem, q, 3)
        tree = parse("(-t_j/x_j^K + sum_i t_i/x_i^K - t_j/x_j^K) * x_j^K * (1 - x_j^K)",
                     ex.problem.family.vocabulary())
        assert any(not close(prep.value(tree, p), prep.truth(p)) for p in prep.points)


OUT = f"{FORMULAS}/formula_004_output_bias.yaml"
HIDDEN = f"{FORMULAS}/formula_004_hidden_bias.yaml"
MATRIX = f"{FORMULAS}/formula_004_matrix.yaml"


class TestModelledLearners:
    """Learners modelled as STACK's authors model them: the right answer written several
    ways, and each misconception written the way a learner holding it would."""

    @pytest.mark.parametrize("answer", ["x_j - t_j", "x_j^K - t_j", "-(t_j - x_j^K)",
                                        "(x_j^K - t_j)*1", "x_j^{(K)} - t_j",
                                        "x^K_j - t_j", "−t_j + x_j^K"])
    def test_equivalent_rewritings_are_right(self, answer):
        assert grade(OUT, {"dL_db": answer}) == {"dL_db": "right"}

    def test_a_reordered_sum_in_unicode_is_right(self):
        got = grade(HIDDEN, {"dL_db": "h′(a_j^l) ∑_k w_{jk}^{l+1} δ_k^{l+1}",
                             "dL_dw": "x_i^{l-1} delta_j^l"})
        assert set(got.values()) == {"right"}

    @pytest.mark.parametrize("answer,code", [
        ("t_j - x_j^K", "mistake:sign_flipped"),
        ("(-t_j/x_j^K + sum_i t_i/x_i^K - t_j/x_j^K) * x_j^K * (1 - x_j^K)",
         "mistake:softmax_diagonal_jacobian"),
        ("delta_j^K", "mistake:disallowed_symbol"),
        ("x_j^K", "wrong"),
    ])
    def test_output_bias_mistakes_are_named(self, answer, code):
        assert grade(OUT, {"dL_db": answer})["dL_db"] == code

    @pytest.mark.parametrize("answer,code", [
        ("sum_k delta_k^{l+1} w_{jk}^{l+1}", "mistake:h_prime_missing"),
        ("sum_k delta_k^{l+1} w_{jk}^{l+1} h'(x_j^l)", "mistake:h_prime_wrong_argument"),
        ("sum_k delta_k^{l+1} w_{kj}^{l+1} h'(a_j^l)", "mistake:weight_indices_swapped"),
    ])
    def test_hidden_layer_mistakes_are_named(self, answer, code):
        assert grade(HIDDEN, {"dL_db": answer})["dL_db"] == code

    def test_transpose_missing_is_named(self):
        assert grade(MATRIX, {"dL_dW": "X^{K-1} @ Delta^K"})["dL_dW"] == \
            "mistake:transpose_missing"
        assert grade(MATRIX, {"Delta_l": "(Delta^{l+1} @ W^{l+1}.T) ⊙ h'(A^l)"})["Delta_l"] \
            == "right"

    def test_half_dropped_and_the_softmax_jacobian(self):
        losses = f"{FORMULAS}/formula_003_losses.yaml"
        assert grade(losses, {"dE_dy": "2*(y_k - t_k)"})["dE_dy"] == "mistake:half_dropped"
        soft = f"{FORMULAS}/formula_003_softmax.yaml"
        assert grade(soft, {"dy_dz": "y_i*delta_{ik} - y_i*y_k"})["dy_dz"] == "right"
        assert grade(soft, {"dy_dz": "delta_{ik} y_i (1 - y_i)"})["dy_dz"] == \
            "mistake:softmax_diagonal_jacobian"

    def test_activation_facts(self):
        acts = f"{FORMULAS}/formula_003_activations.yaml"
        got = grade(acts, {"ds_dz": "s - s^2", "du_dz": "(1-u)(1+u)", "dr_dz": "(z > 0)"})
        assert set(got.values()) == {"right"}

    def test_seeds_000_and_001(self):
        got = grade(f"{FORMULAS}/formula_000_logistic.yaml",
                    {"dz": "a - y", "dW": "x_i dz", "db": "dz"})
        assert set(got.values()) == {"right"}
        got = grade(f"{FORMULAS}/formula_001_identity_output.yaml",
                    {"dE_dw": "(y_j - d_j) z_i^{L-1}"})
        assert got == {"dE_dw": "right"}

    def test_wrong_shows_the_case_where_it_differs(self):
        ex = load(OUT)
        sheet = from_text("handcalc: 1\nproblem: formula_004_output_bias.yaml\nanswers:\n"
                          "  dL_db: x_j^K\n", f"{FORMULAS}/s.yaml")
        item = FormulaMarker(ex).grade(sheet.answers).items[0]
        assert item.verdict == "wrong"
        assert "yours =" in item.details[0]["en"] and "x_j^K =" in item.details[1]["en"]
        assert "あなたの式" in item.details[0]["ja"]

    @pytest.mark.parametrize("path", FILES)
    def test_the_expected_formula_as_shown_reads_back_right(self, path):
        """What the report shows as expected (Unicode: Σ, δ, ·, h′) typed back is right."""
        marker = FormulaMarker(load(path))
        answers = {q.key: marker.expected[q.key] for q in marker.exercise.problem.questions}
        assert set(grade(path, answers).values()) == {"right"}


V = Vocabulary(symbols=frozenset({"s", "t"}), layered=frozenset({"x", "w", "delta"}))


class TestHostileFormulas:
    @pytest.mark.parametrize("text,words", [
        ("(" * 200 + "s" + ")" * 200, "nested"),
        ("s^99999999", "too large"),
        ("s^(1/2)", "whole number"),
        ("s + foo", "unknown symbol 'foo'"),
        ("s" * 10_000, "characters long"),
        ("s +* t", "expected"),
        ("s + t" * 150, "terms"),
        ("+".join(["s"] * 450), "terms"),
        ("__import__('os')", "expected"),
    ])
    def test_one_line_errors(self, text, words):
        with pytest.raises(ExprError) as e:
            parse(text, V)
        assert words in str(e.value) and "\n" not in str(e.value)

    def test_the_column_is_given(self):
        with pytest.raises(ExprError) as e:
            parse("s + t + qq", V)
        assert str(e.value).startswith("column 9:")

    def test_a_hostile_sheet_is_unreadable_not_a_crash(self):
        got = grade(OUT, {"dL_db": "(" * 300 + "x_j^K" + ")" * 300})
        assert got == {"dL_db": "unreadable"}


class TestCommands:
    """solve, template, check and new work for formula problems, in both languages."""

    def test_solve_shows_the_derivation_on_a_terminal_and_in_markdown(self):
        from .conftest import invoke

        r = invoke("solve", OUT, "--lang", "ja")
        assert r.exit_code == 0
        assert "連鎖律" in r.output and "x_j^K - t_j" in r.output
        r = invoke("solve", OUT, "--format", "md", "--lang", "en")
        assert r.exit_code == 0
        assert r"\frac{\partial L}{\partial b_{j}^{K}}" in r.output
        assert "4. $= x_{j}^{K} - t_{j}$ — the target sums to 1" in r.output

    def test_template_then_check(self, tmp_path):
        import shutil

        from .conftest import invoke

        shutil.copy(OUT, tmp_path / "p.yaml")
        r = invoke("template", str(tmp_path / "p.yaml"), "--out", str(tmp_path / "a.yaml"))
        assert r.exit_code == 0
        text = (tmp_path / "a.yaml").read_text()
        assert "dL_db: ~" in text
        (tmp_path / "a.yaml").write_text(text.replace("dL_db: ~", 'dL_db: "t_j - x_j^K"'))
        r = invoke("check", str(tmp_path / "a.yaml"), "--json")
        assert r.exit_code == 1
        item = json.loads(r.output)["sheets"][0]["items"][0]
        assert item["verdict"] == "mistake:sign_flipped"
        assert item["expected"] == "x_j^K - t_j" and item["written"] == "t_j - x_j^K"

    def test_new_kind_formula_writes_a_problem_that_checks(self, tmp_path):
        from .conftest import invoke

        r = invoke("new", "--kind", "formula", "--seed", "5", "--count", "4", "--out",
                   str(tmp_path), "--worksheet", "md")
        assert r.exit_code == 0, r.output
        for n in ("01", "02", "03", "04"):
            assert (tmp_path / n / "worksheet.md").exists()
            r = invoke("check", str(tmp_path / n / "answers.yaml"))
            assert r.exit_code == 1 and "blank" in r.output
        r = invoke("new", "--kind", "formula", "--arch", "2-2-1")
        assert r.exit_code == 2 and "--arch is for network problems" in stderr_of(r)

    def test_a_problem_whose_answer_is_wrong_is_refused(self, tmp_path):
        """The loader checks every reference against the engine: a typo in the answer is
        one line naming the question, not a problem that marks right answers wrong."""
        from .conftest import invoke

        bad = Path(OUT).read_text().replace('answer: "x_j^K - t_j"', 'answer: "t_j - x_j^K"')
        (tmp_path / "p.yaml").write_text(bad)
        r = invoke("solve", str(tmp_path / "p.yaml"))
        assert r.exit_code == 2
        assert "question 'dL_db'" in stderr_of(r) and "\n" not in stderr_of(r).strip()


class TestOneParser:
    """The expr package (handcalc/expr/) is general enough for a learner's numbers and a
    graph's node definitions."""

    @pytest.mark.parametrize("text", ["0.5", "1/3", "-0.25 + 1/4", "2*(1/4)^2 - 1", "３／４",
                                      "0.1*0.2 + 0.3", "(1 - 0.2)*(0.5)", "2^-2", "-(3/8)",
                                      "2×0.5", "0.5·3", "½ + 1", "0.5²"])
    def test_exact_numbers_agree_with_the_number_reader(self, text):
        from handcalc.expr import numbers_env, parse_number

        got = __import__("handcalc.expr").expr.evaluate(parse(text, Vocabulary()), numbers_env())
        assert got == parse_number(text, "arithmetic")

    def test_plain_names_for_graph_nodes(self):
        vocab = Vocabulary(symbols=frozenset({"n_pencil", "りんご"}),
                           functions={"mul": "mul"}, plain=True)
        tree = parse("mul(n_pencil, りんご)", vocab)
        assert tree.name == "mul" and [a.name for a in tree.args] == ["n_pencil", "りんご"]

    def test_a_restated_left_side_is_skipped(self):
        assert grade(OUT, {"dL_db": "∂L/∂b_j^K = x_j^K - t_j"}) == {"dL_db": "right"}

    def test_sum_over_the_wrong_index_is_named(self):
        got = grade(HIDDEN, {"dL_db": "sum_k delta_j^{l+1} w_{jk}^{l+1} h'(a_j^l)"})
        assert got["dL_db"] == "mistake:sum_wrong_index"


@pytest.mark.parametrize("path", FILES)
def test_golden_solutions(path, golden):
    """What solve shows for each bundled formula exercise (terminal en/ja, Markdown, JSON)."""
    from io import StringIO

    from rich.console import Console

    from handcalc.render import jsonout, markdown, terminal

    ex = load(path)
    name = path.rsplit("/", 1)[1][:-5]
    for lang in ("en", "ja"):
        console = Console(file=StringIO(), width=100, color_system=None, theme=terminal.THEME,
                          highlight=False)
        console.print(terminal.solution(ex, lang))
        golden(f"formulas/{name}.{lang}.txt", console.file.getvalue())
    golden(f"formulas/{name}.md", markdown.solution(ex, "en"))
    golden(f"formulas/{name}.json", jsonout.dumps(jsonout.solution(ex)) + "\n")


# One learner per formula mistake, written by hand as a learner holding it would write it.
LEARNERS = {
    "h_prime_missing": (HIDDEN, "dL_db", "Σ_k δ_k^{l+1} w_{jk}^{l+1}"),
    "h_prime_wrong_argument": (HIDDEN, "dL_db", "sum_k delta_k^{l+1} w_{jk}^{l+1} h'(x_j^l)"),
    "weight_indices_swapped": (HIDDEN, "dL_db", "h'(a_j^l) * sum_k w_{kj}^{l+1} delta_k^{l+1}"),
    "sum_wrong_index": (HIDDEN, "dL_db", "sum_k delta_j^{l+1} w_{jk}^{l+1} h'(a_j^l)"),
    "transpose_missing": (MATRIX, "dL_dW", "X^{K-1} @ Delta^K"),
    "sign_flipped": (OUT, "dL_db", "t_j - x_j"),
    "half_dropped": (f"{FORMULAS}/formula_001_identity_output.yaml", "dE_dw",
                     "2 (y_j - d_j) z_i^{L-1}"),
    "softmax_diagonal_jacobian": (OUT, "dL_db",
                                  "(-t_j/x_j^K + sum_i t_i/x_i^K - t_j/x_j^K) x_j^K (1 - x_j^K)"),
    "disallowed_symbol": (OUT, "dL_db", "delta_j^K"),
}


def test_every_formula_mistake_has_a_learner_who_makes_it():
    """Each code of the catalogue is named for the learner who holds that misconception."""
    from handcalc.derivation.mistakes import CATALOGUE

    assert {m.code for m in CATALOGUE} == set(LEARNERS)
    for code, (path, key, formula) in LEARNERS.items():
        assert grade(path, {key: formula})[key] == f"mistake:{code}", code


def test_ten_kilobytes_of_formula_is_one_line_in_the_report(tmp_path):
    """A 10 kB formula on a sheet is unreadable with one line; the other answers graded."""
    import shutil

    from .conftest import invoke

    shutil.copy(HIDDEN, tmp_path / "p.yaml")
    (tmp_path / "a.yaml").write_text("handcalc: 1\nproblem: p.yaml\nanswers:\n"
                                     f"  dL_db: \"{'x_1^1 + ' * 1250}1\"\n"
                                     "  dL_dw: delta_j^l x_i^{l-1}\n")
    r = invoke("check", str(tmp_path / "a.yaml"), "--json")
    items = json.loads(r.output)["sheets"][0]["items"]
    assert items[0]["verdict"] == "unreadable" and "at most 1000" in items[0]["reason"]
    assert items[1]["verdict"] == "right"


class TestMalformedProblems:
    """A formula problem's mistakes are one line with the file, the place and the fix."""

    BASE = ("handcalc: 1\nkind: formula\nnetwork: {notation: ax, sizes: [2, 2], "
            "activations: [sigmoid], loss: squared_error}\nquestions:\n"
            "  - key: d\n    symbol: \"∂L/∂b_j^K\"\n    of: {quantity: db, indices: [j]}\n"
            "    answer: \"(x_j^K - t_j) h'(a_j^K)\"\n")

    def load_text(self, text: str):
        from handcalc.exercise import from_node
        from handcalc.yamlsafe import parse

        return from_node(parse(text, "p.yaml"), "p.yaml")

    def test_the_base_loads(self):
        assert self.load_text(self.BASE).problem.questions[0].key == "d"

    @pytest.mark.parametrize("change,words", [
        (("answer: \"(x_j^K", "answr: \"(x_j^K"), "did you mean 'answer'"),
        (("(x_j^K - t_j) h'(a_j^K)", "(x_j^K - t_j) h'(a_j^K"), "p.yaml:8:13: answer: column 23"),
        (("(x_j^K - t_j) h'(a_j^K)", "(x_j^K - t_j)"), "gives"),
        # Reader.choice's wording since issue 13 (one loader): was "of.quantity should be one of"
        (("quantity: db", "quantity: dbb"),
         "p.yaml:7:20: of.quantity: 'dbb' is not a quantity; did you mean 'db'? (delta, db, dW, "),
        (("quantity: db, ", ""), "of: missing 'quantity', one of delta, db, dW"),
        (("sigmoid", "sigmod"),
         "network.activations: 'sigmod' is not an activation; did you mean 'sigmoid'?"),
        (("sigmoid", "sigmoid, relu"), "network.activations: one per layer after the input (1)"),
        (("notation: ax", "notation: AX"),
         "p.yaml:3:21: network.notation: 'AX' is not a notation; did you mean 'ax'?"),
        (("notation: ax", "notation: qq"),
         "network.notation: 'qq' is not a notation; write one of: ax, "),
        (("squared_error", "squared_eror"),
         "network.loss: 'squared_eror' is not a loss; did you mean 'squared_error'?"),
        (("kind: formula", "kind: formulas"), "did you mean 'formula'"),
    ])
    def test_one_line(self, change, words):
        from handcalc.yamlsafe import InputError

        with pytest.raises(InputError) as e:
            self.load_text(self.BASE.replace(*change))
        assert words in str(e.value) and "\n" not in str(e.value)


def test_a_formula_typed_again_gets_the_same_verdict():
    """The marker judges each distinct formula once; the second sheet gets the same
    verdict and explanation as the first."""
    ex = load(OUT)
    marker = FormulaMarker(ex)
    sheet = from_text("handcalc: 1\nproblem: formula_004_output_bias.yaml\nanswers:\n"
                      "  dL_db: x_j^K\n", f"{FORMULAS}/s.yaml")
    first, second = (marker.grade(sheet.answers).items[0] for _ in range(2))
    assert (first.verdict, first.details) == (second.verdict, second.details) == \
        ("wrong", first.details) and first.details


def _torch_grads(torch, fam, values) -> dict:
    """Gradients of the mean loss by autograd: {'z': {layer: ∂L/∂z}, 'b': …, 'W': …}."""
    f64 = torch.float64
    x = torch.tensor([[float(v) for v in row] for row in values["a0"]], dtype=f64)
    t = torch.tensor([[float(v) for v in row] for row in values["t"]], dtype=f64)
    out: dict = {"z": {}, "b": {}, "W": {}}
    params, zs = {}, {}
    a = x
    for e, act in enumerate(fam.activations, 1):
        W = torch.tensor([[float(v) for v in r] for r in values[f"W{e}"]], dtype=f64,
                         requires_grad=True)
        b = torch.tensor([float(v) for v in values[f"b{e}"]], dtype=f64, requires_grad=True)
        params[e] = (W, b)
        z = a @ W + b if fam.table["layout"] == "row" else a @ W.T + b
        z.retain_grad()
        zs[e] = z
        a = {"identity": lambda v: v, "relu": torch.relu, "sigmoid": torch.sigmoid,
             "tanh": torch.tanh, "softmax": lambda v: torch.softmax(v, dim=1)}[act](z)
    if fam.loss == "squared_error":
        per = 0.5 * ((a - t) ** 2).sum(dim=1)
    elif fam.loss == "cross_entropy":
        per = -(t * torch.log(a)).sum(dim=1)
    else:
        per = -(t * torch.log(a) + (1 - t) * torch.log(1 - a)).sum(dim=1)
    per.mean().backward()
    for e, (W, b) in params.items():
        out["W"][e], out["b"][e] = W.grad.tolist(), b.grad.tolist()
        out["z"][e] = zs[e].grad.tolist()
    return out


def test_the_chain_rule_in_one_and_two_variables():
    """Seed 004's chain rule: both paths added is right, one path alone is not."""
    path = f"{FORMULAS}/formula_004_partial.yaml"
    got = grade(path, {"dz_dx": "a", "dw_dx": "2s²(1 - s)", "dq_dx": "y v + u"})
    assert set(got.values()) == {"right"}
    got = grade(path, {"dz_dx": "a + b", "dw_dx": "s(1 - s)", "dq_dx": "v y"})
    assert set(got.values()) == {"wrong"}


@pytest.mark.parametrize("answer", ["X^{K-1}.T @ Delta^K", "X^{(K-1)T} Delta^K",
                                    "(X^{K-1})^T @ Δ^K", "X^{K-1}^T @ Delta^K",
                                    "X^{K-1}ᵀ Δ^K"])
def test_the_transpose_as_people_write_it(answer):
    """.T, ᵀ, ^T after the layer or around it, and seed 004's X^{(l−1)T}: all the transpose."""
    assert grade(MATRIX, {"dL_dW": answer})["dL_dW"] == "right"


@pytest.mark.parametrize("answer", ["Δ^{l+1} W^{(l+1)T} ⊙ h'(A^l)",
                                    "(Delta^{l+1} @ W^{l+1}.T) * h'(A^l)"])
def test_seed_004_matrix_recursion_in_its_notation_and_numpy_s(answer):
    """Side by side is the matrix product and ⊙ elementwise (the seed); @ and * (numpy)."""
    assert grade(MATRIX, {"Delta_l": answer})["Delta_l"] == "right"


def test_elementwise_where_the_matrix_product_is_meant_is_not_right():
    assert grade(MATRIX, {"dL_dW": "X^{K-1}.T * Delta^K"})["dL_dW"] != "right"


def _random_tree(rng, depth: int):
    from fractions import Fraction

    from handcalc.formula import Add, Const, Div, Mul, Neg, Pow, Sub, Sym

    if depth == 0 or rng.random() < 0.3:
        number = Const(Fraction(rng.randint(1, 9), rng.choice([1, 2, 4])))
        return rng.choice([Sym("s"), Sym("t"), number])
    kind = rng.choice(["add", "sub", "mul", "div", "neg", "pow"])
    a, b = _random_tree(rng, depth - 1), _random_tree(rng, depth - 1)
    return {"add": lambda: Add((a, b)), "sub": lambda: Sub(a, b), "mul": lambda: Mul((a, b)),
            "div": lambda: Div(a, Add((b, Pow(b, 2), Const(Fraction(1))))),
            "neg": lambda: Neg(a), "pow": lambda: Pow(a, rng.randint(0, 3))}[kind]()


def test_what_is_rendered_reads_back_as_the_same_formula():
    """500 random formulas, written out (text and the way a report shows them), read back
    by the parser and evaluated: the same numbers (the renderer and the parser agree)."""
    import random

    from handcalc.expr import Env, evaluate
    from handcalc.formula import Style, render

    rng = random.Random(7)
    vocab = Vocabulary(symbols=frozenset({"s", "t"}))
    values = {"s": 0.7, "t": -1.3}
    env = lambda: Env(lambda n, i, l: values[n], lambda *a: 0)  # noqa: E731
    for _ in range(500):
        tree = _random_tree(rng, 4)
        text = render(tree, Style(symbol=None))
        try:
            want = evaluate(tree, env())
        except ExprError:
            continue
        assert close(evaluate(parse(text, vocab), env()), want, 1e-9), text


def test_random_text_never_crashes_the_parser():
    """Random strings of formula characters: a tree or an ExprError, nothing else."""
    import random

    rng = random.Random(11)
    alphabet = "st_^{}()[]+-*/·×⊙@.T'′∑Σδσ0123456789 ,=<>∂ᵀ²hx"
    vocab = Vocabulary(symbols=frozenset({"s", "t"}), layered=frozenset({"x", "delta"}))
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        try:
            parse(text, vocab)
        except ExprError as e:
            assert "\n" not in str(e)


def test_nested_sums_are_stopped_not_run(tmp_path):
    """Sums nested twelve deep would take 3¹² evaluations at every point: the sheet is
    graded at once, the formula one line."""
    import time

    nested = "".join(f"sum_{c} " for c in "abcdefgmnopq") + \
        "x_a^l x_b^l x_c^l x_d^l x_e^l x_f^l x_g^l x_m^l x_n^l x_o^l x_p^l x_q^l"
    start = time.perf_counter()
    ex = load(HIDDEN)
    sheet = from_text(f"handcalc: 1\nproblem: formula_004_hidden_bias.yaml\nanswers:\n"
                      f"  dL_db: {json.dumps(nested)}\n", f"{FORMULAS}/s.yaml")
    item = FormulaMarker(ex).grade(sheet.answers).items[0]
    assert time.perf_counter() - start < 8
    assert item.verdict == "wrong" and "\n" not in item.details[0]["en"]
    assert "too long" in item.details[0]["en"]


@pytest.mark.parametrize("change,words", [
    (("size: 3", "size: 1000000000"), "expression.size should be a whole number from 1 to 6"),
    (("size: 3", "size: abc"), "expression.size should be"),
    (('define: {y_i: "exp(z_i) / sum_m exp(z_m)"}',
      'define: {y_i: "' + "sum_a " * 12 + 'z_a"}'), "cannot be evaluated"),
    (("z: [-2, 2]", "z: [2, -2]"), "should be a range"),
])
def test_a_hostile_expression_family_is_one_line(change, words, tmp_path):
    """An inlined or teacher's expression family that is huge, slow or odd: one line, exit 2."""
    from .conftest import invoke

    text = Path(f"{FORMULAS}/formula_003_softmax.yaml").read_text()
    assert change[0] in text
    (tmp_path / "p.yaml").write_text(text.replace(*change))
    r = invoke("solve", str(tmp_path / "p.yaml"))
    assert r.exit_code == 2 and words in stderr_of(r)
    assert len(stderr_of(r).strip().splitlines()) == 1


def _question_tests():
    for path in FILES:
        for q in load(path).problem.questions:
            for answer, verdict in q.tests:
                yield pytest.param(path, q.key, answer, verdict, id=f"{path[19:-5]}-{q.key}")


@pytest.mark.parametrize("path,key,answer,verdict", list(_question_tests()))
def test_question_tests(path, key, answer, verdict):
    """Each bundled question's own tests (kept with the question, as STACK keeps them)."""
    assert grade(path, {key: answer})[key] == verdict


def test_every_bundled_question_has_tests_of_its_right_answer():
    for path in FILES:
        for q in load(path).problem.questions:
            assert any(v == "right" for _, v in q.tests), (path, q.key)
