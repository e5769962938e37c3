"""Look up a host name within the time a request has left, so a slow resolver cannot outlast it.

``socket.getaddrinfo`` takes no timeout: the system resolver decides (glibc waits 5 s per
server and attempt, often 10 to 30 s in all, and longer when ``/etc/resolv.conf`` names a dead
server). So each lookup runs in a daemon thread and the request waits for it at most its time
left. A lookup given up on is abandoned, not killed (no thread can be stopped inside
getaddrinfo): it ends in the background within the system resolver's own limit, holds nothing
but its thread, and never keeps the process alive at exit. While it runs, lookups of the same
name and port wait on that same thread instead of starting another, so retries and redirects
towards a stuck resolver never pile up threads. Answers are not kept once a lookup ends: the
system's resolver caches them, honouring their time to live.

An IP address is used as it is, with no thread and no resolver.

:data:`lookup` is the function that asks the resolver (``socket.getaddrinfo``). It is the hook
for tests, which set it to a slow one of their own: glibc reads its DNS servers only from
``/etc/resolv.conf``, so without root and without touching the machine's configuration a slow
resolver cannot be arranged any other way.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

#: Asks the system resolver: ``lookup(host, port, family, type)`` as ``socket.getaddrinfo``.
lookup: Callable[..., list] = socket.getaddrinfo

_pending: dict[tuple[str, int], _Lookup] = {}
_pending_lock = threading.Lock()


class LookupTimeout(TimeoutError):
    """The name lookup of ``host`` did not finish in the time the request had left."""

    def __init__(self, host: str):
        super().__init__(f"looking up {host} did not finish in time")
        self.host = host


class _Lookup:
    """One running lookup, which any number of requests may wait for."""

    def __init__(self, key: tuple[str, int]):
        self.key = key
        self.done = threading.Event()
        self.answer: list = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.answer = lookup(self.key[0], self.key[1], 0, socket.SOCK_STREAM)
        except UnicodeError:  # a name IDNA cannot encode
            self.error = socket.gaierror(socket.EAI_NONAME, "not a valid host name")
        except Exception as exc:  # handed to whoever is still waiting, raised there
            self.error = exc
        finally:
            with _pending_lock:
                if _pending.get(self.key) is self:
                    del _pending[self.key]
            self.done.set()


def resolve(host: str, port: int, seconds: float) -> list:
    """The addresses of ``host`` (``getaddrinfo`` tuples for TCP), within ``seconds``.

    >>> resolve("127.0.0.1", 80, 0.0)[0][4]
    ('127.0.0.1', 80)

    :raises LookupTimeout: the resolver did not answer in time (the lookup goes on alone).
    :raises OSError: the resolver's own answer, such as ``socket.gaierror`` for an unknown name.
    """
    try:  # an IP address: nothing to look up
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST)
    except (OSError, UnicodeError, ValueError):
        pass
    key = (host, port)
    with _pending_lock:
        job = _pending.get(key)
        if job is None:
            job = _pending[key] = _Lookup(key)
            threading.Thread(target=job.run, name=f"kg lookup {host}", daemon=True).start()
    if not job.done.wait(max(seconds, 0.0)):
        raise LookupTimeout(host)
    if job.error is not None:
        raise job.error
    return job.answer


def running() -> list[str]:
    """The names being looked up now (abandoned lookups included)."""
    with _pending_lock:
        return [host for host, _ in _pending]
