"""Figures and dates as a historian reads them: table-driven, one row per form the source uses."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.serve.humanize import KG, XSD, date_text, figure_text, literal_text

NAMES = {KG + "Troops": "troops", KG + "People": "people", KG + "Killed": "killed",
         KG + "LandingCraft": "landing craft", KG + "CapturedMateriel": "captured materiel"}


def node(local):
    return ox.NamedNode(KG + local)


@pytest.mark.parametrize("props,expected", [
    ({"quantityForm": [node("Exact")], "value": [ox.Literal("424", datatype=ox.NamedNode(
        XSD + "integer"))], "unit": [node("People")], "lossKind": [node("Killed")]},
     "424 killed"),
    ({"quantityForm": [node("Range")], "lowerBound": [ox.Literal("50000")],
      "upperBound": [ox.Literal("70000")], "unit": [node("Troops")]}, "50,000–70,000 troops"),
    ({"quantityForm": [node("LowerBound")], "lowerBound": [ox.Literal("938")],
      "unit": [node("People")], "lossKind": [node("Killed")]}, "at least 938 killed"),
    ({"quantityForm": [node("LowerBound")], "lowerBound": [ox.Literal("4700")],
      "unit": [node("Troops")]}, "at least 4,700 troops"),
    ({"quantityForm": [node("UnknownQuantity")], "unit": [node("Troops")]}, "troops: unknown"),
    ({"quantityForm": [node("UnknownQuantity")]}, "unknown"),
    ({"quantityForm": [node("Exact")], "value": [ox.Literal("1")],
      "unit": [node("LandingCraft")], "lossKind": [node("CapturedMateriel")]},
     "1 landing craft (captured materiel)"),
    ({"quantityForm": [node("Exact")], "unit": [node("Troops")]}, "troops: unknown"),
    ({"value": [ox.Literal("3")]}, None),  # not a figure node
])
def test_figure_text(props, expected):
    assert figure_text({KG + k: v for k, v in props.items()}, NAMES) == expected


@pytest.mark.parametrize("lexical,datatype,expected", [
    ("1918-01-12", "date", "12 January 1918"),
    ("1925-05-20", "date", "20 May 1925"),
    ("1920-09", "gYearMonth", "September 1920"),
    ("1919", "gYear", "1919"),
    ("0999", "gYear", "999"),
    ("1918-13", "gYearMonth", None),
    ("not a date", "date", None),
    ("1918", "string", None),
])
def test_date_text(lexical, datatype, expected):
    assert date_text(lexical, XSD + datatype) == expected


@pytest.mark.parametrize("literal,expected", [
    (ox.Literal("1918", datatype=ox.NamedNode(XSD + "gYear")), "1918"),
    (ox.Literal("59150", datatype=ox.NamedNode(XSD + "integer")), "59,150"),
    (ox.Literal("P7Y4M8D", datatype=ox.NamedNode(XSD + "duration")), "P7Y4M8D"),
    (ox.Literal("<b>bold</b>"), "<b>bold</b>"),  # text stays text; the template escapes it
])
def test_literal_text(literal, expected):
    assert literal_text(literal) == expected
