"""Turn a :class:`~kg.validate.report.ValidationReport` into text for people, JSON, or Turtle.

Text groups the results by focus node (nodes with violations first, then warnings, then infos,
each group sorted by name), writes IRIs as CURIEs with the project's prefixes
(:data:`kg.namespaces.PREFIXES`), and quotes the source text that states each failing fact
(its ``kg:evidence`` spans), so a reader can judge the data against the article at once.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from .. import namespaces as ns

if TYPE_CHECKING:
    from ..validate.report import ValidationReport, ValidationResult

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_MAX_LITERAL = 80
_PLURAL = {"Violation": ("violation", "violations"), "Warning": ("warning", "warnings"),
           "Info": ("info", "info")}


def curie(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """``iri`` as ``prefix:local`` with the longest matching namespace, else ``<iri>``.

    >>> curie("https://w3id.org/conflict-kg/ontology#startDate")
    'kg:startDate'
    >>> curie("https://example.org/x/y")
    '<https://example.org/x/y>'
    """
    short = ns.compact(iri, prefixes or ns.PREFIXES)
    return short if short != iri else f"<{iri}>"


def _quote(text: str, limit: int = _MAX_LITERAL) -> str:
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def term(node) -> str:
    """A term in Turtle-like shorthand: CURIEs, quoted literals with datatype or language.

    >>> import rdflib
    >>> term(rdflib.Literal("1917", datatype=rdflib.XSD.gYear))
    '"1917"^^xsd:gYear'
    >>> term(rdflib.Literal("Vladivostok", lang="en"))
    '"Vladivostok"@en'
    """
    from rdflib import BNode, Literal, URIRef
    from rdflib.paths import Path

    if node is None:
        return "-"
    if isinstance(node, URIRef):
        return curie(str(node))
    if isinstance(node, Literal):
        text = _quote(str(node))
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype and str(node.datatype) not in (_XSD_STRING, _RDF_LANGSTRING):
            return f"{text}^^{curie(str(node.datatype))}"
        return text
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Path):
        return _path(node)
    return str(node)


def _path(path) -> str:
    """A SHACL path as a SPARQL property path with CURIEs (SHACL 2.3.1)."""
    from rdflib import URIRef
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

    if isinstance(path, URIRef):
        return curie(str(path))
    if isinstance(path, InvPath):
        return "^" + _path(path.arg)
    if isinstance(path, SequencePath):
        return "/".join(_path(p) for p in path.args)
    if isinstance(path, AlternativePath):
        return "(" + "|".join(_path(p) for p in path.args) + ")"
    if isinstance(path, MulPath):
        return _path(path.path) + path.mod
    if isinstance(path, NegatedPath):
        return "!(" + "|".join(_path(p) for p in path.args) + ")"
    return str(path)


def _json_term(node) -> dict | str | None:
    """SPARQL 1.1 Query Results JSON term objects (section 3.2.2), paths as SPARQL path strings."""
    from rdflib import BNode, Literal, URIRef

    if node is None:
        return None
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    if isinstance(node, Literal):
        out = {"type": "literal", "value": str(node)}
        if node.language:
            out["xml:lang"] = node.language
        elif node.datatype:
            out["datatype"] = str(node.datatype)
        return out
    return {"type": "path", "value": node.n3()}


def _iri_or_none(node) -> str | None:
    """An IRI as is, a blank node as ``_:id``."""
    from rdflib import BNode

    if node is None:
        return None
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _natural(text: str) -> tuple:
    """Sort key that orders numbers inside names by value: span-396 before span-1091.

    >>> sorted(["kgr:span-1091", "kgr:span-396"], key=_natural)
    ['kgr:span-396', 'kgr:span-1091']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.split(r"(\d+)", text) if part)


def _sort_key(result: ValidationResult) -> tuple:
    from ..validate.report import SEVERITIES

    return (SEVERITIES.index(result.severity) if result.severity in SEVERITIES else 0,
            _natural(term(result.result_path)), _natural(term(result.value)), result.message)


