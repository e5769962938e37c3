"""``kg push``: load the graph, or your files, into any SPARQL 1.1 store, in resumable batches."""

from __future__ import annotations

import sys

import click

from ..errors import UsageError


def render_progress(p) -> str:
    """``kg push: batch 3/12  30,000/118,000 triples  9,800 triples/s  3.1 s``."""
    rate = p.triples_done / p.elapsed if p.elapsed > 0 else 0
    skipped = f"  ({p.skipped} already landed)" if p.skipped else ""
    return (f"kg push: batch {p.batches_done}/{p.batches_total}  "
            f"{p.triples_done:,}/{p.triples_total:,} triples  {rate:,.0f} triples/s  "
            f"{p.elapsed:.1f} s{skipped}")


@click.command("push")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--endpoint", metavar="URL",
              help="Base URL of the store (Oxigraph: http://host:7878); the Graph Store is "
                   "URL/store and Update URL/update unless set below. A trailing /query is "
                   "dropped.")
@click.option("--gsp-url", metavar="URL",
              help="Graph Store Protocol URL (Fuseki: .../DATASET/data).")
@click.option("--update-url", metavar="URL", help="SPARQL Update URL (Fuseki: .../DATASET/update).")
@click.option("--method", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="Graph Store Protocol POST, or SPARQL Update INSERT DATA.")
@click.option("--graph", metavar="IRI",
              help="Named graph for the triples of FILES (default: the default graph). The "
                   "bundled graph always goes to its own named graphs.")
@click.option("--format", "fmt", metavar="FMT",
              help="RDF format of FILES: name, extension or MIME type (default: from extension).")
@click.option("--base", metavar="IRI",
              help="Resolve relative IRIs in FILES against IRI (default: each file's own file: "
                   "URI).")
@click.option("--batch-size", type=int, default=10_000, show_default=True,
              help="Triples per request.")
@click.option("--replace", is_flag=True,
              help="Empty each target graph first, so it ends up holding exactly the input.")
@click.option("--resume", is_flag=True,
              help="Skip the batches that landed in an earlier, failed run (from --state).")
@click.option("--state", "state_file", default=".kg-push-state.json", show_default=True,
              metavar="FILE", help="Where the landed batches are recorded until the push ends.")
@click.option("--skolem-base", metavar="IRI",
              default="https://w3id.org/conflict-kg/.well-known/genid/", show_default=True,
              help="Blank nodes become IRIs under this base (stable across runs).")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="Seconds for each batch, the whole request (name lookup, redirects, "
                   "authentication, retries and the store's answer).")
@click.option("--user", metavar="NAME[:PASSWORD]",
              help="Log in with HTTP Basic or Digest authentication; without :PASSWORD the "
                   "password is read from the KG_PASSWORD environment variable.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
def push(files: tuple[str, ...], endpoint: str | None, gsp_url: str | None,
         update_url: str | None, method: str, graph: str | None, fmt: str | None,
         base: str | None, batch_size: int, replace: bool, resume: bool, state_file: str,
         skolem_base: str, timeout: float, user: str | None, quiet: bool) -> None:
    """Load the graph, or your files, into a SPARQL 1.1 triple store.

    With no FILES, pushes the bundled graph (ontology, article, links) into its named graphs.
    Sends batches through the SPARQL 1.1 Graph Store Protocol (POST, which merges) or, with
    --method update, as SPARQL Update INSERT DATA. Works with Oxigraph, Apache Jena Fuseki,
    QLever, Virtuoso, GraphDB and any other SPARQL 1.1 store.

    Every file is parsed before anything is sent. Blank nodes are replaced by stable IRIs
    under --skolem-base (skolemized), so sending a batch twice never duplicates data. If a
    batch fails, the push stops with exit code 3 and the --state file records what landed:
    run the same command with --resume to send the rest. A progress line is shown on a
    terminal only.

    \b
    Example:
      oxigraph serve --location war.db &
      kg push --endpoint http://localhost:7878
      kg push big.nt --endpoint http://localhost:7878 --graph https://example.org/big --resume
      kg push big.nt --gsp-url http://localhost:3030/war/data --batch-size 50000
      kg push notes.ttl --endpoint http://localhost:7878 --base https://example.org/notes/
    """
    from ..store import push as core
    from .load import ProgressLine

    if graph is not None:
        import pyoxigraph as ox

        try:
            ox.NamedNode(graph)
        except ValueError:
            raise UsageError(f"--graph {graph!r} is not a valid IRI.") from None
    if graph is not None and not files:
        raise UsageError("--graph applies to FILES; the bundled graph keeps its named graphs.")
    if base is not None and not files:
        raise UsageError("--base applies to FILES; the bundled graph has no relative IRIs.")
    password = None
    if user is not None:
        import os

        user, sep, password = user.partition(":")
        if not sep:
            password = os.environ.get("KG_PASSWORD")
            if password is None:
                raise UsageError("--user NAME needs a password: NAME:PASSWORD, or set "
                                 "KG_PASSWORD.")
    target = core.target_for(endpoint, method, gsp_url, update_url, timeout, user, password)
    from ..store.formats import check_base

    sources = core.sources_for(list(files), fmt, graph, check_base(base))
    line = ProgressLine(render_progress) if sys.stderr.isatty() and not quiet else None
    try:
        report = core.push(sources, target, batch_size=batch_size, state_file=state_file,
                           resume=resume, replace=replace, skolem_base=skolem_base,
                           progress=line.update if line else None)
    finally:
        if line:
            line.close()
    if quiet:
        return
    graphs = ", ".join(g or "(default graph)" for g in report.graphs) or "nothing"
    resumed = f", {report.skipped} already there" if report.skipped else ""
    click.echo(f"Pushed {report.triples:,} triples in {report.batches} batch"
               f"{'es' * (report.batches != 1)} ({report.sent} sent{resumed}) to {report.target} "
               f"by {'Graph Store Protocol' if report.method == 'gsp' else 'SPARQL Update'} "
               f"in {report.seconds:.1f} s; graphs: {graphs}.")
    if report.skolemized:
        click.echo(f"{report.skolemized:,} blank nodes were sent as IRIs under {skolem_base} "
                   "(skolemized, so a retry cannot duplicate them).")
