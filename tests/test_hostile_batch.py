"""Issue 10, build 9: hypothesis-generated hostile sheets and problems in one batch with good
sheets — nothing raises, each hostile sheet gets one line or its grades, the batch stays quick,
and every good sheet is graded exactly as when it is alone."""

from __future__ import annotations

import json
import shutil
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handcalc.check import check_files
from handcalc.render.jsonout import dumps
from handcalc.render.report_class import report_csv, report_json

from .conftest import EXERCISES, ROOT

GOOD = {  # name → (problem file, sheet text): all right, and partly wrong with carried steps
    "good_aiko.yaml": ("exercise3.yaml", (ROOT / "tests/sheets/class/aiko.yaml")),
    "good_dana.yaml": ("exercise3.yaml", (ROOT / "tests/sheets/class/dana.yaml")),
    "good_learner.yaml": ("exercise3.yaml", (ROOT / "tests/sheets/exercise3_learner.yaml")),
}
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

NUMBER = st.one_of(
    st.integers(-10**7, 10**7).map(str),
    st.sampled_from(["1e6", "-1e6", "1000000", "1/3", "0.5", "0", "1e-9", "999999.999999",
                     "1e300", "nan", "inf", "1e999", "exp(800)"]),
)
VALUE = st.one_of(st.integers(-10**6, 10**6).map(str), st.integers(-30, 30).map(str),
                  st.sampled_from(["1000000", "-1000000", "1/3", "0.5", "0", "0.000001"]),
                  NUMBER)  # mostly what the loaders accept, so the hostile part is reached
OPS1 = ["exp", "log", "inv", "square", "neg", "sigmoid", "tanh", "relu"]
OPS2 = ["add", "sub", "mul", "div", "max"]


@st.composite
def graph_problem(draw) -> str:
    """A graph problem, often hostile: powers chained, exp of big numbers, 1/x of tiny ones."""
    inputs = {f"x{i}": draw(VALUE) for i in range(draw(st.integers(1, 3)))}
    names = list(inputs)
    nodes = []
    for i in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["pow", "op1", "op2"]))
        a = draw(st.sampled_from(names))
        if kind == "pow":
            text = f"pow({a}, {draw(st.integers(-10, 10))})"
        elif kind == "op1":
            text = f"{draw(st.sampled_from(OPS1))}({a})"
        else:
            b = draw(st.one_of(st.sampled_from(names), st.integers(-400, 400).map(str)))
            text = f"{draw(st.sampled_from(OPS2))}({a}, {b})"
        nodes.append(f"    n{i}: {text}")
        names.append(f"n{i}")
    inputs_text = ", ".join(f"{k}: {v}" for k, v in inputs.items())
    return (f"\n  handcalc: 1\n  kind: graph\n  inputs: {{{inputs_text}}}\n  nodes:\n"
            + "\n".join(nodes) + f"\n  output: {names[-1]}")


@st.composite
def network_problem(draw) -> str:
    """A network problem, often hostile: huge weights and learning rates, saturated outputs."""
    acts = ["identity", "relu", "sigmoid", "tanh"]
    n_layers = draw(st.integers(1, 5))
    layers = []
    for l in range(n_layers):
        last = l == n_layers - 1
        act = draw(st.sampled_from(acts + (["softmax"] if last else [])))
        units = 2 if last and act == "softmax" else 1
        W = [[draw(VALUE)] for _ in range(units)]
        layers.append(f"    - {{activation: {act}, W: {W}, b: {[0] * units}}}".replace("'", ""))
    out_units = 2 if "softmax" in layers[-1] else 1
    fits = {"softmax": "cross_entropy", "sigmoid": "binary_cross_entropy"}.get(act,
                                                                              "squared_error")
    loss = draw(st.sampled_from([fits, fits, "squared_error"]))
    target = [1, 0] if out_units == 2 else [draw(st.sampled_from([0, 1]))]
    rate = draw(st.one_of(st.integers(1, 10**6).map(str), st.sampled_from(["1/10", "0.5"])))
    return (f"\n  handcalc: 1\n  input: [{draw(VALUE)}]\n  target: {target}\n  layers:\n"
            + "\n".join(layers) + f"\n  loss: {loss}\n  learning_rate: {rate}")


