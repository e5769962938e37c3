"""An extracted article as RDF quads in its own named graph, every fact citing its words.

The shape of the graph follows kg/data/article.ttl: a kg:SourceDocument holding the exact text,
kg:TextSpan nodes (NIF / Web Annotation offsets in code points and the quoted words), n-ary fact
nodes (participation, command, result, figure) that point at their spans with kg:evidence.
"""

from __future__ import annotations

import pyoxigraph as ox

from .. import namespaces as ns
from .extract import KIND_CLASS
from .mint import graph_iri, id_base, slug
from .model import Article, Mention

KG = ns.ONTOLOGY
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
CC_BY_SA = ox.NamedNode("https://creativecommons.org/licenses/by-sa/4.0/")
_INT = ox.NamedNode(XSD + "integer")
_BOOL = ox.NamedNode(XSD + "boolean")


_TERMS: dict[str, ox.NamedNode] = {}


def kg(name: str) -> ox.NamedNode:
    term = _TERMS.get(name)
    if term is None:
        term = _TERMS[name] = ox.NamedNode(KG + name)
    return term


class _Builder:
    def __init__(self, article: Article):
        self.article = article
        self.graph = ox.NamedNode(graph_iri(article.title.name))
        self.base = id_base(article.title.name)
        self.quads: list[ox.Quad] = []
        self.spans: dict[tuple[int, int], ox.NamedNode] = {}
        self.entities: dict[tuple[str, str], ox.NamedNode] = {}
        self.document = ox.NamedNode(self.base + "source")
        self.cited: dict[int, set[str]] | None = None

    def node(self, local: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + local)

    def add(self, s, p, o) -> None:
        self.quads.append(ox.Quad(s, p, o, self.graph))

    def label(self, s, text: str) -> None:
        self.add(s, LABEL, ox.Literal(text, language="en"))

    def integer(self, s, p, n: int) -> None:
        self.add(s, p, ox.Literal(str(n), datatype=_INT))

    def evidence(self, s, *spans) -> None:
        for span in spans:
            if span is not None and span[0] < span[1]:
                self.add(s, kg("evidence"), self.span(span))
                if self.cited is not None:
                    self.cited.setdefault(span[0], set()).add(s.value[len(self.base):])

    def span(self, span: tuple[int, int]) -> ox.NamedNode:
        node = self.spans.get(span)
        if node is None:
            node = self.spans[span] = self.node(f"span-{span[0]}-{span[1]}")
        return node

    def entity(self, kind: str, cls: str, mention: Mention) -> ox.NamedNode:
        """One node per name and kind within the article, citing every mention."""
        key = (kind, mention.name.casefold())
        node = self.entities.get(key)
        if node is None:
            node = self.entities[key] = self.node(f"{kind}/{slug(mention.name)}")
            self.add(node, RDF_TYPE, kg(cls))
            self.label(node, mention.name)
        self.evidence(node, mention.span)
        return node

    def finish(self) -> list[ox.Quad]:
        text = self.article.text
        for (b, e), node in self.spans.items():
            self.add(node, RDF_TYPE, kg("TextSpan"))
            self.add(node, kg("inDocument"), self.document)
            self.integer(node, kg("beginIndex"), b)
            self.integer(node, kg("endIndex"), e)
            self.add(node, kg("anchorOf"), ox.Literal(text[b:e]))
        # one order for the same input: the same bytes on every run
        return sorted(set(self.quads), key=lambda q: (str(q.subject), str(q.predicate),
                                                      str(q.object)))


def article_quads(article: Article, cited: dict[int, set[str]] | None = None
                  ) -> list[ox.Quad]:
    """Every quad of one article's named graph, sorted.

    :param cited: filled, if given, with the local names of the nodes that cite a span, by the
        span's start offset (the report shows which node each line became).
    """
    b = _Builder(article)
    b.cited = cited
    _document(b)
    conflict = _conflict(b)
    _results(b, conflict)
    sides = _sides(b, conflict)
    _actors(b, conflict, sides)
    _figures(b, conflict, sides)
    return b.finish()


