"""From an article's text to its facts (:class:`kg.ingest.model.Article`), or a refusal.

Reads the layout (:mod:`kg.ingest.layout`, :mod:`kg.ingest.table`), then each section with
its value parser. The lead's prose is kept in the source document; no rule extracts from it
beyond the kind of conflict its title names.
"""

from __future__ import annotations

import re

from . import actors, figures, layout, table
from .dates import parse_date_range
from .model import Article, Mention
from .source import Refusal, decode, digest
from .text import clean, strip_prefix

# Kind words in titles (first match wins): kind -> the local name of its kg class.
KINDS: tuple[tuple[str, str, str], ...] = (
    (r"\bcivil\s+war\b", "civil-war", "CivilWar"),
    (r"\bintervention\b", "intervention", "MilitaryIntervention"),
    (r"\bsiege\b", "siege", "Siege"),
    (r"\bbattle\b", "battle", "Battle"),
    (r"\binsurgency\b", "insurgency", "Insurgency"),
    (r"\b(?:rebellion|revolt)\b", "rebellion", "Rebellion"),
    (r"\b(?:uprising|rising)\b", "uprising", "Uprising"),
    (r"\boffensive\b", "offensive", "Offensive"),
    (r"\binvasion\b", "invasion", "Invasion"),
    (r"\b(?:campaign|expedition)\b", "campaign", "Campaign"),
    (r"\bwars?\b", "war", "War"),
    (r"\bconflict\b", "conflict", "Conflict"),
)
KIND_CLASS = {kind: cls for _, kind, cls in KINDS}
CONFLICT_SECTIONS = {"belligerents", "commanders", "strength", "casualties", "result"}
_DURATION = re.compile(r"^\(?\s*((?:\d+\s+(?:years?|months?|weeks?|days?)[\s,]*(?:and\s+)?)+)"
                       r"\)?$")
_INLINE_DURATION = re.compile(r"\s*(\((?:\d+\s+(?:years?|months?|weeks?|days?)[\s,]*(?:and\s+)?)+"
                              r"\))\s*$")
_DURATION_PART = re.compile(r"(\d+)\s+(year|month|week|day)")
_LEAD_KIND = re.compile(r"\b(?:was|is)\s+(?:a|an|the)\s+(?P<what>(?:[\w-]+\s+){0,4}?"
                        r"(?:civil\s+war|intervention|siege|battle|insurgency|rebellion|revolt|"
                        r"uprising|rising|offensive|invasion|campaign|expedition|war|conflict))\b",
                        re.IGNORECASE)
_CHAIN_NOUNS = r"(?:campaign|campaigns|theatre|theater|front|phase|operations|offensive)"
# "50.912°N 0.487°E", "43°36′N 1°26′E": a map position, not a place name
_COORDINATES = re.compile(r"^\s*-?\d{1,3}(?:[.,]\d+)?°(?:\s*\d{1,2}(?:[.,]\d+)?[′'])?"
                          r"(?:\s*\d{1,2}(?:[.,]\d+)?[″\"])?\s*[NS]\b.*[EW]\W*$")
_CHAIN = re.compile(r"\s+of\s+(?:the\s+)?(?=[A-Z0-9])")
_AND_THE = re.compile(r"\s+and\s+the\s+(?=[A-Z])")


def ingest_bytes(data: bytes, name: str) -> Article:
    """The facts of one article, or :class:`Refusal` (empty, binary, not UTF-8, no conflict)."""
    text = decode(data, name)
    lines = layout.split_lines(text)
    kind = layout.detect_layout(text, lines)
    if kind == 3:
        box = table.read_table(text, lines)
    elif kind in (1, 2):
        box = layout.read_flat(text, lines, kind)
    else:
        box = None
    keys = {s.key for s in box.sections} if box else set()
    if box is None or len(keys & CONFLICT_SECTIONS) < 2 or \
            not keys & {"belligerents", "casualties", "strength", "result"}:
        raise Refusal(f"{name}: not an article about a conflict: no infobox with belligerents, "
                      "strength, casualties or a result was found; nothing was written.")
    title = Mention(text[box.title[0]:box.title[1]], box.title)
    article = Article(name, text, digest(data), box.layout, title, notes=box.notes,
                      line_spans=lines, truncated=box.truncated)
    _kind(article, box)
    _part_of(article, box.part_of)
    columns = box.layout == 3
    known = actors.heading_names(text, box.sections) if not columns else frozenset()
    for section in box.sections:
        if section.key == "date":
            _dates(article, section)
        elif section.key == "duration":
            for entry in section.entries:
                _duration(article, entry)
        elif section.key == "location":
            article.places.extend(_each_line(article, section, "place", skip=_COORDINATES))
        elif section.key in ("result", "status"):
            _result(article, section)
        elif section.key == "territorial":
            article.territorial_changes.extend(
                _each_line(article, section, "territorial change"))
        elif section.key == "belligerents":
            article.belligerents.extend(actors.read_actors(article, section, columns, known))
        elif section.key == "commanders":
            article.commanders.extend(actors.read_actors(article, section, columns))
        elif section.key == "units":
            article.units.extend(actors.read_actors(article, section, columns))
        elif section.key in ("strength", "casualties"):
            figures.read_figures(article, section, columns)
    _column_sides(article)
    for b, e in lines:
        if layout.LICENCE.match(text[b:e]):
            article.licence = layout._strip_span(text, b, e)
    return article


