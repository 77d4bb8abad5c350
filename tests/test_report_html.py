"""`check --html`: the class report as a page, loaded in a real headless Chromium."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests import browser

from .conftest import ROOT, invoke

CLASS = ROOT / "tests" / "sheets" / "class"

# what each class sheet's author wrote in its first comment, as verdict colours of steps
# (independent of the grader: the sheet was written to make exactly these mistakes)
INTENDED = {
    "Aiko": {},  # every step rounded and carried: all right
    "Ben": {"delta1": "mistake"},  # δ¹ sent back through the updated W²′
    "Chen": {"delta1": "mistake"},  # ReLU′ forgotten in δ¹
    "Dana": {"delta2": "mistake", "dW2": "mistake"},  # diagonal softmax Jacobian; dW² transposed
    "Eli": {"W1_new": "mistake", "loss_new": "blank", "improvement": "blank"},
    # ReLU′ forgotten too, dW1 under a misspelt key (so blank), the update not done yet
    "Gina": {"delta1": "mistake", "dW1": "blank", "W1_new": "blank", "b1_new": "blank",
             "W2_new": "blank", "b2_new": "blank", "loss_new": "blank", "improvement": "blank"},
}


class Cells(HTMLParser):
    """The heat map as the browser built it: {row name: {step: verdict}}, and every tag seen."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self.tags: list[str] = []
        self._in_map = self._in_name = False
        self._row: dict[str, str] | None = None
        self._name = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "table" and a.get("id") == "heatmap":
            self._in_map = True
        elif self._in_map and tag == "tr":
            self._row, self._name = {}, ""
        elif self._in_map and tag == "td" and a.get("class") == "name":
            self._in_name = True
        elif self._in_map and tag == "td" and "data-step" in a and self._row is not None:
            self._row[a["data-step"]] = a["data-verdict"]

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_map = False
        elif tag == "td":
            self._in_name = False
        elif tag == "tr" and self._in_map and self._row is not None and self._name:
            self.rows[self._name] = self._row
            self._row = None

    def handle_data(self, data):
        if self._in_name:
            self._name += data


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    sheets = []
    for sheet in sorted(CLASS.glob("*.yaml")):
        text = sheet.read_text(encoding="utf-8").replace("../../../exercises/", "")
        (folder / sheet.name).write_text(text, encoding="utf-8")
        sheets.append(str(folder / sheet.name))
    shutil.copy(ROOT / "exercises" / "exercise3.yaml", folder / "exercise3.yaml")
    hostile = (folder / "aiko.yaml").read_text(encoding="utf-8").replace(
        "name: Aiko", "name: '<script>document.title=1</script><img src=x>Zed'")
    (folder / "zed.yaml").write_text(hostile, encoding="utf-8")
    out = folder / "report.html"
    result = invoke("check", *sheets, str(folder / "zed.yaml"), "--html", str(out),
                    "--lang", "en")
    assert result.exit_code == 2  # farid's sheet names a missing problem
    assert out.exists()
    return out


def test_the_browser_builds_the_heat_map_the_sheets_intended(page):
    """Each student's row, as Chromium built it: the steps each sheet was written to get wrong
    are coloured by that verdict, and every other step is right or carried."""
    cells = Cells()
    cells.feed(browser.dom(page))
    for name, intended in INTENDED.items():
        row = cells.rows[name]
        assert len(row) == 18, name  # exercise 3's asked steps
        for step, verdict in row.items():
            want = intended.get(step)
            if want is not None:
                assert verdict == want, (name, step)
            else:
                assert verdict in ("right", "carried"), (name, step, verdict)


def test_a_students_name_cannot_put_markup_on_the_page(page):
    """A name with <script> and <img> is shown as text: the browser built neither element."""
    cells = Cells()
    cells.feed(browser.dom(page))
    assert "script" not in cells.tags and "img" not in cells.tags
    assert any("<script>" in name and name.endswith("Zed") for name in cells.rows)


def test_the_unusable_sheet_is_listed_and_the_rest_are_graded(page):
    text = browser.dom(page)
    assert "farid.yaml" in text and "could not be graded" in text
    assert "2 of 8 sheets all right" in text  # Aiko and Zed (Aiko's numbers)


def test_the_screenshot_shows_the_verdict_colours(page, tmp_path):
    """Rendered to pixels, the page shows the right, carried, named-mistake and blank colours."""
    png = browser.screenshot(page, tmp_path / "report.png")
    seen = browser.colours(png)
    for rgb in ((0xB7, 0xE4, 0xB0), (0xCF, 0xE3, 0xF7), (0xFF, 0xD0, 0x8A), (0xEE, 0xEE, 0xEE)):
        assert rgb in seen, rgb
