"""``kg describe``: everything the graph says about one entity, each fact in the source's words."""

from __future__ import annotations

import click


@click.command("describe")
@click.argument("term")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "turtle", "json-ld"]),
              default="text", show_default=True,
              help="text for people; turtle or json-ld for the statements themselves.")
@click.option("--data", "data_files", multiple=True, metavar="FILE",
              help="Look in these RDF files instead of the bundled graph (repeatable).")
@click.option("--data-format", metavar="FMT", help="RDF format of the --data files.")
@click.option("--with-bundled", is_flag=True,
              help="Look in the --data files and the bundled graph.")
@click.option("--base", metavar="IRI",
              help="Resolve relative IRIs in the --data files against IRI (default: each file's "
                   "own file: URI).")
@click.option("--timeout", type=float, default=60.0, show_default=True, metavar="SECONDS",
              help="Give up after this long (0: no limit); Ctrl-C stops it too.")
def describe(term: str, fmt: str, data_files: tuple[str, ...], data_format: str | None,
             with_bundled: bool, base: str | None, timeout: float) -> None:
    """Show everything the graph says about one entity, with the source's words.

    TERM is an IRI, a CURIE (kgr:Greece) or a label; labels and alternative labels match
    whatever their case ("british" finds the United Kingdom). The description lists the types,
    labels and every fact about the entity grouped by property, outgoing and incoming, including
    facts stated through fact nodes (participations, figures, motivations, results); each fact
    comes with the exact span of the article that states it and its offsets. A label that names
    several entities lists them (exit 2); so does an unknown term. An entity with very many
    facts stops at --timeout (exit 3).

    \b
    Example:
      kg describe "United Kingdom"
      kg describe kgr:NorthRussiaIntervention --format turtle
      kg describe british --format json-ld
    """
    from ..errors import UsageError
    from ..query.deadline import run as within_deadline
    from ..query.run import open_dataset
    from ..store.formats import check_base

    if timeout < 0:
        raise UsageError("--timeout must be 0 (no limit) or a number of seconds.")
    if with_bundled and not data_files:
        raise UsageError("--with-bundled adds the bundled graph to --data files: give --data.")
    if (data_format or base) and not data_files:
        raise UsageError(f"--{'data-format' if data_format else 'base'} applies to --data files.")
    store = open_dataset(data_files, data_format, with_bundled, base=check_base(base))
    advice = "allow more time (--timeout SECONDS, 0 for no limit)"
    if fmt == "text":
        from ..describe.entity import describe as gather
        from ..render.describe import render_text

        found = within_deadline(lambda budget: gather(store, term, budget.stop), timeout, term,
                                task="the description", advice=advice)
        click.echo(render_text(found), nl=False)
        return
    from ..describe.entity import subgraph
    from ..render.results import render_graph

    triples = within_deadline(lambda budget: subgraph(store, term, budget.stop), timeout, term,
                              task="the description", advice=advice)
    click.echo(render_graph(triples, fmt), nl=False)
