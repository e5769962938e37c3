"""The query page: a form for SPARQL, the bundled queries as examples with their parameters as
fields, and the answer as an HTML table with a link to download it in each format.

It needs no script and no network: the form is plain HTML and the server runs the query. A
bundled query's parameters are bound as RDF terms in a ``VALUES`` block (as ``kg query
--endpoint`` does), never pasted into the text, and the download links carry that final text.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pyoxigraph as ox

from . import conneg
from .safety import Refused
from .sparql import execute


def examples() -> list[dict]:
    """The bundled queries: name, title, description, kind and parameters."""
    from ..errors import KgError
    from ..query.catalog import catalog, load_bundled

    out = []
    for name in catalog():
        try:
            query = load_bundled(name)
        except KgError:
            continue
        header = query.header
        out.append({"name": name, "title": header.title, "description": header.description,
                    "kind": header.kind, "params": list(header.params), "text": query.text})
    return out


def _bound_text(ctx, text: str, example: dict | None, params: dict[str, list[str]]) -> str:
    """The query text with the example's parameters bound in a VALUES block."""
    if example is None or not example["params"]:
        return text
    from ..errors import KgError
    from ..query.catalog import from_text
    from ..query.text import insert_values, with_project_prefixes

    values = [(p.name, params[f"p.{p.name}"][0]) for p in example["params"]
              if params.get(f"p.{p.name}") and params[f"p.{p.name}"][0].strip()]
    from ..query.binding import bind

    query = from_text(example["text"], source=example["name"])
    try:
        bindings = bind(query, values)
        full, _ = with_project_prefixes(text)
        return insert_values(full, bindings) if bindings else text
    except KgError as exc:
        raise Refused(400, str(exc)) from None


def _table(form: str, body: bytes) -> dict:
    """Parse the worker's answer (SPARQL JSON, or N-Triples for graphs) into rows of terms."""
    if form == "graph":
        triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        return {"variables": ["subject", "predicate", "object"],
                "rows": [(t.subject, t.predicate, t.object) for t in triples]}
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return {"boolean": bool(parsed), "variables": [], "rows": []}
    variables = [v.value for v in parsed.variables]
    return {"variables": variables, "rows": [tuple(s[v] for v in variables) for s in parsed]}


def query_view(ctx, params: dict[str, list[str]]) -> dict:
    """The page's data: the examples, the chosen one, and the answer when a query was given."""
    from ..query.text import query_form

    with ctx.cache_lock:
        known = ctx.cache.get("examples")
    if known is None:
        known = examples()
        with ctx.cache_lock:
            ctx.cache["examples"] = known
    name = (params.get("name") or [""])[0]
    example = next((e for e in known if e["name"] == name), None)
    text = (params.get("query") or [""])[0]
    view = {"examples": known, "example": example, "text": text or (example or {}).get(
        "text", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"), "values": {
        k[2:]: v[0] for k, v in params.items() if k.startswith("p.")}, "answer": None,
        "error": None, "downloads": [], "max_rows": ctx.settings.max_rows}
    if not text.strip():
        return view
    try:
        final = _bound_text(ctx, text, example, params)
        form = query_form(final)
        graph = form in ("construct", "describe")
        header, body = execute(ctx, final, "n-triples" if graph else "sparql-json")
    except Refused as exc:
        view["error"] = exc.message
        view["status"] = exc.status
        return view
    answer = _table(header.get("form", "select"), body)
    answer.update(rows_count=header.get("rows", 0), truncated=header.get("truncated", False))
    view["answer"] = answer
    formats = conneg.GRAPH_FORMATS if graph else conneg.RESULT_FORMATS
    view["downloads"] = [(fmt, ctx.paths.url("/sparql?" + urlencode({"query": final,
                                                                     "format": fmt})))
                         for fmt in formats]
    return view
