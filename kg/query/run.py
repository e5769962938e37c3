"""Run a query locally (:class:`kg.store.Store`) or on a SPARQL 1.1 endpoint; one result shape.

Whatever ran the query, the answer is a :class:`Result` holding pyoxigraph terms, so every output
format in :mod:`kg.render.results` works the same for local and remote results. The endpoint
path uses SPARQLWrapper (imported only there) for the SPARQL 1.1 Protocol: GET for short
queries, a URL-encoded POST for long ones, a descriptive User-Agent, a timeout, and pyoxigraph to
parse whatever result format the endpoint answers with.
"""

from __future__ import annotations

import pyoxigraph as ox

from .. import __version__
from ..errors import EndpointError, QueryError, UsageError
from .catalog import Query
from .text import insert_values, query_form, with_project_prefixes

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~4 ms at start-up)
if TYPE_CHECKING:
    from ..store.store import Store

    Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

USER_AGENT = f"kg/{__version__} (https://w3id.org/conflict-kg)"
# Above this many bytes of URL-encoded query, send a POST: many servers cap URLs near 8 KB,
# and some proxies near 2 KB.
MAX_GET_QUERY = 2000
DEFAULT_TIMEOUT = 60.0


class Result:
    """A query answer: ``form`` is ``select`` (variables, rows), ``ask`` (boolean) or ``graph``.

    Rows hold pyoxigraph terms, ``None`` where a variable is unbound. (A plain class: importing
    dataclasses costs ~10 ms of every `kg query` start.)
    """

    __slots__ = ("boolean", "form", "rows", "triples", "variables")

    def __init__(self, form: str, variables: list[str] | None = None,
                 rows: list[tuple[Term | None, ...]] | None = None, boolean: bool | None = None,
                 triples: list[ox.Triple] | None = None):
        self.form = form
        self.variables = variables if variables is not None else []
        self.rows = rows if rows is not None else []
        self.boolean = boolean
        self.triples = triples if triples is not None else []

    def __repr__(self) -> str:
        return (f"Result(form={self.form!r}, variables={self.variables!r}, "
                f"rows={len(self.rows)}, boolean={self.boolean!r}, triples={len(self.triples)})")

    def column(self, name: str) -> list[Term | None]:
        """All values of one variable, in row order."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def dicts(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


def open_dataset(data_files: tuple[str, ...] | list[str] = (), data_format: str | None = None,
                 with_bundled: bool = False, store_dir: str | None = None) -> Store:
    """The dataset a command works on: the bundled graph, the user's files, or a store on disk.

    ``data_files`` go into the default graph (quad formats keep their own graphs); with
    ``with_bundled`` the bundled graph is added. ``store_dir`` opens a store made by ``kg load``
    read-only.
    """
    import os

    from ..errors import InputError
    from ..store.store import Store

    if store_dir:
        if not os.path.isdir(store_dir):
            raise InputError("no such store (create it with `kg load FILES --store DIR`)",
                             source=str(store_dir))
        try:
            return Store(store_dir, read_only=True)
        except OSError as exc:
            raise InputError(str(exc).splitlines()[0], source=str(store_dir)) from None
    if not data_files:
        return Store.bundled()
    store = Store.bundled() if with_bundled else Store()
    for path in data_files:
        store.load_file(path, format=data_format, format_option="--data-format")
    return store


def _normalize(answer, source: str) -> Result:
    try:
        if isinstance(answer, ox.QueryBoolean):
            return Result("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = [tuple(solution[v] for v in variables) for solution in answer]
            return Result("select", variables=variables, rows=rows)
        return Result("graph", triples=list(answer))
    except (OSError, RuntimeError, ValueError) as exc:  # evaluation errors surface while iterating
        raise QueryError(str(exc).splitlines()[0], source=source) from None


def _shift(exc: QueryError, lines: int) -> QueryError:
    """Report a syntax error in the user's own lines (not counting prepended PREFIXes).

    The parser's list of expected tokens can run to hundreds of characters: it is cut short.
    """
    reason = exc.reason if len(exc.reason) <= 160 else exc.reason[:157].rstrip(" ,") + " ..."
    if exc.line is None:
        return QueryError(reason, source=exc.source)
    return QueryError(reason, source=exc.source, line=max(1, exc.line - lines), column=exc.column)


_NOT_IN_SCOPE = "does not contains variable ?"


def _param_error(exc: QueryError, query: Query) -> UsageError | None:
    """pyoxigraph refuses to substitute a variable the query does not select: say it plainly."""
    if _NOT_IN_SCOPE not in exc.reason:
        return None
    var = exc.reason.split("?", 1)[1].split()[0]
    return UsageError(f"-p {var}: {query.source} does not bind ?{var} in its results; a "
                      "parameter must be a variable the query selects (or binds, for ASK and "
                      "CONSTRUCT)")


def run_local(store: Store, query: Query, bindings: dict[str, Term] | None = None) -> Result:
    """Run ``query`` on ``store`` (union default graph), parameters bound by substitution."""
    text, added = with_project_prefixes(query.text)
    try:
        answer = store.query(text, bindings=bindings or None, source=query.source)
        return _normalize(answer, query.source)
    except QueryError as exc:
        usage = _param_error(exc, query)
        if usage:
            raise usage from None
        raise _shift(exc, added) from None


def check_syntax(query: Query, bindings: dict[str, Term] | None = None) -> None:
    """Parse ``query`` with pyoxigraph (on an empty store) so errors read ``source:line:col``."""
    from ..store.store import Store

    run_local(Store(), query, bindings)


def _error_line(body: bytes | str | None) -> str:
    if not body:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    for line in text.splitlines():
        if line.strip():
            return ": " + line.strip()[:300]
    return ""


def run_remote(endpoint: str, query: Query, bindings: dict[str, Term] | None = None,
               timeout: float = DEFAULT_TIMEOUT, default_graphs: tuple[str, ...] = ()) -> Result:
    """Run ``query`` on a SPARQL 1.1 endpoint; parameters go in a VALUES block (never pasted).

    The query is parsed locally first, so syntax errors read ``source:line:col`` exactly as for
    local runs and nothing malformed is sent. ``default_graphs`` become ``default-graph-uri``
    parameters (SPARQL 1.1 Protocol 2.1.4).

    :raises EndpointError: the endpoint is unreachable, times out, or answers with an error or
        with something that is not a query result.
    """
    import urllib.error
    import urllib.parse

    from SPARQLWrapper import (
        ASK,
        CONSTRUCT,
        DESCRIBE,
        GET,
        JSON,
        POST,
        SELECT,
        TURTLE,
        SPARQLWrapper,
    )
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    if not endpoint.lower().startswith(("http://", "https://")):
        raise UsageError(f"--endpoint {endpoint!r}: give the http:// or https:// URL of a SPARQL "
                         "query service")
    check_syntax(query, bindings)
    text, _ = with_project_prefixes(query.text)
    text = insert_values(text, bindings or {})
    form = query_form(text)

    wrapper = SPARQLWrapper(endpoint, agent=USER_AGENT)
    wrapper.setOnlyConneg(True)
    wrapper.setTimeout(int(timeout) if timeout >= 1 else 1)
    for graph in default_graphs:
        wrapper.addDefaultGraph(graph)
    wrapper.setQuery(text)
    # SPARQLWrapper guesses the query type with a regular expression that words in comments or
    # strings can fool (it then sends the query as an update): use the tokenizer's answer.
    wrapper.queryType = {"select": SELECT, "ask": ASK, "construct": CONSTRUCT,
                         "describe": DESCRIBE}[form]
    if form in ("select", "ask"):
        wrapper.setReturnFormat(JSON)
        accept = ("application/sparql-results+json, application/sparql-results+xml;q=0.8, "
                  "text/tab-separated-values;q=0.5")
    else:
        wrapper.setReturnFormat(TURTLE)
        accept = ("application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, "
                  "application/ld+json;q=0.3")
    wrapper.addCustomHttpHeader("Accept", accept)
    long_query = len(urllib.parse.quote(text)) > MAX_GET_QUERY
    wrapper.setMethod(POST if long_query else GET)

    where = endpoint
    try:
        response = wrapper.query().response
        body = response.read()
        content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    except SPARQLWrapperException as exc:
        status = {"QueryBadFormed": "400 Bad Request", "EndPointNotFound": "404 Not Found",
                  "Unauthorized": "401 Unauthorized", "URITooLong": "414 URI Too Long",
                  "EndPointInternalError": "500 Internal Server Error"}.get(
                      type(exc).__name__, type(exc).__name__)
        raise EndpointError(f"{where}: HTTP {status}{_error_line(_response_of(exc))}") from None
    except urllib.error.HTTPError as exc:
        raise EndpointError(f"{where}: HTTP {exc.code} {exc.reason}"
                            f"{_error_line(exc.read())}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise EndpointError(f"{where}: no answer within {timeout:g} s (--timeout)") from None
        message = getattr(reason, "strerror", None) or str(reason)
        raise EndpointError(f"{where}: cannot connect ({message})") from None
    except TimeoutError:
        raise EndpointError(f"{where}: no answer within {timeout:g} s (--timeout)") from None
    except (OSError, ValueError) as exc:
        raise EndpointError(f"{where}: {str(exc).splitlines()[0]}") from None
    return _parse_answer(body, content_type, form, where)


def _response_of(exc: Exception) -> str:
    """The endpoint's own message, which SPARQLWrapper keeps after 'Response:'."""
    text = str(exc)
    if "Response:" not in text:
        return ""
    raw = text.split("Response:", 1)[1].strip()
    if raw.startswith(("b'", 'b"')):
        import ast

        try:
            return ast.literal_eval(raw).decode("utf-8", "replace")
        except (ValueError, SyntaxError):
            return raw
    return raw


def _parse_answer(body: bytes, content_type: str, form: str, where: str) -> Result:
    """Parse an endpoint's answer with pyoxigraph, by its Content-Type."""
    try:
        if form in ("select", "ask"):
            fmt = ox.QueryResultsFormat.from_media_type(content_type) if content_type else None
            if fmt is None:
                fmt = ox.QueryResultsFormat.JSON
            return _normalize(ox.parse_query_results(body, format=fmt), where)
        rdf = ox.RdfFormat.from_media_type(content_type) if content_type else None
        if rdf is None:
            rdf = ox.RdfFormat.N_TRIPLES
        return Result("graph", triples=[q.triple for q in ox.parse(body, format=rdf)])
    except (SyntaxError, ValueError, QueryError) as exc:
        raise EndpointError(f"{where}: the answer is not a valid query result "
                            f"({content_type or 'no Content-Type'}: "
                            f"{str(exc).splitlines()[0]})") from None
