"""``kg entities``: list and search the graph's entities by label and type, with counts."""

from __future__ import annotations

import click


@click.command("entities")
@click.argument("text", required=False, default="")
@click.option("-t", "--type", "type_", metavar="CLASS",
              help="Only entities of this class or its subclasses: a CURIE (kg:Campaign) or a "
                   "class label (campaign).")
@click.option("-n", "--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Show at most this many (0: all); the last line says how many matched.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "csv", "json"]),
              default="text", show_default=True, help="text for people; csv or json for tools.")
@click.option("--data", "data_files", multiple=True, metavar="FILE",
              help="Look in these RDF files instead of the bundled graph (repeatable).")
@click.option("--data-format", metavar="FMT", help="RDF format of the --data files.")
@click.option("--with-bundled", is_flag=True,
              help="Look in the --data files and the bundled graph.")
def entities(text: str, type_: str | None, limit: int, fmt: str, data_files: tuple[str, ...],
             data_format: str | None, with_bundled: bool) -> None:
    """List and search the graph's entities by label and type, with counts.

    TEXT matches anywhere in a label, whatever its case ("intervention" finds all six
    interventions); without TEXT every labelled entity is listed. Text spans, inferences and
    link records are left out. The last line always says how many entities matched and, when
    --limit cut the list, how many are shown (in csv and json that line goes to stderr). Names
    listed here work in `kg describe` and as -p values of `kg query`.

    \b
    Example:
      kg entities intervention
      kg entities --type kg:State
      kg entities --type campaign --format csv
    """
    import json
    import sys

    from ..errors import UsageError
    from ..namespaces import compact
    from ..query.binding import looks_like_iri, to_term
    from ..query.resolve import resolve_label, search
    from ..query.run import open_dataset

    if with_bundled and not data_files:
        raise UsageError("--with-bundled adds the bundled graph to --data files: give --data.")
    if data_format and not data_files:
        raise UsageError("--data-format applies to --data files.")
    store = open_dataset(data_files, data_format, with_bundled)
    type_iri = None
    if type_:
        type_iri = (to_term(type_, "iri").value if looks_like_iri(type_)
                    else resolve_label(store, type_, what="--type"))
    found = search(store, text, type_iri, limit=limit or None)
    shown = len(found.matches)
    noun = "entity" if found.total == 1 else "entities"
    summary = (f"{shown} of {found.total} {noun} shown; --limit 0 lists all" if shown < found.total
               else f"{found.total} {noun}")
    rows = [(compact(m.iri), m.label, ", ".join(m.types)) for m in found.matches]
    if fmt == "json":
        click.echo(json.dumps([{"entity": m.iri, "label": m.label, "types": list(m.types)}
                               for m in found.matches], ensure_ascii=False, indent=2))
        click.echo(summary, err=True)
        return
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["entity", "label", "types"])
        writer.writerows((m.iri, m.label, "|".join(m.types)) for m in found.matches)
        sys.stdout.write(buffer.getvalue())
        click.echo(summary, err=True)
        return
    if rows:
        widths = [max(len(r[i]) for r in rows) for i in range(2)]
        for entity, label, types in rows:
            click.echo(f"{entity:<{widths[0]}}  {label:<{widths[1]}}  {types}".rstrip())
    click.echo(f"({summary})")
