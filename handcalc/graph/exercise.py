"""The Exercise of a graph problem: its steps, symbols, summary, notes and drawings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..exercise import Exercise

from ..numbers import show
from .problem import GraphProblem
from .steps import GraphSymbols, build, value_table, word


def exercise(gp: GraphProblem) -> Exercise:
    """The Exercise of a graph problem: what solve, check, template and new walk."""
    from ..exercise import Exercise

    graph = build(gp)
    symbols = GraphSymbols(gp.output)
    keys = {s.id: s.id for s in graph.asked()}

    def summary(lang: str) -> list[tuple[str, str]]:
        shown = ", ".join(f"{k} = {show(v, gp.decimals)}" for k, v in gp.inputs.items())
        ops = ", ".join(dict.fromkeys(n.op for n in gp.nodes))
        return [(word("inputs", lang), shown),
                (word("nodes", lang), f"{len(gp.nodes)}  ({ops})"),
                (word("output", lang), gp.output)]

    def notes(lang: str) -> list[str]:
        out = [word("rule", lang, out=gp.output)]
        for name in gp.fan_outs():
            users = [u.name for u, _ in gp.users(name)]
            out.append(word("fan_out", lang, name=name, n=len(users), users=", ".join(users)))
        table = value_table(gp, gp.decimals)
        if table:
            out.append(word("table", lang, items=", ".join(table)))
        return out

    def diagram(lang: str = "en") -> str:
        from .svg import svg

        return svg(ex, lang=lang)

    def blank(lang: str = "en") -> str:
        from .svg import svg

        return svg(ex, blank=True, lang=lang)

    ex = Exercise("graph", gp, graph, symbols, keys, gp.decimals, title=gp.title, path=gp.path,
                  title_ja=gp.title_ja,
                  summary=summary, notes=notes, diagram=diagram, blank=blank)
    return ex
