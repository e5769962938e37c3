"""``kg describe`` as text: an entity's types, labels and facts grouped by property, with quotes."""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import compact

XSD = "http://www.w3.org/2001/XMLSchema#"
_PRECISION = {XSD + "gYear": "year", XSD + "gYearMonth": "month", XSD + "date": "day"}


def _quote(q) -> str:
    return f"\u201c{q.text.replace(chr(10), chr(92) + 'n')}\u201d [{q.begin}\u2013{q.end}]"


def _term(term, names: dict[str, str]) -> str:
    if isinstance(term, ox.NamedNode):
        label = names.get(term.value)
        short = compact(term.value)
        return f"{label} ({short})" if label else short
    if isinstance(term, ox.Literal):
        precision = _PRECISION.get(term.datatype.value)
        return f"{term.value} ({precision})" if precision else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _property(iri: str, names: dict[str, str], incoming: bool) -> str:
    label = names.get(iri)
    text = f"{label}  ({compact(iri)})" if label else compact(iri)
    return f"\u2190 {text}" if incoming else text


def render_text(desc) -> str:
    """The description for people: a header, then one block per property.

    Outgoing statements (the entity is the subject) come first; incoming ones (another entity or
    fact points at this one) follow, their headings marked with an arrow.
    """
    names = desc.names
    out = []
    title = desc.labels[0] if desc.labels else compact(desc.iri)
    out.append(f"{title}  {compact(desc.iri)}")
    out.append(f"  <{desc.iri}>")
    width = 10
    for type_iri in desc.types:
        out.append(f"{'type':<{width}}{_term(ox.NamedNode(type_iri), names)}")
    for label in desc.labels:
        out.append(f"{'label':<{width}}{label}")
    for label in desc.alt_labels:
        out.append(f"{'also':<{width}}{label}")
    for i, q in enumerate(desc.quotes):
        out.append(f"{'source' if i == 0 else '':<{width}}{_quote(q)}")

    groups: dict[tuple[str, str], list] = {}
    for fact in desc.facts:
        groups.setdefault((fact.direction, fact.property), []).append(fact)

    def order(key):
        direction, prop = key
        return (direction != "out", (names.get(prop) or compact(prop)).casefold(), prop)

    for key in sorted(groups, key=order):
        direction, prop = key
        out.append("")
        out.append(_property(prop, names, direction == "in"))
        for fact in groups[key]:
            head = _term(fact.value, names)
            if fact.via:
                kinds = [names.get(o.value, "") for p, o in fact.details
                         if p.endswith("#type") and isinstance(o, ox.NamedNode)]
                kind = next((k for k in kinds if k), "")
                head = f"{kind} {compact(fact.via)}".strip()
                if fact.via in names:
                    head += f" \u201c{names[fact.via]}\u201d"
            out.append(f"  \u2022 {head}")
            shown = [(p, o) for p, o in fact.details
                     if not p.endswith("#type") and p != "http://www.w3.org/2000/01/rdf-schema#label"]
            if shown:
                parts = [f"{names.get(p) or compact(p)}: {_term(o, names)}" for p, o in shown]
                out.append("      " + "; ".join(parts))
            for q in fact.quotes:
                out.append(f"      {_quote(q)}")
    return "\n".join(out) + "\n"
