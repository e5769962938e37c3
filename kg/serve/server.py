"""The HTTP server: the standard library's threading server, the request limits, a clean stop.

One thread per connection (HTTP/1.1 keep-alive, requests read by :mod:`kg.serve.http11`); page
rendering is quick, queries proven cheap run in the thread and the others in worker processes.
Bodies above ``--max-body`` are refused with 413 before they are read; a client that stalls is
dropped after :data:`IDLE_TIMEOUT` seconds.
SIGTERM stops the server as Ctrl-C does: no new requests, workers closed, port released.
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import json
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer

from .. import __version__
from .app import CSP, App, Request
from .http11 import BadRequest, encode_answer, header_lines, http_date, read_head
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
    common = [("X-Content-Type-Options", "nosniff"), ("Content-Security-Policy", CSP),
              ("Referrer-Policy", "no-referrer")]
    if settings.cors:
        common += [("Access-Control-Allow-Origin", "*"),
                   ("Access-Control-Expose-Headers",
                    "KG-Max-Rows, KG-Rows, KG-Truncated, KG-Run, Link, ETag")]
    fixed = header_lines([("Server", f"kg/{__version__}"), *common])  # made once
    # with --processes, each log line says which process answered
    who = f"kg serve[{os.getpid()}]" if settings.processes > 1 else "kg serve"

    class Handler(socketserver.StreamRequestHandler):
        """One connection: requests read by :func:`~kg.serve.http11.read_head`, each answer sent
        in one write with Nagle off (two small writes on a keep-alive connection meet the
        client's delayed ACK: ~40 ms per request)."""

        timeout = IDLE_TIMEOUT
        disable_nagle_algorithm = True

        def handle(self) -> None:
            try:
                while self.handle_one():
                    pass
            except (OSError, ValueError):  # the client went away or stalled past the timeout
                pass

        def handle_one(self) -> bool:
            """Answer one request; False when the connection is to be closed."""
            try:
                head = read_head(self.rfile)
            except BadRequest as exc:
                self.close_connection = True
                self._send(error(exc.status, exc.message), "GET", None, "-")
                return False
            if head is None:
                return False
            self.close_connection = head.close
            method = head.method
            if method in ("GET", "HEAD", "POST"):
                self._handle(head)
            elif method == "OPTIONS":
                headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
                if settings.cors:
                    headers.update({"Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                                    "Access-Control-Allow-Headers": "Accept, Content-Type",
                                    "Access-Control-Max-Age": "600"})
                self._send(Response(204, b"", "text/plain", headers), "OPTIONS", head)
            elif method in ("PUT", "DELETE", "PATCH"):
                self.close_connection = True
                self._send(error(405, "read-only: use GET, HEAD or POST (queries only)",
                                 {"Allow": "GET, HEAD, POST, OPTIONS"}), "GET", head)
            else:
                self.close_connection = True
                self._send(error(501, f"unsupported method ({method!r})"), "GET", head)
            return not self.close_connection

        def _body(self, head) -> bytes | Response:
            headers = head.headers
            if headers.get("transfer-encoding", "").lower() not in ("", "identity"):
                return error(411, "send the body with a Content-Length")
            try:
                length = int(headers.get("content-length") or 0)
            except ValueError:
                return error(400, "bad Content-Length")
            if length < 0:
                return error(400, "bad Content-Length")
            if length > settings.max_body:
                return error(413, f"the body is {length:,} bytes; this server takes at most "
                             f"{settings.max_body:,} (--max-body)")
            if not length:
                return b""
            if headers.get("expect", "").lower() == "100-continue":
                self.request.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            body = self.rfile.read(length)
            if len(body) < length:
                raise ConnectionError("the body ended early")
            return body

        def _handle(self, head) -> None:
            body = self._body(head)
            if isinstance(body, Response):
                self.close_connection = True
                self._send(body, head.method, head)
                return
            try:
                req = Request(head.method, head.target, head.headers, body, app.ctx.paths)
                response = app(req)
            except Exception as exc:  # one line for the client; the server keeps running
                sys.stderr.write(f"kg serve: {head.method} {head.target}: {type(exc).__name__}: "
                                 f"{str(exc).splitlines()[0] if str(exc) else ''}\n")
                response = error(500, "the server failed to answer; see its log")
            self._send(response, head.method, head)

        def _send(self, response: Response, method: str, head, line: str | None = None) -> None:
            headers = response.headers
            status = response.status
            etag = None
            if status == 200 and method in ("GET", "HEAD") \
                    and "no-store" not in headers.get("Cache-Control", ""):
                etag = response.etag()
                asked = head.headers.get("if-none-match", "") if head is not None else ""
                if asked and etag in [t.strip() for t in asked.split(",")]:
                    status = 304
                    headers = {k: v for k, v in headers.items()
                               if k in ("Vary", "Link", "Cache-Control")}
            out = [("Date", http_date()), *headers.items(),
                   ("Content-Length", "0" if status == 304 else str(len(response.body)))]
            if etag:
                out.append(("ETag", etag))
            if self.close_connection:
                out.append(("Connection", "close"))
            body = response.body if method != "HEAD" and status != 304 else b""
            self.request.sendall(encode_answer(status, out, body, fixed))
            if settings.log:
                shown = head.line if head is not None else (line or "-")
                sys.stderr.write(f"{who}: {self.client_address[0]} \"{shown}\" {status} "
                                 f"{len(response.body) if body else '-'}\n")

    return Handler


class Server(ThreadingHTTPServer):
    """One thread per connection, at most ``max_connections`` at once: the next one gets a 503
    at once rather than a thread (a flood of connections cannot exhaust the machine). With
    ``siblings`` (``--processes``), new connections are handed round in turn to the sibling
    processes over Unix sockets, keep-alive and all; this process keeps its own share."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    max_connections = 256

    def __init__(self, *args, **kwargs):
        self._slots = threading.BoundedSemaphore(self.max_connections)
        self.siblings: list[socket.socket] = []
        self._turn = 0
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        if self.siblings:
            self._turn = (self._turn + 1) % (len(self.siblings) + 1)
            if self._turn and self._hand_over(self.siblings[self._turn - 1], request):
                return
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

    @staticmethod
    def _hand_over(channel: socket.socket, request: socket.socket) -> bool:
        try:
            socket.send_fds(channel, [b"c"], [request.fileno()])
        except OSError:  # the sibling is gone: serve the connection here
            return False
        request.close()  # the sibling has its own descriptor; no shutdown, which would end it
        return True

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


class Server6(Server):
    address_family = socket.AF_INET6


def make_server(ctx, bind: bool = True) -> Server:
    """The server for ``ctx``, listening on its address (``bind``) or, for a sibling process,
    only taking the connections handed to it."""
    settings = ctx.settings
    cls = Server6 if ":" in settings.host else Server
    cls.max_connections = settings.max_connections
    server = cls((settings.host, settings.port), make_handler(App(ctx), settings),
                 bind_and_activate=bind)
    if not bind:
        server.socket.close()
    return server


def start_siblings(settings, count: int) -> list[tuple[subprocess.Popen, socket.socket]]:
    """``count`` more HTTP processes (``python -m kg.serve.siblings``), each with its own
    dataset, workers and caches, and the Unix socket that hands it connections; back once each
    is ready."""
    config = json.dumps(dataclasses.asdict(settings))
    started = []
    try:
        for _ in range(count):
            mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            proc = subprocess.Popen(
                [sys.executable, "-m", "kg.serve.siblings", str(theirs.fileno()), config],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, pass_fds=[theirs.fileno()])
            theirs.close()
            started.append((proc, mine))
        for proc, _ in started:
            line = proc.stdout.readline()
            if not line.startswith(b"ready"):
                raise OSError(f"an HTTP process could not start: {line.decode().strip()}")
    except BaseException:
        stop_siblings(started)
        raise
    return started


def stop_siblings(siblings: list[tuple[subprocess.Popen, socket.socket]]) -> None:
    """Close each sibling's Unix socket (it stops and closes its workers), then make sure."""
    for _, channel in siblings:
        channel.close()
    for proc, _ in siblings:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve(ctx, on_ready=None) -> None:
    """Serve until Ctrl-C or SIGTERM; ``on_ready(url)`` is called once the port is open (and
    the ``--processes`` siblings are ready)."""
    settings = ctx.settings
    server = make_server(ctx)

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    siblings: list = []
    try:
        if settings.processes > 1:
            siblings = start_siblings(settings, settings.processes - 1)
            server.siblings = [channel for _, channel in siblings]
        ctx.start_warnings()
        if on_ready is not None:
            on_ready(f"http://{shown}:{port}/")
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        stop_siblings(siblings)
        ctx.close()
