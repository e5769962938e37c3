"""Queries too wide for the engine's planner are refused before it sees them (kg.store.query_shape):
one line, ``file:line:col``, exit 3; ordinary and large-but-cheap queries still run."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.store.query_shape import MAX_GROUPS, MAX_JOIN
from kg.store.store import Store

EX = "http://example.org/"
JOIN_LINE = ("kg: {name}:1:{column}: one group joins more than 100 patterns (triples, OPTIONAL, "
             "FILTER, groups...); the engine would plan it for minutes: split the query\n")


def optionals(count: int) -> str:
    """A flat query: one triple pattern and ``count`` OPTIONAL blocks side by side."""
    return ("SELECT * WHERE { ?s a ?t "
            + " ".join(f"OPTIONAL {{ ?s <{EX}p{i}> ?o{i} }}" for i in range(count)) + " }")


def kg_query(tmp_path, text: str):
    path = tmp_path / "wide.rq"
    path.write_text(text, encoding="utf-8")
    return path, CliRunner().invoke(cli, ["query", str(path), "--format", "csv"])


def test_three_thousand_optionals_are_refused_in_one_line(tmp_path):
    path, result = kg_query(tmp_path, optionals(3000))
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    column = optionals(3000).index(f"OPTIONAL {{ ?s <{EX}p{MAX_JOIN}>") + 1
    assert result.stderr == JOIN_LINE.format(name=path, column=column)


@pytest.mark.parametrize("query", [
    # 200 triple patterns in one basic graph pattern (before: 40 s of planning)
    "SELECT * WHERE { " + " . ".join(f"?s <{EX}p{i}> ?o{i}" for i in range(200)) + " }",
    # the same in ten nested groups, which the engine flattens into one join
    "SELECT * WHERE { " + " ".join(
        "{ " + " . ".join(f"?s <{EX}p{g}-{i}> ?o{g}x{i}" for i in range(20)) + " }"
        for g in range(10)) + " }",
    # the same written with ; and , shorthand
    "SELECT * WHERE { ?s " + " ; ".join(f"<{EX}p{i}> ?o{i}, ?x{i}" for i in range(60)) + " }",
])
def test_wide_joins_in_any_spelling_are_refused(tmp_path, query):
    _, result = kg_query(tmp_path, query)
    assert result.exit_code == 3, result.output
    assert "one group joins more than 100 patterns" in result.stderr
    assert result.stderr.count("\n") == 1


def test_too_many_blocks_are_refused(tmp_path):
    query = ("SELECT * WHERE { "
             + " UNION ".join(f"{{ ?s <{EX}p{i}> ?o }}" for i in range(MAX_GROUPS + 1)) + " }")
    _, result = kg_query(tmp_path, query)
    assert result.exit_code == 3, result.output
    assert "more than 1,000 { } blocks in one query are refused" in result.stderr


@pytest.mark.parametrize("query", [
    optionals(MAX_JOIN - 2),
    # many UNION branches and MINUS blocks are planned apart: cheap, allowed
    "SELECT * WHERE { " + " UNION ".join(f"{{ ?s <{EX}p{i}> ?o }}" for i in range(300)) + " }",
    "SELECT * WHERE { ?s ?p ?o " + " ".join(f"MINUS {{ ?s <{EX}p{i}> ?o }}" for i in range(300))
    + " }",
    # separators inside strings, IRIs, comments and function calls are not patterns
    "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(str(i) for i in range(500))
    + ")) BIND(\"" + "; . , " * 200 + "\" AS ?x) # " + ". ; ," * 200 + "\n }",
])
def test_wide_but_cheap_queries_run(tmp_path, query):
    _, result = kg_query(tmp_path, query)
    assert result.exit_code == 0, result.output


def test_a_construct_template_is_not_planned(tmp_path):
    path = tmp_path / "template.rq"
    path.write_text("CONSTRUCT { " + " . ".join(f"?s <{EX}p{i}> ?o" for i in range(500))
                    + " } WHERE { ?s a ?o } LIMIT 1", encoding="utf-8")
    result = CliRunner().invoke(cli, ["query", str(path), "--format", "nt"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 500


def test_a_large_insert_data_is_not_limited():
    store = Store()
    store.update("INSERT DATA { " + " ".join(f"<{EX}s{i}> <{EX}p> {i} ." for i in range(5000))
                 + " }")
    assert len(store) == 5000
