"""The ingest benchmark's generated articles: deterministic, in all three layouts, and ingested
into graphs that pass the shapes."""

from __future__ import annotations

from click.testing import CliRunner

from bench.articles import write
from kg.cli.root import cli


def test_generated_articles_are_deterministic(tmp_path):
    first = [p.read_bytes() for p in write(tmp_path / "a", 6, seed=3)]
    second = [p.read_bytes() for p in write(tmp_path / "b", 6, seed=3)]
    assert first == second
    assert any(b" | " in text for text in first) and any(b"Sharealike" in t for t in first)


def test_generated_articles_ingest_and_validate(tmp_path):
    paths = write(tmp_path / "articles", 6)
    out = tmp_path / "out.nq"
    result = CliRunner().invoke(cli, ["ingest", *map(str, paths), "-o", str(out), "--report"])
    assert result.exit_code == 0, result.output
    assert result.output.count("coverage: ") == 6
    assert "skipped " not in result.output.replace("0 skipped", "")
    checked = CliRunner().invoke(cli, ["validate", str(out)])
    assert checked.exit_code == 0, checked.output
