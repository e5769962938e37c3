"""``kg load``: bulk loading into a persistent store, atomic on errors, quiet off a terminal."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from bench.generate import generate
from click.testing import CliRunner

from kg import namespaces as ns
from kg.cli import cli
from kg.cli.load import render_progress
from kg.store.bulk import Progress, load_into_store, sources_for
from kg.store.store import Store

SUMMARY = re.compile(
    r"Loaded (?P<added>[\d,]+) triples from (?P<files>\d+) files? into (?P<store>\S+) in "
    r"[\d.]+ s( \([\d,]+ triples/s\))?; (?P<new>new store|store) holds (?P<total>[\d,]+) quads\.\n")


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, ["load", *args], input=input)


def number(text: str) -> int:
    return int(text.replace(",", ""))


def quads_per_graph(store_dir: Path) -> dict[str, int]:
    store = Store(store_dir, read_only=True)
    counts = {g: store.count(g) for g in store.graph_names()}
    default = store.count(None)
    if default:
        counts[""] = default
    return counts


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """About 3,000 triples from the benchmark generator, as N-Triples."""
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.nt"
    with path.open("w", encoding="utf-8") as out:
        generate(out, 3000, seed=3)
    return path


def test_load_bundled_creates_store_with_named_graphs(tmp_path):
    result = run("--bundled", "--store", str(tmp_path / "war.db"))
    assert result.exit_code == 0, result.output
    match = SUMMARY.fullmatch(result.stdout)
    assert match, result.stdout
    assert match["new"] == "new store" and match["files"] == "4"
    assert result.stderr == ""  # no progress line when stderr is not a terminal
    bundled = Store.bundled()
    expected = {g: bundled.count(g) for g in bundled.graph_names()}
    assert quads_per_graph(tmp_path / "war.db") == expected
    assert number(match["total"]) == len(bundled)


def test_load_into_existing_store_adds_to_named_graph(tmp_path, synthetic):
    store_dir = tmp_path / "war.db"
    assert run("--bundled", "--store", str(store_dir)).exit_code == 0
    before = quads_per_graph(store_dir)
    result = run(str(synthetic), "--store", str(store_dir), "--graph", "https://example.org/g")
    assert result.exit_code == 0, result.output
    match = SUMMARY.fullmatch(result.stdout)
    assert match and match["new"] == "store"
    expected_new = len(list(ox.parse(path=str(synthetic))))
    assert number(match["added"]) == expected_new
    after = quads_per_graph(store_dir)
    assert after == {**before, "https://example.org/g": expected_new}


def test_load_twice_adds_nothing_the_second_time(tmp_path, synthetic):
    store_dir = tmp_path / "s"
    assert run(str(synthetic), "--store", str(store_dir)).exit_code == 0
    result = run(str(synthetic), "--store", str(store_dir))
    assert result.exit_code == 0
    assert SUMMARY.fullmatch(result.stdout)["added"] == "0"


def test_load_store_answers_queries(tmp_path):
    store_dir = tmp_path / "war.db"
    assert run("--bundled", "--store", str(store_dir)).exit_code == 0
    store = Store(store_dir, read_only=True)
    [row] = store.select(
        "SELECT ?label WHERE { <https://w3id.org/conflict-kg/id/AlliedIntervention> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")
    assert row["label"].value == Store.bundled().select(
        "SELECT ?label WHERE { <https://w3id.org/conflict-kg/id/AlliedIntervention> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")[0]["label"].value


def _broken_copy(source: Path, target: Path) -> tuple[int, int]:
    """Copy ``source`` with one broken line in the middle; returns (line, column) of the error."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    middle = len(lines) // 2
    lines.insert(middle, '<urn:a> <urn:b> "no closing quote .\n')
    target.write_text("".join(lines), encoding="utf-8")
    return middle + 1, 17


