"""Parameter values typed by a user, turned into RDF terms and bound to a query's variables.

Parameters are bound as RDF terms: locally as pyoxigraph substitutions (SEP-0007), remotely as a
``VALUES`` block inserted at the start of the WHERE clause (:func:`kg.query.text.insert_values`),
so a value is never pasted into the query text as SPARQL.

Both ways bind the variable for the whole WHERE clause before it is evaluated, so a parameter must
be a variable the query selects (pyoxigraph refuses others), and an optional parameter must be
bound by a mandatory pattern: bound ahead of an OPTIONAL that would set it, it would stay set on
rows where the OPTIONAL fails to match.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import UsageError

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "string", "integer", "decimal", "boolean", "date")
#: A SPARQL variable name as a parameter may use.
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~4 ms at start-up)
if TYPE_CHECKING:
    from .catalog import Query

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


def infer_type(value: str) -> str:
    """The type an untyped ``-p NAME VALUE`` gets from how its value is written.

    >>> [infer_type(v) for v in ("30000", "2.5", "true", "kgr:Greece", "1918-11-11", "Greece")]
    ['integer', 'decimal', 'boolean', 'iri', 'date', 'string']
    """
    text = value.strip()
    if re.fullmatch(r"[+-]?[0-9]+", text):
        return "integer"
    if re.fullmatch(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+)", text):
        return "decimal"
    if text in ("true", "false"):
        return "boolean"
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?", text):
        return "date"
    return "iri" if looks_like_iri(text) else "string"


def _term_for(value: str, type_: str, resolve_label) -> ox.NamedNode | ox.Literal:
    """``to_term``, except that an IRI parameter given as a label is resolved by ``resolve_label``
    (the same lookup as ``kg describe``) when there is a graph to look in."""
    if type_ == "iri" and resolve_label is not None and not looks_like_iri(value):
        return ox.NamedNode(resolve_label(value))
    return to_term(value, type_)


def bind(query: Query, values: list[tuple[str, str]], resolve_label=None,
         notes: list[str] | None = None) -> dict[str, ox.NamedNode | ox.Literal]:
    """Check ``-p NAME VALUE`` pairs against the header and return variable -> RDF term.

    Unknown or missing parameters are a :class:`UsageError` whose message lists the parameters
    as the header describes them. Without a header, ``NAME`` may carry a type (``NAME:iri``);
    without one the type is inferred from the value (:func:`infer_type`: ``30000`` binds an
    xsd:integer, not the string "30000") and a line saying what was bound is added to ``notes``.
    ``resolve_label(text) -> IRI`` turns labels given for IRI parameters into IRIs. Defaults fill
    in what is not given; optional parameters left out stay unbound.
    """
    header = query.header
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    if header is None:
        for name, value in values:
            pname, _, ptype = name.partition(":")
            if not NAME.match(pname):
                raise UsageError(f"-p {name}: {pname!r} is not a SPARQL variable name")
            if pname in bound:
                raise UsageError(f"-p {pname} is given twice")
            try:
                bound[pname] = to_term(value, ptype or infer_type(value))
            except UsageError as exc:
                raise UsageError(f"-p {pname}: {exc}") from None
            if not ptype and notes is not None:
                term = bound[pname]
                shown = (f"<{term.value}>" if isinstance(term, ox.NamedNode)
                         else f"{term.value!r} ({_short_type(term)})")
                notes.append(f"-p {pname} bound as {shown}; write -p {pname}:TYPE VALUE to "
                             f"choose ({', '.join(PARAM_TYPES)})")
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
            bound[pname] = _term_for(value, param.type, resolve_label)
        except UsageError as exc:
            raise UsageError(f"-p {pname}: {str(exc).rstrip('.')}. {param.usage()}") from None
    for param in header.params:
        if param.name in bound:
            continue
        if param.default is not None:
            bound[param.name] = to_term(param.default, param.type)
        elif param.required:
            raise UsageError(f"{_label(query)} needs the parameter {param.name!r}. "
                             f"{describe_params(query)}")
    return bound


def _short_type(term: ox.Literal) -> str:
    datatype = term.datatype.value
    return "xsd:" + datatype[len(XSD):] if datatype.startswith(XSD) else datatype


def _label(query: Query) -> str:
    return f"query {query.name!r}" if query.name else query.source


def describe_params(query: Query) -> str:
    """The parameters as the header declares them, for usage errors."""
    if query.header is None or not query.header.params:
        return f"{_label(query)} takes no parameters."
    return "Parameters: " + "; ".join(p.usage() for p in query.header.params)


def looks_like_iri(text: str) -> bool:
    """True for ``<IRI>``, ``scheme://...`` or a CURIE with a project prefix; else a label.

    >>> looks_like_iri("kgr:Greece"), looks_like_iri("United Kingdom"), looks_like_iri("<urn:x>")
    (True, False, True)
    """
    text = text.strip()
    if (text.startswith("<") and text.endswith(">")) or "://" in text:
        return True
    match = re.match(r"([A-Za-z][A-Za-z0-9_.-]*)?:", text)
    return bool(match) and (match.group(1) or "") in ns.PREFIXES