def _column_sides(article: Article) -> None:
    """A table column with no belligerent cell still is a side: name it by its number and cite
    the first cell that stands in it."""
    used = [(m.side, m.span) for m in article.belligerents + article.commanders + article.units]
    used += [(f.side, f.span) for f in article.figures if not f.by_position]
    for side, span in used:
        if side is not None and side not in article.sides:
            article.sides[side] = Mention(f"side {side} of the {article.title.name}", span,
                                          side=side)


def _kind(article: Article, box) -> None:
    """The kind the title names, else the kind the lead's first sentence gives ("… was a naval
    battle"); else a conflict."""
    found = _first_kind(article.title.name, article.title.span[0])
    if found is None and box.lead is not None:
        lead = article.quote(box.lead)
        said = _LEAD_KIND.search(lead[:300])
        if said:
            found = _first_kind(said.group("what"), box.lead[0] + said.start("what"))
            line = next(i for i, (b, e) in enumerate(article.line_spans) if b <= box.lead[0] <= e)
            article.notes[line] = ("used", f"kind {found[0]!r} from the lead's first sentence; "
                                   "the rest of the prose is kept as text only")
    if found is None:
        article.kind = "conflict"
        return
    article.kind, article.kind_span = found


def _first_kind(words: str, offset: int) -> tuple[str, tuple[int, int]] | None:
    # the kind word that comes first names the thing: "Allied intervention in the ... Civil War"
    found = []
    for pattern, kind, _ in KINDS:
        m = re.search(pattern, words, re.IGNORECASE)
        if m:
            found.append((m.start(), -(m.end() - m.start()), kind, m))
    if not found:
        return None
    _, _, kind, m = min(found, key=lambda f: f[:2])
    return kind, (offset + m.start(), offset + m.end())


def _part_of(article: Article, entries) -> None:
    text = article.text
    for entry in entries:
        b, e = clean(text, entry.begin, entry.end)
        b, e = strip_prefix(text, b, e, ("Part of", "the"))
        names = []
        start = b
        for m in _CHAIN.finditer(text, b, e):
            left = text[start:m.start()]
            if re.search(_CHAIN_NOUNS + r"$", left, re.IGNORECASE):
                names.append((start, m.start()))
                start = m.end()
        names.append((start, e))
        split = []
        for nb, ne in names:          # "Part of the X and the Y": two wholes
            cuts = [(nb, ne)]
            for m in _AND_THE.finditer(text, nb, ne):
                cuts[-1:] = [(cuts[-1][0], m.start()), (m.end(), ne)]
            split.extend(cuts)
        for nb, ne in split:
            for part in re.finditer(r"[^,;]+", text[nb:ne]):
                pb, pe = clean(text, nb + part.start(), nb + part.end())
                pb, pe = strip_prefix(text, pb, pe, ("the", "and"))
                if pb < pe:
                    article.part_of.append(Mention(text[pb:pe], (pb, pe)))
        article.notes[entry.line] = ("used", "part of: " + ", ".join(
            repr(m.name) for m in article.part_of))


def _dates(article: Article, section) -> None:
    text = article.text
    for entry in section.entries:
        b, e = clean(text, entry.begin, entry.end)
        if article.dates is None:
            inline = _INLINE_DURATION.search(text, b, e)      # "… 2 September 1945 (6 years)"
            date_end = inline.start() if inline else e
            found = parse_date_range(text[b:date_end])
            if found is not None:
                article.dates, article.dates_span = found, (b, date_end)
                article.notes[entry.line] = ("used", _describe_dates(found))
                if inline:
                    _duration(article, entry, (inline.start(1), inline.end(1)))
                    why = article.notes[entry.line][1]
                    article.notes[entry.line] = ("used", f"{_describe_dates(found)}; {why}")
                continue
        if _duration(article, entry):
            continue
        article.notes[entry.line] = ("skipped", f"not a date: {text[b:e][:40]!r}")


