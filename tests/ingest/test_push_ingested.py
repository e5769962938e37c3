"""`kg push` of `kg ingest` output into a real `oxigraph serve`, queried back graph by graph."""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import resources
from kg.cli.root import cli

CORPUS = Path(__file__).resolve().parent.parent / "data" / "ingest"
ARTICLES = (Path(resources.data_path("allied-intervention-in-the-russian-civil-war.txt")),
            CORPUS / "winter-war.txt",             # layout 2
            CORPUS / "siege-of-tyre-332-bc.txt",   # layout 3, a BC date
            CORPUS / "battle-of-kessel-reach.txt")


def invoke(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


@pytest.fixture
def server(oxigraph_server):
    oxigraph_server.clear()
    return oxigraph_server


def local_graphs(path: Path) -> dict[str, set]:
    """Graph IRI -> its triples, straight from the file's bytes (lexical forms as written)."""
    graphs: dict[str, set] = {}
    for quad in ox.parse(path=str(path)):
        graphs.setdefault(quad.graph_name.value, set()).add(
            (quad.subject, quad.predicate, quad.object))
    return graphs


def remote_graph(server, graph: str) -> set:
    url = f"{server.store_url}?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return {(t.subject, t.predicate, t.object)
            for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


@pytest.mark.parametrize("suffix, method", [(".trig", "gsp"), (".nq", "update")])
def test_pushed_articles_keep_their_graphs_and_triples(server, tmp_path, suffix, method):
    out = tmp_path / f"articles{suffix}"
    result = invoke("ingest", *ARTICLES, "-o", out)
    assert result.exit_code == 0, result.output
    local = local_graphs(out)
    assert len(local) == len(ARTICLES)

    pushed = invoke("push", out, "--endpoint", server.base_url, "--method", method,
                    "--state", tmp_path / "state.json")
    assert pushed.exit_code == 0, pushed.output
    total = sum(len(triples) for triples in local.values())
    assert f"Pushed {total:,} triples" in pushed.output

    # counts per named graph, through kg query on the endpoint
    answer = invoke("query", "-e", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                    "GROUP BY ?g ORDER BY ?g", "--endpoint", server.query_url, "-f", "csv")
    assert answer.exit_code == 0, answer.output
    rows = dict(line.split(",") for line in answer.stdout.splitlines()[1:])
    assert {g: int(n) for g, n in rows.items()} == {g: len(t) for g, t in local.items()}
    # nothing leaked into the default graph
    default = invoke("query", "-e", "ASK { ?s ?p ?o }", "--endpoint", server.query_url)
    assert default.exit_code == 1 and "false" in default.stdout

    # and the triples themselves, graph by graph (dates at their precision, BC years, spans)
    for graph, triples in local.items():
        assert remote_graph(server, graph) == triples, graph


def test_pushed_articles_validate_where_they_live(server, tmp_path):
    out = tmp_path / "articles.trig"
    assert invoke("ingest", *ARTICLES, "-o", out).exit_code == 0
    assert invoke("push", out, "--endpoint", server.base_url,
                  "--state", tmp_path / "state.json").exit_code == 0
    result = invoke("validate", "--endpoint", server.query_url)
    assert result.exit_code == 0, result.output
    assert "Conforms: yes" in result.output

