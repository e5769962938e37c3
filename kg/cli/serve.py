"""``kg serve``: the graph on the web, read-only: entity pages, the source, SPARQL, conneg."""

from __future__ import annotations

import click

DEFAULT_BIND = "127.0.0.1:8000"


def parse_bind(value: str) -> tuple[str, int]:
    """``HOST:PORT``, ``[IPv6]:PORT`` or ``PORT`` (on 127.0.0.1).

    >>> parse_bind("8080"), parse_bind("[::1]:0"), parse_bind("0.0.0.0:80")
    (('127.0.0.1', 8080), ('::1', 0), ('0.0.0.0', 80))
    """
    from ..errors import UsageError

    text = value.strip()
    if text.isdigit():
        host, port = "127.0.0.1", text
    elif text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.lstrip(":")
    else:
        host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UsageError(f"--bind {value!r}: give HOST:PORT, such as 127.0.0.1:8000 "
                         "(port 0 picks a free one)")
    return host, int(port)


@click.command("serve")
@click.option("--data", "data_files", multiple=True, metavar="FILE",
              help="Serve these RDF files instead of the bundled graph (repeatable).")
@click.option("--data-format", metavar="FMT", help="RDF format of the --data files.")
@click.option("--with-bundled", is_flag=True, help="Serve the --data files and the bundled graph.")
@click.option("--store", "store_dir", metavar="DIR", help="Serve a store made by `kg load`.")
@click.option("--endpoint", metavar="URL",
              help="Serve the pages and the endpoint over an external SPARQL 1.1 store.")
@click.option("--bind", default=DEFAULT_BIND, show_default=True, metavar="HOST:PORT",
              help="Where to listen (port 0: a free port). Loopback unless told otherwise.")
@click.option("--base-url", metavar="URL",
              help="The public address of a deployment (its path prefixes every link).")
@click.option("--timeout", type=click.FloatRange(min=0.05), default=10.0, show_default=True,
              help="Seconds a query may run before it is stopped; with --endpoint, each "
                   "request to it, the whole request (name lookup, redirects and the full "
                   "answer).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Result rows (or triples) per answer; the cap is announced, never silent.")
@click.option("--max-body", type=click.IntRange(min=1024), default=1_000_000, show_default=True,
              help="Largest request body in bytes (larger ones get 413).")
@click.option("--max-connections", type=click.IntRange(min=1), default=256, show_default=True,
              help="Open connections at once (one thread each); more get 503.")
@click.option("--allow-service", multiple=True, metavar="HOST",
              help="Allow SPARQL SERVICE calls to this host or HOST:PORT (repeatable).")
@click.option("--cors", is_flag=True, help="Let pages on other sites call this server (CORS).")
@click.option("--workers", type=click.IntRange(min=1, max=32), default=2, show_default=True,
              help="Query worker processes.")
@click.option("--processes", type=click.IntRange(min=1, max=32), default=1, show_default=True,
              help="HTTP processes: the first hands connections round to the others, each "
                   "opening the data itself (--data: one copy each), with its own --workers and "
                   "caches; one per core for throughput.")
@click.option("--cache-mb", type=click.IntRange(min=0), default=64, show_default=True,
              help="Megabytes of answers kept for repeat queries (0: no cache).")
@click.option("--log", is_flag=True, help="Log every request on stderr.")
def serve(data_files, data_format, with_bundled, store_dir, endpoint, bind, base_url, timeout,
          max_rows, max_body, max_connections, allow_service, cors, workers, processes, cache_mb,
          log) -> None:
    """Serve the graph as linked data: pages for people, SPARQL and RDF for programs.

    With no option it serves the bundled graph from memory, read-only, on 127.0.0.1:8000.
    Every IRI of the data has a page at the path its IRI implies (/id/Greece for
    https://w3id.org/conflict-kg/id/Greece) with each fact in the source's words, its named
    graph, its Wikidata links and the validation warnings about it; the same path answers
    Turtle, JSON-LD, N-Triples or RDF/XML by Accept or ?format=. /source shows the article with
    every cited passage highlighted, /ontology documents the vocabulary, /query runs SPARQL
    from a form, /sparql is a SPARQL 1.1 Protocol endpoint. No update, no LOAD, SERVICE only
    to hosts you allow; each query stops at --timeout while the server keeps answering.
    Ctrl-C or SIGTERM stops it.

    \b
    Example:
      kg serve
      kg serve --store war.db --bind 0.0.0.0:8080 --base-url https://kg.example.org/
      curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/Greece
    """
    from ..errors import KgError, UsageError
    from ..serve.context import Context, Settings
    from ..serve.server import is_loopback
    from ..serve.server import serve as run

    if sum(bool(x) for x in (data_files, store_dir, endpoint)) > 1:
        raise UsageError("give one of --data, --store and --endpoint")
    if with_bundled and not data_files:
        raise UsageError("--with-bundled adds the bundled graph to --data files: give --data.")
    if data_format and not data_files:
        raise UsageError("--data-format applies to --data files.")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise UsageError(f"--base-url {base_url!r}: give an http:// or https:// URL")
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise UsageError(f"--endpoint {endpoint!r}: give the http:// or https:// URL of a "
                         "SPARQL query service")
    host, port = parse_bind(bind)
    settings = Settings(host=host, port=port, base_url=base_url, data=tuple(data_files),
                        data_format=data_format, with_bundled=with_bundled, store=store_dir,
                        endpoint=endpoint, timeout=timeout, max_rows=max_rows,
                        max_body=max_body, max_connections=max_connections,
                        allow_service=tuple(allow_service), cors=cors,
                        workers=workers, processes=processes, cache_mb=cache_mb, log=log)
    ctx = Context(settings)

    def ready(url: str) -> None:
        count = ctx.triple_count()
        size = f" ({count:,} triples)" if count is not None else ""
        say = lambda text: click.echo(f"kg serve: {text}", err=True)  # noqa: E731
        say(f"serving {settings.describe_source()}{size}, read-only, at {url}")
        if is_loopback(host):
            say(f"listening on loopback only ({host}): other machines cannot connect "
                f"(--bind 0.0.0.0:{port or 8000} opens it to the network)")
        else:
            say(f"listening on {host}: other machines can connect")
        if processes > 1:
            say(f"{processes} HTTP processes share the connections, each with its own "
                f"{workers} query worker{'s' if workers > 1 else ''}")
        public = f" (public address {base_url})" if base_url else ""
        say(f"SPARQL endpoint {url}sparql{public}; queries stop after {timeout:g} s and "
            f"return at most {max_rows:,} rows; Ctrl-C stops the server")

    try:
        run(ctx, on_ready=ready)
    except OSError as exc:
        ctx.close()
        raise KgError(f"cannot listen on {bind}: {exc.strerror or exc}") from None
    click.echo("kg serve: stopped", err=True)