def _describe_dates(found) -> str:
    start = f"{found.start.iso} ({found.start.precision})" if found.start else "?"
    end = "present (ongoing)" if found.ongoing else (
        f"{found.end.iso} ({found.end.precision})" if found.end else "?")
    return f"dates: start {start}, end {end}"


def _duration(article: Article, entry, span: tuple[int, int] | None = None) -> bool:
    """A stated duration, kept only when it leads from the start date to the end date."""
    text = article.text
    b, e = span or clean(text, entry.begin, entry.end)
    words = text[b:e].replace("\u00a0", " ")
    m = _DURATION.match(words)
    if not m:
        return False
    counts = {"year": 0, "month": 0, "week": 0, "day": 0}
    for n, unit in _DURATION_PART.findall(m.group(1)):
        counts[unit] += int(n)
    iso = "P" + "".join(f"{n}{u}" for n, u in ((counts["year"], "Y"), (counts["month"], "M"),
                                               (counts["week"] * 7 + counts["day"], "D")) if n)
    if iso == "P":
        return False
    fits = _duration_fits(article.dates, counts)
    if fits:
        article.duration = (iso, (b, e))
        article.notes[entry.line] = ("used", f"stated duration {iso}, checked: it leads from "
                                     f"the start to the end date ({fits})")
    elif fits is None:         # nothing to contradict: kept, and the report says unchecked
        article.duration = (iso, (b, e))
        why = "the conflict is ongoing (the duration runs to when the page was rendered)" \
            if article.dates and article.dates.ongoing else "the dates' precision cannot tell"
        article.notes[entry.line] = ("used", f"stated duration {iso}, not checked: {why}")
    else:
        dates = article.dates
        article.notes[entry.line] = ("skipped", f"stated duration {iso} does not lead from "
                                     f"{dates.start.iso} to {dates.end.iso}; not stored")
    return True


def _duration_fits(dates, counts: dict) -> str | bool | None:
    """How a stated duration fits the dates: "end excluded" or "both ends counted"; False when
    it does not fit; None when the dates' precision cannot tell."""
    from datetime import date, timedelta

    from ..dates import Duration, add_duration

    if not dates or not dates.start or not dates.end or dates.start.precision != \
            dates.end.precision or dates.start.iso.startswith("-"):
        return None
    precision = dates.start.precision
    days = counts["week"] * 7 + counts["day"]
    if precision == "day":
        start, end = date.fromisoformat(dates.start.iso), date.fromisoformat(dates.end.iso)
        months = counts["year"] * 12 + counts["month"]
        reached = add_duration(start, Duration(months, days * 86400))
        if reached == end:
            return "end excluded"
        if reached is not None and reached - timedelta(days=1) == end:
            return "both ends counted"
        return False
    if days:
        return None
    if precision == "month":
        sy, sm = map(int, dates.start.iso.split("-"))
        ey, em = map(int, dates.end.iso.split("-"))
        span = (ey * 12 + em) - (sy * 12 + sm)
        stated = counts["year"] * 12 + counts["month"]
    else:
        if counts["month"]:
            return None
        span, stated = int(dates.end.iso) - int(dates.start.iso), counts["year"]
    if span == stated:
        return "end excluded"
    return "both ends counted" if span + 1 == stated else False


def _each_line(article: Article, section, what: str, skip: re.Pattern | None = None
               ) -> list[Mention]:
    text = article.text
    found = []
    for entry in section.entries:
        b, e = clean(text, entry.begin, entry.end)
        if b >= e:
            continue
        if skip is not None and skip.match(text[b:e]):
            article.notes[entry.line] = ("skipped", f"coordinates, not a {what}: "
                                         f"{text[b:e][:40]!r}")
            continue
        found.append(Mention(text[b:e], (b, e), side=entry.column))
        article.notes[entry.line] = ("used", f"{what} {text[b:e]!r}")
    return found


def _result(article: Article, section) -> None:
    text = article.text
    headline_set = False
    for entry in section.entries:
        b, e = clean(text, entry.begin, entry.end)
        if b >= e:
            continue
        mention = Mention(text[b:e], (b, e), side=entry.column)
        if not entry.bullet and not headline_set:
            headline_set = True
            if section.key == "status":
                article.status = mention
                article.notes[entry.line] = ("used", f"status {mention.name!r}")
            else:
                article.result = mention
                article.notes[entry.line] = ("used", f"result {mention.name!r}")
            continue
        article.sub_results.append(mention)
        article.notes[entry.line] = ("used", f"sub-result {mention.name!r}")
