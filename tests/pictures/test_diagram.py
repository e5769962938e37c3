"""`kg draw diagram`: sides, parties, campaigns and results as SVG and as Mermaid text."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli.root import cli

from .conftest import DATA, KGR, SVG, draw, mark, parse, texts


def test_diagram_svg_has_every_kind_and_link(tmp_path):
    result, out = draw(tmp_path, "diagram")
    assert result.exit_code == 0, result.output
    root = parse(out)
    words = texts(root)
    for label in ("Parties", "Sides", "Conflicts and campaigns", "Results", "Allied Powers",
                  "Bolshevik victory", "Southern Russia intervention", "France"):
        assert label in words
    assert mark(root, KGR + "AlliedSide").get("data-kind") == "side"
    assert mark(root, KGR + "BolshevikVictory").get("data-kind") == "result"
    relations = {(g.get("data-source"), g.get("data-label"), g.get("data-target"))
                 for g in root.iter(SVG + "g") if g.get("class") == "relation"}
    assert (KGR + "France", "led", KGR + "SouthernRussiaIntervention") in relations
    assert (KGR + "Allies", "on side", KGR + "AlliedSide") in relations
    assert (KGR + "BolshevikVictory", "result of", KGR + "AlliedIntervention") in relations
    assert (KGR + "Greece", "losses counted on", KGR + "AlliedSide") in relations


def test_mermaid_text(tmp_path):
    result, out = draw(tmp_path, "diagram", name="sides.mmd")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[1] == "flowchart LR"
    assert "    AlliedSide[[\"Allied Powers\"]]" in lines
    assert "  France -->|led| SouthernRussiaIntervention" in lines
    assert "  Greece -.->|losses counted on| AlliedSide" in lines
    assert "  DefeatOfWhiteMovement -->|sub-result of| BolshevikVictory" in lines
    assert "  CaucasusIntervention -->|part of| AlliedIntervention" in lines
    assert f'  click Greece href "{KGR}Greece" "Greece"' in lines
    again = CliRunner().invoke(cli, ["draw", "diagram", "--format", "mermaid"])
    assert again.stdout == text


def test_diagram_same_bytes(tmp_path):
    _, a = draw(tmp_path, "diagram", name="a.svg")
    _, b = draw(tmp_path, "diagram", name="b.svg")
    assert a.read_bytes() == b.read_bytes()


def test_mermaid_only_for_the_diagram(tmp_path):
    result = CliRunner().invoke(cli, ["draw", "chart", "-o", str(tmp_path / "c.mmd")])
    assert result.exit_code == 2
    assert "kg draw chart writes svg, png, not 'mmd'" in result.stderr


def test_nothing_to_diagram(tmp_path):
    result, out = draw(tmp_path, "diagram", "--data", str(DATA / "no-dates.ttl"))
    assert result.exit_code == 3
    assert result.stderr.startswith("kg: nothing to diagram: no sides")
    assert not out.exists()
