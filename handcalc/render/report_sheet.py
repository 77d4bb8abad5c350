"""What ``handcalc check`` shows for one sheet: the table, the first error explained, the score.

``sheet_report``: every element in working order (a step all right takes one row), notes about
the sheet, the first real error with its formula, the learner's own numbers put in and the named
mistake explained, then the score line.  ``hint_report`` (``--hint``): only where the first error
is and which formula to look at, without expected values.  Render functions return renderables;
printing is the caller's business.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Group
from rich.text import Text

from ..grader import Item, recompute_safely
from ..i18n import say, tr
from ..i18n import title as title_of
from ..mistakes import find, letters
from ..numbers import show
from .grid import Column, Grid
from .lines import line
from .para import Para
from .report_words import percent_text, points_text, verdict_text

MAX_WRITTEN = 12  # characters of a learner's answer shown as written in a table cell


_PLAIN = re.compile(r"[+-]?[0-9]*\.?[0-9]+")


def _written(item: Item, decimals: int) -> str:
    """The answer as written: a long decimal cut short (0.090800000…), arithmetic too long for
    a cell by its value as a decimal (=0.6), never as a reduced fraction."""
    if item.text is None:
        return "~" if item.kind == "blank" else ""
    text = " ".join(item.text.split())
    if len(text) <= MAX_WRITTEN or isinstance(item.answer, str):  # a formula: all of it
        return text
    if item.answer is not None and not _PLAIN.fullmatch(text):
        shown = show(item.answer, decimals)
        if "/" in shown:  # a reduced fraction nobody wrote: its decimal value instead
            try:
                shown = show(float(item.answer), decimals)
            except OverflowError:
                pass
        return "=" + shown
    return text[: MAX_WRITTEN - 1] + "…"


def expected_text(item: Item, decimals: int) -> str:
    """The expected value as shown (a formula exercise expects a formula: its text)."""
    return item.expected if isinstance(item.expected, str) else show(item.expected, decimals)


def detail_text(line: str | dict, lang: str) -> str:
    """One line explaining a verdict (a formula exercise's), in ``lang`` where it has both."""
    return line if isinstance(line, str) else (line.get(lang) or line["en"])


def _count_word(kind: str, n: int, lang: str) -> str:
    word = tr(f"count.{kind}", lang)
    return word + "s" if lang == "en" and kind == "mistake" and n != 1 else word


def score_line(checked, lang: str) -> Text:
    """'Score 52.5/54 (97%): 50 right, 2 carried, 1 named mistakes, …'"""
    g = checked.graded
    counts = g.counts()
    parts = [f"{_count_word(kind, n, lang)} {n}" if lang == "ja" else  # 正解 50、引き継ぎ 2
             f"{n} {_count_word(kind, n, lang)}" for kind, n in counts.items() if n]
    return Text(tr("check.score", lang, points=points_text(g.points), total=g.total,
                   percent=percent_text(g.points, g.total),
                   counts=("、" if lang == "ja" else ", ").join(parts)), style="hc.title")


def _by_step(items: list[Item]) -> list[list[Item]]:
    groups: list[list[Item]] = []
    for item in items:
        if groups and groups[-1][0].step == item.step:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


MAX_JOINED = 20  # characters of a whole step's answers shown on its one row


def sheet_table(checked, lang: str) -> Grid:
    """Every element in working order: element, symbol, your answer, expected, verdict.  A
    step whose elements are all right (or all blank) takes one row, so what needs looking at
    stands out.  A blank element shows no expected value: a learner who checks half-way
    through is not handed the rest of the answers."""
    exercise, g = checked.sheet.exercise, checked.graded
    decimals = exercise.decimals
    table = Grid([Column(tr("check.col.element", lang)),
                  Column(tr("col.symbol", lang), style="hc.symbol"),
                  Column(tr("check.col.answer", lang), "right"),
                  Column(tr("check.col.expected", lang), "right"),
                  Column(tr("check.col.verdict", lang))])
    for n, group in enumerate(_by_step(g.items)):
        if n:
            table.add_section()
        kinds = {i.verdict for i in group}
        if len(group) > 1 and kinds in ({"right"}, {"blank"}):
            item = group[0]
            written = ", ".join(_written(i, decimals) for i in group) if item.kind == "right" \
                else "~"
            if len(written) > MAX_JOINED:
                written = written[: MAX_JOINED - 1] + "…"
            verdict = verdict_text(exercise, item, lang)
            verdict.append(f" ×{len(group)}")
            table.add_row(item.step, exercise.symbols.name(item.step)[0], written, "", verdict)
            continue
        for item in group:
            symbol = exercise.symbols.symbol(item.step, item.idx)[0]
            expected = "" if item.verdict == "blank" else expected_text(item, decimals)
            table.add_row(item.id, symbol, _written(item, decimals), expected,
                          verdict_text(exercise, item, lang))
    return table


def _formula_lines(exercise, item: Item, values: dict, lang: str) -> list[Text]:
    """The right formula of an element, and with the learner's own numbers put in."""
    step = exercise.graph.by_id[item.step]
    if step.method.formula is None:
        return []
    decimals = exercise.decimals
    try:
        ln = line(exercise, step, item.idx, values, decimals)
    except Exception:  # noqa: BLE001 - a formula that cannot take odd numbers is not shown
        return []
    out = [Text(f"  {tr('check.formula', lang)}: {ln.symbol} = {ln.formula}")]
    if ln.numbers:
        out.append(Text(f"  {tr('check.numbers', lang)}: {ln.symbol} = {ln.numbers} = "
                        f"{ln.value}"))
    return out


def first_error(checked, lang: str) -> list:
    """The first real error with its formula, the numbers put in and the explanation."""
    exercise, g = checked.sheet.exercise, checked.graded
    item = g.first_error()
    if item is None:
        counts = g.counts()
        if g.all_right:
            return [Text(tr("check.all_right", lang), style="hc.right")]
        n = counts["blank"] + counts["unreadable"]
        return [Para(tr("check.no_error", lang, n=n) if n else tr("check.no_error_none", lang),
                     style="hc.right")]
    decimals = exercise.decimals
    symbol = exercise.symbols.symbol(item.step, item.idx)[0]
    out: list = [Text(tr("check.first_error", lang, symbol=symbol, id=item.id),
                      style="hc.wrong")]
    out.append(Text("  " + tr("check.answer_line", lang, answer=_written(item, decimals),
                              expected=expected_text(item, decimals))))
    out += [Text(f"  {detail_text(line, lang)}") for line in getattr(item, "details", ())]
    # the right formula with the learner's own earlier numbers (what they should have got)
    from collections import ChainMap

    shown: Any = g.written
    right = recompute_safely(exercise.graph.by_id[item.step], g.written)
    if right is not None:
        shown = ChainMap({item.step: right}, g.written)
    out += _formula_lines(exercise, item, shown, lang)
    if item.kind == "mistake":
        marks = letters(exercise)
        if item.tie:
            out.append(Para("  " + tr("check.tie", lang), style="hc.mistake"))
        for code in item.codes:
            m = find(exercise, code)
            if m is None:
                continue
            out.append(Para(f"  {tr('check.mistake', lang)}: {m.text('name', lang, marks)} "
                            f"(mistake:{code})", style="hc.mistake"))
            out.append(Para(f"  {m.text('explain', lang, marks)}"))
            right = m.text("formula", lang, marks)
            out.append(Text(f"  {tr('check.right_formula', lang)}: {right}"))
        if item.source == "yours":
            out.append(Para("  " + tr("check.from_yours", lang), style="hc.note"))
    else:
        out.append(Para("  " + tr("check.slip", lang)))
    return out


def notes(checked, lang: str) -> list:
    """Warnings about the sheet (unknown keys, shapes) and why elements were unreadable."""
    out: list = []
    for w in checked.warnings:
        out.append(Para(f"  ⚠ {say(w, lang)}", style="hc.wrong"))
    for n in checked.notes:
        out.append(Para(f"  {say(n, lang)}", style="hc.note"))
    shown_reasons: set[tuple[str, str]] = set()
    for item in checked.graded.items:
        if item.kind == "unreadable" and item.reason:
            key = (item.step, item.reason)
            if key in shown_reasons:
                continue
            shown_reasons.add(key)
            out.append(Para("  " + tr("check.unreadable", lang, id=item.id,
                                           reason=say(item.reason, lang)),
                            style="hc.note"))
    if out:
        out.insert(0, Text(tr("check.notes", lang), style="hc.title"))
    return out


def flag_lines(checked, lang: str) -> list:
    """One line per flag (different_problem, inlined_problem), for the teacher to see."""
    return [Text(tr(f"flag.{flag}", lang, problem=checked.problem or ""), style="hc.mistake")
            for flag in checked.flags]


def sheet_report(checked, lang: str) -> Group:
    """One sheet: the table in working order, notes, the first error explained, the score."""
    if checked.error is not None:
        return Group(Text(f"{checked.file}: " + tr("check.error_line", lang,
                                                   error=say(checked.error, lang)),
                          style="hc.wrong"))
    exercise = checked.sheet.exercise
    parts: list = []
    title = title_of(exercise, lang) or (checked.sheet.problem_file or "")
    if title:
        parts.append(Text(f"{checked.file} — {title}", style="hc.title"))
    parts += flag_lines(checked, lang)
    parts.append(sheet_table(checked, lang))
    if any(i.kind == "carried" for i in checked.graded.items):
        parts.append(Para(tr("check.carried_note", lang), style="hc.note"))
    parts += notes(checked, lang)
    parts.append(Text(""))
    parts += first_error(checked, lang)
    parts.append(Text(""))
    parts.append(score_line(checked, lang))
    return Group(*parts)


def hint_report(checked, lang: str) -> Group:
    """Where the first error is and which formula to look at — no expected values."""
    if checked.error is not None:
        return sheet_report(checked, lang)
    exercise, g = checked.sheet.exercise, checked.graded
    item = g.first_error()
    parts: list = flag_lines(checked, lang)
    parts += [t for t in notes(checked, lang)]
    if item is None:
        parts += first_error(checked, lang)
    else:
        symbol = exercise.symbols.symbol(item.step, item.idx)[0]
        parts.append(Text(tr("check.hint.where", lang, symbol=symbol, id=item.id),
                          style="hc.wrong"))
        step = exercise.graph.by_id[item.step]
        if step.method.formula is not None:
            from ..formula import Style, render

            expr = step.formula(item.idx)
            parts.append(Text(tr("check.hint.look", lang)))
            parts.append(Text(f"  {symbol} = {render(expr, Style(exercise.symbols))}"))
        more = sum(1 for i in g.items if i.kind in ("mistake", "wrong")) - 1
        if more > 0:
            parts.append(Text(tr("check.hint.more", lang, n=more), style="hc.note"))
    parts.append(score_line(checked, lang))
    return Group(*parts)
