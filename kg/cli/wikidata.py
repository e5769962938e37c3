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
_timeout_option = click.option(
    "--timeout", type=float, default=60.0, show_default=True,
    help="Seconds for each request to the endpoint, the whole request (name lookup, redirects, "
         "retries and the full answer); a batch that runs out of time is tried once more in "
         "halves. `kg wikidata query` also stops its local query after this long.")


@click.group("wikidata")
def wikidata():
    """Facts from Wikidata about the linked items, cached for offline use.

    `kg wikidata fetch` asks the Wikidata endpoint, in a few batched queries, for the facts the
    federated queries need about every linked item (coordinates, inception and dissolution,
    dates, parts) and keeps them in a local cache file with their provenance.
    `kg wikidata query NAME` answers a federated query from the article joined with that
    cache: no network once the cache exists. `kg wikidata diff` compares the article's
    statements with Wikidata's and proposes the missing ones as QuickStatements.

    \b
    Example:
      kg wikidata fetch
      kg wikidata query place_coordinates --format csv
      kg wikidata query            # lists the federated queries
      kg wikidata diff --format quickstatements
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
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST",
              help="Let a SPARQL SERVICE clause reach HOST (or HOST:PORT); repeatable. Other "
                   "SERVICE clauses are refused.")
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
    federate.check_service(query, allow_service)
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
    result = federate.run(store, query, allowed_services=allow_service, timeout=timeout)
    if result.form != "select":
        raise UsageError(f"{query.source} is not a SELECT query; use `kg query` for it.")
    click.echo(render_select(result.variables, result.rows, fmt), nl=False)


@wikidata.command("diff")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "json", "quickstatements"]),
              help="table, csv or json: every statement with its status; quickstatements: the "
                   "missing statements only, as QuickStatements v1 lines.")
@click.option("--status", "statuses", multiple=True, metavar="STATUS",
              type=click.Choice(["missing", "disagrees", "unreferenced", "agrees", "held"]),
              help="Show only rows with this status: missing, disagrees, unreferenced, agrees "
                   "or held (repeatable).")
@click.option("--review", "review_file", metavar="FILE.csv|FILE.json",
              type=click.Path(dir_okay=False),
              help="Write the missing and held statements to FILE for a person to review.")
@click.option("--accept", "accept_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Take back a reviewed FILE: QuickStatements for its accepted rows only.")
@click.option("-o", "--output", metavar="FILE", help="Write the result to FILE (- is stdout).")
@click.option("--refresh", is_flag=True, help="Fetch Wikidata's statements again first.")
@click.option("--offline", is_flag=True, help="Never contact the endpoint: use the cache.")
@_links_option
@_cache_option
@_endpoint_option
@_timeout_option
def diff_command(fmt, statuses, review_file, accept_file, output, refresh, offline, links_file,
                 cache_path, endpoint, timeout):
    """Compare what the article states with what Wikidata holds, statement by statement.

    For every item the graph links (curated links plus your links file), each statement the
    article supports in Wikidata's terms (part of, has part, location, participants, start and
    end time with their precision, deaths, injured, missing, strength) is compared with
    Wikidata's statements: missing, agrees, disagrees (both values shown), unreferenced, or
    held (a lower bound such as 938+, a figure with no party: a person decides). Each row
    carries the article's own words. Wikidata's statements are fetched in batches and cached
    beside the federation cache. Nothing is ever uploaded: --format quickstatements prints
    QuickStatements v1 lines, each referenced as imported from English Wikipedia (P143 Q328)
    with the article as Wikimedia import URL (P4656), for a person to check and submit.

    \b
    Example:
      kg wikidata diff
      kg wikidata diff --format quickstatements > add.qs
      kg wikidata diff --review review.csv       # fill in 'decision': accept or reject
      kg wikidata diff --accept review.csv -o add.qs
    """
    from ..errors import UsageError

    if offline and refresh:
        raise UsageError("--offline and --refresh cannot be used together.")
    if review_file and accept_file:
        raise UsageError("--review and --accept cannot be used together.")
    if accept_file and fmt not in ("table", "quickstatements"):
        raise UsageError("--accept writes QuickStatements; leave out --format.")
    found, rows, snapshot = _diff(links_file, cache_path, endpoint, timeout, refresh, offline)
    if review_file:
        _write_review(rows, found.article_url, review_file)
    elif accept_file:
        _accept_review(rows, found.article_url, accept_file, output)
    else:
        _show(rows, found, snapshot, fmt, statuses, output)


def _diff(links_file, cache_path, endpoint, timeout, refresh, offline):
    from ..errors import EndpointError
    from ..wikidata import cache, claims, diff, federate, statements
    from ..wikidata.config import cache_file
    from ..wikidata.config import endpoint as resolve
    from ..wikidata.http import SparqlClient

    found = claims.collect(federate.build_store(links_file, None))
    qids = sorted({claim.item for claim in found.claims}, key=lambda q: int(q[1:]))
    path = statements.statements_file(cache_file(cache_path))
    snapshot = statements.read(path)
    stale = snapshot is None or not set(qids) <= snapshot.subjects
    if not offline and (refresh or stale):
        try:
            client = SparqlClient(resolve(endpoint), timeout=timeout)
            cache.write(path, statements.fetch(client, qids))   # atomic: all or nothing
            snapshot = statements.read(path)
        except EndpointError as exc:
            if snapshot is None or refresh:
                raise
            click.echo(f"kg: note: {exc}; comparing with the cache of {snapshot.generated}",
                       err=True)
    if snapshot is None:
        raise EndpointError(f"no cache of Wikidata's statements at {path}: run "
                            "`kg wikidata diff` once while online")
    missing = set(qids) - snapshot.subjects
    if missing:
        click.echo(f"kg: note: {len(missing)} linked item(s) are not in the cache "
                   f"({', '.join(sorted(missing))}): not compared until --refresh fetches them",
                   err=True)
    # what Wikidata says about an item never fetched is unknown, not absent: never propose it
    known = [claim for claim in found.claims if claim.item in snapshot.subjects]
    return found, diff.compare(known, snapshot.statements), snapshot


def _show(rows, found, snapshot, fmt, statuses, output):
    from ..render.diff import render_rows
    from ..wikidata import quickstatements
    from ..wikidata.diff import counts
    from .output import write_output

    if fmt == "quickstatements":
        proposed = [row.claim for row in rows if row.status == "missing"]
        write_output(output, quickstatements.render(proposed, found.article_url).encode())
        if not proposed:
            click.echo("kg: nothing to propose: Wikidata has every statement the article "
                       "supports, or they are held for review", err=True)
        return
    shown = [row for row in rows if not statuses or row.status in statuses]
    tally = counts(rows)
    summary = (", ".join(f"{n} {status}" for status, n in tally.items()) +
               f"; {found.unlinked} statements of the article not compared (no Wikidata link "
               f"for their subject or value)\nWikidata's statements from {snapshot.endpoint} at "
               f"{snapshot.generated}")
    write_output(output, render_rows(shown, fmt, summary).encode())


def _write_review(rows, article_url, review_file):
    from ..atomic import atomic_write
    from ..errors import UsageError
    from ..wikidata import diff_review

    fmt = "json" if review_file.lower().endswith(".json") else "csv"
    if not review_file.lower().endswith((".csv", ".json")):
        raise UsageError(f"{review_file}: a review file is .csv or .json.")
    records = diff_review.review_rows(rows, article_url)
    atomic_write(review_file, diff_review.render(records, fmt).encode())
    held = sum(1 for record in records if record["status"] == "held")
    click.echo(f"kg: wrote {len(records) - held} statement(s) to propose and {held} held to "
               f"{review_file}; fill in 'decision' (accept or reject), then "
               f"`kg wikidata diff --accept {review_file}`", err=True)


def _accept_review(rows, article_url, accept_file, output):
    from ..wikidata import diff_review, quickstatements
    from .output import write_output

    decisions = diff_review.decide(diff_review.read(accept_file), rows, accept_file)
    text = quickstatements.render([row.claim for row in decisions.accepted], article_url)
    write_output(output, text.encode())
    note = (f"kg: accepted {len(decisions.accepted) + len(decisions.already)}, rejected "
            f"{decisions.rejected}, left {decisions.undecided} undecided; "
            f"{len(decisions.accepted)} statement(s) written")
    if decisions.already:
        note += f"; no longer missing, not written: {', '.join(decisions.already)}"
    click.echo(note, err=True)
