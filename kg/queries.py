"""The query catalog: bundled ``.rq`` files, their strict ``#+`` headers, and parameter binding.

A bundled query is a valid SPARQL file whose first lines are a header in the style of grlc's
``#+`` decorators, written as a small, strict subset of YAML::

    #+ title: Casualties and losses by party and kind
    #+ description: Every loss figure the article gives, with its quantity form; figures the
    #+   source gives as unknown have no minimum.
    #+ kind: select
    #+ params:
    #+   party:
    #+     type: iri
    #+     optional: true
    #+     description: Only the figures of this party (an IRI or a CURIE such as kgr:Greece).
    #+ returns:
    #+   rows: one per loss figure, in the order of the source's list
    #+   columns: [figure, party, kind, form, minimum, maximum]
    #+   bound: [figure, kind, form]
    #+   min-rows: 9

A header that does not parse is an error naming ``file:line``, never a warning. Parameters are
bound as RDF terms: locally as pyoxigraph substitutions (SEP-0007), remotely as a ``VALUES`` block
inserted at the start of the WHERE clause (:func:`insert_values`), so a value is never pasted
into the query text as SPARQL.

Both ways bind the variable for the whole WHERE clause before it is evaluated, so a parameter must
be a variable the query selects (pyoxigraph refuses others), and an optional parameter must be
bound by a mandatory pattern: bound ahead of an OPTIONAL that would set it, it would stay set on
rows where the OPTIONAL fails to match.
"""

from __future__ import annotations

import os
import re
from collections import namedtuple

import pyoxigraph as ox

from . import namespaces as ns
from . import resources
from .errors import InputError, QueryError, UsageError

XSD = "http://www.w3.org/2001/XMLSchema#"

