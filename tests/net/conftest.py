"""A loopback HTTP server that misbehaves on purpose, and a second one that must never be reached.

Each path is one behaviour (see :meth:`Handler.route`); every request is recorded with its
method, path and headers, so a test can prove what was (and was not) sent. ``elsewhere`` is a
server on another port: redirects point at it, and no test may ever leave a request there.
"""

from __future__ import annotations

import json
import time
import urllib.parse

import pytest

from tests.loopback import QuietHandler, start, stop

SELECT_BODY = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
    {"x": {"type": "literal", "value": "from the service"}}]}}).encode()
ASK_BODY = b'{"head":{},"boolean":true}'
GENEROUS = 90  # seconds a subprocess of kg may take: only a hang reaches this
HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
             b"<body>Please sign in.</body></html>")


class Handler(QuietHandler):
    protocol_version = "HTTP/1.1"

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append((self.command, self.path, dict(self.headers), body))

    def do_GET(self):
        self._record()
        self.route()

    do_POST = do_DELETE = do_PUT = do_GET

    def route(self):
        server = self.server
        path = urllib.parse.urlsplit(self.path).path
        mode = path.strip("/").split("/")[0]
        if mode == "hang":  # accept, then say nothing
            time.sleep(server.hang_for)
            self.close_connection = True
        elif mode == "drip":  # headers, then one byte a second, forever (until the client goes)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.close_connection = True
            try:
                for _ in range(int(server.hang_for)):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
        elif mode == "chain":  # /chain/SECONDS/N: wait, then 307 to /chain/SECONDS/N-1 ... /ok
            _, seconds, hops = path.strip("/").split("/")
            time.sleep(float(seconds))
            query = urllib.parse.urlsplit(self.path).query
            target = f"/chain/{seconds}/{int(hops) - 1}" if int(hops) > 0 else "/ok"
            self.send(307, headers=[("Location", target + (f"?{query}" if query else ""))])
        elif mode == "challenge":  # /challenge/SECONDS: wait, then 401 until credentials come
            time.sleep(float(path.strip("/").split("/")[1]))
            if self.headers.get("Authorization"):
                self.send(204)
            else:
                self.send(401, b"log in", "text/plain",
                          [("WWW-Authenticate", 'Basic realm="kg"')])
        elif mode == "retry-after":  # /retry-after/SECONDS: 429, come back in SECONDS
            seconds = path.strip("/").split("/")[1]
            self.send(429, b"slow down", "text/plain", [("Retry-After", seconds)])
        elif mode == "redirect-port":  # to the same path on the other server
            self.send(307, headers=[("Location", f"{server.elsewhere}{self.path}")])
        elif mode == "redirect-name":  # same port, but "localhost" instead of 127.0.0.1
            port = server.server_address[1]
            self.send(302, headers=[("Location", f"http://localhost:{port}/ok")])
        elif mode in ("302", "307"):  # same origin, to the rest of the path
            rest = "/" + "/".join(path.strip("/").split("/")[1:])
            query = urllib.parse.urlsplit(self.path).query
            self.send(int(mode), headers=[("Location", rest + (f"?{query}" if query else ""))])
        elif mode == "huge":  # announces 3 GiB
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(3 * 2**30))
            self.end_headers()
            self.close_connection = True
        elif mode == "endless":  # chunked, no length, never ends
            self.send_response(200)
            self.send_header("Content-Type", "application/n-triples")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.close_connection = True
            line = b"<urn:s> <urn:p> \"" + b"x" * 1000 + b"\" .\n"
            chunk = line * 64
            try:
                for _ in range(200_000):
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except OSError:
                pass
        elif mode == "short":  # promises more than it sends, then hangs up
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(SELECT_BODY)))
            self.end_headers()
            self.wfile.write(SELECT_BODY[:20])
            self.wfile.flush()
            self.close_connection = True
        elif mode == "malformed":  # JSON, but the rows are not SPARQL rows
            self.send(200, b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":"oops"},[1]]}}')
        elif mode == "html":
            self.send(200, HTML_PAGE, "text/html; charset=utf-8")
        elif mode == "429":
            self.send(429, b"slow down", "text/plain", [("Retry-After", "2")])
        elif mode == "503":
            self.send(503, b"busy", "text/plain", [("Retry-After", "0")])
        elif mode == "store":  # a Graph Store / Update endpoint that accepts everything
            self.send(204)
        elif mode == "ask":
            self.send(200, ASK_BODY)
        else:  # "ok" and anything else: a one-row SELECT result
            self.send(200, SELECT_BODY)


class Servers:
    def __init__(self):
        self.main, self.other = (start(Handler, requests=[], hang_for=30.0) for _ in range(2))
        self.url, self.elsewhere = self.main.url, self.other.url
        self.main.elsewhere = self.elsewhere
        self.other.elsewhere = self.url

    @property
    def port(self) -> int:
        return self.main.server_address[1]

    @property
    def requests(self):
        return self.main.requests

    def reset(self):
        self.main.requests.clear()
        self.other.requests.clear()

    def close(self):
        stop(self.main)
        stop(self.other)


@pytest.fixture(scope="module")
def servers():
    both = Servers()
    yield both
    both.close()


@pytest.fixture
def net(servers):
    servers.reset()
    yield servers
    # the second server is never a target: nothing may reach it
    assert servers.other.requests == [], servers.other.requests


def fails_cleanly(result, code: int = 3) -> str:
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == code, (result.returncode, stderr)
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: "), stderr
    return lines[0]
