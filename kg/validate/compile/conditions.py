"""SHACL constraints as SPARQL expressions: a node satisfies a constraint, conforms to a shape.

Every atomic test is wrapped in ``COALESCE(..., false)``: a SPARQL error (comparing a date with an
IRI) means the value fails, as it does in pySHACL. A literal's datatype test asks pySHACL's own
question (rdflib's ``ill_typed`` and the Python type of its value) through a custom function
(:data:`WELL_TYPED`), since the store keeps an ill-typed literal as text.
"""

from __future__ import annotations

from itertools import count

from .paths import iri, sparql_path, term
from .shapes import SH, Shape, ShapesGraph, Unsupported

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: The custom function that tells whether a literal is well typed, as pySHACL judges it.
WELL_TYPED = "urn:kg-validate:wellTyped"
#: The store's graph that holds the ontology during a run (pySHACL mixes it into the data).
INSTANCE_OF = f"<{RDF}type>/<{RDFS}subClassOf>*"

#: Parameters tested on each value node, one at a time (the rest look at all values at once).
VALUE_PARAMS = ("class", "datatype", "nodeKind", "minExclusive", "minInclusive", "maxExclusive",
                "maxInclusive", "minLength", "maxLength", "pattern", "languageIn", "not", "and",
                "or", "xone", "node", "in")
_NODE_KINDS = {"IRI": "isIRI({v})", "BlankNode": "isBlank({v})", "Literal": "isLiteral({v})",
               "BlankNodeOrIRI": "!isLiteral({v})", "BlankNodeOrLiteral": "!isIRI({v})",
               "IRIOrLiteral": "!isBlank({v})"}
_RANGES = {"minExclusive": ">", "minInclusive": ">=", "maxExclusive": "<", "maxInclusive": "<="}


_NUMERIC = frozenset(("integer", "decimal", "float", "double"))


def _checks_lexical_form(datatype: str) -> bool:
    """Does pySHACL find some literals of ``datatype`` ill-typed? Only where rdflib has a
    converter for it (it takes "1920-13"^^xsd:gYearMonth as well typed)."""
    from rdflib import URIRef
    from rdflib.term import _toPythonMapping

    return datatype != XSD + "string" and _toPythonMapping.get(URIRef(datatype)) is not None


def _safe(expression: str) -> str:
    return f"COALESCE({expression}, false)"


