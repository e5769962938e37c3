"""Generate conflict articles in the three Kiwix plain-text layouts, for the ingest benchmark.

Each article is invented (names from syllables, numbers from a seeded generator) and states its
facts in one of the three layouts kg ingest reads: 1 = lead, infobox, rest of the lead, licence
line; 2 = infobox first with labels run into values; 3 = a pipe table. The same seed gives the
same articles.

Usage::

    python tests/bench/articles.py --count 1000 -o /tmp/articles
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SYLLABLES = ("ka", "ren", "dor", "vel", "mar", "os", "tan", "bri", "hol", "zen", "ar", "quil",
             "mo", "sef", "lun", "ga", "thir", "ev", "nor", "ska", "ré", "ød", "ша")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
KINDS = ("Battle of", "Siege of", "War of", "Rebellion in", "Invasion of", "Offensive at")
LICENCE = ("This article is issued from Wikipedia. The text is licensed under Creative Commons "
           "- Attribution - Sharealike. Additional terms may apply for the media files.")


def name(rng: random.Random, words: int = 1) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
                    for _ in range(words))


def figure(rng: random.Random, kind: str) -> str:
    n = rng.randint(1, 90) * rng.choice((1, 10, 100, 1000))
    form = rng.randrange(7)
    words = "troops" if kind == "strength" else rng.choice(("killed", "wounded", "captured",
                                                            "missing"))
    return (f"{n:,} {words}", f"{n:,}–{n * 2:,} {words}", f"{n:,}+ {words}",
            f"c. {n:,} {words}", f"up to {n:,} {words}", "Unknown", f"at least {n:,}")[form]


def article(rng: random.Random, index: int, layout: int) -> tuple[str, str]:
    place, war = name(rng), name(rng, 2)
    title = f"{rng.choice(KINDS)} {place} {index}"
    year = rng.randint(1500, 1990)
    start = f"{rng.randint(1, 28)} {rng.choice(MONTHS[:6])} {year}"
    end = f"{rng.randint(1, 28)} {rng.choice(MONTHS[6:])} {year + rng.randint(0, 3)}"
    sides = [name(rng, 2), name(rng, 2)]
    commanders = [name(rng, 2) for _ in range(2)]
    strength = [figure(rng, "strength") for _ in range(2)]
    losses = [[figure(rng, "loss") for _ in range(2)] for _ in range(2)]
    result = f"{sides[rng.randrange(2)]} victory"
    sub = f"Treaty of {name(rng)} signed"
    lead = (f"The {title} was an invented armed conflict between {sides[0]} and {sides[1]}, "
            f"written for the benchmark of kg ingest so that its figures are known in advance.")
    if layout == 3:
        rows = [f"{title} |", f"Part of the {war} |", f"Date | {start} – {end} |",
                f"Location | {place}, {name(rng)} |", f"Result | {result} • {sub} |",
                "Belligerents |", f"{sides[0]} | {sides[1]} |", "Commanders and leaders |",
                f"{commanders[0]} | {commanders[1]} |", "Strength |",
                f"{strength[0]} | {strength[1]} |", "Casualties and losses |",
                f"{' • '.join(losses[0])} | {' • '.join(losses[1])} |"]
        return title, f"{title}\n\n{lead}\n\n" + "\n".join(rows) + "\n"
    box = [f"Part of the {war}", f"Date{start} – {end}", f"Location{place}, {name(rng)}",
           f"Result{result}", f"  • {sub}", "Belligerents", f"{sides[0]}:", f"{sides[1]}:",
           "Commanders and leaders", *commanders, "Strength",
           *(f"  • {s}" for s in strength[:1]), strength[1], "Casualties and losses",
           f"  •  {sides[0]}: {losses[0][0]}", f"    {losses[0][1]}", *losses[1]]
    if layout == 2:
        return title, f"{title}\n\n" + "\n".join(box) + f"\n\n{lead}\n"
    return title, (f"{title}\n\n{lead}\n\n{title}\n" + "\n".join(box)
                   + f"\n\n    {lead}\n\n    {LICENCE}")


def write(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """``count`` articles, layouts in turn, into ``folder``; their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        _, text = article(rng, i + 1, i % 3 + 1)
        path = folder / f"article-{i + 1:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True, help="folder to write to")
    args = parser.parse_args(argv)
    write(args.output, args.count, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
