"""What ``handcalc check`` shows for a class of sheets, and the data for other programs.

``class_report``: one line per sheet (its score and first error), then per exercise answered
how many sheets got each step right and the commonest mistakes, then the class total.
``report_json`` (``--json``): every sheet's verdicts and that summary; ``report_csv``
(``--csv``): a spreadsheet of scores, one row per sheet.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Group
from rich.text import Text

from ..grader import Item
from ..i18n import TEXT, say, tr
from ..i18n import title as title_of
from ..mistakes import find, letters
from ..numbers import to_json_number
from .grid import Column, Grid
from .report_words import mistake_name, percent_text, points_text, verdict_words


def _first_error_text(checked, lang: str) -> str:
    """'delta1[1]: h′ forgotten in δ' (the mistake's name in ``lang``; --json and --csv keep
    its code), or 'z2[0]: wrong'."""
    item = checked.graded.first_error()
    if item is None:
        return ""
    return f"{item.id}: {verdict_words(checked.sheet.exercise, item.verdict, lang)}"


def _short_error(checked) -> str:
    """A sheet's error without its own file name in front (the table names the file)."""
    error = checked.error or ""
    return error[len(checked.file) + 1:].lstrip(":0123456789 ") \
        if error.startswith(checked.file + ":") else error


def sheets_table(results: list, lang: str) -> Text:
    """One line per sheet: its score and its first error (or why it could not be graded).

    Plain aligned lines rather than a rich Table: a class of a thousand sheets renders in a
    blink (a Table measures and pads every cell)."""
    from rich.cells import cell_len

    folder = _common_folder([r.file for r in results])
    title = tr("class.sheets", lang) + (f"  ({folder}/)" if folder else "")
    problems = {r.problem for r in results if r.problem is not None}
    if len(problems) == 1:  # one problem for all: said once; else each row says its own
        title += "  — " + tr("class.problem", lang, problem=problems.pop())
    rows: list[tuple[tuple[str, str], ...]] = []
    for r in results:
        shown = _shown(r.file, folder)
        if len(problems) > 1 and r.problem is not None:
            shown += f"  → {r.problem}"
        if r.error is not None:
            rows.append(((shown, ""), ("", ""), ("—", ""),
                         (tr("check.error_line", lang, error=say(_short_error(r), lang)),
                          "hc.wrong")))
            continue
        g = r.graded
        score = f"{points_text(g.points)}/{g.total} {percent_text(g.points, g.total):>3}%"
        style = "hc.right" if g.all_right else ("hc.mistake" if g.first_error() else "")
        first = _first_error_text(r, lang)
        if r.warnings:
            first = (first + "  " if first else "") + f"⚠ {len(r.warnings)}"
        if r.flags:
            first = (first + "  " if first else "") + " ".join(
                f"⚑ {tr('flagword.' + f, lang) if 'flagword.' + f in TEXT else f}" for f in r.flags)
        rows.append(((shown, ""), (r.sheet.name, ""), (score, style), (first, "")))
    header = [tr(k, lang) for k in ("class.file", "class.name", "class.score", "class.first")]
    widths = [max([cell_len(header[i])] + [cell_len(row[i][0]) for row in rows])
              for i in range(3)]
    out = Text(title + "\n", style="hc.title")

    def pad(text: str, width: int, right: bool = False) -> str:
        gap = " " * (width - cell_len(text))
        return gap + text if right else text + gap

    out.append("  ".join([pad(header[0], widths[0]), pad(header[1], widths[1]),
                          pad(header[2], widths[2], True), header[3]]).rstrip() + "\n",
               style="bold")
    out.append("  ".join("─" * w for w in widths + [max(cell_len(header[3]), 11)]) + "\n")
    for (file, _), (name, _), (score, style), (first, first_style) in rows:
        out.append(pad(file, widths[0]) + "  " + pad(name, widths[1]) + "  ")
        out.append(pad(score, widths[2], True), style=style or None)
        out.append(("  " + first if first else "") + "\n", style=first_style or None)
    out.rstrip()
    return out