def _integer(value, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Unsupported(f"sh:{name} {value!r} is not an integer") from None
    if number < 0:
        raise Unsupported(f"sh:{name} {number} is negative")
    return number


class Conditions:
    """Writes constraints and whole shapes as SPARQL expressions over a variable."""

    def __init__(self, shapes: ShapesGraph):
        self.shapes = shapes
        self._names = count()
        self._stack: list = []

    def fresh(self) -> str:
        return f"?_v{next(self._names)}"

    # -- one constraint on one value node ----------------------------------------------------

    def value(self, shape: Shape, name: str, value, v: str) -> str:
        """The SPARQL expression: the value node ``v`` satisfies ``name value`` of ``shape``."""
        from rdflib import Literal, URIRef

        if name == "class":
            if not isinstance(value, URIRef):
                raise Unsupported("sh:class with a value that is not an IRI")
            return f"EXISTS {{ {v} {INSTANCE_OF} {iri(str(value))} }}"
        if name == "datatype":
            return self._datatype(value, v)
        if name == "nodeKind":
            kind = str(value).removeprefix(SH)
            if kind not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {value}")
            return _NODE_KINDS[kind].format(v=v)
        if name in _RANGES:
            if not isinstance(value, Literal):
                raise Unsupported(f"sh:{name} with a value that is not a literal")
            return _safe(f"{v} {_RANGES[name]} {term(value)}")
        if name in ("minLength", "maxLength"):
            op = ">=" if name == "minLength" else "<="
            return _safe(f"!isBlank({v}) && STRLEN(STR({v})) {op} {_integer(value, name)}")
        if name == "pattern":
            flags = shape.params.get("flags", [])
            flag_text = ", " + term(Literal(str(flags[0]))) if flags else ""
            return _safe(f"!isBlank({v}) && REGEX(STR({v}), {term(Literal(str(value)))}"
                         f"{flag_text})")
        if name == "languageIn":
            tags = self.shapes.items(value)
            tests = " || ".join(f"LANGMATCHES(LANG({v}), {term(Literal(str(t)))})" for t in tags)
            return _safe(f"isLiteral({v}) && ({tests or 'false'})")
        if name == "in":
            members = self.shapes.items(value)
            return "(" + (" || ".join(f"sameTerm({v}, {term(m)})" for m in members)
                          or "false") + ")"
        if name == "not":
            return f"!({self.conforms(value, v)})"
        if name in ("and", "or"):
            members = [self.conforms(m, v) for m in self.shapes.items(value)]
            joiner = " && " if name == "and" else " || "
            return "(" + (joiner.join(members) or ("true" if name == "and" else "false")) + ")"
        if name == "xone":
            members = [f"IF({self.conforms(m, v)}, 1, 0)" for m in self.shapes.items(value)]
            return "((" + (" + ".join(members) or "0") + ") = 1)"
        if name == "node":
            return self.conforms(value, v)
        raise Unsupported(f"sh:{name}")

    def _datatype(self, datatype, v: str) -> str:
        from rdflib import URIRef

        if not isinstance(datatype, URIRef):
            raise Unsupported("sh:datatype with a value that is not an IRI")
        name = str(datatype)
        if name == RDF + "langString":
            return _safe(f'isLiteral({v}) && LANG({v}) != ""')
        if name == RDFS + "Literal":
            return f"isLiteral({v})"
        if name == RDFS + "Datatype":
            return _safe(f'isLiteral({v}) && LANG({v}) = "" && DATATYPE({v}) != <{XSD}string>')
        test = f"isLiteral({v}) && DATATYPE({v}) = {iri(name)}"
        if _checks_lexical_form(name):
            # the store parsed a valid number to its value: only the others go to Python
            fast = f"isNumeric({v}) || " if name.removeprefix(XSD) in _NUMERIC else ""
            test += f" && ({fast}<{WELL_TYPED}>({v}))"
        return _safe(test)

    # -- a whole shape on one node ---------------------------------------------------------

    def conforms(self, shape_node, x: str) -> str:
        """The SPARQL expression: the node ``x`` conforms to the shape ``shape_node``."""
        if shape_node in self._stack:
            raise Unsupported(f"the recursive shape {shape_node.n3()}")
        shape = self.shapes.shape(shape_node)
        if shape.deactivated:
            return "true"
        self._stack.append(shape_node)
        try:
            parts = self._shape_parts(shape, x)
        finally:
            self._stack.pop()
        return "(" + (" && ".join(parts) or "true") + ")"

    def _shape_parts(self, shape: Shape, x: str) -> list[str]:
        from rdflib import Literal

        if "sparql" in shape.params:
            raise Unsupported(f"sh:sparql in the shape {shape.node.n3()}, used inside another")
        parts = []
        if shape.is_property:
            path = sparql_path(self.shapes, shape.path)
            v = self.fresh()
            tests = [self.value(shape, name, value, v) for name in VALUE_PARAMS
                     for value in shape.params.get(name, ())]
            tests += [self.conforms(q, v) for q in shape.properties]
            if tests:
                parts.append(f"NOT EXISTS {{ {x} {path} {v} FILTER(!({' && '.join(tests)})) }}")
            for value in shape.params.get("minCount", ()):
                parts.append(self.at_least(x, path, _integer(value, "minCount")))
            for value in shape.params.get("maxCount", ()):
                parts.append("!" + self.at_least(x, path, _integer(value, "maxCount") + 1))
            for value in shape.params.get("hasValue", ()):
                parts.append(f"EXISTS {{ {x} {path} {term(value)} }}")
            for value in shape.params.get("uniqueLang", ()):
                if isinstance(value, Literal) and value.value is True:
                    parts.append(f"NOT EXISTS {{ {self.duplicate_language(x, path)} }}")
            parts += self._pairs(shape, x, path)
        else:
            for name in VALUE_PARAMS:
                for value in shape.params.get(name, ()):
                    parts.append(self.value(shape, name, value, x))
            for value in shape.params.get("hasValue", ()):
                parts.append(f"sameTerm({x}, {term(value)})")
            parts += self._pairs(shape, x, None)
            for name in ("minCount", "maxCount", "uniqueLang"):
                if name in shape.params:
                    raise Unsupported(f"sh:{name} on the node shape {shape.node.n3()}")
            parts += [self.conforms(q, x) for q in shape.properties]
        return parts

    def _pairs(self, shape: Shape, x: str, path: str | None) -> list[str]:
        """sh:equals, sh:disjoint and sh:closed as expressions over the focus node ``x``."""
        parts = []
        for other in shape.params.get("equals", ()):
            a, b = self.fresh(), self.fresh()
            q = iri(str(other))
            if path is None:
                parts.append(f"(EXISTS {{ {x} {q} {x} }} && NOT EXISTS {{ {x} {q} {b} "
                             f"FILTER(!sameTerm({b}, {x})) }})")
            else:
                parts.append(f"(NOT EXISTS {{ {x} {path} {a} FILTER NOT EXISTS {{ {x} {q} {a} }} }}"
                             f" && NOT EXISTS {{ {x} {q} {b} FILTER NOT EXISTS {{ {x} {path} {b} "
                             f"}} }})")
        for other in shape.params.get("disjoint", ()):
            a = self.fresh()
            q = iri(str(other))
            parts.append(f"NOT EXISTS {{ {x} {q} {x} }}" if path is None
                         else f"NOT EXISTS {{ {x} {path} {a} . {x} {q} {a} }}")
        if self.is_closed(shape):
            v, p, o = self.fresh(), self.fresh(), self.fresh()
            values = f"{x} {path} {v} ." if path else f"BIND({x} AS {v})"
            test = self.not_allowed(shape, p, o)
            parts.append(f"NOT EXISTS {{ {values} {v} {p} {o} FILTER({test}) }}")
        return parts

    def is_closed(self, shape: Shape) -> bool:
        from rdflib import Literal

        closed = shape.params.get("closed", [])
        return bool(closed) and isinstance(closed[0], Literal) and bool(closed[0].value)

    def not_allowed(self, shape: Shape, p: str, o: str) -> str:
        """The SPARQL expression: ``p`` (with object ``o``) is not allowed by a closed shape."""
        from rdflib import URIRef

        allowed = [self.shapes.shape(q).path for q in shape.properties]
        for head in shape.params.get("ignoredProperties", ()):
            allowed += self.shapes.items(head)
        names = sorted({iri(str(a)) for a in allowed if isinstance(a, URIRef)})
        test = f"{p} NOT IN ({', '.join(names)})" if names else "true"
        return (f"{test} && !(sameTerm({p}, <{RDF}type>) && sameTerm({o}, <{RDFS}Resource>))")

    def at_least(self, x: str, path: str, n: int) -> str:
        """The SPARQL expression: ``x`` has at least ``n`` distinct values at ``path``."""
        if n == 0:
            return "true"
        if n > 6:
            raise Unsupported(f"a count of {n} inside sh:or, sh:not, sh:node...")
        names = [self.fresh() for _ in range(n)]
        pattern = " . ".join(f"{x} {path} {name}" for name in names)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(names)
                               for b in names[i + 1:])
        return f"EXISTS {{ {pattern} {f'FILTER({distinct})' if distinct else ''} }}"

    def duplicate_language(self, x: str, path: str) -> str:
        """A pattern that matches when two values of ``x`` at ``path`` share a language tag."""
        a, b = self.fresh(), self.fresh()
        return (f"{x} {path} {a} . {x} {path} {b} . FILTER(!sameTerm({a}, {b}) && "
                f'LANG({a}) != "" && LCASE(LANG({a})) = LCASE(LANG({b}))) '
                f"BIND(LCASE(LANG({a})) AS ?_lang)")
