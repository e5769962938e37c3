"""RDF formats: guess them from a name or ``--format``, report parse errors, write atomically."""

from __future__ import annotations

import os
import sys
from collections import namedtuple

import pyoxigraph as ox

from ..errors import InputError, UsageError

# A namedtuple, not a dataclass: importing dataclasses costs ~10 ms of every start.
RdfFormatInfo = namedtuple("RdfFormatInfo",
                           "name oxigraph extensions media_type rdflib_name has_datasets")
RdfFormatInfo.__doc__ = """An RDF format: ``name`` as users type it (turtle, json-ld, ...), the
pyoxigraph format, file ``extensions``, ``media_type``, ``rdflib_name`` (the name rdflib's
parse/serialize plugins use) and ``has_datasets`` (can it hold named graphs?)."""


FORMATS: tuple[RdfFormatInfo, ...] = (
    RdfFormatInfo("turtle", ox.RdfFormat.TURTLE, ("ttl", "turtle"), "text/turtle", "turtle", False),
    RdfFormatInfo("n-triples", ox.RdfFormat.N_TRIPLES, ("nt",), "application/n-triples", "nt",
                  False),
    RdfFormatInfo("n-quads", ox.RdfFormat.N_QUADS, ("nq",), "application/n-quads", "nquads", True),
    RdfFormatInfo("trig", ox.RdfFormat.TRIG, ("trig",), "application/trig", "trig", True),
    RdfFormatInfo("json-ld", ox.RdfFormat.JSON_LD, ("jsonld", "json-ld", "json"),
                  "application/ld+json", "json-ld", True),
    RdfFormatInfo("xml", ox.RdfFormat.RDF_XML, ("rdf", "owl", "xml", "rdfxml"),
                  "application/rdf+xml", "xml", False),
    RdfFormatInfo("n3", ox.RdfFormat.N3, ("n3",), "text/n3", "n3", False),
)

_ALIASES = {"ttl": "turtle", "nt": "n-triples", "ntriples": "n-triples", "nq": "n-quads",
            "nquads": "n-quads", "jsonld": "json-ld", "rdf/xml": "xml", "rdfxml": "xml",
            "rdf": "xml", "owl": "xml"}


def format_names() -> list[str]:
    return [f.name for f in FORMATS]


def lookup_format(value: str) -> RdfFormatInfo:
    """Find a format by name, extension or MIME type (``--format`` accepts all three).

    >>> lookup_format("ttl").name
    'turtle'
    >>> lookup_format("application/ld+json").name
    'json-ld'
    """
    key = value.strip().lower().lstrip(".")
    key = _ALIASES.get(key, key)
    for fmt in FORMATS:
        if key in (fmt.name, fmt.media_type) or key in fmt.extensions:
            return fmt
    raise UsageError(
        f"Unknown RDF format {value!r}: use one of {', '.join(format_names())} "
        "(or a file extension or MIME type)."
    )


def guess_format(path: str | os.PathLike, explicit: str | None = None,
                 option: str = "--format") -> RdfFormatInfo:
    """The format of ``path``: ``explicit`` if given, else its extension (``-`` needs ``explicit``).

    >>> guess_format("data/war.trig").name
    'trig'
    """
    if explicit:
        return lookup_format(explicit)
    name = str(path)
    if name == "-":
        raise UsageError(f"The {option} option must be set when reading from stdin.")
    suffix = os.path.splitext(os.path.basename(name))[1]
    if suffix.lower() == ".gz":  # not supported: say so plainly
        raise UsageError(f"{name}: compressed files are not supported; decompress first.")
    if suffix in ("", "."):
        raise UsageError(
            f"{name}: cannot tell the RDF format without an extension; set {option}.")
    try:
        return lookup_format(suffix)
    except UsageError:
        raise UsageError(
            f"{name}: unknown extension {suffix!r}; set {option} "
            f"({', '.join(format_names())})."
        ) from None


def read_input(path: str | os.PathLike) -> bytes:
    """Bytes of a file, or of stdin for ``-``; an unreadable file is an :class:`InputError`."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=str(path)) from None


def syntax_error_to_input_error(exc: SyntaxError, source: str) -> InputError:
    """Turn pyoxigraph's parser error into ``source:line:col: reason``."""
    reason = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
    # pyoxigraph prefixes "Parser error at/between line L column C ...: "; keep only the reason.
    if ": " in reason and reason.lower().startswith("parser error"):
        reason = reason.split(": ", 1)[1]
    return InputError(reason.splitlines()[0] if reason else "syntax error", source=source,
                      line=exc.lineno, column=exc.offset)


