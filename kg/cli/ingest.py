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
@click.option("--keep-going", "-k", is_flag=True,
              help="Ingest the articles that can be, say on stderr which were refused and "
                   "why, and exit 1 if any was.")
@click.option("--report", is_flag=True,
              help="Print on stderr, line by line, what became which fact and what was "
                   "skipped and why, with coverage.")
def ingest(files: tuple[str, ...], output: str | None, store_dir: str | None, fmt: str | None,
           keep_going: bool, report: bool) -> None:
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
    is refused with one line and exit code 3, and nothing is written. With --keep-going the
    other articles are written, each refused file gets its line, and the exit code is 1. A page
    cut off in the middle is ingested as far as it goes and the cut is reported.

    \b
    Exit status:
      0  every article was ingested
      1  --keep-going: some files were refused (one line each); the others were written
      2  usage error
      3  an article was refused or a file could not be read; nothing written
         (with --keep-going: every file was refused)

    \b
    Example:
      kg ingest battle.txt -o battle.trig
      kg ingest articles/*.txt --store war.db --report
      kg ingest --keep-going articles/*.txt -o war.trig
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
    refused: list | None = [] if keep_going else None
    try:
        articles = run.ingest_files(files, progress, refused)
    finally:
        if progress:
            click.echo("\r" + " " * 72 + "\r", err=True, nl=False)
    if refused:
        _say_refused(refused, articles, len(files))
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
    for article in articles if not store_dir else ():
        if article.truncated:
            click.echo(f"kg: note: {article.name}: the page seems cut off "
                       f"({article.truncated}); ingested as far as it goes.", err=True)
    if refused:
        raise click.exceptions.Exit(1)


def _say_refused(refused: list, articles: list, total: int) -> None:
    """One line per refused file; with none left to write, the run could not run (exit 3)."""
    from ..errors import InputError

    for error in refused:
        reason = str(error).removesuffix("; nothing was written.").removesuffix(".")
        click.echo(f"kg: {reason}; skipped.", err=True)
    if not articles:
        raise InputError(f"every file was refused ({total}); nothing was written.")
    click.echo(f"kg: ingested {len(articles)} of {total} files; {len(refused)} refused "
               "(listed above).", err=True)
