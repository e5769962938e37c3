"""Strength and casualty sections: every figure with its form, kind, unit, party and side.

A figure gets a party only when the text names it beside the figure (``Czechoslovakia: 4,112
killed``, or ``Greece:`` on its line with the figures indented under it). It gets a side only
from the layout: a table column, or (flattened layouts) a bullet list that the infobox closes
with unbulleted lines, which are the other column. Otherwise it keeps its list position only.
"""

from __future__ import annotations

import re

from . import units
from .layout import Entry, Section
from .model import Article, Figure, Mention
from .quantities import parse_quantity, split_figures
from .text import clean

_PARTY_PREFIX = re.compile(r"^(?P<party>[^\d:~<>≈]{2,60}?)\s*:\s*")
_TROOP_WORDS = {"infantry": "Infantry", "cavalry": "Cavalry"}
_PEOPLE = re.compile(r"\b(?:inhabitants|civilians|people|residents|population|townspeople|"
                     r"townsfolk|villagers|non-?combatants)\b", re.I)
_KILLED_EXTRA = re.compile(r"\b(?:crucified|executed|massacred|slain|hanged|beheaded)\b", re.I)
_CAPTURED_EXTRA = re.compile(r"\b(?:enslaved|taken\s+captive|deported|transported)\b", re.I)
_CAUSE = re.compile(r"(?:(?<=killed)|(?<=wounded)|(?<=died))\s+(?:by|in|during|from)\s+"
                    r"(?=[a-z])")
_SHARED_VERB = re.compile(r"\s+(?P<verb>sunk|lost|destroyed|captured|damaged|shot\s+down)$")
_DATE_TAIL = re.compile(r"\s*\((?:in\s+|by\s+|as\s+of\s+)?[^()]*\d{3,4}[^()]*\)\s*$")


def strength_unit(words: str) -> str:
    """kg:Unit local name for a strength figure's words (default troops)."""
    materiel = units.materiel_unit(words)
    if materiel:
        return materiel
    first = words.split()[0].lower() if words.split() else ""
    if first in _TROOP_WORDS:
        return _TROOP_WORDS[first]
    if _PEOPLE.search(words):
        return "People"
    return "Troops"


def loss_kind_and_unit(words: str) -> tuple[str, str]:
    """(kg:LossKind, kg:Unit) local names for a loss figure's words."""
    materiel = units.materiel_unit(words)
    if materiel:
        kind = "CapturedMateriel" if re.search(r"\bcaptured\b", words, re.I) else "MaterielLoss"
        if materiel == "Materiel" and not re.search(r"\blost\b|\blosses\b|\bcaptured\b|"
                                                    r"\bdestroyed\b", words, re.I):
            return "UnspecifiedCasualties", "People"
        return kind, materiel
    kind = units.loss_kind(words)
    if kind is None:
        if _KILLED_EXTRA.search(words):
            kind = "Killed"
        elif _CAPTURED_EXTRA.search(words):
            kind = "Captured"
        else:
            kind = "UnspecifiedCasualties"
    return kind, "People"


def side_of_party(article: Article, name: str) -> int | None:
    """The side of a belligerent or side heading the text names exactly so (``Merrow`` under
    the heading ``Merrow:``), or None."""
    key = name.casefold()
    sides = {m.side for m in article.belligerents if m.side is not None and (
        m.name.casefold() == key or m.name.casefold().endswith(" " + key))}
    sides |= {n for n, m in article.sides.items() if m.name.casefold() == key}
    return sides.pop() if len(sides) == 1 else None


