"""The diff's rules, table-driven: precision, bounds, parties, ranks, references, and the
QuickStatements values they turn into. No server: claims and statements are built by hand."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from kg.wikidata import quickstatements, statements
from kg.wikidata.claims import Claim
from kg.wikidata.diff import compare
from kg.wikidata.statements import Statement

REFERENCED = [{"P854"}]


def time_claim(value: str, precision: int) -> Claim:
    return Claim("Q1", "urn:x", "X", "P580", "time", value, precision=precision)


def figure(form: str, value: str = "", lower=None, upper=None, party: str = "Q30",
           held: str = "") -> Claim:
    return Claim("Q1", "urn:x", "X", "P1120", "quantity", value, form=form,
                 lower=None if lower is None else Decimal(lower),
                 upper=None if upper is None else Decimal(upper), party=party, held=held)


def wd_time(value: str, precision: int, references=REFERENCED, rank="normal") -> Statement:
    return Statement("Q1", "P580", value, precision=precision, references=list(references),
                     rank=rank)


def wd_figure(amount: str, party: str = "Q30", qualifier: str = "P518", lower=None,
              upper=None, references=REFERENCED) -> Statement:
    return Statement("Q1", "P1120", amount, qualifiers={qualifier: {party}} if party else {},
                     lower=None if lower is None else Decimal(lower),
                     upper=None if upper is None else Decimal(upper),
                     references=list(references))


@pytest.mark.parametrize(("claim", "found", "status", "note"), [
    (time_claim("1918", 9), [wd_time("1918-03-06T00:00:00Z", 11)], "agrees",
     "Wikidata is more precise"),
    (time_claim("1918-01-12", 11), [wd_time("+1918-01-01T00:00:00Z", 9)], "agrees",
     "the article is more precise"),
    (time_claim("1920-09", 10), [wd_time("1920-09-01T00:00:00Z", 10)], "agrees", ""),
    (time_claim("1920-09", 10), [wd_time("1920-10-01T00:00:00Z", 10)], "disagrees", ""),
    (time_claim("1919", 9), [wd_time("1920-03-23T00:00:00Z", 11)], "disagrees", ""),
    (time_claim("1919", 9), [], "missing", ""),
    (time_claim("1919", 9), [wd_time("1919-01-01T00:00:00Z", 9, references=[])],
     "unreferenced", ""),
    (time_claim("1919", 9), [wd_time("1919-01-01T00:00:00Z", 9, references=[{"P143"}])],
     "agrees", "referenced only as imported from Wikipedia"),
    (time_claim("1919", 9), [wd_time("1919-01-01T00:00:00Z", 9, rank="deprecated")],
     "disagrees", "Wikidata marks this value deprecated"),
    (figure("exact", "424"), [wd_figure("+424")], "agrees", ""),
    (figure("exact", "424"), [wd_figure("+424", qualifier="P642")], "agrees", ""),
    (figure("exact", "424"), [wd_figure("+400")], "disagrees", ""),
    (figure("exact", "424"), [wd_figure("+424", party="Q142")], "missing", ""),
    (figure("exact", "424"), [wd_figure("+5000", party="")], "missing", ""),
    (figure("range", "60000", 50000, 70000), [wd_figure("60000", lower=50000, upper=70000)],
     "agrees", ""),
    (figure("range", "60000", 50000, 70000), [wd_figure("60000")], "disagrees", ""),
    (figure("lower-bound", lower=938, held="lower bound"), [wd_figure("+1000")], "agrees",
     "consistent with at least 938"),
    (figure("lower-bound", lower=938, held="lower bound"), [wd_figure("+900")], "disagrees",
     ""),
    (figure("lower-bound", lower=938, held="lower bound"), [], "held", ""),
    (figure("exact", "15600", party="", held="no party"), [wd_figure("15600", party="")],
     "held", ""),
])
def test_status(claim, found, status, note):
    [row] = compare([claim], {(claim.item, claim.prop): found})
    assert (row.status, row.note) == (status, note)


def test_a_value_another_figure_of_the_article_explains_is_no_contradiction():
    killed = figure("exact", "179", party="Q41")
    died = figure("exact", "46", party="Q41", held="a second P1120 figure")
    rows = compare([killed, died], {("Q1", "P1120"): [wd_figure("+179", party="Q41")]})
    assert [row.status for row in rows] == ["agrees", "held"]


@pytest.mark.parametrize(("claim", "expected"), [
    (Claim("Q1", "x", "X", "P585", "time", "1920-09", precision=10),
     "Q1\tP585\t+1920-09-00T00:00:00Z/10\tS143\tQ328\tS4656\t\"https://e.org/A\""),
    (Claim("Q1", "x", "X", "P580", "time", "1918", precision=9),
     "Q1\tP580\t+1918-00-00T00:00:00Z/9\tS143\tQ328\tS4656\t\"https://e.org/A\""),
    (figure("exact", "4112", party="Q33946"),
     "Q1\tP1120\t4112\tP518\tQ33946\tS143\tQ328\tS4656\t\"https://e.org/A\""),
    (figure("range", "60000", 50000, 70000, party=""),
     "Q1\tP1120\t60000[50000,70000]\tS143\tQ328\tS4656\t\"https://e.org/A\""),
])
def test_quickstatements_line(claim, expected):
    assert quickstatements.line(claim, "https://e.org/A") == expected


def test_a_held_claim_is_never_written():
    with pytest.raises(ValueError, match="held for review"):
        quickstatements.line(figure("lower-bound", lower=938, held="lower bound"), "u")


def test_statements_are_read_from_wikidata_layout():
    turtle = b"""
