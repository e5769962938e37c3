"""Reading files right: a UTF-8 BOM in every format, relative IRIs against a base, ``--base``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.store.formats import check_base, file_base

BOM = b"\xef\xbb\xbf"
SAMPLES = {
    "ttl": b"<urn:a> <urn:b> <c> .\n",
    "nt": b"<urn:a> <urn:b> <urn:c> .\n",
    "nq": b"<urn:a> <urn:b> <urn:c> <urn:g> .\n",
    "trig": b"<urn:g> { <urn:a> <urn:b> <c> . }\n",
    "jsonld": json.dumps({"@id": "urn:a", "urn:b": {"@id": "c"}}).encode(),
    "rdf": b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           b' xmlns:e="urn:e#"><rdf:Description rdf:about="urn:a"><e:b rdf:resource="c"/>'
           b"</rdf:Description></rdf:RDF>\n",
}


def kg(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.mark.parametrize("ext", sorted(SAMPLES))
def test_bom_is_accepted_in_every_format(tmp_path, ext):
    path = tmp_path / f"bom.{ext}"
    path.write_bytes(BOM + SAMPLES[ext])
    result = kg("export", "-f", "nq", "--data", str(path))
    assert result.exit_code == 0, result.output
    assert "<urn:a>" in result.stdout


@pytest.mark.parametrize("ext", ["ttl", "trig", "jsonld", "rdf"])
def test_relative_iris_resolve_against_the_file(tmp_path, ext):
    path = tmp_path / f"rel.{ext}"
    path.write_bytes(SAMPLES[ext])
    result = kg("export", "-f", "nq", "--data", str(path))
    assert result.exit_code == 0, result.output
    assert f"<{(tmp_path / 'c').as_uri()}>" in result.stdout


@pytest.mark.parametrize("ext", ["ttl", "trig", "jsonld", "rdf"])
def test_base_option_sets_the_base(tmp_path, ext):
    path = tmp_path / f"rel.{ext}"
    path.write_bytes(SAMPLES[ext])
    result = kg("export", "-f", "nq", "--data", str(path), "--base", "https://example.org/x/y")
    assert result.exit_code == 0, result.output
    assert "<https://example.org/x/c>" in result.stdout


def test_base_applies_to_query_validate_describe_and_load(tmp_path):
    path = tmp_path / "rel.ttl"
    path.write_bytes(SAMPLES["ttl"])
    base = "https://example.org/"
    result = kg("query", "-e", "SELECT ?o { ?s ?p ?o }", "--data", str(path), "--base", base,
                "-f", "csv")
    assert result.exit_code == 0, result.output
    assert "https://example.org/c" in result.stdout
    assert kg("validate", str(path), "--base", base).exit_code in (0, 1)
    described = tmp_path / "described.ttl"
    described.write_bytes(b"<https://example.org/a> <https://example.org/b> <c> .\n")
    result = kg("describe", "https://example.org/a", "--data", str(described), "--base", base,
                "-f", "turtle")
    assert result.exit_code == 0 and "<https://example.org/c>" in result.stdout, result.output
    result = kg("load", str(path), "--store", str(tmp_path / "db"), "--base", base, "-q")
    assert result.exit_code == 0, result.output
    result = kg("query", "-e", "SELECT ?o { ?s ?p ?o }", "--store", str(tmp_path / "db"), "-f",
                "csv")
    assert "https://example.org/c" in result.stdout, result.output


def test_relative_iri_on_stdin_needs_a_base():
    result = kg("export", "-f", "nt", "--data", "-", "--data-format", "ttl",
                input=SAMPLES["ttl"])
    assert result.exit_code == 3
    assert "set --base IRI" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_stdin_with_base_resolves():
    result = kg("export", "-f", "nt", "--data", "-", "--data-format", "ttl", "--base",
                "https://example.org/", input=SAMPLES["ttl"])
    assert result.exit_code == 0, result.output
    assert "<https://example.org/c>" in result.stdout


@pytest.mark.parametrize("bad", ["not an iri", "relative/path", "http://exa mple.org/"])
def test_bad_base_is_a_usage_error(tmp_path, bad):
    path = tmp_path / "rel.ttl"
    path.write_bytes(SAMPLES["ttl"])
    result = kg("export", "--data", str(path), "--base", bad)
    assert result.exit_code == 2
    assert "--base" in result.stderr


def test_base_without_data_is_a_usage_error():
    assert kg("export", "--base", "https://example.org/").exit_code == 2
    assert kg("query", "timeline", "--base", "https://example.org/").exit_code == 2


def test_file_base_and_check_base():
    assert file_base("-") is None
    assert file_base("/a/b c.ttl") == "file:///a/b%20c.ttl"
    assert check_base(None) is None
