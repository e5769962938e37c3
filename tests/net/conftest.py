"""A loopback HTTP server that misbehaves on purpose, and a second one that must never be reached.

Each path is one behaviour (see :meth:`Handler.route`); every request is recorded with its
method, path and headers, so a test can prove what was (and was not) sent. ``elsewhere`` is a
server on another port: redirects point at it, and no test may ever leave a request there.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

SELECT_BODY = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
    {"x": {"type": "literal", "value": "from the service"}}]}}).encode()
ASK_BODY = b'{"head":{},"boolean":true}'
HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
             b"<body>Please sign in.</body></html>")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append((self.command, self.path, dict(self.headers), body))

    def do_GET(self):
        self._record()
        self.route()

    do_POST = do_DELETE = do_PUT = do_GET

    def _send(self, status, body=b"", content_type="application/sparql-results+json",
              headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

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
        elif mode == "redirect-port":  # to the same path on the other server
            self._send(307, headers=[("Location", f"{server.elsewhere}{self.path}")])
        elif mode == "redirect-name":  # same port, but "localhost" instead of 127.0.0.1
            port = server.server_address[1]
            self._send(302, headers=[("Location", f"http://localhost:{port}/ok")])
        elif mode in ("302", "307"):  # same origin, to the rest of the path
            rest = "/" + "/".join(path.strip("/").split("/")[1:])
            query = urllib.parse.urlsplit(self.path).query
            self._send(int(mode), headers=[("Location", rest + (f"?{query}" if query else ""))])
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
            self._send(200, b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":"oops"},[1]]}}')
        elif mode == "html":
            self._send(200, HTML_PAGE, "text/html; charset=utf-8")
        elif mode == "429":
            self._send(429, b"slow down", "text/plain", [("Retry-After", "1")])
        elif mode == "503":
            self._send(503, b"busy", "text/plain", [("Retry-After", "0")])
        elif mode == "store":  # a Graph Store / Update endpoint that accepts everything
            self._send(204)
        elif mode == "ask":
            self._send(200, ASK_BODY)
        else:  # "ok" and anything else: a one-row SELECT result
            self._send(200, SELECT_BODY)


def _start() -> ThreadingHTTPServer:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.handle_error = lambda request, address: None  # clients that gave up hang up
    httpd.requests = []
    httpd.hang_for = 30.0
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


class Servers:
    def __init__(self):
        self.main, self.other = _start(), _start()
        self.url = f"http://127.0.0.1:{self.main.server_address[1]}"
        self.elsewhere = f"http://127.0.0.1:{self.other.server_address[1]}"
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
        for httpd in (self.main, self.other):
            httpd.shutdown()
            httpd.server_close()


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
