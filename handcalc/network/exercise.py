"""The Exercise of a network problem: its steps, symbols, keys, summary, notes and drawing."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..exercise import Exercise
    from .problem import Problem


def network_exercise(problem: Problem, notation: str | None = None) -> Exercise:
    """The exercise of a network problem (optionally shown in another notation)."""
    from ..exercise import Exercise
    from ..i18n import tr
    from ..numbers import show
    from . import steps
    from .notation import PRESETS, Symbols, key_table

    if notation is not None:
        problem.notation = notation
    preset = PRESETS[problem.notation]
    graph = steps.build(problem)
    L = len(problem.layers)
    symbols = Symbols(preset, problem.batch, L)
    keys = key_table([s.id for s in graph.asked()], preset)

    def summary(lang: str) -> list[tuple[str, str]]:
        acts = " → ".join(layer.activation for layer in problem.layers)
        sizes = "-".join(str(n) for n in problem.sizes)
        rows = [(tr("summary.network", lang), f"{sizes}  ({acts})"),
                (tr("summary.loss", lang), f"{problem.loss}, "
                 + tr(f"reduction.{problem.reduction}", lang)),
                (tr("summary.samples", lang), str(problem.batch)),
                (tr("summary.lr", lang), f"η = {show(problem.learning_rate, problem.decimals)}"),
                (tr("summary.update", lang), ", ".join(problem.update)),
                (tr("summary.notation", lang), f"{problem.notation}, "
                 + tr(f"layout.{problem.layout}", lang, pre=preset.pre, act=preset.act))]
        return rows

    def notes(lang: str) -> list[str]:
        out = []
        if problem.batch > 1:
            out.append(tr("sample.note", lang))
        out_act = problem.layers[-1].activation
        from ..functions import CANONICAL_PAIRS

        if (out_act, problem.loss) in CANONICAL_PAIRS:
            n = f"/{problem.batch}" if problem.reduction == "mean" and problem.batch > 1 else ""
            out.append(tr("shortcut.note", lang, pair=f"{out_act} + {problem.loss}", n=n,
                          y=preset.act, t=preset.target))
        return out

    exercise = Exercise("network", problem, graph, symbols, keys, problem.decimals,
                        title=problem.title, title_ja=problem.title_ja, path=problem.path,
                        summary=summary, notes=notes)

    def diagram(lang: str = "en") -> str:
        from .svg import network

        return network(exercise, lang)

    exercise.diagram = diagram
    exercise.blank = diagram  # the network drawn carries only the given numbers
    return exercise
