"""Shared helpers for the picture tests: run `kg draw` in-process and parse the SVG it writes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.root import cli

DATA = Path(__file__).parent / "data"
SVG = "{http://www.w3.org/2000/svg}"
KGR = "https://w3id.org/conflict-kg/id/"


def draw(tmp_path: Path, *args: str, name: str = "picture.svg"):
    """Run `kg draw ARGS -o tmp/name`; return (result, path)."""
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["draw", *args, "-o", str(out)])
    return result, out


def parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


def mark(root: ET.Element, iri: str) -> ET.Element:
    """The first mark (<a>) carrying this IRI."""
    for a in root.iter(SVG + "a"):
        if a.get("href") == iri:
            return a
    raise AssertionError(f"no mark for {iri}")


@pytest.fixture(scope="module")
def bundled_timeline(tmp_path_factory):
    result, out = draw(tmp_path_factory.mktemp("timeline"), "timeline")
    assert result.exit_code == 0, result.output
    return parse(out)
