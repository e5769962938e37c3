"""The query catalog: every bundled query parses, keeps its header's promises on the bundled graph,
and gives the answers a reader of the article can check by hand; headers are strict; parameters
are bound as RDF terms, by substitution locally and by an inserted VALUES block remotely."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg import namespaces as ns
from kg.errors import InputError, QueryError, UsageError
from kg.query.binding import bind, to_term
from kg.query.catalog import Query, catalog, from_text, load_bundled
from kg.query.header import KINDS, PARAM_TYPES, parse_header
from kg.query.run import run_local
from kg.query.text import insert_values, query_form, with_project_prefixes
from kg.resources import source_text
from kg.store.store import Store

KGR = ns.RESOURCE
KG = ns.ONTOLOGY
XSD = "http://www.w3.org/2001/XMLSchema#"
NAMES = sorted(catalog())


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.bundled()


def run(store, name: str, **params: str):
    query = load_bundled(name)
    return run_local(store, query, bind(query, list(params.items())))


def rows(store, name: str, **params: str) -> list[dict]:
    """Rows as dicts of plain Python values (IRIs as CURIE-free full strings, numbers as int)."""
    result = run(store, name, **params)
    out = []
    for row in result.dicts():
        out.append({k: _py(v) for k, v in row.items()})
    return out


def _py(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.datatype.value in (XSD + "integer", XSD + "nonNegativeInteger",
                                   XSD + "positiveInteger"):
            return int(term.value)
        if term.datatype.value == XSD + "boolean":
            return term.value == "true"
        return term.value
    return term.value


# ---------------------------------------------------------------------------------------------
# Every bundled query keeps its header's promises


def test_at_least_fourteen_bundled_queries_with_unique_snake_case_names():
    assert len(NAMES) >= 14
    for name in NAMES:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name), name


@pytest.mark.parametrize("name", NAMES)
def test_bundled_query_header_is_complete(name):
    query = load_bundled(name)
    header = query.header
    assert header is not None
    assert header.title and header.description
    assert header.kind in KINDS
    if header.kind in ("select", "check"):
        assert header.returns.columns, "a select query lists its columns"
        assert header.returns.rows, "and says what one row is"
    if header.kind == "construct":
        assert header.returns.predicates
    for param in header.params:
        assert param.description and param.type in PARAM_TYPES


@pytest.mark.parametrize("name", NAMES)
def test_bundled_query_keeps_its_promises_on_the_bundled_graph(store, name):
    query = load_bundled(name)
    promised = query.header.returns
    result = run_local(store, query, bind(query, []))
    if query.kind in ("select", "check"):
        assert result.form == "select"
        assert result.variables == list(promised.columns)
        assert len(result.rows) >= promised.min_rows
        for column in promised.bound:
            missing = [i for i, value in enumerate(result.column(column)) if value is None]
            assert not missing, f"{column} unbound in rows {missing}"
    elif query.kind == "construct":
        assert result.form == "graph"
        assert len(result.triples) >= promised.min_rows
        used = {t.predicate.value for t in result.triples}
        assert used <= set(promised.predicates), used - set(promised.predicates)
    else:
        assert result.form == "ask"
        assert isinstance(result.boolean, bool)


@pytest.mark.parametrize("name", NAMES)
def test_bundled_query_uses_only_standard_sparql(name):
    """No engine extensions: every function call is a SPARQL 1.1 built-in or an XSD cast."""
    text = load_bundled(name).text
    body = "\n".join(line.split("#", 1)[0] if not line.lstrip().startswith("#") else ""
                     for line in text.splitlines())
    assert "SERVICE" not in body.upper()
    calls = set(re.findall(r"(?<![?$\w:])((?:[A-Za-z]+:)?[A-Za-z_]+)\s*\(",
                           re.sub(r'"[^"]*"', '""', body)))
    builtins = {
        "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS",
        "CEIL", "FLOOR", "ROUND", "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI",
        "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY",
        "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID", "MD5", "SHA1",
        "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT", "sameTerm", "isIRI",
        "isURI", "isBLANK", "isLITERAL", "isNUMERIC", "REGEX", "SUBSTR", "REPLACE", "EXISTS",
        "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "IN", "AS", "BIND",
        "FILTER", "VALUES", "ORDER", "BY", "DESC", "ASC", "NOT",
        "xsd:integer", "xsd:decimal", "xsd:dateTime", "xsd:string", "xsd:boolean", "xsd:double",
        "xsd:float", "xsd:date",
    }
    assert calls <= builtins, calls - builtins


@pytest.mark.parametrize("name", [n for n in NAMES if load_bundled(n).header.params])
def test_every_parameter_can_be_bound_to_its_default_or_a_sample(store, name):
    query = load_bundled(name)
    samples = {"iri": "kgr:AlliedSide", "string": "x", "integer": "1", "decimal": "1.5",
               "boolean": "true", "date": "1918"}
    for param in query.header.params:
        value = param.default or samples[param.type]
        result = run_local(store, query, bind(query, [(param.name, value)]))
        assert result.form in ("select", "ask", "graph")


# ---------------------------------------------------------------------------------------------
# Answers a reader can check against the article


def _source_strength_figures() -> list[tuple[int, int | None]]:
    """The eleven Allied strength figures, read straight from the source text."""
    text = source_text()
    block = text.split("Strength\n", 1)[1].split("Unknown", 1)[0]
    figures = []
    for line in block.splitlines():
        m = re.search(r"([\d,]+)(?:–([\d,]+))?(\+)? troops", line)
        if m:
            low = int(m.group(1).replace(",", ""))
            high = None if m.group(3) else int((m.group(2) or m.group(1)).replace(",", ""))
            figures.append((low, high))
    return figures


def test_strength_totals_do_not_add_unattributed_figures(store):
    """The eleven Allied figures are attributed to no party and may overlap: no sum, a reason."""
    figures = _source_strength_figures()
    assert len(figures) == 11
    (allied,) = [r for r in rows(store, "strength_totals") if r["side"] == KGR + "AlliedSide"]
    assert allied["figures"] == 11
    assert allied["attribution"] == "not attributed" and allied["party"] is None
    assert allied["atLeast"] is allied["atMost"] is allied["partialMaximum"] is None
    assert allied["largestFigure"] == max(low for low, _ in figures) == 70000
    assert allied["note"].startswith("not a total: the source attributes none of these 11 "
                                     "figures to a party and does not say whether they overlap")
    assert allied["openEnded"] == 1 and allied["unknown"] == 0
    (bolshevik,) = [r for r in rows(store, "strength_totals")
                    if r["side"] == KGR + "BolshevikSide"]
    assert bolshevik["unknown"] == 1 and bolshevik["atLeast"] is None
    assert bolshevik["note"].startswith("no number")


def test_strength_totals_still_sum_figures_attributed_to_one_party():
    store = _article_with('kg:listPosition 2 ;\n    kg:unit kg:Troops ;',
                          'kg:listPosition 2 ;\n    kg:party kgr:Greece ;\n    kg:unit kg:Troops ;')
    store.load_bytes(f"""<{KGR}strength-allied-3> <{KG}party> <{KGR}Greece> .""".encode(),
                     "turtle", graph=ns.GRAPH_ARTICLE)
    greece = next(r for r in rows(store, "strength_totals") if r["party"] == KGR + "Greece")
    assert (greece["figures"], greece["atLeast"], greece["atMost"]) == (2, 45600, 45600)
    assert greece["note"] == "sum of the figures the source attributes to this party"


def test_strength_figures_are_never_attributed_to_a_party(store):
    result = rows(store, "strength")
    assert len(result) == 12
    assert all(r["party"] is None for r in result)
    allied = [r for r in result if r["side"] == KGR + "AlliedSide"]
    assert [r["position"] for r in allied] == list(range(1, 12))
    assert allied[0]["form"] == "range" and (allied[0]["minimum"], allied[0]["maximum"]) == (
        50000, 70000)
    assert allied[7]["form"] == "lower bound" and allied[7]["maximum"] is None


def test_casualties_give_each_figure_with_its_quantity_form(store):
    by_figure = {r["figure"]: r for r in rows(store, "casualties")}
    czech = by_figure[KGR + "loss-czechoslovakia-killed"]
    assert (czech["party"], czech["kind"], czech["minimum"], czech["maximum"]) == (
        KGR + "Czechoslovakia", KG + "Killed", 4112, 4112)
    uk = by_figure[KGR + "loss-united-kingdom-killed"]
    assert uk["form"] == "lower bound" and uk["minimum"] == 938 and uk["maximum"] is None
    assert "938+ killed" in uk["quote"]
    unknown = by_figure[KGR + "loss-bolshevik-unknown"]
    assert unknown["form"] == "unknown" and unknown["minimum"] is None
    craft = by_figure[KGR + "loss-bolshevik-landing-craft"]
    assert craft["capturedBy"] == KGR + "Romanians" and craft["unit"] == "landing craft"


def test_casualties_filter_by_kind(store):
    killed = rows(store, "casualties", kind="kg:Killed")
    assert {r["partyLabel"] for r in killed} == {"Czechoslovakia", "United Kingdom",
                                                 "United States", "Greece"}


def test_casualty_totals_respect_lower_bounds_and_flag_unknowns(store):
    totals = {(r["side"], r["kindLabel"]): r for r in rows(store, "casualty_totals")}
    killed = totals[(KGR + "AlliedSide", "killed")]
    assert killed["atLeast"] == 4112 + 938 + 424 + 179
    assert killed["atMost"] is None and killed["openEnded"] == 1
    assert killed["partialMaximum"] == 4112 + 424 + 179
    everything = totals[(KGR + "AlliedSide", "all kinds")]
    assert everything["atLeast"] == 4112 + 938 + 424 + 179 + 173 + 46 + 657
    bolshevik = totals[(KGR + "BolshevikSide", "all kinds")]
    assert bolshevik["unknown"] == 1 and bolshevik["atLeast"] is None
    craft = totals[(KGR + "BolshevikSide", "captured materiel")]
    assert craft["unit"] == "landing craft" and craft["atLeast"] == craft["atMost"] == 1


def test_sides_list_members_with_their_basis(store):
    found = {(r["side"], r["member"], r["basis"]) for r in rows(store, "sides")}
    assert (KGR + "AlliedSide", KGR + "Allies", "participation") in found
    assert (KGR + "BolshevikSide", KGR + "Bolsheviks", "participation") in found
    assert (KGR + "AlliedSide", KGR + "UnitedKingdom", "attributed figure") in found
    assert not any(basis == "stated member" for _, _, basis in found), \
        "the article's belligerent lists are empty"
    only = rows(store, "sides", side="kgr:BolshevikSide")
    assert {r["side"] for r in only} == {KGR + "BolshevikSide"}


def test_timeline_keeps_date_precision_in_order(store):
    result = rows(store, "timeline")
    dates = [r["date"] for r in result]
    assert dates == sorted(dates)
    by = {(r["subject"], r["role"]): r for r in result}
    assert by[(KGR + "AlliedIntervention", "start")]["date"] == "1918-01-12"
    assert by[(KGR + "AlliedIntervention", "start")]["precision"] == "day"
    assert by[(KGR + "EvacuationOfCzechoslovakLegion", "date")]["precision"] == "month"
    assert by[(KGR + "CaucasusIntervention", "start")] == {
        "date": "1917", "precision": "year", "role": "start",
        "subject": KGR + "CaucasusIntervention", "label": "British intervention in the Caucasus",
        "class": "campaign"}
    assert by[(KGR + "AlliedWithdrawal", "ended no later than")]["date"] == "1925"


def test_places_of_landings_and_operations(store):
    result = rows(store, "places")
    pairs = {(r["subject"], r["place"]) for r in result}
    assert (KGR + "LandingAtArkhangelsk", KGR + "Arkhangelsk") in pairs
    assert (KGR + "LandingAtVladivostok", KGR + "Vladivostok") in pairs
    sakhalin = [r for r in result if r["subject"] == KGR + "OccupationOfNorthernSakhalin"]
    assert sakhalin[0]["within"] == KGR + "Sakhalin"
    at_vladivostok = rows(store, "places", place="kgr:Vladivostok")
    assert {r["place"] for r in at_vladivostok} == {KGR + "Vladivostok"}
    assert len(at_vladivostok) == 3


def test_result_and_sub_results(store):
    result = rows(store, "results")
    assert [r["level"] for r in result] == ["headline", "sub-result", "sub-result", "sub-result"]
    assert result[0]["result"] == KGR + "BolshevikVictory"
    assert {r["result"] for r in result[1:]} == {
        KGR + "AlliedPowersWithdrawal", KGR + "DefeatOfWhiteMovement",
        KGR + "AntiBolshevikVictoryInFinlandAndBaltic"}
    assert all(r["partOf"] == KGR + "BolshevikVictory" for r in result[1:])


def test_motivations_change_at_the_armistice(store):
    result = rows(store, "motivations")
    before = {r["motivation"] for r in result if r["when"] == "before"}
    after = {r["motivation"] for r in result if r["when"] == "after"}
    assert before == {KGR + "MotivationSecureDepots", KGR + "MotivationRescueTrappedForces"}
    assert after == {KGR + "MotivationHelpWhites"}
    assert {r["eventDate"] for r in result} == {"1918-11-11"}


def test_hampering_factors_are_the_three_the_sentence_names(store):
    """Mutiny is what the reluctance "sometimes led to", flagged [according to who]: no factor."""
    result = rows(store, "hampering_factors")
    assert [r["factor"] for r in result] == [
        KGR + "FactorDividedObjectives", KGR + "FactorWarWeariness",
        KGR + "FactorTroopDiscontent"]
    assert [r["disputed"] for r in result] == [False, False, False]
    assert [r["ledToDisputed"] for r in result] == [False, False, True]
    assert ("Mutiny among troops and sailors reluctant to fight [according to who]"
            in result[2]["ledTo"])
    disputed = {r["subject"] for r in rows(store, "disputed_claims")}
    assert disputed == {KGR + "Mutinies"}
    assert not store.ask(f"ASK {{ ?f a <{KG}HamperingFactor> ; <{KG}concerns> <{KGR}Mutinies> }}")


def test_is_disputed_asks_about_one_claim(store):
    assert run(store, "is_disputed").boolean is True
    assert run(store, "is_disputed", claim="kgr:FactorWarWeariness").boolean is False


def test_unknowns_gather_what_the_article_does_not_say(store):
    found = {(r["gap"], r["subject"]) for r in rows(store, "unknowns")}
    assert ("number unknown", KGR + "loss-bolshevik-unknown") in found
    assert ("number unknown", KGR + "strength-bolshevik-1") in found
    assert ("no upper bound", KGR + "loss-united-kingdom-killed") in found
    assert ("no upper bound", KGR + "strength-allied-8") in found
    assert ("no members listed", KGR + "AlliedSide") in found
    assert ("no members listed", KGR + "BolshevikSide") in found
    assert ("no commanders", KGR + "AlliedIntervention") in found
    assert ("no date", KGR + "TreatyOfBrestLitovsk") in found
    assert ("no start date", KGR + "JapaneseInterventionInSiberia") in found
    unattributed = {s for gap, s in found if gap == "party not attributed"}
    assert {KGR + f"strength-allied-{i}" for i in range(1, 12)} <= unattributed
    assert KGR + "loss-greece-killed" not in unattributed


def test_source_text_quotes_and_checks_every_span(store):
    result = [r for r in rows(store, "source_text") if r["via"] is None]
    assert [r["quote"] for r in result] == [
        "a rising discontent among some troops and sailors who were reluctant to fight the "
        "world's first socialist state", "this reluctance sometimes led to mutiny.",
        "[according to who]"]
    assert result[2]["sentence"].endswith("led to mutiny.[according to who]")
    text = source_text()
    uk = rows(store, "source_text", entity="kgr:loss-united-kingdom-killed")
    assert uk[0]["quote"] == text[uk[0]["begin"]:uk[0]["end"]] == "United Kingdom:\n    938+ killed"
    for entity in ("kgr:UnitedKingdom", "kgr:NorthRussiaIntervention", "kgr:MotivationHelpWhites",
                   "kgr:strength-allied-1", "kgr:Vladivostok"):
        found = rows(store, "source_text", entity=entity)
        assert found, entity
        for r in found:
            assert r["verified"] is True
            assert r["quote"] == text[r["begin"]:r["end"]]
            assert r["quote"] in r["sentence"]
    landing = rows(store, "source_text", entity="kgr:NorthRussiaIntervention")
    assert {r["via"] for r in landing} >= {None, KGR + "LandingAtArkhangelsk",
                                           KGR + "WesternAlliedWithdrawal"}
    sentence = next(r["sentence"] for r in landing if r["via"] == KGR + "WesternAlliedWithdrawal")
    assert sentence.startswith("These factors, together with") and sentence.endswith("1925.")


def test_unlinked_entities_come_from_the_links_graph(store):
    result = {r["entity"]: r for r in rows(store, "unlinked_entities")}
    assert KGR + "AlliedIntervention" in result, "Q2001082 is not confirmed, so not linked"
    assert KGR + "Greece" not in result and KGR + "Arkhangelsk" not in result
    assert result[KGR + "FormerRussianEmpire"]["closeMatch"] == ns.WD + "Q34266"
    assert result[KGR + "CzechoslovakLegion"]["kind"] == "party"


def test_contradictions_find_the_caucasus_and_north_russia(store):
    query = load_bundled("contradictions")
    assert query.kind == "check"
    found = {(r["issue"], r["subject"], r["other"]) for r in rows(store, "contradictions")}
    assert found == {
        ("part starts before its whole", KGR + "CaucasusIntervention",
         KGR + "AlliedIntervention"),
        ("ended after its end", KGR + "NorthRussiaIntervention",
         KGR + "WesternAlliedWithdrawal"),
    }


def _article_with(old: str, new: str) -> Store:
    from kg.resources import data_dir

    text = (data_dir() / "article.ttl").read_text(encoding="utf-8")
    assert old in text
    store = Store()
    store.load_bytes(text.replace(old, new).encode(), "turtle", graph=ns.GRAPH_ARTICLE)
    from kg.resources import ontology_files

    for path in ontology_files():
        store.load_file(path, graph=ns.GRAPH_ONTOLOGY)
    return store


@pytest.mark.parametrize(("start", "end", "duration", "flagged"), [
    ("1918-01-12", "1925-05-20", "P7Y4M8D", False),
    ("1918-01-12", "1925-05-20", "P7Y4M9D", True),
    ("1918-01-12", "1925-05-20", "P7Y5M8D", True),
    ("1918-01-20", "1925-05-12", "P7Y3M22D", False),   # borrows the 30 days of April 1925
    ("1918-01-20", "1925-05-12", "P7Y4M8D", True),
    ("1920-03-30", "1924-03-01", "P3Y11M", False),     # borrows the 29 days of February 1924
])
def test_contradictions_check_the_stated_duration(start, end, duration, flagged):
    store = _article_with('kg:startDate "1918-01-12"^^xsd:date ;\n    kg:endDate "1925-05-20"^^'
                          'xsd:date ;\n    kg:statedDuration "P7Y4M8D"^^xsd:duration',
                          f'kg:startDate "{start}"^^xsd:date ;\n    kg:endDate "{end}"^^xsd:date ;'
                          f'\n    kg:statedDuration "{duration}"^^xsd:duration')
    issues = {r["issue"] for r in rows(store, "contradictions")}
    assert ("stated duration does not match the dates" in issues) is flagged


def _dated(turtle: str) -> Store:
    store = Store()
    prefixes = ("@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n"
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                "@prefix : <http://example.org/> .\n")
    store.load_bytes((prefixes + turtle).encode(), "turtle", graph=ns.GRAPH_ARTICLE)
    return store


@pytest.mark.parametrize(("part", "whole", "flagged"), [
    ('"-0334"^^xsd:gYear', '"-0335"^^xsd:gYear', False),      # 334 BC is after 335 BC
    ('"-0336"^^xsd:gYear', '"-0335"^^xsd:gYear', True),
    ('"-0335-05"^^xsd:gYearMonth', '"-0335"^^xsd:gYear', False),
    ('"-0335-05-02"^^xsd:date', '"-0335-05"^^xsd:gYearMonth', False),
    ('"-0335-04-30"^^xsd:date', '"-0335-05"^^xsd:gYearMonth', True),
    ('"0099"^^xsd:gYear', '"-0100"^^xsd:gYear', False),  # AD after BC; text order differs
])
def test_contradictions_compare_bc_dates_in_time_order(part, whole, flagged):
    store = _dated(f":part kg:partOf :whole ; kg:startDate {part} .\n"
                   f":whole kg:startDate {whole} .\n")
    issues = {r["issue"] for r in rows(store, "contradictions")}
    assert ("part starts before its whole" in issues) is flagged


def test_contradictions_give_one_row_per_problem_however_many_labels():
    store = _dated(':part kg:partOf :whole ; kg:startDate "1917"^^xsd:gYear ;\n'
                   '  rdfs:label "the part"@en, "la partie"@fr, "die Teil"@de .\n'
                   ':whole kg:startDate "1918-01-12"^^xsd:date ; rdfs:label "w"@en, "t"@fr .\n')
    found = rows(store, "contradictions")
    assert len(found) == 1
    assert found[0]["subjectLabel"] in {"the part", "la partie", "die Teil"}


def test_construct_to_schema_org(store):
    triples = {(t.subject.value, t.predicate.value, str(t.object))
               for t in run(store, "to_schema_org").triples}
    schema = "https://schema.org/"
    assert (KGR + "AlliedIntervention", ns.PREFIXES["rdf"] + "type", f"<{schema}Event>") in triples
    assert (KGR + "CaucasusIntervention", schema + "startDate",
            f'"1917"^^<{XSD}gYear>') in triples
    assert (KGR + "Arkhangelsk", schema + "sameAs", f"<{ns.WD}Q1851>") in triples
    assert (KGR + "NorthernSakhalin", schema + "containedInPlace", f"<{KGR}Sakhalin>") in triples


def test_construct_to_wikidata_statements(store):
    triples = {(t.subject.value, t.predicate.value, str(t.object))
               for t in run(store, "to_wikidata").triples}
    wdt = ns.WDT
    assert (KGR + "AlliedIntervention", wdt + "P361", f"<{ns.WD}Q79911>") in triples
    assert (KGR + "AlliedIntervention", wdt + "P580",
            f'"1918-01-12T00:00:00Z"^^<{XSD}dateTime>') in triples
    assert (KGR + "AlliedIntervention", wdt + "P31", f"<{ns.WD}Q5919191>") in triples
    assert (ns.WD + "Q253224", wdt + "P585", f'"1918-11-11T00:00:00Z"^^<{XSD}dateTime>') in triples
    assert (ns.WD + "Q122371", wdt + "P710", f"<{ns.WD}Q83372>") in triples


# ---------------------------------------------------------------------------------------------
# Headers are strict: every mistake is an error naming file:line


GOOD = """#+ title: T
#+ description: D that goes
#+   on: and on
#+ kind: select
#+ params:
#+   who:
#+     type: iri
#+     default: kgr:Greece
#+     description: Whom.
#+   when:
#+     type: date
#+     optional: true
#+     description: When.
#+ returns:
#+   rows: one per thing
#+   columns: [who, when]
#+   bound: [who]
#+   min-rows: 1
SELECT ?who ?when WHERE { ?who ?p ?when }
"""


def test_header_parses_all_fields():
    header = parse_header(GOOD, "t.rq")
    assert header.title == "T" and header.description == "D that goes on: and on"
    assert [(p.name, p.type, p.default, p.optional) for p in header.params] == [
        ("who", "iri", "kgr:Greece", False), ("when", "date", None, True)]
    assert header.returns.columns == ("who", "when") and header.returns.min_rows == 1


@pytest.mark.parametrize(("change", "line", "message"), [
    (("#+ kind: select", "#+ kind: selecct"), 4, "kind must be one of"),
    (("#+ kind: select", "#+ kind: ask"), 4, "the query is a SELECT query"),
    (("#+ title: T\n", ""), 1, "no 'title:' line"),
    (("#+ returns:", "#+ colour: red\n#+ returns:"), 14, "unknown header field 'colour'"),
    (("type: iri", "type: url"), 7, "type must be one of"),
    (("#+     description: Whom.\n", ""), 6, "has no description"),
    (("default: kgr:Greece", "default: nope:Greece"), 8, "unknown prefix 'nope'"),
    (("#+     optional: true", "#+     optional: yes"), 12, "optional must be true or false"),
    (("bound: [who]", "bound: [where]"), 17, "every bound column must be listed"),
    (("columns: [who, when]", "columns: [who, when"), 16, "unterminated list"),
    (("min-rows: 1", "min-rows: many"), 18, "min-rows must be"),
    (("#+ returns:", "#+\treturns:"), 14, "a space after '#+'"),
    (("?when }\n", "?when }\n#+ late: 1\n"), 20, "must come before the query"),
    (("  who:", "  who-is:"), 6, "not a SPARQL variable name"),
])
def test_header_errors_name_the_line(change, line, message):
    text = GOOD.replace(*change, 1)
    with pytest.raises(InputError) as info:
        parse_header(text, "bad.rq")
    assert info.value.source == "bad.rq" and info.value.line == line, str(info.value)
    assert message in info.value.reason
    assert str(info.value).startswith(f"bad.rq:{line}: ")


def test_select_without_returns_is_an_error():
    with pytest.raises(InputError, match="select query must list its columns"):
        parse_header("#+ title: T\n#+ description: D\n#+ kind: select\nSELECT * {}", "x.rq")


def test_query_without_header_has_none():
    assert parse_header("# just a comment\nSELECT * WHERE { ?s ?p ?o }") is None
    assert from_text("ASK {}").kind == "ask"


def test_unknown_bundled_query_is_a_usage_error():
    with pytest.raises(UsageError, match=r"Unknown query 'casualty'.*Did you mean"):
        load_bundled("casualty")


# ---------------------------------------------------------------------------------------------
# Parameters: typed terms, never text


def test_parameter_types_become_typed_terms():
    assert to_term("kgr:Greece", "iri") == ox.NamedNode(KGR + "Greece")
    assert to_term("<http://example.org/a>", "iri") == ox.NamedNode("http://example.org/a")
    assert to_term("urn:isbn:1", "iri") == ox.NamedNode("urn:isbn:1")
    assert to_term("42", "integer") == ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))
    assert to_term("1918", "date").datatype.value == XSD + "gYear"
    assert to_term("1918-11-11", "date").datatype.value == XSD + "date"
    for value, type_ in [("kgrr:Greece", "iri"), ("http://a b", "iri"), ("4x", "integer"),
                         ("1918-13", "date"), ("1918-02-30", "date"), ("yes", "boolean"),
                         ("Greece", "iri")]:
        with pytest.raises(UsageError):
            to_term(value, type_)


def test_missing_and_unknown_parameters_explain_the_header():
    query = load_bundled("source_text")
    with pytest.raises(UsageError) as info:
        bind(query, [("entiti", "kgr:Greece")])
    assert "has no parameter 'entiti'" in str(info.value)
    assert "-p entity IRI" in str(info.value) and "default kgr:Mutinies" in str(info.value)
    required = from_text("#+ title: T\n#+ description: D\n#+ kind: ask\n#+ params:\n#+   x:\n"
                         "#+     type: string\n#+     description: The x.\nASK { ?x ?p ?o }")
    with pytest.raises(UsageError, match=r"needs the parameter 'x'.*-p x STRING"):
        bind(required, [])


def test_a_value_with_sparql_syntax_stays_a_literal(store):
    evil = '" } ; DROP ALL ; SELECT * { ?s ?p "'
    query = from_text("SELECT ?s ?label WHERE { ?s rdfs:label ?label }")
    result = run_local(store, query, bind(query, [("label", evil)]))
    assert result.rows == []
    assert len(store) > 1000, "nothing was dropped"
    text = insert_values(query.text, {"label": ox.Literal(evil)})
    assert text.count("VALUES") == 1
    assert run_local(store, from_text(text)).rows == []
    query = from_text("SELECT ?s ?label WHERE { ?s rdfs:label ?label }")
    found = run_local(store, query, bind(query, [("label", "Greece")]))
    assert [row[0].value for row in found.rows] == []  # labels are @en: a plain string differs


def test_insert_values_finds_the_where_clause():
    b = {"x": ox.NamedNode("http://e/x")}
    v = "VALUES (?x) { (<http://e/x>) }"
    cases = [
        ("SELECT ?x WHERE { ?x ?p ?o }", f"SELECT ?x WHERE {{ {v}  ?x ?p ?o }}"),
        ("SELECT (EXISTS { ?a ?b ?c } AS ?e) ?x { ?x ?p '{' }",
         f"SELECT (EXISTS {{ ?a ?b ?c }} AS ?e) ?x {{ {v}  ?x ?p '{{' }}"),
        ("# { not here\nASK { ?x ?p \"}\" }", f"# {{ not here\nASK {{ {v}  ?x ?p \"}}\" }}"),
        ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }",
         f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ {v}  ?x ?p ?o }}"),
        ("CONSTRUCT WHERE { ?x ?p ?o }", f"CONSTRUCT WHERE {{ ?x ?p ?o }}\n{v}\n"),
        ("SELECT * WHERE { SELECT ?x WHERE { ?x ?p ?o } }",
         f"SELECT * WHERE {{ {v} {{ SELECT ?x WHERE {{ ?x ?p ?o }} }} }}"),
        ("SELECT * FROM <http://g/a#b> # {\n{ ?x ?p ?o }",
         f"SELECT * FROM <http://g/a#b> # {{\n{{ {v}  ?x ?p ?o }}"),
    ]
    for before, after in cases:
        assert insert_values(before, b) == after
        ox.Store().query(after)  # still valid SPARQL


@pytest.mark.parametrize("name", [n for n in NAMES if load_bundled(n).header.params])
def test_values_block_gives_the_same_answer_as_substitution(store, name):
    """What an endpoint receives (VALUES in the WHERE clause) answers like local substitution."""
    query = load_bundled(name)
    for param in query.header.params:
        value = param.default or "kgr:AlliedSide"
        bindings = bind(query, [(param.name, value)])
        local = run_local(store, query, bindings)
        text, _ = with_project_prefixes(query.text)
        remote_style = run_local(store, Query(insert_values(text, bindings)))
        if local.form == "select":
            assert sorted(map(str, local.rows)) == sorted(map(str, remote_style.rows))
        elif local.form == "ask":
            assert local.boolean == remote_style.boolean
        else:
            assert set(local.triples) == set(remote_style.triples)


def test_query_form_ignores_comments_and_strings():
    assert query_form("# CONSTRUCT\nPREFIX a: <http://a/>\nSELECT ?s { ?s ?p 'ASK' }") == "select"
    assert query_form("describe <http://a>") == "describe"


def test_syntax_errors_name_query_line_and_column(store):
    with pytest.raises(QueryError) as info:
        run_local(store, from_text("SELECT ?s\nWHERE { ?s ?p }", source="query"))
    assert info.value.source == "query" and info.value.line == 2, str(info.value)
    assert re.match(r"query:2:\d+: ", str(info.value))
