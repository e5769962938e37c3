"""Regenerate the README's pictures of the bundled article: python .readme/make_pictures.py

Each picture is made by the real `kg draw` command of the installed package (the `kg` beside
this Python), so the README shows exactly what users get. The map needs coordinates, which the
article does not give: they come from the Wikidata cache, and here, so that the picture can be
made offline, from the test suite's Wikidata-format fixture (tests/data/wikidata/fixture.ttl,
hand-made, approximate coordinates), passed as the cache. With a real cache
(`kg wikidata fetch`) `kg draw map` uses Wikidata's own coordinates.
"""

from __future__ import annotations

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KG = os.path.join(os.path.dirname(sys.executable), "kg")
FIXTURE = os.path.join(ROOT, "tests", "data", "wikidata", "fixture.ttl")

PICTURES = [
    ("timeline.svg", ["timeline"]),
    ("chart.svg", ["chart"]),
    ("map.svg", ["map", "--cache", FIXTURE]),
    ("diagram.svg", ["diagram"]),
    ("diagram.mmd", ["diagram"]),
]


def main() -> None:
    for name, args in PICTURES:
        out = os.path.join(HERE, name)
        subprocess.run([KG, "draw", *args, "-o", out], check=True, cwd=ROOT)
        print(f"wrote .readme/{name} ({os.path.getsize(out):,} bytes)")


if __name__ == "__main__":
    main()
