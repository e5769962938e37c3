"""Writing SVG by hand: a small builder with fixed styles, deterministic bytes, IRIs on every mark.

Styles are written as presentation attributes (not CSS) so every renderer agrees: browsers,
Inkscape, resvg. Colours differ in lightness as well as hue and uncertain parts are hatched or
dashed, so a picture printed in grey keeps its meaning. Fonts: DejaVu Sans first (it ships with
``kg`` for PNG output, see :mod:`.raster`), then common sans-serif fallbacks.

>>> s = Svg(100, 40, "Example")
>>> s.rect(0, 0, 10.5, 20, "core")
>>> b'<rect class="core" x="0" y="0" width="10.5" height="20"' in s.document()
True
"""

from __future__ import annotations

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"

INK = "#1a1a1a"       # text and outlines (near black)
DARK = "#24527a"      # what is known (dark blue: ~30% lightness)
LIGHT = "#a9cbe8"     # the extent of an imprecise date or a range (light blue: ~80% lightness)
MID = "#6d6d6d"       # axes and secondary text
ALERT = "#b8331f"     # contradictions: red, but always with a numbered badge and a heavy outline
PAPER = "#ffffff"

# class -> presentation attributes; every shape of that class gets them.
STYLES: dict[str, dict[str, str]] = {
    "background": {"fill": PAPER},
    "core": {"fill": DARK},
    "extent": {"fill": LIGHT, "stroke": DARK, "stroke-width": "1"},
    "hatched": {"fill": "url(#hatch)", "stroke": DARK, "stroke-width": "1"},
    "open": {"fill": "url(#fade-left)", "stroke": DARK, "stroke-width": "1.2",
             "stroke-dasharray": "4 3"},
    "open-right": {"fill": "url(#fade-right)", "stroke": DARK, "stroke-width": "1.2",
                   "stroke-dasharray": "4 3"},
    "open-end": {"fill": "url(#fade-right)", "stroke": DARK, "stroke-width": "1.2",
                 "stroke-dasharray": "4 3"},
    "open-start": {"fill": "url(#fade-left)", "stroke": DARK, "stroke-width": "1.2",
                   "stroke-dasharray": "4 3"},
    "marker": {"fill": INK, "stroke": PAPER, "stroke-width": "1"},
    "badge": {"fill": ALERT, "stroke": INK, "stroke-width": "1.5"},
    "badge-text": {"fill": PAPER, "font-size": "10", "font-weight": "bold"},
    "axis": {"stroke": MID, "stroke-width": "1"},
    "grid": {"stroke": "#d9d9d9", "stroke-width": "1"},
    "tick": {"stroke": MID, "stroke-width": "1"},
    "tick-label": {"fill": MID, "font-size": "11"},
    "label": {"fill": INK, "font-size": "12"},
    "small": {"fill": INK, "font-size": "10.5"},
    "note": {"fill": MID, "font-size": "10.5", "font-style": "italic"},
    "value": {"fill": INK, "font-size": "11"},
    "unknown": {"fill": INK, "font-size": "11", "font-style": "italic"},
    "heading": {"fill": INK, "font-size": "13", "font-weight": "bold"},
    "title": {"fill": INK, "font-size": "16", "font-weight": "bold"},
    "box": {"fill": PAPER, "stroke": INK, "stroke-width": "1.2"},
    "box-side": {"fill": LIGHT, "stroke": INK, "stroke-width": "1.2"},
    "box-result": {"fill": "#eeeeee", "stroke": INK, "stroke-width": "1.2"},
    "box-conflict": {"fill": PAPER, "stroke": DARK, "stroke-width": "2"},
    "edge": {"fill": "none", "stroke": MID, "stroke-width": "1.2"},
    "edge-dashed": {"fill": "none", "stroke": MID, "stroke-width": "1.2",
                    "stroke-dasharray": "5 3"},
    "land": {"fill": "#e8e8e8", "stroke": "#9a9a9a", "stroke-width": "0.6"},
    "place": {"fill": DARK, "stroke": PAPER, "stroke-width": "1.5"},
    "sea": {"fill": "#f7fbff"},
}

DEFS = (
    '<defs>'
    '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)">'
    f'<rect width="6" height="6" fill="{LIGHT}"/>'
    f'<line x1="0" y1="0" x2="0" y2="6" stroke="{DARK}" stroke-width="1.5"/></pattern>'
    '<linearGradient id="fade-left" x1="0" y1="0" x2="1" y2="0">'
    f'<stop offset="0" stop-color="{LIGHT}" stop-opacity="0"/>'
    f'<stop offset="1" stop-color="{LIGHT}" stop-opacity="1"/></linearGradient>'
    '<linearGradient id="fade-right" x1="0" y1="0" x2="1" y2="0">'
    f'<stop offset="0" stop-color="{LIGHT}" stop-opacity="1"/>'
    f'<stop offset="1" stop-color="{LIGHT}" stop-opacity="0"/></linearGradient>'
    '</defs>'
)


