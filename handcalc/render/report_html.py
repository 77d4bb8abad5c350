"""A class's check as one self-contained HTML page: a heat map of students × steps.

``class_html`` takes the same checked sheets as the terminal class report (any mix of variants
of one exercise shape: columns are the union of the asked steps, in working order) and returns
one page: no script, no network, styles inline, colours that survive printing.  Every text a
student wrote (a name, a file name) is escaped: a sheet cannot put markup on the teacher's page.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from ..i18n import tr
from .report_class import help_first, mistake_summary, student_of
from .report_words import mistake_name, percent_text, points_text

# the worst verdict of a step's elements colours its cell; this is the order of "worse"
SEVERITY = ("right", "rounding", "carried", "blank", "mistake", "wrong", "unreadable")

STYLE = """
body { font-family: system-ui, "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", sans-serif;
       margin: 1.5rem; color: #1a1a1a; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.6rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #bbb; padding: 0.2rem 0.45rem; text-align: center; }
th.name, td.name { text-align: left; white-space: nowrap; }
.v-right { background: #b7e4b0; } .v-rounding { background: #dcefc2; }
.v-carried { background: #cfe3f7; } .v-blank { background: #eeeeee; color: #777; }
.v-mistake { background: #ffd08a; } .v-wrong { background: #f4a3a3; }
.v-unreadable { background: #d9b3e6; } .v-error { background: #fff; color: #a00; }
.legend span { display: inline-block; padding: 0.1rem 0.5rem; margin-right: 0.3rem;
               border: 1px solid #bbb; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print { body { margin: 0.5cm; } table { page-break-inside: auto; }
               tr { page-break-inside: avoid; } }
"""


def _worst(kinds: list[str]) -> str:
    return max(kinds, key=SEVERITY.index) if kinds else "blank"


def _steps(graded: list) -> tuple[list[str], dict[str, str]]:
    """The asked steps of every variant, in working order, and each one's symbol."""
    order: list[str] = []
    symbols: dict[str, str] = {}
    for r in graded:
        exercise = r.sheet.exercise
        for step in exercise.graph.asked():
            if step.id not in symbols:
                order.append(step.id)
                symbols[step.id] = exercise.symbols.name(step.id)[0]
    return order, symbols


def _student(r) -> str:
    """How a row is labelled: the student's id and name, else the file."""
    sid, name, _ = student_of(r) if r.sheet is not None or getattr(r, "student", None) else \
        ("", "", "")
    return f"{sid} {name}".strip() or r.file


def class_html(results: list, lang: str, title: str = "") -> str:
    """The page: heat map, the students who need help first, the class's commonest mistakes."""
    graded = [r for r in results if r.graded is not None]
    steps, symbols = _steps(graded)
    title = tr("html.title", lang) + (f": {title}" if title else "")
    out: list[str] = [
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n"
        f"</head>\n<body>\n<h1>{escape(title)}</h1>\n"]
    out.append('<p class="legend">' + "".join(
        f'<span class="v-{k}">{escape(tr("count." + k, lang))}</span>' for k in SEVERITY)
        + "</p>\n")
    # the heat map
    out.append(f'<h2>{escape(tr("html.heatmap", lang))}</h2>\n<table id="heatmap">\n<thead><tr>'
               f'<th class="name">{escape(tr("class.name", lang))}</th>'
               f'<th>{escape(tr("class.score", lang))}</th>')
    out += [f'<th title="{escape(s)}">{escape(symbols[s])}</th>' for s in steps]
    out.append("</tr></thead>\n<tbody>\n")
    for r in results:
        out.append(f'<tr><td class="name">{escape(_student(r))}</td>')
        if r.graded is None:
            out.append(f'<td class="v-error" colspan="{len(steps) + 1}">'
                       f"{escape(tr('html.unusable', lang))}</td></tr>\n")
            continue
        g = r.graded
        out.append(f"<td>{points_text(g.points)}/{g.total}</td>")
        by_step: dict[str, list] = {}
        for item in g.items:
            by_step.setdefault(item.step, []).append(item)
        for s in steps:
            items = by_step.get(s)
            if not items:
                out.append("<td></td>")
                continue
            kind = _worst([i.kind for i in items])
            codes = sorted({c for i in items for c in i.codes})
            tip = ", ".join(codes) if codes else tr("count." + kind, lang)
            pts = sum(i.points for i in items)
            out.append(f'<td class="v-{kind}" data-step="{escape(s)}" data-verdict="{kind}" '
                       f'title="{escape(tip)}">{points_text(pts)}/{len(items)}</td>')
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    # who needs help first: the lowest scores, with their first error
    needy = help_first(results)
    if needy:
        out.append(f"<h2>{escape(tr('class.help_first', lang))}</h2>\n<ol id=\"help-first\">\n")
        for r in needy:
            first = r.graded.first_error()
            where = f" — {escape(first.id)}: {escape(first.verdict)}" if first else ""
            pct = percent_text(r.graded.points, r.graded.total)
            out.append(f"<li>{escape(_student(r))} ({pct}%){where}</li>\n")
        out.append("</ol>\n")
    # the class's commonest mistakes, across variants (codes are shared by a kind's variants)
    mistakes = mistake_summary(graded)
    if mistakes:
        out.append(f"<h2>{escape(tr('class.mistakes', lang))}</h2>\n<table id=\"mistakes\">\n"
                   f"<thead><tr><th>{escape(tr('class.code', lang))}</th>"
                   f"<th>{escape(tr('class.mistake', lang))}</th>"
                   f"<th>{escape(tr('class.count', lang))}</th>"
                   f"<th>{escape(tr('class.where', lang))}</th></tr></thead>\n<tbody>\n")
        exercise = graded[0].sheet.exercise
        for row in mistakes[:10]:
            out.append(f"<tr><td>{escape(row['code'])}</td>"
                       f"<td>{escape(mistake_name(exercise, row['code'], lang))}</td>"
                       f"<td>{row['sheets']}</td><td>{escape(', '.join(row['steps'][:4]))}</td>"
                       "</tr>\n")
        out.append("</tbody>\n</table>\n")
    shares = Counter(r.all_right for r in graded)
    out.append(f"<p id=\"total\">{escape(tr('html.total', lang, ok=shares[True], n=len(results)))}"
               "</p>\n</body>\n</html>\n")
    return "".join(out)
