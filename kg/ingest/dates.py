"""Date values of an infobox, parsed with their precision (day, month or year).

Forms: ``12 January 1918`` (day-month), ``May 15, 1919`` (US), ``September 1920`` (month),
``1918`` and ``334 BC`` (year), ranges with an en dash, a hyphen or ``to`` whose start may
borrow its month and year from the end (``12–15 May 1919``, ``May–June 1919``), and an open
end (``– present``, ``– ongoing``). BC years become astronomical years as XSD 1.1 writes them:
334 BC is ``-0333``, 1 BC is ``0000``. Nothing is rounded to a day that the text does not give.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_MONTH = r"(?P<{0}>January|February|March|April|May|June|July|August|September|October|" \
         r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_ERA = r"(?:\s*(?P<{0}>BCE?|B\.C\.|AD|A\.D\.|CE))?"
_YEAR = r"(?P<{0}>\d{{1,4}})"

_PART = re.compile(
    r"^(?:(?:c\.|ca\.|circa|around|about|early|mid|late|spring|summer|autumn|fall|winter)"
    r"\s+)?(?:"
    r"(?:(?P<ad1>AD|A\.D\.)\s+)?"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.format("month") + r",?(?:\s+"
    + _YEAR.format("year") + _ERA.format("era") + r")?"
    r"|" + _MONTH.format("usmonth") + r"\s+(?P<usday>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+"
    + _YEAR.format("usyear") + _ERA.format("usera") + r")?"
    r"|" + _MONTH.format("mmonth") + r"(?:,?\s+" + _YEAR.format("myear") + _ERA.format("mera")
    + r")?"
    r"|(?:(?P<ad2>AD|A\.D\.)\s+)?(?P<day2>\d{1,2})(?=\s*$)"
    r"|(?:(?P<ad3>AD|A\.D\.)\s+)?" + _YEAR.format("yyear") + _ERA.format("yera") + r"(?:s)?"
    r")\s*$", re.IGNORECASE)

_SEPARATOR = re.compile(r"\s*(?:–|—|−|-(?!\d{2}\b)|\s-\s|\bto\b|\buntil\b)\s*")
_US_DAY_RANGE = re.compile(r"^(?P<month>[A-Z][a-z]+\.?)\s+(?P<first>\d{1,2})\s*[–—-]\s*"
                           r"(?P<last>\d{1,2}),?\s+(?P<year>\d{3,4})$")
_OPEN = re.compile(r"^(?:present|ongoing|now|today)\b", re.IGNORECASE)


class DateValue(NamedTuple):
    """A date at the precision the text gives: ``iso`` is ``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD`` (astronomical years, four digits and a sign); ``precision`` is ``year``,
    ``month`` or ``day``."""

    iso: str
    precision: str

    @property
    def xsd_type(self) -> str:
        return {"day": "date", "month": "gYearMonth", "year": "gYear"}[self.precision]


class DateRange(NamedTuple):
    """What a Date row says: a start, an end (None when open or not given), and ``ongoing``."""

    start: DateValue | None
    end: DateValue | None
    ongoing: bool


def _year(text: str, era: str | None) -> int:
    year = int(text)
    if era and era.upper().replace(".", "").startswith("B"):
        return 1 - year
    return year


def _iso_year(year: int) -> str:
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


class _Partial(NamedTuple):
    day: int | None
    month: int | None
    year: int | None
    era: str | None


def _parse_part(text: str) -> _Partial | None:
    m = _PART.match(text.strip().strip(",").strip())
    if not m:
        return None
    g = m.groupdict()
    if g["month"]:
        return _Partial(int(g["day"]), MONTHS[g["month"].lower().rstrip(".")],
                        int(g["year"]) if g["year"] else None, g["era"])
    if g["usmonth"]:
        return _Partial(int(g["usday"]), MONTHS[g["usmonth"].lower().rstrip(".")],
                        int(g["usyear"]) if g["usyear"] else None, g["usera"])
    if g["mmonth"]:
        return _Partial(None, MONTHS[g["mmonth"].lower().rstrip(".")],
                        int(g["myear"]) if g["myear"] else None, g["mera"])
    if g["day2"]:
        return _Partial(int(g["day2"]), None, None, None)
    return _Partial(None, None, int(g["yyear"]), g["yera"])


def _complete(part: _Partial, year: int | None, month: int | None, era: str | None
              ) -> DateValue | None:
    """A date value from a parsed part; a bare number borrows month/year from the range's end."""
    if part.month is None and part.day is not None:       # "12" in "12–15 May 1919"
        if month is None or year is None:
            return None
        part = _Partial(part.day, month, year, era)
    y = part.year if part.year is not None else year
    if y is None:
        return None
    y = _year(str(y), part.era if part.year is not None else era) if y > 0 else y
    if part.month is None:
        return DateValue(_iso_year(y), "year")
    if part.day is None:
        return DateValue(f"{_iso_year(y)}-{part.month:02d}", "month")
    if y > 0:
        try:
            date(y, part.month, part.day)
        except ValueError:
            return None
    return DateValue(f"{_iso_year(y)}-{part.month:02d}-{part.day:02d}", "day")


