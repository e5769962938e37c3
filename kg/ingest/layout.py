"""Find the infobox in an article and cut it into labelled sections, whatever the layout.

Three Kiwix renderings: 1 = lead, infobox, rest of the lead, licence line; 2 = infobox first,
labels run into values (``Date12 January 1918``); 3 = a pipe table (``Date | 15 May 1919 |``).
Layouts 1 and 2 are read here line by line; layout 3 by :mod:`kg.ingest.table`. Every line gets
a note (used, skipped and why, prose, blank) that the report shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Infobox labels -> section keys. Longer labels first, so "Locations" wins over "Location".
LABELS: tuple[tuple[str, str], ...] = (
    ("Casualties and losses", "casualties"), ("Commanders and leaders", "commanders"),
    ("Territorial changes", "territorial"), ("Units involved", "units"),
    ("Belligerents", "belligerents"), ("Combatants", "belligerents"),
    ("Locations", "location"), ("Location", "location"), ("Result", "result"),
    ("Strength", "strength"), ("Status", "status"), ("Duration", "duration"), ("Date", "date"),
    ("Casualties", "casualties"), ("Commanders", "commanders"),
)
_LABEL_RE = re.compile(r"^(?P<label>" + "|".join(re.escape(label) for label, _ in LABELS)
                       + r")\s*:?(?P<rest>.*)$")
_KEYS = dict(LABELS)
LICENCE = re.compile(r"^\s*This article is issued from Wikipedia\b")
PART_OF = re.compile(r"^\s*Part of\b")
FOOTNOTE_TEXT = re.compile(r"^\s*(?:\^|\[[a-z0-9]{1,3}\]\s|[a-z]\.\s|\d{1,2}\.\s|\*{1,3}\s|†\s|"
                           r"Notes?:|Footnotes?:|Sources?:)")
BULLET = "\u2022"
PIPE_ROW = re.compile(r"^[^|\n]*\S[^|\n]*\|(?:[^|\n]*\|)*\s*$")


@dataclass
class Entry:
    """One value line (or table cell) of a section: its offsets in the text (footnote marks and
    spaces included; see :func:`kg.ingest.footnotes.trim`), indentation, bullet and column."""

    line: int
    begin: int
    end: int
    indent: int = 0                 # characters before the value (bullet and spaces included)
    bullet: bool = False
    lead: int = 0                   # spaces before the bullet or the value: nesting depth
    column: int | None = None       # layout 3: 1 or 2 for two sides' cells, None for whole-width
    row: int = 0                    # layout 3: which row of the section


@dataclass
class Section:
    key: str
    line: int                       # the header line
    label_span: tuple[int, int]
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Infobox:
    layout: int
    title: tuple[int, int]
    part_of: list[Entry] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: dict[int, tuple[str, str]] = field(default_factory=dict)   # line -> (status, why)
    truncated: str | None = None    # why the page seems cut off, or None
    lead: tuple[int, int] | None = None     # offsets of the first lead paragraph


def split_lines(text: str) -> list[tuple[int, int]]:
    """(begin, end) of each line, end excluding the newline (and a CR before it)."""
    spans, begin = [], 0
    for i, ch in enumerate(text):
        if ch == "\n":
            end = i - 1 if i > begin and text[i - 1] == "\r" else i
            spans.append((begin, end))
            begin = i + 1
    spans.append((begin, len(text)))
    return spans


def match_label(line: str) -> tuple[str, int, int] | None:
    """(section key, label end, value start) when ``line`` opens an infobox section.

    >>> match_label("Date12 January 1918 – 20 May 1925")
    ('date', 4, 4)
    >>> match_label("Casualties and losses"), match_label("Dates of the war")
    (('casualties', 21, 21), None)
    """
    m = _LABEL_RE.match(line)
    if not m:
        return None
    rest = m["rest"]
    if rest and rest[0].islower() and not line[m.end("label"):].startswith(":") and \
            not re.match(r"(?:c\.|ca\.|circa|early|mid|late)\s", rest):
        return None           # "Dates of...", "Statesmen": a word, not a label
    if rest.strip() and rest.strip()[0] in ".," :
        return None
    value_start = m.start("rest") + (len(rest) - len(rest.lstrip()))
    return _KEYS[m["label"]], m.end("label"), value_start


def is_prose(line: str) -> bool:
    """A sentence of running text, not an infobox value."""
    stripped = line.strip()
    words = stripped.split()
    if len(words) >= 12 and (stripped[-1:] in ".!?\"')" or len(stripped) >= 100):
        return True
    return len(stripped) >= 140


def _first_label_line(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        found = match_label(line.strip())
        if found and found[0] in ("date", "location", "result", "belligerents", "strength",
                                  "casualties"):
            return i
    return None


def detect_layout(text: str, lines: list[tuple[int, int]]) -> int:
    """1, 2 or 3 (see the module docstring)."""
    texts = [text[b:e] for b, e in lines]
    if sum(1 for t in texts if PIPE_ROW.match(t)) >= 3:
        return 3
    first = _first_label_line(texts)
    if first is None:
        return 0
    if any(is_prose(t) for t in texts[1:first]):
        return 1
    return 2


def read_flat(text: str, lines: list[tuple[int, int]], layout: int) -> Infobox:
    """Sections of a flattened infobox (layouts 1 and 2)."""
    texts = [text[b:e] for b, e in lines]
    title_line = next(i for i, t in enumerate(texts) if t.strip())
    title = _strip_span(text, *lines[title_line])
    box = Infobox(layout, title)
    notes = box.notes
    notes[title_line] = ("used", "title")
    first = _first_label_line(texts)
    start = title_line + 1
    if layout == 1:
        # the infobox starts after the lead's last paragraph, with its own title line
        last_prose = max((i for i in range(title_line + 1, first) if is_prose(texts[i])),
                         default=title_line)
        start = last_prose + 1
        for i in range(start, first):
            if texts[i].strip():
                notes[i] = ("used", "infobox title")
                start = i + 1
                break
        for i in range(title_line + 1, last_prose + 1):
            if is_prose(texts[i]) and box.lead is None:
                box.lead = _strip_span(text, *lines[i])
            _note_other(notes, i, texts[i])
    section: Section | None = None
    end = len(lines)
    for i in range(start, len(lines)):
        raw = texts[i]
        b, e = lines[i]
        if not raw.strip():
            notes[i] = ("blank", "")
            continue
        if LICENCE.match(raw):
            notes[i] = ("licence", "licence line: kept in the source document, no fact")
            end = i
            break
        label = None if raw.startswith("  ") and section is not None else \
            match_label(raw.strip())
        if label:
            key, label_end, value_start = label
            lead_ws = len(raw) - len(raw.lstrip())
            section = Section(key, i, (b + lead_ws, b + lead_ws + label_end))
            box.sections.append(section)
            notes[i] = ("used", f"section header: {key}")
            value = raw.strip()[value_start:]
            if value.strip():
                section.entries.append(Entry(i, b + lead_ws + value_start, e))
            continue
        if section is None:
            if raw.strip() == text[title[0]:title[1]]:
                notes[i] = ("used", "infobox title (repeats the title)")
                continue
            if PART_OF.match(raw):
                box.part_of.append(Entry(i, b + len(raw) - len(raw.lstrip()), e))
                continue
            if is_prose(raw):
                end = i
                break
            notes[i] = ("skipped", "image caption or text before the first infobox label")
            continue
        if is_prose(raw) and not FOOTNOTE_TEXT.match(raw) and not texts[i - 1].strip():
            end = i            # a paragraph after a blank line: the lead goes on
            break
        if FOOTNOTE_TEXT.match(raw) and section.key in ("casualties", "strength") and \
                _looks_like_footnote_text(raw):
            notes[i] = ("skipped", "footnote text at the end of the infobox, not a figure")
            section = Section("footnotes", i, (b, b))
            continue
        if section.key == "footnotes":
            notes[i] = ("skipped", "footnote text at the end of the infobox, not a figure")
            continue
        stripped = raw.lstrip(" \u00a0\t")
        indent = len(raw) - len(stripped)
        bullet = stripped.startswith(BULLET)
        if bullet:
            stripped = stripped[1:]
            indent += 1
            inner = stripped.lstrip(" \u00a0\t")
            indent += len(stripped) - len(inner)
        section.entries.append(Entry(i, b + indent, e, indent=indent, bullet=bullet,
                                     lead=len(raw) - len(raw.lstrip(" \u00a0\t"))))
    for i in range(end, len(lines)):
        if i not in notes:
            _note_other(notes, i, texts[i])
            if box.lead is None and is_prose(texts[i]) and not LICENCE.match(texts[i]):
                box.lead = _strip_span(text, *lines[i])
    box.truncated = _truncation(texts, end, layout)
    return box


def _looks_like_footnote_text(raw: str) -> bool:
    stripped = raw.strip()
    if FOOTNOTE_TEXT.sub("", stripped, count=1).strip()[:1].isdigit():
        return False                  # "c. 90 civilians killed" is a figure
    if stripped.startswith(("^", "Note", "Footnote", "Source")):
        return True
    # "a. Including ...", "[a] ...", "* ..." with words after the mark
    rest = FOOTNOTE_TEXT.sub("", stripped, count=1).strip()
    return len(rest.split()) >= 3


def _note_other(notes: dict, i: int, raw: str) -> None:
    if not raw.strip():
        notes[i] = ("blank", "")
    elif LICENCE.match(raw):
        notes[i] = ("licence", "licence line: kept in the source document, no fact")
    else:
        notes[i] = ("prose", "lead prose: kept in the source document; no rule extracts from it")


def _truncation(texts: list[str], end: int, layout: int) -> str | None:
    nonblank = [t for t in texts if t.strip()]
    last = nonblank[-1].strip() if nonblank else ""
    if LICENCE.match(last):
        return None
    if end >= len(texts):
        return "the text ends inside the infobox"
    if is_prose(last) and last[-1:] not in ".!?\"')]":
        return f"the last sentence is cut off: …{last[-40:]!r}"
    if layout == 1:
        return "the licence line that closes this layout is missing"
    return None


def _strip_span(text: str, begin: int, end: int) -> tuple[int, int]:
    while begin < end and (text[begin].isspace() or text[begin] == "\ufeff"):
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return begin, end
