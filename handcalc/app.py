"""What commands do with files they write: every file written atomically, never through a
symbolic link, never over an existing file unless told to (``--force``).

A file is written to a temporary file in its own folder and then renamed over its name
(``os.replace``), so a reader sees the old file or the new one, never half of one; a run that
fails (a full disk) removes what it wrote and leaves nothing behind, and the same command run
again works.  ``template --out``, ``solve --svg`` and ``new`` all write through ``write_files``.
"""

from __future__ import annotations

import os
from pathlib import Path


class WriteError(Exception):
    """A file that cannot be written: one line naming it, what is wrong and what to do."""


def _refuse_link(path: Path, shown: Path) -> None:
    if path.is_symlink():
        raise WriteError(f"{shown} is a symbolic link; handcalc never writes through one "
                         "(even with --force) — remove it or choose another name")


def _check(path: Path, base: Path, force: bool) -> None:
    """Refuse before anything is written: a link on the way, a folder, or a file kept."""
    for parent in reversed(path.relative_to(base).parents):
        if parent != Path("."):
            _refuse_link(base / parent, base / parent)
    _refuse_link(path, path)
    if path.exists():
        if not path.is_file():
            raise WriteError(f"{path} exists and is not a file; choose another name")
        if not force:
            raise WriteError(f"{path} already exists; use --force to overwrite it (it may hold "
                             "a learner's answers)")


def _write_temp(path: Path, data: bytes) -> str:
    """The data in a new temporary file beside ``path`` (its permissions as a new file's)."""
    import tempfile

    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(temp)
        raise
    os.close(fd)
    return temp


def write_files(files: dict[str, str | bytes], base: Path = Path("."), force: bool = False,
                folders: bool = True) -> list[Path]:
    """Write every file (path relative to ``base`` → text, or bytes for a PDF) atomically, or
    none of them.

    Every target is checked first (no symbolic link on the way, no file overwritten without
    ``force``); then each text goes to a temporary file beside its target; only when all are
    written are they renamed into place.  On any failure the temporary files and the folders
    made for them are removed, and WriteError says which file and why."""
    targets = [(base / name, text) for name, text in files.items()]
    if base.is_symlink() and not base.is_dir():
        raise WriteError(f"{base} is a symbolic link to nothing; give a folder")
    if base.exists() and not base.is_dir():
        raise WriteError(f"{base} is a file; give a folder")
    for path, _ in targets:
        _check(path, base, force)
    made: list[Path] = []  # folders this run created, removed again if it fails
    temps: list[tuple[str, Path]] = []
    path = base
    try:
        for path, text in targets:
            for folder in reversed([path.parent, *path.parent.parents]):
                if folders and not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            temps.append((_write_temp(path, data), path))
        for temp, path in temps:
            os.replace(temp, path)
    except OSError as e:
        for temp, _ in temps:
            if os.path.exists(temp):
                os.unlink(temp)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        where = e.filename if e.filename and not str(e.filename).endswith(".tmp") else path
        raise WriteError(f"{where}: cannot be written ({e.strerror or e}); nothing was "
                         "written") from None
    return [path for path, _ in targets]


def write_file(path: Path, text: str | bytes, force: bool = False) -> Path:
    """One file written atomically (see ``write_files``)."""
    write_files({path.name: text}, path.parent, force, folders=False)
    return path
