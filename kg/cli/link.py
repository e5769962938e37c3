"""``kg link``: reconcile the graph's entities with Wikidata, review, accept, check links."""

from __future__ import annotations

import click

from ..wikidata.config import DEFAULT_LINKS_FILE

FORMATS = ("text", "json", "csv")


@click.command("link")
@click.option("--dry-run", is_flag=True,
              help="Print the links it would make; change nothing.")
@click.option("--all", "reconsider", is_flag=True,
              help="Reconsider entities that already have a link (a curated link is never "
                   "replaced: a different best match goes to review).")
@click.option("--review", is_flag=True,
              help="Print the review list (pending links) from the links file; no network.")
@click.option("--accept", "accept_file", metavar="FILE",
              type=click.Path(dir_okay=False),
              help="Take back a reviewed list (CSV or JSON with a 'decision' column).")
@click.option("--check", is_flag=True,
              help="Check the existing links on the endpoint; exit 1 if any is broken.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: text; csv for --review).")
@click.option("--links", "links_file", default=DEFAULT_LINKS_FILE, show_default=True,
              metavar="FILE", type=click.Path(dir_okay=False),
              help="Your links file (Turtle): where new and accepted links are written.")
@click.option("--wikidata-endpoint", "endpoint", metavar="URL",
              help="SPARQL endpoint [env KG_WIKIDATA_ENDPOINT; default the Wikidata Query "
                   "Service].")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="Seconds for each request to the endpoint, the whole request (name lookup, "
                   "redirects, retries and the full answer).")
@click.option("--data", "data_files", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False, allow_dash=True),
              help="Link the entities of these RDF files (e.g. `kg ingest` output) instead of "
                   "the bundled graph (repeatable; - is stdin).")
@click.option("--data-format", metavar="FMT",
              help="RDF format of the --data files (default: from each extension).")
@click.option("--with-bundled", is_flag=True,
              help="Link the entities of the --data files and of the bundled graph.")
@click.option("--store", "store_dir", metavar="DIR", type=click.Path(file_okay=False),
              help="Link the entities of a persistent store made by `kg load` or `kg ingest "
                   "--store` (opened read-only).")
@click.option("--base", metavar="IRI",
              help="Resolve relative IRIs in the --data files against IRI (default: each file's "
                   "own file: URI).")
def link(dry_run, reconsider, review, accept_file, check, fmt, links_file, endpoint, timeout,
         data_files, data_format, with_bundled, store_dir, base):
    """Link the graph's entities to Wikidata items.

    Looks up each entity that has no link yet by its label and aliases on a Wikidata SPARQL
    endpoint, scores the candidates (label similarity, type through P31/P279*, dates, links to
    items already linked) and writes the sure ones (status auto) and the doubtful ones (status
    pending, for review) to your links file. The curated links that ship with kg are never
    replaced. Query with your links: `kg query NAME --data kg-links.ttl --with-bundled`.

    With --data or --store it links the entities of your own graphs instead, such as the output
    of `kg ingest` (each article's entities are minted per article, so every article gets its
    own links to review); query them with `kg query NAME --data article.trig --data kg-links.ttl`.

    \b
    Example:
      kg link --dry-run --format json
      kg link                       # writes ./kg-links.ttl
      kg link --review > review.csv # fill in the 'decision' column: accept or reject
      kg link --accept review.csv
      kg link --check
      kg link --data battle.trig --links battle-links.ttl
    """
    from ..errors import UsageError
    from ..store.formats import check_base

    modes = [name for name, on in (("--review", review), ("--accept", bool(accept_file)),
                                   ("--check", check)) if on]
    if len(modes) > 1:
        raise UsageError(f"{' and '.join(modes)} cannot be used together.")
    if modes and (dry_run or reconsider):
        raise UsageError(f"--dry-run and --all only apply to reconciliation, not {modes[0]}.")
    if with_bundled and not data_files:
        raise UsageError("--with-bundled adds the bundled graph to --data files: give --data.")
    if (data_format or base) and not data_files:
        raise UsageError(f"--{'data-format' if data_format else 'base'} applies to --data files.")
    if store_dir and data_files:
        raise UsageError("Give either --data or --store, not both.")
    if accept_file and (data_files or store_dir):
        raise UsageError("--accept reads only the links file; --data and --store do not apply.")
    dataset = (tuple(data_files), data_format, with_bundled, store_dir, check_base(base))
    if review:
        _review(links_file, fmt or "csv", dataset)
    elif accept_file:
        _accept(links_file, accept_file, fmt)
    elif check:
        _check(links_file, endpoint, timeout, fmt or "text", dataset)
    else:
        _reconcile(links_file, endpoint, timeout, fmt or "text", dry_run, reconsider, dataset)


_BUNDLED = ((), None, False, None, None)


def _context(links_file: str, dataset: tuple = _BUNDLED):
    """The graph to link (bundled, --data files or --store), the curated links, the user's."""
    from ..query.run import open_dataset
    from ..resources import data_dir
    from ..wikidata.links import read_links

    store = open_dataset(*dataset)
    curated = read_links(data_dir() / "links.ttl", missing_ok=True)
    user = read_links(links_file, missing_ok=True)
    return store, curated, user


