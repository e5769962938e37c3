"""The arguments of ``kg query`` and ``kg export``, declared once, without Click.

Click builds those two commands from these declarations (:func:`kg.cli.declare.click_params`) and
the Click-free fast path (:mod:`kg.cli.fast`) parses their plain forms with the same ones, so an
option's spellings and destination are written in one place. ``plain=False`` marks what only
Click parses (help, typed values, rarely used options): the fast path then hands the whole
command line to Click.
"""

from __future__ import annotations

from collections import namedtuple

#: ``decls``: the spellings; ``dest``: the keyword of the command's body; ``kind``: None (a
#: string), "float", "dir" (a folder path) or "flag"; ``nargs``: 2 for NAME VALUE pairs.
#: ``complete``: the name of a :mod:`kg.cli.complete` function that completes the value in a shell.
Option = namedtuple("Option", "decls dest help metavar multiple kind nargs default plain complete",
                    defaults=(None, False, None, 1, None, True, None))
Argument = namedtuple("Argument", "dest metavar complete", defaults=(None,))

SELECT_FORMATS_HELP = "table, csv, tsv, json, jsonl, markdown, sparql-json, sparql-xml"

_FORMAT = Option(("-f", "--format"), "fmt", metavar="FMT", complete="result_formats", help=(
    f"SELECT: {SELECT_FORMATS_HELP} (default: table on a terminal, csv otherwise). "
    "CONSTRUCT/DESCRIBE: turtle (default), n-triples, n-quads, trig, json-ld, xml. "
    "ASK: text (default), sparql-json, sparql-xml."))
_DATA = Option(("--data",), "data_files", multiple=True, metavar="FILE", help=(
    "Use this RDF file instead of the bundled graph (repeatable; - is stdin)."))
_DATA_FORMAT = Option(("--data-format",), "data_format", metavar="FMT", complete="rdf_formats",
                      help=(
    "RDF format of the --data files (default: from each extension; required for -)."))
_WITH_BUNDLED = Option(("--with-bundled",), "with_bundled", kind="flag", help=(
    "Use the --data files and the bundled graph."))
_BASE = Option(("--base",), "base", metavar="IRI", help=(
    "Resolve relative IRIs in the --data files against IRI (default: each file's own file: "
    "URI)."))

QUERY_ARGUMENT = Argument("query_arg", "NAME|FILE.rq|-", complete="query_names")
QUERY_OPTIONS = (
    Option(("-e", "--expression"), "expression", metavar="SPARQL", plain=False,
           help="The SPARQL query itself."),
    Option(("-p", "--param"), "params", nargs=2, multiple=True, metavar="NAME VALUE", help=(
        "Bind a parameter (repeatable). Typed by the query's header: IRIs take CURIEs "
        "(kgr:Greece) or full IRIs. For a query without a header write NAME:TYPE (iri, string, "
        "integer, decimal, boolean, date).")),
    _FORMAT,
    Option(("-o", "--output"), "output", metavar="FILE", help=(
        "Write the results to FILE (atomically); the format follows its extension. - is stdout "
        "(then --format is required).")),
    _DATA, _DATA_FORMAT, _WITH_BUNDLED, _BASE,
    Option(("--store",), "store_dir", metavar="DIR", kind="dir",
           help="Query a persistent store made by `kg load` (opened read-only)."),
    Option(("--endpoint",), "endpoint", metavar="URL", plain=False,
           help="Run the query on this SPARQL 1.1 endpoint."),
    Option(("--default-graph",), "default_graphs", multiple=True, metavar="IRI", plain=False,
           help="With --endpoint: a graph to use as the default graph (repeatable)."),
    Option(("--timeout",), "timeout", kind="float", default=60.0, plain=False, metavar="SECONDS",
           help="Give up after this long: the local query (0: no limit), or each request to "
                "--endpoint, the whole request (name lookup, redirects, retries and the full "
                "answer)."),
    Option(("--allow-service",), "allowed_services", multiple=True, metavar="HOST", plain=False,
           help="Let a SPARQL SERVICE clause reach HOST (or HOST:PORT); repeatable. Any other "
                "SERVICE clause is refused."),
)

EXPORT_OPTIONS = (
    Option(("-f", "--format"), "fmt", metavar="FMT", complete="rdf_formats", help=(
        "turtle, json-ld, n-triples, n-quads, trig or xml (a name, extension or MIME type). "
        "Default: from -o's extension; turtle on stdout.")),
    Option(("-o", "--output"), "output", metavar="FILE", help=(
        "Write to FILE (atomically: never half-written); - is stdout (then --format is "
        "required).")),
    Option(("-g", "--graph"), "graphs", multiple=True, metavar="NAME", help=(
        "article, links, provenance, wikidata, ontology, default, all (the default) or a "
        "graph IRI; repeatable.")),
    Option(("--context",), "print_context", kind="flag", plain=False,
           help="Print the JSON-LD context that ships with kg, and stop."),
    Option(("--frame",), "frame_file", metavar="FILE", plain=False,
           help="Frame the JSON-LD output with this JSON-LD frame (implies --format json-ld)."),
    Option(("--allow-remote-context",), "allow_remote_context", kind="flag", plain=False,
           help="Let a --frame that names a remote @context fetch it (off by default)."),
    _DATA, _DATA_FORMAT, _WITH_BUNDLED, _BASE,
)

#: command -> (its one argument or None, its options)
COMMANDS = {"query": (QUERY_ARGUMENT, QUERY_OPTIONS), "export": (None, EXPORT_OPTIONS)}
