"""``kg queries`` and ``kg query``: every output format, the exit-code contract, parameters bound as
terms, user files, a persistent store, and the same answers from a real SPARQL endpoint."""

from __future__ import annotations

import csv
import http.server
import io
import json
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import namespaces as ns
from kg.cli import cli
from kg.http.client import USER_AGENT
from kg.query.binding import bind
from kg.query.catalog import catalog, load_bundled
from kg.query.run import Result, run_local, run_remote
from kg.store.store import Store, bundled_files
from tests.conftest import REPO_ROOT, start_oxigraph

KGR = ns.RESOURCE
ALL_GRAPHS = (ns.GRAPH_ONTOLOGY, ns.GRAPH_ARTICLE, ns.GRAPH_LINKS, ns.GRAPH_PROVENANCE)
LOCAL_NAMES = [n for n in sorted(catalog())
               if "federated" not in str(catalog()[n])]


def kg(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.bundled()


def expected(store, name: str, **params):
    query = load_bundled(name)
    return run_local(store, query, bind(query, list(params.items())))


# ---------------------------------------------------------------------------------------------
# kg queries


def test_queries_lists_every_bundled_query_with_kind_and_title():
    result = kg("queries")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(catalog())
    row = next(line for line in lines if line.startswith("contradictions "))
    assert re.fullmatch(r"contradictions\s+check\s+Contradictions in the dates the source gives",
                        row)


def test_queries_show_prints_the_file():
    result = kg("queries", "show", "casualty_totals")
    assert result.exit_code == 0
    assert result.stdout == (REPO_ROOT / "queries" / "casualty_totals.rq").read_text()


def test_queries_show_unknown_name_fails_with_the_list():
    result = kg("queries", "show", "casualtys")
    assert result.exit_code == 2
    assert "Unknown query 'casualtys'" in result.stderr and "casualty_totals" in result.stderr


# ---------------------------------------------------------------------------------------------
# SELECT formats


def test_query_default_format_off_a_terminal_is_csv(store):
    result = kg("query", "casualty_totals")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == ("side,kind,kindLabel,unit,figures,atLeast,atMost,"
                                             "partialMaximum,openEnded,unknown,parties")


def test_query_csv_is_w3c_csv(store):
    result = kg("query", "casualties", "--format", "csv")
    table = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert result.stdout_bytes.endswith(b"\r\n")
    assert table[0][:4] == ["side", "position", "party", "partyLabel"]
    uk = next(row for row in table if row[2] == KGR + "UnitedKingdom")
    assert uk[7:9] == ["938", ""], "the lower bound and no maximum"
    assert any("United Kingdom:\n    938+ killed" in cell for cell in uk)


@pytest.mark.parametrize(("fmt", "results_format"), [
    ("tsv", ox.QueryResultsFormat.TSV),
    ("sparql-json", ox.QueryResultsFormat.JSON),
    ("sparql-xml", ox.QueryResultsFormat.XML),
])
def test_query_w3c_formats_parse_back_to_the_same_terms(store, fmt, results_format):
    for name in ("casualties", "source_text", "timeline"):
        result = kg("query", name, "--format", fmt)
        assert result.exit_code == 0, result.output
        parsed = ox.parse_query_results(result.stdout_bytes, format=results_format)
        variables = [v.value for v in parsed.variables]
        rows = [tuple(s[v] for v in variables) for s in parsed]
        want = expected(store, name)
        assert variables == want.variables
        assert rows == want.rows


def test_query_json_is_a_list_of_plain_objects():
    result = kg("query", "casualties", "--format", "json")
    objects = json.loads(result.stdout)
    czech = next(o for o in objects if o["party"] == KGR + "Czechoslovakia")
    assert czech["minimum"] == 4112 and czech["form"] == "exact"
    uk = next(o for o in objects if o["party"] == KGR + "UnitedKingdom")
    assert uk["maximum"] is None and uk["minimum"] == 938


def test_query_jsonl_has_one_object_per_line():
    lines = kg("query", "strength", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 12
    assert json.loads(lines[0])["minimum"] == 50000 and json.loads(lines[0])["maximum"] == 70000


def test_query_table_and_markdown_use_curies():
    table = kg("query", "results", "--format", "table").stdout
    lines = table.splitlines()
    assert lines[0].split() == ["conflict", "level", "result", "label", "partOf", "concerns",
                                "quote"]
    assert set(lines[1]) <= {"-", " "}
    assert "kgr:BolshevikVictory" in lines[2] and lines[-1] == "(4 rows)"
    markdown = kg("query", "results", "--format", "markdown").stdout.splitlines()
    assert markdown[0] == "| conflict | level | result | label | partOf | concerns | quote |"
    assert markdown[1] == "|---|---|---|---|---|---|---|"
    assert markdown[2].startswith("| kgr:AlliedIntervention | headline | kgr:BolshevikVictory |")
    numbers = kg("query", "strength", "--format", "markdown").stdout.splitlines()[1]
    assert numbers == "|---|---:|---|---|---:|---:|---|---|---|", "numbers right-aligned"


def test_query_output_file_format_from_extension(tmp_path):
    target = tmp_path / "totals.md"
    result = kg("query", "casualty_totals", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text().startswith("| side | kind |")
    assert [p.name for p in tmp_path.iterdir()] == ["totals.md"], "no temporary file left"
    srj = tmp_path / "totals.srj"
    kg("query", "casualty_totals", "-o", str(srj))
    assert json.loads(srj.read_text())["head"]["vars"][0] == "side"


def test_query_unknown_format_is_a_usage_error():
    result = kg("query", "casualties", "--format", "yaml")
    assert result.exit_code == 2
    assert "--format yaml" in result.stderr and "sparql-json" in result.stderr


# ---------------------------------------------------------------------------------------------
# CONSTRUCT, ASK, check


@pytest.mark.parametrize("fmt", ["turtle", "n-triples", "n-quads", "trig", "json-ld", "xml"])
def test_construct_in_every_rdf_format(store, fmt):
    result = kg("query", "to_schema_org", "--format", fmt)
    assert result.exit_code == 0, result.output
    info = __import__("kg.store.formats", fromlist=["lookup_format"]).lookup_format(fmt)
    parsed = {q.triple for q in ox.parse(result.stdout_bytes, format=info.oxigraph)}
    assert parsed == set(expected(store, "to_schema_org").triples)


def test_construct_default_is_turtle_and_is_deterministic():
    first = kg("query", "to_wikidata").stdout_bytes
    assert first.startswith(b"@prefix ")
    assert kg("query", "to_wikidata").stdout_bytes == first


def test_construct_refuses_a_table_format():
    result = kg("query", "to_schema_org", "--format", "csv")
    assert result.exit_code == 2 and "returns RDF" in result.stderr


def test_ask_prints_true_and_exits_0_or_false_and_exits_1():
    yes = kg("query", "is_disputed")
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    no = kg("query", "is_disputed", "-p", "claim", "kgr:FactorWarWeariness")
    assert (no.exit_code, no.stdout) == (1, "false\n")
    srj = kg("query", "is_disputed", "--format", "sparql-json")
    assert json.loads(srj.stdout) == {"head": {}, "boolean": True}
    assert ox.parse_query_results(kg("query", "is_disputed", "--format", "sparql-xml")
                                  .stdout_bytes, format=ox.QueryResultsFormat.XML)


def test_check_query_exits_1_when_it_finds_problems(tmp_path):
    found = kg("query", "contradictions", "--format", "tsv")
    assert found.exit_code == 1
    assert len(found.stdout.splitlines()) == 3
    consistent = tmp_path / "consistent.ttl"
    consistent.write_text(
        "@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<urn:x:war> kg:startDate \"1918\"^^xsd:gYear ; kg:endDate \"1920\"^^xsd:gYear .\n"
        "<urn:x:part> kg:partOf <urn:x:war> ; kg:startDate \"1918-03\"^^xsd:gYearMonth .\n")
    clean = kg("query", "contradictions", "--data", str(consistent), "--format", "csv")
    assert (clean.exit_code, clean.stdout_bytes) == (0, b"issue,subject,subjectLabel,other,"
                                                        b"otherLabel,detail\r\n")


# ---------------------------------------------------------------------------------------------
# Where the query comes from


def test_query_from_expression_with_project_prefixes():
    result = kg("query", "-e", "SELECT ?c WHERE { ?c a kg:Campaign } ORDER BY ?c", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == KGR + "BalticIntervention"
    assert len(result.stdout.splitlines()) == 7


def test_query_from_stdin_and_from_a_file_with_a_header(tmp_path):
    piped = kg("query", "-", "-f", "csv", input="SELECT (COUNT(*) AS ?n) "
               "WHERE { ?f a kg:StrengthEstimate }")
    assert piped.stdout.splitlines() == ["n", "12"]
    mine = tmp_path / "by_kind.rq"
    mine.write_text("#+ title: Figures of one kind\n#+ description: Loss figures of a kind.\n"
                    "#+ kind: select\n#+ params:\n#+   kind:\n#+     type: iri\n"
                    "#+     default: kg:Wounded\n#+     description: The kind.\n#+ returns:\n"
                    "#+   columns: [f, kind]\n"
                    "SELECT ?f ?kind WHERE { ?f kg:lossKind ?kind }\n")
    result = kg("query", str(mine), "-f", "csv")
    assert result.stdout.splitlines()[1:] == [f"{KGR}loss-greece-wounded,{ns.ONTOLOGY}Wounded"]
    killed = kg("query", str(mine), "-p", "kind", "kg:Killed", "-f", "csv")
    assert len(killed.stdout.splitlines()) == 5


def test_untyped_parameter_of_a_query_without_header_can_carry_a_type():
    text = "SELECT ?f ?v WHERE { ?f kg:value ?v }"
    result = kg("query", "-e", text, "-p", "v:integer", "4112", "-f", "csv")
    assert result.stdout.splitlines()[1] == f"{KGR}loss-czechoslovakia-killed,4112"
    as_string = kg("query", "-e", text, "-p", "v:string", "4112", "-f", "csv")
    assert as_string.stdout.splitlines() == ["f,v"], "a string is not the integer 4112"
    untyped = kg("query", "-e", text, "-p", "v", "4112", "-f", "csv")
    assert untyped.stdout == result.stdout, "an untyped number binds a number"
    assert untyped.stderr.startswith("kg: note: -p v bound as '4112' (xsd:integer)")


def test_a_parameter_value_with_sparql_syntax_stays_a_literal():
    evil = '" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    result = kg("query", "-e", "SELECT ?s ?l WHERE { ?s rdfs:label ?l }", "-p", "l", evil,
                "-f", "csv")
    assert (result.exit_code, result.stdout_bytes) == (0, b"s,l\r\n")
    bad_iri = kg("query", "source_text", "-p", "entity", "kgr:Greece> } ; DROP ALL #")
    assert bad_iri.exit_code == 2 and "not a valid IRI" in bad_iri.stderr


def test_unknown_query_name_exits_2():
    result = kg("query", "casualty")
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: Unknown query 'casualty'. Did you mean casualties, "
                                    "casualty_totals?")


def test_unknown_or_missing_parameter_exits_2_with_the_header_description(tmp_path):
    result = kg("query", "source_text", "-p", "subject", "kgr:Greece")
    assert result.exit_code == 2
    assert result.stderr == (
        "kg: query 'source_text' has no parameter 'subject'. Parameters: -p entity IRI  "
        "(default kgr:Mutinies) The entity or fact node (an IRI or CURIE such as "
        "kgr:UnitedKingdom or kgr:loss-united-kingdom-killed).\n")
    needs = tmp_path / "needs.rq"
    needs.write_text("#+ title: T\n#+ description: D\n#+ kind: ask\n#+ params:\n#+   x:\n"
                     "#+     type: iri\n#+     description: The thing to look for.\n"
                     "ASK { ?x ?p ?o }\n")
    missing = kg("query", str(needs))
    assert missing.exit_code == 2
    assert "needs the parameter 'x'" in missing.stderr
    assert "-p x IRI  (required) The thing to look for." in missing.stderr


def test_a_parameter_the_query_does_not_select_is_a_usage_error():
    result = kg("query", "-e", "SELECT ?s WHERE { ?s ?p ?o }", "-p", "o", "x")
    assert result.exit_code == 2 and "does not bind ?o" in result.stderr


@pytest.mark.parametrize(("args", "input", "where"), [
    (("-e", "SELECT ?s WHERE { ?s ?p }"), None, r"query:1:\d+"),
    (("-",), "SELECT ?s\nWHERE { ?s ?p }", r"stdin:2:\d+"),
])
def test_syntax_errors_exit_3_with_line_and_column(args, input, where):
    result = kg("query", *args, input=input)
    assert result.exit_code == 3
    assert re.fullmatch(rf"kg: {where}: .+\n", result.stderr), result.stderr


def test_syntax_error_in_a_file_names_the_file(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("PREFIX kg: <https://w3id.org/conflict-kg/ontology#>\nSELECT ?s\n"
                   "WHERE { ?s a kg:Campaign } LIMIT x\n")
    result = kg("query", str(bad))
    assert result.exit_code == 3
    assert re.fullmatch(rf"kg: {re.escape(str(bad))}:3:\d+: .+\n", result.stderr)


def test_header_error_in_a_file_names_the_line(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ title: T\n#+ description: D\n#+ kind: chek\nSELECT * {}\n")
    result = kg("query", str(bad))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: {bad}:3: kind must be one of")


def test_missing_query_file_exits_3(tmp_path):
    result = kg("query", str(tmp_path / "nope.rq"))
    assert result.exit_code == 3 and "nope.rq" in result.stderr


# ---------------------------------------------------------------------------------------------
# What the query runs on


def test_query_user_data_instead_of_or_with_the_bundled_graph(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text("@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n"
                    "<urn:x:c> a kg:Campaign .\n")
    count = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a kg:Campaign }"
    only = kg("query", "-e", count, "--data", str(mine), "-f", "csv")
    assert only.stdout.splitlines() == ["n", "1"]
    both = kg("query", "-e", count, "--data", str(mine), "--with-bundled", "-f", "csv")
    assert both.stdout.splitlines() == ["n", "7"]
    nt = tmp_path / "more.nt"
    nt.write_text("<urn:x:d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                  f"<{ns.ONTOLOGY}Campaign> .\n")
    two = kg("query", "-e", count, "--data", str(mine), "--data", str(nt), "-f", "csv")
    assert two.stdout.splitlines() == ["n", "2"]
    piped = kg("query", "-e", count, "--data", "-", "--data-format", "nt", "-f", "csv",
               input=nt.read_text())
    assert piped.stdout.splitlines() == ["n", "1"]


def test_query_bad_data_file_exits_3_with_its_position(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n")
    result = kg("query", "timeline", "--data", str(bad))
    assert result.exit_code == 3 and result.stderr.startswith(f"kg: {bad}:1:")


def test_query_a_persistent_store(tmp_path, store):
    target = tmp_path / "war.db"
    loaded = kg("load", "--bundled", "--store", str(target), "-q")
    assert loaded.exit_code == 0, loaded.output
    result = kg("query", "casualty_totals", "--store", str(target), "-f", "sparql-json")
    assert result.exit_code == 0, result.output
    parsed = ox.parse_query_results(result.stdout_bytes, format=ox.QueryResultsFormat.JSON)
    rows = [tuple(s[v] for v in parsed.variables) for s in parsed]
    assert _normalized(Result("select", rows=rows)) == \
        _normalized(expected(store, "casualty_totals"))
    missing = kg("query", "timeline", "--store", str(tmp_path / "nope"))
    assert missing.exit_code == 3 and "no such store" in missing.stderr


@pytest.mark.parametrize("args", [
    ("--endpoint", "http://127.0.0.1:1/query", "--data", "x.ttl"),
    ("--store", "x", "--data", "x.ttl"),
    ("--with-bundled",),
    ("--default-graph", "urn:g"),
    ("--data-format", "ttl"),
])
def test_conflicting_options_are_usage_errors(args):
    result = kg("query", "timeline", *args)
    assert result.exit_code == 2, result.output


def test_query_path_does_not_import_rdflib_or_pyshacl():
    """`kg query NAME` stays on pyoxigraph (issue 5: within 1.5x of a plain pyoxigraph script)."""
    code = ("import sys\nfrom kg.cli import main\nsys.argv = ['kg', 'query', 'casualty_totals', "
            "'-f', 'csv']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('rdflib', 'pyshacl', 'SPARQLWrapper', 'pyld') "
            "if m in sys.modules), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.stderr.strip() == "[]"
    assert done.stdout.startswith("side,kind,")


def test_installed_kg_runs_a_query(run_kg):
    done = run_kg("query", "strength_totals", "--format", "json")
    assert done.returncode == 0, done.stderr
    allied = json.loads(done.stdout)[0]
    assert allied["atLeast"] is None and allied["largestFigure"] == 70000


# ---------------------------------------------------------------------------------------------
# On a SPARQL endpoint (a real `oxigraph serve` on 127.0.0.1)


@pytest.fixture
def endpoint(oxigraph_server):
    """The bundled graph loaded into the server through its Graph Store endpoint, graph by graph."""
    oxigraph_server.clear()
    for path, graph in bundled_files():
        oxigraph_server.load(path, "text/turtle", graph=graph)
    return oxigraph_server


def _normalized(result) -> list:
    """Rows comparable across engines: GROUP_CONCAT lists in any order, rows in any order."""
    if result.form == "ask":
        return [result.boolean]
    if result.form == "graph":
        return sorted(map(str, result.triples))
    out = []
    for row in result.rows:
        cells = []
        for term in row:
            if isinstance(term, ox.Literal) and (", " in term.value or " | " in term.value):
                cells.append(sorted(re.split(r", | \| ", term.value)))
            else:
                cells.append(str(term))
        out.append(json.dumps(cells))
    return sorted(out)


@pytest.mark.parametrize("name", LOCAL_NAMES)
def test_every_bundled_query_gives_the_same_rows_on_an_endpoint(endpoint, store, name):
    query = load_bundled(name)
    bindings = bind(query, [])
    local = run_local(store, query, bindings)
    remote = run_remote(endpoint.query_url, query, bindings, default_graphs=ALL_GRAPHS)
    assert remote.form == local.form
    if local.form == "select":
        assert remote.variables == local.variables
    assert _normalized(remote) == _normalized(local)


def test_parameters_reach_the_endpoint_as_values(endpoint, store):
    query = load_bundled("source_text")
    bindings = bind(query, [("entity", "kgr:UnitedKingdom")])
    remote = run_remote(endpoint.query_url, query, bindings, default_graphs=ALL_GRAPHS)
    assert _normalized(remote) == _normalized(run_local(store, query, bindings))
    assert len(remote.rows) == 6


def test_cli_on_an_endpoint(endpoint):
    graphs = [arg for g in ALL_GRAPHS for arg in ("--default-graph", g)]
    url = endpoint.query_url
    table = kg("query", "casualty_totals", "--endpoint", url, *graphs, "-f", "json")
    assert table.exit_code == 0, table.output
    killed = next(o for o in json.loads(table.stdout) if o["kindLabel"] == "killed")
    assert (killed["atLeast"], killed["atMost"]) == (5653, None)
    assert kg("query", "is_disputed", "--endpoint", url, *graphs).exit_code == 0
    assert kg("query", "is_disputed", "-p", "claim", "kgr:Greece", "--endpoint", url,
              *graphs).exit_code == 1
    assert kg("query", "contradictions", "--endpoint", url, *graphs).exit_code == 1
    nt = kg("query", "to_wikidata", "--endpoint", url, *graphs, "-f", "nt")
    assert len(nt.stdout.splitlines()) == len(kg("query", "to_wikidata", "-f", "nt")
                                              .stdout.splitlines())


def test_injection_attempt_on_an_endpoint_stays_a_literal(endpoint):
    graphs = [arg for g in ALL_GRAPHS for arg in ("--default-graph", g)]
    evil = '"} } ; CLEAR ALL ; SELECT * WHERE { ?s ?p "'
    result = kg("query", "-e", "SELECT ?s ?l WHERE { ?s rdfs:label ?l }", "-p", "l", evil,
                "--endpoint", endpoint.query_url, *graphs, "-f", "csv")
    assert (result.exit_code, result.stdout_bytes) == (0, b"s,l\r\n")
    still = kg("query", "-e", "ASK { kgr:Greece ?p ?o }", "--endpoint", endpoint.query_url,
               *graphs)
    assert still.stdout == "true\n"


def test_endpoint_with_a_union_default_graph(tmp_path, store):
    server = start_oxigraph(tmp_path / "union", ("--union-default-graph",))
    try:
        for path, graph in bundled_files():
            server.load(path, "text/turtle", graph=graph)
        query = load_bundled("strength_totals")
        remote = run_remote(server.query_url, query, {})
        assert _normalized(remote) == _normalized(run_local(store, query, {}))
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)


class _Fake(http.server.BaseHTTPRequestHandler):
    """An endpoint that answers what the test tells it to, and records the requests."""

    answer: ClassVar[tuple[int, str, bytes]] = (200, "application/sparql-results+json",
                                      b'{"head":{},"boolean":true}')
    delay = 0.0
    seen: ClassVar[list] = []

    def _reply(self):
        import time

        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        type(self).seen.append((self.command, self.path, dict(self.headers), body))
        time.sleep(type(self).delay)
        status, content_type, payload = type(self).answer
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _reply

    def log_message(self, *args):
        pass


@pytest.fixture
def fake():
    _Fake.seen = []
    _Fake.delay = 0.0
    _Fake.answer = (200, "application/sparql-results+json", b'{"head":{},"boolean":true}')
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    server.handle_error = lambda request, address: None  # a client that timed out hung up
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()
    server.server_close()


def test_short_queries_use_get_long_ones_post_with_a_descriptive_user_agent(fake):
    assert kg("query", "-e", "ASK { ?s ?p ?o }", "--endpoint", fake).exit_code == 0
    method, path, headers, _ = _Fake.seen[-1]
    assert method == "GET" and "query=" in path
    assert headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("kg/0.1.0 (https://w3id.org/conflict-kg;")
    assert "application/sparql-results+json" in headers["Accept"]
    assert kg("query", "is_disputed", "--endpoint", fake).exit_code == 0
    method, path, headers, body = _Fake.seen[-1]
    assert method == "POST" and headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert body.startswith(b"query=")
    sent = __import__("urllib.parse").parse.parse_qs(body.decode())["query"][0]
    assert "VALUES (?claim) { (<https://w3id.org/conflict-kg/id/Mutinies>) }" in sent


@pytest.mark.parametrize(("answer", "delay", "message"), [
    ((500, "text/plain", b"store exploded\nat line 2"), 0,
     "HTTP 500 Internal Server Error: store exploded"),
    ((400, "text/plain", b"Parser error: bad query"), 0, "HTTP 400 Bad Request: Parser error"),
    # no Retry-After: the first backoff (1 s) would end past the 1 s deadline
    ((503, "text/plain", b"try later"), 0, "answered HTTP 503 (attempt 1 of 4) and the next try "
     "is in 1 s, past the end of the 1 s timeout for the whole request; try again later"),
    ((200, "text/html", b"<html>not results</html>"), 0, "answered with an HTML page"),
    ((200, "application/sparql-results+json", b"{}"), 2.5, "did not answer within 1 s"),
])
def test_endpoint_failures_exit_3_with_one_line(fake, answer, delay, message):
    _Fake.answer = answer
    _Fake.delay = delay
    result = kg("query", "timeline", "--endpoint", fake, "--timeout", "1")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert result.stderr.startswith(f"kg: {fake}")


def test_unreachable_endpoint_exits_3():
    result = kg("query", "timeline", "--endpoint", "http://127.0.0.1:1/query")
    assert result.exit_code == 3
    assert result.stderr == ("kg: cannot reach http://127.0.0.1:1/query: Connection refused "
                             "(are you offline?)\n")


def test_endpoint_must_be_http():
    result = kg("query", "timeline", "--endpoint", "ftp://example.org/sparql")
    assert result.exit_code == 2


def test_remote_syntax_error_is_reported_before_sending(fake):
    result = kg("query", "-e", "SELECT ?s WHERE { ?s ?p }", "--endpoint", fake)
    assert result.exit_code == 3 and re.match(r"kg: query:1:\d+: ", result.stderr)
    assert _Fake.seen == []


def test_local_results_match_the_bundled_files(store):
    """The bundled graph the tests use is what `kg` ships (ontology, article, links)."""
    assert {Path(p).name for p, _ in bundled_files()} >= {"article.ttl", "links.ttl"}
    assert len(store) > 1500
