"""kg serve shows kg draw's pictures: the same SVG bytes as the command, on the home page, and a
404 that says what is missing when the data cannot make one."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kg.pictures import NAMES, picture
from kg.query.run import open_dataset

from .conftest import DATA, KgServer

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("name", ["timeline", "chart", "diagram"])
def test_a_picture_is_kg_draws_svg(kg_server, name):
    status, headers, body = kg_server.get(f"/pictures/{name}.svg")
    assert status == 200 and headers["Content-Type"] == "image/svg+xml"
    served = open_dataset([str(DATA / "hostile.ttl")], None, True)  # what kg_server serves
    assert body == picture(served, name, "svg")
    assert ET.fromstring(body).tag == SVG + "svg"


def test_the_home_page_shows_the_timeline_and_links_the_others(kg_server):
    status, _, body = kg_server.get("/", headers={"Accept": "text/html"})
    assert status == 200
    assert b'<img src="/pictures/timeline.svg"' in body
    for name in NAMES:
        assert f'href="/pictures/{name}.svg"'.encode() in body


def test_unknown_picture_names_are_404(kg_server):
    for path in ("/pictures/nope.svg", "/pictures/timeline.png", "/pictures/"):
        status, _, body = kg_server.get(path)
        assert status == 404 and b"timeline, chart, map, diagram" in body


def test_data_without_what_a_picture_needs_is_404_saying_what(tmp_path):
    server = KgServer("--data", str(DATA / "hostile.ttl"))
    try:
        status, _, body = server.get("/pictures/chart.svg")
        assert status == 404 and b"nothing to chart: no strength or loss figures" in body
    finally:
        server.stop()