def _ontology(store, dataset: tuple):
    """Where to read the class hierarchy: the dataset, or the shipped ontology when it lacks it."""
    if dataset == _BUNDLED or dataset[2]:  # the bundled graph (with its ontology) is loaded
        return store
    from ..resources import ontology_paths
    from ..store.store import Store

    ontology = Store()
    for path in ontology_paths():
        ontology.load_file(path, keep_lexical=False)
    return ontology


def _client(endpoint: str | None, timeout: float):
    from ..wikidata.config import endpoint as resolve
    from ..wikidata.http import SparqlClient

    return SparqlClient(resolve(endpoint), timeout=timeout)


def _reconcile(links_file, endpoint, timeout, fmt, dry_run, reconsider, dataset):
    from ..atomic import atomic_write
    from ..render.link import render_decisions
    from ..wikidata import links as wl
    from ..wikidata.classes import expected_classes
    from ..wikidata.entities import linkable_entities
    from ..wikidata.reconcile import reconcile, to_links

    store, curated, user = _context(links_file, dataset)
    ontology = _ontology(store, dataset)
    existing = [link for link in curated + user if link.is_link]
    entities = linkable_entities(store, ontology)
    if not entities:
        from ..errors import InputError

        raise InputError("the data holds no entity to link (none of kg:Event, kg:Party, "
                         "kg:Place or kg:Person with a label).")
    decisions = reconcile(_client(endpoint, timeout), entities, expected_classes(ontology),
                          existing, reconsider=reconsider)
    skipped = 0 if reconsider else len({link.entity for link in existing}
                                       & {e.iri for e in entities})
    click.echo(render_decisions(decisions, fmt, skipped), nl=False)
    if dry_run:
        return
    new = to_links(decisions)
    if not new:
        click.echo(f"kg: nothing to write to {links_file}", err=True)
        return
    merged = wl.merge(user, new)
    atomic_write(links_file, wl.to_turtle(merged, _HEADER).encode("utf-8"))
    auto = sum(1 for link in new if link.status == "auto")
    click.echo(f"kg: wrote {auto} new link(s) and {len(new) - auto} to review to {links_file}; "
               "`kg link --review` lists the ones to review", err=True)


_HEADER = """Links to Wikidata made by `kg link` (status auto) or accepted after review (confirmed).
Entries with kg:reviewStatus "pending" are candidates: they link nothing until accepted.
Use with: kg query NAME --data kg-links.ttl --with-bundled   Review with: kg link --review"""


def _review(links_file, fmt, dataset):
    from ..errors import UsageError
    from ..render.link import render_review
    from ..wikidata.entities import linkable_entities
    from ..wikidata.review import rows

    if fmt not in ("csv", "json"):
        raise UsageError("--review writes csv or json (--format csv|json).")
    store, _, user = _context(links_file, dataset)
    labels = {e.iri: e.label for e in linkable_entities(store, _ontology(store, dataset))}
    click.echo(render_review(rows([link for link in user if not link.is_link], labels), fmt),
               nl=False)


def _accept(links_file, accept_file, fmt):
    from ..atomic import atomic_write
    from ..errors import UsageError
    from ..wikidata import links as wl
    from ..wikidata.review import decide, load

    if fmt not in (None, "csv", "json"):
        raise UsageError("--accept reads csv or json (--format csv|json).")
    _, curated, user = _context(links_file)
    entries = load(accept_file, fmt)
    result = decide(entries, [link for link in user if not link.is_link],
                    {link.entity: link for link in curated}, accept_file)
    # An accepted row replaces whatever your file had for that entity (a reviewer chose it);
    # a rejected row drops only the pending entry. Curated links live elsewhere, untouched.
    replaced = {link.entity for link in result.accepted}
    kept = [link for link in user if link.entity not in replaced
            and (link.is_link or link.entity not in set(result.rejected))]
    merged = wl.merge(kept, result.accepted)
    atomic_write(links_file, wl.to_turtle(merged, _HEADER).encode("utf-8"))
    click.echo(f"accepted {len(result.accepted)}, rejected {len(result.rejected)}, "
               f"left {result.undecided} undecided; wrote {links_file}")
    for line in wl.shared_item_warnings(curated + merged):
        click.echo(f"kg: {line}", err=True)


def _check(links_file, endpoint, timeout, fmt, dataset):
    from ..render.link import render_checks
    from ..wikidata.check import check_links
    from ..wikidata.classes import expected_classes
    from ..wikidata.entities import linkable_entities

    store, curated, user = _context(links_file, dataset)
    ontology = _ontology(store, dataset)
    entities = {e.iri: e for e in linkable_entities(store, ontology)}
    # The shipped links are about the bundled graph: check those whose entity is in this one.
    curated = [link for link in curated if link.entity in entities]
    results = check_links(_client(endpoint, timeout), curated + user, entities,
                          expected_classes(ontology))
    click.echo(render_checks(results, fmt), nl=False)
    from ..wikidata.links import shared_item_warnings

    for line in shared_item_warnings(curated + user):
        click.echo(f"kg: {line}", err=True)
    if any(not r.ok for r in results):
        raise click.exceptions.Exit(1)
