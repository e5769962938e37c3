"""``kg info``: what is bundled (ontology version, graphs, classes, source document and licence)."""

from __future__ import annotations

import click


@click.command("info")
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True, help="Text for people or JSON.")
def info(output_format: str) -> None:
    """Show what is bundled: ontology version, graphs, classes, source and licence.

    Reads everything from the bundled graph itself: the ontology's IRI, version IRI and
    owl:versionInfo; the triples in each named graph; how many instances each class of the
    ontology has (typed directly, and counting subclasses); and the source document the
    article was encoded from, with its licence and the attribution it requires.

    \b
    Example:
      kg info
      kg info --format json
    """
    from ..render.info import render
    from ..store.inventory import bundle_info

    click.echo(render(bundle_info(), output_format), nl=False)
