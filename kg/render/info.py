"""Turn a :class:`~kg.store.inventory.BundleInfo` (``kg info``) into text for people or JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .report import curie

if TYPE_CHECKING:
    from ..store.inventory import BundleInfo


def _table(rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    """Left-aligned first column, right-aligned number columns."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        numbers = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        cells = [row[0].ljust(widths[0]), *numbers]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def _pairs(rows: list[tuple[str, str]], indent: str = "  ") -> list[str]:
    """``name: value`` lines with the values aligned."""
    width = max(len(name) for name, _ in rows)
    return [f"{indent}{name.ljust(width)}  {value}" for name, value in rows]


def render_text(info: BundleInfo) -> str:
    """Sections: version and ontology, named graphs, instances per class, source document."""
    lines = [f"kg {info.version}", "", "Ontology"]
    lines += _pairs([("IRI:", info.ontology_iri or "(none)"),
                     ("version IRI:", info.version_iri or "(none)"),
                     ("version:", info.version_info or "(none)")])
    lines += ["", "Named graphs"]
    rows = [(name, f"{count:,}") for name, count in info.graphs.items()]
    if info.default_graph_triples:
        rows.append(("(default graph)", f"{info.default_graph_triples:,}"))
    total = sum(info.graphs.values()) + info.default_graph_triples
    lines += _table([("graph", "triples"), *rows, ("total", f"{total:,}")])
    lines += ["", "Instances per class"]
    lines += _table([("class", "direct", "with subclasses"),
                     *[(curie(c.iri), f"{c.direct:,}", f"{c.total:,}") for c in info.classes]])
    source = info.source
    if source is not None:
        lines += ["", f"Source document ({curie(source.iri)})"]
        matches = {True: ", same as kg:text in the graph",
                   False: ", DIFFERS from kg:text in the graph", None: ""}[source.text_matches_file]
        lines += _pairs([
            ("title:", source.title or "(not in the graph)"),
            ("file:", f"{source.file} ({source.characters:,} characters{matches})"),
            ("origin:", source.origin or "(not in the graph)"),
            ("licence:", source.licence or "(not in the graph)"),
            ("rights:", source.rights or "(not in the graph)"),
            ("attribution:", source.attribution),
        ])
    return "\n".join(lines) + "\n"


def render_json(info: BundleInfo) -> str:
    """The same facts as JSON with full IRIs."""
    return json.dumps(_camel(info.to_dict()), ensure_ascii=False, indent=2) + "\n"


def _camel(value):
    """snake_case keys to camelCase, as in the other JSON that ``kg`` writes.

    >>> _camel({"version_iri": 1, "graphs": {"https://x/a_b": 2}})
    {'versionIri': 1, 'graphs': {'https://x/a_b': 2}}
    """
    if isinstance(value, list):
        return [_camel(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if "://" not in key:  # graph IRIs are data, not field names
            head, *rest = key.split("_")
            key = head + "".join(part.capitalize() for part in rest)
        out[key] = _camel(item)
    return out


def render(info: BundleInfo, fmt: str = "text") -> str:
    return {"text": render_text, "json": render_json}[fmt](info)
