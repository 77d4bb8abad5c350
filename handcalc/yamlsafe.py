"""Reading untrusted YAML safely, keeping where every value stood.

PyYAML's composer (C or Python) recurses once per nesting level: a file of 100,000 ``[`` crashes
the C one and takes a minute in libyaml's parser.  So handcalc reads the *event stream* of the
safe parser (the C one when present) and builds its own small tree, iteratively, stopping at
the first event that breaks a limit: depth, node count, aliases (no billion laughs), explicit
tags (no code from a tag), duplicate keys.  Every node keeps its line and column (1-based), and
scalars keep their text, so ``0.1`` can be read as exactly 1/10.  It is given text: files are
read at the edge (files.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

try:  # the C parser when PyYAML was built with libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the build
    from yaml import SafeLoader as _Loader

MAX_DEPTH = 16
MAX_NODES = 100_000
MAX_BYTES = 1 << 20

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class InputError(Exception):
    """A user's file that cannot be used: where (file, line, column) and what to do."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 col: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col

    def located(self, file: str | None = None) -> InputError:
        """The same error, naming this file if it named none."""
        if self.file is None and file is not None:
            self.file = file
        return self

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return " ".join(f"{where}: {self.message}".split("\n"))  # always one line


class Node:
    """One YAML value and where it stood: a scalar (text), a list, or a mapping.

    (A class with slots written out rather than a dataclass: every command reads YAML, and
    building a dataclass costs about 0.4 ms of each command's start-up.)"""

    __slots__ = ("kind", "line", "col", "text", "plain", "items", "entries")

    def __init__(self, kind: str, line: int, col: int, text: str | None = None,
                 plain: bool = True) -> None:
        self.kind = kind  # "scalar" | "seq" | "map"
        self.line = line
        self.col = col
        self.text = text  # a scalar's source text
        self.plain = plain  # an unquoted scalar
        self.items: list[Node] = []  # seq items
        self.entries: dict[str, tuple[Node, Node]] = {}  # map: key → (key, value)

    def _fields(self) -> tuple[Any, ...]:
        return (self.kind, self.line, self.col, self.text, self.plain, self.items, self.entries)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        return (f"Node(kind={self.kind!r}, line={self.line}, col={self.col}, text={self.text!r},"
                f" plain={self.plain}, items={self.items!r}, entries={self.entries!r})")

    @property
    def value(self) -> Any:
        """A scalar's meaning: None, a bool, or its text (numbers are read by the caller)."""
        if self.kind != "scalar":
            raise TypeError("not a scalar")
        if self.plain:
            if self.text in _NULLS:
                return None
            if self.text in _TRUE:
                return True
            if self.text in _FALSE:
                return False
        return self.text

    def describe(self) -> str:
        """What this node is, in words, for messages: 'a list of 3 items', 'a mapping',
        'nothing (blank)', 'true', a number as written (0.5), other text quoted ('abc')."""
        if self.kind == "seq":
            n = len(self.items)
            return "an empty list" if n == 0 else f"a list of {n} item{'s' if n != 1 else ''}"
        if self.kind == "map":
            return "a mapping (key: value lines)"
        v = self.value
        if v is None:
            return "nothing (blank)"
        if isinstance(v, bool):
            return str(v).lower()
        text: str = v if len(v) <= 40 else v[:37] + "..."
        text = text.replace("\n", "\\n")
        if self.plain and _NUMBERISH.fullmatch(v):
            return text
        return f"'{text}'"


