"""Layout 3: the infobox as a pipe table (``Date | 15 May 1919 – 14 October 1922 |``).

Each row's cells keep their column: a row of two cells after ``Belligerents |`` gives the two
sides, so sides are certain here; a row of one cell is whole-width (no side).
"""

from __future__ import annotations

from .layout import (
    BULLET,
    FOOTNOTE_TEXT,
    LICENCE,
    PART_OF,
    PIPE_ROW,
    Entry,
    Infobox,
    Section,
    _note_other,
    _strip_span,
    is_prose,
    match_label,
)


def _cells(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    cells, start = [], begin
    for i in range(begin, end):
        if text[i] == "|":
            cells.append(_strip_span(text, start, i))
            start = i + 1
    rest = _strip_span(text, start, end)
    if rest[0] < rest[1]:
        cells.append(rest)
    return cells


def _pieces(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """A cell cut at its bullets: ``• 42 ships • 6 fireships`` is two values."""
    pieces, start = [], begin
    for i in range(begin, end):
        if text[i] == BULLET:
            if text[start:i].strip():
                pieces.append(_strip_span(text, start, i))
            start = i + 1
    if text[start:end].strip():
        pieces.append(_strip_span(text, start, end))
    return pieces


def read_table(text: str, lines: list[tuple[int, int]]) -> Infobox:
    texts = [text[b:e] for b, e in lines]
    title_line = next(i for i, t in enumerate(texts) if t.strip())
    title_cells = _cells(text, *lines[title_line]) if "|" in texts[title_line] else \
        [_strip_span(text, *lines[title_line])]
    box = Infobox(3, title_cells[0])
    box.notes[title_line] = ("used", "title")
    section: Section | None = None
    row = 0
    in_table = False
    for i in range(title_line + 1, len(lines)):
        raw = texts[i]
        b, e = lines[i]
        cut = False
        if not PIPE_ROW.match(raw):
            if in_table and "|" in raw and not is_prose(raw) and not LICENCE.match(raw) and \
                    not any(t.strip() for t in texts[i + 1:]):
                box.truncated = "the last table row is cut off"
                cut = True                   # read its whole cells; the cut one is dropped
            else:
                _note_other(box.notes, i, raw)
                if is_prose(raw) and box.lead is None:
                    box.lead = _strip_span(text, b, e)
                continue
        in_table = True
        cells = [c for c in _cells(text, b, e) if c[0] < c[1]]
        width = len(cells)
        if cut:         # the cut cell's whole pieces before its last bullet still stand
            pieces = _pieces(text, *cells[-1])
            cells = cells[:-1] + ([(pieces[0][0], pieces[-2][1])] if len(pieces) > 1 else [])
        if not cells:
            box.notes[i] = ("blank", "")
            continue
        first = text[cells[0][0]:cells[0][1]]
        label = match_label(first)
        if label and (label[1] == len(first.rstrip(":")) or len(cells) == 1):
            key = label[0]
            section = Section(key, i, (cells[0][0], cells[0][0] + label[1]))
            box.sections.append(section)
            box.notes[i] = ("used", f"section header: {key}")
            row = 0
            values = cells[1:]
            if label[2] < len(first):      # "Date12 May" inside a cell
                values = [(cells[0][0] + label[2], cells[0][1]), *values]
            for value in values:
                for k, (pb, pe) in enumerate(_pieces(text, *value)):
                    section.entries.append(Entry(i, pb, pe, column=None, row=row, bullet=k > 0))
            continue
        if section is None:
            if PART_OF.match(first):
                box.part_of.append(Entry(i, *cells[0]))
            elif first == text[box.title[0]:box.title[1]]:
                box.notes[i] = ("used", "infobox title (repeats the title)")
            else:
                box.notes[i] = ("skipped", "image caption or text before the first label")
            continue
        row += 1
        if FOOTNOTE_TEXT.match(first) and len(cells) == 1 and len(first.split()) >= 4 and \
                not FOOTNOTE_TEXT.sub("", first, count=1).strip()[:1].isdigit():
            box.notes[i] = ("skipped", "footnote text at the end of the infobox, not a figure")
            continue
        two = width >= 2 and section.key in ("belligerents", "commanders", "units",
                                                   "strength", "casualties")
        for n, cell in enumerate(cells, start=1):
            for k, (pb, pe) in enumerate(_pieces(text, *cell)):
                section.entries.append(Entry(i, pb, pe, column=n if two else None, row=row,
                                             bullet=k > 0 or text[cell[0]] == BULLET))
        if cut:
            box.notes[i] = ("used", "")      # the figures' notes follow; the cut cell is dropped
    if box.truncated is None:
        last = next((t for t in reversed(texts) if t.strip()), "")
        if is_prose(last) and not PIPE_ROW.match(last) and last.strip()[-1:] not in ".!?\"')]":
            box.truncated = "the last sentence is cut off"
    return box
