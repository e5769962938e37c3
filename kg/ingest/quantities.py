"""Figures of an infobox, parsed with their bounds: the DBpedia extraction framework keeps the
first number of ``938+`` and of ``50,000–70,000``; this parser keeps what the text says.

Forms (local names of kg:QuantityForm terms): ``Exact`` (``4,112``), ``Range``
(``50,000–70,000``), ``LowerBound`` (``938+``, ``at least``, ``over``, ``more than``),
``UpperBound`` (``less than``, ``up to``), ``Approximate`` (``c.``, ``~``, ``about``, ``est.``),
``UnknownQuantity`` (``Unknown``, ``?``) and ``Qualitative`` (``Heavy``, ``Light``). A strength
series entry keeps its date (``35,000 (May 1919)``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .dates import DateValue, parse_date

_NUM = r"\d{1,3}(?:[,\u00a0\u202f\u2009]\d{3})+(?!\d)|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?P<{0}>million|thousand|m\b|k\b))?"
_LOWER = r"at\s+least|over|more\s+than|in\s+excess\s+of|upwards\s+of|minimum(?:\s+of)?|>\s*|≥\s*"
_UPPER = r"less\s+than|fewer\s+than|up\s+to|under|at\s+most|maximum(?:\s+of)?|<\s*|≤\s*"
_APPROX = (r"c\.|ca\.|circa|~|≈|about|around|approximately|approx\.|roughly|some|est\.|"
           r"estimated(?:\s+at)?|an\s+estimated|nearly|almost")

_FIGURE = re.compile(
    r"^(?:(?P<lower>" + _LOWER + r")|(?P<upper>" + _UPPER + r")|(?P<approx>" + _APPROX + r"))?"
    r"\s*(?:between\s+)?(?P<n1>" + _NUM + r")" + _SCALE.format("s1")
    + r"(?:\s*(?:–|—|-|to|and)\s*(?:c\.\s*|~\s*)?(?P<n2>" + _NUM + r")" + _SCALE.format("s2")
    + r")?(?P<plus>\+)?(?=$|[\s,;:(/\-])",
    re.IGNORECASE)
_UNKNOWN = re.compile(r"^(?:unknown|not\s+known|\?+|unk\.?|n/?a|none\s+known)(?:\s+(?P<rest>.*))?$",
                      re.IGNORECASE)
_QUALITATIVE = re.compile(
    r"^(?P<word>heavy|light|minimal|moderate|severe|high|low|significant|considerable|"
    r"negligible|few|many|several|numerous|massive|total|unknown\s+but\s+heavy)\b(?P<rest>.*)$",
    re.IGNORECASE)
_SERIES = re.compile(r"\s*\((?:in\s+|by\s+|as\s+of\s+)?(?P<date>[^()]*\d{3,4}[^()]*)\)\s*$")
_SPLIT = re.compile(r"\s*(?:;|,|\band\b)\s+(?=(?:c\.\s*|~\s*|about\s+|over\s+|at\s+least\s+)?\d)",
                    re.IGNORECASE)


class Quantity(NamedTuple):
    """A parsed figure. ``words`` is the text after the number(s) (unit and kind words)."""

    form: str
    value: int | None
    lower: int | None
    upper: int | None
    words: str
    date: DateValue | None
    qualifier: str | None


def _number(text: str, scale: str | None) -> int:
    digits = re.sub(r"[,\u00a0\u202f\u2009]", "", text)
    value = float(digits)
    if scale:
        value *= 1_000_000 if scale.lower().startswith("m") else 1_000
    return round(value)


def parse_quantity(text: str) -> Quantity | None:
    """Parse one figure; None when the text holds no figure.

    >>> parse_quantity("50,000–70,000 troops")[:4]
    ('Range', None, 50000, 70000)
    >>> parse_quantity("938+ killed")[:4]
    ('LowerBound', None, 938, None)
    >>> parse_quantity("c. 5,000 men")[:4]
    ('Approximate', 5000, None, None)
    >>> parse_quantity("up to 400")[:4]
    ('UpperBound', None, None, 400)
    >>> parse_quantity("Unknown").form, parse_quantity("Heavy").form
    ('UnknownQuantity', 'Qualitative')
    >>> parse_quantity("35,000 (May 1919)").date
    DateValue(iso='1919-05', precision='month')
    >>> parse_quantity("1.2 million")[1]
    1200000
    """
    text = text.strip()
    if not text:
        return None
    date = None
    series = _SERIES.search(text)
    if series:
        date = parse_date(series.group("date").strip())
        if date is not None:
            text = text[:series.start()].rstrip()
    m = _FIGURE.match(text)
    if m:
        words = text[m.end():].strip(" ,;:")
        n1 = _number(m["n1"], m["s1"] or m["s2"])
        if m["n2"]:
            n2 = _number(m["n2"], m["s2"])
            if m["s2"] and not m["s1"] and n1 < 1000:
                n1 = _number(m["n1"], m["s2"])        # "1–2 million"
            if n2 <= n1:
                return None    # "1918–1919"-like or descending: not a range of counts
            return Quantity("Range", None, n1, n2, words, date, m["approx"])
        if m["plus"] or m["lower"]:
            return Quantity("LowerBound", None, n1, None, words, date, m["lower"] or "+")
        if m["upper"]:
            return Quantity("UpperBound", None, None, n1, words, date, m["upper"])
        if m["approx"]:
            return Quantity("Approximate", n1, None, None, words, date, m["approx"])
        return Quantity("Exact", n1, None, None, words, date, None)
    u = _UNKNOWN.match(text)
    if u:
        return Quantity("UnknownQuantity", None, None, None, (u["rest"] or "").strip(), date,
                        None)
    q = _QUALITATIVE.match(text)
    if q and len(text) < 60:
        return Quantity("Qualitative", None, None, None, q["rest"].strip(" ,;:"), date,
                        q["word"])
    return None


def split_figures(text: str) -> list[tuple[int, int]]:
    """Offsets of each figure in a value that lists several (``4,112 killed, 2,000 wounded``).

    >>> s = "179 killed; 657 wounded"
    >>> [s[b:e] for b, e in split_figures(s)]
    ['179 killed', '657 wounded']
    """
    spans, start = [], 0
    for m in _SPLIT.finditer(text):
        if parse_quantity(text[start:m.start()]) is None:
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans
