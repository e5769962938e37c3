"""Read the W3C RDF 1.1 syntax-test manifests in ``../shared/w3c/`` (never copied into kg)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox


def _suites_root() -> Path:
    """``../shared/w3c`` beside the repository; from a git worktree, beside its main checkout."""
    repo = Path(__file__).resolve().parents[2]
    candidates = [repo.parent / "shared" / "w3c"]
    dot_git = repo / ".git"
    if dot_git.is_file():  # a worktree: "gitdir: MAIN/.git/worktrees/NAME"
        gitdir = Path(dot_git.read_text().split(":", 1)[1].strip())
        main = next((p.parent for p in gitdir.parents if p.name == ".git"), None)
        if main is not None:
            candidates.append(main.parent / "shared" / "w3c")
    return next((c for c in candidates if c.is_dir()), candidates[0])


SUITES_ROOT = _suites_root()
SUITES = ("rdf-n-triples", "rdf-n-quads", "rdf-turtle", "rdf-trig", "rdf-xml")
# N-Triples and N-Quads manifests name no mf:assumedTestBase; the suite's published address is it.
PUBLISHED = "https://w3c.github.io/rdf-tests/rdf/rdf11/"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDFT = "http://www.w3.org/ns/rdftest#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORMAT_OF = {"rdf-n-triples": "n-triples", "rdf-n-quads": "n-quads", "rdf-turtle": "turtle",
             "rdf-trig": "trig", "rdf-xml": "xml"}


@dataclass(frozen=True)
class SyntaxTest:
    """One manifest entry: ``kind`` is positive, negative or eval."""

    suite: str
    name: str
    kind: str
    action: Path
    base: str            # the IRI the test file is assumed to have
    result: Path | None  # the expected N-Triples / N-Quads for eval tests
    format: str

    @property
    def id(self) -> str:
        return f"{self.suite}/{self.name}"


def _kind(type_iri: str) -> str | None:
    local = type_iri.removeprefix(RDFT)
    if local.endswith("PositiveSyntax"):
        return "positive"
    if local.endswith("NegativeSyntax") or local.endswith("NegativeEval"):
        return "negative"
    if local.endswith("Eval"):
        return "eval"
    return None


def load_suite(suite: str) -> list[SyntaxTest]:
    """Every syntax and eval test of one suite, in manifest order."""
    folder = SUITES_ROOT / suite
    manifest = folder / "manifest.ttl"
    here = manifest.as_uri()
    graph = ox.Dataset(ox.parse(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=here))

    def value(subject, name: str):
        for quad in graph.quads_for_subject(subject):
            if quad.predicate.value == MF + name:
                return quad.object
        return None

    base_node = next((q.object for q in graph if q.predicate.value == MF + "assumedTestBase"),
                     None)
    base = base_node.value if base_node else f"{PUBLISHED}{suite}/"
    folder_uri = folder.as_uri() + "/"
    tests = []
    for quad in graph:
        if quad.predicate != RDF_TYPE or _kind(quad.object.value) is None:
            continue
        entry = quad.subject
        action, result = value(entry, "action"), value(entry, "result")
        relative = action.value.removeprefix(folder_uri)
        tests.append(SyntaxTest(
            suite=suite, name=value(entry, "name").value, kind=_kind(quad.object.value),
            action=folder / relative, base=base + relative,
            result=folder / result.value.removeprefix(folder_uri) if result else None,
            format=FORMAT_OF[suite]))
    return sorted(tests, key=lambda t: t.name)


def all_tests() -> list[SyntaxTest]:
    return [t for suite in SUITES if (SUITES_ROOT / suite).is_dir() for t in load_suite(suite)]
