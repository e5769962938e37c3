"""SVG to PNG with resvg (resvg-py): no browser, no system libraries, the bundled DejaVu Sans.

resvg-py is a wheel with resvg (Rust) inside: nothing to install at system level, unlike
CairoSVG (needs the system cairo library) or a headless browser. It is imported only when a PNG
is asked for. System fonts are skipped and the fonts in ``fonts/`` (DejaVu Sans, Bitstream Vera
licence) are used, so the text renders on a machine without fonts and the PNG's bytes do not
depend on what the machine has installed.
"""

from __future__ import annotations

import os

from ..errors import KgError

FONT_DIR = os.path.join(os.path.dirname(__file__), "fonts")
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


def to_png(svg: bytes, width: int | None = None) -> bytes:
    """Render an SVG document to PNG bytes, ``width`` pixels wide (height in proportion).

    :raises KgError: resvg-py is not installed (``pip install 'kg[png]'``): exit 3.
    """
    try:
        import resvg_py
    except ImportError:
        raise KgError("PNG output needs resvg-py: pip install 'kg[png]' (or resvg-py), "
                         "or write .svg") from None
    try:
        data = resvg_py.svg_to_bytes(
            svg_string=svg.decode("utf-8"), width=width, skip_system_fonts=True,
            font_files=[os.path.join(FONT_DIR, f) for f in FONTS],
            font_family="DejaVu Sans", sans_serif_family="DejaVu Sans")
    except Exception as exc:  # resvg-py raises plain exceptions for unrenderable SVG
        raise KgError(f"could not render the PNG: {str(exc).splitlines()[0]}") from None
    return bytes(data)
