"""Read the W3C SHACL test suites (Core, SHACL-SPARQL); compare reports with their expected ones.

The suites are not copied into the project: they are read from ``../shared/w3c/shacl`` next to
the repository (for a git worktree, next to its main repository). A test is an ``sht:Validate``
entry of a manifest: a data graph, a shapes graph, and either the expected validation report or
``sht:Failure`` (the shapes must be refused). Results are compared as the W3C suite asks: the
same conformance and the same results (focus node, path, value, severity, constraint component,
source shape), blank nodes standing for any blank node; messages are not compared.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[2]
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
SH = "http://www.w3.org/ns/shacl#"


def suites_dir() -> Path | None:
    """``../shared/w3c/shacl`` beside the repository, or beside the main one of this worktree."""
    roots = [ROOT]
    git = ROOT / ".git"
    if git.is_file():  # a worktree: "gitdir: <main>/.git/worktrees/<name>"
        gitdir = Path(git.read_text(encoding="utf-8").split(":", 1)[1].strip())
        roots.append(gitdir.parents[2])
    for root in roots:
        found = root.parent / "shared" / "w3c" / "shacl"
        if (found / "core" / "manifest.ttl").exists():
            return found
    return None


@dataclass(frozen=True)
class Case:
    """One ``sht:Validate`` test."""

    suite: str  # core | sparql
    name: str  # e.g. node/class-001
    data: Path
    shapes: Path
    failure: bool  # the shapes must be refused (sht:Failure)
    conforms: bool | None
    results: tuple  # expected result keys, sorted


def _path(iri) -> Path:
    return Path(unquote(urlparse(str(iri)).path))


def cases(suite: str) -> list[Case]:
    """Every test of ``core`` or ``sparql``, following ``mf:include`` from its manifest."""
    import rdflib

    base = suites_dir()
    if base is None:
        return []
    mf = rdflib.Namespace(MF)
    sht = rdflib.Namespace(SHT)
    sh = rdflib.Namespace(SH)
    found = []
    todo, seen = [base / suite / "manifest.ttl"], set()
    while todo:
        file = todo.pop()
        if file in seen:
            continue
        seen.add(file)
        graph = _parse_as_written(file)
        todo.extend(_path(i) for i in graph.objects(None, mf.include))
        for head in graph.objects(None, mf.entries):
            for entry in graph.items(head):
                if (entry, rdflib.RDF.type, sht.Validate) not in graph:
                    continue
                action = graph.value(entry, mf.action)
                result = graph.value(entry, mf.result)
                failure = result == sht.Failure
                expected = [] if failure else [
                    result_key(graph, r) for r in graph.objects(result, sh.result)]
                conforms = None if failure else bool(graph.value(result, sh.conforms).toPython())
                found.append(Case(
                    suite=suite, name=str(file.relative_to(base / suite).with_suffix("")),
                    data=_path(graph.value(action, sht.dataGraph)),
                    shapes=_path(graph.value(action, sht.shapesGraph)),
                    failure=failure, conforms=conforms, results=tuple(sorted(expected))))
    return sorted(found, key=lambda c: c.name)


def _parse_as_written(file: Path):
    """The manifest with every literal as written (rdflib would rewrite "4.0" and friends)."""
    import rdflib

    was, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        return rdflib.Graph().parse(file, format="turtle")
    finally:
        rdflib.NORMALIZE_LITERALS = was


def _term(node) -> str:
    from rdflib import BNode, Literal

    if node is None:
        return ""
    if isinstance(node, BNode):
        return "_"
    if isinstance(node, Literal):
        return node.n3()  # lexical form, datatype or language: as the engines write them
    return str(node)


def result_key(graph, node) -> tuple:
    """An expected result of a manifest, as :func:`json_key` reads kg's JSON report."""
    from rdflib import BNode, URIRef
    from rdflib.extras.shacl import parse_shacl_path

    sh = lambda name: URIRef(SH + name)  # noqa: E731
    path = graph.value(node, sh("resultPath"))
    if isinstance(path, BNode):
        path = parse_shacl_path(graph, path).n3()
    severity = str(graph.value(node, sh("resultSeverity"))).removeprefix(SH)
    return (_term(graph.value(node, sh("focusNode"))), "" if path is None else str(path),
            _term(graph.value(node, sh("value"))), severity,
            _term(graph.value(node, sh("sourceConstraintComponent"))),
            _term(graph.value(node, sh("sourceShape"))))


def _json_term(term) -> str:
    from rdflib import Literal, URIRef

    if term is None:
        return ""
    if term["type"] == "bnode":
        return "_"
    if term["type"] == "uri":
        return term["value"]
    datatype = term.get("datatype")
    return Literal(term["value"], lang=term.get("xml:lang"),
                   datatype=URIRef(datatype) if datatype else None, normalize=False).n3()


def json_key(result: dict) -> tuple:
    """A result of kg's JSON report, comparable with :func:`result_key`."""
    path = result["resultPath"] or ""
    shape = result["sourceShape"] or "_"
    return (_json_term(result["focusNode"]), "_" if path.startswith("_:") else path,
            _json_term(result["value"]), result["severity"],
            result["sourceConstraintComponent"] or "",
            "_" if shape.startswith("_:") else shape)


def report_keys(results) -> tuple:
    """kg :class:`~kg.validate.report.ValidationResult` objects, keyed as :func:`result_key`."""
    from rdflib import BNode, URIRef

    keys = []
    for r in results:
        path = r.result_path
        path = "" if path is None else "_" if isinstance(path, BNode) else (
            str(path) if isinstance(path, URIRef) else path.n3())
        keys.append((_term(r.focus_node), path, _term(r.value), r.severity,
                     _term(r.source_constraint_component),
                     "_" if r.source_shape is None else _term(r.source_shape)))
    return tuple(sorted(keys))


def multiset(keys) -> Counter:
    return Counter(keys)
