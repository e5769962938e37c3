"""Table-driven tests of the value parsers: input string -> expected value, one row each."""

from __future__ import annotations

import pytest

from kg.ingest.dates import parse_date_range
from kg.ingest.figures import loss_kind_and_unit, strength_unit
from kg.ingest.footnotes import trim
from kg.ingest.layout import detect_layout, match_label, split_lines
from kg.ingest.mint import slug
from kg.ingest.quantities import parse_quantity, split_figures
from kg.ingest.text import clean

DATES = [
    ("12 January 1918 – 20 May 1925", ("1918-01-12", "1925-05-20", False)),
    ("15 May 1919 – 14 October 1922", ("1919-05-15", "1922-10-14", False)),
    ("May 15, 1919 – October 14, 1922", ("1919-05-15", "1922-10-14", False)),
    ("March 9, 1841", ("1841-03-09", "1841-03-09", False)),
    ("September 2 – October 30, 1920", ("1920-09-02", "1920-10-30", False)),
    ("July 1–3, 1863", ("1863-07-01", "1863-07-03", False)),
    ("3–5 September 1788", ("1788-09-03", "1788-09-05", False)),
    ("2 April – 14 June 1982", ("1982-04-02", "1982-06-14", False)),
    ("April 1702 – November 1704", ("1702-04", "1704-11", False)),
    ("May–June 1919", ("1919-05", "1919-06", False)),
    ("1918–1919", ("1918", "1919", False)),
    ("1918–19", ("1918", "1919", False)),
    ("1427", ("1427", "1427", False)),
    ("334 BC", ("-0333", "-0333", False)),
    ("May 334 BC", ("-0333-05", "-0333-05", False)),
    ("431–404 BC", ("-0430", "-0403", False)),
    ("January – July 332 BC", ("-0331-01", "-0331-07", False)),
    ("1 BC", ("0000", "0000", False)),
    ("2014 – present", ("2014", None, True)),
    ("May 2021 – present", ("2021-05", None, True)),
    ("14 March 2019 – present", ("2019-03-14", None, True)),
    ("c. June – 14 August 1602", ("1602-06", "1602-08-14", False)),
    ("Summer 1590", ("1590", "1590", False)),          # a season: the year is what is stated
    ("21 – 22 April 1863", ("1863-04-21", "1863-04-22", False)),
]


@pytest.mark.parametrize("text, expected", DATES, ids=[d[0] for d in DATES])
def test_dates_keep_their_precision(text, expected):
    found = parse_date_range(text)
    end = found.end.iso if found.end else None
    assert (found.start.iso, end, found.ongoing) == expected


@pytest.mark.parametrize("text", ["sometime", "31 February 1900", "Result", ""])
def test_what_is_not_a_date(text):
    assert parse_date_range(text) is None


QUANTITIES = [
    ("4,112 killed", ("Exact", 4112, None, None, "killed")),
    ("50,000–70,000 troops", ("Range", None, 50000, 70000, "troops")),
    ("12,000 to 14,000", ("Range", None, 12000, 14000, "")),
    ("between 600 and 800 men", ("Range", None, 600, 800, "men")),
    ("938+ killed", ("LowerBound", None, 938, None, "killed")),
    ("at least 40,000", ("LowerBound", None, 40000, None, "")),
    ("over 600 killed", ("LowerBound", None, 600, None, "killed")),
    ("Over 1,400 civilians killed", ("LowerBound", None, 1400, None, "civilians killed")),
    ("more than 9,000 killed", ("LowerBound", None, 9000, None, "killed")),
    ("less than 6,000 killed", ("UpperBound", None, None, 6000, "killed")),
    ("up to 14,000", ("UpperBound", None, None, 14000, "")),
    ("c. 7,800 men", ("Approximate", 7800, None, None, "men")),
    ("~12,000 soldiers", ("Approximate", 12000, None, None, "soldiers")),
    ("about 300 killed", ("Approximate", 300, None, None, "killed")),
    ("est. 40,000 inhabitants", ("Approximate", 40000, None, None, "inhabitants")),
    ("Unknown", ("UnknownQuantity", None, None, None, "")),
    ("?", ("UnknownQuantity", None, None, None, "")),
    ("? wounded", ("UnknownQuantity", None, None, None, "wounded")),
    ("Heavy", ("Qualitative", None, None, None, "")),
    ("Heavy materiel losses", ("Qualitative", None, None, None, "materiel losses")),
    ("1.2 million", ("Exact", 1200000, None, None, "")),
    ("35,000 (May 1919)", ("Exact", 35000, None, None, "")),
]


