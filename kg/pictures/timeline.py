"""The timeline picture: lanes by the part-of tree, each date drawn over the days it stands for.

A year-precision date covers its whole year on the axis and reads "1918", a month its month; the
stretch known to lie between a start and an end is solid; a start or end the data does not give
is drawn open (dashed, fading out), and an end known only as "by 1925" (kg:endNoLaterThan) as an
open bar that stops at the end of 1925. Events are markers. The graph's contradictions (dates that
cannot all be true) get numbered badges on the rows they concern, explained in the
legend, and events without a date are listed under the picture.
"""

from __future__ import annotations

from .dates import DaySpan, days_from_civil, year_label, year_of_day
from .gather import Item, Timeline
from .svg import Svg, text_width

ROW = 26
PLOT_WIDTH = 660
MARGIN = 16
INDENT = 14
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)


def _earliest(item: Item) -> int | None:
    days = [s.first for s in (item.start, item.date, item.end, item.end_by) if s]
    return min(days) if days else None


def _latest(item: Item) -> int | None:
    days = [s.last for s in (item.end, item.end_by, item.date, item.start) if s]
    return max(days) if days else None


def _rows(data: Timeline) -> list[tuple[Item, int]]:
    """Items in tree order (depth first), children by earliest date; an event that ends a drawn
    conflict and belongs to nothing sits under the first conflict it ends."""
    by_iri = {i.iri: i for i in data.items}
    parent = {i.iri: i.parent for i in data.items}
    for item in data.items:
        if item.parent is None:
            ended = [c for c in data.ends.get(item.iri, []) if c in by_iri and c != item.iri]
            if ended:
                parent[item.iri] = ended[0]
    children: dict[str | None, list[Item]] = {}
    for item in data.items:
        children.setdefault(parent[item.iri], []).append(item)

    def subtree_start(item: Item, seen=()) -> float:
        own = _earliest(item)
        kids = [subtree_start(c, (*seen, item.iri)) for c in children.get(item.iri, [])
                if c.iri not in seen]
        values = [v for v in [own, *kids] if v is not None]
        return min(values) if values else float("inf")

    out: list[tuple[Item, int]] = []

    def walk(key: str | None, depth: int, seen: frozenset) -> None:
        for child in sorted(children.get(key, []),
                            key=lambda c: (subtree_start(c), c.label, c.iri)):
            if child.iri in seen:
                continue
            out.append((child, depth))
            walk(child.iri, depth + 1, seen | {child.iri})

    walk(None, 0, frozenset())
    return out


