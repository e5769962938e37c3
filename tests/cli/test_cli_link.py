"""`kg link` end to end against a real `oxigraph serve` loaded with a Wikidata-format fixture."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.store.store import Store
from kg.wikidata.classes import expected_classes
from kg.wikidata.entities import linkable_entities
from kg.wikidata.http import SparqlClient
from kg.wikidata.links import read_links
from kg.wikidata.reconcile import reconcile
from tests.conftest import TEST_DATA, free_port

FIXTURE = TEST_DATA / "wikidata" / "fixture.ttl"
BROKEN = TEST_DATA / "wikidata" / "broken-links.ttl"
TRAPS = {"Q118514", "Q1875", "Q7797", "Q4341"}
DISTRACTORS = {"Q99900001", "Q99900002", "Q99900003", "Q99900004", "Q99900010"}


@pytest.fixture(scope="module")
def wikidata(wikidata_server):
    return wikidata_server


@pytest.fixture
def env(wikidata, monkeypatch):
    monkeypatch.setenv("KG_WIKIDATA_ENDPOINT", wikidata.query_url)
    monkeypatch.delenv("KG_USER_AGENT", raising=False)
    return wikidata


def run(*args: str):
    return CliRunner().invoke(cli, ["link", *args], catch_exceptions=False)


def by_entity(output: str) -> dict[str, dict]:
    return {row["entity"]: row for row in json.loads(output)}


@pytest.fixture(scope="module")
def bundled():
    return Store.bundled()


# ---- reconciliation on its own (no existing links): distractors and traps ---------------------

@pytest.fixture(scope="module")
def fresh(wikidata, bundled):
    """Every entity reconciled as if nothing were linked yet."""
    decisions = reconcile(SparqlClient(wikidata.query_url, timeout=10),
                          linkable_entities(bundled), expected_classes(bundled), existing=[])
    return {d.entity.iri.rsplit("/", 1)[1]: d for d in decisions}


def test_ship_named_after_the_city_is_ruled_out(fresh):
    vladivostok = fresh["Vladivostok"]
    assert (vladivostok.status, vladivostok.qid) == ("auto", "Q959")
    ship = next(c for c in vladivostok.candidates if c.qid == "Q99900002")
    assert ship.ruled_out.startswith("wrong type (P31 Q11446;")


def test_another_place_of_the_same_name_sends_the_city_to_review(fresh):
    arkhangelsk = fresh["Arkhangelsk"]
    assert arkhangelsk.status == "review"
    assert (arkhangelsk.qid, arkhangelsk.runner_up.qid) == ("Q1851", "Q99900001")
    assert "lead over wd:Q99900001 only 0.000" in arkhangelsk.reason


def test_person_sharing_a_name_is_ruled_out(fresh):
    for name, qid in (("Caucasus", "Q18869"), ("Bolsheviks", "Q83372")):
        decision = fresh[name]
        assert (decision.status, decision.qid) == ("auto", qid)
        person = next(c for c in decision.candidates if c.qid == "Q99900003")
        assert person.ruled_out.startswith("wrong type (P31 Q5;")


def test_trap_items_are_never_chosen(fresh):
    assert fresh["Sakhalin"].status == "rejected"
    assert "wd:Q7797 'Sakhalin Oblast' wrong type" in fresh["Sakhalin"].reason
    assert fresh["CzechoslovakLegion"].status == "rejected"
    assert "wd:Q118514" in fresh["CzechoslovakLegion"].reason
    chosen = {d.qid for d in fresh.values() if d.qid}
    assert not chosen & TRAPS
    assert not {d.qid for d in fresh.values() if d.status == "auto"} & DISTRACTORS


def test_score_explains_itself(fresh):
    allied = fresh["AlliedIntervention"]
    assert allied.best.score == 0.9  # no context: nothing else is linked in this run
    assert allied.best.explain().startswith(
        "label 1.00 (label 'Allied intervention in the Russian Civil War' ~ 'Allied intervention "
        "in the Russian Civil War'); type fits (Q5919191 military intervention); dates 1.00 "
        "(start 1918=1918, end 1925=1925)")


def test_an_alias_scores_below_a_label_and_stays_in_review(fresh):
    # "United Kingdom" is an alias of Q174193: 0.95 x 0.55 + 0.25 + 0.05 = 0.8225 < 0.85
    uk = fresh["UnitedKingdom"]
    assert (uk.status, uk.qid, uk.best.score) == ("review", "Q174193", 0.823)


# ---- kg link --dry-run -------------------------------------------------------------------------

def test_dry_run_json_prints_decisions_and_writes_nothing(env, tmp_path):
    links = tmp_path / "kg-links.ttl"
    result = run("--dry-run", "--format", "json", "--links", str(links))
    assert result.exit_code == 0, result.output
    rows = by_entity(result.output)
    assert {k: (v["status"], v["qid"]) for k, v in rows.items() if v["status"] == "auto"} == {
        "kgr:AlliedIntervention": ("auto", "Q2001082"),
        "kgr:NorthRussiaIntervention": ("auto", "Q2468365"),
        "kgr:OctoberRevolution": ("auto", "Q42976"),
    }
    assert rows["kgr:SiberianIntervention"]["status"] == "review"
    assert rows["kgr:SiberianIntervention"]["reason"] == (
        "wd:Q658598 is also the best match for kgr:JapaneseInterventionInSiberia")
    assert rows["kgr:BalticStates"]["runner_up"] == "Q99900004"
    assert rows["kgr:Russia"] == rows["kgr:Russia"] | {"status": "rejected", "qid": "",
                                                       "reason": "no candidate with this label"}
    assert "kgr:Vladivostok" not in rows  # curated: only --all reconsiders it
    assert not links.exists()


def test_dry_run_all_never_replaces_a_curated_link(env, tmp_path):
    result = run("--dry-run", "--all", "--format", "json", "--links", str(tmp_path / "l.ttl"))
    assert result.exit_code == 0, result.output
    rows = by_entity(result.output)
    for entity, qid in (("kgr:Vladivostok", "Q959"), ("kgr:Arkhangelsk", "Q1851"),
                        ("kgr:Caucasus", "Q18869"), ("kgr:France", "Q70802")):
        assert (rows[entity]["status"], rows[entity]["qid"]) == ("linked", qid), entity
    assert rows["kgr:Arkhangelsk"]["runner_up"] == "Q99900001"


def test_dry_run_text_ends_with_a_summary(env, tmp_path):
    result = run("--dry-run", "--links", str(tmp_path / "l.ttl"))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["ENTITY", "STATUS", "QID", "SCORE", "RUNNER-UP", "WIKIDATA",
                                "LABEL", "(REASON)"]
    assert lines[-1] == "3 auto, 3 review, 22 rejected; 20 entities already linked " \
                        "(--all reconsiders them)"


# ---- kg link, --review, --accept ---------------------------------------------------------------

def test_link_review_accept_round_trip_csv(env, tmp_path):
    links = tmp_path / "kg-links.ttl"
    result = run("--links", str(links), "--format", "csv")
    assert result.exit_code == 0
    written = {link.entity.rsplit("/", 1)[1]: link for link in read_links(links)}
    assert {k: (v.qid, v.status) for k, v in written.items()} == {
        "AlliedIntervention": ("Q2001082", "auto"),
        "NorthRussiaIntervention": ("Q2468365", "auto"),
        "OctoberRevolution": ("Q42976", "auto"),
        "BalticStates": ("Q39731", "pending"),
        "SiberianIntervention": ("Q658598", "pending"),
        "JapaneseInterventionInSiberia": ("Q658598", "pending"),
    }
    assert written["AlliedIntervention"].method == "reconciled"
    assert written["AlliedIntervention"].score == 1.0
    # a pending entry is not a link: no skos:exactMatch triple for it
    store = Store()
    store.load_file(links)
    assert not store.ask("ASK { <https://w3id.org/conflict-kg/id/BalticStates> "
                         "<http://www.w3.org/2004/02/skos/core#exactMatch> ?x }")

    review = run("--review", "--links", str(links))
    assert review.exit_code == 0
    table = list(csv.DictReader(io.StringIO(review.output)))
    assert [row["entity"] for row in table] == [
        "kgr:BalticStates", "kgr:JapaneseInterventionInSiberia", "kgr:SiberianIntervention"]
    assert table[0]["wikidata_label"] == "Baltic states" and table[0]["decision"] == ""

    decisions = {"kgr:SiberianIntervention": "accept", "kgr:BalticStates": "reject"}
    for row in table:
        row["decision"] = decisions.get(row["entity"], "")
    reviewed = tmp_path / "review.csv"
    with reviewed.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=table[0].keys())
        writer.writeheader()
        writer.writerows(table)
    accepted = run("--accept", str(reviewed), "--links", str(links))
    assert accepted.exit_code == 0, accepted.output
    assert accepted.output == f"accepted 1, rejected 1, left 1 undecided; wrote {links}\n"
    after = {link.entity.rsplit("/", 1)[1]: link for link in read_links(links)}
    assert (after["SiberianIntervention"].status, after["SiberianIntervention"].method) == (
        "confirmed", "reconciled")
    assert after["SiberianIntervention"].evidence.endswith("| accepted by a reviewer")
    assert "BalticStates" not in after
    assert after["JapaneseInterventionInSiberia"].status == "pending"
    assert after["AlliedIntervention"].status == "auto"

    # run again: the accepted item now belongs to the Siberian intervention
    again = run("--dry-run", "--format", "json", "--links", str(links))
    rows = by_entity(again.output)
    assert rows["kgr:JapaneseInterventionInSiberia"]["reason"] == (
        "wd:Q658598 is already linked to kgr:SiberianIntervention")
    assert "kgr:SiberianIntervention" not in rows


def test_review_and_accept_json(env, tmp_path):
    links = tmp_path / "kg-links.ttl"
    assert run("--links", str(links)).exit_code == 0
    review = run("--review", "--format", "json", "--links", str(links))
    table = json.loads(review.output)
    for row in table:
        row["decision"] = "accept" if row["entity"] == "kgr:BalticStates" else ""
    reviewed = tmp_path / "review.json"
    reviewed.write_text(json.dumps(table), encoding="utf-8")
    assert run("--accept", str(reviewed), "--links", str(links)).exit_code == 0
    after = {link.entity.rsplit("/", 1)[1]: link for link in read_links(links)}
    assert (after["BalticStates"].qid, after["BalticStates"].status) == ("Q39731", "confirmed")


def test_accept_refuses_to_replace_a_curated_link(env, tmp_path):
    reviewed = tmp_path / "review.csv"
    reviewed.write_text("entity,qid,decision\nkgr:Vladivostok,Q99900002,accept\n",
                        encoding="utf-8")
    result = CliRunner().invoke(cli, ["link", "--accept", str(reviewed), "--links",
                                      str(tmp_path / "l.ttl")])
    assert result.exit_code == 3
    assert result.stderr == (f"kg: {reviewed}:2: kgr:Vladivostok has the curated link wd:Q959; "
                             "kg link never replaces a curated link (edit kg/data/links.ttl "
                             "instead)\n")
    assert not (tmp_path / "l.ttl").exists()


def test_accept_rejects_a_bad_decision_and_a_bad_qid(env, tmp_path):
    for line, message in (("kgr:Russia,Q159,maybe", "decision 'maybe' is neither accept nor "
                                                    "reject"),
                          ("kgr:Russia,159,accept", "'159' is not a Wikidata item ID such as "
                                                    "Q959")):
        reviewed = tmp_path / "review.csv"
        reviewed.write_text(f"entity,qid,decision\n{line}\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["link", "--accept", str(reviewed)])
        assert result.exit_code == 3
        assert result.stderr == f"kg: {reviewed}:2: {message}\n"


# ---- kg link --check ---------------------------------------------------------------------------

def test_check_the_shipped_links(env, tmp_path):
    result = run("--check", "--links", str(tmp_path / "none.ttl"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "20 links checked, 0 broken"


def test_check_finds_redirects_deleted_items_and_wrong_types(env):
    result = run("--check", "--links", str(BROKEN), "--format", "json")
    assert result.exit_code == 1
    broken = {(r["entity"], r["qid"]): r["problems"] for r in json.loads(result.output)
              if not r["ok"]}
    assert broken == {
        ("kgr:Arkhangelsk", "Q1875"): [
            "type no longer fits: P31 wd:Q82794; expected one of Q486972 human settlement, "
            "Q515 city"],
        ("kgr:Caucasus", "Q99900099"): ["wd:Q99900099 does not exist (deleted?)"],
        ("kgr:Greece", "Q4341"): [
            "label no longer fits: 'Primorsky Krai' is not 'Greece'",
            "type no longer fits: P31 wd:Q82794; expected one of Q3024240 historical country, "
            "Q3624078 sovereign state, Q6256 country, Q7275 state"],
        ("kgr:Vladivostok", "Q99900010"): ["wd:Q99900010 is a redirect to wd:Q959"],
    }


def test_check_text_marks_broken_links(env):
    result = run("--check", "--links", str(BROKEN))
    assert result.exit_code == 1
    assert "BROKEN  kgr:Vladivostok                wd:Q99900010  wd:Q99900010 is a redirect " \
           "to wd:Q959" in result.output
    assert result.output.splitlines()[-1] == "24 links checked, 4 broken"


# ---- errors ------------------------------------------------------------------------------------

def test_unreachable_endpoint_is_exit_3_and_one_line(tmp_path, monkeypatch):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = CliRunner().invoke(cli, ["link", "--dry-run", "--wikidata-endpoint", url])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: cannot reach {url}: ")
    assert result.stderr.endswith("(are you offline?)\n")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("args", [["--check", "--review"], ["--review", "--all"],
                                  ["--accept", "x.csv", "--check"]])
def test_modes_do_not_combine(args):
    result = CliRunner().invoke(cli, ["link", *args])
    assert result.exit_code == 2
    assert "cannot be used together" in result.stderr or "only apply" in result.stderr


def test_review_only_writes_csv_or_json(tmp_path):
    result = CliRunner().invoke(cli, ["link", "--review", "--format", "text",
                                      "--links", str(tmp_path / "l.ttl")])
    assert result.exit_code == 2
    assert result.stderr == "kg: --review writes csv or json (--format csv|json).\n"


def test_installed_kg_link_dry_run_csv(env, run_kg, tmp_path):
    done = run_kg("link", "--dry-run", "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert {"entity": "kgr:OctoberRevolution", "status": "auto", "qid": "Q42976"}.items() <= \
        next(r for r in rows if r["entity"] == "kgr:OctoberRevolution").items()
    assert not Path(tmp_path, "kg-links.ttl").exists()


def test_accept_replaces_your_own_earlier_link_for_that_entity(env, tmp_path):
    links = tmp_path / "kg-links.ttl"
    assert run("--links", str(links)).exit_code == 0
    reviewed = tmp_path / "review.csv"
    reviewed.write_text("entity,qid,decision\nkgr:OctoberRevolution,Q8729,accept\n",
                        encoding="utf-8")
    assert run("--accept", str(reviewed), "--links", str(links)).exit_code == 0
    mine = [link for link in read_links(links) if link.entity.endswith("/OctoberRevolution")]
    assert [(link.qid, link.status) for link in mine] == [("Q8729", "confirmed")]


def test_accepting_a_second_entity_onto_one_item_warns(env, tmp_path):
    """Two things of the graph cannot be one Wikidata item: --accept and --check say so."""
    links = tmp_path / "l.ttl"
    reviewed = tmp_path / "review.csv"
    reviewed.write_text("entity,qid,decision\nkgr:Russia,Q959,accept\n", encoding="utf-8")
    result = run("--accept", str(reviewed), "--links", str(links))
    assert result.exit_code == 0, result.output
    warning = ("kg: warning: wd:Q959 is linked as the same thing (skos:exactMatch) to 2 entities: "
               "kgr:Russia, kgr:Vladivostok; two different entities should not be one Wikidata "
               "item\n")
    assert result.stderr == warning
    check = run("--check", "--links", str(links))
    assert warning in check.stderr