KINDS = ("select", "construct", "ask", "check", "describe")
PARAM_TYPES = ("iri", "string", "integer", "decimal", "boolean", "date")
HEADER_FIELDS = ("title", "description", "kind", "params", "returns")
PARAM_FIELDS = ("type", "default", "optional", "description")
RETURNS_FIELDS = {
    "select": ("rows", "columns", "bound", "min-rows"),
    "check": ("rows", "columns", "bound", "min-rows"),
    "construct": ("rows", "predicates", "min-rows"),
    "describe": ("rows", "predicates", "min-rows"),
    "ask": ("answer",),
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


# ---------------------------------------------------------------------------------------------
# The data model: immutable records built on collections.namedtuple, not dataclasses, because
# importing dataclasses (and the inspect module it needs) costs ~10 ms of every `kg query` start.


class Param(namedtuple("Param", "name type description default optional",
                       defaults=(None, False))):
    """One declared parameter: bound to the query variable of the same name."""

    __slots__ = ()

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def usage(self) -> str:
        """One line for error messages and ``kg queries show``."""
        if self.default is not None:
            how = f"default {self.default}"
        elif self.optional:
            how = "optional"
        else:
            how = "required"
        return f"-p {self.name} {self.type.upper()}  ({how}) {self.description}"


class Returns(namedtuple("Returns", "rows columns bound predicates min_rows answer",
                         defaults=("", (), (), (), 0, ""))):
    """What a query promises to return; tests run every bundled query and check it.

    ``rows``: in words, what one row (or triple) is; ``columns``: select/check result variables,
    in order; ``bound``: columns bound in every row; ``predicates``: construct/describe, the only
    predicates produced; ``min_rows``: on the bundled graph with the default parameters;
    ``answer``: ask, what true means.
    """

    __slots__ = ()


class Header(namedtuple("Header", "title description kind params returns",
                        defaults=((), Returns()))):
    """The parsed ``#+`` header of a query."""

    __slots__ = ()

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


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
    from .rdfio import read_input

    data = read_input(path)
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


# ---------------------------------------------------------------------------------------------
# Header parsing: a strict subset of YAML inside '#+' comment lines


def _header_error(source: str, line: int, reason: str) -> InputError:
    return InputError(reason, source=source, line=line)


def _scalar(raw: str, source: str, line: int) -> str | list[str]:
    """A plain, double-quoted or flow-list ([a, b]) value."""
    raw = raw.strip()
    if raw.startswith('"'):
        import json

        try:
            value = json.loads(raw)
        except ValueError:
            raise _header_error(source, line, f"bad quoted string {raw}") from None
        if not isinstance(value, str):
            raise _header_error(source, line, f"bad quoted string {raw}")
        return value
    if raw.startswith("["):
        if not raw.endswith("]"):
            raise _header_error(source, line, f"unterminated list {raw!r}: write [a, b, c] on "
                                "one line")
        inner = raw[1:-1].strip()
        items = [item.strip() for item in inner.split(",")] if inner else []
        if any(not item for item in items):
            raise _header_error(source, line, f"empty item in list {raw!r}")
        return items
    if raw.startswith(("'", "{", "|", ">", "&", "*", "!", "%", "@", "`", "- ")):
        raise _header_error(source, line, f"unsupported value syntax {raw!r}: use plain text, "
                            "\"double quotes\" or [a, b]")
    return raw


def _parse_tree(lines: list[tuple[int, str]], source: str) -> dict:
    """Parse ``(line number, text after '#+')`` pairs into nested dicts of strings and lists.

    A line ``key: value`` sets a scalar; more-indented lines under a scalar continue it (folded
    with spaces); ``key:`` with nothing after it opens a mapping of the more-indented lines below.
    """
    root: dict = {}
    # stack of (indent, mapping, key of the last scalar or None, its line)
    stack: list[list] = [[-1, root, None, 0]]
    for lineno, content in lines:
        if not content.strip():
            continue
        if content[0] != " ":
            raise _header_error(source, lineno, "a header line must be '#+ key: value' "
                                "(a space after '#+')")
        if "\t" in content:
            raise _header_error(source, lineno, "tabs are not allowed in the header; indent with "
                                "spaces")
        indent = len(content) - len(content.lstrip(" ")) - 1
        text = content.strip()
        while indent <= stack[-1][0]:
            stack.pop()
        top = stack[-1]
        if top[2] is not None:  # continuation of the scalar above
            mapping, key = top[1], top[2]
            if isinstance(mapping[key], list):
                raise _header_error(source, lineno, f"a list value ({key}) cannot continue on the "
                                    "next line")
            mapping[key] = f"{mapping[key]} {text}".strip()
            continue
        match = re.match(r"([A-Za-z_][A-Za-z0-9_-]*):(?:\s+(.*))?\Z", text)
        if not match:
            raise _header_error(source, lineno, f"expected 'key: value', got {text!r}")
        key, raw = match.group(1), match.group(2)
        mapping = top[1]
        if key in mapping:
            raise _header_error(source, lineno, f"duplicate key {key!r}")
        if raw is None or not raw.strip():
            mapping[key] = {}
            stack.append([indent, mapping[key], None, lineno])
            mapping.setdefault("#lines", {})[key] = lineno
        else:
            mapping[key] = _scalar(raw, source, lineno)
            mapping.setdefault("#lines", {})[key] = lineno
            stack.append([indent, mapping, key, lineno])
    return root


def parse_header(text: str, source: str = "query") -> Header | None:
    """Parse the ``#+`` header at the top of a query; ``None`` when there is none.

    Strict: unknown fields, missing fields, bad types and ``#+`` lines after the query has started
    are errors naming ``source:line``.

    >>> h = parse_header("#+ title: T\\n#+ description: D\\n#+ kind: ask\\nASK {}")
    >>> (h.title, h.kind, h.params)
    ('T', 'ask', ())
    """
    lines = text.splitlines()
    header_lines: list[tuple[int, str]] = []
    started = False
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        if stripped.startswith("#+"):
            if started:
                raise _header_error(source, number, "'#+' header lines must come before the query "
                                    "(at the top of the file)")
            if line != stripped:
                raise _header_error(source, number, "'#+' must start the line")
            header_lines.append((number, stripped[2:]))
        elif not stripped and not header_lines:
            continue
        else:
            started = True
    if not header_lines:
        return None
    first = header_lines[0][0]
    tree = _parse_tree(header_lines, source)
    at = tree.get("#lines", {})

    def line_of(key: str, mapping: dict | None = None) -> int:
        return (mapping if mapping is not None else tree).get("#lines", {}).get(key, first)

    for key in tree:
        if key != "#lines" and key not in HEADER_FIELDS:
            raise _header_error(source, at[key], f"unknown header field {key!r} "
                                f"(expected {', '.join(HEADER_FIELDS)})")
    for key in ("title", "description", "kind"):
        if key not in tree:
            raise _header_error(source, first, f"the header has no '{key}:' line")
        if not isinstance(tree[key], str) or not tree[key]:
            raise _header_error(source, at[key], f"'{key}' must be a line of text")
    kind = tree["kind"]
    if kind not in KINDS:
        raise _header_error(source, at["kind"], f"kind must be one of {', '.join(KINDS)}, "
                            f"not {kind!r}")
    actual = query_form(text)
    expected_form = "select" if kind == "check" else kind
    if actual != expected_form:
        raise _header_error(source, at["kind"], f"kind is {kind} but the query is a "
                            f"{actual.upper()} query")

    params: list[Param] = []
    raw_params = tree.get("params", {})
    if "params" in tree and not isinstance(raw_params, dict):
        raise _header_error(source, at["params"], "'params:' must be followed by indented "
                            "parameter names")
    for pname, spec in raw_params.items():
        if pname == "#lines":
            continue
        pline = line_of(pname, raw_params)
        if not _NAME.match(pname):
            raise _header_error(source, pline, f"parameter name {pname!r} is not a SPARQL "
                                "variable name")
        if not isinstance(spec, dict):
            raise _header_error(source, pline, f"parameter {pname!r} needs indented type: and "
                                "description: lines")
        for key in spec:
            if key != "#lines" and key not in PARAM_FIELDS:
                raise _header_error(source, line_of(key, spec), f"unknown parameter field {key!r} "
                                    f"(expected {', '.join(PARAM_FIELDS)})")
        ptype = spec.get("type")
        if ptype not in PARAM_TYPES:
            raise _header_error(source, line_of("type", spec) if "type" in spec else pline,
                                f"parameter {pname!r}: type must be one of "
                                f"{', '.join(PARAM_TYPES)}")
        description = spec.get("description")
        if not isinstance(description, str) or not description:
            raise _header_error(source, pline, f"parameter {pname!r} has no description")
        optional_raw = spec.get("optional", "false")
        if optional_raw not in ("true", "false"):
            raise _header_error(source, line_of("optional", spec), "optional must be true or false")
        default = spec.get("default")
        if default is not None:
            if not isinstance(default, str):
                raise _header_error(source, line_of("default", spec), "default must be one value")
            if optional_raw == "true":
                raise _header_error(source, line_of("default", spec), f"parameter {pname!r}: "
                                    "a parameter with a default is already optional")
            try:
                to_term(default, ptype)
            except UsageError as exc:
                raise _header_error(source, line_of("default", spec), f"default: {exc}") from None
        params.append(Param(pname, ptype, description, default, optional_raw == "true"))

    returns = Returns()
    if "returns" in tree:
        raw_returns = tree["returns"]
        rline = at["returns"]
        if not isinstance(raw_returns, dict):
            raise _header_error(source, rline, "'returns:' must be followed by indented fields")
        allowed = RETURNS_FIELDS[kind]
        for key in raw_returns:
            if key != "#lines" and key not in allowed:
                raise _header_error(source, line_of(key, raw_returns), f"returns: field {key!r} "
                                    f"does not apply to a {kind} query (use {', '.join(allowed)})")

        def as_list(key: str) -> tuple[str, ...]:
            value = raw_returns.get(key, [])
            if not isinstance(value, list):
                raise _header_error(source, line_of(key, raw_returns), f"returns: {key} must be a "
                                    "list [a, b, c]")
            return tuple(value)

        min_rows = raw_returns.get("min-rows", "0")
        if not isinstance(min_rows, str) or not min_rows.isdigit():
            raise _header_error(source, line_of("min-rows", raw_returns), "min-rows must be a "
                                "non-negative integer")
        columns, bound = as_list("columns"), as_list("bound")
        for name in (*columns, *bound):
            if not _NAME.match(name):
                raise _header_error(source, rline, f"returns: {name!r} is not a variable name")
        if not set(bound) <= set(columns):
            raise _header_error(source, line_of("bound", raw_returns), "returns: every bound "
                                "column must be listed in columns")
        predicates = tuple(_expand_curie(p, source, line_of("predicates", raw_returns))
                           for p in as_list("predicates"))
        returns = Returns(rows=raw_returns.get("rows", "") if isinstance(
            raw_returns.get("rows", ""), str) else "", columns=columns, bound=bound,
            predicates=predicates, min_rows=int(min_rows), answer=raw_returns.get("answer", ""))
        if kind in ("select", "check") and not columns:
            raise _header_error(source, rline, "returns: a select query must list its columns")
    elif kind in ("select", "check"):
        raise _header_error(source, first, "the header has no 'returns:' (a select query must "
                            "list its columns)")
    return Header(title=tree["title"], description=tree["description"], kind=kind,
                  params=tuple(params), returns=returns)


def _expand_curie(value: str, source: str, line: int) -> str:
    try:
        return to_term(value, "iri").value
    except UsageError as exc:
        raise _header_error(source, line, str(exc)) from None


# ---------------------------------------------------------------------------------------------
# Parameter values -> RDF terms


def to_term(value: str, type_: str) -> ox.NamedNode | ox.Literal:
    """Turn a parameter value typed on the command line into an RDF term.

    ``iri`` takes ``<...>``, a full IRI or a CURIE with a project prefix; ``date`` keeps the
    precision it is written with (``1918`` -> xsd:gYear, ``1920-09`` -> xsd:gYearMonth,
    ``1918-11-11`` -> xsd:date). Anything else stays a literal, whatever characters it holds.

    >>> to_term("kgr:Greece", "iri").value
    'https://w3id.org/conflict-kg/id/Greece'
    >>> to_term("1920-09", "date")
    <Literal value=1920-09 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#gYearMonth>>
    >>> to_term('x" } ; DROP ALL #', "string").value
    'x" } ; DROP ALL #'
    """
    if type_ == "iri":
        return ox.NamedNode(_iri(value))
    if type_ == "string":
        return ox.Literal(value)
    if type_ == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", value.strip()):
            raise UsageError(f"{value!r} is not an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if type_ == "decimal":
        if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", value.strip()):
            raise UsageError(f"{value!r} is not a decimal number")
        return ox.Literal(value.strip(), datatype=ox.NamedNode(XSD + "decimal"))
    if type_ == "boolean":
        if value not in ("true", "false"):
            raise UsageError(f"{value!r} is not a boolean: use true or false")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))
    if type_ == "date":
        return _date(value)
    raise UsageError(f"unknown parameter type {type_!r} (use {', '.join(PARAM_TYPES)})")


