"""The SPARQL 1.1 Protocol endpoint (query operation only): GET, POST form, POST sparql-query.

Results by ``Accept`` (or ``format=``): SPARQL JSON, XML, CSV, TSV for SELECT and ASK; Turtle,
N-Triples, JSON-LD, RDF/XML for CONSTRUCT and DESCRIBE. The row cap is announced in headers
on every answer (``KG-Max-Rows``, ``KG-Rows``, ``KG-Truncated``), never applied silently.
See https://www.w3.org/TR/sparql11-protocol/#query-operation.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from . import conneg
from .response import Response, error, redirect
from .safety import Refused, check_query


class SparqlRequest:
    """A protocol request after parsing: the query text and the RDF dataset it names."""

    __slots__ = ("default_graphs", "format_param", "named_graphs", "params", "query")

    def __init__(self, query: str, default_graphs: list[str], named_graphs: list[str],
                 format_param: str | None, params: dict | None = None):
        self.params = params or {}
        self.query = query
        self.default_graphs = default_graphs
        self.named_graphs = named_graphs
        self.format_param = format_param


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise Refused(400, f"the {name} parameter is given {len(values)} times: give it once")
    return values[0] if values else None


def parse_request(method: str, params: dict[str, list[str]], content_type: str,
                  body: bytes) -> SparqlRequest | None:
    """Read the query and dataset from a request (section 2.1); None when there is no query.

    :raises Refused: an update, a malformed request, an unsupported body type.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    params = {k: list(v) for k, v in params.items()}
    if method == "POST":
        if media == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                raise Refused(400, "the form is not UTF-8") from None
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            try:
                params["query"] = [*params.get("query", []), body.decode("utf-8")]
            except UnicodeDecodeError:
                raise Refused(400, "the query is not UTF-8") from None
        elif media == "application/sparql-update":
            raise Refused(403, "kg serve is read-only: SPARQL Update is refused")
        else:
            raise Refused(415, "send the query as application/sparql-query or as an "
                          "application/x-www-form-urlencoded form")
    if "update" in params or "using-graph-uri" in params:
        raise Refused(403, "kg serve is read-only: SPARQL Update is refused")
    query = _one(params, "query")
    # clients send format= and output= (SPARQLWrapper sends both, sometimes twice): the first
    # value this server knows wins
    given = [*params.get("format", []), *params.get("output", [])]
    fmt = next((f for f in given if f.strip().lower() in conneg.FORMAT_PARAM), given[0]
               if given else None)
    if query is None:
        return None
    return SparqlRequest(query, params.get("default-graph-uri", []),
                         params.get("named-graph-uri", []), fmt, params)


def choose_format(form: str, accept: str | None, format_param: str | None) -> str | None:
    """The output format for a query ``form`` (select, ask, construct, describe)."""
    graph = form in ("construct", "describe")
    if format_param:
        name = conneg.FORMAT_PARAM.get(format_param.strip().lower())
        if graph and name in ("sparql-json",):
            name = "json-ld"  # format=json on a CONSTRUCT means JSON-LD
        if graph and name == "sparql-xml":
            name = "xml"
        allowed = conneg.GRAPH_FORMATS if graph else conneg.RESULT_FORMATS
        return name if name in allowed else None
    return conneg.negotiate(accept, conneg.GRAPH_TYPES if graph else conneg.RESULT_TYPES)


_DESCRIPTION_TYPES = {"text/turtle": "turtle", "application/n-triples": "n-triples",
                      "application/ld+json": "json-ld", "application/rdf+xml": "xml"}
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


def service_description(ctx, req, fmt: str) -> bytes:
    """What the endpoint offers, in the SPARQL 1.1 Service Description vocabulary (section 3)."""
    import pyoxigraph as ox

    from ..render.results import render_graph

    host = req.headers.get("Host") or f"{ctx.settings.host}:{ctx.settings.port}"
    url = (ctx.paths.base_url.rstrip("/") if ctx.paths.base_url else f"http://{host}") \
        + "/sparql"
    service = ox.NamedNode(url)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [ox.Triple(service, rdf_type, ox.NamedNode(SD + "Service")),
        ox.Triple(service, ox.NamedNode(SD + "endpoint"), service),
        ox.Triple(service, ox.NamedNode(SD + "supportedLanguage"),
                  ox.NamedNode(SD + "SPARQL11Query")),
        ox.Triple(service, ox.NamedNode(SD + "feature"), ox.NamedNode(SD + "UnionDefaultGraph"))]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append(ox.Triple(service, ox.NamedNode(SD + "resultFormat"),
                                 ox.NamedNode(FORMATS_NS + name)))
    return render_graph(triples, fmt)


def cap_headers(header: dict, max_rows: int) -> dict[str, str]:
    return {"KG-Max-Rows": str(max_rows), "KG-Rows": str(header.get("rows", 0)),
            "KG-Truncated": "true" if header.get("truncated") else "false"}