@prefix wd: <http://www.wikidata.org/entity/> . @prefix p: <http://www.wikidata.org/prop/> .
@prefix ps: <http://www.wikidata.org/prop/statement/> .
@prefix psv: <http://www.wikidata.org/prop/statement/value/> .
@prefix pq: <http://www.wikidata.org/prop/qualifier/> .
@prefix pr: <http://www.wikidata.org/prop/reference/> .
@prefix wikibase: <http://wikiba.se/ontology#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
wd:Q1 p:P1120 <urn:s1> ; p:P580 <urn:s2> .
<urn:s1> ps:P1120 "+60000"^^xsd:decimal ; psv:P1120 <urn:v1> ; pq:P518 wd:Q30 ;
    wikibase:rank wikibase:PreferredRank ; prov:wasDerivedFrom <urn:r1> .
<urn:v1> wikibase:quantityAmount "+60000"^^xsd:decimal ;
    wikibase:quantityLowerBound "+50000"^^xsd:decimal ;
    wikibase:quantityUpperBound "+70000"^^xsd:decimal .
<urn:r1> pr:P143 wd:Q328 ; pr:P4656 "https://e.org/A" .
<urn:s2> ps:P580 "1918-01-01T00:00:00Z"^^xsd:dateTime ; psv:P580 <urn:v2> ;
    wikibase:rank wikibase:DeprecatedRank .
<urn:v2> wikibase:timePrecision "9"^^xsd:integer .
"""
    quads = [ox.Quad(t.subject, t.predicate, t.object, statements.GRAPH)
             for t in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
    found = statements.snapshot(quads).statements
    [figure_] = found[("Q1", "P1120")]
    assert (figure_.amount, figure_.lower, figure_.upper, figure_.party(), figure_.rank,
            figure_.references) == (Decimal(60000), Decimal(50000), Decimal(70000), {"Q30"},
                                    "preferred", [{"P143", "P4656"}])
    [start] = found[("Q1", "P580")]
    assert (start.value, start.precision, start.rank, start.references) == (
        "1918-01-01T00:00:00Z", 9, "deprecated", [])