def parse_date(text: str) -> DateValue | None:
    """One date.

    >>> parse_date("12 January 1918")
    DateValue(iso='1918-01-12', precision='day')
    >>> parse_date("May 15, 1919").iso, parse_date("September 1920").iso
    ('1919-05-15', '1920-09')
    >>> parse_date("334 BC").iso, parse_date("1 BC").iso
    ('-0333', '0000')
    """
    part = _parse_part(text)
    if part is None or (part.year is None):
        return None
    return _complete(part, None, None, None)


def parse_date_range(text: str) -> DateRange | None:
    """A Date row: one date, or a range whose start may borrow its month and year from the end.

    >>> parse_date_range("12 January 1918 – 20 May 1925").end.iso
    '1925-05-20'
    >>> r = parse_date_range("12–15 May 1919"); r.start.iso, r.end.iso
    ('1919-05-12', '1919-05-15')
    >>> parse_date_range("336–323 BC").start.iso
    '-0335'
    >>> r = parse_date_range("15 March 2011 – present"); r.end, r.ongoing
    (None, True)
    >>> parse_date_range("July 1–3, 1863").start.iso
    '1863-07-01'
    >>> parse_date_range("1918–19").end.iso
    '1919'
    """
    text = text.strip().rstrip(".;,")
    us = _US_DAY_RANGE.match(text)       # "July 1–3, 1863"
    if us:
        month, year = us["month"], us["year"]
        text = f"{month} {us['first']}, {year} – {month} {us['last']}, {year}"
    single = parse_date(text)
    if single is not None:
        return DateRange(single, single, False)
    for sep in _SEPARATOR.finditer(text):
        left, right = text[:sep.start()], text[sep.end():]
        if not left.strip() or not right.strip():
            continue
        if _OPEN.match(right.strip()):
            start = parse_date(left)
            if start is not None:
                return DateRange(start, None, True)
            continue
        end_part = _parse_part(right)
        start_part = _parse_part(left)
        if end_part is None or start_part is None:
            continue
        if end_part.year is None and start_part.year is not None and end_part.month is None \
                and end_part.day is not None and start_part.month is None:
            # "1918–19": a two-digit end year shares the start's century
            if len(str(start_part.year)) == 4 and end_part.day < 100:
                century = start_part.year // 100 * 100
                end = DateValue(_iso_year(century + end_part.day), "year")
                start = _complete(start_part, None, None, None)
                if start and end.iso > start.iso:
                    return DateRange(start, end, False)
            continue
        if end_part.year is None:
            continue
        end = _complete(end_part, None, None, None)
        if end is None:
            continue
        era = end_part.era if start_part.year is None else None
        if start_part.year is not None and start_part.era is None and end_part.era \
                and end_part.era.upper().startswith("B"):
            era = end_part.era      # "336–323 BC": both years are BC
            start_part = start_part._replace(era=era)
        start = _complete(start_part, end_part.year, end_part.month, era or end_part.era)
        if start is None:
            continue
        return DateRange(start, end, False)
    return None
