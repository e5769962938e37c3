"""``kg validate``: check the bundled graph, or your files, against SHACL shapes."""

from __future__ import annotations

import click

from ..errors import EXIT_FAILED_CHECKS, UsageError
from ..validate.report import FAIL_ON_CHOICES

# kg.validate.engines, not imported: startup
ENGINE_CHOICES = ("auto", "sparql", "turbo", "pyshacl")

STDIN_NEEDS_FORMAT = "The --input-format option must be set when reading from stdin."


@click.command("validate")
@click.argument("data", nargs=-1, metavar="[DATA]...")
@click.option("--shapes", "-s", "shapes_files", multiple=True, metavar="FILE",
              help="SHACL shapes to use instead of the bundled ones (repeatable).")
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json", "turtle"]),
              default="text", show_default=True,
              help="Report as text for people, JSON, or the W3C report graph in Turtle.")
@click.option("--input-format", "-i", metavar="FMT",
              help="RDF format of DATA (name, extension or MIME type); default: from the "
                   "extension. Required for '-'.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), default="violation",
              show_default=True, help="Least severe result that makes the data fail (exit 1).")
@click.option("--output", "-o", metavar="FILE",
              help="Write the report to FILE (atomically) instead of stdout; - is stdout.")
@click.option("--endpoint", metavar="URL",
              help="Validate the data held by a SPARQL 1.1 endpoint (its query URL) instead.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="With --endpoint: a named graph to fetch (repeatable); default: the "
                   "default graph and every named graph.")
@click.option("--page-size", type=click.IntRange(min=1), metavar="N",
              help="With --endpoint: fetch in pages of N triples, for stores that cap answers.")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="With --endpoint: seconds for each request, the whole request (name lookup, "
                   "redirects, retries and the full answer).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
              help="Check DATA in chunks, in N worker processes, with turbo or pySHACL (with "
                   "pySHACL, the default is chunks above 50,000 triples, with up to 2 "
                   "processes).")
@click.option("--engine", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True,
              help="SHACL engine: sparql (the shapes compiled to SPARQL on the store), turbo "
                   "(pyshacl-turbo), pyshacl (the reference) or auto (sparql where the shapes "
                   "compile, else turbo where installed). The report is the same with each.")
@click.option("--base", metavar="IRI",
              help="Resolve relative IRIs in DATA against IRI (default: each file's own file: "
                   "URI).")
