"""Checks SHACL cannot express here: a stated duration must fit its dates; one item, one entity.

rdflib's SPARQL engine (which pySHACL runs) has no date + duration arithmetic, so this check is
Python (the arithmetic, XML Schema's, is in :mod:`kg.dates`, shared with ``kg ingest``). Its
results join the SHACL report as Violations of ``kgsh:StatedDurationCheck``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .. import namespaces as ns
from ..dates import Duration, add_duration

if TYPE_CHECKING:
    import rdflib

    from .report import ValidationResult

SHARED_ITEM_SHAPE = ns.SHAPES + "SharedItemCheck"
SHARED_ITEM_COMPONENT = ns.SHAPES + "SharedItemConstraintComponent"
STATED_DURATION_SHAPE = ns.SHAPES + "StatedDurationCheck"
STATED_DURATION_COMPONENT = ns.SHAPES + "StatedDurationConstraintComponent"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?")


def _xsd_date(literal) -> date | None:
    """The day of an ``xsd:date`` literal, or None for any other value (other precisions too)."""
    if getattr(literal, "datatype", None) is None or str(literal.datatype) != _XSD + "date":
        return None
    match = _DATE.fullmatch(str(literal))
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def check_stated_durations(graph: rdflib.Graph) -> list[ValidationResult]:
    """A Violation for each node whose ``kg:statedDuration`` does not lead from start to end.

    An end one day short of start + duration is accepted too: "12–14 October" is "(3 days)"
    when the first and the last day are both counted, as infobox templates often do.
    Only nodes whose ``kg:startDate`` and ``kg:endDate`` are both ``xsd:date`` can be checked;
    an ill-typed duration is left to the shapes (``sh:datatype xsd:duration``).
    """
    from rdflib import URIRef

    from .report import ValidationResult

    kg = ns.ONTOLOGY
    stated, start_p, end_p = (URIRef(kg + n) for n in ("statedDuration", "startDate", "endDate"))
    results = []
    for node, literal in sorted(graph.subject_objects(stated)):
        try:
            duration = Duration.parse(str(literal))
        except ValueError:
            continue
        starts = [d for d in map(_xsd_date, graph.objects(node, start_p)) if d]
        ends = [d for d in map(_xsd_date, graph.objects(node, end_p)) if d]
        for start in sorted(starts):
            reached = add_duration(start, duration)
            for end in sorted(ends):
                # infobox duration templates count both the first and the last day too
                if reached == end or (reached and reached - timedelta(days=1) == end):
                    continue
                got = reached.isoformat() if reached else "not a whole day"
                results.append(ValidationResult(
                    focus_node=node, result_path=stated, value=literal, severity="Violation",
                    message=(f"The stated duration {literal} ({duration.describe()}) does not fit "
                             f"the dates: {start.isoformat()} plus that duration is {got}, "
                             f"but the end date is {end.isoformat()}."),
                    source_shape=URIRef(STATED_DURATION_SHAPE),
                    source_constraint_component=URIRef(STATED_DURATION_COMPONENT),
                    named_shape=URIRef(STATED_DURATION_SHAPE),
                ))
    return results


def check_shared_items(graph: rdflib.Graph) -> list[ValidationResult]:
    """A Warning for each entity linked as ``skos:exactMatch`` to an item another entity has too.

    Two different things of the graph cannot both be one Wikidata item (`kg link --accept` can
    make such a pair). Python rather than SHACL: the check joins links of different subjects,
    which chunked validation (:mod:`kg.validate.partition`) cannot admit in a shape.
    """
    from rdflib import URIRef

    from .report import ValidationResult

    exact = URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")
    by_item: dict = {}
    for entity, item in graph.subject_objects(exact):
        by_item.setdefault(item, set()).add(entity)
    results = []
    for item, entities in sorted(by_item.items()):
        if len(entities) < 2:
            continue
        for entity in sorted(entities):
            others = ", ".join(str(o) for o in sorted(entities) if o != entity)
            results.append(ValidationResult(
                focus_node=entity, result_path=exact, value=item, severity="Warning",
                message=(f"{entity} and {others} are all linked to {item} as the same thing "
                         "(skos:exactMatch): two different entities of the graph should not be "
                         "one Wikidata item. Keep the right link and drop the other, or make "
                         "one a skos:closeMatch."),
                source_shape=URIRef(SHARED_ITEM_SHAPE),
                source_constraint_component=URIRef(SHARED_ITEM_COMPONENT),
                named_shape=URIRef(SHARED_ITEM_SHAPE),
            ))
    return results


def run_checks(graph: rdflib.Graph) -> list[ValidationResult]:
    """Every check of this module, in order."""
    return check_stated_durations(graph) + check_shared_items(graph)
