"""``kg queries`` and ``kg query``: list the bundled SPARQL queries and run them, or your own."""

from __future__ import annotations

import sys

import click

from ..errors import EXIT_FAILED_CHECKS, UsageError

_SELECT_HELP = "table, csv, tsv, json, jsonl, markdown, sparql-json, sparql-xml"


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
    from ..queries import catalog, load_file

    rows = []
    for name, path in catalog().items():
        query = load_file(path, name=name, require_header=True)
        rows.append((name, query.kind, query.title))
    width = max((len(r[0]) for r in rows), default=4)
    for name, kind, title in rows:
        click.echo(f"{name:<{width}}  {kind:<9}  {title}")


@queries.command("show")
@click.argument("name")
def show(name: str) -> None:
    """Print a bundled query: its header (title, parameters, columns) and its SPARQL.

    \b
    Example:
      kg queries show source_text
    """
    from ..queries import load_bundled

    query = load_bundled(name)
    click.echo(query.text, nl=not query.text.endswith("\n"))


def _resolve_query(query_arg: str | None, expression: str | None):
    from pathlib import Path

    from ..queries import from_text, load_bundled, load_file

    if expression is not None and query_arg is not None:
        raise UsageError("Give the query once: NAME, FILE.rq, - (stdin) or -e 'SPARQL'.")
    if expression is not None:
        return from_text(expression, source="query")
    if query_arg is None:
        raise UsageError("Which query? Give NAME (`kg queries` lists them), FILE.rq, - (stdin) "
                         "or -e 'SPARQL'.")
    if query_arg == "-":
        return from_text(sys.stdin.read(), source="stdin")
    looks_like_file = (query_arg.endswith((".rq", ".sparql", ".txt")) or "/" in query_arg
                       or "\\" in query_arg)
    if looks_like_file or Path(query_arg).is_file():
        return load_file(query_arg)
    return load_bundled(query_arg)


def _choose_format(fmt: str | None, output: str | None, form: str) -> str:
    """The output format: --format, else -o's extension, else by the kind of result."""
    from ..rdfio import lookup_format
    from ..render.results import ASK_FORMATS, SELECT_FORMATS, normalize_format
    from ..render.results import result_format_for_extension as results_ext

    graph = form in ("construct", "describe")
    if fmt is None and output:
        fmt = results_ext(output)
        if fmt is None:
            suffix = output.rsplit(".", 1)[-1] if "." in output else ""
            try:
                fmt = lookup_format(suffix).name if suffix else None
            except UsageError:
                fmt = None
        if fmt is None:
            raise UsageError(f"-o {output}: cannot tell the format from the extension; set "
                             "--format.")
    if fmt is None:
        if graph:
            return "turtle"
        if form == "ask":
            return "text"
        return "table" if sys.stdout.isatty() else "csv"
    if graph:
        if normalize_format(fmt) in SELECT_FORMATS:
            raise UsageError(f"--format {fmt}: a {form.upper()} query returns RDF; use an RDF "
                             "format (turtle, n-triples, n-quads, trig, json-ld, xml).")
        return lookup_format(fmt).name
    name = normalize_format(fmt)
    allowed = ASK_FORMATS if form == "ask" else SELECT_FORMATS
    if name not in allowed:
        raise UsageError(f"--format {fmt}: a {form.upper()} query's results can be written as "
                         f"{', '.join(allowed)}.")
    return name


@click.command("query")
@click.argument("query_arg", required=False, metavar="NAME|FILE.rq|-")
@click.option("-e", "--expression", metavar="SPARQL", help="The SPARQL query itself.")
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="Bind a parameter (repeatable). Typed by the query's header: IRIs take "
                   "CURIEs (kgr:Greece) or full IRIs. For a query without a header write "
                   "NAME:TYPE (iri, string, integer, decimal, boolean, date).")
@click.option("-f", "--format", "fmt", metavar="FMT",
              help=f"SELECT: {_SELECT_HELP} (default: table on a terminal, csv otherwise). "
                   "CONSTRUCT/DESCRIBE: turtle (default), n-triples, n-quads, trig, json-ld, xml. "
                   "ASK: text (default), sparql-json, sparql-xml.")