def validate(data: tuple[str, ...], shapes_files: tuple[str, ...], output_format: str,
             input_format: str | None, fail_on: str, output: str | None, endpoint: str | None,
             graphs: tuple[str, ...], page_size: int | None,
             timeout: float, jobs: int | None, engine: str, base: str | None) -> None:
    """Check the bundled graph, or your files, against the SHACL shapes.

    With no DATA, checks the bundled knowledge graph (the article and its links) against the
    bundled shapes. DATA files may be Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML (the
    format is guessed from the extension; '-' reads stdin); several files are checked together.
    The bundled ontology is always added, so subclasses count as instances of their classes.
    The text report groups results by focus node and quotes the source text that states each
    failing fact. Besides SHACL, it checks that a stated duration leads from the start date
    to the end date. With --endpoint, the data is fetched from a SPARQL 1.1 store (CONSTRUCT,
    graph by graph) and checked here. The shapes are compiled to SPARQL queries run on the
    store that holds the data; shapes that use what is not compiled run in pyshacl-turbo where it
    is installed, else in pySHACL (--engine chooses); each gives the same report. With
    pySHACL, large DATA (above 50,000 triples, or with --jobs) is checked in chunks that each
    hold everything their checks read: the same results in bounded memory, two at a time where
    two processors are free (--jobs sets how many). On a terminal, a validation that takes more
    than two seconds shows its progress on stderr.

    \b
    Exit status:
      0  the data conforms
      1  a result is at least as severe as --fail-on
      2  usage error
      3  the data or the shapes cannot be read or used

    \b
    Example:
      kg validate
      kg validate mydata.ttl --shapes myshapes.ttl --fail-on warning
      cat mydata.nt | kg validate - --input-format nt --format json
      kg validate --endpoint http://127.0.0.1:7878/query
      kg validate big.nt --engine pyshacl --jobs 2
    """
    from ..store.formats import check_base, guess_format
    from ..validate.dataview import DataView
    from ..validate.engine import bundled_ontology, bundled_shapes, load_rdf_files
    from ..validate.engine import validate as run_validation
    from ..validate.engines import resolve

    if any(path == "-" for path in shapes_files):
        raise UsageError("The --shapes option needs a file: stdin is kept for DATA.")
    for path in shapes_files:
        try:
            guess_format(path)
        except UsageError:
            raise UsageError(f"{path}: cannot tell the RDF format of a shapes file from its "
                             "name; give it an extension such as .ttl.") from None
    if "-" in data and not input_format:
        raise UsageError(STDIN_NEEDS_FORMAT)
    if data.count("-") > 1:
        raise UsageError("Stdin ('-') can be given only once as DATA.")
    if endpoint and data:
        raise UsageError("Give either DATA files or --endpoint, not both.")
    if not endpoint and (graphs or page_size):
        raise UsageError("The --graph and --page-size options need --endpoint.")
    if jobs and not data:
        raise UsageError("The --jobs option needs DATA files.")
    if base and not data:
        raise UsageError("The --base option applies to DATA files.")
    if jobs and engine == "sparql":
        raise UsageError("The --jobs option checks chunks with --engine turbo or pyshacl; the "
                         "sparql engine checks the whole store at once.")
    engine = resolve(engine)

    with _progress(engine) as progress:
        if endpoint:
            from .. import namespaces as ns
            from ..validate.remote import fetch_for_validation

            progress("fetching")
            # kg push stores the bundled graph in named graphs: with no --graph, fetch them all.
            store = fetch_for_validation(endpoint, graphs or None, all_graphs=not graphs,
                                         page_size=page_size, timeout=timeout)
            # The bundled ontology is always added below; a copy in the store would be checked
            # as data.
            view = DataView.from_store(
                store, [g for g in store.graph_names() if g != ns.GRAPH_ONTOLOGY] + [None])
            ontology = bundled_ontology()
        elif data:
            from ..validate.chunkable import unsafe_reason
            from ..validate.partition import (
                AUTO_THRESHOLD,
                default_jobs,
                load_store,
                validate_store,
            )

            progress("reading")
            store = load_store(data, input_format, check_base(base))
            ontology = bundled_ontology()
            # pySHACL needs chunks for memory above the threshold; turbo only when asked
            if jobs or (engine == "pyshacl" and len(store) > AUTO_THRESHOLD):
                shapes = load_rdf_files(shapes_files) if shapes_files else bundled_shapes()
                reason = unsafe_reason(shapes)
                if reason:  # a user who edited the shapes should know why it got slower
                    progress.note(f"kg: note: checking the whole graph at once, not in chunks: "
                                  f"{reason}")
                progress(f"validating {len(store):,} triples in chunks")
                report = validate_store(store, shapes, ontology, fail_on=fail_on,
                                        jobs=jobs or default_jobs(), engine=engine)
                progress.done()
                _finish(report, output_format, output)
                return
            view = DataView.from_store(store)
            del store
        else:
            from .. import namespaces as ns
            from ..store.store import Store

            store = Store.bundled()
            view = DataView.from_store(
                store, [g for g in store.graph_names() if g != ns.GRAPH_ONTOLOGY])
            ontology = DataView.from_store(store, [ns.GRAPH_ONTOLOGY]).graph()
        shapes = load_rdf_files(shapes_files) if shapes_files else bundled_shapes()
        progress(f"validating {len(view):,} triples")
        report = run_validation(view, shapes, ontology, fail_on=fail_on, engine=engine)
    _finish(report, output_format, output)


class _progress:
    """What ``kg validate`` is doing, on one stderr line, after two seconds, on a terminal only."""

    DELAY = 2.0

    def __init__(self, engine: str):
        import sys

        self.engine = engine
        self.stream = sys.stderr
        self.enabled = self.stream.isatty()
        self.stage = ""
        self.shown = False

    def __enter__(self):
        import threading
        import time

        self.start = time.monotonic()
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        if self.enabled:
            self.thread = threading.Thread(target=self._tick, daemon=True)
            self.thread.start()
        return self

    def __call__(self, stage: str) -> None:
        self.stage = stage

    def note(self, line: str) -> None:
        with self.lock:
            self._clear()
            click.echo(line, err=True)

    def done(self) -> None:
        self.stopped.set()
        if self.enabled:
            self.thread.join()
        with self.lock:
            self._clear()

    def __exit__(self, *exc) -> None:
        self.done()

    def _tick(self) -> None:
        import time

        while not self.stopped.wait(0.25):
            elapsed = time.monotonic() - self.start
            if elapsed < self.DELAY:
                continue
            with self.lock:
                text = f"kg: {self.stage} ({self.engine})... {elapsed:.0f} s"
                self.stream.write("\r" + text + "\x1b[K")
                self.stream.flush()
                self.shown = True

    def _clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _finish(report, output_format: str, output: str | None) -> None:
    from ..render.report import render
    from ..validate.engine import name_blank_nodes
    from .output import write_output

    if output_format == "turtle":
        name_blank_nodes(report.graph)

    write_output(output, render(report, output_format).encode("utf-8"))
    if not report.conforms:
        raise click.exceptions.Exit(EXIT_FAILED_CHECKS)
