"""`kg wikidata diff`: the article against Wikidata's statements, end to end on the fixture server.

The fixture (tests/data/wikidata/fixture.ttl) holds full statements that agree, disagree, are
missing and are unreferenced; tests/data/wikidata/diff-links.ttl links the intervention, two of
its campaigns, the October Revolution and a test stand-in for the Legion's evacuation.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.request

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import TEST_DATA, free_port

LINKS = str(TEST_DATA / "wikidata" / "diff-links.ttl")
URL = '"https://en.wikipedia.org/wiki/Allied_intervention_in_the_Russian_Civil_War"'
REF = f"S143\tQ328\tS4656\t{URL}"
EXPECTED_QS = [
    f"Q79911\tP527\tQ2001082\t{REF}",
    f"Q122371\tP710\tQ83372\t{REF}",
    f"Q2001082\tP527\tQ99900030\t{REF}",
    f"Q2001082\tP710\tQ215669\t{REF}",
    f"Q2001082\tP710\tQ83372\t{REF}",
    f"Q2001082\tP1120\t179\tP518\tQ209065\t{REF}",
    f"Q2001082\tP1446\t173\tP518\tQ209065\t{REF}",
    f"Q2468365\tP710\tQ215669\t{REF}",
    f"Q99900030\tP361\tQ2001082\t{REF}",
    f"Q99900030\tP710\tQ215669\t{REF}",
    f"Q99900030\tP580\t+1918-00-00T00:00:00Z/9\t{REF}",
    f"Q99900030\tP582\t+1919-00-00T00:00:00Z/9\t{REF}",
    f"Q99900031\tP585\t+1920-09-00T00:00:00Z/10\t{REF}",
]


def kg(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def setup(wikidata_server, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_WIKIDATA_ENDPOINT", wikidata_server.query_url)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def diff_json(*args: str) -> dict[str, dict]:
    result = kg("wikidata", "diff", "--links", LINKS, "--format", "json", *args)
    assert result.exit_code == 0, result.output + result.stderr
    return {row["id"]: row for row in json.loads(result.stdout)}


def test_every_status_with_both_values_and_the_quote(setup):
    rows = diff_json()
    statuses = {key: row["status"] for key, row in rows.items()}
    assert set(statuses.values()) == {"missing", "agrees", "disagrees", "unreferenced", "held"}
    # agrees: referenced, same value
    assert statuses["Q2001082 P580 1918-01-12 /11"] == "agrees"
    assert statuses["Q2001082 P1120 424 P518=Q30"] == "agrees"
    # unreferenced: Wikidata has it without a reference
    assert statuses["Q2001082 P582 1925-05-20 /11"] == "unreferenced"
    assert statuses["Q2001082 P527 Q2468365"] == "unreferenced"
    assert statuses["Q2001082 P1339 657 P518=Q209065"] == "unreferenced"
    # disagrees: both values, the article's words
    figure = rows["Q2001082 P1120 4112 P518=Q33946"]
    assert (figure["status"], figure["article"], figure["wikidata"], figure["quote"]) == (
        "disagrees", "4112", "4000 P642=Q33946", "Czechoslovakia: 4,112 killed")
    end = rows["Q2468365 P582 1919 /9"]
    assert (end["status"], end["article"], end["wikidata"], end["quote"]) == (
        "disagrees", "1919 /9", "1920-03-23 /11", "the North Russia intervention of 1918–1919")
    # missing, with the quote
    allies = rows["Q2001082 P710 Q215669"]
    assert (allies["status"], allies["value_label"], allies["quote"]) == (
        "missing", "Allies", "Allied Powers:")
    assert rows["Q99900031 P585 1920-09 /10"]["quote"] == (
        "together with the evacuation of the Czechoslovak Legion in September 1920, led the "
        "western Allied powers to end the North Russia and Siberian interventions")


def test_precision_is_normalised_before_comparing(setup):
    rows = diff_json()
    start = rows["Q2468365 P580 1918 /9"]      # the article's year, Wikidata's 6 March 1918
    assert (start["status"], start["wikidata"], start["note"]) == (
        "agrees", "1918-03-06 /11", "Wikidata is more precise")
    assert rows["Q42976 P585 1917 /9"]["status"] == "agrees"
    armistice = rows["Q253224 P585 1918-11-11 /11"]
    assert armistice["note"] == "referenced only as imported from Wikipedia"


def test_lower_bounds_and_unattributed_figures_are_held(setup):
    rows = diff_json("--status", "held")
    uk = rows["Q2001082 P1120 938+ P518=Q174193"]
    assert uk["note"].startswith("'938+' is a lower bound")
    assert uk["note"].endswith("never invent an upper bound")
    assert rows["Q2001082 P1132 4700+"]["status"] == "held"
    assert rows["Q2001082 P1132 50000–70000"]["note"] == (
        "the source attributes this strength figure to no party (figure 1 in its list); a "
        "person must say whose it is")
    assert rows["Q2001082 P1120 46 P518=Q209065"]["note"].startswith("a second P1120 figure")
    assert len(rows) == 13 and {r["status"] for r in rows.values()} == {"held"}


def test_quickstatements_lines_exactly(setup):
    result = kg("wikidata", "diff", "--links", LINKS, "--format", "quickstatements")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == EXPECTED_QS
    assert "938" not in result.stdout and "4700" not in result.stdout   # held, never written


def test_table_and_csv(setup):
    table = kg("wikidata", "diff", "--links", LINKS)
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["STATUS", "ITEM", "PROPERTY", "ARTICLE", "WIKIDATA", "QUOTE",
                                "NOTE"]
    assert lines[-2].startswith("13 missing, 2 disagrees, 3 unreferenced, 8 agrees, 13 held; ")
    assert re.match(r"Wikidata's statements from http://127\.0\.0\.1:\d+/query at 20", lines[-1])
    rows = list(csv.DictReader(io.StringIO(kg("wikidata", "diff", "--links", LINKS, "--format",
                                              "csv").stdout)))
    assert len(rows) == 39 and rows[0]["id"] == "Q42976 P585 1917 /9"


def test_offline_needs_a_cache_and_then_uses_it(setup, monkeypatch):
    monkeypatch.setenv("KG_WIKIDATA_ENDPOINT", f"http://127.0.0.1:{free_port()}/sparql")
    first = kg("wikidata", "diff", "--links", LINKS, "--offline")
    assert first.exit_code == 3
    assert first.stderr.startswith("kg: no cache of Wikidata's statements at ")


def test_stale_cache_and_endpoint_down_compares_with_a_note(setup, monkeypatch):
    shipped = kg("wikidata", "diff", "--links", "none.ttl", "--format", "json")
    assert shipped.exit_code == 0, shipped.stderr
    assert {row["id"] for row in json.loads(shipped.stdout)} == {
        "Q122371 P710 Q83372", "Q253224 P585 1918-11-11 /11"}     # the curated links only
    url = f"http://127.0.0.1:{free_port()}/sparql"
    monkeypatch.setenv("KG_WIKIDATA_ENDPOINT", url)
    result = kg("wikidata", "diff", "--links", LINKS, "--format", "quickstatements", "-o",
                "add.qs")
    assert result.exit_code == 0, result.stderr
    notes = result.stderr.splitlines()
    assert notes[0].startswith(f"kg: note: cannot reach {url}: ")
    assert notes[1] == ("kg: note: 6 linked item(s) are not in the cache (Q2001082, Q2468365, "
                        "Q42976, Q79911, Q99900030, Q99900031): not compared until --refresh "
                        "fetches them")
    # what Wikidata says about them is unknown, not absent: nothing about them is proposed
    assert (setup / "add.qs").read_text(encoding="utf-8") == EXPECTED_QS[1] + "\n"


def test_review_round_trip_only_accepted_rows_go_out(setup):
    review = setup / "review.csv"
    written = kg("wikidata", "diff", "--links", LINKS, "--review", str(review))
    assert written.exit_code == 0, written.stderr
    assert written.stderr == (f"kg: wrote 13 statement(s) to propose and 13 held to {review}; "
                              "fill in 'decision' (accept or reject), then "
                              f"`kg wikidata diff --accept {review}`\n")
    records = list(csv.DictReader(io.StringIO(review.read_text(encoding="utf-8"))))
    assert [r["quickstatements"] for r in records if r["status"] == "missing"] == EXPECTED_QS
    decisions = {"Q2001082 P710 Q215669": "accept", "Q99900031 P585 1920-09 /10": "accept",
                 "Q122371 P710 Q83372": "reject"}
    for record in records:
        record["decision"] = decisions.get(record["id"], "")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    review.write_text(buffer.getvalue(), encoding="utf-8")
    accepted = kg("wikidata", "diff", "--links", LINKS, "--accept", str(review))
    assert accepted.exit_code == 0, accepted.stderr
    assert accepted.stdout.splitlines() == [EXPECTED_QS[3], EXPECTED_QS[12]]
    assert accepted.stderr == ("kg: accepted 2, rejected 1, left 23 undecided; 2 statement(s) "
                               "written\n")


def test_review_json_refuses_to_accept_a_held_row(setup):
    review = setup / "review.json"
    assert kg("wikidata", "diff", "--links", LINKS, "--review", str(review)).exit_code == 0
    records = json.loads(review.read_text(encoding="utf-8"))
    position = next(n for n, r in enumerate(records) if r["id"].startswith("Q2001082 P1120 938+"))
    records[position]["decision"] = "accept"
    review.write_text(json.dumps(records), encoding="utf-8")
    result = kg("wikidata", "diff", "--links", LINKS, "--accept", str(review))
    assert result.exit_code == 3
    assert result.stderr.startswith(
        f"kg: {review}:{position + 1}: 'Q2001082 P1120 938+ P518=Q174193' is held for review "
        "and cannot go out as QuickStatements: '938+' is a lower bound")


def test_bad_decision_names_the_line(setup):
    review = setup / "review.csv"
    review.write_text("id,decision\nQ2001082 P710 Q215669,maybe\n", encoding="utf-8")
    result = kg("wikidata", "diff", "--links", LINKS, "--accept", str(review))
    assert result.exit_code == 3
    assert result.stderr == f"kg: {review}:2: decision 'maybe' is neither accept nor reject\n"


# -- idempotence: apply the proposals as Wikidata would, fetch again, nothing left ----------------

WIKIBASE_PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX psv: <http://www.wikidata.org/prop/statement/value/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX pr: <http://www.wikidata.org/prop/reference/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def _rdf_value(text: str, node: str) -> tuple[str, str]:
    """(ps: value, psv: value-node triples) for a QuickStatements v1 value, the way Wikibase's
    RDF export writes it (a test-side reading of the syntax, independent of kg's writer)."""
    if re.fullmatch(r"Q\d+", text):
        return f"wd:{text}", ""
    time = re.fullmatch(r"\+(\d{4})-(\d\d)-(\d\d)T00:00:00Z/(\d+)", text)
    if time:
        year, month, day, precision = time.groups()
        lexical = f"{year}-{month if month != '00' else '01'}-{day if day != '00' else '01'}"
        literal = f'"{lexical}T00:00:00Z"^^xsd:dateTime'
        return literal, (f"{node} wikibase:timeValue {literal} ; "
                         f'wikibase:timePrecision "{precision}"^^xsd:integer .')
    quantity = re.fullmatch(r"(\d+)(?:\[(\d+),(\d+)\])?", text)
    if quantity:
        amount, lower, upper = quantity.groups()
        triples = f'{node} wikibase:quantityAmount "+{amount}"^^xsd:decimal'
        if lower:
            triples += (f' ; wikibase:quantityLowerBound "+{lower}"^^xsd:decimal ; '
                        f'wikibase:quantityUpperBound "+{upper}"^^xsd:decimal')
        return f'"+{amount}"^^xsd:decimal', triples + " ."
    raise AssertionError(f"not a QuickStatements value this test knows: {text}")


def apply_quickstatements(server, lines: list[str]) -> None:
    """Add each line's statement, qualifiers and reference to the server (SPARQL Update)."""
    triples = []
    for number, line in enumerate(lines):
        item, prop, value, *rest = line.split("\t")
        node, value_node, ref = (f"<urn:test:st{number}>", f"<urn:test:v{number}>",
                                 f"<urn:test:ref{number}>")
        plain, value_triples = _rdf_value(value, value_node)
        triples += [f"wd:{item} p:{prop} {node} .", f"wd:{item} wdt:{prop} {plain} .",
                    f"{node} a wikibase:Statement ; ps:{prop} {plain} ; "
                    f"wikibase:rank wikibase:NormalRank ; prov:wasDerivedFrom {ref} ."]
        if value_triples:
            triples += [f"{node} psv:{prop} {value_node} .", value_triples]
        for key, cell in zip(rest[::2], rest[1::2], strict=True):
            target = f"wd:{cell}" if re.fullmatch(r"Q\d+", cell) else cell
            if key.startswith("S"):
                triples.append(f"{ref} pr:P{key[1:]} {target} .")
            else:
                triples.append(f"{node} pq:{key} {target} .")
    body = (WIKIBASE_PREFIXES + "INSERT DATA {\n" + "\n".join(triples) + "\n}").encode()
    request = urllib.request.Request(server.update_url, data=body, method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    with urllib.request.urlopen(request, timeout=30):
        pass


def test_second_run_after_applying_the_edits_emits_nothing(wikidata_writable, tmp_path,
                                                           monkeypatch):
    monkeypatch.setenv("KG_WIKIDATA_ENDPOINT", wikidata_writable.query_url)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    first = kg("wikidata", "diff", "--links", LINKS, "--format", "quickstatements")
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines() == EXPECTED_QS
    apply_quickstatements(wikidata_writable, first.stdout.splitlines())
    second = kg("wikidata", "diff", "--links", LINKS, "--format", "quickstatements", "--refresh")
    assert second.exit_code == 0, second.stderr
    assert second.stdout == ""
    assert second.stderr == ("kg: nothing to propose: Wikidata has every statement the article "
                             "supports, or they are held for review\n")
    rows = diff_json()
    assert rows["Q99900030 P580 1918 /9"]["wikidata"] == "1918 /9"       # precision kept
    assert rows["Q99900031 P585 1920-09 /10"]["wikidata"] == "1920-09 /10"
    assert rows["Q99900031 P585 1920-09 /10"]["status"] == "agrees"
    assert rows["Q2001082 P1120 179 P518=Q209065"]["status"] == "agrees"
    assert rows["Q2001082 P1120 46 P518=Q209065"]["status"] == "held"    # not a contradiction
    assert rows["Q2001082 P1120 938+ P518=Q174193"]["status"] == "held"
