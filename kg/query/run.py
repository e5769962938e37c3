"""Run a query locally (:class:`kg.store.Store`) or on a SPARQL 1.1 endpoint; one result shape.

Whatever ran the query, the answer is a :class:`Result` holding pyoxigraph terms, so every output
format in :mod:`kg.render.results` works the same for local and remote results. The endpoint
path sends the SPARQL 1.1 Protocol through :mod:`kg.http` (imported only there) and parses
whatever result format the endpoint answers with using pyoxigraph.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import EndpointError, QueryError, UsageError
from .catalog import Query
from .text import insert_values, query_form, with_project_prefixes

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~4 ms at start-up)
if TYPE_CHECKING:
    from ..store.store import Store
    from .deadline import Budget

    Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

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
                 with_bundled: bool = False, store_dir: str | None = None,
                 base: str | None = None) -> Store:
    """The dataset a command works on: the bundled graph, the user's files, or a store on disk.

    ``data_files`` go into the default graph (quad formats keep their own graphs); with
    ``with_bundled`` the bundled graph is added. ``store_dir`` opens a store made by ``kg load``
    read-only. Relative IRIs in the files resolve against ``base`` (default: each file's URI).
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
        store.load_file(path, format=data_format, base_iri=base, format_option="--data-format")
    return store


def _normalize(answer, source: str, budget: Budget | None = None) -> Result:
    """Collect an answer into a :class:`Result`; ``budget`` counts rows and can stop early."""
    try:
        if isinstance(answer, ox.QueryBoolean):
            return Result("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = []
            for solution in answer:
                row = tuple(solution[v] for v in variables)
                if budget is not None:
                    budget.add(row)
                rows.append(row)
            return Result("select", variables=variables, rows=rows)
        triples = []
        for triple in answer:
            if budget is not None:
                budget.add((triple.subject, triple.predicate, triple.object))
            triples.append(triple)
        return Result("graph", triples=triples)
    except (OSError, RuntimeError, ValueError) as exc:  # evaluation errors surface while iterating
        from ..store import disk

        if disk.is_damage(exc):
            raise disk.damaged("the store", exc) from None
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


def run_local(store: Store, query: Query, bindings: dict[str, Term] | None = None,
              allowed_services: tuple[str, ...] = (), timeout: float | None = None) -> Result:
    """Run ``query`` on ``store`` (union default graph), parameters bound by substitution.

    :param allowed_services: hosts a ``SERVICE`` clause may reach (through :mod:`kg.http`, never
        the engine's own client); any other ``SERVICE`` is refused (:mod:`kg.query.service`).
    :param timeout: seconds before the query is abandoned (None or 0: no deadline); Ctrl-C
        stops it too, and a result too large for memory is refused (:mod:`kg.query.deadline`).

    SELECT results give literals the engine rewrote as the data wrote them where that is
    certain (:mod:`kg.query.written`).
    """
    text, added = with_project_prefixes(query.text)
    # A SERVICE clause needs those letters (pyoxigraph reads no \u escapes outside strings and
    # IRIs), so the guard and its imports are skipped, off the start-up path, when they are absent.
    if "service" in text.lower():
        from .service import blanked, calls, guard, inline

        if allowed_services and calls(text):  # a syntax error stops the query before any call
            from ..store.store import Store

            guard(text, allowed_services, query.source)
            _evaluate(Store(), blanked(text), added, query, bindings)
        text = inline(text, allowed_services, query.source, timeout or DEFAULT_TIMEOUT)
    from .order import run_in_total_order

    # kind keys in ORDER BY: pyoxigraph can abort the process sorting mixed kinds of value
    result = run_in_total_order(
        lambda keyed: _evaluate(store, keyed, added, query, bindings, timeout), text,
        misplaced=lambda exc: isinstance(exc, QueryError) and exc.line is not None)
    lexical = getattr(store, "lexical", None)
    if result.form == "select" and lexical:  # literals the engine rewrote: as written if certain
        from .written import restore_rows

        result.rows = restore_rows(result.variables, result.rows, store, text, bindings or ())
    return result


def _evaluate(store: Store, text: str, added: int, query: Query,
              bindings: dict[str, Term] | None, timeout: float | None = None) -> Result:
    from .deadline import run

    def work(budget: Budget) -> Result:
        answer = store.query(text, bindings=bindings or None, source=query.source)
        return _normalize(answer, query.source, budget)

    try:
        return run(work, timeout, query.source)
    except QueryError as exc:
        usage = _param_error(exc, query)
        if usage:
            raise usage from None
        raise _shift(exc, added) from None


def check_syntax(query: Query, bindings: dict[str, Term] | None = None,
                 allowed_services: tuple[str, ...] = ()) -> None:
    """Parse ``query`` with pyoxigraph (on an empty store) so errors read ``source:line:col``.

    ``SERVICE`` clauses are checked against ``allowed_services`` and blanked out first: the
    engine must never send them.
    """
    from ..store.store import Store
    from .service import blanked, guard

    text, added = with_project_prefixes(query.text)
    guard(text, allowed_services, query.source)
    _evaluate(Store(), blanked(text), added, query, bindings)


def run_remote(endpoint: str, query: Query, bindings: dict[str, Term] | None = None,
               timeout: float = DEFAULT_TIMEOUT, default_graphs: tuple[str, ...] = (),
               allowed_services: tuple[str, ...] = ()) -> Result:
    """Run ``query`` on a SPARQL 1.1 endpoint; parameters go in a VALUES block (never pasted).

    The query is parsed locally first, so syntax errors read ``source:line:col`` exactly as for
    local runs and nothing malformed is sent. ``default_graphs`` become ``default-graph-uri``
    parameters (SPARQL 1.1 Protocol 2.1.4); without them a bundled query first finds where the
    endpoint keeps the data (:mod:`kg.query.locate`). The request goes through :mod:`kg.http` (one
    deadline, capped body, no redirect elsewhere, polite retries).

    :raises EndpointError: the endpoint is unreachable, times out, or answers with an error or
        with something that is not a query result.
    """
    from ..http.client import check_url
    from ..http.sparql import ACCEPT_GRAPH, ACCEPT_RESULTS
    from ..http.sparql import query as send_query
    from .locate import data_graphs, is_bundled
    check_url(endpoint, "--endpoint")
    check_syntax(query, bindings, allowed_services)
    if not default_graphs and is_bundled(query):  # find the data, wherever its graphs are
        default_graphs = data_graphs(endpoint, timeout)
    text, _ = with_project_prefixes(query.text)
    text = insert_values(text, bindings or {})
    form = query_form(text)
    accept = ACCEPT_RESULTS if form in ("select", "ask") else ACCEPT_GRAPH
    response = send_query(endpoint, text, accept, default_graphs=default_graphs,
                          timeout=timeout)
    return _parse_answer(response.body, response.media_type, form, endpoint)


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
    except (SyntaxError, ValueError, OSError, QueryError) as exc:
        raise EndpointError(f"{where}: the answer is not a valid query result "
                            f"({content_type or 'no Content-Type'}: "
                            f"{str(exc).splitlines()[0]})") from None
