"""The stated-duration check (kg.validate.checks): XSD date + duration arithmetic, both ways."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import rdflib

from kg import namespaces as ns
from kg.validate.checks import STATED_DURATION_SHAPE, Duration, add_duration, check_stated_durations

KG = rdflib.Namespace(ns.ONTOLOGY)
KGR = rdflib.Namespace(ns.RESOURCE)
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")


@pytest.mark.parametrize(("text", "months", "seconds"), [
    ("P7Y4M8D", 88, 8 * 86400),
    ("P1Y", 12, 0),
    ("P0D", 0, 0),
    ("PT36H", 0, 36 * 3600),
    ("P1DT0.5S", 0, Decimal("86400.5")),
    ("-P2M3D", -2, -3 * 86400),
])
def test_duration_parse(text, months, seconds):
    assert Duration.parse(text) == Duration(months, Decimal(seconds))


@pytest.mark.parametrize("text", ["P", "PT", "P1W", "7 years", "P1Y2", "1Y", "P1DT", ""])
def test_duration_parse_rejects_what_is_not_xsd_duration(text):
    with pytest.raises(ValueError, match="not an xsd:duration"):
        Duration.parse(text)


@pytest.mark.parametrize(("start", "duration", "end"), [
    # the infobox: 12 January 1918 – 20 May 1925 "(7 years, 4 months, 1 week and 1 day)"
    (date(1918, 1, 12), "P7Y4M8D", date(1925, 5, 20)),
    (date(1918, 1, 31), "P1M", date(1918, 2, 28)),       # pinned to the end of February
    (date(1920, 1, 31), "P1M1D", date(1920, 3, 1)),      # leap year: 29 Feb + 1 day
    (date(1918, 12, 31), "P1D", date(1919, 1, 1)),
    (date(1925, 5, 20), "-P7Y4M8D", date(1918, 1, 12)),
    (date(1918, 1, 12), "PT48H", date(1918, 1, 14)),
])
def test_add_duration(start, duration, end):
    assert add_duration(start, Duration.parse(duration)) == end


def test_add_duration_that_is_not_whole_days_gives_none():
    assert add_duration(date(1918, 1, 12), Duration.parse("PT1H")) is None


def _graph(start: str, end: str, duration: str, start_type=XSD.date, end_type=XSD.date):
    graph = rdflib.Graph()
    node = KGR.AlliedIntervention
    graph.add((node, KG.startDate, rdflib.Literal(start, datatype=start_type)))
    graph.add((node, KG.endDate, rdflib.Literal(end, datatype=end_type)))
    graph.add((node, KG.statedDuration, rdflib.Literal(duration, datatype=XSD.duration)))
    return graph


def test_matching_duration_passes():
    assert check_stated_durations(_graph("1918-01-12", "1925-05-20", "P7Y4M8D")) == []


def test_wrong_duration_is_a_violation_with_the_computed_end():
    [result] = check_stated_durations(_graph("1918-01-12", "1925-05-20", "P7Y4M1D"))
    assert result.severity == "Violation"
    assert result.focus_node == KGR.AlliedIntervention
    assert result.result_path == KG.statedDuration
    assert result.value == rdflib.Literal("P7Y4M1D", datatype=XSD.duration)
    assert str(result.source_shape) == STATED_DURATION_SHAPE
    assert result.message == (
        "The stated duration P7Y4M1D (7 years, 4 months and 1 day) does not fit the dates: "
        "1918-01-12 plus that duration is 1925-05-13, but the end date is 1925-05-20.")


def test_wrong_end_date_is_a_violation():
    [result] = check_stated_durations(_graph("1918-01-12", "1925-05-21", "P7Y4M8D"))
    assert "but the end date is 1925-05-21" in result.message


def test_dates_of_other_precisions_are_not_checked():
    graph = _graph("1918", "1925", "P1D", start_type=XSD.gYear, end_type=XSD.gYear)
    assert check_stated_durations(graph) == []


def test_ill_typed_duration_is_left_to_the_shapes():
    assert check_stated_durations(_graph("1918-01-12", "1925-05-20", "seven years")) == []


def test_node_without_end_date_is_not_checked():
    graph = _graph("1918-01-12", "1925-05-20", "P1D")
    graph.remove((None, KG.endDate, None))
    assert check_stated_durations(graph) == []
