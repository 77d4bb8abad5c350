"""One reader for handcalc's YAML documents — problems of every kind, answer sheets and class
manifests: errors placed at their node (file, line, column), the header and its version
checked the same way, and one "did you mean" rule for every misspelt key, name or choice.

The text itself is parsed by ``yamlsafe`` (bounded, positioned nodes); this module reads the
nodes.  Each kind's loader builds on ``Reader`` with its own values (a network's bounded
numbers, a graph's node calls, a formula family's definitions).
"""

from __future__ import annotations

from collections.abc import Sequence

from .yamlsafe import InputError, Node

FORMAT = 1  # the format version every document declares with 'handcalc: 1'


def _squash(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "").replace(" ", "")


def did_you_mean(word: str, options: Sequence[str]) -> str | None:
    """The option a misspelt word most likely meant, or None: first the option equal to it when
    case, '_', '-' and spaces are ignored ('Learning Rate', 'dw2'), then the closest spelling
    (difflib's ratio ≥ 0.6: 'learning_rat' → 'learning_rate')."""
    squashed = {_squash(o): o for o in options}
    if _squash(word) in squashed:
        return squashed[_squash(word)]
    import difflib  # only for a misspelt word

    near = difflib.get_close_matches(_squash(word), list(squashed), n=1, cutoff=0.6)
    return squashed[near[0]] if near else None


def hint(word: str, options: Sequence[str], listing: str = "") -> str:
    """"; did you mean 'x'?" for a misspelt word, else "; " + ``listing`` (or nothing)."""
    near = did_you_mean(word, options)
    if near is not None:
        return f"; did you mean '{near}'?"
    return f"; {listing}" if listing else ""


class Reader:
    """Reads one document's nodes, raising InputErrors that name the file and the place."""

    def __init__(self, file: str | None):
        self.file = file

    def error(self, node: Node | None, message: str, offset: int | None = None) -> InputError:
        """An InputError at ``node`` (at ``offset`` characters into a scalar's text)."""
        line = node.line if node else None
        col = node.col if node else None
        if node is not None and offset is not None and node.kind == "scalar" and col is not None:
            col += offset + (0 if node.plain else 1)
        return InputError(message, self.file, line, col)

    def mapping(self, node: Node | None, where: str, allowed: Sequence[str],
                example: str) -> dict[str, Node]:
        """A mapping's values by key; an unknown key is an error with a "did you mean"."""
        if node is None or node.kind != "map":
            found = "nothing" if node is None else node.describe()
            raise self.error(node, f"{where} should be a mapping of 'key: value' lines, like "
                                   f"'{example}'; found {found}")
        for key, (key_node, _) in node.entries.items():
            if key not in allowed:
                raise self.error(key_node, f"unknown key '{key}' in {where}"
                                 + hint(key, allowed, f"the keys are: {', '.join(allowed)}"))
        return {k: v for k, (_, v) in node.entries.items()}

    def document(self, root: Node | None, where: str, allowed: Sequence[str],
                 empty: str = "") -> dict[str, Node]:
        """A document's top-level values by key, its keys and header checked (``mapping``, then
        ``version``); ``empty`` is the message for an empty file, when it has its own."""
        if root is None and empty:
            raise self.error(None, empty)
        top = self.mapping(root, where, allowed, f"handcalc: {FORMAT}")
        assert root is not None  # mapping() raised otherwise
        self.version(root, top)
        return top

    def version(self, root: Node, top: dict[str, Node]) -> None:
        """The header: 'handcalc: 1' present and of the version this program reads."""
        if "handcalc" not in top:
            raise self.error(root, f"missing 'handcalc: {FORMAT}' (the format version); add it "
                                   "as the first line")
        version = top["handcalc"]
        if version.kind != "scalar" or (version.text or "").strip() != str(FORMAT):
            raise self.error(version, f"handcalc: should be {FORMAT}, the format version this "
                                      f"program reads; found {version.describe()}")

    def choice(self, node: Node, where: str, options: Sequence[str], what: str) -> str:
        """One of ``options``; else an error naming them, with a "did you mean"."""
        value = node.value if node.kind == "scalar" else None
        if isinstance(value, str) and value in options:
            return value
        near = did_you_mean(value, options) if isinstance(value, str) else None
        start = f"did you mean '{near}'? (" if near else "write one of: "
        tail = ")" if near else ""
        if isinstance(value, str):
            found = f"'{value}' is not {what}"
        else:
            found = f"found {node.describe()}, not {what}"
        raise self.error(node, f"{where}: {found}; {start}{', '.join(options)}{tail}")