def _fit(text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` (the full label stays in the title).

    >>> _fit("short", 200), _fit("a much longer label than fits", 80)
    ('short', 'a much lon…')
    """
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _main(rows: list[tuple[Item, int]]) -> Item:
    """The dated row heading the most rows below it: the picture is named after it."""
    best, best_count = rows[0][0], -1
    for n, (item, depth) in enumerate(rows):
        count = 0
        for _other, d in rows[n + 1:]:
            if d <= depth:
                break
            count += 1
        if item.kind != "undated" and count > best_count:
            best, best_count = item, count
    return best


def _axis(data: Timeline) -> tuple[int, int, int]:
    """(first year, last year exclusive, tick step), one spare year on each side for open ends."""
    firsts = [d for d in map(_earliest, data.items) if d is not None]
    lasts = [d for d in map(_latest, data.items) if d is not None]
    y0, y1 = year_of_day(min(firsts)) - 1, year_of_day(max(lasts) - 1) + 2
    step = next((s for s in STEPS if (y1 - y0) / s <= 14), STEPS[-1])
    return y0, y1, step


class _Plot:
    def __init__(self, left: float, y0: int, y1: int):
        self.left, self.d0, self.d1 = left, days_from_civil(y0, 1, 1), days_from_civil(y1, 1, 1)
        self.scale = PLOT_WIDTH / (self.d1 - self.d0)

    def x(self, day: float) -> float:
        return self.left + (day - self.d0) * self.scale


def draw(data: Timeline, title: str | None = None) -> bytes:
    """The timeline as an SVG document (UTF-8 bytes)."""
    rows = _rows(data)
    y0, y1, step = _axis(data)
    label_width = max(text_width(item.label) + depth * INDENT for item, depth in rows)
    left = MARGIN + min(max(label_width, 180), 470) + 12
    plot = _Plot(left, y0, y1)
    width = left + PLOT_WIDTH + 90
    top = 64
    legend_lines = _legend_lines(data)
    height = top + ROW * len(rows) + 40 + 18 * len(legend_lines) + 50
    roots = [i for i, d in rows if d == 0 and i.kind != "undated"]
    heading = title or f"Timeline: {_main(rows).label}"
    svg = Svg(width, height, heading, "Dates are drawn at the precision the data gives them.")
    svg.text(MARGIN, 24, heading, "title")
    svg.text(MARGIN, 42, f"{len(rows)} rows, {len(roots)} at the top level; "
             f"{year_label(y0)}–{year_label(y1 - 1)}", "note")
    bottom = top + ROW * len(rows)
    _draw_axis(svg, plot, y0, y1, step, top, bottom)
    badges = _badge_places(data)
    for n, (item, depth) in enumerate(rows):
        y = top + n * ROW
        if n % 2:
            svg.rect(MARGIN, y, width - 2 * MARGIN, ROW, None, fill="#f4f4f4")
        svg.open_mark(item.iri, item.label, "row", data_depth=str(depth),
                      data_kind=item.kind or None)
        svg.text(MARGIN + depth * INDENT, y + 17,
                 _fit(item.label, left - 12 - MARGIN - depth * INDENT),
                 "label" if item.kind != "undated" else "note")
        _draw_item(svg, plot, item, y, {w for _n, w in badges.get(item.iri, [])})
        svg.close_mark()
        for number, where in badges.get(item.iri, []):
            _badge(svg, plot, item, y, number, where)
    svg.line(left, bottom, left + PLOT_WIDTH, bottom, "axis")
    _draw_legend(svg, legend_lines, bottom + 30)
    return svg.document()


def _draw_axis(svg: Svg, plot: _Plot, y0: int, y1: int, step: int, top: float,
               bottom: float) -> None:
    svg.line(plot.left, top, plot.left + PLOT_WIDTH, top, "axis")
    for year in range(y0, y1 + 1):
        shown = year if year > 0 else year - 1      # the year a reader counts (no year 0)
        if shown % step and year != y0:
            continue
        x = plot.x(days_from_civil(year, 1, 1))
        svg.line(x, top - 4, x, bottom, "grid tick", data_year=str(year))
        if year < y1 and step == 1:
            mid = plot.x(days_from_civil(year, 7, 2))
            svg.text(mid, top - 8, year_label(year), "tick-label", anchor="middle")
        elif year < y1:
            svg.text(x, top - 8, year_label(year), "tick-label", anchor="middle")


def _span_rect(svg: Svg, plot: _Plot, span: DaySpan, y: float, cls: str, h: float = 12) -> None:
    x0, x1 = plot.x(span.first), plot.x(span.last)
    svg.rect(x0, y + (ROW - h) / 2, max(x1 - x0, 1.5), h, cls,
             data_precision=span.precision, data_date=span.lexical)


def _draw_item(svg: Svg, plot: _Plot, item: Item, y: float, badged: set[str]) -> None:
    """One row's marks; ``badged`` says which ends carry a contradiction badge (labels move)."""
    mid = y + ROW / 2
    pad_left, pad_right = 6 + 10 * ("start" in badged), 6 + 10 * ("end" in badged)
    if item.kind == "undated":
        svg.text(plot.left + 4, y + 17, "dates not given", "note")
        return
    if item.date and not (item.start or item.end or item.end_by):
        span = item.date
        _span_rect(svg, plot, span, y, "extent event-extent", 8)
        cx = (plot.x(span.first) + plot.x(span.last)) / 2
        svg.polygon([(cx, mid - 7), (cx + 6, mid), (cx, mid + 7), (cx - 6, mid)], "marker")
        _side_label(svg, plot, plot.x(span.first) - pad_left - 2, plot.x(span.last) + pad_right + 2,
                    y, span.label)
        return
    start, end, end_by = item.start, item.end, item.end_by
    if start:
        _span_rect(svg, plot, start, y, "extent start-extent")
    else:
        stop = end.first if end else end_by.last if end_by else plot.d1
        x0 = plot.x(plot.d0)
        svg.rect(x0, y + 7, max(plot.x(stop) - x0, 1.5), 12, "open-start", data_open="start")
    if start and (end or end_by) and start.last < (end or end_by).first:
        finish = end.first if end else end_by.last
        svg.rect(plot.x(start.last), y + 9, plot.x(finish) - plot.x(start.last), 8,
                 "core" if end else "open-end", data_open=None if end else "end")
    if end:
        _span_rect(svg, plot, end, y, "extent end-extent")
    elif end_by:
        x = plot.x(end_by.last)
        svg.path(f"M{x - 5:.2f},{y + 5} L{x:.2f},{y + 5} L{x:.2f},{y + 21} L{x - 5:.2f},{y + 21}",
                 "axis", fill="none", stroke_width="2", data_end_by=end_by.lexical)
    elif start:
        x0 = plot.x(start.last)
        svg.rect(x0, y + 7, plot.x(plot.d1) - x0, 12, "open-end", data_open="end")
    first = f"{start.label}" if start else "start not given"
    last = end.label if end else f"by {end_by.label}" if end_by else "end not given"
    left_x = plot.x(start.first) if start else plot.x(plot.d0)
    right_x = plot.x(end.last if end else end_by.last if end_by else plot.d1)
    if start and end and left_x - pad_left - text_width(first, 10.5) >= plot.left:
        _side_label(svg, plot, left_x - pad_left, None, y, first)
        _side_label(svg, plot, None, right_x + pad_right, y, last)
    else:
        _side_label(svg, plot, left_x - pad_left, right_x + pad_right, y,
                    last if end_by and not start else f"{first} – {last}")


def _side_label(svg: Svg, plot: _Plot, left: float | None, right: float | None, y: float,
                text: str) -> None:
    """A date label beside its mark: to the right if it fits, else to the left."""
    w = text_width(text, 10.5)
    if right is not None and (right + w <= plot.left + PLOT_WIDTH + 80 or left is None):
        svg.text(right, y + 17, text, "small", data_role="date-label")
    elif left is not None and left - w >= plot.left:
        svg.text(left, y + 17, text, "small", anchor="end", data_role="date-label")


def _badge_places(data: Timeline) -> dict[str, list[tuple[int, str]]]:
    """Where each contradiction's badge goes: row IRI -> [(number, 'start' | 'end')]."""
    places: dict[str, list[tuple[int, str]]] = {}
    for c in data.contradictions:
        where = "start" if "start" in c.issue and "ends before" not in c.issue else "end"
        places.setdefault(c.subject, []).append((c.number, where))
        if c.other:
            places.setdefault(c.other, []).append((c.number, where))
    return places


def _badge(svg: Svg, plot: _Plot, item: Item, y: float, number: int, where: str) -> None:
    spans = [s for s in (item.start, item.end, item.end_by, item.date) if s]
    if not spans:
        return
    if where == "start":
        x = plot.x(min(s.first for s in spans)) - 2
    else:
        x = plot.x(max(s.last for s in spans)) + 2
    svg.open_group("contradiction", data_number=str(number))
    svg.polygon([(x, y + 1), (x + 8, y + 14), (x - 8, y + 14)], "badge")
    svg.text(x, y + 12.5, str(number), "badge-text", anchor="middle")
    svg.close_group()


def _legend_lines(data: Timeline) -> list[tuple[str, str, str | None]]:
    """(kind, text, iri) lines under the legend's symbols."""
    lines: list[tuple[str, str, str | None]] = []
    if data.contradictions:
        lines.append(("heading", "Contradictions in the data: dates that cannot all be true",
                      None))
        for c in data.contradictions:
            other = f" ({c.other_label})" if c.other_label else ""
            lines.append(("contradiction",
                          f"{c.number}. {c.subject_label}: {c.issue}; {c.detail}{other}",
                          c.subject))
    if data.undated:
        lines.append(("heading", "Not drawn: no date in the data", None))
        for iri, label, why in data.undated:
            lines.append(("undated", f"{label} ({why})", iri))
    return lines


def _draw_legend(svg: Svg, lines: list[tuple[str, str, str | None]], y: float) -> None:
    x = MARGIN
    svg.open_group("legend")
    svg.text(x, y, "Legend", "heading")
    y += 14
    svg.rect(x, y, 40, 8, "core")
    svg.text(x + 48, y + 8, "known to be under way", "small")
    svg.rect(x + 200, y - 2, 40, 12, "extent")
    svg.text(x + 248, y + 8, "extent of an imprecise date (a year covers its year)", "small")
    y += 20
    svg.rect(x, y - 2, 40, 12, "open-start")
    svg.text(x + 48, y + 8, "start or end not given: drawn open", "small")
    svg.path(f"M{x + 245},{y - 3} L{x + 250},{y - 3} L{x + 250},{y + 11} L{x + 245},{y + 11}",
             "axis", fill="none", stroke_width="2")
    svg.text(x + 258, y + 8, "ended no later than (\"by 1925\")", "small")
    svg.polygon([(x + 470, y - 3), (x + 476, y + 4), (x + 470, y + 11), (x + 464, y + 4)],
                "marker")
    svg.text(x + 482, y + 8, "event", "small")
    if any(kind == "contradiction" for kind, _t, _i in lines):
        svg.polygon([(x + 536, y - 4), (x + 544, y + 10), (x + 528, y + 10)], "badge")
        svg.text(x + 550, y + 8, "contradiction (numbered below)", "small")
    y += 28
    svg.notes(x, y, lines, 18)
    svg.close_group()
