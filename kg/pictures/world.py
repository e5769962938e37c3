"""The bundled world outline: Natural Earth 1:110m land (public domain), read as lon/lat rings.

``world-110m.txt`` beside this module holds one polygon ring per line, "lon,lat" pairs to 0.1
degree. It was made from Natural Earth's 1:110m Admin 0 countries ("naturalearth_lowres", the
copy that ships in pyogrio's wheel as a test fixture) by :func:`convert`: every ring, simplified
so that kept points are at least 0.25 degree apart. Natural Earth is in the public domain
(https://www.naturalearthdata.com/about/terms-of-use/). The map fills the rings without
strokes, so today's borders, which would mislead on a map of 1918, are not drawn.

Rebuild: ``python -m kg.pictures.world naturalearth_lowres.shp > kg/pictures/world-110m.txt``
"""

from __future__ import annotations

import itertools
import os
import struct

OUTLINE = os.path.join(os.path.dirname(__file__), "world-110m.txt")


def rings() -> list[list[tuple[float, float]]]:
    """The land rings as lists of (longitude, latitude)."""
    out = []
    with open(OUTLINE, encoding="ascii") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            out.append([(float(a), float(b)) for a, b in
                        (pair.split(",") for pair in line.split())])
    return out


def convert(shp_path: str, spacing: float = 0.25) -> list[str]:
    """Polygon rings of an ESRI shapefile (types 5/15/25) as lines of "lon,lat" pairs."""
    with open(shp_path, "rb") as handle:
        data = handle.read()
    lines, offset = [], 100
    while offset + 8 <= len(data):
        length = struct.unpack(">i", data[offset + 4:offset + 8])[0] * 2
        content = data[offset + 8:offset + 8 + length]
        offset += 8 + length
        if struct.unpack("<i", content[:4])[0] not in (5, 15, 25):
            continue
        parts, points = struct.unpack("<2i", content[36:44])
        starts = [*struct.unpack(f"<{parts}i", content[44:44 + 4 * parts]), points]
        base = 44 + 4 * parts
        coords = [struct.unpack("<2d", content[base + 16 * i:base + 16 * i + 16])
                  for i in range(points)]
        for a, b in itertools.pairwise(starts):
            kept = _simplify(coords[a:b], spacing)
            if len(kept) >= 4:
                lines.append(" ".join(f"{x:.1f},{y:.1f}" for x, y in kept))
    return lines


def _simplify(ring: list[tuple[float, float]], spacing: float) -> list[tuple[float, float]]:
    kept = [ring[0]]
    for x, y in ring[1:-1]:
        if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= spacing:
            kept.append((x, y))
    kept.append(ring[-1])
    return kept


if __name__ == "__main__":  # pragma: no cover - the rebuild step above
    import sys

    print("# Natural Earth 1:110m countries as land rings (public domain); see world.py")
    print("\n".join(convert(sys.argv[1])))
