"""What `kg ingest` writes works in the rest of kg: describe, export, pictures and serve."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli.root import cli
from tests.serve.conftest import KgServer

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONFLICT = "https://w3id.org/conflict-kg/id/ingest/siege-of-brenna/conflict"


def invoke(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ingested") / "brenna.trig"
    result = invoke("ingest", FIXTURES / "siege-of-brenna.txt", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def _labels(path: Path) -> set[str]:
    query = "SELECT ?l WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } }"
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    return {row["l"].value for row in store.query(query)}


def test_describe_quotes_the_article_words(ingested):
    result = invoke("describe", CONFLICT, "--data", ingested)
    assert result.exit_code == 0, result.output
    assert "Siege of Brenna" in result.output and "kg:Siege" in result.output
    # the quote describe shows is the article's own words, at their code-point offsets
    assert "“c. June – 14 August 1602” [81–105]" in result.output
    source = (FIXTURES / "siege-of-brenna.txt").read_text(encoding="utf-8")
    assert source[81:105] == "c. June – 14 August 1602"


def test_export_round_trips_every_label(ingested, tmp_path):
    out = tmp_path / "brenna.jsonld"
    result = invoke("export", "--data", ingested, "--format", "json-ld", "-o", out)
    assert result.exit_code == 0, result.output
    back = ox.Store()
    back.load(path=str(out), format=ox.RdfFormat.JSON_LD)
    labels = {row["l"].value for row in back.query(
        "SELECT ?l WHERE { { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } UNION "
        "{ GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } } }")}
    assert labels == _labels(ingested)


@pytest.mark.parametrize("picture", ["timeline", "chart"])
def test_pictures_draw_the_ingested_conflict(ingested, tmp_path, picture):
    out = tmp_path / f"{picture}.svg"
    result = invoke("draw", picture, "--data", ingested, "-o", out)
    assert result.exit_code == 0, result.output
    links = {a.get("{http://www.w3.org/1999/xlink}href") or a.get("href")
             for a in ET.parse(out).iter("{http://www.w3.org/2000/svg}a")}
    assert any(link and link.startswith(CONFLICT.rsplit("/", 1)[0]) for link in links)


def test_serve_shows_the_ingested_conflict_with_its_quotes(ingested):
    server = KgServer("--data", str(ingested))
    try:
        status, _, home = server.get("/")
        assert status == 200 and b"Siege of Brenna" in home
        path = "/id/" + CONFLICT.split("/id/", 1)[1]
        status, _, page = server.get(path, headers={"Accept": "text/html"})
        assert status == 200
        assert "14 August 1602" in page.decode("utf-8")
        status, headers, body = server.get(path, headers={"Accept": "application/ld+json"})
        assert status == 200 and "json" in headers["Content-Type"]
        assert json.loads(body)
    finally:
        server.stop()
