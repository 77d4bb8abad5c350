"""The words every view of ``handcalc check`` shares: how a verdict reads, and in which style.

A verdict's words and colour in a sheet's table (``verdict_text``), a verdict code's words in the
class summary (``verdict_words``), a mistake's name, and points and percentages as shown in score
lines, the class table and the CSV.  The views: ``report_sheet`` (one sheet) and
``report_class`` (many sheets, JSON, CSV).
"""

from __future__ import annotations

from rich.text import Text

from ..grader import Item
from ..i18n import tr
from ..mistakes import find, letters

STYLE = {"right": "hc.right", "carried": "hc.carried", "rounding": "hc.carried",
         "mistake": "hc.mistake", "wrong": "hc.wrong", "blank": "hc.blank",
         "unreadable": "hc.wrong"}


def mistake_name(exercise, code: str, lang: str) -> str:
    """The name of a mistake code, of a pair 'a+b' as 'name a + name b', of a tie 'a|b' as
    'one of: name a / name b'."""
    if "|" in code:
        names = " / ".join(mistake_name(exercise, part, lang) for part in code.split("|"))
        return tr("mistake.one_of", lang, names=names)
    parts = []
    for part in code.split("+"):
        m = find(exercise, part)
        parts.append(m.text("name", lang, letters(exercise)) if m else part)
    return " + ".join(parts)


def verdict_text(exercise, item: Item, lang: str) -> Text:
    """✓ / ↪ carried / ✗ named mistake … as shown in the table."""
    kind = item.kind
    if kind == "mistake":
        words = tr("verdict.mistake", lang, name=mistake_name(exercise, item.verdict[8:], lang))
    else:
        words = tr(f"verdict.{kind}", lang)
    return Text(words, style=STYLE[kind])


def verdict_words(exercise, verdict: str, lang: str) -> str:
    """A verdict code in words: a named mistake's name, else its count word ('wrong', …)."""
    kind = verdict.split(":", 1)[0]
    if kind == "mistake":
        return mistake_name(exercise, verdict[8:], lang)
    return tr(f"count.{kind}", lang)


def percent_text(points: float, total: int) -> str:
    """'97': the points as a whole percentage of the total ('100' when nothing is asked)."""
    return f"{100 * points / total:.0f}" if total else "100"


def points_text(points: float) -> str:
    """'52.5': points without trailing zeros."""
    return f"{points:g}"
