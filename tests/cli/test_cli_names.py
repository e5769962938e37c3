"""Naming things on the command line the same way everywhere: labels for IRI parameters, typed
untyped parameters, `kg entities` with counts, the --data-format message, one table/CSV rule,
shell completion, and help examples that work as shown."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import namespaces as ns
from kg.cli import cli
from kg.query.resolve import search
from kg.store.store import Store

KGR = ns.RESOURCE


def kg(*args: str, input: str | None = None, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), input=input, env=env)


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.bundled()


# -- IRI parameters take labels, as kg describe does ------------------------------------------

def test_query_parameter_takes_a_label_like_describe():
    by_label = kg("query", "source_text", "-p", "entity", "United Kingdom", "-f", "csv")
    by_curie = kg("query", "source_text", "-p", "entity", "kgr:UnitedKingdom", "-f", "csv")
    assert by_label.exit_code == 0, by_label.output
    assert by_label.stdout == by_curie.stdout and "United Kingdom" in by_label.stdout
    assert kg("query", "source_text", "-p", "entity", "british", "-f", "csv").stdout == \
        by_curie.stdout


def test_ambiguous_or_unknown_label_is_a_usage_error_with_candidates():
    result = kg("query", "source_text", "-p", "entity", "Bolsheviks")
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: -p entity: 'Bolsheviks' is ambiguous: "
                                    "kgr:BolshevikSide (side); kgr:Bolsheviks (")
    unknown = kg("describe", "intervention")
    assert unknown.exit_code == 2
    assert "(5 of 10; `kg entities intervention` lists all)" in unknown.stderr


# -- untyped parameters of a user's query -----------------------------------------------------

QUERY = "SELECT ?figure ?min WHERE { ?figure kg:value ?v FILTER(?v >= ?min) }"


def test_untyped_number_binds_a_number_and_says_so():
    result = kg("query", "-e", QUERY, "-p", "min", "30000", "-f", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1 + 3, "30,000, 59,150 and 70,000 troops"
    assert result.stderr == ("kg: note: -p min bound as '30000' (xsd:integer); write -p "
                             "min:TYPE VALUE to choose (iri, string, integer, decimal, boolean, "
                             "date)\n")
    typed = kg("query", "-e", QUERY, "-p", "min:integer", "30000", "-f", "csv")
    assert typed.stdout == result.stdout and typed.stderr == ""


# -- kg entities -------------------------------------------------------------------------------

def test_entities_lists_matches_with_a_count_and_says_when_cut(store):
    every = kg("entities", "intervention", "--limit", "0")
    assert every.exit_code == 0
    lines = every.stdout.splitlines()
    assert lines[-1] == "(10 entities)" and len(lines) == 11
    assert lines[0].split()[0] == "kgr:AlliedIntervention"
    cut = kg("entities", "intervention", "-n", "3")
    assert cut.stdout.splitlines()[-1] == "(3 of 10 entities shown; --limit 0 lists all)"
    assert len(cut.stdout.splitlines()) == 4


def test_entities_by_type_label_or_curie_and_as_json():
    by_curie = kg("entities", "--type", "kg:State", "-f", "json")
    by_label = kg("entities", "--type", "state", "-f", "json")
    assert by_curie.exit_code == 0, by_curie.output
    states = json.loads(by_curie.stdout)
    assert by_curie.stdout == by_label.stdout
    assert {s["entity"] for s in states} >= {KGR + "Greece", KGR + "KingdomOfRomania"}
    assert all("state" in s["types"] for s in states)
    assert by_curie.stderr == f"{len(states)} entities\n"


def test_search_counts_without_fetching_everything(store):
    found = search(store, "ALLIED", limit=2)
    assert len(found.matches) == 2 and found.total > 2
    assert not any(m.iri.startswith(KGR + "span-") for m in search(store, "").matches)


# -- --data - names its option ----------------------------------------------------------------

@pytest.mark.parametrize("command", [["query", "timeline"], ["describe", "Greece"],
                                     ["entities"], ["export"]])
def test_data_from_stdin_without_a_format_names_data_format(command):
    result = kg(*command, "--data", "-", input="<urn:a> <urn:b> <urn:c> .\n")
    assert result.exit_code == 2
    assert result.stderr == "kg: The --data-format option must be set when reading from stdin.\n"


# -- one rule for table or CSV ----------------------------------------------------------------

def test_kg_query_prints_csv_when_piped():
    """CliRunner's stdout is not a terminal; `kg wikidata query` is held to the same rule in
    test_cli_wikidata.py (test_wikidata_query_prints_csv_when_piped)."""
    from kg.render.results import default_select_format

    assert default_select_format(False) == "csv" and default_select_format(True) == "table"
    piped = kg("query", "timeline")
    assert piped.stdout.startswith("date,precision,role,subject,label,class\n")


# -- shell completion --------------------------------------------------------------------------

def _complete(words: str) -> list[str]:
    cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    result = CliRunner().invoke(cli, [], prog_name="kg", env={
        "_KG_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": cword})
    return [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_completion_offers_bundled_query_names_and_formats():
    assert _complete("kg query strength") == ["strength", "strength_totals"]
    assert "date_ranges" in _complete("kg queries show d")
    assert _complete("kg query timeline --format js") == ["json", "jsonl", "json-ld"]
    assert _complete("kg wikidata query state") == ["state_lifespans"]
    assert "entities" in _complete("kg ent")


def test_completion_is_documented_in_help():
    text = kg("--help").stdout
    assert 'eval "$(_KG_COMPLETE=bash_source kg)"' in text


# -- help examples that work as shown ---------------------------------------------------------

def test_export_help_frame_example_runs_as_shown(tmp_path, monkeypatch):
    """The example writes the frame it uses; it names no file that does not ship."""
    text = kg("export", "--help").stdout
    block = text.split("Example:\n", 1)[1].split("\n\n", 1)[0]
    commands = re.split(r"\n(?=    \S)", block)
    frame_lines = [c for c in commands if "frame" in c]
    assert len(frame_lines) == 2
    monkeypatch.chdir(tmp_path)
    echo = frame_lines[0].strip()
    assert echo.startswith("echo '") and echo.endswith("> campaigns-frame.json")
    (tmp_path / "campaigns-frame.json").write_text(
        echo[len("echo '"):echo.rindex("'")], encoding="utf-8")
    args = frame_lines[1].split()[1:]
    result = kg(*args)
    assert result.exit_code == 0, result.output
    framed = json.loads(result.stdout)
    assert {node["@type"] for node in framed["@graph"]} == {"kg:Campaign"}
    assert ox.NamedNode(KGR + "CaucasusIntervention").value in {
        node["@id"] for node in framed["@graph"]}
