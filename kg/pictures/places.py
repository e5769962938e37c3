"""What the map needs, read by SPARQL: the places, their coordinates and what happened there.

Coordinates come from the data itself (W3C geo:lat/geo:long, schema.org latitude/longitude,
GeoSPARQL geo:hasGeometry/geo:asWKT, or wdt:P625 on the place) or from the Wikidata cache
through the place's link (skos:exactMatch first, then skos:closeMatch, which is marked as
approximate). Places without coordinates are returned too, so the map can list them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..errors import NothingToDraw
from .gather import labels, local_name, select

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.store import Store

_POINT = re.compile(r"POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)", re.IGNORECASE)
_VIA_RANK = {"data": 0, "exact": 1, "close": 2}


class Place(NamedTuple):
    iri: str
    label: str
    kind: str                 # the class label: settlement, region, island...
    lon: float | None
    lat: float | None
    via: str                  # data, exact (an exactMatch item), close (a closeMatch item), ""
    source: str               # the IRI that carried the coordinates
    events: list[str]         # what happened there, as labels


def wkt_point(text: str) -> tuple[float, float] | None:
    """(lon, lat) of a WKT point, with or without a leading CRS IRI.

    >>> wkt_point("Point(131.89 43.12)"), wkt_point("<http://example.org/crs> POINT(1 2)")
    ((131.89, 43.12), (1.0, 2.0))
    """
    match = _POINT.search(text)
    if not match:
        return None
    lon, lat = float(match.group(1)), float(match.group(2))
    return (lon, lat) if -180 <= lon <= 360 and -90 <= lat <= 90 else None


def places(store: Store) -> list[Place]:
    """Every place of the data, with coordinates where the data or the cache has them.

    :raises NothingToDraw: the data names no places at all.
    """
    found = {r["p"].value for r in select(store, """SELECT DISTINCT ?p WHERE {
        { ?p a ?c . ?c rdfs:subClassOf* kg:Place } UNION
        { ?p a ?c . VALUES ?c { kg:Settlement kg:Region kg:Island } } UNION
        { ?x kg:place ?p } UNION { ?p kg:partOfPlace ?w } UNION { ?p geo:lat ?lat }
        FILTER(isIRI(?p)) }""")}
    if not found:
        raise NothingToDraw("nothing to map: the data names no places (kg:place, kg:Place)")
    values = " ".join(f"<{p}>" for p in sorted(found))
    coords: dict[str, tuple] = {}
    for r in select(store, f"""SELECT ?p ?lat ?long ?wkt ?via ?src WHERE {{
        VALUES ?p {{ {values} }}
        {{ ?p geo:lat ?lat ; geo:long ?long BIND("data" AS ?via) BIND(?p AS ?src) }} UNION
        {{ ?p sdo:latitude ?lat ; sdo:longitude ?long BIND("data" AS ?via) BIND(?p AS ?src) }}
        UNION {{ ?p schema:latitude ?lat ; schema:longitude ?long BIND("data" AS ?via)
                BIND(?p AS ?src) }} UNION
        {{ ?p wdt:P625 ?wkt BIND("data" AS ?via) BIND(?p AS ?src) }} UNION
        {{ ?p gsp:hasGeometry/gsp:asWKT ?wkt BIND("data" AS ?via) BIND(?p AS ?src) }} UNION
        {{ ?p skos:exactMatch ?src . ?src wdt:P625 ?wkt BIND("exact" AS ?via) }} UNION
        {{ ?p skos:closeMatch ?src . ?src wdt:P625 ?wkt BIND("close" AS ?via) }} }}"""):
        if "wkt" in r:
            point = wkt_point(r["wkt"].value)
        else:
            try:
                point = (float(r["long"].value), float(r["lat"].value))
            except ValueError:
                point = None
        if point is None:
            continue
        key = (_VIA_RANK[r["via"].value], r["src"].value, point)
        if r["p"].value not in coords or key < coords[r["p"].value]:
            coords[r["p"].value] = key
    events: dict[str, set[str]] = {}
    rows = select(store, f"""SELECT ?p ?x ?who ?in WHERE {{ VALUES ?p {{ {values} }}
        ?x kg:place ?p . OPTIONAL {{ ?x kg:participant ?who }}
        OPTIONAL {{ ?x kg:inConflict ?in }} }}""")
    names = labels(store, found | {r[k].value for r in rows for k in ("x", "who", "in")
                                   if k in r})
    for r in rows:
        x = r["x"].value
        if "who" in r and "in" in r:
            text = f"{names[r['who'].value]} in {names[r['in'].value]}"
        else:
            text = names[x]
        events.setdefault(r["p"].value, set()).add(text)
    kinds = {}
    for r in select(store, f"""SELECT ?p ?c WHERE {{ VALUES ?p {{ {values} }} ?p a ?c
        FILTER NOT EXISTS {{ ?p a ?sub . ?sub rdfs:subClassOf+ ?c FILTER(?sub != ?c) }} }}
        ORDER BY ?p ?c"""):
        kinds.setdefault(r["p"].value, local_name(r["c"].value))
    out = []
    for iri in sorted(found):
        rank, src, point = coords.get(iri, (None, "", (None, None)))
        via = {0: "data", 1: "exact", 2: "close"}.get(rank, "")
        out.append(Place(iri, names[iri], kinds.get(iri, "place"), point[0], point[1], via, src,
                         sorted(events.get(iri, ()))))
    return out
