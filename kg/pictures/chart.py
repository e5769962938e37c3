"""The chart picture: strength and losses by side and party, each figure drawn in its own form.

One panel per kind (strength, killed, wounded, ...) and unit, one row per figure, bars from
zero. An exact figure is a solid bar; a range is solid up to its minimum and hatched up to its
maximum ("50,000–70,000"); a lower bound is solid up to it and then open, dashed and fading
with an arrow, never capped ("938+"); an upper bound is hatched and dashed from zero ("≤ 100");
an approximate one reads "c. 5,000"; an unknown figure has no bar at all and says "unknown" (it
is never drawn as zero), and a figure given in words ("Heavy") shows its words, no bar. Figures the
source does not attribute to a party are drawn apart, under their side, in their list order.
"""

from __future__ import annotations

from .gather import Figure
from .svg import Svg, text_width

MARGIN = 16
ROW = 22
PLOT_WIDTH = 520
ARROW = 46        # how far an open-ended bar runs past its lower bound


def number(value: float) -> str:
    """A count as people write it.

    >>> number(50000.0), number(938.0), number(2.5)
    ('50,000', '938', '2.5')
    """
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def figure_text(f: Figure) -> str:
    """The figure as the source would write it.

    >>> from kg.pictures.gather import Figure
    >>> figure_text(Figure("", "", "", "", "", None, "", None, "", "lower", None, 938.0, None,
    ...                    0, ""))
    '938+'
    """
    if f.form == "exact" and f.value is not None:
        return number(f.value)
    if f.form == "range" and f.lower is not None and f.upper is not None:
        return f"{number(f.lower)}–{number(f.upper)}"
    if f.form == "lower" and f.lower is not None:
        return f"{number(f.lower)}+"
    if f.form == "upper" and f.upper is not None:
        return f"≤ {number(f.upper)}"
    if f.form == "approximate" and f.value is not None:
        return f"c. {number(f.value)}"
    return "in words" if f.form == "qualitative" else "unknown"


def _nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above ``value``."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= value:
            return m * power
    return 10 * power


def _panels(figures: list[Figure]) -> list[tuple[str, list[Figure]]]:
    """(title, figures) per kind and unit: strength first, then losses by kind label."""
    groups: dict[tuple, list[Figure]] = {}
    for f in figures:
        groups.setdefault((f.panel != "strength", f.panel_label, f.unit_label), []).append(f)
    out = []
    for (_loss, kind, unit), members in sorted(groups.items()):
        title = kind[:1].upper() + kind[1:] + (f" ({unit})" if unit else "")
        members.sort(key=lambda f: (f.side_label, f.party is None, f.position, f.label, f.iri))
        out.append((title, members))
    return out


def total_text(figures: list[Figure]) -> str:
    """What the figures add up to, keeping bounds and unknowns (as the *_totals queries do).

    >>> from kg.pictures.gather import Figure
    >>> def fig(form, value=None, lower=None, upper=None):
    ...     return Figure("", "", "", "", "", None, "", None, "", form, value, lower, upper, 0, "")
    >>> total_text([fig("exact", 424.0), fig("lower", lower=938.0)])
    'sum: at least 1,362 (1 open-ended)'
    >>> total_text([fig("exact", 46.0)]), total_text([fig("unknown")])
    ('sum: 46', 'sum: unknown')
    >>> total_text([fig("range", lower=50.0, upper=70.0), fig("exact", 5.0), fig("unknown")])
    'sum: at least 55, at most 75 without the 1 unknown'
    """
    low = high = 0.0
    open_ended = unknown = 0
    for f in figures:
        if f.form in ("exact", "approximate") and f.value is not None:
            low += f.value
            high += f.value
        elif f.form == "range" and f.lower is not None and f.upper is not None:
            low += f.lower
            high += f.upper
        elif f.form == "lower" and f.lower is not None:
            low += f.lower
            open_ended += 1
        elif f.form == "upper" and f.upper is not None:
            high += f.upper
        else:
            unknown += 1
    if unknown == len(figures):
        return "sum: unknown"
    if open_ended:
        text = f"sum: at least {number(low)} ({open_ended} open-ended)"
    elif low == high:
        text = f"sum: {number(low)}"
    else:
        text = f"sum: at least {number(low)}, at most {number(high)}"
    return text + (f" without the {unknown} unknown" if unknown else "")


