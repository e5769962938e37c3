"""Loopback HTTP servers for tests: a handler class of the test's own, served on 127.0.0.1.

Shared by the misbehaving server of ``tests/net`` and the Wikidata client's in
``tests/wikidata``: each test module keeps its own handler (what the server does is what the test
is about), and this keeps the plumbing in one place: a free port on 127.0.0.1 only, a thread per
request, quiet logs, and no error printed when kg hangs up on purpose (a timeout, a cap).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SPARQL_JSON = "application/sparql-results+json"


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing and answers with :meth:`send`."""

    def log_message(self, *args):  # keep pytest's output clean
        pass

    def send(self, status: int, body: bytes = b"", content_type: str = SPARQL_JSON,
             headers=()) -> None:
        """Answer ``status`` with ``body`` (its length announced) and extra ``headers``."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def start(handler: type[BaseHTTPRequestHandler], **state) -> ThreadingHTTPServer:
    """Serve ``handler`` on a free port of 127.0.0.1 in a daemon thread; ``state`` becomes
    attributes of the server (``self.server.NAME`` in the handler). ``server.url`` is its base
    URL, without a trailing slash."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    httpd.handle_error = lambda request, address: None  # a client that gave up hangs up
    for name, value in state.items():
        setattr(httpd, name, value)
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def stop(httpd: ThreadingHTTPServer) -> None:
    httpd.shutdown()
    httpd.server_close()


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler], **state) -> Iterator[ThreadingHTTPServer]:
    """:func:`start`, then :func:`stop` when the block ends (for a module-scoped fixture)."""
    httpd = start(handler, **state)
    try:
        yield httpd
    finally:
        stop(httpd)
