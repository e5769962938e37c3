"""The Wikidata queries reconciliation and ``kg link --check`` send, and what they return.

Standard SPARQL 1.1 over Wikidata's RDF layout only: no ``wikibase:label`` service, no
``mwapi``; labels come from ``rdfs:label`` / ``skos:altLabel``, descriptions from
``schema:description``, types from ``wdt:P31`` / ``wdt:P279*``, redirects from ``owl:sameAs``.
Item lists travel in ``VALUES`` blocks of at most ``chunk`` items.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from .config import WD, WD_SCHEMA, WDT, WIKIDATA_PREFIXES, qid_of

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
DATE_PROPERTIES = {"P571": "inception", "P576": "dissolved", "P580": "start",
                   "P582": "end", "P585": "point in time"}


@dataclass
class Item:
    """What reconciliation needs to know about one Wikidata item."""

    qid: str
    labels: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    types: set[str] = field(default_factory=set)            # P31 values (QIDs)
    dates: dict[str, list[str]] = field(default_factory=dict)  # P571/P576/P580/P582/P585
    redirect: str | None = None                              # owl:sameAs target QID
    exists: bool = False                                     # any triple at all?

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else ""


def chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _values(variable: str, terms: Iterable[str]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(terms)} }}"


def _literal(text: str, language: str) -> str:
    return str(ox.Literal(text, language=language))


def candidates_by_name(client, names: Sequence[str], language: str,
                       chunk: int = 40) -> dict[str, set[str]]:
    """name -> QIDs of the items whose label or alias in ``language`` is exactly that name."""
    found: dict[str, set[str]] = {}
    for part in chunks(sorted(set(names)), chunk):
        query = WIKIDATA_PREFIXES + f"""SELECT DISTINCT ?name ?item WHERE {{
  {_values("name", (_literal(n, language) for n in part))}
  {{ ?item rdfs:label ?name }} UNION {{ ?item skos:altLabel ?name }}
  FILTER(STRSTARTS(STR(?item), "{WD}Q"))
}}"""
        for row in client.select(query):
            qid = qid_of(row["item"].value)
            if qid:
                found.setdefault(row["name"].value, set()).add(qid)
    return found


def describe_items(client, qids: Sequence[str], language: str,
                   chunk: int = 40) -> dict[str, Item]:
    """Labels, aliases, description, P31 types, dates and redirects of each item."""
    items = {qid: Item(qid) for qid in qids}
    predicates = [f"<{RDFS_LABEL}>", f"<{SKOS_ALT}>", f"<{WD_SCHEMA}description>",
                  f"<{OWL_SAME_AS}>", "wdt:P31"] + [f"wdt:{p}" for p in DATE_PROPERTIES]
    for part in chunks(sorted(items), chunk):
        query = WIKIDATA_PREFIXES + f"""SELECT ?item ?p ?o WHERE {{
  {_values("item", (f"wd:{q}" for q in part))}
  {_values("p", predicates)}
  ?item ?p ?o .
  FILTER(!isLITERAL(?o) || LANG(?o) = "" || LANG(?o) = "{language}")
}}"""
        for row in client.select(query):
            item = items.get(qid_of(row["item"].value) or "")
            if item is None:
                continue
            item.exists = True
            _add_fact(item, row["p"].value, row["o"])
        exists = WIKIDATA_PREFIXES + f"""SELECT DISTINCT ?item WHERE {{
  {_values("item", (f"wd:{q}" for q in part if not items[q].exists))}
  ?item ?p ?o .
}}"""
        if any(not items[q].exists for q in part):
            for row in client.select(exists):
                qid = qid_of(row["item"].value)
                if qid in items:
                    items[qid].exists = True
    return items


def _add_fact(item: Item, predicate: str, value) -> None:
    if predicate == RDFS_LABEL:
        item.labels.append(value.value)
    elif predicate == SKOS_ALT:
        item.aliases.append(value.value)
    elif predicate == WD_SCHEMA + "description":
        item.description = value.value
    elif predicate == OWL_SAME_AS:
        item.redirect = qid_of(value.value) or value.value
    elif predicate == WDT + "P31":
        qid = qid_of(value.value)
        if qid:
            item.types.add(qid)
    elif predicate.startswith(WDT):
        item.dates.setdefault(predicate[len(WDT):], []).append(value.value)


def _pairs(client, qids: Sequence[str], others: Iterable[str], pattern: str, chunk: int,
           skip_self: bool = False) -> dict[str, set[str]]:
    """item -> the ``others`` (?other) that ``pattern`` relates it (?item) to, in VALUES batches."""
    others = sorted(set(others))
    out: dict[str, set[str]] = {}
    if not others:
        return out
    for part in chunks(sorted(set(qids)), chunk):
        query = WIKIDATA_PREFIXES + f"""SELECT DISTINCT ?item ?other WHERE {{
  {_values("item", (f"wd:{q}" for q in part))}
  {_values("other", (f"wd:{q}" for q in others))}
  {pattern}
}}"""
        for row in client.select(query):
            item, other = qid_of(row["item"].value), qid_of(row["other"].value)
            if item and other and not (skip_self and item == other):
                out.setdefault(item, set()).add(other)
    return out


def type_fits(client, qids: Sequence[str], classes: Iterable[str],
              chunk: int = 25) -> dict[str, set[str]]:
    """item -> the classes among ``classes`` that it is an instance of (``wdt:P31/wdt:P279*``)."""
    return _pairs(client, qids, classes, "?item wdt:P31/wdt:P279* ?other .", chunk)


def related(client, qids: Sequence[str], known: Iterable[str],
            chunk: int = 25) -> dict[str, set[str]]:
    """item -> the ``known`` items it is directly connected to by a ``wdt:`` statement."""
    return _pairs(client, qids, known,
                  f'{{ ?item ?p ?other }} UNION {{ ?other ?p ?item }}\n'
                  f'  FILTER(STRSTARTS(STR(?p), "{WDT}"))', chunk, skip_self=True)
