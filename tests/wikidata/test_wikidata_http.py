"""The Wikidata HTTP client against a loopback server of our own that misbehaves on purpose."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections import Counter

import pytest

from kg.errors import EXIT_CANNOT_RUN, EndpointError
from kg.wikidata.http import EndpointTimeout, SparqlClient
from tests.conftest import free_port
from tests.loopback import QuietHandler, serving

OK_BODY = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
    {"x": {"type": "uri", "value": "http://www.wikidata.org/entity/Q959"}}]}}).encode()
EMPTY_BODY = b'{"head":{"vars":["x"]},"results":{"bindings":[]}}'
HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Wikimedia Error</title></head>"
             b"<body>Our servers are currently under maintenance.</body></html>")


class Handler(QuietHandler):
    """Each path is one behaviour; ``server.hits`` counts requests per path."""

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.server.posted.append(urllib.parse.parse_qs(self.rfile.read(length).decode()))
        self.do_GET()

    def do_GET(self):
        server = self.server
        path = urllib.parse.urlsplit(self.path).path
        with server.lock:
            server.hits[path] += 1
            hit = server.hits[path]
            server.agents.append(self.headers.get("User-Agent"))
            self.counted = path == "/ok"  # a /slow answer may still be sleeping from another test
            server.in_flight += self.counted
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        try:
            self._answer(path, hit)
        finally:
            self._leave()

    def _leave(self):
        """Stop counting this request as in flight (once)."""
        with self.server.lock:
            self.server.in_flight -= self.counted
            self.counted = False

    def send(self, *args, **kwargs):
        # Leave before answering: once the client has its answer it may send its next request
        # before this thread gets back to the finally clause, which is not an overlap.
        self._leave()
        super().send(*args, **kwargs)

    def _answer(self, path, hit):
        if path == "/ok":
            time.sleep(0.02)  # long enough for concurrent callers to overlap without the lock
            self.send(200, OK_BODY)
        elif path == "/empty":
            self.send(200, EMPTY_BODY)
        elif path == "/429-once":
            if hit == 1:
                self.send(429, b"Too many requests", "text/plain", [("Retry-After", "1")])
            else:
                self.send(200, OK_BODY)
        elif path == "/503-twice":
            if hit <= 2:
                self.send(503, b"Service Unavailable", "text/plain")
            else:
                self.send(200, OK_BODY)
        elif path == "/503-always":
            self.send(503, HTML_PAGE, "text/html", [("Retry-After", "1")])
        elif path == "/retry-after-long":
            self.send(429, b"slow down", "text/plain", [("Retry-After", "3600")])
        elif path == "/slow":
            time.sleep(1.0)
            self.send(200, OK_BODY)
        elif path == "/html":
            self.send(200, HTML_PAGE, "text/html; charset=UTF-8")
        elif path == "/html-as-json":
            self.send(200, HTML_PAGE)
        elif path == "/truncated":
            self.send(200, OK_BODY[: len(OK_BODY) // 2])
        elif path == "/short-body":
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(OK_BODY)))
            self.end_headers()
            self.wfile.write(OK_BODY[:20])
            self.wfile.flush()
            self.close_connection = True
        elif path == "/wdqs-timeout":
            self.send(500, b"java.util.concurrent.TimeoutException\n\tat ...", "text/plain")
        elif path == "/bad-query":
            self.send(400, b"MalformedQueryException: Encountered \" \"}\" at line 1\n",
                      "text/plain")
        elif path == "/not-sparql":
            self.send(200, b'{"hello": "world"}', "application/json")
        else:
            self.send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def server():
    with serving(Handler, lock=threading.Lock(), hits=Counter(), agents=[], posted=[],
                 in_flight=0, max_in_flight=0) as httpd:
        yield httpd


def client(server, path, **kwargs) -> tuple[SparqlClient, list[float]]:
    waits: list[float] = []
    options = {"timeout": 5.0, "retries": 3, "backoff": 0.5, "sleep": waits.append} | kwargs
    host, port = server.server_address[:2]
    return SparqlClient(f"http://{host}:{port}{path}", **options), waits


QUERY = "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1"


def test_ok_answer_is_parsed_into_terms(server):
    c, waits = client(server, "/ok")
    rows = c.select(QUERY)
    assert [row["x"].value for row in rows] == ["http://www.wikidata.org/entity/Q959"]
    assert waits == []


def test_an_empty_result_is_an_empty_list(server):
    c, _ = client(server, "/empty")
    assert c.select(QUERY) == []


def test_user_agent_names_the_tool_its_version_and_a_contact_url(server):
    c, _ = client(server, "/ok")
    c.select(QUERY)
    agent = server.agents[-1]
    assert agent.startswith("kg/0.1.0 (https://w3id.org/conflict-kg")
    assert " python/3." in agent


def test_429_waits_for_retry_after_then_succeeds(server):
    c, waits = client(server, "/429-once")
    assert len(c.select(QUERY)) == 1
    assert waits == [1.0]
    assert c.requests_sent == 2


def test_503_without_retry_after_backs_off_exponentially(server):
    c, waits = client(server, "/503-twice")
    assert len(c.select(QUERY)) == 1
    assert waits == [0.5, 1.0]


def test_retry_after_is_capped_by_max_backoff_with_a_real_sleep(server):
    server.hits["/429-once"] = 0
    c = SparqlClient(f"http://127.0.0.1:{server.server_address[1]}/429-once", timeout=5,
                     backoff=0.01, max_backoff=0.01)
    assert len(c.select(QUERY)) == 1
    assert c.requests_sent == 2


def test_503_that_never_ends_gives_up_with_one_line(server):
    c, waits = client(server, "/503-always")
    with pytest.raises(EndpointError) as info:
        c.select(QUERY)
    assert str(info.value).endswith("/503-always still answers HTTP 503 after 4 attempts; "
                                    "try again later")
    assert waits == [1.0, 1.0, 1.0]
    assert info.value.exit_code == EXIT_CANNOT_RUN


def test_a_retry_after_of_an_hour_is_not_waited_for(server):
    c, waits = client(server, "/retry-after-long")
    with pytest.raises(EndpointError, match="asks to wait 3600 s; try again later"):
        c.select(QUERY)
    assert waits == []


def test_slow_answer_is_a_timeout(server):
    c, _ = client(server, "/slow", timeout=0.2)
    with pytest.raises(EndpointTimeout, match=r"/slow did not answer within 0.2 s \(timeout\)"):
        c.select(QUERY)


def test_wdqs_query_timeout_is_a_timeout_not_a_retry(server):
    c, waits = client(server, "/wdqs-timeout")
    with pytest.raises(EndpointTimeout):
        c.select(QUERY)
    assert waits == []


def test_html_page_is_an_error_not_an_empty_result(server):
    c, _ = client(server, "/html")
    with pytest.raises(EndpointError, match=r"answered with an HTML page \(Wikimedia Error\), "
                                            "not SPARQL results"):
        c.select(QUERY)


def test_html_page_sent_as_json_is_still_an_error(server):
    c, _ = client(server, "/html-as-json")
    with pytest.raises(EndpointError, match="HTML page"):
        c.select(QUERY)


def test_truncated_json_is_an_error_not_an_empty_result(server):
    c, _ = client(server, "/truncated")
    with pytest.raises(EndpointError, match=r"truncated or malformed JSON .*: not a SPARQL result"):
        c.select(QUERY)


def test_body_shorter_than_content_length_is_truncated(server):
    c, _ = client(server, "/short-body")
    with pytest.raises(EndpointError, match="truncated"):
        c.select(QUERY)


def test_json_that_is_not_a_sparql_result_is_an_error(server):
    c, _ = client(server, "/not-sparql")
    with pytest.raises(EndpointError, match="not a SPARQL result"):
        c.select(QUERY)


def test_bad_query_is_reported_with_the_servers_first_line_and_not_retried(server):
    c, waits = client(server, "/bad-query")
    with pytest.raises(EndpointError, match=r"HTTP 400 Bad Request: MalformedQueryException"):
        c.select(QUERY)
    assert waits == []


def test_unreachable_endpoint_is_one_line_asking_if_offline():
    c = SparqlClient(f"http://127.0.0.1:{free_port()}/sparql", timeout=2, sleep=lambda s: None)
    with pytest.raises(EndpointError) as info:
        c.select(QUERY)
    message = str(info.value)
    assert message.startswith(f"cannot reach {c.endpoint}: ")
    assert message.endswith("(are you offline?)")
    assert "\n" not in message


def test_long_queries_are_posted(server):
    c, _ = client(server, "/ok")
    long_query = "SELECT ?x WHERE { VALUES ?x { " + " ".join(
        f"<http://www.wikidata.org/entity/Q{n}>" for n in range(200)) + " } }"
    c.select(long_query)
    assert server.posted[-1]["query"] == [long_query]


def test_one_request_at_a_time_even_from_several_threads(server):
    server.max_in_flight = 0
    clients = [client(server, "/ok")[0] for _ in range(4)]
    threads = [threading.Thread(target=c.select, args=(QUERY,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert server.max_in_flight == 1
