"""XSD dates as spans of days: a year covers its year, a month its month, a day its day; BC works.

Years follow XML Schema 1.1, which RDF 1.1 uses: ``0000`` is 1 BC, ``-0001`` is 2 BC (so
``-0489`` is 490 BC). Days are counted in the proleptic Gregorian calendar from 1970-01-01
(Howard Hinnant's ``days_from_civil``), which needs no ``datetime`` (it stops at year 1).

>>> d = parse("1918", XSD + "gYear")
>>> d.label, d.precision, d.last - d.first
('1918', 'year', 365)
>>> parse("1920-09", XSD + "gYearMonth").label
'Sep 1920'
>>> parse("-0489", XSD + "gYear").label
'490 BC'
"""

from __future__ import annotations

import re
from typing import NamedTuple

XSD = "http://www.w3.org/2001/XMLSchema#"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LEXICAL = re.compile(r"^(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?(?:T[0-9:.]+)?(?:Z|[+-]\d\d:\d\d)?$")
_PRECISION = {XSD + "gYear": "year", XSD + "gYearMonth": "month", XSD + "date": "day",
              XSD + "dateTime": "day", XSD + "dateTimeStamp": "day"}


class DaySpan(NamedTuple):
    """A date as the days it may stand for: ``first`` included, ``last`` excluded."""

    first: int
    last: int
    precision: str   # year, month or day
    lexical: str     # as written in the data
    label: str       # as a reader writes it: "1918", "Sep 1920", "12 Jan 1918", "490 BC"


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to the given proleptic Gregorian date (astronomical year).

    >>> days_from_civil(1970, 1, 1), days_from_civil(1918, 1, 12), days_from_civil(0, 3, 1)
    (0, -18982, -719468)
    """
    year -= month <= 2
    era = (year if year >= 0 else year - 399) // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def year_label(year: int) -> str:
    """An astronomical year as a reader writes it.

    >>> year_label(1918), year_label(1), year_label(0), year_label(-489)
    ('1918', '1', '1 BC', '490 BC')
    """
    return str(year) if year > 0 else f"{1 - year} BC"


def parse(lexical: str, datatype: str) -> DaySpan | None:
    """The span of days an ``xsd:gYear``, ``gYearMonth``, ``date`` or ``dateTime`` stands for.

    None when the datatype carries no date or the text is not one (the caller lists it).
    """
    precision = _PRECISION.get(datatype)
    match = _LEXICAL.match(lexical.strip()) if precision else None
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2) or 1)
    day = int(match.group(3) or 1)
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if precision == "year":
        return DaySpan(days_from_civil(year, 1, 1), days_from_civil(year + 1, 1, 1), precision,
                       lexical, year_label(year))
    if precision == "month":
        first = days_from_civil(year, month, 1)
        last = days_from_civil(year + (month == 12), month % 12 + 1, 1)
        return DaySpan(first, last, precision, lexical, f"{MONTHS[month - 1]} {year_label(year)}")
    first = days_from_civil(year, month, day)
    return DaySpan(first, first + 1, "day", lexical,
                   f"{day} {MONTHS[month - 1]} {year_label(year)}")


def year_of_day(day: int) -> int:
    """The astronomical year a day number falls in.

    >>> year_of_day(days_from_civil(1918, 12, 31)), year_of_day(days_from_civil(-489, 1, 1))
    (1918, -489)
    """
    year = day // 366 + 1970 - 1
    while days_from_civil(year + 1, 1, 1) <= day:
        year += 1
    while days_from_civil(year, 1, 1) > day:
        year -= 1
    return year