@pytest.mark.parametrize("text, expected", QUANTITIES, ids=[q[0] for q in QUANTITIES])
def test_quantities_keep_their_bounds(text, expected):
    q = parse_quantity(text)
    assert (q.form, q.value, q.lower, q.upper, q.words) == expected


@pytest.mark.parametrize("text", ["Allied Powers:", "Siege lifted", ""])
def test_what_is_not_a_figure(text):
    assert parse_quantity(text) is None


LOSS_WORDS = [
    ("killed", ("Killed", "People")), ("wounded", ("Wounded", "People")),
    ("missing", ("Missing", "People")), ("prisoners", ("Captured", "People")),
    ("enslaved", ("Captured", "People")), ("crucified", ("Killed", "People")),
    ("hanged", ("Killed", "People")), ("transported", ("Captured", "People")),
    ("townspeople killed", ("CivilianCasualties", "People")),
    ("dead from wounds or non-combat related causes",
     ("DiedOfWoundsOrNonCombatCauses", "People")),
    ("died of disease", ("DiedOfWoundsOrNonCombatCauses", "People")),
    ("killed, wounded or captured", ("UnspecifiedCasualties", "People")),
    ("civilians killed", ("CivilianCasualties", "People")),
    ("landing craft captured by Romanians", ("CapturedMateriel", "LandingCraft")),
    ("ships sunk", ("MaterielLoss", "Ships")), ("fireships", ("MaterielLoss", "Ships")),
    ("tanks", ("MaterielLoss", "Tanks")), ("aircraft destroyed", ("MaterielLoss", "Aircraft")),
    ("guns captured", ("CapturedMateriel", "Guns")),
    ("materiel losses", ("MaterielLoss", "Materiel")), ("", ("UnspecifiedCasualties", "People")),
]


@pytest.mark.parametrize("words, expected", LOSS_WORDS, ids=[w[0] or "-" for w in LOSS_WORDS])
def test_loss_kinds_and_units(words, expected):
    assert loss_kind_and_unit(words) == expected


@pytest.mark.parametrize("words, unit", [("troops", "Troops"), ("men", "Troops"),
                                         ("infantry", "Infantry"), ("cavalry", "Cavalry"),
                                         ("ships of the line", "Ships"), ("fighters", "Troops"),
                                         ("inhabitants", "People"), ("", "Troops")])
def test_strength_units(words, unit):
    assert strength_unit(words) == unit


@pytest.mark.parametrize("text, quote", [
    ("4,112 killed[1]", "4,112 killed"), ("c. 7,800 men[note 2]", "c. 7,800 men"),
    ("5,800 died of disease**", "5,800 died of disease"), ("Ada Morn [a]", "Ada Morn"),
    ("Spithridates †", "Spithridates"), (":\u00a010,150 men", "10,150 men"),
    ("  •  Greece:", "Greece:"),
])
def test_footnote_marks_and_dropped_flags_stay_out_of_quotes(text, quote):
    b, e = clean(text, 0, len(text))
    assert text[b:e] == quote
    assert trim(quote) == (0, len(quote))


def test_lists_of_figures_split():
    text = "2 destroyers, 2 frigates, 1 landing ship and 1 container ship sunk"
    assert [text[b:e] for b, e in split_figures(text)] == [
        "2 destroyers", "2 frigates", "1 landing ship", "1 container ship sunk"]


@pytest.mark.parametrize("line, key", [
    ("Date12 January 1918 – 20 May 1925", "date"), ("Datec. June 1602", "date"),
    ("LocationFormer Russian Empire", "location"), ("Territorial changesNone", "territorial"),
    ("Casualties and losses", "casualties"), ("Status", "status"), ("Dates of the war", None),
    ("Statesmen", None),
])
def test_labels_run_into_values(line, key):
    found = match_label(line)
    assert (found[0] if found else None) == key


@pytest.mark.parametrize("text, layout", [
    ("Battle of X\n\nThe Battle of X was a battle fought between two armies of the old kingdom "
     "in the year of the comet.\n\nBattle of X\nDate1 May 1900\nResult\nDraw\n", 1),
    ("Battle of X\n\nDate1 May 1900\nResult\nDraw\n", 2),
    ("Battle of X\n\nDate | 1 May 1900 |\nResult | Draw |\nBelligerents |\nA | B |\n", 3),
    ("Ada Lovelace\n\nBorn\n10 December 1815\n", 0),
])
def test_layout_detection(text, layout):
    assert detect_layout(text, split_lines(text)) == layout


@pytest.mark.parametrize("title, expected", [
    ("Allied intervention in the Russian Civil War",
     "allied-intervention-in-the-russian-civil-war"),
    ("Siege of Tyre (332 BC)", "siege-of-tyre-332-bc"),
])
def test_iris_are_minted_from_titles(title, expected):
    assert slug(title) == expected
