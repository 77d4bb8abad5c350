"""Reading files: every YAML file handcalc reads (problems, sheets, class manifests) is opened,
inspected or resolved here, at the edge; app.py writes.

The core and the kinds read no file.  They are given text and the file's name (for messages,
and to anchor a sheet's ``problem:`` path): ``exercise.loads``, ``answers.from_text``,
``yamlsafe.parse``.  Where the core must reach a file itself — a sheet naming its problem file —
it asks the reader it was given (``answers.Files``); ``Disk`` is that reader on the real file
system (``check.Problems`` reads the sheets' problems through it).  So every read goes through
``read_text``: bounded, never blocking on a FIFO or a device, one line when it fails.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from .yamlsafe import MAX_BYTES, InputError, Node, parse

if TYPE_CHECKING:
    from .exercise import Exercise

PEEK_BYTES = 1 << 20  # how much of a file is searched for 'handcalc:' before it is quoted


def read_text(path: str, limit: int = MAX_BYTES) -> str:
    """A file's text (UTF-8, a BOM allowed), refusing files over ``limit`` bytes and anything
    that is not a regular file (a FIFO, a device, /dev/stdin: reading one could wait forever).

    The file is opened without blocking and checked after opening (``fstat``), so a FIFO put in
    its place between a check and the read is refused too."""
    import stat

    if "\0" in path:
        raise InputError("the path contains a null byte; give a plain file name",
                         path.replace("\0", "\\0"))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path) from None
    except (OSError, ValueError) as e:
        raise InputError(f"cannot be read ({getattr(e, 'strerror', None) or e})", path) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a folder, not a file", path)
        if not stat.S_ISREG(mode):
            raise InputError("is not a regular file (a device, a pipe or a FIFO); give a "
                             "handcalc file", path)
        with os.fdopen(fd, "rb") as f:
            fd = -1
            data = f.read(limit + 1)
    except OSError as e:
        raise InputError(f"cannot be read ({e.strerror})", path) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise InputError(f"is larger than {limit // 1024} KiB; a handcalc file is small — "
                         "is this the right file?", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        start = data.rfind(b"\n", 0, e.start) + 1
        col = len(data[start : e.start].decode("utf-8", "replace")) + 1
        raise InputError(f"the file is not UTF-8 text (byte 0x{data[e.start]:02X} here); save it "
                         "as UTF-8", path, line, col) from None


def load_yaml(path: str, limit: int = MAX_BYTES) -> Node | None:
    """Read and parse one YAML file (``yamlsafe.parse``, the file named in its messages)."""
    return parse(read_text(path, limit), path)


def load(path: str, notation: str | None = None) -> Exercise:
    """Read a problem file of any kind (``exercise.loads``); InputError names the place and
    the fix."""
    from .exercise import loads

    return loads(read_text(path), path, notation)


_PROBLEM_KEY = re.compile(rb"^handcalc[ \t]*:", re.MULTILINE)


class Disk:
    """The file system as ``answers.Problems`` reaches it (``answers.Files``)."""

    def real(self, path: str) -> str:
        """The absolute path, every symbolic link and '..' resolved."""
        return os.path.realpath(path)

    def exists(self, path: str) -> bool:
        """Whether anything is at ``path`` (a broken symbolic link too)."""
        return os.path.lexists(path)

    def read(self, path: str, limit: int) -> str:
        """The file's text (``read_text``)."""
        return read_text(path, limit)

    def foreign(self, path: str) -> bool:
        """True for a regular file without a top-level 'handcalc:' key in its first MiB: not a
        handcalc file, so none of its words may be quoted (a sheet may name /etc/passwd)."""
        if not os.path.isfile(path):
            return False
        try:  # without blocking, in case the file was swapped for a FIFO since it was read
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as f:
                return _PROBLEM_KEY.search(f.read(PEEK_BYTES)) is None
        except (OSError, ValueError):
            return True


DISK = Disk()
