"""Grading a typed formula by equivalence: evaluated on random cases of the family, beside the
reference and beside every mistaken variant of it.

For each question the family draws ``cases`` random networks (or variable values) — the same
for every sheet, from a fixed seed — and the free indices run over every unit (a generic
layer ``l`` over every hidden layer).  The verdict, first that fits:

- ``unreadable``    the formula cannot be read (one line, with the column);
- ``mistake:disallowed_symbol``  it uses a symbol the question does not allow;
- ``right``         equal to the reference within a relative 1e-6 everywhere;
- ``mistake:<code>``  equal to a mistaken variant everywhere (mistakes.py);
- ``wrong``         none of these: the first case where it differs is shown, with the values
                    put in.

The verdicts are ``grader.Item`` objects, so every report of ``check`` shows them.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from ..expr import ExprError, evaluate, parse, used_symbols, walk
from ..formula import Style, Sym, render
from ..grader import Graded, Item
from .family import close
from .mistakes import variants

if TYPE_CHECKING:
    from collections.abc import Iterator

    # (case number, bound index letters, layer or None)
    Point = tuple[int, dict[str, int], Any]

SEED = 20260414  # the cases are the same for every sheet and every run
MAX_WORK = 400_000  # node evaluations of one formula over all its points (a right one: ~20k)
TOO_LONG = "the formula takes too long to evaluate (sums nested too deep?)"


class FormulaItem(Item):
    """An Item with the lines that explain a formula's verdict (the case where it differs),
    each ``{"en": …, "ja": …}``."""

    __slots__ = ("details",)

    def __init__(self, *args: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.details: list[dict[str, str]] = []


class _Prepared:
    """One question's cases, bindings and reference values (the same for every sheet)."""

    def __init__(self, problem: Any, question: Any, n: int):
        self.q, self.family = question, problem.family
        self.cases = self.family.cases(SEED + sum(map(ord, question.key)), n)
        self.points = list(self._points())
        self.reference = self.values(question.answer)
        self.variants = []
        for code, tree in variants(question, self.family):
            vals = self.values(tree)
            if not same(vals, self.reference):
                self.variants.append((code, vals))

    def values(self, tree: Any) -> list[Any]:
        """The tree's value at every point; where it cannot be evaluated (indices out of
        range, shapes that do not fit), the one-line reason instead.  The work over all the
        points is bounded (``MAX_WORK``): a formula of nested sums stops, it does not hang."""
        out: list[Any] = []
        spent = 0
        for p in self.points:
            if spent > MAX_WORK:
                out.append(TOO_LONG)
                continue
            env = self.env(p)
            try:
                out.append(evaluate(tree, env))
            except ExprError as e:
                out.append(str(e))
            spent += env.work
        return out

    def _points(self) -> Iterator[Point]:
        """(case number, bound indices, layer) for every case and every index value."""
        q, fam = self.q, self.family
        layers: list[Any] = [None]
        if fam.kind == "network":
            spec = q.of["layer"]
            if spec == "l":
                layers = fam.hidden_layers()
            elif spec == fam.table["last"]:
                layers = [fam.last]
            else:
                layers = [int(spec)]
        for c, layer in itertools.product(range(len(self.cases)), layers):
            letters = q.indices
            ranges = [range(1, fam.ranges(i, q.of, layer) + 1) for i in letters]
            for combo in itertools.product(*ranges):
                bound = dict(zip(letters, combo))
                if layer is not None and q.of.get("layer") == "l":
                    bound["l"] = layer
                yield c, bound, layer

    def env(self, point: Point) -> Any:
        """The environment of one point (case, bound indices, layer)."""
        c, bound, layer = point
        return self.family.env(self.cases[c], bound, layer)

    def value(self, tree: Any, point: Point) -> Any:
        """A tree's value at one point (ExprError if it cannot be evaluated there)."""
        return evaluate(tree, self.env(point))

    def truth(self, point: Point) -> Any:
        """The quantity's value at one point, computed independently (engine or differences)."""
        c, bound, layer = point
        return self.family.truth(self.q.of, self.cases[c], bound, layer)


