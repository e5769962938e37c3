"""Bundled queries on a server whose default graph is not the union of its named graphs."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from kg.cli.root import cli
from kg.store.store import bundled_files
from tests.conftest import start_oxigraph


def kg(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def separate(tmp_path_factory):
    """``oxigraph serve`` without --union-default-graph, the bundled files in named graphs."""
    server = start_oxigraph(tmp_path_factory.mktemp("separate"))
    for path, graph in bundled_files():
        server.load(path, "text/turtle", graph=graph)
    yield server
    server.stop()


def test_a_check_query_finds_the_data_in_named_graphs(separate):
    local = kg("query", "contradictions", "--format", "csv")
    remote = kg("query", "contradictions", "--endpoint", separate.query_url, "--format", "csv")
    assert local.exit_code == 1  # the bundled graph has contradictions the check reports
    assert (remote.exit_code, sorted(remote.stdout.splitlines())) == \
        (1, sorted(local.stdout.splitlines()))


def rows(text: str) -> list:
    """CSV rows comparable across engines (GROUP_CONCAT lists in any order)."""
    reader = csv.reader(io.StringIO(text))
    return sorted([sorted(cell.split(", ")) for cell in row] for row in reader)


def test_a_select_gives_the_local_rows(separate):
    local = kg("query", "casualty_totals", "--format", "csv")
    remote = kg("query", "casualty_totals", "--endpoint", separate.query_url, "--format", "csv")
    assert remote.exit_code == 0, remote.output
    assert rows(remote.stdout) == rows(local.stdout)


def test_an_empty_server_says_the_data_is_not_there(tmp_path):
    server = start_oxigraph(tmp_path / "empty")
    try:
        result = kg("query", "contradictions", "--endpoint", server.query_url)
    finally:
        server.stop()
    assert result.exit_code == 3  # not 0: nothing was checked
    assert result.stderr == (f"kg: {server.query_url}: the project's data is not in the default "
                             "graph and it has no named graphs; load it first (kg push "
                             "--endpoint ...) or name its graphs with --default-graph\n")