def _common_folder(files: list[str]) -> str:
    """The folder every sheet is in ('' when they are not all in one), to shorten the table."""
    import os

    folders = {os.path.dirname(f) for f in files}
    return folders.pop() if len(folders) == 1 else ""


def _shown(file: str, folder: str) -> str:
    return file[len(folder) + 1:] if folder and file.startswith(folder + "/") else file


def _groups(results: list, one_class: bool = False) -> list[tuple[Any, list]]:
    """Graded sheets grouped by the exercise they answer, in order of first appearance; for a
    class (``check --class``) all in one group, whatever variant each student was given: the
    variants share their shape, so their steps are the same."""
    groups: dict[int, tuple[Any, list]] = {}
    for r in results:
        if r.graded is None:
            continue
        ex = r.sheet.exercise
        groups.setdefault(0 if one_class else id(ex), (ex, []))[1].append(r)
    return list(groups.values())


def student_of(checked) -> tuple[str, str, str]:
    """(id, name, variant) of a sheet: from the class manifest under ``check --class``, else
    what the sheet says, its variant the problem it was graded against."""
    entry = getattr(checked, "student", None)
    if entry is not None:
        variant = f"seed {entry.seed}" if entry.seed is not None else entry.problem
        return entry.id, entry.name, variant
    sheet = checked.sheet
    sid = getattr(sheet, "student_id", "") if sheet is not None else ""
    return sid, sheet.name if sheet is not None else "", checked.problem or ""


def help_first(results: list, n: int = 5) -> list:
    """The sheets that need help first: not all right, lowest share of points first."""
    graded = [r for r in results if r.graded is not None and not r.all_right]
    return sorted(graded, key=lambda r: (r.graded.points / r.graded.total if r.graded.total
                                         else 1.0, student_of(r)[1]))[:n]


def step_summary(exercise, results: list) -> list[dict]:
    """Per asked step: how many sheets got it all right, and the commonest other verdicts."""
    steps = [s.id for s in exercise.graph.asked()]
    right: Counter[str] = Counter()
    verdicts: dict[str, Counter] = {s: Counter() for s in steps}
    for r in results:
        wrong: dict[str, set[str]] = {}
        for item in r.graded.items:
            if item.verdict != "right" and item.verdict != "carried":
                wrong.setdefault(item.step, set()).add(item.verdict)
        for step in steps:
            if step in wrong:
                verdicts[step].update(wrong[step])
            else:
                right[step] += 1
    return [{"step": s, "right": right[s], "sheets": len(results),
             "verdicts": sorted(verdicts[s].items(), key=lambda kv: (-kv[1], kv[0]))}
            for s in steps]


def mistake_summary(results: list) -> list[dict]:
    """Named mistakes by how many sheets made them, with the steps where they were made."""
    sheets: Counter = Counter()
    where: dict[str, Counter] = {}
    for r in results:
        seen: set[str] = set()
        for item in r.graded.items:
            # a tie counts as the tie (either mistake may have been made), a pair as both
            for code in ((item.verdict[len("mistake:"):],) if item.tie else item.codes):
                where.setdefault(code, Counter())[item.step] += 1
                seen.add(code)
        sheets.update(seen)
    ranked = sorted(sheets.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"code": code, "sheets": n, "steps": [s for s, _ in where[code].most_common()]}
            for code, n in ranked]


def class_summary(exercise, results: list, lang: str, title: str = "") -> list:
    """The class at a glance for one exercise (or a class's variants of one): per step how many
    are right; common mistakes."""
    title = title or title_of(exercise, lang) or (results[0].sheet.problem_file or "")
    table = Grid([Column(tr("class.step", lang)),
                  Column(tr("col.symbol", lang), style="hc.symbol"),
                  Column(tr("class.right", lang), "right"),
                  Column(tr("class.common", lang))],
                 title=tr("class.summary", lang, title=title, n=len(results)))
    for row in step_summary(exercise, results):
        n, ok = row["sheets"], row["right"]
        share = f"{ok}/{n} {percent_text(ok, n):>3}%"
        style = "hc.right" if ok == n else ("hc.wrong" if ok * 2 < n else "hc.carried")
        common = ("、" if lang == "ja" else ", ").join(f"{verdict_words(exercise, v, lang)} ×{c}"
                           for v, c in row["verdicts"][:2])
        table.add_row(Text(row["step"]), Text(exercise.symbols.name(row["step"])[0]),
                      Text(share, style=style), Text(common))
    parts: list = [table]
    mistakes = mistake_summary(results)
    if mistakes:
        mt = Grid([Column(tr("class.code", lang)), Column(tr("class.mistake", lang)),
                   Column(tr("class.count", lang), "right"), Column(tr("class.where", lang))],
                  title=tr("class.mistakes", lang))
        for row in mistakes[:8]:
            mt.add_row(Text(row["code"], style="hc.mistake"),
                       Text(mistake_name(exercise, row["code"], lang)), Text(str(row["sheets"])),
                       Text(", ".join(row["steps"][:4])))
        parts += [Text(""), mt]
    else:
        parts.append(Text(tr("class.none", lang), style="hc.note"))
    return parts



