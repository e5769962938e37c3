"""Names in the infobox: titles before commanders, two belligerents run together, coordinates."""

from __future__ import annotations

from kg.ingest.extract import ingest_bytes

BOX = """Battle of Test Ridge

Part of the Test War
Date4 May 1810
LocationTest Ridge, Examplia
50.912°N 0.487°E
ResultExamplian victory
Belligerents
{belligerents}
Commanders and leaders
{commanders}
Strength
12,000
9,000
Casualties and losses
Examplia: 400 killed
Counterland: 900 killed
"""


def ingest(belligerents: str, commanders: str = "Jane Doe\\nJohn Roe"):
    text = BOX.format(belligerents=belligerents, commanders=commanders)
    return ingest_bytes(text.encode(), "test.txt")


def test_ranks_and_honorifics_are_not_part_of_a_name():
    article = ingest("Examplia\nCounterland",
                     "Admiral Hanne Ostrow\nVice-admiral Pell Arndt\nSir Hugh Denton\n"
                     "Prince Aubert of Estray\nGeneral")
    names = [m.name for m in article.commanders]
    # a royal style is how the text names the prince; a lone word is left as it stands
    assert names == ["Hanne Ostrow", "Pell Arndt", "Hugh Denton", "Prince Aubert of Estray",
                     "General"]
    quote = article.commanders[0]
    assert article.text[quote.span[0]:quote.span[1]] == "Hanne Ostrow"


def test_two_names_the_infobox_uses_as_labels_are_cut_apart():
    article = ingest("Kingdom of Examplia Counterland")
    assert [m.name for m in article.belligerents] == ["Kingdom of Examplia", "Counterland"]
    assert all(m.side is None for m in article.belligerents)   # the line says no side


def test_a_name_that_only_ends_with_a_label_stays_whole():
    for line in ("Kingdom of Counterland", "Free City of Examplia", "Greater Examplia"):
        article = ingest(line + "\nSomeone Else")
        assert article.belligerents[0].name == line


def test_coordinates_are_not_a_place():
    article = ingest("Examplia\nCounterland")
    assert [m.name for m in article.places] == ["Test Ridge, Examplia"]
    line = next(n for n, (b, e) in enumerate(article.line_spans)
                if article.text[b:e] == "50.912°N 0.487°E")
    assert article.notes[line][0] == "skipped"
