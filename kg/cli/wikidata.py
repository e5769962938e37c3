"""``kg wikidata``: fetch facts about the linked items into a local cache; run federated queries."""

from __future__ import annotations

import click

from ..wikidata.config import DEFAULT_LINKS_FILE
from . import complete

_links_option = click.option(
    "--links", "links_file", default=DEFAULT_LINKS_FILE, show_default=True, metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Your links file from `kg link` (used when it exists), besides the curated links.")
_cache_option = click.option(
    "--cache", "cache_path", metavar="FILE", type=click.Path(dir_okay=False),
    help="The cache file [env KG_CACHE_DIR/wikidata.nq; default "
         "$XDG_CACHE_HOME/kg/wikidata.nq].")
_endpoint_option = click.option(
    "--wikidata-endpoint", "endpoint", metavar="URL",
    help="SPARQL endpoint [env KG_WIKIDATA_ENDPOINT; default the Wikidata Query Service].")
_timeout_option = click.option("--timeout", type=float, default=60.0, show_default=True,
                               help="Seconds to wait for each answer.")


@click.group("wikidata")
def wikidata():
    """Facts from Wikidata about the linked items, cached for offline use.

    `kg wikidata fetch` asks the Wikidata endpoint, in a few batched queries, for the facts the
    federated queries need about every linked item (coordinates, inception and dissolution,
    dates, parts) and keeps them in a local cache file with their provenance.
    `kg wikidata query NAME` answers a federated query from the article joined with that
    cache: no network once the cache exists.

    \b
    Example:
      kg wikidata fetch
      kg wikidata query place_coordinates --format csv
      kg wikidata query            # lists the federated queries
    """


def _linked_qids(links_file) -> list[str]:
    from ..resources import data_dir
    from ..wikidata.links import read_links

    links = read_links(data_dir() / "links.ttl", missing_ok=True) + \
        read_links(links_file, missing_ok=True)
    return sorted({link.qid for link in links if link.is_link}, key=lambda q: int(q[1:]))


def _fetch(endpoint, timeout, qids, path):
    from ..wikidata import cache
    from ..wikidata.config import endpoint as resolve
    from ..wikidata.http import SparqlClient

    client = SparqlClient(resolve(endpoint), timeout=timeout)
    quads = cache.fetch(client, qids)
    cache.write(path, quads)
    return cache.info(path), client.requests_sent


@wikidata.command("fetch")
@click.option("--refresh", is_flag=True, help="Fetch again even if the cache is up to date.")
@_links_option
@_cache_option
@_endpoint_option
@_timeout_option
def fetch_command(refresh, links_file, cache_path, endpoint, timeout):
    """Fetch facts about the linked Wikidata items into the local cache.

    Sends a few batched SPARQL queries (standard SPARQL 1.1, Wikidata's RDF layout) and writes
    the answers, with where and when they came from, to the cache file in one go: if the
    endpoint fails half-way, the old cache is left as it was. Without --refresh, nothing is
    fetched when the cache already covers every linked item.

    \b
    Example:
      kg wikidata fetch
      kg wikidata fetch --refresh --cache ./wikidata.nq
    """
    from ..wikidata import cache
    from ..wikidata.config import cache_file

    path = cache_file(cache_path)
    qids = _linked_qids(links_file)
    current = cache.info(path)
    if current and not refresh and set(qids) <= current.subjects:
        click.echo(f"{path}: up to date ({len(current.subjects)} items, {current.quads} facts "
                   f"from {current.endpoint} at {current.generated}); --refresh fetches again")
        return
    fresh, requests = _fetch(endpoint, timeout, qids, path)
    click.echo(f"{path}: {fresh.quads} facts about {len(fresh.subjects)} linked items and their "
               f"parts, from {fresh.endpoint} in {requests} requests")


@wikidata.command("query")
@click.argument("name", required=False, shell_complete=complete.federated_names)
@click.option("-f", "--format", "fmt", metavar="FMT", shell_complete=complete.select_formats,
              help="table, csv, tsv, json, jsonl, markdown, sparql-json or sparql-xml "
                   "(default: table on a terminal, csv otherwise, as `kg query`).")
@click.option("--refresh", is_flag=True, help="Fetch the cache again before answering.")
@click.option("--offline", is_flag=True, help="Never contact the endpoint: answer from the cache.")
@click.option("--allow-service", is_flag=True,
              help="Let a query with a SPARQL SERVICE clause contact the server it names.")
@_links_option
@_cache_option
@_endpoint_option
@_timeout_option
def query_command(name, fmt, refresh, offline, allow_service, links_file, cache_path, endpoint,
                  timeout):
    """Answer a federated query: the article joined with facts from Wikidata.

    NAME is a bundled federated query (run without NAME to list them) or a .rq file of yours.
    The Wikidata side comes from the local cache; it is fetched first when missing or when it
    lacks a linked item (unless --offline). If the endpoint cannot be reached and a cache
    exists, the query is answered from the cache and a note says so.

    \b
    Example:
      kg wikidata query state_lifespans
      kg wikidata query place_coordinates --format csv > places.csv
      kg wikidata query campaign_parts --offline
    """
    import sys

    from ..errors import EndpointError, UsageError
    from ..render.results import default_select_format, normalize_format, render_select
    from ..wikidata import cache, federate
    from ..wikidata.config import cache_file

    if not name:
        for query_name in federate.names():
            click.echo(f"{query_name:20} {federate.load(query_name).title}")
        return
    if offline and refresh:
        raise UsageError("--offline and --refresh cannot be used together.")
    fmt = normalize_format(fmt) if fmt else default_select_format(sys.stdout.isatty())
    query = federate.load(name)
    path = cache_file(cache_path)
    current = cache.info(path)
    qids = _linked_qids(links_file)
    stale = current is None or not set(qids) <= current.subjects
    if not offline and (refresh or stale):
        try:
            current, _ = _fetch(endpoint, timeout, qids, path)
        except EndpointError as exc:
            if current is None or refresh:
                raise
            click.echo(f"kg: note: {exc}; answering from the cache of {current.generated}",
                       err=True)
    if current is None:
        raise EndpointError(f"no Wikidata cache at {path}: run `kg wikidata fetch` while online")
    missing = set(qids) - current.subjects
    if missing:
        click.echo(f"kg: note: {len(missing)} linked item(s) are not in the cache "
                   f"({', '.join(sorted(missing))}); `kg wikidata fetch` adds them", err=True)
    store = federate.build_store(links_file, path)
    result = federate.run(store, query, allow_service=allow_service)
    if result.form != "select":
        raise UsageError(f"{query.source} is not a SELECT query; use `kg query` for it.")
    click.echo(render_select(result.variables, result.rows, fmt), nl=False)
