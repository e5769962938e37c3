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


def guess_format(path: str | os.PathLike, explicit: str | RdfFormatInfo | None = None,
                 option: str = "--format") -> RdfFormatInfo:
    """The format of ``path``: ``explicit`` if given, else its extension (``-`` needs ``explicit``).

    >>> guess_format("data/war.trig").name
    'trig'
    """
    if isinstance(explicit, RdfFormatInfo):
        return explicit
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


UTF8_BOM = b"\xef\xbb\xbf"
# pyoxigraph's parsers stop at a term this long ("Reached the buffer maximal size")
MAX_TERM_BYTES = 16 << 20


def read_input(path: str | os.PathLike, limit: int | None = None, what: str = "file") -> bytes:
    """Bytes of a file, or of stdin for ``-``; an unreadable file is an :class:`InputError`.

    With ``limit``, at most that many bytes are read: a longer input (``/dev/zero``, a 2 GB
    query) is refused instead of filling memory.
    """
    try:
        if str(path) == "-":
            data = sys.stdin.buffer.read(-1 if limit is None else limit + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(-1 if limit is None else limit + 1)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=str(path)) from None
    except MemoryError:
        raise InputError(f"the {what} does not fit in memory", source=str(path)) from None
    if limit is not None and len(data) > limit:
        raise InputError(f"the {what} is larger than {_size(limit)}; kg refuses longer ones",
                         source=str(path))
    return data


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n >= 1 << 20 else f"{n >> 10} KiB"


_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")


def file_base(path: str | os.PathLike) -> str | None:
    """The base IRI relative IRIs in a file resolve against: its ``file:`` URI (stdin: none).

    >>> file_base("/data/war.ttl")
    'file:///data/war.ttl'
    """
    if str(path) == "-":
        return None
    # as pathlib's as_uri() does, without its import cost on every start
    encoded = "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}"
                      for b in os.path.abspath(path).encode("utf-8"))
    return "file://" + encoded


def check_base(base: str | None, option: str = "--base") -> str | None:
    """Check a user's base IRI: absolute, and a valid IRI.

    >>> check_base("https://example.org/data/")
    'https://example.org/data/'
    """
    if base is None:
        return None
    import re

    try:
        ox.NamedNode(base)
    except ValueError:
        raise UsageError(f"{option} {base!r} is not a valid IRI.") from None
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", base):
        raise UsageError(f"{option} {base!r} must be an absolute IRI (with a scheme, such as "
                         "https:).")
    return base


def skip_bom(handle) -> None:
    """Move past a UTF-8 byte order mark at the start of ``handle``, which the parsers refuse.

    ``handle`` is a buffered binary reader (a file or stdin): the mark is peeked, not read.
    """
    peek = getattr(handle, "peek", None)
    if peek is not None:
        if peek(3)[:3] == UTF8_BOM:
            handle.read(3)
    elif handle.seekable():
        start = handle.tell()
        if handle.read(3) != UTF8_BOM:
            handle.seek(start)


def strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(UTF8_BOM) else data


def parse_error(exc: BaseException, source: str) -> InputError:
    """Any failure of pyoxigraph's parsers as ``source[:line:col]: reason``."""
    if isinstance(exc, SyntaxError):
        return syntax_error_to_input_error(exc, source)
    if isinstance(exc, MemoryError):
        return InputError(f"a literal or IRI is longer than {_size(MAX_TERM_BYTES)}, or the "
                          "file does not fit in memory; kg refuses terms that long",
                          source=source)
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return InputError(reason, source=source)


def syntax_error_to_input_error(exc: SyntaxError, source: str) -> InputError:
    """Turn pyoxigraph's parser error into ``source:line:col: reason``."""
    reason = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
    # pyoxigraph prefixes "Parser error at/between line L column C ...: "; keep only the reason.
    if ": " in reason and reason.lower().startswith("parser error"):
        reason = reason.split(": ", 1)[1]
    reason = reason.splitlines()[0] if reason else "syntax error"
    if "No scheme found in an absolute IRI" in reason:
        reason += " (a relative IRI with no base to resolve it against: set --base IRI)"
    return InputError(reason, source=source, line=exc.lineno, column=exc.offset)




class _Trickle:
    """A reader that hands the parser ``step`` bytes at a time (1 byte from ``fine_from`` on),
    so that where it stops shows how far it got."""

    def __init__(self, data: bytes, step: int, fine_from: int):
        self.data, self.step, self.fine_from, self.pos = data, step, fine_from, 0

    def read(self, size: int = -1) -> bytes:
        step = 1 if self.pos >= self.fine_from else min(self.step, self.fine_from - self.pos)
        chunk = self.data[self.pos:self.pos + step]
        self.pos += len(chunk)
        return chunk


def _stop_offset(data: bytes, fmt, base_iri: str | None, step: int, fine_from: int) -> int | None:
    reader = _Trickle(data, step, fine_from)
    try:
        for _ in ox.parse(reader, format=fmt, base_iri=base_iri):
            pass
    except (SyntaxError, ValueError):
        return reader.pos
    return None


def locate_error(data: bytes, fmt, base_iri: str | None = None) -> tuple[int, int] | None:
    """Line and column of the tag where the RDF/XML parser stops (its errors carry none).

    The file is parsed again from a reader that feeds it a little at a time: the error comes
    right after the parser has read the offending tag, so the tag is the last one started.
    """
    from .guard import position

    rough = _stop_offset(data, fmt, base_iri, 4096, len(data))
    if rough is None:
        return None
    stop = _stop_offset(data, fmt, base_iri, 4096, max(0, rough - 8192)) or rough
    start = data.rfind(b"<", 0, stop)
    return position(data, max(start, 0))
