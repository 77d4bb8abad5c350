"""Issue 10, extreme values: the loss and its gradients right at any logits the loader accepts
(softmax + cross-entropy by log-sum-exp, sigmoid + binary cross-entropy by softplus), problems
whose values leave the float range refused at load, and strict JSON (RFC 8259) always.

Oracles: PyTorch float64 (``F.cross_entropy``, ``F.binary_cross_entropy_with_logits``, both
computed stably by torch itself) and mpmath at 400 digits for ∂L/∂y = 1/(1 − σ(z))."""

from __future__ import annotations

import json

import pytest

from handcalc.files import load
from handcalc.yamlsafe import InputError

from .conftest import EXERCISES, invoke, stderr_of

torch = pytest.importorskip("torch")
mpmath = pytest.importorskip("mpmath")
F = torch.nn.functional


def _problem(tmp_path, act: str, loss: str, W: list, target: list, name="p.yaml"):
    b = [0] * len(W)
    path = tmp_path / name
    path.write_text(f"handcalc: 1\ninput: [1]\ntarget: {target}\nlayers:\n"
                    f"  - {{activation: {act}, W: {W}, b: {b}}}\nloss: {loss}\n"
                    "learning_rate: 1/10\n", encoding="utf-8")
    return str(path)


def _refuse(name):
    raise ValueError(f"not strict JSON: {name}")


class TestSoftmaxCrossEntropy:
    def test_logits_plus_minus_1000_against_torch(self, tmp_path):
        """Logits ±1000, the target on the large one: loss, δ, dW, db and the loss after the
        update agree with torch's F.cross_entropy (float64)."""
        ex = load(_problem(tmp_path, "softmax", "cross_entropy", [[1000], [-1000]], [1, 0]))
        v = ex.values()
        z = torch.tensor([[1000.0, -1000.0]], dtype=torch.float64, requires_grad=True)
        L = F.cross_entropy(z, torch.tensor([0]))
        L.backward()
        assert v["loss"] == pytest.approx(L.item(), abs=1e-12)
        assert v["delta1"][0] == pytest.approx(z.grad[0].tolist(), abs=1e-12)
        assert v["dW1"] == [[pytest.approx(g, abs=1e-12)] for g in z.grad[0].tolist()]

    def test_large_but_finite_logits_against_torch(self, tmp_path):
        """Logits 700, 699.5, −700, target on the middle one (y ≈ 0.3775): the loss and
        ∂L/∂y = −t/y as torch computes them."""
        ex = load(_problem(tmp_path, "softmax", "cross_entropy", [[700], ["699.5"], [-700]],
                           [0, 1, 0]))
        v = ex.values()
        z = torch.tensor([[700.0, 699.5, -700.0]], dtype=torch.float64, requires_grad=True)
        L = F.cross_entropy(z, torch.tensor([1]))
        L.backward()
        y = torch.softmax(z.detach(), dim=1)
        assert v["loss"] == pytest.approx(L.item(), rel=1e-12)
        assert v["dL_da1"][0][1] == pytest.approx(-1 / y[0, 1].item(), rel=1e-12)
        assert v["delta1"][0] == pytest.approx(z.grad[0].tolist(), abs=1e-12)

    def test_target_on_the_small_logit_is_refused(self, tmp_path):
        """The target on −1000: ∂L/∂y = −1/y = −e²⁰⁰⁰ is beyond any float, so the problem is
        refused with one line (file, place, fix) — never L = 690.7755 or ∂L/∂y ≈ −1e300."""
        path = _problem(tmp_path, "softmax", "cross_entropy", [[1000], [-1000]], [0, 1])
        for args in (("solve", path), ("solve", path, "--json"), ("template", path)):
            result = invoke(*args)
            assert result.exit_code == 2
            err = stderr_of(result)
            assert err.startswith(f"handcalc: {path}:5:") and "dL_da1" in err
            assert "690.7755" not in result.output


