"""Pictures of the graph: timeline, chart, map and diagram, each a function from a Store to SVG.

Every picture is data: the same graph gives the same bytes (no timestamps, random ids or hash
salts), text stays text, and every mark carries the IRI of its entity (an ``<a href>`` with a
``<title>``). Modules: :mod:`.svg` (writing SVG), :mod:`.dates` (XSD dates as day spans, BC
included), :mod:`.gather` (the SPARQL that reads a Store), then one module per picture, and
:mod:`.raster` (PNG, importing its rasterizer only when asked).
"""

from __future__ import annotations

from ..errors import NothingToDraw

__all__ = ["NAMES", "NothingToDraw", "picture"]

NAMES = ("timeline", "chart", "map", "diagram")


def picture(store, name: str, fmt: str = "svg", title: str | None = None,
            width: int | None = None) -> bytes:
    """One picture of ``store`` as bytes: the entry point for ``kg draw`` and for servers.

    ``name`` is timeline, chart, map or diagram; ``fmt`` is svg, png, or (diagram only) mmd.
    The map takes coordinates from whatever the store holds (load the Wikidata cache into it
    first to use it).

    :raises NothingToDraw: the data lacks what the picture needs.
    :raises ValueError: an unknown name or format.
    """
    if name not in NAMES or fmt not in ("svg", "png", "mmd") or (fmt == "mmd"
                                                                  and name != "diagram"):
        raise ValueError(f"no {fmt} {name} picture")
    if name == "timeline":
        from . import gather, timeline

        data = timeline.draw(gather.timeline(store), title)
    elif name == "chart":
        from . import chart, gather

        data = chart.draw(gather.figures(store), title)
    elif name == "map":
        from . import places, worldmap

        data = worldmap.draw(places.places(store), title)
    else:
        from . import diagram, structure

        found = structure.structure(store)
        data = diagram.mermaid(found, title) if fmt == "mmd" else diagram.draw(found, title)
    if fmt == "png":
        from .raster import to_png

        data = to_png(data, width)
    return data
