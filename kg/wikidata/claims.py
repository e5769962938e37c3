"""What the article states about the linked items, in Wikidata's terms, each with its quote.

One :class:`Claim` per statement the graph supports on an item it links with
``skos:exactMatch``: part of (P361), has part (P527), location (P276), participant (P710, from
participation nodes and event agents), start / end time / point in time (P580 / P582 / P585) with
the precision the datatype carries (xsd:gYear 9, xsd:gYearMonth 10, xsd:date 11), and figures:
losses by kind (the ontology's ``kg:wikidataProperty`` on the loss kind: P1120 deaths, P1339
injured, P1446 missing) and strength (P1132 number of participants), tied to their party by a
qualifier. The property mapping comes from the ontology's annotations, as in ``to_wikidata``.

A claim that cannot be written honestly is *held* with the reason: a lower bound ("938+"), a
figure the source attributes to no party, a second figure of the same kind for the same party.
Statements whose subject or value has no exact Wikidata link are counted, not compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from .config import WD, qid_of

KG = "https://w3id.org/conflict-kg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PRECISION = {XSD + "gYear": 9, XSD + "gYearMonth": 10, XSD + "date": 11}
ITEM_PROPERTIES = ("P361", "P527", "P276", "P710")
TIME_PROPERTIES = ("P580", "P582", "P585")
PARTY_QUALIFIER = "P518"   # applies to part; of (P642) is being deprecated on Wikidata

_PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX wd: <{WD}>
"""

_DIRECT = _PREFIXES + """SELECT DISTINCT ?node ?thing ?pid ?value WHERE {
  VALUES ?top { kg:Event kg:Party kg:Person kg:Place }
  ?thing a ?class . ?class rdfs:subClassOf* ?top .
  FILTER(STRSTARTS(STR(?thing), "https://w3id.org/conflict-kg/id/"))
  ?thing ?property ?value .
  ?property kg:wikidataProperty ?wdProperty .
  BIND(STRAFTER(STR(?wdProperty), STR(wd:)) AS ?pid)
  FILTER(?pid IN ("P361", "P527", "P276", "P710", "P580", "P582", "P585"))
  BIND(?thing AS ?node)
}"""

_PARTICIPATIONS = _PREFIXES + """SELECT DISTINCT ?node ?thing ?value WHERE {
  ?node a kg:Participation ; kg:inConflict ?thing ; kg:participant ?value .
}"""

_FIGURES = _PREFIXES + """SELECT DISTINCT ?node ?thing ?pid ?form ?value ?lower ?upper ?party
       ?position ?kindLabel WHERE {
  ?node kg:inConflict ?thing ; kg:quantityForm ?form .
  { ?node a kg:LossFigure ; kg:lossKind ?kind .
    ?kind kg:wikidataProperty ?wdProperty ; rdfs:label ?kindLabel .
    BIND(STRAFTER(STR(?wdProperty), STR(wd:)) AS ?pid) }
  UNION
  { ?node a kg:StrengthEstimate . BIND("P1132" AS ?pid) BIND("strength" AS ?kindLabel) }
  FILTER(?form != kg:UnknownQuantity)
  OPTIONAL { ?node kg:value ?value }
  OPTIONAL { ?node kg:lowerBound ?lower }
  OPTIONAL { ?node kg:upperBound ?upper }
  OPTIONAL { ?node kg:party ?party }
  OPTIONAL { ?node kg:listPosition ?position }
}"""

_LINKS = _PREFIXES + """SELECT ?thing ?item WHERE {
  ?thing skos:exactMatch ?item . FILTER(STRSTARTS(STR(?item), STR(wd:)))
}"""

_LABELS = _PREFIXES + """SELECT ?thing ?label WHERE {
  { ?thing rdfs:label ?label BIND(0 AS ?rank) }
  UNION { ?thing skos:altLabel ?label BIND(1 AS ?rank) }
  FILTER(STRSTARTS(STR(?thing), "https://w3id.org/conflict-kg/id/"))
} ORDER BY ?thing ?rank ?label"""

_SPANS = _PREFIXES + """SELECT ?node ?begin ?text WHERE {
  ?node kg:evidence ?span . ?span kg:beginIndex ?begin ; kg:anchorOf ?text .
}"""

_ARTICLE = _PREFIXES + """PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?url WHERE { ?doc a kg:SourceDocument ; dcterms:source ?url . FILTER(isIRI(?url)) }"""


