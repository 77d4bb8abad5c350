"""The safe YAML reader: its own positioned tree from the event stream, refusing what could hurt."""

from __future__ import annotations

import pytest

from handcalc import files, yamlsafe
from handcalc.files import read_text
from handcalc.yamlsafe import InputError, Node, parse


def fails(text: str, **limits) -> InputError:
    with pytest.raises(InputError) as info:
        parse(text, "f.yaml", **limits)
    err = info.value
    assert "\n" not in str(err)
    return err


# --- the tree and its positions ----------------------------------------------------------------


def test_positions_are_one_based_line_and_column():
    root = parse("handcalc: 1\nlayers:\n  - W: [[0.1, 0.2]]\n")
    assert (root.kind, root.line, root.col) == ("map", 1, 1)
    key, value = root.entries["handcalc"]
    assert (key.line, key.col) == (1, 1)
    assert (value.line, value.col, value.text) == (1, 11, "1")
    layer = root.entries["layers"][1].items[0]
    assert (layer.line, layer.col) == (3, 5)
    w = layer.entries["W"][1]
    assert (w.line, w.col) == (3, 8)
    assert (w.items[0].items[1].line, w.items[0].items[1].col) == (3, 15)


def test_columns_count_characters_not_bytes():
    root = parse("タイトル: [1, 2]\n")
    value = root.entries["タイトル"][1]
    assert (value.col, value.items[1].col) == (7, 11)


def test_scalars_keep_their_text():
    root = parse("a: 0.1\nb: 1/3\nc: 1e-3\nd: '0.10'\n")
    assert [root.entries[k][1].text for k in "abcd"] == ["0.1", "1/3", "1e-3", "0.10"]


def test_quoted_and_plain_scalars():
    root = parse('a: "1/3"\nb: 1/3\nc: "true"\nd: "~"\ne: \'null\'\n')
    get = {k: v for k, (_, v) in root.entries.items()}
    assert not get["a"].plain and get["b"].plain
    assert get["c"].value == "true"  # quoted: text, not a bool
    assert get["d"].value == "~" and get["e"].value == "null"  # quoted: text, not null


@pytest.mark.parametrize("text, value", [
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None),
    ("true", True), ("True", True), ("TRUE", True),
    ("false", False), ("False", False), ("FALSE", False),
    ("yes", "yes"), ("no", "no"), ("on", "on"),  # YAML 1.1's yes/no are plain words here
    ("0.5", "0.5"), ("W", "W"),
])
def test_nulls_and_bools(text, value):
    node = parse(f"a: {text}\n").entries["a"][1]
    assert node.value == value
    assert type(node.value) is type(value)


def test_empty_documents_are_none():
    assert parse("") is None
    assert parse("# only a comment\n") is None


def test_describe_says_what_was_found():
    root = parse("a: [1, 2, 3]\nb: {x: 1}\nc: ~\nd: true\ne: 0.5\nf: abc\ng: [1]\nh: []\n")
    got = {k: v.describe() for k, (_, v) in root.entries.items()}
    assert got == {"a": "a list of 3 items", "b": "a mapping (key: value lines)",
                   "c": "nothing (blank)", "d": "true", "e": "0.5", "f": "'abc'",
                   "g": "a list of 1 item", "h": "an empty list"}
    assert len(Node("scalar", 1, 1, text="x" * 1000).describe()) < 50


def test_bom_and_crlf_are_fine(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    root = files.load_yaml(str(path))
    assert root.entries["b"][1].line == 2


# --- what is refused ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",
    "a: &x [1, 2]\n",
    'a: &a ["lol", "lol"]\nb: &b [*a, *a]\nc: &c [*b, *b]\n',  # a billion laughs, in small
    "a: *undefined\n",
])
def test_anchors_and_aliases_are_refused(text):
    err = fails(text)
    assert "anchors and aliases (& and *) are not allowed" in err.message
    assert err.line == 1


@pytest.mark.parametrize("text, shown", [
    ("a: !!python/object/apply:os.system ['ls']\n", "!!python/object/apply:os.system"),
    ("a: !!python/name:os.system\n", "!!python/name:os.system"),
    ("a: !!int 12\n", "!!int"),
    ("!!map {a: 1}\n", "!!map"),
    ("a: !custom 1\n", "!custom"),
    ("a: !<tag:yaml.org,2002:python/object> 1\n", "!!python/object"),
])
def test_tags_are_refused(text, shown):
    err = fails(text)
    assert f"the YAML tag '{shown}' is not allowed" in err.message


def test_a_plain_string_tag_is_harmless():
    assert parse("a: !!str 12\n").entries["a"][1].text == "12"


def test_duplicate_keys_name_both_lines():
    err = fails("a: 1\nb: 2\na: 3\n")
    assert err.message == "key 'a' is given twice, on line 1 and on line 3; keep one"
    assert (err.line, err.col) == (3, 1)
    err = fails("l:\n  - {W: 1,\n     W: 2}\n")
    assert "key 'W' is given twice, on line 2 and on line 3" in err.message


def test_a_list_as_a_key_is_refused():
    assert "a key must be a plain name" in fails("? [a]\n: 1\n").message


@pytest.mark.parametrize("text", [
    "[" * 10_000 + "]" * 10_000,
    "[" * 100_000,  # unclosed: must stop at the limit, not scan on
    "{a: " * 10_000,
    "- " * 10_000 + "1",
    "".join("  " * i + "a:\n" for i in range(40)),
])
def test_deep_nesting_stops_at_the_limit(text):
    err = fails(text)
    assert "nested deeper than 16 levels" in err.message
    assert err.line is not None


