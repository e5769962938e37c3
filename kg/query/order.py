"""ORDER BY as a total order: values of different kinds are sorted in groups, never compared.

pyoxigraph 0.5.13 can abort the whole process (a Rust panic in its sort: "comparison function
does not correctly implement a total order") when an ``ORDER BY`` variable holds IRIs, numbers,
dates and strings together: its comparison across those kinds is not a total order, and an
abort cannot be caught. SPARQL orders unbound < blank node < IRI < literal and leaves literals
of unrelated types unordered (SPARQL 1.1, 15.1), so before each plain variable condition
(``?x``, ``ASC(?x)``, ``DESC(?x)``) kg puts a key that sorts by those kinds and by the family of
a literal (numbers, dates and times, strings, anything else). The engine then compares values
only within a family, and every order SPARQL defines is kept: numbers by value, dates by date,
strings by text, as before.
"""

from __future__ import annotations

from collections.abc import Callable

from .text import Token, closing_index, tokens

_XSD = "http://www.w3.org/2001/XMLSchema#"
_TEMPORAL = ", ".join(f"<{_XSD}{t}>" for t in (
    "date", "dateTime", "dateTimeStamp", "time", "gYear", "gYearMonth", "gMonth", "gMonthDay",
    "gDay", "duration", "dayTimeDuration", "yearMonthDuration"))


def family_key(var: str) -> str:
    """A SPARQL expression ordering ``var``'s values by kind: unbound, blank node, IRI, number,
    date or time, string, other literal (0 to 6)."""
    return (f"IF(!BOUND({var}), 0, IF(isBlank({var}), 1, IF(isIRI({var}), 2, "
            f"IF(isNumeric({var}), 3, IF(DATATYPE({var}) IN ({_TEMPORAL}), 4, "
            f"IF(LANG({var}) != \"\" || DATATYPE({var}) = <{_XSD}string>, 5, 6))))))")


def _skip_brackets(toks: list[Token], at: int) -> int:
    """The index just after the bracketed group that opens at ``toks[at]`` (a ``(``)."""
    end = closing_index(toks, at, "()")
    return len(toks) if end is None else end + 1


def total_order(text: str) -> str:
    """``text`` with a kind key before every plain variable in its ORDER BY clauses.

    >>> total_order("SELECT * { ?s ?p ?o } ORDER BY DESC(?o) LIMIT 3").count("DESC(IF(!BOUND(?o)")
    1
    >>> total_order("SELECT * { ?s ?p ?o } ORDER BY STR(?o)")
    'SELECT * { ?s ?p ?o } ORDER BY STR(?o)'
    """
    toks = tokens(text)
    inserts: list[tuple[int, str]] = []
    i = 0
    while i < len(toks) - 1:
        if not (toks[i].kind == "word" and toks[i].text.upper() == "ORDER"
                and toks[i + 1].kind == "word" and toks[i + 1].text.upper() == "BY"):
            i += 1
            continue
        j = i + 2
        while j < len(toks):
            tok = toks[j]
            after = toks[j + 1] if j + 1 < len(toks) else None
            if tok.kind == "var":
                inserts.append((tok.start, f"({family_key(tok.text)}) "))
                j += 1
            elif tok.kind == "word" and tok.text.upper() in ("ASC", "DESC") and after \
                    and after.text == "(":
                end = _skip_brackets(toks, j + 1)
                if end == j + 4 and toks[j + 2].kind == "var":
                    inserts.append((tok.start, f"{tok.text}({family_key(toks[j + 2].text)}) "))
                j = end
            elif tok.text == "(":
                j = _skip_brackets(toks, j)
            elif tok.kind in ("word", "pname", "iri") and after and after.text == "(" \
                    and tok.text.upper() not in ("LIMIT", "OFFSET", "VALUES"):
                j = _skip_brackets(toks, j + 1)  # a function call: its value is not a variable's
            else:
                break
        i = j
    for start, key in reversed(inserts):
        text = text[:start] + key + text[start:]
    return text


def run_in_total_order(run: Callable[[str], object], text: str,
                       misplaced: Callable[[Exception], bool]):
    """``run(text)`` with kind keys in its ORDER BY clauses. An error that ``misplaced`` says
    carries a position (a syntax error) would point into the keyed text, so the text as written
    is run instead and its own error stands."""
    ordered = total_order(text) if "order" in text.lower() else text
    if ordered != text:
        try:
            return run(ordered)
        except Exception as exc:
            if not misplaced(exc):
                raise
    return run(text)
