"""The curated links that ship: only `confirmed` rows of wikidata-ids.tsv, and no traps."""

from __future__ import annotations

import csv
from pathlib import Path

from kg import namespaces as ns
from kg.resources import data_dir
from kg.wikidata.links import local_name, read_links

REPO_ROOT = Path(__file__).resolve().parents[2]
# The project's checked list of Wikidata items (a copy of the team's shared wikidata-ids.tsv,
# shipped with the tests so that these checks run in any clone instead of skipping).
TSV = REPO_ROOT / "tests" / "data" / "wikidata" / "wikidata-ids.tsv"
LINKS = data_dir() / "links.ttl"

# Items that public data gets wrong for this article (the TSV's header lists them).
TRAPS = {"Q118514", "Q1875", "Q7797", "Q4341"}

# The lead's choices (entity -> item) where the TSV has more than one row for a name.
EXPECTED = {
    "UnitedKingdom": "Q174193", "Greece": "Q209065", "France": "Q70802",
    "EmpireOfJapan": "Q188712", "UnitedStates": "Q30", "Czechoslovakia": "Q33946",
    "GermanEmpire": "Q43287", "WhiteMovement": "Q104309", "Bolsheviks": "Q83372",
    "Allies": "Q215669", "RussianCivilWar": "Q79911", "WorldWarI": "Q361",
    "ArmisticeOf11November1918": "Q253224", "TreatyOfBrestLitovsk": "Q122371",
    "Arkhangelsk": "Q1851", "Vladivostok": "Q959", "Caucasus": "Q18869", "Finland": "Q33",
    "FormerRussianEmpire": "Q34266", "KingdomOfRomania": "Q203493",
}


def _tsv_status() -> dict[str, str]:
    with TSV.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        return {row["qid"]: row["status"] for row in rows if row["qid"]}


def test_links_file_holds_exactly_the_expected_links():
    links = read_links(LINKS)
    assert {local_name(link.entity): link.qid for link in links} == EXPECTED
    assert all(link.entity.startswith(ns.RESOURCE) for link in links)


def test_every_link_is_curated_confirmed_and_dated():
    for link in read_links(LINKS):
        assert (link.method, link.status) == ("curated", "confirmed"), link
        assert link.evidence and link.generated.startswith("2026-11"), link


def test_former_russian_empire_is_only_a_close_match():
    matches = {local_name(link.entity): link.match for link in read_links(LINKS)}
    assert matches.pop("FormerRussianEmpire") == "closeMatch"
    assert set(matches.values()) == {"exactMatch"}


def test_no_trap_item_anywhere_in_the_links_file():
    text = LINKS.read_text(encoding="utf-8")
    for trap in TRAPS:
        assert f"wd:{trap} " not in text and f"wd:{trap}\n" not in text, trap
    assert not TRAPS & {link.qid for link in read_links(LINKS)}


def test_every_shipped_link_is_confirmed_in_the_tsv():
    status = _tsv_status()
    for link in read_links(LINKS):
        assert status.get(link.qid) == "confirmed", f"{link.qid} is {status.get(link.qid)!r}"


def test_candidates_that_are_not_confirmed_do_not_ship():
    status = _tsv_status()
    unconfirmed = {qid for qid, state in status.items() if state != "confirmed"}
    assert unconfirmed >= {"Q2001082", "Q42976", "Q2468365", "Q658598", "Q39731"}
    assert not unconfirmed & {link.qid for link in read_links(LINKS)}
