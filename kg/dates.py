"""Date arithmetic: the days a date of some precision can mean, its bounds, date + duration.

A stated date keeps its precision in its datatype (xsd:date, xsd:gYearMonth, xsd:gYear). To
compare dates of different precision with a plain SPARQL FILTER, the graph also carries derived
bounds as xsd:date: the earliest and latest day a start or an end can be (``kg:earliestStart``,
``kg:latestStart``, ``kg:earliestEnd``, ``kg:latestEnd``). This module says what they must be;
a test holds the bundled article to it.

Adding a duration to a date follows XML Schema (XSD 1.1 Part 2, appendix E.3.3, "Adding
durations to dateTimes"): years and months first, the day pinned to the end of a shorter month,
then days: 1918-01-12 + P7Y4M8D ("7 years, 4 months, 1 week and 1 day") = 1925-05-20. Both
`kg validate` (a stated duration must fit its dates) and `kg ingest` (keep a stated duration
only when it fits) use it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

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


_DURATION = re.compile(
    r"(?P<sign>-)?P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<days>\d+)D)?"
    r"(?:T(?!$)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?")
_MAX_DURATION_TEXT = 64


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