@click.option("-o", "--output", metavar="FILE",
              help="Write the results to FILE (atomically); the format follows its extension.")
@click.option("--data", "data_files", multiple=True, metavar="FILE",
              help="Query this RDF file instead of the bundled graph (repeatable; - is stdin).")
@click.option("--data-format", metavar="FMT",
              help="RDF format of the --data files (default: from each extension).")
@click.option("--with-bundled", is_flag=True, help="Query the --data files and the bundled graph.")
@click.option("--store", "store_dir", metavar="DIR", type=click.Path(file_okay=False),
              help="Query a persistent store made by `kg load` (opened read-only).")
@click.option("--endpoint", metavar="URL", help="Run the query on this SPARQL 1.1 endpoint.")
@click.option("--default-graph", "default_graphs", multiple=True, metavar="IRI",
              help="With --endpoint: a graph to use as the default graph (repeatable).")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="With --endpoint: seconds to wait for the answer.")
@click.pass_context
def query(ctx: click.Context, query_arg: str | None, expression: str | None,
          params: tuple[tuple[str, str], ...], fmt: str | None, output: str | None,
          data_files: tuple[str, ...], data_format: str | None, with_bundled: bool,
          store_dir: str | None, endpoint: str | None, default_graphs: tuple[str, ...],
          timeout: float) -> None:
    """Run a bundled query, a .rq file or a SPARQL text on the graph.

    The query is a bundled NAME (see `kg queries`), a FILE.rq, - for stdin, or -e 'SPARQL'.
    The project prefixes (kg:, kgr:, rdfs:, skos:, wd:, ...) are declared for you. Parameters
    (-p NAME VALUE) are bound as RDF terms, never pasted into the query text, so any value is
    safe. By default the query runs on the bundled graph (ontology, article and links; the
    default graph is their union); --data queries your files instead, --store a store made by
    `kg load`, --endpoint any SPARQL 1.1 endpoint.

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
    from ..queries import bind
    from ..rdfio import atomic_write
    from ..render.results import render_boolean, render_graph, render_select
    from ..sparql import open_dataset, run_local, run_remote

    if endpoint and (data_files or store_dir or with_bundled):
        raise UsageError("--endpoint runs the query remotely: it cannot be combined with "
                         "--data, --store or --with-bundled.")
    if store_dir and (data_files or with_bundled):
        raise UsageError("--store cannot be combined with --data or --with-bundled "
                         "(the store is opened read-only).")
    if with_bundled and not data_files:
        raise UsageError("--with-bundled adds the bundled graph to --data files: give --data.")
    if default_graphs and not endpoint:
        raise UsageError("--default-graph applies to --endpoint only.")
    if query_arg == "-" and "-" in data_files:
        raise UsageError("stdin can hold the query or the data, not both.")
    if data_format and not data_files:
        raise UsageError("--data-format applies to --data files.")

    the_query = _resolve_query(query_arg, expression)
    form = the_query.kind
    out_format = _choose_format(fmt, output, "select" if form == "check" else form)
    bindings = bind(the_query, list(params))

    if endpoint:
        result = run_remote(endpoint, the_query, bindings, timeout=timeout,
                            default_graphs=default_graphs)
    else:
        store = open_dataset(data_files, data_format, with_bundled, store_dir)
        result = run_local(store, the_query, bindings)

    if result.form == "select":
        data = render_select(result.variables, result.rows, out_format).encode("utf-8")
    elif result.form == "ask":
        data = render_boolean(bool(result.boolean), out_format).encode("utf-8")
    else:
        if out_format not in _rdf_format_names():
            out_format = "turtle"
        data = render_graph(result.triples, out_format)
    if output:
        atomic_write(output, data)
    else:
        click.echo(data, nl=False)

    if result.form == "ask" and not result.boolean:
        ctx.exit(EXIT_FAILED_CHECKS)
    if form == "check" and result.rows:
        ctx.exit(EXIT_FAILED_CHECKS)


def _rdf_format_names() -> list[str]:
    from ..rdfio import format_names

    return format_names()
