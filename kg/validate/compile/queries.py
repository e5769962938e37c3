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
    "node": "Node", "hasValue": "HasValue", "in": "In", "sparql": "SPARQL", "equals": "Equals",
    "disjoint": "Disjoint", "closed": "Closed",
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
    #: a SELECT of the focus nodes when ``text`` runs once per focus node, ``$this`` bound
    focus: str | None = None
    #: more variables that tell results apart: the focus nodes of enclosing property shapes
    #: (pySHACL checks a value node once per focus node that has it), a language tag
    keys: tuple[str, ...] = ()
    path_in_row: bool = False  # the result path is the row's ?path (sh:closed)


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
        _shape_checks(shapes, conditions, shape, focus, checks, depth=0, parents=())
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
                  checks: list[Check], depth: int, parents: tuple[str, ...]) -> None:
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
        kwargs.setdefault("keys", parents)
        checks.append(Check(text, shape, component_iri(name), value_is_focus=not shape.is_property,
                            **kwargs))

    group = " ".join(("?this", *parents))
    for name in VALUE_PARAMS:
        for value in shape.params.get(name, ()):
            test = conditions.value(shape, name, value, "?value")
            add(f"SELECT DISTINCT {group} ?value WHERE {{ {focus} {values} FILTER(!({test})) }}",
                name)
    for value in shape.params.get("hasValue", ()):
        test = (f"NOT EXISTS {{ ?this {path} {term(value)} }}" if path
                else f"!sameTerm(?this, {term(value)})")
        add(f"SELECT {group} WHERE {{ {focus} FILTER({test}) }}", "hasValue",
            reports_value=False)
    for value in shape.params.get("minCount", ()):
        n = _integer(value, "minCount")
        if n == 0:
            continue
        if n == 1:  # no counting: a lookup per focus node
            add(f"SELECT {group} WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?value }} }}",
                "minCount", reports_value=False)
            continue
        add(f"SELECT {group} WHERE {{ {{ SELECT {group} (COUNT(DISTINCT ?value) AS ?n) WHERE {{ "
            f"{focus} OPTIONAL {{ ?this {path} ?value }} }} GROUP BY {group} }} "
            f"FILTER(?n < {n}) }}", "minCount", reports_value=False)
    for value in shape.params.get("maxCount", ()):
        n = _integer(value, "maxCount")
        if n <= 1:  # no grouping: two different values (one for 0)
            pair = (f"?this {path} ?value . ?this {path} ?_other . FILTER(!sameTerm(?value, "
                    f"?_other))" if n else f"?this {path} ?value .")
            add(f"SELECT DISTINCT {group} WHERE {{ {focus} {pair} }}", "maxCount",
                reports_value=False)
            continue
        add(f"SELECT {group} WHERE {{ {focus} ?this {path} ?value }} GROUP BY {group} "
            f"HAVING (COUNT(DISTINCT ?value) > {n})", "maxCount", reports_value=False)
    from rdflib import Literal

    for value in shape.params.get("uniqueLang", ()):
        if isinstance(value, Literal) and value.value is True:
            # pySHACL: one result per language tag (lower-cased) given twice
            pattern = conditions.duplicate_language("?this", path)
            add(f"SELECT DISTINCT {group} ?_lang WHERE {{ {focus} {pattern} }}", "uniqueLang",
                reports_value=False, keys=(*parents, "?_lang"))
    for other in shape.params.get("equals", ()):
        q = iri(str(other))
        # each side of the UNION joins the focus nodes itself: a branch sees no outer binding
        missing = (f"{{ {focus} {values} FILTER NOT EXISTS {{ ?this {q} ?value }} }} UNION "
                   f"{{ {focus} ?this {q} ?value FILTER NOT EXISTS {{ ?this {path} ?value }} }}"
                   if path else
                   f"{{ {focus} FILTER NOT EXISTS {{ ?this {q} ?this }} BIND(?this AS ?value) }} "
                   f"UNION {{ {focus} ?this {q} ?value FILTER(!sameTerm(?value, ?this)) }}")
        add(f"SELECT DISTINCT {group} ?value WHERE {{ {missing} }}", "equals")
    for other in shape.params.get("disjoint", ()):
        add(f"SELECT DISTINCT {group} ?value WHERE {{ {focus} {values} ?this {iri(str(other))} "
            f"?value }}", "disjoint")
    if conditions.is_closed(shape):
        test = conditions.not_allowed(shape, "?path", "?value")
        node = f"?this {path} ?_node ." if path else "BIND(?this AS ?_node)"
        add(f"SELECT DISTINCT {group} ?_node ?path ?value WHERE {{ {focus} {node} "
            f"?_node ?path ?value FILTER({test}) }}", "closed", keys=(*parents, "?_node"),
            path_in_row=True)
    for constraint in sorted(shape.params.get("sparql", ()), key=lambda n: n.n3()):
        check = _sparql_check(shapes, shape, constraint, focus, path)
        if check is not None:
            check.keys = parents
            checks.append(check)
    for child in shape.properties:
        child_shape = shapes.shape(child)
        if path is None:  # a node shape's property shapes: the same focus nodes
            _shape_checks(shapes, conditions, child_shape, focus, checks, depth + 1, parents)
            continue
        # a property shape's property shapes: its value nodes, once per focus node that has it
        parent = f"?_f{depth}"
        outer = " ".join(parents)
        child_focus = (f"{{ SELECT DISTINCT ?this {parent} {outer} WHERE {{ {{ SELECT "
                       f"(?this AS {parent}) {outer} WHERE {{ {focus} }} }} "
                       f"{parent} {path} ?this }} }}")
        _shape_checks(shapes, conditions, child_shape, child_focus, checks, depth + 1,
                      (*parents, parent))


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
    # what SHACL 5.3.1 forbids beside pre-bound variables: the reference refuses it
    if re.search(r"\b(MINUS|VALUES|SERVICE)\b", text, re.I) or re.search(
            r"\bAS\s+\?this\b", text, re.I):
        raise Unsupported(f"MINUS, VALUES, SERVICE or AS ?this in {constraint.n3()}")
    prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in shapes.prefixes(constraint).items())
    messages = shapes.objects(constraint, "message")
    if _needs_binding(text):  # $this in a group of its own: bind it, one focus node at a time
        for select in list(re.finditer(r"\bSELECT\b(.*?)\bWHERE\b", text, re.I | re.S))[1:]:
            if not re.search(r"\?this\b", select.group(1)):
                raise Unsupported(f"a sub-select that does not project $this in "
                                  f"{constraint.n3()}")
        # pyoxigraph binds $this in every group, but bound($this) stays false inside them
        text = re.sub(r"\bbound\s*\(\s*\?this\s*\)", "(true)", text, flags=re.I)
        return Check(prefixes + text, shape, component_iri("sparql"),
                     value_is_focus=not shape.is_property, constraint=constraint,
                     messages=messages, focus=f"SELECT ?this WHERE {focus}")
    where = _WHERE.search(text)
    select = _SELECT.search(text)
    if where is None or select is None or select.start() > where.start():
        raise Unsupported(f"the SPARQL constraint {constraint.n3()} (not a plain SELECT WHERE)")
    projection = text[select.end():where.start()]
    injected = "{ " + focus + " } "
    text = text[:where.end()] + injected + text[where.end():]
    if "*" not in projection and not re.search(r"\?this\b", projection):
        text = text[:select.end()] + "?this " + text[select.end():]
    return Check(prefixes + text, shape, component_iri("sparql"),
                 value_is_focus=not shape.is_property, constraint=constraint, messages=messages)


_OPENING = re.compile(r"(\S+)\s*\{")
_IRIS = re.compile(r"<[^\s<>\"{}|^`\\]*>")
_STRINGS = re.compile(r'"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                      r"'(?:[^'\\\n]|\\.)*'", re.S)


def _needs_binding(text: str) -> bool:
    """True when joining the focus nodes in at the top is not the same as pre-binding ``$this``:
    a sub-select, or a group of its own (``{ ... }`` after ``{``, ``}`` or ``UNION``) that could
    read ``$this`` before anything binds it. Groups after OPTIONAL, EXISTS, GRAPH see it bound."""
    text = _STRINGS.sub('""', _IRIS.sub("<>", text))
    text = re.sub(r"#[^\n]*", "", text)  # comments (IRIs and strings, which may hold #, are gone)
    where = _WHERE.search(text)
    body = "{ " + (text[where.end():] if where else text)
    if re.search(r"\bSELECT\b", body, re.I):
        return True
    for match in _OPENING.finditer(body):
        if match.group(1).upper() not in ("OPTIONAL", "EXISTS", "GRAPH") and not \
                match.group(1).startswith(("?", "$", "<")):
            return True
    return False