def class_report(results: list, lang: str, one_class: bool = False,
                 missing: list | tuple = (), title: str = "") -> Group:
    """Many sheets: one line per sheet, then a class summary per exercise answered — or, for a
    class (``check --class``), one summary across its variants, the students who need help
    first and those who handed in nothing."""
    parts: list = [sheets_table(results, lang)]
    for exercise, group in _groups(results, one_class):
        parts.append(Text(""))
        parts += class_summary(exercise, group, lang, title)
    if one_class:
        needy = help_first(results)
        if needy:
            parts += [Text(""), Text(tr("class.help_first", lang), style="hc.title")]
            for r in needy:
                sid, name, _ = student_of(r)
                first = r.graded.first_error()
                where = f"  {first.id}: {first.verdict.split(':', 1)[-1]}" if first else ""
                parts.append(Text(f"  {sid} {name}  {points_text(r.graded.points)}/"
                                  f"{r.graded.total}{where}"))
        if missing:
            parts += [Text(""), Text(tr("class.missing", lang, n=len(missing), who=", ".join(
                f"{s.id} {s.name}".strip() for s in missing)), style="hc.wrong")]
    graded = [r for r in results if r.graded is not None]
    # a sheet that brought its own problem is not marked on the class's: not in the mean
    counted = [r for r in graded if "inlined_problem" not in r.flags]
    mean = (sum(100 * r.graded.points / r.graded.total for r in counted if r.graded.total)
            / len(counted)) if counted else 0
    parts.append(Text(""))
    total = tr("class.total", lang, ok=sum(1 for r in graded if r.all_right), n=len(results),
               bad=len(results) - len(graded), mean=f"{mean:.0f}")
    if len(counted) < len(graded):
        stop = total[-1] if total[-1] in ".。" else ""
        total = total[:len(total) - len(stop)] + tr("class.inlined_out", lang,
                                                    n=len(graded) - len(counted)) + stop
    parts.append(Text(total, style="hc.title"))
    return Group(*parts)


# --- JSON and CSV -----------------------------------------------------------------------------


def _json_number(value: Any) -> Any:
    if value is None or isinstance(value, str):  # a formula exercise's formula: its text
        return value
    try:
        number = to_json_number(value)
    except (OverflowError, ValueError):
        return None
    return 0 if number == 0 else number  # no -0.0


def item_json(exercise, item: Item, lang: str) -> dict:
    """One element: id, verdict (a stable code), expected, and what else explains it."""
    out: dict[str, Any] = {"id": item.id, "step": item.step, "verdict": item.verdict,
                           "expected": _json_number(item.expected),
                           "answer": _json_number(item.answer), "written": item.text}
    if item.followthrough is not None:
        key = "mistake_value" if item.kind == "mistake" else "followthrough"
        out[key] = _json_number(item.followthrough)
    if item.reason:
        out["reason"] = item.reason
    details = getattr(item, "details", None)  # a formula item's explanation lines
    if details:
        from .report_sheet import detail_text

        out["details"] = [detail_text(d, lang) for d in details]
    if item.kind == "mistake":
        marks = letters(exercise)
        out["source"] = item.source
        out["mistakes"] = []
        for code in item.codes:
            m = find(exercise, code)
            if m is not None:
                out["mistakes"].append({"code": code, "name": m.text("name", lang, marks),
                                        "explanation": m.text("explain", lang, marks),
                                        "formula": m.text("formula", lang, marks)})
    return out


