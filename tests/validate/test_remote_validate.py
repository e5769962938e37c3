"""Fetching an endpoint's data for validation: whole graphs, pages, and the same SHACL verdict."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg import namespaces as ns
from kg.cli import cli
from kg.errors import EndpointError
from kg.store.store import Store
from kg.validate.remote import fetch_for_validation, named_graphs


@pytest.fixture
def pushed(oxigraph_server, tmp_path):
    """The bundled graph pushed into a clean server (blank nodes skolemized by kg push)."""
    oxigraph_server.clear()
    result = CliRunner().invoke(cli, ["push", "--endpoint", oxigraph_server.base_url, "-q",
                                      "--state", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    return oxigraph_server


def test_named_graphs_lists_the_pushed_graphs(pushed):
    assert named_graphs(pushed.query_url) == sorted(
        [ns.GRAPH_ARTICLE, ns.GRAPH_LINKS, ns.GRAPH_ONTOLOGY, ns.GRAPH_PROVENANCE])


def test_fetch_all_graphs_matches_the_bundled_counts(pushed):
    fetched = fetch_for_validation(pushed.query_url, all_graphs=True)
    bundled = Store.bundled()
    assert {g: fetched.count(g) for g in fetched.graph_names()} == {
        g: bundled.count(g) for g in bundled.graph_names()}
    assert fetched.count(None) == 0


def test_fetch_in_pages_gives_the_same_triples(pushed):
    whole = fetch_for_validation(pushed.query_url, graphs=[ns.GRAPH_ARTICLE])
    paged = fetch_for_validation(pushed.query_url, graphs=[ns.GRAPH_ARTICLE], page_size=100)
    assert set(paged.quads()) == set(whole.quads())
    assert len(paged) == Store.bundled().count(ns.GRAPH_ARTICLE)


def test_fetched_article_validates_like_the_local_one(pushed):
    from kg.validate.engine import bundled_ontology, bundled_shapes, validate

    fetched = fetch_for_validation(pushed.query_url, graphs=[ns.GRAPH_ARTICLE, ns.GRAPH_LINKS])
    local = Store.bundled()
    shapes, ontology = bundled_shapes(), bundled_ontology()
    remote_report = validate(fetched.to_rdflib(), shapes, ontology)
    local_report = validate(local.to_rdflib([ns.GRAPH_ARTICLE, ns.GRAPH_LINKS]), shapes, ontology)
    assert remote_report.fails_at("violation") == local_report.fails_at("violation")
    assert sorted(r.message for r in remote_report.results) == sorted(
        r.message for r in local_report.results)


def test_fetch_from_a_closed_port_is_an_endpoint_error():
    from tests.conftest import free_port

    with pytest.raises(EndpointError, match="cannot reach"):
        fetch_for_validation(f"http://127.0.0.1:{free_port()}/query")


def test_cli_validate_endpoint_reports_the_articles_warnings(pushed):
    result = CliRunner().invoke(cli, ["validate", "--endpoint", pushed.query_url])
    assert result.exit_code == 0, result.output
    local = CliRunner().invoke(cli, ["validate"])
    # Same verdict and the same two warnings as the bundled graph checked locally.
    assert result.stdout.splitlines()[-1] == local.stdout.splitlines()[-1]
    assert "kgr:CaucasusIntervention" in result.stdout
    assert "kgr:WesternAlliedWithdrawal" in result.stdout


def test_cli_validate_endpoint_finds_a_violation_made_on_the_server(pushed):
    import urllib.request

    broken = (f"DELETE DATA {{ GRAPH <{ns.GRAPH_ARTICLE}> {{ <{ns.RESOURCE}strength-allied-1> "
              f"<{ns.ONTOLOGY}upperBound> 70000 }} }} ; INSERT DATA {{ GRAPH <{ns.GRAPH_ARTICLE}> "
              f"{{ <{ns.RESOURCE}strength-allied-1> <{ns.ONTOLOGY}upperBound> 40000 }} }}")
    request = urllib.request.Request(pushed.update_url, data=broken.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(request, timeout=30).close()
    result = CliRunner().invoke(cli, ["validate", "--endpoint", pushed.query_url,
                                      "--graph", ns.GRAPH_ARTICLE, "--page-size", "500"])
    assert result.exit_code == 1, result.output
    assert "The minimum of a range (50000) must not be above its maximum (40000)." in result.stdout


def test_cli_validate_endpoint_and_data_together_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["validate", "x.ttl", "--endpoint", "http://127.0.0.1:9/q"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "kg: Give either DATA files or --endpoint, not both."


def test_cli_validate_graph_without_endpoint_is_a_usage_error():
    result = CliRunner().invoke(cli, ["validate", "--graph", "https://example.org/g"])
    assert result.exit_code == 2
    assert "need --endpoint" in result.stderr


def test_cli_validate_unreachable_endpoint_exits_3_in_one_line():
    from tests.conftest import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(cli, ["validate", "--endpoint", url])
    assert result.exit_code == 3
    assert len(result.stderr.strip().splitlines()) == 1
    assert url in result.stderr
