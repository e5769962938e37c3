"""SERVICE is refused on every query path unless --allow-service names the host; then kg's own
client sends it (never pyoxigraph's), and only there."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli.root import cli
from kg.query.service import blanked, calls


def kg(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def one_line_refusal(result, code: int = 2) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("kg: "), result.stderr
    assert "Traceback" not in result.output
    return result.stderr


# Every way of writing SERVICE that pyoxigraph 0.5 sends (checked by hand against a recording
# server): no spaces needed around the keyword, any case, SILENT glued on, a prefixed endpoint.
SNEAKY = [
    "SELECT * {{ SERVICE <{u}/ok> {{ ?s ?p ?o }} }}",
    "SELECT * {{ FILTER(1<2)SERVICE<{u}/ok>{{?x ?p ?o}} }}",
    "SELECT * {{ FILTER(1<2&&3>2)SERVICE<{u}/ok>{{?x ?p ?o}} }}",
    "PREFIX e: <{u}/> SELECT * {{ SERVICE e:ok {{ ?s ?p ?o }} }}",
    "PREFIX : <{u}/ok> SELECT * {{ SERVICE:{{ ?s ?p ?o }} }}",
    "SELECT * {{ sErViCe SiLeNt <{u}/ok> {{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICESILENT<{u}/ok> {{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICE#comment\n<{u}/ok> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?s ?p 'x' . {{ SELECT * {{ SERVICE <{u}/ok> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * {{ OPTIONAL{{}}SERVICE<{u}/ok> {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{u}/ok> {{ ?s ?p ?o }} }}",
    "ASK {{ SERVICE <{u}/ok> {{ ?s ?p ?o }} }}",
    "SELECT * {{ VALUES ?e {{ <{u}/ok> }} SERVICE ?e {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", SNEAKY)
def test_service_is_refused_in_every_spelling(net, template):
    text = template.format(u=net.url)
    assert calls(text), "the tokenizer must see the SERVICE"
    message = one_line_refusal(kg("query", "-e", text))
    assert "SERVICE" in message and "--allow-service" in message
    assert net.requests == []


def test_an_escaped_service_keyword_is_not_read_as_service(net):
    # kg skips its SERVICE guard when a query lacks the letters "service"; that is safe only
    # while the engine reads no \\u escapes outside strings and IRIs (SPARQL 1.1, 19.2 allows
    # them anywhere): if a pyoxigraph upgrade starts to, the recording server hears it here
    text = f"SELECT * {{ \\u0053ERVICE <{net.url}/ok> {{ ?s ?p ?o }} }}"
    assert "service" not in text.lower()
    result = kg("query", "-e", text)
    assert result.exit_code == 3 and "1:" in result.stderr
    assert net.requests == []


@pytest.mark.parametrize("where", ["--data", "--store", "--endpoint", "file"])
def test_service_is_refused_on_every_path(net, where, tmp_path):
    text = f"SELECT * {{ FILTER(1<2)SERVICE<{net.url}/ok>{{?s ?p ?o}} }}"
    args = ["query", "-e", text]
    if where == "--data":
        data = tmp_path / "d.ttl"
        data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
        args += ["--data", str(data)]
    elif where == "--store":
        data = tmp_path / "d.nt"
        data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
        assert kg("load", str(data), "--store", str(tmp_path / "db")).exit_code == 0
        args += ["--store", str(tmp_path / "db")]
    elif where == "--endpoint":
        args += ["--endpoint", f"{net.url}/ok"]
    else:
        rq = tmp_path / "q.rq"
        rq.write_text(text, encoding="utf-8")
        args = ["query", str(rq)]
    one_line_refusal(kg(*args))
    assert net.requests == []


def test_wikidata_query_refuses_the_regex_bypass(net, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    (tmp_path / "wikidata.nq").write_text("", encoding="utf-8")
    rq = tmp_path / "fed.rq"
    rq.write_text(f"SELECT * {{ FILTER(1<2)SERVICE<{net.url}/ok>{{?s ?p ?o}} }}",
                  encoding="utf-8")
    result = kg("wikidata", "query", str(rq), "--offline")
    assert "SERVICE" in one_line_refusal(result)
    assert net.requests == []


def test_strings_iris_and_comments_are_not_service(net):
    text = ("SELECT ?x { BIND('SERVICE <http://127.0.0.1:9/>' AS ?x) } "
            "# SERVICE <http://127.0.0.1:9/> { }\n")
    assert calls(text) == []
    result = kg("query", "-e", text, "--format", "csv")
    assert result.exit_code == 0, result.output


def test_allowed_host_is_reached_by_kgs_own_client_only(net):
    text = f"SELECT ?x {{ SERVICE <{net.url}/ok> {{ ?x ?p ?o }} }}"
    result = kg("query", "-e", text, "--format", "csv", "--allow-service",
                f"127.0.0.1:{net.port}")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["x", "from the service"]
    [(method, path, headers, _)] = net.requests
    assert headers["User-Agent"].startswith("kg/")  # not pyoxigraph's client
    assert method == "GET" and path.startswith("/ok?query=")


def test_silent_service_that_fails_is_one_empty_solution(net):
    text = f"SELECT ?y {{ BIND(1 AS ?y) SERVICE SILENT <{net.url}/html> {{ ?x ?p ?o }} }}"
    result = kg("query", "-e", text, "--format", "csv", "--allow-service", "127.0.0.1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["y", "1"]


@pytest.mark.parametrize(("text", "allowed", "says"), [
    ("SELECT * {{ SERVICE <http://localhost:{p}/ok> {{ ?s ?p ?o }} }}", "127.0.0.1",
     "a host --allow-service does not name"),
    ("SELECT * {{ SERVICE <{u}/ok> {{ ?s ?p ?o }} }}", "127.0.0.1:1", "does not name"),
    ("SELECT * {{ VALUES ?e {{ <{u}/ok> }} SERVICE ?e {{ ?s ?p ?o }} }}", "127.0.0.1",
     "known only while the query runs"),
    ("SELECT * {{ FILTER(1<2)SERVICESILENT<{u}/ok>{{ ?s ?p ?o }} }}", "127.0.0.1",
     "with spaces"),
])
def test_allowing_one_host_allows_nothing_else(net, text, allowed, says):
    query = text.format(u=net.url, p=net.port)
    message = one_line_refusal(kg("query", "-e", query, "--allow-service", allowed))
    assert says in message
    assert net.requests == []


def test_allowed_service_that_redirects_elsewhere_is_not_followed(net):
    text = f"SELECT * {{ SERVICE <{net.url}/redirect-port> {{ ?s ?p ?o }} }}"
    result = kg("query", "-e", text, "--allow-service", "127.0.0.1")
    message = one_line_refusal(result, 3)
    assert "another server: not followed" in message
    assert len(net.requests) == 1  # and `net` checks that the other server heard nothing


def test_remote_query_syntax_check_never_runs_the_service(net):
    text = f"SELECT * {{ SERVICE <{net.url}/hang> {{ ?s ?p ?o }} }}"
    result = kg("query", "-e", text, "--endpoint", f"{net.url}/ok", "--allow-service",
                "127.0.0.1", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert [r[1].split("?")[0] for r in net.requests] == ["/ok"]  # only the endpoint itself


def test_blanked_keeps_positions():
    text = "SELECT * {\n SERVICE <http://h/> {\n ?s ?p ?o } }"
    out = blanked(text)
    assert len(out) == len(text) and out.count("\n") == 2 and "SERVICE" not in out


def test_a_syntax_error_stops_an_allowed_service_before_it_is_called(net):
    text = f"SELECT * {{ SERVICE <{net.url}/ok> {{ ?s ?p ?o }} FILTER( }}"
    result = kg("query", "-e", text, "--allow-service", "127.0.0.1")
    assert result.exit_code == 3 and result.stderr.startswith("kg: query:1:")
    assert net.requests == []


SHAPES = {
    # SERVICE anywhere in the shapes makes them unusable (exit 3), whichever engine would run them
    "constraint": ("<urn:shape> a sh:NodeShape ; sh:targetNode <urn:a> ; sh:sparql [ sh:select "
                   '"SELECT $this WHERE {{ FILTER(1<2)SERVICE<{u}/ok>{{ ?s ?p ?o }}}}" ].', 3),
    "rule": ("<urn:shape> a sh:NodeShape ; sh:targetNode <urn:a> ; sh:rule [ a sh:SPARQLRule ; "
             'sh:construct "CONSTRUCT {{ $this <urn:x> ?o }} WHERE {{ SERVICE<{u}/ok>'
             '{{ ?s ?p ?o }} }}" ] ; sh:property [ sh:path <urn:b> ; sh:minCount 1 ] .', 3),
    "target": ("<urn:t> a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select "
               '"SELECT ?this WHERE {{ SERVICE<{u}/ok>{{ ?this ?p ?o }} }}" ] ; '
               "sh:property [ sh:path <urn:b> ; sh:minCount 1 ] .", 3),
}


@pytest.mark.parametrize("kind", sorted(SHAPES))
def test_service_in_a_shapes_file_is_refused(net, tmp_path, kind):
    template, code = SHAPES[kind]
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      + template.format(u=net.url) + "\n", encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    message = one_line_refusal(kg("validate", str(data), "--shapes", str(shapes)), code)
    assert "SERVICE" in message
    assert net.requests == []
