"""The network kind's answers to the shared code (kinds.Kind): its exercise, shapes and
their repairs, mistakes, sheets, worksheet sections and generator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..kinds import Given, Kind, LevelReport, RuleReport
from .exercise import network_exercise
from .notation import NOTATIONS

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..engine import Step
    from ..exercise import Exercise
    from ..mistakes import Catalogue
    from ..yamlsafe import Node

PER_SAMPLE = ("z", "a", "dL_da", "delta")  # Step.what of [sample][unit] quantities


def _shown_layer(exercise: Exercise, step: Step) -> int | None:
    """The layer number a learner reads (uz numbers the input layer 1: one more)."""
    if step.layer is None:
        return None
    from .notation import PRESETS

    return step.layer + PRESETS[exercise.problem.notation].layer_offset


class NetworkKind(Kind):
    """A small neural network and one training step (the default kind)."""

    name = "network"
    new_options = ("level", "seed", "count", "arch", "hidden", "output", "loss", "batch",
                   "reduction", "notation", "layout", "preset")
    new_stats = True
    intro = "new.intro"
    picture = "network.svg"
    picture_width = "62%"
    notations = NOTATIONS

    def load(self, root: Node | None, file: str | None, notation: str | None) -> Exercise:
        """The exercise of a network problem, every value computed once and found finite."""
        from ..exercise import checked
        from .problem import from_node

        ex = network_exercise(from_node(root, file), notation)
        layers = root.entries["layers"][1] if root is not None and "layers" in root.entries \
            else None

        def layer_place(step: Step) -> tuple[int | None, int | None]:
            if layers is None:
                return None, None
            if step.layer and layers.kind == "seq" and step.layer <= len(layers.items):
                item = layers.items[step.layer - 1]
                return item.line, item.col
            return layers.line, layers.col
        return checked(ex, file, layer_place, "keep the inputs, weights and learning rate small "
                                              "enough for every value to stay below about 1e300")

    def notation_of(self, exercise: Exercise) -> str:
        """za, ax or uz, as the problem (or solve --notation) says."""
        return str(exercise.problem.notation)

    def key_aliases(self, exercise: Exercise, table: dict[str, str]) -> dict[str, str]:
        """'δ2' is accepted for 'delta2' (any key starting with delta)."""
        return {"δ" + key[len("delta"):]: sid for key, sid in table.items()
                if key.startswith("delta")}

    def digest_parts(self, exercise: Exercise) -> list[Any]:
        """Layout, samples, targets, layers, loss and every training setting."""
        p = exercise.problem
        return [p.layout, p.inputs, p.targets,
                [(layer.activation, layer.W, layer.b) for layer in p.layers], p.loss,
                p.reduction, p.learning_rate, tuple(p.update), p.decimals, p.relu_grad_at_zero]

    def per_sample(self, exercise: Exercise, step: Step) -> bool:
        """z, a, ∂L/∂a and δ have one row per sample."""
        return step.what in PER_SAMPLE

    def single_sample(self, exercise: Exercise) -> bool:
        """One sample: per-sample values are written as a plain list."""
        return bool(exercise.problem.batch == 1)

    def expectation(self, exercise: Exercise, step: Step, key: str,
                    shape: tuple[int, ...]) -> str | None:
        """'dW2 should be 2×3 like W2 (column layout)', one row per sample, one per unit."""
        from ..answers import _dims

        p = exercise.problem
        dims = _dims(shape)
        if step.what in ("dW", "W_new"):
            w = key[1:] if key.startswith("dW") else key
            w = w.replace("_new", "")
            return f"{key} should be {dims} like {w} ({p.layout} layout)"
        if exercise.per_sample(step):
            shown = _shown_layer(exercise, step)
            unit = f"one per unit of layer {shown}" if shown is not None else "one per unit"
            if len(shape) == 2:
                return f"{key} should be {dims} (one row per sample, {unit})"
            return f"{key} should be {dims} ({unit})"
        if step.what in ("db", "b_new"):
            return f"{key} should be {dims} (one per unit, like b)"
        return None

    def repair(self, exercise: Exercise, step: Step, form: str, data: Any,
               want: tuple[int, ...]) -> Any:
        """∂L/∂b written per sample (one row each): read back as the rows' sum."""
        from ..answers import _column_sum

        batch = exercise.problem.batch
        if step.what == "db" and form == "matrix" and len(want) == 1 and batch > 1 \
                and (len(data), len(data[0])) == (batch, want[0]):
            return (lambda rows: [_column_sum(col) for col in zip(*rows)], "bias_not_summed",
                    ", one row per sample — add the rows up over the mini-batch (read as their "
                    "sum and marked 'bias_not_summed')")
        return None

    def shape_words(self, exercise: Exercise, step: Step, lang: str, dims: str) -> str | None:
        """'2×3 like W2', '2×3, one row per sample'."""
        from ..i18n import tr

        if step.what in ("dW", "W_new"):
            key = exercise.key_of(step.id)
            w = key[1:] if key.startswith("dW") else key.replace("_new", "")
            w = w.replace("_new", "")
            return tr("shape.like", lang, shape=dims, w=w)
        if exercise.per_sample(step):
            return tr("shape.samples", lang, shape=dims)
        return None

    def meaning(self, exercise: Exercise, step: Step, lang: str, symbol: str) -> str | None:
        """'pre-activations of layer 1 (z⁽¹⁾)'."""
        from ..i18n import tr

        key = "meaning.loss_new" if step.id == "loss_new" else f"meaning.{step.what}"
        try:
            words = tr(key, lang, l=_shown_layer(exercise, step))
        except KeyError:
            return symbol
        return f"{words} ({symbol})"

    def catalogue(self, exercise: Exercise) -> Catalogue:
        """The network mistakes (network/mistakes.py: NETWORK)."""
        from .mistakes import NETWORK

        return NETWORK

    def letters(self, exercise: Exercise) -> dict[str, str]:
        """The notation's letters for {z} {a} {t} {L}."""
        from .notation import PRESETS

        p = PRESETS[exercise.problem.notation]
        return {"z": p.pre, "a": p.act, "t": p.target, "L": p.loss}

    def loss_formula(self, exercise: Exercise) -> tuple[str, str]:
        """The loss written out in the problem's notation (text, LaTeX)."""
        from .notation import loss_formula

        text, tex = loss_formula(exercise.problem, exercise.symbols)[:2]
        return text, tex

    def given(self, exercise: Exercise, lang: str) -> Given:
        """x, the target, each layer's W and b, η, and the formulas of z, a and the loss."""
        from .given import given

        return given(exercise, lang)

    def value_table(self, exercise: Exercise) -> list[Any]:
        """σ, tanh, exp and log values the learner needs (valuetable.table)."""
        from .valuetable import table

        return list(table(exercise))

    def saved_table(self, exercise: Exercise) -> list[tuple[str, Any, Any]] | None:
        """The problem file's ``table:`` (``handcalc new`` writes it), or None."""
        table: list[tuple[str, Any, Any]] | None = exercise.problem.table
        return table

    def closing(self, exercise: Exercise, lang: str, decimals: int) -> str | None:
        """'The loss fell by 0.0123.' (or rose)."""
        if "improvement" not in exercise.graph.by_id:
            return None
        from ..i18n import tr
        from ..numbers import show

        gain = exercise.values()["improvement"]
        key = "improvement.fell" if gain > 0 else "improvement.rose"
        return tr(key, lang, v=show(abs(gain), decimals))

    def generate(self, seed: int, count: int, level: str | None, lang: str,
                 options: dict[str, Any]) -> list[tuple[int, str]]:
        """Friendly networks from the generator, each with its value table saved in it (so
        solve, check and a reprinted worksheet use the one the learner was given)."""
        from ..numbers import round_half_away
        from . import generator, problem_yaml
        from .spec import resolve
        from .valuetable import table

        spec = resolve(level=level, lang=lang, **options)
        out = []
        for g in generator.generate_many(spec, seed, count):
            d = g.problem.decimals
            entries = table(network_exercise(g.problem))
            g.problem.table = [(e.fn, e.arg, round_half_away(e.value, d)) for e in entries] \
                or None
            out.append((g.seed, problem_yaml.dump(g.problem, [spec.command(g.seed)])))
        return out

    def stats(self, level: str | None, count: int, options: dict[str, Any], lang: str,
              clock: Callable[[], float]) -> list[LevelReport]:
        """Every level (or the one asked) over seeds 0…count−1: draws, time, and each
        friendliness rule measured again on the exact values (generator.stats)."""
        from . import generator
        from .friendly import BY_NAME
        from .spec import resolve

        reports = []
        for name in (level,) if level else generator.LEVELS_FOR_STATS:
            r = generator.stats(name, count, spec=resolve(level=name, lang=lang, **options),
                                clock=clock)
            rules = tuple(RuleReport(rule, met, r.rejected.get(rule, 0), BY_NAME[rule].text)
                          for rule, met in r.rules.items())
            reports.append(LevelReport(r.level, r.problems, r.draws, r.seconds,
                                       r.verify_seconds, rules))
        return reports


KIND = NetworkKind()
