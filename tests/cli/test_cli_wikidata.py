"""`kg wikidata fetch|query`: the federation cache and the federated queries, end to end."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import namespaces as ns
from kg.cli import cli
from kg.wikidata import cache, config
from kg.wikidata.http import EndpointTimeout
from kg.wikidata.links import Link, expand, to_turtle
from tests.conftest import TEST_DATA, free_port

FIXTURE = TEST_DATA / "wikidata" / "fixture.ttl"
PROV = "http://www.w3.org/ns/prov#"


@pytest.fixture(scope="module")
def wikidata(wikidata_server):
    return wikidata_server


@pytest.fixture
def setup(wikidata, tmp_path, monkeypatch):
    """Endpoint = the fixture server; cache and links files in a fresh folder."""
    monkeypatch.setenv("KG_WIKIDATA_ENDPOINT", wikidata.query_url)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def kg(*args: str):
    return CliRunner().invoke(cli, list(args))


def dead_endpoint() -> str:
    return f"http://127.0.0.1:{free_port()}/sparql"


def query_json(*args: str) -> list[dict]:
    result = kg("wikidata", "query", *args, "--format", "json")
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def test_fetch_writes_the_cache_with_provenance(setup, wikidata):
    result = kg("wikidata", "fetch")
    assert result.exit_code == 0, result.stderr
    path = setup / "cache" / "wikidata.nq"
    assert result.stdout.startswith(f"{path}: ")
    assert result.stdout.endswith(f"facts about 20 linked items and their parts, from "
                                  f"{wikidata.query_url} in 3 requests\n")
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {ns.GRAPH_WIKIDATA}
    graph = ox.NamedNode(ns.GRAPH_WIKIDATA)
    about_graph = {(q.predicate.value, q.object.value) for q in quads if q.subject == graph}
    assert (PROV + "wasDerivedFrom", wikidata.query_url) in about_graph
    assert any(p == PROV + "generatedAtTime" and o.startswith("20") for p, o in about_graph)
    coordinates = {q.object.value for q in quads if q.predicate.value.endswith("/P625")}
    assert "Point(40.54 64.54)" in coordinates


def test_second_fetch_is_up_to_date_and_offline(setup):
    assert kg("wikidata", "fetch").exit_code == 0
    result = kg("wikidata", "fetch", "--wikidata-endpoint", dead_endpoint())
    assert result.exit_code == 0
    assert ": up to date (20 items, " in result.stdout


def test_refresh_that_fails_leaves_the_cache_as_it_was(setup):
    assert kg("wikidata", "fetch").exit_code == 0
    path = setup / "cache" / "wikidata.nq"
    before = path.read_bytes()
    url = dead_endpoint()
    result = kg("wikidata", "fetch", "--refresh", "--wikidata-endpoint", url)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: cannot reach {url}: ")
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["wikidata.nq"]  # no temporary left


def test_place_coordinates_for_a_map(setup):
    rows = {row["place"]: row for row in query_json("place_coordinates")}
    assert set(rows) == {"https://w3id.org/conflict-kg/id/" + n
                         for n in ("Arkhangelsk", "Caucasus", "Finland", "Vladivostok")}
    vladivostok = rows["https://w3id.org/conflict-kg/id/Vladivostok"]
    assert (vladivostok["latitude"], vladivostok["longitude"]) == (43.12, 131.89)
    assert vladivostok["item"] == "http://www.wikidata.org/entity/Q959"


def test_state_lifespans(setup):
    rows = {row["label"]: row for row in query_json("state_lifespans")}
    assert rows["German Empire"] | {} == rows["German Empire"] | {
        "inception": "1871-01-18", "dissolved": "1918-11-09", "atStart": True, "atEnd": False}
    assert (rows["Czechoslovakia"]["atStart"], rows["Czechoslovakia"]["atEnd"]) == (False, True)
    assert rows["United States"]["dissolved"] is None
    assert rows["Kingdom of Romania"]["atStart"] and rows["Kingdom of Romania"]["atEnd"]
    assert len(rows) == 8


def test_campaign_parts_that_only_wikidata_knows(setup):
    rows = query_json("campaign_parts")
    parts = {(r["label"], r["part"].rsplit("/", 1)[1], r["start"]) for r in rows}
    # Q2001082 is the article's own subject, unlinked: the article knows it by that name, so it
    # is not a part "only Wikidata knows"
    assert parts == {("Russian Civil War", "Q1127302", "1918-11-28")}


def test_campaign_parts_follow_the_users_links(setup):
    links = setup / "kg-links.ttl"
    links.write_text(to_turtle([Link(expand("AlliedIntervention"), "Q2001082",
                                     status="confirmed")]), encoding="utf-8")
    rows = query_json("campaign_parts", "--links", str(links))
    parts = {(r["label"], r["partLabel"]) for r in rows}
    # North Russia and Siberian interventions are parts Wikidata has under the article's own
    # names (unlinked), so they are not listed as parts only Wikidata knows
    assert parts == {("Russian Civil War", "Estonian War of Independence"),
                     ("Allied intervention in the Russian Civil War", "Black Sea mutiny")}


def test_dates_compared_shows_where_the_article_and_wikidata_differ(setup):
    rows = query_json("dates_compared")
    assert {(r["label"], r["which"], r["article"], r["wikidata"], r["agree"]) for r in rows} == {
        ("Armistice of 11 November 1918", "date", "1918-11-11", "1918-11-11", True)}


def test_second_run_offline_from_the_cache(setup, monkeypatch):
    first = query_json("state_lifespans")
    monkeypatch.setenv("KG_WIKIDATA_ENDPOINT", dead_endpoint())
    result = kg("wikidata", "query", "state_lifespans", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert json.loads(result.stdout) == first
    assert kg("wikidata", "query", "state_lifespans", "--offline").exit_code == 0


def test_stale_cache_and_no_network_answers_with_a_note(setup, monkeypatch):
    assert kg("wikidata", "fetch").exit_code == 0
    links = setup / "kg-links.ttl"
    links.write_text(to_turtle([Link(expand("OctoberRevolution"), "Q42976")]), encoding="utf-8")
    url = dead_endpoint()
    monkeypatch.setenv("KG_WIKIDATA_ENDPOINT", url)
    result = kg("wikidata", "query", "dates_compared", "--format", "csv")
    assert result.exit_code == 0
    notes = result.stderr.splitlines()
    assert notes[0].startswith(f"kg: note: cannot reach {url}: ")
    assert notes[0].endswith("; answering from the cache of " + notes[0].rsplit(" ", 1)[1])
    assert notes[1] == ("kg: note: 1 linked item(s) are not in the cache (Q42976); "
                        "`kg wikidata fetch` adds them")


def test_no_cache_and_no_network_is_exit_3(setup, monkeypatch):
    url = dead_endpoint()
    monkeypatch.setenv("KG_WIKIDATA_ENDPOINT", url)
    result = kg("wikidata", "query", "place_coordinates")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: cannot reach {url}: ")
    offline = kg("wikidata", "query", "place_coordinates", "--offline")
    assert offline.exit_code == 3
    assert offline.stderr == (f"kg: no Wikidata cache at {setup / 'cache' / 'wikidata.nq'}: "
                              "run `kg wikidata fetch` while online\n")


def test_list_and_unknown_query(setup):
    listing = kg("wikidata", "query")
    assert listing.exit_code == 0
    assert [line.split()[0] for line in listing.stdout.splitlines()] == [
        "campaign_parts", "dates_compared", "place_coordinates", "state_lifespans"]
    unknown = kg("wikidata", "query", "nope", "--offline")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("kg: Unknown federated query 'nope': use one of "
                                     "campaign_parts, dates_compared,")


def test_service_clause_needs_opt_in(setup):
    assert kg("wikidata", "fetch").exit_code == 0
    user = setup / "live.rq"
    user.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }\n",
                    encoding="utf-8")
    result = kg("wikidata", "query", str(user), "--offline")
    assert result.exit_code == 2
    assert result.stderr == (f"kg: {user} uses SPARQL SERVICE to 127.0.0.1, which sends part "
                             "of the query to another server; pass --allow-service HOST to "
                             "let it.\n")


def test_cache_batches_are_halved_on_timeout():
    class Client:
        endpoint = "http://example.invalid/sparql"

        def __init__(self):
            self.sizes = []

        def select(self, query):
            size = query.count(" wd:Q")
            self.sizes.append(size)
            if size > 2:
                raise EndpointTimeout("too big", by_server=True)
            return []

    client = Client()
    cache.batched(client, ["Q1", "Q2", "Q3", "Q4", "Q5"],
                  lambda part: "VALUES ?s { " + " ".join(f"wd:{q}" for q in part) + " }",
                  chunk=5)
    assert client.sizes == [5, 2, 3, 1, 2]


def test_our_own_timeout_twice_running_gives_up():
    class Client:
        endpoint = "http://example.invalid/sparql"

        def __init__(self):
            self.sizes = []

        def select(self, query):
            self.sizes.append(query.count(" wd:Q"))
            raise EndpointTimeout("silent", silent=True)

    client = Client()
    with pytest.raises(EndpointTimeout, match="not answering at all; giving up"):
        cache.batched(client, ["Q1", "Q2", "Q3", "Q4"],
                      lambda part: "VALUES ?s { " + " ".join(f"wd:{q}" for q in part) + " }",
                      chunk=4)
    assert client.sizes == [4, 2]


def test_a_batch_of_one_that_times_out_is_an_error():
    class Client:
        endpoint = "http://example.invalid/sparql"

        def select(self, query):
            raise EndpointTimeout("slow")

    with pytest.raises(EndpointTimeout):
        cache.batched(Client(), ["Q1", "Q2"], lambda part: " ".join(part), chunk=2)


def test_cache_location(monkeypatch, tmp_path):
    monkeypatch.delenv("KG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert config.cache_file() == tmp_path / "kg" / "wikidata.nq"
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert config.cache_file() == tmp_path / "elsewhere" / "wikidata.nq"
    assert str(config.cache_file("mine.nq")) == "mine.nq"


def test_endpoint_option_beats_environment(monkeypatch):
    monkeypatch.setenv("KG_WIKIDATA_ENDPOINT", "http://127.0.0.1:1/env")
    assert config.endpoint() == "http://127.0.0.1:1/env"
    assert config.endpoint("http://127.0.0.1:1/opt") == "http://127.0.0.1:1/opt"
    monkeypatch.delenv("KG_WIKIDATA_ENDPOINT")
    assert config.endpoint() == "https://query.wikidata.org/sparql"


def test_service_clause_runs_when_allowed(setup, wikidata):
    assert kg("wikidata", "fetch").exit_code == 0
    user = setup / "live.rq"
    user.write_text("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                    "SELECT ?label WHERE { SERVICE <" + wikidata.query_url + "> {\n"
                    "  <http://www.wikidata.org/entity/Q959> rdfs:label ?label\n"
                    "  FILTER(LANG(?label) = \"ru\") } }\n", encoding="utf-8")
    result = kg("wikidata", "query", str(user), "--offline", "--allow-service", "127.0.0.1",
                "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["label", "Владивосток"]


def test_wikidata_query_prints_csv_when_piped(setup):
    """One rule with `kg query`: a table on a terminal, CSV when stdout is not one."""
    result = kg("wikidata", "query", "state_lifespans")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("state,label,")