class FormulaMarker:
    """Grades sheets of one formula exercise (the cases and references prepared once)."""

    def __init__(self, exercise: Any, cases: int | None = None):
        self.exercise = exercise
        problem = exercise.problem
        n = cases or problem.cases
        self.prepared = {q.key: _Prepared(problem, q, n) for q in problem.questions}
        # the reference as the report shows it (Unicode; it reads back as the same formula)
        self.expected = {q.key: render(q.answer, Style(symbol=None)) for q in problem.questions}
        # a class types the same formulas often
        self._seen: dict[tuple[str, str], tuple[Any, ...]] = {}

    def grade(self, answers: dict[str, Any]) -> Graded:
        """Verdicts for every question of the exercise, given a sheet's answers."""
        items: list[Item] = []
        for q in self.exercise.problem.questions:
            ans = answers.get(q.key)
            entry = ans.entries.get(()) if ans is not None else None
            item = FormulaItem(q.key, q.key, (), "blank", self.expected[q.key])
            if entry is not None and entry.text is not None and entry.reason is not None:
                item.text, item.verdict, item.reason = entry.text, "unreadable", entry.reason
            elif entry is not None and entry.text is not None:
                item.text = item.answer = entry.text
                self.judge(item, q, entry.text)
            items.append(item)
        return Graded(items)

    def judge(self, item: FormulaItem, q: Any, text: str) -> None:
        """The verdict on one typed formula (see the module's docstring), each distinct
        formula of a question judged once."""
        known = self._seen.get((q.key, text))
        if known is None:
            self._judge(item, q, text)
            if len(self._seen) < 10_000:
                self._seen[(q.key, text)] = (item.verdict, item.reason, list(item.details))
            return
        item.verdict, item.reason, details = known
        item.details = list(details)

    def _judge(self, item: FormulaItem, q: Any, text: str) -> None:
        prep = self.prepared[q.key]
        vocab = prep.family.vocabulary()
        try:
            tree = parse(text, vocab, indices=_index_letters(q))
        except ExprError as e:
            item.verdict, item.reason = "unreadable", str(e)
            return
        extra = used_symbols(tree, _index_letters(q)) - q.using
        if extra:
            item.verdict = "mistake:disallowed_symbol"
            item.details.append(_words("disallowed", names=", ".join(sorted(extra)),
                                       allowed=", ".join(sorted(q.using))))
            return
        mine = prep.values(tree)
        if same(mine, prep.reference):
            item.verdict = "right"
            return
        for code, vals in prep.variants:
            if same(mine, vals):
                item.verdict = f"mistake:{code}"
                return
        item.verdict = "wrong"
        for p, a, b in zip(prep.points, mine, prep.reference):
            if isinstance(a, str):
                item.details.append(_words("cannot", why=a))
                break
            if not close(a, b):
                item.details += _difference(prep, tree, p, a, b)
                break


def same(mine: list[Any], other: list[Any]) -> bool:
    """Equal at every point: both values and close, or both not evaluable for the same
    reason (a transpose missing fails where its variant fails); and a value somewhere, or a
    shape error, so that two formulas failing alike on everything prove nothing else."""
    for a, b in zip(mine, other):
        if isinstance(a, str) or isinstance(b, str):
            if a != b:
                return False
        elif not close(a, b):
            return False
    return any(not isinstance(a, str) or "@" in a or "shapes" in a for a in mine)


def _index_letters(q: Any) -> frozenset[str]:
    return frozenset("ijkmn") | frozenset(q.indices) | {"l", "K", "L"}


def _show(v: Any) -> str:
    if isinstance(v, tuple):
        return "[" + "; ".join(", ".join(f"{x:.4g}" for x in row) for row in v) + "]"
    return f"{v:.6g}"


def _difference(prep: _Prepared, tree: Any, point: Point, mine: Any,
                ref: Any) -> list[dict[str, str]]:
    """Where the formula and the reference differ: the case, both values, the values put in."""
    c, bound, layer = point
    where = ", ".join(f"{k} = {v}" for k, v in bound.items())
    env = prep.env(point)
    shown, seen = [], set()
    for n in walk(tree):
        if isinstance(n, Sym) and n not in seen and n.name not in bound and \
                n.name not in ("K", "L"):
            seen.add(n)
            try:
                value = evaluate(n, env)
            except ExprError:
                continue
            shown.append(f"{render(n, Style(symbol=None))} = {_show(value)}")
        if len(shown) >= 6:
            break
    lines = [_words("differs", case=c + 1, where=where or "—", mine=_show(mine),
                    ref=_show(ref))]
    if shown:
        lines.append(_words("put_in", values="; ".join(shown)))
    return lines


_WORDS = {
    "disallowed": {"en": "uses {names}; the question allows only {allowed}",
                   "ja": "{names} を使っている。この問題で使える記号は {allowed} だけ"},
    "cannot": {"en": "cannot be evaluated: {why}", "ja": "計算できない：{why}"},
    "differs": {"en": "on random case {case} ({where}): yours = {mine}, expected = {ref}",
                "ja": "ランダムな値 {case}（{where}）で：あなたの式 = {mine}、正解 = {ref}"},
    "put_in": {"en": "values put in: {values}", "ja": "代入した値：{values}"},
}


def _words(key: str, **kw: Any) -> dict[str, str]:
    """One explanation line in both languages (the report picks its language)."""
    return {lang: text.format(**kw) for lang, text in _WORDS[key].items()}
