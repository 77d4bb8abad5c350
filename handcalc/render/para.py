"""A paragraph that wraps where a line may break in Japanese as in English, with a hanging
indent — for the notes and explanations handcalc prints (rich alone breaks only at spaces, so a
Japanese sentence breaks at its one ASCII space, or anywhere when it has none).

Where a line may start (JIS X 4051's rules, simplified):
- after a space, unless a wide (Japanese) character follows it ('3 個', 'softmax は' stay
  together — Japanese puts no break there);
- between two characters one of which is wide, unless the second may not start a line
  (、。）」ー small kana …) or the first may not end one (（「 …);
- never inside a run of ASCII letters, digits and symbols (a formula, a path, an id).
Continuation lines are indented under the text that follows the leading spaces and a leading
mark (⚠, •, ✗ …), so a note reads as one block.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.text import Text

NOT_AT_LINE_START = set("、。，．・：；？！ー…‥）」』】〕〉》｝］〙〗)]},.:;!?%"
                        "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻゛゜′″")
NOT_AT_LINE_END = set("（「『【〔〈《｛［〘〖([{")
MARKS = set("⚠•✗✓↪?·⚑-*")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def may_start_line(text: str, i: int) -> bool:
    """Whether a line may start at ``text[i]`` (0 < i < len(text))."""
    before, here = text[i - 1], text[i]
    if here == " ":
        return False
    if before == " ":
        return not _wide(here)
    if not (_wide(before) or _wide(here)):
        return False
    return here not in NOT_AT_LINE_START and before not in NOT_AT_LINE_END


def hanging_indent(text: str) -> int:
    """The cells a continuation line is indented by: the leading spaces, and a leading mark
    with its space ('  ⚠ …' → 4)."""
    n = len(text) - len(text.lstrip(" "))
    rest = text[n:]
    if len(rest) > 2 and rest[0] in MARKS and rest[1] == " ":
        n += 1 + cell_len(rest[0])
    return n


def wrap_offsets(text: str, width: int, indent: int) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` wrapped to ``width`` cells, continuation lines
    ``indent`` cells in; spaces at a break are dropped."""
    lines: list[tuple[int, int]] = []
    start, room = 0, width
    while start < len(text):
        if cell_len(text[start:]) <= room:
            lines.append((start, len(text)))
            break
        fit, used = start, 0  # the longest prefix that fits the room
        while fit < len(text) and used + cell_len(text[fit]) <= room:
            used += cell_len(text[fit])
            fit += 1
        end = next((i for i in range(fit, start, -1) if may_start_line(text, i)), None)
        if end is None or end == start:
            end = max(fit, start + 1)  # nowhere to break: fold where the room ends
        stop = end
        while stop > start + 1 and text[stop - 1] == " ":
            stop -= 1
        lines.append((start, stop))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
        room = max(width - indent, 8)
    return lines


class Para:
    """A rich renderable: ``text`` wrapped at the console's width (see the module's rules)."""

    def __init__(self, text: Text | str, style: str = "", indent: int | None = None):
        self.text = text if isinstance(text, Text) else Text(text, style=style)
        if style and isinstance(text, Text):
            self.text.stylize(style)
        self.indent = hanging_indent(self.text.plain) if indent is None else indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = self.text.plain
        pad = " " * self.indent
        for n, (start, end) in enumerate(wrap_offsets(plain, options.max_width, self.indent)):
            if n:
                yield Segment(pad)
            yield from self.text[start:end].render(console, end="")
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions):
        from rich.measure import Measurement

        return Measurement(min(self.indent + 8, options.max_width),
                           min(cell_len(self.text.plain), options.max_width))
