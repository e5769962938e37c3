"""``kg export``: the graph in any RDF format, named graphs kept, the same bytes every time."""

from __future__ import annotations

import click

from . import complete


@click.command("export")
@click.option("-f", "--format", "fmt", metavar="FMT", shell_complete=complete.rdf_formats,
              help="turtle, json-ld, n-triples, n-quads, trig or xml (a name, extension or MIME "
                   "type). Default: from -o's extension; turtle on stdout.")
@click.option("-o", "--output", metavar="FILE",
              help="Write to FILE (atomically: never half-written); - is stdout.")
@click.option("-g", "--graph", "graphs", multiple=True, metavar="NAME",
              help="article, links, provenance, wikidata, ontology, default, all (the default) "
                   "or a graph IRI; repeatable.")
@click.option("--context", "print_context", is_flag=True,
              help="Print the JSON-LD context that ships with kg, and stop.")
@click.option("--frame", "frame_file", metavar="FILE",
              help="Frame the JSON-LD output with this JSON-LD frame (implies --format json-ld).")
@click.option("--allow-remote-context", is_flag=True,
              help="Let a --frame that names a remote @context fetch it (off by default).")
@click.option("--data", "data_files", multiple=True, metavar="FILE",
              help="Export these RDF files instead of the bundled graph (repeatable).")
@click.option("--data-format", metavar="FMT", help="RDF format of the --data files.")
@click.option("--with-bundled", is_flag=True, help="Export the --data files and the bundled graph.")
def export(fmt: str | None, output: str | None, graphs: tuple[str, ...], print_context: bool,
           frame_file: str | None, allow_remote_context: bool, data_files: tuple[str, ...],
           data_format: str | None, with_bundled: bool) -> None:
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
                      data_format, with_bundled)
    if data is not None:
        click.echo(data, nl=False)
