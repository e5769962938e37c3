"""The validation results that concern each entity, computed once and kept for the pages.

Validating the bundled graph takes about a second, so the server does it once, in the
background at start, and entity pages show the results whose focus node is the entity or one
of its fact nodes (the article's contradictions appear on the pages of what they concern).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Above this many triples, pages do not wait for a whole-graph validation.
MAX_TRIPLES = 200_000


@dataclass
class Warnings:
    """Validation results by the IRI of their focus node; ``note`` says what was not done."""

    by_focus: dict[str, list] = field(default_factory=dict)
    note: str = ""
    ready: bool = True

    def about(self, *iris: str) -> list:
        seen, out = set(), []
        for iri in iris:
            for result in self.by_focus.get(iri, []):
                key = (str(result.focus_node), result.message)
                if key not in seen:
                    seen.add(key)
                    out.append(result)
        return out


def compute(store) -> Warnings:
    """Validate ``store`` against the bundled shapes (with the bundled ontology)."""
    from ..errors import KgError
    from ..validate.engine import bundled_ontology, bundled_shapes, validate

    size = len(store)
    if size > MAX_TRIPLES:
        return Warnings(note=f"the data holds {size:,} triples: run kg validate for its "
                        "validation results")
    try:
        if getattr(store, "remote", False):  # copied once from the endpoint (kg validate's way)
            from ..validate.remote import fetch_for_validation

            store = fetch_for_validation(store.endpoint, all_graphs=True, timeout=60)
        report = validate(store.to_rdflib(), bundled_shapes(), bundled_ontology())
    except KgError as exc:
        return Warnings(note=f"validation could not run: {exc}")
    out = Warnings()
    for result in report.results:
        out.by_focus.setdefault(str(result.focus_node), []).append(result)
    return out
