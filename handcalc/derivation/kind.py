"""The formula kind's answers to the shared code (kinds.Kind): its loader, marker, reader of a
typed formula, mistakes, blank sheet, views and generator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..kinds import Kind

if TYPE_CHECKING:
    from ..answers import Answer
    from ..engine import Step
    from ..exercise import Exercise
    from ..mistakes import Catalogue
    from ..yamlsafe import Node


class FormulaKind(Kind):
    """Derive a quantity by hand, type the formula, have it graded by equivalence."""

    name = "formula"
    new_options = ("seed", "count")
    new_moodle = False  # Moodle asks for numbers; formulas are graded by handcalc check
    intro = "new.intro_formula"
    views = "derivation"  # render/derivation.py

    def load(self, root: Node | None, file: str | None, notation: str | None) -> Exercise:
        """The exercise of a formula problem, its reference formulas checked on random cases."""
        from . import from_node

        return from_node(root, file)  # type: ignore[arg-type]

    def digest_parts(self, exercise: Exercise) -> list[Any]:
        """The family and each question (key, quantity, answer, allowed symbols)."""
        p = exercise.problem
        return [p.family.describe(), [(q.key, q.of, q.answer_text, sorted(q.using))
                                      for q in p.questions]]

    def digest(self, exercise: Exercise) -> str:
        """The SHA-256 of the parts as written (no 'sha256:' prefix: formula digests were
        issued so, and class manifests hold them)."""
        import hashlib

        return hashlib.sha256(repr([self.name, *self.digest_parts(exercise)]).encode()) \
            .hexdigest()

    def marker(self, exercise: Exercise) -> Any:
        """Formulas are graded by equivalence (grading.FormulaMarker)."""
        from .grading import FormulaMarker

        return FormulaMarker(exercise)

    def read_answer(self, exercise: Exercise, step: Step, key: str, node: Node,
                    numbers: str) -> Answer:
        """A typed formula, read with the problem's symbols."""
        from .sheet import read_answer

        return read_answer(exercise, step, key, node, numbers)

    def catalogue(self, exercise: Exercise) -> Catalogue:
        """The formula mistakes (derivation/mistakes.py)."""
        from .mistakes import CATALOGUE

        return CATALOGUE

    def blank_sheet(self, exercise: Exercise, lang: str, problem_ref: str,
                    problem_given: str | None) -> str:
        """One question per key, what may be used, how a formula is typed."""
        from .sheet import blank_sheet

        return blank_sheet(exercise, lang, problem_ref, problem_given)

    def generate(self, seed: int, count: int, level: str | None, lang: str,
                 options: dict[str, Any]) -> list[tuple[int, str]]:
        """``count`` distinct formula problems from ``seed`` (at most 50 tries each)."""
        from .generator import generate

        out: list[tuple[int, str]] = []
        seen: set[str] = set()
        s = seed
        while len(out) < count and s < seed + 50 * count:
            text = generate(s)
            s += 1
            key = "\n".join(line for line in text.splitlines()
                            if not line.startswith(("#", "title:")))
            if key in seen:
                continue
            seen.add(key)
            out.append((s - 1, text))
        return out


KIND = FormulaKind()
