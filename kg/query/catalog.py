"""The query catalog: bundled ``.rq`` files by name, and query files or texts read as queries."""

from __future__ import annotations

import os
from collections import namedtuple

from .. import resources
from ..errors import InputError, UsageError
from .header import parse_header
from .text import query_form


class Query(namedtuple("Query", "text source name header path",
                       defaults=("query", None, None, None))):
    """A SPARQL query and where it came from (``source`` names it in error messages)."""

    __slots__ = ()

    @property
    def kind(self) -> str:
        """select, construct, ask, describe or check (a SELECT whose rows are problems)."""
        if self.header:
            return self.header.kind
        return query_form(self.text)

    @property
    def title(self) -> str:
        return self.header.title if self.header else ""




# ---------------------------------------------------------------------------------------------
# The catalog


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def catalog() -> dict[str, str]:
    """Bundled query name (file stem) -> file, by name; two files with one stem are an error."""
    found: dict[str, str] = {}
    for path in resources.query_paths():
        stem = _stem(path)
        if stem in found:
            raise InputError(f"two bundled queries are named {stem!r} "
                             f"({found[stem]} and {path})", source=path)
        found[stem] = path
    return dict(sorted(found.items()))


def load_bundled(name: str) -> Query:
    """The bundled query ``name``; an unknown name is a :class:`UsageError` listing the names."""
    queries = catalog()
    path = queries.get(name)
    if path is None:
        import difflib

        close = sorted({*difflib.get_close_matches(name.lower(), queries, n=3, cutoff=0.7),
                        *(n for n in queries if name.lower() in n or n in name.lower())})
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"Unknown query {name!r}.{hint} `kg queries` lists the bundled queries: "
                         f"{', '.join(queries)}.")
    return load_file(path, name=name, require_header=True)


def load_file(path: str | os.PathLike, name: str | None = None,
              require_header: bool = False) -> Query:
    """Read a ``.rq`` file and parse its header (a file without ``#+`` lines has none)."""
    from ..store.formats import read_input
    from ..store.guard import MAX_QUERY_BYTES

    data = read_input(path, MAX_QUERY_BYTES, what="query")
    source = "-" if str(path) == "-" else str(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 ({exc.reason} at byte {exc.start})", source=source) from None
    header = parse_header(text, source)
    if header is None and require_header:
        raise InputError("bundled query without a '#+' header", source=source, line=1)
    return Query(text=text, source=source, header=header,
                 name=name or (_stem(source) if source != "-" else None),
                 path=None if source == "-" else source)


def from_text(text: str, source: str = "query") -> Query:
    """A query given on the command line (``-e``) or by a program; ``#+`` headers are honoured."""
    return Query(text=text, source=source, header=parse_header(text, source))