def side_total(figures: list[Figure]) -> str:
    """A side's sum over the figures the source attributes to a party; unattributed figures are
    counted, never added: the source does not say whether they overlap (as strength_totals).

    >>> from kg.pictures.gather import Figure
    >>> def fig(party, value):
    ...     return Figure("", "", "", "", "", None, "", party, "", "exact", value, None, None, 0,
    ...                   "")
    >>> side_total([fig("A", 1.0), fig("B", 2.0)]), side_total([fig(None, 1.0), fig(None, 2.0)])
    ('sum: 3', '2 figures not attributed to a party: not added (they may overlap)')
    """
    if len(figures) < 2:
        return ""
    attributed = [f for f in figures if f.party is not None]
    apart = len(figures) - len(attributed)
    parts = [total_text(attributed)] if attributed else []
    if apart:
        parts.append(f"{apart} figure{'s' if apart > 1 else ''} not attributed to a party: "
                     "not added (they may overlap)")
    return "; ".join(parts)


def _rows(members: list[Figure]) -> list[tuple[str, object]]:
    """Panel rows: side headings, attributed figures, then each side's unattributed ones apart."""
    rows: list[tuple[str, object]] = []
    side = object()
    unattributed_heading = False
    for f in members:
        if f.side_label != side:
            side, unattributed_heading = f.side_label, False
            same = [g for g in members if g.side_label == f.side_label]
            rows.append(("side", (f.side, f.side_label or "side not given", side_total(same))))
        if f.party is None and not unattributed_heading:
            unattributed_heading = True
            rows.append(("apart", "not attributed to any party by the source"))
        rows.append(("figure", f))
    return rows


def draw(figures: list[Figure], title: str | None = None) -> bytes:
    """The chart as an SVG document (UTF-8 bytes)."""
    panels = [(t, m, _rows(m)) for t, m in _panels(figures)]
    label_width = max(text_width(_row_label(f), 12) for f in figures) + 24
    left = MARGIN + min(max(label_width, 160), 320)
    width = left + PLOT_WIDTH + 70 + max(
        text_width(figure_text(f) + (f" (captured by {f.captured_by})" if f.captured_by else ""),
                   11) for f in figures)
    height = 70 + sum(56 + ROW * len(rows) for _t, _m, rows in panels) + 70
    heading = title or "Strength and losses, as the source gives them"
    svg = Svg(width, height, heading, "Each figure is drawn in its own form: exact, range, "
              "lower bound (open-ended) or unknown (no bar).")
    svg.text(MARGIN, 24, heading, "title")
    svg.text(MARGIN, 42, f"{len(figures)} figures; bars start at zero; each panel has its own "
             "scale", "note")
    y = 70
    for panel_title, members, rows in panels:
        y = _draw_panel(svg, panel_title, members, rows, left, y)
    _draw_legend(svg, y + 4)
    return svg.document()


def _row_label(f: Figure) -> str:
    if f.party:
        return f.party_label
    return f"figure {f.position}" if f.position else "figure"


