"""Safe by default, rule by rule, against a real ``kg serve`` process."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import threading
import time
import urllib.parse

import pytest

from .conftest import KgServer, wait_for

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def sparql_get(server, query, accept="application/sparql-results+json", timeout=30):
    return server.get("/sparql?" + urllib.parse.urlencode({"query": query}),
                      headers={"Accept": accept}, timeout=timeout)


@pytest.mark.parametrize("update", [
    "INSERT DATA { kgr:x kgr:y kgr:z }",
    "PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "DROP ALL",
    "CLEAR GRAPH <https://w3id.org/conflict-kg/graph/article>",
])
def test_updates_are_refused_every_way(kg_server, update):
    status, _, body = sparql_get(kg_server, update)
    assert status == 403 and b"read-only" in body
    status, _, body = kg_server.get("/sparql", method="POST",
                                    data=urllib.parse.urlencode({"update": update}).encode(),
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    status, _, body = kg_server.get("/sparql", method="POST", data=update.encode(),
                                    headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    status, _, body = sparql_get(kg_server, "ASK { kgr:x kgr:y kgr:z }")
    assert json.loads(body)["boolean"] is False  # nothing was written


def test_update_word_inside_a_string_is_not_an_update(kg_server):
    status, _, _ = sparql_get(kg_server, "SELECT ('DROP ALL' AS ?x) WHERE {}")
    assert status == 200


def test_put_and_delete_are_refused(kg_server):
    for method in ("PUT", "DELETE"):
        status, headers, _ = kg_server.get("/id/Greece", method=method, data=b"")
        assert status == 405 and "GET" in headers["Allow"]


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
    "PREFIX remote: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE remote:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?u) SERVICE ?u { ?s ?p ?o } }",
])
def test_service_is_refused(kg_server, query):
    status, _, body = sparql_get(kg_server, query)
    assert status == 403
    assert b"is refused" in body


def test_service_to_an_allowed_host_runs(oxigraph_server):
    """--allow-service names the host: the federated query reaches it (an oxigraph on loopback)."""
    oxigraph_server.clear()
    import urllib.request

    request = urllib.request.Request(
        oxigraph_server.update_url, method="POST",
        data=b'INSERT DATA { <http://example.org/a> <http://example.org/says> "hello" }',
        headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(request, timeout=30).close()
    host = oxigraph_server.base_url.split("//", 1)[1]
    server = KgServer("--allow-service", host)
    try:
        query = f"SELECT ?o WHERE {{ SERVICE <{oxigraph_server.query_url}> {{ ?s ?p ?o }} }}"
        status, _, body = sparql_get(server, query)
        assert status == 200, body
        assert [b["o"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["hello"]
        status, _, _ = sparql_get(server, "SELECT * WHERE { SERVICE <http://127.0.0.2:1/x> {} }")
        assert status == 403
    finally:
        server.stop()
        oxigraph_server.clear()


def test_deadline_stops_the_runaway_query_and_the_server_keeps_answering(kg_server):
    before = wait_for(lambda: len(kg_server.worker_pids()) == 2 and kg_server.worker_pids())
    assert len(before) == 2
    outcome = {}

    def runaway():
        outcome["answer"] = sparql_get(kg_server, RUNAWAY, timeout=60)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    answered = 0
    while thread.is_alive():  # meanwhile the other worker answers other queries (each one
        # new, so none comes from the answer cache), and so does the server's own thread
        status, headers, body = sparql_get(kg_server,
                                           f"ASK {{ kgr:Greece ?p ?o FILTER(true) }} # {answered}")
        assert status == 200 and json.loads(body)["boolean"] is True
        assert headers["KG-Run"] == "worker"
        status, headers, body = sparql_get(kg_server, f"ASK {{ kgr:Greece ?p ?o }} # {answered}")
        assert status == 200 and json.loads(body)["boolean"] is True
        assert headers["KG-Run"].startswith("inline")
        answered += 1
        status, _, _ = kg_server.get("/id/Greece")
        assert status == 200
        time.sleep(0.05)
    thread.join()
    status, _, body = outcome["answer"]
    assert status == 503
    assert b"ran past the 2 s deadline (--timeout) and was stopped" in body
    assert answered >= 1  # the server answered others while the runaway ran
    # the worker that ran it is gone, a fresh one took its place
    after = wait_for(lambda: len(kg_server.worker_pids()) == 2 and kg_server.worker_pids())
    killed = before - after
    assert len(killed) == 1
    assert not os.path.exists(f"/proc/{next(iter(killed))}")
    status, _, body = sparql_get(kg_server, "ASK { kgr:Greece ?p ?o }")
    assert status == 200


def test_row_cap_is_announced_in_headers(kg_server):
    status, headers, body = sparql_get(kg_server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    assert headers["KG-Max-Rows"] == "50"
    assert headers["KG-Rows"] == "50"
    assert headers["KG-Truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 50
    status, headers, _ = sparql_get(kg_server, "SELECT * WHERE { ?s ?p ?o } LIMIT 7")
    assert (headers["KG-Rows"], headers["KG-Truncated"]) == ("7", "false")


def test_row_cap_is_announced_on_the_query_page(kg_server):
    status, _, body = kg_server.get("/query?" + urllib.parse.urlencode(
        {"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert status == 200
    assert "50 rows <strong class=\"truncated\">— cut at the cap of 50 rows: more exist" \
        in body.decode()


def test_body_cap(kg_server):
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 5000
    status, _, body = kg_server.get("/sparql", method="POST", data=query.encode(),
                                    headers={"Content-Type": "application/sparql-query"})
    assert status == 413
    assert b"at most 4,096 (--max-body)" in body


@pytest.mark.parametrize("path", [
    "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2fpyproject.toml", "/id/../../etc/passwd", "/static/kg.css/../../app.py",
    "/static//etc/passwd"])
def test_path_traversal_is_refused(kg_server, path):
    host, port = kg_server.url.split("//", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", path)  # sent as written: no client-side normalisation
    response = conn.getresponse()
    body = response.read()
    conn.close()
    assert response.status in (400, 404)
    assert b"root:" not in body and b"[project]" not in body and b"import" not in body


def test_script_in_a_label_renders_as_text(kg_server):
    status, _, body = kg_server.get("/id/test-hostile", headers={"Accept": "text/html"})
    assert status == 200
    html = body.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "onerror=alert(2)&gt;" in html
    assert 'href="javascript:' not in html  # a javascript: IRI is never a link target
    # and where the label shows on other pages: a fact of the Caucasus, the query page
    _, _, body = kg_server.get("/id/Caucasus")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body.decode()
    assert "<script>alert" not in body.decode()
    _, _, body = kg_server.get("/query?" + urllib.parse.urlencode(
        {"query": "SELECT ?l WHERE { kgr:test-hostile rdfs:label ?l }"}))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body.decode()
    assert "<script>alert" not in body.decode()


def test_pages_forbid_inline_script(kg_server):
    _, headers, _ = kg_server.get("/id/test-hostile")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_cors_is_off_by_default(kg_server):
    _, headers, _ = sparql_get(kg_server, "ASK {}")
    assert "Access-Control-Allow-Origin" not in headers
    status, headers, _ = kg_server.get("/sparql", method="OPTIONS",
                                       headers={"Origin": "http://example.org",
                                                "Access-Control-Request-Method": "POST"})
    assert status == 204 and "Access-Control-Allow-Origin" not in headers


def test_cors_on_request_and_clean_stop_on_sigint():
    server = KgServer("--cors")
    try:
        _, headers, _ = sparql_get(server, "ASK {}")
        assert headers["Access-Control-Allow-Origin"] == "*"
        assert "KG-Truncated" in headers["Access-Control-Expose-Headers"]
        status, headers, _ = server.get("/sparql", method="OPTIONS")
        assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
        workers = wait_for(lambda: len(server.worker_pids()) == 2 and server.worker_pids())
    finally:
        code = server.stop(signal.SIGINT)
    assert code == 0
    assert server.stderr.rstrip().endswith("kg serve: stopped")
    assert "Traceback" not in server.stderr
    assert all(not os.path.exists(f"/proc/{pid}") for pid in workers)


def test_loopback_by_default_said_on_start_and_sigterm_stops_cleanly():
    server = KgServer()
    port = int(server.url.rsplit(":", 1)[1])
    assert server.url.startswith("http://127.0.0.1:")
    assert "listening on loopback only (127.0.0.1): other machines cannot connect" in server.stderr
    workers = wait_for(lambda: len(server.worker_pids()) == 2 and server.worker_pids())
    code = server.stop(signal.SIGTERM)
    assert code == 0
    assert server.stderr.rstrip().endswith("kg serve: stopped")
    assert "Traceback" not in server.stderr
    assert all(not os.path.exists(f"/proc/{pid}") for pid in workers)
    with socket.socket() as sock:  # the port is free again
        sock.bind(("127.0.0.1", port))


def test_bad_options_exit_2(run_kg):
    result = run_kg("serve", "--bind", "nowhere")
    assert result.returncode == 2
    assert "--bind 'nowhere': give HOST:PORT" in result.stderr.decode()
    result = run_kg("serve", "--store", "x", "--data", "y.ttl")
    assert result.returncode == 2 and "give one of --data, --store and --endpoint" \
        in result.stderr.decode()


def test_connections_beyond_the_cap_get_503_and_the_server_recovers():
    server = KgServer("--max-connections", "2")
    host, port = server.url.split("//", 1)[1].split(":")
    held = []
    try:
        for _ in range(2):  # two idle keep-alive connections take both slots
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            conn.request("GET", "/static/kg.css")
            conn.getresponse().read()
            held.append(conn)
        status, headers, body = server.get("/id/Greece")
        assert status == 503 and headers["Retry-After"] == "1"
        assert b"2 connections are open (--max-connections)" in body
        for conn in held:
            conn.close()
        assert wait_for(lambda: server.get("/id/Greece")[0] == 200)
    finally:
        server.stop()


def test_a_request_may_lower_the_deadline_but_not_raise_it(kg_server):
    params = urllib.parse.urlencode({"query": RUNAWAY + " # lowered", "timeout": "0.5"})
    status, _, body = kg_server.get("/sparql?" + params)
    assert status == 503
    assert b"ran past the 0.5 s deadline (timeout=) and was stopped" in body
    params = urllib.parse.urlencode({"query": RUNAWAY + " # raised", "timeout": "3600"})
    status, _, body = kg_server.get("/sparql?" + params)
    assert status == 503  # stopped at the server's own deadline all the same
    assert b"ran past the 2 s deadline (--timeout) and was stopped" in body
    params = urllib.parse.urlencode({"query": "ASK {}", "timeout": "soon"})
    status, _, body = kg_server.get("/sparql?" + params)
    assert status == 400 and b"timeout='soon': give seconds" in body