class TestSigmoidBinaryCrossEntropy:
    def test_z_1000_target_1_against_torch(self, tmp_path):
        """σ at z = 1000, t = 1: loss, δ and dW as torch's BCE-with-logits."""
        ex = load(_problem(tmp_path, "sigmoid", "binary_cross_entropy", [[1000]], [1]))
        v = ex.values()
        z = torch.tensor([1000.0], dtype=torch.float64, requires_grad=True)
        L = F.binary_cross_entropy_with_logits(z, torch.tensor([1.0], dtype=torch.float64))
        L.backward()
        assert v["loss"] == pytest.approx(L.item(), abs=1e-12)
        assert v["delta1"][0][0] == pytest.approx(z.grad[0].item(), abs=1e-12)

    def test_z_1000_target_0_is_refused(self, tmp_path):
        """t = 0 at z = 1000: ∂L/∂y = 1/(1 − σ(z)) = 1 + e¹⁰⁰⁰ overflows, so refused; no
        δ = 0 can be marked right, no L = 690.7755."""
        path = _problem(tmp_path, "sigmoid", "binary_cross_entropy", [[1000]], [0])
        with pytest.raises(InputError) as info:
            load(path)
        assert "dL_da1" in str(info.value) and "overflows" in str(info.value)

    @pytest.mark.parametrize("z", [30, 35, 36, 500])
    def test_moderate_z_target_0_is_exact(self, tmp_path, z):
        """t = 0 at z = 30 … 500: 1 − σ(z) has cancelled away in floats, but the loss
        (softplus) and ∂L/∂y = 1 + eᶻ are right to 12 digits (mpmath at 400 digits, torch)."""
        ex = load(_problem(tmp_path, "sigmoid", "binary_cross_entropy", [[z]], [0]))
        v = ex.values()
        mpmath.mp.dps = 400  # 1 − σ(500) ≈ 7e-218 must not cancel away
        sig = 1 / (1 + mpmath.exp(-z))
        assert v["loss"] == pytest.approx(float(-mpmath.log(1 - sig)), rel=1e-12)
        assert v["dL_da1"][0][0] == pytest.approx(float(1 / (1 - sig)), rel=1e-12)
        zt = torch.tensor([float(z)], dtype=torch.float64, requires_grad=True)
        L = F.binary_cross_entropy_with_logits(zt, torch.tensor([0.0], dtype=torch.float64))
        L.backward()
        assert v["loss"] == pytest.approx(L.item(), rel=1e-12)
        assert v["delta1"][0][0] == pytest.approx(zt.grad[0].item(), rel=1e-12)

    def test_learner_who_writes_y_0_gets_no_made_up_follow_through(self, tmp_path):
        """A sheet writing y = 0 with t = 1: log 0 has no value, so the loss is not 'carried'
        at 690.7755 (the old floor)."""
        path = _problem(tmp_path, "sigmoid", "binary_cross_entropy", [["1/2"]], [1])
        sheet = tmp_path / "s.yaml"
        sheet.write_text("handcalc: 1\nproblem: p.yaml\nanswers:\n  a1: [0]\n"
                         "  loss: 690.7755\n", encoding="utf-8")
        data = json.loads(invoke("check", str(sheet), "--json").stdout)
        items = {i["id"]: i for i in data["sheets"][0]["items"]}
        assert items["loss"]["verdict"] not in ("right", "carried")
        assert path


class TestStrictJson:
    @pytest.mark.parametrize("name", sorted(p.name for p in EXERCISES.glob("*.yaml")))
    def test_solve_json_is_strict(self, name):
        """solve --json of every bundled exercise parses with NaN/Infinity refused."""
        result = invoke("solve", str(EXERCISES / name), "--json")
        assert result.exit_code == 0
        json.loads(result.stdout, parse_constant=_refuse)

    def test_check_json_is_strict_with_absurd_answers(self, tmp_path):
        """A sheet of huge answers (follow-through overflows to ±inf inside): still strict JSON,
        and no 'inf' word anywhere in the report."""
        import shutil

        shutil.copy(EXERCISES / "exercise3.yaml", tmp_path / "exercise3.yaml")
        sheet = tmp_path / "s.yaml"
        sheet.write_text("handcalc: 1\nproblem: exercise3.yaml\nanswers:\n"
                         "  a1: [1e300, -1e300, 1e300]\n  x1: [1e300, 0, 1e300]\n"
                         "  a2: [1e300, -1e300]\n  x2: [1, 0]\n  loss: 1e300\n",
                         encoding="utf-8")
        result = invoke("check", str(sheet), "--json")
        assert result.exit_code == 1
        json.loads(result.stdout, parse_constant=_refuse)
        text = invoke("check", str(sheet), "--lang", "en").output
        assert "inf" not in text.replace("info", "")
