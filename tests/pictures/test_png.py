"""PNG output: the size asked, text rendered with the bundled font, the same bytes each time."""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli.root import cli

from .conftest import DATA, draw

pytest.importorskip("resvg_py")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("picture", ["timeline", "chart", "diagram"])
def test_png_has_the_width_asked_and_keeps_the_proportions(tmp_path, picture):
    result, out = draw(tmp_path, picture, "--width", "1234", name="p.png")
    assert result.exit_code == 0, result.output
    width, height = png_size(out.read_bytes())
    _, svg = draw(tmp_path, picture, name="p.svg")
    head = svg.read_text(encoding="utf-8").split("viewBox=\"", 1)[1].split('"', 1)[0]
    _, _, w, h = (float(v) for v in head.split())
    assert width == 1234 and abs(height - round(1234 * h / w)) <= 1


def test_png_default_size_is_the_svg_size_and_bytes_repeat(tmp_path):
    _, a = draw(tmp_path, "map", "--data", str(DATA / "places.ttl"), "--no-cache", name="a.png")
    _, b = draw(tmp_path, "map", "--data", str(DATA / "places.ttl"), "--no-cache", name="b.png")
    assert a.read_bytes() == b.read_bytes()
    assert png_size(a.read_bytes())[0] > 800


def test_png_text_is_drawn_with_the_bundled_font(tmp_path):
    """The title's pixels change when its text changes: the text is rendered, not dropped."""
    _, a = draw(tmp_path, "chart", "--title", "AAAA", name="a.png")
    _, b = draw(tmp_path, "chart", "--title", "WWWW", name="b.png")
    assert a.read_bytes() != b.read_bytes()


def test_width_is_for_png_only(tmp_path):
    result = CliRunner().invoke(cli, ["draw", "chart", "--width", "300"])
    assert result.exit_code == 2
    assert "--width applies to PNG output only" in result.stderr


def test_png_is_not_imported_for_svg():
    code = ("import sys; from click.testing import CliRunner; from kg.cli.root import cli; "
            "r = CliRunner().invoke(cli, ['draw', 'timeline']); "
            "assert r.exit_code == 0; print('resvg_py' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
