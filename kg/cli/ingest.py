"""``kg ingest``: turn conflict articles (Kiwix plain text) into validated, text-anchored graphs."""

from __future__ import annotations

import sys

import click

from ..errors import UsageError


@click.command("ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False,
                                                                   allow_dash=True))
@click.option("--output", "-o", metavar="FILE",
              help="Write the graphs to FILE (format from its extension) instead of stdout.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Put the graphs into the Oxigraph store in DIR (as `kg load` builds it).")
@click.option("--format", "-f", "fmt", metavar="FMT",
              help="trig (default) or n-quads: a name, extension or MIME type.")
@click.option("--report", is_flag=True,
              help="Print on stderr, line by line, what became which fact and what was "
                   "skipped and why, with coverage.")
def ingest(files: tuple[str, ...], output: str | None, store_dir: str | None, fmt: str | None,
           report: bool) -> None:
    """Turn conflict articles into graphs that pass the shapes, every fact citing its words.

    Reads FILES (`-` is stdin): encyclopedia articles about a conflict in the Kiwix "mini"
    plain-text rendering, in any of its three layouts (lead then infobox, infobox first with
    labels run into values, or a pipe table). Each article becomes one named graph, minted from
    its title (the same input gives the same bytes): the source text, the conflict with its
    kind, "Part of" chain, dates at their precision, places, result, sub-results, territorial
    changes and status, the belligerents, commanders and units, and every strength and loss
    figure with its form (exact, range, bounds, approximate, unknown, in words), kind, unit and
    party. Sides and parties are given only where the text states them; entities are minted
    per article, never merged on a label. The lead's prose is kept as text, not parsed.

    A page that is not about a conflict, an empty or binary file, or a file that is not UTF-8
    is refused with one line and exit code 3, and nothing is written. A page cut off in the
    middle is ingested as far as it goes and the cut is reported.

    \b
    Exit status:
      0  every article was ingested
      2  usage error
      3  an article was refused or a file could not be read; nothing written

    \b
    Example:
      kg ingest battle.txt -o battle.trig
      kg ingest articles/*.txt --store war.db --report
      kg validate battle.trig
    """
    from ..ingest import report as report_mod
    from ..ingest import run
    from ..store.formats import guess_format, lookup_format

    if files.count("-") > 1:
        raise UsageError("Stdin ('-') can be given only once.")
    if store_dir and output:
        raise UsageError("Give either --output or --store, not both.")
    if fmt:
        rdf_format = lookup_format(fmt)
    elif output and output != "-":
        rdf_format = guess_format(output)
    else:
        rdf_format = lookup_format("trig")
    if not rdf_format.has_datasets:
        raise UsageError(f"The {rdf_format.name} format cannot hold one named graph per "
                         "article: use trig (.trig) or n-quads (.nq).")
    progress = None
    if sys.stderr.isatty() and len(files) > 1:
        def progress(n: int, name: str) -> None:
            click.echo(f"\rkg ingest: {n}/{len(files)} {name[-50:]:<50}", err=True, nl=False)
    try:
        articles = run.ingest_files(files, progress)
    finally:
        if progress:
            click.echo("\r" + " " * 72 + "\r", err=True, nl=False)
    cited: dict | None = {} if report else None
    if store_dir:
        count = run.write_store(articles, store_dir, cited)
        click.echo(f"Ingested {len(articles)} article{'s' * (len(articles) != 1)} "
                   f"({count:,} quads) into {store_dir}.", err=True)
    else:
        from .output import write_output

        write_output(output, run.serialize(articles, rdf_format, cited))
    if report:
        for article in articles:
            click.echo(report_mod.render(article, cited[article.name]), err=True, nl=False)
    if store_dir:
        return
    for article in articles:
        if article.truncated:
            click.echo(f"kg: note: {article.name}: the page seems cut off "
                       f"({article.truncated}); ingested as far as it goes.", err=True)
