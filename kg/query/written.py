"""Show literals in SELECT results as the data wrote them, where that is certain.

The engine holds ``"01"^^xsd:integer`` as ``"1"`` (see :mod:`kg.store.lexical`), so a query
returns ``"1"``. A result value is given back as written only when both of these hold:

- its variable can only take stored terms: it is never the target of ``AS`` (``BIND``, a
  projected expression, an aggregate), never listed in ``VALUES``, and not a ``-p`` parameter;
  a ``COUNT`` of 1 must stay ``1`` even when the data writes ``"01"``;
- the value has exactly one written form in the data, and no statement writes the canonical
  form itself (``"01"`` and ``"1"`` both stated: the engine merged them, the row cannot say
  which one it came from, so it stays ``"1"``).

Anything else is left as the engine gives it; the command's note on stderr says what the engine
holds in canonical form.
"""

from __future__ import annotations

import pyoxigraph as ox

from .text import tokens


def assigned_variables(text: str) -> set[str]:
    """Variables a query gives values of its own: targets of ``AS`` and ``VALUES`` variables.

    >>> sorted(assigned_variables("SELECT ?s (COUNT(*) AS ?n) { ?s ?p ?o "
    ...                           "BIND(1 AS $b) VALUES (?v ?w) { (1 2) } VALUES ?x { 3 } }"))
    ['b', 'n', 'v', 'w', 'x']
    """
    toks = tokens(text)
    found: set[str] = set()
    for i, tok in enumerate(toks):
        if tok.kind != "word":
            continue
        keyword = tok.text.upper()
        if keyword == "AS" and i + 1 < len(toks) and toks[i + 1].kind == "var":
            found.add(toks[i + 1].text[1:])
        elif keyword == "VALUES":
            j = i + 1
            if j < len(toks) and toks[j].kind == "var":
                found.add(toks[j].text[1:])
            elif j < len(toks) and toks[j].text == "(":
                j += 1
                while j < len(toks) and toks[j].kind == "var":
                    found.add(toks[j].text[1:])
                    j += 1
    return found


def written_forms(store) -> dict[ox.Literal, ox.Literal]:
    """Canonical literal -> its one written form, for the values that have exactly one and whose
    canonical form no statement writes (an empty dict when the engine rewrote nothing)."""
    lexical = store.lexical
    if not lexical.changed:
        return {}
    forms: dict[ox.Literal, set[ox.Literal]] = {}
    for written, canonical in lexical.changed.items():
        forms.setdefault(canonical, set()).add(written)
    engine = store.engine
    unstated = lexical.unstated
    out = {}
    for canonical, written in forms.items():
        if len(written) != 1:
            continue
        # a stored statement with the canonical form that is not one the engine made up
        if any(q not in unstated for q in engine.quads_for_pattern(None, None, canonical)):
            continue
        out[canonical] = next(iter(written))
    return out


def restore_rows(variables: list[str], rows: list[tuple], store, text: str,
                 parameters=()) -> list[tuple]:
    """``rows`` with each certain value of a stored-term variable as written (see above)."""
    forms = written_forms(store)
    if not forms:
        return rows
    fixed = set(assigned_variables(text)) | set(parameters)
    columns = [i for i, name in enumerate(variables) if name not in fixed]
    if not columns:
        return rows
    get = forms.get
    out = []
    for row in rows:
        if any(type(row[i]) is ox.Literal and row[i] in forms for i in columns):
            values = list(row)
            for i in columns:
                value = values[i]
                if type(value) is ox.Literal:
                    values[i] = get(value, value)
            row = tuple(values)
        out.append(row)
    return out