def test_deep_nesting_is_placed_where_our_limit_is_passed():
    """libyaml stops at its own depth (1,000) before handing over events; the message is ours and
    points at the 17th level, not at libyaml's stop."""
    err = fails("a: " + "[" * 5000)
    assert err.message == "nested deeper than 16 levels; a handcalc file is flat"
    assert (err.line, err.col) == (1, 4 + 15)  # the mapping is level 1, the 16th [ level 17


def test_the_depth_limit_is_exact():
    parse("[" * 16 + "]" * 16)
    assert fails("[" * 3 + "]" * 3, max_depth=2).col == 3


def test_node_limit():
    parse("[" + ", ".join(["1"] * 99) + "]", max_nodes=100)
    err = fails("[" + ", ".join(["1"] * 100) + "]", max_nodes=100)
    assert "too many values (more than 100)" in err.message


def test_size_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# x\n" * 300_000)
    with pytest.raises(InputError) as info:
        read_text(str(path))
    assert "larger than 1024 KiB" in info.value.message
    assert str(info.value).startswith(str(path))
    assert "larger than 1 KiB" in fails("a: 1\n" * 300, max_chars=1024).message


def test_two_documents_are_refused():
    err = fails("a: 1\n---\nb: 2\n")
    assert "more than one YAML document" in err.message
    assert err.line == 2
    parse("---\na: 1\n...\n")  # one document with its markers is fine


@pytest.mark.parametrize("text, where, words", [
    ("a: [1, 2\nb: 3\n", (2, 2), "a ']' is missing, or a ',' between two items (the [ … ] list "
                                  "that starts on line 1, column 4)"),
    ("a: b: c\n", (1, 5), "a ':' here is not allowed"),
    ("a:\n\t- 1\n", (2, 1), "indent with spaces, never tabs"),
    ("a: 'abc\n", (2, 1), "the quoted text that starts on line 1, column 4"),
    ('a: "C:\\q"\n', (1, 7), "a backslash starts an escape"),
])
def test_syntax_errors_are_one_positioned_line(text, where, words):
    err = fails(text)
    assert err.message.startswith("not valid YAML: ")
    assert words in err.message
    assert (err.line, err.col) == where


@pytest.mark.parametrize("text, where, code", [
    ("a: 1\x00\n", (1, 5), "U+0000"),
    ("x: あいう\x07\n", (1, 7), "U+0007"),
    ("a: 1\nb: \x1b[31m\n", (2, 4), "U+001B"),
    ("a: \ud800\n", (1, 4), "U+D800"),
])
def test_control_characters_are_refused_with_their_place(text, where, code):
    err = fails(text)
    assert code in err.message
    assert (err.line, err.col) == where


def test_non_utf8_files_name_the_place(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\ntitle: café\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_text(str(path))
    err = info.value
    assert (err.line, err.col) == (2, 11)
    assert "not UTF-8" in err.message and "0xE9" in err.message


def test_missing_files_and_folders(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(str(tmp_path / "nope.yaml"))
    with pytest.raises(InputError, match="is a folder"):
        read_text(str(tmp_path))


# --- the error itself --------------------------------------------------------------------------


def test_input_error_text():
    assert str(InputError("bad", "p.yaml", 3, 7)) == "p.yaml:3:7: bad"
    assert str(InputError("bad", "p.yaml", 3)) == "p.yaml:3: bad"
    assert str(InputError("bad", "p.yaml")) == "p.yaml: bad"
    assert str(InputError("bad")) == "<input>: bad"
    assert str(InputError("two\nlines", "p.yaml", 1, 1)) == "p.yaml:1:1: two lines"
    err = InputError("bad", None, 2, 1).located("q.yaml")
    assert str(err) == "q.yaml:2:1: bad"
    assert str(err.located("other.yaml")) == "q.yaml:2:1: bad"  # keeps the first file named


SYNTAX_SLIPS = [
    "a: [1, 2\nb: 3\n", "a: {x: 1\nb: 2\n", "a:\n  b: 1\n c: 2\n", "- 1\n- 2\nx\n", "a: [1,\n",
    "a: b: c\n", "a: 'abc\n", "a: - 1\n", "- a\nb: 1\n", "%YAML 2.0\n---\na: 1\n", "a: !x!y 1\n",
    "a: |\n  x\n b\n", "a: @x\n", "{a: 1}}\n", "]\n", "a:\n  - 1\n  b: 2\n", 'a: "x\\q"\n',
    "a: *\n",
]


@pytest.mark.parametrize("text", SYNTAX_SLIPS)
def test_syntax_messages_are_ours_whichever_parser_runs(text, monkeypatch):
    """The C parser and PyYAML's own word their problems differently (and change between releases);
    the user reads the same message from either, and none of the library's phrasing."""
    from_c = fails(text)
    monkeypatch.setattr(yamlsafe, "_Loader", __import__("yaml").SafeLoader)
    from_python = fails(text)
    assert from_c.message == from_python.message
    for theirs in ("did not find", "expected <", "but found", "in this context", "while ",
                   "end of stream", "<document start>", "maximum nesting"):
        assert theirs not in from_c.message


@pytest.mark.parametrize("value", ["plain", "", "a: b # c", 'say "hi"', "back\\slash",
                                   "two\nlines", "tab\there", "null", "0.1", "- item",
                                   "山田 太郎", "{x: [1]}", "'single'", "\u2028sep"])
def test_quoted_reads_back_as_written(value):
    """yamlsafe.quoted: any string, once written as a YAML scalar, reads back the same with
    PyYAML's own safe loader and with handcalc's reader."""
    import yaml

    line = f"name: {yamlsafe.quoted(value)}\n"
    assert yaml.safe_load(line) == {"name": value}
    root = parse(line)
    assert root is not None and root.entries["name"][1].value == value
