"""Issue 10, outputs: CSV cells never start a formula (OWASP's CSV-injection rule), names are one
line of printable text, and files are written atomically, never through a symbolic link, and a
failed run (a full disk) leaves nothing behind so that the rerun works."""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil

import pytest

from .conftest import EXERCISES, invoke, stderr_of

EX3 = EXERCISES / "exercise3.yaml"
APPLE = EXERCISES / "graph_apple_orange.yaml"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _sheet(folder, file: str, name: str) -> str:
    shutil.copy(EX3, folder / "exercise3.yaml")
    path = folder / file
    path.write_text(f"handcalc: 1\nproblem: exercise3.yaml\nname: {name}\n"
                    "answers:\n  z1: [0.2, -0.5, 0.7]\n", encoding="utf-8")
    return str(path)


class TestCsvInjection:
    @pytest.mark.parametrize("name", ['"=HYPERLINK(\\"http://x\\",\\"click\\")"', '"+1+1"',
                                      '"-2+3"', '"@SUM(A1)"', '"\\tTAB"', '"\\r=1"'])
    def test_no_cell_starts_a_formula(self, tmp_path, monkeypatch, name):
        """Whatever the name (and the file name), no CSV cell starts with = + - @ tab CR."""
        monkeypatch.chdir(tmp_path)
        _sheet(tmp_path, "a.yaml", name)
        _sheet(tmp_path, "=cmd.yaml", '"Ann"')
        files = ["a.yaml", "=cmd.yaml"]
        rows = list(csv.DictReader(io.StringIO(invoke("check", *files, "--csv").stdout
                                               .lstrip("\ufeff"))))
        assert len(rows) == 2
        text_cells = ("id", "name", "variant", "file", "problem", "flags", "error", "warnings")
        for row in rows:
            for key in text_cells:
                assert not row[key].startswith(FORMULA_START), row
        assert rows[1]["file"].startswith("'=cmd.yaml")

    def test_a_name_with_a_line_break_cannot_forge_a_row(self, tmp_path):
        """A name with a newline is read as one line (with a warning, exit 2): the class table
        has one line per sheet."""
        forged = '"Eve\\nzed.yaml      Zed  60/60 100%"'
        files = [_sheet(tmp_path, "eve.yaml", forged), _sheet(tmp_path, "bob.yaml", '"Bob"')]
        result = invoke("check", *files, "--lang", "en")
        assert result.exit_code == 2
        assert "one line of printable text" in stderr_of(result)
        lines = result.output.splitlines()
        assert not any(line.startswith("zed.yaml") for line in lines)
        rows = list(csv.DictReader(io.StringIO(invoke("check", *files, "--csv").stdout
                                               .lstrip("\ufeff"))))
        assert rows[0]["name"] == "Eve zed.yaml Zed 60/60 100%"


@pytest.mark.parametrize("command", ["template", "svg"])
class TestNeverThroughALink:
    def _run(self, command, out, force=False):
        extra = ["--force"] if force else []
        if command == "template":
            return invoke("template", str(EX3), "--out", str(out), *extra)
        return invoke("solve", str(APPLE), "--svg", str(out), *extra)

    def test_dangling_link_is_refused(self, tmp_path, command):
        """A dangling symlink to a file outside the folder: refused, nothing created there."""
        outside = tmp_path / "outside" / "victim.txt"
        outside.parent.mkdir()
        link = tmp_path / "out.yaml"
        link.symlink_to(outside)
        result = self._run(command, link)
        assert result.exit_code == 2 and "symbolic link" in stderr_of(result)
        assert not outside.exists()

    def test_force_never_overwrites_a_links_target(self, tmp_path, command):
        """--force on a symlink: refused; its target keeps its content."""
        target = tmp_path / "precious.txt"
        target.write_text("keep me\n", encoding="utf-8")
        link = tmp_path / "out.yaml"
        link.symlink_to(target)
        result = self._run(command, link, force=True)
        assert result.exit_code == 2 and "symbolic link" in stderr_of(result)
        assert target.read_text(encoding="utf-8") == "keep me\n"


class TestNewWritesAllOrNothing:
    def test_dangling_link_in_the_folder_is_refused(self, tmp_path):
        """new --out DIR where DIR/problem.yaml is a dangling link: refused, nothing written."""
        out = tmp_path / "ex"
        out.mkdir()
        (out / "problem.yaml").symlink_to(tmp_path / "elsewhere.yaml")
        result = invoke("new", "--seed", "7", "--out", str(out), "--force")
        assert result.exit_code == 2 and "symbolic link" in stderr_of(result)
        assert not (tmp_path / "elsewhere.yaml").exists()
        assert sorted(p.name for p in out.iterdir()) == ["problem.yaml"]

    def test_full_disk_leaves_nothing_and_the_rerun_works(self, tmp_path, monkeypatch):
        """A full disk half-way (os.write raising ENOSPC after the first file): exit 2, one line,
        no file (not even 0 bytes, nor a temporary one) left; run again, it works without
        --force."""
        out = tmp_path / "class"
        real_write = os.write
        calls = {"n": 0}

        def full(fd, data):
            calls["n"] += 1
            if calls["n"] > 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(fd, data)
        monkeypatch.setattr(os, "write", full)
        result = invoke("new", "--seed", "7", "--count", "3", "--out", str(out),
                        "--worksheet", "md")
        monkeypatch.setattr(os, "write", real_write)
        assert result.exit_code == 2
        assert "No space left on device" in stderr_of(result)
        assert len(stderr_of(result).strip().splitlines()) == 1
        assert not out.exists() or not any(out.rglob("*"))
        again = invoke("new", "--seed", "7", "--count", "3", "--out", str(out))
        assert again.exit_code == 0, stderr_of(again)
        assert (out / "01" / "problem.yaml").read_text(encoding="utf-8").startswith("#")

    def test_files_are_replaced_whole(self, tmp_path):
        """--force replaces a file by renaming a complete one over it (no temporary file
        left beside it, the permissions of a new file)."""
        out = tmp_path / "me.yaml"
        out.write_text("old\n", encoding="utf-8")
        assert invoke("template", str(EX3), "--out", str(out), "--force").exit_code == 0
        assert "handcalc: 1" in out.read_text(encoding="utf-8")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["me.yaml"]
        mask = os.umask(0)
        os.umask(mask)
        assert out.stat().st_mode & 0o777 == 0o666 & ~mask
