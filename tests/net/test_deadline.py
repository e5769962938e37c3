"""One deadline for the whole request: name lookup, TLS, every redirect hop, the answer to an
authentication challenge and the waits between retries all come out of the stated --timeout.

No wall-clock time is asserted: each test asserts what kg reports (the deadline reached, and
how many redirects, challenges or retries the request had been through) and what the loopback
server heard. The servers' own delays are chosen so that only one outcome is possible: a hop
that takes 2.5 s of a 4 s timeout leaves no room for a second such hop (and 1.5 s for a busy
machine to finish the first), while the old per-hop timeouts let every one of them finish.

A slow name lookup cannot be arranged on the machine without root (glibc reads its DNS servers
only from /etc/resolv.conf), so those tests run kg in-process and point its resolver hook,
``kg.http.resolve.lookup``, at a slow function of their own that answers 127.0.0.1; kg's own
request logic (the deadline, the lookup thread, the connection) runs unchanged.
"""

from __future__ import annotations

import shutil
import socket
import socketserver
import ssl
import subprocess
import threading
import time

import pytest
from click.testing import CliRunner

from kg.cli.root import cli
from kg.http import resolve
from tests.net.conftest import GENEROUS, SELECT_BODY, fails_cleanly


def kg(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_line(result, code: int = 3) -> str:
    assert result.exit_code == code, (result.exit_code, result.stderr, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: "), result.stderr
    return lines[0]


def test_a_redirect_chain_ends_at_the_stated_timeout_overall(net, run_kg):
    # three same-origin 307 hops of 2.5 s each, then an answer: 10 s in all, each hop well
    # inside the 4 s a per-hop timeout allowed (before: exit 0, the answer after 10 s)
    url = f"{net.url}/chain/2.5/3"
    result = run_kg("query", "-e", "SELECT ?x {}", "--endpoint", url, "--timeout", "4",
                    "--format", "csv", timeout=GENEROUS)
    assert fails_cleanly(result) == (f"kg: {url} did not answer within 4 s (timeout for the "
                                     "whole request, reached after 1 redirect)")
    assert [r[1].split("?")[0] for r in net.requests] == ["/chain/2.5/3", "/chain/2.5/2"]


def test_an_authentication_challenge_is_answered_within_the_same_deadline(net, run_kg, tmp_path):
    data = tmp_path / "one.nt"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    result = run_kg("push", str(data), "--gsp-url", f"{net.url}/challenge/2.5", "--timeout", "4",
                    "--user", "ann:secret", "--quiet", "--state", str(tmp_path / "state.json"),
                    timeout=GENEROUS)
    line = fails_cleanly(result)
    assert (f"{net.url}/challenge/2.5?default did not answer within 4 s (timeout for the whole "
            "request, reached after 1 authentication challenge)") in line
    sent = [(r[0], "Authorization" in r[2]) for r in net.requests]
    assert sent == [("POST", False), ("POST", True)]


def test_a_retry_after_past_the_deadline_ends_at_once(net, run_kg):
    # before: kg slept the 30 s (three times over) although --timeout said 5
    url = f"{net.url}/retry-after/30"
    result = run_kg("query", "-e", "SELECT ?x {}", "--endpoint", url, "--timeout", "5",
                    timeout=GENEROUS)
    assert fails_cleanly(result) == (
        f"kg: {url} answered HTTP 429 (attempt 1 of 4) and asks to wait 30 s, past the end of "
        "the 5 s timeout for the whole request; try again later")
    assert len(net.requests) == 1


class _SlowTls(socketserver.BaseRequestHandler):
    """HTTPS that takes 1.8 s to shake hands and 1.8 s more to answer: each step inside a 2 s
    timeout, the two together not."""

    def handle(self):
        time.sleep(1.8)  # the client's hello waits for an answer
        try:
            tls = self.server.context.wrap_socket(self.request, server_side=True)
            tls.recv(65536)
            time.sleep(1.8)
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                        b"Connection: close\r\nContent-Length: %d\r\n\r\n%s"
                        % (len(SELECT_BODY), SELECT_BODY))
            tls.close()
        except OSError:
            pass


@pytest.fixture
def slow_tls(tmp_path, monkeypatch):
    """A loopback HTTPS server with a certificate of its own, which kg trusts through
    ``SSL_CERT_FILE`` (OpenSSL's own variable) for this test only."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SlowTls)
    server.daemon_threads = True
    server.handle_error = lambda request, address: None
    server.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.context.load_cert_chain(cert, key)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_the_tls_handshake_comes_out_of_the_same_deadline(slow_tls, run_kg):
    # before: the handshake had 2 s and the answer 2 s more: exit 0 after 3.6 s
    result = run_kg("query", "-e", "SELECT ?x {}", "--endpoint", slow_tls, "--timeout", "2",
                    timeout=GENEROUS)
    assert fails_cleanly(result) == f"kg: {slow_tls} did not answer within 2 s (timeout)"


def test_the_slow_tls_server_does_answer_given_the_time(slow_tls, run_kg):
    # the other test's failure is the deadline's doing, not a certificate problem
    result = run_kg("query", "-e", "SELECT ?x {}", "--endpoint", slow_tls, "--timeout", "20",
                    "--format", "csv", timeout=GENEROUS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines() == ["x", "from the service"]


class SlowResolver:
    """A resolver that answers 127.0.0.1 for every name, once :attr:`release` is set."""

    def __init__(self, wait: bool = True):
        self.release = threading.Event()
        self.names: list[str] = []
        if not wait:
            self.release.set()

    def __call__(self, host, port, family=0, kind=0, *rest):
        self.names.append(host)
        self.release.wait(60)
        return socket.getaddrinfo("127.0.0.1", port, family, kind)


@pytest.fixture
def resolver(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    slow = SlowResolver()
    monkeypatch.setattr(resolve, "lookup", slow)
    yield slow
    slow.release.set()  # the abandoned lookups end now instead of in 60 s


def test_a_slow_name_lookup_ends_at_the_deadline_and_is_left_alone(net, resolver):
    url = f"http://slow-lookup.test:{net.port}/ok"
    line = one_line(kg("query", "-e", "SELECT ?x {}", "--endpoint", url, "--timeout", "1"))
    assert line == (f"kg: {url} did not answer within 1 s (timeout for the whole request: "
                    "looking up the name slow-lookup.test did not finish)")
    assert net.requests == []
    assert "slow-lookup.test" in resolve.running()  # abandoned, still waiting for its resolver
    resolver.release.set()
    for _ in range(200):  # it ends as soon as the resolver answers
        if "slow-lookup.test" not in resolve.running():
            break
        time.sleep(0.05)
    assert "slow-lookup.test" not in resolve.running()
    assert net.requests == []  # an answer that came too late is not used


def test_requests_waiting_for_a_stuck_lookup_share_one(net, resolver, tmp_path):
    # fetch sends a batch, then half of it: both wait for the same lookup, not for two
    url = f"http://stuck-lookup.test:{net.port}/ok"
    line = one_line(kg("wikidata", "fetch", "--wikidata-endpoint", url, "--timeout", "1",
                       "--cache", str(tmp_path / "cache.nq"),
                       "--links", str(tmp_path / "none.ttl")))
    assert line == (f"kg: {url} did not answer within 1 s (timeout for the whole request: "
                    "looking up the name stuck-lookup.test did not finish), again with a batch "
                    "half the size: the endpoint is not answering at all; giving up")
    assert resolver.names == ["stuck-lookup.test"]
    assert not (tmp_path / "cache.nq").exists()


def test_a_looked_up_name_reaches_its_address_and_keeps_its_host(net, monkeypatch):
    resolver = SlowResolver(wait=False)
    monkeypatch.setattr(resolve, "lookup", resolver)
    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    result = kg("query", "-e", "SELECT ?x {}", "--endpoint",
                f"http://sparql.test:{net.port}/ok", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["x", "from the service"]
    assert resolver.names == ["sparql.test"]
    [(_, _, headers, _)] = net.requests
    assert headers["Host"] == f"sparql.test:{net.port}"


def test_an_ip_address_needs_no_lookup(net, resolver):
    result = kg("query", "-e", "SELECT ?x {}", "--endpoint", f"{net.url}/ok", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert resolver.names == []
