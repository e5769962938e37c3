"""One deadline for a whole HTTP request, and the watchdog that ends the connection when it passes.

A request's timeout starts once and covers all of it: the name lookup (:mod:`kg.http.resolve`),
connecting, the TLS handshake, a proxy's CONNECT, sending, the headers and the body, every
redirect hop, the answer to an authentication challenge and the waits before retrying a 429 or
503. Socket timeouts alone bound each read, not the request (a server sending one byte a second
never trips them), so a timer shuts the socket down at the deadline, which wakes whatever
handshake or read is waiting on it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

from .resolve import resolve


class Deadline:
    """When a request must be over, and what it had done by then (for the message that says so)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.redirects = self.challenges = self.retries = 0

    def left(self) -> float:
        return self.end - time.monotonic()

    def steps(self) -> str:
        """What the request went through before the deadline, such as ``1 redirect and 2 retries``.

        >>> d = Deadline(1); d.redirects, d.retries = 2, 1; d.steps()
        '2 redirects and 1 retry'
        >>> Deadline(1).steps()
        ''
        """
        counts = ((self.redirects, "redirect", "redirects"),
                  (self.challenges, "authentication challenge", "authentication challenges"),
                  (self.retries, "retry", "retries"))
        parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


class Watchdog:
    """Shuts down the connection of one exchange when the deadline passes, whatever it is doing.

    It keeps a duplicate descriptor of the connected socket (:meth:`watch`): TLS takes the
    original over (``SSLSocket`` detaches it), but shutting down either descriptor ends the one
    connection, so a dripping handshake is cut as surely as a dripping body.
    """

    def __init__(self, deadline: Deadline):
        self.deadline = deadline
        self.expired = threading.Event()
        self._lock = threading.Lock()
        self._twins: list[socket.socket] = []
        self._timer = threading.Timer(max(deadline.left(), 0.0), self.cut)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()
        with self._lock:
            twins, self._twins = self._twins, []
        for twin in twins:
            twin.close()

    def cut(self) -> None:
        with self._lock:
            self.expired.set()
            twins = list(self._twins)
        for twin in twins:
            with contextlib.suppress(OSError):
                twin.shutdown(socket.SHUT_RDWR)

    def watch(self, sock: socket.socket) -> None:
        twin = sock.dup()
        with self._lock:
            self._twins.append(twin)
            late = self.expired.is_set()
        if late:
            self.cut()

    def open_socket(self, address: tuple[str, int], timeout: object = None,
                    source_address: tuple[str, int] | None = None) -> socket.socket:
        """``socket.create_connection`` within the deadline: the lookup and each address tried
        get only the time left (``timeout`` is ignored: the deadline decides)."""
        host, port = address
        error: OSError | None = None
        for family, kind, proto, _, target in resolve(host, port, self.deadline.left()):
            left = self.deadline.left()
            if left <= 0 or self.expired.is_set():
                raise TimeoutError(f"connecting to {host} did not finish in time")
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(left)
                if source_address:
                    sock.bind(source_address)
                sock.connect(target)
                self.watch(sock)
                return sock
            except OSError as exc:
                sock.close()
                error = exc
                if isinstance(exc, TimeoutError):
                    raise
        raise error or OSError(f"{host} has no address")
