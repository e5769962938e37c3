"""Query results as text: aligned tables, CSV/TSV, JSON, Markdown, the W3C result formats, and RDF.

The only place that turns a :class:`kg.query.run.Result` into text, so local and remote results
look the same in every format.

SELECT formats:

- ``table``: aligned columns for a terminal; IRIs shortened to CURIEs with the project prefixes.
- ``csv``: `SPARQL 1.1 Query Results CSV <https://www.w3.org/TR/sparql11-results-csv-tsv/>`_:
  plain values (IRIs in full, literals as their text), CRLF line ends.
- ``tsv``: SPARQL 1.1 Query Results TSV: every value an RDF term in N-Triples syntax (lossless).
- ``json``: a list of objects, one per row; numbers and booleans as JSON numbers and booleans,
  IRIs as strings, unbound values as ``null``. ``jsonl``: one such object per line.
- ``markdown``: a GitHub table, IRIs as CURIEs.
- ``sparql-json``, ``sparql-xml``: the W3C result formats
  (`JSON <https://www.w3.org/TR/sparql11-results-json/>`_,
  `XML <https://www.w3.org/TR/rdf-sparql-XMLres/>`_).

CONSTRUCT and DESCRIBE results take any RDF format (:data:`kg.store.formats.FORMATS`), written with
the triples sorted so the same answer always gives the same bytes. ASK results print ``true``
or ``false`` (or the W3C boolean documents).
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import UsageError

XSD = "http://www.w3.org/2001/XMLSchema#"
SELECT_FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown", "sparql-json",
                  "sparql-xml")
ASK_FORMATS = ("text", "table", "csv", "tsv", "json", "jsonl", "markdown", "sparql-json",
               "sparql-xml")
_EXTENSIONS = {"csv": "csv", "tsv": "tsv", "json": "json", "jsonl": "jsonl", "ndjson": "jsonl",
               "md": "markdown", "markdown": "markdown", "txt": "table", "srj": "sparql-json",
               "srx": "sparql-xml"}
_ALIASES = {"application/sparql-results+json": "sparql-json",
            "application/sparql-results+xml": "sparql-xml", "text/csv": "csv",
            "text/tab-separated-values": "tsv", "md": "markdown", "srj": "sparql-json",
            "srx": "sparql-xml", "ndjson": "jsonl", "text/markdown": "markdown",
            "application/json": "json"}
_INTEGER_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
_NUMERIC_TYPES = _INTEGER_TYPES | {XSD + "decimal", XSD + "double", XSD + "float"}


def result_format_for_extension(path: str) -> str | None:
    """The results format a file name asks for (``out.csv`` -> ``csv``), or None for RDF/unknown.

    >>> result_format_for_extension("casualties.md")
    'markdown'
    """
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return _EXTENSIONS.get(suffix)


def default_select_format(to_terminal: bool) -> str:
    """The one rule for SELECT results without --format: a table for people, CSV for pipes.

    Every command that prints a results table (`kg query`, `kg wikidata query`) uses it, with
    ``to_terminal=sys.stdout.isatty()``.

    >>> default_select_format(False)
    'csv'
    """
    return "table" if to_terminal else "csv"


def normalize_format(value: str) -> str:
    """A results format by name, extension or MIME type (``--format``)."""
    key = value.strip().lower().lstrip(".")
    return _ALIASES.get(key, _EXTENSIONS.get(key, key))


# ---------------------------------------------------------------------------------------------
# One term as text


def display(term, prefixes: Mapping[str, str] = ns.PREFIXES) -> str:
    """A term as people read it: CURIE or IRI, literal text, ``_:id`` for blank nodes."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return ns.compact(term.value, prefixes)
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def plain(term) -> str:
    """A term as the W3C CSV format writes it: IRI in full, literal text, ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def native(term):
    """A term as a JSON value: int, float, bool or string; ``None`` when unbound."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return plain(term)


def _is_numeric(term) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC_TYPES


# ---------------------------------------------------------------------------------------------
# SELECT


def _numeric_columns(variables: list[str], rows) -> list[bool]:
    """Columns whose bound values are all numbers (and that have at least one): right-aligned."""
    out = []
    for i in range(len(variables)):
        values = [r[i] for r in rows if r[i] is not None]
        out.append(bool(values) and all(_is_numeric(t) for t in values))
    return out


# A column is padded to at most this width: a longer cell runs past it rather than widening
# every row of the table (one 16 KB literal would otherwise pad 100k rows to 1.6 GB).
MAX_COLUMN_WIDTH = 80


def _table(variables: list[str], rows, prefixes) -> str:
    cells = [[display(t, prefixes).replace("\n", "\\n") for t in row] for row in rows]
    widths = [min(MAX_COLUMN_WIDTH, max([len(v)] + [len(r[i]) for r in cells]))
              for i, v in enumerate(variables)]
    numeric = _numeric_columns(variables, rows)

    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w)
                 for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(variables), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    count = len(rows)
    out.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(out) + "\n"


def _csv(variables: list[str], rows) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([plain(t) for t in row])
    return buffer.getvalue()


def _tsv(variables: list[str], rows) -> str:
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join("" if t is None else _nt(t) for t in row))
    return "\n".join(lines) + "\n"


