"""The generator's report (``handcalc new --stats``): per level, how many draws it took, how long,
and the share of problems meeting each rule (every one must be 100%)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..i18n import tr
from ..kinds import LevelReport


def report(results: list[LevelReport], lang: str) -> Group:
    """A rich renderable of a generator's ``kinds.LevelReport`` for each level."""
    n = results[0].problems if results else 0
    parts: list = [Text(tr("stats.title", lang, n=f"{n:,}"), style="hc.title")]
    top = Table(show_lines=False)
    for key in ("stats.level", "stats.problems", "stats.draws", "stats.acceptance",
                "stats.time", "stats.per"):
        top.add_column(tr(key, lang), justify="left" if key == "stats.level" else "right")
    for r in results:
        top.add_row(r.level, f"{r.problems:,}", f"{r.draws:,}", f"{r.acceptance:.1%}",
                    f"{r.seconds:.2f} s", f"{1000 * r.seconds / max(r.problems, 1):.2f} ms")
    parts.append(top)
    for r in results:
        table = Table(title=f"{r.level}", title_justify="left", title_style="hc.title")
        table.add_column(tr("stats.rule", lang))
        table.add_column(tr("stats.share", lang), justify="right")
        table.add_column(tr("stats.rejected", lang), justify="right")
        table.add_column("")
        for rule in r.rules:
            share = rule.met / r.problems if r.problems else 0.0
            style = "hc.right" if rule.met == r.problems else "hc.wrong"
            table.add_row(rule.name, Text(f"{share:.1%}", style=style), f"{rule.rejected:,}",
                          Text(rule.text, style="hc.note"))
        parts += [Text(""), table,
                  Text(tr("stats.verify", lang, t=f"{r.verify_seconds:.2f} s"), style="hc.note")]
    return Group(*parts)