def _document(b: _Builder) -> None:
    a, doc = b.article, b.document
    b.add(doc, RDF_TYPE, kg("SourceDocument"))
    b.label(doc, f"Article: {a.title.name}")
    b.add(doc, ox.NamedNode(DCT + "title"), ox.Literal(a.title.name, language="en"))
    b.add(doc, ox.NamedNode(DCT + "format"), ox.Literal("text/plain; charset=utf-8"))
    b.add(doc, ox.NamedNode(DCT + "identifier"), ox.Literal(a.digest))
    size = len(a.text.encode("utf-8"))
    b.add(doc, ox.NamedNode(DCT + "extent"), ox.Literal(f"{size} bytes, {len(a.text)} code points"))
    # Kiwix renderings of Wikipedia are CC BY-SA; the licence line, where present, says so
    b.add(doc, ox.NamedNode(DCT + "license"), CC_BY_SA)
    if a.licence:
        b.add(doc, ox.NamedNode(DCT + "rights"), ox.Literal(a.quote(a.licence), language="en"))
        b.evidence(doc, a.licence)
    b.add(doc, kg("text"), ox.Literal(a.text))
    if a.truncated:
        b.add(doc, kg("truncated"), ox.Literal("true", datatype=_BOOL))


def _conflict(b: _Builder) -> ox.NamedNode:
    a = b.article
    node = b.node("conflict")
    cls = KIND_CLASS.get(a.kind, "Conflict")
    if cls == "Campaign" and not a.part_of:
        cls = "Conflict"          # a campaign names the conflict it is part of (kgsh:CampaignShape)
    b.add(node, RDF_TYPE, kg(cls))
    b.label(node, a.title.name)
    b.evidence(node, a.title.span, a.kind_span)
    for parent in a.part_of:
        whole = b.entity("conflict", "Conflict", parent)
        b.add(node, kg("partOf"), whole)
        b.add(whole, kg("hasPart"), node)
    if a.dates:
        for prop, value in (("startDate", a.dates.start), ("endDate", a.dates.end)):
            if value is not None:
                b.add(node, kg(prop), ox.Literal(value.iso, datatype=ox.NamedNode(
                    XSD + value.xsd_type)))
        if a.dates.ongoing:
            b.add(node, kg("ongoing"), ox.Literal("true", datatype=_BOOL))
        b.evidence(node, a.dates_span)
    if a.duration:
        b.add(node, kg("statedDuration"), ox.Literal(a.duration[0],
                                                       datatype=ox.NamedNode(XSD + "duration")))
        b.evidence(node, a.duration[1])
    for place in a.places:
        b.add(node, kg("place"), b.entity("place", "Place", place))
    return node


def _results(b: _Builder, conflict: ox.NamedNode) -> None:
    a = b.article
    headline = None
    for mention, local, cls in ((a.result, "result", "Result"), (a.status, "status", "Status")):
        if mention is None:
            continue
        node = b.node(local)
        b.add(node, RDF_TYPE, kg(cls))
        b.label(node, mention.name)
        b.add(node, kg("resultOf"), conflict)
        b.evidence(node, mention.span)
        headline = headline or node
    for n, mention in enumerate(a.sub_results, start=1):
        node = b.node(f"sub-result-{n}")
        b.add(node, RDF_TYPE, kg("Result"))
        b.label(node, mention.name)
        b.add(node, kg("subResultOf") if headline else kg("resultOf"), headline or conflict)
        b.evidence(node, mention.span)
    for n, mention in enumerate(a.territorial_changes, start=1):
        node = b.node(f"territorial-change-{n}")
        b.add(node, RDF_TYPE, kg("TerritorialChange"))
        b.label(node, mention.name)
        b.add(node, kg("resultOf"), conflict)
        b.evidence(node, mention.span)


