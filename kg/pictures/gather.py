"""What each picture needs, read from a Store with SPARQL into plain tuples (no drawing here).

Every reader returns what it found and what it could not use (undated events, places without
coordinates), so a picture can list the missing instead of dropping it, and raises
:class:`~kg.errors.NothingToDraw` when nothing at all can be drawn. Results are sorted, so the
same data always gives the same picture.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .. import namespaces as ns
from ..errors import NothingToDraw
from .dates import DaySpan, parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.store import Store

KG = ns.ONTOLOGY
PREFIXES = ns.sparql_prefixes() + (
    "PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>\n"
    "PREFIX gsp: <http://www.opengis.net/ont/geosparql#>\n"
    "PREFIX sdo: <http://schema.org/>\n"
)


def select(store: Store, sparql: str) -> list[dict[str, object]]:
    """Rows of a SELECT as dicts of pyoxigraph terms (unbound variables left out)."""
    answer = store.query(PREFIXES + sparql, source="picture")
    names = [v.value for v in answer.variables]
    return [{n: row[n] for n in names if row[n] is not None} for row in answer]


def local_name(iri: str) -> str:
    """A readable name from an IRI's last segment.

    >>> local_name("https://w3id.org/conflict-kg/ontology#CapturedMateriel")
    'captured materiel'
    """
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", tail).replace("_", " ").lower() or iri


def labels(store: Store, iris: set[str] | list[str]) -> dict[str, str]:
    """One label per IRI: English first, then untagged, then any; the local name if none."""
    iris = sorted(set(iris))
    found: dict[str, tuple] = {}
    for start in range(0, len(iris), 500):
        values = " ".join(f"<{i}>" for i in iris[start:start + 500])
        for row in select(store, f"SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {values} }} "
                                 "VALUES ?p { rdfs:label skos:prefLabel } ?s ?p ?l }"):
            lang = getattr(row["l"], "language", None) or ""
            rank = (0 if lang.startswith("en") else 1 if not lang else 2,
                    row["p"].value.endswith("prefLabel"), row["l"].value)
            key = row["s"].value
            if key not in found or rank < found[key]:
                found[key] = rank
    return {i: found[i][2] if i in found else local_name(i) for i in iris}


# ---- timeline ------------------------------------------------------------------------------

class Item(NamedTuple):
    """Something with a date: a conflict, campaign or event, with where it sits in the tree."""

    iri: str
    label: str
    kind: str
    start: DaySpan | None
    end: DaySpan | None
    date: DaySpan | None
    end_by: DaySpan | None      # kg:endNoLaterThan: "by 1925"
    parent: str | None


class Contradiction(NamedTuple):
    number: int
    issue: str
    subject: str
    subject_label: str
    other: str | None
    other_label: str
    detail: str


class Timeline(NamedTuple):
    items: list[Item]            # dated items and their undated ancestors (kind ends "undated")
    undated: list[tuple[str, str, str]]   # (iri, label, why) events the data gives no date for
    contradictions: list[Contradiction]
    ends: dict[str, list[str]]   # event -> the conflicts it ends


_DATE_PROPS = {KG + "startDate": "start", KG + "endDate": "end", KG + "date": "date",
               KG + "endNoLaterThan": "end_by"}


def timeline(store: Store) -> Timeline:
    """Everything with a date, the part-of tree, undated events and the article's contradictions.

    :raises NothingToDraw: no kg:startDate, kg:endDate, kg:date or kg:endNoLaterThan anywhere.
    """
    dates: dict[str, dict[str, DaySpan]] = {}
    unreadable: dict[str, str] = {}
    for row in select(store, """SELECT ?s ?p ?d WHERE {
        VALUES ?p { kg:startDate kg:endDate kg:date kg:endNoLaterThan }
        ?s ?p ?d . FILTER(isIRI(?s)) FILTER NOT EXISTS { ?s a kg:Participation } }"""):
        term = row["d"]
        datatype = getattr(term, "datatype", None)
        span = parse(term.value, datatype.value if datatype is not None else "")
        slot = _DATE_PROPS[row["p"].value]
        subject = row["s"].value
        if span is None:
            unreadable[subject] = f"{local_name(row['p'].value)} {term.value!r} is not a date"
        elif slot not in dates.get(subject, {}) or span.first < dates[subject][slot].first:
            dates.setdefault(subject, {})[slot] = span
    if not dates:
        raise NothingToDraw("nothing to draw a timeline from: no kg:startDate, kg:endDate, "
                            "kg:date or kg:endNoLaterThan in the data")
    parents: dict[str, str] = {}
    for row in select(store, "SELECT ?part ?whole WHERE { { ?part kg:partOf ?whole } UNION "
                             "{ ?whole kg:hasPart ?part } FILTER(isIRI(?part) && isIRI(?whole)) }"
                             " ORDER BY ?part ?whole"):
        parents.setdefault(row["part"].value, row["whole"].value)
    ends: dict[str, list[str]] = {}
    for row in select(store, "SELECT ?e ?c WHERE { ?e kg:ends ?c } ORDER BY ?e ?c"):
        ends.setdefault(row["e"].value, []).append(row["c"].value)
    # the drawn tree: dated items plus every ancestor (an undated whole still heads its parts)
    members = set(dates)
    for iri in list(dates):
        seen = {iri}
        while iri in parents and parents[iri] not in seen:
            iri = parents[iri]
            seen.add(iri)
            members.add(iri)
    undated_rows = select(store, """SELECT DISTINCT ?s WHERE {
        { ?s kg:partOf ?w } UNION { ?w kg:hasPart ?s } UNION
        { ?s a ?c . ?c rdfs:subClassOf* kg:Event }
        FILTER(isIRI(?s))
        FILTER NOT EXISTS { ?s kg:startDate|kg:endDate|kg:date|kg:endNoLaterThan ?any }
        FILTER NOT EXISTS { ?s a kg:Participation } }""")
    undated_iris = {r["s"].value for r in undated_rows} - members
    kinds = _kinds(store, members | undated_iris)
    names = labels(store, members | undated_iris | set(unreadable))
    items = []
    for iri in sorted(members):
        d = dates.get(iri, {})
        kind = kinds.get(iri, "") if d else "undated"
        items.append(Item(iri, names[iri], kind, d.get("start"), d.get("end"), d.get("date"),
                          d.get("end_by"), parents.get(iri) if parents.get(iri) in members
                          else None))
    undated = []
    for iri in sorted(undated_iris | set(unreadable)):
        parent = parents.get(iri)
        whole = (names.get(parent) or labels(store, [parent])[parent]) if parent else ""
        why = unreadable.get(iri) or (f"part of {whole}" if parent else kinds.get(iri, "event"))
        undated.append((iri, names[iri], why))
    return Timeline(items, sorted(undated, key=lambda u: (u[1], u[0])),
                    contradictions(items, parents, ends), ends)


def _kinds(store: Store, iris: set[str]) -> dict[str, str]:
    """The label of each IRI's most specific kg: class (the first, sorted, if several)."""
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(iris))
    found: dict[str, str] = {}
    for row in select(store, f"""SELECT ?s ?c WHERE {{ VALUES ?s {{ {values} }} ?s a ?c
        FILTER NOT EXISTS {{ ?s a ?sub . ?sub rdfs:subClassOf+ ?c FILTER(?sub != ?c) }} }}
        ORDER BY ?s ?c"""):
        found.setdefault(row["s"].value, row["c"].value)
    names = labels(store, set(found.values()))
    return {s: names[c] for s, c in found.items()}