def deadline(ctx, params: dict[str, list[str]]) -> tuple[float, str]:
    """The query's deadline in seconds and where it comes from: ``--timeout``, or a lower
    ``timeout=`` parameter (a request may only lower it, Datasette's rule)."""
    limit = ctx.settings.timeout
    given = (params.get("timeout") or [""])[0].strip()
    if not given:
        return limit, "--timeout"
    try:
        asked = float(given)
    except ValueError:
        raise Refused(400, f"timeout={given!r}: give seconds, such as timeout=2.5") from None
    if not asked > 0:
        raise Refused(400, f"timeout={given!r}: give a number of seconds above 0")
    return (asked, "timeout=") if asked < limit else (limit, "--timeout")


def execute(ctx, query: str, fmt: str, default_graphs=(), named_graphs=(),
            checked: bool = False, params: dict | None = None, toks=None) -> tuple[dict, bytes]:
    """Check (unless ``checked``) and run a query: in this thread when the server can prove it
    cheap (:mod:`kg.serve.inline`), else through the context's runner (a worker, with the
    deadline); raise :class:`Refused` on failure. The header's ``run`` says which."""
    from .pool import Busy, QueryTimeout, WorkerFailed

    seconds, source = deadline(ctx, params or {})
    if toks is None:
        from ..query.text import tokens

        toks = tokens(query)
    if not checked:
        check_query(query, ctx.settings.allow_service, toks)
    request = {"query": query, "format": fmt, "max_rows": ctx.settings.max_rows,
               "default_graphs": list(default_graphs), "named_graphs": list(named_graphs)}
    inline = ctx.inline_bound(toks, seconds, default_graphs, named_graphs)
    try:
        if inline is not None:
            from .inline import answer_inline, needed_prefixes

            header, body = answer_inline(ctx.store.engine, request, inline,
                                         needed_prefixes(toks))
            header["run"] = f"inline; bound={inline}"
        else:
            header, body = ctx.run(request, seconds)
            header["run"] = "worker"
    except Busy:
        raise Refused(503, f"all {ctx.settings.workers} query workers stayed busy for "
                      f"{seconds:g} s ({source}): try again later") from None
    except QueryTimeout:
        raise Refused(503, f"the query ran past the {seconds:g} s deadline ({source}) and "
                      "was stopped") from None
    except WorkerFailed as exc:
        raise Refused(500, f"the query could not run: {exc}") from None
    if header.get("status", 200) != 200:
        raise Refused(int(header["status"]), header.get("message", "the query failed"))
    return header, body


def handle(ctx, req) -> Response:
    """Answer one request to ``/sparql``."""
    try:
        parsed = parse_request(req.method, req.params, req.headers.get("Content-Type", ""),
                               req.body)
        if parsed is None:
            accept = req.headers.get("Accept") or ""
            if any(media in accept for media in _DESCRIPTION_TYPES):
                fmt = conneg.negotiate(accept, _DESCRIPTION_TYPES)
                return Response(200, service_description(ctx, req, fmt),
                                conneg.MEDIA_TYPE[fmt], {"Vary": "Accept"})
            if conneg.negotiate(req.headers.get("Accept"), {"text/html": "html"}) \
                    and req.method == "GET":
                return redirect(ctx.paths.url("/query"))
            return error(400, "no query: give one in the query parameter (SPARQL 1.1 "
                         "Protocol, section 2.1)")
        deadline(ctx, parsed.params)  # a bad timeout= is refused even for a cached answer
        key = (parsed.query, req.headers.get("Accept") or "", parsed.format_param or "",
               tuple(parsed.default_graphs), tuple(parsed.named_graphs))
        cached = ctx.answers.get(key)
        if cached is not None:
            return cached
        from ..query.text import tokens

        toks = tokens(parsed.query)
        form = check_query(parsed.query, ctx.settings.allow_service, toks)
        fmt = choose_format(form, req.headers.get("Accept"), parsed.format_param)
        if fmt is None:
            return error(406, "none of the requested formats fits a "
                         f"{form.upper()} query; offered: "
                         + ", ".join(conneg.GRAPH_TYPES if form in ("construct", "describe")
                                     else conneg.RESULT_TYPES))
        header, body = execute(ctx, parsed.query, fmt, parsed.default_graphs,
                               parsed.named_graphs, checked=True, params=parsed.params,
                               toks=toks)
    except Refused as exc:
        return error(exc.status, exc.message)
    headers = {"Vary": "Accept", "Cache-Control": "no-store",
               **cap_headers(header, ctx.settings.max_rows), "KG-Run": header["run"]}
    response = Response(200, body, conneg.MEDIA_TYPE[fmt], headers)
    if ctx.cacheable(parsed.query):
        ctx.answers.put(key, response)
    return response