def read_figures(article: Article, section: Section, columns: bool) -> None:
    """Add the figures of a strength or casualties section to ``article``.

    :param columns: the layout gives each entry's column (a pipe table).
    """
    text = article.text
    notes = article.notes
    party: Mention | None = None
    party_span = None
    party_lead = -1
    column: int | None = None
    guessed = False
    seen_bullet = False
    positions: dict[int | None, int] = {}
    # a bullet list closed by unbulleted lines reads as two columns: a guess from position
    split_by_bullets = bool(section.entries) and section.entries[0].bullet and \
        any(not e.bullet and e.lead == 0 for e in section.entries) and not columns
    last_line = len(article.line_spans) - 1
    for entry in section.entries:
        if article.truncated and entry.line == last_line and entry.end == len(text):
            notes[entry.line] = ("skipped", "cut off by the truncation of the page")
            continue
        if columns:
            if entry.column != column or entry.column is None:
                party, party_span, party_lead = None, None, -1
            column = entry.column
        elif split_by_bullets:
            if entry.bullet and entry.lead > 0:
                column, guessed, seen_bullet = 1, True, True
            elif entry.lead == 0 and seen_bullet:
                column, guessed = 2, True
        if not columns and entry.lead <= party_lead:
            party, party_span, party_lead = None, None, -1
        begin, end = clean(text, entry.begin, entry.end)
        if begin >= end:
            notes.setdefault(entry.line, ("skipped", "empty value (a dropped flag)"))
            continue
        value = text[begin:end]
        prefix = _PARTY_PREFIX.match(value)
        if prefix and not value[prefix.end():].strip() and not any(c.isdigit() for c in value):
            # "Greece:" alone: the figures under it are Greece's
            party_end = begin + prefix.end("party")
            party = Mention(value[:prefix.end("party")].strip(), (begin, party_end))
            party_span = (begin, begin + len(value.rstrip()))
            party_lead = entry.lead
            notes[entry.line] = ("used", f"party {party.name!r} for the figures under it")
            continue
        inline_party = None
        if prefix and value[prefix.end():].strip():
            inline_party = Mention(prefix["party"].strip(), (begin, begin + prefix.end("party")))
            # "United Kingdom: 255 killed" with more figures indented under it
            party, party_span, party_lead = inline_party, None, entry.lead
        figure_begin = begin + prefix.end() if prefix and inline_party else begin
        used = []
        pieces = split_figures(text[figure_begin:end])
        verb = _SHARED_VERB.search(text, figure_begin, end) if len(pieces) > 1 else None
        if verb and any(units.loss_kind(text[figure_begin + pb:figure_begin + pe])
                        for pb, pe in pieces[:-1]):
            verb = None     # "700+ killed, 310 captured": each piece says its own kind
        for b, e in pieces:
            fb, fe = clean(text, figure_begin + b, figure_begin + e)
            if verb and fe == verb.end():
                fe = verb.start()      # "2 destroyers, … and 1 container ship sunk": all sunk
            figure = _figure(article, section.key, fb, fe)
            if figure is not None and verb and figure.loss_kind in ("MaterielLoss",
                                                                   "UnspecifiedCasualties"):
                materiel = units.materiel_unit(figure.quantity.words)
                if materiel:
                    figure.unit = materiel
                    figure.loss_kind = "CapturedMateriel" if verb["verb"] == "captured" \
                        else "MaterielLoss"
            if figure is None:
                continue
            positions[column] = positions.get(column, 0) + 1
            figure.position = positions[column]
            figure.party = inline_party or party
            figure.inline_party = inline_party is not None
            if figure.party is not None and inline_party is None:
                figure.party_span = party_span or figure.party.span
            stated = side_of_party(article, figure.party.name) if figure.party else None
            if columns or stated is not None:
                figure.side = stated if stated is not None else column
            elif column is not None and guessed:
                figure.side, figure.by_position = column, True
            if columns and column is None and figure.loss_kind in ("Killed",
                                                                  "UnspecifiedCasualties"):
                figure.loss_kind = "CivilianCasualties"    # the table's whole-width row
            article.figures.append(figure)
            used.append(figure)
        if used:
            whose = f" of {used[0].party.name}" if used[0].party else ""
            side = ""
            if used[0].side:
                side = f", side {used[0].side}" + (" (by position only)"
                                                   if used[0].by_position else "")
            notes[entry.line] = ("used", "; ".join(
                f"{_describe(f)}{whose}{side}" for f in used))
        else:
            notes[entry.line] = ("skipped", f"not a figure: {value[:40]!r}")


def _figure(article: Article, key: str, begin: int, end: int) -> Figure | None:
    text = article.text
    tail = _DATE_TAIL.search(text, begin, end)
    quantity = parse_quantity(text[begin:end])
    if quantity is None:
        return None
    if key == "strength":     # a series keeps its date: "35,000 (May 1919)"
        return Figure(key, quantity, (begin, end), 0, strength_unit(quantity.words))
    if tail and tail.end() == end and tail.start() > begin:
        end = tail.start()                 # "Over 1,400 civilians killed (2014–2023)"
    cause = _CAUSE.search(text, begin, end)
    if cause:
        end = cause.start()                # "… killed by stray shot and fire": not a captor
    kind, unit = loss_kind_and_unit(quantity.words)
    figure = Figure(key, quantity, (begin, end), 0, unit, loss_kind=kind)
    if kind == "UnspecifiedCasualties" and _PEOPLE.search(quantity.words):
        figure.loss_kind = "CivilianCasualties"
    captor = units.captured_by(quantity.words)
    if captor:
        name, offset = captor
        words_at = text.find(quantity.words, begin, end)
        if words_at >= 0:
            start = words_at + offset
            figure.captured_by = Mention(name, (start, start + len(name)))
    return figure


def _describe(f: Figure) -> str:
    q = f.quantity
    number = {"Exact": f"{q.value}", "Approximate": f"about {q.value}",
              "Range": f"{q.lower}-{q.upper}", "LowerBound": f"{q.lower}+",
              "UpperBound": f"up to {q.upper}", "UnknownQuantity": "unknown",
              "Qualitative": f"{q.qualifier!r}"}[q.form]
    what = f.loss_kind or "strength"
    return f"{what} {number} {f.unit}"


def entries_of(section: Section) -> list[Entry]:
    return section.entries
