"""``kg push``: batches into a real ``oxigraph serve``, failure mid-push, resume, no duplicates."""

from __future__ import annotations

import base64
import http.server
import json
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from bench.generate import generate
from click.testing import CliRunner

from kg import namespaces as ns
from kg.cli import cli
from kg.store.bulk import SourceFile
from kg.store.formats import lookup_format
from kg.store.push import Skolemizer, batches, target_for
from kg.store.store import Store

GRAPH = "https://example.org/graph/pushed"

# Turtle with anonymous blank nodes (the parser gives them random labels on every run) and a
# labelled one: the hard case for "nothing duplicated on retry".
BLANKS_TTL = "@prefix ex: <https://example.org/> .\n" + "".join(
    f'ex:s{i} ex:has [ ex:n {i} ; ex:tag "t{i % 7}" ] ; ex:list ( {i} {i + 1} ) .\n'
    for i in range(60)) + "_:shared ex:p ex:o .\nex:s0 ex:q _:shared .\n"


def run(*args: str):
    return CliRunner().invoke(cli, ["push", *args])


def count(server, graph: str | None = None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
    query = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"})
    request = urllib.request.Request(f"{server.query_url}?{query}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    return int(answer["results"]["bindings"][0]["n"]["value"])


def count_default(server) -> int:
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    request = urllib.request.Request(f"{server.query_url}?{query}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def distinct_triples(path: Path) -> int:
    store = ox.Store()
    store.load(path=str(path))
    return len(store)


@pytest.fixture
def server(oxigraph_server):
    oxigraph_server.clear()
    return oxigraph_server


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("push")
    synthetic = folder / "synthetic.nt"
    with synthetic.open("w", encoding="utf-8") as out:
        generate(out, 2000, seed=5)
    blanks = folder / "blanks.ttl"
    blanks.write_text(BLANKS_TTL, encoding="utf-8")
    return {"nt": synthetic, "ttl": blanks}


class FlakyProxy:
    """A loopback proxy to the real server that breaks the Nth request in a chosen way.

    ``mode`` "refuse": answer 500 without forwarding (the batch did not land);
    "lose-answer": forward, then answer 502 (the batch landed but the client hears failure).
    """

    def __init__(self, upstream: str, fail_on: int, mode: str):
        self.upstream, self.fail_on, self.mode = upstream, fail_on, mode
        self.requests = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                proxy.requests += 1
                failing = proxy.requests == proxy.fail_on
                if failing and proxy.mode == "refuse":
                    self.send_error(500, "Injected failure")
                    return
                request = urllib.request.Request(proxy.upstream + self.path, data=body,
                                                 method="POST", headers={
                                                     "Content-Type": self.headers["Content-Type"]})
                with urllib.request.urlopen(request, timeout=30) as response:
                    status = response.status
                if failing:
                    self.send_error(502, "Injected lost answer")
                    return
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class AuthProxy(FlakyProxy):
    """A loopback proxy that asks for HTTP Basic authentication (user "kg", password "s3cret")."""

    def __init__(self, upstream: str):
        super().__init__(upstream, fail_on=0, mode="refuse")
        handler = self.httpd.RequestHandlerClass
        forward = handler.do_POST
        expected = "Basic " + base64.b64encode(b"kg:s3cret").decode()

        def do_post(request):
            if request.headers.get("Authorization") != expected:
                request.rfile.read(int(request.headers.get("Content-Length", 0)))
                request.send_response(401)
                request.send_header("WWW-Authenticate", 'Basic realm="kg"')
                request.send_header("Content-Length", "0")
                request.end_headers()
                return
            forward(request)

        handler.do_POST = do_post


@pytest.fixture
def proxy_factory(server):
    proxies = []

    def make(fail_on: int, mode: str) -> FlakyProxy:
        proxy = FlakyProxy(server.base_url, fail_on, mode)
        proxies.append(proxy)
        return proxy

    yield make
    for proxy in proxies:
        proxy.close()


def test_push_bundled_graph_into_its_named_graphs(server, tmp_path):
    result = run("--endpoint", server.base_url, "--state", str(tmp_path / "state.json"))
    assert result.exit_code == 0, result.output
    bundled = Store.bundled()
    for graph in bundled.graph_names():
        assert count(server, graph) == bundled.count(graph), graph
    assert count_default(server) == 0
    first, *rest = result.stdout.splitlines()
    assert first.startswith(f"Pushed {len(bundled):,} triples in 4 batches (4 sent) to "
                            f"{server.store_url} by Graph Store Protocol in ")
    assert first.endswith(f"graphs: {ns.GRAPH_ONTOLOGY}, {ns.GRAPH_ARTICLE}, "
                          f"{ns.GRAPH_PROVENANCE}, {ns.GRAPH_LINKS}.")
    assert rest and "blank nodes were sent as IRIs under" in rest[0]
    assert not (tmp_path / "state.json").exists()


def test_push_twice_by_both_methods_duplicates_nothing(server, data, tmp_path):
    expected = distinct_triples(data["ttl"])
    state = str(tmp_path / "state.json")
    for method in ("gsp", "update", "gsp"):
        result = run(str(data["ttl"]), "--endpoint", server.base_url + "/query", "--graph", GRAPH,
                     "--method", method, "--batch-size", "50", "--state", state)
        assert result.exit_code == 0, result.output
        assert count(server, GRAPH) == expected, method


def test_push_update_method_into_default_graph(server, data, tmp_path):
    result = run(str(data["nt"]), "--update-url", server.update_url, "--method", "update",
                 "--batch-size", "700", "--state", str(tmp_path / "s.json"))
    assert result.exit_code == 0, result.output
    assert count_default(server) == distinct_triples(data["nt"])
    assert "by SPARQL Update" in result.stdout
    assert "graphs: (default graph)." in result.stdout


@pytest.mark.parametrize("mode", ["refuse", "lose-answer"])
def test_push_fails_on_third_batch_then_resumes_without_duplicates(server, data, tmp_path,
                                                                   proxy_factory, mode):
    # 482 triples with blank nodes first, so the third batch (triples 401-600) holds some
    combined = tmp_path / "combined.ttl"
    combined.write_text(BLANKS_TTL + data["nt"].read_text(encoding="utf-8"), encoding="utf-8")
    expected = distinct_triples(combined)
    proxy = proxy_factory(fail_on=3, mode=mode)
    state = tmp_path / "state.json"
    args = (str(combined), "--endpoint", proxy.url, "--graph", GRAPH, "--batch-size", "200",
            "--state", str(state))

    failed = run(*args)
    assert failed.exit_code == 3
    assert failed.stdout == ""
    assert failed.stderr.startswith(f"kg: {proxy.url}/store?graph=")
    assert "HTTP 50" in failed.stderr
    assert "(batch 3 of " in failed.stderr
    assert "2 of " in failed.stderr and "rerun with --resume to continue" in failed.stderr
    assert json.loads(state.read_text())["landed"] == [1, 2]
    landed = count(server, GRAPH)
    assert 0 < landed < expected

    resumed = run(*args, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "2 already there" in resumed.stdout
    assert count(server, GRAPH) == expected
    assert not state.exists()


def test_push_with_basic_authentication(server, data, tmp_path, monkeypatch):
    proxy = AuthProxy(server.base_url)
    try:
        args = (str(data["ttl"]), "--endpoint", proxy.url, "--graph", GRAPH,
                "--state", str(tmp_path / "s.json"))
        refused = run(*args)
        assert refused.exit_code == 3
        assert "HTTP 401" in refused.stderr
        assert run(*args, "--user", "kg:wrong").exit_code == 3
        monkeypatch.delenv("KG_PASSWORD", raising=False)
        assert run(*args, "--user", "kg").exit_code == 2  # no password anywhere
        monkeypatch.setenv("KG_PASSWORD", "s3cret")
        result = run(*args, "--user", "kg")
        assert result.exit_code == 0, result.output
        assert count(server, GRAPH) == distinct_triples(data["ttl"])
        assert run(*args, "--user", "kg:s3cret").exit_code == 0
    finally:
        proxy.close()


def test_resume_refuses_a_state_for_other_input(server, data, tmp_path, proxy_factory):
    proxy = proxy_factory(fail_on=2, mode="refuse")
    state = str(tmp_path / "state.json")
    assert run(str(data["nt"]), "--endpoint", proxy.url, "--batch-size", "500",
               "--state", state).exit_code == 3
    result = run(str(data["nt"]), "--endpoint", proxy.url, "--batch-size", "400",
                 "--state", state, "--resume")
    assert result.exit_code == 2
    assert "this state is for another input, target or batch size" in result.stderr


def test_push_replace_empties_the_graph_first(server, data, tmp_path):
    state = str(tmp_path / "s.json")
    assert run(str(data["nt"]), "--endpoint", server.base_url, "--graph", GRAPH,
               "--state", state).exit_code == 0
    result = run(str(data["ttl"]), "--endpoint", server.base_url, "--graph", GRAPH, "--replace",
                 "--state", state)
    assert result.exit_code == 0, result.output
    assert count(server, GRAPH) == distinct_triples(data["ttl"])


def test_push_syntax_error_sends_nothing(server, data, tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text(data["nt"].read_text(encoding="utf-8") + "<urn:a> <urn:b> .\n",
                   encoding="utf-8")
    lines = bad.read_text(encoding="utf-8").count("\n")
    result = run(str(bad), "--endpoint", server.base_url, "--batch-size", "100",
                 "--state", str(tmp_path / "s.json"))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: {bad}:{lines}:")
    assert count_default(server) == 0 and count(server) == 0


def test_push_endpoint_down_is_exit_3(tmp_path, data):
    from tests.conftest import free_port

    url = f"http://127.0.0.1:{free_port()}"
    result = run(str(data["ttl"]), "--endpoint", url, "--state", str(tmp_path / "s.json"))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: cannot reach {url}/store?default: ")


def test_push_needs_a_url():
    result = run()
    assert result.exit_code == 2
    assert result.stderr == "kg: Give --endpoint URL (the store's base URL) or --gsp-url.\n"


def test_push_graph_without_files_is_refused():
    result = run("--endpoint", "http://127.0.0.1:1", "--graph", GRAPH)
    assert result.exit_code == 2


def test_push_help_has_summary_and_example():
    result = CliRunner().invoke(cli, ["push", "--help"])
    assert result.exit_code == 0
    assert "Load the graph, or your files, into a SPARQL 1.1 triple store." in result.output
    assert "Example:\n    oxigraph serve --location war.db &" in result.output


def test_batches_split_by_size_and_graph(tmp_path):
    nq = tmp_path / "d.nq"
    nq.write_text("".join(f"<urn:s{i}> <urn:p> <urn:o> <urn:g{i // 5}> .\n" for i in range(12)))
    source = SourceFile(str(nq), lookup_format("nq"))
    sizes = [(b.index, b.graph, len(b.triples)) for b in batches([source], ["0" * 64], 3, "u:")]
    assert sizes == [(1, "urn:g0", 3), (2, "urn:g0", 2), (3, "urn:g1", 3), (4, "urn:g1", 2),
                     (5, "urn:g2", 2)]


def test_skolemization_is_stable_across_parses(tmp_path):
    ttl = tmp_path / "b.ttl"
    ttl.write_text(BLANKS_TTL, encoding="utf-8")
    source = SourceFile(str(ttl), lookup_format("ttl"))

    def skolemized() -> set[str]:
        return {str(t) for b in batches([source], ["ab" * 32], 1000, "https://e.org/genid/")
                for t in b.triples}

    first, second = skolemized(), skolemized()
    assert first == second
    assert not any("_:" in t for t in first)
    assert len(first) == distinct_triples(ttl)


def test_skolemizer_maps_each_blank_node_once():
    s = Skolemizer("https://e.org/genid/", "cd" * 32, 2)
    a, b = s.term(ox.BlankNode("a")), s.term(ox.BlankNode("b"))
    assert a != b and s.term(ox.BlankNode("a")) == a
    assert s.term(ox.NamedNode("urn:x")) == ox.NamedNode("urn:x")


def test_target_for_fuseki_style_urls():
    t = target_for(None, "gsp", gsp_url="http://h:3030/war/data")
    assert (t.method, t.url) == ("gsp", "http://h:3030/war/data")
    with pytest.raises(Exception, match="only http:// and https://"):
        target_for("ftp://h/x")


RELATIVE_TTL = ('<people/ada> <knows> <people/bob> .\n'
                '<people/bob> <#name> "Bob" .\n')


def _subjects(server) -> set[str]:
    query = urllib.parse.urlencode({"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"})
    request = urllib.request.Request(f"{server.query_url}?{query}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.load(response)["results"]["bindings"]
    return {tuple(row[k]["value"] for k in "spo") for row in rows}


def test_push_base_resolves_relative_iris(server, tmp_path):
    data = tmp_path / "relative.ttl"
    data.write_text(RELATIVE_TTL, encoding="utf-8")
    base = "https://example.org/data/"
    result = run(str(data), "--endpoint", server.base_url, "--base", base,
                 "--state", str(tmp_path / "s.json"))
    assert result.exit_code == 0, result.output
    assert _subjects(server) == {
        (base + "people/ada", base + "knows", base + "people/bob"),
        (base + "people/bob", base + "#name", "Bob")}


def test_push_without_base_resolves_against_the_file(server, tmp_path):
    data = tmp_path / "relative.ttl"
    data.write_text(RELATIVE_TTL, encoding="utf-8")
    result = run(str(data), "--endpoint", server.base_url, "--state", str(tmp_path / "s.json"))
    assert result.exit_code == 0, result.output
    folder = tmp_path.as_uri() + "/"
    assert (folder + "people/ada", folder + "knows", folder + "people/bob") in _subjects(server)


@pytest.mark.parametrize(("args", "message"), [
    (["--base", "not an iri"], "kg: --base 'not an iri' is not a valid IRI.\n"),
    (["--base", "urn"], "kg: --base 'urn' is not a valid IRI.\n"),
])
def test_push_refuses_a_bad_base_before_sending(server, tmp_path, args, message):
    data = tmp_path / "relative.ttl"
    data.write_text(RELATIVE_TTL, encoding="utf-8")
    result = run(str(data), "--endpoint", server.base_url, *args,
                 "--state", str(tmp_path / "s.json"))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert _subjects(server) == set()


def test_push_base_without_files_is_refused():
    result = run("--endpoint", "http://127.0.0.1:9", "--base", "https://example.org/")
    assert result.exit_code == 2
    assert result.stderr == ("kg: --base applies to FILES; the bundled graph has no relative "
                             "IRIs.\n")
