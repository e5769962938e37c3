"""Read a SHACL shapes graph (rdflib) into plain shape objects, refusing what is not compiled."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rdflib

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_CLASS = "http://www.w3.org/2000/01/rdf-schema#Class"
_OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"

#: Constraint parameters the compiler turns into SPARQL (SHACL Core 4, SHACL-SPARQL 5).
COMPILED = frozenset((
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "minLength", "maxLength", "pattern", "flags", "languageIn",
    "uniqueLang", "not", "and", "or", "xone", "node", "hasValue", "in", "sparql", "equals",
    "disjoint", "closed", "ignoredProperties",
))
#: sh: properties of a shape that are no constraint (or are read elsewhere).
_NOT_CONSTRAINTS = frozenset((
    "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "path", "property",
    "message", "severity", "deactivated", "name", "description", "order", "group",
    "defaultValue", "declare", "prefixes", "suggestedShapesGraph", "shapesGraph", "select",
))
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
_SHAPE_LISTS = ("and", "or", "xone")


class Unsupported(Exception):
    """The shapes use something the compiler does not compile (the message says what)."""


@dataclass
class Shape:
    """One node or property shape, as the compiler needs it."""

    node: object
    path: object = None  # the sh:path node in the shapes graph (None: a node shape)
    targets: list[tuple[str, object]] = field(default_factory=list)
    params: dict[str, list] = field(default_factory=dict)
    properties: list = field(default_factory=list)
    severity: object = None
    messages: list = field(default_factory=list)
    deactivated: bool = False

    @property
    def is_property(self) -> bool:
        return self.path is not None


class ShapesGraph:
    """The shapes of a shapes graph by node, the graph itself, and its sh:declare prefixes."""

    def __init__(self, graph: rdflib.Graph):
        from rdflib import URIRef

        self.graph = graph
        self._sh = lambda name: URIRef(SH + name)
        self.shapes: dict = {}
        self._refuse_extensions()
        for node in self._shape_nodes():
            self.shapes[node] = self._read(node)

    def sh(self, name: str):
        return self._sh(name)

    def value(self, node, name: str):
        return self.graph.value(node, self._sh(name))

    def objects(self, node, name: str) -> list:
        return list(self.graph.objects(node, self._sh(name)))

    def items(self, node) -> list:
        """The members of the RDF list ``node``."""
        from rdflib.collection import Collection

        try:
            return list(Collection(self.graph, node))
        except Exception as exc:  # a broken list: pySHACL refuses it with its own words
            raise Unsupported(f"a malformed RDF list ({exc})") from None

    def shape(self, node) -> Shape:
        found = self.shapes.get(node)
        if found is None:
            found = self.shapes[node] = self._read(node)
        return found

    def targeted(self) -> list[Shape]:
        """The shapes with targets, in a stable order."""
        return sorted((s for s in self.shapes.values() if s.targets),
                      key=lambda s: s.node.n3())

    # -- reading ---------------------------------------------------------------------------

    def _refuse_extensions(self) -> None:
        from rdflib import RDF, URIRef

        for kind in ("ConstraintComponent", "SPARQLFunction", "SPARQLTarget", "SPARQLRule",
                     "TripleRule", "SPARQLTargetType", "JSConstraint"):
            if next(self.graph.subjects(RDF.type, URIRef(SH + kind)), None) is not None:
                raise Unsupported(f"sh:{kind} (SHACL-AF and SPARQL-based components)")
        for name in ("target", "rule", "entailment", "parameter", "lessThan", "lessThanOrEquals",
                     "qualifiedValueShape", "js"):
            if next(self.graph.subject_objects(URIRef(SH + name)), None) is not None:
                raise Unsupported(f"sh:{name}")

    def _shape_nodes(self) -> set:
        from rdflib import RDF, URIRef

        g = self.graph
        found = set()
        for kind in ("NodeShape", "PropertyShape"):
            found.update(g.subjects(RDF.type, URIRef(SH + kind)))
        for name in (*_TARGETS, "path"):
            found.update(g.subjects(URIRef(SH + name), None))
        for cls in (_RDFS_CLASS, _OWL_CLASS):  # implicit class targets (SHACL 2.1.3.3)
            for node in g.subjects(RDF.type, URIRef(cls)):
                if any((node, RDF.type, URIRef(SH + k)) in g for k in ("NodeShape",
                                                                       "PropertyShape")):
                    found.add(node)
        return found

    def _read(self, node) -> Shape:
        from rdflib import RDF, BNode, Literal, URIRef

        g = self.graph
        shape = Shape(node=node, path=self.value(node, "path"))
        for kind in _TARGETS:
            for value in self.objects(node, kind):
                shape.targets.append((kind, value))
        types = set(g.objects(node, RDF.type))
        if (URIRef(_RDFS_CLASS) in types or URIRef(_OWL_CLASS) in types) and (
                URIRef(SH + "NodeShape") in types or URIRef(SH + "PropertyShape") in types):
            shape.targets.append(("targetClass", node))
        for predicate, value in g.predicate_objects(node):
            name = str(predicate)
            if not name.startswith(SH):
                continue
            name = name[len(SH):]
            if name in COMPILED:
                shape.params.setdefault(name, []).append(value)
            elif name not in _NOT_CONSTRAINTS:
                raise Unsupported(f"sh:{name} on {node.n3()}")
        shape.properties = sorted(self.objects(node, "property"), key=lambda n: n.n3())
        shape.severity = self.value(node, "severity") or self.sh("Violation")
        shape.messages = self.objects(node, "message")
        deactivated = self.value(node, "deactivated")
        shape.deactivated = isinstance(deactivated, Literal) and deactivated.value is True
        if isinstance(shape.path, Literal):
            raise Unsupported("a literal sh:path")
        if "flags" in shape.params and "pattern" not in shape.params:
            shape.params.pop("flags")
        closed = shape.params.get("closed", [])
        if len(closed) > 1 or (shape.params.get("ignoredProperties") and not closed):
            raise Unsupported(f"sh:closed / sh:ignoredProperties as given on {node.n3()}")
        for name in _SHAPE_LISTS:
            for head in shape.params.get(name, ()):
                if not isinstance(head, BNode | URIRef):
                    raise Unsupported(f"sh:{name} is not a list")
        return shape

    # -- prefixes of SPARQL constraints ----------------------------------------------------

    def prefixes(self, constraint) -> dict[str, str]:
        """The prefixes a SPARQL constraint declares through sh:prefixes (SHACL 5.2.1)."""
        found: dict[str, str] = {}
        for ontology in self.objects(constraint, "prefixes"):
            for declaration in self.objects(ontology, "declare"):
                prefix, namespace = self.value(declaration, "prefix"), self.value(
                    declaration, "namespace")
                if prefix is None or namespace is None:
                    raise Unsupported("an sh:declare without sh:prefix or sh:namespace")
                if found.get(str(prefix), str(namespace)) != str(namespace):
                    raise Unsupported(f"the prefix {prefix} declared twice")
                found[str(prefix)] = str(namespace)
        return found
