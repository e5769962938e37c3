"""An extra HTTP process of ``kg serve --processes N``: the same server, fed connections.

Python runs one thread at a time per process (the GIL), so one process cannot use more than one
core for reading requests, checking and running small queries and writing answers. With
``--processes N`` the first process starts N-1 of these; each opens the dataset and starts its
own query workers and caches. The first process accepts every connection and hands every N-th
one to each sibling over a Unix socket (the descriptor itself, SCM_RIGHTS), so no other program
can join the port and the connections are spread evenly. A sibling serves until that socket
closes (the first process stopping), then closes its workers.

Run as ``python -m kg.serve.siblings FD SETTINGS_JSON``.
"""

from __future__ import annotations

import json
import signal
import socket
import sys


def main(argv: list[str]) -> int:
    from .context import Context, Settings
    from .server import make_server

    # Ctrl-C and SIGTERM are for the first process: it closes the channel to stop this one
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    channel = socket.socket(fileno=int(argv[1]))
    config = json.loads(argv[2])
    for name in ("data", "allow_service"):
        config[name] = tuple(config.get(name) or ())
    try:
        ctx = Context(Settings(**config))
        server = make_server(ctx, bind=False)
    except Exception as exc:
        sys.stdout.write(f"failed: {exc}\n")
        sys.stdout.flush()
        return 3
    ctx.start_warnings()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    try:
        while True:
            message, fds, _, _ = socket.recv_fds(channel, 16, 8)
            if not message:
                break  # the first process closed the channel: stop
            for fd in fds:
                conn = socket.socket(fileno=fd)
                try:
                    peer = conn.getpeername()
                except OSError:
                    conn.close()
                    continue
                server.process_request(conn, peer)
    finally:
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