def contradictions(items: list[Item], parents: dict[str, str],
                   ends: dict[str, list[str]]) -> list[Contradiction]:
    """Dates that cannot all be true, compared as day spans at their own precision.

    The same four checks as the bundled ``contradictions`` query (a part starting before its
    whole or ending after it, an event ending a conflict after that conflict's end, an end
    before a start) with the same wording and the same day-span comparison, done in Python
    because the timeline ties each contradiction to its bars.
    """
    by_iri = {i.iri: i for i in items}
    found: list[tuple[str, str, str, str | None, str, str]] = []
    for item in items:
        whole = by_iri.get(parents.get(item.iri, ""))
        if whole and item.start and whole.start and item.start.last <= whole.start.first:
            found.append((item.label, "part starts before its whole", item.iri, whole.iri,
                          whole.label, f"starts {item.start.label}, but the conflict it is part"
                                       f" of starts {whole.start.label}"))
        if whole and item.end and whole.end and item.end.first >= whole.end.last:
            found.append((item.label, "part ends after its whole", item.iri, whole.iri,
                          whole.label, f"ends {item.end.label}, but the conflict it is part of"
                                       f" ends {whole.end.label}"))
        if item.start and item.end and item.end.last <= item.start.first:
            found.append((item.label, "ends before it starts", item.iri, None, "",
                          f"starts {item.start.label} but ends {item.end.label}"))
        when = item.date or item.start
        for ended in ends.get(item.iri, []):
            target = by_iri.get(ended)
            if when and target and target.end and when.first >= target.end.last:
                found.append((target.label, "ended after its end", target.iri, item.iri,
                              item.label, f"dated as ending {target.end.label}, but an event "
                                          f"dated {when.label} ends it"))
    found.sort(key=lambda f: (f[1], f[0], f[2], f[3] or ""))
    return [Contradiction(n, issue, subject, label, other, other_label, detail)
            for n, (label, issue, subject, other, other_label, detail) in enumerate(found, 1)]


