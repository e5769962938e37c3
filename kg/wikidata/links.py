"""Links to Wikidata as data, and the Turtle files that hold them (curated, or a user's file).

A link is one triple, ``kgr:X skos:exactMatch wd:Q…`` (``skos:closeMatch`` where the item is
near but not the same thing), plus a ``kg:LinkAssertion`` node that says how it was made: the
method (curated or reconciled), the score, when, the review status and the evidence. A pending
link (reconciliation could not decide) has the assertion only, with no match triple, so nothing
queries it as a link until a person accepts it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import InputError
from .config import WD, qid_of

SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
MATCH_PROPERTIES = ("exactMatch", "closeMatch")
STATUSES = ("confirmed", "auto", "pending")
METHODS = ("curated", "reconciled")


@dataclass(frozen=True)
class Link:
    """One link from an entity of the graph (full IRI) to a Wikidata item."""

    entity: str
    qid: str
    method: str = "reconciled"
    status: str = "auto"
    evidence: str = ""
    score: float | None = None
    generated: str = ""          # xsd:dateTime lexical form
    match: str = "exactMatch"    # or closeMatch

    @property
    def target(self) -> str:
        return WD + self.qid

    @property
    def is_link(self) -> bool:
        """A pending assertion is a candidate, not yet a link."""
        return self.status != "pending"

    @property
    def node(self) -> str:
        """A stable IRI for the assertion: one per entity and item."""
        return f"{ns.RESOURCE}link/{local_name(self.entity)}-{self.qid}"


def local_name(iri: str) -> str:
    """The entity's name inside ``kgr:`` (or the last path segment of another IRI).

    >>> local_name("https://w3id.org/conflict-kg/id/Arkhangelsk")
    'Arkhangelsk'
    """
    if iri.startswith(ns.RESOURCE):
        return iri[len(ns.RESOURCE):]
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def now() -> str:
    """The current UTC time as an xsd:dateTime, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def short(iri: str) -> str:
    """``kgr:X`` / ``wd:Q…`` for display.

    >>> short("https://w3id.org/conflict-kg/id/Caucasus"), short("http://www.wikidata.org/entity/Q1")
    ('kgr:Caucasus', 'wd:Q1')
    """
    if iri.startswith(ns.RESOURCE):
        return "kgr:" + iri[len(ns.RESOURCE):]
    if iri.startswith(WD):
        return "wd:" + iri[len(WD):]
    return iri


def expand(name: str) -> str:
    """The full IRI of ``kgr:X``, ``X`` or a full IRI.

    >>> expand("kgr:Vladivostok")
    'https://w3id.org/conflict-kg/id/Vladivostok'
    """
    if name.startswith(("http://", "https://")):
        return name
    if name.startswith("kgr:"):
        name = name[4:]
    return ns.RESOURCE + name


# -- writing -------------------------------------------------------------------------------------

def _lit(value: str | float, datatype: str | None = None) -> str:
    text = str(ox.Literal(str(value)))
    if datatype:
        return text + "^^xsd:" + datatype[len(XSD):] if datatype.startswith(XSD) \
            else f"{text}^^<{datatype}>"
    return text


def to_turtle(links: Iterable[Link], header: str = "") -> str:
    """Links as readable Turtle, sorted by entity, so that files diff well.

    >>> link = Link(ns.RESOURCE + "X", "Q1", generated="2026-11-27T00:00:00Z")
    >>> print(to_turtle([link]).splitlines()[-1])
        prov:generatedAtTime "2026-11-27T00:00:00Z"^^xsd:dateTime .
    """
    out = [f"# {line}".rstrip() for line in header.splitlines()]
    out += [
        "@prefix kg: <https://w3id.org/conflict-kg/ontology#> .",
        "@prefix kgr: <https://w3id.org/conflict-kg/id/> .",
        f"@prefix skos: <{SKOS}> .",
        f"@prefix prov: <{PROV}> .",
        f"@prefix xsd: <{XSD}> .",
        f"@prefix wd: <{WD}> .",
    ]
    for link in sorted(links, key=lambda item: (local_name(item.entity), item.qid)):
        entity = _curie(link.entity)
        out.append("")
        if link.is_link:
            out.append(f"{entity} skos:{link.match} wd:{link.qid} .")
        lines = [
            "a kg:LinkAssertion",
            f"kg:linkSubject {entity}",
            f"kg:linkTarget wd:{link.qid}",
            f"kg:linkMethod {_lit(link.method)}",
            f"kg:reviewStatus {_lit(link.status)}",
        ]
        if link.score is not None:
            lines.append(f"kg:linkScore {_lit(f'{link.score:.3f}', XSD + 'decimal')}")
        if link.evidence:
            lines.append(f"kg:linkEvidence {_lit(link.evidence)}")
        lines.append(f"prov:generatedAtTime {_lit(link.generated or now(), XSD + 'dateTime')}")
        out.append(f"<{link.node}>")
        out.append(" ;\n".join("    " + line for line in lines) + " .")
    return "\n".join(out) + "\n"


