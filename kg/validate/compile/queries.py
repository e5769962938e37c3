"""One SPARQL query per shape and constraint, returning only the focus (and value) nodes that fail.

Each shape with targets is checked on its focus nodes (SHACL 2.1.3: class targets through
``rdfs:subClassOf*``, node, subjects-of and objects-of targets, implicit class targets); its
``sh:property`` shapes on the same focus nodes; a property shape's own ``sh:property`` shapes on
its value nodes. Constraints inside ``sh:or``, ``sh:not``, ``sh:node``... become expressions
(:mod:`.conditions`): only the outer constraint reports, as in pySHACL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .conditions import INSTANCE_OF, VALUE_PARAMS, Conditions, _integer
from .paths import iri, sparql_path, term
from .shapes import SH, Shape, ShapesGraph, Unsupported

_COMPONENTS = {
    "class": "Class", "datatype": "Datatype", "nodeKind": "NodeKind", "minCount": "MinCount",
    "maxCount": "MaxCount", "minExclusive": "MinExclusive", "minInclusive": "MinInclusive",
    "maxExclusive": "MaxExclusive", "maxInclusive": "MaxInclusive", "minLength": "MinLength",
    "maxLength": "MaxLength", "pattern": "Pattern", "languageIn": "LanguageIn",
    "uniqueLang": "UniqueLang", "not": "Not", "and": "And", "or": "Or", "xone": "Xone",
    "node": "Node", "hasValue": "HasValue", "in": "In", "sparql": "SPARQL",
}


@dataclass
class Check:
    """A query and what its rows mean: the failing ``?this`` (and ``?value``) of one constraint."""

    text: str
    shape: Shape
    component: str  # the constraint component's IRI
    value_is_focus: bool = False  # a node shape's value node is its focus node
    reports_value: bool = True
    constraint: object = None  # the sh:sparql constraint node
    messages: list = field(default_factory=list)  # the SPARQL constraint's own sh:message


def component_iri(name: str) -> str:
    return f"{SH}{_COMPONENTS[name]}ConstraintComponent"


def compile_checks(shapes: ShapesGraph) -> list[Check]:
    """Every query that validating against ``shapes`` needs.

    :raises Unsupported: a shape uses something not compiled.
    """
    conditions = Conditions(shapes)
    checks: list[Check] = []
    for shape in shapes.targeted():
        if shape.deactivated:
            continue
        focus = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(
            "{ " + _target(kind, value) + " }" for kind, value in shape.targets) + " } }"
        _shape_checks(shapes, conditions, shape, focus, checks, depth=0)
    return checks


def _target(kind: str, value) -> str:
    from rdflib import URIRef

    if kind == "targetNode":
        return f"VALUES ?this {{ {term(value)} }}"
    if not isinstance(value, URIRef):
        raise Unsupported(f"sh:{kind} with a value that is not an IRI")
    if kind == "targetClass":
        return f"?this {INSTANCE_OF} {iri(str(value))}"
    if kind == "targetSubjectsOf":
        return f"?this {iri(str(value))} []"
    return f"[] {iri(str(value))} ?this"


def _shape_checks(shapes: ShapesGraph, conditions: Conditions, shape: Shape, focus: str,
                  checks: list[Check], depth: int) -> None:
    if shape.deactivated:
        return
    if depth > 10:
        raise Unsupported(f"sh:property nested too deep at {shape.node.n3()}")
    if shape.is_property:
        path = sparql_path(shapes, shape.path)
        values = f"?this {path} ?value ."
    else:
        path = None
        values = "BIND(?this AS ?value)"
        for name in ("minCount", "maxCount", "uniqueLang"):
            if name in shape.params:
                raise Unsupported(f"sh:{name} on the node shape {shape.node.n3()}")

    def add(text: str, name: str, **kwargs) -> None:
        checks.append(Check(text, shape, component_iri(name), value_is_focus=not shape.is_property,
                            **kwargs))

    for name in VALUE_PARAMS:
        for value in shape.params.get(name, ()):
            test = conditions.value(shape, name, value, "?value")
            add(f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} FILTER(!({test})) }}",
                name)
    for value in shape.params.get("hasValue", ()):
        test = (f"NOT EXISTS {{ ?this {path} {term(value)} }}" if path
                else f"!sameTerm(?this, {term(value)})")
        add(f"SELECT ?this WHERE {{ {focus} FILTER({test}) }}", "hasValue", reports_value=False)
    for value in shape.params.get("minCount", ()):
        n = _integer(value, "minCount")
        if n == 0:
            continue
        add(f"SELECT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ "
            f"{focus} OPTIONAL {{ ?this {path} ?value }} }} GROUP BY ?this }} FILTER(?n < {n}) }}",
            "minCount", reports_value=False)
    for value in shape.params.get("maxCount", ()):
        n = _integer(value, "maxCount")
        add(f"SELECT ?this WHERE {{ {focus} ?this {path} ?value }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT ?value) > {n})", "maxCount", reports_value=False)
    from rdflib import Literal

    for value in shape.params.get("uniqueLang", ()):
        if isinstance(value, Literal) and value.value is True:
            pattern = conditions.duplicate_language("?this", path)
            add(f"SELECT DISTINCT ?this WHERE {{ {focus} {pattern} }}", "uniqueLang",
                reports_value=False)
    for constraint in sorted(shape.params.get("sparql", ()), key=lambda n: n.n3()):
        check = _sparql_check(shapes, shape, constraint, focus, path)
        if check is not None:
            checks.append(check)
    for child in shape.properties:
        child_shape = shapes.shape(child)
        child_focus = focus if path is None else (
            f"{{ SELECT DISTINCT ?this WHERE {{ {{ SELECT (?this AS ?_f{depth}) WHERE {{ "
            f"{focus} }} }} ?_f{depth} {path} ?this }} }}")
        _shape_checks(shapes, conditions, child_shape, child_focus, checks, depth + 1)


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_SELECT = re.compile(r"\bSELECT\s+((?:DISTINCT|REDUCED)\s+)?", re.I)


def _sparql_check(shapes: ShapesGraph, shape: Shape, constraint, focus: str,
                  path: str | None) -> Check | None:
    """A SPARQL-based constraint (SHACL 5.3) with its focus nodes joined in at the top."""
    from rdflib import Literal

    deactivated = shapes.value(constraint, "deactivated")
    if isinstance(deactivated, Literal) and deactivated.value is True:
        return None
    selects = shapes.objects(constraint, "select")
    if len(selects) != 1 or shapes.objects(constraint, "ask"):
        raise Unsupported(f"the SPARQL constraint {constraint.n3()} has no single sh:select")
    text = str(selects[0])
    for name in ("currentShape", "shapesGraph"):
        if re.search(rf"\${name}\b", text):
            raise Unsupported(f"${name} in a SPARQL constraint")
    if re.search(r"\$PATH\b", text):
        if path is None:
            raise Unsupported("$PATH in the SPARQL constraint of a node shape")
        text = re.sub(r"\$PATH\b", lambda _: path, text)
    text = re.sub(r"\$this\b", "?this", text)
    if re.search(r"\b(SERVICE|GRAPH)\b", text, re.I) and re.search(r"\bSERVICE\b", text, re.I):
        raise Unsupported("SERVICE in a SPARQL constraint")
    where = _WHERE.search(text)
    select = _SELECT.search(text)
    if where is None or select is None or select.start() > where.start():
        raise Unsupported(f"the SPARQL constraint {constraint.n3()} (not a plain SELECT WHERE)")
    projection = text[select.end():where.start()]
    injected = "{ " + focus + " } "
    text = text[:where.end()] + injected + text[where.end():]
    if "*" not in projection and not re.search(r"\?this\b", projection):
        text = text[:select.end()] + "?this " + text[select.end():]
    prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in shapes.prefixes(constraint).items())
    return Check(prefixes + text, shape, component_iri("sparql"),
                 value_is_focus=not shape.is_property, constraint=constraint,
                 messages=shapes.objects(constraint, "message"))
