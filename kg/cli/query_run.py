"""The body of ``kg query``, shared by the Click command and the Click-free fast path.

No Click here: :mod:`kg.cli.fast` runs this on every plain ``kg query NAME`` start, so the two
ways in compute exactly the same bytes and exit code.
"""

from __future__ import annotations

import sys

from ..errors import EXIT_FAILED_CHECKS, EXIT_OK, UsageError


def resolve_query(query_arg: str | None, expression: str | None):
    """The query to run: bundled NAME, FILE.rq, ``-`` (stdin) or ``-e`` text."""
    import os

    from ..query.catalog import from_text, load_bundled, load_file

    if expression is not None and query_arg is not None:
        raise UsageError("Give the query once: NAME, FILE.rq, - (stdin) or -e 'SPARQL'.")
    if expression is not None:
        return from_text(expression, source="query")
    if query_arg is None:
        raise UsageError("Which query? Give NAME (`kg queries` lists them), FILE.rq, - (stdin) "
                         "or -e 'SPARQL'.")
    if query_arg == "-":
        from ..store.formats import read_input
        from ..store.guard import MAX_QUERY_BYTES

        text = read_input("-", MAX_QUERY_BYTES, what="query").decode("utf-8", errors="replace")
        return from_text(text, source="stdin")
    looks_like_file = (query_arg.endswith((".rq", ".sparql", ".txt")) or "/" in query_arg
                       or "\\" in query_arg)
    if looks_like_file or os.path.isfile(query_arg):
        return load_file(query_arg)
    return load_bundled(query_arg)


def choose_format(fmt: str | None, output: str | None, form: str) -> str:
    """The output format: --format, else -o's extension, else by the kind of result."""
    from ..render.results import ASK_FORMATS, SELECT_FORMATS, normalize_format
    from ..render.results import result_format_for_extension as results_ext
    from ..store.formats import lookup_format
    from .output import require_format_on_stdout

    graph = form in ("construct", "describe")
    require_format_on_stdout(output, fmt)
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
        from ..render.results import default_select_format

        return default_select_format(sys.stdout.isatty())
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


def _print_notes(notes: list[str]) -> None:
    """What kg chose for the user (an inferred parameter type), on stderr."""
    for note in notes:
        sys.stderr.write(f"kg: note: {note}\n")


def run_query(query_arg: str | None = None, expression: str | None = None,
              params: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (),
              fmt: str | None = None, output: str | None = None,
              data_files: tuple[str, ...] | list[str] = (), data_format: str | None = None,
              with_bundled: bool = False, store_dir: str | None = None,
              endpoint: str | None = None, default_graphs: tuple[str, ...] = (),
              timeout: float = 60.0, allowed_services: tuple[str, ...] = (),
              base: str | None = None) -> tuple[bytes | None, int]:
    """Run a query as ``kg query`` does; return the bytes for stdout (None when they went to
    ``output``) and the exit code (1 when an ASK is false or a check query found problems)."""
    from ..query.binding import bind
    from ..query.run import open_dataset, run_local, run_remote
    from ..render.results import render_boolean, render_graph, render_select
    from ..store.formats import check_base, format_names
    from .output import to_stdout, write_output

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
    if timeout is not None and timeout < 0:
        raise UsageError("--timeout must be 0 (no limit) or a number of seconds.")
    if (data_format or base) and not data_files:
        raise UsageError(f"--{'data-format' if data_format else 'base'} applies to --data files.")

    the_query = resolve_query(query_arg, expression)
    form = the_query.kind
    out_format = choose_format(fmt, output, "select" if form == "check" else form)
    notes: list[str] = []
    if endpoint:
        bindings = bind(the_query, list(params), notes=notes)
        _print_notes(notes)
        result = run_remote(endpoint, the_query, bindings, timeout=timeout,
                            default_graphs=default_graphs, allowed_services=allowed_services)
    else:
        store = open_dataset(data_files, data_format, with_bundled, store_dir,
                             base=check_base(base))
        def by_label(label: str) -> str:  # imported only when a parameter names a label
            from ..query.resolve import resolve_label

            return resolve_label(store, label)

        bindings = bind(the_query, list(params), notes=notes, resolve_label=by_label)
        _print_notes(notes)
        result = run_local(store, the_query, bindings, allowed_services, timeout)
        if store.lexical.changed:  # SPARQL sees values: say which literals it saw rewritten
            from ..store.lexical import describe_changes

            sys.stderr.write(f"kg: note: the query engine holds "
                             f"{describe_changes(store.lexical.changed)}; it compares values, "
                             "results show a value as written when the data writes it one way, "
                             "kg export and kg validate keep every form\n")

    if result.form == "select":
        data = render_select(result.variables, result.rows, out_format).encode("utf-8")
    elif result.form == "ask":
        data = render_boolean(bool(result.boolean), out_format).encode("utf-8")
    else:
        if out_format not in format_names():
            out_format = "turtle"
        data = render_graph(result.triples, out_format)
    failed = ((result.form == "ask" and not result.boolean)
              or (form == "check" and bool(result.rows)))
    code = EXIT_FAILED_CHECKS if failed else EXIT_OK
    if not to_stdout(output):
        write_output(output, data)
        return None, code
    return data, code
