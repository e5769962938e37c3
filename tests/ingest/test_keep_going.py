"""`kg ingest --keep-going`: the good articles are written, each refused file gets one line."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli.root import cli

CORPUS = Path(__file__).resolve().parent.parent / "data" / "ingest"
GOOD = (CORPUS / "winter-war.txt", CORPUS / "siege-of-tyre-332-bc.txt")
NOT_A_CONFLICT = CORPUS / "port-ansel.txt"


def invoke(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


@pytest.fixture
def bad(tmp_path) -> dict[str, Path]:
    files = {"binary": tmp_path / "binary.txt", "latin1": tmp_path / "latin1.txt",
             "empty": tmp_path / "empty.txt"}
    files["binary"].write_bytes(b"Battle of X\n\x00\x01\x02")
    files["latin1"].write_bytes("Siege of Caf\u00e9\nDate 1602\n".encode("latin-1"))
    files["empty"].write_bytes(b"\n\n")
    return files


def graphs(path: Path) -> set[str]:
    return {quad.graph_name.value for quad in ox.parse(path=str(path))}


def test_without_the_flag_one_bad_file_stops_the_run(tmp_path, bad):
    out = tmp_path / "out.trig"
    out.write_text("kept\n")
    result = invoke("ingest", GOOD[0], bad["binary"], GOOD[1], "-o", out)
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "binary data" in result.stderr
    assert out.read_text() == "kept\n"   # nothing written, the old file untouched


def test_with_the_flag_the_good_ones_are_written(tmp_path, bad):
    out = tmp_path / "out.trig"
    missing = tmp_path / "missing.txt"
    result = invoke("ingest", "--keep-going", GOOD[0], bad["binary"], NOT_A_CONFLICT,
                    bad["latin1"], GOOD[1], bad["empty"], missing, "-o", out)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 6, lines   # five refusals, one summary
    for path, reason in ((bad["binary"], "binary data"),
                         (NOT_A_CONFLICT, "not an article about a conflict"),
                         (bad["latin1"], ":1:13: not UTF-8 text"),
                         (bad["empty"], "the file is empty"),
                         (missing, "cannot read")):
        line = next(line for line in lines if line.startswith(f"kg: {path}"))
        assert reason in line and line.endswith("; skipped."), line
    assert lines[-1] == "kg: ingested 2 of 7 files; 5 refused (listed above)."
    assert graphs(out) == {"https://w3id.org/conflict-kg/graph/ingest/winter-war",
                           "https://w3id.org/conflict-kg/graph/ingest/siege-of-tyre-332-bc"}
    # the same bytes as a run of the good files alone
    alone = tmp_path / "alone.trig"
    assert invoke("ingest", *GOOD, "-o", alone).exit_code == 0
    assert out.read_bytes() == alone.read_bytes()


def test_with_the_flag_into_a_store(tmp_path, bad):
    store = tmp_path / "war.db"
    result = invoke("ingest", "-k", GOOD[0], bad["binary"], "--store", store)
    assert result.exit_code == 1
    assert "Ingested 1 article" in result.stderr
    answer = invoke("query", "-e", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                    "--store", store, "-f", "csv")
    assert answer.stdout.splitlines()[1:] == [
        "https://w3id.org/conflict-kg/graph/ingest/winter-war"]


def test_a_second_article_with_the_same_title_is_the_one_refused(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(GOOD[0].read_bytes())
    out = tmp_path / "out.nq"
    result = invoke("ingest", "-k", GOOD[0], copy, "-o", out)
    assert result.exit_code == 1
    assert f"kg: {copy}: has the same title as {GOOD[0]}" in result.stderr
    assert graphs(out) == {"https://w3id.org/conflict-kg/graph/ingest/winter-war"}


def test_when_every_file_is_refused_nothing_is_written(tmp_path, bad):
    out = tmp_path / "out.trig"
    result = invoke("ingest", "--keep-going", bad["binary"], bad["empty"], "-o", out)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1] == "kg: every file was refused (2); nothing was written."
    assert not out.exists()
