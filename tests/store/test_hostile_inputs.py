"""Hostile input files and query texts: exit 3, one line on stderr, no traceback, no crash.

Each case runs the installed ``kg`` as a subprocess under ``prlimit --as`` (4 GiB of address
space, generous for every case: before these fixes they took 5 to 14 GB or crashed), in a
folder of its own, and checks that nothing was written there. The timeout only stops a hang;
no test asserts a wall-clock time.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import kg_executable

MEMORY_LIMIT = 4 << 30
RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="urn:e#"'


def laughs() -> str:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY l0 "lol">{entities}]>'
            f'<rdf:RDF {RDF}><rdf:Description rdf:about="urn:a"><e:p>&l9;</e:p>'
            "</rdf:Description></rdf:RDF>")


def deep_jsonld(depth: int) -> str:
    return '{"urn:p":' * depth + '"v"' + "}" * depth


FILES: dict[str, str | bytes] = {
    "laughs.rdf": laughs(),
    "parameter-entity.rdf": f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY % p "x">]>'
                            f"<rdf:RDF {RDF}/>",
    "external-entity.rdf": f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM '
                           f'"file:///etc/passwd">]><rdf:RDF {RDF}/>',
    "deep.jsonld": deep_jsonld(4000),
    "deep-list.ttl": "<urn:a> <urn:b> " + "(" * 10000 + "1" + ")" * 10000 + " .\n",
    "deep-blank.ttl": "<urn:a> <urn:b> " + "[ <urn:p> " * 10000 + "1" + " ]" * 10000 + " .\n",
    "deep.rdf": f'<rdf:RDF {RDF}><rdf:Description rdf:about="urn:a">'
                + "<e:p><rdf:Description>" * 10000 + "</rdf:Description></e:p>" * 10000
                + "</rdf:Description></rdf:RDF>",
    "long-literal.nt": '<urn:a> <urn:b> "' + "x" * (17 << 20) + '" .\n',
    "long-iri.nt": "<urn:a> <urn:b> <urn:" + "x" * (17 << 20) + "> .\n",
    "parens.rq": "SELECT * { ?s ?p ?o FILTER(" + "(" * 1600 + "1" + ")" * 1600 + ") }",
    "braces.rq": "SELECT * { " + "{" * 3200 + " ?s ?p ?o " + "}" * 3200 + " }",
    "optionals.rq": "SELECT * { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 3000 + "}" * 3000 + " }",
    "huge.rq": "#" + " " * (20 << 20) + "\nSELECT * {}",
}

CASES = [
    # (name, args, what stderr must say)
    *[(f"{cmd}-laughs", [*args, "laughs.rdf"], "billion laughs")
      for cmd, args in (("validate", ["validate"]), ("export", ["export", "--data"]),
                        ("query", ["query", "-e", "ASK {}", "--data"]),
                        ("load", ["load", "--store", "db"]))],
    ("parameter-entity", ["validate", "parameter-entity.rdf"], "parameter entity"),
    ("external-entity", ["validate", "external-entity.rdf"], "external entity"),
    *[(f"{cmd}-{name}", [*args, name], "1000 levels")
      for name in ("deep.jsonld", "deep-list.ttl", "deep-blank.ttl", "deep.rdf")
      for cmd, args in (("validate", ["validate"]), ("export", ["export", "--data"]))],
    ("load-deep-jsonld", ["load", "--store", "db", "deep.jsonld"], "1000 levels"),
    ("query-deep-jsonld", ["query", "-e", "ASK {}", "--data", "deep.jsonld"], "1000 levels"),
    ("literal", ["validate", "long-literal.nt"], "longer than 16 MiB"),
    ("iri", ["export", "--data", "long-iri.nt"], "longer than 16 MiB"),
    ("load-literal", ["load", "--store", "db", "long-literal.nt"], "longer than 16 MiB"),
    ("parens", ["query", "parens.rq"], "256 levels"),
    ("braces", ["query", "braces.rq"], "256 levels"),
    ("optionals", ["query", "optionals.rq"], "256 levels"),
    ("huge-query", ["query", "huge.rq"], "larger than 4 MiB"),
    ("endless-query", ["query", "/dev/zero"], "larger than 4 MiB"),
]


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, text in FILES.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    return folder


def run_limited(args: list[str], cwd, stdin=None) -> subprocess.CompletedProcess:
    command = [kg_executable(), *args]
    if shutil.which("prlimit"):
        command = ["prlimit", f"--as={MEMORY_LIMIT}", "--", *command]
    return subprocess.run(command, cwd=cwd, capture_output=True, timeout=300, input=stdin,
                          env={**os.environ, "PYTHONFAULTHANDLER": "1"})


def listing(folder) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*")}


@pytest.mark.parametrize(("args", "says"), [pytest.param(a, s, id=n) for n, a, s in CASES])
def test_hostile_input_ends_in_one_line(hostile_dir, args, says):
    before = listing(hostile_dir)
    result = run_limited(args, hostile_dir)
    stderr = result.stderr.decode(errors="replace")
    assert result.returncode == 3, (result.returncode, stderr[-2000:])
    assert stderr.startswith("kg: ") and stderr.count("\n") == 1, stderr[-2000:]
    assert says in stderr
    assert "Traceback" not in stderr
    assert listing(hostile_dir) == before  # nothing written, not even a store folder


def test_outsized_duration_and_ill_typed_literals_validate_quietly(tmp_path):
    kg = "https://w3id.org/conflict-kg/ontology#"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    (tmp_path / "d.ttl").write_text(
        f'<urn:x> <{kg}statedDuration> "P{"9" * 5000}Y"^^<{xsd}duration> ;\n'
        f'  <{kg}startDate> "1918-01-01"^^<{xsd}date> ; <{kg}endDate> "1920-01-01"^^<{xsd}date> ;'
        f'\n  <urn:n> "abc"^^<{xsd}integer> .\n')
    result = run_limited(["validate", "d.ttl", "--format", "json"], tmp_path)
    assert result.returncode in (0, 1), result.stderr.decode()
    assert result.stderr == b""
    json.loads(result.stdout)
