"""`kg link --data` / `--store` on `kg ingest` output, against the Wikidata fixture server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import resources
from kg.cli.root import cli
from kg.wikidata.links import read_links

BUNDLED = Path(resources.data_path("allied-intervention-in-the-russian-civil-war.txt"))
MINTED = "https://w3id.org/conflict-kg/id/ingest/allied-intervention-in-the-russian-civil-war/"


def invoke(*args, input=None):
    return CliRunner().invoke(cli, list(map(str, args)), input=input)


@pytest.fixture
def endpoint(wikidata_server, monkeypatch):
    monkeypatch.setenv("KG_WIKIDATA_ENDPOINT", wikidata_server.query_url)
    monkeypatch.delenv("KG_USER_AGENT", raising=False)
    return wikidata_server


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ingested") / "article.trig"
    result = invoke("ingest", BUNDLED, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def decisions(output: str) -> dict[str, dict]:
    return {row["entity"]: row for row in json.loads(output)}


def test_link_reviews_the_ingested_entities_only(endpoint, ingested, tmp_path):
    result = invoke("link", "--data", ingested, "--dry-run", "--format", "json",
                    "--links", tmp_path / "links.ttl")
    assert result.exit_code == 0, result.output
    found = decisions(result.stdout)
    # every entity of the ingested graph, none of the bundled one (its kgr:Names)
    assert found and all(entity.startswith("kgr:ingest/") for entity in found)
    # the conflict is typed through the shipped ontology although the data file lacks it
    conflict = found["kgr:ingest/allied-intervention-in-the-russian-civil-war/conflict"]
    assert (conflict["status"], conflict["qid"]) == ("auto", "Q2001082")
    assert "type fits (Q5919191 military intervention)" in conflict["explanation"]
    # the minted "Russian Civil War" is the item the bundled graph already links: a review,
    # never a silent second link
    chain = found["kgr:ingest/allied-intervention-in-the-russian-civil-war/conflict/"
                  "russian-civil-war"]
    assert chain["status"] == "review" and "already linked to kgr:RussianCivilWar" in \
        chain["reason"]
    assert found["kgr:ingest/allied-intervention-in-the-russian-civil-war/party/romanians"][
        "status"] == "rejected"
    assert not (tmp_path / "links.ttl").exists()  # --dry-run wrote nothing


def test_links_are_written_reviewed_checked_and_queried(endpoint, ingested, tmp_path):
    links = tmp_path / "links.ttl"
    result = invoke("link", "--data", ingested, "--links", links)
    assert result.exit_code == 0, result.output
    written = read_links(links)
    assert written and all(link.entity.startswith(MINTED) for link in written)
    auto = [link for link in written if link.status == "auto"]
    assert [(link.entity, link.qid) for link in auto] == [(MINTED + "conflict", "Q2001082")]

    review = invoke("link", "--data", ingested, "--links", links, "--review")
    assert review.exit_code == 0
    assert "party/bolsheviks,Bolsheviks,Q83372,Bolsheviks" in review.stdout

    check = invoke("link", "--data", ingested, "--links", links, "--check")
    assert check.exit_code == 0, check.output
    assert "1 links checked, 0 broken" in check.stdout   # the shipped links are not checked here

    # the links (with their provenance) join the ingested graph, which keeps its named graph
    query = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
             "PREFIX kg: <https://w3id.org/conflict-kg/ontology#> "
             "PREFIX prov: <http://www.w3.org/ns/prov#> "
             "SELECT ?g ?item ?when WHERE { GRAPH ?g { ?e a kg:MilitaryIntervention } "
             "?e skos:exactMatch ?item . ?a kg:linkSubject ?e ; prov:generatedAtTime ?when }")
    answer = invoke("query", "-e", query, "--data", ingested, "--data", links, "-f", "csv")
    assert answer.exit_code == 0, answer.output
    row = answer.stdout.splitlines()[1].split(",")
    assert row[:2] == ["https://w3id.org/conflict-kg/graph/ingest/allied-intervention-in-the-"
                       "russian-civil-war", "http://www.wikidata.org/entity/Q2001082"]


def test_link_on_an_ingest_store(endpoint, tmp_path):
    store = tmp_path / "war.db"
    assert invoke("ingest", BUNDLED, "--store", store).exit_code == 0
    result = invoke("link", "--store", store, "--dry-run", "--format", "json",
                    "--links", tmp_path / "links.ttl")
    assert result.exit_code == 0, result.output
    found = decisions(result.stdout)
    assert found["kgr:ingest/allied-intervention-in-the-russian-civil-war/conflict"][
        "qid"] == "Q2001082"


@pytest.mark.parametrize("args, message", [
    (("--with-bundled",), "give --data"),
    (("--data-format", "trig"), "--data-format applies to --data files"),
    (("--data", "x.trig", "--store", "db"), "either --data or --store"),
    (("--data", "x.trig", "--accept", "r.csv"), "--accept reads only the links file"),
])
def test_dataset_options_misused(args, message):
    result = invoke("link", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_data_without_entities_is_refused(endpoint, tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("<urn:a> <urn:b> <urn:c> .\n")
    result = invoke("link", "--data", empty, "--links", tmp_path / "links.ttl")
    assert result.exit_code == 3
    assert "no entity to link" in result.output
