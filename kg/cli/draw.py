"""``kg draw``: timeline, chart, map and diagram pictures of the graph as SVG, PNG or Mermaid."""

from __future__ import annotations

import click

_FORMATS = {"timeline": ("svg", "png"), "chart": ("svg", "png"), "map": ("svg", "png"),
            "diagram": ("svg", "png", "mmd")}
_EXTENSIONS = {".svg": "svg", ".png": "png", ".mmd": "mmd", ".mermaid": "mmd"}

_EXIT = """\b
Exit status:
  0  drawn
  2  usage error (unknown format or option)
  3  could not run: unreadable data, or the data lacks what the picture needs
     (one line names what is missing; nothing is written)
"""


def _common(command):
    """The options every picture shares: where the data comes from and where the picture goes."""
    options = [
        click.option("-o", "--output", metavar="FILE",
                     help="Write the picture to FILE (atomically); .svg, .png"
                          + (" or .mmd" if command.__name__ == "diagram_command" else "")
                          + " picks the format. Default: SVG on stdout."),
        click.option("-f", "--format", "fmt", metavar="FMT",
                     help="svg, png" + (" or mmd (Mermaid)" if command.__name__ ==
                                        "diagram_command" else "") +
                          " (default: from -o's extension, else svg)."),
        click.option("--width", type=click.IntRange(16, 20000), metavar="PIXELS",
                     help="PNG only: the width in pixels (the height keeps the proportions)."),
        click.option("--title", metavar="TEXT", help="The picture's title."),
        click.option("--data", "data_files", multiple=True, metavar="FILE",
                     help="Draw these RDF files instead of the bundled graph (repeatable)."),
        click.option("--data-format", metavar="FMT",
                     help="RDF format of the --data files (default: from each extension)."),
        click.option("--with-bundled", is_flag=True, help="Draw the --data files and the "
                                                          "bundled graph."),
        click.option("--store", "store_dir", metavar="DIR", type=click.Path(file_okay=False),
                     help="Draw from a persistent store made by `kg load` (read-only)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _format(kind: str, output: str | None, fmt: str | None) -> str:
    import os

    from ..errors import UsageError

    allowed = _FORMATS[kind]
    if fmt:
        fmt = {"mermaid": "mmd"}.get(fmt.lower(), fmt.lower())
    elif output and output != "-":
        ext = os.path.splitext(output)[1].lower()
        fmt = _EXTENSIONS.get(ext)
        if fmt is None:
            raise UsageError(f"-o {output}: cannot tell the format from {ext or 'no extension'}; "
                             f"use {', '.join('.' + a for a in allowed)} or --format")
    else:
        fmt = "svg"
    if fmt not in allowed:
        raise UsageError(f"kg draw {kind} writes {', '.join(allowed)}, not {fmt!r}")
    return fmt


def _run(kind: str, output, fmt, width, title, data_files, data_format, with_bundled, store_dir,
         extra_files: tuple[str, ...] = ()) -> None:
    from ..errors import UsageError
    from ..query.run import open_dataset
    from .output import write_output

    fmt = _format(kind, output, fmt)
    if width and fmt != "png":
        raise UsageError("--width applies to PNG output only")
    if with_bundled and not data_files:
        raise UsageError("--with-bundled adds the bundled graph to --data files: give --data.")
    if data_format and not data_files:
        raise UsageError("--data-format applies to --data files.")
    if store_dir and data_files:
        raise UsageError("give --store or --data, not both")
    store = open_dataset(data_files, data_format, with_bundled, store_dir)
    for path in extra_files:
        from .. import namespaces as ns

        store.load_file(path, graph=ns.GRAPH_WIKIDATA)
    from ..pictures import picture

    write_output(output, picture(store, kind, fmt, title, width))


@click.group("draw")
def draw() -> None:
    """Draw the graph: a timeline, a chart of figures, a map of places, a diagram of sides.

    Every picture keeps what the data knows and does not know: dates at their precision,
    ranges as ranges, lower bounds open-ended ("938+"), unknowns as unknown, places without
    coordinates listed under the map. Output is SVG (text stays text, every mark links to its
    entity's IRI, same data gives the same bytes), PNG, or for the diagram Mermaid text.

    \b
    Example:
      kg draw timeline -o timeline.svg
      kg draw chart -o chart.png --width 1200
      kg draw diagram -o sides.mmd
    """


@draw.command("timeline", epilog=_EXIT)
@_common
def timeline_command(output, fmt, width, title, data_files, data_format, with_bundled,
                     store_dir) -> None:
    """Draw a timeline of the conflict, its parts and its events.

    One row per conflict, campaign and event, nested by kg:partOf. A date covers the days it
    stands for: "1918" spans its year, "September 1920" its month, a day its day. A start or end
    the data does not give is drawn open; "by 1925" (kg:endNoLaterThan) stops at the end of
    1925. The graph's contradictions are marked with numbered badges and explained in the
    legend; events without a date are listed under it. BC years work (XSD 1.1: 0000 is 1 BC).

    \b
    Example:
      kg draw timeline -o timeline.svg
      kg draw timeline --data ancient.ttl -o ancient.png --width 1600
    """
    _run("timeline", output, fmt, width, title, data_files, data_format, with_bundled,
         store_dir)


@draw.command("chart", epilog=_EXIT)
@_common
def chart_command(output, fmt, width, title, data_files, data_format, with_bundled,
                  store_dir) -> None:
    """Draw a chart of strength and losses by side, party and kind.

    One panel per kind (strength, killed, missing, ...) and unit, one bar per figure, in the
    figure's own form: a range as a range (50,000–70,000), a lower bound as an open-ended bar
    (938+), an unknown as "unknown" with no bar (never zero). Figures the source does not
    attribute to a party are drawn apart under their side.

    \b
    Example:
      kg draw chart -o figures.svg
      kg draw chart -o figures.png --width 1400
    """
    _run("chart", output, fmt, width, title, data_files, data_format, with_bundled,
         store_dir)


@draw.command("diagram", epilog=_EXIT)
@_common
def diagram_command(output, fmt, width, title, data_files, data_format, with_bundled,
                    store_dir) -> None:
    """Draw a diagram of sides, parties, campaigns and results.

    Four columns: the parties, the sides they were on, the conflicts and campaigns (parts
    indented under their whole) and the results (sub-results under the headline). Edges say
    what the data says: "on side", "took part in", "led", "result of"; a dashed edge is a
    party whose losses the source counts on a side. -o FILE.mmd (or --format mmd) writes
    Mermaid text instead of SVG or PNG, which needs no dependency and links every node to its IRI.

    \b
    Example:
      kg draw diagram -o sides.svg
      kg draw diagram --format mmd
    """
    _run("diagram", output, fmt, width, title, data_files, data_format, with_bundled,
         store_dir)


@draw.command("map", epilog=_EXIT)
@_common
@click.option("--cache", "cache_path", metavar="FILE",
              help="The Wikidata cache to take coordinates from [default: the one `kg wikidata "
                   "fetch` writes, when it exists].")
@click.option("--no-cache", is_flag=True, help="Use only the coordinates in the data.")
def map_command(output, fmt, width, title, data_files, data_format, with_bundled, store_dir,
                cache_path, no_cache) -> None:
    """Draw a map of the places and what happened there.

    Offline: no tiles, no network. The land is Natural Earth 1:110m (public domain, bundled),
    filled without today's borders. Coordinates come from the data (geo:lat/geo:long,
    schema:latitude/longitude, GeoSPARQL WKT, wdt:P625) or from the Wikidata cache through each
    place's link (`kg wikidata fetch` fills it). Regions are drawn as rings (one representative
    point), coordinates of a close match are marked "≈", and every place without coordinates
    is listed under the map.

    \b
    Example:
      kg wikidata fetch && kg draw map -o places.svg
      kg draw map --data mine.ttl --with-bundled --no-cache -o places.png
    """
    import os

    from ..errors import UsageError

    if cache_path and no_cache:
        raise UsageError("give --cache FILE or --no-cache, not both")
    extra: tuple[str, ...] = ()
    if cache_path:
        extra = (cache_path,)
    elif not no_cache:
        from ..wikidata.config import cache_file

        default = cache_file()
        extra = (str(default),) if os.path.isfile(default) else ()

    _run("map", output, fmt, width, title, data_files, data_format, with_bundled, store_dir,
         extra)
