"""What a validation found: results with their evidence, severities and the --fail-on rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    import rdflib
    from rdflib.paths import Path as RdfPath
    from rdflib.term import Node

#: Severities from most to least severe, as the local names of sh:Violation, sh:Warning, sh:Info.
SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")
#: Values of ``--fail-on``: fail when a result is at least this severe.
FAIL_ON_CHOICES: tuple[str, ...] = ("violation", "warning", "info")
RANK = {"Violation": 2, "Warning": 1, "Info": 0}


@dataclass(frozen=True)
class Evidence:
    """A span of the source text that states the focus node (its ``kg:evidence``)."""

    text: str
    begin: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``, plus the label and source spans of its focus node."""

    focus_node: Node
    result_path: Node | RdfPath | None
    value: Node | None
    severity: str  # 'Violation' | 'Warning' | 'Info'
    message: str
    source_shape: Node | None
    source_constraint_component: Node | None
    #: the source shape if it has an IRI, else the named shape that holds it (via sh:property)
    named_shape: Node | None = None
    focus_label: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`: results, the W3C report graph and what was checked."""

    results: list[ValidationResult]
    graph: rdflib.Graph = field(repr=False)  # the W3C validation report graph (sh:ValidationReport)
    fail_on: str = "violation"
    data_triples: int = 0
    shapes_count: int = 0

    def fails_at(self, threshold: str) -> bool:
        """True when a result is at least as severe as ``threshold`` (violation|warning|info).

        >>> r = ValidationReport(results=[], graph=None)
        >>> r.fails_at("info")
        False
        """
        rank = threshold_rank(threshold)
        return any(RANK.get(r.severity, 2) >= rank for r in self.results)

    @property
    def conforms(self) -> bool:
        """No result at or above the report's ``fail_on`` threshold (default: no violations)."""
        return not self.fails_at(self.fail_on)

    def counts(self) -> dict[str, int]:
        """Number of results per severity, every severity present (zero included)."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for result in self.results:
            counts[result.severity] = counts.get(result.severity, 0) + 1
        return counts


def threshold_rank(threshold: str) -> int:
    key = threshold.strip().lower()
    if key not in FAIL_ON_CHOICES:
        raise UsageError(f"Unknown --fail-on value {threshold!r}: use one of "
                         f"{', '.join(FAIL_ON_CHOICES)}.")
    return RANK[key.capitalize()]
