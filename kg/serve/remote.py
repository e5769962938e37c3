"""An external SPARQL 1.1 endpoint behind the same pages and protocol (``kg serve --endpoint``).

:class:`RemoteStore` answers the few calls the pages make (``select``, ``ask``, ``quads``,
``len``) by SPARQL over HTTP, so Fuseki, QLever, Virtuoso or ``oxigraph serve`` holding what
``kg push`` put there gets the same pages. The dataset is the union of the endpoint's named
graphs (as ``kg query`` sees a local store), named with ``default-graph-uri`` and
``named-graph-uri`` (SPARQL 1.1 Protocol 2.1.4); with no named graph, the endpoint's default
graph. Parameters are bound in a ``VALUES`` block, never pasted into the text.
"""

from __future__ import annotations

import urllib.parse

import pyoxigraph as ox

from ..errors import EndpointError

JSON_RESULTS = "application/sparql-results+json"


class RemoteStore:
    """The calls :mod:`kg.serve` makes on a store, answered by a SPARQL endpoint."""

    remote = True

    def __init__(self, endpoint: str, timeout: float = 10.0):
        self.endpoint = endpoint
        self.timeout = timeout
        self.graphs: list[str] = []
        try:  # at start no page can answer 504 or 502: one line, exit 3
            rows = self._select_raw("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY "
                                    "?g", dataset=False)
            self.graphs = [r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode)]
        except TimeoutError as exc:
            raise EndpointError(str(exc)) from None
        except (SyntaxError, ValueError) as exc:
            raise EndpointError(f"{endpoint} answered something that is not a SPARQL result: "
                                f"{str(exc).splitlines()[0]}") from None
        self._size: int | None = None

    # -- HTTP -------------------------------------------------------------------------------------

    def _post(self, query: str, accept: str, dataset: bool = True,
              defaults=(), named=(), timeout: float | None = None) -> tuple[bytes, str]:
        fields = [("query", query)]
        if dataset and not defaults and not named:
            defaults = named = self.graphs
        fields += [("default-graph-uri", g) for g in defaults]
        fields += [("named-graph-uri", g) for g in named]
        from ..http import client

        try:  # many pages at once: not kg's one-at-a-time politeness towards public services
            response = client.send(
                "POST", self.endpoint, body=urllib.parse.urlencode(fields).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
                timeout=timeout or self.timeout, retries=0, exclusive=False)
        except client.EndpointTimeout as exc:
            raise TimeoutError(str(exc)) from None
        return response.body, response.media_type

    def _select_raw(self, query: str, dataset: bool = True):
        body, kind = self._post(query, JSON_RESULTS, dataset)
        fmt = ox.QueryResultsFormat.from_media_type(kind) or ox.QueryResultsFormat.JSON
        return ox.parse_query_results(body, format=fmt)

    # -- what the pages call  ---------------------------------------------------------------------

    @staticmethod
    def _bind(query: str, bindings) -> str:
        from ..query.text import insert_values, with_project_prefixes

        text, _ = with_project_prefixes(query)
        return insert_values(text, dict(bindings)) if bindings else text

    def query(self, sparql: str, bindings=None, **_ignored):
        answer = self._select_raw(self._bind(sparql, bindings))
        return bool(answer) if isinstance(answer, ox.QueryBoolean) else answer

    def select(self, sparql: str, bindings=None, **_ignored) -> list:
        return list(self._select_raw(self._bind(sparql, bindings)))

    def ask(self, sparql: str, bindings=None, **_ignored) -> bool:
        return bool(self._select_raw(self._bind(sparql, bindings)))

    def __len__(self) -> int:
        if self._size is None:
            rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            count = rows[0]["n"] if rows else None
            self._size = int(count.value) if count is not None and count.value.isdigit() else 0
        return self._size

    def quads(self, graphs=None):
        """The triples of the named ``graphs`` (as quads), fetched with CONSTRUCT."""
        out = []
        for graph in graphs or self.graphs:
            body, _ = self._post(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> "
                                 "{ ?s ?p ?o } }", "application/n-triples")
            out += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                    for t in (q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))]
        return out

    # -- user queries (/sparql, /query) ---------------------------------------------------------

    def run_request(self, request: dict, timeout: float | None = None) -> tuple[dict, bytes]:
        """Run a user's query on the endpoint; cap and render it as a worker does."""
        from ..query.text import query_form
        from ..render.results import render_boolean, render_graph, render_select
        from .pool import QueryTimeout

        fmt, cap = request["format"], int(request.get("max_rows") or 0)
        from ..query.text import with_project_prefixes

        text, _ = with_project_prefixes(request["query"])
        graph = query_form(request["query"]) in ("construct", "describe")
        try:
            body, kind = self._post(text, "application/n-triples" if graph else JSON_RESULTS,
                                    defaults=request.get("default_graphs") or (),
                                    named=request.get("named_graphs") or (), timeout=timeout)
        except TimeoutError:
            raise QueryTimeout() from None
        except EndpointError as exc:  # the endpoint's own 400 is the client's mistake
            return {"status": 400 if getattr(exc, "status", None) == 400 else 502,
                    "message": str(exc)}, b""
        try:
            if graph:
                fmt_in = ox.RdfFormat.from_media_type(kind) or ox.RdfFormat.N_TRIPLES
                triples = [q.triple for q in ox.parse(body, format=fmt_in)]
                truncated = bool(cap) and len(triples) > cap
                triples = triples[:cap] if cap else triples
                return ({"status": 200, "form": "graph", "rows": len(triples),
                         "truncated": truncated}, render_graph(triples, fmt))
            answer = ox.parse_query_results(
                body, format=ox.QueryResultsFormat.from_media_type(kind)
                or ox.QueryResultsFormat.JSON)
            if isinstance(answer, ox.QueryBoolean):
                return ({"status": 200, "form": "ask", "rows": 1, "truncated": False},
                        render_boolean(bool(answer), fmt).encode())
            variables = [v.value for v in answer.variables]
            rows = [tuple(s[v] for v in variables) for s in answer]
            truncated = bool(cap) and len(rows) > cap
            rows = rows[:cap] if cap else rows
            return ({"status": 200, "form": "select", "rows": len(rows), "truncated": truncated},
                    render_select(variables, rows, fmt).encode())
        except (SyntaxError, ValueError) as exc:
            return {"status": 502, "message": f"{self.endpoint} answered something that is not "
                    f"a query result: {str(exc).splitlines()[0]}"}, b""
