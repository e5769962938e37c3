"""``kg queries`` and ``kg query``: list the bundled SPARQL queries and run them, or your own."""

from __future__ import annotations

import click

from . import complete
from .declare import click_params
from .options import QUERY_ARGUMENT, QUERY_OPTIONS


@click.group("queries", invoke_without_command=True)
@click.pass_context
def queries(ctx: click.Context) -> None:
    """List the bundled SPARQL queries (name, kind, title).

    Each bundled query is a .rq file with a header saying what it answers, its parameters and
    the columns it returns. `kg queries show NAME` prints the file; `kg query NAME` runs it.
    Kinds: select (a table), check (a table of problems: exit 1 when there are any), ask
    (true or false: exit 0 or 1), construct (RDF).

    \b
    Example:
      kg queries
      kg queries show casualty_totals
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..query.catalog import catalog, load_file

    rows = []
    for name, path in catalog().items():
        query = load_file(path, name=name, require_header=True)
        rows.append((name, query.kind, query.title))
    width = max((len(r[0]) for r in rows), default=4)
    for name, kind, title in rows:
        click.echo(f"{name:<{width}}  {kind:<9}  {title}")


@queries.command("show")
@click.argument("name", shell_complete=complete.query_names)
def show(name: str) -> None:
    """Print a bundled query: its header (title, parameters, columns) and its SPARQL.

    \b
    Example:
      kg queries show source_text
    """
    from ..query.catalog import load_bundled

    query = load_bundled(name)
    click.echo(query.text, nl=not query.text.endswith("\n"))


@click.command("query")
@click_params(QUERY_ARGUMENT, QUERY_OPTIONS)
@click.pass_context
def query(ctx: click.Context, query_arg: str | None, expression: str | None,
          params: tuple[tuple[str, str], ...], fmt: str | None, output: str | None,
          data_files: tuple[str, ...], data_format: str | None, with_bundled: bool,
          store_dir: str | None, endpoint: str | None, default_graphs: tuple[str, ...],
          timeout: float, allowed_services: tuple[str, ...], base: str | None) -> None:
    """Run a bundled query, a .rq file or a SPARQL text on the graph.

    The query is a bundled NAME (see `kg queries`), a FILE.rq, - for stdin, or -e 'SPARQL'.
    The project prefixes (kg:, kgr:, rdfs:, skos:, wd:, ...) are declared for you. Parameters
    (-p NAME VALUE) are bound as RDF terms, never pasted into the query text, so any value is
    safe. By default the query runs on the bundled graph (ontology, article and links; the
    default graph is their union); --data queries your files instead, --store a store made by
    `kg load`, --endpoint any SPARQL 1.1 endpoint. A SERVICE clause, which would send part
    of the query to another server, is refused unless --allow-service names its host. A local
    query stops at --timeout or on Ctrl-C; a result too large for memory is refused.

    \b
    Exit status:
      0  ran (ASK: true; check queries: no problem found)
      1  ASK answered false, or a check query found problems
      2  usage error: unknown query or format, unknown or missing parameter
      3  could not run: syntax error (query:line:col), unreadable data, endpoint down

    \b
    Example:
      kg query casualty_totals
      kg query source_text -p entity kgr:UnitedKingdom --format markdown
      kg query -e 'SELECT ?s WHERE { ?s a kg:Campaign }' --format json
      kg query timeline --endpoint http://localhost:7878/query
    """
    from .query_run import run_query

    data, code = run_query(query_arg, expression, params, fmt, output, data_files, data_format,
                           with_bundled, store_dir, endpoint, default_graphs, timeout,
                           allowed_services, base)
    if data is not None:
        click.echo(data, nl=False)
    if code:
        ctx.exit(code)
