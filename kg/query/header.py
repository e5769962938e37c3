"""The strict ``#+`` header of a query file: parsed into what a query declares and promises.

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

A header that does not parse is an error naming ``file:line``, never a warning.
"""

from __future__ import annotations

import re
from collections import namedtuple

from ..errors import InputError, UsageError
from .binding import NAME, PARAM_TYPES, to_term
from .text import query_form

KINDS = ("select", "construct", "ask", "check", "describe")
HEADER_FIELDS = ("title", "description", "kind", "params", "returns")
PARAM_FIELDS = ("type", "default", "optional", "description")
RETURNS_FIELDS = {
    "select": ("rows", "columns", "bound", "min-rows"),
    "check": ("rows", "columns", "bound", "min-rows"),
    "construct": ("rows", "predicates", "min-rows"),
    "describe": ("rows", "predicates", "min-rows"),
    "ask": ("answer",),
}


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
        if not NAME.match(pname):
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
            if not NAME.match(name):
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
