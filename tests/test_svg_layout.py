"""The network drawing reads like a textbook figure: every weight labelled once, on its own edge
or in the matrix beside a dense layer; no label touching another label, a unit, or an edge it
does not belong to.  Checked twice: on the boxes the layout computes, and on the picture itself —
the SVG rendered to pixels by cairosvg, each label's ink against the ink of everything else.
"""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET

import pytest

from handcalc.files import load
from handcalc.network import generator
from handcalc.network.exercise import network_exercise
from handcalc.network.svg import caption, layout, overlap, runs, width
from handcalc.numbers import show

from .conftest import EXERCISES, exercises_of, oracle

NETWORKS = [p.stem for p in exercises_of("network")]
GENERATED = [("easy", {}), ("medium", {}), ("hard", {}),
             ("easy", {"preset": "regression"}), ("medium", {"preset": "exercise3"}),
             ("medium", {"preset": "logistic"}), ("medium", {"arch": "3-4-3"}),
             ("easy", {"arch": "2-3-2-1"}), ("hard", {"arch": "4-5-3"})]
SVG = "{http://www.w3.org/2000/svg}"


def generated(level: str, options: dict, seed: int):
    spec = generator.resolve(level=level, **options)
    return network_exercise(generator.generate(spec, seed).problem)


def all_drawings():
    out = [(name, load(str(EXERCISES / f"{name}.yaml"))) for name in NETWORKS]
    for level, options in GENERATED:
        for seed in (1, 2, 3):
            out.append((f"{level} {options} seed {seed}", generated(level, options, seed)))
    return out


DRAWINGS = all_drawings()


def disc(centre: tuple[float, float], radius: float) -> tuple[tuple[float, float], ...]:
    """A 24-gon drawn around a circle (so it covers the whole circle): a unit as a polygon, for
    ``overlap`` (the layout itself meets circles another way, _circle_meets)."""
    r = radius / math.cos(math.pi / 24)
    cx, cy = centre
    return tuple((cx + r * math.cos(k * math.pi / 12), cy + r * math.sin(k * math.pi / 12))
                 for k in range(24))


def expected_ids(p) -> set[str]:
    ids = set()
    for l, layer in enumerate(p.layers, start=1):
        ids |= {f"W{l}[{r}][{c}]" for r, row in enumerate(layer.W) for c in range(len(row))}
        ids |= {f"b{l}[{j}]" for j in range(len(layer.b))}
    return ids


class TestOverlapPrimitive:
    """The overlap test the checks rely on, on cases worked out by hand."""

    def test_boxes(self):
        square = ((0, 0), (10, 0), (10, 10), (0, 10))
        assert overlap(square, ((5, 5), (15, 5), (15, 15), (5, 15)))
        assert not overlap(square, ((11, 0), (20, 0), (20, 10), (11, 10)))
        diamond = ((15, 5), (20, 10), (15, 15), (10, 10))  # touches the square's corner only
        assert not overlap(square, diamond)
        turned = ((12, -1), (22, 9), (20, 11), (10, 1))  # a thin box at 45°, clear of it
        assert not overlap(square, turned)

    def test_segments_and_discs(self):
        square = ((0, 0), (10, 0), (10, 10), (0, 10))
        assert overlap(square, ((-5, 5), (15, 5)))  # passes through
        assert not overlap(square, ((-5, 12), (15, 12)))
        assert not overlap(square, ((11, -5), (30, 20)))  # passes by the corner
        assert overlap(disc((15, 5), 6), square)
        assert not overlap(disc((17, 5), 6), square)
        assert not overlap(disc((15, 15), 6), square)  # 7.07 from the corner


class TestBoxes:
    @pytest.mark.parametrize("name,exercise", DRAWINGS, ids=[n for n, _ in DRAWINGS])
    def test_every_weight_once_nothing_overlaps(self, name, exercise):
        """Each weight and bias is labelled exactly once (on its edge, or in the matrix of a
        dense layer); no two boxes of text overlap; no label touches a unit or an edge other
        than its own; a unit's name stays inside its circle; everything is on the canvas."""
        drawing = layout(exercise)
        p = exercise.problem
        on_edges = [b for b in drawing.boxes if b.kind == "weight"]
        in_tables = [b for b in drawing.boxes if b.kind == "table" and "name" not in b.ident]
        labelled = [b.ident for b in on_edges + in_tables]
        assert sorted(labelled) == sorted(expected_ids(p))
        assert {b.ident.split("[")[0][1:] for b in in_tables} == {str(l) for l in drawing.tables}
        boxes = drawing.boxes
        for a in range(len(boxes)):
            for b in range(a + 1, len(boxes)):
                assert not overlap(boxes[a].corners, boxes[b].corners), (boxes[a], boxes[b])
        units = {u.ident: u for u in drawing.units}
        for box in boxes:
            for unit in drawing.units:
                if box.kind == "unit" and box.ident == unit.ident:
                    cx, cy = unit.centre
                    assert all(math.hypot(x - cx, y - cy) < unit.radius for x, y in box.corners)
                else:
                    assert not overlap(box.corners, disc(unit.centre, unit.radius)), (box, unit)
            for edge in drawing.edges:
                if edge.ident != box.edge:
                    assert not overlap(box.corners, (edge.start, edge.end)), (box, edge)
        root = ET.fromstring(drawing.svg)
        w, h = float(root.get("width")), float(root.get("height"))
        for box in boxes:
            assert all(0 <= x <= w and 0 <= y <= h for x, y in box.corners), box
        assert units  # the drawing has its units

    def test_a_dense_layer_gets_a_table(self):
        """A 6-6 layer has too many crossing edges to label: its weights stand in a matrix,
        the other layer keeps its labels on the edges."""
        exercise = generated("easy", {"arch": "6-6-1"}, 1)
        drawing = layout(exercise)
        assert drawing.tables == [1]
        assert any(b.kind == "weight" and b.ident.startswith("W2") for b in drawing.boxes)
        root = ET.fromstring(drawing.svg)
        cells = {t.get("data-id"): t.get("aria-label") for t in root.iter(f"{SVG}text")
                 if t.get("class") == "weight" and not t.get("transform")}
        p, sym = exercise.problem, exercise.symbols
        w = p.layers[0].W[2][4]
        assert cells["W1[2][4]"] == f"{sym.symbol('W1', (2, 4))[0]} = {show(w, 4)}"
        assert len(cells) == 6 * 6 + 6

    def test_label_sits_on_its_own_edge(self):
        """Each label on an edge lies along it (turned to its angle) and just beside it: its
        box's nearest side is within a few pixels of its own edge's line."""
        for _, exercise in DRAWINGS[:5]:
            drawing = layout(exercise)
            edges = {e.ident: e for e in drawing.edges}
            for box in (b for b in drawing.boxes if b.kind == "weight"):
                (x0, y0), (x1, y1) = edges[box.edge].start, edges[box.edge].end
                length = math.hypot(x1 - x0, y1 - y0)
                dist = [abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length
                        for x, y in box.corners]
                assert min(dist) < 4, box
                (ax, ay), (bx, by) = box.corners[0], box.corners[1]
                cross = (bx - ax) * (y1 - y0) - (by - ay) * (x1 - x0)
                assert abs(cross) / (math.hypot(bx - ax, by - ay) * length) < 1e-6