def num(value: float) -> str:
    """A coordinate as short, stable text.

    >>> num(1.0), num(2.345), num(-0.001), num(1e-9)
    ('1', '2.35', '0', '0')
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def esc(text: str) -> str:
    """Escape text for XML content and attribute values.

    >>> esc('a < b & "c"')
    'a &lt; b &amp; &quot;c&quot;'
    """
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def text_width(text: str, size: float = 12.0) -> float:
    """An estimate of the width of ``text`` in DejaVu Sans at ``size`` (no font metrics needed)."""
    narrow = sum(1 for c in text if c in "iljtfrI.,:;'|![]() ")
    wide = sum(1 for c in text if c in "mwMW@%")
    return size * (0.62 * (len(text) - narrow - wide) + 0.34 * narrow + 0.9 * wide)


def wrap(text: str, width: float, size: float = 10.5) -> list[str]:
    """Split ``text`` at spaces into lines no wider than ``width`` (estimated).

    >>> wrap("one two three four", 60, 10)
    ['one two', 'three four']
    """
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current]


def _attrs(cls: str | None, attrs: dict) -> str:
    out = []
    if cls:
        out.append(f'class="{esc(cls)}"')
    for key, value in attrs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(f'{name}="{num(value) if isinstance(value, float) else esc(value)}"')
    if cls:
        for name, value in STYLES.get(cls.split()[0], {}).items():
            if name not in attrs and name.replace("-", "_") not in attrs:
                out.append(f'{name}="{value}"')
    return " ".join(out)


class Svg:
    """An SVG document under construction: shapes, text and links appended in order."""

    def __init__(self, width: float, height: float, title: str, description: str = ""):
        self.width, self.height = width, height
        self.title, self.description = title, description
        self.parts: list[str] = []

    def raw(self, text: str) -> None:
        self.parts.append(text)

    def rect(self, x: float, y: float, w: float, h: float, cls: str | None = None,
             **attrs) -> None:
        geometry = {"x": float(x), "y": float(y), "width": float(w), "height": float(h)}
        self.parts.append(f"<rect {_attrs(cls, {**geometry, **attrs})}/>")

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str | None = None,
             **attrs) -> None:
        geometry = {"x1": float(x1), "y1": float(y1), "x2": float(x2), "y2": float(y2)}
        self.parts.append(f"<line {_attrs(cls, {**geometry, **attrs})}/>")

    def circle(self, cx: float, cy: float, r: float, cls: str | None = None, **attrs) -> None:
        geometry = {"cx": float(cx), "cy": float(cy), "r": float(r)}
        self.parts.append(f"<circle {_attrs(cls, {**geometry, **attrs})}/>")

    def path(self, d: str, cls: str | None = None, **attrs) -> None:
        self.parts.append(f'<path {_attrs(cls, {"d": d, **attrs})}/>')

    def polygon(self, points: list[tuple[float, float]], cls: str | None = None,
                **attrs) -> None:
        text = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        self.parts.append(f'<polygon {_attrs(cls, {"points": text, **attrs})}/>')

    def text(self, x: float, y: float, content: str, cls: str | None = "label",
             anchor: str | None = None, **attrs) -> None:
        attrs = {"x": float(x), "y": float(y), "text-anchor": anchor, **attrs}
        self.parts.append(f'<text {_attrs(cls, attrs)}>{esc(content)}</text>')

    def open_group(self, cls: str | None = None, **attrs) -> None:
        self.parts.append(f'<g {_attrs(cls, attrs)}>' if (cls or attrs) else "<g>")

    def close_group(self) -> None:
        self.parts.append("</g>")

    def open_mark(self, iri: str | None, title: str, cls: str = "mark", **attrs) -> None:
        """Start a mark: a link to the entity's IRI titled with its label (end with close_mark)."""
        if iri:
            link = _attrs(cls, {"href": iri, "data-iri": iri, **attrs})
            self.parts.append(f"<a {link}><title>{esc(title)} ({esc(iri)})</title>")
        else:
            self.parts.append(f'<g {_attrs(cls, attrs)}><title>{esc(title)}</title>')
        self._closers = [*getattr(self, "_closers", []), "</a>" if iri else "</g>"]

    def notes(self, x: float, y: float, lines, step: float) -> float:
        """Legend lines under a picture: ``(kind, text, iri)``, a ``heading`` as a heading and
        every other line as a small note linked to its entity; returns the y below the last."""
        for kind, text, iri in lines:
            if kind == "heading":
                self.text(x, y, text, "heading")
            else:
                self.open_mark(iri, text, kind)
                self.text(x + 10, y, text, "small")
                self.close_mark()
            y += step
        return y

    def close_mark(self) -> None:
        self.parts.append(self._closers.pop())

    def document(self) -> bytes:
        """The whole document as UTF-8 bytes (the same parts give the same bytes)."""
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(self.width)}" '
            f'height="{num(self.height)}" viewBox="0 0 {num(self.width)} {num(self.height)}" '
            f'font-family="{FONT_FAMILY}">\n'
            f"<title>{esc(self.title)}</title>\n"
        )
        if self.description:
            head += f"<desc>{esc(self.description)}</desc>\n"
        background = (f'<rect class="background" x="0" y="0" width="{num(self.width)}" '
                      f'height="{num(self.height)}" fill="{PAPER}"/>')
        body = "\n".join([DEFS, background, *self.parts])
        return (head + body + "\n</svg>\n").encode("utf-8")
