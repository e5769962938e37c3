"""HTML output: Jinja2 templates with autoescaping on, and the one function that writes a term.

Every value reaches the page through Jinja2's autoescape or :func:`markupsafe.escape`, so a label
such as ``<script>alert(1)</script>`` is shown as text. Only ``http``/``https`` IRIs become
outbound links (a ``javascript:`` IRI in someone's data stays text).
"""

from __future__ import annotations

import pyoxigraph as ox
from markupsafe import Markup, escape

from ..namespaces import compact
from .humanize import literal_text, precision

TEMPLATE_DIR = __file__.rsplit("/", 1)[0] + "/templates"


class Templates:
    """The Jinja2 environment (templates in ``kg/serve/templates``), shared by all pages."""

    def __init__(self, ctx):
        import jinja2

        self.ctx = ctx
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True,
            trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        self.env.globals.update(url=ctx.paths.url, page=ctx.paths.path_of, curie=compact,
                                settings=ctx.settings)
        self.env.globals["term"] = self.term

    def render(self, name: str, **values) -> str:
        return self.env.get_template(name).render(**values)

    def term(self, value, names: dict[str, str] | None = None) -> Markup:
        """A term as HTML: a link to its page (label or CURIE), or a readable literal."""
        names = names or {}
        if isinstance(value, str):
            value = ox.NamedNode(value)
        if isinstance(value, ox.NamedNode):
            iri = value.value
            label = names.get(iri) or compact(iri)
            link = Markup('<a href="{}" title="{}">{}</a>').format(
                self.ctx.paths.path_of(iri), iri, label)
            if not iri.startswith(self.ctx.settings.namespace) and iri.startswith(
                    ("http://", "https://")):
                link += Markup(' <a class="ext" href="{}" rel="noopener noreferrer" '
                               'title="{}">\u2197</a>').format(iri, iri)
            return link
        if isinstance(value, ox.Literal):
            text = literal_text(value)
            kind = precision(value.datatype.value)
            extra = ""
            if kind:
                extra = Markup(' <span class="precision">({})</span>').format(kind)
            elif value.language:
                extra = Markup(' <span class="lang">@{}</span>').format(value.language)
            return Markup('<span class="literal">{}</span>{}').format(text, extra)
        if isinstance(value, ox.BlankNode):
            return Markup('<span class="bnode">_:{}</span>').format(value.value)
        return Markup(escape(str(value)))