def _iri(value: str) -> str:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        candidate = value[1:-1]
    else:
        match = re.match(r"([A-Za-z][A-Za-z0-9_.-]*)?:(.*)\Z", value)
        if not match:
            raise UsageError(f"{value!r} is not an IRI: write a full IRI, <IRI> or a CURIE such "
                             "as kgr:Greece")
        prefix, local = match.group(1) or "", match.group(2)
        if prefix in ns.PREFIXES:
            candidate = ns.PREFIXES[prefix] + local
        elif local.startswith("//") or prefix in ("urn", "mailto", "tag", "doi", "info"):
            candidate = value
        else:
            raise UsageError(f"{value!r}: unknown prefix {prefix!r} (known: "
                             f"{', '.join(ns.PREFIXES)}); write a full IRI in <...>")
    try:
        ox.NamedNode(candidate)
    except ValueError as exc:
        raise UsageError(f"{value!r} is not a valid IRI ({exc})") from None
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", candidate):
        raise UsageError(f"{value!r} is not an absolute IRI")
    return candidate


def _date(value: str) -> ox.Literal:
    import datetime

    value = value.strip()
    try:
        if re.fullmatch(r"-?[0-9]{4}", value):
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYear"))
        if re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYearMonth"))
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            datetime.date.fromisoformat(value)
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    except ValueError:
        pass
    raise UsageError(f"{value!r} is not a date: write 1918, 1920-09 or 1918-11-11")


