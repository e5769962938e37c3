"""Checks SHACL cannot express here: a stated duration must fit its dates; one item, one entity.

rdflib's SPARQL engine (which pySHACL runs) has no date + duration arithmetic, so this check is
Python. Its results join the SHACL report as Violations of ``kgsh:StatedDurationCheck``.

The arithmetic is XML Schema's (XSD 1.1 Part 2, appendix E.3.3, "Adding durations to
dateTimes"): years and months first, the day pinned to the end of a shorter month, then days:
1918-01-12 + P7Y4M8D ("7 years, 4 months, 1 week and 1 day") = 1925-05-20.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from .. import namespaces as ns

if TYPE_CHECKING:
    import rdflib

    from .report import ValidationResult

SHARED_ITEM_SHAPE = ns.SHAPES + "SharedItemCheck"
SHARED_ITEM_COMPONENT = ns.SHAPES + "SharedItemConstraintComponent"
STATED_DURATION_SHAPE = ns.SHAPES + "StatedDurationCheck"
STATED_DURATION_COMPONENT = ns.SHAPES + "StatedDurationConstraintComponent"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DURATION = re.compile(
    r"(?P<sign>-)?P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<days>\d+)D)?"
    r"(?:T(?!$)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?")
_MAX_DURATION_TEXT = 64
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?")


@dataclass(frozen=True)
class Duration:
    """An ``xsd:duration``: months (years folded in) and seconds (days folded in), with a sign."""

    months: int
    seconds: Decimal

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Read the lexical form of an ``xsd:duration`` (XSD 1.1 Part 2, 3.3.6).

        >>> Duration.parse("P7Y4M8D")
        Duration(months=88, seconds=Decimal('691200'))
        >>> Duration.parse("-P1D").seconds
        Decimal('-86400')
        >>> Duration.parse("P1W")
        Traceback (most recent call last):
        ValueError: not an xsd:duration: 'P1W'
        >>> Duration.parse("P" + "9" * 5000 + "Y")
        Traceback (most recent call last):
        ValueError: not an xsd:duration kg can use: 'P999999999999999999999999999999...'
        """
        # No calendar reaches past 9999 years: longer texts would only cost time (or overflow).
        match = _DURATION.fullmatch(text.strip()) if len(text) <= _MAX_DURATION_TEXT else None
        if not match:
            shown = repr(text[:_MAX_DURATION_TEXT // 2] + "...") if len(text) > \
                _MAX_DURATION_TEXT else repr(text)
            kind = "an xsd:duration" if len(text) <= _MAX_DURATION_TEXT else \
                "an xsd:duration kg can use"
            raise ValueError(f"not {kind}: {shown}")
        part = {k: v for k, v in match.groupdict().items() if k != "sign"}
        months = int(part["years"] or 0) * 12 + int(part["months"] or 0)
        seconds = (Decimal(int(part["days"] or 0)) * 86400 + int(part["hours"] or 0) * 3600
                   + int(part["minutes"] or 0) * 60 + Decimal(part["seconds"] or 0))
        sign = -1 if match.group("sign") else 1
        return cls(sign * months, sign * seconds)

    def describe(self) -> str:
        """In words, as an infobox says it.

        >>> Duration.parse("P7Y4M8D").describe()
        '7 years, 4 months and 8 days'
        >>> Duration.parse("P1M").describe()
        '1 month'
        """
        years, months = divmod(abs(self.months), 12)
        days, rest = divmod(abs(self.seconds), 86400)
        parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in (
            (years, "year"), (months, "month"), (int(days), "day")) if n]
        if rest:
            parts.append(f"{rest} seconds")
        text = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else (
            parts[0] if parts else "0 days")
        return ("minus " if self.months < 0 or self.seconds < 0 else "") + text


def add_duration(start: date, duration: Duration) -> date | None:
    """``start`` + ``duration`` (XSD 1.1 Part 2, E.3.3); None if the result is not a whole day.

    >>> add_duration(date(1918, 1, 12), Duration.parse("P7Y4M8D"))
    datetime.date(1925, 5, 20)
    >>> add_duration(date(1920, 1, 31), Duration.parse("P1M"))  # pinned to the month's end
    datetime.date(1920, 2, 29)
    >>> add_duration(date(1920, 1, 1), Duration.parse("PT12H")) is None
    True
    """
    year, month0 = divmod(start.year * 12 + (start.month - 1) + duration.months, 12)
    if not 1 <= year <= 9999:
        return None
    day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
    days, rest = divmod(duration.seconds, 86400)
    if rest:
        return None
    try:
        return date(year, month0 + 1, day) + timedelta(days=int(days))
    except OverflowError:
        return None


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