@dataclass(frozen=True)
class Claim:
    """One statement the article supports about a linked item."""

    item: str                      # subject QID
    entity: str                    # the article's entity (IRI)
    label: str                     # the entity's label in the article
    prop: str                      # P580, P710, ...
    kind: str                      # item | time | quantity
    value: str                     # QID, date lexical (1918, 1920-09, 1918-01-12) or amount
    value_label: str = ""
    precision: int | None = None   # times
    form: str = ""                 # quantities: exact | range | lower-bound
    lower: Decimal | None = None
    upper: Decimal | None = None
    party: str = ""                # quantities: the party's QID ('' when none)
    party_label: str = ""
    quote: str = ""
    source: str = ""               # the node of the graph that states it
    held: str = ""                 # why it cannot be proposed as it is ('' = it can)
    position: int = 0              # figures: the place in the article's list

    @property
    def key(self) -> str:
        """A stable id: subject, property, value and the party qualifier if any.

        >>> Claim("Q1", "x", "X", "P1120", "quantity", "424", party="Q30").key
        'Q1 P1120 424 P518=Q30'
        """
        text = f"{self.item} {self.prop} {self.display()}"
        return text + (f" {PARTY_QUALIFIER}={self.party}" if self.party else "")

    def display(self) -> str:
        """The value as the article gives it: ``1918 /9``, ``50000–70000``, ``938+``."""
        if self.kind == "time":
            return f"{self.value} /{self.precision}"
        if self.form == "range":
            return f"{self.lower}–{self.upper}"
        if self.form == "lower-bound":
            return f"{self.lower}+"
        return self.value


@dataclass
class Claims:
    claims: list[Claim]
    unlinked: int          # statements whose subject or value has no exactMatch link
    article_url: str


def collect(store) -> Claims:
    """Every claim the graph in ``store`` supports about an item it links exactly."""
    links = {row["thing"].value: qid_of(row["item"].value) for row in store.select(_LINKS)}
    labels: dict[str, list[str]] = {}
    for row in store.select(_LABELS):
        labels.setdefault(row["thing"].value, []).append(row["label"].value)
    spans: dict[str, list[tuple[int, str]]] = {}
    for row in store.select(_SPANS):
        spans.setdefault(row["node"].value, []).append((int(row["begin"].value),
                                                        row["text"].value))
    urls = [row["url"].value for row in store.select(_ARTICLE)]
    context = _Context(links, labels, spans)
    out, unlinked = [], 0
    rows = [(row, None) for row in store.select(_DIRECT)] + \
        [(row, "P710") for row in store.select(_PARTICIPATIONS)]
    for row, pid in rows:
        claim = context.simple(row, pid or row["pid"].value)
        if claim is None:
            unlinked += 1
        else:
            out.append(claim)
    figures = [context.figure(row) for row in store.select(_FIGURES)]
    unlinked += sum(1 for claim in figures if claim is None)
    out += _hold_duplicates([claim for claim in figures if claim is not None])
    unique = {claim.key: claim for claim in sorted(out, key=lambda c: (c.key, c.source))}
    return Claims(sorted(unique.values(), key=sort_key), unlinked, urls[0] if urls else "")


def sort_key(claim: Claim) -> tuple:
    order = ("P361", "P527", "P276", "P710", "P580", "P582", "P585", "P1120", "P1339", "P1446",
             "P1132")
    return (int(claim.item[1:]), order.index(claim.prop) if claim.prop in order else 99,
            claim.party, claim.position, claim.value, claim.key)


