"""Every formula handcalc emits, pulled out of its documents the way a renderer finds it, and
rendered by the real KaTeX and the real MathJax 3 (``tests/js/render_math.js``, run by node).

The documents: ``solve --format md``, the worksheet, the solution and the Moodle quiz of every
bundled exercise (in every notation and both languages) and of generated problems of every
level, preset and kind.  The node packages are those of ``tests/js/package-lock.json``,
installed by ``make test`` into ``.node/`` (``npm ci``).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / ".node" / "node_modules"
SCRIPT = ROOT / "tests" / "js" / "render_math.js"


class Formula(NamedTuple):
    """One piece of math as a renderer meets it: the TeX, display or inline, and where from."""

    tex: str
    display: bool
    origin: str


_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$")


def from_markdown(text: str, origin: str) -> list[Formula]:
    """``$$…$$`` and ``$…$`` outside code blocks, as GitHub, Jupyter, Qiita and Zenn read them."""
    text = _FENCE.sub("", text)
    out = [Formula(m.group(1).strip(), True, origin) for m in _DISPLAY.finditer(text)]
    rest = _DISPLAY.sub(" ", text)
    out += [Formula(m.group(1).strip(), False, origin) for m in _INLINE.finditer(rest)]
    return out


_PAREN = re.compile(r"\\\((.+?)\\\)", re.S)
_BRACKET = re.compile(r"\\\[(.+?)\\\]", re.S)


def from_moodle(xml_text: str, origin: str) -> list[Formula]:
    """``\\(…\\)`` and ``\\[…\\]`` in the HTML of every question, as Moodle's MathJax filter reads
    them (the HTML unescaped first, as a browser does)."""
    out = []
    for node in ET.fromstring(xml_text).iter("text"):
        page = html.unescape(node.text or "")
        out += [Formula(m.group(1).strip(), False, origin) for m in _PAREN.finditer(page)]
        out += [Formula(m.group(1).strip(), True, origin) for m in _BRACKET.finditer(page)]
    return out


def from_files(files: dict[str, str], origin: str) -> list[Formula]:
    """The formulas of what ``handcalc new`` (``bundle.fill``) writes."""
    out = []
    for name, text in files.items():
        if name.endswith(".md"):
            out += from_markdown(text, f"{origin}/{name}")
        elif name.endswith(".xml"):
            out += from_moodle(text, f"{origin}/{name}")
    return out


def render(renderer: str, formulas: list[Formula]) -> list[tuple[Formula, str]]:
    """(formula, error) for each formula the renderer refuses; one node process for them all."""
    unique = list(dict.fromkeys((f.tex, f.display) for f in formulas))
    lines = "".join(json.dumps({"tex": t, "display": d}) + "\n" for t, d in unique)
    env = dict(os.environ, NODE_PATH=str(NODE_MODULES))
    done = subprocess.run([shutil.which("node") or "node", str(SCRIPT), renderer], input=lines,
                          capture_output=True, text=True, env=env, timeout=600, check=True)
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(unique), done.stderr
    failed = {key: r["error"] for key, r in zip(unique, results) if not r["ok"]}
    return [(f, failed[(f.tex, f.display)]) for f in formulas if (f.tex, f.display) in failed]
