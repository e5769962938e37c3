"""``kg load``: bulk-load RDF files into a persistent store that ``kg query --store`` opens."""

from __future__ import annotations

import sys

import click

from ..errors import UsageError


def _human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


class ProgressLine:
    """One self-overwriting status line on stderr (only used when stderr is a terminal).

    A ticker thread redraws the last state every quarter second, so the clock keeps moving while
    the bulk loader sorts and writes its index after reading (it releases the GIL meanwhile).
    """

    def __init__(self, render, stream=None):
        import threading

        self.render = render
        self.stream = stream or sys.stderr
        self.width = 0
        self.last = None
        self.offset = 0.0     # elapsed time of ``last`` minus the clock when it arrived
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._tick, daemon=True)
        self.thread.start()

    def update(self, progress) -> None:
        import time

        with self.lock:
            self.last = progress
            self.offset = progress.elapsed - time.monotonic()
            self._draw(progress)

    def _tick(self) -> None:
        import dataclasses
        import time

        while not self.stopped.wait(0.25):
            with self.lock:
                if self.last is not None:
                    self._draw(dataclasses.replace(self.last,
                                                   elapsed=time.monotonic() + self.offset))

    def _draw(self, progress) -> None:
        text = self.render(progress)
        pad = max(0, self.width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def render_progress(p) -> str:
    """``kg load: big.nt [1/1] 45% 452,311 triples 128,400 triples/s 3.5 s``."""
    parts = [f"kg load: {p.source}"]
    if p.file_count > 1:
        parts.append(f"[{p.file_index}/{p.file_count}]")
    if p.phase == "check":
        parts.append("checking")
    elif p.phase == "index":
        parts.append("indexing")
    if p.bytes_total:
        parts.append(f"{100 * p.bytes_read / p.bytes_total:3.0f}%")
    if p.triples is not None:
        rate = p.triples / p.elapsed if p.elapsed > 0 else 0
        parts.append(f"{p.triples:,} triples  {rate:,.0f} triples/s")
    else:
        rate = p.bytes_read / p.elapsed if p.elapsed > 0 else 0
        parts.append(f"{_human_bytes(p.bytes_read)}  {_human_bytes(rate)}/s")
    parts.append(f"{p.elapsed:.1f} s")
    return "  ".join(parts)


@click.command("load")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False),
              help="Folder of the Oxigraph store to create or add to.")
@click.option("--graph", metavar="IRI",
              help="Named graph for the triples of triple formats (default: the default graph).")
@click.option("--format", "fmt", metavar="FMT",
              help="RDF format of FILES: name, extension or MIME type (default: from extension).")
@click.option("--bundled", is_flag=True,
              help="Also load the bundled graph (ontology, article, links) in its named graphs.")
@click.option("--base", metavar="IRI",
              help="Resolve relative IRIs in FILES against IRI (default: each file's own file: "
                   "URI).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
def load(files: tuple[str, ...], store_dir: str, graph: str | None, fmt: str | None,
         bundled: bool, base: str | None, quiet: bool) -> None:
    """Bulk-load RDF files into a persistent store for fast repeated queries.

    Loads FILES (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML; `-` is stdin with
    --format) into the Oxigraph store in the folder --store, creating it if needed. Then
    `kg query --store DIR` opens it in milliseconds instead of parsing the files again. A
    progress line (triples and triples/s) is shown on a terminal only.

    A new store is built aside and moved into place only when every file has loaded; an
    existing store is checked (every file parsed) before anything is added. On a syntax error
    the store is left as it was: `file:line:col: reason`, exit code 3.

    \b
    Example:
      kg load --bundled --store war.db
      kg load big.nt --store war.db --graph https://example.org/graph/big
      kg query casualty_totals --store war.db
    """
    from ..store import bulk

    if not files and not bundled:
        raise UsageError("Give FILES to load, or --bundled for the bundled graph.")
    if graph is not None:
        import pyoxigraph as ox

        try:
            ox.NamedNode(graph)
        except ValueError:
            raise UsageError(f"--graph {graph!r} is not a valid IRI.") from None
    from ..store.formats import check_base

    sources = bulk.sources_for(files, fmt, graph, bundled, check_base(base))
    line = ProgressLine(render_progress) if sys.stderr.isatty() and not quiet else None
    try:
        report = bulk.load_into_store(sources, store_dir, progress=line.update if line else None)
    finally:
        if line:
            line.close()
    from ..store.lexical import MAX_PARSED_BYTES, describe_changes

    for path, changed in report.rewritten.items() if not quiet else ():  # say what changes
        if changed is None:
            click.echo(f"kg: note: {path} is over {MAX_PARSED_BYTES >> 20} MiB and not N-Triples:"
                       " not checked for literals the store holds in canonical form", err=True)
        elif changed:
            click.echo(f"kg: note: the store holds {describe_changes(changed)} ({path}); "
                       "kg export --data keeps them as written", err=True)
    if not quiet:
        n_files = len(report.files)
        rate = f" ({report.rate:,.0f} triples/s)" if report.seconds >= 0.1 else ""
        click.echo(f"Loaded {report.added:,} triples from {n_files} file{'s' * (n_files != 1)} "
                   f"into {report.store} in {report.seconds:.1f} s{rate}; "
                   f"{'new store' if report.created else 'store'} holds {report.total:,} quads.")
