"""The Click-free path of ``kg query`` and ``kg export`` (kg/cli/fast.py): it must take exactly the
plain command lines it claims, hand every other one to Click, and print the same bytes, messages
and exit codes as the Click command for every bundled query and every output format."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.cli.fast import parse_plain, run_plain
from kg.query.catalog import catalog

LOCAL_NAMES = [n for n, path in catalog().items() if "federated" not in path]
SELECT_FORMATS = ("csv", "tsv", "json", "jsonl", "markdown", "sparql-json", "sparql-xml",
                  "table")


@pytest.mark.parametrize("args, expected", [
    (["timeline"], {"query_arg": "timeline"}),
    (["-"], {"query_arg": "-"}),
    (["q.rq", "--format=tsv"], {"query_arg": "q.rq", "fmt": "tsv"}),
    (["-f", "json", "timeline"], {"query_arg": "timeline", "fmt": "json"}),
    (["source_text", "-p", "entity", "kgr:Greece", "--param", "x", "y"],
     {"query_arg": "source_text", "params": [("entity", "kgr:Greece"), ("x", "y")]}),
    (["timeline", "-o", "out.csv", "--store", "db"],
     {"query_arg": "timeline", "output": "out.csv", "store_dir": "db"}),
    (["timeline", "--data", "a.ttl", "--data=b.nt", "--data-format", "ttl", "--with-bundled"],
     {"query_arg": "timeline", "data_files": ["a.ttl", "b.nt"], "data_format": "ttl",
      "with_bundled": True}),
])
def test_plain_command_lines_are_parsed_as_click_would(args, expected):
    assert parse_plain("query", args) == expected


@pytest.mark.parametrize("args", [
    [],                                          # no query: Click says what is missing
    ["--help"], ["timeline", "-h"],
    ["-e", "ASK {}"], ["timeline", "--endpoint", "http://127.0.0.1:1/q"],
    ["timeline", "--timeout", "3"], ["timeline", "--default-graph", "urn:g"],
    ["timeline", "casualties"],                  # two queries
    ["timeline", "-f", "csv", "-f", "json"],     # an option given twice
    ["timeline", "--with-bundled", "--with-bundled"],
    ["timeline", "-f"], ["timeline", "-f", "-x"],  # a missing value, a value like an option
    ["source_text", "-p", "entity"], ["source_text", "-p", "n", "-5"],
    ["timeline", "-fcsv"], ["timeline", "--form", "csv"], ["timeline", "--"],
])
def test_everything_else_is_left_to_click(args):
    assert parse_plain("query", args) is None


@pytest.mark.parametrize("args, expected", [
    ([], {}),
    (["-o", "war.ttl", "-g", "article", "--graph=links"],
     {"output": "war.ttl", "graphs": ["article", "links"]}),
    (["--format", "json-ld", "--data", "a.ttl", "--with-bundled"],
     {"fmt": "json-ld", "data_files": ["a.ttl"], "with_bundled": True}),
])
def test_plain_export_command_lines_are_parsed_as_click_would(args, expected):
    assert parse_plain("export", args) == expected


@pytest.mark.parametrize("args", [
    ["--context"], ["--frame", "f.json"], ["--allow-remote-context"], ["-h"],
    ["war.ttl"],                                 # export takes no argument
    ["-o", "-", "-f", "turtle"],                 # a value that looks like an option
    ["-f", "turtle", "--format", "trig"], ["-p", "a", "b"],
])
def test_other_export_command_lines_are_left_to_click(args):
    assert parse_plain("export", args) is None


def test_other_commands_are_left_to_click():
    assert parse_plain("validate", []) is None
    assert run_plain([]) is None and run_plain(["info"]) is None


def test_a_store_that_is_a_file_is_left_to_click(tmp_path):
    (tmp_path / "file").write_text("")
    assert parse_plain("query", ["timeline", "--store", str(tmp_path / "file")]) is None
    assert parse_plain("query", ["timeline", "--store", str(tmp_path)]) is not None


def both_ways(capsysbinary, *args: str, command: str = "query"):
    """(stdout, stderr, exit code) of the fast path and of the Click command for the same args."""
    code = run_plain([command, *args])
    assert code is not None, f"the fast path refused {args}"
    fast = capsysbinary.readouterr()
    slow = CliRunner().invoke(cli, [command, *args])
    return (fast.out, fast.err.decode(), code), (slow.stdout_bytes, slow.stderr, slow.exit_code)


@pytest.mark.parametrize("name", LOCAL_NAMES)
def test_every_bundled_query_prints_the_same_bytes_both_ways(capsysbinary, name):
    fast, slow = both_ways(capsysbinary, name)
    assert fast == slow
    assert fast[0]  # something was printed


@pytest.mark.parametrize("fmt", SELECT_FORMATS)
def test_every_select_format_prints_the_same_bytes_both_ways(capsysbinary, fmt):
    fast, slow = both_ways(capsysbinary, "source_text", "-p", "entity", "kgr:Greece", "-f", fmt)
    assert fast == slow


@pytest.mark.parametrize("args", [
    ("nope",),                                            # unknown query: usage error, 2
    ("source_text", "-p", "entitty", "kgr:Greece"),       # unknown parameter
    ("source_text", "-p", "entity", "nope:Greece"),       # unknown prefix
    ("timeline", "-f", "turtle"),                         # an RDF format for a SELECT
    ("timeline", "--data", "missing.ttl"),                # unreadable data: 3
    ("contradictions",),                                  # a check query with findings: 1
])
def test_errors_and_exit_codes_are_the_same_both_ways(capsysbinary, args):
    fast, slow = both_ways(capsysbinary, *args)
    assert fast == slow
    assert fast[2] != 0


def test_a_syntax_error_in_a_query_file_is_reported_the_same_both_ways(capsysbinary, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?s WHERE { ?s ?p }\n")
    fast, slow = both_ways(capsysbinary, str(path))
    assert fast == slow
    assert fast[1].startswith(f"kg: {path}:") and fast[2] == 3


def test_output_file_and_store_give_the_same_results_both_ways(capsysbinary, tmp_path):
    loaded = CliRunner().invoke(cli, ["load", "--bundled", "--store", str(tmp_path / "db")])
    assert loaded.exit_code == 0
    fast, slow = both_ways(capsysbinary, "casualty_totals", "--store", str(tmp_path / "db"),
                           "-f", "csv")
    assert fast == slow
    assert fast[0].startswith(b"side,kind,")
    fast_file, click_file = tmp_path / "fast.md", tmp_path / "click.md"
    assert run_plain(["query", "timeline", "-o", str(fast_file)]) == 0
    assert CliRunner().invoke(cli, ["query", "timeline", "-o", str(click_file)]).exit_code == 0
    assert fast_file.read_bytes() == click_file.read_bytes()
    assert fast_file.read_text().startswith("| date |")


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "n-triples", "n-quads", "trig", "xml"])
@pytest.mark.parametrize("graph", ["all", "article"])
def test_every_export_format_prints_the_same_bytes_both_ways(capsysbinary, fmt, graph):
    fast, slow = both_ways(capsysbinary, "-f", fmt, "-g", graph, command="export")
    assert fast == slow
    assert fast[0] and fast[2] == 0


@pytest.mark.parametrize("args", [
    ("-f", "nope"),                               # unknown format: usage error, 2
    ("-g", "nope"),                               # unknown graph
    ("--data", "missing.ttl"),                    # unreadable data: 3
    ("--with-bundled",),                          # --with-bundled needs --data
    ("-g", "wikidata"),                           # empty: a note, and exit 0
])
def test_export_errors_and_notes_are_the_same_both_ways(capsysbinary, args):
    fast, slow = both_ways(capsysbinary, *args, command="export")
    assert fast == slow
    assert fast[1].startswith("kg: ")


def test_export_to_a_file_writes_the_same_bytes_both_ways(tmp_path):
    fast_file, click_file = tmp_path / "fast.trig", tmp_path / "click.trig"
    assert run_plain(["export", "-o", str(fast_file)]) == 0
    assert CliRunner().invoke(cli, ["export", "-o", str(click_file)]).exit_code == 0
    assert fast_file.read_bytes() == click_file.read_bytes()
    assert fast_file.read_bytes().startswith(b"@prefix")


def modules_after(*args: str) -> tuple[list[str], subprocess.CompletedProcess]:
    """Run the installed entry point in a fresh Python; list the heavy modules it imported."""
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print(sorted(m for m in ('click', 'rdflib', 'pyshacl', "
            "'SPARQLWrapper', 'pyld', 'dataclasses', 'pathlib', 'typing') if m in sys.modules), "
            "file=sys.stderr))\n"
            f"sys.argv = ['kg', {', '.join(repr(a) for a in args)}]\n"
            "from kg.cli import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    return ast.literal_eval(done.stderr.strip().splitlines()[-1]), done


def test_a_plain_kg_query_imports_no_click_and_nothing_heavy():
    imported, done = modules_after("query", "casualty_totals", "-f", "csv")
    assert done.stdout.startswith("side,kind,")
    assert imported == []


def test_a_plain_kg_export_imports_no_click_and_nothing_heavy():
    imported, done = modules_after("export", "--format", "json-ld")
    assert done.stdout.startswith("{")
    assert imported == []


def test_other_command_lines_still_go_through_click():
    imported, done = modules_after("query", "-e", "ASK { ?s a kg:Campaign }")
    assert done.stdout == "true\n"
    assert "click" in imported


class ClosedPipe:
    """A stdout whose reader has gone (``kg query ... | head -1``), over a real file descriptor."""

    def __init__(self, path):
        self.handle = open(path, "wb")  # noqa: SIM115 - closed by the test
        self.buffer = self

    def write(self, data):
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        pass

    def fileno(self):
        return self.handle.fileno()

    def isatty(self):
        return False


def test_a_closed_pipe_ends_the_command_quietly(monkeypatch, capsys, tmp_path):
    """Exit 0, no message, and later writes (Python's own flush at exit) go nowhere."""
    pipe = ClosedPipe(tmp_path / "stdout")
    monkeypatch.setattr(sys, "stdout", pipe)
    try:
        assert run_plain(["query", "timeline"]) == 0
        os.write(pipe.fileno(), b"late")
    finally:
        pipe.handle.close()
    assert capsys.readouterr().err == ""
    assert (tmp_path / "stdout").read_bytes() == b""


def test_ctrl_c_exits_130_the_same_way_on_both_paths(capsysbinary, monkeypatch):
    """No traceback: one line and the exit code shells give a command ended by SIGINT."""
    from kg.cli import query_run

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(query_run, "run_query", interrupted)
    fast, slow = both_ways(capsysbinary, "timeline")
    assert fast == slow == (b"", "\nkg: interrupted\n", 130)