REFS = st.sampled_from(['"exercise3.yaml\\0"', "/etc/passwd", "/dev/stdin", "/dev/zero",
                        "../exercise3.yaml", ".env", "fifo.yaml", "missing.yaml", "'a\\nb'",
                        "exercise3.yaml", "x" * 300, "[1, 2]", "~"])
ANSWER = st.one_of(NUMBER, st.text(max_size=30).map(json.dumps),
                   st.sampled_from(['"=HYPERLINK(1)"', '"2^64^64"', '"((((((1))))))"',
                                    '"exp(exp(exp(9)))"', "[[1, 2], [3]]", "{a: 1}"]))
NAME = st.one_of(st.text(max_size=40).map(json.dumps),
                 st.sampled_from(['"=cmd|calc"', '"Eve\\nok.yaml  Bob  60/60"', "[1]"]))


@st.composite
def hostile_sheet(draw) -> str:
    """A sheet text a student could hand in to break the batch."""
    kind = draw(st.sampled_from(["graph", "network", "ref", "bytes", "yaml"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200)).decode("utf-8", "replace")
    if kind == "yaml":
        return draw(st.sampled_from(["[", "{a: [", "a: &x 1\nb: *x", "!!python/object:os.system",
                                     "- - - - - - - - - - - - - - - - - - - - 1", ""]))
    problem = {"graph": graph_problem, "network": network_problem}.get(kind)
    ref = draw(problem()) if problem else draw(REFS)
    keys = draw(st.lists(st.sampled_from(["z1", "a1", "x1", "loss", "n0", "d_n0", "dW1"]),
                         max_size=4, unique=True))
    answers = "".join(f"  {k}: {draw(ANSWER)}\n" for k in keys) or "  {}\n"
    return (f"handcalc: 1\nname: {draw(NAME)}\nproblem: {ref}\nanswers:\n{answers}")


def _folder(tmp_path):
    import os

    shutil.copy(EXERCISES / "exercise3.yaml", tmp_path / "exercise3.yaml")
    (tmp_path / ".env").write_text("API_KEY=sk-live-0123456789\n", encoding="utf-8")
    if not (tmp_path / "fifo.yaml").exists():
        os.mkfifo(tmp_path / "fifo.yaml")
    goods = []
    for name, (problem, source) in GOOD.items():
        text = source.read_text(encoding="utf-8").replace(
            "../../../exercises/exercise3.yaml", problem).replace(
            "../../exercises/exercise3.yaml", problem)
        (tmp_path / name).write_text(text, encoding="utf-8")
        goods.append(str(tmp_path / name))
    return goods


def _json_of(results) -> list:
    return json.loads(dumps(report_json(results, "en")))["sheets"]


@SETTINGS
@given(st.lists(hostile_sheet(), min_size=1, max_size=6), st.randoms())
def test_hostile_batch_leaves_good_sheets_untouched(tmp_path, texts, rnd):
    """Hostile sheets shuffled among good ones: no exception, a quick batch, one line per
    unusable sheet, strict JSON, a CSV row per sheet, and each good sheet's JSON object is
    exactly the one it has when graded alone."""
    goods = _folder(tmp_path)
    alone = {g: _json_of(check_files([g]))[0] for g in goods}
    hostile = []
    for i, text in enumerate(texts):
        path = tmp_path / f"hostile_{i}.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        hostile.append(str(path))
    batch = goods + hostile
    rnd.shuffle(batch)
    start = time.perf_counter()
    results = check_files(batch)
    assert time.perf_counter() - start < 10
    for r in results:
        assert r.error is None or "\n" not in r.error
        assert r.error is None or "internal error" not in r.error, r.error  # no bug met
        assert r.error is not None or r.graded is not None
    sheets = _json_of(results)
    for sheet in sheets:
        if sheet["file"] in alone:
            assert sheet == alone[sheet["file"]]
        assert "sk-live" not in json.dumps(sheet) and "root:x" not in json.dumps(sheet)
    assert len(report_csv(results).splitlines()) >= 1 + len(batch)
    assert not any(line.startswith(("=", "+", "-", "@"))
                   for line in report_csv(results).splitlines())
