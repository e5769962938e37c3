"""The map picture: the places that have coordinates, over a bundled land outline; no tiles.

Equirectangular, framed on the places with a margin, the land from Natural Earth 1:110m (see
:mod:`.world`) filled without borders. A settlement is a filled dot; a region or island is a
dashed ring, because its coordinates are one representative point; coordinates taken from a
close match (skos:closeMatch) are marked "≈". Under the map: what happened at each place, then
every place without coordinates, so none is dropped silently.
"""

from __future__ import annotations

import math

from ..errors import NothingToDraw
from .places import Place
from .svg import Svg, num, text_width, wrap
from .world import rings

MARGIN = 16
MAP_WIDTH = 820
POINT_KINDS = {"settlement"}


def _extent(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    pad_x, pad_y = max(10.0, (e - w) * 0.15), max(8.0, (n - s) * 0.2)
    w, e, s, n = w - pad_x, e + pad_x, s - pad_y, n + pad_y
    if e - w < 40:
        w, e = (w + e) / 2 - 20, (w + e) / 2 + 20
    if n - s < 24:
        s, n = (s + n) / 2 - 12, (s + n) / 2 + 12
    return max(w, -180.0), min(e, 180.0), max(s, -85.0), min(n, 85.0)


def draw(places: list[Place], title: str | None = None) -> bytes:
    """The map as an SVG document (UTF-8 bytes).

    :raises NothingToDraw: no place has coordinates.
    """
    located = [p for p in places if p.lon is not None and p.lat is not None]
    missing = [p for p in places if p.lon is None or p.lat is None]
    if not located:
        raise NothingToDraw(
            f"nothing to map: none of the {len(places)} places has coordinates in the data or "
            "the Wikidata cache (run `kg wikidata fetch`, or give geo:lat/geo:long)")
    west, east, south, north = _extent([(p.lon, p.lat) for p in located])
    stretch = math.cos(math.radians((north + south) / 2))
    k = MAP_WIDTH / ((east - west) * stretch)
    map_height = (north - south) * k
    left, top = MARGIN + 34, 64

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return left + (lon - west) * stretch * k, top + (north - lat) * k

    width = left + MAP_WIDTH + MARGIN + 10
    lines = [(kind, part, iri) for kind, text, iri in _notes(located, missing)
             for part in (wrap(text, width - 2 * MARGIN - 24) if kind != "heading" else [text])]
    height = top + map_height + 50 + 17 * len(lines) + 20
    heading = title or "Places, and what happened there"
    svg = Svg(width, height, heading, "Equirectangular; land outline from Natural Earth 1:110m "
              "(public domain), borders not drawn; coordinates from the data or the Wikidata "
              "cache.")
    svg.text(MARGIN, 24, heading, "title")
    svg.text(MARGIN, 42, f"{len(located)} of {len(places)} places have coordinates. Dot: a "
             "settlement; dashed ring: a region or island (one representative point); ≈: "
             "coordinates of a close match. Land: Natural Earth 1:110m, no borders.", "note")
    svg.raw(f'<clipPath id="frame"><rect x="{num(left)}" y="{num(top)}" '
            f'width="{num(MAP_WIDTH)}" height="{num(map_height)}"/></clipPath>')
    svg.rect(left, top, MAP_WIDTH, map_height, "sea")
    svg.open_group(None, clip_path="url(#frame)")
    _land(svg, xy, west, east, south, north)
    labels = _graticule(svg, xy, west, east, south, north, left, top, map_height)
    svg.close_group()
    for x, y, text, anchor in labels:
        svg.text(x, y, text, "tick-label", anchor=anchor)
    svg.rect(left, top, MAP_WIDTH, map_height, "axis", fill="none")
    taken: list[tuple[float, float, float, float]] = []
    for p in sorted(located, key=lambda p: (-p.lat, p.lon, p.label)):
        _place(svg, p, *xy(p.lon, p.lat), taken)
    y = top + map_height + 44
    svg.notes(MARGIN, y, lines, 17)
    return svg.document()


def _land(svg: Svg, xy, west, east, south, north) -> None:
    parts = []
    for ring in rings():
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        if max(lons) < west or min(lons) > east or max(lats) < south or min(lats) > north:
            continue
        points = [xy(lon, lat) for lon, lat in ring]
        parts.append("M" + " L".join(f"{num(x)},{num(y)}" for x, y in points) + "Z")
    if parts:
        svg.path(" ".join(parts), "land", stroke="none", data_role="land")


def _graticule(svg: Svg, xy, west, east, south, north, left, top, map_height) -> list:
    """Draw the grid lines; return their labels (drawn outside the clipped frame)."""
    labels = []
    step = 10 if east - west <= 90 else 20 if east - west <= 200 else 30
    lon = math.ceil(west / step) * step
    while lon <= east:
        x, _ = xy(lon, north)
        svg.line(x, top, x, top + map_height, "grid", stroke_dasharray="2 3")
        labels.append((x, top + map_height + 14,
                       f"{abs(lon)}°{'E' if lon > 0 else 'W' if lon else ''}", "middle"))
        lon += step
    lat = math.ceil(south / step) * step
    while lat <= north:
        _, y = xy(west, lat)
        svg.line(left, y, left + MAP_WIDTH, y, "grid", stroke_dasharray="2 3")
        labels.append((left - 4, y + 4, f"{abs(lat)}°{'N' if lat > 0 else 'S' if lat else ''}",
                       "end"))
        lat += step
    return labels


def _place(svg: Svg, p: Place, x: float, y: float, taken: list) -> None:
    approx = "≈ " if p.via == "close" else ""
    label = approx + p.label
    svg.open_mark(p.iri, f"{p.label} ({p.kind}; {_where(p)})", "place-mark", data_kind=p.kind,
                  data_via=p.via, data_lon=num(p.lon), data_lat=num(p.lat))
    if p.kind in POINT_KINDS:
        svg.circle(x, y, 4.5, "place")
    else:
        svg.circle(x, y, 7, "place", fill="none", stroke="#24527a", stroke_width="2",
                   stroke_dasharray="3 2")
        svg.circle(x, y, 1.8, "place", stroke="none")
    w, h = text_width(label, 12), 14
    for lx, ly, anchor in ((x + 10, y + 4, "start"), (x - 10, y + 4, "end"),
                           (x, y - 12, "middle"), (x, y + 20, "middle")):
        box = (lx - (w if anchor == "end" else w / 2 if anchor == "middle" else 0), ly - h + 3,
               w, h)
        if not any(_overlap(box, t) for t in taken):
            break
    taken.append(box)
    svg.text(lx, ly, label, "label", anchor=anchor if anchor != "start" else None,
             stroke="#ffffff", stroke_width="3", stroke_linejoin="round", data_role="halo")
    svg.text(lx, ly, label, "label", anchor=anchor if anchor != "start" else None)
    svg.close_mark()


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _where(p: Place) -> str:
    if p.via == "data":
        return "coordinates in the data"
    kind = "an exact match" if p.via == "exact" else "a close match (approximate)"
    source = p.source.replace("http://www.wikidata.org/entity/", "wd:")
    return f"coordinates of {kind}, {source}"


def _notes(located: list[Place], missing: list[Place]) -> list[tuple[str, str, str | None]]:
    lines: list[tuple[str, str, str | None]] = [("heading", "What happened where", None)]
    for p in sorted(located, key=lambda p: (p.label, p.iri)):
        happened = "; ".join(p.events) or "nothing stated beyond its name"
        lines.append(("place-note", f"{p.label} ({p.kind}, {_where(p)}): {happened}", p.iri))
    if missing:
        lines.append(("heading", "Not on the map: no coordinates in the data or the Wikidata "
                                 "cache", None))
        for p in sorted(missing, key=lambda p: (p.label, p.iri)):
            happened = "; ".join(p.events)
            lines.append(("unplaced", f"{p.label} ({p.kind})" + (f": {happened}" if happened
                                                                  else ""), p.iri))
    return lines
