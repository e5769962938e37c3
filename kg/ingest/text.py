"""Small helpers on spans of the source text: trimming, prefixes, parentheses, colons."""

from __future__ import annotations

import re

from .footnotes import trim

Span = tuple[int, int]
_FLAG_LEFTOVER = re.compile(r"[\s\u00a0:•]+")  # used with match(): anchored at begin
_PAREN_TAIL = re.compile(r"\s*\([^()]*\)\s*$")


def clean(text: str, begin: int, end: int) -> Span:
    """The value in ``text[begin:end]`` without bullets, the ``: `` a dropped flag leaves, spaces
    and footnote marks at either end.

    >>> s = ":\\u00a010,150 men[note 2]"
    >>> b, e = clean(s, 0, len(s)); s[b:e]
    '10,150 men'
    """
    m = _FLAG_LEFTOVER.match(text, begin, end)
    if m:
        begin = m.end()
    return trim(text, begin, end)


def without_parenthesis(text: str, begin: int, end: int) -> Span:
    """Drop a trailing ``(…)``, such as a name in another script after a commander's name.

    >>> s = "Teodor Ilyin (Тодор Ильин)"
    >>> b, e = without_parenthesis(s, 0, len(s)); s[b:e]
    'Teodor Ilyin'
    """
    m = _PAREN_TAIL.search(text, begin, end)
    if m and m.start() > begin and m.end() == end:
        return trim(text, begin, m.start())
    return begin, end


def strip_prefix(text: str, begin: int, end: int, words: tuple[str, ...]) -> Span:
    """Skip leading words such as ``Part of``, ``the``."""
    changed = True
    while changed:
        changed = False
        for word in words:
            stop = begin + len(word)
            if text[begin:stop].lower() == word.lower() and stop < end and \
                    text[stop].isspace():
                begin, changed = stop + 1, True
    return begin, end