def _nt(term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _markdown(variables: list[str], rows, prefixes) -> str:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

    numeric = _numeric_columns(variables, rows)
    out = ["| " + " | ".join(cell(v) for v in variables) + " |",
           "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    for row in rows:
        out.append("| " + " | ".join(cell(display(t, prefixes)) for t in row) + " |")
    return "\n".join(out) + "\n"


def _sparql_json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {  # SPARQL 1.2 / SPARQL-star
        "subject": _sparql_json_term(term.subject),
        "predicate": _sparql_json_term(term.predicate),
        "object": _sparql_json_term(term.object)}}


def _sparql_json(variables: list[str], rows) -> str:
    bindings = [{v: _sparql_json_term(t) for v, t in zip(variables, row, strict=True)
                 if t is not None} for row in rows]
    doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    import json  # here, not at the top: ~3 ms of every start for the formats that need it

    return json.dumps(doc, ensure_ascii=False) + "\n"


def _json_objects(variables: list[str], rows, one_per_line: bool) -> str:
    """``json``: one JSON array of row objects; ``jsonl``: one object per line."""
    import json  # here, not at the top: ~3 ms of every start for the formats that need it

    objects = (dict(zip(variables, map(native, row), strict=True)) for row in rows)
    if one_per_line:
        return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)
    return json.dumps(list(objects), ensure_ascii=False, indent=2) + "\n"


def _xml_text(value: str) -> str:
    from xml.sax.saxutils import escape

    return escape(value)


def _xml_attr(value: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(value)


def _sparql_xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={_xml_attr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != XSD + "string":
            return (f"<literal datatype={_xml_attr(term.datatype.value)}>"
                    f"{_xml_text(term.value)}</literal>")
        return f"<literal>{_xml_text(term.value)}</literal>"
    return ("<triple><subject>" + _sparql_xml_term(term.subject) + "</subject><predicate>"
            + _sparql_xml_term(term.predicate) + "</predicate><object>"
            + _sparql_xml_term(term.object) + "</object></triple>")


_XML_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n')


def _sparql_xml(variables: list[str], rows) -> str:
    out = [_XML_HEAD, "  <head>\n"]
    out.extend(f"    <variable name={_xml_attr(v)}/>\n" for v in variables)
    out.append("  </head>\n  <results>\n")
    for row in rows:
        out.append("    <result>\n")
        for v, t in zip(variables, row, strict=True):
            if t is not None:
                out.append(f"      <binding name={_xml_attr(v)}>{_sparql_xml_term(t)}</binding>\n")
        out.append("    </result>\n")
    out.append("  </results>\n</sparql>\n")
    return "".join(out)


def render_select(variables: list[str], rows, fmt: str,
                  prefixes: Mapping[str, str] = ns.PREFIXES) -> str:
    """SELECT results (variables, rows of terms or None) in one of :data:`SELECT_FORMATS`."""
    if fmt == "table":
        return _table(variables, rows, prefixes)
    if fmt == "csv":
        return _csv(variables, rows)
    if fmt == "tsv":
        return _tsv(variables, rows)
    if fmt in ("json", "jsonl"):
        return _json_objects(variables, rows, one_per_line=fmt == "jsonl")
    if fmt == "markdown":
        return _markdown(variables, rows, prefixes)
    if fmt == "sparql-json":
        return _sparql_json(variables, rows)
    if fmt == "sparql-xml":
        return _sparql_xml(variables, rows)
    raise UsageError(f"Unknown results format {fmt!r} for a SELECT query: use one of "
                     f"{', '.join(SELECT_FORMATS)}.")


# ---------------------------------------------------------------------------------------------
# ASK


def render_boolean(value: bool, fmt: str) -> str:
    """An ASK answer: ``true``/``false``, or the W3C boolean result documents."""
    word = "true" if value else "false"
    if fmt == "sparql-json":
        import json

        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if fmt == "sparql-xml":
        return f"{_XML_HEAD}  <head/>\n  <boolean>{word}</boolean>\n</sparql>\n"
    if fmt in ASK_FORMATS:
        return word + "\n"
    raise UsageError(f"Unknown format {fmt!r} for an ASK query: use one of "
                     f"{', '.join(ASK_FORMATS)}.")


# ---------------------------------------------------------------------------------------------
# CONSTRUCT / DESCRIBE


def render_graph(triples, fmt: str, prefixes: Mapping[str, str] = ns.PREFIXES) -> bytes:
    """Triples in an RDF format, sorted (same triples, same bytes); prefixes only where used."""
    from ..store.formats import lookup_format

    info = lookup_format(fmt)
    from ..export.serialize import sorted_triples

    ordered = sorted_triples(triples)
    if info.name == "json-ld":
        from ..export.serialize import jsonld_from_quads

        return jsonld_from_quads([ox.Quad(t.subject, t.predicate, t.object) for t in ordered])
    terms = [x for t in ordered for x in (t.subject, t.predicate, t.object)]
    if info.has_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object) for t in ordered]
    else:
        items = ordered
    if info.oxigraph in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return ox.serialize(items, format=info.oxigraph)
    from ..export.serialize import prefixes_among

    return ox.serialize(items, format=info.oxigraph, prefixes=prefixes_among(terms, prefixes))
