"""A real headless Chromium for the tests of HTML pages, and a tiny PNG reader for its screenshots.

Chromium comes from Debian's `chromium` package (`make test` installs it where it can). Where it
is missing the test module is skipped with the fix, except in CI, where it must run.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--allow-file-access-from-files"]


def chromium() -> str:
    """The browser's path; skip (or, in CI, fail) when there is none."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            raise RuntimeError("chromium is missing in CI; `make test` installs Debian's chromium")
        pytest.skip("chromium is not installed (apt-get install chromium)",
                    allow_module_level=True)
    return path


def run(page: Path, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args,
                               page.resolve().as_uri()],
                              capture_output=True, text=True, timeout=120, check=True)


def dom(page: Path) -> str:
    """The page as the browser parsed and built it (after any script, which ours have none of)."""
    return run(page, "--dump-dom").stdout


def screenshot(page: Path, png: Path, width: int = 1400, height: int = 900) -> Path:
    run(page, f"--screenshot={png}", f"--window-size={width},{height}")
    return png


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced PNG (what Chromium
    writes), un-filtered per the PNG specification."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytes(width * bpp)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def colours(path: Path) -> set[tuple[int, int, int]]:
    """Every RGB colour in the picture."""
    width, _, rows = read_png(path)
    bpp = len(rows[0]) // width
    return {tuple(row[i:i + 3]) for row in rows for i in range(0, len(row), bpp)}
