"""The W3C SHACL Core and SHACL-SPARQL test suites through ``kg validate``, with each engine, whole
and in chunks; and the engines' reports compared with pySHACL's in full (messages too).

Known failures of an engine are listed in :data:`KNOWN` with the reason, as expected failures
(strict: a test that starts passing is reported, so the list stays true).
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KgError
from kg.validate import engines
from tests.validate import w3c

CASES = [c for suite in ("core", "sparql") for c in w3c.cases(suite)]
ENGINES = ["pyshacl", "turbo"] if engines.turbo_available() else ["pyshacl"]
#: kg validate --engine sparql (the shapes compiled to SPARQL) runs whole only
WHOLE_ENGINES = [*ENGINES, "sparql"]

if not CASES:  # the suites live beside the repository, not in it
    pytest.skip(f"the W3C SHACL suites are not at {w3c.ROOT.parent / 'shared/w3c/shacl'}",
                allow_module_level=True)

#: (mode, engine, suite/name) -> why it fails. mode: "whole" (kg validate) or "chunked".
KNOWN: dict[tuple[str, str, str], str] = {}
_BOTH = ("pyshacl", "turbo")
for _mode in ("whole", "chunked"):
    for _engine in _BOTH:
        KNOWN[_mode, _engine, "core/misc/severity-002"] = (
            "kg reports a severity other than sh:Violation, sh:Warning, sh:Info as a Violation")
        KNOWN[_mode, _engine, "core/property/uniqueLang-002"] = (
            'both engines take sh:uniqueLang "1"^^xsd:boolean for true; SHACL activates it '
            "only for true")
    KNOWN[_mode, "pyshacl", "sparql/node/prefixes-001"] = (
        "pySHACL does not follow owl:imports to the sh:declare of sh:prefixes")
    KNOWN[_mode, "pyshacl", "sparql/pre-binding/shapesGraph-001"] = (
        "pySHACL does not support $shapesGraph in SPARQL constraints")
for _name in ("sparql/node/prefixes-001", "sparql/pre-binding/shapesGraph-001"):
    KNOWN["agree", "turbo", _name] = "pySHACL refuses these shapes; pyshacl-turbo runs them right"
    # auto: the sparql engine refuses them (below), so pyshacl-turbo runs them
    KNOWN["agree", "auto", _name] = KNOWN["agree", "turbo", _name]

# What the sparql engine does not compile: it refuses the shapes (exit 3, saying why) and
# --engine auto runs them in pyshacl-turbo (or pySHACL) instead.
_NOT_COMPILED = {
    "sh:qualifiedValueShape (qualifiedMinCount, qualifiedMaxCount)": (
        "core/node/qualified-001", "core/property/qualifiedMinCountDisjoint-001",
        "core/property/qualifiedValueShape-001", "core/property/qualifiedValueShapesDisjoint-001"),
    "sh:lessThan and sh:lessThanOrEquals (pySHACL compares in Python: IRIs as strings)": (
        "core/property/lessThan-001", "core/property/lessThan-002",
        "core/property/lessThanOrEquals-001"),
    "SPARQL-based constraint components (sh:ConstraintComponent, sh:parameter)": (
        "sparql/component/optional-001", "sparql/component/propertyValidator-select-001",
        "sparql/component/validator-001"),
    "$currentShape and $shapesGraph in SPARQL constraints": (
        "sparql/pre-binding/shapesGraph-001",),
    "prefixes from an owl:imports'ed graph (pySHACL refuses them too; turbo runs them)": (
        "sparql/node/prefixes-001",),
    "data literals the store rewrites in text (4.0 held as 4) or holds ill-typed (\"300\"^^"
    "xsd:byte): the compiled queries would see another form than pySHACL": (
        "core/node/maxExclusive-001", "core/node/maxInclusive-001", "core/node/minExclusive-001",
        "core/property/datatype-ill-formed"),
}
for _reason, _names in _NOT_COMPILED.items():
    for _name in _names:
        KNOWN["whole", "sparql", _name] = f"not compiled: {_reason}"
KNOWN["whole", "sparql", "core/misc/severity-002"] = KNOWN["whole", "pyshacl",
                                                           "core/misc/severity-002"]
KNOWN["whole", "sparql", "core/property/uniqueLang-002"] = (
    'as pySHACL does, the sparql engine takes sh:uniqueLang "1"^^xsd:boolean for true')


def _id(case) -> str:
    return f"{case.suite}/{case.name}"


@cache
def run_cli(case, engine: str):
    """``kg validate DATA --shapes SHAPES -f json --fail-on info`` (any result breaks
    conformance, as in SHACL): (exit code, JSON report or None, stderr)."""
    result = CliRunner().invoke(cli, [
        "validate", str(case.data), "--shapes", str(case.shapes), "-f", "json",
        "--fail-on", "info", "--engine", engine])
    report = json.loads(result.stdout) if result.exit_code in (0, 1) else None
    return result.exit_code, report, result.stderr


def check(case, conforms: bool | None, keys: tuple | None) -> None:
    if case.failure:
        assert keys is None, "the shapes should have been refused (sht:Failure)"
        return
    assert keys is not None, "the shapes were refused"
    assert w3c.multiset(keys) == w3c.multiset(case.results)
    assert conforms == case.conforms


def expect(mode: str, engine: str, case):
    reason = KNOWN.get((mode, engine, _id(case)))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case, engine, marks=marks, id=f"{engine}-{_id(case)}")


@pytest.mark.parametrize(("case", "engine"),
                         [expect("whole", e, c) for e in WHOLE_ENGINES for c in CASES])
def test_whole(case, engine):
    code, report, stderr = run_cli(case, engine)
    if report is None:
        assert code == 3 and stderr.startswith("kg: "), stderr
        check(case, None, None)
    else:
        check(case, report["conforms"], tuple(sorted(map(w3c.json_key, report["results"]))))


@pytest.mark.parametrize(("case", "engine"),
                         [expect("chunked", e, c) for e in ENGINES for c in CASES])
def test_chunked(case, engine):
    """In chunks of a few triples where the shapes allow it (kg.validate.chunkable), else whole."""
    from kg.validate.engine import bundled_ontology, load_rdf_files
    from kg.validate.partition import load_store, validate_store

    store = load_store([str(case.data)])
    try:
        shapes = load_rdf_files([str(case.shapes)])
        report = validate_store(store, shapes, bundled_ontology(), fail_on="info",
                                chunk_triples=8, engine=engine)
    except KgError:
        check(case, None, None)
        return
    check(case, report.conforms, w3c.report_keys(report.results))


@pytest.mark.skipif(len(ENGINES) < 2, reason="pyshacl-turbo is not installed (Python 3.10)")
@pytest.mark.parametrize("case", [
    pytest.param(c, id=_id(c), marks=[pytest.mark.xfail(strict=True, reason=KNOWN[
        ("agree", "turbo", _id(c))])] if ("agree", "turbo", _id(c)) in KNOWN else [])
    for c in CASES])
def test_engines_print_the_same_report(case):
    """Whatever the suite expects, kg validate prints one report (JSON, messages included).

    Blank node labels are left out: every load of a file names its blank nodes afresh.
    """
    assert _unlabelled(run_cli(case, "turbo")) == _unlabelled(run_cli(case, "pyshacl"))


@pytest.mark.parametrize("case", [
    pytest.param(c, id=_id(c), marks=[pytest.mark.xfail(strict=True, reason=KNOWN[
        ("agree", "auto", _id(c))])] if ("agree", "auto", _id(c)) in KNOWN else [])
    for c in CASES])
def test_auto_prints_the_reference_report(case):
    """--engine auto (the sparql engine where the shapes compile, else a fallback) prints
    pySHACL's report, or refuses the shapes as it does, whatever the suite expects."""
    auto, reference = _unlabelled(run_cli(case, "auto")), _unlabelled(run_cli(case, "pyshacl"))
    if auto[1] is not None and reference[1] is not None:
        for outcome in (auto, reference):  # blank focus nodes sort by label: any order
            outcome[1]["results"].sort(key=lambda r: json.dumps(r, sort_keys=True))
    if reference[0] == 3 and auto[0] == 3:
        assert auto[2].startswith("kg: ")
        return
    assert auto[:2] == reference[:2]  # stderr: rdflib warns once per process, whoever comes first


def _unlabelled(outcome):
    code, report, stderr = outcome
    if report is not None:
        for result in report["results"]:
            for name in ("focusNode", "value"):
                if (result[name] or {}).get("type") == "bnode":
                    result[name]["value"] = "_"
            for name in ("sourceShape", "namedShape"):
                if (result[name] or "").startswith("_:"):
                    result[name] = "_:"
    return code, report, stderr
