"""Belligerents, commanders and units, each on a side only where the text makes the side certain.

Certain: a pipe table's column; two column headings ending in a colon (``Allied Powers:`` …
``Bolsheviks:``) with the names under each. Not certain: names listed one after another in a
flattened infobox, where the boundary between the columns was lost; they keep no side.
"""

from __future__ import annotations

import re

from .layout import Section
from .model import Article, Mention
from .text import clean, without_parenthesis

_SUPPORTED = re.compile(r"^(?:supported\s+by|support|in\s+support|allies|co-belligerents?)\s*:?$",
                        re.IGNORECASE)
_LED_BY_PAIR = re.compile(
    r"^(?P<a>.+?)\s+led\s+by\s+(?P<b>[A-Z][\w'’-]+)\s+(?P<c>[A-Z].+?)\s+led\s+by\s+"
    r"(?P<d>[A-Z][\w'’-]+)$")
_LED_BY = re.compile(r"^(?P<a>.+?)\s+led\s+by\s+(?P<b>[A-Z].+)$")


def read_actors(article: Article, section: Section, columns: bool) -> list[Mention]:
    """The names of a belligerents, commanders or units section, with sides where certain."""
    text = article.text
    notes = article.notes
    found: list[Mention] = []
    headings = []
    if not columns and section.key == "belligerents":
        for entry in section.entries:
            b, e = clean(text, entry.begin, entry.end)
            value = text[b:e]
            if value.endswith(":") and not _SUPPORTED.match(value):
                headings.append(entry.line)
    side = None
    role = None
    for entry in section.entries:
        b, e = clean(text, entry.begin, entry.end)
        if b >= e:
            notes.setdefault(entry.line, ("skipped", "empty value"))
            continue
        value = text[b:e]
        if columns:
            side = entry.column
            role = None if entry.column is None or not found or \
                found[-1].side != entry.column else role
        if _SUPPORTED.match(value):
            role = "supporter"
            notes[entry.line] = ("used", "'Supported by': the names after it support their side")
            continue
        if entry.line in headings:
            if len(headings) == 2:
                side = headings.index(entry.line) + 1
            role = None
            label = value[:-1].strip()
            mention = Mention(label, (b, b + len(value)), side=side)
            if side is not None:
                article.sides[side] = mention
            found.append(mention)
            notes[entry.line] = ("used", f"belligerent heading {label!r}"
                                 + (f", side {side}" if side else ", side unknown"))
            continue
        if section.key == "commanders":
            b, e = without_parenthesis(text, b, e)
        pair = _LED_BY_PAIR.match(value) if section.key == "belligerents" else None
        if pair:
            first = _led_by(text, b, pair, "a", "b", side, role)
            second = _led_by(text, b, pair, "c", "d", side, role)
            found.extend([first, second])
            notes[entry.line] = ("used", f"two belligerents on one line: {first.name!r} (led by "
                                 f"{first.leader.name!r}), {second.name!r} (led by "
                                 f"{second.leader.name!r}); sides unknown")
            continue
        single = _LED_BY.match(value) if section.key == "belligerents" else None
        if single:
            mention = _led_by(text, b, single, "a", "b", side, role)
        else:
            mention = Mention(text[b:e], (b, e), side=side, role=role)
        found.append(mention)
        what = {"belligerents": "belligerent", "commanders": "commander", "units": "unit"}
        notes[entry.line] = ("used", f"{what[section.key]} {mention.name!r}"
                             + (f", side {side}" if side else ", side unknown")
                             + (" (supporting)" if role else ""))
    if columns:
        for side_no in (1, 2):
            if side_no not in article.sides:
                first = next((m for m in found if m.side == side_no), None)
                if first is not None and section.key == "belligerents":
                    article.sides[side_no] = first
    return found


def _led_by(text: str, base: int, m: re.Match, party: str, leader: str, side, role) -> Mention:
    led = Mention(m[leader], (base + m.start(leader), base + m.end(leader)), side=side)
    return Mention(m[party], (base + m.start(party), base + m.end(party)), side=side, role=role,
                   leader=led)