def _sides(b: _Builder, conflict: ox.NamedNode) -> dict[int, ox.NamedNode]:
    sides = {}
    for number, mention in sorted(b.article.sides.items()):
        node = b.node(f"side-{number}")
        b.add(node, RDF_TYPE, kg("Side"))
        b.label(node, mention.name)
        b.add(node, kg("sideIn"), conflict)
        b.evidence(node, mention.span)
        sides[number] = node
    return sides


def _actors(b: _Builder, conflict, sides) -> None:
    a = b.article
    n = 0
    for mention in a.belligerents + a.units:
        n += 1
        is_unit = mention in a.units
        party = b.entity("unit" if is_unit else "party", "ArmedForce" if is_unit else "Party",
                         mention)
        node = b.node(f"participation-{n}")
        _in_conflict(b, node, "Participation", "participant", party, conflict, sides, mention)
        if mention.role == "supporter":
            b.add(node, kg("role"), kg("Supporter"))
        if mention.leader is not None:
            leader = b.entity("party", "Party", mention.leader)
            b.add(node, kg("ledBy"), leader)
            n += 1
            led = b.node(f"participation-{n}")
            _in_conflict(b, led, "Participation", "participant", leader, conflict, sides,
                         mention.leader)
            b.add(led, kg("role"), kg("Leader"))
    for n, mention in enumerate(a.commanders, start=1):
        person = b.entity("person", "Person", mention)
        _in_conflict(b, b.node(f"command-{n}"), "Command", "commander", person, conflict,
                     sides, mention)


def _in_conflict(b, node, kind, role, who, conflict, sides, mention) -> None:
    """A participation or a command: who, in which conflict, on the side the text names."""
    b.add(node, RDF_TYPE, kg(kind))
    b.add(node, kg(role), who)
    b.add(node, kg("inConflict"), conflict)
    if mention.side in sides:
        b.add(node, kg("onSide"), sides[mention.side])
    b.evidence(node, mention.span)


def _figures(b: _Builder, conflict, sides) -> None:
    a = b.article
    counters = {"strength": 0, "casualties": 0}
    for f in a.figures:
        counters[f.section] += 1
        local = "strength" if f.section == "strength" else "loss"
        node = b.node(f"{local}-{counters[f.section]}")
        b.add(node, RDF_TYPE, kg("StrengthEstimate" if f.section == "strength" else "LossFigure"))
        b.label(node, f"{'Strength' if local == 'strength' else 'Loss'} figure: {a.quote(f.span)}")
        b.add(node, kg("inConflict"), conflict)
        if f.side in sides:
            b.add(node, kg("onSide"), sides[f.side])
            if f.by_position:
                b.add(node, kg("attributedByPosition"), ox.Literal("true", datatype=_BOOL))
        b.integer(node, kg("listPosition"), f.position)
        if f.party is not None:
            b.add(node, kg("party"), b.entity("party", "Party", f.party))
        b.add(node, kg("unit"), kg(f.unit))
        if f.loss_kind:
            b.add(node, kg("lossKind"), kg(f.loss_kind))
        q = f.quantity
        b.add(node, kg("quantityForm"), kg(q.form))
        for prop, value in (("value", q.value), ("lowerBound", q.lower), ("upperBound", q.upper)):
            if value is not None:
                b.integer(node, kg(prop), value)
        if q.date is not None:
            b.add(node, kg("date"), ox.Literal(q.date.iso, datatype=ox.NamedNode(
                XSD + q.date.xsd_type)))
        if f.captured_by is not None:
            b.add(node, kg("capturedBy"), b.entity("party", "Party", f.captured_by))
        b.evidence(node, f.span, f.party_span)
        if f.inline_party:       # "Czechoslovakia: 4,112 killed", as article.ttl cites it
            b.evidence(node, (f.party.span[0], f.span[1]))
