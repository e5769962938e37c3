"""The days a date of day, month or year precision can mean, and the bound properties they give.

A stated date keeps its precision in its datatype (xsd:date, xsd:gYearMonth, xsd:gYear). To
compare dates of different precision with a plain SPARQL FILTER, the graph also carries derived
bounds as xsd:date: the earliest and latest day a start or an end can be (``kg:earliestStart``,
``kg:latestStart``, ``kg:earliestEnd``, ``kg:latestEnd``). This module says what they must be;
a test holds the bundled article to it.
"""

from __future__ import annotations

XSD = "http://www.w3.org/2001/XMLSchema#"
KG = "https://w3id.org/conflict-kg/ontology#"

# stated-date property -> the bound properties its (earliest, latest) day go to
BOUND_PROPERTIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    KG + "startDate": ((KG + "earliestStart",), (KG + "latestStart",)),
    KG + "endDate": ((KG + "earliestEnd",), (KG + "latestEnd",)),
    # a short event's one date bounds both its start and its end
    KG + "date": ((KG + "earliestStart", KG + "earliestEnd"),
                  (KG + "latestStart", KG + "latestEnd")),
    # "by 1925": only the latest end is known
    KG + "endNoLaterThan": ((), (KG + "latestEnd",)),
}


def _month_days(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def day_range(lexical: str, datatype: str) -> tuple[str, str]:
    """The first and last day (ISO ``YYYY-MM-DD``) a date of this datatype can mean.

    >>> day_range("1918", XSD + "gYear")
    ('1918-01-01', '1918-12-31')
    >>> day_range("1920-02", XSD + "gYearMonth")
    ('1920-02-01', '1920-02-29')
    >>> day_range("1918-01-12", XSD + "date")
    ('1918-01-12', '1918-01-12')

    :raises ValueError: the datatype is not one of the three, or the value does not fit it.
    """
    if datatype == XSD + "date":
        year, month, day = (int(part) for part in lexical.split("-"))
        if not 1 <= month <= 12 or not 1 <= day <= _month_days(year, month):
            raise ValueError(f"{lexical!r} is not a day")
        return lexical, lexical
    if datatype == XSD + "gYearMonth":
        year, month = (int(part) for part in lexical.split("-"))
        if not 1 <= month <= 12:
            raise ValueError(f"{lexical!r} is not a month")
        return (f"{year:04d}-{month:02d}-01",
                f"{year:04d}-{month:02d}-{_month_days(year, month):02d}")
    if datatype == XSD + "gYear":
        year = int(lexical)
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    raise ValueError(f"dates of type {datatype} have no day range")


def derived_bounds(statements) -> set[tuple[str, str, str]]:
    """The bound triples ``(subject, bound property, ISO day)`` that stated dates give.

    ``statements`` are ``(subject, property, lexical, datatype)`` of stated dates; other
    properties are ignored.

    >>> sorted(derived_bounds([("urn:x", KG + "endNoLaterThan", "1925", XSD + "gYear")]))
    [('urn:x', 'https://w3id.org/conflict-kg/ontology#latestEnd', '1925-12-31')]
    """
    found = set()
    for subject, prop, lexical, datatype in statements:
        if prop not in BOUND_PROPERTIES:
            continue
        first, last = day_range(lexical, datatype)
        earliest_props, latest_props = BOUND_PROPERTIES[prop]
        found |= {(subject, p, first) for p in earliest_props}
        found |= {(subject, p, last) for p in latest_props}
    return found
