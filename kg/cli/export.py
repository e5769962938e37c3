"""``kg export``: the graph in any RDF format, named graphs kept, the same bytes every time."""

from __future__ import annotations

import click

from .declare import click_params
from .options import EXPORT_OPTIONS


@click.command("export")
@click_params(None, EXPORT_OPTIONS)
def export(fmt: str | None, output: str | None, graphs: tuple[str, ...], print_context: bool,
           frame_file: str | None, allow_remote_context: bool, data_files: tuple[str, ...],
           data_format: str | None, with_bundled: bool, base: str | None) -> None:
    """Export the graph in any RDF format, byte for byte reproducible.

    Writes the bundled graph (or your --data files) as Turtle, JSON-LD, N-Triples, N-Quads,
    TriG or RDF/XML. Blank nodes are named by W3C RDF canonicalization (RDFC-1.0) and the
    statements sorted, so the same graph always gives the same bytes and diffs in version
    control are meaningful. TriG, N-Quads and JSON-LD keep the named graphs (the article, the
    links, the facts from Wikidata, the ontology); Turtle, N-Triples and RDF/XML merge the
    graphs you select. JSON-LD is compacted with the context shipped in kg (`kg export
    --context` prints it) and never fetches a remote context.

    \b
    Example:
      kg export -o war.ttl --graph article
      kg export -o war.trig
      kg export --format json-ld --graph article --graph links > war.jsonld
      echo '{"@context": {"kg": "https://w3id.org/conflict-kg/ontology#"},
            "@type": "kg:Campaign"}' > campaigns-frame.json
      kg export --format json-ld --frame campaigns-frame.json
    """
    if print_context:
        from ..export.serialize import context_path

        with open(context_path(), encoding="utf-8") as handle:
            click.echo(handle.read(), nl=False)
        return
    from .export_run import run_export

    data = run_export(fmt, output, graphs, frame_file, allow_remote_context, data_files,
                      data_format, with_bundled, base)
    if data is not None:
        click.echo(data, nl=False)