class _Context:
    def __init__(self, links, labels, spans):
        self.links, self.labels, self.spans = links, labels, spans

    def label(self, iri: str) -> str:
        names = self.labels.get(iri) or [iri.rsplit("/", 1)[-1]]
        return names[0]

    def simple(self, row, pid: str) -> Claim | None:
        thing, value, node = row["thing"].value, row["value"], row["node"].value
        item = self.links.get(thing)
        if item is None:
            return None
        if pid in TIME_PROPERTIES:
            datatype = value.datatype.value if hasattr(value, "datatype") else ""
            precision = PRECISION.get(datatype)
            if precision is None:
                return None
            text = value.value[:10] if precision == 11 else value.value
            return Claim(item, thing, self.label(thing), pid, "time", text, precision=precision,
                         quote=self.quote([node], [_spoken_date(text, precision)]),
                         source=node)
        target = self.links.get(value.value)
        if target is None:
            return None
        quote = ""
        if pid in ("P361", "P527"):   # the words "part of <the whole>" say it best
            whole = value.value if pid == "P361" else thing
            quote = self.phrase([node, value.value], "part of", self.labels.get(whole, []))
        quote = quote or self.quote([node], self.labels.get(value.value, []), [value.value],
                                    self.labels.get(thing, []), part_first=pid == "P527")
        return Claim(item, thing, self.label(thing), pid, "item", target,
                     value_label=self.label(value.value), quote=quote, source=node)

    def figure(self, row) -> Claim | None:
        thing, node = row["thing"].value, row["node"].value
        item = self.links.get(thing)
        if item is None:
            return None
        form = row["form"].value.rsplit("#", 1)[-1]
        form = {"Exact": "exact", "Range": "range", "LowerBound": "lower-bound"}.get(form, form)
        party_iri = row["party"].value if row["party"] else ""
        party = self.links.get(party_iri, "") if party_iri else ""
        if party_iri and not party:
            return None      # a party the graph cannot name in Wikidata's terms
        lower = Decimal(row["lower"].value) if row["lower"] else None
        upper = Decimal(row["upper"].value) if row["upper"] else None
        value = row["value"].value if row["value"] else ""
        held = ""
        if form == "lower-bound":
            held = (f"'{lower}+' is a lower bound: a Wikidata quantity is an amount with both "
                    "bounds or none, so it cannot say 'at least'; never invent an upper bound")
        elif not party_iri:
            where = f" (figure {row['position'].value} in its list)" if row["position"] else ""
            held = (f"the source attributes this {row['kindLabel'].value} figure to no "
                    f"party{where}; a person must say whose it is")
        if form == "range" and lower is not None and upper is not None:
            value = _plain((lower + upper) / 2)
        return Claim(item, thing, self.label(thing), row["pid"].value, "quantity", value,
                     form=form, lower=lower, upper=upper, party=party,
                     party_label=self.label(party_iri) if party_iri else "",
                     quote=" … ".join(text for _, text in sorted(self.spans.get(node, []))),
                     source=node, held=held,
                     position=int(row["position"].value) if row["position"] else 0)

    def phrase(self, nodes: Iterable[str], words: str, names: Iterable[str]) -> str:
        """The shortest span of ``nodes`` containing ``words`` followed by one of ``names``."""
        names = [name.lower() for name in names if name]
        hits = [text for node in nodes for _, text in self.spans.get(node, [])
                if any(f"{words} the {name}" in text.lower() or f"{words} {name}" in text.lower()
                       for name in names)]
        return min(hits, key=len) if hits else ""

    def quote(self, nodes: Iterable[str], mentions: Iterable[str],
              others: Iterable[str] = (), other_mentions: Iterable[str] = (),
              part_first: bool = False) -> str:
        """The shortest span of ``nodes`` that mentions the value; else the shortest span of
        ``others`` (the value's own) that mentions the subject; else the first span of the part
        (the subject, or the value of a has-part statement)."""
        nodes, others = list(nodes), list(others)
        searches = [(nodes, mentions), (others, other_mentions)]
        if part_first:    # "W has part P": the part's words naming the whole say it best
            searches.reverse()
        for group, words in searches:
            words = [w.lower() for w in words if w]
            found = [text for node in group for _, text in self.spans.get(node, [])]
            hits = [text for text in found if any(w in text.lower() for w in words)]
            if hits:
                return min(hits, key=len)
        part = others if part_first and others else nodes
        found = sorted(span for node in part for span in self.spans.get(node, []))
        return found[0][1] if found else ""


def _hold_duplicates(figures: list[Claim]) -> list[Claim]:
    """A second figure with the same property and party (killed, and died of wounds, both
    P1120) would read as a contradiction on Wikidata: hold all but the first for review."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for claim in sorted(figures, key=lambda c: (c.item, c.position, c.source)):
        group = (claim.item, claim.prop, claim.party)
        if claim.party and group in seen and not claim.held:
            claim = replace(claim, held=(f"a second {claim.prop} figure for the same party; "
                                          "Wikidata would need a qualifier telling them apart"))
        seen.add(group)
        out.append(claim)
    return out


def _plain(number: Decimal) -> str:
    """A decimal without exponent or trailing zeros.

    >>> _plain(Decimal("60000.0")), _plain(Decimal("2.50"))
    ('60000', '2.5')
    """
    return format(number.normalize(), "f")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _spoken_date(text: str, precision: int) -> str:
    """How the article writes a date: ``1918``, ``September 1920``, ``12 January 1918``.

    >>> _spoken_date("1918-01-12", 11), _spoken_date("1920-09", 10)
    ('12 January 1918', 'September 1920')
    """
    if precision == 9:
        return text[:4]
    month = _MONTHS[int(text[5:7]) - 1]
    if precision == 10:
        return f"{month} {text[:4]}"
    return f"{int(text[8:10])} {month} {text[:4]}"
