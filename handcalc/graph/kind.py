"""The computation-graph kind's answers to the shared code (kinds.Kind): its loader, mistakes,
drawing and generator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..kinds import Kind

if TYPE_CHECKING:
    from ..exercise import Exercise
    from ..mistakes import Catalogue
    from ..yamlsafe import Node


def _distinct_key(text: str) -> str:
    """A problem's text without its title and comments: what makes two the same."""
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith(("#", "title:")))


class GraphKind(Kind):
    """A scalar computation graph: forward values and gradients, node by node."""

    name = "graph"
    intro = "new.intro_graph"
    picture = "graph.svg"
    diagram_in_key = True

    def load(self, root: Node | None, file: str | None, notation: str | None) -> Exercise:
        """The exercise of a graph problem; a value too large names its node's line."""
        from ..exercise import checked
        from .exercise import exercise
        from .problem import from_node

        gp = from_node(root, file)
        ex = exercise(gp)
        lines = {n.name: (n.line, n.col) for n in gp.nodes}
        place = lambda step: lines.get(step.id.removeprefix("d_"), (None, None))  # noqa: E731
        return checked(ex, file, place, "use smaller inputs and fewer or smaller powers")

    def warnings(self, exercise: Exercise) -> list[str]:
        """An input or a node the output does not depend on, each with its place."""
        return [str(w) for w in exercise.problem.warnings]

    def digest_parts(self, exercise: Exercise) -> list[Any]:
        """Inputs, nodes (name, operation, arguments), output and decimals."""
        p = exercise.problem
        return [sorted(p.inputs.items()), [(n.name, n.op, n.args) for n in p.nodes], p.output,
                p.decimals]

    def catalogue(self, exercise: Exercise) -> Catalogue:
        """The graph mistakes (graph/mistakes.py)."""
        from .mistakes import CATALOGUE

        return CATALOGUE

    def drawing(self, exercise: Exercise, decimals: int, lang: str) -> tuple[str, str]:
        """The graph drawn as text: values above the edges, gradients below."""
        from .steps import word
        from .text import drawing

        return word("drawing", lang), drawing(exercise, decimals)

    def generate(self, seed: int, count: int, level: str | None, lang: str,
                 options: dict[str, Any]) -> list[tuple[int, str]]:
        """``count`` distinct friendly graphs from ``seed`` (seed, seed + 1 …, repeats
        skipped)."""
        from .generator import generate

        out: list[tuple[int, str]] = []
        seen: set[str] = set()
        s = seed
        while len(out) < count:
            g = generate(level=level or "easy", seed=s, lang=lang)
            s += 1
            key = _distinct_key(g.yaml)
            if key in seen:
                continue
            seen.add(key)
            out.append((g.seed, g.yaml))
        return out


KIND = GraphKind()
