"""A table that draws itself: the look of a rich Table (heavy head, sections), at a fraction of
its cost when every row fits on one line.

A rich Table measures, pads and crops every cell through several renderables — about a tenth
of a millisecond a cell, which is most of ``handcalc check``'s time on one sheet.  ``Grid``
knows its cells are single lines of text, sizes its columns once, and yields the segments of
each line directly.  When the table is wider than the console its widest columns shrink and
their long cells wrap (rich's own wrapping, for those cells only); only a console too narrow
for that hands over to a rich Table.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text


class Column(NamedTuple):
    """One column: its header, how its cells are justified (left | right) and a rich style."""

    header: str
    justify: Literal["left", "right"] = "left"
    style: str = ""


class Grid:
    """Columns, rows of one-line cells (str or Text), and section breaks between groups."""

    def __init__(self, columns: list[Column], title: str = ""):
        self.columns = columns
        self.title = title
        self.rows: list[list[Text]] = []
        self.sections: set[int] = set()  # a rule above these row numbers

    def add_row(self, *cells: str | Text) -> None:
        """Append a row, one cell per column (plain strings become Text)."""
        self.rows.append([c if isinstance(c, Text) else Text(c) for c in cells])

    def add_section(self) -> None:
        """Draw a rule above the next row (none before the first row)."""
        if self.rows:
            self.sections.add(len(self.rows))

    def widths(self) -> list[int]:
        """Each column's width in terminal cells: its widest cell or its header."""
        return [max([cell_len(col.header)] + [row[i].cell_len for row in self.rows])
                for i, col in enumerate(self.columns)]

    def as_table(self) -> Table:
        """The same content as a rich Table (wraps when it does not fit)."""
        table = Table(title=self.title or None, title_style="hc.title", title_justify="left")
        for col in self.columns:
            table.add_column(col.header, justify=col.justify, style=col.style or None)
        for n, row in enumerate(self.rows):
            if n in self.sections:
                table.add_section()
            table.add_row(*row)
        return table

    def fit(self, widths: list[int], max_width: int) -> list[int] | None:
        """Column widths that fit ``max_width``: the widest columns shrink (to 12 at least),
        their long cells wrap; None when even that does not fit."""
        widths = list(widths)
        room = max_width - (3 * len(widths) + 1)
        while sum(widths) > room:
            widest = max(range(len(widths)), key=lambda i: widths[i])
            others = sum(widths) - widths[widest]
            target = max(room - others, max(widths[i] for i in range(len(widths)) if i != widest)
                         if len(widths) > 1 else room)
            if target >= widths[widest]:
                target = widths[widest] - 1
            if target < 12:
                return None
            widths[widest] = target
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.fit(self.widths(), options.max_width)
        if widths is None:
            yield self.as_table()
            return
        border = console.get_style("table.border", default="")
        header_style = console.get_style("table.header", default="bold")
        new_line = Segment.line()
        if self.title:
            yield Text(self.title, style="hc.title")

        def rule(left: str, fill: str, cross: str, right: str) -> list[Segment]:
            text = left + cross.join(fill * (w + 2) for w in widths) + right
            return [Segment(text, border), new_line]

        def wrapped(cell: Text, width: int) -> list[Text]:
            if cell.cell_len <= width:
                return [cell]
            return list(cell.wrap(console, width, overflow="fold"))

        def line(cells: list[Text], bar: str, style=None) -> list[Segment]:
            parts = [wrapped(cell, width) for cell, width in zip(cells, widths)]
            out = []
            for k in range(max(len(p) for p in parts)):
                out.append(Segment(bar, border))
                for part, width, col in zip(parts, widths, self.columns):
                    cell = part[k] if k < len(part) else Text("")
                    gap = " " * (width - cell.cell_len)
                    out.append(Segment(" " + (gap if col.justify == "right" else "")))
                    base = console.get_style(col.style, default="") if col.style else None
                    if style is not None:
                        base = style
                    # the column's style, then the cell's own (Text.render leaves that out)
                    own = console.get_style(cell.style, default="") if cell.style else None
                    outer = (base + own) if base and own else (own or base)
                    if not cell.spans:  # plain text in one style: one segment
                        out.append(Segment(cell.plain, outer))
                    else:
                        for seg in cell.render(console, end=""):
                            seg_style = ((outer + seg.style) if outer and seg.style
                                         else (seg.style or outer))
                            out.append(Segment(seg.text, seg_style))
                    out.append(Segment(("" if col.justify == "right" else gap) + " "))
                    out.append(Segment(bar, border))
                out.append(new_line)
            return out

        yield from rule("┏", "━", "┳", "┓")
        yield from line([Text(c.header) for c in self.columns], "┃", header_style)
        yield from rule("┡", "━", "╇", "┩")
        for n, row in enumerate(self.rows):
            if n in self.sections:
                yield from rule("├", "─", "┼", "┤")
            yield from line(row, "│")
        yield from rule("└", "─", "┴", "┘")
