"""Footnote marks in infobox values: find them so that values and quotes leave them out.

Marks seen in flattened infoboxes: ``[1]``, ``[a]``, ``[note 2]``, ``[nb 1]``, ``[citation
needed]``, and asterisks or daggers glued to a figure (``4,112*``, ``938**``). The text is never
changed: the functions return offsets into it, so every quote stays an exact slice of the source.
"""

from __future__ import annotations

import re

MARK = re.compile(r"\[(?:\d{1,3}|[a-z]{1,2}|(?:note|nb|n|lower-alpha|upper-alpha)\s*\d{1,3}|"
                  r"citation needed|according to who\?*|who\?|when\?|clarification needed|"
                  r"dubious[^\]]{0,20}|[a-z ]{0,20}needed)\]|(?<=\S)[*†‡§]+|(?<=\S)\s+[†‡]",
                  re.IGNORECASE)


def mark_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of every footnote mark in ``text``.

    >>> mark_spans("4,112 killed[1][note 2]")
    [(12, 15), (15, 23)]
    >>> mark_spans("938** killed")
    [(3, 5)]
    """
    return [m.span() for m in MARK.finditer(text)]


def strip_marks(text: str) -> str:
    """``text`` without its footnote marks (for parsing only; quotes use :func:`trim`).

    >>> strip_marks("179 killed[a] *")
    '179 killed *'
    """
    return MARK.sub("", text)


def trim(text: str, begin: int = 0, end: int | None = None) -> tuple[int, int]:
    """Shrink ``text[begin:end]`` past surrounding whitespace and footnote marks.

    >>> s = " 4,112 killed[1] "
    >>> b, e = trim(s)
    >>> s[b:e]
    '4,112 killed'
    """
    end = len(text) if end is None else end
    changed = True
    while changed and begin < end:
        changed = False
        while begin < end and text[begin].isspace():
            begin, changed = begin + 1, True
        while end > begin and text[end - 1].isspace():
            end, changed = end - 1, True
        for m in MARK.finditer(text, begin, end):
            if m.end() == end and m.start() > begin:
                end, changed = m.start(), True
            elif m.start() == begin and m.group().startswith("["):
                begin, changed = m.end(), True
    return begin, end
