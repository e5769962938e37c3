"""Values for people: figures as the source gives them and dates at their own precision.

A figure node keeps its form (exact, range, lower bound, unknown); these functions say it the way
the article does ("50,000–70,000 troops", "at least 938 killed", "unknown"), never as a bare 0.
Dates keep their precision: an ``xsd:gYear`` reads "1918", never "1 January 1918".
"""

from __future__ import annotations

import pyoxigraph as ox

from .. import namespaces as ns

XSD = "http://www.w3.org/2001/XMLSchema#"
KG = ns.ONTOLOGY
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_NUMERIC = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                              "positiveInteger", "decimal")}


def date_text(lexical: str, datatype: str) -> str | None:
    """A date at its precision, or None when it is not a date the source could give.

    >>> date_text("1918-01-12", XSD + "date")
    '12 January 1918'
    >>> date_text("1920-09", XSD + "gYearMonth")
    'September 1920'
    >>> date_text("1919", XSD + "gYear")
    '1919'
    """
    try:
        if datatype == XSD + "gYear":
            return str(int(lexical[:4])) if len(lexical) >= 4 else None
        if datatype == XSD + "gYearMonth":
            year, month = lexical[:7].split("-")
            return f"{MONTHS[int(month) - 1]} {int(year)}"
        if datatype == XSD + "date":
            year, month, day = lexical[:10].split("-")
            return f"{int(day)} {MONTHS[int(month) - 1]} {int(year)}"
    except (ValueError, IndexError):
        return None
    return None


def precision(datatype: str) -> str | None:
    """``year``, ``month`` or ``day`` for the three date datatypes."""
    return {XSD + "gYear": "year", XSD + "gYearMonth": "month", XSD + "date": "day"}.get(datatype)


def number_text(lexical: str) -> str:
    """Thousands separated as the article writes them.

    >>> number_text("50000"), number_text("938"), number_text("2.5")
    ('50,000', '938', '2.5')
    """
    try:
        return f"{int(lexical):,}"
    except ValueError:
        return lexical


def literal_text(term: ox.Literal) -> str:
    """A literal for reading: dates at their precision, integers with separators, else its text."""
    datatype = term.datatype.value
    as_date = date_text(term.value, datatype)
    if as_date is not None:
        return as_date
    if datatype in _NUMERIC:
        return number_text(term.value)
    return term.value


def figure_text(props: dict[str, list], names: dict[str, str]) -> str | None:
    """The figure a fact node states, in words, or None when the node is not a figure.

    ``props`` maps the node's property IRIs to their values; ``names`` gives labels (units,
    kinds of loss).

    >>> n = {KG + "Troops": "troops", KG + "Killed": "killed"}
    >>> figure_text({KG + "quantityForm": [ox.NamedNode(KG + "Range")],
    ...              KG + "lowerBound": [ox.Literal("50000")],
    ...              KG + "upperBound": [ox.Literal("70000")],
    ...              KG + "unit": [ox.NamedNode(KG + "Troops")]}, n)
    '50,000–70,000 troops'
    >>> figure_text({KG + "quantityForm": [ox.NamedNode(KG + "LowerBound")],
    ...              KG + "lowerBound": [ox.Literal("938")],
    ...              KG + "lossKind": [ox.NamedNode(KG + "Killed")]}, n)
    'at least 938 killed'
    >>> figure_text({KG + "quantityForm": [ox.NamedNode(KG + "UnknownQuantity")],
    ...              KG + "unit": [ox.NamedNode(KG + "Troops")]}, n)
    'troops: unknown'
    """
    form = _first(props, "quantityForm")
    if form is None:
        return None
    kind = _first(props, "lossKind")
    unit = _first(props, "unit")
    kind_name = names.get(kind.value, "") if kind is not None else ""
    unit_name = names.get(unit.value, "") if unit is not None else ""
    noun = kind_name or unit_name
    if kind_name and unit_name and unit.value != KG + "People":
        noun = f"{unit_name} ({kind_name})"  # "1 landing craft (captured materiel)"
    value, low, high = (_first(props, k) for k in ("value", "lowerBound", "upperBound"))
    local = form.value.rsplit("#", 1)[-1]
    if local == "UnknownQuantity":
        return f"{noun}: unknown" if noun else "unknown"
    if local == "Range" and low is not None and high is not None:
        number = f"{number_text(low.value)}\u2013{number_text(high.value)}"
    elif local == "LowerBound" and low is not None:
        number = f"at least {number_text(low.value)}"
    elif value is not None:
        number = number_text(value.value)
    else:
        return f"{noun}: unknown" if noun else "unknown"
    return f"{number} {noun}".strip()


def _first(props: dict[str, list], local: str):
    values = props.get(KG + local) or []
    return values[0] if values else None
