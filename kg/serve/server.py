"""The HTTP server: the standard library's threading server, the request limits, a clean stop.

One thread per connection (HTTP/1.1 keep-alive); page rendering is quick and SPARQL queries run
in worker processes, so threads mostly wait. Bodies above ``--max-body`` are refused with 413
before they are read; a client that stalls is dropped after :data:`IDLE_TIMEOUT` seconds.
SIGTERM stops the server as Ctrl-C does: no new requests, workers closed, port released.
"""

from __future__ import annotations

import contextlib
import ipaddress
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .. import __version__
from .app import CSP, App, Request
from .response import Response, error

IDLE_TIMEOUT = 30


def is_loopback(host: str) -> bool:
    """Is ``host`` a loopback address (only this machine can connect)?

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_handler(app: App, settings):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = f"kg/{__version__}"
        sys_version = ""
        timeout = IDLE_TIMEOUT
        # Headers and body leave in one write with Nagle off: two small writes on a keep-alive
        # connection meet the client's delayed ACK and cost ~40 ms per request.
        disable_nagle_algorithm = True

        def version_string(self) -> str:  # "kg/0.1.0", not "kg/0.1.0 Python/3.x"
            return self.server_version

        def log_message(self, format, *args):
            if settings.log:
                sys.stderr.write(f"kg serve: {self.address_string()} {format % args}\n")

        def _body(self) -> bytes | Response:
            if self.headers.get("Transfer-Encoding", "").lower() not in ("", "identity"):
                return error(411, "send the body with a Content-Length")
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                return error(400, "bad Content-Length")
            if length < 0:
                return error(400, "bad Content-Length")
            if length > settings.max_body:
                return error(413, f"the body is {length:,} bytes; this server takes at most "
                             f"{settings.max_body:,} (--max-body)")
            return self.rfile.read(length) if length else b""

        def _handle(self, method: str) -> None:
            body = self._body()
            if isinstance(body, Response):
                self.close_connection = True
                self._send(body, method)
                return
            try:
                req = Request(method, self.path, self.headers, body, app.ctx.paths)
                response = app(req)
            except Exception as exc:  # one line for the client; the server keeps running
                sys.stderr.write(f"kg serve: {method} {self.path}: {type(exc).__name__}: "
                                 f"{str(exc).splitlines()[0] if str(exc) else ''}\n")
                response = error(500, "the server failed to answer; see its log")
            self._send(response, method)

        def _send(self, response: Response, method: str) -> None:
            headers = response.headers
            etag = None
            if response.status == 200 and method in ("GET", "HEAD") \
                    and "no-store" not in headers.get("Cache-Control", ""):
                etag = response.etag()
                if etag in [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]:
                    response = Response(304, b"", headers["Content-Type"],
                                        {k: v for k, v in headers.items()
                                         if k in ("Vary", "Link", "Cache-Control")})
                    headers = response.headers
                    headers.pop("Content-Type", None)
            self.send_response(response.status)
            for name, value in headers.items():
                self.send_header(name, value)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("Referrer-Policy", "no-referrer")
            if settings.cors:
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Expose-Headers",
                                 "KG-Max-Rows, KG-Rows, KG-Truncated, Link, ETag")
            self.send_header("Content-Length", str(len(response.body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            if method != "HEAD" and response.status != 304 and response.body:
                self._headers_buffer.append(b"\r\n" + response.body)
                self.flush_headers()
            else:
                self.end_headers()

        def do_GET(self):
            self._handle("GET")

        def do_HEAD(self):
            self._handle("HEAD")

        def do_POST(self):
            self._handle("POST")

        def do_OPTIONS(self):
            headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
            if settings.cors:
                headers.update({"Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                                "Access-Control-Allow-Headers": "Accept, Content-Type",
                                "Access-Control-Max-Age": "600"})
            self._send(Response(204, b"", "text/plain", headers), "OPTIONS")

        def _refuse(self):
            self.close_connection = True
            self._send(error(405, "read-only: use GET, HEAD or POST (queries only)",
                             {"Allow": "GET, HEAD, POST, OPTIONS"}), "GET")

        do_PUT = do_DELETE = do_PATCH = _refuse

    return Handler


class Server(ThreadingHTTPServer):
    """One thread per connection, at most ``max_connections`` at once: the next one gets a 503
    at once rather than a thread (a flood of connections cannot exhaust the machine)."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    max_connections = 256

    def server_activate(self) -> None:
        super().server_activate()
        self._slots = threading.BoundedSemaphore(self.max_connections)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            body = (f"503 Service Unavailable: {self.max_connections} connections are open "
                    "(--max-connections); try again\n").encode()
            with contextlib.suppress(OSError):
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; "
                                b"charset=utf-8\r\nRetry-After: 1\r\nConnection: close\r\n"
                                + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


class Server6(Server):
    address_family = socket.AF_INET6


def serve(ctx, on_ready=None) -> None:
    """Serve until Ctrl-C or SIGTERM; ``on_ready(url)`` is called once the port is open."""
    settings = ctx.settings
    app = App(ctx)
    cls = Server6 if ":" in settings.host else Server
    cls.max_connections = settings.max_connections
    server = cls((settings.host, settings.port), make_handler(app, settings))

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    ctx.start_warnings()
    try:
        if on_ready is not None:
            on_ready(f"http://{shown}:{port}/")
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        ctx.close()