# ---- figures -------------------------------------------------------------------------------

class Figure(NamedTuple):
    """A strength or loss figure and its form: exact, range, lower, upper, approximate,
    qualitative (words, no number) or unknown."""

    iri: str
    label: str
    panel: str          # "strength" or the loss kind's IRI
    panel_label: str
    unit_label: str
    side: str | None
    side_label: str
    party: str | None
    party_label: str
    form: str
    value: float | None
    lower: float | None
    upper: float | None
    position: int
    captured_by: str


_FORMS = {"Exact": "exact", "Range": "range", "LowerBound": "lower", "UpperBound": "upper",
          "Approximate": "approximate", "UnknownQuantity": "unknown", "Unknown": "unknown",
          "Qualitative": "qualitative"}


def _number(term) -> float | None:
    try:
        return float(term.value) if term is not None else None
    except ValueError:
        return None


def figures(store: Store) -> list[Figure]:
    """Every kg:StrengthEstimate and kg:LossFigure (or other kg:Figure) with its numbers.

    The form is the data's kg:quantityForm; without one it follows the numbers given.

    :raises NothingToDraw: no figures in the data.
    """
    rows = select(store, """SELECT ?f ?type ?side ?party ?kind ?unit ?form ?value ?lower ?upper
                                   ?pos ?by WHERE {
        ?f a ?type .
        { VALUES ?type { kg:StrengthEstimate kg:LossFigure kg:Figure } } UNION
        { ?type rdfs:subClassOf+ kg:Figure }
        OPTIONAL { ?f kg:onSide ?side } OPTIONAL { ?f kg:party ?party }
        OPTIONAL { ?f kg:lossKind ?kind } OPTIONAL { ?f kg:unit ?unit }
        OPTIONAL { ?f kg:quantityForm ?form } OPTIONAL { ?f kg:value ?value }
        OPTIONAL { ?f kg:lowerBound ?lower } OPTIONAL { ?f kg:upperBound ?upper }
        OPTIONAL { ?f kg:listPosition ?pos } OPTIONAL { ?f kg:capturedBy ?by }
    } ORDER BY ?f ?type ?party ?side""")
    if not rows:
        raise NothingToDraw("nothing to chart: no strength or loss figures (kg:StrengthEstimate,"
                            " kg:LossFigure) in the data")
    first: dict[str, dict] = {}
    for row in rows:
        key = row["f"].value
        # a StrengthEstimate row wins over a plain Figure row for the same node
        if key not in first or row["type"].value.endswith("StrengthEstimate"):
            first[key] = row
    iris = set(first)
    for row in first.values():
        iris |= {row[k].value for k in ("side", "party", "kind", "unit", "by") if k in row}
    names = labels(store, iris)
    out = []
    for iri, row in sorted(first.items()):
        value, lower, upper = (_number(row.get(k)) for k in ("value", "lower", "upper"))
        form = _FORMS.get(local_name(row["form"].value).title().replace(" ", ""), "") \
            if "form" in row else ""
        if not form:
            form = ("exact" if value is not None else "range" if lower is not None and upper
                    is not None else "lower" if lower is not None else "upper" if upper is not None
                    else "unknown")
        strength = row["type"].value.endswith("StrengthEstimate")
        kind = row["kind"].value if "kind" in row else None
        panel = "strength" if strength else kind or "losses"
        panel_label = "strength" if strength else names[kind] if kind else "losses"
        get = lambda k, row=row: row[k].value if k in row else None  # noqa: E731
        out.append(Figure(iri, names[iri], panel, panel_label,
                          names[get("unit")] if get("unit") else "",
                          get("side"), names[get("side")] if get("side") else "",
                          get("party"), names[get("party")] if get("party") else "",
                          form, value, lower, upper,
                          int(float(row["pos"].value)) if "pos" in row else 0,
                          names[get("by")] if get("by") else ""))
    return out