def test_load_syntax_error_in_new_store_leaves_nothing(tmp_path, synthetic):
    bad = tmp_path / "bad.nt"
    line, _ = _broken_copy(synthetic, bad)
    result = run(str(synthetic), str(bad), "--store", str(tmp_path / "new.db"))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert re.fullmatch(rf"kg: {re.escape(str(bad))}:{line}:\d+: .+\n", result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nt"]  # no store, no temp folder


def test_load_syntax_error_in_existing_store_changes_nothing(tmp_path, synthetic):
    store_dir = tmp_path / "war.db"
    assert run("--bundled", "--store", str(store_dir)).exit_code == 0
    before = quads_per_graph(store_dir)
    bad = tmp_path / "bad.nt"
    line, _ = _broken_copy(synthetic, bad)
    # the good file comes first: it must not be loaded either
    result = run(str(synthetic), str(bad), "--store", str(store_dir))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: {bad}:{line}:")
    assert quads_per_graph(store_dir) == before


def test_load_missing_file_fails_with_its_name(tmp_path):
    result = run(str(tmp_path / "nope.ttl"), "--store", str(tmp_path / "s"))
    assert result.exit_code == 3
    assert result.stderr == f"kg: {tmp_path / 'nope.ttl'}: No such file or directory\n"
    assert not (tmp_path / "s").exists()


def test_load_stdin_needs_format(tmp_path):
    result = run("-", "--store", str(tmp_path / "s"), input=b"<urn:a> <urn:b> <urn:c> .\n")
    assert result.exit_code == 2
    assert "--format option must be set" in result.stderr


def test_load_stdin_with_format(tmp_path):
    result = run("-", "--format", "nt", "--store", str(tmp_path / "s"),
                 input=b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> <urn:d> .\n")
    assert result.exit_code == 0, result.output
    assert SUMMARY.fullmatch(result.stdout)["added"] == "2"


def test_load_without_files_is_a_usage_error(tmp_path):
    result = run("--store", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert result.stderr == "kg: Give FILES to load, or --bundled for the bundled graph.\n"


def test_load_bad_graph_iri_is_a_usage_error(tmp_path, synthetic):
    result = run(str(synthetic), "--store", str(tmp_path / "s"), "--graph", "not an iri")
    assert result.exit_code == 2
    assert "--graph 'not an iri' is not a valid IRI" in result.stderr


def test_load_store_path_that_is_a_file_is_refused(tmp_path, synthetic):
    (tmp_path / "file").write_text("x")
    result = run(str(synthetic), "--store", str(tmp_path / "file"))
    assert result.exit_code == 2


def test_load_store_in_use_is_reported(tmp_path, synthetic):
    store_dir = tmp_path / "s"
    assert run(str(synthetic), "--store", str(store_dir)).exit_code == 0
    holder = ox.Store(str(store_dir))  # holds the RocksDB lock, as a running server would
    try:
        result = run(str(synthetic), "--store", str(store_dir))
    finally:
        del holder
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: {store_dir}: cannot open the store")


def test_load_quiet_prints_nothing(tmp_path, synthetic):
    result = run(str(synthetic), "--store", str(tmp_path / "s"), "--quiet")
    assert result.exit_code == 0
    assert result.output == ""


def test_load_reports_progress_through_callback(tmp_path, synthetic):
    seen: list[Progress] = []
    report = load_into_store(sources_for([str(synthetic)]), tmp_path / "s", progress=seen.append)
    lines = synthetic.read_bytes().count(b"\n")
    assert seen[-1].phase == "index"
    assert seen[-1].bytes_read == seen[-1].bytes_total == synthetic.stat().st_size
    assert seen[-1].triples == lines == report.added


def test_render_progress_line():
    p = Progress("big.nt", 1, 2, 50, 100, 1_500, 2.0)
    assert render_progress(p) == "kg load: big.nt  [1/2]   50%  1,500 triples  750 triples/s  2.0 s"
    p = Progress("big.ttl", 1, 1, 3 * 1024 * 1024, None, None, 2.0, "index")
    assert render_progress(p) == "kg load: big.ttl  indexing  3.0 MB  1.5 MB/s  2.0 s"


def test_load_help_has_summary_and_example():
    result = CliRunner().invoke(cli, ["load", "--help"])
    assert result.exit_code == 0
    assert "Bulk-load RDF files into a persistent store" in result.output
    assert "Example:\n    kg load --bundled --store war.db" in result.output


def test_load_installed_entry_point(run_kg, tmp_path):
    store_dir = tmp_path / "war.db"
    done = run_kg("load", "--bundled", "--store", str(store_dir))
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert SUMMARY.fullmatch(done.stdout.decode())
    assert Store(store_dir, read_only=True).count(ns.GRAPH_ARTICLE) > 0


def test_progress_is_drawn_on_a_terminal(tmp_path, synthetic, monkeypatch):
    """On a terminal, stderr gets carriage-return updates and is cleared at the end."""
    fake = io.StringIO()
    fake.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stderr", fake)
    from kg.cli.load import load

    with pytest.raises(SystemExit) as done:
        load.main([str(synthetic), "--store", str(tmp_path / "s")], standalone_mode=True)
    assert done.value.code == 0
    drawn = fake.getvalue()
    assert drawn.startswith("\rkg load: ")
    assert "triples/s" in drawn
    progress, *notes = drawn.split("kg: note: ")  # then what the store holds rewritten
    assert progress.endswith("\r")
    assert all(note.endswith("\n") and note.count("\n") == 1 for note in notes)