class TestText:
    def test_runs(self):
        """Unicode sub/superscripts become lowered and raised runs; a lone letter is italic,
        a function name upright; a minus sign, not a hyphen."""
        parts = runs("w₂₁⁽¹⁾ = -0.3", italic_letters=True)
        assert [(r.text, r.shift > 0, r.shift < 0, r.italic) for r in parts] == [
            ("w", False, False, True), ("21", True, False, False), ("(1)", False, True, False),
            (" = −0.3", False, False, False)]
        assert not any(r.italic for r in runs("ReLU(z)", True)[:1])

    def test_superscript_stands_over_subscript(self):
        """w₂₁⁽¹⁾ is as wide as w, then the wider of 21 and (1): the scripts are stacked."""
        assert width(runs("w₂₁⁽¹⁾"), 10) == pytest.approx(width(runs("w⁽¹⁾"), 10))

    def test_activations_as_functions(self):
        """a⁽¹⁾ = σ(z⁽¹⁾), ReLU, softmax; the identity as a⁽²⁾ = z⁽²⁾."""
        exercise = load(str(EXERCISES / "design_card.yaml"))
        sym = exercise.symbols
        assert caption(sym, 1, "sigmoid") == "a⁽¹⁾ = σ(z⁽¹⁾)"
        assert caption(sym, 2, "identity") == "a⁽²⁾ = z⁽²⁾"
        assert caption(sym, 1, "relu") == "a⁽¹⁾ = ReLU(z⁽¹⁾)"
        assert caption(sym, 2, "softmax") == "a⁽²⁾ = softmax(z⁽²⁾)"

    def test_no_unicode_scripts_in_the_svg(self):
        """Sub- and superscripts are tspans, never Unicode script letters (missing from many
        fonts, colliding in italics); the plain label is kept for screen readers."""
        drawing = layout(load(str(EXERCISES / "exercise3.yaml")))
        root = ET.fromstring(drawing.svg)
        shown = "".join(t.text or "" for t in root.iter(f"{SVG}tspan"))
        assert not set(shown) & set("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")
        labels = [t.get("aria-label") for t in root.iter(f"{SVG}text")
                  if t.get("class") == "weight"]
        assert "w₁₂¹ = -0.3" in labels


class TestPixels:
    """The picture itself: each label's ink, rendered alone, shares no pixel with the ink of
    everything else but its own edge (other labels, edges, units, captions)."""

    @pytest.mark.parametrize("name", NETWORKS)
    def test_label_ink_touches_nothing_else(self, name):
        np = oracle("numpy")
        cairosvg = pytest.importorskip("cairosvg")
        from PIL import Image

        exercise = load(str(EXERCISES / f"{name}.yaml"))
        svg = layout(exercise).svg
        ET.register_namespace("", SVG[1:-1])
        root = ET.fromstring(svg)

        def ink(keep) -> object:
            tree = ET.fromstring(svg)
            for parent in tree.iter():
                for child in list(parent):
                    if child.tag in (f"{SVG}rect",) and child.get("x") == "0":
                        parent.remove(child)  # the white background
                    elif child.tag in (f"{SVG}line", f"{SVG}text", f"{SVG}circle",
                                       f"{SVG}path") and not keep(child):
                        parent.remove(child)
            png = cairosvg.svg2png(bytestring=ET.tostring(tree), scale=1.5,
                                   background_color="white")
            pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
            return pixels < 160

        labels = [t.get("data-id") for t in root.iter(f"{SVG}text") if t.get("class") == "weight"]
        assert labels
        for ident in labels:
            mine = ink(lambda el, i=ident: el.tag == f"{SVG}text" and el.get("data-id") == i)
            assert mine.sum() > 20, ident  # the label is drawn
            rest = ink(lambda el, i=ident: el.get("data-id") != i)
            clash = (mine & rest).sum()
            assert clash == 0, f"{name}: the label of {ident} touches other ink ({clash} px)"