def _groups(report: ValidationReport) -> list[tuple[object, list[ValidationResult]]]:
    """Results by focus node: worst severity first, then by the node's name."""
    groups: dict[object, list[ValidationResult]] = {}
    for result in report.results:
        groups.setdefault(result.focus_node, []).append(result)
    ordered = [(focus, sorted(results, key=_sort_key)) for focus, results in groups.items()]
    return sorted(ordered, key=lambda g: (_sort_key(g[1][0])[0], _natural(term(g[0]))))


def summary_line(report: ValidationReport) -> str:
    """``Conforms: yes — 0 violations, 3 warnings, 0 info`` (plus the threshold if not default)."""
    counts = report.counts()
    parts = [f"{n} {_PLURAL[sev][0] if n == 1 else _PLURAL[sev][1]}" for sev, n in counts.items()]
    line = f"Conforms: {'yes' if report.conforms else 'no'} — {', '.join(parts)}"
    if report.fail_on != "violation":
        line += f" (--fail-on {report.fail_on})"
    return line


def render_text(report: ValidationReport) -> str:
    """The report for people: one block per focus node, then a count and a summary line."""
    lines: list[str] = []
    for focus, results in _groups(report):
        head = term(focus)
        label = results[0].focus_label
        if label:
            head += f"  “{label}”"
        lines.append(head)
        for result in results:
            lines.append(f"  {result.severity}: {result.message or '(no message)'}")
            details = []
            if result.result_path is not None:
                details.append(f"path: {term(result.result_path)}")
            if result.value is not None and result.value != focus:  # SPARQL checks echo $this
                details.append(f"value: {term(result.value)}")
            if details:
                lines.append("    " + "   ".join(details))
            shape = result.named_shape if result.named_shape is not None else result.source_shape
            component = result.source_constraint_component
            lines.append(f"    shape: {term(shape)}"
                         + (f" ({term(component)})" if component is not None else ""))
        for span in results[0].evidence:
            where = f" [{span.begin}–{span.end}]" if span.begin is not None else ""
            lines.append(f"    source: “{span.text}”{where}")
        lines.append("")
    lines.append(f"Checked {report.data_triples:,} triples against {report.shapes_count:,} shapes.")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def render_json(report: ValidationReport) -> str:
    """The report as JSON: conformance, counts and each result with full IRIs."""
    results = []
    for focus, group in _groups(report):
        for result in group:
            path = result.result_path
            results.append({
                "focusNode": _json_term(focus),
                "focusLabel": result.focus_label,
                "severity": result.severity,
                "message": result.message,
                "resultPath": None if path is None else (
                    str(path) if not hasattr(path, "n3") or _is_iri(path) else path.n3()),
                "value": _json_term(result.value),
                "sourceShape": _iri_or_none(result.source_shape),
                "namedShape": _iri_or_none(result.named_shape),
                "sourceConstraintComponent": _iri_or_none(result.source_constraint_component),
                "evidence": [{"text": e.text, "beginIndex": e.begin, "endIndex": e.end}
                             for e in result.evidence],
            })
    counts = report.counts()
    document = {
        "conforms": report.conforms,
        "failOn": report.fail_on,
        "triples": report.data_triples,
        "shapes": report.shapes_count,
        "counts": {"violations": counts["Violation"], "warnings": counts["Warning"],
                   "infos": counts["Info"]},
        "results": results,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _is_iri(node) -> bool:
    from rdflib import URIRef

    return isinstance(node, URIRef)


def render_turtle(report: ValidationReport) -> str:
    """The W3C validation report graph (SHACL 3.6) in Turtle."""
    return report.graph.serialize(format="turtle")


RENDERERS = {"text": render_text, "json": render_json, "turtle": render_turtle}


def render(report: ValidationReport, fmt: str = "text") -> str:
    """Render ``report`` as ``text``, ``json`` or ``turtle``."""
    return RENDERERS[fmt](report)