_NUMBERISH = re.compile(r"[-+]?[0-9][0-9.eE+-]*")
# characters YAML itself refuses (control characters; \t \n \r are fine), and lone surrogates
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff"
                        "\ufffe\uffff]")


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of a character index in ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _short_tag(tag: str) -> str:
    """A tag as it was written: 'tag:yaml.org,2002:python/name:x' → '!!python/name:x'."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


# What the YAML parser (libyaml's or PyYAML's own, whose wordings differ and change between
# releases) found, recognised by a few words of its problem, in the project's own words.  The
# library's text is never shown: a user reads one message whichever parser ran.
_PROBLEMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tab character",), "a tab; indent with spaces, never tabs"),
    (("expected ',' or ']'",), "a ']' is missing, or a ',' between two items"),
    (("expected ',' or '}'",), "a '}' is missing, or a ',' between two entries"),
    (("could not find expected ':'",), "expected 'key: value' (a ':' after the key)"),
    (("mapping values are not allowed",),
     "a ':' here is not allowed; one 'key: value' per line, and quote text that contains ': '"),
    (("sequence entries are not allowed",),
     "a '- ' list item cannot start here; put it on its own line, indented under its key"),
    (("expected '-' indicator", "expected <block end>, but found '?'"),
     "this line is not a '- ' item like the lines above it; check its indentation"),
    (("did not find expected key", "expected <block end>"),
     "this line's indentation does not match the 'key: value' lines above it"),
    (("expected node content", "expected the node content"),
     "a value is missing here (a ',' or a bracket too many?)"),
    (("unexpected end of stream",), "the file ends before this is closed; close it"),
    (("unknown escape character",),
     "in \"double quotes\" a backslash starts an escape like \\n; use 'single quotes' or write "
     "\\\\"),
    (("document start",), "text after the end of the document (a closing bracket too many?)"),
    (("incompatible yaml document",), "a %YAML directive other than 1.x; delete it"),
    (("tag handle",), "an unknown '!' tag; handcalc reads plain values only, delete it"),
    (("alphabetic or numeric character",),
     "anchors and aliases (& and *) are not allowed; write the values out"),
)

_CONTEXTS = {  # where the parser was, in a learner's words
    "flow sequence": "the [ … ] list",
    "flow mapping": "the { … } mapping",
    "block mapping": "the block of 'key: value' lines",
    "block collection": "the indented block",
    "quoted scalar": "the quoted text",
    "simple key": "the key",
    "block scalar": "the | or > text block",
    "plain scalar": "the value",
    "a flow node": "the value",
    "a block node": "the value",
    "directive": "the % directive",
}


def _yaml_problem(e: yaml.MarkedYAMLError, text: str) -> str:
    """One line saying what is wrong with the YAML, in the project's words (never the parser's)."""
    said = (e.problem or "").lower()
    mark = e.problem_mark
    at = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if "cannot start any token" in said:
        if at == "\t":
            return "not valid YAML: a tab; indent with spaces, never tabs"
        problem = (f"the character {at!r} cannot start a value here; quote the text" if at
                   else "a character that cannot start a value here; quote the text")
    else:
        problem = next((ours for words, ours in _PROBLEMS if any(w in said for w in words)),
                       "this is not valid YAML here; check the brackets, quotes and indentation")
    where = ""
    if e.context and e.context_mark is not None:
        words = e.context.replace("while parsing ", "").replace("while scanning ", "")
        words = next((nice for known, nice in _CONTEXTS.items() if known in words), "the part")
        if e.context_mark.line != getattr(mark, "line", None):
            where = (f" ({words} that starts on line {e.context_mark.line + 1}, column "
                     f"{e.context_mark.column + 1})")
    return f"not valid YAML: {problem}{where}"


def parse(text: str, file: str | None = None, *, max_depth: int = MAX_DEPTH,
          max_nodes: int = MAX_NODES, max_chars: int = MAX_BYTES) -> Node | None:
    """The one YAML document in ``text`` as a Node tree (None for an empty document)."""
    if len(text) > max_chars:
        raise InputError(f"is larger than {max_chars // 1024} KiB; a handcalc file is small — "
                         "is this the right file?", file)
    bad = _FORBIDDEN.search(text)
    if bad:
        line, col = _position(text, bad.start())
        code = ord(bad.group())
        what = ("half of a broken character pair" if 0xD800 <= code <= 0xDFFF
                else "a control character")
        raise InputError(f"{what} (U+{code:04X}) that YAML does not allow; delete it (was the "
                         "file saved as UTF-8 text?)", file, line, col)
    stack: list[Node] = []
    pending_key: list[Node | None] = []
    root: Node | None = None
    count = 0
    documents = 0

    def fail(message: str, mark: Any) -> InputError:
        return InputError(message, file, mark.line + 1 if mark else None,
                          mark.column + 1 if mark else None)

    def attach(node: Node, mark: Any) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
        elif pending_key[-1] is None:
            if node.kind != "scalar":
                raise fail("a key must be a plain name, not a list or a mapping", mark)
            key = node.text or ""
            if key in parent.entries:
                first = parent.entries[key][0]
                raise fail(f"key '{key}' is given twice, on line {first.line} and on line "
                           f"{node.line}; keep one", mark)
            pending_key[-1] = node
        else:
            key_node = pending_key[-1]
            parent.entries[key_node.text or ""] = (key_node, node)
            pending_key[-1] = None

    try:
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent):
                raise fail("anchors and aliases (& and *) are not allowed; write the values out",
                           mark)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail("more than one YAML document (---); a file holds one", mark)
                continue
            if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent,
                                  yaml.MappingStartEvent)):
                if event.anchor is not None:
                    raise fail("anchors and aliases (& and *) are not allowed; write the values "
                               "out", mark)
                tag = event.tag
                explicit = (not event.implicit[0] and not event.implicit[1]) if isinstance(
                    event, yaml.ScalarEvent) else not event.implicit
                if tag is not None and explicit and tag not in ("!", "tag:yaml.org,2002:str"):
                    raise fail(f"the YAML tag '{_short_tag(tag)}' is not allowed (handcalc reads "
                               "plain values only); delete the tag", mark)
                count += 1
                if count > max_nodes:
                    raise fail(f"too many values (more than {max_nodes}); a handcalc file is small",
                               mark)
                line, col = mark.line + 1, mark.column + 1
                if isinstance(event, yaml.ScalarEvent):
                    plain = event.style in (None, "") and event.implicit[0]
                    attach(Node("scalar", line, col, text=event.value, plain=plain), mark)
                    continue
                if len(stack) >= max_depth:
                    raise fail(f"nested deeper than {max_depth} levels; a handcalc file is flat",
                               mark)
                node = Node("seq" if isinstance(event, yaml.SequenceStartEvent) else "map",
                            line, col)
                attach(node, mark)
                stack.append(node)
                pending_key.append(None)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                stack.pop()
                pending_key.pop()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if "nesting depth" in (e.problem or "") and mark is not None and 0 < mark.index < len(text):
            # libyaml has a depth limit of its own (1,000 since 0.2.6) and scans ahead to it before
            # handing over the events; the text before its stop is shallow enough to be read, so
            # our own limit (much lower) says where the file went too deep.
            parse(text[: mark.index], file, max_depth=max_depth, max_nodes=max_nodes,
                  max_chars=max_chars)
            raise fail(f"nested deeper than {max_depth} levels; a handcalc file is flat",
                       mark) from None
        raise fail(_yaml_problem(e, text), mark) from None
    except yaml.reader.ReaderError as e:  # the scan above finds these first; a safety net
        index = len(text.encode("utf-8")[: e.position].decode("utf-8", "ignore"))
        line, col = _position(text, index)
        raise InputError(f"not valid YAML: {e.reason}", file, line, col) from None
    except yaml.YAMLError as e:
        raise InputError("not valid YAML: " + " ".join(str(e).split()), file) from None
    except UnicodeError:  # pragma: no cover - the scan above refuses surrogates first
        raise InputError("is not UTF-8 text; save it as UTF-8", file) from None
    return root


def title_words(node: Node, fail: Callable[[Node, str], Exception]) -> dict[str, str]:
    """A title: one line of text, or one per language, ``{en: …, ja: …}`` → {"en": …, "ja": …}
    (a plain title is the English one, shown in every language)."""
    def line(n: Node, where: str) -> str:
        if n.kind != "scalar":
            raise fail(n, f"{where} should be one line of text; found {n.describe()}")
        return "" if n.value is None else n.text or ""

    if node.kind != "map":
        return {"en": line(node, "title")}
    words = {}
    for key, (key_node, value) in node.entries.items():
        if key not in ("en", "ja"):
            raise fail(key_node, f"title: '{key}' is not a language; write title: {{en: …, ja: …}}")
        words[key] = line(value, f"title.{key}")
    if "en" not in words:
        raise fail(node, "title: needs its English words too, as title: {en: …, ja: …}")
    return words


def quoted(value: str) -> str:
    """A string as a double-quoted YAML scalar, for files handcalc writes (JSON's escapes are
    YAML's: a quote, a backslash or a line break inside cannot end the scalar)."""
    import json

    return json.dumps(value, ensure_ascii=False)