def _draw_panel(svg: Svg, title: str, members: list[Figure], rows, left: float,
                y: float) -> float:
    top_value = max([v for f in members for v in (f.value, f.upper) if v is not None] +
                    [f.lower * 1.15 for f in members if f.lower is not None and f.upper is None]
                    + [0.0])
    step = max(_nice_max(top_value / 4), 1.0)
    if step == 2.5:
        step = 5.0
    ticks = max(1, -(-top_value // step))
    scale_max = step * ticks
    scale = PLOT_WIDTH / scale_max

    def x(value: float) -> float:
        return left + value * scale

    svg.open_group("panel", data_panel=title)
    svg.text(MARGIN, y, title, "heading")
    y += 10
    axis_top = y
    for k in range(int(ticks) + 1):
        tick = step * k
        svg.line(x(tick), axis_top + 4, x(tick), axis_top + 14 + ROW * len(rows), "grid")
        svg.text(x(tick), axis_top + 28 + ROW * len(rows), number(tick), "tick-label",
                 anchor="middle")
    y += 12
    for kind, payload in rows:
        if kind == "side":
            iri, label, total = payload
            svg.open_mark(iri, label, "side") if iri else svg.open_group("side")
            svg.text(MARGIN, y + 15, label, "label", font_weight="bold")
            if total:
                svg.text(left + 8, y + 15, total, "note", data_role="total")
            svg.close_mark() if iri else svg.close_group()
        elif kind == "apart":
            svg.text(MARGIN + 12, y + 15, payload, "note", data_role="unattributed")
        else:
            _draw_figure(svg, payload, x, y, left)
        y += ROW
    svg.line(left, axis_top + 14, left, y + 2, "axis")
    svg.close_group()
    return y + 36


def _draw_figure(svg: Svg, f: Figure, x, y: float, left: float) -> None:
    text = figure_text(f)
    svg.open_mark(f.iri, f.label, "figure", data_form=f.form,
                  data_attributed="yes" if f.party else "no")
    svg.text(MARGIN + 12 + (12 if not f.party else 0), y + 15, _row_label(f), "label")
    bar_y, h = y + 5, 12
    end = left
    if f.form in ("exact", "approximate") and f.value is not None:
        svg.rect(left, bar_y, x(f.value) - left, h, "core", data_value=number(f.value))
        end = x(f.value)
    elif f.form == "range" and f.lower is not None and f.upper is not None:
        svg.rect(left, bar_y, x(f.lower) - left, h, "core", data_value=number(f.lower))
        svg.rect(x(f.lower), bar_y, x(f.upper) - x(f.lower), h, "hatched range",
                 data_from=number(f.lower), data_to=number(f.upper))
        end = x(f.upper)
    elif f.form == "lower" and f.lower is not None:
        svg.rect(left, bar_y, x(f.lower) - left, h, "core", data_value=number(f.lower))
        svg.rect(x(f.lower), bar_y, ARROW, h, "open-end", data_open="end")
        tip = x(f.lower) + ARROW
        svg.path(f"M{tip:.2f},{bar_y - 2} L{tip + 9:.2f},{bar_y + h / 2} "
                 f"L{tip:.2f},{bar_y + h + 2}", "edge", stroke_width="1.5")
        end = tip + 9
    elif f.form == "upper" and f.upper is not None:
        svg.rect(left, bar_y, x(f.upper) - left, h, "hatched upper", stroke_dasharray="4 3",
                 data_to=number(f.upper))
        end = x(f.upper)
    elif f.form == "qualitative":
        svg.text(left + 6, y + 15, f"in words, no number: {f.label}", "unknown",
                 data_role="value")
        svg.close_mark()
        return
    else:
        svg.circle(left + 10, bar_y + h / 2, 8, "extent", stroke_dasharray="2 2")
        svg.text(left + 10, bar_y + h / 2 + 4, "?", "value", anchor="middle",
                 font_weight="bold")
        svg.text(left + 24, y + 15, "unknown: the source gives no number", "unknown",
                 data_role="value")
        svg.close_mark()
        return
    note = f" (captured by {f.captured_by})" if f.captured_by else ""
    svg.text(end + 6, y + 15, text + note, "value", data_role="value")
    svg.close_mark()


def _draw_legend(svg: Svg, y: float) -> None:
    x = MARGIN
    svg.open_group("legend")
    svg.text(x, y, "Legend", "heading")
    y += 12
    svg.rect(x, y, 36, 12, "core")
    svg.text(x + 42, y + 10, "exact (424)", "small")
    svg.rect(x + 140, y, 18, 12, "core")
    svg.rect(x + 158, y, 18, 12, "hatched")
    svg.text(x + 182, y + 10, "range (50,000–70,000)", "small")
    svg.rect(x + 340, y, 18, 12, "core")
    svg.rect(x + 358, y, 26, 12, "open-end")
    svg.text(x + 392, y + 10, "at least (938+): open-ended", "small")
    svg.circle(x + 580, y + 6, 7, "extent", stroke_dasharray="2 2")
    svg.text(x + 580, y + 10, "?", "small", anchor="middle")
    svg.text(x + 594, y + 10, "unknown: no bar, never zero", "small")
    svg.close_group()
