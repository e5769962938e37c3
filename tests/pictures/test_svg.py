"""The SVG writing shared by every picture: grey-scale contrast, escaping, fonts offline."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kg.pictures import picture
from kg.pictures.svg import DARK, FONT_FAMILY, LIGHT, PAPER, STYLES
from kg.store.store import Store

from .conftest import SVG


def luminance(colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_known_and_imprecise_stay_apart_in_grey():
    """Printed in grey, the solid (known) and light (imprecise) fills still differ clearly."""
    assert contrast(DARK, LIGHT) >= 3
    assert contrast(LIGHT, PAPER) >= 1.5
    assert STYLES["hatched"]["fill"] == "url(#hatch)"       # ranges also differ by texture
    assert "stroke-dasharray" in STYLES["open-end"]         # open ends also differ by line


def test_labels_are_escaped_text(tmp_path):
    store = Store()
    store.load_bytes(
        b'@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n'
        b'@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
        b'@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        b'<https://example.org/a?x=1&y=2> a kg:Conflict ; '
        b'rdfs:label "War <script>alert(1)</script> & \\"peace\\"" ;'
        b' kg:startDate "1914"^^xsd:gYear ; kg:endDate "1918-11-11"^^xsd:date .\n',
        "turtle")
    root = ET.fromstring(picture(store, "timeline"))
    words = ["".join(t.itertext()) for t in root.iter(SVG + "text")]
    assert 'War <script>alert(1)</script> & "peace"' in words
    assert not list(root.iter(SVG + "script"))
    assert [a.get("href") for a in root.iter(SVG + "a")] == ["https://example.org/a?x=1&y=2"]


def test_fonts_are_ones_that_exist_offline():
    assert FONT_FAMILY.startswith("DejaVu Sans,") and FONT_FAMILY.endswith("sans-serif")
