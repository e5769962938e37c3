"""Routing: which page or answer each request gets, with conneg, ETags and the common headers.

Routes: ``/`` (conflicts), ``/sparql`` (the protocol endpoint), ``/query`` (the query page),
``/ontology`` (its documentation, or the ontology as RDF), ``/static/NAME`` (a fixed list of
files), ``/resource?iri=...`` (any IRI of the data), and every other path names an IRI of the
data's namespace (``/id/Greece``): HTML for browsers, RDF by ``Accept`` or ``?format=``.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, quote, unquote, urlsplit

from . import conneg
from .cache import LruCache
from .response import Response, error, redirect

STATIC_DIR = os.path.join(os.path.dirname(__file__), "static")
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}
CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
ALTERNATES = ("turtle", "json-ld", "n-triples", "xml")


class Request:
    """A parsed request: method, path (deployment prefix removed), parameters, headers, body."""

    __slots__ = ("body", "headers", "method", "params", "path")

    def __init__(self, method: str, target: str, headers, body: bytes, paths):
        parts = urlsplit(target)
        self.method = method
        self.path = paths.strip(parts.path)
        self.params = parse_qs(parts.query, keep_blank_values=True)
        self.headers = headers
        self.body = body


class App:
    """Turns a :class:`Request` into a :class:`~kg.serve.response.Response`."""

    def __init__(self, ctx):
        self.ctx = ctx
        # an external store may change under us (kg push): its pages are rendered every time
        self.pages = LruCache(max_items=0 if ctx.settings.endpoint else 1024)
        self.static = {name for name in os.listdir(STATIC_DIR)
                       if os.path.splitext(name)[1] in STATIC_TYPES}

    def __call__(self, req: Request) -> Response:
        response = self.route(req)
        # browsers get errors as a page; programs (and /sparql) as one line of text
        if response.status >= 400 and req.path != "/sparql" \
                and response.headers.get("Content-Type", "").startswith("text/plain") \
                and "text/html" in (req.headers.get("Accept") or ""):
            message = response.body.decode("utf-8", "replace").strip()
            html = self.ctx.templates.render("error.html", message=message,
                                             status=response.status)
            headers = {k: v for k, v in response.headers.items() if k != "Content-Type"}
            return Response(response.status, html, conneg.MEDIA_TYPE["html"], headers)
        return response

    def route(self, req: Request) -> Response:
        if "\x00" in unquote(req.path) or ".." in unquote(req.path).split("/"):
            return error(400, "the path must not contain '..' or NUL")
        if req.method not in ("GET", "HEAD", "POST"):
            return error(405, "use GET, HEAD or POST", headers={"Allow": "GET, HEAD, POST"})
        path = req.path
        if path == "/sparql":
            from .sparql import handle

            return handle(self.ctx, req)
        if req.method == "POST":
            return error(405, "only /sparql takes POST", headers={"Allow": "GET, HEAD"})
        if path == "/":
            return self.html_page("home.html", req, self._home)
        if path == "/query":
            return self.query(req)
        if path.startswith("/static/"):
            return self.static_file(path[len("/static/"):])
        if path == "/favicon.ico":
            return self.static_file("favicon.svg")
        if path.startswith("/pictures/"):
            return self.picture(path[len("/pictures/"):])
        if path == "/ontology":
            return self.ontology(req)
        if path == "/source":
            from .source_page import documents

            docs = documents(self.ctx.store)
            if not docs:
                return error(404, "the data holds no source text (kg:text)")
            return redirect(self.ctx.paths.page_of(docs[0][0]))
        if path == "/resource":
            iri = (req.params.get("iri") or [""])[0]
            if not iri:
                return error(400, "give the IRI: /resource?iri=...")
            return self.entity(req, iri)
        from .. import namespaces as ns

        iri = self.ctx.paths.iri_of(path)
        if iri is None:
            return error(404, "no such page")
        if iri == ns.ONTOLOGY_IRI:
            return self.ontology(req)
        return self.entity(req, iri)

    # -- pages ------------------------------------------------------------------------------------

    def _home(self):
        from .home_page import home_view

        return {"view": home_view(self.ctx)}

    def html_page(self, template: str, req: Request, values) -> Response:
        key = (template, req.path)
        cached = self.pages.get(key)
        if cached is not None:
            return cached
        html = self.ctx.templates.render(template, **values())
        response = Response(200, html, conneg.MEDIA_TYPE["html"])
        self.pages.put(key, response)
        return response

    def query(self, req: Request) -> Response:
        from .query_page import query_view

        view = query_view(self.ctx, req.params)
        html = self.ctx.templates.render("query.html", view=view)
        status = view.get("status", 200) if view["error"] else 200
        return Response(status, html, conneg.MEDIA_TYPE["html"], {"Cache-Control": "no-store"})

    def picture(self, name: str) -> Response:
        """``kg draw``'s SVG of the data (timeline, chart, map, diagram), made once: the data
        does not change while it is served. Data without what a picture needs: 404, saying what."""
        from ..pictures import NAMES

        stem, _, extension = name.partition(".")
        if extension != "svg" or stem not in NAMES:
            return error(404, f"no such picture; there are {', '.join(NAMES)} (NAME.svg)")
        key = ("picture", stem)
        cached = self.pages.get(key)
        if cached is not None:
            return cached
        from ..errors import KgError
        from ..pictures import picture

        try:
            body = picture(self.ctx.store, stem, "svg")
        except KgError as exc:
            return error(404, str(exc))
        response = Response(200, body, "image/svg+xml", {"Cache-Control": "no-cache"})
        self.pages.put(key, response)
        return response

    def static_file(self, name: str) -> Response:
        if name not in self.static:  # a fixed list: no path from a request reaches the disk
            return error(404, "no such file")
        with open(os.path.join(STATIC_DIR, name), "rb") as handle:
            body = handle.read()
        return Response(200, body, STATIC_TYPES[os.path.splitext(name)[1]],
                        {"Cache-Control": "public, max-age=3600"})

    def _format(self, req: Request) -> str | None:
        given = (req.params.get("format") or [""])[0]
        if given:
            name = conneg.FORMAT_PARAM.get(given.lower())
            if name == "sparql-json":
                name = "json-ld"
            if name == "sparql-xml":
                name = "xml"
            return name if name in (*conneg.GRAPH_FORMATS, "html") else None
        return conneg.negotiate(req.headers.get("Accept"), conneg.PAGE_TYPES)

    def _alternates(self, req: Request, page: str) -> dict[str, str]:
        sep = "&" if "?" in page else "?"
        links = [f'<{page}{sep}format={fmt}>; rel="alternate"; type="'
                 f'{conneg.MEDIA_TYPE[fmt].split(";")[0]}"' for fmt in ALTERNATES]
        links.append(f'<{page}>; rel="alternate"; type="text/html"')
        return {"Vary": "Accept", "Link": ", ".join(links)}

    def ontology(self, req: Request) -> Response:
        from .. import namespaces as ns

        fmt = self._format(req)
        page = self.ctx.paths.url("/ontology")
        headers = self._alternates(req, page)
        if fmt is None:
            return error(406, "ask for text/html or an RDF type: " + ", ".join(conneg.GRAPH_TYPES),
                         headers)
        if fmt == "html":
            from .ontology_page import ontology_view

            response = self.html_page("ontology.html", req,
                                      lambda: {"view": ontology_view(self.ctx)})
        else:
            from ..render.results import render_graph

            triples = [q.triple for q in self.ctx.store.quads([ns.GRAPH_ONTOLOGY])]
            response = Response(200, render_graph(triples, fmt), conneg.MEDIA_TYPE[fmt])
        response.headers.update(headers)
        return response

    def entity(self, req: Request, iri: str) -> Response:
        fmt = self._format(req)
        page = self.ctx.paths.page_of(iri)
        headers = self._alternates(req, page)
        if fmt is None:
            return error(406, "ask for text/html or an RDF type: " + ", ".join(conneg.GRAPH_TYPES),
                         headers)
        if req.path == "/resource" and not page.startswith(self.ctx.paths.url("/resource")):
            return redirect(page + ("" if fmt == "html" else "?format=" + quote(fmt)), 303)
        key = ("entity", iri, fmt)
        cached = self.pages.get(key)
        if cached is None:
            # readiness before rendering: validation may finish while the page is made, and a
            # page that says "still running" must not be kept
            ready = fmt != "html" or self.ctx.warnings_now().ready
            cached = self._entity(iri, fmt)
            if cached.status == 200 and ready:
                self.pages.put(key, cached)
        if cached.status != 200:  # an error, or a graph's RDF: a 303 to /sparql
            return cached
        return Response(200, cached.body, cached.headers["Content-Type"], dict(headers))

    def _entity(self, iri: str, fmt: str) -> Response:
        from ..errors import UsageError

        try:
            if fmt == "html":
                from .entity_page import entity_view

                view = entity_view(self.ctx, iri)
                source = None
                if view["is_document"]:
                    from .source_page import source_view

                    source = source_view(self.ctx, iri)
                html = self.ctx.templates.render("entity.html", view=view, source=source)
                return Response(200, html, conneg.MEDIA_TYPE["html"])
            from ..describe.entity import subgraph
            from ..render.results import render_graph

            body = render_graph(subgraph(self.ctx.store, f"<{iri}>"), fmt)
            return Response(200, body, conneg.MEDIA_TYPE[fmt])
        except UsageError:
            return self._graph(iri, fmt)

    def _graph(self, iri: str, fmt: str) -> Response:
        """A named graph that nothing mentions is still a page: what it holds."""
        from .graph_page import download_url, graph_view

        view = graph_view(self.ctx, iri)
        if view is None:
            return error(404, f"nothing in the data mentions <{iri}>")
        if fmt != "html":
            return redirect(download_url(self.ctx, iri, fmt))
        return Response(200, self.ctx.templates.render("graph.html", view=view),
                        conneg.MEDIA_TYPE["html"])
