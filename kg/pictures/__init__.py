"""Pictures of the graph: timeline, chart, map and diagram, each a function from a Store to SVG.

Every picture is data: the same graph gives the same bytes (no timestamps, random ids or hash
salts), text stays text, and every mark carries the IRI of its entity (an ``<a href>`` with a
``<title>``). Modules: :mod:`.svg` (writing SVG), :mod:`.dates` (XSD dates as day spans, BC
included), :mod:`.gather` (the SPARQL that reads a Store), then one module per picture, and
:mod:`.raster` (PNG, importing its rasterizer only when asked).
"""

from __future__ import annotations

from ..errors import KgError


class NothingToDraw(KgError):
    """The data lacks what a picture needs (no dates, no figures, no coordinates...): exit 3.

    The message names what is missing, so the user knows what to add.
    """

    exit_code = 3
