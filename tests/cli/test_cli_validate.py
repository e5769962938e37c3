"""``kg validate``: exit codes, exact messages, the three report formats, stdin, --fail-on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg import namespaces as ns
from kg.cli import cli
from kg.store.store import Store

DATA = Path(__file__).resolve().parents[1] / "data" / "validate"
SHAPES = str(DATA / "shapes.ttl")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

# A campaign with a label and a start date but no kg:partOf: one Info result, nothing else.
INFO_ONLY = b"""@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/conflict-kg/id/CaucasusIntervention>
    a <https://w3id.org/conflict-kg/ontology#Campaign> ;
    rdfs:label "British intervention in the Caucasus"@en ;
    <https://w3id.org/conflict-kg/ontology#startDate> "1917"^^xsd:gYear .
"""


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, ["validate", *args], input=input)


# -- exit code 0: conforms -----------------------------------------------------------------------

def test_validate_conforming_file_exits_0():
    result = run(str(DATA / "conforming.ttl"), "--shapes", SHAPES)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Checked 9 triples against 6 shapes.\n"
        "Conforms: yes — 0 violations, 0 warnings, 0 info\n")
    assert result.stderr == ""


def test_validate_bundled_graph_conforms_and_shows_the_articles_contradictions():
    result = run()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("Conforms: yes — 0 violations, ")
    # The article dates the Caucasus intervention (1917) before the whole intervention (1918):
    # a Warning the report must show, with the words of the source.
    block = result.stdout.split("kgr:CaucasusIntervention", 1)[1].split("\n\n", 1)[0]
    assert "  Warning: " in block
    assert "    source: “in the Caucasus (1917–1919)”" in block
    # The infobox duration (P7Y4M8D) fits 1918-01-12 .. 1925-05-20: the extra check is silent.
    assert "StatedDurationCheck" not in result.stdout


def test_validate_warnings_only_exits_0_by_default():
    result = run(str(DATA / "warnings.ttl"), "--shapes", SHAPES)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "kgr:BalticIntervention\n"
        "  Warning: A conflict should have a label.\n"
        "    path: rdfs:label\n"
        "    shape: kgsh:TestConflictShape (sh:MinCountConstraintComponent)\n"
        "  Info: A campaign is usually part of a larger conflict.\n"
        "    path: kg:partOf\n"
        "    shape: kgsh:TestCampaignShape (sh:MinCountConstraintComponent)\n"
        "\n"
        "Checked 2 triples against 6 shapes.\n"
        "Conforms: yes — 0 violations, 1 warning, 1 info\n")


# -- exit code 1: fails at the threshold ---------------------------------------------------------

def test_validate_violation_exits_1_grouped_with_label_and_source_quote():
    result = run(str(DATA / "violation.ttl"), "--shapes", SHAPES)
    assert result.exit_code == 1, result.output
    # kgr:SiberianIntervention is a kg:Campaign; the shape targets kg:Conflict: it applies
    # only because the bundled ontology's rdfs:subClassOf is honoured.
    assert result.stdout == (
        "kgr:SiberianIntervention  “Siberian intervention”\n"
        "  Violation: A conflict needs a start date.\n"
        "    path: kg:startDate\n"
        "    shape: kgsh:TestConflictShape (sh:MinCountConstraintComponent)\n"
        "    source: “the Siberian intervention of 1918–1922” [1860–1896]\n"
        "\n"
        "Checked 8 triples against 6 shapes.\n"
        "Conforms: no — 1 violation, 0 warnings, 0 info\n")
    assert result.stderr == ""


def test_validate_fail_on_warning_turns_warnings_into_exit_1():
    result = run(str(DATA / "warnings.ttl"), "--shapes", SHAPES, "--fail-on", "warning")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[-1] == (
        "Conforms: no — 0 violations, 1 warning, 1 info (--fail-on warning)")


@pytest.mark.parametrize(("fail_on", "code"), [("violation", 0), ("warning", 0), ("info", 1)])
def test_validate_info_only_fails_only_at_fail_on_info(fail_on, code):
    result = run("-", "--input-format", "ttl", "--shapes", SHAPES, "--fail-on", fail_on,
                 input=INFO_ONLY)
    assert result.exit_code == code, result.output
    assert "  Info: A campaign is usually part of a larger conflict.\n" in result.stdout


def test_validate_wrong_stated_duration_is_a_violation():
    result = run(str(DATA / "wrong-duration.ttl"), "--shapes", SHAPES)
    assert result.exit_code == 1, result.output
    assert (
        "  Violation: The stated duration P7Y4M7D (7 years, 4 months and 7 days) does not fit "
        "the dates: 1918-01-12 plus that duration is 1925-05-19, but the end date is "
        "1925-05-20.\n"
        '    path: kg:statedDuration   value: "P7Y4M7D"^^xsd:duration\n'
        "    shape: kgsh:StatedDurationCheck (kgsh:StatedDurationConstraintComponent)\n"
    ) in result.stdout


# -- exit code 2: usage --------------------------------------------------------------------------

def test_validate_stdin_without_input_format_fails():
    result = run("-", "--shapes", SHAPES, input=b"<urn:a> <urn:b> <urn:c> .\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "kg: The --input-format option must be set when reading from stdin.\n"


def test_validate_unknown_fail_on_value_is_a_usage_error():
    result = run("--fail-on", "error")
    assert result.exit_code == 2
    assert "Invalid value for '--fail-on'" in result.stderr


def test_validate_unknown_extension_is_a_usage_error(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n")
    result = run(str(path), "--shapes", SHAPES)
    assert result.exit_code == 2
    assert result.stderr == (
        f"kg: {path}: unknown extension '.txt'; set --input-format "
        "(turtle, n-triples, n-quads, trig, json-ld, xml, n3).\n")


def test_validate_shapes_file_without_known_extension_is_a_usage_error(tmp_path):
    path = tmp_path / "shapes"
    path.write_bytes((DATA / "shapes.ttl").read_bytes())
    result = run(str(DATA / "conforming.ttl"), "--shapes", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"kg: {path}: cannot tell the RDF format of a shapes file from its name; "
        "give it an extension such as .ttl.\n")


def test_validate_unknown_output_format_is_a_usage_error():
    result = run("--format", "csv")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


# -- exit code 3: cannot run ---------------------------------------------------------------------

def test_validate_unparseable_file_prints_file_line_col_and_exits_3():
    path = DATA / "broken.ttl"
    result = run(str(path), "--shapes", SHAPES)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == f"kg: {path}:3:11: Unexpected end of file\n"


def test_validate_unparseable_stdin_names_stdin():
    result = run("-", "--input-format", "nt", "--shapes", SHAPES, input=b"<urn:a> <urn:b> .\n")
    assert result.exit_code == 3
    assert result.stderr.startswith("kg: -:1:")
    assert result.stderr.count("\n") == 1


def test_validate_missing_file_exits_3(tmp_path):
    path = tmp_path / "missing.ttl"
    result = run(str(path), "--shapes", SHAPES)
    assert result.exit_code == 3
    assert result.stderr == f"kg: {path}: No such file or directory\n"


def test_validate_unusable_shapes_exit_3(tmp_path):
    shapes = tmp_path / "bad-shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:S> a sh:NodeShape ; sh:targetNode <urn:a> ;\n"
        '  sh:property [ sh:path <urn:p> ; sh:minCount "many" ] .\n')
    result = run(str(DATA / "conforming.ttl"), "--shapes", str(shapes))
    assert result.exit_code == 3
    assert result.stderr == (
        "kg: the shapes cannot be used: MinCountConstraintComponent sh:minCount must be a "
        "literal with datatype xsd:integer.\n")


def test_validate_shapes_with_bad_sparql_exit_3_in_one_line(tmp_path):
    shapes = tmp_path / "bad-sparql.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:S> a sh:NodeShape ; sh:targetNode <urn:a> ;\n"
        '  sh:sparql [ sh:select "SELECT $this WHERE { $this ?p " ] .\n')
    result = run("-", "-i", "nt", "--shapes", str(shapes), input=b"<urn:a> <urn:b> <urn:c> .\n")
    assert result.exit_code == 3
    assert result.stderr.startswith("kg: the shapes cannot be used: ParseException: ")
    assert result.stderr.count("\n") == 1


# -- formats -------------------------------------------------------------------------------------

def test_validate_json_report():
    result = run(str(DATA / "violation.ttl"), "--shapes", SHAPES, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert report["failOn"] == "violation"
    assert report["counts"] == {"violations": 1, "warnings": 0, "infos": 0}
    [item] = report["results"]
    assert item["focusNode"] == {"type": "uri", "value": ns.RESOURCE + "SiberianIntervention"}
    assert item["focusLabel"] == "Siberian intervention"
    assert item["severity"] == "Violation"
    assert item["message"] == "A conflict needs a start date."
    assert item["resultPath"] == ns.ONTOLOGY + "startDate"
    assert item["value"] is None
    assert item["namedShape"] == ns.SHAPES + "TestConflictShape"
    assert item["sourceShape"].startswith("_:")  # the blank property shape
    assert item["sourceConstraintComponent"] == str(SH.MinCountConstraintComponent)
    assert item["evidence"] == [{"text": "the Siberian intervention of 1918–1922",
                                 "beginIndex": 1860, "endIndex": 1896}]


def test_validate_json_literal_values_keep_their_datatype():
    result = run(str(DATA / "wrong-duration.ttl"), "--shapes", SHAPES, "-f", "json")
    [item] = json.loads(result.stdout)["results"]
    assert item["value"] == {"type": "literal", "value": "P7Y4M7D",
                             "datatype": "http://www.w3.org/2001/XMLSchema#duration"}


def _report_graph(text: str) -> tuple[rdflib.Graph, rdflib.term.Node]:
    graph = rdflib.Graph().parse(data=text, format="turtle")
    [report] = graph.subjects(rdflib.RDF.type, SH.ValidationReport)
    return graph, report


def test_validate_turtle_is_the_w3c_report_graph():
    result = run(str(DATA / "violation.ttl"), "--shapes", SHAPES, "--format", "turtle")
    assert result.exit_code == 1
    graph, report = _report_graph(result.stdout)
    assert graph.value(report, SH.conforms) == rdflib.Literal(False)
    [node] = graph.objects(report, SH.result)
    assert graph.value(node, SH.focusNode) == rdflib.URIRef(ns.RESOURCE + "SiberianIntervention")
    assert graph.value(node, SH.resultSeverity) == SH.Violation


def test_validate_turtle_of_a_conforming_file_says_conforms_true():
    result = run(str(DATA / "conforming.ttl"), "--shapes", SHAPES, "--format", "turtle")
    assert result.exit_code == 0
    graph, report = _report_graph(result.stdout)
    assert graph.value(report, SH.conforms) == rdflib.Literal(True)
    assert list(graph.objects(report, SH.result)) == []


def test_validate_turtle_conforms_follows_fail_on():
    path = str(DATA / "warnings.ttl")
    for fail_on, conforms in (("violation", True), ("warning", False)):
        result = run(path, "--shapes", SHAPES, "-f", "turtle", "--fail-on", fail_on)
        graph, report = _report_graph(result.stdout)
        assert graph.value(report, SH.conforms) == rdflib.Literal(conforms), fail_on
        assert len(list(graph.objects(report, SH.result))) == 2


def test_validate_turtle_includes_the_stated_duration_result():
    result = run(str(DATA / "wrong-duration.ttl"), "--shapes", SHAPES, "-f", "turtle")
    graph, report = _report_graph(result.stdout)
    assert graph.value(report, SH.conforms) == rdflib.Literal(False)
    [node] = graph.objects(report, SH.result)
    assert graph.value(node, SH.sourceShape) == rdflib.URIRef(ns.SHAPES + "StatedDurationCheck")
    assert graph.value(node, SH.resultPath) == rdflib.URIRef(ns.ONTOLOGY + "statedDuration")


# -- inputs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["nt", "nq", "trig", "jsonld", "rdf"])
def test_validate_reads_every_rdf_format_by_extension(tmp_path, fmt):
    store = Store()
    store.load_file(DATA / "violation.ttl")
    path = tmp_path / f"violation.{fmt}"
    path.write_bytes(store.serialize(fmt))
    result = run(str(path), "--shapes", SHAPES)
    assert result.exit_code == 1, result.output
    assert "kgr:SiberianIntervention  “Siberian intervention”\n" in result.stdout
    assert "    source: “the Siberian intervention of 1918–1922” [1860–1896]\n" in result.stdout


def test_validate_input_format_overrides_the_extension(tmp_path):
    path = tmp_path / "violation.data"
    path.write_bytes((DATA / "violation.ttl").read_bytes())
    result = run(str(path), "--input-format", "text/turtle", "--shapes", SHAPES)
    assert result.exit_code == 1, result.output


def test_validate_stdin_with_input_format():
    data = (DATA / "violation.ttl").read_bytes()
    result = run("-", "--input-format", "turtle", "--shapes", SHAPES, input=data)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("kgr:SiberianIntervention  “Siberian intervention”\n")


def test_validate_several_files_are_checked_together(tmp_path):
    # warnings.ttl alone has no label for the Baltic campaign; a second file supplies one.
    label = tmp_path / "label.nt"
    label.write_text('<https://w3id.org/conflict-kg/id/BalticIntervention> '
                     '<http://www.w3.org/2000/01/rdf-schema#label> "Baltic"@en .\n')
    result = run(str(DATA / "warnings.ttl"), str(label), "--shapes", SHAPES)
    assert result.exit_code == 0
    assert "Warning" not in result.stdout
    assert result.stdout.splitlines()[-1] == "Conforms: yes — 0 violations, 0 warnings, 1 info"


def test_validate_input_format_applies_to_every_file():
    result = run(str(DATA / "warnings.ttl"), "-", "-i", "nt", "--shapes", SHAPES, input=b"")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: {DATA / 'warnings.ttl'}:")


def test_validate_output_file(tmp_path):
    out = tmp_path / "report.json"
    result = run(str(DATA / "violation.ttl"), "--shapes", SHAPES, "-f", "json", "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["counts"]["violations"] == 1


SHARED_ITEM = """\
@prefix kg: <https://w3id.org/conflict-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wd: <http://www.wikidata.org/entity/> .
<urn:ex:a> skos:exactMatch wd:Q959 .
<urn:ex:b> skos:exactMatch wd:Q959 .
<urn:ex:la> a kg:LinkAssertion ; kg:linkSubject <urn:ex:a> ; kg:linkTarget wd:Q959 ;
    kg:linkMethod "curated" ; kg:reviewStatus "confirmed" ; kg:linkEvidence "test" .
<urn:ex:lb> a kg:LinkAssertion ; kg:linkSubject <urn:ex:b> ; kg:linkTarget wd:Q959 ;
    kg:linkMethod "curated" ; kg:reviewStatus "confirmed" ; kg:linkEvidence "test" .
"""


def test_two_entities_linked_to_one_item_is_a_warning(tmp_path):
    path = tmp_path / "links.ttl"
    path.write_text(SHARED_ITEM, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert ("Warning: urn:ex:a and urn:ex:b are all linked to "
            "http://www.wikidata.org/entity/Q959 as the same thing") in result.stdout
    assert result.stdout.endswith("Conforms: yes — 0 violations, 2 warnings, 0 info\n")
    assert run(str(path), "--fail-on", "warning").exit_code == 1
