"""The ``kg`` Click group, which imports each sub-command only when it is run.

Lazy loading keeps ``kg --help`` and light commands fast: rdflib, pySHACL and pyld are
imported by the commands that need them, never at start-up.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__
from ..errors import EXIT_INTERRUPTED, INTERRUPTED_MESSAGE, KgError
from .complete import SHELL_HELP

# command name -> "module:function" inside kg.cli; each module holds one command group's code.
COMMANDS: dict[str, str] = {
    "describe": "describe:describe",
    "draw": "draw:draw",
    "entities": "entities:entities",
    "export": "export:export",
    "info": "info:info",
    "ingest": "ingest:ingest",
    "link": "link:link",
    "load": "load:load",
    "push": "push:push",
    "queries": "query:queries",
    "query": "query:query",
    "serve": "serve:serve",
    "validate": "validate:validate",
    "wikidata": "wikidata:wikidata",
}

EXIT_CODES_HELP = """\b
Exit codes:
  0  ok / the data conforms
  1  ran, but the data failed the checks (or an ASK query answered false)
  2  usage error: bad option, unknown name, missing parameter
  3  could not run: unreadable or unparseable input, bad query, endpoint down
  130  interrupted (Ctrl-C)
"""


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(f"{__package__}.{module_name}")
        return getattr(module, attr)

    def invoke(self, ctx: click.Context):
        """Run the sub-command; a :class:`KgError` becomes one line on stderr and its exit code."""
        try:
            return super().invoke(ctx)
        except KgError as exc:
            if (ctx.obj or {}).get("traceback"):  # the traceback, and still the error's code
                import traceback

                traceback.print_exc()
            click.echo(f"kg: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, EOFError):  # Ctrl-C: 130 as shells say it, no traceback
            click.echo(f"\n{INTERRUPTED_MESSAGE}", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # `kg export | head` is not an error
            ctx.exit(0)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing the commands would import them all; show their names and short help cheaply.
        rows = [(name, _SHORT_HELP.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


# One-line summaries for `kg --help`, kept here so the root help needs no imports.
_SHORT_HELP: dict[str, str] = {
    "describe": "Show everything the graph says about one entity, with the source's words.",
    "draw": "Draw a timeline, chart, map or diagram of the graph (SVG, PNG, Mermaid).",
    "entities": "List and search entities by label and type, with counts.",
    "export": "Export the graph in any RDF format, byte for byte reproducible.",
    "info": "Show what is bundled: ontology version, graphs, classes, source and licence.",
    "ingest": "Turn conflict articles (Kiwix plain text) into graphs anchored in their words.",
    "link": "Link the graph's entities to Wikidata: reconcile, review, accept, check.",
    "load": "Bulk-load RDF files into a persistent store for fast repeated queries.",
    "push": "Load the graph, or your files, into a SPARQL 1.1 triple store, in batches.",
    "queries": "List the bundled SPARQL queries; `kg queries show NAME` prints one.",
    "query": "Run a bundled query, a .rq file or SPARQL text, locally or on an endpoint.",
    "serve": "Serve the graph on the web: entity pages, the source, SPARQL, RDF by Accept.",
    "validate": "Check the bundled graph, or your files, against the SHACL shapes.",
    "wikidata": "Fetch Wikidata facts, run federated queries offline, diff and propose edits.",
}


@click.group(cls=LazyGroup, epilog=EXIT_CODES_HELP + "\n" + SHELL_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--traceback", is_flag=True,
              help="Show the Python traceback on errors (the exit code stays the same).")
@click.pass_context
def cli(ctx: click.Context, traceback: bool) -> None:
    """The Allied intervention in the Russian Civil War (1918-1925) as a knowledge graph.

    Validate it, query it with the bundled SPARQL queries, export it in any RDF format,
    and link it to Wikidata. Every fact points at the words of the article that state it.

    \b
    Example:
      kg validate
      kg info
    """
    ctx.ensure_object(dict)
    ctx.obj["traceback"] = traceback