def bind(query: Query, values: list[tuple[str, str]]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Check ``-p NAME VALUE`` pairs against the header and return variable -> RDF term.

    Unknown or missing parameters are a :class:`UsageError` whose message lists the parameters
    as the header describes them. Without a header, ``NAME`` may carry a type (``NAME:iri``);
    the default type is ``string``. Defaults fill in what is not given; optional parameters left
    out stay unbound.
    """
    header = query.header
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    if header is None:
        for name, value in values:
            pname, _, ptype = name.partition(":")
            if not _NAME.match(pname):
                raise UsageError(f"-p {name}: {pname!r} is not a SPARQL variable name")
            if pname in bound:
                raise UsageError(f"-p {pname} is given twice")
            try:
                bound[pname] = to_term(value, ptype or "string")
            except UsageError as exc:
                raise UsageError(f"-p {pname}: {exc}") from None
        return bound
    for name, value in values:
        pname, _, ptype = name.partition(":")
        param = header.param(pname)
        if param is None:
            raise UsageError(f"{_label(query)} has no parameter {pname!r}. "
                             f"{describe_params(query)}")
        if ptype and ptype != param.type:
            raise UsageError(f"-p {name}: the parameter {pname!r} has type {param.type}")
        if pname in bound:
            raise UsageError(f"-p {pname} is given twice")
        try:
            bound[pname] = to_term(value, param.type)
        except UsageError as exc:
            raise UsageError(f"-p {pname}: {exc}. {param.usage()}") from None
    for param in header.params:
        if param.name in bound:
            continue
        if param.default is not None:
            bound[param.name] = to_term(param.default, param.type)
        elif param.required:
            raise UsageError(f"{_label(query)} needs the parameter {param.name!r}. "
                             f"{describe_params(query)}")
    return bound


def _label(query: Query) -> str:
    return f"query {query.name!r}" if query.name else query.source


def describe_params(query: Query) -> str:
    """The parameters as the header declares them, for usage errors."""
    if query.header is None or not query.header.params:
        return f"{_label(query)} takes no parameters."
    return "Parameters: " + "; ".join(p.usage() for p in query.header.params)


# ---------------------------------------------------------------------------------------------
# A small SPARQL tokenizer: enough to find the query form, the PREFIX declarations and the
# WHERE clause without ever confusing braces inside strings, IRIs or comments.

_TOKEN_PATTERN = r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>[A-Za-z][\w.-]*:[\w.:%-]*|:[\w.:%-]*)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<punct>[{}()\[\]]|.)
"""
_token_re: re.Pattern | None = None


Token = namedtuple("Token", "kind text start")


def tokens(text: str) -> list[Token]:
    """Significant tokens of a SPARQL text (no whitespace or comments)."""
    global _token_re
    if _token_re is None:  # compiled on first use: keeps `import kg.queries` cheap
        _token_re = re.compile(_TOKEN_PATTERN, re.X | re.S)
    out = []
    for match in _token_re.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            out.append(Token(kind, match.group(), match.start()))
    return out


def query_form(text: str) -> str:
    """``select``, ``construct``, ``ask`` or ``describe``: the first form keyword of the query.

    >>> query_form("PREFIX x: <http://x/> # SELECT in a comment\\nASK { ?s ?p 'SELECT' }")
    'ask'
    """
    for tok in tokens(text):
        if tok.kind == "word" and tok.text.upper() in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            return tok.text.lower()
    return "select"


def declared_prefixes(text: str) -> set[str]:
    """Prefixes the query declares with PREFIX."""
    toks = tokens(text)
    found = set()
    for i, tok in enumerate(toks[:-1]):
        if tok.kind == "word" and tok.text.upper() == "PREFIX" and toks[i + 1].kind == "pname":
            found.add(toks[i + 1].text.split(":", 1)[0])
    return found


def with_project_prefixes(text: str) -> tuple[str, int]:
    """Prepend, on one line, the project PREFIXes the query does not declare itself.

    Returns the new text and how many lines were added (0 or 1), so error positions can be
    given in the user's own lines.
    """
    declared = declared_prefixes(text)
    missing = [(p, iri) for p, iri in ns.PREFIXES.items() if p not in declared]
    if not missing:
        return text, 0
    return " ".join(f"PREFIX {p}: <{iri}>" for p, iri in missing) + "\n" + text, 1


def _matching_brace(toks: list[Token], open_index: int) -> int:
    depth = 0
    for i in range(open_index, len(toks)):
        if toks[i].text == "{":
            depth += 1
        elif toks[i].text == "}":
            depth -= 1
            if depth == 0:
                return i
    raise QueryError("unbalanced braces")


def _where_brace(toks: list[Token]) -> int | None:
    """Index of the token ``{`` that opens the query's WHERE clause (None: short CONSTRUCT)."""
    form_at = next((i for i, t in enumerate(toks) if t.kind == "word"
                    and t.text.upper() in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")), None)
    if form_at is None:
        return None
    i = form_at + 1
    if toks[form_at].text.upper() == "CONSTRUCT":
        if i < len(toks) and toks[i].text == "{":
            i = _matching_brace(toks, i) + 1  # skip the template
        else:
            return None  # CONSTRUCT WHERE { ... }: the template is the pattern
    depth = 0
    for j in range(i, len(toks)):
        text = toks[j].text
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "{" and depth == 0:
            return j
    return None


def values_block(bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """A SPARQL ``VALUES`` block for one row of bindings, each term in N-Triples syntax.

    The terms are serialized by pyoxigraph, which escapes quotes, backslashes and newlines, so
    the text of a value can never end the literal.

    >>> values_block({"q": ox.Literal('a" } DROP ALL #')})
    'VALUES (?q) { ("a\\\\" } DROP ALL #") }'
    """
    names = sorted(bindings)
    return ("VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
            + " ".join(str(bindings[n]) for n in names) + ") }")


def insert_values(text: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Bind parameters for a remote endpoint: a ``VALUES`` block at the start of the WHERE clause.

    Joined first in the outermost group, the block binds the variables for the whole WHERE
    clause, as substitution does locally. A WHERE clause that is a sub-select is wrapped
    (``{ VALUES ... { SELECT ... } }``); the short ``CONSTRUCT WHERE`` form gets a trailing VALUES
    clause (SPARQL 1.1 section 10.2.2).
    """
    if not bindings:
        return text
    block = values_block(bindings)
    toks = tokens(text)
    at = _where_brace(toks)
    if at is None:
        if query_form(text) == "construct":
            return text.rstrip() + "\n" + block + "\n"
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    brace = toks[at]
    nxt = toks[at + 1] if at + 1 < len(toks) else None
    if nxt is not None and nxt.kind == "word" and nxt.text.upper() == "SELECT":
        close = toks[_matching_brace(toks, at)]
        return (text[:brace.start + 1] + " " + block + " {" + text[brace.start + 1:close.start]
                + "} " + text[close.start:])
    return text[:brace.start + 1] + " " + block + " " + text[brace.start + 1:]
