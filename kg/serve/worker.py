"""A query worker: a separate process that runs SPARQL queries so a runaway one can be killed.

pyoxigraph cannot cancel a running query from another thread, so the server sends each user
query to one of these processes and kills it when the deadline passes (:mod:`kg.serve.pool`).
The worker opens the same dataset as the server, then reads requests on stdin and writes
answers on stdout, one at a time: a JSON line, then for answers ``length`` bytes of body.

Run as ``python -m kg.serve.worker CONFIG_JSON``.
"""

from __future__ import annotations

import json
import sys

import pyoxigraph as ox

from .. import namespaces as ns


def open_config(config: dict):
    """The dataset a worker answers from: the same choice ``kg serve`` made."""
    from ..query.run import open_dataset

    return open_dataset(tuple(config.get("data") or ()), config.get("data_format"),
                        bool(config.get("with_bundled")), config.get("store"))


def _dataset_args(request: dict) -> dict:
    """SPARQL Protocol 2.1.4: default-graph-uri / named-graph-uri, else the union of all graphs."""
    defaults = request.get("default_graphs") or []
    named = request.get("named_graphs") or []
    if not defaults and not named:
        return {"use_default_graph_as_union": True}
    args: dict = {}
    if defaults:
        args["default_graph"] = [ox.NamedNode(g) for g in defaults]
    if named:
        args["named_graphs"] = [ox.NamedNode(g) for g in named]
    return args


def answer(engine: ox.Store, request: dict) -> tuple[dict, bytes]:
    """Run one request; return the header dict and the body bytes."""
    from ..query.order import run_in_total_order
    from ..render.results import render_boolean, render_graph, render_select

    cap = int(request.get("max_rows") or 0)
    fmt = request["format"]
    try:
        args = _dataset_args(request)
        # kind keys in ORDER BY (kg.query.order): pyoxigraph can abort sorting mixed kinds
        result = run_in_total_order(
            lambda keyed: engine.query(keyed, prefixes=ns.PREFIXES, **args), request["query"],
            misplaced=lambda exc: isinstance(exc, SyntaxError))
        if isinstance(result, ox.QueryBoolean):
            body = render_boolean(bool(result), fmt).encode()
            return {"status": 200, "form": "ask", "rows": 1, "truncated": False}, body
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            solutions, truncated = _capped(result, cap)
            rows = [tuple(solution[v] for v in variables) for solution in solutions]
            body = render_select(variables, rows, fmt).encode()
            return ({"status": 200, "form": "select", "rows": len(rows), "truncated": truncated},
                    body)
        triples, truncated = _capped(result, cap)
        body = render_graph(triples, fmt)
        return ({"status": 200, "form": "graph", "rows": len(triples), "truncated": truncated},
                body)
    except SyntaxError as exc:
        return {"status": 400, "message": "query syntax error: " + _line(exc)}, b""
    except (OSError, RuntimeError, ValueError) as exc:
        return {"status": 500, "message": "the query failed: " + _line(exc)}, b""
    except Exception as exc:  # a rendering bug must not take the worker down
        return {"status": 500, "message": f"{type(exc).__name__}: {_line(exc)}"}, b""


def _capped(answers, cap: int) -> tuple[list, bool]:
    """At most ``cap`` answers (0: all), and whether there were more."""
    taken = []
    for answer in answers:
        if cap and len(taken) >= cap:
            return taken, True
        taken.append(answer)
    return taken, False


def _line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def main(argv: list[str]) -> int:
    import signal

    # Ctrl-C reaches the whole process group: the server decides when workers stop (stdin EOF).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    config = json.loads(argv[1]) if len(argv) > 1 else {}
    out = sys.stdout.buffer
    try:
        store = open_config(config)
    except Exception as exc:
        out.write(json.dumps({"ready": False, "message": _line(exc)}).encode() + b"\n")
        out.flush()
        return 3
    engine = store.engine
    out.write(b'{"ready": true}\n')
    out.flush()
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        header, body = answer(engine, json.loads(line))
        header["length"] = len(body)
        out.write(json.dumps(header).encode() + b"\n" + body)
        out.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(0)