def _curie(iri: str) -> str:
    name = iri[len(ns.RESOURCE):] if iri.startswith(ns.RESOURCE) else ""
    if name and all(ch.isalnum() or ch in "_-" for ch in name):
        return "kgr:" + name
    return f"<{iri}>"


# -- reading -------------------------------------------------------------------------------------

_READ = """
PREFIX kg: <https://w3id.org/conflict-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?a ?entity ?target ?method ?status ?score ?evidence ?time ?match WHERE {
  ?a a kg:LinkAssertion ; kg:linkSubject ?entity ; kg:linkTarget ?target .
  OPTIONAL { ?a kg:linkMethod ?method }
  OPTIONAL { ?a kg:reviewStatus ?status }
  OPTIONAL { ?a kg:linkScore ?score }
  OPTIONAL { ?a kg:linkEvidence ?evidence }
  OPTIONAL { ?a prov:generatedAtTime ?time }
  OPTIONAL { ?entity ?match ?target FILTER(?match IN (skos:exactMatch, skos:closeMatch)) }
}
"""


def read_links(path: str | os.PathLike, missing_ok: bool = False) -> list[Link]:
    """The links (and pending assertions) recorded in a Turtle links file."""
    path = Path(path)
    if missing_ok and not path.exists():
        return []
    from ..store.store import Store

    store = Store()
    store.load_file(path, format="turtle")
    return links_from_store(store, source=str(path))


def links_from_store(store, source: str = "links") -> list[Link]:
    """Every ``kg:LinkAssertion`` in the store (any graph) as :class:`Link` objects."""
    links = []
    for row in store.select(_READ):
        qid = qid_of(row["target"].value)
        if qid is None:
            raise InputError(f"link target {row['target'].value} is not a Wikidata item",
                             source=source)
        match = row["match"]
        status = row["status"].value if row["status"] else "confirmed"
        if match is None and status != "pending":
            status = "pending"  # an assertion without its triple links nothing
        links.append(Link(
            entity=row["entity"].value, qid=qid,
            method=row["method"].value if row["method"] else "curated",
            status=status,
            evidence=row["evidence"].value if row["evidence"] else "",
            score=float(row["score"].value) if row["score"] else None,
            generated=row["time"].value if row["time"] else "",
            match=match.value.rsplit("#", 1)[-1] if match else "exactMatch",
        ))
    return sorted(links, key=lambda link: (link.entity, link.qid))


def shared_items(links: Iterable[Link]) -> dict[str, list[str]]:
    """Items that two or more different entities are linked to as exact matches: qid -> entities.

    Two things of the graph cannot both be the same Wikidata item; `kg link --accept`, `kg link
    --check` and (through a SHACL warning) `kg validate` report these.

    >>> shared_items([Link("urn:a", "Q1"), Link("urn:b", "Q1"), Link("urn:c", "Q2")])
    {'Q1': ['urn:a', 'urn:b']}
    """
    by_item: dict[str, set[str]] = {}
    for link in links:
        if link.is_link and link.match == "exactMatch":
            by_item.setdefault(link.qid, set()).add(link.entity)
    return {qid: sorted(entities) for qid, entities in sorted(by_item.items())
            if len(entities) > 1}


def shared_item_warnings(links: Iterable[Link]) -> list[str]:
    """One line per item that several entities are linked to, for stderr."""
    return [f"warning: wd:{qid} is linked as the same thing (skos:exactMatch) to "
            f"{len(entities)} entities: {', '.join(short(e) for e in entities)}; two different "
            "entities should not be one Wikidata item"
            for qid, entities in shared_items(links).items()]


def merge(existing: Iterable[Link], new: Iterable[Link]) -> list[Link]:
    """``existing`` updated with ``new``: a new link or pending entry for an entity replaces that
    entity's pending entries; links that are not pending are kept."""
    new = list(new)
    touched = {link.entity for link in new}
    kept = [link for link in existing if link.is_link or link.entity not in touched]
    keys = {(link.entity, link.qid) for link in new}
    kept = [link for link in kept if (link.entity, link.qid) not in keys]
    return sorted(kept + new, key=lambda link: (link.entity, link.qid))


def confirm(link: Link, score: float | None = None, evidence: str | None = None) -> Link:
    """A pending link after a person accepted it."""
    return replace(link, status="confirmed", generated=now(),
                   score=link.score if score is None else score,
                   evidence=link.evidence if evidence is None else evidence)