def sheet_json(checked, lang: str) -> dict:
    """One sheet as design.md's JSON: file, error, score, items."""
    if checked.error is not None:
        return {"file": checked.file, "error": checked.error, "problem": checked.problem,
                "flags": checked.flags, "score": None, "items": []}
    exercise, g = checked.sheet.exercise, checked.graded
    first = g.first_error()
    return {
        "file": checked.file,
        "error": None,
        "name": checked.sheet.name,
        "problem": checked.problem,
        "flags": checked.flags,
        "warnings": list(checked.warnings),
        "notes": list(checked.notes),
        "score": {"points": g.points, "total": g.total,
                  "percent": round(100 * g.points / g.total, 1) if g.total else 100.0},
        "counts": g.counts(),
        "all_right": g.all_right,
        "first_error": first.id if first else None,
        "items": [item_json(exercise, i, lang) for i in g.items],
    }


def report_json(results: list, lang: str, one_class: bool = False,
                missing: list | tuple = ()) -> dict:
    """Every sheet, and a summary per exercise (one for a class, across its variants):
    {"handcalc": 1, "sheets": […], "summary": […]}; for a class also "missing" (the students
    who handed in no sheet) and each sheet's "student" (id, name, variant)."""
    summary = []
    for exercise, group in _groups(results, one_class):
        summary.append({
            "problem": group[0].sheet.problem_file, "title": exercise.title,
            "sheets": len(group),
            "steps": [{"step": r["step"], "right": r["right"], "sheets": r["sheets"],
                       "verdicts": dict(r["verdicts"])} for r in step_summary(exercise, group)],
            "mistakes": mistake_summary(group),
        })
    sheets = [sheet_json(r, lang) for r in results]
    for out, r in zip(sheets, results):
        sid, name, variant = student_of(r)
        out["student"] = {"id": sid, "name": name, "variant": variant}
    report = {"handcalc": 1, "sheets": sheets, "summary": summary}
    if one_class:
        report["missing"] = [{"id": s.id, "name": s.name} for s in missing]
    return report


CSV_COUNTS = ("right", "carried", "rounding", "mistake", "wrong", "blank", "unreadable")


def report_csv(results: list, one_class: bool = False) -> str:
    """A spreadsheet of scores, one row per sheet: who (id, name, variant), score and max, then
    the details and the points of each step in its own column.  UTF-8 with a BOM, so Excel
    shows Japanese names as written; no cell starts a formula."""
    steps: list[str] = []
    for exercise, _ in _groups(results, one_class):
        for step in exercise.graph.asked():
            if step.id not in steps:
                steps.append(step.id)
    import csv
    import io

    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "variant", "score", "max", "percent", "file", "problem",
                     "flags", "error", "warnings", *CSV_COUNTS, "first_error", *steps])
    for r in results:
        who = [_cell(x) for x in student_of(r)]
        if r.error is not None:
            writer.writerow(who + ["", "", "", _cell(r.file), _cell(r.problem or ""),
                                   " ".join(r.flags), _cell(r.error)]
                            + [""] * (2 + len(CSV_COUNTS) + len(steps)))
            continue
        g = r.graded
        per_step: dict[str, float] = {}
        for item in g.items:
            per_step[item.step] = per_step.get(item.step, 0.0) + item.points
        first = g.first_error()
        counts = g.counts()
        writer.writerow(who + [points_text(g.points), g.total, percent_text(g.points, g.total),
                               _cell(r.file), _cell(r.problem or ""), " ".join(r.flags), "",
                               _cell("; ".join(r.warnings)), *[counts[k] for k in CSV_COUNTS],
                               f"{first.id} {first.verdict}" if first else "",
                               *[points_text(per_step[s]) if s in per_step else ""
                                 for s in steps]])
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run (OWASP's rule for CSV injection): one that
    starts with = + - @, a tab or a carriage return gets a leading ' and is shown as text."""
    return "'" + text if text.startswith(_FORMULA_START) else text
