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

_SUPPORTED = re.compile(r"^(?:supported\s+by|in\s+support|co-belligerents?)\s*:?$", re.IGNORECASE)
_LED_BY_PAIR = re.compile(
    r"^(?P<a>.+?)\s+led\s+by\s+(?P<b>[A-Z][\w'’-]+)\s+(?P<c>[A-Z].+?)\s+led\s+by\s+"
    r"(?P<d>[A-Z][\w'’-]+)$")
_LED_BY = re.compile(r"^(?P<a>.+?)\s+led\s+by\s+(?P<b>[A-Z].+)$")


# words that open a polity's name: "Kingdom of …", "Clan Ferach"
_HEADS = (r"(?:Kingdom|Lordship|Republic|Empire|Duchy|Grand\s+Duchy|County|Order|Principality|"
          r"Sultanate|Khanate|Emirate|Caliphate|Electorate|Margravate|Free\s+City|"
          r"Commonwealth|Federation|State)\s+of\b|(?:Clan|House)\s+[A-Z]")
_RUN_TOGETHER = re.compile(r"(?<=[a-z\u00C0-\u024F])\s+(?=" + _HEADS + r")")
_SUPPORTED_INLINE = re.compile(r"\s+supported\s+by:?\s+", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-Z\u00C0-\u00DE][\w'’.-]*$")
# A rank, office or honorific before a person's name is not part of the name ("Admiral Hanne
# Ostrow", "Sir Hugh Denton"). Royal styles stay: "Prince Aubert" is how the text names him.
_TITLE = re.compile(
    r"^(?:(?:[Vv]ice|[Rr]ear|[Ff]ield|[Ll]ieutenant|[Mm]ajor|[Bb]rigadier|[Gg]rand|[Aa]ir|"
    r"[Ff]leet)[- ])?"
    r"(?:[Aa]dmiral|[Gg]eneral|[Mm]arshal|Colonel|Captain|Commodore|Commander|President|"
    r"Premier|Sir|Lord|Lady|Dame|Bishop|Archbishop|Cardinal|Chancellor|Governor)"
    r"\.?\s+(?=[A-Z\u00C0-\u00DE])")
_LINK_WORDS = {"of", "the", "and", "de", "del", "di", "da", "von", "van", "la", "le", "du", "al"}


def _names(text: str, b: int, e: int, key: str, known: frozenset = frozenset()
           ) -> list[tuple[int, int]]:
    """Split a line that runs several names together, where the words show where.

    Belligerents: before a word that starts a polity's name (``… of the Isles Clan Ferach``).
    Commanders: a run of only capitalised words, an even number of six or more, is read as
    two-word names (``Cormac Rhuane Eilidh Ferach Tomas Ferach``); four words may be one name.
    Belligerents also split where two names the infobox uses elsewhere as headings or party
    labels (``known``) run together (``Kingdom of Asel Ordic League``).
    """
    value = text[b:e]
    if key == "belligerents":
        spans, start = [], 0
        for m in _RUN_TOGETHER.finditer(value):
            spans.append((b + start, b + m.start()))
            start = m.end()
        spans.append((b + start, e))
        return [cut for sb, se in spans for cut in _split_known(text, sb, se, known)]
    words = list(re.finditer(r"\S+", value))
    if key == "commanders" and len(words) >= 6 and len(words) % 2 == 0 and \
            all(_NAME_WORD.match(w.group()) for w in words):
        return [(b + words[i].start(), b + words[i + 1].end()) for i in range(0, len(words), 2)]
    return [(b, e)]


def _split_known(text: str, b: int, e: int, known: frozenset) -> list[tuple[int, int]]:
    """Cut a run of two names where the left part ends with one ``known`` name and the right
    part is or ends with another; both must be names the infobox uses on their own."""
    value = text[b:e]
    if not known or value.casefold() in known:
        return [(b, e)]
    for m in re.finditer(r"\s+", value):
        left, right = value[:m.start()], value[m.end():]
        if left.split()[-1].casefold() in _LINK_WORDS or not right[:1].isupper():
            continue
        ends = [k for k in known if left.casefold() == k or left.casefold().endswith(" " + k)]
        rights = [k for k in known if right.casefold() == k or
                  right.casefold().endswith(" " + k)]
        if ends and rights and set(ends) != set(rights):
            return [(b, b + m.start()), (b + m.end(), e)]
    return [(b, e)]


def heading_names(text: str, sections: list[Section]) -> frozenset:
    """Casefolded names used as headings or party labels (``Asel:``, ``Asel: c. 40,000``)."""
    found = set()
    for section in sections:
        if section.key not in ("commanders", "strength", "casualties"):
            continue
        for entry in section.entries:
            b, e = clean(text, entry.begin, entry.end)
            m = re.match(r"^([^\d:~<>≈•]{2,60}?)\s*:", text[b:e])
            if m and not _SUPPORTED.match(m.group(0)):
                found.add(m.group(1).strip().casefold())
    return frozenset(found)


def read_actors(article: Article, section: Section, columns: bool,
                known: frozenset = frozenset()) -> list[Mention]:
    """The names of a belligerents, commanders or units section, with sides where certain.

    ``known``: names the infobox uses as headings or party labels elsewhere (casefolded).
    """
    text = article.text
    notes = article.notes
    found: list[Mention] = []
    headings = []
    if not columns:
        for entry in section.entries:
            b, e = clean(text, entry.begin, entry.end)
            value = text[b:e]
            if value.endswith(":") and not _SUPPORTED.match(value):
                headings.append((entry.line, value[:-1].strip()))
    heading_side = {}
    if len(headings) == 2:
        heading_side = {line: n for n, (line, _) in enumerate(headings, start=1)}
    elif headings and article.sides:      # "Merrow:" again under Commanders
        names = {m.name.casefold(): n for n, m in article.sides.items()}
        heading_side = {line: names.get(name.casefold()) for line, name in headings}
    heading_lines = {line for line, _ in headings}
    side = None
    role = None
    what = {"belligerents": "belligerent", "commanders": "commander", "units": "unit"}
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
        if entry.line in heading_lines:
            side = heading_side.get(entry.line)
            role = None
            label = value[:-1].strip()
            if section.key != "belligerents":
                if side is not None and side not in article.sides:
                    # "Asel:" … "Ordic League:" under Commanders name the two columns
                    article.sides[side] = Mention(label, (b, b + len(value) - 1), side=side)
                notes[entry.line] = ("used", f"heading {label!r}: the names under it are on "
                                     + (f"side {side}" if side else "an unknown side"))
                continue
            mention = Mention(label, (b, b + len(value)), side=side)
            if side is not None:
                article.sides[side] = mention
            found.append(mention)
            notes[entry.line] = ("used", f"belligerent heading {label!r}"
                                 + (f", side {side}" if side else ", side unknown"))
            continue
        b, e = without_parenthesis(text, b, e)
        value = text[b:e]
        pair = _LED_BY_PAIR.match(value) if section.key == "belligerents" else None
        if pair:
            first = _led_by(text, b, pair, "a", "b", side, role)
            second = _led_by(text, b, pair, "c", "d", side, role)
            found.extend([first, second])
            notes[entry.line] = ("used", f"two belligerents on one line: {first.name!r} (led by "
                                 f"{first.leader.name!r}), {second.name!r} (led by "
                                 f"{second.leader.name!r}); sides unknown")
            continue
        parts = [(b, e, role)]
        inline = _SUPPORTED_INLINE.search(value) if section.key == "belligerents" else None
        if inline:          # "Clan Rhuane Supported by: Lordship of the Isles"
            parts = [(b, b + inline.start(), role), (b + inline.end(), e, "supporter")]
        mentions = []
        for pb, pe, part_role in parts:
            for nb, ne in _names(text, pb, pe, section.key, known):
                single = _LED_BY.match(text[nb:ne]) if section.key == "belligerents" else None
                if single:
                    mentions.append(_led_by(text, nb, single, "a", "b", side, part_role))
                    continue
                title = _TITLE.match(text[nb:ne]) if section.key == "commanders" else None
                if title and title.end() < ne - nb:
                    nb += title.end()
                mentions.append(Mention(text[nb:ne], (nb, ne), side=side, role=part_role))
        found.extend(mentions)
        notes[entry.line] = ("used", "; ".join(
            f"{what[section.key]} {m.name!r}" + (f", side {side}" if side else ", side unknown")
            + (" (supporting)" if m.role else "") for m in mentions))
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
